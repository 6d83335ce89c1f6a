"""The pages of the decision board: who sees what, proposing and deciding through the page, the quota
warning, reopening, the files, and a query count that does not grow with the board."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from pbms.accounts.models import Assignment, Role, Scope
from pbms.audit.models import AuditEvent
from pbms.conftest import Tree, logged_in, make_user
from pbms.evaluations import discipline_services, services
from pbms.evaluations.models import Cycle, CycleKind, Level, RatedBody, Result, ResultState, SubjectGroup
from pbms.evaluations.tests.conftest import Cast
from pbms.evaluations.tests.test_board import NAMES, commented
from pbms.people.tests.conftest import make_member


def url(cycle: Cycle, unit_id: int, tail: str = "") -> str:
    return f"/danh-gia/{cycle.pk}/{unit_id}/{tail}"


def levels(rows: list[Result], *chosen: str) -> dict[str, str]:
    return {f"muc-{row.pk}": level for row, level in zip(rows, chosen, strict=True)}


def all_proposed(rows: list[Result]) -> dict[str, str]:
    """ "Decide every row of the page at its proposed level", posted from a page showing ``rows``."""
    return {"decided_on": "10/01/2025", "all_proposed": "on", "tren-trang": ",".join(str(r.pk) for r in rows)}


@pytest.mark.django_db
def test_it_lists_cycles_and_the_units_the_actor_sees(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    commented(cast, cycle, tree, NAMES[:2])
    page = logged_in(cast.secretary).get("/danh-gia/").content.decode()
    assert "Đánh giá, xếp loại chất lượng năm 2024" in page
    page = logged_in(cast.secretary).get(f"/danh-gia/{cycle.pk}/").content.decode()
    assert "Chi bộ thôn Một" in page
    page = logged_in(cast.outsider).get(f"/danh-gia/{cycle.pk}/").content.decode()
    assert "Chi bộ thôn Một" not in page and "Không có bảng xếp loại nào" in page
    page = logged_in(cast.decider).get(f"/danh-gia/{cycle.pk}/?q=xa an phu").content.decode()
    assert "Đảng bộ xã An Phú" in page and "Chi bộ thôn Một" not in page


@pytest.mark.django_db
def test_outsiders_and_cadres_get_404(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:2])
    other_cell = make_user("bithu_b1c1", "Đinh Văn Hải")
    Assignment.objects.create(user=other_cell, org=tree.B1c1, role=Role.CELL_SECRETARY, scope=Scope.ENTER)
    for user in (cast.outsider, cast.cadre, other_cell):
        client = logged_in(user)
        for tail in ("", "xuat-excel/", "bao-cao/"):
            assert client.get(url(cycle, tree.A1c1.pk, tail)).status_code == 404, (user.username, tail)
        for tail in ("ty-le/", "de-xuat/", "quyet-dinh/", f"mo-lai/{rows[0].pk}/"):
            response = client.post(url(cycle, tree.A1c1.pk, tail), levels(rows, Level.GOOD, Level.GOOD))
            assert response.status_code == 404, (user.username, tail)
    assert not Result.objects.filter(state=ResultState.PROPOSED).exists()


@pytest.mark.django_db
def test_a_secretary_proposes_but_cannot_decide(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:2])
    client = logged_in(cast.secretary)
    page = client.get(url(cycle, tree.A1c1.pk)).content.decode()
    assert "Đề xuất các mức đã chọn" in page and "Quyết định các mức đã chọn" not in page
    response = client.post(url(cycle, tree.A1c1.pk, "de-xuat/"), levels(rows, Level.GOOD, Level.COMPLETE))
    assert response.status_code == 302
    assert dict(Result.objects.values_list("pk", "proposed_level")) == {rows[0].pk: "good", rows[1].pk: "complete"}
    response = client.post(url(cycle, tree.A1c1.pk, "quyet-dinh/"), {"decided_on": "10/01/2025", "all_proposed": "on"})
    assert response.status_code == 422
    assert "Chưa chọn kết quả nào" in response.content.decode()
    assert not Result.objects.filter(state=ResultState.DECIDED).exists()


@pytest.mark.django_db
def test_an_unchanged_proposal_is_not_proposed_again_and_a_closed_cycle_offers_nothing(
    cast: Cast, cycle: Cycle, tree: Tree
) -> None:
    rows = commented(cast, cycle, tree, NAMES[:2])
    client = logged_in(cast.secretary)
    client.post(url(cycle, tree.A1c1.pk, "de-xuat/"), levels(rows, Level.GOOD, Level.COMPLETE))
    client.post(url(cycle, tree.A1c1.pk, "de-xuat/"), levels(rows, Level.GOOD, Level.GOOD))
    proposals = AuditEvent.objects.filter(action="evaluations.result_propose")
    assert proposals.count() == 3  # two, then the one that changed
    assert (
        "Các mức đề xuất không thay đổi"
        in client.post(
            url(cycle, tree.A1c1.pk, "de-xuat/"), levels(rows, Level.GOOD, Level.GOOD), follow=True
        ).content.decode()
    )
    services.cycle_close(actor=cast.specialist, cycle=cycle)
    page = client.get(url(cycle, tree.A1c1.pk)).content.decode()
    assert 'class="level"' not in page and "Đề xuất các mức đã chọn" not in page


@pytest.mark.django_db
def test_the_decider_must_give_a_reason_over_the_quota(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree)
    chosen = levels(rows, *([Level.GOOD] * 4), Level.EXCELLENT, Level.EXCELLENT)
    logged_in(cast.secretary).post(url(cycle, tree.A1c1.pk, "de-xuat/"), chosen)
    client = logged_in(cast.decider)
    meter = client.post(url(cycle, tree.A1c1.pk, "ty-le/"), chosen).content.decode()
    assert "Vượt 2" in meter and "Cấp quyết định phải ghi rõ lý do" in meter
    calmer = levels(rows, *([Level.GOOD] * 5), Level.EXCELLENT)
    assert "Trong giới hạn" in client.post(url(cycle, tree.A1c1.pk, "ty-le/"), calmer).content.decode()
    decision = {"decided_on": "10/01/2025", "decision_ref": "15-QĐ/ĐU"}
    response = client.post(url(cycle, tree.A1c1.pk, "quyet-dinh/"), chosen | decision)
    assert response.status_code == 422
    assert "chưa lưu dòng nào" in response.content.decode()
    assert not Result.objects.filter(state=ResultState.DECIDED).exists()
    reason = {"quota_reason": "Hai đồng chí được tỉnh khen thưởng đột xuất"}
    response = client.post(url(cycle, tree.A1c1.pk, "quyet-dinh/"), chosen | decision | reason)
    assert response.status_code == 302
    assert Result.objects.filter(state=ResultState.DECIDED, decision_ref="15-QĐ/ĐU").count() == 6
    page = client.get(url(cycle, tree.A1c1.pk)).content.decode()
    assert "Hai đồng chí được tỉnh khen thưởng đột xuất" in page and "Mở lại" in page


@pytest.mark.django_db
def test_decide_all_at_the_proposed_level_then_reopen_with_a_reason(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:2])
    logged_in(cast.secretary).post(url(cycle, tree.A1c1.pk, "de-xuat/"), levels(rows, Level.GOOD, Level.COMPLETE))
    client = logged_in(cast.decider)
    response = client.post(url(cycle, tree.A1c1.pk, "quyet-dinh/"), all_proposed(rows))
    assert response.status_code == 302
    assert dict(Result.objects.values_list("pk", "decided_level")) == {rows[0].pk: "good", rows[1].pk: "complete"}
    # the secretary cannot reopen; the decider must say why
    logged_in(cast.secretary).post(url(cycle, tree.A1c1.pk, f"mo-lai/{rows[0].pk}/"), {"reason": "Sai"})
    assert Result.objects.get(pk=rows[0].pk).state == ResultState.DECIDED
    client.post(url(cycle, tree.A1c1.pk, f"mo-lai/{rows[0].pk}/"), {"reason": ""})
    assert Result.objects.get(pk=rows[0].pk).state == ResultState.DECIDED
    client.post(url(cycle, tree.A1c1.pk, f"mo-lai/{rows[0].pk}/"), {"reason": "Phát hiện vi phạm sau quyết định"})
    reopened = Result.objects.get(pk=rows[0].pk)
    assert (reopened.state, reopened.reopen_reason) == (ResultState.PROPOSED, "Phát hiện vi phạm sau quyết định")


@pytest.mark.django_db
def test_the_files_carry_the_mark_and_the_results(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:2])
    logged_in(cast.secretary).post(url(cycle, tree.A1c1.pk, "de-xuat/"), levels(rows, Level.GOOD, Level.COMPLETE))
    client = logged_in(cast.decider)
    client.post(url(cycle, tree.A1c1.pk, "quyet-dinh/"), all_proposed(rows))
    response = client.get(url(cycle, tree.A1c1.pk, "xuat-excel/"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[0][0] == "MẬT"
    names = [row[1] for row in cells[5:]]
    assert names == ["Nguyễn Thị Ánh", "Trần Văn Ân"]
    assert cells[4][8] == "Quyết định"
    assert (cells[5][8], cells[6][8]) == ("Hoàn thành nhiệm vụ", "Hoàn thành tốt nhiệm vụ")
    response = client.get(url(cycle, tree.A1.pk, "bao-cao/"))  # the announcement of the deciding body
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    table_text = "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    assert "MẬT" in text and "THÔNG BÁO" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in table_text and "Nguyễn Thị Ánh" in table_text and "Nơi nhận:" in table_text


@pytest.mark.django_db
def test_the_excel_file_holds_every_row_with_the_collective_s_whole_comment(
    cast: Cast, cycle: Cycle, tree: Tree, settings: Any
) -> None:
    settings.EVALUATION_BOARD_PAGE_SIZE = 2  # the file is the whole board, not the page shown
    rows = commented(cast, cycle, tree, NAMES[:3])
    long = "Gương mẫu, nhiệt tình trong công tác ở thôn. " * 5
    Result.objects.filter(pk=rows[0].pk).update(comment=long.strip())
    Result.objects.filter(pk=rows[1].pk).update(comment='=HYPERLINK("http://x")')
    client = logged_in(cast.secretary)
    assert long.strip() not in client.get(url(cycle, tree.A1c1.pk)).content.decode()  # the page shows 120
    response = client.get(url(cycle, tree.A1c1.pk, "xuat-excel/?trang=2"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = list(sheet.iter_rows(min_row=5, values_only=True))
    assert cells[0][6] == "Nhận xét của tập thể"
    comments = {row[1]: row[6] for row in cells[1:]}
    assert comments == {
        "Lê Văn An": None,
        "Nguyễn Thị Ánh": '=HYPERLINK("http://x")',  # typed text stays text, not a formula
        "Trần Văn Ân": long.strip(),
    }
    typed = next(row[6] for row in sheet.iter_rows(min_row=6) if row[1].value == "Nguyễn Thị Ánh")
    assert typed.data_type == "s"  # stored as a string: Excel shows it and runs nothing


@pytest.mark.django_db
def test_the_yearly_board_shows_each_person_s_months(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:1])
    march = services.cycle_open(
        actor=cast.specialist, year=2024, kind=CycleKind.MONTH, period=3, population_on=dt.date(2024, 3, 31)
    )
    assert rows[0].person is not None
    monthly = services.result_open(actor=cast.secretary, cycle=march, person=rows[0].person, group=SubjectGroup.MEMBER)
    Result.objects.filter(pk=monthly.pk).update(state=ResultState.DECIDED, decided_level=Level.GOOD)
    page = logged_in(cast.secretary).get(url(cycle, tree.A1c1.pk)).content.decode()
    assert "Tháng 3: Hoàn thành tốt nhiệm vụ" in page
    month_page = logged_in(cast.secretary).get(url(march, tree.A1c1.pk)).content.decode()
    assert "Kết quả tháng, quý" not in month_page


def build_board(cast: Cast, cycle: Cycle, tree: Tree, size: int) -> None:
    names = [f"{family} Văn {given}" for family in ("Lê", "Trần", "Phạm") for given in ("An", "Bình", "Cường", "Dũng")]
    for index in range(size):
        member = make_member(cast.specialist, tree.A1c1, names[index % len(names)], dt.date(2020, 1, 1))
        services.result_open(actor=cast.secretary, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)
    services.result_open(
        actor=cast.secretary, cycle=cycle, org=tree.A1c1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    first = Result.objects.filter(cycle=cycle, person__isnull=False).order_by("id").first()
    assert first is not None and first.person is not None
    discipline_services.discipline_record(
        actor=cast.specialist, person=first.person, form="reprimand", date=dt.date(2024, 3, 3), decision_ref="1-QĐ"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
def test_the_board_costs_the_same_number_of_queries_at_any_size(
    cast: Cast, cycle: Cycle, tree: Tree, size: int, django_assert_num_queries: Any
) -> None:
    build_board(cast, cycle, tree, size)
    client = logged_in(cast.decider)
    client.get(url(cycle, tree.A1c1.pk))  # warm the session and the role caches
    with django_assert_num_queries(QUERIES):
        response = client.get(url(cycle, tree.A1c1.pk))
    assert response.status_code == 200
    assert response.content.decode().count('class="tag">Tập thể') == 1


QUERIES = 25  # the page of a yearly cycle (its people's months and quarters): one less for a monthly one;
# one of them is the account's OTP requirement, asked on every request (accounts.otp), one the cadre ratings
# the link clause reads (board.people_facts)
