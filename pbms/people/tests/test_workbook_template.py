"""The template and the exports: sheets, drop-downs and date formats, Mẫu 7-HSĐV, and the commands."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from pbms.accounts.models import User
from pbms.conftest import Personas, Tree
from pbms.people import services
from pbms.people.models import Code, Person
from pbms.people.tests.conftest import make_member
from pbms.people.workbook.apply import import_workbook
from pbms.people.workbook.export import MEMBER_LIST_COLUMNS, export_member_list, export_people
from pbms.people.workbook.sample import sample_rows, workbook_bytes
from pbms.people.workbook.spec import CODES_SHEET, PEOPLE, RATING_LEVELS, SHEETS, load_code_lists
from pbms.people.workbook.template import template_bytes

TODAY = dt.date(2026, 11, 23)


def test_it_builds_the_template_with_code_lists_and_drop_downs(db: None) -> None:
    workbook = load_workbook(io.BytesIO(template_bytes(lists=load_code_lists())))
    assert workbook.sheetnames == [s.title for s in SHEETS] + [CODES_SHEET]
    people = workbook[PEOPLE.title]
    assert [c.value for c in people[2]] == [c.header for c in PEOPLE.columns]
    validations = {str(v.sqref): v.formula1 for v in people.data_validations.dataValidation}
    assert validations["H3:H1048576"] == f"'{CODES_SHEET}'!$D$3:$D$56"  # Mã dân tộc: the 54 groups
    assert validations["D3:D1048576"] == f"'{CODES_SHEET}'!$A$3:$A$4"  # Giới tính
    assert people.column_dimensions["E"].number_format == "DD/MM/YYYY"  # Ngày sinh
    assert people.column_dimensions["F"].number_format == "@"  # CCCD keeps its leading zeros
    codes = workbook[CODES_SHEET]
    values = {cell.value for row in codes.iter_rows() for cell in row}
    assert set(RATING_LEVELS) <= values and {"Kinh", "Mặc Môn", "lanh-dao-cap-xa", "Ủy viên"} <= values


def test_it_reads_the_empty_template_without_error(tmp_path: Path, db: None) -> None:
    path = tmp_path / "mau.xlsx"
    call_command("export_workbook", str(path), "--template", stdout=io.StringIO())
    report = import_workbook(path=path, file_name="mau.xlsx", actor=None, dry_run=False, today=TODAY)
    assert report.errors == [] and report.changes == 0


def test_it_exports_the_member_list_in_the_layout_of_form_7(tree: Tree, admin: User, tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(workbook_bytes(sample_rows(3, cells=["B1C1"])))
    import_workbook(path=path, file_name="in.xlsx", actor=admin, dry_run=False, today=TODAY)
    content = export_member_list(people=Person.objects.order_by("id"), actor=admin, title="Chi bộ thôn Ba")
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "MẬT"  # the classification mark of "person_list"
    assert rows[1][0] == "Chi bộ thôn Ba (Mẫu 7-HSĐV)"
    assert len(MEMBER_LIST_COLUMNS) == 14 and rows[4] == MEMBER_LIST_COLUMNS
    first = rows[5]
    assert first[0] == 1 and first[1] == "Nguyễn Văn An" and first[3] == "Nữ; Mường; Không"
    assert first[5] == "CMNV: Đại học" and first[8] == "00000000; 000000BA; —"


def test_it_fills_form_7_with_moves_exemptions_and_departures(tree: Tree, admin: User) -> None:
    member = make_member(admin, tree.A1c1, "Trần Thị Ánh", on=dt.date(2023, 3, 15))
    for kind, level in (("education", "DH"), ("political_theory", "TC"), ("it", "CB")):
        if found := Code.objects.filter(list=kind, code=level).first():
            services.qualification_add(actor=admin, person=member.person, kind=kind, level=found)
    services.member_transfer(
        actor=admin, membership=member, cell=tree.B1c1, date=dt.date(2024, 1, 10), decision_ref="1"
    )
    services.member_exempt(actor=admin, membership=member, date=dt.date(2024, 3, 1), decision_ref="2")
    services.member_move_out(
        actor=admin, membership=member, date=dt.date(2024, 6, 1), decision_ref="3", destination="Đảng bộ tỉnh Hà Nam"
    )
    content = export_member_list(people=Person.objects.all(), actor=admin, title="Chi bộ")
    row = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))[5]
    assert row[5] == "LLCT: Trung cấp; CMNV: Đại học"  # the form's order: lý luận, then chuyên môn
    assert row[10] == (
        "10/01/2024: chuyển đến Chi bộ thôn Ba (Đảng bộ xã Cẩm Lý)\n"
        "01/06/2024: chuyển đi Đảng bộ tỉnh Hà Nam (ra ngoài tỉnh)"
    )
    assert row[13] == "Miễn công tác và sinh hoạt đảng từ 01/03/2024"


def test_it_never_exports_text_as_a_formula(tree: Tree, admin: User, tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(workbook_bytes(sample_rows(1, cells=["B1C1"], children=False)))
    import_workbook(path=path, file_name="in.xlsx", actor=admin, dry_run=False, today=TODAY)
    Person.objects.update(place_of_origin='=HYPERLINK("http://x","y")')
    sheet = load_workbook(io.BytesIO(export_people(people=Person.objects.all(), actor=admin)))[PEOPLE.title]
    cell = sheet["G3"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
    assert sheet["A1"].value == "MẬT"


def test_it_exits_with_an_error_status_and_lists_every_bad_row(tree: Tree, tmp_path: Path) -> None:
    rows = sample_rows(3, cells=["B1C1"], children=False)
    rows[PEOPLE.key][0][7] = "99"
    rows[PEOPLE.key][2][4] = "31/02/1980"
    path = tmp_path / "sai.xlsx"
    path.write_bytes(workbook_bytes(rows))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_workbook", str(path), stdout=out, stderr=err)
    assert raised.value.returncode == 1
    lines = err.getvalue().splitlines()
    assert lines == [
        "LỖI  Cán bộ, đảng viên, dòng 3, cột “Mã dân tộc”: Không có trong danh mục “Mã dân tộc” (xem trang Danh mục)."
        " [giá trị: 99]",
        "LỖI  Cán bộ, đảng viên, dòng 5, cột “Ngày sinh”: Không phải ngày có thật, hoặc không đúng dạng dd/mm/yyyy."
        " [giá trị: 31/02/1980]",
    ]
    assert not Person.objects.exists()


def test_it_runs_dry_then_for_real_from_the_command_line(tree: Tree, people: Personas, tmp_path: Path) -> None:
    path = tmp_path / "dung.xlsx"
    path.write_bytes(workbook_bytes(sample_rows(2, cells=["B1C1"], children=False)))
    out = io.StringIO()
    call_command("import_workbook", str(path), "--dry-run", "--as", "chuyenvien", stdout=out)
    assert "Chạy thử" in out.getvalue() and not Person.objects.exists()
    with pytest.raises(CommandError, match="không có quyền nhập"):
        call_command("import_workbook", str(path), "--as", "bithu_a1c1", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_workbook", str(path), "--as", "chuyenvien", stdout=out)
    assert "Cán bộ, đảng viên: thêm 2, sửa 0, không đổi 0" in out.getvalue()
    assert Person.objects.count() == 2


def test_it_exports_the_people_of_a_subtree_from_the_command_line(tree: Tree, admin: User, tmp_path: Path) -> None:
    source = tmp_path / "in.xlsx"
    source.write_bytes(workbook_bytes(sample_rows(4, cells=["A1C1", "B1C1"], children=False)))
    import_workbook(path=source, file_name="in.xlsx", actor=admin, dry_run=False, today=TODAY)
    target = tmp_path / "out.xlsx"
    call_command("export_workbook", str(target), "--org", "y", stdout=io.StringIO())
    sheet = load_workbook(target, read_only=True)[PEOPLE.title]
    cells = [row[13] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert cells == ["B1C1", "B1C1"]
    call_command("export_workbook", str(target), "--mau-7", "--as", admin.username, stdout=io.StringIO())
    assert load_workbook(target).active.max_row == 5 + 4
    assert load_workbook(target).active["A2"].value == "SỔ DANH SÁCH ĐẢNG VIÊN (Mẫu 7-HSĐV)"
    out = io.StringIO()
    call_command("export_workbook", str(target), "--mau-7", "--org", "b1c1", "--as", admin.username, stdout=out)
    heading = load_workbook(target).active["A2"].value
    assert heading.startswith("SỔ DANH SÁCH ĐẢNG VIÊN – Chi bộ thôn Ba, ") and heading.endswith(" (Mẫu 7-HSĐV)")


def test_it_saves_shared_strings_and_dimensions_as_excel_does(db: None) -> None:
    """openpyxl's write-only output (inline strings, no <dimension>) reads about twice as slowly."""
    content = workbook_bytes(sample_rows(3, cells=["B1C1"], children=False))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml")
        strings = archive.read("xl/sharedStrings.xml")
    assert b'<dimension ref="A1:O5" />' in sheet and b"inlineStr" not in sheet
    assert strings.count(b"<si>") > 100  # the code lists' names and the people's texts
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook[PEOPLE.title].max_row == 5
    assert [c.value for c in next(workbook[PEOPLE.title].iter_rows(min_row=3, max_row=3))][:3] == [
        "Nguyễn",
        "Văn",
        "An",
    ]
