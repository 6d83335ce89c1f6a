"""Đảng đoàn and ban cán sự đảng are rated (seed 000's target 1): each by its own result, decided by the
province whose standing committee leads it, only while it exists (its term runs, and not from 01/7/2025),
under the ceilings of its members' disciplines and in the quota group of the collectives the province
decides; what the resolutions engine reads of them."""

from __future__ import annotations

import datetime as dt

import pytest

from pbms.conftest import Tree
from pbms.evaluations import discipline_services, services
from pbms.evaluations.models import (
    CycleKind,
    DisciplineForm,
    Level,
    QuotaGrouping,
    RatedBody,
    Result,
    ResultState,
    SubjectGroup,
)
from pbms.evaluations.selectors import quota_group, rated_collective_q
from pbms.evaluations.tests.conftest import Cast
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.people import services as people_services
from pbms.people.models import Body, Term
from pbms.people.tests.conftest import make_member

TERM_START, TERM_END = dt.date(2020, 10, 15), dt.date(2025, 10, 15)


def party_body(cast: Cast, tree: Tree, kind: str, name: str) -> Body:
    term = Term.objects.filter(org=tree.P, name="2020–2025").first() or people_services.term_create(
        actor=cast.specialist, org=tree.P, name="2020–2025", starts_on=TERM_START, ends_on=TERM_END
    )
    return people_services.body_create(actor=cast.specialist, term=term, kind=kind, name=name)


@pytest.fixture
def council(cast: Cast, tree: Tree) -> Body:
    return party_body(cast, tree, Body.Kind.PARTY_DELEGATION, "Đảng đoàn HĐND tỉnh")


def open_body(cast: Cast, body: Body, year: int = 2024) -> Result:
    cycle = services.cycle_open(actor=cast.specialist, year=year, population_on=dt.date(year, 12, 1))
    return services.result_open(actor=cast.specialist, cycle=cycle, body=body, group=SubjectGroup.COLLECTIVE)


@pytest.mark.django_db
def test_it_rates_a_party_delegation_on_the_province_s_board_decided_by_the_province(
    cast: Cast, tree: Tree, council: Body
) -> None:
    result = open_body(cast, council)
    assert (result.org_id, result.body_kind, result.body_id) == (tree.P.pk, RatedBody.PARTY_DELEGATION, council.pk)
    assert (result.unit_id, result.decider_org_id) == (tree.P.pk, tree.P.pk)
    assert str(result) == "Đảng đoàn HĐND tỉnh – Đánh giá, xếp loại chất lượng năm 2024"
    services.result_self_assess(actor=cast.specialist, result=result, level=Level.GOOD, text="Báo cáo kiểm điểm")
    services.result_comment(actor=cast.specialist, result=result, comment="Thống nhất")
    services.result_propose(actor=cast.specialist, result=result, level=Level.GOOD)
    with pytest.raises(ApplicationError, match="cấp trên trực tiếp"):  # a district's office does not decide
        services.result_decide(actor=cast.decider, result=result, level=Level.GOOD, decided_on=dt.date(2025, 1, 10))
    row = services.result_decide(
        actor=cast.specialist, result=result, level=Level.GOOD, decided_on=dt.date(2025, 1, 10)
    )
    assert (row.state, row.decided_level) == (ResultState.DECIDED, Level.GOOD)


@pytest.mark.django_db
def test_an_outsider_cannot_open_a_party_delegation(cast: Cast, tree: Tree, council: Body) -> None:
    cycle = services.cycle_open(actor=cast.specialist, year=2024, population_on=dt.date(2024, 12, 1))
    with pytest.raises(NotFoundError):
        services.result_open(actor=cast.outsider, cycle=cycle, body=council, group=SubjectGroup.COLLECTIVE)
    assert not Result.objects.filter(body=council).exists()


@pytest.mark.django_db
def test_it_rates_each_party_delegation_of_a_term_by_itself(cast: Cast, tree: Tree, council: Body) -> None:
    front = party_body(cast, tree, Body.Kind.PARTY_DELEGATION, "Đảng đoàn Ủy ban MTTQ tỉnh")
    government = party_body(cast, tree, Body.Kind.PARTY_AFFAIRS, "Ban cán sự đảng UBND tỉnh")
    first = open_body(cast, council)
    for body in (front, government):
        services.result_open(actor=cast.specialist, cycle=first.cycle, body=body, group=SubjectGroup.COLLECTIVE)
    assert Result.objects.filter(cycle=first.cycle, org=tree.P).count() == 3
    with pytest.raises(ApplicationError, match="đã có trong đợt"):
        services.result_open(actor=cast.specialist, cycle=first.cycle, body=council, group=SubjectGroup.COLLECTIVE)


@pytest.mark.django_db
def test_it_refuses_a_party_delegation_outside_its_dates(cast: Cast, tree: Tree, council: Body) -> None:
    # 2025: the term runs to 15/10/2025 but the provincial đảng đoàn ended on 01/7/2025
    cycle = services.cycle_open(actor=cast.specialist, year=2025, population_on=dt.date(2025, 8, 1))
    with pytest.raises(ApplicationError, match="không hoạt động vào ngày 01/08/2025") as refused:
        services.result_open(actor=cast.specialist, cycle=cycle, body=council, group=SubjectGroup.COLLECTIVE)
    assert refused.value.field == "body"
    with pytest.raises(ApplicationError, match="không hoạt động vào ngày 31/12/2019"):  # before its term
        services.result_import(
            actor=cast.specialist, year=2019, level=Level.GOOD, group=SubjectGroup.COLLECTIVE, body=council
        )
    assert not Result.objects.filter(body=council).exists()


