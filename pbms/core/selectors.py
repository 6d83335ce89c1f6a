"""What the home page puts in front of a user: the work waiting for them, read from the other apps'
selectors (each one scoped to the actor), so the page never shows what the actor could not open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from pbms.accounts.selectors import Actor
from pbms.evaluations.board import UnitLine, cycle_list, cycle_units
from pbms.evaluations.models import Cycle, ResultState
from pbms.evaluations.selectors import own_results
from pbms.orgs.models import Placement
from pbms.people.models import CellMembership
from pbms.people.selectors import RecognitionDue, held_on, members_due_for_recognition

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
    each with the cell where they are active on ``day``. Three queries, whatever the number of rows."""
    due = members_due_for_recognition(actor=actor, day=day)
    shown = due if limit is None else due[:limit]
    cell = Placement.objects.as_of(day).filter(org_id=OuterRef("cell_id"))
    cells = dict(
        CellMembership.objects.filter(held_on(day), membership_id__in=[row.membership.pk for row in shown])
        .annotate(cell_name=Subquery(cell.values("name")[:1]))
        .values_list("membership_id", "cell_name")
    )
    return RecognitionList(
        rows=[DueRow(due=row, cell_name=cells.get(row.membership.pk) or "") for row in shown],
        total=len(due),
        overdue=sum(1 for row in due if row.overdue(day)),
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
        units, total = cycle_units(actor=actor, cycle=cycle)
        if total:
            cycles.append(
                OpenCycle(
                    cycle=cycle, deadlines=_deadlines(cycle, day), units=units[:UNITS_PER_CYCLE], unit_total=total
                )
            )
    return HomeTasks(
        recognition=recognition_due_list(actor=actor, day=day, limit=HOME_ROWS),
        cycles=cycles,
        own_pending=own_results(actor=actor).filter(cycle__closed=False, state=ResultState.PENDING).count(),
    )
