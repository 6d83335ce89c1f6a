"""Reads of the decision board: the cycles (their units: ``progress``), and the board of one unit
with every subject's facts, ceilings and the quota meters, all set-based.

The board of a unit U in a cycle holds the results U runs (``Result.unit`` = U: its own collective, the
people of a cell) and the results U decides (``Result.decider_org`` = U: its sub-units and their people),
collectives first, then people by given name under Vietnamese collation, shown in pages ordered and sliced
in the database; the quota meters count the whole board from one aggregate. What the rules read about each
subject (``SubjectFacts``) comes from a fixed number of queries whatever the size of the unit: the same
facts ``selectors.person_facts`` and ``selectors.org_facts`` read one subject at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Left

from pbms.accounts.models import Scope
from pbms.accounts.selectors import Actor, visible_placements
from pbms.core.collation import vi_collate
from pbms.evaluations import deciders, rules
from pbms.evaluations.models import (
    DECIDED_STATES,
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
    SubjectGroup,
    Suspension,
)
from pbms.evaluations.progress import page_links
from pbms.evaluations.rules import LEVEL_ORDER, DisciplineFact, RuleBook, SubjectFacts
from pbms.evaluations.selectors import (
    PeriodResult,
    _fact,
    _seat_kinds,
    _year_bounds,
    collective_name,
    period_results_for,
    quota_key,
    ruleset_book,
)
from pbms.lib.exceptions import NotFoundError
from pbms.orgs.models import Placement
from pbms.people.models import BodyMembership, CellMembership, Membership, MembershipEvent
from pbms.people.selectors import MemberStatus, head_rows, held_on, membership_state

GROUP_LABELS: dict[str, str] = {str(value): str(label) for value, label in SubjectGroup.choices}
STATE_LABELS: dict[str, str] = {str(value): str(label) for value, label in ResultState.choices}
BODY_ORDER: dict[str, int] = {RatedBody.ORG: 0, RatedBody.COMMITTEE: 1, RatedBody.STANDING: 2}  # other bodies after
NO_CEILING = rules.Ceiling(Level.EXCELLENT)
COMMENT_SHOWN = 120  # characters of the collective's comment a row shows
PAGE_SIZE = 150  # rows on one page of a board, unless the setting EVALUATION_BOARD_PAGE_SIZE says otherwise


# --- cycles and their units ----------------------------------------------------------------------------


def cycle_list(*, actor: Actor) -> QuerySet[Cycle]:
    """Cycles are province-wide facts (a name, a period): every signed-in user may list them; what each
    one shows is scoped by ``cycle_units``."""
    if not actor.is_authenticated:
        return Cycle.objects.none()
    return Cycle.objects.select_related("ruleset").order_by("-year", "kind", "-period")


def cycle_get(*, actor: Actor, cycle_id: int) -> Cycle:
    cycle = cycle_list(actor=actor).filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFoundError()
    return cycle


# --- facts, in bulk ------------------------------------------------------------------------------------


# What the board, its files and the bulk steps read of a result: the long texts stay in the database.
BOARD_FIELDS = (
    "cycle_id",
    "person_id",
    "org_id",
    "body_kind",
    "rating_kind",
    "unit_id",
    "decider_org_id",
    "decider_body",
    "decider_rule__source",
    "decider_rule__wording",
    "group",
    "state",
    "not_ranked_reason",
    "sick_leave_months",
    "points",
    "self_level",
    "proposed_level",
    "decided_level",
    "quota_reason",
    "decision_ref",
    "announced_on",
    "person__family_name",
    "person__middle_name",
    "person__given_name",
    "body",
    "body__name",
)


def _rule(row: DecidingRule | None) -> deciders.Rule | None:
    """The snapshot of a result's deciding rule, for ``deciders.reason`` (its source and wording read)."""
    if row is None:
        return None
    return deciders.Rule(row.pk, "", "", "", "", "", "", row.wording, row.source)


def on_board(unit_id: int) -> Q:
    """The results on unit ``unit_id``'s board: those it runs and those it decides."""
    return Q(unit_id=unit_id) | Q(decider_org_id=unit_id)


