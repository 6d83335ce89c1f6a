"""Reads of the evaluation module: rule books, the facts the rules read, quota groups, boards, and the
decided ratings the resolutions engine counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from pbms.accounts.models import Scope
from pbms.accounts.selectors import Actor, visible_placements
from pbms.evaluations import deciders
from pbms.evaluations.models import (
    DECIDED_STATES,
    PARTY_BODY_KINDS,
    Criterion,
    CriterionSection,
    Cycle,
    CycleKind,
    DecidingRule,
    Discipline,
    Level,
    QuotaGrouping,
    RatedBody,
    RatingKind,
    Result,
    ResultState,
    RuleSet,
    Suspension,
)
from pbms.evaluations.rules import LEVEL_ORDER, ClauseRule, DisciplineFact, LevelRule, RuleBook, SubjectFacts
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.orgs.models import Organization, Placement
from pbms.people.models import Body, BodyMembership, CellMembership, Membership, Person, Position, Term
from pbms.people.rules import PARTY_BODIES_ENDED_ON
from pbms.people.selectors import MemberStatus, head_rows, held_on, membership_state


def ruleset_book(ruleset: RuleSet) -> RuleBook:
    """A snapshot of ``ruleset`` for the pure rules (two queries)."""
    levels = tuple(
        LevelRule(row.level, row.order, row.label, row.abbreviation, row.min_points)
        for row in ruleset.levels.order_by("order")
    )
    clauses = {
        row.clause: ClauseRule(row.clause, row.enabled, row.wording, row.source, row.max_level, row.threshold)
        for row in ruleset.clauses.all()
    }
    return RuleBook(
        code=ruleset.code,
        decision_ref=ruleset.decision_ref,
        levels=levels,
        clauses=clauses,
        scored=ruleset.scored,
        general_points=ruleset.general_points,
        task_points=ruleset.task_points,
        quota_ratio=Decimal(ruleset.quota_ratio),
        quota_rounding=ruleset.quota_rounding,
        quota_grouping=ruleset.quota_grouping,
    )


def ruleset_for_year(year: int) -> RuleSet:
    """The shipped rule set in force in ``year``; years before the first one reuse the earliest."""
    rows = RuleSet.objects.filter(copied_from__isnull=True)
    found = (
        rows.filter(applies_from_year__lte=year)
        .filter(Q(applies_to_year__isnull=True) | Q(applies_to_year__gte=year))
        .order_by("-applies_from_year", "id")
        .first()
    )
    found = found or rows.order_by("applies_from_year", "id").first()
    if found is None:
        raise NotFoundError("Chưa có bộ quy tắc xếp loại nào.")
    return found


# --- criteria templates ---------------------------------------------------------------------------


def criteria_for(*, ruleset_id: int, group: str) -> list[Criterion]:
    """The criteria of ``group``'s template in a rule set, general criteria first: one query."""
    rows = Criterion.objects.filter(ruleset_id=ruleset_id, group=group)
    return sorted(rows, key=lambda c: (c.section != CriterionSection.GENERAL, c.order))


def points_text(value: Decimal | int) -> str:
    """12.50 → "12,5": points as a Vietnamese reader writes them."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def criteria_problems(ruleset: RuleSet) -> list[str]:
    """What does not add up in a rule set's templates: per group, the points of each section against the
    rule set's ``general_points`` and ``task_points`` (shown to the administrator after an edit)."""
    expected = {CriterionSection.GENERAL: ruleset.general_points, CriterionSection.TASKS: ruleset.task_points}
    sums: dict[tuple[str, str], Decimal] = {}
    for row in ruleset.criteria.all():
        key = (row.group, row.section)
        sums[key] = sums.get(key, Decimal(0)) + row.max_points
    problems = []
    groups = dict(Criterion._meta.get_field("group").choices or [])
    for group, section in sorted(sums):
        most = expected[CriterionSection(section)]
        if most is not None and sums[group, section] != most:
            problems.append(
                f"Nhóm «{groups.get(group, group)}», {CriterionSection(section).label.lower()}: tổng điểm tối đa "
                f"{points_text(sums[group, section])}, bộ quy tắc quy định {most}."
            )
    return problems


