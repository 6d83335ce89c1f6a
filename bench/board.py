"""Benchmark: the decision board of a 3,000-person committee in a monthly cycle, on PostgreSQL
(see bench/README.md, "Decision board").

    python bench/board.py [--people 3000] [--repeat 20] [--opened 200] [--fresh]

Uses the database ``BENCH_DB`` (default ``pbms_bench_board``) on ``BENCH_SERVER_URL`` (default
postgres://postgres@127.0.0.1:5432): creates and migrates it when missing (``--fresh``: drops it first)
and loads ``demo_province --size province --seed 1`` (100,000 members, about a minute) when it has no tree.
Then, once per database: opens the monthly cycle 11/2025 (``cycle_open``) and writes the board of the
committee with the most members: ``--people`` results (members of its cells first, then the nearest
others) decided by it, in every state, one in a hundred disciplined, plus its cells as collectives. On
every run, inside transactions rolled back: ``result_open`` on ``--opened`` people (one subject at a time)
and ``cycle_open`` + ``cycle_populate`` of the monthly cycle 10/2025 (the whole province at once).

Measures, ``--repeat`` times each after a warm-up: the selector (``board.unit_board``) for the first page
and for the whole board (what the Excel and Word files read), the first page and a middle page (GETs of the
board through the test client: middleware, session, selector and template), the live quota meter (a POST
with one level chosen), and hand-written SQL returning the same rows in the same order (one page; the
whole board). Prints the query counts, the HTML sizes, p50/p95 and the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_DB", "pbms_bench_board")
POPULATION_ON = dt.date(2025, 11, 30)

HAND_SQL = """
SELECT r.id, r.state, r."group", r.self_level, r.proposed_level, r.decided_level, r.points,
       r.not_ranked_reason, p.family_name, p.middle_name, p.given_name, pl.name
FROM evaluations_result r
LEFT JOIN people_person p ON p.id = r.person_id
LEFT JOIN orgs_placement pl ON pl.org_id = r.org_id AND pl.valid_from <= %(day)s
     AND (pl.valid_to IS NULL OR pl.valid_to > %(day)s)
WHERE r.cycle_id = %(cycle)s AND (r.unit_id = %(unit)s OR r.decider_org_id = %(unit)s)
ORDER BY r.person_id IS NOT NULL, r.org_id IS DISTINCT FROM %(unit)s, pl.name COLLATE "vi-x-icu",
         p.given_name COLLATE "vi-x-icu", p.family_name COLLATE "vi-x-icu", p.middle_name COLLATE "vi-x-icu", r.id