def board_results(cycle: Cycle, unit_id: int, *, texts: bool = False, comments: bool = False) -> QuerySet[Result]:
    """The results of unit ``unit_id``'s board, with what the board reads of them (``texts``: the long
    texts too, the self-assessment and the comment, for one row's editor; ``comments``: the whole comment,
    for the files); ``unit_board`` orders them."""
    rows = Result.objects.filter(on_board(unit_id), cycle=cycle).select_related("person", "body", "decider_rule")
    # the comment's beginning, for the row: one more character tells that it goes on
    rows = rows.annotate(comment_head=Left("comment", COMMENT_SHOWN + 1))
    if texts:
        return rows
    return rows.only(*BOARD_FIELDS, "comment") if comments else rows.only(*BOARD_FIELDS)


def people_facts(
    rows: Iterable[Result], cycle: Cycle, *, among: QuerySet[Any, Any] | None = None, ranking: bool = True
) -> dict[int, SubjectFacts]:
    """``selectors.person_facts`` for every person result of ``rows``, keyed by result id: four queries,
    three more with ``ranking`` (admission, exemption, suspension: what decides "not ranked", which the
    board reads from the result as opened). ``among`` is a sub-query of those people's ids; a large board
    passes one so that no query carries thousands of parameters."""
    # a leader has two results on the board (party member, cadre): facts per result, read per person
    people = [(row.person_id, row) for row in rows if row.person_id is not None]
    if not people:
        return {}
    first, last = _year_bounds(cycle.year)
    day = cycle.population_on
    ids: QuerySet[Any, Any] | list[int] = among if among is not None else sorted({pid for pid, _ in people})
    own: dict[int, list[DisciplineFact]] = defaultdict(list)
    for d in Discipline.objects.filter(person_id__in=ids, date__range=(first, last)).order_by("id"):
        own[d.person_id or 0].append(_fact(d))
    heads = _headed_levels(ids, cycle)
    cadre = dict(
        Result.objects.filter(
            cycle=cycle, person_id__in=ids, rating_kind=RatingKind.CADRE, state__in=DECIDED_STATES
        ).values_list("person_id", "decided_level")
    )
    memberships: dict[int, Membership] = {}
    events: dict[int, list[MembershipEvent]] = defaultdict(list)
    suspended: set[int] = set()
    if ranking:
        memberships = {m.person_id: m for m in Membership.objects.filter(person_id__in=ids)}
        for event in MembershipEvent.objects.filter(membership__person_id__in=ids):
            events[event.membership_id].append(event)
        suspended = set(
            Suspension.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gt=day), person_id__in=ids, starts_on__lte=day
            ).values_list("person_id", flat=True)
        )
    facts = {}
    for person_id, row in people:
        membership = memberships.get(person_id)
        exempt = False
        if membership is not None:
            exempt = membership_state(membership, day, events=events[membership.pk]).status == MemberStatus.EXEMPT
        unit_level, unit_name = heads.get(person_id, ("", ""))
        facts[row.pk] = SubjectFacts(
            collective=False,
            unit_level=unit_level,
            unit_name=unit_name,
            rating_kind=row.rating_kind,
            cadre_level=cadre.get(person_id, "") if row.rating_kind == RatingKind.PARTY_MEMBER else "",
            own_disciplines=tuple(own.get(person_id, ())),
            sick_leave_months=Decimal(row.sick_leave_months),
            admitted_on=membership.admitted_on if membership is not None else None,
            exempt=exempt,
            suspended=person_id in suspended,
        )
    return facts


def _headed_levels(person_ids: QuerySet[Any, Any] | list[int], cycle: Cycle) -> dict[int, tuple[str, str]]:
    """For each person heading an organisation on the population date: the lowest level decided in
    ``cycle`` for such an organisation, and its name (``selectors._headed_unit_level``, in bulk)."""
    day = cycle.population_on
    posts = head_rows(day, person_ids)
    if not posts:
        return {}
    org_ids = {org_id for _, org_id in posts}
    decided = dict(
        Result.objects.filter(
            cycle=cycle, org_id__in=org_ids, body_kind=RatedBody.ORG, state__in=DECIDED_STATES
        ).values_list("org_id", "decided_level")
    )
    names = dict(Placement.objects.as_of(day).filter(org_id__in=decided).values_list("org_id", "name"))
    found: dict[int, tuple[str, str]] = {}
    for person_id, org_id in posts:
        level = decided.get(org_id)
        if level is None:
            continue
        held = found.get(person_id)
        if held is None or LEVEL_ORDER[level] > LEVEL_ORDER[held[0]]:
            found[person_id] = (level, names.get(org_id, ""))
    return found


