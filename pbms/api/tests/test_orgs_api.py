from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.api.tests.conftest import Get
from pbms.conftest import Personas, Tree, build_old_tree, make_user, restructure
from pbms.orgs import services

BEFORE = "2024-12-31"
AFTER = "2026-01-01"


def names(body: dict[str, Any]) -> set[str]:
    return {item["name"] for item in body["items"]}


# --- one organisation -----------------------------------------------------------------------------


def test_it_returns_an_organisation_as_of_a_date(api_get: Get, tree: Tree, people: Personas) -> None:
    r = api_get(f"/orgs/{tree.A.pk}", user=people.specialist, date=BEFORE)
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == tree.A.pk
    assert body["code"] == "A"
    assert body["name"] == "Đảng bộ huyện Đông Sơn"
    assert body["kind"] == {"code": "district", "name": "Đảng bộ huyện"}
    assert body["level"]["code"] == "upper_grassroots"
    assert body["level"]["rank"] == 2
    assert body["parent"] == {"id": tree.P.pk, "name": "Đảng bộ tỉnh Bình An"}
    assert body["path"] == [tree.P.pk]
    assert body["ancestors"] == [{"id": tree.P.pk, "name": "Đảng bộ tỉnh Bình An"}]
    assert body["depth"] == 1
    assert body["valid_from"] == "2020-01-01"
    assert body["valid_to"] == "2025-07-01"  # dissolved on 01/7/2025: the row holds until then
    assert body["created_on"] == "2020-01-01"
    assert body["ended_on"] == "2025-07-01"
    assert body["date"] == BEFORE
    assert body["exists_on_date"] is True
    assert body["child_count"] == 2
    assert body["history"] == [
        {
            "name": "Đảng bộ huyện Đông Sơn",
            "kind": {"code": "district", "name": "Đảng bộ huyện"},
            "parent_id": tree.P.pk,
            "valid_from": "2020-01-01",
            "valid_to": "2025-07-01",
            "decision_ref": "A-QĐ/TU",
        }
    ]


def test_it_returns_the_merged_commune_after_the_restructuring(api_get: Get, tree: Tree, people: Personas) -> None:
    body = api_get(f"/orgs/{tree.X.pk}", user=people.specialist, date=AFTER).json()
    assert body["name"] == "Đảng bộ xã An Bình"
    assert body["kind"]["code"] == "commune"
    assert body["parent"] == {"id": tree.P.pk, "name": "Đảng bộ tỉnh Bình An"}
    assert body["valid_to"] is None
    assert body["ended_on"] is None
    assert body["child_count"] == 2  # the cells of the two merged communes
    assert [h["decision_ref"] for h in body["history"]] == ["200-QĐ/TU"]


def test_it_returns_a_cell_with_its_whole_history(api_get: Get, tree: Tree, people: Personas) -> None:
    body = api_get(f"/orgs/{tree.A1c1.pk}", user=people.specialist, date=AFTER).json()
    assert body["path"] == [tree.P.pk, tree.X.pk]
    assert body["depth"] == 2
    assert [(h["parent_id"], h["valid_from"], h["valid_to"]) for h in body["history"]] == [
        (tree.A1.pk, "2020-01-01", "2025-07-01"),
        (tree.X.pk, "2025-07-01", None),
    ]


def test_it_marks_an_organisation_that_no_longer_exists_on_the_date(api_get: Get, tree: Tree, people: Personas) -> None:
    body = api_get(f"/orgs/{tree.A.pk}", user=people.specialist, date=AFTER).json()
    assert body["exists_on_date"] is False
    assert body["name"] == "Đảng bộ huyện Đông Sơn"  # as it last was
    assert body["child_count"] == 0


def test_it_reads_the_parent_name_of_the_date_asked(api_get: Get, tree: Tree, people: Personas) -> None:
    services.org_rename(
        actor=people.admin,
        org=tree.P,
        name="Đảng bộ tỉnh Bình An Mới",
        effective_date=dt.date(2026, 1, 1),
        decision_ref="300-QĐ/TU",
    )
    before = api_get(f"/orgs/{tree.X.pk}", user=people.specialist, date="2025-12-31").json()
    after = api_get(f"/orgs/{tree.X.pk}", user=people.specialist, date="2026-01-02").json()
    assert before["parent"]["name"] == "Đảng bộ tỉnh Bình An"
    assert after["parent"]["name"] == "Đảng bộ tỉnh Bình An Mới"


