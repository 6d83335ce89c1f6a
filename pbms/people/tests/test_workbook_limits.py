"""A junk workbook costs bounded memory: its errors are capped per sheet, and a file whose members or shared
strings pass the caps is refused from the zip's directory, before openpyxl reads anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pbms.conftest import Personas, Tree, logged_in
from pbms.people.models import Person
from pbms.people.workbook import parse
from pbms.people.workbook.apply import import_workbook
from pbms.people.workbook.sample import sample_rows, workbook_bytes
from pbms.people.workbook.spec import PEOPLE, QUALIFICATIONS

URL = "/can-bo/nhap-du-lieu/"


def test_it_lists_the_first_errors_of_a_sheet_and_counts_the_rest(
    tree: Tree, people: Personas, settings: Any, tmp_path: Path
) -> None:
    settings.PEOPLE_IMPORT_MAX_ERRORS = 5
    rows = sample_rows(20, cells=["B1C1"])
    for row in rows[PEOPLE.key]:
        row[7] = "99"  # no such ethnicity: one error per row
    rows[QUALIFICATIONS.key][0][4] = "XYZ"  # one error on another sheet, listed
    path = tmp_path / "junk.xlsx"
    path.write_bytes(workbook_bytes(rows))
    report = import_workbook(path=path, file_name="junk.xlsx", actor=people.specialist, dry_run=True)
    on_people = [issue for issue in report.errors if issue.sheet == PEOPLE.title]
    assert len(on_people) == 6  # five listed, then the count of the others
    assert all("Mã dân tộc" in issue.column for issue in on_people[:5])
    assert on_people[5].row is None and "và 15 lỗi khác trên trang này không được liệt kê" in on_people[5].message
    assert any(issue.sheet == QUALIFICATIONS.title for issue in report.errors)
    assert not report.applied and not Person.objects.exists()


def test_it_shows_the_count_of_unlisted_errors_on_the_preview(
    tree: Tree, people: Personas, settings: Any, tmp_path: Path
) -> None:
    settings.PEOPLE_IMPORT_DIR = tmp_path / "uploads"
    settings.PEOPLE_IMPORT_MAX_ERRORS = 3
    rows = sample_rows(10, cells=["B1C1"], children=False)
    for row in rows[PEOPLE.key]:
        row[4] = "hôm qua"
    client = logged_in(people.specialist)
    preview = client.post(URL, {"tep": SimpleUploadedFile("junk.xlsx", workbook_bytes(rows))})["Location"]
    html = client.get(preview).content.decode()
    assert html.count("hôm qua") == 3 and "và 7 lỗi khác" in html


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("PEOPLE_IMPORT_MAX_SHARED_STRINGS", "Bảng chuỗi của tệp (xl/sharedStrings.xml) giải nén ra"),
        ("PEOPLE_IMPORT_MAX_MEMBER", "cho một trang: hãy chia thành nhiều tệp"),
    ],
)
def test_it_refuses_a_file_past_the_caps_before_opening_it(
    tree: Tree, people: Personas, settings: Any, tmp_path: Path, setting: str, message: str
) -> None:
    settings.PEOPLE_IMPORT_DIR = tmp_path / "uploads"
    setattr(settings, setting, 1024)
    content = workbook_bytes(sample_rows(60, cells=["B1C1"]))
    with mock.patch.object(parse, "load_workbook", side_effect=AssertionError("openpyxl must not open it")):
        response = logged_in(people.specialist).post(URL, {"tep": SimpleUploadedFile("lon.xlsx", content)})
    assert response.status_code == 400 and message in response.content.decode()
    assert "vượt giới hạn 1 KB" in response.content.decode()
    assert list((tmp_path / "uploads").glob("*")) == []
