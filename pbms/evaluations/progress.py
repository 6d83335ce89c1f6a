"""The progress of a round (issue 14 §4): the units with a board in a cycle that the actor sees, in tree
order, with the counts of their results at each step of the workflow, paged and searched by name, and the
totals of the actor's whole scope. One grouped query counts a page, whatever the number of units; the home
page's "Việc cần làm" reads the first units from the same selector.

A unit's board holds the results it runs (``Result.unit``) and those it decides (``Result.decider_org``):
its row counts both, so a member of a cell counts on the cell's row and on its deciding committee's row;
the totals count each result of the scope once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from pbms.accounts.selectors import Actor, visible_placements
from pbms.evaluations.models import DECIDED_STATES, Cycle, Result, ResultState
from pbms.lib.text import fold
from pbms.orgs.models import Placement

UNITS_SHOWN = 300  # the home page's list is searched beyond this (a province has tens of thousands)
PROGRESS_PAGE_SIZE = 50  # units on one page of a round's progress

# The steps of the workflow a result waits at, in order, and the states it is in while it waits there
# (an announced result is decided: announcing publishes the decision, it is not a further step).
STEPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("pending", "Chưa tự đánh giá", (ResultState.PENDING,)),
    ("to_comment", "Đã tự đánh giá, chờ tập thể nhận xét", (ResultState.SELF_ASSESSED,)),
    ("to_propose", "Đã nhận xét, chờ đề xuất", (ResultState.COMMENTED,)),
    ("to_decide", "Đã đề xuất, chờ quyết định", (ResultState.PROPOSED,)),
    ("decided", "Đã quyết định", tuple(DECIDED_STATES)),
)
STEP_LABELS = tuple(label for _, label, _ in STEPS)


def step_counts(by_state: dict[str, int]) -> tuple[int, ...]:
    """Counts per state → counts per step, in the order of ``STEPS``."""
    return tuple(sum(by_state.get(state, 0) for state in states) for _, _, states in STEPS)


def page_links(page: int, pages: int) -> list[int]:
    """The pages a pager names: the first, the last, and two on each side of ``page`` (0: a gap)."""
    near = {1, pages} | set(range(max(1, page - 2), min(pages, page + 2) + 1))
    links: list[int] = []
    for number in sorted(near):
        if links and number > links[-1] + 1:
            links.append(0)
        links.append(number)
    return links


@dataclass(frozen=True)
class UnitLine:
    org_id: int
    name: str
    path: str
    runs: int  # results the unit runs (proposes)
    decides: int  # results it decides that another unit runs
    proposed: int
    decided: int
    # what waits for the unit: its rows not self-assessed, self-assessed but not commented, and the rows it
    # decides that are proposed (the home page's "Việc cần làm")
    to_self_assess: int = 0
    to_comment: int = 0
    to_decide: int = 0
    steps: tuple[int, ...] = ()  # the results on its board at each step of ``STEPS``

    @property
    def total(self) -> int:
        return sum(self.steps)


def _boards(actor: Actor, cycle: Cycle, query: str) -> QuerySet[Placement]:
    """The placements the actor sees on the population date that have a board in ``cycle``, searched by
    name ignoring diacritics (``name_folded``, as the tree's search)."""
    seen = visible_placements(actor=actor, day=cycle.population_on)
    if query.strip():
        seen = seen.filter(name_folded__contains=fold(query))
    results = Result.objects.filter(cycle=cycle)
    return seen.filter(
        Exists(results.filter(unit_id=OuterRef("org_id"))) | Exists(results.filter(decider_org_id=OuterRef("org_id")))
    )


def _lines(cycle: Cycle, heads: list[tuple[int, str, str]]) -> list[UnitLine]:
    """The lines of ``heads`` (placements' ``org_id``, ``name``, ``path``): one grouped query."""
    ids = [org_id for org_id, _, _ in heads]
    counts: dict[tuple[int, str], int] = defaultdict(int)
    rows = (
        Result.objects.filter(cycle=cycle)
        .filter(Q(unit_id__in=ids) | Q(decider_org_id__in=ids))
        .values("unit_id", "decider_org_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[(row["unit_id"], "runs")] += row["n"]
        counts[(row["unit_id"], row["state"])] += row["n"]
        counts[(row["unit_id"], "runs:" + row["state"])] += row["n"]
        if row["decider_org_id"] is not None:
            counts[(row["decider_org_id"], "decides:" + row["state"])] += row["n"]
        if row["decider_org_id"] is not None and row["decider_org_id"] != row["unit_id"]:
            counts[(row["decider_org_id"], "decides")] += row["n"]
            counts[(row["decider_org_id"], row["state"])] += row["n"]
    lines = []
    for org_id, name, path in heads:
        by_state = {str(state): counts[(org_id, state)] for state in ResultState.values}
        lines.append(
            UnitLine(
                org_id=org_id,
                name=name,
                path=path,
                runs=counts[(org_id, "runs")],
                decides=counts[(org_id, "decides")],
                proposed=by_state[ResultState.PROPOSED],
                decided=sum(by_state[state] for state in DECIDED_STATES),
                to_self_assess=counts[(org_id, "runs:" + ResultState.PENDING)],
                to_comment=counts[(org_id, "runs:" + ResultState.SELF_ASSESSED)],
                to_decide=counts[(org_id, "decides:" + ResultState.PROPOSED)],
                steps=step_counts(by_state),
            )
        )
    return lines


def cycle_units(*, actor: Actor, cycle: Cycle, query: str = "", limit: int = UNITS_SHOWN) -> tuple[list[UnitLine], int]:
    """The units with a board in ``cycle`` that the actor sees (the first ``limit`` in tree order, optionally
    searched by name), and how many match in all. Three queries."""
    boards = _boards(actor, cycle, query)
    total = boards.count()
    heads = list(boards.order_by("path").values_list("org_id", "name", "path")[:limit])
    return _lines(cycle, heads), total


@dataclass(frozen=True)
class Progress:
    units: list[UnitLine]  # the page shown, in tree order
    matching: int  # units matching the search (all of the scope's without one)
    page: int
    pages: int
    totals: tuple[int, ...]  # the results of the whole scope at each step of ``STEPS`` (search ignored)
    first_number: int  # the rank of the page's first unit in the tree order (0 when empty)

    @property
    def total(self) -> int:
        return sum(self.totals)

    @property
    def page_links(self) -> list[int]:
        return page_links(self.page, self.pages)

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.units) - 1 if self.units else 0


def cycle_progress(*, actor: Actor, cycle: Cycle, query: str = "", page: int = 1, size: int | None = None) -> Progress:
    """A round's progress for ``actor``: page ``page`` (from 1; past the last: the last) of the units he sees
    with a board in ``cycle``, ordered by the tree (``path``) and sliced in the database, each counted by
    step, and the totals of his whole scope. Four queries, whatever the number of units."""
    size = size or PROGRESS_PAGE_SIZE
    boards = _boards(actor, cycle, query)
    matching = boards.count()
    pages = max(1, -(-matching // size))
    page = min(max(1, page), pages)
    start = (page - 1) * size
    heads = list(boards.order_by("path", "org_id").values_list("org_id", "name", "path")[start : start + size])
    seen = visible_placements(actor=actor, day=cycle.population_on).values("org_id")
    scope = Result.objects.filter(cycle=cycle).filter(Q(unit_id__in=seen) | Q(decider_org_id__in=seen))
    by_state = dict(scope.values("state").annotate(n=Count("id")).order_by().values_list("state", "n"))
    return Progress(
        units=_lines(cycle, heads),
        matching=matching,
        page=page,
        pages=pages,
        totals=step_counts(by_state),
        first_number=start + 1 if heads else 0,
    )
