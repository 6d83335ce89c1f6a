"""Who a cycle rates, read in bulk: every party member active in a cell on the population date, with the
cell whose board rates him, the level that decides (the cell's parent), his group of similar roles, and
the reason the rules do not rank him. A constant number of queries whatever the size of the province,
so that ``services.cycle_open(populate=True)`` opens a monthly cycle of 100,000 people in seconds.

Groups: a post carrying a management category makes a leader ("cán bộ lãnh đạo, quản lý"); else a seat
in a committee or standing committee makes a committee member; else a member without a post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from pbms.evaluations import rules
from pbms.evaluations.models import SubjectGroup, Suspension
from pbms.orgs.models import Placement
from pbms.people.models import BodyMembership, CellMembership, MembershipEvent, Position
from pbms.people.selectors import held_on

EventKind = MembershipEvent.Kind


@dataclass(frozen=True)
class Seat:
    person_id: int
    unit_id: int
    decider_id: int | None
    group: str
    not_ranked_reason: str


def _exempt(day: dt.date) -> set[int]:
    """Memberships exempt on ``day``: their last exemption event up to that day opened it."""
    last: dict[int, str] = {}
    rows = (
        MembershipEvent.objects.filter(kind__in=(EventKind.EXEMPTED, EventKind.EXEMPTION_ENDED), date__lte=day)
        .order_by("membership_id", "date", "id")
        .values_list("membership_id", "kind")
    )
    for membership_id, kind in rows:
        last[membership_id] = kind
    return {m for m, kind in last.items() if kind == EventKind.EXEMPTED}


def people_to_rate(book: rules.RuleBook, day: dt.date) -> Iterator[Seat]:
    """The people a cycle with population date ``day`` rates, one ``Seat`` each (six queries)."""
    parents = dict(Placement.objects.as_of(day).values_list("org_id", "parent_id"))
    leaders = set(
        Position.objects.filter(held_on(day), categories__isnull=False).values_list("person_id", flat=True).distinct()
    )
    committee = set(
        BodyMembership.objects.filter(held_on(day), body__kind__in=("committee", "standing"))
        .values_list("person_id", flat=True)
        .distinct()
    )
    exempt = _exempt(day)
    suspended = set(
        Suspension.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day), starts_on__lte=day).values_list(
            "person_id", flat=True
        )
    )
    rows = (
        CellMembership.objects.filter(held_on(day))
        .order_by("membership__person_id", "-valid_from")
        .values_list("membership__person_id", "membership_id", "membership__admitted_on", "cell_id")
    )
    seen: set[int] = set()
    for person_id, membership_id, admitted_on, cell_id in rows.iterator(chunk_size=5000):
        if person_id in seen:
            continue
        seen.add(person_id)
        group = (
            SubjectGroup.LEADER
            if person_id in leaders
            else SubjectGroup.COMMITTEE_MEMBER
            if person_id in committee
            else SubjectGroup.MEMBER
        )
        facts = rules.SubjectFacts(
            admitted_on=admitted_on, exempt=membership_id in exempt, suspended=person_id in suspended
        )
        not_ranked = rules.not_ranked_reason(book, facts, day)
        yield Seat(
            person_id=person_id,
            unit_id=cell_id,
            decider_id=parents.get(cell_id),
            group=group,
            not_ranked_reason=not_ranked.reason if not_ranked is not None else "",
        )
