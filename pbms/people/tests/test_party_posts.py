"""A party post is a seat, not a position (rules, "party posts"): the position service and the workbook refuse
a bí thư or phó bí thư of a chi bộ, đảng bộ bộ phận or grassroots organisation entered as a position by
itself, pointing to the seats; a chi bộ without chi ủy has the body of its bí thư and phó bí thư."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pbms.accounts.models import User
from pbms.conftest import Personas, Tree, logged_in
from pbms.lib.exceptions import ApplicationError
from pbms.people import services
from pbms.people.models import Body, ManagementCategory, Membership, Position
from pbms.people.tests.conftest import make_member
from pbms.people.workbook.apply import import_workbook
from pbms.people.workbook.sample import cccd, file_no, sample_rows, workbook_bytes
from pbms.people.workbook.spec import POSITIONS, SEATS

# The story of the old tree (2022–2024, district offices entering it): the write rule's "today" is moved to
# 15/1/2025, while the district offices still held their scope (pbms/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_restructuring")]

DAY = dt.date(2023, 4, 10)
TODAY = dt.date(2026, 1, 15)


def test_it_refuses_a_cell_secretary_entered_as_a_position_pointing_to_the_seats(
    people: Personas, tree: Tree, member_a: Membership
) -> None:
    for org, title in (
        (tree.A1c1, "Bí thư Chi bộ thôn Một"),
        (tree.A1c1, "Phó Bí thư"),
        (tree.A1, "Phó Bí thư Thường trực Đảng ủy xã An Phú"),
    ):
        with pytest.raises(ApplicationError, match="trang “Cấp ủy”") as refused:
            services.position_start(actor=people.staff_a, person=member_a.person, org=org, title=title, valid_from=DAY)
        assert refused.value.field == "title"
        assert f"“{title}” là chức danh do đại hội chi bộ, đảng bộ bầu" in str(refused.value)
    assert not Position.objects.exists()


def test_it_still_takes_as_positions_youth_union_combined_and_managed_posts(
    people: Personas, tree: Tree, member_a: Membership
) -> None:
    """The boundary of the rule: a Youth Union post, a party post combined with a government post, a party post
    carrying a management category (what targets 4–10 read), a party post above the grassroots level."""
    category = ManagementCategory.objects.get(code="lanh-dao-cap-xa")
    accepted = [
        (tree.A1c1, "Bí thư Chi đoàn thôn Một", ()),
        (tree.A1, "Bí thư Đảng ủy, Chủ tịch Hội đồng nhân dân xã An Phú", ()),
        (tree.A1, "Bí thư Đảng ủy xã An Phú", (category,)),
        (tree.A, "Bí thư Huyện ủy", ()),
    ]
    for org, title, categories in accepted:
        services.position_start(
            actor=people.staff_a,
            person=member_a.person,
            org=org,
            title=title,
            valid_from=DAY,
            categories=categories,
        )
    assert Position.objects.count() == len(accepted)


def test_it_refuses_a_party_post_on_the_positions_sheet_and_takes_it_on_the_seats_sheet(
    tmp_path: Path, tree: Tree, admin: User
) -> None:
    rows = sample_rows(1, cells=["A1C1"], children=False)
    key = [file_no(0), cccd(0), "Nguyễn Văn An"]
    rows[POSITIONS.key] = [[*key, "Bí thư Chi bộ thôn Một", "A1C1", "Có", None, DAY, None, "3-QĐ/ĐU"]]
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes(rows))
    report = import_workbook(path=path, file_name="t.xlsx", actor=admin, dry_run=False, today=TODAY)
    assert len(report.errors) == 1
    assert report.errors[0].message.startswith("“Bí thư Chi bộ thôn Một” là chức danh do đại hội chi bộ, đảng bộ bầu")
    assert "trang “Cấp ủy”" in report.errors[0].message
    assert not Position.objects.exists()
    rows[POSITIONS.key] = []
    rows[SEATS.key] = [
        [
            *key,
            "A1C1",
            "2022-2025",
            DAY,
            None,
            Body.Kind.CELL_SECRETARIES.label,
            None,
            "Bí thư",
            DAY,
            None,
            "3-QĐ/ĐU",
        ]
    ]
    path.write_bytes(workbook_bytes(rows))
    report = import_workbook(path=path, file_name="t.xlsx", actor=admin, dry_run=False, today=TODAY)
    assert not report.errors
    person = Membership.objects.get(party_file_no=file_no(0)).person
    seat = person.body_seats.select_related("body__term").get()
    assert (seat.role, seat.body.kind, seat.body.term.org_id) == ("secretary", "cell_secretaries", tree.A1c1.pk)


def test_it_refuses_the_body_of_a_cell_s_secretaries_outside_a_chi_bo_and_beside_a_chi_uy(
    people: Personas, tree: Tree, member_a: Membership
) -> None:
    term = services.term_create(actor=people.staff_a, org=tree.A1, name="2020–2025", starts_on=dt.date(2020, 5, 1))
    with pytest.raises(ApplicationError, match="“Đảng bộ xã An Phú” không phải chi bộ"):
        services.body_create(actor=people.staff_a, term=term, kind=Body.Kind.CELL_SECRETARIES)
    cell_term = services.term_create(actor=people.staff_a, org=tree.A1c1, name="2022–2025", starts_on=DAY)
    services.body_create(actor=people.staff_a, term=cell_term, kind=Body.Kind.COMMITTEE)
    with pytest.raises(ApplicationError, match="đã có ban chấp hành"):
        services.body_create(actor=people.staff_a, term=cell_term, kind=Body.Kind.CELL_SECRETARIES)
    other = services.term_create(actor=people.staff_a, org=tree.A2c1, name="2022–2025", starts_on=DAY)
    body = services.body_create(actor=people.staff_a, term=other, kind=Body.Kind.CELL_SECRETARIES)
    with pytest.raises(ApplicationError, match="Ủy viên không phải chức danh"):
        services.body_seat_add(actor=people.staff_a, body=body, person=member_a.person, role="member", valid_from=DAY)
    seat = services.body_seat_add(
        actor=people.staff_a, body=body, person=member_a.person, role="deputy_secretary", valid_from=DAY
    )
    assert seat.get_role_display() == "Phó Bí thư"


def test_it_shows_the_refusal_on_the_position_page(people: Personas, tree: Tree) -> None:
    member = make_member(people.admin, tree.B1c1, "Trần Văn Bình")
    post = {"org_code": "B1C1", "title": "Bí thư Chi bộ thôn Ba", "is_head": "on", "valid_from": "01/01/2021"}
    response = logged_in(people.outsider).post(f"/can-bo/{member.person_id}/chuc-vu/?ngay=31/12/2024", post)
    assert response.status_code == 200
    assert "“Bí thư Chi bộ thôn Ba” là chức danh do đại hội chi bộ, đảng bộ bầu" in response.content.decode()
    assert not Position.objects.filter(person_id=member.person_id).exists()


@pytest.mark.parametrize("kind", [Body.Kind.COMMITTEE, "cell_secretaries"])
def test_it_lists_a_secretary_held_as_a_seat_with_his_post(people: Personas, tree: Tree, kind: str) -> None:
    member = make_member(people.admin, tree.B1c1, "Trần Văn Bình")
    term = services.term_create(actor=people.admin, org=tree.B1c1, name="2022–2025", starts_on=DAY)
    body = services.body_create(actor=people.admin, term=term, kind=kind)
    services.body_seat_add(actor=people.admin, body=body, person=member.person, role="secretary", valid_from=DAY)
    page = logged_in(people.admin).get("/can-bo/?ngay=31/12/2024").content.decode()
    assert "<td>Bí thư Chi bộ thôn Ba</td>" in page
