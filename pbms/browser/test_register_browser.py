"""The register in a real browser: import a workbook through the pages (a bad file is refused with its
reasons, a good one previewed then confirmed), then find an imported person by typing without diacritics."""

from __future__ import annotations

import pytest
from playwright.sync_api import FilePayload, Page, expect

from pbms.browser.conftest import BrowserWorld, login
from pbms.people.models import Person
from pbms.people.workbook.sample import sample_rows, workbook_bytes
from pbms.people.workbook.spec import PEOPLE

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page: Page, name: str, content: bytes) -> None:
    page.goto("/can-bo/nhap-du-lieu/")
    payload: FilePayload = {"name": name, "mimeType": XLSX, "buffer": content}
    page.locator("#id_tep").set_input_files(files=[payload])
    page.get_by_role("button", name="Tải lên và kiểm tra").click()


def test_it_imports_a_workbook_and_finds_a_person_without_diacritics(page: Page, world: BrowserWorld) -> None:
    login(page, world.specialist.username, otp=world.otp.get(world.specialist.username))

    upload(page, "hong.xlsx", b"day khong phai tep Excel" * 10)
    expect(page.locator("main")).to_contain_text("Tệp không phải bảng tính Excel (.xlsx).")
    assert not Person.objects.exists()

    rows = sample_rows(3, cells=["B1C1"], children=False)
    rows[PEOPLE.key][1][4] = "31/02/2024"  # a birth date that does not exist
    upload(page, "sai-ngay.xlsx", workbook_bytes(rows))
    expect(page.locator("#errors")).to_contain_text("31/02/2024")
    expect(page.get_by_role("button", name="Xác nhận ghi vào cơ sở dữ liệu")).to_have_count(0)
    assert not Person.objects.exists()

    good = workbook_bytes(sample_rows(3, cells=["B1C1"], children=False))
    upload(page, "dang-vien.xlsx", good)
    expect(page.locator("#summary")).to_be_visible()
    page.get_by_role("button", name="Xác nhận ghi vào cơ sở dữ liệu").click()
    expect(page.locator("main")).to_contain_text("Đã ghi")
    assert Person.objects.count() == 3

    page.goto("/can-bo/")
    page.locator("#id_q").fill("nguyen van an")
    expect(page.locator("#people-results")).to_contain_text("Nguyễn Văn An")
    expect(page.locator("#people-results")).not_to_contain_text("Trần")
    # Let the search requests settle first: the test database is SQLite in memory with a shared cache, where
    # a request still writing the session makes the next one fail with "table is locked" instead of waiting.
    page.wait_for_load_state("networkidle")
    page.locator("#people-results").get_by_role("link", name="Nguyễn Văn An").click()
    expect(page.locator("h1")).to_have_text("Nguyễn Văn An")