# --- where a subject sits ---------------------------------------------------------------------------


def person_unit_id(person: Person, day: dt.date) -> int | None:
    """The organisation whose board rates ``person`` on ``day``: the cell where he is active, else the
    organisation of a post he holds."""
    cell = CellMembership.objects.filter(held_on(day), membership__person=person).values_list("cell_id", flat=True)
    for cell_id in cell[:1]:
        return cell_id
    post = Position.objects.filter(held_on(day), person=person).order_by("-is_head", "id")
    for org_id in post.values_list("org_id", flat=True)[:1]:
        return org_id
    return None


def cadre_categories(day: dt.date, person_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
    """The management categories carried on ``day`` by the posts of each leader (of ``person_ids`` when
    given), most senior first (``ManagementCategory.sort``): one query. Whoever has one is rated twice, as
    a party member and as a cadre (``deciders.for_cadre``)."""
    rows = Position.objects.filter(held_on(day), categories__isnull=False)
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    found: dict[int, list[str]] = {}
    ordered = rows.order_by("person_id", "categories__sort", "categories__code")
    for person_id, code in ordered.values_list("person_id", "categories__code"):
        codes = found.setdefault(person_id, [])
        if code not in codes:
            codes.append(code)
    return found


def deciding_rules(ruleset_id: int) -> tuple[deciders.Rule, ...]:
    """The rule set's rules of who decides (one query)."""
    names = [f.name for f in fields(deciders.Rule)]
    rows = DecidingRule.objects.filter(ruleset_id=ruleset_id).order_by("id").values_list(*names)
    return tuple(deciders.Rule(*row) for row in rows)


_NODE_FIELDS = ("org_id", "parent_id", "kind__level__code", "kind__code", "org__code")


def tree_nodes(day: dt.date) -> dict[int, deciders.Node]:
    """Every organisation of the tree on ``day`` (one query)."""
    rows = Placement.objects.as_of(day).values_list(*_NODE_FIELDS)
    return {row[0]: deciders.Node(*row) for row in rows}


def nodes_above(org_id: int, day: dt.date) -> dict[int, deciders.Node]:
    """``org_id`` and the organisations above it on ``day`` (two queries): what ``deciders.resolve`` reads
    for one subject."""
    path = Placement.objects.as_of(day).filter(org_id=org_id).values_list("path", flat=True).first() or ""
    ids = {int(part) for part in path.strip("/").split("/") if part} | {org_id}
    rows = Placement.objects.as_of(day).filter(org_id__in=ids).values_list(*_NODE_FIELDS)
    return {row[0]: deciders.Node(*row) for row in rows}


def cadre_decider(cycle: Cycle, person: Person, unit_id: int) -> deciders.Decider:
    """Who decides ``person``'s cadre rating in ``cycle``: the body managing the category of his posts on
    the population date (``deciders.for_cadre``), or a refusal saying why he has no cadre rating (four
    queries)."""
    day = cycle.population_on
    categories = cadre_categories(day, [person.pk]).get(person.pk, [])
    if not categories:
        raise ApplicationError(
            f"Đ/c {person} không giữ chức vụ thuộc diện quản lý cán bộ nào vào ngày {day:%d/%m/%Y}: "
            "chỉ xếp loại đảng viên.",
            field="rating_kind",
        )
    nodes = nodes_above(unit_id, day)
    decider = deciders.for_cadre(deciding_rules(cycle.ruleset_id), categories, unit_id, nodes)
    if decider is None:
        raise ApplicationError(
            "Bộ quy tắc xếp loại của đợt không quy định cấp nào quyết định xếp loại cán bộ thuộc diện quản lý "
            "của đồng chí này: bổ sung thẩm quyền quyết định xếp loại cán bộ trong quản trị.",
            field="rating_kind",
        )
    return decider


def parent_id(org_id: int, day: dt.date) -> int | None:
    rows = Placement.objects.as_of(day).filter(org_id=org_id).values_list("parent_id", flat=True)
    return next(iter(rows[:1]), None)


def bodies_on(day: dt.date, kinds: Iterable[str]) -> QuerySet[Body]:
    """The bodies of ``kinds`` whose term runs on ``day`` (a đảng đoàn or ban cán sự đảng also not from
    01/7/2025, when the provincial ones ended: ``people.rules.PARTY_BODIES_ENDED_ON``)."""
    wanted = set(kinds)
    if day >= PARTY_BODIES_ENDED_ON:
        wanted -= set(PARTY_BODY_KINDS)
    return Body.objects.filter(kind__in=sorted(wanted), term__starts_on__lte=day).filter(
        Q(term__ends_on__isnull=True) | Q(term__ends_on__gt=day)
    )


def body_exists_on(*, term: Term, kind: str, day: dt.date) -> bool:
    """Whether a body of ``kind`` of ``term`` exists on ``day``: the rule of ``bodies_on``, without a query."""
    if kind in PARTY_BODY_KINDS and day >= PARTY_BODIES_ENDED_ON:
        return False
    return term.starts_on <= day and (term.ends_on is None or day < term.ends_on)


def _path(org_id: int, day: dt.date) -> str | None:
    return next(iter(Placement.objects.as_of(day).filter(org_id=org_id).values_list("path", flat=True)[:1]), None)


# --- facts the rules read ---------------------------------------------------------------------------


def _fact(row: Discipline, whose: str = "") -> DisciplineFact:
    return DisciplineFact(
        date=row.date,
        form=row.get_form_display(),
        decision_ref=row.decision_ref,
        self_detected_and_remedied=row.self_detected_and_remedied,
        whose=whose,
    )


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def person_facts(
    person: Person, cycle: Cycle, *, sick_leave_months: Decimal = Decimal(0), rating_kind: str = RatingKind.PARTY_MEMBER
) -> SubjectFacts:
    first, last = _year_bounds(cycle.year)
    own = tuple(_fact(row) for row in Discipline.objects.filter(person=person, date__range=(first, last)))
    membership = Membership.objects.filter(person=person).first()
    state = membership_state(membership, cycle.population_on)
    suspended = Suspension.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=cycle.population_on),
        person=person,
        starts_on__lte=cycle.population_on,
    ).exists()
    unit_level, unit_name = _headed_unit_level(person, cycle)
    # the other rating of the same person in the cycle, decided: the link clauses read it (rules.ceilings)
    cadre = Result.objects.filter(
        cycle=cycle, person=person, rating_kind=RatingKind.CADRE, state__in=DECIDED_STATES
    ).values_list("decided_level", flat=True)
    return SubjectFacts(
        collective=False,
        rating_kind=rating_kind,
        cadre_level=next(iter(cadre), "") if rating_kind == RatingKind.PARTY_MEMBER else "",
        unit_level=unit_level,
        unit_name=unit_name,
        own_disciplines=own,
        sick_leave_months=sick_leave_months,
        admitted_on=membership.admitted_on if membership is not None else None,
        exempt=state.status == MemberStatus.EXEMPT,
        suspended=suspended,
    )


