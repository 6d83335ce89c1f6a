"""Benchmark: the person search of the list page on PostgreSQL (see bench/README.md).

    python bench/search.py [--db pbms_national] [--day 2024-12-31] [--sample 8] [--repeat 5] [--seed 1] [--explain]

Reads an existing database (``BENCH_SERVER_URL``, default postgres://postgres@127.0.0.1:5432; ``--db``), loaded
by ``manage.py demo_province``; writes nothing. For each kind of query (names typed without diacritics, part of
a CCCD, card numbers, a common given name over the whole province, a rare name, a common name in one district)
a sample of queries drawn from the data with ``--seed``, each run ``--repeat`` times after a warm-up through
``pbms.people.selectors.person_list`` (what the list page and the API call, as the administrator: the whole
province) and through one hand-written SQL statement returning the same first page (checked equal; a name is
found by whole words of the folded name). Prints p50 and p95 per kind and overall, the ratio of the p50s, and
with ``--explain`` the plan of the slowest query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
PAGE = 50

# One statement for the first page, written by hand: the people whose folded name holds every word or whose
# identifiers match, kept when anchored on the day (an open cell row, a post, a seat) in the organisations
# under ``top`` (every organisation when ``top`` is the root); in Vietnamese order; with what the page shows.
SQL = """
WITH found AS ({found}), orgs AS (
    SELECT org_id FROM orgs_placement
    WHERE valid_from <= %(day)s AND (valid_to IS NULL OR valid_to > %(day)s)
      AND path >= %(path)s AND path < %(path_end)s
), anchored AS (
    SELECT m.person_id AS id FROM people_cellmembership c JOIN people_membership m ON m.id = c.membership_id
    WHERE m.person_id IN (SELECT id FROM found) AND c.cell_id IN (SELECT org_id FROM orgs)
      AND c.valid_from <= %(day)s AND (c.valid_to IS NULL OR c.valid_to > %(day)s)
    UNION SELECT person_id FROM people_position
    WHERE person_id IN (SELECT id FROM found) AND org_id IN (SELECT org_id FROM orgs)
      AND valid_from <= %(day)s AND (valid_to IS NULL OR valid_to > %(day)s)
    UNION SELECT s.person_id FROM people_bodymembership s JOIN people_body b ON b.id = s.body_id
      JOIN people_term t ON t.id = b.term_id
    WHERE s.person_id IN (SELECT id FROM found) AND t.org_id IN (SELECT org_id FROM orgs)
      AND s.valid_from <= %(day)s AND (s.valid_to IS NULL OR s.valid_to > %(day)s)
)
SELECT p.id, p.family_name, p.middle_name, p.given_name, p.birth_date, p.cccd, m.party_file_no, m.card_no,
    (SELECT pl.name FROM people_cellmembership c JOIN orgs_placement pl ON pl.org_id = c.cell_id
      WHERE c.membership_id = m.id AND c.valid_from <= %(day)s AND (c.valid_to IS NULL OR c.valid_to > %(day)s)
        AND pl.valid_from <= %(day)s AND (pl.valid_to IS NULL OR pl.valid_to > %(day)s) LIMIT 1),
    (SELECT po.title FROM people_position po WHERE po.person_id = p.id
        AND po.valid_from <= %(day)s AND (po.valid_to IS NULL OR po.valid_to > %(day)s)
      ORDER BY po.is_head DESC, po.valid_from DESC, po.id DESC LIMIT 1)
