"""The resolution dashboard at scale: seed 000's twelve targets with the breakdown by children, through the
engine (what the page computes), against ONE hand-written statement (``bench/dashboard_sql.py``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB DEBUG=0 SECRET_KEY=x \
        .venv/bin/python bench/dashboard.py --scope root --scope largest-child [--repeat 5] [--day 2024-12-31]

Scopes: ``root`` (the whole tree of the database: a province, or the whole country), ``largest-child``
(the root's child with the most organisations on the date: a province-sized subtree inside the national
database). For each scope, alternately, ``--repeat`` times after one warm-up that checks both give the
same numbers:

* ``sql``: the hand-written statement;
* ``cold``: ``target_breakdowns`` of the twelve targets, as the dashboard calls it, with the figures' cache
  emptied first (one statement; the database's own buffers stay warm: cold means "not computed since the
  last write");
* ``fresh``: as ``cold``, with the targets' compiled parts dropped too (``engine._part_sql``): the first view
  in a process that has not computed these targets on this date yet;
* ``warm``: the same calls again, as a repeat view: one query for the data version, then cache reads.

``--discard`` also times one engine run and one statement run each right after ``DISCARD ALL`` (plans and
session state dropped; the server's shared buffers and the OS cache are not). ``--partitions N`` also
computes the figures as N person partitions, one after the other, and checks their sum (the parallel
version runs as background jobs: ``bench/dashboard_jobs.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbms.settings")

import django

django.setup()

from dashboard_sql import SQL  # noqa: E402 - beside this script
from django.db import connection  # noqa: E402

from pbms.accounts.models import User  # noqa: E402
from pbms.core.dataversion import version_pinned  # noqa: E402
from pbms.people.rules import latest_birth_date_for_age  # noqa: E402
from pbms.resolutions import engine  # noqa: E402
from pbms.resolutions.cache import figures_store  # noqa: E402
from pbms.resolutions.engine import Breakdown, target_breakdowns  # noqa: E402
from pbms.resolutions.models import Resolution, Target  # noqa: E402

# {target number: (total (denominator, numerator), Counter of the children's non-empty (den, num))}
Figures = dict[str, tuple[tuple[int, int], Counter[tuple[int, int]]]]


def pick_org(scope: str, day: dt.date) -> tuple[int, str, int]:
    """(org id, name, organisations in its subtree on ``day``)."""
    as_of = "valid_from <= %(day)s AND (valid_to IS NULL OR valid_to > %(day)s)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT org_id, path, name FROM orgs_placement WHERE depth = 0 AND {as_of}", {"day": day})
        root_id, root_path, root_name = cursor.fetchone()
        if scope == "root":
            cursor.execute(f"SELECT count(*) FROM orgs_placement WHERE {as_of}", {"day": day})
            return root_id, root_name, cursor.fetchone()[0]
        cursor.execute(
            f"""SELECT c.org_id, c.name, (SELECT count(*) FROM orgs_placement p
                    WHERE p.path COLLATE "C" >= c.path AND p.path COLLATE "C" < left(c.path, -1) || '0'
                      AND p.{as_of.replace("valid_to IS", "p.valid_to IS").replace("OR valid", "OR p.valid")}) AS n
                FROM orgs_placement c WHERE c.depth = 1 AND c.path LIKE %(root)s
                  AND c.{as_of.replace("valid_to IS", "c.valid_to IS").replace("OR valid", "OR c.valid")}
                ORDER BY n DESC LIMIT 1""",
            {"day": day, "root": root_path + "%"},
        )
        org_id, name, count = cursor.fetchone()
        return org_id, name, count


def sql_figures(*, org_id: int, day: dt.date, period_start: int, parts: int = 1, part: int = 0) -> Figures:
    params: dict[str, int | dt.date] = {
        "org": org_id,
        "day": day,
        "year": day.year,
        "year_start": dt.date(day.year, 1, 1),
        "period_start": dt.date(period_start, 1, 1),
        "born_after": latest_birth_date_for_age(age=40, day=day),
        "parts": parts,
        "part": part,
    }
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        rows = cursor.fetchall()
    totals: dict[str, tuple[int, int]] = {}
    children: dict[str, Counter[tuple[int, int]]] = {}
    for target, child, den, num in rows:
        key = str(target)
        if child is None:
            totals[key] = (den, num)
        elif child != "":
            children.setdefault(key, Counter())[(den, num)] += 1
    return {key: (totals[key], children.get(key, Counter())) for key in totals}


def engine_breakdowns(
    *, actor: User, targets: list[Target], org_id: int, day: dt.date, partition: tuple[int, int] | None = None
) -> dict[str, Breakdown]:
    """What the dashboard computes: every target's breakdown, the ones not kept in one statement."""
    found = target_breakdowns(actor=actor, targets=targets, day=day, org_id=org_id, partition=partition)
    return {t.number: found[t.pk] for t in targets}


def engine_figures(breakdowns: dict[str, Breakdown]) -> Figures:
    result: Figures = {}
    for number, b in breakdowns.items():
        kids: Counter[tuple[int, int]] = Counter(
            (r.denominator, r.numerator or 0) for r in b.rows if r.denominator or r.numerator
        )
        result[number] = ((b.total.denominator, b.total.numerator or 0), kids)
    return result


def timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def discard_all() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")


def bench_scope(args: argparse.Namespace, scope: str, actor: User, resolution: Resolution) -> dict[str, Any]:
    day = args.day
    org_id, name, size = pick_org(scope, day)
    targets = list(
        Target.objects.filter(resolution=resolution, active=True).select_related("resolution").order_by("sort")
    )
    print(f"\n== {scope}: {name} (org {org_id}), {size:,} organisations on {day:%d/%m/%Y}, {len(targets)} targets")

    def sql() -> Figures:
        return sql_figures(org_id=org_id, day=day, period_start=resolution.period_start)

    def cold() -> dict[str, Breakdown]:
        figures_store().clear()
        with version_pinned():
            return engine_breakdowns(actor=actor, targets=targets, org_id=org_id, day=day)

    def fresh() -> dict[str, Breakdown]:
        engine._part_sql.cache_clear()  # as in a worker process that has not compiled these targets yet
        return cold()

    def warm() -> dict[str, Breakdown]:
        with version_pinned():
            return engine_breakdowns(actor=actor, targets=targets, org_id=org_id, day=day)

    result: dict[str, Any] = {"scope": scope, "name": name, "size": size}
    if args.discard:
        discard_all()
        result["discard_engine"] = timed(cold)
        discard_all()
        result["discard_sql"] = timed(sql)
    expected = sql()
    got = engine_figures(cold())
    if got != expected:
        for number in expected:
            if got.get(number) != expected[number]:
                print(
                    f"   MISMATCH target {number}: engine {got.get(number, ((0, 0), {}))[0]} sql {expected[number][0]}"
                )
        result["mismatch"] = True
    for number, ((den, num), kids) in sorted(expected.items(), key=lambda kv: int(kv[0])):
        print(f"   target {number:>2}: {num:>8,}/{den:<8,} children with people: {sum(kids.values())}")
    times: dict[str, list[float]] = {"sql": [], "cold": [], "fresh": [], "warm": []}
    for _ in range(args.repeat):
        times["sql"].append(timed(sql))
        times["cold"].append(timed(cold))
        times["fresh"].append(timed(fresh))
        times["warm"].append(timed(warm))
    for way, values in times.items():
        result[way] = statistics.median(values)
    if args.partitions > 1:
        result["partitioned"] = partitioned(args.partitions, actor, targets, org_id, day, expected)
    print(
        f"   p50 sql {fmt(result['sql'])}, cold {fmt(result['cold'])} ({result['cold'] / result['sql']:.2f}× sql), "
        f"fresh {fmt(result['fresh'])} ({result['fresh'] / result['sql']:.2f}× sql), warm {fmt(result['warm'])}"
    )
    if args.discard:
        print(f"   after DISCARD ALL: engine {fmt(result['discard_engine'])}, sql {fmt(result['discard_sql'])}")
    return result


def partitioned(
    parts: int, actor: User, targets: list[Target], org_id: int, day: dt.date, expected: Figures
) -> list[float]:
    """Each partition in turn (its time), and a check that the partial figures add up to the statement's."""
    totals: dict[str, list[int]] = {t.number: [0, 0] for t in targets}
    seconds = []
    for part in range(parts):
        started = time.perf_counter()
        figures_store().clear()
        figures = engine_figures(
            engine_breakdowns(actor=actor, targets=targets, org_id=org_id, day=day, partition=(parts, part))
        )
        seconds.append(time.perf_counter() - started)
        for number, ((den, num), _) in figures.items():
            totals[number][0] += den
            totals[number][1] += num
    ok = all(tuple(totals[n]) == expected[n][0] for n in expected)
    print(f"   {parts} partitions in turn: {', '.join(fmt(s) for s in seconds)}; sum equals the statement: {ok}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scope", action="append", choices=("root", "largest-child"))
    parser.add_argument("--day", type=dt.date.fromisoformat, default=dt.date(2024, 12, 31))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--discard", action="store_true")
    parser.add_argument("--partitions", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a PostgreSQL setting")
    args = parser.parse_args()
    with connection.cursor() as cursor:
        for setting in args.set:
            name, value = setting.split("=", 1)
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
            print(f"SET {name} = {value}")
    actor = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    assert actor is not None, "no administrator: load demo_province first"
    resolution = Resolution.objects.get(number="05-NQ/TU")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_person")
        print(f"database {connection.settings_dict['NAME']}: {cursor.fetchone()[0]:,} people")
    results = [bench_scope(args, scope, actor, resolution) for scope in args.scope or ["root"]]
    print("\n| scope | organisations | sql p50 | cold p50 | cold / sql | fresh p50 | fresh / sql | warm p50 |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['scope']}: {r['name']} | {r['size']:,} | {fmt(r['sql'])} | {fmt(r['cold'])} | "
            f"{r['cold'] / r['sql']:.2f} | {fmt(r['fresh'])} | {r['fresh'] / r['sql']:.2f} | {fmt(r['warm'])} |"
        )
    if any(r.get("mismatch") for r in results):
        sys.exit("the engine and the statement disagree")


if __name__ == "__main__":
    main()