def collective_facts(rows: Iterable[Result], cycle: Cycle, unit_path: str) -> dict[int, SubjectFacts]:
    """``selectors.org_facts`` for every collective result of ``rows`` (all lie in the subtree at
    ``unit_path`` or are the unit's own), keyed by result id: six queries."""
    collectives = [row for row in rows if row.org_id is not None]
    if not collectives:
        return {}
    first, last = _year_bounds(cycle.year)
    day = cycle.population_on
    org_ids = {row.org_id for row in collectives}
    paths = dict(Placement.objects.as_of(day).filter(org_id__in=org_ids).values_list("org_id", "path"))
    subtree = Placement.objects.as_of(day).filter(path__startswith=unit_path)
    in_year = Q(date__range=(first, last))
    seats = BodyMembership.objects.filter(body__term__org_id__in=org_ids, valid_from__lte=last).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=first)
    )
    cells = CellMembership.objects.filter(held_on(day), cell_id__in=subtree.values("org_id"))
    member_q = Q(person_id__in=seats.values("person_id")) | Q(person_id__in=cells.values("membership__person_id"))
    found = list(
        Discipline.objects.filter(in_year)
        .filter(member_q | Q(org_id__in=subtree.values("org_id")))
        .select_related("person")
        .order_by("id")
    )
    persons = {d.person_id for d in found if d.person_id is not None}
    seat_rows: set[tuple[int, int, str]] = set()
    body_seats: set[tuple[int, int]] = set()  # a đảng đoàn or ban cán sự đảng counts only its own members
    for person_id, org_id, kind, body_id in seats.filter(person_id__in=persons).values_list(
        "person_id", "body__term__org_id", "body__kind", "body_id"
    ):
        seat_rows.add((person_id, org_id, kind))
        body_seats.add((person_id, body_id))
    person_cells = list(cells.filter(membership__person_id__in=persons).values_list("membership__person_id", "cell_id"))
    wanted = {d.org_id for d in found if d.org_id is not None} | {cell_id for _, cell_id in person_cells}
    where = {
        row[0]: (row[1], row[2]) for row in subtree.filter(org_id__in=wanted).values_list("org_id", "path", "name")
    }
    cell_paths: dict[int, list[str]] = defaultdict(list)
    for person_id, cell_id in person_cells:
        if cell_id in where:
            cell_paths[person_id].append(where[cell_id][0])
    facts = {}
    for row in collectives:
        assert row.org_id is not None
        path = paths.get(row.org_id, "-")
        kinds = set(_seat_kinds(row.body_kind))
        own: list[DisciplineFact] = []
        members: list[DisciplineFact] = []
        for d in found:
            if d.org_id == row.org_id:
                own.append(_fact(d))
                continue
            if d.person_id is not None:
                if row.body_id is not None:
                    seated = (d.person_id, row.body_id) in body_seats
                else:
                    seated = any((d.person_id, row.org_id, kind) in seat_rows for kind in kinds)
                in_cell = row.body_kind == RatedBody.ORG and any(
                    cell_path.startswith(path) for cell_path in cell_paths.get(d.person_id, ())
                )
                if seated or in_cell:
                    members.append(_fact(d, str(d.person)))
            elif row.body_kind == RatedBody.ORG and d.org_id in where:
                sub_path, name = where[d.org_id]
                if sub_path.startswith(path):
                    members.append(_fact(d, name))
        facts[row.pk] = SubjectFacts(collective=True, own_disciplines=tuple(own), member_disciplines=tuple(members))
    return facts


