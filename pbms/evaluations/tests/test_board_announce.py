"""The announcement on the decision board: the deciding level announces decided results on one date, the
rows ticked or every decided row of the page, all or nothing; nobody else may."""

from __future__ import annotations

import datetime as dt

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import Tree, logged_in
from pbms.evaluations import services
from pbms.evaluations.models import Cycle, Level, Result, ResultState
from pbms.evaluations.tests.conftest import Cast
from pbms.evaluations.tests.test_board import NAMES, commented
from pbms.lib.exceptions import ApplicationError


def decided(cast: Cast, cycle: Cycle, tree: Tree, count: int) -> list[Result]:
    rows = commented(cast, cycle, tree, NAMES[:count])
    Result.objects.filter(pk__in=[r.pk for r in rows]).update(
        state=ResultState.DECIDED, proposed_level=Level.GOOD, decided_level=Level.GOOD, decided_on=dt.date(2025, 1, 10)
    )
    return rows


def url(cycle: Cycle, tree: Tree, tail: str = "") -> str:
    return f"/danh-gia/{cycle.pk}/{tree.A1c1.pk}/{tail}"


@pytest.mark.django_db
def test_the_decider_announces_the_rows_ticked_on_a_date(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = decided(cast, cycle, tree, 3)
    client = logged_in(cast.decider)
    assert "Thông báo các kết quả đã chọn" in client.get(url(cycle, tree)).content.decode()
    data = {"chon": [rows[0].pk, rows[1].pk], "announced_on": "15/01/2025", "pham-vi": "chon"}
    response = client.post(url(cycle, tree, "thong-bao/"), data, follow=True)
    page = response.content.decode()
    assert "Đã thông báo kết quả của 2 tập thể, cá nhân." in page
    assert page.count("Đã thông báo ngày 15/01/2025") == 2
    states = dict(Result.objects.values_list("pk", "state"))
    assert states == {rows[0].pk: "announced", rows[1].pk: "announced", rows[2].pk: "decided"}
    assert Result.objects.get(pk=rows[0].pk).announced_on == dt.date(2025, 1, 15)
    assert AuditEvent.objects.filter(action="evaluations.result_announce").count() == 2
    assert AuditEvent.objects.filter(action="evaluations.result_announce_bulk").count() == 1


@pytest.mark.django_db
def test_an_undecided_row_stops_the_whole_announcement(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = decided(cast, cycle, tree, 3)
    Result.objects.filter(pk=rows[2].pk).update(state=ResultState.PROPOSED, decided_level="")
    client = logged_in(cast.decider)
    data = {"chon": [r.pk for r in rows], "announced_on": "15/01/2025", "pham-vi": "chon"}
    response = client.post(url(cycle, tree, "thong-bao/"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Không thông báo được: 1 dòng bị từ chối, chưa lưu dòng nào." in page
    assert "Lê Văn An: Chỉ thông báo kết quả đã quyết định (đang «Đã đề xuất»)" in page
    assert not Result.objects.filter(state=ResultState.ANNOUNCED).exists()
    bad_date = client.post(url(cycle, tree, "thong-bao/"), data | {"announced_on": "31/02/2025"})
    assert bad_date.status_code == 422 and "Ngày thông báo theo dạng dd/mm/yyyy." in bad_date.content.decode()


@pytest.mark.django_db
def test_every_decided_row_of_the_page_is_announced(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = decided(cast, cycle, tree, 3)
    Result.objects.filter(pk=rows[0].pk).update(state=ResultState.PROPOSED, decided_level="")
    page = {"tren-trang": ",".join(str(r.pk) for r in rows), "announced_on": "20/01/2025", "pham-vi": "trang"}
    assert logged_in(cast.decider).post(url(cycle, tree, "thong-bao/"), page).status_code == 302
    states = dict(Result.objects.values_list("pk", "state"))
    assert states == {rows[0].pk: "proposed", rows[1].pk: "announced", rows[2].pk: "announced"}


@pytest.mark.django_db
def test_only_the_deciding_level_announces(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = decided(cast, cycle, tree, 1)
    secretary = logged_in(cast.secretary)
    assert "Thông báo các kết quả đã chọn" not in secretary.get(url(cycle, tree)).content.decode()
    data = {"chon": [rows[0].pk], "announced_on": "15/01/2025", "pham-vi": "chon"}
    for user in (cast.secretary, cast.outsider, cast.cadre):
        assert logged_in(user).post(url(cycle, tree, "thong-bao/"), data).status_code == 404, user.username
    assert not Result.objects.filter(state=ResultState.ANNOUNCED).exists()


@pytest.mark.django_db
def test_it_refuses_an_announcement_dated_before_the_decision(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = decided(cast, cycle, tree, 2)
    Result.objects.filter(pk=rows[1].pk).update(decided_on=dt.date(2025, 1, 3))
    message = (
        "Ngày thông báo (05/01/2025) trước ngày quyết định (10/01/2025): không thể thông báo trước khi quyết định."
    )
    with pytest.raises(ApplicationError) as refused:
        services.result_announce(actor=cast.decider, result=rows[0], announced_on=dt.date(2025, 1, 5))
    assert (refused.value.message, refused.value.field) == (message, "announced_on")
    client = logged_in(cast.decider)
    data = {"chon": [r.pk for r in rows], "announced_on": "05/01/2025", "pham-vi": "chon"}
    response = client.post(url(cycle, tree, "thong-bao/"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Không thông báo được: 1 dòng bị từ chối, chưa lưu dòng nào." in page
    assert f"Trần Văn Ân: {message}" in page
    assert not Result.objects.filter(state=ResultState.ANNOUNCED).exists()
    # on the day of the decision itself it goes through
    on_the_day = client.post(url(cycle, tree, "thong-bao/"), data | {"announced_on": "10/01/2025"})
    assert on_the_day.status_code == 302
    assert Result.objects.filter(state=ResultState.ANNOUNCED).count() == 2