"""
PAGE_SQL = HAND_SQL + "LIMIT %(size)s OFFSET 0"


class RollbackError(Exception):
    pass


def database(fresh: bool) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB}"')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--opened", type=int, default=200)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()

    database(args.fresh)
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbms.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings

    # the page renders {% static %}: without collectstatic's manifest, plain URLs
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pbms.accounts.models import Assignment, Role, Scope, User
    from pbms.evaluations import services
    from pbms.evaluations.board import unit_board
    from pbms.evaluations.models import Cycle, CycleKind, Discipline, Level, RatedBody, Result, ResultState
    from pbms.orgs.models import Placement
    from pbms.people.models import CellMembership, Person
    from pbms.people.selectors import held_on

    call_command("migrate", "--noinput", verbosity=0)
    if not Placement.objects.exists():
        print("== Nạp demo_province --size province --seed 1 ==", flush=True)
        call_command("demo_province", "--size", "province", "--seed", "1", verbosity=0)

    admin, _ = User.objects.get_or_create(
        username="bench_board_admin", defaults={"full_name": "Đo hiệu năng", "is_superuser": True, "is_staff": True}
    )
    cells = CellMembership.objects.filter(held_on(POPULATION_ON))
    placements = Placement.objects.as_of(POPULATION_ON)
    cycle = Cycle.objects.filter(year=2025, kind=CycleKind.MONTH, period=11).first()
    if cycle is None:
        started = time.perf_counter()
        cycle = services.cycle_open(
            actor=admin, year=2025, kind=CycleKind.MONTH, period=11, population_on=POPULATION_ON
        )
        print(f"cycle_open: {(time.perf_counter() - started) * 1000:.1f} ms (một dòng Cycle)")
    if not Result.objects.filter(cycle=cycle).exists():
        # the committee with the most members in its cells
        top = cells.values("cell_id").annotate(n=Count("id")).order_by().values_list("cell_id", "n")
        parents = dict(placements.values_list("org_id", "parent_id"))
        sizes: dict[int, int] = {}
        for cell_id, n in top:
            parent = parents.get(cell_id)
            if parent is not None:
                sizes[parent] = sizes.get(parent, 0) + n
        unit_id = max(sizes, key=lambda org_id: sizes[org_id])
        own_cells = [org_id for org_id, parent in parents.items() if parent == unit_id]
        members = list(
            cells.filter(cell_id__in=own_cells).values_list("membership__person_id", "cell_id").order_by("id")
        )
        if len(members) < args.people:
            others = cells.exclude(cell_id__in=own_cells).values_list("membership__person_id", "cell_id")
            members += list(others.order_by("id")[: args.people - len(members)])
        members = members[: args.people]
        levels = (Level.GOOD, Level.GOOD, Level.GOOD, Level.GOOD, Level.EXCELLENT, Level.COMPLETE)
        rows = []
        for index, (person_id, cell_id) in enumerate(members):
            state = (ResultState.COMMENTED, ResultState.PROPOSED, ResultState.PROPOSED, ResultState.DECIDED)[index % 4]
            level = levels[index % len(levels)]
            rows.append(
                Result(
                    cycle=cycle,
                    person_id=person_id,
                    unit_id=cell_id,
                    decider_org_id=unit_id,
                    group="member",
                    state=state,
                    self_level=level,
                    comment="Nhận xét của chi bộ",
                    proposed_level=level if state != ResultState.COMMENTED else "",
                    decided_level=level if state == ResultState.DECIDED else "",
                    decided_on=POPULATION_ON if state == ResultState.DECIDED else None,
                )
            )
        rows += [
            Result(
                cycle=cycle,
                org_id=cell_id,
                body_kind=RatedBody.ORG,
                unit_id=cell_id,
                decider_org_id=unit_id,
                group="collective",
                state=ResultState.COMMENTED,
            )
            for cell_id in sorted({cell_id for _, cell_id in members})
        ]
        Result.objects.bulk_create(rows, batch_size=2000)
        Discipline.objects.bulk_create(
            Discipline(person_id=person_id, form="reprimand", date=dt.date(2025, 3, 1), decision_ref=f"{i}-QĐ/ĐU")
            for i, (person_id, _) in enumerate(members[::100])
        )
        Assignment.objects.get_or_create(
            user=User.objects.get_or_create(username="bench_board_decider", defaults={"full_name": "Văn phòng"})[0],
            org_id=unit_id,
            role=Role.COMMITTEE_STAFF,
            defaults={"scope": Scope.ENTER},
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # result_open, the per-subject way of putting a population on its boards, timed on people without a
    # result in the cycle, inside a transaction rolled back
    times: list[float] = []
    try:
        with transaction.atomic():
            for person in Person.objects.filter(
                pk__in=cells.exclude(membership__person__ratings__cycle=cycle)
                .order_by("-id")
                .values("membership__person_id")[: args.opened]
            ):
                started = time.perf_counter()
                services.result_open(actor=admin, cycle=cycle, person=person, group="member")
                times.append((time.perf_counter() - started) * 1000)
            raise RollbackError
    except RollbackError:
        pass
    if times:
        p50 = statistics.median(times)
        print(f"result_open × {len(times)}: p50 {p50:.1f} ms/người → 100.000 người ≈ {p50 * 100:.0f} s (một luồng)")
    # the whole population in bulk (services.cycle_populate): a monthly cycle opened and filled, rolled back
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            october = services.cycle_open(
                actor=admin, year=2025, kind=CycleKind.MONTH, period=10, population_on=dt.date(2025, 10, 31)
            )
            opened = services.cycle_populate(actor=admin, cycle=october)
            seconds = time.perf_counter() - started
            print(f"cycle_open + cycle_populate: {opened} kết quả trong {seconds:.1f} s, {len(queries)} truy vấn")
            raise RollbackError
    except RollbackError:
        pass
    decider = User.objects.get(username="bench_board_decider")
    unit_id = Assignment.objects.get(user=decider).org_id
    total = Result.objects.filter(cycle=cycle).count()
    board_rows = Result.objects.filter(cycle=cycle, decider_org_id=unit_id).count()
    people = Result.objects.filter(cycle=cycle, decider_org_id=unit_id, person__isnull=False).count()
    own = Result.objects.filter(
        cycle=cycle,
        decider_org_id=unit_id,
        person__isnull=False,
        unit_id__in=placements.filter(parent_id=unit_id).values("org_id"),
    ).count()
    name = placements.filter(org_id=unit_id).values_list("name", flat=True).first()
    print(
        f"Đợt {cycle.name}: {total} kết quả; bảng của {name} ({unit_id}): {board_rows} dòng, {people} cá nhân "
        f"({own} sinh hoạt ở chi bộ trực thuộc)"
    )

    from pbms.evaluations.board import page_size

    size = page_size()
    middle = max(1, -(-board_rows // size) // 2)
    client = Client()
    client.force_login(decider)
    url = f"/danh-gia/{cycle.pk}/{unit_id}/"
    chosen = Result.objects.filter(cycle=cycle, decider_org_id=unit_id, state=ResultState.PROPOSED).first()
    assert chosen is not None

    def get(address: str) -> Callable[[], None]:
        def run() -> None:
            response = client.get(address, secure=True)
            assert response.status_code == 200, response.status_code

        return run

    def meter() -> None:
        response = client.post(f"{url}ty-le/", {f"muc-{chosen.pk}": Level.EXCELLENT}, secure=True)
        assert response.status_code == 200, response.status_code

    def selector() -> None:
        board = unit_board(actor=decider, cycle=cycle, unit_id=unit_id, page=1)
        assert len(board.rows) == min(size, board_rows)

    def whole() -> None:
        board = unit_board(actor=decider, cycle=cycle, unit_id=unit_id)
        assert len(board.rows) == board_rows

    def sql(query: str, expected: int) -> Callable[[], None]:
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(query, {"day": POPULATION_ON, "cycle": cycle.pk, "unit": unit_id, "size": size})
                assert len(cursor.fetchall()) == expected

        return run

    ways: dict[str, Callable[[], None]] = {
        "sql trang": sql(PAGE_SQL, min(size, board_rows)),
        "selector": selector,
        "trang 1": get(url),
        f"trang {middle}": get(f"{url}?trang={middle}"),
        "tỷ lệ": meter,
        "sql cả bảng": sql(HAND_SQL, board_rows),
        "selector cả bảng": whole,
    }
    for name, run in ways.items():
        with CaptureQueriesContext(connection) as queries:
            run()
        print(f"số truy vấn ({name}): {len(queries.captured_queries)}")
    for name, address in (("trang 1", url), (f"trang {middle}", f"{url}?trang={middle}")):
        print(f"{name}: {len(client.get(address, secure=True).content) / 1024:.0f} KiB HTML ({size} dòng một trang)")
    results = {name: timed(run, args.repeat) for name, run in ways.items()}
    base = {name: statistics.median(results["sql trang" if "cả bảng" not in name else "sql cả bảng"]) for name in ways}
    print(f"{'cách':<18}{'p50 ms':>10}{'p95 ms':>10}{'÷ sql':>8}")
    for name, times in results.items():
        p50 = statistics.median(times)
        print(f"{name:<18}{p50:>10.1f}{percentile(times, 0.95):>10.1f}{p50 / base[name]:>8.1f}")


if __name__ == "__main__":
    main()
