"""The resolution dashboard in a real browser: open it, change the year, click a number, see who it counts;
a rating target's number (decided results of the year) and the status swapped in when the trend arrives."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from pbms.browser.conftest import BrowserWorld, console_errors, login
from pbms.evaluations.models import Level, RatingKind, SubjectGroup
from pbms.evaluations.services import result_import
from pbms.people import services
from pbms.people.models import ManagementCategory, Person
from pbms.people.tests.conftest import make_person
from pbms.resolutions.models import Target

pytestmark = pytest.mark.browser


def leader(world: BrowserWorld, name: str, gender: str) -> Person:
    person = make_person(world.admin, name, gender=gender, born=dt.date(1975, 4, 2))
    services.position_start(
        actor=world.admin,
        person=person,
        org=world.tree.P,
        title="Giám đốc Sở",
        valid_from=dt.date(2024, 1, 1),
        categories=[ManagementCategory.objects.get(code="btv-tinh-uy")],
    )
    return person


def test_it_opens_the_dashboard_changes_the_year_and_drills_into_a_number(page: Page, world: BrowserWorld) -> None:
    hong = leader(world, "Lê Thị Hồng", "F")
    leader(world, "Trần Văn Khải", "M")
    # Target 9 (every year 100 % rated "good" or above, as cadres): only Hồng has a decided 2024 cadre rating.
    result_import(
        actor=world.admin,
        year=2024,
        level=Level.GOOD,
        group=SubjectGroup.LEADER,
        person=hong,
        rating_kind=RatingKind.CADRE,
    )
    rating_target = Target.objects.get(resolution__number="05-NQ/TU", number="9")
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

    # Back to the dashboard: target 9 counts the decided rating, 1 of the 2; once the trend has loaded, its
    # projection cell is filled in ("—": one year of values is not a trend) and its status stays "chưa đạt".
    page.go_back()
    rated = page.locator('#targets tr[data-target="9"]')
    expect(rated.locator("td.num").first).to_contain_text("1")
    expect(rated.locator("td.num").first).to_contain_text("/ 2")
    expect(page.locator(f"#projection-{rating_target.pk}")).to_have_text("—")
    expect(page.locator(f"#status-{rating_target.pk}")).to_have_text("chưa đạt")
    rated.locator("td.num").first.get_by_role("link", name="1", exact=True).click()
    expect(page.locator("main")).to_contain_text("Lê Thị Hồng")
    expect(page.locator("main")).not_to_contain_text("Trần Văn Khải")


def test_it_draws_the_trend_and_the_breakdown_charts(page: Page, world: BrowserWorld) -> None:
    """Both charts arrive in htmx partials: their data must survive the swap and plotly must draw them, with
    nothing refused by the CSP on the way (plotly injected maplibre's stylesheet: a console error)."""
    errors = console_errors(page)
    leader(world, "Lê Thị Hồng", "F")
    login(page, world.specialist.username, otp=world.otp.get(world.specialist.username))
    page.goto("/nghi-quyet/")
    page.get_by_role("link", name="05-NQ/TU").click()
    page.locator("main").get_by_role("link", name="2024", exact=True).click()
    # The trend: one line per target with figures, plotly's SVG in the chart's element.
    expect(page.locator("#trend-chart svg.main-svg").first).to_be_visible()
    expect(page.locator("#trend-chart .scatterlayer .trace").first).to_be_attached()
    # The breakdown of target 5 by child organisation: a bar chart under its table.
    women = Target.objects.get(resolution__number="05-NQ/TU", number="5")
    page.locator(f"button[hx-target='#breakdown-{women.pk}']").click()
    bars = page.locator(f"#breakdown-{women.pk} .chart")
    expect(bars.locator("svg.main-svg").first).to_be_visible()
    expect(bars.locator(".barlayer .trace").first).to_be_attached()
    assert errors == []
