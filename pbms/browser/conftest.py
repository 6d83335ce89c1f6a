"""Playwright fixtures: Debian's Chromium driven through the sync API against pytest-django's live server.

``playwright install`` cannot download anything on these machines, so the browser
is always Debian's ``/usr/bin/chromium``. Without it every test in this package is
skipped with a one-line reason; ``make test`` runs this package on its own pass
(``-m browser``) and the database passes exclude it (``-m "not browser"``).

Every test here is marked ``browser`` (the hook below adds the mark if a test
forgets it, so a default run never starts a browser by accident). Tests use
``live_server``, hence transactional database access: what the test writes must be
committed for the server thread to see it.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.conftest import PASSWORD, Tree, build_tree, make_user

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = f"{CHROMIUM} không có trên máy này (Debian: apt-get install -y chromium); bỏ qua kiểm thử trình duyệt"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 15_000
LOGIN_URL = "/tai-khoan/dang-nhap/"
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "test-results"

expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:  # noqa: ARG001
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            if item.get_closest_marker("browser") is None:
                item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    # Playwright's sync API runs an event loop in this thread; Django would then refuse
    # the test's own ORM calls as "async-unsafe". They are not: set only for this session.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page; an uncaught JavaScript error fails the test, a failed test leaves a screenshot."""
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield new_page
    if request.node.stash.get(_CALL_FAILED, False):
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        new_page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)
    assert not errors, f"Lỗi JavaScript trên trang: {errors}"


def console_errors(page: Page) -> list[str]:
    """From now on, every error the browser's console reports on ``page`` (a CSP refusal, a failed
    request, an uncaught error), as "text (url:line)"; the list fills as the page runs."""
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            errors.append(f"{message.text} ({where.get('url', '')}:{where.get('lineNumber', '')})")

    page.on("console", keep)
    return errors


def enrol_otp(user: User) -> Callable[[], str] | None:
    """Give ``user`` a confirmed TOTP device, as if they had scanned the QR code; return a function
    that reads the authenticator app's current code. None when two-factor login is not installed."""
    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return None
    # Imported by name: the browser tests must not depend on django-otp's (absent) type information.
    totp_class: Any = importlib.import_module("django_otp.oath").TOTP
    device: Any = apps.get_model("otp_totp", "TOTPDevice").objects.create(
        user=user, name="Kiểm thử trình duyệt", confirmed=True
    )

    def current_code() -> str:
        token = totp_class(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        return f"{int(token):0{int(device.digits)}d}"

    return current_code


def login(page: Page, username: str, password: str = PASSWORD, *, otp: Callable[[], str] | None = None) -> None:
    """Log in through the real form (and the one-time-password step when the account asks for it);
    wait until the browser has left the login pages."""
    page.goto(LOGIN_URL)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(lambda url: LOGIN_URL not in url)
    if page.locator("#id_token").count():
        assert otp is not None, f"{username} phải nhập mã OTP nhưng kiểm thử không có thiết bị OTP cho tài khoản này"
        step_url = page.url.split("?")[0]
        page.locator("#id_token").fill(otp())
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: not url.startswith(step_url))


@dataclass
class BrowserWorld:
    """The fixture tree of pbms/conftest.py, committed, with the users the browser tests log in as."""

    tree: Tree
    admin: User
    specialist: User  # Ban Tổ chức, the whole province
    outsider: User  # office of district B (Tây Hà): must see nothing of district A
    otp: dict[str, Callable[[], str]]  # username → current one-time code, for accounts that must use one


@pytest.fixture
def world(transactional_db: None, django_db_serialized_rollback: None) -> BrowserWorld:  # noqa: ARG001
    # serialized_rollback: the flush after a transactional test empties every table, including the
    # reference levels and kinds a data migration loaded; this restores them for the next test.
    admin = make_user("quantri", "Quản Trị Viên", superuser=True)
    tree = build_tree(admin)
    specialist = make_user("chuyenvien", "Nguyễn Thị Lan")
    Assignment.objects.create(user=specialist, org=tree.P, role=Role.SPECIALIST, scope=Scope.ENTER)
    outsider = make_user("huyen_b", "Phạm Văn Dũng")
    Assignment.objects.create(user=outsider, org=tree.B, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    # Specialists must pass two-factor login; give them a device. Others log in with the password alone.
    otp = {user.username: code for user in (admin, specialist) if (code := enrol_otp(user)) is not None}
    return BrowserWorld(tree=tree, admin=admin, specialist=specialist, outsider=outsider, otp=otp)
