"""The tree pages as each persona sees them: content by date, scope (404 outside), query counts, forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from pbms.accounts.models import User
from pbms.conftest import Personas, Tree, kind, logged_in
from pbms.orgs import services
from pbms.orgs.models import Organization, Placement

HTMX = {"HX-Request": "true"}


def client_for(user: User) -> Client:
    return logged_in(user)


def test_it_shows_the_tree_as_of_the_chosen_date(people: Personas, tree: Tree) -> None:
    client = client_for(people.specialist)
    today_page = client.get("/to-chuc/?ngay=01/01/2026").content.decode()
    root_kids = client.get(f"/to-chuc/{tree.P.pk}/con/", headers=HTMX).content.decode()
    assert "Đảng bộ tỉnh Bình An" in today_page
    assert "Đảng bộ xã An Bình" in root_kids and "Đảng bộ huyện Đông Sơn" not in root_kids
    # the date is kept in the session for the next pages
    client.get("/to-chuc/?ngay=31/12/2024")
    old_kids = client.get(f"/to-chuc/{tree.P.pk}/con/", headers=HTMX).content.decode()
    assert "Đảng bộ huyện Đông Sơn" in old_kids and "Đảng bộ xã An Bình" not in old_kids


def test_it_rejects_a_bad_date_with_a_vietnamese_message(people: Personas, tree: Tree) -> None:
    response = client_for(people.specialist).get("/to-chuc/?ngay=31/02/2024", follow=True)
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()


def test_it_searches_names_ignoring_diacritics(people: Personas, tree: Tree) -> None:
    client = client_for(people.specialist)
    client.get("/to-chuc/?ngay=01/01/2026")
    body = client.get("/to-chuc/?q=dang+bo+xa+an+binh").content.decode()
    assert "Đảng bộ xã An Bình" in body
    partial = client.get(
        "/to-chuc/?q=TAY HA", headers={"HX-Request": "true", "HX-Target": "search-results"}
    ).content.decode()
    assert "Đảng bộ xã Tây Hà" in partial and "<html" not in partial


def test_it_hides_another_districts_organisations_from_an_outsider(people: Personas, tree: Tree) -> None:
    client = client_for(people.outsider)
    client.get("/to-chuc/?ngay=31/12/2024")
    for url in (
        f"/to-chuc/{tree.A.pk}/",
        f"/to-chuc/{tree.A1.pk}/",
        f"/to-chuc/{tree.A1c1.pk}/con/",
        f"/to-chuc/{tree.A.pk}/doi-ten/",
        f"/to-chuc/{tree.A.pk}/chuyen/",
        f"/to-chuc/{tree.A.pk}/hop-nhat/",
        f"/to-chuc/{tree.A.pk}/chia-tach/",
        f"/to-chuc/{tree.A.pk}/giai-the/",
        f"/to-chuc/moi/?cap_tren={tree.A.pk}",
    ):
        response = client.get(url, headers=HTMX) if url.endswith("/con/") else client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy" in response.content.decode()
    assert client.post(f"/to-chuc/{tree.A.pk}/giai-the/", {"confirm": "on"}).status_code == 404
    # own district is fine
    assert client.get(f"/to-chuc/{tree.B.pk}/").status_code == 200
    search = client.get("/to-chuc/?q=dong son").content.decode()
    assert "Đông Sơn" not in search


def test_it_hides_everything_from_a_user_without_assignment(people: Personas, tree: Tree) -> None:
    client = client_for(people.nobody)
    assert client.get(f"/to-chuc/{tree.P.pk}/").status_code == 404
    assert "Đảng bộ tỉnh" not in client.get("/to-chuc/").content.decode()


def test_it_sends_anonymous_users_to_the_login_page(tree: Tree) -> None:
    response = Client().get(f"/to-chuc/{tree.P.pk}/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_it_lets_a_viewer_read_but_not_open_the_forms(people: Personas, tree: Tree) -> None:
    client = client_for(people.viewer_a)
    client.get("/to-chuc/?ngay=31/12/2024")
    page = client.get(f"/to-chuc/{tree.A.pk}/").content.decode()
    assert "Đảng bộ huyện Đông Sơn" in page and "Đổi tên, loại hình" not in page
    assert client.get(f"/to-chuc/{tree.A1.pk}/doi-ten/").status_code == 403


def test_it_shows_the_timeline_with_decisions(people: Personas, tree: Tree) -> None:
    client = client_for(people.specialist)
    page = client.get(f"/to-chuc/{tree.A1.pk}/?ngay=01/01/2026").content.decode()
    assert "không tồn tại vào ngày 01/01/2026" in page
    assert "Hợp nhất, sáp nhập" in page and "200-QĐ/TU" in page and "Đảng bộ xã An Bình" in page
    assert "30/06/2025" in page  # the last day of its row in the history table


def test_it_renames_through_the_form_and_reports_errors_in_vietnamese(people: Personas, tree: Tree) -> None:
    client = client_for(people.specialist)
    url = f"/to-chuc/{tree.Y.pk}/doi-ten/"
    bad = client.post(
        url,
        {"name": "Đảng bộ xã Tây Hà Mới", "kind": "commune", "effective_date": "31/02/2026", "decision_ref": "5-QĐ/TU"},
    )
    assert bad.status_code == 200 and "không phải là ngày hợp lệ" in bad.content.decode()
    early = client.post(
        url,
        {"name": "Đảng bộ xã Tây Hà Mới", "kind": "commune", "effective_date": "01/01/2025", "decision_ref": "5-QĐ/TU"},
    )
    assert "trước ngày thành lập" in early.content.decode()
    ok = client.post(
        url,
        {"name": "Đảng bộ xã Tây Hà Mới", "kind": "commune", "effective_date": "01/03/2026", "decision_ref": "5-QĐ/TU"},
    )
    assert ok.status_code == 302
    assert Placement.objects.as_of(dt.date(2026, 3, 1)).get(org=tree.Y).name == "Đảng bộ xã Tây Hà Mới"


def test_it_creates_moves_merges_splits_and_dissolves_through_the_forms(people: Personas, tree: Tree) -> None:
    client = client_for(people.specialist)
    day = "01/02/2026"
    created = client.post(
        "/to-chuc/moi/",
        {
            "code": "XC9",
            "name": "Chi bộ thôn Chín",
            "kind": "cell",
            "parent_code": "x",
            "effective_date": day,
            "decision_ref": "1-QĐ/ĐU",
        },
    )
    assert created.status_code == 302, created.content.decode()
    cell = Placement.objects.as_of(dt.date(2026, 2, 1)).get(name="Chi bộ thôn Chín").org
    moved = client.post(
        f"/to-chuc/{cell.pk}/chuyen/", {"parent_code": "Y", "effective_date": "02/02/2026", "decision_ref": "2-QĐ/TU"}
    )
    assert moved.status_code == 302
    assert Placement.objects.as_of(dt.date(2026, 2, 2)).get(org=cell).parent_id == tree.Y.pk
    merged = client.post(
        f"/to-chuc/{tree.X.pk}/hop-nhat/",
        {"mode": "into_this", "other_codes": "Y", "effective_date": "03/02/2026", "decision_ref": "3-QĐ/TU"},
    )
    assert merged.status_code == 302
    assert Placement.objects.as_of(dt.date(2026, 2, 3)).get(org=cell).parent_id == tree.X.pk
    split = client.post(
        f"/to-chuc/{tree.X.pk}/chia-tach/?ngay=04/02/2026",
        {
            "effective_date": "04/02/2026",
            "decision_ref": "4-QĐ/TU",
            "keep_original": "on",
            "part0-code": "XN",
            "part0-name": "Đảng bộ xã Bắc An",
            "part0-kind": "commune",
            "part0-children": [str(cell.pk)],
        },
    )
    assert split.status_code == 302, split.content.decode()
    assert (
        Placement.objects.as_of(dt.date(2026, 2, 4)).get(org=cell).parent_id == Organization.objects.get(code="XN").pk
    )
    refused = client.post(
        f"/to-chuc/{tree.X.pk}/giai-the/", {"confirm": "on", "effective_date": "05/02/2026", "decision_ref": "5-QĐ/TU"}
    )
    assert "còn" in refused.content.decode() and "tổ chức trực thuộc" in refused.content.decode()
    gone = client.post(
        f"/to-chuc/{cell.pk}/giai-the/", {"confirm": "on", "effective_date": "05/02/2026", "decision_ref": "5-QĐ/TU"}
    )
    assert gone.status_code == 302
    assert not Placement.objects.as_of(dt.date(2026, 2, 5)).filter(org=cell).exists()


def grow(admin: User, tree: Tree, n: int) -> None:
    for i in range(n):
        services.org_create(
            actor=admin,
            code=f"XG{i}",
            name=f"Chi bộ số {i}",
            kind=kind("cell"),
            parent=tree.X,
            effective_date=dt.date(2025, 8, 1),
            decision_ref=f"{i}-QĐ/ĐU",
        )


@pytest.mark.parametrize("persona", ["admin", "specialist"])
def test_it_renders_the_tree_page_and_children_in_constant_queries(
    persona: str, people: Personas, tree: Tree, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(getattr(people, persona))
    client.get("/to-chuc/?ngay=01/01/2026")

    def count(url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, headers=HTMX).status_code == 200
        return len(ctx.captured_queries)

    small = (count("/to-chuc/"), count(f"/to-chuc/{tree.X.pk}/con/"), count(f"/to-chuc/{tree.X.pk}/"))
    grow(people.admin, tree, 25)
    big = (count("/to-chuc/"), count(f"/to-chuc/{tree.X.pk}/con/"), count(f"/to-chuc/{tree.X.pk}/"))
    assert small == big
    # and the numbers themselves stay small: session, user, roots/children, header grants
    with django_assert_num_queries(small[1]):
        client.get(f"/to-chuc/{tree.X.pk}/con/", headers=HTMX)
    # session, user, OTP device, organisation, its row, scope check, children, session save (3)
    assert big[1] <= 10
