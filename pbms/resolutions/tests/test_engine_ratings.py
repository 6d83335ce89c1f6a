# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""Seed 000's rating targets (1, 2, 9, 10) on small hand-built registers, each expected value worked out by
hand below. Only decided results (decided, announced, imported) of the yearly cycle of the year asked count;
a subject without one stays in the denominator. The tree is pbms/conftest.py's: P with districts A (communes
A1, A2) and B (commune B1) until 30/6/2025; from 01/7/2025 A1 + A2 are merged into X, B1 moves under Y, and A
and B are dissolved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from pbms.conftest import RESTRUCTURING, Personas, Tree
from pbms.evaluations import services as evaluations
from pbms.evaluations.models import (
    Cycle,
    CycleKind,
    Level,
    RatedBody,
    RatingKind,
    Result,
    ResultState,
    SubjectGroup,
)
from pbms.orgs.models import Organization
from pbms.people import services as people_services
from pbms.people.models import Body, Person
from pbms.people.tests.conftest import make_member
from pbms.resolutions.drilldown import target_members
from pbms.resolutions.engine import MET, NOT_MET, TargetValue, target_breakdown, target_value
from pbms.resolutions.models import Target
from pbms.resolutions.reports import target_note
from pbms.resolutions.tests.conftest import seeded
from pbms.resolutions.tests.test_engine import Build, build  # noqa: F401 - fixture

D1 = dt.date(2024, 12, 31)
D0 = dt.date(2023, 12, 31)
D2 = dt.date(2025, 12, 31)
MID_2025 = dt.date(2025, 6, 30)


def figures(value: TargetValue) -> tuple[int, int]:
    return value.denominator, value.numerator


@dataclass
class Rate:
    """Ratings entered as the evaluation module records them: ``decided`` through the historical import (a
    decided result of the year's closed yearly cycle); ``proposed`` and results of other cycles as the
    workflow leaves them (a proposal not yet decided, a monthly cycle's decided result)."""

    admin: Any

    def decided(
        self,
        year: int,
        level: str,
        *,
        person: Person | None = None,
        org: Organization | None = None,
        body: str = "",
        kind: str = RatingKind.PARTY_MEMBER,
    ) -> Result:
        group = SubjectGroup.COLLECTIVE if org is not None else SubjectGroup.LEADER
        return evaluations.result_import(
            actor=self.admin,
            year=year,
            level=level,
            group=group,
            person=person,
            org=org,
            body_kind=body,
            rating_kind=kind,
        )

    def other(
        self,
        cycle: Cycle,
        level: str,
        state: str,
        *,
        unit: Organization,
        person: Person | None = None,
        org: Organization | None = None,
        body: str = "",
        kind: str = "",
    ) -> Result:
        decided = state in (ResultState.DECIDED, ResultState.ANNOUNCED)
        return Result.objects.create(
            cycle=cycle,
            person=person,
            org=org,
            body_kind=body,
            rating_kind=kind or (RatingKind.COLLECTIVE if org is not None else RatingKind.PARTY_MEMBER),
            unit=unit,
            group=SubjectGroup.COLLECTIVE if org is not None else SubjectGroup.LEADER,
            state=state,
            proposed_level=level,
            decided_level=level if decided else "",
        )

    def yearly(self, year: int) -> Cycle:
        return Cycle.objects.get(year=year, kind=CycleKind.YEAR, period=0)

    def monthly(self, year: int, month: int) -> Cycle:
        return evaluations.cycle_open(
            actor=self.admin, year=year, kind=CycleKind.MONTH, period=month, population_on=dt.date(year, month, 28)
        )


@pytest.fixture
def rate(people: Personas) -> Rate:
    return Rate(people.admin)


def member(build: Build, tree: Tree, name: str) -> Person:
    return make_member(build.admin, tree.A1c1, name, dt.date(2021, 1, 1)).person


# --- target 1: the Provincial Standing Committee, district standing committees, đảng đoàn -------------


