"""Seed 000's targets computed on a small register built through the people services, each expected value
worked out by hand below. The tree is pbms/conftest.py's: P with districts A (communes A1, A2) and B
(commune B1) until 30/6/2025; from 01/7/2025 A1 + A2 are merged into the commune X, B1 moves under the new
commune Y, and A and B are dissolved.

D1 = 31/12/2024 (old tree), D2 = 31/12/2025 (new tree).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbms.accounts.models import User
from pbms.conftest import RESTRUCTURING, Personas, Tree
from pbms.lib.exceptions import NotFoundError
from pbms.orgs import services as org_services
from pbms.orgs.models import Organization, OrgKind
from pbms.people import services as people_services
from pbms.people.models import Body, Code, ManagementCategory, Person, Term, TrainingCategory
from pbms.people.tests.conftest import make_person
from pbms.resolutions import services
from pbms.resolutions.definitions import parse_definition
from pbms.resolutions.engine import (
    EMPTY,
    MET,
    NOT_MET,
    TargetValue,
    _value,
    target_breakdown,
    target_breakdowns,
    target_value,
)
from pbms.resolutions.models import Resolution, Target
from pbms.resolutions.tests.conftest import seeded

D1 = dt.date(2024, 12, 31)
D2 = dt.date(2025, 12, 31)
SINCE = dt.date(2021, 1, 1)
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Khánh",
    "Lan",
    "Minh",
    "Nga",
    "Oanh",
    "Phương",
    "Quế",
    "Sương",
    "Thu",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
    "Đào",
]


def figures(value: TargetValue) -> tuple[int, int | None]:
    return value.denominator, value.numerator


@dataclass
class Build:
    admin: User

    def person(self, name: str, *, gender: str = "M", born: dt.date = dt.date(1975, 1, 1)) -> Person:
        return make_person(self.admin, name, gender=gender, born=born)

    def post(
        self, person: Person, org: Organization, category: str, since: dt.date = SINCE, until: dt.date | None = None
    ) -> None:
        position = people_services.position_start(
            actor=self.admin,
            person=person,
            org=org,
            title="Trưởng phòng" if category == "truong-pho-phong" else "Lãnh đạo",
            valid_from=since,
            categories=[ManagementCategory.objects.get(code=category)],
        )
        if until is not None:
            people_services.position_end(actor=self.admin, position=position, valid_to=until)

    def level(self, person: Person, kind: str, code: str, on: dt.date | None) -> None:
        people_services.qualification_add(
            actor=self.admin, person=person, kind=kind, level=Code.objects.get(list=kind, code=code), obtained_on=on
        )

    def course(self, person: Person, category: str, ended: dt.date, *, completed: bool = True) -> None:
        people_services.training_add(
            actor=self.admin,
            person=person,
            course="Lớp bồi dưỡng",
            category=TrainingCategory.objects.get(code=category),
            starts_on=ended - dt.timedelta(days=10),
            ends_on=ended,
            completed=completed,
        )

    def body(self, org: Organization, kind: str, name: str = "") -> Body:
        term = Term.objects.filter(org=org).first() or people_services.term_create(
            actor=self.admin, org=org, name="2020–2025", starts_on=dt.date(2020, 10, 1)
        )
        return people_services.body_create(actor=self.admin, term=term, kind=kind, name=name)

    def seat(self, body: Body, person: Person, role: str = "member", until: dt.date | None = None) -> None:
        people_services.body_seat_add(
            actor=self.admin, body=body, person=person, role=role, valid_from=SINCE, valid_to=until
        )


@pytest.fixture
def build(people: Personas) -> Build:
    return Build(people.admin)


# --- targets 4 and 5: cadres managed by the Provincial Standing Committee ------------------------------


@pytest.fixture
def standing_cadres(build: Build, tree: Tree) -> None:
    """p1 ♀ 1990 in A; p2 ♂ born 31/12/1984 (40 on D1) in A1, then also in X from 01/7/2025; p3 ♂ born
    01/01/1985 (39 on D1, 40 on D2) in B, then in Y; p4 ♀ in B1 until the day before D1; p5 ♂ 1975 in A
    and in B; p6 ♀ 1980 in P itself; p7 holds a department post only (another category)."""
    p1 = build.person("Trần Thị Một", gender="F", born=dt.date(1990, 3, 1))
    build.post(p1, tree.A, "btv-tinh-uy")
    p2 = build.person("Lê Văn Hai", born=dt.date(1984, 12, 31))
    build.post(p2, tree.A1, "btv-tinh-uy")
    build.post(p2, tree.X, "btv-tinh-uy", since=RESTRUCTURING)
    p3 = build.person("Phạm Văn Ba", born=dt.date(1985, 1, 1))
    build.post(p3, tree.B, "btv-tinh-uy")
    build.post(p3, tree.Y, "btv-tinh-uy", since=RESTRUCTURING)
    p4 = build.person("Hoàng Thị Bốn", gender="F", born=dt.date(1970, 1, 1))
    build.post(p4, tree.B1, "btv-tinh-uy", until=D1)  # last day held: 30/12/2024
    p5 = build.person("Vũ Văn Năm")
    build.post(p5, tree.A, "btv-tinh-uy")
    build.post(p5, tree.B, "btv-tinh-uy")
    p6 = build.person("Đặng Thị Sáu", gender="F", born=dt.date(1980, 6, 1))
    build.post(p6, tree.P, "btv-tinh-uy")
    build.post(build.person("Bùi Văn Bảy"), tree.A, "truong-pho-phong")


def test_it_counts_target_4_under_40_with_the_birthday_rule(
    people: Personas, tree: Tree, standing_cadres: None
) -> None:
    # D1 population: p1, p2, p3, p5, p6 (p4's post ended on 31/12; p7 is of another category) = 5.
    # Under 40 on D1: p1 (34), p3 (39); p2 turns 40 that very day = 2 → 40.00 % ≥ 5 %.
    value = target_value(actor=people.admin, target=seeded("4"), day=D1, org_id=tree.P.pk)
    assert figures(value) == (5, 2)
    assert (value.percent, value.status, value.gap_text) == (Decimal("40.00"), MET, "")
    # The day before, p2 is still 39 and p4 still holds her post (born 1970: not under 40).
    assert figures(target_value(actor=people.admin, target=seeded("4"), day=D1 - dt.timedelta(days=1))) == (6, 3)


def test_it_breaks_target_4_down_by_child_counting_a_person_once_at_the_parent(
    people: Personas, tree: Tree, standing_cadres: None
) -> None:
    # A: p1, p2 (in A1), p5 = 3, under 40: p1. B: p3, p5 = 2, under 40: p3. P itself: p6.
    # p5 counts under A and under B, once in the total of 5.
    breakdown = target_breakdown(actor=people.admin, target=seeded("4"), day=D1, org_id=tree.P.pk)
    assert [(row.org_name, figures(row)) for row in breakdown.rows] == [
        ("Đảng bộ huyện Đông Sơn", (3, 1)),
        ("Đảng bộ huyện Tây Hà", (2, 1)),
    ]
    assert breakdown.direct is not None and figures(breakdown.direct) == (1, 0)
    assert figures(breakdown.total) == (5, 2)


def test_it_computes_on_the_tree_of_the_date_after_the_merger(
    people: Personas, tree: Tree, standing_cadres: None
) -> None:
    # D2: A, B, A1 are gone; posts left open there no longer count. p2 (X, 41), p3 (Y, 40 that year), p6
    # (P, 45) = 3; none under 40: 0 % < 5 %, and 5 % of 3 needs 1 person.
    breakdown = target_breakdown(actor=people.admin, target=seeded("4"), day=D2, org_id=tree.P.pk)
    assert [(row.org_name, figures(row)) for row in breakdown.rows] == [
        ("Đảng bộ xã An Bình", (1, 0)),
        ("Đảng bộ xã Tây Hà", (1, 0)),
    ]
    total = breakdown.total
    assert (figures(total), total.percent, total.status, total.gap, total.gap_text) == (
        (3, 0),
        Decimal("0.00"),
        NOT_MET,
        1,
        "cần thêm 1 người",
    )


def test_it_counts_target_5_women(people: Personas, tree: Tree, standing_cadres: None) -> None:
    # Women among the 5 on D1: p1, p6 = 2 → 40 % ≥ 20 %. On D2: p6 of 3 → 33.33 %.
    assert figures(target_value(actor=people.admin, target=seeded("5"), day=D1, org_id=tree.P.pk)) == (5, 2)
    value = target_value(actor=people.admin, target=seeded("5"), day=D2, org_id=tree.P.pk)
    assert (figures(value), value.percent, value.status) == ((3, 1), Decimal("33.33"), MET)


def test_it_counts_only_the_actor_s_scope(people: Personas, tree: Tree, standing_cadres: None) -> None:
    # District A's office sees A's subtree: p1, p2, p5 (p5's post in B is not A's to see).
    assert figures(target_value(actor=people.staff_a, target=seeded("4"), day=D1)) == (3, 1)
    assert figures(target_value(actor=people.viewer_a, target=seeded("5"), day=D1, org_id=tree.A.pk)) == (3, 1)
    # District B's office: p3, p5 (p4's post ended the day before).
    assert figures(target_value(actor=people.outsider, target=seeded("4"), day=D1)) == (2, 1)
    for org in (tree.P, tree.B):
        with pytest.raises(NotFoundError):
            target_value(actor=people.staff_a, target=seeded("4"), day=D1, org_id=org.pk)
    with pytest.raises(NotFoundError):
        target_breakdown(actor=people.outsider, target=seeded("4"), day=D1, org_id=tree.P.pk)
    assert target_value(actor=people.nobody, target=seeded("4"), day=D1).status == EMPTY


# --- targets 6 and 11: department-level leaders -------------------------------------------------------


@pytest.fixture
def department_leaders(build: Build, tree: Tree) -> None:
    """d1 in A: master's 2020, leadership course ended 30/6/2024. d2 in B: đại học, master's only on
    01/3/2025, leadership course in the previous year (15/12/2023). d3 in A1: doctorate (no date), a
    leadership course in 2024 not completed."""
    d1 = build.person("Nguyễn Văn Đức")
    build.post(d1, tree.A, "truong-pho-phong")
    build.level(d1, "education", "THS", dt.date(2020, 5, 1))
    build.course(d1, "lanh-dao-quan-ly", dt.date(2024, 6, 30))
    d2 = build.person("Trịnh Thị Hoa", gender="F")
    build.post(d2, tree.B, "truong-pho-phong")
    build.level(d2, "education", "DH", dt.date(2000, 6, 1))
    build.level(d2, "education", "THS", dt.date(2025, 3, 1))
    build.course(d2, "lanh-dao-quan-ly", dt.date(2023, 12, 15))
    d3 = build.person("Mai Văn Khoa")
    build.post(d3, tree.A1, "truong-pho-phong")
    build.level(d3, "education", "TS", None)
    build.course(d3, "lanh-dao-quan-ly", dt.date(2024, 5, 20), completed=False)


def test_it_counts_target_6_master_s_degree_obtained_by_the_date(
    people: Personas, tree: Tree, department_leaders: None
) -> None:
    # D1: d1 (THS), d3 (TS ranks above; undated counts as held) of 3 = 66.67 % ≥ 35 %; d2's master's comes
    # in March 2025, so on 30/6/2025 all 3.
    value = target_value(actor=people.admin, target=seeded("6"), day=D1, org_id=tree.P.pk)
    assert (figures(value), value.percent, value.status) == ((3, 2), Decimal("66.67"), MET)
    assert figures(target_value(actor=people.admin, target=seeded("6"), day=dt.date(2025, 6, 30))) == (3, 3)


def test_it_counts_target_11_training_of_the_year_only(people: Personas, tree: Tree, department_leaders: None) -> None:
    # 2024: d1 only (d2's course ended in 2023; d3's was not completed) = 1 of 3 against 100 %: 2 missing.
    value = target_value(actor=people.admin, target=seeded("11"), day=D1, org_id=tree.P.pk)
    assert (figures(value), value.percent, value.status, value.gap_text) == (
        (3, 1),
        Decimal("33.33"),
        NOT_MET,
        "cần thêm 2 người",
    )
    # In 2023, d2's course counts and d1's (2024) does not yet.
    assert figures(target_value(actor=people.admin, target=seeded("11"), day=dt.date(2023, 12, 31))) == (3, 1)


# --- targets 7, 8 and 12: commune-level leaders -------------------------------------------------------


@pytest.fixture
def commune_leaders(build: Build, tree: Tree) -> None:
    """q1 in A1: political theory TC, đại học, course for the post in 2024. q2 in A2: political theory SC,
    master's, no course. q3 in B1: political theory CC, education TC, a course of another category."""
    q1 = build.person("Đỗ Văn Quang")
    build.post(q1, tree.A1, "lanh-dao-cap-xa")
    build.level(q1, "political_theory", "TC", dt.date(2015, 1, 1))
    build.level(q1, "education", "DH", dt.date(2010, 1, 1))
    build.course(q1, "chuc-danh-cap-xa", dt.date(2024, 10, 15))
    q2 = build.person("Lý Thị Quyên", gender="F")
    build.post(q2, tree.A2, "lanh-dao-cap-xa")
    build.level(q2, "political_theory", "SC", dt.date(2015, 1, 1))
    build.level(q2, "education", "THS", dt.date(2016, 1, 1))
    q3 = build.person("Tạ Văn Quý")
    build.post(q3, tree.B1, "lanh-dao-cap-xa")
    build.level(q3, "political_theory", "CC", dt.date(2012, 1, 1))
    build.level(q3, "education", "TC", dt.date(2005, 1, 1))
    build.course(q3, "xay-dung-dang", dt.date(2024, 4, 1))