# --- the board -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Meter:
    """The quota of one group as the board stands: decided results of the group elsewhere plus the levels
    on this board (decided, or chosen on the page, or proposed)."""

    key: tuple[Any, ...]
    label: str
    check: rules.QuotaCheck
    on_board: int
    undecided: int = 0  # rows of the group on this board still to decide

    @property
    def warns(self) -> bool:
        """Over the quota with something left to decide (once all is decided, the reasons are on the rows)."""
        return self.check.exceeded and self.undecided > 0

    @property
    def dom_id(self) -> str:
        return "quota-" + "-".join(str(part) for part in self.key)


@dataclass(frozen=True)
class BoardRow:
    result: Result
    name: str
    group_label: str
    ceiling: rules.Ceiling
    can_propose: bool  # the actor runs the row's unit and the cycle is open
    can_decide: bool  # the actor decides for the row and the cycle is open
    level: str  # the level the meter counts for this row ("" when none)
    meter_key: tuple[Any, ...]
    labels: Mapping[str, str]  # level → wording of the rule set
    options: list[tuple[str, str]]  # the levels the ceiling leaves open, best first
    number: str  # the row's number on the board (text: a template localises every number it prints)
    # a yearly board: the person's monthly and quarterly results of the year, which the yearly proposal reads
    periods: list[PeriodResult] = field(default_factory=list)
    runs: bool = False  # the actor enters data for the row's unit (comments, proposes), open cycle or not
    decides: bool = False  # the actor enters data for the row's deciding level, open cycle or not
    decider: str = ""  # who decides ("Cấp ủy Đảng bộ xã An Phú") and why: the rule set's clause
    decider_reason: str = ""

    @property
    def key(self) -> str:
        return str(self.result.pk)

    @property
    def points_text(self) -> str:
        points = self.result.points
        return "" if points is None else f"{points.normalize():f}".replace(".", ",")

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.result.state, self.result.state)

    @property
    def self_label(self) -> str:
        return self.labels.get(self.result.self_level, "")

    @property
    def proposed_label(self) -> str:
        return self.labels.get(self.result.proposed_level, "")

    @property
    def decided_label(self) -> str:
        return self.labels.get(self.result.decided_level, "")

    @property
    def ceiling_label(self) -> str:
        return self.labels.get(self.ceiling.level, "")

    @property
    def collective(self) -> bool:
        return self.result.org_id is not None

    @property
    def decided(self) -> bool:
        return self.result.state in DECIDED_STATES

    @property
    def sick_leave_text(self) -> str:
        months = self.result.sick_leave_months
        return f"{months.normalize():f}".replace(".", ",") if months else ""

    @property
    def comment_text(self) -> str:
        head = str(getattr(self.result, "comment_head", "") or "")
        return head if len(head) <= COMMENT_SHOWN else head[:COMMENT_SHOWN].rstrip() + "…"

    @property
    def may_self_assess(self) -> bool:
        """A collective's self-assessment, entered by whoever runs its board, until the collective's comment."""
        ready = (ResultState.PENDING, ResultState.SELF_ASSESSED)
        return self.collective and self.can_propose and self.result.state in ready and not self.result.not_ranked_reason

    @property
    def may_comment(self) -> bool:
        """The collective's comments follow the self-assessment and may be redone until the proposal."""
        ready = (ResultState.SELF_ASSESSED, ResultState.COMMENTED)
        return self.can_propose and self.result.state in ready and not self.result.not_ranked_reason

    @property
    def awaits_comment(self) -> bool:
        return self.may_comment and self.result.state == ResultState.SELF_ASSESSED

    @property
    def may_propose(self) -> bool:
        ready = (ResultState.COMMENTED, ResultState.PROPOSED)
        return self.can_propose and self.result.state in ready and not self.result.not_ranked_reason

    @property
    def may_decide(self) -> bool:
        return self.can_decide and self.result.state == ResultState.PROPOSED and not self.result.not_ranked_reason

    @property
    def may_announce(self) -> bool:
        return self.can_decide and self.result.state == ResultState.DECIDED and not self.result.not_ranked_reason

    @property
    def selectable(self) -> bool:
        """Ticked for a bulk step that takes rows rather than levels: the comment, the announcement."""
        return self.may_comment or self.may_announce

    @property
    def may_reopen(self) -> bool:
        return self.can_decide and self.decided