def _headed_unit_level(person: Person, cycle: Cycle) -> tuple[str, str]:
    """The lowest level decided in ``cycle`` for an organisation ``person`` heads on the population date."""
    headed = [org_id for _, org_id in head_rows(cycle.population_on, [person.pk])]
    rows = Result.objects.filter(
        cycle=cycle, org_id__in=headed, body_kind=RatedBody.ORG, state__in=DECIDED_STATES
    ).values_list("org_id", "decided_level")
    found = sorted(rows, key=lambda row: LEVEL_ORDER[row[1]], reverse=True)
    if not found:
        return "", ""
    org_id, level = found[0]
    name = Placement.objects.as_of(cycle.population_on).filter(org_id=org_id).values_list("name", flat=True).first()
    return level, name or ""


def org_facts(org: Organization, body_kind: str, cycle: Cycle, *, body_id: int | None = None) -> SubjectFacts:
    """Facts of a collective: the organisation's own disciplines, and those of its members and sub-units
    in the year (for a committee or standing committee: of the members of that body). A đảng đoàn or ban
    cán sự đảng (``body_id``) has no discipline of its own in this record (a discipline names a person or an
    organisation): its facts are the disciplines of the members seated on it in the year."""
    first, last = _year_bounds(cycle.year)
    day = cycle.population_on
    seats = BodyMembership.objects.filter(valid_from__lte=last).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=first))
    if body_id is not None:
        own: tuple[DisciplineFact, ...] = ()
        seats = seats.filter(body_id=body_id)
    else:
        own = tuple(_fact(row) for row in Discipline.objects.filter(org=org, date__range=(first, last)))
        seats = seats.filter(body__term__org=org, body__kind__in=_seat_kinds(body_kind))
    member_q = Q(person_id__in=seats.values("person_id"))
    sub_q = Q(pk__in=[])
    if body_kind == RatedBody.ORG:
        path = _path(org.pk, day) or "-"
        subtree = Placement.objects.as_of(day).filter(path__startswith=path).values("org_id")
        cells = CellMembership.objects.filter(held_on(day), cell_id__in=subtree).values("membership__person_id")
        member_q |= Q(person_id__in=cells)
        sub_q = Q(org_id__in=subtree.exclude(org_id=org.pk))
    rows = Discipline.objects.filter(member_q | sub_q, date__range=(first, last)).select_related("person", "org")
    names = dict(
        Placement.objects.as_of(day)
        .filter(org_id__in=[r.org_id for r in rows if r.org_id])
        .values_list("org_id", "name")
    )
    members = tuple(
        _fact(row, str(row.person) if row.person_id else names.get(row.org_id or 0, str(row.org))) for row in rows
    )
    return SubjectFacts(collective=True, own_disciplines=own, member_disciplines=members)


