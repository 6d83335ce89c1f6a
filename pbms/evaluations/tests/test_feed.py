"""Monthly and quarterly cycles feed the year: a cycle opened with its population puts every member on
his cell's board in bulk (group, decider, not-ranked reason), and ``period_results_for`` gives a board the
months and quarters of each person's year in one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbms.audit.models import AuditEvent
from pbms.conftest import Tree
from pbms.evaluations import services
from pbms.evaluations.models import Cycle, CycleKind, Level, RatingKind, Result, SubjectGroup
from pbms.evaluations.selectors import period_results_for
from pbms.evaluations.tests.conftest import POPULATION_ON, Cast
from pbms.lib.exceptions import ApplicationError
from pbms.people import services as people_services
from pbms.people.models import BodyMembership, ManagementCategory
from pbms.people.tests.conftest import make_member


def open_month(cast: Cast, month: int) -> Cycle:
    return services.cycle_open(
        actor=cast.specialist,
        year=2024,
        kind=CycleKind.MONTH,
        period=month,
        population_on=dt.date(2024, month, 28),
        populate=True,
    )


@pytest.mark.django_db
def test_it_opens_a_monthly_cycle_with_every_member_on_his_board(cast: Cast, tree: Tree) -> None:
    leader = make_member(cast.specialist, tree.A1c1, "Vũ Văn Hùng", dt.date(2020, 3, 10)).person
    people_services.position_start(
        actor=cast.specialist,
        person=leader,
        org=tree.A1,
        title="Bí thư Đảng ủy",
        valid_from=dt.date(2020, 1, 1),
        categories=[ManagementCategory.objects.get(code="lanh-dao-cap-xa")],
    )
    recent = make_member(cast.specialist, tree.B1c1, "Đinh Thị Mai", dt.date(2024, 9, 1)).person
    cycle = open_month(cast, 11)
    people = Result.objects.filter(cycle=cycle, person__isnull=False)
    rows = {r.person_id: r for r in people.filter(rating_kind=RatingKind.PARTY_MEMBER)}
    assert (rows[cast.person.pk].unit_id, rows[cast.person.pk].decider_org_id) == (tree.A1c1.pk, tree.A1.pk)
    assert rows[cast.person.pk].group == SubjectGroup.MEMBER
    assert rows[leader.pk].group == SubjectGroup.LEADER
    assert rows[recent.pk].unit_id == tree.B1c1.pk
    assert "chưa đủ 6 tháng" in rows[recent.pk].not_ranked_reason
    event = AuditEvent.objects.get(action="evaluations.cycle_populate")
    collectives = Result.objects.filter(cycle=cycle, person__isnull=True).count()
    assert collectives > 0  # the organisations are opened with the members (test_populate_collectives.py)
    # the leader is rated twice: as a party member, and as a cadre (test_cadre_ratings.py)
    assert people.filter(rating_kind=RatingKind.CADRE).get().person_id == leader.pk
    assert event.changes == {
        "opened": len(rows) + 1 + collectives,
        "members": len(rows) + 1,
        "collectives": collectives,
        "not_ranked": 1,
        "deciders_changed": 0,  # nothing was open before
    }
    # the cadre's monthly result goes through the workflow like any other
    services.result_self_assess(actor=cast.cadre, result=rows[cast.person.pk], level=Level.GOOD)


@pytest.mark.django_db
def test_it_seats_committee_members_in_their_group(cast: Cast, tree: Tree) -> None:
    member = make_member(cast.specialist, tree.A1c1, "Hồ Văn Nam", dt.date(2020, 3, 10)).person
    term = people_services.term_create(
        actor=cast.specialist, org=tree.A1, name="2020–2025", starts_on=dt.date(2020, 10, 1)
    )
    body = people_services.body_create(actor=cast.specialist, term=term, kind="committee")
    people_services.body_seat_add(
        actor=cast.specialist, body=body, person=member, role="member", valid_from=dt.date(2020, 10, 1)
    )
    assert BodyMembership.objects.filter(person=member).exists()
    cycle = open_month(cast, 11)
    assert Result.objects.get(cycle=cycle, person=member).group == SubjectGroup.COMMITTEE_MEMBER


@pytest.mark.django_db
def test_populating_costs_the_same_queries_for_more_people(cast: Cast, tree: Tree) -> None:
    def cost(month: int) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            cycle = open_month(cast, month)
        return len(queries), Result.objects.filter(cycle=cycle).count()

    few = cost(1)
    given = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lâm", "Minh", "Nga", "Oanh", "Phúc")
    for family in ("Lý Văn", "Lê Thị", "Mai Văn"):  # more rows than one INSERT of bulk_create holds on SQLite
        for name in given:
            make_member(cast.specialist, tree.B1c1, f"{family} {name}", dt.date(2020, 3, 1))
    more = cost(2)
    assert more[1] == few[1] + 36
    assert more[0] == few[0]


@pytest.mark.django_db
def test_populating_twice_adds_only_the_missing(cast: Cast, tree: Tree) -> None:
    cycle = open_month(cast, 3)
    count = Result.objects.filter(cycle=cycle).count()
    assert services.cycle_populate(actor=cast.specialist, cycle=cycle) == 0
    assert Result.objects.filter(cycle=cycle).count() == count
    with pytest.raises(ApplicationError, match="Chỉ Ban Tổ chức cấp tỉnh"):
        services.cycle_populate(actor=cast.secretary, cycle=cycle)


@pytest.mark.django_db
def test_it_gives_a_board_the_months_and_quarters_of_each_person_in_one_query(
    cast: Cast, cycle: Cycle, tree: Tree, django_assert_num_queries: object
) -> None:
    other = make_member(cast.specialist, tree.A1c1, "Phạm Thị Hoa", dt.date(2020, 3, 1)).person
    for month in (2, 1):
        open_month(cast, month)
    quarter = services.cycle_open(
        actor=cast.specialist, year=2024, kind=CycleKind.QUARTER, period=1, population_on=POPULATION_ON, populate=True
    )
    row = Result.objects.get(cycle=quarter, person=cast.person)
    services.result_self_assess(actor=cast.cadre, result=row, level=Level.EXCELLENT)
    services.cycle_open(
        actor=cast.specialist,
        year=2023,
        kind=CycleKind.MONTH,
        period=12,
        population_on=dt.date(2023, 12, 28),
        populate=True,
    )
    with django_assert_num_queries(1):  # type: ignore[operator]
        found = period_results_for(cycle=cycle, person_ids=[cast.person.pk, other.pk])
    mine = found[cast.person.pk]
    assert [p.label for p in mine] == ["Quý 1", "Tháng 1", "Tháng 2"]  # 2023 is another year
    assert (mine[0].level, mine[0].decided, mine[0].level_label) == (
        Level.EXCELLENT,
        False,
        "Hoàn thành xuất sắc nhiệm vụ",
    )
    assert [p.label for p in found[other.pk]] == ["Quý 1", "Tháng 1", "Tháng 2"]
    assert period_results_for(cycle=cycle, person_ids=[]) == {}
