"""A national database for the benchmarks: a loaded province copied N times under one national root.

    .venv/bin/python bench/national.py --source h5_prov --target h5_national --provinces 55

``demo_province --size national`` builds one very large province (690 districts under one root), so the
national database it makes has no province-sized subtree: "one province's dashboard inside the national
database" (issue 5) cannot be measured on it. This script builds that database instead, from a database
already loaded with ``demo_province --size province`` (100,000 members, its demo ratings):

1. ``CREATE DATABASE target TEMPLATE source`` (a file copy of the province, migrations included);
2. a national root above the province (an organisation level and kind of rank 0, "Toàn quốc", added as
   reference data, as an administrator could), the province's paths and depths moved one level down;
3. the province's rows copied ``--provinces - 1`` times, one ``INSERT … SELECT … CROSS JOIN
   generate_series`` per table: every id and every foreign key to a copied table shifted by
   ``copy × offset`` (the offset: a power of ten above the table's largest id), paths rewritten id by id,
   codes made unique (organisation codes prefixed ``T07.``, CCCD and số lý lịch rewritten; the people of
   a copy have no login), each copy's root renamed after another place;
4. sequences moved past the copies, ``VACUUM ANALYZE``.

The tables copied are the province's own data (``COPIED``); reference data (levels, kinds, codes, rules,
criteria, evaluation cycles: one calendar for the country), accounts and the audit log stay single. The
copies are identical provinces under other names: the sizes and distributions of a real country, not its
variety. FK triggers are off while copying (``session_replication_role = replica``); unique indexes are not.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")

# The province's own rows, by model label (reference data and accounts are shared by the copies).
COPIED = (
    "orgs.Organization",
    "orgs.OrgEvent",
    "orgs.OrgEventRole",
    "orgs.Placement",
    "people.Person",
    "people.Membership",
    "people.MembershipEvent",
    "people.CellMembership",
    "people.Qualification",
    "people.Position",
    "people.Term",
    "people.Body",
    "people.BodyMembership",
    "people.Training",
    "evaluations.Discipline",
    "evaluations.Suspension",
    "evaluations.Result",
    "evaluations.CriterionScore",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="database loaded with demo_province --size province")
    parser.add_argument("--target", required=True, help="database to create (dropped first if it exists)")
    parser.add_argument("--provinces", type=int, default=55, help="provinces in all, the source included")
    parser.add_argument("--seed", type=int, default=1, help="the copies' place names")
    args = parser.parse_args()

    import psycopg

    started = time.perf_counter()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.target}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.target}" TEMPLATE "{args.source}"')
    print(f"{args.target}: copy of {args.source} ({time.perf_counter() - started:.1f} s)", flush=True)

    os.environ["DATABASE_URL"] = f"{SERVER}/{args.target}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbms.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    import django

    django.setup()
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL synchronous_commit = off")
        offsets, last_ids = _offsets(cursor)
        root_id = _national_root()
        _root_above_province(cursor, root_id=root_id)
        for label in COPIED:
            step = time.perf_counter()
            rows = _copy(
                cursor,
                label=label,
                copies=args.provinces - 1,
                offsets=offsets,
                last_id=last_ids[label],
                root_id=root_id,
            )
            print(f"  {label}: +{rows:,} rows ({time.perf_counter() - step:.1f} s)", flush=True)
        _rename_roots(cursor, copies=args.provinces - 1, offsets=offsets, seed=args.seed)
        _sequences(cursor)
    connection.close()
    with psycopg.connect(f"{SERVER}/{args.target}", autocommit=True) as conn:
        step = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        print(f"  VACUUM ANALYZE ({time.perf_counter() - step:.1f} s)")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()
        people = conn.execute("SELECT count(*) FROM people_person").fetchone()
    took = time.perf_counter() - started
    print(f"{args.target}: {args.provinces} provinces, {people[0]:,} people, {size[0]}, {took:.0f} s")


def _table(label: str) -> str:
    from django.apps import apps

    return str(apps.get_model(label)._meta.db_table)


def _offsets(cursor: object) -> tuple[dict[str, int], dict[str, int]]:
    """Per copied table, a power of ten above its largest id (copy k of row id is id + k × offset), and
    that largest id: the rows of the province, not the national root's made after."""
    offsets, last_ids = {}, {}
    for label in COPIED:
        table = _table(label)
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # type: ignore[attr-defined]
        last_ids[label] = int(cursor.fetchone()[0])  # type: ignore[attr-defined]
        offsets[table] = 10 ** len(str(last_ids[label] + 2))  # +2: room for the root's own row
    return offsets, last_ids


def _national_root() -> int:
    """The national root's organisation, of a level and kind above the province (rank 0)."""
    import datetime as dt

    from pbms.lib.text import fold
    from pbms.orgs.models import Organization, OrgEvent, OrgEventRole, OrgKind, OrgLevel, Placement

    level = OrgLevel.objects.create(code="national", name="Toàn quốc (dữ liệu đo hiệu năng)", rank=0)
    kind = OrgKind.objects.create(code="national", name="Đảng bộ toàn quốc (dữ liệu đo hiệu năng)", level=level)
    start = Placement.objects.filter(depth=0).order_by("valid_from").values_list("valid_from", flat=True)[0]
    start = min(start, dt.date(2020, 1, 1))
    root = Organization.objects.create(code="TQ", created_on=start)
    event = OrgEvent.objects.create(kind=OrgEvent.Kind.CREATED, effective_date=start, decision_ref="bench/national.py")
    OrgEventRole.objects.create(event=event, org=root, role=OrgEventRole.Role.SUBJECT)
    name = "Toàn quốc"
    Placement.objects.create(
        org=root, parent=None, name=name, name_folded=fold(name), kind=kind, path=f"/{root.pk}/", depth=0,
        valid_from=start, event=event,
    )  # fmt: skip
    return int(root.pk)


