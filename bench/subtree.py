"""The subtree of an organisation as of a date: the ORM selector against hand-written SQL.

Run by ``bench/run`` on the PostgreSQL database it prepares (see bench/README.md). For each date
and depth, a sample of organisations existing on that date; for each, ``org_subtree(...)``
evaluated to a list and the same rows by raw SQL, alternately, ``--repeat`` times after one
warm-up. Both must return the same number of rows.

Three ways are timed:
- ``orm``: ``pbms.orgs.selectors.org_subtree`` as the pages call it (one query, the top's path
  by a sub-query), Placement objects with their kind;
- ``sql``: the same single query written by hand (path LIKE (sub-query) || '%'), same columns,
  raw tuples, so the difference is what the ORM costs;
- ``sql2``: two queries, the top's path first, then LIKE with that path as a literal: what the
  planner can do when it knows the prefix when planning;
- ``range``: one query again, the prefix match written as a range with the pattern operators
  ``~>=~`` / ``~<~`` that ``varchar_pattern_ops`` indexes: the bounds come from the sub-query at
  run time, which an index scan accepts (a LIKE pattern it does not).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbms.settings")

DATES = (dt.date(2024, 12, 31), dt.date(2026, 1, 1))
COLUMNS = (
    "p.id, p.org_id, p.parent_id, p.name, p.name_folded, p.kind_id, p.path, p.depth, p.valid_from, "
    "p.valid_to, p.event_id, k.id, k.code, k.name, k.level_id, k.valid_from, k.valid_to, k.sort"
)
AS_OF = "p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to > %s)"
ONE_QUERY = f"""
    SELECT {COLUMNS}
    FROM orgs_placement p JOIN orgs_orgkind k ON k.id = p.kind_id
    WHERE p.path LIKE (
        SELECT t.path FROM orgs_placement t
        WHERE t.org_id = %s AND t.valid_from <= %s AND (t.valid_to IS NULL OR t.valid_to > %s) LIMIT 1
    ) || '%%'
    AND {AS_OF}
    ORDER BY p.path
"""
TOP_PATH = """
    SELECT path FROM orgs_placement
    WHERE org_id = %s AND valid_from <= %s AND (valid_to IS NULL OR valid_to > %s) LIMIT 1
"""
# Every path starting with "/1/23/" lies in ["/1/23/", "/1/230"): "/" is the byte just before "0",
# and paths hold only digits and slashes.
RANGE = f"""
    SELECT {COLUMNS}
    FROM orgs_placement p JOIN orgs_orgkind k ON k.id = p.kind_id
    WHERE p.path ~>=~ (
        SELECT t.path FROM orgs_placement t
        WHERE t.org_id = %s AND t.valid_from <= %s AND (t.valid_to IS NULL OR t.valid_to > %s) LIMIT 1
    )
    AND p.path ~<~ (
        SELECT left(t.path, -1) || '0' FROM orgs_placement t
        WHERE t.org_id = %s AND t.valid_from <= %s AND (t.valid_to IS NULL OR t.valid_to > %s) LIMIT 1
    )
    AND {AS_OF}
    ORDER BY p.path
"""
# A path holds only digits and slashes, so it needs no LIKE escaping.
LITERAL_PREFIX = f"""
    SELECT {COLUMNS}
    FROM orgs_placement p JOIN orgs_orgkind k ON k.id = p.kind_id
    WHERE p.path LIKE %s AND {AS_OF}
    ORDER BY p.path
