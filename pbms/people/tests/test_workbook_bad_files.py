"""Bad files are answered clearly, in Vietnamese, with the place of each problem, and change nothing."""

from __future__ import annotations

import datetime as dt
import io
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pbms.accounts.models import User
from pbms.conftest import Tree
from pbms.orgs.models import Organization
from pbms.people.models import Person
from pbms.people.workbook.apply import ImportReport, import_workbook
from pbms.people.workbook.sample import sample_rows, workbook_bytes
from pbms.people.workbook.spec import ORGS, PEOPLE, POSITIONS

TODAY = dt.date(2026, 11, 23)
FILES = Path(__file__).parent / "files"


def run(tmp_path: Path, content: bytes, admin: User, name: str = "tep.xlsx") -> ImportReport:
    path = tmp_path / name
    path.write_bytes(content)
    orgs = Organization.objects.count()
    report = import_workbook(path=path, file_name=name, actor=admin, dry_run=False, today=TODAY)
    assert report.errors, "a bad file must be refused"
    assert not report.applied
    assert not Person.objects.exists() and Organization.objects.count() == orgs, "nothing is written"
    return report


def only_message(report: ImportReport) -> str:
    assert len(report.errors) == 1, [str(e) for e in report.errors]
    return report.errors[0].message


def good() -> bytes:
    return workbook_bytes(sample_rows(2, cells=["B1C1"], children=False))