def test_it_defaults_to_today_in_vietnam(api_get: Get, tree: Tree, people: Personas) -> None:
    today = timezone.localdate(timezone=ZoneInfo("Asia/Ho_Chi_Minh"))
    body = api_get(f"/orgs/{tree.P.pk}", user=people.specialist).json()
    assert body["date"] == today.isoformat()


# --- subtree --------------------------------------------------------------------------------------


def test_it_returns_the_subtree_before_the_restructuring(api_get: Get, tree: Tree, people: Personas) -> None:
    body = api_get(f"/orgs/{tree.P.pk}/subtree", user=people.specialist, date=BEFORE).json()
    assert body["date"] == BEFORE
    assert body["count"] == 9
    assert "Đảng bộ huyện Đông Sơn" in names(body)
    assert "Đảng bộ xã An Bình" not in names(body)
    district = next(item for item in body["items"] if item["id"] == tree.A.pk)
    assert district == {
        "id": tree.A.pk,
        "code": "A",
        "name": "Đảng bộ huyện Đông Sơn",
        "kind": {"code": "district", "name": "Đảng bộ huyện"},
        "parent_id": tree.P.pk,
        "depth": 1,
    }


def test_it_returns_the_subtree_after_the_restructuring(api_get: Get, tree: Tree, people: Personas) -> None:
    body = api_get(f"/orgs/{tree.P.pk}/subtree", user=people.specialist, date=AFTER).json()
    assert body["count"] == 7
    assert "Đảng bộ xã An Bình" in names(body)
    assert "Đảng bộ huyện Đông Sơn" not in names(body)


def test_it_lists_each_parent_before_its_children(api_get: Get, tree: Tree, people: Personas) -> None:
    items = api_get(f"/orgs/{tree.P.pk}/subtree", user=people.specialist, date=BEFORE).json()["items"]
    seen: set[int] = set()
    for item in items:
        assert item["parent_id"] is None or item["parent_id"] in seen
        seen.add(item["id"])


def test_it_answers_2024_the_same_before_and_after_the_restructuring_is_entered(api_get: Get, admin: User) -> None:
    tree = build_old_tree(admin)
    specialist = make_user("chuyenvien", "Nguyễn Thị Lan")
    Assignment.objects.create(user=specialist, org=tree.P, role=Role.SPECIALIST, scope=Scope.ENTER)
    subtree = f"/orgs/{tree.P.pk}/subtree"

    first = api_get(subtree, user=specialist, date=BEFORE).json()
    detail_first = api_get(f"/orgs/{tree.A1.pk}", user=specialist, date=BEFORE).json()
    restructure(admin, tree)
    second = api_get(subtree, user=specialist, date=BEFORE).json()
    detail_second = api_get(f"/orgs/{tree.A1.pk}", user=specialist, date=BEFORE).json()

    assert first["count"] == 9
    assert second == first
    same = ("name", "kind", "level", "parent", "path", "depth", "valid_from", "child_count", "exists_on_date")
    assert {k: detail_second[k] for k in same} == {k: detail_first[k] for k in same}
    # What legitimately changed is the knowledge of the future: the row now ends on 01/7/2025.
    assert (detail_first["valid_to"], detail_second["valid_to"]) == (None, "2025-07-01")


def test_it_pages_through_a_subtree(api_get: Get, tree: Tree, people: Personas) -> None:
    url = f"/orgs/{tree.P.pk}/subtree"
    whole = api_get(url, user=people.specialist, date=BEFORE).json()
    pages = [api_get(url, user=people.specialist, date=BEFORE, limit=4, offset=o).json() for o in (0, 4, 8)]
    assert [len(p["items"]) for p in pages] == [4, 4, 1]
    assert all(p["count"] == 9 and p["limit"] == 4 for p in pages)
    assert [i for p in pages for i in p["items"]] == whole["items"]


def test_it_refuses_a_page_larger_than_the_maximum(api_get: Get, tree: Tree, people: Personas) -> None:
    r = api_get(f"/orgs/{tree.P.pk}/subtree", user=people.specialist, limit=5001)
    assert r.status_code == 422
    assert r.json()["fields"] == {"limit": "Phải nhỏ hơn hoặc bằng 5000."}


# --- search ---------------------------------------------------------------------------------------