@dataclass(frozen=True)
class Board:
    cycle: Cycle
    unit_id: int
    unit_name: str
    book: RuleBook
    rows: list[BoardRow]
    meters: list[Meter] = field(default_factory=list)
    total: int = 0  # rows on the whole board
    page: int = 1
    pages: int = 1

    @property
    def page_links(self) -> list[int]:
        return page_links(self.page, self.pages)

    @property
    def first_number(self) -> int:
        return int(self.rows[0].number) if self.rows else 0

    @property
    def last_number(self) -> int:
        return int(self.rows[-1].number) if self.rows else 0

    @property
    def can_propose(self) -> bool:
        return any(row.may_propose for row in self.rows)

    @property
    def can_comment(self) -> bool:
        return any(row.may_comment for row in self.rows)

    @property
    def can_announce(self) -> bool:
        return any(row.may_announce for row in self.rows)

    @property
    def row_ids(self) -> str:
        """The result ids of the rows shown, for the steps that act on "every row of the page"."""
        return ",".join(row.key for row in self.rows)

    @property
    def can_decide(self) -> bool:
        return any(row.may_decide for row in self.rows)

    @property
    def exceeded(self) -> list[Meter]:
        """The groups over the quota with results still to decide: the decider must give a reason."""
        return [meter for meter in self.meters if meter.warns]


def _unit(actor: Actor, cycle: Cycle, unit_id: int) -> tuple[str, str]:
    """(name, path) of the unit on the population date, if the actor sees it (else not found)."""
    found = visible_placements(actor=actor, day=cycle.population_on).filter(org_id=unit_id).values_list("name", "path")
    for name, path in found[:1]:
        return name, path
    raise NotFoundError()


# what a quota group is read from (``selectors.quota_key``), besides whether the subject is a person
QUOTA_FIELDS = ("decider_org_id", "decider_body", "group", "rating_kind")


def _row_level(row: Result, chosen: Mapping[int, str]) -> str:
    if row.not_ranked_reason:
        return ""
    if row.state in DECIDED_STATES:
        return row.decided_level
    level = chosen.get(row.pk, "")
    return level if level in LEVEL_ORDER else row.proposed_level


def _tally(cycle: Cycle, unit_id: int) -> list[dict[str, Any]]:
    """The whole board counted by what the meters read (one query, a few dozen rows whatever its size)."""
    collective = Case(When(person__isnull=True, then=Value(True)), default=Value(False), output_field=BooleanField())
    unranked = Case(When(not_ranked_reason="", then=Value(False)), default=Value(True), output_field=BooleanField())
    return list(
        Result.objects.filter(on_board(unit_id), cycle=cycle)
        .annotate(collective=collective, unranked=unranked)
        .values(*QUOTA_FIELDS, "state", "decided_level", "proposed_level", "collective", "unranked")
        .annotate(n=Count("id"))
        .order_by()
    )


