"""A collective's self-assessment (Mẫu 01 in spirit), entered from its row of the decision board by whoever
runs that board: the collective can then be commented and proposed like a person; anyone else finds nothing,
and the service refuses every step out of turn."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.audit.models import AuditEvent
from pbms.conftest import Tree, logged_in, make_user
from pbms.evaluations import discipline_services, services
from pbms.evaluations.models import (
    Cycle,
    CycleKind,
    DisciplineForm,
    Level,
    RatedBody,
    Result,
    ResultState,
    RuleSet,
    SubjectGroup,
)
from pbms.evaluations.selectors import criteria_for
from pbms.evaluations.tests.conftest import POPULATION_ON, Cast
from pbms.lib.exceptions import ApplicationError, NotFoundError

HTMX = {"HX-Request": "true"}


def open_cell(cast: Cast, cycle: Cycle, tree: Tree) -> Result:
    """The collective of cell A1c1 on its own board (decided by A1)."""
    return services.result_open(
        actor=cast.secretary, cycle=cycle, org=tree.A1c1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )


def board(cycle: Cycle, tree: Tree, tail: str = "") -> str:
    return f"/danh-gia/{cycle.pk}/{tree.A1c1.pk}/{tail}"


def form_data(level: str = Level.GOOD, **extra: str) -> dict[str, str]:
    return {
        "strengths": "Lãnh đạo hoàn thành các chỉ tiêu của thôn.",
        "shortcomings": "Sinh hoạt chuyên đề còn ít.",
        "causes": "Cấp ủy chưa chuẩn bị kỹ.",
        "remedies": "Mỗi quý một chuyên đề.",
        "text": "",
        "level": level,
        **extra,
    }


def reader(tree: Tree) -> User:
    """A committee office account of the cell that may only view it."""
    user = make_user("xem_a1c1", "Hồ Thị Mai")
    Assignment.objects.create(user=user, org=tree.A1c1, role=Role.COMMITTEE_STAFF, scope=Scope.VIEW)
    return user


@pytest.mark.django_db
def test_it_self_assesses_the_cell_s_collective_then_it_is_commented_and_proposed(
    cast: Cast, cycle: Cycle, tree: Tree
) -> None:
    cell = open_cell(cast, cycle, tree)
    client = logged_in(cast.secretary)
    page = client.get(board(cycle, tree)).content.decode()
    assert "Chưa tự đánh giá" in page and "Tự đánh giá của tập thể" in page
    assert board(cycle, tree, f"tu-danh-gia/{cell.pk}/") in page
    form = client.get(board(cycle, tree, f"tu-danh-gia/{cell.pk}/")).content.decode()
    assert "Báo cáo kiểm điểm, tự đánh giá, xếp loại của tập thể" in form and "Chi bộ thôn Một" in form
    assert "Ưu điểm" in form and "Biện pháp khắc phục" in form and "Tự nhận mức xếp loại" in form
    response = client.post(board(cycle, tree, f"tu-danh-gia/{cell.pk}/"), form_data())
    assert response.status_code == 302 and response["Location"] == board(cycle, tree)
    saved = Result.objects.get(pk=cell.pk)
    assert (saved.state, saved.self_level, saved.remedies) == (
        ResultState.SELF_ASSESSED,
        Level.GOOD,
        "Mỗi quý một chuyên đề.",
    )
    audit = AuditEvent.objects.get(action="evaluations.result_self_assess", object_id=str(cell.pk))
    assert audit.actor_id == cast.secretary.pk and audit.changes["collective"] is True
    page = client.get(response["Location"]).content.decode()
    assert "Đã ghi bản tự đánh giá của Chi bộ thôn Một." in page
    assert "Ghi nhận xét cho Chi bộ thôn Một" in page  # the next step opens on the row
    comment = {f"r{cell.pk}-comment": "Chi bộ thống nhất với báo cáo kiểm điểm."}
    answer = client.post(board(cycle, tree, f"nhan-xet/{cell.pk}/"), comment, headers=HTMX).content.decode()
    assert "Đã nhận xét" in answer and f'name="muc-{cell.pk}"' in answer
    assert "Bản tự đánh giá của tập thể" in answer  # may be read, no longer redone
    client.post(board(cycle, tree, "de-xuat/"), {f"muc-{cell.pk}": Level.GOOD, "tren-trang": str(cell.pk)})
    proposed = Result.objects.get(pk=cell.pk)
    assert (proposed.state, proposed.proposed_level) == (ResultState.PROPOSED, Level.GOOD)
    done = client.get(board(cycle, tree, f"tu-danh-gia/{cell.pk}/")).content.decode()
    assert "Chi bộ, cấp ủy đã nhận xét" in done and "Mỗi quý một chuyên đề." in done
    assert "Ghi bản tự đánh giá của tập thể" not in done


@pytest.mark.django_db
def test_the_cadre_a_view_only_user_and_an_outsider_get_404(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    cell = open_cell(cast, cycle, tree)
    person = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
    commune = services.result_open(
        actor=cast.decider, cycle=cycle, org=tree.A1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    viewer = reader(tree)
    assert "Tự đánh giá của tập thể" not in logged_in(viewer).get(board(cycle, tree)).content.decode()
    for user in (cast.cadre, viewer, cast.outsider):
        client = logged_in(user)
        assert client.get(board(cycle, tree, f"tu-danh-gia/{cell.pk}/")).status_code == 404, user.username
        assert client.post(board(cycle, tree, f"tu-danh-gia/{cell.pk}/"), form_data()).status_code == 404
    secretary = logged_in(cast.secretary)
    # a person's row is self-assessed by the person; a collective of another board is not on this one
    for other in (person, commune):
        assert secretary.get(board(cycle, tree, f"tu-danh-gia/{other.pk}/")).status_code == 404
    commune_board = f"/danh-gia/{cycle.pk}/{tree.A1.pk}/tu-danh-gia/{cell.pk}/"
    assert secretary.get(commune_board).status_code == 404  # the secretary does not see the commune's board
    assert logged_in(cast.decider).get(commune_board).status_code == 200  # the deciding level runs it too
    assert Client().get(board(cycle, tree, f"tu-danh-gia/{cell.pk}/")).status_code == 302  # to the login page
    assert Result.objects.get(pk=cell.pk).state == ResultState.PENDING


@pytest.mark.django_db
def test_the_service_refuses_a_collective_s_assessment_out_of_turn(cast: Cast, tree: Tree) -> None:
    cycle = services.cycle_open(
        actor=cast.specialist,
        year=2024,
        population_on=POPULATION_ON,
        deadlines={"self_assess_by": dt.date(2024, 12, 20)},
    )
    cell = open_cell(cast, cycle, tree)
    on_time = dt.date(2024, 12, 20)
    for user in (cast.cadre, reader(tree), cast.outsider):
        with pytest.raises(NotFoundError):
            services.result_self_assess(actor=user, result=cell, level=Level.GOOD, today=on_time)
    with pytest.raises(ApplicationError, match="Đã hết hạn tự đánh giá \\(20/12/2024\\)"):
        services.result_self_assess(actor=cast.secretary, result=cell, level=Level.GOOD, today=dt.date(2024, 12, 21))
    member = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
    discipline_services.discipline_record(
        actor=cast.specialist,
        person=cast.person,
        form=DisciplineForm.REPRIMAND,
        date=dt.date(2024, 5, 2),
        decision_ref="7",
    )
    with pytest.raises(ApplicationError, match="Không thể xếp «Hoàn thành xuất sắc nhiệm vụ»"):
        services.result_self_assess(actor=cast.secretary, result=cell, level=Level.EXCELLENT, today=on_time)
    with pytest.raises(ApplicationError, match="Chỉ chính cán bộ, đảng viên"):  # a member's row is his own
        services.result_self_assess(actor=cast.secretary, result=member, level=Level.GOOD, today=on_time)
    services.result_self_assess(actor=cast.secretary, result=cell, level=Level.GOOD, today=on_time)
    services.result_comment(actor=cast.secretary, result=cell, comment="Thống nhất")
    with pytest.raises(ApplicationError, match="Không thể tự đánh giá khi kết quả đang ở trạng thái «Đã nhận xét»"):
        services.result_self_assess(actor=cast.secretary, result=cell, level=Level.GOOD, today=on_time)
    services.cycle_close(actor=cast.specialist, cycle=cycle)
    with pytest.raises(NotFoundError):  # an outsider is told nothing, not even that the cycle is closed
        services.result_self_assess(actor=cast.outsider, result=cell, level=Level.GOOD, today=on_time)
    with pytest.raises(ApplicationError, match="Đợt đánh giá đã kết thúc"):
        services.result_self_assess(actor=cast.secretary, result=cell, level=Level.GOOD, today=on_time)
    assert AuditEvent.objects.filter(action="evaluations.result_self_assess", object_id=str(cell.pk)).count() == 1
    assert Result.objects.get(pk=cell.pk).self_level == Level.GOOD


@pytest.mark.django_db
def test_the_page_scores_the_collective_criteria_and_shows_the_ceiling(cast: Cast, tree: Tree) -> None:
    cycle = services.cycle_open(
        actor=cast.specialist,
        year=2024,
        kind=CycleKind.QUARTER,
        period=4,
        population_on=POPULATION_ON,
        ruleset=RuleSet.objects.get(code="QD366-2025"),
    )
    cell = open_cell(cast, cycle, tree)
    discipline_services.discipline_record(
        actor=cast.specialist,
        person=cast.person,
        form=DisciplineForm.REPRIMAND,
        date=dt.date(2024, 11, 2),
        decision_ref="7",
    )
    client = logged_in(cast.secretary)
    url = board(cycle, tree, f"tu-danh-gia/{cell.pk}/")
    page = client.get(url).content.decode()
    assert "Tiêu chí chung (30 điểm)" in page and "Kết quả thực hiện nhiệm vụ (70 điểm)" in page
    assert "Kết quả lãnh đạo thực hiện nhiệm vụ chính trị" in page
    assert "Tối đa «Hoàn thành tốt nhiệm vụ»" in page and "Lê Văn Cường" in page  # the disciplined member
    criteria = criteria_for(ruleset_id=cycle.ruleset_id, group=SubjectGroup.COLLECTIVE)
    assert len(criteria) == 6
    scores = {f"criterion_{c.pk}": str(c.max_points - 1).replace(".", ",") for c in criteria}
    refused = client.post(url, form_data(Level.EXCELLENT, **scores)).content.decode()
    assert "Không thể xếp «Hoàn thành xuất sắc nhiệm vụ»" in refused  # 94 points, but a member was disciplined
    assert client.post(url, form_data(Level.GOOD, **scores)).status_code == 302
    saved = Result.objects.get(pk=cell.pk)
    assert (saved.points, saved.points_general, saved.points_tasks) == (Decimal(94), Decimal(27), Decimal(67))
    assert saved.scores.count() == 6


@pytest.mark.django_db
def test_the_page_costs_a_fixed_number_of_queries(
    cast: Cast, cycle: Cycle, tree: Tree, django_assert_num_queries: Any
) -> None:
    cell = open_cell(cast, cycle, tree)
    services.result_self_assess(actor=cast.secretary, result=cell, level=Level.GOOD, strengths="Đoàn kết.")
    client = logged_in(cast.secretary)
    url = board(cycle, tree, f"tu-danh-gia/{cell.pk}/")
    # 11 for the page (the cycle, the result and its scores, the unit, the right to enter, the criteria, the
    # rule set's levels and clauses, the collective's disciplines); the rest the session, the account's menu
    # and its OTP requirement (one query, asked on every request: no longer two cached in the session)
    with django_assert_num_queries(18):
        page = client.get(url).content.decode()
    assert "Đoàn kết." in page
