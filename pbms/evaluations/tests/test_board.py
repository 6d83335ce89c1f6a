"""The decision board as data: order, facts in bulk (the same as one subject at a time), ceilings with
their reasons, the quota meters, and the bulk services (all or nothing)."""

from __future__ import annotations

import datetime as dt

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import Tree
from pbms.evaluations import discipline_services, selectors, services
from pbms.evaluations.board import collective_facts, people_facts, unit_board
from pbms.evaluations.board_services import BulkError, result_decide_bulk, result_propose_bulk
from pbms.evaluations.models import (
    Cycle,
    DisciplineForm,
    Level,
    RatedBody,
    Result,
    ResultState,
    SubjectGroup,
)
from pbms.evaluations.selectors import org_facts, person_facts
from pbms.evaluations.tests.conftest import Cast
from pbms.lib.exceptions import ApplicationError
from pbms.people.tests.conftest import make_member

DECIDED_ON = dt.date(2025, 1, 10)
NAMES = ("Trần Văn Ân", "Nguyễn Thị Ánh", "Lê Văn An", "Phạm Thị Bình", "Hoàng Văn Đức", "Vũ Thị Dung")


def commented(cast: Cast, cycle: Cycle, tree: Tree, names: tuple[str, ...] = NAMES) -> list[Result]:
    """Members of cell A1c1 on its board, commented by the cell (ready for a proposal)."""
    rows = []
    for name in names:
        member = make_member(cast.specialist, tree.A1c1, name, dt.date(2020, 1, 1))
        rows.append(
            services.result_open(actor=cast.secretary, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)
        )
    Result.objects.filter(pk__in=[r.pk for r in rows]).update(state=ResultState.COMMENTED)
    return rows


