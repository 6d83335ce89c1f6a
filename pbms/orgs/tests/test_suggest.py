"""Organisations offered as one types a name in a filter (the person list's "Tổ chức"), scoped."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pbms.conftest import Personas, Tree, logged_in

URL = reverse("orgs:suggest")


def test_it_offers_the_matching_organisations_by_code(people: Personas, tree: Tree) -> None:
    page = logged_in(people.staff_a).get(URL, {"org": "an phu", "ngay": "31/12/2024"}).content.decode()
    assert '<option value="A1">Đảng bộ xã An Phú</option>' in page
    assert "Bình Minh" not in page


def test_it_offers_an_outsider_nothing_of_another_district(people: Personas, tree: Tree) -> None:
    page = logged_in(people.outsider).get(URL, {"org": "an phu", "ngay": "31/12/2024"}).content.decode()
    assert "<option" not in page
    assert "Cẩm Lý" in logged_in(people.outsider).get(URL, {"org": "cam ly", "ngay": "31/12/2024"}).content.decode()


def test_it_waits_for_two_letters_and_reads_one_query_whatever_the_matches(people: Personas, tree: Tree) -> None:
    client = logged_in(people.admin)
    assert "<option" not in client.get(URL, {"org": "x"}).content.decode()

    def count(query: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(URL, {"org": query, "ngay": "31/12/2024"}).content.decode()
        return len(ctx.captured_queries), page.count("<option")

    one, many = count("an phu"), count("dang bo")
    assert one[1] == 1 and many[1] > 3
    assert one[0] == many[0]


def test_the_person_list_offers_the_names_as_one_types(people: Personas, tree: Tree) -> None:
    page = logged_in(people.staff_a).get(reverse("people:list")).content.decode()
    assert 'list="org-options"' in page and f'hx-get="{URL}"' in page and '<datalist id="org-options">' in page