def test_it_counts_targets_7_8_and_12(people: Personas, tree: Tree, commune_leaders: None) -> None:
    # 7 (both at least trung cấp): q1, q3 = 2/3, gap 1. 8 (đại học+): q1, q2 = 2/3 < 80 %: 80 % of 3 is 2.4,
    # so 3 are needed, gap 1. 12 (course for the post in 2024): q1 = 1/3, gap 2.
    values = {n: target_value(actor=people.admin, target=seeded(n), day=D1, org_id=tree.P.pk) for n in ["7", "8", "12"]}
    assert {n: (figures(v), v.status, v.gap) for n, v in values.items()} == {
        "7": ((3, 2), NOT_MET, 1),
        "8": ((3, 2), NOT_MET, 1),
        "12": ((3, 1), NOT_MET, 2),
    }
    breakdown = target_breakdown(actor=people.admin, target=seeded("7"), day=D1, org_id=tree.A.pk)
    assert [(row.org_name, figures(row)) for row in breakdown.rows] == [
        ("Đảng bộ xã An Phú", (1, 1)),
        ("Đảng bộ xã Bình Minh", (1, 0)),
    ]


# --- target 3: members of the leading bodies ----------------------------------------------------------


def test_it_counts_target_3_seats_and_training_within_the_period(people: Personas, tree: Tree, build: Build) -> None:
    """s1 P committee, trained 2022. s2 P committee and inspection commission (counted once), untrained.
    s3 A standing member of the committee, trained in 2020 (before the period). s4 secretary of cell A1c1,
    trained 2024. s5 plain member of A1c1's committee (not in the population). s6 A committee, seat ended
    the day before D1. s7 P đảng đoàn, trained 2023."""
    committee_p, inspection_p = build.body(tree.P, "committee"), build.body(tree.P, "inspection")
    delegation_p = build.body(tree.P, "party_delegation", "Đảng đoàn HĐND tỉnh")
    committee_a, committee_cell = build.body(tree.A, "committee"), build.body(tree.A1c1, "committee")
    s = [build.person(f"Ngô Văn {GIVEN[n]}") for n in range(8)]
    build.seat(committee_p, s[1])
    build.course(s[1], "xay-dung-dang", dt.date(2022, 5, 1))
    build.seat(committee_p, s[2])
    build.seat(inspection_p, s[2])
    build.seat(committee_a, s[3], role="standing_member")
    build.course(s[3], "xay-dung-dang", dt.date(2020, 12, 1))
    build.seat(committee_cell, s[4], role="secretary")
    build.course(s[4], "xay-dung-dang", dt.date(2024, 3, 1))
    build.seat(committee_cell, s[5])
    build.course(s[5], "xay-dung-dang", dt.date(2024, 3, 1))
    build.seat(committee_a, s[6], until=D1)
    build.seat(delegation_p, s[7])
    build.course(s[7], "xay-dung-dang", dt.date(2023, 9, 1))
    # Population s1, s2, s3, s4, s7 = 5; trained in 2021…D1: s1, s4, s7 = 3 → 60 % against 100 %.
    breakdown = target_breakdown(actor=people.admin, target=seeded("3"), day=D1, org_id=tree.P.pk)
    assert (figures(breakdown.total), breakdown.total.status, breakdown.total.gap_text) == (
        (5, 3),
        NOT_MET,
        "cần thêm 2 người",
    )
    assert breakdown.direct is not None and figures(breakdown.direct) == (3, 2)
    assert [figures(row) for row in breakdown.rows] == [(2, 1), (0, 0)]
    assert breakdown.rows[1].status == EMPTY


