"""Empty pages that say why: a district office after the restructuring of 01/7/2025, and the log auditor on the
register pages."""

from __future__ import annotations

import re

from pbms.audit.tests.test_audit_page import auditor
from pbms.conftest import Personas, Tree, logged_in

ENDED = "Đảng bộ huyện Đông Sơn đã kết thúc ngày 01/07/2025 theo sắp xếp tổ chức (quyết định 202-QĐ/TU)"
REGISTER_PAGES = ("/", "/to-chuc/", "/can-bo/")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_it_tells_a_district_office_its_district_ended_and_links_to_the_day_before(people: Personas) -> None:
    client = logged_in(people.staff_a)
    for url in REGISTER_PAGES:
        page = client.get(url, {"ngay": "15/08/2025"}).content.decode()
        assert ENDED in _text(page), url
        assert '<a href="?ngay=30/06/2025">xem số liệu trước ngày đó</a>' in page, url
    # The link's day shows the district's tree, and no note.
    before = client.get("/to-chuc/", {"ngay": "30/06/2025"}).content.decode()
    assert "Đảng bộ huyện Đông Sơn" in before and "đã kết thúc" not in before


def test_it_says_nothing_to_users_whose_organisation_still_exists(people: Personas) -> None:
    for user in (people.specialist, people.secretary, people.admin):
        page = logged_in(user).get("/to-chuc/", {"ngay": "15/08/2025"}).content.decode()
        assert "đã kết thúc ngày" not in page and "chỉ được xem nhật ký" not in page, user.username
    # The secretary's cell A1C1 went on under the new commune: no note after the restructuring either.


def test_it_tells_the_log_auditor_his_role_only_reads_the_log(tree: Tree) -> None:
    client = logged_in(auditor(tree))
    for url in REGISTER_PAGES:
        page = client.get(url).content.decode()
        assert "Vai trò của bạn chỉ được xem nhật ký hệ thống" in page, url
        assert '<a href="/nhat-ky/">mở nhật ký hệ thống</a>' in page, url


def test_it_does_not_tell_a_register_user_he_only_reads_the_log(people: Personas) -> None:
    page = logged_in(people.viewer_a).get("/to-chuc/", {"ngay": "30/06/2025"}).content.decode()
    assert "chỉ được xem nhật ký" not in page