def test_it_searches_by_name_without_diacritics(api_get: Get, tree: Tree, people: Personas) -> None:
    before = api_get("/orgs", user=people.specialist, q="dong son", date=BEFORE).json()
    assert [(i["id"], i["code"]) for i in before["items"]] == [(tree.A.pk, "A")]
    # "an binh" also matches "Đảng bộ tỉnh Bình An": the commune is what must appear only after 01/7/2025.
    assert "Đảng bộ xã An Bình" not in names(api_get("/orgs", user=people.specialist, q="an binh", date=BEFORE).json())
    assert "Đảng bộ xã An Bình" in names(api_get("/orgs", user=people.specialist, q="an binh", date=AFTER).json())


def test_it_searches_only_within_scope(api_get: Get, tree: Tree, people: Personas) -> None:
    body = api_get("/orgs", user=people.outsider, q="dong son", date=BEFORE).json()
    assert body["items"] == []


def test_it_requires_a_search_term(api_get: Get, tree: Tree, people: Personas) -> None:
    r = api_get("/orgs", user=people.specialist, q="")
    assert r.status_code == 422
    assert r.json()["fields"] == {"q": "Phải có ít nhất 1 ký tự."}


# --- scope and authentication ---------------------------------------------------------------------


def test_it_hides_district_a_from_the_office_of_district_b(api_get: Get, tree: Tree, people: Personas) -> None:
    missing = api_get("/orgs/987654321", user=people.outsider, date=BEFORE)
    assert missing.status_code == 404
    for org in (tree.A, tree.A1, tree.A1c1, tree.A2c1):
        for path in (f"/orgs/{org.pk}", f"/orgs/{org.pk}/subtree"):
            r = api_get(path, user=people.outsider, date=BEFORE)
            assert r.status_code == 404, path
            # Word for word the answer for an id that does not exist: existence must not leak.
            assert r.json() == missing.json()


def test_it_hides_district_b_from_the_office_of_district_a(api_get: Get, tree: Tree, people: Personas) -> None:
    for path in (f"/orgs/{tree.B.pk}", f"/orgs/{tree.B.pk}/subtree", f"/orgs/{tree.B1c1.pk}"):
        assert api_get(path, user=people.staff_a, date=BEFORE).status_code == 404, path


def test_it_refuses_a_subtree_whose_root_is_out_of_scope(api_get: Get, tree: Tree, people: Personas) -> None:
    # Not a partial list of what staff_a may see under the province: the root itself is out of scope.
    r = api_get(f"/orgs/{tree.P.pk}/subtree", user=people.staff_a, date=BEFORE)
    assert r.status_code == 404


def test_it_gives_a_district_its_own_subtree_only(api_get: Get, tree: Tree, people: Personas) -> None:
    body = api_get(f"/orgs/{tree.A.pk}/subtree", user=people.viewer_a, date=BEFORE).json()
    assert body["count"] == 5
    assert {i["code"] for i in body["items"]} == {"A", "A1", "A1C1", "A2", "A2C1"}


def test_it_hides_former_units_once_the_district_has_ended(api_get: Get, tree: Tree, people: Personas) -> None:
    # B1 moved under Y on 01/7/2025; the office of B covers it before that date only.
    assert api_get(f"/orgs/{tree.B1.pk}", user=people.outsider, date=BEFORE).status_code == 200
    assert api_get(f"/orgs/{tree.B1.pk}", user=people.outsider, date=AFTER).status_code == 404


def test_it_hides_everything_from_a_user_without_assignment(api_get: Get, tree: Tree, people: Personas) -> None:
    assert api_get(f"/orgs/{tree.P.pk}", user=people.nobody, date=BEFORE).status_code == 404
    assert api_get("/orgs", user=people.nobody, q="dang bo").json()["items"] == []


def test_it_asks_anonymous_callers_to_log_in(api_get: Get, tree: Tree) -> None:
    for path in (f"/orgs/{tree.A.pk}", f"/orgs/{tree.A.pk}/subtree", "/orgs"):
        r = api_get(path, q="dong son", date=BEFORE)
        assert r.status_code == 401, path
        assert r.json() == {"message": "Bạn cần đăng nhập để sử dụng API.", "code": "not_authenticated", "fields": {}}


def test_it_refuses_an_inactive_user(api_get: Get, tree: Tree, people: Personas) -> None:
    people.specialist.is_active = False
    people.specialist.save(update_fields=["is_active"])
    assert api_get(f"/orgs/{tree.P.pk}", user=people.specialist).status_code == 401
