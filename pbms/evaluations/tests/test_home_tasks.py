"""The home page's "Việc cần làm" for the evaluation personas: the open cycle's board, the cadre's own
self-assessment, and nothing of another district."""

from __future__ import annotations

from django.urls import reverse

from pbms.conftest import logged_in
from pbms.evaluations.models import Cycle, Result
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
