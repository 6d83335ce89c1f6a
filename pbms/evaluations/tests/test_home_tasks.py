"""The home page's "Việc cần làm" for the evaluation personas: the open cycle's board, the cadre's own
self-assessment, and nothing of another district."""

from __future__ import annotations

import re

from django.urls import reverse

from pbms.conftest import logged_in
from pbms.evaluations import services
from pbms.evaluations.models import Cycle, Level, Result
from pbms.evaluations.tests.conftest import Cast

HOME = reverse("core:home")


def test_it_shows_the_secretary_the_board_of_the_open_cycle(cast: Cast, cycle: Cycle, result: Result) -> None:
    page = logged_in(cast.secretary).get(f"{HOME}?ngay=02/12/2024").content.decode()
    assert cycle.name in page
    assert reverse("evaluations:board", args=[cycle.pk, result.unit_id]) in page


def test_it_shows_an_outsider_no_board_of_another_district(cast: Cast, cycle: Cycle, result: Result) -> None:
    page = logged_in(cast.outsider).get(f"{HOME}?ngay=02/12/2024").content.decode()
    assert cycle.name not in page
    assert reverse("evaluations:board", args=[cycle.pk, result.unit_id]) not in page


def test_it_reminds_the_cadre_of_a_self_assessment_not_done(cast: Cast, cycle: Cycle, result: Result) -> None:
    page = logged_in(cast.cadre).get(f"{HOME}?ngay=02/12/2024").content.decode()
    assert "Bạn có 1 bản tự đánh giá chưa làm" in page
    assert "bản tự đánh giá chưa làm" not in logged_in(cast.secretary).get(HOME).content.decode()


def _unit_row(page: str, board: str) -> list[str]:
    """The numbers of the unit's row on the home page, after its link."""
    row = page[page.index(board) :].split("</tr>")[0]
    return re.findall(r'<td class="num">(\d+)</td>', row)


def test_it_counts_what_waits_for_each_step_of_the_unit(cast: Cast, cycle: Cycle, result: Result) -> None:
    board = reverse("evaluations:board", args=[cycle.pk, result.unit_id])
    secretary = logged_in(cast.secretary)
    # not self-assessed, awaiting comment, awaiting decision, decided
    assert _unit_row(secretary.get(f"{HOME}?ngay=02/12/2024").content.decode(), board) == ["1", "0", "0", "0"]
    services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD, text="Bản tự kiểm điểm")
    assert _unit_row(secretary.get(f"{HOME}?ngay=02/12/2024").content.decode(), board) == ["0", "1", "0", "0"]
    services.result_comment(actor=cast.secretary, result=result, comment="Chi bộ nhận xét")
    services.result_propose(actor=cast.secretary, result=result, level=Level.GOOD)
    decider_board = reverse("evaluations:board", args=[cycle.pk, result.decider_org_id])
    decider = logged_in(cast.decider).get(f"{HOME}?ngay=02/12/2024").content.decode()
    assert _unit_row(decider, decider_board) == ["0", "0", "1", "0"]
