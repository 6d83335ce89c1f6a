"""The home page's "Việc cần làm": members due for recognition, and nothing outside the user's scope (the
evaluation part is tested in ``pbms/evaluations/tests/test_home_tasks.py``, beside its fixtures)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pbms.conftest import Personas, Tree, logged_in
from pbms.core.selectors import HOME_ROWS
from pbms.people import services
from pbms.people.models import Membership
from pbms.people.tests.conftest import make_member

HOME = reverse("core:home")
DUE = reverse("core:recognition_due")
BEFORE_DUE = "ngay=01/03/2024"  # member_a (admitted 15/3/2023) is due on 15/3/2024


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_lists_members_due_for_recognition_with_their_cell(people: Personas, tree: Tree) -> None:
    make_member(people.specialist, tree.A1c1, "Trần Thị Ánh")
    page = logged_in(people.staff_a).get(f"{HOME}?{BEFORE_DUE}").content.decode()
    assert "Trần Thị Ánh" in page and "Chi bộ thôn Một" in page
    assert "15/03/2024" in page and "Sắp đến hạn" in page
    late = logged_in(people.staff_a).get(f"{DUE}?ngay=20/03/2024").content.decode()
    assert "Trần Thị Ánh" in late and "Quá hạn xét" in late


def test_it_shows_an_outsider_no_member_of_another_district(people: Personas, tree: Tree) -> None:
    make_member(people.specialist, tree.A1c1, "Trần Thị Ánh")
    for url in (HOME, DUE):
        page = logged_in(people.outsider).get(f"{url}?{BEFORE_DUE}").content.decode()
        assert "Trần Thị Ánh" not in page
        assert "Không có đảng viên dự bị nào đến hạn" in page


def test_it_drops_a_member_once_recognised(people: Personas, tree: Tree) -> None:
    membership = make_member(people.specialist, tree.A1c1, "Trần Thị Ánh")
    services.member_recognize(
        actor=people.specialist, membership=membership, meeting_on=dt.date(2024, 3, 15), decision_ref="12-QĐ/ĐU"
    )
    page = logged_in(people.staff_a).get(f"{DUE}?ngay=20/03/2024").content.decode()
    assert "Trần Thị Ánh" not in page


def test_it_reads_the_recognition_list_in_constant_queries(people: Personas, tree: Tree) -> None:
    make_member(people.specialist, tree.A1c1, "Trần Thị Ánh")
    one = {url: _queries(logged_in(people.staff_a), f"{url}?{BEFORE_DUE}") for url in (HOME, DUE)}
    for i in range(6):
        make_member(people.specialist, tree.A2c1 if i % 2 else tree.A1c1, f"Mạc Văn {chr(65 + i)}")
    for url, count in one.items():
        assert _queries(logged_in(people.staff_a), f"{url}?{BEFORE_DUE}") == count


def test_it_offers_the_import_page_in_the_menu_only_to_who_may_import(people: Personas) -> None:
    link = f'href="{reverse("people_import:upload")}"'
    assert link in logged_in(people.specialist).get(HOME).content.decode()
    assert link in logged_in(people.staff_a).get(HOME).content.decode()
    for user in (people.viewer_a, people.secretary, people.nobody):
        assert link not in logged_in(user).get(HOME).content.decode()


def test_it_offers_to_add_a_person_only_to_who_enters_the_register(people: Personas, tree: Tree) -> None:
    link = f'href="{reverse("people:create")}"'
    for user in (people.specialist, people.staff_a, people.secretary):
        assert link in logged_in(user).get(reverse("people:list")).content.decode()
    assert link not in logged_in(people.viewer_a).get(reverse("people:list")).content.decode()


def test_it_reads_only_the_rows_the_home_page_shows(people: Personas, tree: Tree) -> None:
    # a province-wide account: the home page shows counts and a link, and reads at most HOME_ROWS members
    # (it read every member due, 40,000 in a province, to show ten)
    make_member(people.specialist, tree.A1c1, "Trần Thị Ánh")
    client = logged_in(people.specialist)
    few = _queries(client, f"{HOME}?ngay=20/03/2024")
    for i in range(HOME_ROWS + 4):
        make_member(people.specialist, tree.A2c1 if i % 2 else tree.A1c1, f"Mạc Văn {chr(65 + i)}")
    loaded: list[object] = []

    def count(sender: type, instance: object, **kwargs: object) -> None:
        loaded.append(instance)

    post_init.connect(count, sender=Membership)
    try:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(f"{HOME}?ngay=20/03/2024").content.decode()
    finally:
        post_init.disconnect(count, sender=Membership)
    assert len(ctx.captured_queries) == few
    assert len(loaded) <= HOME_ROWS
    assert page.count("Quá hạn xét") == HOME_ROWS
    assert f"{HOME_ROWS + 5} đảng viên ({HOME_ROWS + 5} quá hạn)" in page and f'href="{DUE}"' in page
