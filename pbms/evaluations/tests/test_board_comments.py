"""The collective's comments on the decision board: one row edited in the row (htmx), one text for many
rows (all or nothing, each refusal named), who may write them, and what they unlock (the proposal)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pbms.accounts.models import Assignment, Role, Scope
from pbms.audit.models import AuditEvent
from pbms.conftest import Tree, logged_in, make_user
from pbms.evaluations import services
from pbms.evaluations.models import Cycle, Result, ResultState, SubjectGroup
from pbms.evaluations.tests.conftest import Cast
from pbms.people.tests.conftest import make_member

NAMES = ("Trần Văn Ân", "Nguyễn Thị Ánh", "Lê Văn An", "Phạm Thị Bình")
HTMX = {"HX-Request": "true"}


def assessed(cast: Cast, cycle: Cycle, tree: Tree, names: tuple[str, ...] = NAMES) -> list[Result]:
    """Members of cell A1c1 on its board, each having assessed himself or herself."""
    rows = []
    for name in names:
        member = make_member(cast.specialist, tree.A1c1, name, dt.date(2020, 1, 1))
        rows.append(
            services.result_open(actor=cast.secretary, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)
        )
    Result.objects.filter(pk__in=[r.pk for r in rows]).update(
        state=ResultState.SELF_ASSESSED, self_level="good", strengths="Hoàn thành tốt nhiệm vụ chuyên môn."
    )
    return rows


def url(cycle: Cycle, tree: Tree, tail: str = "") -> str:
    return f"/danh-gia/{cycle.pk}/{tree.A1c1.pk}/{tail}"


@pytest.mark.django_db
def test_it_comments_one_row_in_the_row_with_the_months_of_sick_leave(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    (row,) = assessed(cast, cycle, tree, NAMES[:1])
    client = logged_in(cast.secretary)
    page = client.get(url(cycle, tree)).content.decode()
    assert "Ghi nhận xét cho Trần Văn Ân" in page and "Đã tự đánh giá" in page
    assert 'name="muc-' not in page  # nothing to propose before the collective has commented
    editor = client.get(url(cycle, tree, f"nhan-xet/{row.pk}/?stt=1"), headers=HTMX).content.decode()
    assert "Hoàn thành tốt nhiệm vụ chuyên môn." in editor  # the self-assessment beside the comment
    assert f'name="r{row.pk}-comment"' in editor and f'name="r{row.pk}-sick_leave_months"' in editor
    data = {f"r{row.pk}-comment": "Gương mẫu, nhiệt tình.", f"r{row.pk}-sick_leave_months": "4"}
    answer = client.post(url(cycle, tree, f"nhan-xet/{row.pk}/?stt=1"), data, headers=HTMX).content.decode()
    assert answer.startswith(f'<tr id="row-{row.pk}"')
    assert "Đã nhận xét" in answer and "Nghỉ ốm 4 tháng" in answer and "Đã ghi nhận xét cho Trần Văn Ân" in answer
    assert "Gương mẫu, nhiệt tình." in answer
    # now it can be proposed, but four months of sick leave keep it below "good"
    assert f'name="muc-{row.pk}"' in answer and "Tối đa «Hoàn thành nhiệm vụ»" in answer
    saved = Result.objects.get(pk=row.pk)
    assert (saved.state, saved.comment) == (ResultState.COMMENTED, "Gương mẫu, nhiệt tình.")
    assert saved.sick_leave_months == Decimal(4)
    assert AuditEvent.objects.filter(action="evaluations.result_comment", object_id=str(row.pk)).count() == 1
    long = "Rất tích cực. " * 20
    shown = client.post(url(cycle, tree, f"nhan-xet/{row.pk}/"), {f"r{row.pk}-comment": long}, headers=HTMX)
    text = shown.content.decode()
    assert long[:100] in text and long.strip() not in text and "…" in text


@pytest.mark.django_db
def test_it_says_why_a_comment_is_refused_in_the_row(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = assessed(cast, cycle, tree, NAMES[:2])
    Result.objects.filter(pk=rows[1].pk).update(state=ResultState.PENDING)
    client = logged_in(cast.secretary)
    key = f"r{rows[0].pk}"
    blank = client.post(url(cycle, tree, f"nhan-xet/{rows[0].pk}/"), {f"{key}-comment": " "}, headers=HTMX)
    assert "Phải ghi nội dung nhận xét." in blank.content.decode()
    too_long = {f"{key}-comment": "Tốt", f"{key}-sick_leave_months": "13"}
    answer = client.post(url(cycle, tree, f"nhan-xet/{rows[0].pk}/"), too_long, headers=HTMX).content.decode()
    assert "Số tháng nghỉ ốm phải từ 0 đến 12." in answer
    pending = client.post(url(cycle, tree, f"nhan-xet/{rows[1].pk}/"), {f"r{rows[1].pk}-comment": "Tốt"}, headers=HTMX)
    assert "Không thể nhận xét khi kết quả đang ở trạng thái «Chưa tự đánh giá»" in pending.content.decode()
    assert not Result.objects.filter(state=ResultState.COMMENTED).exists()


@pytest.mark.django_db
def test_only_those_who_run_the_unit_may_comment(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = assessed(cast, cycle, tree, NAMES[:1])
    other_cell = make_user("bithu_b1c1", "Đinh Văn Hải")
    Assignment.objects.create(user=other_cell, org=tree.B1c1, role=Role.CELL_SECRETARY, scope=Scope.ENTER)
    reader = make_user("xem_a1c1", "Hồ Thị Mai")
    Assignment.objects.create(user=reader, org=tree.A1c1, role=Role.COMMITTEE_STAFF, scope=Scope.VIEW)
    assert logged_in(reader).get(url(cycle, tree)).status_code == 200  # sees the board, writes nothing
    data = {f"r{rows[0].pk}-comment": "Tốt", "chon": [rows[0].pk], "nhan-xet-chung": "Tốt", "pham-vi": "chon"}
    for user in (cast.outsider, cast.cadre, other_cell, reader):
        client = logged_in(user)
        assert client.get(url(cycle, tree, f"nhan-xet/{rows[0].pk}/"), headers=HTMX).status_code == 404, user.username
        assert client.post(url(cycle, tree, f"nhan-xet/{rows[0].pk}/"), data, headers=HTMX).status_code == 404
        assert client.post(url(cycle, tree, "nhan-xet/"), data).status_code == 404, user.username
    assert not Result.objects.filter(state=ResultState.COMMENTED).exists()
    # the deciding level enters data for the cell too: it may comment as the cell's secretary may
    assert logged_in(cast.decider).post(url(cycle, tree, "nhan-xet/"), data).status_code == 302
    assert Result.objects.get(pk=rows[0].pk).state == ResultState.COMMENTED


@pytest.mark.django_db
def test_one_comment_for_the_rows_ticked_all_or_nothing(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = assessed(cast, cycle, tree)
    Result.objects.filter(pk=rows[3].pk).update(state=ResultState.PENDING)
    client = logged_in(cast.secretary)
    ticked = {
        "chon": [r.pk for r in rows],
        "nhan-xet-chung": "Chi bộ thống nhất với bản tự kiểm điểm.",
        "pham-vi": "chon",
    }
    response = client.post(url(cycle, tree, "nhan-xet/"), ticked)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Không ghi nhận xét được: 1 dòng bị từ chối, chưa lưu dòng nào." in page
    assert "Phạm Thị Bình: Không thể nhận xét khi kết quả đang ở trạng thái «Chưa tự đánh giá»" in page
    assert "Chi bộ thống nhất với bản tự kiểm điểm." in page  # the text is kept for the next try
    assert page.count("checked") == 3
    assert not Result.objects.filter(state=ResultState.COMMENTED).exists()
    ticked["chon"] = [r.pk for r in rows[:3]]
    response = client.post(url(cycle, tree, "nhan-xet/"), ticked, follow=True)
    assert "Đã ghi nhận xét của tập thể cho 3 tập thể, cá nhân." in response.content.decode()
    assert set(Result.objects.filter(state=ResultState.COMMENTED).values_list("comment", flat=True)) == {
        "Chi bộ thống nhất với bản tự kiểm điểm."
    }
    assert AuditEvent.objects.filter(action="evaluations.result_comment").count() == 3
    empty = client.post(url(cycle, tree, "nhan-xet/"), {"nhan-xet-chung": "Tốt", "pham-vi": "chon"})
    assert "Chưa chọn tập thể, cá nhân nào" in empty.content.decode()


@pytest.mark.django_db
def test_every_row_awaiting_a_comment_on_the_page(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = assessed(cast, cycle, tree)
    Result.objects.filter(pk=rows[0].pk).update(state=ResultState.PENDING)
    Result.objects.filter(pk=rows[1].pk).update(state=ResultState.COMMENTED, comment="Đã nhận xét riêng")
    client = logged_in(cast.secretary)
    page = {"tren-trang": ",".join(str(r.pk) for r in rows), "nhan-xet-chung": "Hoàn thành tốt", "pham-vi": "trang"}
    assert client.post(url(cycle, tree, "nhan-xet/"), page).status_code == 302
    comments = dict(Result.objects.values_list("pk", "comment"))
    assert comments == {
        rows[0].pk: "",
        rows[1].pk: "Đã nhận xét riêng",
        rows[2].pk: "Hoàn thành tốt",
        rows[3].pk: "Hoàn thành tốt",
    }
