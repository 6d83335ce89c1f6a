"""The plan of a year's round: every subject the round rates, with the body that decides it and the quota
pool it counts in, as ``population`` would open them (``manage.py evaluation_plan``): a leader twice, his
"party_member" row decided at the grassroots and his "cadre" row by the body managing his category. A read, whether the
round is open or not yet: the cycle's rule set, population date and kinds when it exists, else the rule
set of the year on 31/12. A constant number of queries whatever the size of the province.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from pbms.evaluations import deciders, population, selectors
from pbms.evaluations.models import (
    PARTY_BODY_KINDS,
    Cycle,
    CycleKind,
    RatedBody,
    RatingKind,
    Result,
    RuleSet,
    SubjectGroup,
)
from pbms.lib.exceptions import ApplicationError
from pbms.orgs.models import OrgLevel, Placement
from pbms.people.models import Person

# the subject's body in the plan: the organisation as a whole is "organisation", the others their own kind
PLAN_BODY: dict[str, str] = {RatedBody.ORG: "organisation"}


def _pool(key: tuple[Any, ...], codes: dict[int, str]) -> str:
    """A quota pool by name: "A1/committee/member" (deciding organisation, body, group), "all//member"."""
    head = key[0]
    first = codes.get(head, "") if isinstance(head, int) else str(head)
    return "/".join([first, *(str(part) for part in key[1:])])


def _within(org_code: str, day: dt.date) -> set[int]:
    """The organisations of ``org_code``'s subtree on ``day`` (two queries)."""
    path = Placement.objects.as_of(day).filter(org__code=org_code).values_list("path", flat=True).first()
    if path is None:
        raise ApplicationError(f"Không có tổ chức mã «{org_code}» vào ngày {day:%d/%m/%Y}.")
    return set(Placement.objects.as_of(day).filter(path__startswith=path).values_list("org_id", flat=True))