def edit(content: bytes, change: Callable[[Any], None]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def cells_of(report: ImportReport) -> list[tuple[str, int | None, str, str]]:
    return [(e.sheet, e.row, e.column, e.value) for e in report.errors]


# --- not a workbook at all -----------------------------------------------------------------------


def test_it_refuses_a_word_document_renamed(tmp_path: Path, tree: Tree, admin: User) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "tệp Word (.docx)" in only_message(run(tmp_path, buffer.getvalue(), admin))


def test_it_refuses_random_bytes(tmp_path: Path, tree: Tree, admin: User) -> None:
    content = random.Random(7).randbytes(5000)
    assert only_message(run(tmp_path, content, admin)) == "Tệp không phải bảng tính Excel (.xlsx)."


def test_it_refuses_an_empty_file(tmp_path: Path, tree: Tree, admin: User) -> None:
    assert only_message(run(tmp_path, b"", admin)) == "Tệp rỗng."


def test_it_refuses_a_password_protected_workbook(tmp_path: Path, tree: Tree, admin: User) -> None:
    # Saved by Excel's encryption (agile, AES) with the password "matkhau": an OLE2 container, not a zip.
    content = (FILES / "encrypted.xlsx").read_bytes()
    assert "đặt mật khẩu" in only_message(run(tmp_path, content, admin))


def test_it_refuses_an_old_xls_workbook(tmp_path: Path, tree: Tree, admin: User) -> None:
    content = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + "Workbook".encode("utf-16-le")
    assert ".xls" in only_message(run(tmp_path, content, admin, name="cu.xls"))


def test_it_refuses_a_truncated_zip(tmp_path: Path, tree: Tree, admin: User) -> None:
    content = good()
    assert "bị hỏng" in only_message(run(tmp_path, content[: len(content) // 2], admin))


def test_it_refuses_a_zip_damaged_inside_a_sheet(tmp_path: Path, tree: Tree, admin: User) -> None:
    content = bytearray(good())
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")  # "Cán bộ, đảng viên"
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 40, start + info.compress_size - 10, 7):
        content[offset] ^= 0x5A
    assert "hỏng" in only_message(run(tmp_path, bytes(content), admin))


def test_it_refuses_a_file_over_the_size_limit(tmp_path: Path, tree: Tree, admin: User, settings: Any) -> None:
    settings.PEOPLE_IMPORT_MAX_BYTES = 4096
    assert "vượt giới hạn" in only_message(run(tmp_path, good(), admin))


# --- the template's shape ------------------------------------------------------------------------


def test_it_names_a_missing_sheet(tmp_path: Path, tree: Tree, admin: User) -> None:
    content = edit(good(), lambda wb: wb.remove(wb[POSITIONS.title]))
    assert cells_of(run(tmp_path, content, admin)) == [("Chức vụ", None, "", "")]


def test_it_names_a_missing_column(tmp_path: Path, tree: Tree, admin: User) -> None:
    content = edit(good(), lambda wb: wb[PEOPLE.title].delete_cols(5))  # "Ngày sinh"
    report = run(tmp_path, content, admin)
    assert cells_of(report) == [("Cán bộ, đảng viên", 2, "Ngày sinh", "")]
    assert report.errors[0].message == "Thiếu cột “Ngày sinh”."


def test_it_reads_columns_in_any_order_and_a_header_on_row_one(tmp_path: Path, tree: Tree, admin: User) -> None:
    def shuffle(wb: Any) -> None:
        ws = wb[PEOPLE.title]
        ws.delete_rows(1)  # no banner: the header is row 1
        ws.move_range("A1:A3", cols=20)  # "Họ" moves to column U

    report = import_workbook(
        path=_write(tmp_path, edit(good(), shuffle)), file_name="x.xlsx", actor=admin, dry_run=False, today=TODAY
    )
    assert report.errors == [] and Person.objects.count() == 2


def _write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    return path


# --- cells ---------------------------------------------------------------------------------------


def _people_with(column: int, *values: Any) -> bytes:
    rows = sample_rows(len(values), cells=["B1C1"], children=False)
    for row, value in zip(rows[PEOPLE.key], values, strict=True):
        row[column] = value
    return workbook_bytes(rows)


def test_it_refuses_dates_that_do_not_exist_or_are_not_dates(tmp_path: Path, tree: Tree, admin: User) -> None:
    report = run(tmp_path, _people_with(4, "31/02/1980", "1980-13-01", "hôm qua", 29000), admin)
    assert cells_of(report) == [
        ("Cán bộ, đảng viên", 3, "Ngày sinh", "31/02/1980"),
        ("Cán bộ, đảng viên", 4, "Ngày sinh", "1980-13-01"),
        ("Cán bộ, đảng viên", 5, "Ngày sinh", "hôm qua"),
        ("Cán bộ, đảng viên", 6, "Ngày sinh", "29000"),
    ]
    assert "dd/mm/yyyy" in report.errors[0].message and "Ô chứa số" in report.errors[3].message


def test_it_accepts_excel_dates_and_text_dates(tmp_path: Path, tree: Tree, admin: User) -> None:
    content = _people_with(4, dt.datetime(1980, 5, 15), "16/05/1981")  # noqa: DTZ001 - as openpyxl returns it
    report = import_workbook(
        path=_write(tmp_path, content), file_name="x.xlsx", actor=admin, dry_run=False, today=TODAY
    )
    assert report.errors == []
    assert sorted(Person.objects.values_list("birth_date", flat=True)) == [dt.date(1980, 5, 15), dt.date(1981, 5, 16)]


def test_it_refuses_unknown_codes(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = sample_rows(1, cells=["B1C1"])
    rows[PEOPLE.key][0][7] = "99"
    rows[PEOPLE.key][0][8] = "Thiên Chúa"
    rows["qualifications"][0][4] = "XYZ"
    rows[ORGS.key] = [["B1C9", "Chi bộ mới", "khong-co", "B1", dt.date(2024, 1, 1), None]]
    report = run(tmp_path, workbook_bytes(rows), admin)
    assert cells_of(report) == [
        ("Tổ chức", 3, "Mã loại hình", "khong-co"),
        ("Cán bộ, đảng viên", 3, "Mã dân tộc", "99"),
        ("Cán bộ, đảng viên", 3, "Mã tôn giáo", "Thiên Chúa"),
        ("Trình độ", 3, "Mã trình độ", "XYZ"),
    ]
    assert "không có trong danh mục" in report.errors[0].message.lower()


def test_it_refuses_duplicate_keys_inside_the_file(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = sample_rows(3, cells=["B1C1"], children=False)
    rows[PEOPLE.key][2][9] = rows[PEOPLE.key][0][9]  # same số lý lịch
    rows[ORGS.key] = [
        ["B1C8", "Chi bộ 8", "cell", "B1", dt.date(2025, 8, 1), None],
        ["B1C8", "Chi bộ tám", "cell", "B1", dt.date(2025, 8, 1), None],
    ]
    report = run(tmp_path, workbook_bytes(rows), admin)
    assert cells_of(report) == [
        ("Tổ chức", 4, "Mã tổ chức", "B1C8"),
        ("Cán bộ, đảng viên", 5, "Số lý lịch", "000000BA"),
    ]
    assert report.errors[1].message == "Trùng với dòng 3 của cùng trang."


def test_it_refuses_a_person_in_an_organisation_that_did_not_exist_then(
    tmp_path: Path, tree: Tree, admin: User
) -> None:
    rows = sample_rows(2, cells=["A1C1"], children=False)
    rows[PEOPLE.key][0][11] = rows[PEOPLE.key][0][14] = dt.date(2019, 5, 1)  # A1C1 was founded 01/01/2020
    rows[PEOPLE.key][0][12] = None
    rows[POSITIONS.key] = [["000001BA", None, None, "Chánh Văn phòng", "A", "Không", None, dt.date(2025, 9, 1)]]
    report = run(tmp_path, workbook_bytes(rows), admin)
    messages = [str(e) for e in report.errors]
    assert len(messages) == 2
    assert (
        "Chi bộ “Chi bộ thôn Một” (A1C1) vào ngày 01/05/2019 chưa thành lập (thành lập ngày 01/01/2020)" in messages[0]
    )
    assert "Tổ chức “Đảng bộ huyện Đông Sơn” (A) vào ngày 01/09/2025 đã giải thể" in messages[1]


def test_it_refuses_formulas(tmp_path: Path, tree: Tree, admin: User) -> None:
    def formula(wb: Any) -> None:
        wb[PEOPLE.title]["F3"] = '=CONCATENATE("0010","00000000")'

    report = run(tmp_path, edit(good(), formula), admin)
    assert cells_of(report) == [("Cán bộ, đảng viên", 3, "Số CCCD", '=CONCATENATE("0010","00000000")')]
    assert "công thức" in report.errors[0].message


def test_it_stops_at_a_run_of_empty_rows_in_a_huge_sheet(tmp_path: Path, tree: Tree, admin: User) -> None:
    """50 MB of empty formatted rows after the data (a zip of about 1 MB): read in streaming, stopped early."""
    source = zipfile.ZipFile(io.BytesIO(good()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                filler = "".join(
                    f'<row r="{n}"><c r="A{n}" s="1"/><c r="B{n}" s="1"/></row>' for n in range(10, 1_048_577)
                )
                data = data.replace(b"</sheetData>", filler.encode() + b"</sheetData>")
                assert len(data) > 50_000_000
            target.writestr(info, data)
    path = _write(tmp_path, out.getvalue())
    started = time.monotonic()
    report = import_workbook(path=path, file_name="x.xlsx", actor=admin, dry_run=False, today=TODAY)
    assert report.errors == [] and Person.objects.count() == 2
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (5, "12345", "phải gồm đúng 12 chữ số"),
        (9, "12345BN", "không đúng dạng"),
        (12, dt.date(2020, 6, 1), "trước khi hết 12 tháng dự bị"),
        (2, "An2", "chỉ được gồm chữ cái"),
    ],
)
def test_it_applies_the_rules_of_the_records(
    tmp_path: Path, tree: Tree, admin: User, column: int, value: Any, message: str
) -> None:
    rows = sample_rows(1, cells=["B1C1"], children=False)
    rows[PEOPLE.key][0][column] = value
    assert message in only_message(run(tmp_path, workbook_bytes(rows), admin))


def test_it_refuses_an_admission_under_18(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = sample_rows(1, cells=["B1C1"], children=False)
    rows[PEOPLE.key][0][4] = dt.date(2003, 1, 1)
    rows[PEOPLE.key][0][11] = rows[PEOPLE.key][0][14] = dt.date(2020, 6, 1)
    rows[PEOPLE.key][0][12] = None
    assert "đủ 18 tuổi" in only_message(run(tmp_path, workbook_bytes(rows), admin))