# --- ratings, a new target, query counts --------------------------------------------------------------


def test_it_counts_rating_targets_without_results_in_the_denominator_only(
    people: Personas, tree: Tree, department_leaders: None, build: Build
) -> None:
    # Nobody has a decided result for 2024: 0 of 3 (pbms/resolutions/tests/test_engine_ratings.py has the rest).
    value = target_value(actor=people.admin, target=seeded("10"), day=D1, org_id=tree.P.pk)
    assert (value.denominator, value.numerator, value.percent, value.status) == (3, 0, Decimal("0.00"), NOT_MET)
    build.body(tree.P, "standing")
    build.body(tree.A, "standing")
    value = target_value(actor=people.admin, target=seeded("1"), day=D1, org_id=tree.P.pk)
    assert (value.unit, value.denominator, value.numerator, value.status) == ("tổ chức", 2, 0, NOT_MET)
    assert value.met is False


def test_it_computes_a_new_target_created_through_the_service(
    people: Personas, tree: Tree, standing_cadres: None, nq05: Resolution
) -> None:
    """ "Women under 40 among cadres managed by the Standing Committee, at least 60 %" and "no more than
    50 % of them aged 40 or more", written as data only."""
    definition = {
        "population": {"type": "people", "management_categories": ["btv-tinh-uy"]},
        "conditions": [
            {
                "type": "group",
                "combine": "any",
                "items": [{"type": "gender", "equals": "F"}, {"type": "age", "op": "lt", "years": 40}],
            }
        ],
    }
    target = services.target_create(
        actor=people.specialist,
        resolution=nq05,
        number="13",
        wording="Nữ hoặc dưới 40 tuổi từ 60% trở lên.",
        definition=definition,
        threshold=60,
        cadence="yearly",
    )
    # Women or under 40 on D1: p1, p3, p6 = 3 of 5 = 60 % → met exactly.
    value = target_value(actor=people.specialist, target=target, day=D1, org_id=tree.P.pk)
    assert (figures(value), value.status) == ((5, 3), MET)
    older = services.target_create(
        actor=people.specialist,
        resolution=nq05,
        number="14",
        wording="Không quá 50% từ 40 tuổi trở lên.",
        definition={**definition, "conditions": [{"type": "age", "op": "gte", "years": 40}]},
        comparator="lte",
        threshold=50,
        cadence="yearly",
    )
    # 40 or more: p2 (40 that day), p5, p6 = 3 of 5 = 60 % > 50 %: 2 at most, one too many.
    value = target_value(actor=people.specialist, target=older, day=D1, org_id=tree.P.pk)
    assert (figures(value), value.status, value.gap_text) == ((5, 3), NOT_MET, "cần giảm 1 người")


