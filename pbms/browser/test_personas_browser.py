"""Every page a persona reaches from the menu, in a real browser: the menu's links and the first link of each
list on them. On each page: no server error, nothing in the browser's console, no English word left in the
visible text; and what the persona may not do is neither shown nor accepted.

The deny-list is tuned to flag leftovers of English UI and of raw Python/JavaScript values without flagging
Vietnamese: matching is case-sensitive and on whole words (Python's ``\\w`` knows Vietnamese letters, so a word
inside a longer one is not a match); text in ``<code>`` is dropped first (action codes such as
``admin.change.role`` are shown on purpose); "nan" is a Vietnamese syllable ("nan giải"), so only NaN and a cell
holding exactly "nan" are flagged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.browser.conftest import BrowserWorld, console_errors, enrol_otp, login
from pbms.conftest import make_user
from pbms.orgs.models import Organization
from pbms.people.tests.conftest import make_member

# Each persona's lists hold someone: a member in district A's cell and one in district B's.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("members")]

DENIED_WORDS = (
    "None", "True", "False", "null", "undefined", "NaN",
    "Submit", "Search", "Add", "Delete", "Edit", "Change", "Save", "Cancel", "Select", "select", "Filter",
    "Next", "Previous", "Home", "Logout", "Login", "Password", "Username", "Yes", "No",
    "provincial", "district", "commune", "numerator", "denominator",
)  # fmt: skip
DENIED_PHRASES = ("Page not found", "Not Found", "Server Error", "Forbidden", "Traceback", "Bad Request")
DENIED = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, DENIED_WORDS)) + r")(?!\w)")
# Links that download a file, leave the site or end the session are not pages to visit.
NOT_A_PAGE = re.compile(r"xuat-excel|xuat-word|bao-cao|\.xlsx|\.docx|dang-xuat|/api/|mau=|/static/")
# Register writes: an auditor must see none of these links.
REGISTER_EDITS = re.compile(
    r"/can-bo/(moi|\d+/(sua|dang-tich|trinh-do|chuc-vu|boi-duong))/|/can-bo/nhap-du-lieu/"
    r"|/to-chuc/(moi/|\d+/(doi-ten|chuyen|hop-nhat|chia-tach|giai-the)/)"
)
RESTRUCTURING = ("Đổi tên, loại hình", "Chuyển trực thuộc", "Hợp nhất, sáp nhập", "Chia tách", "Giải thể")
VISIBLE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('code, script, style, template, [hidden]').forEach(e => e.remove());
  document.body.appendChild(copy);  // innerText needs the copy laid out
  copy.style.display = 'block';
  const text = copy.innerText;
  copy.remove();
  return text;
}"""
FIRST_LINKS = """() => {
  const lists = document.querySelectorAll('main table tbody, main ul, main ol');
  return Array.from(lists, list => list.querySelector('a[href]')).filter(Boolean).map(a => a.href);
}"""


@dataclass
class Visit:
    url: str
    problems: list[str]