@pytest.mark.django_db
def test_it_refuses_a_party_body_without_its_name_or_of_another_organisation(
    cast: Cast, tree: Tree, council: Body
) -> None:
    cycle = services.cycle_open(actor=cast.specialist, year=2024, population_on=dt.date(2024, 12, 1))
    collective = {"actor": cast.specialist, "cycle": cycle, "group": SubjectGroup.COLLECTIVE}
    with pytest.raises(ApplicationError, match="Phải chọn đảng đoàn") as refused:
        services.result_open(**collective, org=tree.P, body_kind=RatedBody.PARTY_DELEGATION)  # type: ignore[arg-type]
    assert refused.value.field == "body"
    with pytest.raises(ApplicationError, match="không thuộc tổ chức đảng đã chọn"):
        services.result_open(**collective, org=tree.A, body=council)  # type: ignore[arg-type]
    with pytest.raises(ApplicationError, match="không phải ban cán sự đảng"):
        services.result_open(**collective, body=council, body_kind=RatedBody.PARTY_AFFAIRS)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_disciplined_member_keeps_the_party_delegation_from_excellent(cast: Cast, tree: Tree, council: Body) -> None:
    member = make_member(cast.specialist, tree.A1c1, "Trần Văn Bảo", dt.date(2020, 3, 1)).person
    people_services.body_seat_add(
        actor=cast.specialist, body=council, person=member, role="member", valid_from=dt.date(2021, 1, 5)
    )
    discipline_services.discipline_record(
        actor=cast.decider, person=member, form=DisciplineForm.REPRIMAND, date=dt.date(2024, 5, 2), decision_ref="7"
    )
    result = open_body(cast, council)
    with pytest.raises(ApplicationError, match="Trần Văn Bảo"):
        services.result_self_assess(actor=cast.specialist, result=result, level=Level.EXCELLENT)
    services.result_self_assess(actor=cast.specialist, result=result, level=Level.GOOD)
    # the province's own discipline is its committee's, not the đảng đoàn's
    discipline_services.discipline_record(
        actor=cast.specialist, org=tree.P, form=DisciplineForm.WARNING, date=dt.date(2024, 6, 1), decision_ref="8"
    )
    other = party_body(cast, tree, Body.Kind.PARTY_AFFAIRS, "Ban cán sự đảng UBND tỉnh")
    row = services.result_open(actor=cast.specialist, cycle=result.cycle, body=other, group=SubjectGroup.COLLECTIVE)
    assert (
        services.result_self_assess(actor=cast.specialist, result=row, level=Level.EXCELLENT).self_level == "excellent"
    )


@pytest.mark.django_db
def test_its_quota_group_is_the_collectives_the_province_decides(cast: Cast, tree: Tree, council: Body) -> None:
    result = open_body(cast, council)
    district = services.result_import(
        actor=cast.specialist, year=2023, level=Level.GOOD, group=SubjectGroup.COLLECTIVE, org=tree.A,
        body_kind=RatedBody.STANDING,
    )  # fmt: skip
    standing = services.result_open(
        actor=cast.decider, cycle=result.cycle, org=tree.A, body_kind=RatedBody.STANDING, group=SubjectGroup.COLLECTIVE
    )
    Result.objects.filter(pk=standing.pk).update(state=ResultState.DECIDED, decided_level=Level.GOOD)
    for grouping in (QuotaGrouping.UNIT, QuotaGrouping.UNIT_GROUP, QuotaGrouping.CYCLE_GROUP):
        assert list(quota_group(result, grouping)) == [standing], grouping
    assert district.cycle_id != result.cycle_id  # another year's result is another cycle's group


@pytest.mark.django_db
def test_the_engine_reads_a_decided_party_body_result_by_its_kind_and_by_the_body(
    cast: Cast, tree: Tree, council: Body
) -> None:
    front = party_body(cast, tree, Body.Kind.PARTY_DELEGATION, "Đảng đoàn Ủy ban MTTQ tỉnh")
    government = party_body(cast, tree, Body.Kind.PARTY_AFFAIRS, "Ban cán sự đảng UBND tỉnh")
    services.result_import(
        actor=cast.specialist, year=2023, level=Level.GOOD, group=SubjectGroup.COLLECTIVE, body=council
    )
    services.result_import(
        actor=cast.specialist, year=2023, level=Level.COMPLETE, group=SubjectGroup.COLLECTIVE, body=government
    )
    # the engine's population of bodies (a_person = body id): one EXISTS per row
    bodies = Body.objects.filter(term__org=tree.P)
    by_kind = bodies.annotate(ok=rated_collective_q(2023, Level.GOOD, org_ref="term__org_id", body_ref="kind"))
    assert {b.pk: b.ok for b in by_kind} == {council.pk: True, front.pk: True, government.pk: False}
    by_body = bodies.annotate(
        ok=rated_collective_q(2023, Level.GOOD, org_ref="term__org_id", body_ref="kind", body_id_ref="id")
    )
    assert {b.pk: b.ok for b in by_body} == {council.pk: True, front.pk: False, government.pk: False}
    complete = bodies.annotate(
        ok=rated_collective_q(2023, Level.COMPLETE, org_ref="term__org_id", body_ref="kind", body_id_ref="id")
    )
    assert {b.pk: b.ok for b in complete} == {council.pk: True, front.pk: False, government.pk: True}
    assert not bodies.annotate(
        ok=rated_collective_q(2024, Level.COMPLETE, org_ref="term__org_id", body_ref="kind", body_id_ref="id")
    ).filter(ok=True)
    assert Result.objects.get(body=council).cycle.kind == CycleKind.YEAR
