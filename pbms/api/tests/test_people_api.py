"""The people endpoints: scoped like the pages, cursor pages, the file (audited)."""

from __future__ import annotations

from django.test import Client

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in
from pbms.people.tests.conftest import make_member

DATE = "date=2024-12-31"


def test_it_lists_only_people_in_scope(people: Personas, tree: Tree) -> None:
    make_member(people.admin, tree.A1c1, "Nguyễn Thị Ánh", gender="F")
    b = make_member(people.admin, tree.B1c1, "Trần Văn Bình")
    body = logged_in(people.outsider).get(f"/api/v1/people?{DATE}").json()
    assert [p["given_name"] for p in body["items"]] == ["Bình"]
    assert body["items"][0]["cell"] == "Chi bộ thôn Ba"
    assert logged_in(people.outsider).get(f"/api/v1/people?{DATE}&org=A").status_code == 404
    assert Client().get(f"/api/v1/people?{DATE}").status_code == 401
    assert logged_in(people.outsider).get(f"/api/v1/people/{b.person_id}?{DATE}").status_code == 200


def test_it_hides_a_person_outside_the_scope(people: Personas, tree: Tree) -> None:
    a = make_member(people.admin, tree.A1c1, "Nguyễn Thị Ánh", gender="F")
    response = logged_in(people.outsider).get(f"/api/v1/people/{a.person_id}?{DATE}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert not AuditEvent.objects.filter(action="person.view").exists()


def test_it_pages_with_a_cursor_in_vietnamese_order(people: Personas, tree: Tree) -> None:
    for name in ("Lê Văn Ơn", "Lê Văn An", "Lê Văn Đức", "Lê Văn Ân", "Lê Văn Bình"):
        make_member(people.admin, tree.B1c1, name)
    client = logged_in(people.specialist)
    first = client.get(f"/api/v1/people?{DATE}&limit=2").json()
    second = client.get(f"/api/v1/people?{DATE}&limit=2&after={first['next']}").json()
    third = client.get(f"/api/v1/people?{DATE}&limit=2&after={second['next']}").json()
    names = [p["given_name"] for page in (first, second, third) for p in page["items"]]
    assert names == ["An", "Ân", "Bình", "Đức", "Ơn"] and third["next"] is None


def test_it_returns_the_file_and_records_the_reading(people: Personas, tree: Tree) -> None:
    b = make_member(people.admin, tree.B1c1, "Trần Văn Bình")
    body = logged_in(people.specialist).get(f"/api/v1/people/{b.person_id}?{DATE}").json()
    assert body["status"].startswith("chính thức") or body["status"].startswith("dự bị")
    assert body["cells"][0]["name"] == "Chi bộ thôn Ba"
    assert AuditEvent.objects.filter(action="person.view", actor_id=people.specialist.pk).exists()


def test_it_refuses_a_cursor_outside_the_scope(people: Personas, tree: Tree) -> None:
    a = make_member(people.admin, tree.A1c1, "Nguyễn Thị Ánh", gender="F")
    client = logged_in(people.outsider)
    assert client.get(f"/api/v1/people?{DATE}&after={a.person_id}").status_code == 404
    assert client.get(f"/api/v1/people?{DATE}&after=khong-hop-le").status_code == 422
