"""Benchmark: the workbook import of 100,000 people on PostgreSQL (see bench/README.md).

    python bench/import_people.py [--people 100000] [--repeat 3] [--children] [--keep-file PATH]

Creates the database ``pbms_bench_import`` afresh (``BENCH_SERVER_URL``, default
postgres://postgres@127.0.0.1:5432), migrates it, imports a tree of 1,000 cells through the importer,
then generates a workbook of N people and imports it ``--repeat`` times, each inside a transaction
rolled back afterwards (so every run inserts N new people). Prints p50 of the import, rows per
second, and the ratio to openpyxl's read-only parse of the same file alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_DB", "pbms_bench_import")


class RollbackError(Exception):
    pass


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}"')
        conn.execute(f'CREATE DATABASE "{DB}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--children", action="store_true", help="one qualification and one training per person")
    parser.add_argument("--keep-file", type=Path)
    args = parser.parse_args()

    fresh_database()
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbms.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from openpyxl import load_workbook

    from pbms.people.models import Person
    from pbms.people.workbook.apply import import_workbook
    from pbms.people.workbook.sample import sample_rows, workbook_bytes
    from pbms.people.workbook.spec import ORGS
    from pbms.people.workbook.template import CellValue

    settings.PEOPLE_IMPORT_MAX_BYTES = 200 * 1024 * 1024
    call_command("migrate", verbosity=0)
    today = dt.date(2026, 11, 23)
    work = Path(tempfile.mkdtemp(prefix="pbms-bench-"))

    # the tree: a province, 100 communes, 1,000 cells (imported through the workbook too)
    orgs: list[list[CellValue]] = [["T", "Đảng bộ tỉnh Thử nghiệm", "provincial", None, dt.date(2020, 1, 1), "1-QĐ/TW"]]
    cells = []
    for c in range(100):
        orgs.append([f"X{c:03d}", f"Đảng bộ xã {c}", "commune", "T", dt.date(2025, 7, 1), None])
        for k in range(10):
            code = f"X{c:03d}C{k}"
            cells.append(code)
            orgs.append([code, f"Chi bộ thôn {k} xã {c}", "grassroots_cell", f"X{c:03d}", dt.date(2025, 7, 1), None])
    tree_path = work / "tree.xlsx"
    tree_path.write_bytes(workbook_bytes({ORGS.key: orgs}))
    tree = import_workbook(path=tree_path, file_name="tree.xlsx", actor=None, dry_run=False, today=today)
    assert not tree.errors, [str(e) for e in tree.errors[:5]]

    started = time.perf_counter()
    rows = sample_rows(
        args.people, cells=cells, children=args.children, first_admission=dt.date(2025, 7, 1), admission_days=480
    )
    content = workbook_bytes(rows)
    path = args.keep_file or work / "people.xlsx"
    path.write_bytes(content)
    total_rows = sum(len(r) for r in rows.values())
    print(
        f"Tệp: {args.people:,} người, {total_rows:,} dòng, {len(content) / 1_048_576:.1f} MB "
        f"(tạo trong {time.perf_counter() - started:.1f} s)"
    )

    parse_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        workbook = load_workbook(path, read_only=True)
        count = sum(1 for ws in workbook.worksheets for _ in ws.iter_rows(values_only=True))
        workbook.close()
        parse_times.append(time.perf_counter() - started)
    import_times = []
    for run in range(args.repeat):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                report = import_workbook(path=path, file_name=path.name, actor=None, dry_run=False, today=today)
                elapsed = time.perf_counter() - started
                assert not report.errors, [str(e) for e in report.errors[:5]]
                assert Person.objects.count() == args.people
                raise RollbackError
        except RollbackError:
            pass
        import_times.append(elapsed)
        print(f"  lần {run + 1}: nhập {elapsed:.1f} s ({report.changes:,} thay đổi)")
    p50_import, p50_parse = statistics.median(import_times), statistics.median(parse_times)
    print(f"openpyxl đọc (read-only, {count:,} dòng, không kiểm tra): p50 {p50_parse:.1f} s")
    print(
        f"Nhập (đọc + kiểm tra + ghi, {connection.vendor}): p50 {p50_import:.1f} s, "
        f"{total_rows / p50_import:,.0f} dòng/s, {args.people / p50_import:,.0f} người/s"
    )
    print(f"Tỉ lệ nhập / chỉ đọc bằng openpyxl: {p50_import / p50_parse:.2f}")


if __name__ == "__main__":
    main()