@pytest.mark.django_db
def test_it_lists_collectives_first_then_people_by_given_name(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    commented(cast, cycle, tree)
    services.result_open(
        actor=cast.secretary, cycle=cycle, org=tree.A1c1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    board = unit_board(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk)
    assert [row.name for row in board.rows] == [
        "Chi bộ thôn Một",
        "Lê Văn An",
        "Nguyễn Thị Ánh",
        "Trần Văn Ân",
        "Phạm Thị Bình",
        "Vũ Thị Dung",
        "Hoàng Văn Đức",
    ]
    assert all(row.can_propose and not row.can_decide for row in board.rows)
    decider_view = unit_board(actor=cast.decider, cycle=cycle, unit_id=tree.A1c1.pk)
    assert all(row.can_decide for row in decider_view.rows)


@pytest.mark.django_db
def test_it_reads_the_same_facts_in_bulk_as_one_subject_at_a_time(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:3])
    disciplined = rows[0].person
    assert disciplined is not None
    discipline_services.discipline_record(
        actor=cast.specialist,
        person=disciplined,
        form=DisciplineForm.REPRIMAND,
        date=dt.date(2024, 5, 2),
        decision_ref="12-QĐ/ĐU",
    )
    discipline_services.discipline_record(
        actor=cast.specialist, org=tree.A1c1, form=DisciplineForm.WARNING, date=dt.date(2024, 6, 1), decision_ref="3-QĐ"
    )
    Result.objects.filter(pk=rows[1].pk).update(sick_leave_months=4)
    cell = services.result_open(
        actor=cast.secretary, cycle=cycle, org=tree.A1c1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    commune = services.result_open(
        actor=cast.decider, cycle=cycle, org=tree.A1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    board_rows = list(Result.objects.filter(cycle=cycle).select_related("person", "org"))
    bulk = people_facts(board_rows, cycle) | collective_facts(board_rows, cycle, "")
    for row in board_rows:
        if row.person is not None:
            assert bulk[row.pk] == person_facts(row.person, cycle, sick_leave_months=row.sick_leave_months)
        else:
            assert row.org is not None
            one = org_facts(row.org, row.body_kind, cycle)
            assert bulk[row.pk].own_disciplines == one.own_disciplines
            assert sorted(bulk[row.pk].member_disciplines, key=repr) == sorted(one.member_disciplines, key=repr)
    assert bulk[cell.pk].own_disciplines and bulk[cell.pk].member_disciplines
    assert len(bulk[commune.pk].member_disciplines) == 2  # the member of A1c1, and A1c1 itself


@pytest.mark.django_db
def test_it_flags_each_ceiling_with_the_rule_and_the_reason(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:2])
    assert rows[0].person is not None
    discipline_services.discipline_record(
        actor=cast.specialist,
        person=rows[0].person,
        form=DisciplineForm.REPRIMAND,
        date=dt.date(2024, 5, 2),
        decision_ref="12-QĐ/ĐU",
    )
    board = unit_board(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk)
    row = next(r for r in board.rows if r.result.pk == rows[0].pk)
    assert row.ceiling.level == Level.INCOMPLETE
    assert "khiển trách, 12-QĐ/ĐU, ngày 02/05/2024" in row.ceiling.reason
    assert [value for value, _ in row.options] == [Level.INCOMPLETE]
    other = next(r for r in board.rows if r.result.pk == rows[1].pk)
    assert not other.ceiling.limits and len(other.options) == 4


@pytest.mark.django_db
def test_the_meter_counts_the_levels_chosen_on_the_board(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree)
    chosen = {row.pk: Level.GOOD for row in rows[:5]} | {rows[5].pk: Level.EXCELLENT}
    board = unit_board(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, chosen=chosen, with_facts=False)
    (meter,) = board.meters
    assert (meter.check.excellent, meter.check.good, meter.check.allowed, meter.check.exceeded) == (1, 5, 1, False)
    chosen[rows[4].pk] = Level.EXCELLENT
    board = unit_board(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, chosen=chosen, with_facts=False)
    (meter,) = board.meters
    assert (meter.check.excellent, meter.check.good, meter.check.allowed, meter.check.excess) == (2, 4, 0, 2)
    assert "vượt 2" in meter.check.warning
    assert board.exceeded == [meter]


@pytest.mark.django_db
def test_bulk_propose_then_decide_locks_every_row(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree)
    levels = {row.pk: Level.GOOD for row in rows[:5]} | {rows[5].pk: Level.EXCELLENT}
    assert result_propose_bulk(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, levels=levels) == 6
    with pytest.raises(BulkError) as refused:
        result_decide_bulk(
            actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, levels=levels, decided_on=DECIDED_ON
        )
    assert len(refused.value.rows) == 6
    assert "Chỉ cấp ủy cấp trên trực tiếp" in refused.value.rows[0].message
    count = result_decide_bulk(
        actor=cast.decider, cycle=cycle, unit_id=tree.A1c1.pk, levels=levels, decided_on=DECIDED_ON
    )
    assert count == 6
    assert set(Result.objects.filter(cycle=cycle).values_list("state", flat=True)) == {ResultState.DECIDED}
    assert AuditEvent.objects.filter(action="evaluations.result_decide").count() == 6
    assert AuditEvent.objects.filter(action="evaluations.result_decide_bulk").count() == 1


@pytest.mark.django_db
def test_bulk_decide_keeps_nothing_when_one_row_is_refused(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:3])
    proposed = {row.pk: Level.GOOD for row in rows}
    result_propose_bulk(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, levels=proposed)
    assert rows[2].person is not None
    discipline_services.discipline_record(
        actor=cast.specialist,
        person=rows[2].person,
        form=DisciplineForm.WARNING,
        date=dt.date(2024, 9, 9),
        decision_ref="7-QĐ",
    )
    with pytest.raises(BulkError) as refused:
        result_decide_bulk(
            actor=cast.decider, cycle=cycle, unit_id=tree.A1c1.pk, levels=proposed, decided_on=DECIDED_ON
        )
    (error,) = refused.value.rows
    assert error.name == "Lê Văn An" and "cảnh cáo, 7-QĐ" in error.message
    assert "chưa lưu dòng nào" in refused.value.message
    assert not Result.objects.filter(cycle=cycle, state=ResultState.DECIDED).exists()


@pytest.mark.django_db
def test_bulk_decide_over_the_quota_needs_a_reason(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree)
    levels = {row.pk: Level.GOOD for row in rows[:4]} | {row.pk: Level.EXCELLENT for row in rows[4:]}
    result_propose_bulk(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, levels=levels)
    with pytest.raises(BulkError) as refused:
        result_decide_bulk(actor=cast.decider, cycle=cycle, unit_id=tree.A1c1.pk, levels=levels, decided_on=DECIDED_ON)
    assert {e.message.split(" (")[0] for e in refused.value.rows} == {"Số «Hoàn thành xuất sắc nhiệm vụ»"}
    result_decide_bulk(
        actor=cast.decider,
        cycle=cycle,
        unit_id=tree.A1c1.pk,
        levels=levels,
        decided_on=DECIDED_ON,
        quota_reason="Thành tích đột xuất",
    )
    reasons = set(Result.objects.filter(decided_level=Level.EXCELLENT).values_list("quota_reason", flat=True))
    assert reasons == {"Thành tích đột xuất"}


@pytest.mark.django_db
def test_bulk_steps_refuse_results_of_another_board(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:1])
    with pytest.raises(ApplicationError):
        result_propose_bulk(actor=cast.secretary, cycle=cycle, unit_id=tree.A2c1.pk, levels={rows[0].pk: Level.GOOD})
    with pytest.raises(ApplicationError, match="Chưa chọn"):
        result_propose_bulk(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, levels={})


@pytest.mark.django_db
@pytest.mark.parametrize(("grouping", "counted_elsewhere"), [("unit_group", 0), ("cycle_group", 3), ("unit", 0)])
def test_the_meter_counts_the_group_the_rule_set_names(
    cast: Cast, tree: Tree, grouping: str, counted_elsewhere: int
) -> None:
    book = services.ruleset_copy(
        actor=cast.admin, ruleset=selectors.ruleset_for_year(2024), code=f"thu-{grouping}", quota_grouping=grouping
    )
    cycle = services.cycle_open(actor=cast.specialist, year=2024, population_on=dt.date(2024, 12, 1), ruleset=book)
    here = commented(cast, cycle, tree, NAMES[:2])
    there = []
    for name in ("Đặng Văn Khoa", "Bùi Thị Lan", "Mai Văn Minh"):
        member = make_member(cast.specialist, tree.A2c1, name, dt.date(2020, 1, 1))
        there.append(services.result_open(actor=cast.admin, cycle=cycle, person=member.person, group="member"))
    Result.objects.filter(pk__in=[r.pk for r in there]).update(state=ResultState.DECIDED, decided_level=Level.GOOD)
    board = unit_board(
        actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, chosen={here[0].pk: Level.GOOD}, with_facts=False
    )
    (meter,) = board.meters
    assert meter.check.good == 1 + counted_elsewhere
    assert meter.on_board == 2