def _more_districts(admin: User, tree: Tree, build: Build, count: int) -> None:
    district = OrgKind.objects.get(code="district")
    for n in range(count):
        org = org_services.org_create(
            actor=admin,
            code=f"H{n}",
            name=f"Đảng bộ huyện Số {n}",
            kind=district,
            parent=tree.P,
            effective_date=dt.date(2020, 1, 1),
            decision_ref=f"H{n}-QĐ/TU",
        )
        build.post(build.person(f"Cao Thị {GIVEN[n]}", gender="F", born=dt.date(1995, 1, 1)), org, "btv-tinh-uy")


def _queries(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


@pytest.mark.parametrize("actor_name", ["admin", "specialist"])
def test_it_costs_the_same_queries_for_2_and_for_20_children(
    people: Personas, tree: Tree, standing_cadres: None, build: Build, actor_name: str
) -> None:
    actor = getattr(people, actor_name)
    target = seeded("5")

    def breakdown() -> object:
        return target_breakdown(actor=actor, target=target, day=D1, org_id=tree.P.pk)

    def value() -> object:
        return target_value(actor=actor, target=target, day=D1, org_id=tree.P.pk)

    small = (_queries(breakdown), _queries(value))
    assert small == (3, 2)
    _more_districts(people.admin, tree, build, 18)
    assert len(target_breakdown(actor=actor, target=target, day=D1, org_id=tree.P.pk).rows) == 20
    assert (_queries(breakdown), _queries(value)) == small
    # 18 more women under 40, each in her own district: 7 of 23 are women.
    assert figures(target_value(actor=actor, target=target, day=D1, org_id=tree.P.pk)) == (23, 20)


def test_it_computes_every_target_at_once_as_each_alone_in_three_queries(
    people: Personas,
    tree: Tree,
    standing_cadres: None,
    department_leaders: None,
    commune_leaders: None,
    build: Build,
) -> None:
    """The dashboard's way (all twelve targets in one statement) gives each target's figures exactly as its
    own statement does, for the specialist (the whole province) and for district B's office (its scope)."""
    targets = list(Target.objects.filter(resolution__number="05-NQ/TU").select_related("resolution").order_by("sort"))
    assert len(targets) == 12
    for actor, org in ((people.specialist, tree.P), (people.outsider, tree.B)):
        together = target_breakdowns(actor=actor, targets=targets, day=D1, org_id=org.pk)
        alone = {t.pk: target_breakdown(actor=actor, target=t, day=D1, org_id=org.pk) for t in targets}
        assert together == alone
    assert figures(together[seeded("4").pk].total) == (2, 1)  # in B: p3 (39, under 40) and p5 (born 1975)

    def all_twelve() -> object:
        return target_breakdowns(actor=people.specialist, targets=targets, day=D1, org_id=tree.P.pk)

    assert _queries(all_twelve) == 3  # the organisation, its children, the one statement
    _more_districts(people.admin, tree, build, 18)
    assert _queries(all_twelve) == 3


def test_it_restricts_to_a_subtree_and_counts_grassroots_committees(
    people: Personas, tree: Tree, standing_cadres: None, build: Build, nq05: Resolution
) -> None:
    # Only within district A (code "A"): p1, p2, p5 on D1, whoever asks.
    within_a = services.target_create(
        actor=people.admin,
        resolution=nq05,
        number="15",
        wording="Nữ trong Đảng bộ huyện Đông Sơn.",
        definition={
            "population": {"type": "people", "management_categories": ["btv-tinh-uy"], "within": "A"},
            "conditions": [{"type": "gender", "equals": "F"}],
        },
        threshold=20,
        cadence="yearly",
    )
    assert figures(target_value(actor=people.admin, target=within_a, day=D1, org_id=tree.P.pk)) == (3, 1)
    # Target 2's population: committees of grassroots organisations in a running term. A1 and B1 have one,
    # A2 has none (not counted); after the merger A1 is gone.
    build.body(tree.A1, "committee")
    build.body(tree.B1, "committee")
    breakdown = target_breakdown(actor=people.admin, target=seeded("2"), day=D1, org_id=tree.P.pk)
    assert [(row.denominator, row.numerator) for row in breakdown.rows] == [(1, 0), (1, 0)]
    assert breakdown.total.denominator == 2 and breakdown.total.status == NOT_MET
    assert target_value(actor=people.admin, target=seeded("2"), day=D2).denominator == 1


@pytest.mark.parametrize(
    ("comparator", "threshold", "counts", "expected"),
    [
        # 1 of 160 = 0.625 %: shown half up.
        ("gte", "95", (160, 1), ("0.63", NOT_MET, "cần thêm 151 người")),
        # 2 of 3 = 66.666… %, shown 66.67 %, does not reach 66.67 %: decided on the counts, not the rounding.
        ("gte", "66.67", (3, 2), ("66.67", NOT_MET, "cần thêm 1 người")),
        ("gte", "66.66", (3, 2), ("66.67", MET, "")),
        # "cần thêm 37 cán bộ nữ để đạt 20 %": none of 185.
        ("gte", "20", (185, 0), ("0.00", NOT_MET, "cần thêm 37 người")),
        ("eq", "100", (20, 19), ("95.00", NOT_MET, "cần thêm 1 người")),
        ("eq", "50", (3, 2), ("66.67", NOT_MET, "cần giảm 1 người")),
        ("lte", "33.33", (3, 1), ("33.33", NOT_MET, "cần giảm 1 người")),
        ("lte", "33.34", (3, 1), ("33.33", MET, "")),
    ],
)
def test_it_rounds_the_percentage_half_up_and_decides_on_the_counts(
    comparator: str, threshold: str, counts: tuple[int, int], expected: tuple[str, str, str]
) -> None:
    definition = parse_definition({"population": {"type": "people", "management_categories": ["btv-tinh-uy"]}})
    target = Target(number="x", comparator=comparator, threshold=Decimal(threshold), cadence="yearly")
    value = _value(target, definition, day=D1, org_id=None, org_name="Tỉnh", counts=counts)
    assert (str(value.percent), value.status, value.gap_text) == expected
