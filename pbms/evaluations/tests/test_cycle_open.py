"""Opening a round from a page, by the Ban Tổ chức: the form, the plan before opening, the round opened."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbms.accounts.models import Assignment, Role, Scope
from pbms.audit.models import AuditEvent
from pbms.conftest import Tree, kind, logged_in, make_user
from pbms.evaluations import services
from pbms.evaluations.models import Cycle, CycleKind, Result
from pbms.evaluations.plan import plan_summary
from pbms.evaluations.selectors import ruleset_for_year
from pbms.evaluations.tests.conftest import Cast
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services as org_services
from pbms.orgs.models import Placement
from pbms.people.tests.conftest import make_member

URL = "/danh-gia/mo-dot/"
FORM = {"kind": "year", "year": "2024", "population_on": "01/12/2024", "populate": "on"}


@pytest.mark.django_db
def test_it_lets_only_the_ban_to_chuc_open_a_round(cast: Cast, tree: Tree) -> None:
    # the office of the provincial committee enters data on the top of the tree, but it is not the Ban Tổ chức
    office = make_user("vanphong_tu", "Đỗ Thị Hoa")
    Assignment.objects.create(user=office, org=tree.P, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    with pytest.raises(ApplicationError, match="Chỉ Ban Tổ chức cấp tỉnh mở đợt"):
        services.cycle_open(actor=office, year=2024, population_on=dt.date(2024, 12, 1))
    assert logged_in(office).get(URL).status_code == 404
    assert logged_in(office).post(URL, {**FORM, "mo-dot": "1"}).status_code == 404
    assert logged_in(cast.decider).get(URL).status_code == 404
    assert not Cycle.objects.exists()
    assert logged_in(cast.specialist).get(URL).status_code == 200


@pytest.mark.django_db
def test_it_shows_the_plan_before_opening_and_opens_nothing(cast: Cast, tree: Tree) -> None:
    response = logged_in(cast.specialist).post(URL, {**FORM, "xem-ke-hoach": "1"})
    assert response.status_code == 200
    plan = response.context["plan"]
    page = response.content.decode()
    assert "Kế hoạch của đợt (chưa mở)" in page
    assert plan.members == 1  # the cadre, member of A1c1
    line = next(d for d in plan.deciders if d.members)
    assert line.label in page and line.members == 1
    assert not Cycle.objects.exists()
    assert not Result.objects.exists()


@pytest.mark.django_db
def test_it_opens_a_round_from_the_page_with_its_deadlines_and_kinds(cast: Cast, tree: Tree) -> None:
    form = {
        **FORM,
        "self_assess_by": "10/12/2024",
        "comment_by": "15/12/2024",
        "propose_by": "20/12/2024",
        "decide_by": "31/12/2024",
        "org_kinds": [str(Placement.objects.filter(org=tree.A1c1).values_list("kind_id", flat=True)[0])],
        "mo-dot": "1",
    }
    response = logged_in(cast.specialist).post(URL, form)
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/danh-gia/{cycle.pk}/"
    assert (cycle.year, cycle.kind, cycle.decide_by) == (2024, CycleKind.YEAR, dt.date(2024, 12, 31))
    assert cycle.ruleset == ruleset_for_year(2024)
    assert Result.objects.filter(cycle=cycle, person=cast.person).exists()
    assert Result.objects.filter(cycle=cycle, org=tree.A1c1).exists()
    assert not Result.objects.filter(cycle=cycle, org=tree.A).exists()  # not a kind chosen
    assert AuditEvent.objects.filter(action="evaluations.cycle_open", actor_id=cast.specialist.pk).exists()


@pytest.mark.django_db
def test_it_refuses_deadlines_out_of_order_with_a_clear_message(cast: Cast) -> None:
    form = {**FORM, "comment_by": "20/12/2024", "propose_by": "15/12/2024", "mo-dot": "1"}
    response = logged_in(cast.specialist).post(URL, form)
    assert response.status_code == 422
    assert "Các hạn phải theo thứ tự các bước" in response.content.decode()
    assert not Cycle.objects.exists()


@pytest.mark.django_db
def test_it_reads_the_plan_in_the_same_queries_for_a_bigger_province(cast: Cast, tree: Tree) -> None:
    ruleset, day = ruleset_for_year(2025), dt.date(2025, 11, 28)  # the history grows at its end: new wards

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            plan_summary(ruleset=ruleset, day=day, kind_ids=[])
        return len(queries)

    before = plan_summary(ruleset=ruleset, day=day, kind_ids=[])
    few = cost()
    for code, given in (("Z1", "Một"), ("Z2", "Hai"), ("Z3", "Ba")):
        ward = org_services.org_create(
            actor=cast.admin,
            code=code,
            name=f"Đảng bộ phường {code}",
            kind=kind("ward"),
            parent=tree.P,
            effective_date=dt.date(2025, 8, 1),
            decision_ref=f"{code}-QĐ",
        )
        cell = org_services.org_create(
            actor=cast.admin,
            code=f"{code}C1",
            name=f"Chi bộ khu phố {code}",
            kind=kind("cell"),
            parent=ward,
            effective_date=dt.date(2025, 8, 1),
            decision_ref=f"{code}C1-QĐ",
        )
        make_member(cast.admin, cell, f"Trần Văn {given}", dt.date(2025, 9, 1))
    more = plan_summary(ruleset=ruleset, day=day, kind_ids=[])
    assert more.members == before.members + 3
    assert len(more.deciders) > len(before.deciders)
    assert cost() == few