def test_it_counts_target_1_standing_committees_rated_good_in_the_year(
    people: Personas, tree: Tree, build: Build, rate: Rate
) -> None:
    """Standing committees of P, A, B and the đảng đoàn of P. 2024: P's excellent (counts); A's complete
    (below good); B's proposed good, not decided; B's committee (not its standing committee) good. 2023: A's
    standing committee good. 2025: X (from 01/7/2025) good; A's good, but A is dissolved on 01/7/2025."""
    for org in (tree.P, tree.A, tree.B):
        build.body(org, "standing")
    build.body(tree.P, "party_delegation", "Đảng đoàn HĐND tỉnh")
    rate.decided(2024, Level.EXCELLENT, org=tree.P, body=RatedBody.STANDING)
    rate.decided(2024, Level.COMPLETE, org=tree.A, body=RatedBody.STANDING)
    rate.decided(2024, Level.GOOD, org=tree.B, body=RatedBody.COMMITTEE)
    rate.other(rate.yearly(2024), Level.GOOD, ResultState.PROPOSED, unit=tree.B, org=tree.B, body=RatedBody.STANDING)
    rate.decided(2023, Level.GOOD, org=tree.A, body=RatedBody.STANDING)
    # 31/12/2024: S_P, S_A, S_B and the đảng đoàn = 4; only S_P = 1 → 25 % against = 100 %: 3 missing.
    value = target_value(actor=people.admin, target=seeded("1"), day=D1, org_id=tree.P.pk)
    assert (figures(value), value.percent, value.status, value.gap_text) == (
        (4, 1),
        Decimal("25.00"),
        NOT_MET,
        "cần thêm 3 tổ chức",
    )
    # 31/12/2023: only A's 2023 result counts; P's 2024 result is of another year.
    assert figures(target_value(actor=people.admin, target=seeded("1"), day=D0, org_id=tree.P.pk)) == (4, 1)
    breakdown = target_breakdown(actor=people.admin, target=seeded("1"), day=D1, org_id=tree.P.pk)
    assert [(row.org_name, figures(row)) for row in breakdown.rows] == [
        ("Đảng bộ huyện Đông Sơn", (1, 0)),
        ("Đảng bộ huyện Tây Hà", (1, 0)),
    ]
    assert breakdown.direct is not None and figures(breakdown.direct) == (2, 1)  # S_P and the đảng đoàn
    # 2025: X's standing committee exists from 01/7/2025; A and B are gone by 31/12.
    term_x = people_services.term_create(actor=people.admin, org=tree.X, name="2025–2030", starts_on=RESTRUCTURING)
    people_services.body_create(actor=people.admin, term=term_x, kind=Body.Kind.STANDING)
    rate.decided(2025, Level.GOOD, org=tree.X, body=RatedBody.STANDING)
    # A's 2025 result, decided before the dissolution (the import refuses an organisation gone by 31/12).
    rate.other(rate.yearly(2025), Level.GOOD, ResultState.DECIDED, unit=tree.A, org=tree.A, body=RatedBody.STANDING)
    # S_P (no 2025 result), S_X (good) = 1 of 2: the đảng đoàn ended on 01/7/2025 although P's term runs.
    assert figures(target_value(actor=people.admin, target=seeded("1"), day=D2, org_id=tree.P.pk)) == (2, 1)
    # On 30/6/2025 A still exists: S_A's 2025 result counts; X does not exist yet.
    assert figures(target_value(actor=people.admin, target=seeded("1"), day=MID_2025, org_id=tree.P.pk)) == (4, 1)


