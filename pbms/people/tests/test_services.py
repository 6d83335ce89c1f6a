"""Person records, qualifications, positions, committees and training through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import RESTRUCTURING, Personas, Tree
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.people import services
from pbms.people.models import (
    Body,
    BodyRole,
    CodeList,
    ManagementCategory,
    Membership,
    Person,
    TrainingCategory,
)
from pbms.people.rules import latest_birth_date_for_age
from pbms.people.services._common import today
from pbms.people.tests.conftest import code, make_person

# --- person ---------------------------------------------------------------------------------------


def create(people: Personas, **overrides: Any) -> Person:
    fields: dict[str, Any] = {
        "actor": people.specialist,
        "family_name": "Nguyễn",
        "middle_name": "Thị Minh",
        "given_name": "Khai",
        "gender": "F",
        "birth_date": dt.date(1985, 4, 30),
        "ethnicity": code(CodeList.ETHNICITY, "01"),
        "religion": code(CodeList.RELIGION, "00"),
        "cccd": "001185012345",
    } | overrides
    return services.person_create(**fields)


def refusal(people: Personas, **overrides: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as refused:
        create(people, **overrides)
    return refused.value


def test_it_creates_a_person_with_names_apart_and_folded(people: Personas) -> None:
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks (NFD), as some keyboards do
    person = create(people, family_name=f"  {decomposed} ", middle_name="Thị   Minh")
    person.refresh_from_db()
    assert (person.family_name, person.middle_name, person.given_name) == ("Nguyễn", "Thị Minh", "Khai")
    assert person.name_folded == "nguyen thi minh khai"
    audit = AuditEvent.objects.get(action="person.create")
    assert audit.changes["given_name"] == [None, "Khai"] and audit.object_repr == "Nguyễn Thị Minh Khai"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"given_name": ""}, "given_name"),
        ({"given_name": "Minh Khai"}, "given_name"),  # one word: the rest is the middle name
        ({"family_name": "Nguyễn2"}, "family_name"),
        ({"gender": "X"}, "gender"),
        ({"cccd": "00118501234"}, "cccd"),  # 11 digits
        ({"cccd": "00118501234A"}, "cccd"),
        ({"religion": None}, "religion"),
        ({"religion": ("ethnicity", "01")}, "religion"),  # a code of another list
        ({"ethnicity": None}, "ethnicity"),
    ],
)
def test_it_refuses_bad_fields_naming_them(people: Personas, overrides: dict[str, Any], field: str) -> None:
    for name, value in overrides.items():
        if isinstance(value, tuple):
            overrides[name] = code(*value)
    error = refusal(people, **overrides)
    assert error.field == field and error.message
    assert not Person.objects.exists()


def test_it_asks_for_religion_and_suggests_khong(people: Personas) -> None:
    assert "Không" in refusal(people, religion=None).message


def test_it_refuses_an_implausible_birth_date(people: Personas) -> None:
    day = today()
    too_young = day.replace(year=day.year - 13)
    assert refusal(people, birth_date=too_young).field == "birth_date"
    assert refusal(people, birth_date=dt.date(day.year - 111, 1, 1)).field == "birth_date"
    create(people, birth_date=latest_birth_date_for_age(age=14, day=day))


def test_it_keeps_cccd_unique(people: Personas) -> None:
    create(people)
    error = refusal(people, given_name="Lan")
    assert error.field == "cccd" and "đã có" in error.message


def test_it_refuses_creation_without_a_writing_role(people: Personas) -> None:
    with pytest.raises(ApplicationError, match="không có quyền"):
        create(people, actor=people.nobody)
    with pytest.raises(ApplicationError, match="không có quyền"):
        create(people, actor=people.viewer_a)


def test_it_updates_only_what_changed_with_one_audit_row(people: Personas, member_a: Membership) -> None:
    person = member_a.person
    services.person_update(actor=people.specialist, person=person, middle_name="Thị Ngọc", cccd="001185099999")
    person.refresh_from_db()
    assert person.full_name == "Trần Thị Ngọc Ánh" and person.name_folded == "tran thi ngoc anh"
    audit = AuditEvent.objects.get(action="person.update")
    assert audit.changes == {"middle_name": ["Thị", "Thị Ngọc"], "cccd": [None, "001185099999"]}
    services.person_update(actor=people.specialist, person=person, middle_name="Thị Ngọc")  # no change
    assert AuditEvent.objects.filter(action="person.update").count() == 1
    services.person_update(actor=people.specialist, person=person, cccd="")
    person.refresh_from_db()
    assert person.cccd is None
    services.person_update(
        actor=people.specialist,
        person=person,
        religion=code(CodeList.RELIGION, "02"),
        ethnicity=code(CodeList.ETHNICITY, "06"),
        birth_date=dt.date(1991, 2, 3),
    )
    person.refresh_from_db()
    assert (person.religion.name, person.ethnicity.name, person.birth_date) == (
        "Công giáo",
        "Mường",
        dt.date(1991, 2, 3),
    )
    assert AuditEvent.objects.filter(action="person.update").latest("id").changes["religion"] == ["00", "02"]
    with pytest.raises(ApplicationError) as refused:
        services.person_update(
            actor=people.specialist, person=person, given_name="Lan", religion=code(CodeList.ETHNICITY, "01")
        )
    assert refused.value.field == "religion" and person.given_name == "Ánh"  # the instance is left untouched


def test_it_lets_only_the_persons_side_update(people: Personas, tree: Tree, member_a: Membership) -> None:
    person = member_a.person
    with pytest.raises(NotFoundError):
        services.person_update(actor=people.outsider, person=person, given_name="Anh")
    with pytest.raises(NotFoundError):
        services.person_update(actor=people.nobody, person=person, given_name="Anh")
    # Today (after 01/7/2025) the cell sits under X: district A's staff no longer reach it, the province does.
    with pytest.raises(NotFoundError):
        services.person_update(actor=people.staff_a, person=person, given_name="Anh")
    services.person_update(actor=people.specialist, person=person, given_name="Anh")
    assert today() >= RESTRUCTURING


def test_it_lets_the_creator_edit_a_person_not_yet_placed(people: Personas) -> None:
    person = make_person(people.staff_a, "Ngô Văn Lực")
    services.person_update(actor=people.staff_a, person=person, given_name="Lộc")
    with pytest.raises(NotFoundError):
        services.person_update(actor=people.outsider, person=person, given_name="Lạc")


def test_it_links_an_account_by_the_administrator_only(people: Personas, member_a: Membership) -> None:
    with pytest.raises(ApplicationError, match="quản trị"):
        services.person_link_user(actor=people.specialist, person=member_a.person, user=people.nobody)
    services.person_link_user(actor=people.admin, person=member_a.person, user=people.nobody)
    other = make_person(people.specialist, "Hồ Văn Tư")
    with pytest.raises(ApplicationError, match="đã gắn"):
        services.person_link_user(actor=people.admin, person=other, user=people.nobody)


# --- qualifications -------------------------------------------------------------------------------


def test_it_adds_a_qualification_of_the_right_list(people: Personas, member_a: Membership) -> None:
    person = member_a.person
    services.qualification_add(
        actor=people.specialist,
        person=person,
        kind=CodeList.POLITICAL_THEORY,
        level=code(CodeList.POLITICAL_THEORY, "CN"),
        obtained_on=dt.date(2015, 6, 1),
    )
    with pytest.raises(ApplicationError, match="không thuộc danh mục") as refused:
        services.qualification_add(
            actor=people.specialist,
            person=person,
            kind=CodeList.POLITICAL_THEORY,
            level=code(CodeList.EDUCATION, "DH"),
        )
    assert refused.value.field == "level"
    with pytest.raises(ApplicationError) as refused:
        services.qualification_add(
            actor=people.specialist, person=person, kind=CodeList.RELIGION, level=code(CodeList.RELIGION, "01")
        )
    assert refused.value.field == "kind"
    with pytest.raises(ApplicationError) as refused:
        services.qualification_add(
            actor=people.specialist,
            person=person,
            kind=CodeList.EDUCATION,
            level=code(CodeList.EDUCATION, "DH"),
            obtained_on=dt.date(1980, 1, 1),  # before birth
        )
    assert refused.value.field == "obtained_on"


# --- positions ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_starts_and_ends_a_position_with_categories(people: Personas, tree: Tree, member_a: Membership) -> None:
    category = ManagementCategory.objects.get(code="lanh-dao-cap-xa")
    position = services.position_start(
        actor=people.staff_a,
        person=member_a.person,
        org=tree.A1,
        title="Phó Chủ tịch UBND xã",
        valid_from=dt.date(2023, 6, 1),
        categories=[category, category],
        decision_ref="12-QĐ/UBND",
    )
    assert list(position.categories.values_list("code", flat=True)) == ["lanh-dao-cap-xa"]
    with pytest.raises(ApplicationError, match="phải sau ngày bắt đầu") as refused:
        services.position_end(actor=people.staff_a, position=position, valid_to=dt.date(2023, 6, 1))
    assert refused.value.field == "valid_to"
    services.position_end(actor=people.staff_a, position=position, valid_to=dt.date(2025, 7, 1))
    position.refresh_from_db()
    assert position.valid_to == dt.date(2025, 7, 1)  # A1 ended that day: judged on the last day held
    with pytest.raises(ApplicationError, match="đã kết thúc"):
        services.position_end(actor=people.staff_a, position=position, valid_to=dt.date(2025, 8, 1))
    assert AuditEvent.objects.filter(action__startswith="position.").count() == 2


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_refuses_a_position_in_an_organisation_that_did_not_exist(
    people: Personas, tree: Tree, member_a: Membership
) -> None:
    with pytest.raises(ApplicationError, match="không tồn tại vào ngày") as refused:
        services.position_start(
            actor=people.specialist, person=member_a.person, org=tree.X, title="Bí thư", valid_from=dt.date(2025, 1, 1)
        )
    assert refused.value.field == "org"
    with pytest.raises(NotFoundError):
        services.position_start(
            actor=people.outsider, person=member_a.person, org=tree.B1, title="Bí thư", valid_from=dt.date(2024, 1, 1)
        )
    with pytest.raises(ApplicationError) as refused:
        services.position_start(
            actor=people.specialist, person=member_a.person, org=tree.A1, title=" ", valid_from=dt.date(2024, 1, 1)
        )
    assert refused.value.field == "title"


# --- committees -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_creates_terms_bodies_and_seats(people: Personas, tree: Tree, member_a: Membership) -> None:
    term = services.term_create(
        actor=people.staff_a, org=tree.A1, name="2020–2025", starts_on=dt.date(2020, 9, 1), ends_on=RESTRUCTURING
    )
    with pytest.raises(ApplicationError, match="đã có nhiệm kỳ") as refused:
        services.term_create(actor=people.staff_a, org=tree.A1, name="2020–2025", starts_on=dt.date(2020, 9, 1))
    assert refused.value.field == "name"
    committee = services.body_create(actor=people.staff_a, term=term, kind=Body.Kind.COMMITTEE)
    with pytest.raises(ApplicationError, match="đã có"):
        services.body_create(actor=people.staff_a, term=term, kind=Body.Kind.COMMITTEE)
    seat = services.body_seat_add(
        actor=people.staff_a,
        body=committee,
        person=member_a.person,
        role=BodyRole.DEPUTY_SECRETARY,
        valid_from=dt.date(2023, 5, 1),
    )
    with pytest.raises(ApplicationError, match="đã có ghế") as refused:
        services.body_seat_add(
            actor=people.staff_a,
            body=committee,
            person=member_a.person,
            role=BodyRole.MEMBER,
            valid_from=dt.date(2024, 1, 1),
        )
    assert refused.value.field == "person"
    with pytest.raises(ApplicationError, match="không phải chức danh") as refused:
        services.body_seat_add(
            actor=people.staff_a,
            body=committee,
            person=make_person(people.staff_a, "Đặng Văn Hải"),
            role=BodyRole.CHAIR,
            valid_from=dt.date(2024, 1, 1),
        )
    assert refused.value.field == "role"
    with pytest.raises(ApplicationError, match="ngoài nhiệm kỳ") as refused:
        services.body_seat_add(
            actor=people.staff_a,
            body=committee,
            person=make_person(people.staff_a, "Đặng Văn Hà"),
            role=BodyRole.MEMBER,
            valid_from=dt.date(2019, 1, 1),
        )
    assert refused.value.field == "valid_from"
    services.body_seat_end(actor=people.staff_a, seat=seat, valid_to=dt.date(2024, 5, 1))
    seat.refresh_from_db()
    assert seat.valid_to == dt.date(2024, 5, 1)
    with pytest.raises(ApplicationError, match="đã kết thúc"):
        services.body_seat_end(actor=people.staff_a, seat=seat, valid_to=dt.date(2024, 6, 1))


def test_it_allows_party_delegations_only_before_the_2025_change(people: Personas, tree: Tree) -> None:
    old = services.term_create(actor=people.specialist, org=tree.P, name="2020–2025", starts_on=dt.date(2020, 10, 1))
    new = services.term_create(actor=people.specialist, org=tree.P, name="2025–2030", starts_on=dt.date(2025, 10, 1))
    delegation = services.body_create(
        actor=people.specialist, term=old, kind=Body.Kind.PARTY_DELEGATION, name="Đảng đoàn HĐND tỉnh"
    )
    assert str(delegation) == "Đảng đoàn HĐND tỉnh"
    with pytest.raises(ApplicationError) as refused:
        services.body_create(actor=people.specialist, term=old, kind=Body.Kind.PARTY_AFFAIRS)
    assert refused.value.field == "name"  # a đảng đoàn or ban cán sự đảng is named
    with pytest.raises(ApplicationError, match="01/7/2025") as refused:
        services.body_create(
            actor=people.specialist, term=new, kind=Body.Kind.PARTY_AFFAIRS, name="Ban cán sự đảng UBND tỉnh"
        )
    assert refused.value.field == "kind"
    person = make_person(people.specialist, "Mai Văn Sơn")
    with pytest.raises(ApplicationError, match="01/7/2025") as refused:
        services.body_seat_add(
            actor=people.specialist,
            body=delegation,
            person=person,
            role=BodyRole.MEMBER,
            valid_from=dt.date(2025, 8, 1),
        )
    services.body_seat_add(
        actor=people.specialist, body=delegation, person=person, role=BodyRole.SECRETARY, valid_from=dt.date(2021, 1, 1)
    )


# --- training -------------------------------------------------------------------------------------


def test_it_adds_training_with_ordered_dates(people: Personas, member_a: Membership) -> None:
    category = TrainingCategory.objects.get(code="xay-dung-dang")
    training = services.training_add(
        actor=people.specialist,
        person=member_a.person,
        course="Lớp cập nhật kiến thức 2024",
        category=category,
        starts_on=dt.date(2024, 5, 6),
        ends_on=dt.date(2024, 5, 6),
    )
    assert training.completed
    with pytest.raises(ApplicationError) as refused:
        services.training_add(
            actor=people.specialist,
            person=member_a.person,
            course="Lớp 2",
            category=category,
            starts_on=dt.date(2024, 5, 6),
            ends_on=dt.date(2024, 5, 5),
        )
    assert refused.value.field == "ends_on"
    with pytest.raises(ApplicationError) as refused:
        services.training_add(
            actor=people.specialist,
            person=member_a.person,
            course="",
            category=category,
            starts_on=dt.date(2024, 5, 6),
            ends_on=dt.date(2024, 5, 6),
        )
    assert refused.value.field == "course"
