"""The ranking rules as pure functions over a ``RuleBook`` (a snapshot of a ``RuleSet``) and the facts of
a subject: no query here. ``selectors.ruleset_book`` and ``selectors.subject_facts`` read them.

Every automatic limit says which clause applied and why, in Vietnamese, for the user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from pbms.evaluations.models import Clause, Level, Rounding
from pbms.lib.numbers import format_number

LEVEL_ORDER: dict[str, int] = {Level.EXCELLENT: 1, Level.GOOD: 2, Level.COMPLETE: 3, Level.INCOMPLETE: 4}
LABELS: dict[str, str] = {str(value): str(label) for value, label in Level.choices}


@dataclass(frozen=True)
class LevelRule:
    level: str
    order: int
    label: str
    abbreviation: str
    min_points: Decimal | None = None


@dataclass(frozen=True)
class ClauseRule:
    clause: str
    enabled: bool
    wording: str
    source: str = ""
    max_level: str = ""
    threshold: int | None = None


@dataclass(frozen=True)
class RuleBook:
    code: str
    decision_ref: str
    levels: tuple[LevelRule, ...]
    clauses: Mapping[str, ClauseRule]
    scored: bool = False
    general_points: int | None = None
    task_points: int | None = None
    quota_ratio: Decimal = Decimal("0.2")
    quota_rounding: str = Rounding.FLOOR
    quota_grouping: str = "unit_group"

    def label(self, level: str) -> str:
        for row in self.levels:
            if row.level == level:
                return row.label
        return LABELS.get(level, level)

    def active(self, clause: str) -> ClauseRule | None:
        rule = self.clauses.get(clause)
        return rule if rule is not None and rule.enabled else None


@dataclass(frozen=True)
class DisciplineFact:
    date: dt.date
    form: str  # the form's label, e.g. "Khiển trách"
    decision_ref: str
    self_detected_and_remedied: bool = False
    whose: str = ""  # for a collective: the member or sub-unit disciplined


@dataclass(frozen=True)
class SubjectFacts:
    """What the rules read about a subject. For a collective, ``own_disciplines`` are those of the
    organisation (its leadership collective) and ``member_disciplines`` those of its members and sub-units."""

    collective: bool = False
    own_disciplines: tuple[DisciplineFact, ...] = ()
    member_disciplines: tuple[DisciplineFact, ...] = ()
    sick_leave_months: Decimal = Decimal(0)
    admitted_on: dt.date | None = None
    exempt: bool = False
    suspended: bool = False
    # For the head of an organisation: the level decided for that organisation in the same cycle, if any.
    unit_level: str = ""
    unit_name: str = ""
    # Which of a person's two ratings is decided ("party_member", "cadre"), and, for the party-member
    # rating, the level decided for the same person's cadre rating in the same cycle, if any.
    rating_kind: str = ""
    cadre_level: str = ""


@dataclass(frozen=True)
class Limit:
    clause: str
    max_level: str
    reason: str  # for the user
    source: str


@dataclass(frozen=True)
class Ceiling:
    """The highest level allowed, and every clause that lowered it (empty: no limit)."""

    level: str
    limits: tuple[Limit, ...] = field(default=())

    @property
    def reason(self) -> str:
        return "; ".join(limit.reason for limit in self.limits)


@dataclass(frozen=True)
class NotRanked:
    clause: str
    reason: str
    source: str


@dataclass(frozen=True)
class QuotaCheck:
    excellent: int
    good: int
    allowed: int
    excess: int
    warning: str

    @property
    def exceeded(self) -> bool:
        return self.excess > 0


def is_above(level: str, other: str) -> bool:
    """Whether ``level`` is strictly better than ``other``."""
    return LEVEL_ORDER[level] < LEVEL_ORDER[other]


def level_for_points(book: RuleBook, points: Decimal | int | None) -> str | None:
    """The level of the band holding ``points`` (None when the rule set does not score, or no points)."""
    if not book.scored or points is None:
        return None
    value = Decimal(points)
    for row in sorted(book.levels, key=lambda r: r.order):
        if row.min_points is None or value >= row.min_points:
            return row.level
    return Level.INCOMPLETE


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _describe(fact: DisciplineFact) -> str:
    who = f"{fact.whose}: " if fact.whose else ""
    return f"{who}{fact.form.lower()}, {fact.decision_ref}, ngày {_fmt(fact.date)}"


def ceilings(book: RuleBook, subject: SubjectFacts, year: int) -> Ceiling:
    """The highest level ``subject`` may be rated in ``year`` under ``book``, with each clause applied."""
    limits: list[Limit] = []
    rule = book.active(Clause.DISCIPLINED)
    if rule is not None:
        hits = [f for f in subject.own_disciplines if f.date.year == year and not f.self_detected_and_remedied]
        if hits:
            limits.append(
                Limit(
                    rule.clause,
                    rule.max_level or Level.INCOMPLETE,
                    f"Bị xử lý kỷ luật trong năm {year} ({'; '.join(_describe(f) for f in hits)}): "
                    f"mức cao nhất là «{book.label(rule.max_level or Level.INCOMPLETE)}» ({rule.wording})",
                    rule.source,
                )
            )
    rule = book.active(Clause.COLLECTIVE_DISCIPLINED)
    if rule is not None and subject.collective:
        hits = [f for f in subject.member_disciplines if f.date.year == year]
        if hits:
            limits.append(
                Limit(
                    rule.clause,
                    rule.max_level or Level.GOOD,
                    f"Có thành viên hoặc tổ chức trực thuộc bị kỷ luật trong năm {year} "
                    f"({'; '.join(_describe(f) for f in hits)}): mức cao nhất là "
                    f"«{book.label(rule.max_level or Level.GOOD)}» ({rule.wording})",
                    rule.source,
                )
            )
    rule = book.active(Clause.SICK_LEAVE)
    sick = rule is not None and not subject.collective and rule.threshold is not None
    if rule is not None and sick and subject.sick_leave_months >= (rule.threshold or 0):
        limits.append(
            Limit(
                rule.clause,
                rule.max_level or Level.COMPLETE,
                f"Nghỉ ốm {subject.sick_leave_months.normalize():f} tháng trong năm (từ {rule.threshold} tháng "
                f"trở lên): mức cao nhất là «{book.label(rule.max_level or Level.COMPLETE)}» ({rule.wording})",
                rule.source,
            )
        )
    rule = book.active(Clause.HEAD_OF_UNIT)
    if rule is not None and not subject.collective and subject.unit_level:
        limits.append(
            Limit(
                rule.clause,
                subject.unit_level,
                f"Là người đứng đầu {subject.unit_name or 'tập thể'}, được xếp «{book.label(subject.unit_level)}»: "
                f"không xếp cao hơn tập thể ({rule.wording})",
                rule.source,
            )
        )
    rule = book.active(Clause.CADRE_INCOMPLETE)
    # HD 16-HD/BTCTW (2018), xếp loại đảng viên «Không hoàn thành nhiệm vụ»: "Đảng viên là công chức, viên
    # chức xếp loại ở mức «Không hoàn thành nhiệm vụ»" is one of its cases; the cadre rating is that rating.
    if rule is not None and not subject.collective and subject.cadre_level == Level.INCOMPLETE:
        limits.append(
            Limit(
                rule.clause,
                rule.max_level or Level.INCOMPLETE,
                f"Đã được xếp loại cán bộ năm {year} ở mức «{book.label(Level.INCOMPLETE)}»: xếp loại đảng viên "
                f"cao nhất là «{book.label(rule.max_level or Level.INCOMPLETE)}» ({rule.wording})",
                rule.source,
            )
        )
    if not limits:
        return Ceiling(Level.EXCELLENT)
    lowest = max((limit.max_level for limit in limits), key=lambda level: LEVEL_ORDER[level])
    return Ceiling(lowest, tuple(limits))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def not_ranked_reason(book: RuleBook, subject: SubjectFacts, as_of: dt.date) -> NotRanked | None:
    """Why ``subject`` is not ranked on ``as_of`` (None: ranked). Collectives are always ranked here."""
    if subject.collective:
        return None
    rule = book.active(Clause.EXEMPT)
    if rule is not None and subject.exempt:
        return NotRanked(
            rule.clause, f"Đang được miễn công tác và sinh hoạt đảng: không xếp loại ({rule.wording})", rule.source
        )
    rule = book.active(Clause.SUSPENDED)
    if rule is not None and subject.suspended:
        return NotRanked(rule.clause, f"Đang bị đình chỉ sinh hoạt đảng: không xếp loại ({rule.wording})", rule.source)
    rule = book.active(Clause.RECENTLY_ADMITTED)
    if rule is not None and subject.admitted_on is not None and rule.threshold is not None:  # noqa: SIM102
        if as_of < _add_months(subject.admitted_on, rule.threshold):
            return NotRanked(
                rule.clause,
                f"Kết nạp ngày {_fmt(subject.admitted_on)}, chưa đủ {rule.threshold} tháng đến ngày {_fmt(as_of)}: "
                f"không xếp loại ({rule.wording})",
                rule.source,
            )
    return None


_ROUNDING = {Rounding.FLOOR: ROUND_FLOOR, Rounding.HALF_UP: ROUND_HALF_UP, Rounding.CEIL: ROUND_CEILING}


def quota_allowed(book: RuleBook, good: int) -> int:
    """How many may be rated excellent when ``good`` are rated good: ratio × good, rounded per the setting."""
    exact = book.quota_ratio * Decimal(good)
    return int(exact.to_integral_value(rounding=_ROUNDING[Rounding(book.quota_rounding)]))


def quota_check(book: RuleBook, counts: Mapping[str, int]) -> QuotaCheck:
    """Check the counts of one group ({level: count}) against the quota: a warning, never a block."""
    excellent = int(counts.get(Level.EXCELLENT, 0))
    good = int(counts.get(Level.GOOD, 0))
    allowed = quota_allowed(book, good)
    excess = max(0, excellent - allowed)
    warning = ""
    if excess:
        percent = (book.quota_ratio * 100).normalize()
        warning = (
            f"Số «{book.label(Level.EXCELLENT)}» ({format_number(excellent)}) vượt {format_number(excess)} "
            f"so với tỷ lệ tối đa {format_number(percent)}% "
            f"của số «{book.label(Level.GOOD)}» ({format_number(good)}), tức tối đa {format_number(allowed)}. "
            "Cấp quyết định phải ghi rõ lý do nếu vẫn giữ mức này."
        )
    return QuotaCheck(excellent=excellent, good=good, allowed=allowed, excess=excess, warning=warning)