def test_it_counts_a_decided_result_of_a_dang_doan_or_ban_can_su_in_target_1(
    people: Personas, tree: Tree, build: Build, rate: Rate
) -> None:
    """P's standing committee, two đảng đoàn and a ban cán sự đảng of P's term. 2024: the standing committee
    excellent; the đảng đoàn of the HĐND good (decided); the ban cán sự đảng excellent but only proposed; the
    đảng đoàn of the Mặt trận none. Each đảng đoàn counts by its own result, not by its neighbour's."""
    build.body(tree.P, "standing")
    hdnd = build.body(tree.P, "party_delegation", "Đảng đoàn HĐND tỉnh")
    build.body(tree.P, "party_delegation", "Đảng đoàn Ủy ban MTTQ tỉnh")
    ubnd = build.body(tree.P, "party_affairs", "Ban cán sự đảng UBND tỉnh")
    rate.decided(2024, Level.EXCELLENT, org=tree.P, body=RatedBody.STANDING)
    for body, level, state in ((hdnd, Level.GOOD, ResultState.DECIDED), (ubnd, Level.EXCELLENT, ResultState.PROPOSED)):
        Result.objects.create(
            cycle=rate.yearly(2024),
            org=tree.P,
            body_kind=body.kind,
            body=body,
            rating_kind=RatingKind.COLLECTIVE,
            unit=tree.P,
            group=SubjectGroup.COLLECTIVE,
            state=state,
            proposed_level=level,
            decided_level=level if state == ResultState.DECIDED else "",
        )
    # 31/12/2024: 4 bodies; the standing committee and the HĐND's đảng đoàn = 2 → 50 %: 2 missing.
    value = target_value(actor=people.admin, target=seeded("1"), day=D1, org_id=tree.P.pk)
    assert (figures(value), value.percent, value.gap_text) == ((4, 2), Decimal("50.00"), "cần thêm 2 tổ chức")
    counted = target_members(actor=people.admin, target=seeded("1"), day=D1, org_id=tree.P.pk)
    assert sorted((m.name, m.rating) for m in counted.rows if m.kind == "body" and m.name.startswith("Đảng đoàn")) == [
        ("Đảng đoàn HĐND tỉnh", "Hoàn thành tốt nhiệm vụ")
    ]
    missing = target_members(actor=people.admin, target=seeded("1"), day=D1, org_id=tree.P.pk, part="missing")
    assert sorted((m.name, m.rating) for m in missing.rows) == [
        ("Ban cán sự đảng UBND tỉnh", "chưa có kết quả"),
        ("Đảng đoàn Ủy ban MTTQ tỉnh", "chưa có kết quả"),
    ]
    # The dashboard no longer warns that these bodies can never be in the numerator.
    assert target_note(seeded("1"), D1) == ""
    # 31/12/2025: the đảng đoàn and ban cán sự đảng ended on 01/7/2025 although P's term still runs; only the
    # standing committee is counted (no 2025 result yet), as the evaluation module rates none of them.
    assert figures(target_value(actor=people.admin, target=seeded("1"), day=D2, org_id=tree.P.pk)) == (1, 0)
    assert figures(target_value(actor=people.admin, target=seeded("1"), day=MID_2025, org_id=tree.P.pk)) == (4, 0)


# --- target 2: committees of grassroots organisations -------------------------------------------------


@pytest.fixture
def grassroots_ratings(build: Build, tree: Tree, rate: Rate) -> None:
    """Committees of A1, A2, B1 (and A1's inspection commission, A1c1's committee: not counted). 2024: A1's
    committee good; A2 as a whole (not its committee) excellent; B1's committee excellent in the December
    monthly cycle only, and good in 2023. 2025: A1's and B1's committees good (A1 merges into X on 01/7)."""
    for org in (tree.A1, tree.A2, tree.B1, tree.A1c1):
        build.body(org, "committee")
    build.body(tree.A1, "inspection")
    rate.decided(2024, Level.GOOD, org=tree.A1, body=RatedBody.COMMITTEE)
    rate.decided(2024, Level.EXCELLENT, org=tree.A2, body=RatedBody.ORG)
    month = rate.monthly(2024, 12)
    rate.other(month, Level.EXCELLENT, ResultState.DECIDED, unit=tree.B1, org=tree.B1, body=RatedBody.COMMITTEE)
    rate.decided(2023, Level.GOOD, org=tree.B1, body=RatedBody.COMMITTEE)
    rate.decided(2025, Level.GOOD, org=tree.B1, body=RatedBody.COMMITTEE)
    # A1's, decided before the merger (the import refuses an organisation gone by 31/12).
    rate.other(rate.yearly(2025), Level.GOOD, ResultState.DECIDED, unit=tree.A1, org=tree.A1, body=RatedBody.COMMITTEE)


