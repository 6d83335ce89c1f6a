"""The rules as pure functions, on both shipped rule sets (as the data migrations load them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pbms.evaluations import rules
from pbms.evaluations.models import Clause, Level, QuotaGrouping, Rounding, RuleSet
from pbms.evaluations.rules import DisciplineFact, RuleBook, SubjectFacts
from pbms.evaluations.selectors import ruleset_book, ruleset_for_year

CODES = ("QD124-2023", "QD366-2025")
LABELS = {
    Level.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Level.GOOD: "Hoàn thành tốt nhiệm vụ",
    Level.COMPLETE: "Hoàn thành nhiệm vụ",
    Level.INCOMPLETE: "Không hoàn thành nhiệm vụ",
}


def _literal_books() -> dict[str, RuleBook]:
    """Both books built from the data migrations' literals, with no database: the pure tests run anywhere
    in the session (pytest-django runs them after the database tests, when a transactional test may have
    emptied the tables). ``test_the_migrations_load_these_books`` checks the database holds the same."""
    data: Any = importlib.import_module("pbms.evaluations.migrations.0002_rulesets")
    head: Any = importlib.import_module("pbms.evaluations.migrations.0003_head_of_unit")
    links: Any = importlib.import_module("pbms.evaluations.migrations.0010_cadre_ratings_data")
    books = {}
    for spec in data.RULESETS:
        ref = spec["decision_ref"].split(" ngày")[0]
        levels = tuple(
            rules.LevelRule(level, order, label, abbreviation, data.BANDS_366[level] if spec["scored"] else None)
            for level, order, label, abbreviation in data.LEVELS
        )
        clauses = {
            clause: rules.ClauseRule(clause, True, wording, source.format(ref=ref), max_level, threshold)
            for clause, max_level, threshold, wording, source in data.SHARED_CLAUSES
        }
        clauses[Clause.HEAD_OF_UNIT] = rules.ClauseRule(
            Clause.HEAD_OF_UNIT, False, head.WORDING, "chưa đối chiếu (issue 4)", "", None
        )
        for clause, enabled, max_level, wording, source in links.CLAUSES:
            clauses[clause] = rules.ClauseRule(clause, enabled, wording, source, max_level, None)
        books[spec["code"]] = RuleBook(
            code=spec["code"],
            decision_ref=spec["decision_ref"],
            levels=levels,
            clauses=clauses,
            scored=spec["scored"],
            general_points=spec["general_points"],
            task_points=spec["task_points"],
            quota_ratio=Decimal("0.200"),
            quota_rounding=Rounding.FLOOR,
            quota_grouping=QuotaGrouping.UNIT_GROUP,
        )
    return books


BOOKS = _literal_books()


def _books() -> dict[str, RuleBook]:
    return BOOKS


@pytest.fixture(params=CODES)
def book(request: pytest.FixtureRequest) -> RuleBook:
    return BOOKS[request.param]


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_the_migrations_load_these_books(code: str) -> None:
    assert ruleset_book(RuleSet.objects.get(code=code)) == BOOKS[code]


# --- the shipped data -----------------------------------------------------------------------------------


def test_both_rule_sets_have_the_four_levels_in_order_with_the_exact_wording(book: RuleBook) -> None:
    assert [(row.level, row.order, row.label) for row in book.levels] == [
        (level, order, LABELS[level]) for order, level in enumerate(LABELS, start=1)
    ]
    assert [row.abbreviation for row in book.levels] == ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    assert book.quota_ratio == Decimal("0.2")
    assert book.quota_rounding == Rounding.FLOOR
    assert set(book.clauses) == set(Clause.values)
    assert all(rule.wording and rule.source for rule in book.clauses.values())


@pytest.mark.django_db
def test_the_rule_set_of_a_year() -> None:
    assert ruleset_for_year(2019).code == "QD124-2023"  # earlier years reuse 124
    assert ruleset_for_year(2023).code == "QD124-2023"
    assert ruleset_for_year(2024).code == "QD124-2023"
    assert ruleset_for_year(2025).code == "QD366-2025"
    assert ruleset_for_year(2031).code == "QD366-2025"


# --- points ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "level"),
    [
        (100, Level.EXCELLENT),
        (90, Level.EXCELLENT),
        (Decimal("89.99"), Level.GOOD),
        (70, Level.GOOD),
        (Decimal("69.5"), Level.COMPLETE),
        (50, Level.COMPLETE),
        (Decimal("49.99"), Level.INCOMPLETE),
        (0, Level.INCOMPLETE),
    ],
)
def test_366_bands(points: Decimal, level: str) -> None:
    book = BOOKS["QD366-2025"]
    assert (book.general_points, book.task_points) == (30, 70)
    assert rules.level_for_points(book, points) == level


def test_124_does_not_score() -> None:
    assert rules.level_for_points(BOOKS["QD124-2023"], 95) is None
    assert rules.level_for_points(BOOKS["QD366-2025"], None) is None


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_366_band_agrees_with_the_thresholds(points: Decimal) -> None:
    expected = (
        Level.EXCELLENT
        if points >= 90
        else Level.GOOD
        if points >= 70
        else Level.COMPLETE
        if points >= 50
        else Level.INCOMPLETE
    )
    assert rules.level_for_points(_books()["QD366-2025"], points) == expected


# --- quota ----------------------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=100_000))
def test_quota_agrees_with_floor_of_a_fifth_on_both_rule_sets(excellent: int, good: int) -> None:
    for book in _books().values():
        check = rules.quota_check(book, {Level.EXCELLENT: excellent, Level.GOOD: good, Level.COMPLETE: 7})
        allowed = math.floor(Fraction(good, 5))
        assert check.allowed == allowed
        assert check.excess == max(0, excellent - allowed)
        assert check.exceeded == (excellent > allowed)
        assert bool(check.warning) == check.exceeded


def _half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))


ROUNDERS: dict[str, Callable[[Fraction], int]] = {
    Rounding.FLOOR: math.floor,
    Rounding.CEIL: math.ceil,
    Rounding.HALF_UP: _half_up,
}


@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from(list(ROUNDERS)),
    st.integers(min_value=0, max_value=1000),
)
def test_quota_follows_the_rounding_and_ratio_settings(excellent: int, good: int, rounding: str, permille: int) -> None:
    book = dataclasses.replace(
        _books()["QD366-2025"], quota_rounding=rounding, quota_ratio=Decimal(permille) / Decimal(1000)
    )
    check = rules.quota_check(book, {Level.EXCELLENT: excellent, Level.GOOD: good})
    allowed = ROUNDERS[rounding](Fraction(permille, 1000) * good)
    assert check.allowed == allowed
    assert check.excess == max(0, excellent - allowed)


@pytest.mark.parametrize(("good", "allowed"), [(0, 0), (4, 0), (5, 1), (9, 1), (10, 2), (14, 2), (15, 3)])
def test_quota_boundaries(book: RuleBook, good: int, allowed: int) -> None:
    at = rules.quota_check(book, {Level.EXCELLENT: allowed, Level.GOOD: good})
    assert (at.allowed, at.excess, at.warning) == (allowed, 0, "")
    over = rules.quota_check(book, {Level.EXCELLENT: allowed + 1, Level.GOOD: good})
    assert over.excess == 1
    assert "vượt 1" in over.warning
    assert "Hoàn thành xuất sắc nhiệm vụ" in over.warning
    assert "lý do" in over.warning


# --- ceilings -------------------------------------------------------------------------------------------

YEAR = 2025


def reprimand(day: dt.date = dt.date(YEAR, 5, 10), *, self_detected: bool = False, whose: str = "") -> DisciplineFact:
    return DisciplineFact(day, "Khiển trách", "12-QĐ/UBKT", self_detected_and_remedied=self_detected, whose=whose)


def test_no_ceiling(book: RuleBook) -> None:
    ceiling = rules.ceilings(book, SubjectFacts(), YEAR)
    assert ceiling.level == Level.EXCELLENT
    assert ceiling.limits == ()


def test_disciplined_in_the_year_caps_at_incomplete(book: RuleBook) -> None:
    ceiling = rules.ceilings(book, SubjectFacts(own_disciplines=(reprimand(),)), YEAR)
    assert ceiling.level == Level.INCOMPLETE
    assert [limit.clause for limit in ceiling.limits] == [Clause.DISCIPLINED]
    assert "Bị xử lý kỷ luật trong năm 2025" in ceiling.reason
    assert "khiển trách, 12-QĐ/UBKT, ngày 10/05/2025" in ceiling.reason
    assert "«Không hoàn thành nhiệm vụ»" in ceiling.reason
    assert "tự phát hiện" in ceiling.reason  # the clause's wording is shown
    assert ceiling.limits[0].source


def test_self_detected_and_remedied_discipline_does_not_cap(book: RuleBook) -> None:
    assert rules.ceilings(book, SubjectFacts(own_disciplines=(reprimand(self_detected=True),)), YEAR).level == (
        Level.EXCELLENT
    )


def test_discipline_of_another_year_does_not_cap(book: RuleBook) -> None:
    facts = SubjectFacts(own_disciplines=(reprimand(dt.date(YEAR - 1, 12, 31)),))
    assert rules.ceilings(book, facts, YEAR).level == Level.EXCELLENT


def test_collective_with_a_disciplined_member_or_sub_unit_cannot_be_excellent(book: RuleBook) -> None:
    facts = SubjectFacts(collective=True, member_disciplines=(reprimand(whose="Chi bộ thôn Một"),))
    ceiling = rules.ceilings(book, facts, YEAR)
    assert ceiling.level == Level.GOOD
    assert ceiling.limits[0].clause == Clause.COLLECTIVE_DISCIPLINED
    assert "Chi bộ thôn Một: khiển trách" in ceiling.reason
    # even when self-detected: the excellent level requires no disciplined member at all
    facts = SubjectFacts(collective=True, member_disciplines=(reprimand(self_detected=True),))
    assert rules.ceilings(book, facts, YEAR).level == Level.GOOD
    # an individual's "members" mean nothing
    assert rules.ceilings(book, SubjectFacts(member_disciplines=(reprimand(),)), YEAR).level == Level.EXCELLENT


def test_a_disciplined_collective_is_incomplete(book: RuleBook) -> None:
    facts = SubjectFacts(collective=True, own_disciplines=(reprimand(),), member_disciplines=(reprimand(),))
    ceiling = rules.ceilings(book, facts, YEAR)
    assert ceiling.level == Level.INCOMPLETE
    assert [limit.clause for limit in ceiling.limits] == [Clause.DISCIPLINED, Clause.COLLECTIVE_DISCIPLINED]


@pytest.mark.parametrize(
    ("months", "level"), [("2.9", Level.EXCELLENT), ("3", Level.COMPLETE), ("7.5", Level.COMPLETE)]
)
def test_sick_leave_of_three_months_caps_at_complete(book: RuleBook, months: str, level: str) -> None:
    ceiling = rules.ceilings(book, SubjectFacts(sick_leave_months=Decimal(months)), YEAR)
    assert ceiling.level == level
    if level == Level.COMPLETE:
        assert f"Nghỉ ốm {Decimal(months).normalize():f} tháng" in ceiling.reason
        assert "«Hoàn thành nhiệm vụ»" in ceiling.reason


def test_a_switched_off_clause_does_not_apply(book: RuleBook) -> None:
    clauses = dict(book.clauses)
    clauses[Clause.DISCIPLINED] = dataclasses.replace(clauses[Clause.DISCIPLINED], enabled=False)
    off = dataclasses.replace(book, clauses=clauses)
    assert rules.ceilings(off, SubjectFacts(own_disciplines=(reprimand(),)), YEAR).level == Level.EXCELLENT


def test_the_lowest_ceiling_wins(book: RuleBook) -> None:
    facts = SubjectFacts(own_disciplines=(reprimand(),), sick_leave_months=Decimal(4))
    assert rules.ceilings(book, facts, YEAR).level == Level.INCOMPLETE


# --- not ranked -----------------------------------------------------------------------------------------

AS_OF = dt.date(YEAR, 12, 31)


@pytest.mark.parametrize(
    ("admitted", "ranked"),
    [
        (dt.date(YEAR, 6, 30), True),  # six months completed on 30/12
        (dt.date(YEAR, 7, 1), False),  # completed only on 01/01 of the next year
        (dt.date(YEAR, 12, 1), False),
        (dt.date(YEAR - 3, 1, 1), True),
    ],
)
def test_admitted_less_than_six_months_ago_is_not_ranked(book: RuleBook, admitted: dt.date, ranked: bool) -> None:
    reason = rules.not_ranked_reason(book, SubjectFacts(admitted_on=admitted), AS_OF)
    assert (reason is None) == ranked
    if reason is not None:
        assert reason.clause == Clause.RECENTLY_ADMITTED
        assert "chưa đủ 6 tháng" in reason.reason


def test_exempt_is_not_ranked(book: RuleBook) -> None:
    reason = rules.not_ranked_reason(book, SubjectFacts(admitted_on=dt.date(2010, 1, 1), exempt=True), AS_OF)
    assert reason is not None
    assert reason.clause == Clause.EXEMPT
    assert "miễn công tác và sinh hoạt đảng" in reason.reason


def test_suspended_is_not_ranked(book: RuleBook) -> None:
    reason = rules.not_ranked_reason(book, SubjectFacts(admitted_on=dt.date(2010, 1, 1), suspended=True), AS_OF)
    assert reason is not None
    assert reason.clause == Clause.SUSPENDED
    assert "đình chỉ sinh hoạt" in reason.reason


def test_collectives_and_ordinary_members_are_ranked(book: RuleBook) -> None:
    assert rules.not_ranked_reason(book, SubjectFacts(collective=True), AS_OF) is None
    assert rules.not_ranked_reason(book, SubjectFacts(admitted_on=dt.date(2010, 1, 1)), AS_OF) is None
    assert rules.not_ranked_reason(book, SubjectFacts(), AS_OF) is None  # not a member (a non-party cadre)


def test_end_of_month_admission() -> None:
    book = BOOKS["QD366-2025"]
    facts = SubjectFacts(admitted_on=dt.date(YEAR, 8, 31))
    assert rules.not_ranked_reason(book, facts, dt.date(2026, 2, 27)) is not None
    assert rules.not_ranked_reason(book, facts, dt.date(2026, 2, 28)) is None


def test_head_of_unit_is_shipped_switched_off(book: RuleBook) -> None:
    facts = SubjectFacts(unit_level=Level.COMPLETE, unit_name="Chi bộ thôn Một")
    assert not book.clauses[Clause.HEAD_OF_UNIT].enabled
    assert rules.ceilings(book, facts, YEAR).level == Level.EXCELLENT


def test_head_of_unit_when_switched_on(book: RuleBook) -> None:
    clauses = dict(book.clauses)
    clauses[Clause.HEAD_OF_UNIT] = dataclasses.replace(clauses[Clause.HEAD_OF_UNIT], enabled=True)
    on = dataclasses.replace(book, clauses=clauses)
    ceiling = rules.ceilings(on, SubjectFacts(unit_level=Level.COMPLETE, unit_name="Chi bộ thôn Một"), YEAR)
    assert ceiling.level == Level.COMPLETE
    assert "Là người đứng đầu Chi bộ thôn Một" in ceiling.reason
    assert rules.ceilings(on, SubjectFacts(), YEAR).level == Level.EXCELLENT  # the unit not decided yet
