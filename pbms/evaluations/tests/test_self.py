"""The cadre's own pages: "my evaluations" and the self-assessment of one result (Mẫu 2A/2B/2C in spirit),
refused after the deadline or once the collective has commented; nobody else's result is reachable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from pbms.accounts.models import Assignment, Role, Scope
from pbms.conftest import Tree, logged_in, make_user
from pbms.evaluations import services
from pbms.evaluations.models import Cycle, CycleKind, Level, Result, ResultState, RuleSet, SubjectGroup
from pbms.evaluations.selectors import criteria_for
from pbms.evaluations.tests.conftest import POPULATION_ON, Cast
from pbms.lib.exceptions import ApplicationError
from pbms.people import services as people_services
from pbms.people.tests.conftest import make_member

URL = "/danh-gia-cua-toi/{}/"


def form_data(level: str = Level.GOOD, **extra: str) -> dict[str, str]:
    return {
        "strengths": "Hoàn thành đúng hạn các việc được giao.",
        "shortcomings": "Còn chậm báo cáo.",
        "causes": "Chủ quan.",
        "remedies": "Lập kế hoạch tuần.",
        "text": "",
        "level": level,
        **extra,
    }


@pytest.mark.django_db
def test_it_lists_only_the_cadres_own_results(cast: Cast, result: Result, tree: Tree) -> None:
    other = make_member(cast.specialist, tree.A1c1, "Phạm Thị Hoa", dt.date(2020, 3, 1))
    services.result_open(actor=cast.secretary, cycle=result.cycle, person=other.person, group=SubjectGroup.MEMBER)
    page = logged_in(cast.cadre).get("/danh-gia-cua-toi/").content.decode()
    assert "Đánh giá, xếp loại chất lượng năm 2024" in page
    assert URL.format(result.pk) in page
    assert page.count("/danh-gia-cua-toi/") - page.count('href="/danh-gia-cua-toi/"') == 1
    empty = logged_in(cast.secretary).get("/danh-gia-cua-toi/").content.decode()
    assert "Bạn chưa có kết quả đánh giá, xếp loại nào" in empty


@pytest.mark.django_db
def test_it_saves_the_self_assessment_from_the_page(cast: Cast, result: Result) -> None:
    client = logged_in(cast.cadre)
    page = client.get(URL.format(result.pk)).content.decode()
    assert "Ưu điểm" in page and "Biện pháp khắc phục" in page and "Tự nhận mức xếp loại" in page
    response = client.post(URL.format(result.pk), form_data())
    assert response.status_code == 302
    row = Result.objects.get(pk=result.pk)
    assert (row.state, row.self_level, row.shortcomings, row.remedies) == (
        ResultState.SELF_ASSESSED,
        Level.GOOD,
        "Còn chậm báo cáo.",
        "Lập kế hoạch tuần.",
    )
    assert "Đã ghi bản tự đánh giá" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_it_scores_each_criterion_of_the_template_on_the_page(cast: Cast) -> None:
    cycle = services.cycle_open(
        actor=cast.specialist,
        year=2024,
        kind=CycleKind.QUARTER,
        period=4,
        population_on=POPULATION_ON,
        ruleset=RuleSet.objects.get(code="QD366-2025"),
    )
    result = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
    client = logged_in(cast.cadre)
    page = client.get(URL.format(result.pk)).content.decode()
    assert "Tiêu chí chung (30 điểm)" in page and "Kết quả thực hiện nhiệm vụ (70 điểm)" in page
    criteria = criteria_for(ruleset_id=cycle.ruleset_id, group=SubjectGroup.MEMBER)
    scores = {f"criterion_{c.pk}": str(c.max_points - 2).replace(".", ",") for c in criteria}
    response = client.post(URL.format(result.pk), form_data(Level.EXCELLENT, **scores))
    # 100 - 2 × 7 criteria = 86: the level by points is "good", so "excellent" is refused with the reason
    assert response.status_code == 200
    assert "Tổng điểm 86.00 chỉ đạt mức «Hoàn thành tốt nhiệm vụ»" in response.content.decode()
    response = client.post(URL.format(result.pk), form_data(Level.GOOD, **scores))
    assert response.status_code == 302
    assert Result.objects.get(pk=result.pk).points == 86


@pytest.mark.django_db
def test_it_refuses_after_the_deadline(cast: Cast) -> None:
    cycle = services.cycle_open(
        actor=cast.specialist,
        year=2024,
        population_on=POPULATION_ON,
        deadlines={"self_assess_by": dt.date(2024, 12, 20)},
    )
    result = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
    client = logged_in(cast.cadre)
    page = client.get(URL.format(result.pk)).content.decode()
    assert "Đã hết hạn tự đánh giá (20/12/2024)" in page
    assert "Ghi bản tự đánh giá" not in page
    response = client.post(URL.format(result.pk), form_data())
    assert "Đã hết hạn tự đánh giá (20/12/2024)" in response.content.decode()
    assert Result.objects.get(pk=result.pk).state == ResultState.PENDING
    with pytest.raises(ApplicationError, match="Đã hết hạn tự đánh giá"):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD, today=dt.date(2024, 12, 21))
    row = services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD, today=dt.date(2024, 12, 20))
    assert row.state == ResultState.SELF_ASSESSED  # the last day still counts


@pytest.mark.django_db
def test_it_refuses_once_the_collective_has_commented(cast: Cast, result: Result) -> None:
    services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD)
    services.result_comment(actor=cast.secretary, result=result, comment="Chi bộ nhận xét")
    client = logged_in(cast.cadre)
    page = client.get(URL.format(result.pk)).content.decode()
    assert "Chi bộ, cấp ủy đã nhận xét" in page and "Chi bộ nhận xét" in page
    response = client.post(URL.format(result.pk), form_data(Level.EXCELLENT))
    assert "Chi bộ, cấp ủy đã nhận xét (trạng thái «Đã nhận xét»)" in response.content.decode()
    assert Result.objects.get(pk=result.pk).self_level == Level.GOOD


@pytest.mark.django_db
def test_another_cadre_and_an_outsider_get_404(cast: Cast, result: Result, tree: Tree) -> None:
    other_user = make_user("canbo_b", "Phạm Thị Hoa")
    Assignment.objects.create(user=other_user, org=tree.A1c1, role=Role.CADRE, scope=Scope.VIEW)
    other = make_member(cast.specialist, tree.A1c1, "Phạm Thị Hoa", dt.date(2020, 3, 1))
    people_services.person_link_user(actor=cast.admin, person=other.person, user=other_user)
    for user in (other_user, cast.outsider, cast.secretary, cast.decider, cast.admin):
        client = logged_in(user)
        assert client.get(URL.format(result.pk)).status_code == 404, user.username
        assert client.post(URL.format(result.pk), form_data()).status_code == 404, user.username
    assert Client().get(URL.format(result.pk)).status_code == 302  # to the login page
    assert Result.objects.get(pk=result.pk).state == ResultState.PENDING


@pytest.mark.django_db
def test_the_yearly_page_shows_the_months_and_quarters_of_the_year(cast: Cast, result: Result) -> None:
    for kind, period, level in ((CycleKind.QUARTER, 1, Level.GOOD), (CycleKind.MONTH, 2, Level.EXCELLENT)):
        cycle = services.cycle_open(
            actor=cast.specialist, year=2024, kind=kind, period=period, population_on=POPULATION_ON
        )
        row = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
        services.result_self_assess(actor=cast.cadre, result=row, level=level)
    page = logged_in(cast.cadre).get(URL.format(result.pk)).content.decode()
    assert "Kết quả hằng tháng, hằng quý năm 2024" in page
    assert page.index("Quý 1") < page.index("Tháng 2")
    assert "Hoàn thành xuất sắc nhiệm vụ (chưa quyết định)" in page


@pytest.mark.django_db
def test_the_pages_cost_a_fixed_number_of_queries(
    cast: Cast, cycle: Cycle, result: Result, django_assert_max_num_queries: object
) -> None:
    for quarter in (1, 2, 3, 4):
        row = services.result_open(
            actor=cast.secretary,
            cycle=services.cycle_open(
                actor=cast.specialist, year=2024, kind=CycleKind.QUARTER, period=quarter, population_on=POPULATION_ON
            ),
            person=cast.person,
            group=SubjectGroup.MEMBER,
        )
        services.result_self_assess(actor=cast.cadre, result=row, level=Level.GOOD)
    client = logged_in(cast.cadre)
    with django_assert_max_num_queries(9):  # type: ignore[operator]
        page = client.get("/danh-gia-cua-toi/")
    assert page.content.decode().count("Đánh giá, xếp loại quý") == 4
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = client.get(URL.format(result.pk))
    assert page.content.decode().count("(chưa quyết định)") == 4