"""


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: an observed value, fine for a few dozen samples."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))]


def timed(run: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    rows = run()
    return (time.perf_counter() - started) * 1000, rows


def ms(value: float) -> str:
    return f"{value:,.2f}".replace(",", " ")


def vi_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per organisation (after one warm-up)")
    parser.add_argument("--sample", type=int, default=20, help="organisations per date and depth")
    parser.add_argument("--root-repeat", type=int, default=3, help="timed runs for the root (the whole tree)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sample")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from pbms.accounts.models import User
    from pbms.orgs.models import Organization, Placement
    from pbms.orgs.selectors import org_subtree

    actor = User.objects.filter(is_superuser=True).order_by("id").first()
    if actor is None or not Placement.objects.exists():
        sys.exit("Cơ sở dữ liệu chưa có cây tổ chức: chạy bench/run (nó nạp demo_province --size national).")
    rng = random.Random(args.seed)  # a reproducible sample

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version(), shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [connection.settings_dict["NAME"]],
        )
        version, load_note = cursor.fetchone()
    print(f"PostgreSQL: {version.split(',')[0]}; cơ sở dữ liệu {connection.settings_dict['NAME']}")
    print(f"Nạp dữ liệu: {load_note or 'không rõ (nạp ngoài bench/run)'}")
    print(
        f"Dữ liệu: {vi_int(Placement.objects.count())} dòng orgs_placement, "
        f"{vi_int(Organization.objects.count())} tổ chức (mọi thời điểm)"
    )
    for day in DATES:
        print(f"  ngày {day:%d/%m/%Y}: {vi_int(Placement.objects.as_of(day).count())} tổ chức")

    def orm(org_id: int, day: dt.date) -> Callable[[], int]:
        return lambda: len(list(org_subtree(actor=actor, org_id=org_id, day=day)))

    def sql(org_id: int, day: dt.date) -> Callable[[], int]:
        def run() -> int:
            with connection.cursor() as cursor:
                cursor.execute(ONE_QUERY, [org_id, day, day, day, day])
                return len(cursor.fetchall())

        return run

    def sql2(org_id: int, day: dt.date) -> Callable[[], int]:
        def run() -> int:
            with connection.cursor() as cursor:
                cursor.execute(TOP_PATH, [org_id, day, day])
                top = cursor.fetchone()
                if top is None:
                    return 0
                cursor.execute(LITERAL_PREFIX, [top[0] + "%", day, day])
                return len(cursor.fetchall())

        return run

    def ranged(org_id: int, day: dt.date) -> Callable[[], int]:
        def run() -> int:
            with connection.cursor() as cursor:
                cursor.execute(RANGE, [org_id, day, day, org_id, day, day, day, day])
                return len(cursor.fetchall())

        return run

    ways = {"orm": orm, "sql": sql, "sql2": sql2, "range": ranged}
    header = (
        f"{'ngày':<10} {'độ sâu':>6} {'mẫu':>4} {'số dòng TB':>10} │ "
        + " │ ".join(f"{w + ' p50':>10} {w + ' p95':>10}" for w in ways)
        + f" │ {'orm/sql':>7} {'orm/sql2':>8} {'orm/range':>9}"
    )
    print()
    print("Thời gian (ms) của cây con theo ngày, đo trong cùng một lần chạy; p50/p95 trên mọi lần đo của nhóm:")
    print(header)
    print("─" * len(header))
    explain_orm = explain_sql = explain_sql2 = explain_range = ""
    totals: dict[str, list[float]] = {w: [] for w in ways}
    for day in DATES:
        max_depth = Placement.objects.as_of(day).order_by("-depth").values_list("depth", flat=True).first() or 0
        for depth in range(max_depth + 1):
            candidates = list(Placement.objects.as_of(day).filter(depth=depth).values_list("org_id", flat=True))
            sample = rng.sample(candidates, min(args.sample, len(candidates)))
            repeat = args.root_repeat if depth == 0 else args.repeat
            times: dict[str, list[float]] = {w: [] for w in ways}
            rows_seen: list[int] = []
            for org_id in sample:
                counts = {w: make(org_id, day)() for w, make in ways.items()}  # warm-up, and the check
                if len(set(counts.values())) != 1:
                    sys.exit(f"Số dòng khác nhau cho tổ chức {org_id} ngày {day}: {counts}")
                rows_seen.append(counts["orm"])
                for _ in range(repeat):
                    for w, make in ways.items():  # alternate, so drift hits all ways alike
                        elapsed, rows = timed(make(org_id, day))
                        assert rows == counts[w]
                        times[w].append(elapsed)
            if not explain_orm and depth == 1:
                qs = org_subtree(actor=actor, org_id=sample[0], day=day)
                explain_orm = qs.explain(analyze=True)
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + ONE_QUERY, [sample[0], day, day, day, day])
                    explain_sql = "\n".join(r[0] for r in cursor.fetchall())
                    cursor.execute(TOP_PATH, [sample[0], day, day])
                    prefix = cursor.fetchone()[0] + "%"
                    cursor.execute("EXPLAIN ANALYZE " + LITERAL_PREFIX, [prefix, day, day])
                    explain_sql2 = "\n".join(r[0] for r in cursor.fetchall())
                    cursor.execute("EXPLAIN ANALYZE " + RANGE, [sample[0], day, day, sample[0], day, day, day, day])
                    explain_range = "\n".join(r[0] for r in cursor.fetchall())
            p50 = {w: statistics.median(t) for w, t in times.items()}
            for w, t in times.items():
                totals[w].extend(t)
            print(
                f"{day:%d/%m/%Y} {depth:>6} {len(sample):>4} {statistics.mean(rows_seen):>10,.1f} │ ".replace(",", " ")
                + " │ ".join(f"{ms(p50[w]):>10} {ms(percentile(t, 0.95)):>10}" for w, t in times.items())
                + f" │ {p50['orm'] / p50['sql']:>7.2f} {p50['orm'] / p50['sql2']:>8.2f}"
                + f" {p50['orm'] / p50['range']:>9.2f}"
            )
    print()
    print("Mọi nhóm gộp lại: " + "; ".join(f"{w} p50 {ms(statistics.median(t))} ms" for w, t in totals.items()))
    print()
    print(f"EXPLAIN ANALYZE của truy vấn ORM (org_subtree, ngày {DATES[0]:%d/%m/%Y}, một tổ chức độ sâu 1):")
    print(explain_orm)
    print()
    print("EXPLAIN ANALYZE của SQL viết tay, một truy vấn (LIKE (truy vấn con) || '%'):")
    print(explain_sql)
    print()
    print("EXPLAIN ANALYZE của SQL viết tay, hai truy vấn (LIKE với tiền tố là hằng):")
    print(explain_sql2)
    print()
    print("EXPLAIN ANALYZE của SQL viết tay, một truy vấn, khoảng ~>=~ / ~<~ lấy từ truy vấn con:")
    print(explain_range)


if __name__ == "__main__":
    main()