def quota_meters(
    *,
    book: RuleBook,
    cycle: Cycle,
    unit_id: int,
    tally: list[dict[str, Any]],
    rows: list[Result],
    chosen: Mapping[int, str],
    names: Mapping[int, str],
) -> tuple[list[Meter], dict[int, tuple[Any, ...]], dict[int, str]]:
    """One meter per quota group present on the board (one query): the decided results of the group
    outside the board, plus every result of the board (``tally``) at its level, the ``rows`` loaded (a
    page) at the level ``chosen`` for them. Also each loaded row's key and level."""
    grouping = book.quota_grouping
    counts: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    present: dict[tuple[Any, ...], int] = defaultdict(int)
    undecided: dict[tuple[Any, ...], int] = defaultdict(int)
    for item in tally:
        sample = Result(**{name: item[name] for name in QUOTA_FIELDS})
        sample.person_id = None if item["collective"] else 0
        key = quota_key(sample, grouping)
        present[key] += item["n"]
        decided = item["state"] in DECIDED_STATES
        if item["unranked"]:
            continue
        if not decided:
            undecided[key] += item["n"]
        level = item["decided_level"] if decided else item["proposed_level"]
        if level:
            counts[key][level] += item["n"]
    keys: dict[int, tuple[Any, ...]] = {}
    levels: dict[int, str] = {}
    for row in rows:
        key = keys[row.pk] = quota_key(row, grouping)
        level = levels[row.pk] = _row_level(row, chosen)
        stored = _row_level(row, {})
        if level != stored:  # the tally holds the row at its stored level: move it to the chosen one
            if stored:
                counts[key][stored] -= 1
            counts[key][level] += 1
    deciding = {item["decider_org_id"] for item in tally if item["decider_org_id"] is not None}
    elsewhere = Result.objects.filter(cycle=cycle, state__in=DECIDED_STATES).exclude(on_board(unit_id))
    if grouping != QuotaGrouping.CYCLE_GROUP:
        elsewhere = elsewhere.filter(decider_org_id__in=deciding)
    if tally:
        # Count("person_id") counts the people among each bucket (the UNIT grouping splits on it)
        others = (
            elsewhere.values(*QUOTA_FIELDS, "decided_level")
            .annotate(people=Count("person_id"), n=Count("id"))
            .order_by()
        )
        for item in others:
            sample = Result(**{name: item[name] for name in QUOTA_FIELDS})
            for person_id, n in ((0, item["people"]), (None, item["n"] - item["people"])):
                sample.person_id = person_id
                key = quota_key(sample, grouping)
                if key in present and n:
                    counts[key][item["decided_level"]] += n
    meters = []
    for key in sorted(present, key=lambda k: tuple(str(part) for part in k)):
        if grouping == QuotaGrouping.UNIT:
            what = "Tập thể" if key[-1] == "collective" else "Cá nhân"
        else:
            what = GROUP_LABELS.get(str(key[-1]), str(key[-1]))
            if grouping == QuotaGrouping.CYCLE_GROUP and key[1] == RatingKind.CADRE:
                what = f"{what} (xếp loại cán bộ)"
        where = f" – cấp quyết định: {names.get(key[0], '…')}" if grouping != QuotaGrouping.CYCLE_GROUP else ""
        meters.append(
            Meter(
                key=key,
                label=f"{what}{where}",
                check=rules.quota_check(book, counts[key]),
                on_board=present[key],
                undecided=undecided[key],
            )
        )
    return meters, keys, levels


def page_size() -> int:
    """Rows on one page of a board (setting ``EVALUATION_BOARD_PAGE_SIZE``): a committee's board holds
    thousands, and all of them in one page was 2.2 MB of HTML."""
    return max(1, int(getattr(settings, "EVALUATION_BOARD_PAGE_SIZE", PAGE_SIZE)))


def _ordered(results: QuerySet[Result], unit_id: int, day: Any) -> QuerySet[Result]:
    """The board's order in the database, so that a page is a slice: collectives first (the unit's own,
    then by name under Vietnamese collation, the organisation before its bodies), then people."""
    name = Placement.objects.as_of(day).filter(org_id=OuterRef("org_id")).values("name")[:1]
    body = [When(body_kind=kind, then=Value(order)) for kind, order in BODY_ORDER.items()]
    return results.annotate(
        board_person=Case(When(person__isnull=True, then=Value(0)), default=Value(1)),
        board_other=Case(When(org_id=unit_id, then=Value(0)), default=Value(1)),
        board_name=Case(When(org_id__isnull=False, then=Subquery(name)), default=Value("")),
        board_body=Case(*body, default=Value(9)),
    ).order_by(
        "board_person",
        "board_other",
        vi_collate("board_name"),
        "board_body",
        vi_collate("body__name"),  # a term's đảng đoàn and ban cán sự đảng by their own names
        vi_collate("person__given_name"),
        vi_collate("person__family_name"),
        vi_collate("person__middle_name"),
        "id",
    )


