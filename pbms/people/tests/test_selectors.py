"""Reads of the register: scope on a date, filters, Vietnamese order, keyset pages, query counts."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbms.accounts.models import User
from pbms.conftest import Personas, Tree
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.people import services
from pbms.people.models import Body, BodyRole, CodeList, ManagementCategory, Membership, Person, TrainingCategory
from pbms.people.selectors import (
    MemberStatus,
    PersonFilters,
    members_due_for_recognition,
    person_file,
    person_get,
    person_list,
)
from pbms.people.tests.conftest import Cadre, code, make_member, make_person

DAY_2024 = dt.date(2024, 12, 31)


def listed(actor: User, day: dt.date, **filters: object) -> list[str]:
    page = person_list(actor=actor, day=day, filters=PersonFilters(**filters), limit=500)  # type: ignore[arg-type]
    return [p.full_name for p in page.rows]


def everyone(actor: User, day: dt.date, filters: PersonFilters, limit: int) -> list[str]:
    """Walk every page of the list with the cursor."""
    names: list[str] = []
    after = None
    while True:
        page = person_list(actor=actor, day=day, filters=filters, after=after, limit=limit)
        names += [p.full_name for p in page.rows]
        if page.next_cursor is None:
            return names
        after = page.next_cursor


# --- scope ----------------------------------------------------------------------------------------


def test_it_hides_a_member_of_district_a_from_the_outsider(people: Personas, member_a: Membership) -> None:
    pid = member_a.person_id
    with pytest.raises(NotFoundError):
        person_get(actor=people.outsider, person_id=pid, day=DAY_2024)
    with pytest.raises(NotFoundError):
        person_file(actor=people.outsider, person_id=pid, day=DAY_2024)
    with pytest.raises(NotFoundError):
        person_get(actor=people.nobody, person_id=pid, day=DAY_2024)
    assert person_get(actor=people.staff_a, person_id=pid, day=DAY_2024).pk == pid
    assert person_get(actor=people.viewer_a, person_id=pid, day=DAY_2024).pk == pid
    assert person_get(actor=people.secretary, person_id=pid, day=DAY_2024).pk == pid  # the cell's own secretary
    assert listed(people.outsider, DAY_2024) == []
    assert listed(people.staff_a, DAY_2024) == ["Trần Thị Ánh"]
    with pytest.raises(NotFoundError):
        person_get(actor=people.outsider, person_id=pid + 1000, day=DAY_2024)  # absent: the same answer


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_follows_a_transfer_from_a_to_b_on_its_date(people: Personas, tree: Tree, member_a: Membership) -> None:
    services.member_transfer(
        actor=people.staff_a, membership=member_a, cell=tree.B1c1, date=dt.date(2025, 3, 1), decision_ref="30-GGT/HU"
    )
    pid = member_a.person_id
    with pytest.raises(NotFoundError):
        person_get(actor=people.outsider, person_id=pid, day=dt.date(2025, 2, 28))
    assert person_get(actor=people.outsider, person_id=pid, day=dt.date(2025, 3, 2)).pk == pid
    assert person_get(actor=people.staff_a, person_id=pid, day=dt.date(2025, 2, 28)).pk == pid
    with pytest.raises(NotFoundError):
        person_get(actor=people.staff_a, person_id=pid, day=dt.date(2025, 3, 2))
    assert listed(people.outsider, dt.date(2025, 2, 28)) == []
    assert listed(people.outsider, dt.date(2025, 3, 2)) == ["Trần Thị Ánh"]


def test_it_puts_in_scope_through_a_position_or_a_seat(people: Personas, tree: Tree) -> None:
    cadre = make_person(people.specialist, "Lý Văn Phúc")
    services.position_start(
        actor=people.specialist, person=cadre, org=tree.B1, title="Chủ tịch UBND xã", valid_from=dt.date(2024, 1, 1)
    )
    delegate = make_person(people.specialist, "Tạ Thị Quế", gender="F")
    term = services.term_create(actor=people.specialist, org=tree.A, name="2020–2025", starts_on=dt.date(2020, 8, 1))
    body = services.body_create(actor=people.specialist, term=term, kind=Body.Kind.INSPECTION)
    services.body_seat_add(
        actor=people.specialist, body=body, person=delegate, role=BodyRole.CHAIR, valid_from=dt.date(2024, 2, 1)
    )
    assert listed(people.outsider, DAY_2024) == ["Lý Văn Phúc"]
    assert listed(people.staff_a, DAY_2024) == ["Tạ Thị Quế"]
    assert listed(people.staff_a, dt.date(2023, 12, 31)) == []
    # B1 moved under Y on 01/7/2025: district B's staff lose it, the province keeps it.
    assert listed(people.outsider, dt.date(2025, 7, 1)) == []
    assert listed(people.specialist, dt.date(2025, 7, 1)) == ["Lý Văn Phúc"]


def test_it_shows_the_cadre_only_himself(people: Personas, tree: Tree, cadre: Cadre, member_a: Membership) -> None:
    assert listed(cadre.user, DAY_2024) == ["Lê Văn Cường"]
    assert listed(cadre.user, DAY_2024, org_id=tree.A1c1.pk) == ["Lê Văn Cường"]
    assert listed(cadre.user, DAY_2024, org_id=tree.B1c1.pk) == []
    assert person_get(actor=cadre.user, person_id=cadre.person.pk, day=DAY_2024).pk == cadre.person.pk
    assert person_file(actor=cadre.user, person_id=cadre.person.pk, day=DAY_2024).state.status == (
        MemberStatus.PROBATIONARY
    )
    with pytest.raises(NotFoundError):  # a member of his own cell
        person_get(actor=cadre.user, person_id=member_a.person_id, day=DAY_2024)
    # the cell's secretary sees both
    assert listed(people.secretary, DAY_2024) == ["Trần Thị Ánh", "Lê Văn Cường"]


def test_it_lets_the_administrator_reach_a_person_not_yet_placed(people: Personas) -> None:
    person = make_person(people.staff_a, "Kiều Văn Tâm")
    assert person_get(actor=people.admin, person_id=person.pk, day=DAY_2024).pk == person.pk
    with pytest.raises(NotFoundError):
        person_get(actor=people.specialist, person_id=person.pk, day=DAY_2024)


# --- filters --------------------------------------------------------------------------------------


def test_it_filters_by_subtree_as_of_the_day(people: Personas, tree: Tree) -> None:
    make_member(people.specialist, tree.A1c1, "Đỗ Văn Một")
    make_member(people.specialist, tree.A2c1, "Đỗ Văn Hai")
    make_member(people.specialist, tree.B1c1, "Đỗ Văn Ba")
    assert listed(people.specialist, DAY_2024, org_id=tree.A.pk) == ["Đỗ Văn Hai", "Đỗ Văn Một"]
    assert listed(people.specialist, DAY_2024, org_id=tree.A1.pk) == ["Đỗ Văn Một"]
    assert listed(people.specialist, DAY_2024, org_id=tree.X.pk) == []  # X did not exist yet
    after = dt.date(2025, 7, 1)
    assert listed(people.specialist, after, org_id=tree.X.pk) == ["Đỗ Văn Hai", "Đỗ Văn Một"]
    assert listed(people.specialist, after, org_id=tree.Y.pk) == ["Đỗ Văn Ba"]
    assert listed(people.specialist, after, org_id=tree.A.pk) == []


def test_it_filters_by_gender_and_exact_age_at_the_day(people: Personas, tree: Tree) -> None:
    make_member(people.specialist, tree.A1c1, "Hà Văn Nam", born=dt.date(1990, 5, 1))
    make_member(people.specialist, tree.A1c1, "Hà Thị Nữ", born=dt.date(1990, 5, 2), gender="F")
    day = dt.date(2024, 5, 1)
    assert listed(people.specialist, day, gender="F") == ["Hà Thị Nữ"]
    assert listed(people.specialist, day, age_min=34) == ["Hà Văn Nam"]  # his birthday: 34 that day
    assert listed(people.specialist, day, age_max=33) == ["Hà Thị Nữ"]  # hers is tomorrow
    assert listed(people.specialist, day + dt.timedelta(days=1), age_min=34, age_max=34) == [
        "Hà Văn Nam",
        "Hà Thị Nữ",
    ]


def test_it_compares_qualifications_by_rank_obtained_by_the_day(
    people: Personas, tree: Tree, member_a: Membership
) -> None:
    other = make_member(people.specialist, tree.A1c1, "Vương Văn Bảo").person

    def add(person: Person, kind: str, level: str, on: dt.date) -> None:
        services.qualification_add(
            actor=people.specialist, person=person, kind=kind, level=code(kind, level), obtained_on=on
        )

    add(member_a.person, CodeList.POLITICAL_THEORY, "CN", dt.date(2020, 6, 1))  # cử nhân counts as cao cấp
    add(other, CodeList.POLITICAL_THEORY, "TC", dt.date(2018, 6, 1))
    add(other, CodeList.EDUCATION, "TC", dt.date(2010, 6, 1))
    add(other, CodeList.EDUCATION, "THS", dt.date(2024, 6, 1))
    assert listed(people.specialist, DAY_2024, political_theory_min="CC") == ["Trần Thị Ánh"]
    assert listed(people.specialist, DAY_2024, political_theory_min="TC") == ["Trần Thị Ánh", "Vương Văn Bảo"]
    assert listed(people.specialist, dt.date(2019, 12, 31), political_theory_min="CC") == []
    assert listed(people.specialist, dt.date(2024, 5, 31), education_min="DH") == []
    assert listed(people.specialist, dt.date(2024, 6, 1), education_min="DH") == ["Vương Văn Bảo"]
    assert listed(people.specialist, DAY_2024, education_min="KHONG-CO") == []


def test_it_filters_by_category_role_and_training_held(people: Personas, tree: Tree, member_a: Membership) -> None:
    person = member_a.person
    position = services.position_start(
        actor=people.specialist,
        person=person,
        org=tree.A1,
        title="Chủ tịch UBND xã",
        valid_from=dt.date(2023, 6, 1),
        is_head=True,
        categories=[ManagementCategory.objects.get(code="lanh-dao-cap-xa")],
    )
    services.position_end(actor=people.specialist, position=position, valid_to=dt.date(2024, 6, 1))
    term = services.term_create(actor=people.specialist, org=tree.A1, name="2020–2025", starts_on=dt.date(2020, 8, 1))
    body = services.body_create(actor=people.specialist, term=term, kind=Body.Kind.COMMITTEE)
    services.body_seat_add(
        actor=people.specialist,
        body=body,
        person=person,
        role=BodyRole.DEPUTY_SECRETARY,
        valid_from=dt.date(2024, 3, 1),
    )
    category = TrainingCategory.objects.get(code="lanh-dao-quan-ly")
    for course, ends_on, completed in (
        ("Lớp 2024", dt.date(2024, 9, 30), True),
        ("Lớp dở", dt.date(2023, 9, 30), False),
    ):
        services.training_add(
            actor=people.specialist,
            person=person,
            course=course,
            category=category,
            starts_on=ends_on - dt.timedelta(days=20),
            ends_on=ends_on,
            completed=completed,
        )
    me = ["Trần Thị Ánh"]
    assert listed(people.specialist, dt.date(2024, 1, 1), management_category="lanh-dao-cap-xa") == me
    assert listed(people.specialist, dt.date(2024, 6, 1), management_category="lanh-dao-cap-xa") == []
    assert listed(people.specialist, dt.date(2024, 3, 1), body_role=BodyRole.DEPUTY_SECRETARY) == me
    assert listed(people.specialist, dt.date(2024, 2, 29), body_role=BodyRole.DEPUTY_SECRETARY) == []
    assert listed(people.specialist, DAY_2024, training_category="lanh-dao-quan-ly", training_year=2024) == me
    assert listed(people.specialist, DAY_2024, training_category="lanh-dao-quan-ly", training_year=2023) == []
    assert listed(people.specialist, DAY_2024, training_category="xay-dung-dang") == []
    assert listed(people.specialist, dt.date(2024, 9, 29), training_category="lanh-dao-quan-ly") == []
    row = person_list(actor=people.specialist, day=dt.date(2024, 1, 1)).rows[0]
    assert (row.position_title, row.cell_name) == ("Chủ tịch UBND xã", "Chi bộ thôn Một")  # type: ignore[attr-defined]


def test_it_searches_without_diacritics_and_by_identifiers(people: Personas, tree: Tree) -> None:
    person = make_person(people.specialist, "Nguyễn Thị Ánh Tuyết", cccd="001190012345")
    services.member_admit(
        actor=people.specialist,
        person=person,
        cell=tree.A1c1,
        decided_on=dt.date(2023, 1, 5),
        decision_ref="1",
        party_file_no="123456BN",
        card_no="A-99",
    )
    make_member(people.specialist, tree.A1c1, "Nguyễn Văn Tuấn")
    for q in ("anh tuyet", "NGUYEN tuyet", "Ánh", "001190012345", "123456bn", "A-99", "012345", "0011 9001"):
        assert listed(people.specialist, DAY_2024, q=q) == ["Nguyễn Thị Ánh Tuyết"], q
    assert listed(people.specialist, DAY_2024, q="nguyen") == ["Nguyễn Văn Tuấn", "Nguyễn Thị Ánh Tuyết"]
    assert listed(people.specialist, DAY_2024, q="tuyet tuan") == []
    assert listed(people.specialist, DAY_2024, q="345") == []  # part of a CCCD: four digits at least
    assert listed(people.outsider, DAY_2024, q="012345") == []  # a search stays inside the actor's scope


def test_it_finds_whole_words_of_the_name_in_the_list_order_page_by_page(people: Personas, tree: Tree) -> None:
    names = ["Trần Văn Thanh", "Nguyễn An", "Lê An Bình", "Phạm Thị Ân", "An Văn Giang", "Nguyễn Văn Ánh", "Hồ An"]
    for i, name in enumerate(names):
        make_member(people.specialist, tree.A1c1 if i % 2 else tree.B1c1, name)
    found = ["Hồ An", "Nguyễn An", "Phạm Thị Ân", "Lê An Bình", "An Văn Giang"]  # by given name, then family
    for actor in (people.admin, people.specialist):
        assert listed(actor, DAY_2024, q="an") == found  # not Thanh nor Ánh
        assert listed(actor, DAY_2024, q="an nguyen") == ["Nguyễn An"]
        assert listed(actor, DAY_2024, q="van an") == ["An Văn Giang"]  # every word, in any order
        assert everyone(actor, DAY_2024, PersonFilters(q="an"), limit=2) == found  # the cursor walks the same
    assert listed(people.admin, DAY_2024, q="an", org_id=tree.A1.pk) == ["Nguyễn An", "Phạm Thị Ân"]
    assert listed(people.outsider, DAY_2024, q="an") == ["Hồ An", "Lê An Bình", "An Văn Giang"]  # district B only


# --- order and pages ------------------------------------------------------------------------------

VIETNAMESE_ORDER = ["An", "Ánh", "Ân", "Bình", "Dung", "Đức", "Ong", "Ơn"]


def test_it_sorts_by_given_name_under_vietnamese_collation(people: Personas, tree: Tree) -> None:
    shuffled = VIETNAMESE_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != VIETNAMESE_ORDER
    for given in shuffled:
        make_member(people.specialist, tree.A2c1, f"Phan Văn {given}")
    # ties on the given name: family name, then middle name, under the same collation
    make_member(people.specialist, tree.A2c1, "Đặng Văn An")
    make_member(people.specialist, tree.A2c1, "Bùi Thị An", gender="F")
    make_member(people.specialist, tree.A2c1, "Bùi Anh An")
    expected = ["Bùi Anh An", "Bùi Thị An", "Đặng Văn An", "Phan Văn An"] + [
        f"Phan Văn {g}" for g in VIETNAMESE_ORDER[1:]
    ]
    filters = PersonFilters(org_id=tree.A2c1.pk)
    assert everyone(people.specialist, DAY_2024, filters, limit=500) == expected
    assert everyone(people.specialist, DAY_2024, filters, limit=3) == expected
    assert everyone(people.specialist, DAY_2024, filters, limit=1) == expected
    assert sorted(expected) != expected  # Python's order is not Vietnamese order


def test_it_pages_people_with_the_same_name_by_id(people: Personas, tree: Tree) -> None:
    ids = [make_member(people.specialist, tree.A1c1, "Lê Văn Hùng").person_id for _ in range(5)]
    names = everyone(people.specialist, DAY_2024, PersonFilters(), limit=2)
    assert names == ["Lê Văn Hùng"] * 5
    page = person_list(actor=people.specialist, day=DAY_2024, limit=2)
    assert [p.pk for p in page.rows] == sorted(ids)[:2]


def test_it_refuses_a_bad_cursor_or_page_size(people: Personas) -> None:
    with pytest.raises(ApplicationError) as refused:
        person_list(actor=people.specialist, day=DAY_2024, after="không-phải-con-trỏ")
    assert refused.value.field == "after"
    with pytest.raises(ApplicationError) as refused:
        person_list(actor=people.specialist, day=DAY_2024, limit=0)
    assert refused.value.field == "limit"


# --- the file -------------------------------------------------------------------------------------


def test_it_gathers_the_whole_file(people: Personas, tree: Tree, member_a: Membership) -> None:
    person = member_a.person
    services.member_transfer(
        actor=people.specialist, membership=member_a, cell=tree.A2c1, date=dt.date(2024, 2, 1), decision_ref="30"
    )
    services.qualification_add(
        actor=people.specialist, person=person, kind=CodeList.EDUCATION, level=code(CodeList.EDUCATION, "DH")
    )
    services.position_start(
        actor=people.specialist,
        person=person,
        org=tree.A2,
        title="Phó Bí thư Đảng ủy",
        valid_from=dt.date(2024, 3, 1),
        categories=list(ManagementCategory.objects.filter(code="lanh-dao-cap-xa")),
    )
    file = person_file(actor=people.staff_a, person_id=person.pk, day=DAY_2024)
    assert file.state.status == MemberStatus.PROBATIONARY and file.membership == member_a
    assert [e.kind for e in file.events] == ["admitted", "transferred"]
    assert [e.cell_name for e in file.events] == ["Chi bộ thôn Một", "Chi bộ thôn Hai"]  # type: ignore[attr-defined]
    assert [(c.cell_name, c.valid_to) for c in file.cells] == [  # type: ignore[attr-defined]
        ("Chi bộ thôn Một", dt.date(2024, 2, 1)),
        ("Chi bộ thôn Hai", None),
    ]
    assert [q.level.name for q in file.qualifications] == ["Đại học"]
    assert [(p.org_name, [c.code for c in p.categories.all()]) for p in file.positions] == [  # type: ignore[attr-defined]
        ("Đảng bộ xã Bình Minh", ["lanh-dao-cap-xa"])
    ]


# --- due for recognition --------------------------------------------------------------------------


def test_it_lists_members_due_for_recognition(people: Personas, tree: Tree, member_a: Membership) -> None:
    recognised = make_member(people.specialist, tree.A1c1, "Hứa Văn Đạt", dt.date(2023, 1, 10))
    services.member_recognize(
        actor=people.specialist, membership=recognised, meeting_on=dt.date(2024, 1, 10), decision_ref="1"
    )
    left = make_member(people.specialist, tree.A1c1, "Hứa Văn Lộc", dt.date(2023, 2, 1))
    services.member_strike_off(actor=people.specialist, membership=left, date=dt.date(2023, 12, 1), decision_ref="2")
    make_member(people.specialist, tree.B1c1, "Hứa Văn Bắc", dt.date(2023, 2, 1))  # district B
    later = make_member(people.specialist, tree.A2c1, "Hứa Thị Xuân", dt.date(2023, 6, 1), gender="F")

    def due(day: dt.date) -> list[tuple[str, dt.date]]:
        rows = members_due_for_recognition(actor=people.staff_a, day=day)
        return [(r.membership.person.full_name, r.due_on) for r in rows]

    assert due(dt.date(2024, 2, 13)) == []  # 15/3/2024 is 31 days away
    assert due(dt.date(2024, 2, 14)) == [("Trần Thị Ánh", dt.date(2024, 3, 15))]
    assert due(dt.date(2024, 6, 1)) == [("Trần Thị Ánh", dt.date(2024, 3, 15)), ("Hứa Thị Xuân", dt.date(2024, 6, 1))]
    services.member_recognize(
        actor=people.specialist, membership=later, meeting_on=dt.date(2024, 6, 5), decision_ref="3"
    )
    assert due(dt.date(2024, 6, 5)) == [("Trần Thị Ánh", dt.date(2024, 3, 15))]
    assert members_due_for_recognition(actor=people.outsider, day=dt.date(2024, 6, 1))[
        0
    ].membership.person.full_name == ("Hứa Văn Bắc")


# --- query counts ---------------------------------------------------------------------------------


def grow(people: Personas, tree: Tree, n: int, tag: str) -> None:
    """``n`` members with a qualification, a position with a category, a seat and a course each."""
    category = ManagementCategory.objects.get(code="lanh-dao-cap-xa")
    training = TrainingCategory.objects.get(code="xay-dung-dang")
    term = services.term_create(actor=people.specialist, org=tree.A2, name=f"NK {tag}", starts_on=dt.date(2020, 8, 1))
    body = services.body_create(actor=people.specialist, term=term, kind=Body.Kind.COMMITTEE)
    for i in range(n):
        person = make_member(people.specialist, tree.A2c1 if i % 2 else tree.A1c1, f"Mạc Văn {tag}{chr(97 + i)}").person
        services.qualification_add(
            actor=people.specialist, person=person, kind=CodeList.EDUCATION, level=code(CodeList.EDUCATION, "DH")
        )
        services.position_start(
            actor=people.specialist,
            person=person,
            org=tree.A2,
            title="Ủy viên",
            valid_from=dt.date(2024, 1, 1),
            categories=[category],
        )
        services.body_seat_add(
            actor=people.specialist, body=body, person=person, role=BodyRole.MEMBER, valid_from=dt.date(2024, 1, 1)
        )
        services.training_add(
            actor=people.specialist,
            person=person,
            course="Lớp",
            category=training,
            starts_on=dt.date(2024, 3, 1),
            ends_on=dt.date(2024, 3, 5),
        )


def count(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_it_lists_in_a_constant_number_of_queries_whatever_the_size(people: Personas, tree: Tree) -> None:
    filters = PersonFilters(
        org_id=tree.A.pk,
        age_min=20,
        age_max=60,
        education_min="DH",
        management_category="lanh-dao-cap-xa",
        body_role=BodyRole.MEMBER,
        training_category="xay-dung-dang",
        training_year=2024,
        q="mac van",
    )
    counts: list[int] = []
    due: list[int] = []
    for tag, n in (("a", 2), ("b", 12)):
        grow(people, tree, n, tag)
        for actor in (people.staff_a, people.admin):
            counts.append(count(partial(person_list, actor=actor, day=DAY_2024, filters=filters, limit=5)))
            counts.append(count(partial(person_list, actor=actor, day=DAY_2024)))
        due.append(count(partial(members_due_for_recognition, actor=people.staff_a, day=dt.date(2024, 3, 1))))
    # grants (not for the administrator), the organisation's path (with that filter), the page's ids, its rows
    assert counts == [4, 3, 3, 2] * 2
    assert due == [2, 2]
    assert len(everyone(people.staff_a, DAY_2024, filters, limit=5)) == 14


def test_it_reads_a_file_in_a_constant_number_of_queries(people: Personas, tree: Tree) -> None:
    grow(people, tree, 1, "a")
    small = Person.objects.get(given_name="aa")
    expected = count(lambda: person_file(actor=people.staff_a, person_id=small.pk, day=DAY_2024))
    assert expected == 8
    grow(people, tree, 1, "b")
    big = Person.objects.get(given_name="ba")
    for i in range(5):
        services.qualification_add(
            actor=people.specialist,
            person=big,
            kind=CodeList.IT,
            level=code(CodeList.IT, "CB"),
            obtained_on=dt.date(2010 + i, 1, 1),
        )
        services.training_add(
            actor=people.specialist,
            person=big,
            course=f"Lớp {i}",
            category=TrainingCategory.objects.get(code="xay-dung-dang"),
            starts_on=dt.date(2021 + i % 3, 1, 1),
            ends_on=dt.date(2021 + i % 3, 1, 2),
        )
    services.member_transfer(
        actor=people.specialist, membership=big.membership, cell=tree.A2c1, date=dt.date(2024, 6, 1), decision_ref="1"
    )
    assert count(lambda: person_file(actor=people.staff_a, person_id=big.pk, day=DAY_2024)) == expected
    file = person_file(actor=people.staff_a, person_id=big.pk, day=DAY_2024)
    assert len(file.qualifications) == 6 and len(file.trainings) == 6 and len(file.cells) == 2


def test_it_lists_a_readmitted_member_twelve_months_after_the_readmission(
    people: Personas, tree: Tree, member_a: Membership
) -> None:
    first = make_member(people.specialist, tree.A1c1, "Hứa Văn Đạt", dt.date(2023, 1, 10))
    services.member_recognize(
        actor=people.specialist, membership=first, meeting_on=dt.date(2024, 1, 10), decision_ref="1"
    )
    never = make_member(people.specialist, tree.A2c1, "Hứa Văn Lộc", dt.date(2023, 2, 1))
    for member in (first, never):
        services.member_strike_off(
            actor=people.specialist, membership=member, date=dt.date(2024, 3, 1), decision_ref="2"
        )
    services.member_readmit(
        actor=people.specialist, membership=first, cell=tree.A1c1, decided_on=dt.date(2024, 6, 1), decision_ref="3"
    )
    services.member_readmit(
        actor=people.specialist,
        membership=never,
        cell=tree.A2c1,
        decided_on=dt.date(2024, 4, 20),
        admitted_on=dt.date(2024, 5, 2),
        decision_ref="4",
    )
    services.member_move_out(
        actor=people.specialist,
        membership=member_a,
        date=dt.date(2024, 9, 1),
        decision_ref="5",
        destination="Đảng bộ tỉnh Hà Nam",
    )

    def due(day: dt.date, actor: User = people.staff_a) -> list[tuple[str, dt.date]]:
        return [(r.membership.person.full_name, r.due_on) for r in members_due_for_recognition(actor=actor, day=day)]

    # before the readmission the member who was struck off is not listed at his first probation's end
    assert due(dt.date(2024, 3, 1)) == [("Trần Thị Ánh", dt.date(2024, 3, 15))]
    assert due(dt.date(2025, 4, 1)) == []  # 02/5/2025 is 31 days away; the one who moved out is not here
    assert due(dt.date(2025, 5, 1)) == [("Hứa Văn Lộc", dt.date(2025, 5, 2))]  # 01/6/2025 is 31 days away
    assert due(dt.date(2025, 6, 1), people.admin) == [
        ("Hứa Văn Lộc", dt.date(2025, 5, 2)),
        ("Hứa Văn Đạt", dt.date(2025, 6, 1)),
    ]
    services.member_recognize(
        actor=people.specialist, membership=first, meeting_on=dt.date(2025, 6, 3), decision_ref="6"
    )
    assert due(dt.date(2025, 6, 3)) == [("Hứa Văn Lộc", dt.date(2025, 5, 2))]
    assert due(dt.date(2025, 6, 3), people.outsider) == []
