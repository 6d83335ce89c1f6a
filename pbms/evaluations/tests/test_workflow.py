"""The workflow with personas: every step, every refused transition, the lock and the reopen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import Tree
from pbms.evaluations import discipline_services, services
from pbms.evaluations.models import (
    Cycle,
    CycleKind,
    DisciplineForm,
    Level,
    RatedBody,
    Result,
    ResultState,
    SubjectGroup,
)
from pbms.evaluations.selectors import decided_yearly_results, rated_at_least_q, result_list
from pbms.evaluations.tests.conftest import Cast
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.people.tests.conftest import make_member

DECIDED_ON = dt.date(2025, 1, 10)


def to_proposed(cast: Cast, result: Result, level: str = Level.GOOD) -> Result:
    services.result_self_assess(actor=cast.cadre, result=result, level=level, text="Bản tự kiểm điểm")
    services.result_comment(actor=cast.secretary, result=result, comment="Chi bộ nhận xét")
    return services.result_propose(actor=cast.secretary, result=result, level=level)


def decide(cast: Cast, result: Result, level: str = Level.GOOD, **kwargs: str) -> Result:
    return services.result_decide(
        actor=cast.decider, result=result, level=level, decided_on=DECIDED_ON, decision_ref="05-QĐ/ĐU", **kwargs
    )


@pytest.mark.django_db
def test_the_whole_way(cast: Cast, cycle: Cycle, result: Result, tree: Tree) -> None:
    assert cycle.ruleset.code == "QD124-2023"
    assert (result.state, result.unit_id, result.decider_org_id) == (ResultState.PENDING, tree.A1c1.pk, tree.A1.pk)
    row = services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD, text="Ưu điểm…")
    assert (row.state, row.self_level) == (ResultState.SELF_ASSESSED, Level.GOOD)
    row = services.result_self_assess(actor=cast.cadre, result=result, level=Level.EXCELLENT)  # redone
    row = services.result_comment(actor=cast.secretary, result=result, comment="Đồng ý")
    assert row.state == ResultState.COMMENTED
    row = services.result_propose(actor=cast.secretary, result=result, level=Level.GOOD)
    assert (row.state, row.proposed_level) == (ResultState.PROPOSED, Level.GOOD)
    row = decide(cast, result)
    assert (row.state, row.decided_level, row.decided_by, row.decided_on) == (
        ResultState.DECIDED,
        Level.GOOD,
        cast.decider,
        DECIDED_ON,
    )
    row = services.result_announce(actor=cast.decider, result=result, announced_on=dt.date(2025, 1, 15))
    assert row.state == ResultState.ANNOUNCED
    actions = list(
        AuditEvent.objects.filter(object_type="evaluations.result", object_id=str(result.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "evaluations.result_open",
        "evaluations.result_self_assess",
        "evaluations.result_self_assess",
        "evaluations.result_comment",
        "evaluations.result_propose",
        "evaluations.result_decide",
        "evaluations.result_announce",
    ]
    assert list(decided_yearly_results(2024).filter(rated_at_least_q(Level.GOOD))) == [row]
    assert not decided_yearly_results(2024).filter(rated_at_least_q(Level.EXCELLENT)).exists()


# --- who may do what --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_cadre_assesses_himself(cast: Cast, result: Result) -> None:
    for actor in (cast.secretary, cast.decider, cast.outsider, cast.admin):
        with pytest.raises(ApplicationError, match="Chỉ chính cán bộ, đảng viên được tự đánh giá"):
            services.result_self_assess(actor=actor, result=result, level=Level.GOOD)


@pytest.mark.django_db
def test_a_cadre_cannot_assess_another_member(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    other = make_member(cast.specialist, tree.A1c1, "Phạm Thị Hoa", dt.date(2020, 3, 1))
    result = services.result_open(actor=cast.secretary, cycle=cycle, person=other.person, group=SubjectGroup.MEMBER)
    with pytest.raises(ApplicationError, match="Chỉ chính cán bộ"):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)


@pytest.mark.django_db
def test_outsider_sees_nothing(cast: Cast, cycle: Cycle, result: Result) -> None:
    with pytest.raises(NotFoundError):
        services.result_open(actor=cast.outsider, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
    services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)
    with pytest.raises(NotFoundError):
        services.result_comment(actor=cast.outsider, result=result, comment="x")
    services.result_comment(actor=cast.secretary, result=result, comment="Đồng ý")
    with pytest.raises(NotFoundError):
        services.result_propose(actor=cast.outsider, result=result, level=Level.GOOD)
    services.result_propose(actor=cast.secretary, result=result, level=Level.GOOD)
    with pytest.raises(ApplicationError, match="cấp trên trực tiếp"):
        services.result_decide(actor=cast.outsider, result=result, level=Level.GOOD, decided_on=DECIDED_ON)
    with pytest.raises(NotFoundError):
        result_list(actor=cast.outsider, cycle=cycle, unit_id=result.unit_id)
    assert list(result_list(actor=cast.secretary, cycle=cycle, unit_id=result.unit_id)) == [result]


@pytest.mark.django_db
def test_the_cadre_cannot_comment_propose_or_decide(cast: Cast, result: Result) -> None:
    services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)
    with pytest.raises(NotFoundError):
        services.result_comment(actor=cast.cadre, result=result, comment="Tự khen")
    services.result_comment(actor=cast.secretary, result=result, comment="Đồng ý")
    with pytest.raises(NotFoundError):
        services.result_propose(actor=cast.cadre, result=result, level=Level.GOOD)
    services.result_propose(actor=cast.secretary, result=result, level=Level.GOOD)
    with pytest.raises(ApplicationError, match="cấp trên trực tiếp"):
        services.result_decide(actor=cast.cadre, result=result, level=Level.GOOD, decided_on=DECIDED_ON)


@pytest.mark.django_db
def test_the_secretary_proposes_but_does_not_decide(cast: Cast, result: Result) -> None:
    to_proposed(cast, result)
    with pytest.raises(ApplicationError, match="Chỉ cấp ủy cấp trên trực tiếp được quyết định"):
        services.result_decide(actor=cast.secretary, result=result, level=Level.GOOD, decided_on=DECIDED_ON)
    decide(cast, result)
    with pytest.raises(ApplicationError, match="Chỉ cấp ủy cấp trên trực tiếp"):
        services.result_announce(actor=cast.secretary, result=result, announced_on=DECIDED_ON)
    with pytest.raises(ApplicationError, match="Chỉ cấp ủy cấp trên trực tiếp"):
        services.result_reopen(actor=cast.secretary, result=result, reason="Xem lại")


# --- refused transitions ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_steps_out_of_order_are_refused(cast: Cast, result: Result) -> None:
    with pytest.raises(ApplicationError, match="Không thể nhận xét khi kết quả đang ở trạng thái «Chưa tự đánh giá»"):
        services.result_comment(actor=cast.secretary, result=result, comment="x")
    with pytest.raises(ApplicationError, match="Không thể đề xuất"):
        services.result_propose(actor=cast.secretary, result=result, level=Level.GOOD)
    with pytest.raises(ApplicationError, match="Không thể quyết định"):
        decide(cast, result)
    with pytest.raises(ApplicationError, match="Chỉ thông báo kết quả đã quyết định"):
        services.result_announce(actor=cast.decider, result=result, announced_on=DECIDED_ON)
    with pytest.raises(ApplicationError, match="Chỉ mở lại kết quả đã quyết định"):
        services.result_reopen(actor=cast.decider, result=result, reason="x")
    services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)
    with pytest.raises(ApplicationError, match="Không thể đề xuất khi kết quả đang ở trạng thái «Đã tự đánh giá»"):
        services.result_propose(actor=cast.secretary, result=result, level=Level.GOOD)
    with pytest.raises(ApplicationError, match="Phải ghi nội dung nhận xét"):
        services.result_comment(actor=cast.secretary, result=result, comment="  ")
    services.result_comment(actor=cast.secretary, result=result, comment="Đồng ý")
    with pytest.raises(ApplicationError, match="Không thể tự đánh giá khi kết quả đang ở trạng thái «Đã nhận xét»"):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)
    with pytest.raises(ApplicationError, match="Không thể quyết định"):
        decide(cast, result)
    with pytest.raises(ApplicationError, match="Mức xếp loại không hợp lệ"):
        services.result_propose(actor=cast.secretary, result=result, level="perfect")


@pytest.mark.django_db
def test_a_decided_result_is_locked(cast: Cast, result: Result) -> None:
    to_proposed(cast, result)
    decide(cast, result)
    locked = "Kết quả đã được quyết định và khóa"
    with pytest.raises(ApplicationError, match=locked):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.EXCELLENT)
    with pytest.raises(ApplicationError, match=locked):
        services.result_comment(actor=cast.secretary, result=result, comment="Sửa")
    with pytest.raises(ApplicationError, match=locked):
        services.result_propose(actor=cast.secretary, result=result, level=Level.EXCELLENT)
    with pytest.raises(ApplicationError, match=locked):
        decide(cast, result, Level.EXCELLENT)
    services.result_announce(actor=cast.decider, result=result, announced_on=DECIDED_ON)
    with pytest.raises(ApplicationError, match="Chỉ thông báo kết quả đã quyết định"):
        services.result_announce(actor=cast.decider, result=result, announced_on=DECIDED_ON)
    with pytest.raises(ApplicationError, match=locked):
        decide(cast, result, Level.EXCELLENT)


@pytest.mark.django_db
def test_reopen_needs_a_reason_and_is_audited(cast: Cast, result: Result) -> None:
    to_proposed(cast, result)
    decide(cast, result)
    services.result_announce(actor=cast.decider, result=result, announced_on=DECIDED_ON)
    with pytest.raises(ApplicationError, match="Phải ghi lý do mở lại"):
        services.result_reopen(actor=cast.decider, result=result, reason=" ")
    row = services.result_reopen(actor=cast.decider, result=result, reason="Phát hiện vi phạm sau khi xếp loại")
    assert (row.state, row.decided_level, row.decided_by, row.announced_on) == (ResultState.PROPOSED, "", None, None)
    assert row.reopen_reason == "Phát hiện vi phạm sau khi xếp loại"
    event = AuditEvent.objects.get(action="evaluations.result_reopen")
    assert event.actor_id == cast.decider.pk
    assert event.changes["before"]["decided_level"] == Level.GOOD
    assert event.changes["reason"] == "Phát hiện vi phạm sau khi xếp loại"
    assert not decided_yearly_results(2024).exists()  # a reopened result no longer counts
    row = decide(cast, result, Level.COMPLETE)
    assert (row.state, row.decided_level, row.reopen_reason) == (ResultState.DECIDED, Level.COMPLETE, "")


@pytest.mark.django_db
def test_a_closed_cycle_refuses_everything(cast: Cast, cycle: Cycle, result: Result) -> None:
    with pytest.raises(ApplicationError, match="Chỉ Ban Tổ chức cấp tỉnh"):
        services.cycle_close(actor=cast.secretary, cycle=cycle)
    services.cycle_close(actor=cast.specialist, cycle=cycle)
    with pytest.raises(ApplicationError, match="Đợt đánh giá đã kết thúc"):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)
    with pytest.raises(ApplicationError, match="Đợt đánh giá đã kết thúc"):
        services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)


@pytest.mark.django_db
def test_cycles(cast: Cast, cycle: Cycle) -> None:
    with pytest.raises(ApplicationError, match="Chỉ Ban Tổ chức cấp tỉnh mở đợt"):
        services.cycle_open(actor=cast.secretary, year=2024, kind=CycleKind.MONTH, period=3, population_on=DECIDED_ON)
    with pytest.raises(ApplicationError, match="đã được mở"):
        services.cycle_open(actor=cast.specialist, year=2024, population_on=DECIDED_ON)
    with pytest.raises(ApplicationError, match="Tháng phải từ 1 đến 12"):
        services.cycle_open(actor=cast.specialist, year=2024, kind=CycleKind.MONTH, period=13, population_on=DECIDED_ON)
    month = services.cycle_open(
        actor=cast.specialist,
        year=2025,
        kind=CycleKind.MONTH,
        period=3,
        population_on=dt.date(2025, 3, 31),
        deadlines={"self_assess_by": dt.date(2025, 4, 3), "decide_by": dt.date(2025, 4, 10)},
    )
    assert (month.name, month.ruleset.code, month.self_assess_by) == (
        "Đánh giá, xếp loại tháng 3/2025",
        "QD366-2025",
        dt.date(2025, 4, 3),
    )
    with pytest.raises(ApplicationError, match="Đối tượng này đã có"):
        services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
        services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)


# --- rules applied in the workflow -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_disciplined_member_is_capped_and_told_why(cast: Cast, result: Result) -> None:
    discipline_services.discipline_record(
        actor=cast.secretary, person=cast.person, form=DisciplineForm.REPRIMAND, date=dt.date(2024, 6, 3),
        decision_ref="07-QĐ/ĐU",
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="Bị xử lý kỷ luật trong năm 2024") as refused:
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.COMPLETE)
    assert refused.value.extra["ceiling"] == Level.INCOMPLETE
    to_proposed(cast, result, Level.INCOMPLETE)
    assert decide(cast, result, Level.INCOMPLETE).decided_level == Level.INCOMPLETE


@pytest.mark.django_db
def test_a_self_detected_discipline_does_not_cap(cast: Cast, result: Result) -> None:
    discipline_services.discipline_record(
        actor=cast.decider, person=cast.person, form=DisciplineForm.WARNING, date=dt.date(2024, 6, 3),
        decision_ref="08-QĐ/ĐU", self_detected_and_remedied=True,
    )  # fmt: skip
    to_proposed(cast, result, Level.GOOD)


@pytest.mark.django_db
def test_sick_leave_noted_by_the_cell_caps_the_proposal(cast: Cast, result: Result) -> None:
    services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)
    services.result_comment(actor=cast.secretary, result=result, comment="Nghỉ ốm", sick_leave_months=Decimal(4))
    with pytest.raises(ApplicationError, match="Nghỉ ốm 4 tháng"):
        services.result_propose(actor=cast.secretary, result=result, level=Level.GOOD)
    services.result_propose(actor=cast.secretary, result=result, level=Level.COMPLETE)


@pytest.mark.django_db
def test_a_recently_admitted_member_is_not_ranked(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    new = make_member(cast.specialist, tree.A1c1, "Đỗ Văn Mới", dt.date(2024, 8, 1))
    result = services.result_open(actor=cast.secretary, cycle=cycle, person=new.person, group=SubjectGroup.MEMBER)
    assert "chưa đủ 6 tháng" in result.not_ranked_reason
    with pytest.raises(ApplicationError, match="chưa đủ 6 tháng"):
        services.result_comment(actor=cast.secretary, result=result, comment="x")


@pytest.mark.django_db
def test_exempt_and_suspended_members_are_not_ranked(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    from pbms.evaluations.models import Suspension
    from pbms.people import services as people_services

    exempt = make_member(cast.specialist, tree.A1c1, "Vũ Văn Già", dt.date(2020, 2, 1))
    people_services.member_exempt(
        actor=cast.specialist, membership=exempt, date=dt.date(2024, 2, 1), decision_ref="09-QĐ/ĐU"
    )
    row = services.result_open(actor=cast.secretary, cycle=cycle, person=exempt.person, group=SubjectGroup.MEMBER)
    assert "miễn công tác" in row.not_ranked_reason
    suspended = make_member(cast.specialist, tree.A1c1, "Lý Văn Đình", dt.date(2020, 2, 1))
    with pytest.raises(NotFoundError):
        discipline_services.suspension_record(
            actor=cast.outsider, person=suspended.person, starts_on=dt.date(2024, 10, 1), decision_ref="10-QĐ/ĐU"
        )
    discipline_services.suspension_record(
        actor=cast.secretary, person=suspended.person, starts_on=dt.date(2024, 10, 1), decision_ref="10-QĐ/ĐU"
    )
    assert Suspension.objects.filter(person=suspended.person).exists()
    assert AuditEvent.objects.filter(action="evaluations.suspension_record").exists()
    row = services.result_open(actor=cast.secretary, cycle=cycle, person=suspended.person, group=SubjectGroup.MEMBER)
    assert "đình chỉ sinh hoạt" in row.not_ranked_reason


@pytest.mark.django_db
def test_exceeding_the_quota_needs_a_reason(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    names = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chính", "Phạm Thị Dung", "Hoàng Văn Đức", "Vũ Thị Giang")
    members = [make_member(cast.specialist, tree.A1c1, name, dt.date(2020, 1, 1)) for name in names]
    results = [
        services.result_open(actor=cast.secretary, cycle=cycle, person=m.person, group=SubjectGroup.MEMBER)
        for m in members
    ]
    for row in results:
        Result.objects.filter(pk=row.pk).update(state=ResultState.COMMENTED)
        services.result_propose(actor=cast.secretary, result=row, level=Level.GOOD)
    for row in results[:4]:
        decide(cast, row, Level.GOOD)
    quota = services.quota_for(results[4], Level.EXCELLENT)
    assert (quota.good, quota.allowed, quota.excess) == (4, 0, 1)
    with pytest.raises(ApplicationError, match="vượt 1") as refused:
        decide(cast, results[4], Level.EXCELLENT)
    assert refused.value.field == "quota_reason"
    row = decide(cast, results[4], Level.EXCELLENT, quota_reason="Thành tích đột xuất được tỉnh khen")
    assert row.quota_reason == "Thành tích đột xuất được tỉnh khen"
    event = AuditEvent.objects.filter(action="evaluations.result_decide").order_by("id").last()
    assert event is not None
    assert "vượt 1" in event.changes["quota_warning"]
    # five good: one excellent allowed; the sixth result, good, needs no reason
    assert decide(cast, results[5], Level.GOOD).quota_reason == ""


# --- QĐ 366: points ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_points_cap_the_level_under_366(cast: Cast) -> None:
    cycle = services.cycle_open(actor=cast.specialist, year=2025, population_on=dt.date(2025, 6, 1))
    result = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
    with pytest.raises(ApplicationError, match="Điểm tiêu chí chung phải từ 0 đến 30"):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD, points_general=Decimal(31))
    with pytest.raises(ApplicationError, match="chỉ đạt mức «Hoàn thành tốt nhiệm vụ»"):
        services.result_self_assess(
            actor=cast.cadre,
            result=result,
            level=Level.EXCELLENT,
            points_general=Decimal(28),
            points_tasks=Decimal(60),
        )
    row = services.result_self_assess(
        actor=cast.cadre, result=result, level=Level.GOOD, points_general=Decimal(28), points_tasks=Decimal(60)
    )
    assert row.points == Decimal(88)


@pytest.mark.django_db
def test_points_are_refused_under_124(cast: Cast, result: Result) -> None:
    with pytest.raises(ApplicationError, match="không chấm điểm"):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD, points_tasks=Decimal(60))


# --- collectives ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_collective_with_a_disciplined_member_is_not_excellent(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    result = services.result_open(
        actor=cast.secretary, cycle=cycle, org=tree.A1c1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    assert (result.unit_id, result.decider_org_id) == (tree.A1c1.pk, tree.A1.pk)
    with pytest.raises(NotFoundError):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.EXCELLENT)
    services.result_self_assess(actor=cast.secretary, result=result, level=Level.EXCELLENT)
    discipline_services.discipline_record(
        actor=cast.secretary, person=cast.person, form=DisciplineForm.REPRIMAND, date=dt.date(2024, 9, 1),
        decision_ref="11-QĐ/ĐU",
    )  # fmt: skip
    services.result_comment(actor=cast.secretary, result=result, comment="Có đảng viên bị kỷ luật")
    with pytest.raises(ApplicationError, match="Có thành viên hoặc tổ chức trực thuộc bị kỷ luật") as refused:
        services.result_propose(actor=cast.secretary, result=result, level=Level.EXCELLENT)
    assert "Lê Văn Cường: khiển trách" in refused.value.message
    services.result_propose(actor=cast.secretary, result=result, level=Level.GOOD)
    assert decide(cast, result, Level.GOOD).decided_level == Level.GOOD


@pytest.mark.django_db
def test_a_disciplined_sub_unit_caps_its_parent(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    discipline_services.discipline_record(
        actor=cast.decider, org=tree.A1c1, form=DisciplineForm.WARNING, date=dt.date(2024, 9, 1),
        decision_ref="12-QĐ/HU",
    )  # fmt: skip
    parent = services.result_open(
        actor=cast.decider, cycle=cycle, org=tree.A1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    with pytest.raises(ApplicationError, match="Chi bộ thôn Một: cảnh cáo"):
        services.result_self_assess(actor=cast.decider, result=parent, level=Level.EXCELLENT)
    cell = services.result_open(
        actor=cast.decider, cycle=cycle, org=tree.A1c1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    with pytest.raises(ApplicationError, match="Bị xử lý kỷ luật trong năm 2024"):
        services.result_self_assess(actor=cast.secretary, result=cell, level=Level.COMPLETE)
    # the committee of A1 (a body) is not capped by a sub-unit's discipline
    committee = services.result_open(
        actor=cast.decider, cycle=cycle, org=tree.A1, body_kind=RatedBody.COMMITTEE, group=SubjectGroup.COLLECTIVE
    )
    services.result_self_assess(actor=cast.decider, result=committee, level=Level.EXCELLENT)


# --- discipline records -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_discipline_forms(cast: Cast, tree: Tree) -> None:
    day = dt.date(2024, 5, 1)
    with pytest.raises(ApplicationError, match="khiển trách, cảnh cáo, cách chức, khai trừ"):
        discipline_services.discipline_record(
            actor=cast.secretary, person=cast.person, form=DisciplineForm.DISSOLUTION, date=day, decision_ref="1"
        )
    with pytest.raises(ApplicationError, match="khiển trách, cảnh cáo, giải tán"):
        discipline_services.discipline_record(
            actor=cast.decider, org=tree.A1c1, form=DisciplineForm.DISMISSAL, date=day, decision_ref="1"
        )
    with pytest.raises(ApplicationError, match="Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo"):
        discipline_services.discipline_record(
            actor=cast.secretary, person=cast.person, form=DisciplineForm.EXPULSION, date=day, decision_ref="1"
        )
    with pytest.raises(NotFoundError):
        discipline_services.discipline_record(
            actor=cast.outsider, person=cast.person, form=DisciplineForm.REPRIMAND, date=day, decision_ref="1"
        )
    with pytest.raises(ApplicationError, match="Phải ghi số quyết định"):
        discipline_services.discipline_record(
            actor=cast.secretary, person=cast.person, form=DisciplineForm.REPRIMAND, date=day, decision_ref=" "
        )


# --- history ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_imported_ratings_are_decided_results_of_a_closed_cycle(cast: Cast, tree: Tree) -> None:
    row = services.result_import(
        actor=cast.secretary, year=2023, level=Level.EXCELLENT, group=SubjectGroup.MEMBER, person=cast.person
    )
    assert (row.state, row.imported, row.cycle.closed, row.cycle.ruleset.code) == (
        ResultState.DECIDED,
        True,
        True,
        "QD124-2023",
    )
    standing = services.result_import(
        actor=cast.decider,
        year=2023,
        level=Level.GOOD,
        group=SubjectGroup.COLLECTIVE,
        org=tree.A1,
        body_kind=RatedBody.STANDING,
    )
    assert standing.cycle == row.cycle
    assert set(decided_yearly_results(2023).filter(rated_at_least_q(Level.GOOD))) == {row, standing}
    with pytest.raises(ApplicationError, match="đã có kết quả xếp loại năm 2023"):
        services.result_import(
            actor=cast.secretary, year=2023, level=Level.GOOD, group=SubjectGroup.MEMBER, person=cast.person
        )
    with pytest.raises(ApplicationError, match="Đợt đánh giá đã kết thúc"):
        services.result_reopen(actor=cast.decider, result=row, reason="x")
    with pytest.raises(NotFoundError):
        services.result_import(
            actor=cast.outsider, year=2022, level=Level.GOOD, group=SubjectGroup.COLLECTIVE, org=tree.A1,
            body_kind=RatedBody.ORG,
        )  # fmt: skip


@pytest.mark.django_db
def test_import_refuses_an_open_cycle(cast: Cast, cycle: Cycle) -> None:
    with pytest.raises(ApplicationError, match="đang mở"):
        services.result_import(
            actor=cast.secretary, year=2024, level=Level.GOOD, group=SubjectGroup.MEMBER, person=cast.person
        )


@pytest.mark.django_db
def test_a_board_costs_a_constant_number_of_queries(
    cast: Cast, cycle: Cycle, tree: Tree, django_assert_max_num_queries: Any
) -> None:
    names = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chính", "Phạm Thị Dung")
    for name in names:
        member = make_member(cast.specialist, tree.A1c1, name, dt.date(2020, 2, 1))
        services.result_open(actor=cast.secretary, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)
    with django_assert_max_num_queries(2):
        rows = list(result_list(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk))
        assert len(rows) == 4
        assert all(row.person is not None and row.person.full_name for row in rows)


def test_rated_bodies_name_the_register_s_body_kinds() -> None:
    from pbms.people.models import Body

    # the resolutions engine matches ``Result.body_kind`` against ``Body.kind``: every body rated is a kind
    assert set(RatedBody.values) - {RatedBody.ORG} == {"committee", "standing", "party_delegation", "party_affairs"}
    assert set(RatedBody.values) - {RatedBody.ORG} <= set(Body.Kind.values)


@pytest.mark.django_db
def test_the_head_is_not_rated_above_his_unit_when_the_clause_is_on(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    from pbms.evaluations.models import RuleClause
    from pbms.people.models import Position

    Position.objects.create(
        person=cast.person, org=tree.A1c1, title="Bí thư chi bộ", is_head=True, valid_from=dt.date(2023, 6, 1)
    )
    RuleClause.objects.filter(ruleset=cycle.ruleset, clause="head_of_unit").update(enabled=True)
    unit = services.result_open(
        actor=cast.secretary, cycle=cycle, org=tree.A1c1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    services.result_self_assess(actor=cast.secretary, result=unit, level=Level.COMPLETE)
    services.result_comment(actor=cast.secretary, result=unit, comment="Đạt")
    services.result_propose(actor=cast.secretary, result=unit, level=Level.COMPLETE)
    decide(cast, unit, Level.COMPLETE)
    result = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER)
    with pytest.raises(ApplicationError, match="Là người đứng đầu Chi bộ thôn Một"):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)
    services.result_self_assess(actor=cast.cadre, result=result, level=Level.COMPLETE)


@pytest.mark.django_db
@pytest.mark.parametrize("body_kind", ["committee", "cell_secretaries"])
def test_it_holds_a_secretary_entered_as_a_seat_to_his_cell_s_level(
    cast: Cast, cycle: Cycle, tree: Tree, body_kind: str
) -> None:
    """A party post is a seat (people.rules, "party posts"): the bí thư on the chi ủy, or on the body of a chi
    bộ without chi ủy, heads the chi bộ as a post marked "head" did, for the clause of HD 21."""
    from pbms.evaluations.models import RuleClause
    from pbms.people.models import Body, BodyMembership, Term

    term = Term.objects.create(org=tree.A1c1, name="2022–2025", starts_on=dt.date(2022, 4, 1))
    body = Body.objects.create(term=term, kind=body_kind)
    BodyMembership.objects.create(body=body, person=cast.person, role="secretary", valid_from=dt.date(2022, 4, 1))
    RuleClause.objects.filter(ruleset=cycle.ruleset, clause="head_of_unit").update(enabled=True)
    unit = services.result_open(
        actor=cast.secretary, cycle=cycle, org=tree.A1c1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    services.result_self_assess(actor=cast.secretary, result=unit, level=Level.COMPLETE)
    services.result_comment(actor=cast.secretary, result=unit, comment="Đạt")
    services.result_propose(actor=cast.secretary, result=unit, level=Level.COMPLETE)
    decide(cast, unit, Level.COMPLETE)
    result = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER)
    with pytest.raises(ApplicationError, match="Là người đứng đầu Chi bộ thôn Một"):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)
    services.result_self_assess(actor=cast.cadre, result=result, level=Level.COMPLETE)
