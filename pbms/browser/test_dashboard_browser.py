"""The resolution dashboard in a real browser: open it, change the year, click a number, see who it counts."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from pbms.browser.conftest import BrowserWorld, login
from pbms.people import services
from pbms.people.models import ManagementCategory
from pbms.people.tests.conftest import make_person

pytestmark = pytest.mark.browser


def leader(world: BrowserWorld, name: str, gender: str) -> None:
    person = make_person(world.admin, name, gender=gender, born=dt.date(1975, 4, 2))
    services.position_start(
        actor=world.admin,
        person=person,
        org=world.tree.P,
        title="Giám đốc Sở",
        valid_from=dt.date(2024, 1, 1),
        categories=[ManagementCategory.objects.get(code="btv-tinh-uy")],
    )


def test_it_opens_the_dashboard_changes_the_year_and_drills_into_a_number(page: Page, world: BrowserWorld) -> None:
    leader(world, "Lê Thị Hồng", "F")
    leader(world, "Trần Văn Khải", "M")
    login(page, world.specialist.username, otp=world.otp.get(world.specialist.username))

    page.goto("/nghi-quyet/")
    page.get_by_role("link", name="05-NQ/TU").click()
    expect(page.locator("h1")).to_contain_text("05-NQ/TU")

    # 2023: the two posts did not exist yet, so target 5 counts nobody
    page.locator("main").get_by_role("link", name="2023", exact=True).click()
    women = page.locator("#targets tbody tr").filter(has_text="nữ").first
    expect(women.locator("td.num").first).to_contain_text("/ 0")

    # 2024: one woman of two leaders managed by the Provincial Standing Committee
    page.locator("main").get_by_role("link", name="2024", exact=True).click()
    women = page.locator("#targets tbody tr").filter(has_text="nữ").first
    expect(women.locator("td.num").first).to_contain_text("1")
    expect(women.locator("td.num").first).to_contain_text("/ 2")
    women.locator("td.num").first.get_by_role("link", name="2", exact=True).click()
    expect(page.locator("main")).to_contain_text("Lê Thị Hồng")
    expect(page.locator("main")).to_contain_text("Trần Văn Khải")
