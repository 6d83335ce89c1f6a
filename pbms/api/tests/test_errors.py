from __future__ import annotations

import pytest

from pbms.api import orgs
from pbms.api.tests.conftest import Get
from pbms.conftest import Personas, Tree, logged_in
from pbms.lib.exceptions import ApplicationError

SHAPE = {"message", "code", "fields"}


FORMAT = "Ngày phải ghi theo dạng YYYY-MM-DD (ví dụ 2025-07-01)."
BAD_DATES = {
    "2024-02-30": "Ngày không hợp lệ hoặc không có thật; hãy ghi theo dạng YYYY-MM-DD (ví dụ 2025-07-01).",
    "31/12/2024": FORMAT,
    "1703980800": FORMAT,  # a Unix time, which pydantic's lax parsing would take for a day
    "2024-12-31T00:00:00": FORMAT,
    "hôm qua": FORMAT,
}


def test_it_refuses_a_bad_date_in_vietnamese(api_get: Get, tree: Tree, people: Personas) -> None:
    # One test over all values: the tree and personas cost seconds to build, the requests milliseconds.
    for value, message in BAD_DATES.items():
        for path in (f"/orgs/{tree.P.pk}", f"/orgs/{tree.P.pk}/subtree", "/orgs"):
            r = api_get(path, user=people.specialist, date=value, q="dang")
            assert r.status_code == 422, (path, value)
            assert r.json() == {"message": message, "code": "validation_error", "fields": {"date": message}}


def test_it_summarises_several_bad_parameters(api_get: Get, tree: Tree, people: Personas) -> None:
    r = api_get(f"/orgs/{tree.P.pk}/subtree", user=people.specialist, date="x", limit=0, offset=-1)
    body = r.json()
    assert r.status_code == 422
    assert body["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert set(body["fields"]) == {"date", "limit", "offset"}
    assert body["fields"]["limit"] == "Phải lớn hơn hoặc bằng 1."


def test_it_refuses_an_id_that_is_not_a_number(api_get: Get, people: Personas) -> None:
    r = api_get("/orgs/abc", user=people.specialist)
    assert r.status_code == 422
    assert r.json() == {
        "message": "Phải là số nguyên.",
        "code": "validation_error",
        "fields": {"org_id": "Phải là số nguyên."},
    }


def test_it_refuses_an_id_beyond_the_database_range_without_a_500(api_get: Get, people: Personas) -> None:
    r = api_get("/orgs/99999999999999999999", user=people.specialist)
    assert r.status_code == 422
    assert set(r.json()) == SHAPE


def test_it_answers_404_in_the_shape_for_an_unknown_organisation(api_get: Get, people: Personas) -> None:
    r = api_get("/orgs/987654321", user=people.specialist)
    assert r.status_code == 404
    assert r.json() == {
        "message": "Không tìm thấy hoặc bạn không có quyền truy cập.",
        "code": "not_found",
        "fields": {},
    }


def test_it_answers_404_in_the_shape_for_an_unknown_path(api_get: Get, db: None) -> None:
    r = api_get("/khong-co/gi-ca")
    assert r.status_code == 404
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "not_found"


def test_it_turns_an_application_error_into_a_400(
    api_get: Get, tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: object) -> None:
        raise ApplicationError("Ngày xem số liệu chưa được mở.", field="date")

    monkeypatch.setattr(orgs, "org_get", refuse)
    r = api_get(f"/orgs/{tree.P.pk}", user=people.specialist)
    assert r.status_code == 400
    assert r.json() == {
        "message": "Ngày xem số liệu chưa được mở.",
        "code": "bad_request",
        "fields": {"date": "Ngày xem số liệu chưa được mở."},
    }


def test_it_hides_an_unexpected_error_behind_the_shape(
    api_get: Get, tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(**kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(orgs, "org_get", crash)
    r = api_get(f"/orgs/{tree.P.pk}", user=people.specialist)
    assert r.status_code == 500
    body = r.json()
    assert set(body) == SHAPE
    assert body["code"] == "server_error"
    assert "secret" not in r.content.decode()


def test_it_answers_a_date_before_the_party_existed_with_an_empty_subtree(people: Personas, tree: Tree) -> None:
    # schemathesis found the API refusing dates that "format: date" allows: any day is a valid question
    response = logged_in(people.specialist).get(f"/api/v1/orgs/{tree.P.pk}/subtree?date=1800-01-01")
    assert response.status_code == 404  # the province did not exist then, so it is not found on that day