def test_it_counts_target_2_grassroots_committees(people: Personas, tree: Tree, grassroots_ratings: None) -> None:
    # 2024: the committees of A1, A2, B1 = 3; A1's = 1 → 33.33 %; 95 % of 3 is 2.85, so 3 needed: 2 missing.
    value = target_value(actor=people.admin, target=seeded("2"), day=D1, org_id=tree.P.pk)
    assert (figures(value), value.percent, value.status, value.gap) == ((3, 1), Decimal("33.33"), NOT_MET, 2)
    breakdown = target_breakdown(actor=people.admin, target=seeded("2"), day=D1, org_id=tree.P.pk)
    assert [(row.org_name, figures(row)) for row in breakdown.rows] == [
        ("Đảng bộ huyện Đông Sơn", (2, 1)),
        ("Đảng bộ huyện Tây Hà", (1, 0)),
    ]
    # 2023: B1's committee only.
    assert figures(target_value(actor=people.admin, target=seeded("2"), day=D0, org_id=tree.P.pk)) == (3, 1)
    # 30/6/2025, before the merger: A1 and B1 rated for 2025 = 2 of 3.
    assert figures(target_value(actor=people.admin, target=seeded("2"), day=MID_2025, org_id=tree.P.pk)) == (3, 2)
    # 31/12/2025: A1 and A2 were merged into X (a commune, no longer grassroots): B1's committee alone, rated.
    after = target_value(actor=people.admin, target=seeded("2"), day=D2, org_id=tree.P.pk)
    assert (figures(after), after.status) == ((1, 1), MET)
    # District B's office sees B1 only.
    assert figures(target_value(actor=people.outsider, target=seeded("2"), day=D1, org_id=tree.B.pk)) == (1, 0)


def test_it_lists_the_committees_counted_and_missing_for_target_2(
    people: Personas, tree: Tree, grassroots_ratings: None, django_assert_num_queries: Any
) -> None:
    target = seeded("2")
    with django_assert_num_queries(2):
        counted = target_members(actor=people.admin, target=target, day=D1, org_id=tree.P.pk)
    assert [(m.detail, m.counted) for m in counted.rows] == [("Đảng bộ xã An Phú", True)]
    missing = target_members(actor=people.admin, target=target, day=D1, org_id=tree.P.pk, part="missing")
    # A2 was rated as a whole, not its committee; B1's committee only in a monthly cycle: no 2024 result.
    assert [(m.detail, m.rating) for m in missing.rows] == [
        ("Đảng bộ xã Bình Minh", "chưa có kết quả"),
        ("Đảng bộ xã Cẩm Lý", "chưa có kết quả"),
    ]
    assert (counted.rating_year, counted.rows[0].rating) == (2024, "Hoàn thành tốt nhiệm vụ")


# --- target 9: members of the leading bodies and cadres managed by the Provincial Standing Committee ----


