"""Pages that gather several apps' records: the home page's work waiting for the user, and an
organisation's page (its members, its leading bodies, its ratings). Each part is read through the
owning app's models or selectors, scoped to the actor, so a page never shows what the actor could not
open; the callers have already checked the organisation is in the actor's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery

from pbms.accounts.selectors import Actor
from pbms.evaluations.board import cycle_list
from pbms.evaluations.models import DECIDED_STATES, Cycle, CycleKind, Level, RatedBody, Result, ResultState
from pbms.evaluations.progress import UnitLine, cycle_units
from pbms.evaluations.selectors import own_results
from pbms.lib.text import vi_sort_key
from pbms.orgs.models import Placement
from pbms.people.models import Body, BodyMembership, BodyRole, CellMembership
from pbms.people.selectors import (
    RecognitionDue,
    held_on,
    members_due_for_recognition,
    members_due_for_recognition_count,
)

HOME_ROWS = 10  # rows of each list on the home page; the full list is one click away
OPEN_CYCLES_SHOWN = 3  # a monthly, a quarterly and the yearly cycle may be open at once
UNITS_PER_CYCLE = 5


@dataclass(frozen=True)
class DueRow:
    due: RecognitionDue
    cell_name: str

    @property
    def person(self) -> object:
        return self.due.membership.person


@dataclass(frozen=True)
class RecognitionList:
    rows: list[DueRow]
    total: int
    overdue: int


@dataclass(frozen=True)
class Deadline:
    label: str
    day: dt.date
    passed: bool


@dataclass(frozen=True)
class OpenCycle:
    cycle: Cycle
    deadlines: list[Deadline]
    units: list[UnitLine]
    unit_total: int

    @property
    def next_deadline(self) -> Deadline | None:
        return next((d for d in self.deadlines if not d.passed), None)


@dataclass(frozen=True)
class HomeTasks:
    recognition: RecognitionList
    cycles: list[OpenCycle] = field(default_factory=list)
    own_pending: int = 0


def recognition_due_list(*, actor: Actor, day: dt.date, limit: int | None = None) -> RecognitionList:
    """Probationary members in scope due for recognition within 30 days (or overdue), earliest first,
    each with the cell where they are active on ``day``; the first ``limit`` rows when given. A constant
    number of queries, whatever the number of rows."""
    # the home page shows counts and the first rows, never the whole list: the counts come from the
    # database and only ``limit`` rows are read (a province had 40,000 members due: 2.8 s)
    shown = members_due_for_recognition(actor=actor, day=day, limit=limit)
    if limit is None:
        total, overdue = len(shown), sum(1 for row in shown if row.overdue(day))
    else:
        total, overdue = members_due_for_recognition_count(actor=actor, day=day)
    cell = Placement.objects.as_of(day).filter(org_id=OuterRef("cell_id"))
    cells = dict(
        CellMembership.objects.filter(held_on(day), membership_id__in=[row.membership.pk for row in shown])
        .annotate(cell_name=Subquery(cell.values("name")[:1]))
        .values_list("membership_id", "cell_name")
    )
    return RecognitionList(
        rows=[DueRow(due=row, cell_name=cells.get(row.membership.pk) or "") for row in shown],
        total=total,
        overdue=overdue,
    )


def _deadlines(cycle: Cycle, day: dt.date) -> list[Deadline]:
    steps = (
        ("Tự đánh giá", cycle.self_assess_by),
        ("Nhận xét của tập thể", cycle.comment_by),
        ("Đề xuất", cycle.propose_by),
        ("Quyết định", cycle.decide_by),
    )
    return [Deadline(label=label, day=when, passed=when < day) for label, when in steps if when is not None]


def home_tasks(*, actor: Actor, day: dt.date) -> HomeTasks:
    """The work waiting for ``actor`` on ``day``: members due for recognition, the boards of the open
    evaluation cycles the actor sees, and the actor's own self-assessments not yet done."""
    cycles = []
    for cycle in cycle_list(actor=actor).filter(closed=False)[:OPEN_CYCLES_SHOWN]:
        # only the units shown are counted: the home page is every user's first page
        units, total = cycle_units(actor=actor, cycle=cycle, limit=UNITS_PER_CYCLE)
        if total:
            cycles.append(OpenCycle(cycle=cycle, deadlines=_deadlines(cycle, day), units=units, unit_total=total))
    return HomeTasks(
        recognition=recognition_due_list(actor=actor, day=day, limit=HOME_ROWS),
        cycles=cycles,
        own_pending=own_results(actor=actor).filter(cycle__closed=False, state=ResultState.PENDING).count(),
    )


# --- an organisation's page ------------------------------------------------------------------------

BODY_ORDER = [kind for kind, _ in Body.Kind.choices]
ROLE_ORDER = [role for role, _ in BodyRole.choices]
RATED_COLUMNS = (RatedBody.ORG, RatedBody.COMMITTEE, RatedBody.STANDING)


@dataclass(frozen=True)
class Seat:
    body: str
    role: str
    person_id: int
    name: str


@dataclass(frozen=True)
class YearRatings:
    year: int
    levels: list[str]  # one per ``RATED_COLUMNS``, "" when not rated


@dataclass(frozen=True)
class OrgPanels:
    members: int
    probationary: int
    seats: list[Seat]
    ratings: list[YearRatings]


def org_panels(*, org_id: int, path: str, day: dt.date) -> OrgPanels:
    """What an organisation's page shows beside the tree, for the organisation at ``path`` on ``day``: the
    members active in its subtree (and how many are still probationary), the seats of its leading bodies
    held on the day, and the decided yearly ratings of the organisation and of its committees. Three
    queries."""
    subtree = Placement.objects.as_of(day).filter(path__startswith=path).values("org_id")
    probationary = Q(membership__official_on__isnull=True) | Q(membership__official_on__gt=day)
    counts = CellMembership.objects.filter(held_on(day), cell_id__in=subtree).aggregate(
        members=Count("membership_id", distinct=True),
        probationary=Count("membership_id", filter=probationary, distinct=True),
    )
    rows = BodyMembership.objects.filter(held_on(day), body__term__org_id=org_id).select_related("body", "person")
    # By body and role, then each role's holders in Vietnamese name order (given name, family, middle).
    seats = sorted(
        rows,
        key=lambda m: (
            BODY_ORDER.index(m.body.kind),
            ROLE_ORDER.index(m.role),
            vi_sort_key(m.person.given_name),
            vi_sort_key(m.person.family_name),
            vi_sort_key(m.person.middle_name),
            m.pk,
        ),
    )
    decided = (
        Result.objects.filter(org_id=org_id, person__isnull=True, cycle__kind=CycleKind.YEAR, state__in=DECIDED_STATES)
        .filter(body_kind__in=RATED_COLUMNS)
        .values_list("cycle__year", "body_kind", "decided_level")
    )
    by_year: dict[int, dict[str, str]] = {}
    for year, body_kind, level in decided:
        by_year.setdefault(year, {})[body_kind] = Level(level).label
    return OrgPanels(
        members=counts["members"] or 0,
        probationary=counts["probationary"] or 0,
        seats=[
            Seat(
                body=str(m.body),
                role=m.get_role_display(),
                person_id=m.person_id,
                name=m.person.full_name,
            )
            for m in seats
        ],
        ratings=[
            YearRatings(year=year, levels=[by_year[year].get(column, "") for column in RATED_COLUMNS])
            for year in sorted(by_year, reverse=True)
        ],
    )
