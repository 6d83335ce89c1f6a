"""The decision board in pages: collectives first then people in Vietnamese order across the pages, the
quota meters counting the whole unit from any page, the steps acting on the page shown, and the same
number of queries for any size and any page."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from pbms.conftest import Tree, logged_in
from pbms.evaluations.board import unit_board
from pbms.evaluations.models import Cycle, Level, Result, ResultState
from pbms.evaluations.tests.conftest import Cast
from pbms.evaluations.tests.test_views_board import QUERIES, build_board

PAGE = 5
FILE_QUERIES = 26  # the whole board read once (its people as a sub-query), the export kind, the audit row,
# the account's OTP requirement (asked on every request, accounts.otp) and the cadre ratings (link clause)


@pytest.fixture
def small_pages(settings: Any) -> None:
    settings.EVALUATION_BOARD_PAGE_SIZE = PAGE


def url(cycle: Cycle, tree: Tree, tail: str = "") -> str:
    return f"/danh-gia/{cycle.pk}/{tree.A1c1.pk}/{tail}"


@pytest.mark.django_db
def test_the_pages_follow_the_board_s_order(cast: Cast, cycle: Cycle, tree: Tree, small_pages: None) -> None:
    build_board(cast, cycle, tree, 12)
    whole = [row.name for row in unit_board(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk).rows]
    assert whole[0] == "Chi bộ thôn Một" and len(whole) == 13
    pages = [unit_board(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, page=n) for n in (1, 2, 3)]
    assert [row.name for board in pages for row in board.rows] == whole
    assert [row.number for row in pages[1].rows] == ["6", "7", "8", "9", "10"]
    assert (pages[2].page, pages[2].pages, pages[2].total) == (3, 3, 13)
    past = unit_board(actor=cast.secretary, cycle=cycle, unit_id=tree.A1c1.pk, page=9)
    assert past.page == 3 and [row.name for row in past.rows] == whole[10:]
    page = logged_in(cast.secretary).get(url(cycle, tree, "?trang=2")).content.decode()
    assert "Dòng 6–10 trong 13" in page and 'aria-current="page">2<' in page and whole[5] in page
    assert whole[0] not in page.split('id="board"')[1]


@pytest.mark.django_db
def test_the_meter_counts_the_whole_unit_from_any_page(cast: Cast, cycle: Cycle, tree: Tree, small_pages: None) -> None:
    build_board(cast, cycle, tree, 12)
    Result.objects.filter(person__isnull=False).update(state=ResultState.PROPOSED, proposed_level=Level.GOOD)
    client = logged_in(cast.decider)
    board = unit_board(actor=cast.decider, cycle=cycle, unit_id=tree.A1c1.pk, page=3)
    member = next(m for m in board.meters if m.key[-1] == "member")
    assert (member.on_board, member.check.good, member.check.allowed) == (12, 12, 2)
    last = board.rows[-1].result.pk
    # choosing "excellent" for a row of page 3 moves it out of the twelve "good" of the whole unit
    meter = client.post(url(cycle, tree, "ty-le/"), {f"muc-{last}": Level.EXCELLENT}).content.decode()
    assert re.search(r"<td class=\"num\">1</td><td class=\"num\">11</td><td class=\"num\">2</td>", meter)


@pytest.mark.django_db
def test_the_steps_act_on_the_page_shown_and_come_back_to_it(
    cast: Cast, cycle: Cycle, tree: Tree, small_pages: None
) -> None:
    build_board(cast, cycle, tree, 12)
    Result.objects.update(state=ResultState.SELF_ASSESSED)
    client = logged_in(cast.secretary)
    page = client.get(url(cycle, tree, "?trang=2")).content.decode()
    shown = re.search(r'name="tren-trang" value="([\d,]+)"', page)
    assert shown is not None
    ids = [int(i) for i in shown.group(1).split(",")]
    data = {"tren-trang": shown.group(1), "trang": "2", "nhan-xet-chung": "Hoàn thành tốt", "pham-vi": "trang"}
    response = client.post(url(cycle, tree, "nhan-xet/"), data)
    assert response.status_code == 302 and response["Location"].endswith("?trang=2")
    assert set(Result.objects.filter(state=ResultState.COMMENTED).values_list("pk", flat=True)) == set(ids)
    assert len(ids) == PAGE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("size", "page", "queries"),
    # a page of people only skips the collectives' facts (five queries), whatever the size of the board
    [(2, 1, QUERIES), (40, 1, QUERIES), (40, 2, QUERIES - 5), (60, 2, QUERIES - 5), (40, 99, QUERIES - 5)],
)
def test_a_page_costs_the_same_number_of_queries_at_any_size(
    cast: Cast,
    cycle: Cycle,
    tree: Tree,
    small_pages: None,
    size: int,
    page: int,
    queries: int,
    django_assert_num_queries: Any,
) -> None:
    build_board(cast, cycle, tree, size)
    client = logged_in(cast.decider)
    client.get(url(cycle, tree))  # warm the session and the role caches
    with django_assert_num_queries(queries):
        response = client.get(url(cycle, tree, f"?trang={page}"))
    assert response.status_code == 200
    rows = size + 1  # and the cell itself
    shown = min(page, -(-rows // PAGE))
    assert response.content.decode().count('<tr id="row-') == min(PAGE, rows - (shown - 1) * PAGE)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_the_excel_file_holds_every_page_for_the_same_number_of_queries(
    cast: Cast, cycle: Cycle, tree: Tree, small_pages: None, size: int, django_assert_num_queries: Any
) -> None:
    build_board(cast, cycle, tree, size)
    Result.objects.update(comment="Hoàn thành tốt nhiệm vụ.")
    client = logged_in(cast.decider)
    client.get(url(cycle, tree))  # warm the session and the role caches
    with django_assert_num_queries(FILE_QUERIES):
        response = client.get(url(cycle, tree, "xuat-excel/"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    assert len(rows) == size + 1 and {row[6] for row in rows} == {"Hoàn thành tốt nhiệm vụ."}