@pytest.fixture
def leaders(build: Build, tree: Tree, rate: Rate) -> dict[str, Person]:
    """r1 P committee with a btv-tinh-uy post in P, excellent 2024. r2 btv-tinh-uy post in A and A committee
    member, good 2024 (counted once). r3 A1 committee with a commune leader's post, complete 2024 (below good).
    r4 B inspection commission, good proposed only. r5 P inspection commission with a btv-tinh-uy post, good in
    2023 only. r6 B1
    committee, good in the December 2024 monthly cycle only. r7 A1c1's committee (a cell: not in the
    population), good 2024. Target 9 counts the cadre rating: those of r1, r2, r3 are; the others, without a
    post of a management category, have only a party-member rating (test_it_counts_the_cadre_rating_...)."""
    committee_p, inspection_p = build.body(tree.P, "committee"), build.body(tree.P, "inspection")
    committee_a, committee_a1 = build.body(tree.A, "committee"), build.body(tree.A1, "committee")
    inspection_b, committee_b1 = build.body(tree.B, "inspection"), build.body(tree.B1, "committee")
    committee_cell = build.body(tree.A1c1, "committee")
    names = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy"]
    # Members of cell A1c1 since 2021: the evaluation module rates a person on the board of his cell.
    r = {f"r{n}": member(build, tree, f"Lương Văn {name}") for n, name in enumerate(names, start=1)}
    build.seat(committee_p, r["r1"])
    build.post(r["r1"], tree.P, "btv-tinh-uy")
    build.post(r["r3"], tree.A1, "lanh-dao-cap-xa")
    build.post(r["r2"], tree.A, "btv-tinh-uy")
    build.post(r["r5"], tree.P, "btv-tinh-uy")
    build.seat(committee_a, r["r2"])
    build.seat(committee_a1, r["r3"])
    build.seat(inspection_b, r["r4"])
    build.seat(inspection_p, r["r5"])
    build.seat(committee_b1, r["r6"])
    build.seat(committee_cell, r["r7"])
    rate.decided(2024, Level.EXCELLENT, person=r["r1"], kind=RatingKind.CADRE)
    rate.decided(2024, Level.GOOD, person=r["r2"], kind=RatingKind.CADRE)
    rate.decided(2024, Level.COMPLETE, person=r["r3"], kind=RatingKind.CADRE)
    rate.other(rate.yearly(2024), Level.GOOD, ResultState.PROPOSED, unit=tree.B, person=r["r4"])
    rate.decided(2023, Level.GOOD, person=r["r5"], kind=RatingKind.CADRE)
    month = rate.monthly(2024, 12)
    rate.other(month, Level.GOOD, ResultState.DECIDED, unit=tree.B1, person=r["r6"])
    rate.decided(2024, Level.GOOD, person=r["r7"])
    return r


def test_it_counts_target_9_people_rated_good_in_the_year(
    people: Personas, tree: Tree, leaders: dict[str, Person]
) -> None:
    # 2024: r1…r6 = 6 (r7 sits on a cell's committee); r1, r2 = 2 → 33.33 % against = 100 %: 4 missing.
    value = target_value(actor=people.admin, target=seeded("9"), day=D1, org_id=tree.P.pk)
    assert (figures(value), value.percent, value.gap_text) == ((6, 2), Decimal("33.33"), "cần thêm 4 người")
    # 2023: r5 only.
    assert figures(target_value(actor=people.admin, target=seeded("9"), day=D0, org_id=tree.P.pk)) == (6, 1)
    # P itself: r1, r5; A: r2, r3; B: r4, r6.
    breakdown = target_breakdown(actor=people.admin, target=seeded("9"), day=D1, org_id=tree.P.pk)
    assert [figures(row) for row in breakdown.rows] == [(2, 1), (2, 0)]
    assert breakdown.direct is not None and figures(breakdown.direct) == (2, 1)
    # District A's office: r2 and r3 only; the others are out of its scope.
    assert figures(target_value(actor=people.staff_a, target=seeded("9"), day=D1)) == (2, 1)
    numerator = target_members(actor=people.admin, target=seeded("9"), day=D1, org_id=tree.P.pk)
    assert {m.person_id for m in numerator.rows} == {leaders["r1"].pk, leaders["r2"].pk}
    missing = target_members(actor=people.admin, target=seeded("9"), day=D1, org_id=tree.P.pk, part="missing")
    assert {m.person_id for m in missing.rows} == {leaders[k].pk for k in ("r3", "r4", "r5", "r6")}
    # r3 rated below good; r4 proposed only, r5 rated in 2023, r6 in a monthly cycle: no 2024 result.
    ratings = {m.person_id: m.rating for m in missing.rows}
    assert ratings[leaders["r3"].pk] == "Hoàn thành nhiệm vụ"
    assert {ratings[leaders[k].pk] for k in ("r4", "r5", "r6")} == {"chưa có kết quả"}


