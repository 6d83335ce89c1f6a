# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""The resolutions' API: the list, a resolution's targets (values and breakdown), the members of a figure;
scope (404 outside), one error shape, the same numbers as the dashboard."""

from __future__ import annotations

import pytest
from django.test import Client

from pbms.accounts.services import api_token_create
from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in
from pbms.resolutions.models import Resolution
from pbms.resolutions.tests.conftest import seeded
from pbms.resolutions.tests.test_engine import build, standing_cadres  # noqa: F401 - fixtures


@pytest.fixture
def nq05_id(db: None) -> int:
    return Resolution.objects.get(number="05-NQ/TU").pk


def bearer(people: Personas, user: str) -> Client:
    """A client sending the API key of ``user``."""
    _, key = api_token_create(actor=getattr(people, user), name="thử", otp_verified=True)
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_it_lists_the_resolutions(people: Personas) -> None:
    body = bearer(people, "specialist").get("/api/v1/resolutions").json()
    assert "05-NQ/TU" in [item["number"] for item in body["items"]]
    assert Client().get("/api/v1/resolutions").status_code == 401


def test_it_gives_each_target_with_its_breakdown(
    people: Personas, tree: Tree, standing_cadres: None, nq05_id: int
) -> None:
    client = bearer(people, "specialist")
    response = client.get(f"/api/v1/resolutions/{nq05_id}/targets?date=2024-12-31&org={tree.P.pk}")
    assert response.status_code == 200
    body = response.json()
    target = {t["number"]: t for t in body["targets"]}
    four = target["4"]
    assert (four["numerator"], four["denominator"], four["percent"], four["status"]) == (2, 5, 40.0, "đạt")
    children = {child["org_name"]: (child["numerator"], child["denominator"]) for child in four["breakdown"]}
    assert children == {"Đảng bộ huyện Đông Sơn": (1, 3), "Đảng bộ huyện Tây Hà": (1, 2)}
    assert four["direct"]["denominator"] == 1  # p6, in P itself
    assert (target["1"]["numerator"], target["1"]["denominator"], target["1"]["status"]) == (0, 0, "không có đối tượng")
    # the same numbers as the page
    page = logged_in(people.specialist).get(f"/nghi-quyet/{nq05_id}/?ngay=31/12/2024&org={tree.P.pk}")
    assert page.context_data is not None
    assert {r.target.number: (r.value.numerator, r.value.denominator) for r in page.context_data["board"].rows} == {
        n: (t["numerator"], t["denominator"]) for n, t in target.items()
    }


def test_it_notes_the_district_level_after_the_restructuring(people: Personas, tree: Tree, nq05_id: int) -> None:
    body = bearer(people, "admin").get(f"/api/v1/resolutions/{nq05_id}/targets?date=2025-12-31").json()
    assert body["org_id"] == tree.P.pk
    assert "không còn cấp huyện" in {t["number"]: t["note"] for t in body["targets"]}["3"]


def test_it_lists_the_members_of_a_figure(people: Personas, tree: Tree, standing_cadres: None) -> None:
    target = seeded("4").pk
    url = f"/api/v1/targets/{target}/members?date=2024-12-31&org={tree.P.pk}"
    numerator = bearer(people, "specialist").get(url).json()
    assert sorted(item["name"] for item in numerator["items"]) == ["Phạm Văn Ba", "Trần Thị Một"]
    assert all(item["person_id"] == item["id"] for item in numerator["items"])
    denominator = bearer(people, "specialist").get(url + "&part=denominator").json()
    assert denominator["count"] == 5
    assert AuditEvent.objects.filter(action="resolution.members.view").count() == 2
    # the outsider's default organisation is district B: p3 and p5
    outsider = (
        bearer(people, "outsider").get(f"/api/v1/targets/{target}/members?date=2024-12-31&part=denominator").json()
    )
    assert sorted(item["name"] for item in outsider["items"]) == ["Phạm Văn Ba", "Vũ Văn Năm"]


def test_it_answers_404_outside_the_scope_with_the_one_error_shape(people: Personas, tree: Tree, nq05_id: int) -> None:
    client = bearer(people, "outsider")
    target = seeded("4").pk
    for url in (
        f"/api/v1/resolutions/{nq05_id}/targets?date=2024-12-31&org={tree.A.pk}",
        f"/api/v1/targets/{target}/members?date=2024-12-31&org={tree.A.pk}",
        "/api/v1/resolutions/999999/targets",
        "/api/v1/targets/999999/members",
        # nothing is in anyone's scope in 1900
        f"/api/v1/resolutions/{nq05_id}/targets?date=1900-01-01",
        f"/api/v1/targets/{target}/members?date=0001-01-01",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert set(response.json()) == {"message", "code", "fields"}
    nobody = bearer(people, "nobody").get(f"/api/v1/resolutions/{nq05_id}/targets")
    assert nobody.status_code == 404
    bad = client.get(f"/api/v1/targets/{target}/members?part=khac")
    assert bad.status_code == 422 and "part" in bad.json()["fields"]