def _root_above_province(cursor: object, *, root_id: int) -> None:
    cursor.execute(  # type: ignore[attr-defined]
        "UPDATE orgs_placement SET parent_id = CASE WHEN depth = 0 THEN %(root)s ELSE parent_id END, "
        "path = '/' || %(root)s || path, depth = depth + 1 WHERE org_id <> %(root)s",
        {"root": root_id},
    )


def _copy(cursor: object, *, label: str, copies: int, offsets: dict[str, int], last_id: int, root_id: int) -> int:
    from django.apps import apps
    from django.db import models

    model = apps.get_model(label)
    table = model._meta.db_table
    columns: list[str] = []
    values: list[str] = []
    for field in model._meta.concrete_fields:
        column = field.column
        expr = f"t.{column}"
        if field.primary_key:
            expr = f"t.{column} + k * {offsets[table]}"
        elif isinstance(field, models.ForeignKey):
            target = field.related_model._meta.db_table  # type: ignore[union-attr]
            if (label, column) == ("orgs.Placement", "parent_id"):  # a province's root stays under the nation
                shifted = f"t.parent_id + k * {offsets[target]}"
                expr = f"CASE WHEN t.parent_id = {root_id} THEN t.parent_id ELSE {shifted} END"
            elif target in offsets:
                expr = f"t.{column} + k * {offsets[target]}"
            elif field.unique:  # Person.user: a copy's people have no login
                expr = "NULL"
        elif (label, column) == ("orgs.Organization", "code"):
            expr = "'T' || lpad(k::text, 2, '0') || '.' || t.code"
        elif (label, column) == ("orgs.Placement", "path"):
            org = offsets["orgs_organization"]
            expr = (
                f"'/{root_id}/' || (SELECT string_agg((x::bigint + k * {org})::text, '/' ORDER BY n) "
                f"FROM unnest(string_to_array(trim(both '/' from substr(t.path, {len(str(root_id)) + 3})), '/')) "
                "WITH ORDINALITY AS s(x, n)) || '/'"
            )
        elif (label, column) == ("people.Person", "cccd"):
            # the originals start with a province code 001–096; twelve digits from the new id never do
            expr = f"CASE WHEN t.cccd IS NULL THEN NULL ELSE lpad((t.id + k * {offsets[table]})::text, 12, '0') END"
        elif (label, column) == ("people.Membership", "party_file_no"):
            # "005418BA" → "005418QAB": the six digits and a three-letter series of the copy
            series = "'Q' || chr(65 + k / 26) || chr(65 + k % 26)"
            expr = f"CASE WHEN t.party_file_no IS NULL THEN NULL ELSE left(t.party_file_no, 6) || {series} END"
        elif field.unique:
            raise SystemExit(f"{label}.{column} is unique: say how a copy rewrites it")
        columns.append(f'"{column}"')
        values.append(expr.replace(f"t.{column}", f't."{column}"'))
    cursor.execute(  # type: ignore[attr-defined]
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM {table} t CROSS JOIN generate_series(1, {copies}) AS k WHERE t.id <= {last_id}"
    )
    rows = int(cursor.rowcount)  # type: ignore[attr-defined]
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through._meta  # type: ignore[union-attr]
        if not through.auto_created:
            continue
        source = field.m2m_column_name()
        target = field.m2m_reverse_name()
        target_table = field.related_model._meta.db_table  # type: ignore[union-attr]
        shift = f" + k * {offsets[target_table]}" if target_table in offsets else ""
        cursor.execute(  # type: ignore[attr-defined]
            f"INSERT INTO {through.db_table} ({source}, {target}) SELECT t.{source} + k * {offsets[table]}, "
            f"t.{target}{shift} FROM {through.db_table} t CROSS JOIN generate_series(1, {copies}) AS k "
            f"WHERE t.{source} <= {last_id}"
        )
        rows += int(cursor.rowcount)  # type: ignore[attr-defined]
    return rows


def _rename_roots(cursor: object, *, copies: int, offsets: dict[str, int], seed: int) -> None:
    """Each copy's province after another place ("Đảng bộ tỉnh Hà Phong"), so that lists tell them apart."""
    from pbms.lib.text import fold
    from pbms.orgs.demo.names import PLACE_NAMES

    cursor.execute("SELECT org_id, name FROM orgs_placement WHERE depth = 1")  # type: ignore[attr-defined]
    roots = cursor.fetchall()  # type: ignore[attr-defined]
    places = random.Random(seed).sample(PLACE_NAMES, copies)
    for org_id, _name in roots:
        copy = org_id // offsets["orgs_organization"]
        if copy:
            name = f"Đảng bộ tỉnh {places[copy - 1]}"
            cursor.execute(  # type: ignore[attr-defined]
                "UPDATE orgs_placement SET name = %s, name_folded = %s WHERE org_id = %s AND depth = 1",
                [name, fold(name), org_id],
            )


def _sequences(cursor: object) -> None:
    from django.apps import apps

    for label in ("orgs.OrgLevel", "orgs.OrgKind", *COPIED):
        table = _table(label)
        cursor.execute(  # type: ignore[attr-defined]
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
        )
        for field in apps.get_model(label)._meta.local_many_to_many:
            through = field.remote_field.through._meta  # type: ignore[union-attr]
            if through.auto_created:
                cursor.execute(  # type: ignore[attr-defined]
                    f"SELECT setval(pg_get_serial_sequence('{through.db_table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {through.db_table}))"
                )


if __name__ == "__main__":
    main()
