"""The write rule (``accounts.selectors.actor_can_write``): every write needs the right to enter data on the
date of the change **and** today over where the record sits now.

The office of district A held its subtree until 30/6/2025; its cell A1c1 now belongs to commune X. The
office still *reads* the past (as designed), but may no longer *write* it, even by back-dating.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.accounts.selectors import ENDED_SCOPE, actor_can_write
from pbms.conftest import Personas, Tree, kind, logged_in, make_user
from pbms.evaluations import discipline_services
from pbms.evaluations import services as evaluations
from pbms.evaluations.models import DisciplineForm, Result, SubjectGroup
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services as orgs
from pbms.orgs.models import Placement
from pbms.people import services
from pbms.people.models import Body, BodyRole, Membership, MembershipEvent, Person, Position, Term, TrainingCategory
from pbms.people.tests.conftest import make_member
from pbms.people.workbook.sample import sample_rows, workbook_bytes

BACK_DATED = dt.date(2025, 3, 1)  # the district still held A1c1 then


@pytest.fixture
def member(people: Personas, tree: Tree) -> Membership:
    """A member of cell A1c1: under district A until 30/6/2025, under commune X today."""
    return make_member(people.specialist, tree.A1c1, "Trần Thị Ánh")


def refused(error: pytest.ExceptionInfo[ApplicationError]) -> None:
    assert str(error.value) == ENDED_SCOPE


def test_it_refuses_a_back_dated_death_from_an_office_whose_district_has_ended(
    people: Personas, member: Membership
) -> None:
    with pytest.raises(ApplicationError) as error:
        services.member_die(actor=people.staff_a, membership=member, date=BACK_DATED)
    refused(error)
    assert not MembershipEvent.objects.filter(membership=member, kind="died").exists()


def test_it_tells_the_ended_office_why_on_the_page(people: Personas, member: Membership) -> None:
    client = logged_in(people.staff_a)
    url = f"/can-bo/{member.person_id}/dang-tich/?ngay=01/03/2025"
    assert client.get(f"/can-bo/{member.person_id}/?ngay=01/03/2025").status_code == 200  # the past is still read
    page = client.post(url, {"kind": "die", "date": "01/03/2025"})
    assert page.status_code == 200 and "Bạn không còn quyền nhập liệu" in page.content.decode()
    assert not MembershipEvent.objects.filter(membership=member, kind="died").exists()


def test_it_still_lets_whoever_holds_the_record_on_both_dates_write_the_past(
    people: Personas, tree: Tree, member: Membership
) -> None:
    # the cell's secretary entered A1c1 on 01/3/2025 and still does today
    services.member_die(actor=people.secretary, membership=member, date=BACK_DATED)
    assert MembershipEvent.objects.filter(membership=member, kind="died", date=BACK_DATED).exists()
    # commune X's office writes A1c1's records from 01/7/2025, not before (it held nothing then)
    commune = make_user("xa_x", "Đinh Thị Hoa")
    Assignment.objects.create(user=commune, org=tree.X, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    assert actor_can_write(actor=commune, org_id=tree.A1c1.pk, day=dt.date(2025, 8, 1))
    assert not actor_can_write(actor=commune, org_id=tree.A1c1.pk, day=BACK_DATED)
    assert actor_can_write(actor=people.specialist, org_id=tree.A1c1.pk, day=BACK_DATED)


def test_it_refuses_every_register_write_of_the_ended_office(people: Personas, tree: Tree, member: Membership) -> None:
    person = member.person
    category = TrainingCategory.objects.get(code="xay-dung-dang")
    writes: list[Callable[[], object]] = [
        lambda: services.position_start(
            actor=people.staff_a, person=person, org=tree.A1c1, title="Phó Bí thư", valid_from=BACK_DATED
        ),
        lambda: services.training_add(
            actor=people.staff_a,
            person=person,
            course="Lớp bồi dưỡng đảng viên mới",
            category=category,
            starts_on=dt.date(2025, 2, 1),
            ends_on=BACK_DATED,
        ),
        lambda: services.member_exempt(actor=people.staff_a, membership=member, date=BACK_DATED, decision_ref="1"),
        lambda: services.term_create(
            actor=people.staff_a, org=tree.A1c1, name="2025–2030", starts_on=dt.date(2025, 3, 1)
        ),
    ]
    for write in writes:
        with pytest.raises(ApplicationError) as error:
            write()
        refused(error)
    assert not Position.objects.filter(person=person).exists() and not Term.objects.exists()


def test_it_refuses_a_seat_from_the_ended_office(people: Personas, tree: Tree, member: Membership) -> None:
    term = services.term_create(actor=people.specialist, org=tree.A1c1, name="2022–2025", starts_on=dt.date(2022, 9, 1))
    committee = services.body_create(actor=people.specialist, term=term, kind=Body.Kind.COMMITTEE)
    with pytest.raises(ApplicationError) as error:
        services.body_seat_add(
            actor=people.staff_a, body=committee, person=member.person, role=BodyRole.SECRETARY, valid_from=BACK_DATED
        )
    refused(error)
    seat = services.body_seat_add(
        actor=people.secretary, body=committee, person=member.person, role=BodyRole.SECRETARY, valid_from=BACK_DATED
    )
    assert seat.pk is not None


def test_it_refuses_tree_operations_from_the_ended_office(people: Personas, tree: Tree) -> None:
    with pytest.raises(ApplicationError) as error:
        orgs.org_rename(
            actor=people.staff_a, org=tree.A1c1, name="Chi bộ thôn Một Mới", effective_date=BACK_DATED, decision_ref="1"
        )
    refused(error)
    with pytest.raises(ApplicationError):
        orgs.org_create(
            actor=people.staff_a,
            code="A1C9",
            name="Chi bộ thôn Chín",
            kind=kind("cell"),
            parent=tree.A1,
            effective_date=dt.date(2024, 1, 1),
            decision_ref="9-QĐ/ĐU",
        )
    assert not Placement.objects.filter(name="Chi bộ thôn Chín").exists()
    assert not Placement.objects.filter(name="Chi bộ thôn Một Mới").exists()


def test_it_refuses_ratings_and_discipline_from_the_ended_office(
    people: Personas, tree: Tree, member: Membership, admin: User
) -> None:
    cycle = evaluations.cycle_open(actor=admin, year=2024, population_on=dt.date(2024, 12, 1))
    with pytest.raises(ApplicationError):
        evaluations.result_open(actor=people.staff_a, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)
    with pytest.raises(ApplicationError):
        discipline_services.discipline_record(
            actor=people.staff_a,
            person=member.person,
            form=DisciplineForm.REPRIMAND,
            date=dt.date(2024, 5, 2),
            decision_ref="12-QĐ/ĐU",
        )
    assert not Result.objects.exists()
    # the cell's secretary, in scope then and now, still opens the rating
    evaluations.result_open(actor=people.secretary, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)
    assert Result.objects.count() == 1


def test_it_refuses_an_import_from_the_ended_office(
    tree: Tree, people: Personas, settings: Any, tmp_path: Path
) -> None:
    settings.PEOPLE_IMPORT_DIR = tmp_path / "uploads"
    client = logged_in(people.outsider)  # district B's office; B1C1 now belongs to commune Y
    file = SimpleUploadedFile("dang-vien.xlsx", workbook_bytes(sample_rows(2, cells=["B1C1"])))
    html = client.get(client.post("/can-bo/nhap-du-lieu/", {"tep": file})["Location"]).content.decode()
    assert "không thuộc phạm vi nhập liệu của bạn" in html and "Xác nhận ghi" not in html
    assert not Person.objects.exists()
