"""Benchmark: peak memory of checking the worst workbooks (see bench/README.md, "Bộ nhớ khi nhập tệp").

    python bench/import_memory.py [--rows 400000] [--strings-mb 100]

Generates, next to a throwaway SQLite database (migrated once for the code lists), the two files that made
a web worker grow past 1 GB: a "Cán bộ, đảng viên" sheet of ``--rows`` junk rows (five errors a row), and a
workbook whose shared strings (xl/sharedStrings.xml) are ``--strings-mb`` MB. Each file is checked (the
preview's dry run, ``import_workbook``) in a fresh process, once with the caps off (every error kept, no
limit on the shared strings or a member: how the importer behaved before) and once with the defaults, and
the process's peak RSS, the errors kept and the size of the status JSON are printed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NO_CAPS = {
    "PEOPLE_IMPORT_MAX_ERRORS": 10**9,
    "PEOPLE_IMPORT_MAX_SHARED_STRINGS": 10**12,
    "PEOPLE_IMPORT_MAX_MEMBER": 10**12,
    "PEOPLE_IMPORT_MAX_UNCOMPRESSED": 10**12,
    "PEOPLE_IMPORT_MAX_BYTES": 10**12,
}


def setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pbms.settings")
    import django

    django.setup()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _member_of(archive: zipfile.ZipFile, title: str) -> str:
    """The zip member of the sheet called ``title``."""
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', workbook)
    assert rid is not None
    target = re.search(rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target is not None
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def _rewrite(base: bytes, out: Path, member: str, change: object) -> None:
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                with target.open(info.filename, "w", force_zip64=True) as handle:
                    change(data, handle)  # type: ignore[operator]
            else:
                target.writestr(info, data)


def generate(folder: Path, rows: int, strings_mb: int) -> dict[str, Path]:
    from pbms.people.workbook.sample import sample_rows, workbook_bytes
    from pbms.people.workbook.spec import PEOPLE

    base = workbook_bytes(sample_rows(1, cells=["X"], children=False))
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        people = _member_of(archive, PEOPLE.title)
    junk = folder / "junk-rows.xlsx"

    def add_rows(data: bytes, handle: io.BufferedIOBase) -> None:
        head, tail = data.decode().split("</sheetData>")
        handle.write(head.encode())
        values = ["1", "2", "3", "?", "hôm qua", "x", "", "99", "99", "", "", "", "", "", ""]
        for r in range(4, 4 + rows):
            cells = "".join(
                f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values) if v
            )
            handle.write(f'<row r="{r}">{cells}</row>'.encode())
        handle.write(("</sheetData>" + tail).encode())

    _rewrite(base, junk, people, add_rows)
    strings = folder / "huge-strings.xlsx"

    def add_strings(data: bytes, handle: io.BufferedIOBase) -> None:
        head, tail = data.decode().split("</sst>")
        handle.write(head.encode())
        written, n = 0, 0
        while written < strings_mb * 1_048_576:
            chunk = "".join(f"<si><t>chuỗi rác số {n + i:012d} kéo dài thêm cho nặng</t></si>" for i in range(10_000))
            n += 10_000
            encoded = chunk.encode()
            handle.write(encoded)
            written += len(encoded)
        handle.write(("</sst>" + tail).encode())

    _rewrite(base, strings, "xl/sharedStrings.xml", add_strings)
    return {"junk rows": junk, "huge shared strings": strings}


def child(database: Path, path: Path, capped: bool) -> None:
    setup(database)
    from django.conf import settings

    from pbms.people.workbook.apply import import_workbook
    from pbms.people.workbook.uploads import report_to_json

    if not capped:
        for name, value in NO_CAPS.items():
            setattr(settings, name, value)
    start = rss_mb()
    began = time.perf_counter()
    report = import_workbook(path=path, file_name=path.name, actor=None, dry_run=True)
    status = len(json.dumps(report_to_json(report), ensure_ascii=False).encode())
    refused = report.errors[0].message[:90] if report.errors and report.errors[0].sheet == "" else ""
    print(
        json.dumps(
            {
                "rss_start_mb": round(start),
                "rss_peak_mb": round(rss_mb()),
                "errors_kept": len(report.errors),
                "status_json_mb": round(status / 1_048_576, 1),
                "seconds": round(time.perf_counter() - began, 1),
                "refused": refused,
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--strings-mb", type=int, default=100)
    parser.add_argument("--child", nargs=3, metavar=("DATABASE", "FILE", "CAPPED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.child[2] == "1")
        return
    with tempfile.TemporaryDirectory(prefix="pbms-bench-memory-") as folder:
        database = Path(folder) / "bench.sqlite3"
        setup(database)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        files = generate(Path(folder), args.rows, args.strings_mb)
        for case, path in files.items():
            with zipfile.ZipFile(path) as archive:
                inflated = sum(i.file_size for i in archive.infolist())
            print(f"{case}: {path.stat().st_size / 1_048_576:.1f} MB, {inflated / 1_048_576:.0f} MB giải nén")
            for capped, label in ((False, "không giới hạn (như trước)"), (True, "giới hạn mặc định")):
                out = subprocess.run(  # noqa: S603 - this script, with paths it made
                    [sys.executable, __file__, "--child", str(database), str(path), "1" if capped else "0"],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                print(f"  {label}: {out.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