def _seat_kinds(body_kind: str) -> Sequence[str]:
    """The kinds of body whose members count for a collective: the standing committee's for itself, a
    đảng đoàn's or ban cán sự đảng's for those, the committee's and standing committee's otherwise."""
    if body_kind in (RatedBody.STANDING, *PARTY_BODY_KINDS):
        return (body_kind,)
    return ("committee", "standing")


def result_facts(result: Result) -> SubjectFacts:
    if result.person_id is not None:
        assert result.person is not None
        return person_facts(
            result.person,
            result.cycle,
            sick_leave_months=Decimal(result.sick_leave_months),
            rating_kind=result.rating_kind,
        )
    assert result.org is not None
    return org_facts(result.org, result.body_kind, result.cycle, body_id=result.body_id)


# --- quota groups -------------------------------------------------------------------------------------


def quota_key(row: Result, grouping: str) -> tuple[Any, ...]:
    """The quota group ``row`` counts in, within its cycle, per the rule set's ``grouping``: the deciding
    body (organisation and body: the pools follow who decides) and the kind of subject (person or
    collective), the deciding body and the group of similar roles, or the group in the whole cycle. The
    board's meters and the decision's lock name a group by this key; ``quota_group`` reads the same
    partition."""
    if grouping == QuotaGrouping.UNIT:
        return (row.decider_org_id or 0, row.decider_body, "collective" if row.person_id is None else "person")
    if grouping == QuotaGrouping.UNIT_GROUP:
        return (row.decider_org_id or 0, row.decider_body, row.group)
    # in the whole cycle a leader's cadre rating and his party-member rating share the group "leader" but
    # not the pool: the cadre ratings are a pool of their own (under the other groupings the deciding body
    # already tells them apart)
    return ("all", RatingKind.CADRE if row.rating_kind == RatingKind.CADRE else "", row.group)


