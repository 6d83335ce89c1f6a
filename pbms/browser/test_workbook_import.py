"""The import pages in a real browser: a small workbook goes in through upload → preview → confirm; a bad one
gets its error report and nothing is written. Here rather than beside the other workbook tests
(pbms/people/tests/test_workbook_*.py) because the browser fixtures are this package's conftest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from pbms.browser.conftest import CHROMIUM, SKIP_REASON, BrowserWorld, login
from pbms.people.models import Person
from pbms.people.workbook.sample import sample_rows, workbook_bytes
from pbms.people.workbook.spec import PEOPLE

# District B's office imports 2020–2024 history: the write rule's "today" before 01/7/2025, when its scope
# still held (pbms/conftest.py before_restructuring; the live server runs in this process).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON),
    pytest.mark.usefixtures("before_restructuring"),
]

URL = "/can-bo/nhap-du-lieu/"


def upload(page: Page, world: BrowserWorld, path: Path) -> None:
    # the office staff of district B: imports for B's subtree, logs in without a one-time password
    login(page, world.outsider.username)
    page.goto(URL)
    page.set_input_files("#id_tep", str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()


def test_it_imports_a_small_workbook_through_the_pages(
    page: Page, world: BrowserWorld, tmp_path: Path, settings: Any
) -> None:
    settings.PEOPLE_IMPORT_DIR = tmp_path / "uploads"
    path = tmp_path / "chi-bo-thon-ba.xlsx"
    path.write_bytes(workbook_bytes(sample_rows(2, cells=["B1C1"])))
    upload(page, world, path)
    main = page.locator("main")
    expect(main).to_contain_text("không có lỗi")
    expect(page.locator("#summary")).to_contain_text("Cán bộ, đảng viên")
    assert not Person.objects.exists()
    page.get_by_role("button", name="Xác nhận ghi vào cơ sở dữ liệu").click()
    expect(main).to_contain_text("Đã ghi")
    assert Person.objects.count() == 2
    assert list((tmp_path / "uploads").glob("*.xlsx")) == []


def test_it_shows_the_error_report_of_a_bad_workbook(
    page: Page, world: BrowserWorld, tmp_path: Path, settings: Any
) -> None:
    settings.PEOPLE_IMPORT_DIR = tmp_path / "uploads"
    rows = sample_rows(3, cells=["B1C1"], children=False)
    rows[PEOPLE.key][1][4] = "31/02/1980"
    rows[PEOPLE.key][2][13] = "A1C1"  # district A: outside this user's scope
    path = tmp_path / "sai.xlsx"
    path.write_bytes(workbook_bytes(rows))
    upload(page, world, path)
    expect(page.locator("main")).to_contain_text("Tệp có 2 lỗi: không ghi gì")
    errors = page.locator("#errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("Ngày sinh")
    expect(errors.nth(0)).to_contain_text("31/02/1980")
    expect(errors.nth(1)).to_contain_text("không thuộc phạm vi nhập liệu của bạn")
    expect(page.get_by_role("button", name="Xác nhận ghi vào cơ sở dữ liệu")).to_have_count(0)
    assert not Person.objects.exists()