def evaluation_plan(*, year: int, org_code: str = "", on: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per subject of the year's round (of ``org_code``'s subtree: its unit or its decider there)."""
    cycle = Cycle.objects.filter(year=year, kind=CycleKind.YEAR, period=0).select_related("ruleset").first()
    if cycle is not None:
        ruleset, day = cycle.ruleset, on or cycle.population_on
        kind_ids = list(cycle.org_kinds.values_list("id", flat=True))
    else:
        ruleset, day, kind_ids = selectors.ruleset_for_year(year), on or dt.date(year, 12, 31), []
    book = selectors.ruleset_book(ruleset)
    nodes = selectors.tree_nodes(day)
    codes = {org_id: node.code for org_id, node in nodes.items()}
    wanted = _within(org_code, day) if org_code else None

    def keep(unit_id: int, decider: deciders.Decider) -> bool:
        return wanted is None or unit_id in wanted or decider.org_id in wanted

    def decider_of(decider: deciders.Decider) -> dict[str, Any]:
        return {"org_code": codes.get(decider.org_id or 0), "body_kind": decider.body or None}

    def pool(decider: deciders.Decider, group: str, person: bool, kind: str = RatingKind.PARTY_MEMBER) -> str:
        sample = Result(decider_org_id=decider.org_id, decider_body=decider.body, group=group, rating_kind=kind)
        sample.person_id = 0 if person else None
        return _pool(selectors.quota_key(sample, book.quota_grouping), codes)

    rows: list[dict[str, Any]] = []
    collectives = population.collectives_to_rate(day, kind_ids, ruleset_id=ruleset.pk, nodes=nodes)
    for c in collectives:
        if not keep(c.unit_id, c.decider):
            continue
        rows.append(
            {
                "year": year,
                "person_cccd": None,
                "org_code": codes.get(c.org_id),
                "body_kind": PLAN_BODY.get(c.body_kind, c.body_kind),
                "rating_kind": "collective",
                "unit_code": codes.get(c.unit_id),
                "decider": decider_of(c.decider),
                "quota_group": pool(c.decider, SubjectGroup.COLLECTIVE, person=False),
            }
        )
    people = population.people_to_rate(book, day, ruleset_id=ruleset.pk, nodes=nodes)
    seats = [s for s in people if keep(s.unit_id, s.decider)]
    cccd = dict(Person.objects.filter(cccd__isnull=False).values_list("id", "cccd")) if seats else {}
    for s in seats:
        rows.append(
            {
                "year": year,
                "person_cccd": cccd.get(s.person_id),
                "org_code": None,
                "body_kind": None,
                "rating_kind": str(s.rating_kind),
                "unit_code": codes.get(s.unit_id),
                "decider": decider_of(s.decider),
                "quota_group": pool(s.decider, s.group, person=True, kind=s.rating_kind),
            }
        )
    return rows


# --- the plan shown before opening a round (``views.cycle_open_view``) ----------------------------------

NO_DECIDER = "Không có tổ chức cấp trên trong cây tổ chức của ngày lập danh sách: không ai quyết định xếp loại"
NO_COLLECTIVE_RULE = "Bộ quy tắc không có quy định thẩm quyền xếp loại tập thể cho cấp này"
NOT_A_KIND_CHOSEN = "Không thuộc loại hình tổ chức được chọn cho đợt"


@dataclass(frozen=True)
class DeciderLine:
    """A deciding body and how many subjects the round would give it."""

    org_id: int
    label: str  # "Ban thường vụ Đảng bộ huyện A" (``deciders.label``)
    members: int
    collectives: int
    not_ranked: int  # members the rules do not rank (recorded with their reason)
    by_default: int  # subjects no rule of the rule set covers: the committee directly above decides


@dataclass(frozen=True)
class UnitGap:
    """A unit whose subjects have no decider, or an organisation the rule set does not rate, and why."""

    org_id: int
    name: str
    subjects: int
    reason: str


@dataclass(frozen=True)
class PlanSummary:
    deciders: list[DeciderLine]
    members: int
    collectives: int
    no_decider: list[UnitGap] = field(default_factory=list)
    # (level name, organisations of that level not rated as collectives, why)
    not_rated: list[tuple[str, int, str]] = field(default_factory=list)


def plan_summary(*, ruleset: RuleSet, day: dt.date, kind_ids: list[int]) -> PlanSummary:
    """What opening a round with ``ruleset``, population date ``day`` and the organisation kinds
    ``kind_ids`` (none: those the collective rules cover) would put on the boards, read exactly as
    ``services.cycle_populate`` opens it (``population``): per deciding body, the members and collectives
    it would decide; the units whose subjects nobody decides, with the reason; the levels of organisations
    the rule set does not rate as collectives. A constant number of queries whatever the province's size."""
    book = selectors.ruleset_book(ruleset)
    nodes = selectors.tree_nodes(day)
    names = dict(Placement.objects.as_of(day).values_list("org_id", "name"))
    counts: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    gaps: Counter[int] = Counter()
    collectives = population.collectives_to_rate(day, kind_ids, ruleset_id=ruleset.pk, nodes=nodes)
    members = list(population.people_to_rate(book, day, ruleset_id=ruleset.pk, nodes=nodes))
    seats: list[population.Seat | population.CollectiveSeat] = [*collectives, *members]
    for seat in seats:
        decider = seat.decider
        if decider.org_id is None:
            gaps[seat.unit_id] += 1
            continue
        tally = counts[(decider.org_id, decider.body)]
        if isinstance(seat, population.Seat):
            tally["members"] += 1
            tally["not_ranked"] += bool(seat.not_ranked_reason)
            tally["by_default"] += decider.rule is None
        else:
            tally["collectives"] += 1
            # a đảng đoàn is decided by its committee's standing committee by the Charter, not by default
            tally["by_default"] += decider.rule is None and seat.body_kind not in PARTY_BODY_KINDS
    lines = [
        DeciderLine(
            org_id=org_id,
            label=deciders.label(body, names.get(org_id, "")),
            members=tally["members"],
            collectives=tally["collectives"],
            not_ranked=tally["not_ranked"],
            by_default=tally["by_default"],
        )
        for (org_id, body), tally in counts.items()
    ]
    lines.sort(key=lambda line: (nodes[line.org_id].code if line.org_id in nodes else "", line.label))
    rated = {seat.org_id for seat in collectives}
    levels = dict(OrgLevel.objects.values_list("code", "name"))
    not_rated = Counter(levels.get(node.level, node.level) for org_id, node in nodes.items() if org_id not in rated)
    why = NOT_A_KIND_CHOSEN if kind_ids else NO_COLLECTIVE_RULE
    return PlanSummary(
        deciders=lines,
        members=len(members),
        collectives=len(collectives),
        no_decider=[
            UnitGap(org_id, names.get(org_id, ""), count, NO_DECIDER) for org_id, count in sorted(gaps.items())
        ],
        not_rated=[(level, count, why) for level, count in sorted(not_rated.items())],
    )