def quota_group(result: Result, grouping: str) -> QuerySet[Result]:
    """The decided results of ``result``'s quota group (``result`` itself excluded)."""
    rows = Result.objects.filter(cycle_id=result.cycle_id, state__in=DECIDED_STATES).exclude(pk=result.pk)
    if grouping in (QuotaGrouping.UNIT, QuotaGrouping.UNIT_GROUP):
        rows = rows.filter(decider_org_id=result.decider_org_id, decider_body=result.decider_body)
    if grouping == QuotaGrouping.UNIT:
        rows = rows.filter(person__isnull=result.person_id is None)
    else:
        rows = rows.filter(group=result.group)
    if grouping == QuotaGrouping.CYCLE_GROUP:
        cadre = Q(rating_kind=RatingKind.CADRE)
        rows = rows.filter(cadre) if result.rating_kind == RatingKind.CADRE else rows.exclude(cadre)
    return rows


def level_counts(rows: QuerySet[Result]) -> dict[str, int]:
    """{level: count} of the decided levels of ``rows``: one query."""
    counts = rows.values("decided_level").annotate(n=Count("id")).order_by()
    return {row["decided_level"]: row["n"] for row in counts}


# --- boards ------------------------------------------------------------------------------------------


def result_list(*, actor: Actor, cycle: Cycle, unit_id: int) -> QuerySet[Result]:
    """The results of one unit's board in a cycle, if the actor sees the unit (else not found)."""
    if not visible_placements(actor=actor, day=cycle.population_on).filter(org_id=unit_id).exists():
        raise NotFoundError()
    return (
        Result.objects.filter(cycle=cycle, unit_id=unit_id)
        .select_related("person", "org", "decided_by")
        .order_by("person__given_name", "person__family_name", "org_id", "body_kind", "id")
    )


def collective_name(*, body_kind: str, org_name: str, body: Body | None = None) -> str:
    """What a collective result is called: the organisation's name, its committee or standing committee
    ("Tập thể cấp ủy Đảng bộ xã An Phú"), or a đảng đoàn or ban cán sự đảng by its own name ("Đảng đoàn HĐND
    tỉnh": a term may have several of a kind)."""
    if body_kind == RatedBody.ORG:
        return org_name
    if body is not None and body.name:
        return body.name
    return f"{RatedBody(body_kind).label} {org_name}"


@dataclass(frozen=True)
class CollectiveEntry:
    """A collective's result as the page of its self-assessment shows it."""

    result: Result
    name: str
    unit_name: str
    scores: dict[int, Decimal]


def collective_entry(*, actor: Actor, cycle: Cycle, unit_id: int, result_id: int) -> CollectiveEntry:
    """A collective's result on unit ``unit_id``'s board, for whoever runs that collective's board: the actor
    sees the board's unit and enters data for the result's own unit (the right the board checks for the
    collective's comments). Anyone else, a person's result, a result of another board: not found. Four
    queries (five for a sub-unit's collective on its deciding level's board)."""
    day = cycle.population_on
    row = (
        Result.objects.filter(Q(unit_id=unit_id) | Q(decider_org_id=unit_id), cycle=cycle, pk=result_id)
        .filter(person__isnull=True)
        .select_related("org", "body")
        .prefetch_related("scores")
        .first()
    )
    if row is None:
        raise NotFoundError()
    unit_name = visible_placements(actor=actor, day=day).filter(org_id=unit_id).values_list("name", flat=True).first()
    if unit_name is None:
        raise NotFoundError()
    if not visible_placements(actor=actor, day=day, scope=Scope.ENTER).filter(org_id=row.unit_id).exists():
        raise NotFoundError()
    org_name = unit_name
    if row.org_id != unit_id:
        found = Placement.objects.as_of(day).filter(org_id=row.org_id).values_list("name", flat=True).first()
        org_name = found or str(row.org)
    row.cycle = cycle
    return CollectiveEntry(
        result=row,
        name=collective_name(body_kind=row.body_kind, org_name=org_name, body=row.body),
        unit_name=unit_name,
        scores={score.criterion_id: score.points for score in row.scores.all()},
    )