FROM people_person p LEFT JOIN people_membership m ON m.person_id = p.id
WHERE p.id IN (SELECT id FROM anchored)
ORDER BY p.given_name COLLATE "vi-x-icu", p.family_name COLLATE "vi-x-icu", p.middle_name COLLATE "vi-x-icu", p.id
LIMIT %(limit)s
"""
# Whole words of the folded name: those whose last word is one of them and whose other words hold the rest, and
# those whose words before the last hold them all (the two indexes of migration people.0006).
BY_NAME = """SELECT id FROM people_person WHERE split_part(name_folded, ' ', -1) = ANY(%(words)s::text[])
      AND string_to_array(name_folded, ' ') @> %(words)s::text[]
    UNION SELECT id FROM people_person WHERE trim_array(string_to_array(name_folded, ' '), 1) @> %(words)s::text[]"""
BY_ID = """SELECT id FROM people_person WHERE cccd LIKE %(cccd_part)s
    UNION SELECT person_id FROM people_membership WHERE card_no = %(compact)s OR party_file_no = %(file_no)s"""


@dataclass
class Query:
    kind: str
    q: str
    org_id: int | None = None
    orm: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)
    rows: int = 0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "pbms_national"))
    parser.add_argument("--day", type=dt.date.fromisoformat, default=dt.date(2024, 12, 31))
    parser.add_argument("--sample", type=int, default=8, help="queries per kind")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = f"{SERVER}/{args.db}"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbms.settings")
    import django

    django.setup()
    from django.db import connection

    from pbms.accounts.models import User
    from pbms.lib.text import fold, nfc
    from pbms.orgs.models import Placement
    from pbms.people import rules
    from pbms.people.selectors import PersonFilters, person_list

    day, rng = args.day, random.Random(args.seed)
    admin = User(username="bench", is_superuser=True, is_active=True)  # never saved: reads only

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_person")
        people = cursor.fetchone()[0]
        cursor.execute("SELECT min(id), max(id) FROM people_person")
        low, high = cursor.fetchone()

    def some_people(count: int) -> list[tuple[str, str, str, str, str]]:
        """Random people with an open cell row on the day: (folded name, family, given, CCCD, card)."""
        found: list[tuple[str, str, str, str, str]] = []
        with connection.cursor() as cursor:
            while len(found) < count:
                ids = [rng.randint(low, high) for _ in range(200)]
                cursor.execute(
                    "SELECT p.name_folded, p.family_name, p.given_name, p.cccd, m.card_no FROM people_person p "
                    "JOIN people_membership m ON m.person_id = p.id JOIN people_cellmembership c "
                    "ON c.membership_id = m.id AND c.valid_from <= %s AND (c.valid_to IS NULL OR c.valid_to > %s) "
                    "WHERE p.id = ANY(%s) AND p.cccd IS NOT NULL AND m.card_no <> ''",
                    [day, day, ids],
                )
                found += cursor.fetchall()
        rng.shuffle(found)
        return found[:count]

    sample = some_people(args.sample * 3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT fold_given, n FROM (SELECT lower(given_name) AS fold_given, count(*) AS n FROM "
            "(SELECT given_name FROM people_person TABLESAMPLE SYSTEM (2)) s GROUP BY 1) t ORDER BY n DESC LIMIT %s",
            [args.sample],
        )
        common = [fold(row[0]) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT name_folded FROM (SELECT name_folded FROM people_person TABLESAMPLE SYSTEM (1)) s "
            "GROUP BY 1 HAVING count(*) = 1 LIMIT 2000"
        )
        rare = [row[0] for row in cursor.fetchall()]
    districts = list(Placement.objects.as_of(day).filter(depth=1).order_by("org_id").values_list("org_id", flat=True))
    queries = [Query("tên không dấu", name) for name, *_ in sample[: args.sample]]
    queries += [
        Query("họ + tên không dấu", fold(f"{f} {g}")) for _, f, g, _, _ in sample[args.sample : 2 * args.sample]
    ]
    queries += [Query("một phần CCCD (6 số cuối)", c[-6:]) for *_, c, _ in sample[: args.sample]]
    queries += [Query("số thẻ", card) for *_, card in sample[2 * args.sample :]]
    queries += [Query("tên phổ biến, cả tỉnh", name) for name in common]
    queries += [Query("tên hiếm", name) for name in rng.sample(rare, min(args.sample, len(rare)))]
    queries += [Query("tên phổ biến, một huyện", rng.choice(common), rng.choice(districts)) for _ in range(args.sample)]

    root = Placement.objects.as_of(day).get(depth=0)

    def sql_args(query: Query) -> tuple[str, dict[str, Any]]:
        top = Placement.objects.as_of(day).get(org_id=query.org_id) if query.org_id else root
        params: dict[str, Any] = {"day": day, "path": top.path, "path_end": top.path[:-1] + "0", "limit": PAGE + 1}
        compact = nfc(query.q).replace(" ", "")
        if not any(ch.isdigit() for ch in compact):  # a name: whole words (no identifier holds no digit)
            params["words"] = list(dict.fromkeys(fold(query.q).split()))
            return SQL.format(found=BY_NAME), params
        digits = "".join(ch for ch in compact if ch.isdigit())
        params.update(
            compact=compact,
            file_no=rules.normalise_party_file_no(query.q),
            cccd_part=f"%{digits}%" if compact.isdigit() and len(digits) >= 4 else compact,
        )
        return SQL.format(found=BY_ID), params

    def run_orm(query: Query) -> list[int]:
        page = person_list(actor=admin, day=day, filters=PersonFilters(q=query.q, org_id=query.org_id), limit=PAGE)
        return [p.pk for p in page.rows]

    def run_sql(query: Query) -> list[int]:
        sql, params = sql_args(query)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()[:PAGE]]

    def timed(fn: Callable[[Query], list[int]], query: Query) -> float:
        started = time.perf_counter()
        fn(query)
        return (time.perf_counter() - started) * 1000

    print(f"Cơ sở dữ liệu {args.db}: {people:,} người; ngày {day:%d/%m/%Y}; {len(queries)} truy vấn × {args.repeat}")
    for query in queries:
        got, want = run_orm(query), run_sql(query)  # warm-up, and the same first page both ways
        assert got == want, (query.kind, query.q, got[:5], want[:5])
        query.rows = len(got)
        for _ in range(args.repeat):
            query.orm.append(timed(run_orm, query))
            query.sql.append(timed(run_sql, query))

    heads = ("ORM p50", "ORM p95", "SQL p50", "SQL p95")
    print(f"\n{'loại truy vấn':<28} {'số':>3} {'dòng':>5} " + " ".join(f"{h:>9}" for h in heads) + f" {'tỉ lệ':>6}")
    kinds = list(dict.fromkeys(q.kind for q in queries))
    for kind in [*kinds, "tất cả"]:
        group = [q for q in queries if kind in (q.kind, "tất cả")]
        orm = [t for q in group for t in q.orm]
        sql = [t for q in group for t in q.sql]
        rows = statistics.median(q.rows for q in group)
        figures = (percentile(orm, 0.5), percentile(orm, 0.95), percentile(sql, 0.5), percentile(sql, 0.95))
        ratio = figures[0] / figures[2]
        print(f"{kind:<28} {len(group):>3} {rows:>5.0f} " + " ".join(f"{v:>9.1f}" for v in figures) + f" {ratio:>6.2f}")
    slowest = max(queries, key=lambda q: max(q.orm))
    print(f"\nChậm nhất: {slowest.kind} “{slowest.q}” ({max(slowest.orm):.0f} ms)")
    if args.explain:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            run_orm(slowest)
        ordered = [c["sql"] for c in captured.captured_queries if "ORDER BY" in c["sql"]]
        for label, statement in (("ORM", ordered[0]), ("SQL", None)):
            with connection.cursor() as cursor:
                if statement is None:
                    statement_sql, params = sql_args(slowest)
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement_sql, params)
                else:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
                print(f"\n--- EXPLAIN ANALYZE ({label}) ---")
                print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