def test_it_counts_the_cadre_rating_in_targets_9_and_10(people: Personas, tree: Tree, build: Build, rate: Rate) -> None:
    """A leader rated good as a party member but only complete as a cadre does not meet targets 9 and 10;
    his list shows the cadre rating. Another target over the same people counts the party-member rating."""
    leader = member(build, tree, "Đặng Văn Quang")
    build.post(leader, tree.A, "btv-tinh-uy")
    manager = member(build, tree, "Đặng Thị Quyên")
    build.post(manager, tree.A, "truong-pho-phong")
    for person in (leader, manager):
        rate.decided(2024, Level.GOOD, person=person)
        rate.decided(2024, Level.COMPLETE, person=person, kind=RatingKind.CADRE)
    nine, ten = seeded("9"), seeded("10")
    assert figures(target_value(actor=people.admin, target=nine, day=D1, org_id=tree.P.pk)) == (1, 0)
    assert figures(target_value(actor=people.admin, target=ten, day=D1, org_id=tree.P.pk)) == (1, 0)
    missing = target_members(actor=people.admin, target=nine, day=D1, org_id=tree.P.pk, part="missing")
    assert [(m.person_id, m.rating) for m in missing.rows] == [(leader.pk, "Hoàn thành nhiệm vụ")]
    # the same people, counted on their party-member rating when the definition says so (the default)
    definition = dict(ten.definition, conditions=[{"type": "rating", "at_least": "good"}])
    as_members = evaluations_target(ten, definition)
    assert figures(target_value(actor=people.admin, target=as_members, day=D1, org_id=tree.P.pk)) == (1, 1)


def evaluations_target(target: Target, definition: dict[str, Any]) -> Target:
    """An unsaved copy of ``target`` with another definition (the engine reads the definition it is given)."""
    copy = Target.objects.get(pk=target.pk)
    copy.definition = definition
    return copy


# --- target 10: department-level leaders ----------------------------------------------------------------


def test_it_counts_target_10_department_leaders(
    people: Personas, tree: Tree, build: Build, rate: Rate, django_assert_num_queries: Any
) -> None:
    """t1 in A, good 2024. t2 in B, excellent 2024, announced. t3 in A1, post ended the day before D1, good
    2024. t4 in A1, no result. t5 in A, good 2023 only. t6 in X from 01/7/2025, good 2025."""
    names = ["An", "Bình", "Chung", "Dũng", "Em", "Phú"]
    t = {n: member(build, tree, f"Kiều Văn {name}") for n, name in enumerate(names, start=1)}
    build.post(t[1], tree.A, "truong-pho-phong")
    build.post(t[2], tree.B, "truong-pho-phong")
    build.post(t[3], tree.A1, "truong-pho-phong", until=D1)
    build.post(t[4], tree.A1, "truong-pho-phong")
    build.post(t[5], tree.A, "truong-pho-phong")
    build.post(t[6], tree.X, "truong-pho-phong", since=RESTRUCTURING)
    cadre = RatingKind.CADRE  # target 10 counts the cadre rating
    rate.decided(2024, Level.GOOD, person=t[1], kind=cadre)
    rate.decided(2024, Level.GOOD, person=t[3])  # no longer in the post on 31/12: no cadre rating
    rate.decided(2023, Level.GOOD, person=t[5], kind=cadre)
    rate.other(rate.yearly(2024), Level.EXCELLENT, ResultState.ANNOUNCED, unit=tree.B1, person=t[2], kind=cadre)
    rate.decided(2025, Level.GOOD, person=t[6], kind=cadre)
    target = seeded("10")
    # 2024: t1, t2, t4, t5 = 4; t1, t2 = 2 → 50 %; 95 % of 4 is 3.8, so 4 needed: 2 missing. The same two
    # queries as any target: the organisation asked, then the one statement with the ratings inside.
    with django_assert_num_queries(2):
        value = target_value(actor=people.admin, target=target, day=D1, org_id=tree.P.pk)
    assert (figures(value), value.percent, value.status, value.gap) == ((4, 2), Decimal("50.00"), NOT_MET, 2)
    with django_assert_num_queries(3):
        breakdown = target_breakdown(actor=people.admin, target=target, day=D1, org_id=tree.P.pk)
    assert [figures(row) for row in breakdown.rows] == [(3, 1), (1, 1)]
    assert figures(target_value(actor=people.outsider, target=seeded("10"), day=D1)) == (1, 1)
    # 31/12/2025: A and B are gone with the posts left open there; t6 in X, rated for 2025.
    after = target_value(actor=people.admin, target=seeded("10"), day=D2, org_id=tree.P.pk)
    assert (figures(after), after.status) == ((1, 1), MET)