# --- for the resolutions engine ------------------------------------------------------------------------


def levels_at_least(level: str) -> list[str]:
    """The level codes as good as ``level`` or better ("at least good" → excellent, good)."""
    return [code for code, order in LEVEL_ORDER.items() if order <= LEVEL_ORDER[level]]


def decided_yearly_results(year: int) -> QuerySet[Result]:
    """The decided results of ``year``'s yearly cycle (imported ones included): what targets count."""
    return Result.objects.filter(cycle__kind=CycleKind.YEAR, cycle__year=year, state__in=DECIDED_STATES)


def rated_at_least_q(level: str) -> Q:
    """Condition on ``Result`` rows of ``decided_yearly_results``: decided at ``level`` or better."""
    return Q(decided_level__in=levels_at_least(level))


def rated_people(year: int, level: str, rating_kind: str = RatingKind.PARTY_MEMBER) -> QuerySet[Result, Any]:
    """``person_id`` of every person decided at ``level`` or better in ``year``'s yearly cycle (a sub-query),
    on his rating of ``rating_kind``: a leader's party-member rating and his cadre rating are two results."""
    rows = decided_yearly_results(year).filter(rated_at_least_q(level), person__isnull=False, rating_kind=rating_kind)
    return rows.values("person_id")


def rated_collective_q(
    year: int, level: str, *, org_ref: str, body_ref: str | None = None, body_id_ref: str | None = None
) -> Exists:
    """``EXISTS`` a decided yearly result at ``level`` or better for the collective of the outer row: the
    organisation is ``OuterRef(org_ref)``; the body rated is ``OuterRef(body_ref)`` (a ``people.Body.kind``:
    "committee", "standing", "party_delegation", "party_affairs"), or the organisation as a whole when
    ``body_ref`` is None. A term may have several đảng đoàn: with ``body_id_ref`` (the outer row's body id) a
    đảng đoàn or ban cán sự đảng counts only by its own result; without it, by any result of its kind for the
    same organisation."""
    rows = decided_yearly_results(year).filter(rated_at_least_q(level), org_id=OuterRef(org_ref))
    rows = rows.filter(body_kind=OuterRef(body_ref)) if body_ref else rows.filter(body_kind=RatedBody.ORG)
    if body_ref and body_id_ref:
        rows = rows.filter(Q(body__isnull=True) | Q(body_id=OuterRef(body_id_ref)))
    return Exists(rows)


# --- a cadre's own results ---------------------------------------------------------------------------


def own_results(*, actor: Actor) -> QuerySet[Result]:
    """The results of the person whose file is the actor's own (none for an account without one)."""
    if actor.pk is None:
        return Result.objects.none()
    return (
        Result.objects.filter(person__user_id=actor.pk)
        .select_related("cycle", "person")
        .order_by("-cycle__year", "cycle__kind", "-cycle__period", "-id")
    )


def own_result(*, actor: Actor, result_id: int) -> Result:
    """One of the actor's own results with what its page shows; anyone else's is not found."""
    row = (
        own_results(actor=actor)
        .select_related("cycle__ruleset", "unit", "decider_org")
        .prefetch_related("scores")
        .filter(pk=result_id)
        .first()
    )
    if row is None:
        raise NotFoundError()
    return row


