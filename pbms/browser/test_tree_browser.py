"""The organisation tree in a real browser: the as-of date picker, htmx expansion, scope.

Contract of the page /to-chuc/: it shows the tree as of the date in the header's
``#as-of-input`` (dd/mm/yyyy, submitted with "Xem"); node names are links; a node
with children has a ``button.toggle`` that loads its children with htmx.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from pbms.browser.conftest import CHROMIUM, SKIP_REASON, BrowserWorld, login
from pbms.people.tests.conftest import make_member

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)]

TREE_URL = "/to-chuc/"
PROVINCE = "Đảng bộ tỉnh Bình An"
TOGGLE = "contains(concat(' ', normalize-space(@class), ' '), ' toggle ')"


def node_link(page: Page, name: str) -> Locator:
    return page.locator("main").get_by_role("link", name=name, exact=True)


def toggle_of(page: Page, name: str) -> Locator:
    """The toggle button of the node named ``name``: the first ``button.toggle`` inside the nearest
    element that holds both the node's link and a toggle (the node's own row/list item)."""
    link = node_link(page, name)
    return link.locator(f"xpath=ancestor::*[.//button[{TOGGLE}]][1]").locator(f"xpath=.//button[{TOGGLE}]").first


def reveal(page: Page, parent: str, child: str) -> None:
    """Make sure ``child`` is shown under ``parent``: the page may render a level collapsed, in which
    case the parent's toggle loads it."""
    if node_link(page, child).count() == 0:
        toggle_of(page, parent).click()
    expect(node_link(page, child)).to_be_visible()


def show_as_of(page: Page, day: str) -> None:
    date_input = page.locator("#as-of-input")
    date_input.fill(day)
    with page.expect_navigation():
        page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.locator("#as-of-input")).to_have_value(day)


def test_tree_follows_the_as_of_date_and_expands_with_htmx(page: Page, world: BrowserWorld) -> None:
    login(page, world.specialist.username, otp=world.otp.get(world.specialist.username))
    page.goto(TREE_URL)

    # Today (after the 2025 restructuring): the merged commune exists, the district does not.
    reveal(page, PROVINCE, "Đảng bộ xã An Bình")
    expect(node_link(page, "Đảng bộ huyện Đông Sơn")).to_have_count(0)

    # As of 31/12/2024 the district is back, and its children load on demand.
    show_as_of(page, "31/12/2024")
    reveal(page, PROVINCE, "Đảng bộ huyện Đông Sơn")
    expect(node_link(page, "Đảng bộ xã An Bình")).to_have_count(0)
    expect(node_link(page, "Đảng bộ xã An Phú")).to_have_count(0)

    page.evaluate("window.__samePage = true")
    toggle_of(page, "Đảng bộ huyện Đông Sơn").click()
    expect(node_link(page, "Đảng bộ xã An Phú")).to_be_visible()
    expect(node_link(page, "Đảng bộ xã Bình Minh")).to_be_visible()
    # The children came through htmx into the same page, not by a navigation.
    assert page.evaluate("window.__samePage === true")


def test_an_outsider_gets_the_vietnamese_not_found_page(page: Page, world: BrowserWorld) -> None:
    login(page, world.outsider.username)

    # Control: district B's own page opens for its staff.
    own = page.goto(f"{TREE_URL}{world.tree.B.pk}/?ngay=31/12/2024")
    assert own is not None and own.status == 200
    expect(page.locator("main")).to_contain_text("Đảng bộ huyện Tây Hà")

    # District A's page, today and on a date when both districts existed: not found, in Vietnamese.
    for suffix in ("", "?ngay=31/12/2024"):
        response = page.goto(f"{TREE_URL}{world.tree.A.pk}/{suffix}")
        assert response is not None and response.status == 404
        expect(page.locator("main")).to_contain_text("Không tìm thấy")
        expect(page.locator("main")).not_to_contain_text("Đảng bộ huyện Đông Sơn")


def test_an_outsider_gets_not_found_for_another_districts_person_file(page: Page, world: BrowserWorld) -> None:
    member = make_member(world.admin, world.tree.A1c1, "Nguyễn Thị Ánh", gender="F")
    login(page, world.outsider.username)
    response = page.goto(f"/can-bo/{member.person_id}/?ngay=31/12/2024")
    assert response is not None and response.status == 404
    expect(page.locator("main")).to_contain_text("Không tìm thấy")
    expect(page.locator("main")).not_to_contain_text("Nguyễn Thị Ánh")
