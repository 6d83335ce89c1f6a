"""An organisation's page: its members, its leading bodies and its yearly ratings, as of the date asked."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pbms.conftest import Personas, Tree, logged_in
from pbms.evaluations.models import Level, RatedBody, SubjectGroup
from pbms.evaluations.services import result_import
from pbms.people import services
from pbms.people.models import Body, BodyRole
from pbms.people.tests.conftest import make_member

DAY = "ngay=31/12/2024"


def _page(user: object, org_id: int, query: str = DAY) -> str:
    response = logged_in(user).get(f"{reverse('orgs:detail', args=[org_id])}?{query}")  # type: ignore[arg-type]
    assert response.status_code == 200
    return response.content.decode()


def _seat(people: Personas, tree: Tree, name: str, role: str) -> None:
    body = Body.objects.filter(term__org=tree.A1, kind=Body.Kind.COMMITTEE).first()
    if body is None:
        term = services.term_create(
            actor=people.specialist, org=tree.A1, name="2020–2025", starts_on=dt.date(2020, 8, 1)
        )
        body = services.body_create(actor=people.specialist, term=term, kind=Body.Kind.COMMITTEE)
    person = make_member(people.specialist, tree.A1c1, name, dt.date(2020, 2, 1)).person
    services.body_seat_add(actor=people.specialist, body=body, person=person, role=role, valid_from=dt.date(2020, 8, 1))


def test_it_counts_the_members_of_the_subtree_and_the_probationary_ones(people: Personas, tree: Tree) -> None:
    make_member(people.specialist, tree.A1c1, "Trần Thị Ánh", dt.date(2024, 9, 1))
    recognised = make_member(people.specialist, tree.A2c1, "Lê Văn Bình", dt.date(2023, 1, 10))
    services.member_recognize(
        actor=people.specialist, membership=recognised, meeting_on=dt.date(2024, 1, 10), decision_ref="5-NQ/CB"
    )
    make_member(people.specialist, tree.B1c1, "Phạm Văn Cường", dt.date(2024, 9, 1))  # district B
    page = _page(people.staff_a, tree.A.pk)
    assert "<strong>2</strong> đảng viên sinh hoạt" in page and "trong đó 1 đảng viên dự bị" in page
    assert "<strong>1</strong> đảng viên sinh hoạt" in _page(people.staff_a, tree.A1c1.pk)
    assert "<strong>0</strong> đảng viên sinh hoạt" in _page(people.staff_a, tree.A.pk, "ngay=01/01/2023")


def test_it_lists_the_committee_seats_held_on_the_day(people: Personas, tree: Tree) -> None:
    _seat(people, tree, "Nguyễn Văn Hải", BodyRole.MEMBER)
    _seat(people, tree, "Đỗ Thị Hoa", BodyRole.SECRETARY)
    page = _page(people.staff_a, tree.A1.pk)
    assert page.index("Bí thư") < page.index("Đỗ Thị Hoa") < page.index("Nguyễn Văn Hải")
    assert "Đỗ Thị Hoa" not in _page(people.staff_a, tree.A1.pk, "ngay=01/06/2020")  # before the term


def test_it_lists_the_holders_of_a_role_in_vietnamese_name_order(people: Personas, tree: Tree) -> None:
    for name in ("Trần Văn Đức", "Nguyễn Thị Dung", "Lê Văn Ánh", "Bùi Văn Ánh"):
        _seat(people, tree, name, BodyRole.MEMBER)
    page = _page(people.staff_a, tree.A1.pk)
    # Given name first (Ánh < Dung < Đức: "Đ" after "D", not after "Z"), then family name (Bùi < Lê).
    assert page.index("Bùi Văn Ánh") < page.index("Lê Văn Ánh") < page.index("Nguyễn Thị Dung")
    assert page.index("Nguyễn Thị Dung") < page.index("Trần Văn Đức")


def test_it_shows_decided_yearly_ratings_of_the_organisation_and_its_committee(people: Personas, tree: Tree) -> None:
    result_import(
        actor=people.specialist,
        year=2023,
        level=Level.GOOD,
        group=SubjectGroup.COLLECTIVE,
        org=tree.A1,
        body_kind=RatedBody.ORG,
    )
    result_import(
        actor=people.specialist,
        year=2023,
        level=Level.EXCELLENT,
        group=SubjectGroup.COLLECTIVE,
        org=tree.A1,
        body_kind=RatedBody.COMMITTEE,
    )
    page = _page(people.staff_a, tree.A1.pk)
    row = page[page.index("<td>2023</td>") :].split("</tr>")[0]
    assert row.index("Hoàn thành tốt nhiệm vụ") < row.index("Hoàn thành xuất sắc nhiệm vụ")
    assert "Chưa có kết quả xếp loại" in _page(people.staff_a, tree.A2.pk)


def test_it_shows_an_outsider_nothing_of_the_organisation(people: Personas, tree: Tree) -> None:
    _seat(people, tree, "Nguyễn Văn Hải", BodyRole.SECRETARY)
    response = logged_in(people.outsider).get(f"{reverse('orgs:detail', args=[tree.A1.pk])}?{DAY}")
    assert response.status_code == 404
    assert "Nguyễn Văn Hải" not in response.content.decode()


def test_it_reads_the_panels_in_constant_queries(people: Personas, tree: Tree) -> None:
    _seat(people, tree, "Nguyễn Văn Hải", BodyRole.SECRETARY)

    def count() -> int:
        client = logged_in(people.staff_a)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{reverse('orgs:detail', args=[tree.A1.pk])}?{DAY}").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(4):
        _seat(people, tree, f"Mạc Văn {chr(65 + i)}", BodyRole.MEMBER)
        make_member(people.specialist, tree.A1c1, f"Mạc Thị {chr(65 + i)}", dt.date(2024, 1, 2))
    assert count() == before