def self_assess_refusal(result: Result, today: dt.date) -> str:
    """Why ``result`` can no longer be self-assessed on ``today`` ("" when it can), in the words of the
    service that would refuse it."""
    if result.cycle.closed:
        return "Đợt đánh giá đã kết thúc: kết quả không sửa được."
    if result.not_ranked_reason:
        return result.not_ranked_reason
    if result.state in DECIDED_STATES:
        return "Kết quả đã được quyết định và khóa: không thể tự đánh giá lại."
    if result.state not in (ResultState.PENDING, ResultState.SELF_ASSESSED):
        return f"Chi bộ, cấp ủy đã nhận xét (trạng thái «{result.get_state_display()}»): không thể tự đánh giá lại."
    deadline = result.cycle.self_assess_by
    if deadline is not None and today > deadline:
        return f"Đã hết hạn tự đánh giá ({deadline:%d/%m/%Y}): đề nghị chi bộ, cấp ủy xem xét."
    return ""


# --- monthly and quarterly results feed the year --------------------------------------------------------


@dataclass(frozen=True)
class PeriodResult:
    """A person's result in a monthly or quarterly cycle, as the yearly proposal shows it."""

    cycle_id: int
    kind: str  # CycleKind.MONTH or QUARTER
    period: int
    label: str  # "Tháng 3", "Quý 2"
    state: str
    state_label: str
    level: str  # the decided level, else the proposed, else the self-assessed one ("" if none)
    decided: bool
    points: Decimal | None
    not_ranked_reason: str

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, "")


LEVEL_LABELS = dict(Level.choices)
STATE_LABELS = dict(ResultState.choices)


def period_results_for(*, cycle: Cycle, person_ids: Iterable[int]) -> dict[int, list[PeriodResult]]:
    """{person id: their quarterly and monthly results of ``cycle``'s year, quarters first, in order}, for a
    whole board at once: one query whatever the number of people. People without any are left out."""
    ids = list(person_ids)
    found: dict[int, list[PeriodResult]] = {}
    if not ids:
        return found
    rows = (
        Result.objects.filter(
            person_id__in=ids, cycle__year=cycle.year, cycle__kind__in=(CycleKind.QUARTER, CycleKind.MONTH)
        )
        .order_by("person_id", "-cycle__kind", "cycle__period")  # "quarter" sorts after "month": reversed
        .values_list(
            "person_id",
            "cycle_id",
            "cycle__kind",
            "cycle__period",
            "state",
            "decided_level",
            "proposed_level",
            "self_level",
            "points",
            "not_ranked_reason",
        )
    )
    for person_id, cycle_id, kind, period, state, decided, proposed, own, points, reason in rows:
        label = f"{'Quý' if kind == CycleKind.QUARTER else 'Tháng'} {period}"
        is_decided = state in DECIDED_STATES
        found.setdefault(person_id, []).append(
            PeriodResult(
                cycle_id=cycle_id,
                kind=kind,
                period=period,
                label=label,
                state=state,
                state_label=STATE_LABELS.get(state, state),
                level=decided if is_decided else (proposed or own),
                decided=is_decided,
                points=points,
                not_ranked_reason=reason,
            )
        )
    return found


@dataclass(frozen=True)
class PersonRecord:
    """The evaluation side of a person's file."""

    ratings: list[Result]  # decided yearly ratings (imported ones included), latest year first, with ``cycle``
    disciplines: list[Discipline]  # latest first
    suspensions: list[Suspension]  # latest first


def person_record(*, person: Person) -> PersonRecord:
    """A person's yearly ratings that are decided or announced, discipline and suspensions: what the file
    page shows under "Đánh giá, xếp loại" and "Kỷ luật". A rating still being assessed, proposed or in a
    monthly or quarterly cycle is not part of the file. The caller has checked that the actor may read the
    file. Three queries."""
    return PersonRecord(
        ratings=list(
            Result.objects.filter(person=person, cycle__kind=CycleKind.YEAR, state__in=DECIDED_STATES)
            .select_related("cycle")
            .order_by("-cycle__year", "-id")
        ),
        disciplines=list(Discipline.objects.filter(person=person).order_by("-date", "-id")),
        suspensions=list(Suspension.objects.filter(person=person).order_by("-starts_on", "-id")),
    )