def _check(page: Page, url: str, console: list[str]) -> Visit:
    already = len(console)
    response = page.goto(url, wait_until="networkidle")
    problems = []
    status = response.status if response is not None else 0
    if status >= 500 or status == 0:
        problems.append(f"trả về {status}")
    text = page.evaluate(VISIBLE_TEXT)
    words = sorted({m[1] for m in DENIED.finditer(text)} | {p for p in DENIED_PHRASES if p in text})
    if words:
        context = [text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ") for m in DENIED.finditer(text)]
        problems.append(f"chữ tiếng Anh {words}: {context[:3]}")
    cells = page.locator("main td").all_inner_texts()
    if any(cell.strip() == "nan" for cell in cells):
        problems.append("ô bảng ghi 'nan'")
    if errors := console[already:]:
        problems.append(f"lỗi console {errors}")
    return Visit(url=url, problems=problems)


def crawl(page: Page, *, budget: int = 40) -> list[Visit]:
    """The menu's pages, then the first link of each list on them (same site, no downloads), each once."""
    console = console_errors(page)
    page.goto("/", wait_until="networkidle")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    menu = [h for h in page.locator("nav.mainnav a").evaluate_all("links => links.map(a => a.href)")]
    seen: set[str] = set()
    visits: list[Visit] = []

    def wanted(href: str) -> bool:
        return href.startswith(origin) and not NOT_A_PAGE.search(href) and href.split("#")[0] not in seen

    for href in menu:
        if not wanted(href):
            continue
        seen.add(href)
        visits.append(_check(page, href, console))
        for first in page.evaluate(FIRST_LINKS):
            if wanted(first) and len(seen) < budget:
                seen.add(first.split("#")[0])
                visits.append(_check(page, first, console))
                page.goto(href, wait_until="networkidle")  # back to the menu page for its next list
    return visits


def _assert_clean(visits: list[Visit]) -> None:
    assert len(visits) > 3  # the crawl found the menu
    found = [f"{v.url}: {p}" for v in visits for p in v.problems]
    assert found == [], "\n".join(found)


@dataclass
class Persona:
    user: User
    otp: Callable[[], str] | None


def _persona(username: str, name: str, grant: tuple[Organization, str, str] | None) -> Persona:
    user = make_user(username, name)
    if grant is not None:
        org, role, scope = grant
        Assignment.objects.create(user=user, org=org, role=role, scope=scope)
    return Persona(user=user, otp=enrol_otp(user))


@pytest.fixture
def members(world: BrowserWorld) -> None:
    for cell, name in ((world.tree.A1c1, "Nguyễn Thị Ánh"), (world.tree.B1c1, "Trần Văn Bình")):
        make_member(world.admin, cell, name, gender="F" if "Thị" in name else "M", born=dt.date(1980, 3, 4))


def test_it_shows_the_administrator_clean_pages(page: Page, world: BrowserWorld) -> None:
    login(page, world.admin.username, otp=world.otp.get(world.admin.username))
    _assert_clean(crawl(page))


def test_it_shows_the_specialist_clean_pages(page: Page, world: BrowserWorld) -> None:
    login(page, world.specialist.username, otp=world.otp.get(world.specialist.username))
    _assert_clean(crawl(page))


def test_it_shows_the_ended_district_office_clean_pages_that_say_why(page: Page, world: BrowserWorld) -> None:
    login(page, world.outsider.username)  # office of district B, which ended on 01/7/2025
    visits = crawl(page)
    _assert_clean(visits)
    page.goto(f"/?ngay={timezone.localdate():%d/%m/%Y}")  # the crawl followed links that set another day
    assert "đã kết thúc ngày 01/07/2025" in page.locator("main").inner_text()
    page.get_by_role("link", name="xem số liệu trước ngày đó").first.click()
    page.wait_for_load_state("networkidle")
    assert "Đảng bộ huyện Tây Hà" in page.locator("main").inner_text()


def test_it_shows_the_cell_secretary_no_restructuring_of_his_cell(page: Page, world: BrowserWorld) -> None:
    secretary = _persona("bithu", "Hoàng Văn Em", (world.tree.A1c1, Role.CELL_SECRETARY, Scope.ENTER))
    login(page, secretary.user.username, otp=secretary.otp)
    _assert_clean(crawl(page))
    cell = f"/to-chuc/{world.tree.A1c1.pk}/"
    page.goto(cell, wait_until="networkidle")
    assert "Chi bộ thôn Một" in page.locator("h1").inner_text()
    for button in RESTRUCTURING:
        assert page.locator("main a", has_text=button).count() == 0, button
    # Nor accepted: the forms are refused, a posted dissolution too (with the page's own CSRF token).
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for operation in ("doi-ten", "chuyen", "hop-nhat", "chia-tach", "giai-the"):
        assert page.request.get(f"{cell}{operation}/").status == 403, operation
    posted = page.request.post(
        f"{cell}giai-the/",
        form={"effective_date": "01/08/2025", "decision_ref": "9-QĐ/TU"},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert posted.status == 403
    world.tree.A1c1.refresh_from_db()
    assert world.tree.A1c1.ended_on is None


def test_it_shows_the_log_auditor_the_log_and_no_register_edit(page: Page, world: BrowserWorld) -> None:
    auditor = _persona("kiemsoat", "Vũ Thị Hạnh", (world.tree.P, Role.AUDITOR, Scope.VIEW))
    login(page, auditor.user.username, otp=auditor.otp)
    visits = crawl(page)
    _assert_clean(visits)
    assert any(v.url.endswith("/nhat-ky/") for v in visits)
    for visit in visits:
        page.goto(visit.url, wait_until="networkidle")
        hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert [h for h in hrefs if REGISTER_EDITS.search(h)] == [], visit.url
    page.goto("/to-chuc/")
    assert "chỉ được xem nhật ký hệ thống" in page.locator("main").inner_text()
    for url in ("/can-bo/moi/", f"/to-chuc/{world.tree.A1c1.pk}/doi-ten/", "/can-bo/nhap-du-lieu/"):
        assert page.request.get(url).status in (403, 404), url