def unit_board(
    *,
    actor: Actor,
    cycle: Cycle,
    unit_id: int,
    chosen: Mapping[int, str] | None = None,
    with_facts: bool = True,
    only: Collection[int] | None = None,
    texts: bool = False,
    comments: bool = False,
    page: int | None = None,
) -> Board:
    """The board of unit ``unit_id`` in ``cycle`` as ``actor`` may see it (else not found), with the levels
    ``chosen`` on the page ({result id: level}) counted by the quota meters, which count the whole board.
    A constant number of queries, whatever the size of the board. Rows: page ``page`` (from 1; past the
    last, the last) of ``page_size()`` rows, or the rows of the result ids ``only`` (a bulk step, one row's
    editor), or else every row (the files). ``with_facts=False`` skips the ceilings (the live meter needs
    none); ``texts`` reads the rows' long texts too, ``comments`` their whole comments."""
    unit_name, unit_path = _unit(actor, cycle, unit_id)
    book = ruleset_book(cycle.ruleset)
    day = cycle.population_on
    tally = _tally(cycle, unit_id)
    total = sum(item["n"] for item in tally)
    size = page_size()
    pages = max(1, -(-total // size))
    first = 0
    found = _ordered(board_results(cycle, unit_id, texts=texts, comments=comments), unit_id, day)
    if only is not None:
        results = list(found.filter(pk__in=list(only))) if only else []
    elif page is not None:
        page = min(max(page, 1), pages)
        first = (page - 1) * size
        results = list(found[first : first + size])
    else:
        results = list(found)
    org_ids = {row.org_id for row in results if row.org_id} | {row.decider_org_id for row in results}
    org_ids |= {row.unit_id for row in results} | {item["decider_org_id"] for item in tally}
    org_ids.discard(None)
    names = dict(Placement.objects.as_of(day).filter(org_id__in=org_ids).values_list("org_id", "name"))
    enter = set(
        visible_placements(actor=actor, day=day, scope=Scope.ENTER)
        .filter(org_id__in=org_ids)
        .values_list("org_id", flat=True)
    )
    facts: dict[int, SubjectFacts] = {}
    if with_facts and results:
        among = None
        if page is None and only is None:  # every row: its people as a sub-query, not thousands of parameters
            among = board_results(cycle, unit_id).filter(person__isnull=False).order_by().values("person_id")
        people = people_facts(results, cycle, among=among, ranking=False)
        facts = people | collective_facts(results, cycle, unit_path)
    meters, keys, levels = quota_meters(
        book=book, cycle=cycle, unit_id=unit_id, tally=tally, rows=results, chosen=chosen or {}, names=names
    )

    def name(row: Result) -> str:
        if row.person is not None:
            return row.person.full_name
        return collective_name(body_kind=row.body_kind, org_name=names.get(row.org_id or 0, ""), body=row.body)

    labels = {row.level: row.label for row in book.levels}
    best_first = sorted(book.levels, key=lambda r: r.order)
    open_levels: dict[str, list[tuple[str, str]]] = {
        top.level: [(row.level, row.label) for row in best_first if not rules.is_above(row.level, top.level)]
        for top in best_first
    }
    periods: dict[int, list[PeriodResult]] = {}
    if with_facts and results and cycle.kind == CycleKind.YEAR:
        periods = period_results_for(cycle=cycle, person_ids=[r.person_id for r in results if r.person_id])
    board_rows = []
    for index, row in enumerate(results, start=first + 1):
        ceiling = rules.ceilings(book, facts[row.pk], cycle.year) if row.pk in facts else NO_CEILING
        board_rows.append(
            BoardRow(
                result=row,
                name=name(row),
                group_label=GROUP_LABELS.get(row.group, row.group),
                ceiling=ceiling,
                runs=row.unit_id in enter,
                decides=row.decider_org_id in enter,
                can_propose=row.unit_id in enter and not cycle.closed,
                can_decide=row.decider_org_id in enter and not cycle.closed,
                level=levels[row.pk],
                meter_key=keys[row.pk],
                labels=labels,
                options=open_levels.get(ceiling.level, []),
                number=str(index),
                periods=periods.get(row.person_id or 0, []),
                decider=deciders.label(row.decider_body, names.get(row.decider_org_id or 0, "")),
                decider_reason=deciders.reason(
                    _rule(row.decider_rule), party_body=row.body_id is not None and row.decider_rule_id is None
                ),
            )
        )
    return Board(
        cycle=cycle,
        unit_id=unit_id,
        unit_name=unit_name,
        book=book,
        rows=board_rows,
        meters=meters,
        total=total,
        page=page or 1,
        pages=pages if page is not None else 1,
    )
