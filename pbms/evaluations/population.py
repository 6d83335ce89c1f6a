"""Who a cycle rates, read in bulk: every party member active in a cell on the population date, with the
cell whose board rates him, the body that decides (the rule set's ``DecidingRule`` rows through
``deciders.resolve``: the đảng ủy cơ sở, or a chi bộ cơ sở for its own members), his group of similar
roles, and the reason the rules do not rank him. A constant number of queries whatever the size of the province,
so that ``services.cycle_open(populate=True)`` opens a monthly cycle of 100,000 people in seconds.

Groups: a post carrying a management category makes a leader ("cán bộ lãnh đạo, quản lý"); else a seat
in a committee or standing committee makes a committee member; else a member without a post. A leader is
rated twice (issue 14 §2): as a party member, decided at the grassroots like any member, and as a cadre,
decided by the body managing the most senior category of his posts (``deciders.for_cadre``); a second
``Seat`` of ``rating_kind`` "cadre" carries the latter.

Collectives (``collectives_to_rate``, three queries): the organisations of the cycle's kinds on the date (by
default every organisation a collective rule of the rule set covers: chi bộ and đảng bộ bộ phận too, decided
by the đảng ủy cơ sở), each as a whole and through its committee and
standing committee when a term running on the date has them, and the đảng đoàn and ban cán sự đảng of those
terms while they exist (``selectors.bodies_on``). Collectives are always ranked (``rules.not_ranked_reason``).

``new_member_results`` and ``new_collective_results`` turn them into the unsaved results a cycle still lacks,
which ``services.cycle_populate`` writes.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.db.models import Q

from pbms.evaluations import deciders, rules, selectors
from pbms.evaluations.models import (
    DECIDED_STATES,
    PARTY_BODY_KINDS,
    Cycle,
    DecidingSubject,
    RatedBody,
    RatingKind,
    Result,
    SubjectGroup,
    Suspension,
)
from pbms.orgs.models import Placement
from pbms.people.models import BodyMembership, CellMembership, MembershipEvent
from pbms.people.selectors import held_on

EventKind = MembershipEvent.Kind


@dataclass(frozen=True)
class Seat:
    person_id: int
    unit_id: int
    decider: deciders.Decider
    group: str
    not_ranked_reason: str
    rating_kind: str = RatingKind.PARTY_MEMBER

    @property
    def decider_id(self) -> int | None:
        return self.decider.org_id


# Bodies rated with their organisation, in the order a board lists them.
RATED_BODY_KINDS = (RatedBody.COMMITTEE, RatedBody.STANDING, *PARTY_BODY_KINDS)


@dataclass(frozen=True)
class CollectiveSeat:
    """A collective a cycle rates: an organisation (``body_kind`` "org") or one of its bodies."""

    org_id: int
    body_kind: str
    body_id: int | None  # a đảng đoàn or ban cán sự đảng, named (``Result.body``)
    unit_id: int
    decider: deciders.Decider
    level: str  # the organisation's level code on the date

    @property
    def decider_id(self) -> int | None:
        return self.decider.org_id

    @property
    def key(self) -> tuple[int, str, int | None]:
        """What makes the result unique in a cycle (``Result``'s constraints)."""
        return (self.org_id, self.body_kind, self.body_id)


def collectives_to_rate(
    day: dt.date, kind_ids: Iterable[int] = (), *, ruleset_id: int, nodes: Mapping[int, deciders.Node] | None = None
) -> list[CollectiveSeat]:
    """The collectives a cycle with population date ``day`` and rule set ``ruleset_id`` rates, for the
    organisations of ``kind_ids`` (none: those a collective rule of the rule set covers), in order of
    organisation, then the organisation, its committee, standing committee, đảng đoàn and ban cán sự đảng
    (three queries, ``nodes`` the tree of the day when the caller has it). An organisation, its committee
    and standing committee are decided by the body the rule names (``deciders.resolve``; an organisation of
    a kind named by the cycle but no rule: the standing committee directly above); a đảng đoàn or ban cán
    sự đảng is led by the standing committee of the committee that set it up, whose organisation rates and
    decides it (``services._subject``)."""
    kinds = list(kind_ids)
    nodes = selectors.tree_nodes(day) if nodes is None else nodes
    book = selectors.deciding_rules(ruleset_id)
    placements = Placement.objects.as_of(day)
    orgs: dict[int, deciders.Decider] = {}
    if kinds:
        for org_id in placements.filter(kind_id__in=kinds).values_list("org_id", flat=True):
            orgs[org_id] = deciders.for_unit(book, DecidingSubject.COLLECTIVE, org_id, nodes)
    else:
        for node in nodes.values():
            found = deciders.resolve(book, DecidingSubject.COLLECTIVE, node, nodes)
            if found is not None:
                orgs[node.org_id] = found
    bodies: dict[int, list[tuple[str, int]]] = {}
    rows = selectors.bodies_on(day, RATED_BODY_KINDS).filter(term__org_id__in=list(orgs))
    for body_id, kind, org_id in rows.order_by("id").values_list("id", "kind", "term__org_id"):
        bodies.setdefault(org_id, []).append((kind, body_id))
    order: dict[str, int] = {kind: index for index, kind in enumerate(RATED_BODY_KINDS)}
    led = deciders.PARTY_BODY_BODY
    found_seats = []
    for org_id in sorted(orgs):
        decider, level = orgs[org_id], nodes[org_id].level
        found_seats.append(CollectiveSeat(org_id, RatedBody.ORG, None, org_id, decider, level))
        seen: set[str] = set()
        for kind, body_id in sorted(bodies.get(org_id, ()), key=lambda b: (order[b[0]], b[1])):
            if kind in PARTY_BODY_KINDS:
                found_seats.append(CollectiveSeat(org_id, kind, body_id, org_id, deciders.Decider(org_id, led), level))
            elif kind not in seen:  # one committee, one standing committee a term; terms do not overlap
                seen.add(kind)
                found_seats.append(CollectiveSeat(org_id, kind, None, org_id, decider, level))
    return found_seats


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


def people_to_rate(
    book: rules.RuleBook, day: dt.date, *, ruleset_id: int, nodes: Mapping[int, deciders.Node] | None = None
) -> Iterator[Seat]:
    """The people a cycle with population date ``day`` and rule set ``ruleset_id`` rates, one ``Seat``
    each, with who decides, and a second one for the cadre rating of a leader the cadre rules cover (seven
    queries; six with ``nodes``, the tree of the day)."""
    nodes = selectors.tree_nodes(day) if nodes is None else nodes
    deciding = selectors.deciding_rules(ruleset_id)
    # one resolution per cell, not per member: a province has a few thousand cells, a hundred thousand members
    by_cell: dict[int, deciders.Decider] = {}
    categories = selectors.cadre_categories(day)
    leaders = set(categories)
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
        decider = by_cell.get(cell_id)
        if decider is None:
            decider = by_cell[cell_id] = deciders.for_unit(deciding, DecidingSubject.MEMBER, cell_id, nodes)
        yield Seat(
            person_id=person_id,
            unit_id=cell_id,
            decider=decider,
            group=group,
            not_ranked_reason=not_ranked.reason if not_ranked is not None else "",
        )
        if person_id in leaders:
            cadre = deciders.for_cadre(deciding, categories[person_id], cell_id, nodes)
            if cadre is not None:
                # The not-ranked clauses (exempt, suspended, recently admitted) concern party membership:
                # the cadre rating is the managing body's, of the post (domain-rules.md §1.6a).
                yield Seat(person_id, cell_id, cadre, SubjectGroup.LEADER, "", RatingKind.CADRE)


# --- the results a cycle opens (unsaved: services.cycle_populate writes them) -----------------------------


def new_member_results(cycle: Cycle) -> Iterator[Result]:
    """An unsaved result for each person ``people_to_rate`` finds who has none in ``cycle`` yet."""
    book = selectors.ruleset_book(cycle.ruleset)
    present = set(
        Result.objects.filter(cycle=cycle, person__isnull=False).values_list("person_id", "rating_kind").order_by()
    )
    # one model instance built, the others copied from it: Model.__init__ is most of the time otherwise
    template = Result(cycle_id=cycle.pk, group=SubjectGroup.MEMBER)
    for seat in people_to_rate(book, cycle.population_on, ruleset_id=cycle.ruleset_id):
        if (seat.person_id, seat.rating_kind) in present:
            continue
        row = copy.copy(template)
        row.__dict__.update(
            person_id=seat.person_id,
            rating_kind=seat.rating_kind,
            unit_id=seat.unit_id,
            decider_org_id=seat.decider_id,
            decider_body=seat.decider.body,
            decider_rule_id=seat.decider.rule_id,
            group=seat.group,
            not_ranked_reason=seat.not_ranked_reason,
        )
        yield row


def new_collective_results(cycle: Cycle) -> list[Result]:
    """An unsaved result for each collective ``collectives_to_rate`` finds (for the cycle's kinds) that has
    none in ``cycle`` yet (five queries)."""
    kind_ids = list(cycle.org_kinds.values_list("id", flat=True))
    present = set(Result.objects.filter(cycle=cycle, person__isnull=True).values_list("org_id", "body_kind", "body_id"))
    template = Result(cycle_id=cycle.pk, group=SubjectGroup.COLLECTIVE, rating_kind=RatingKind.COLLECTIVE)
    rows = []
    for seat in collectives_to_rate(cycle.population_on, kind_ids, ruleset_id=cycle.ruleset_id):
        if seat.key in present:
            continue
        row = copy.copy(template)
        row.__dict__.update(
            org_id=seat.org_id,
            body_kind=seat.body_kind,
            body_id=seat.body_id,
            unit_id=seat.unit_id,
            decider_org_id=seat.decider_id,
            decider_body=seat.decider.body,
            decider_rule_id=seat.decider.rule_id,
        )
        rows.append(row)
    return rows


def stale_deciders(cycle: Cycle) -> list[Result]:
    """The results of ``cycle`` not yet decided whose deciding body the rule set now names otherwise (opened
    before the deciding rules, or before a change of the tree or of the rules), with the body it names set,
    unsaved (four queries). A decided result keeps the body that decided it; a đảng đoàn or ban cán sự đảng
    is decided by its own organisation whatever the rules."""
    nodes = selectors.tree_nodes(cycle.population_on)
    deciding = selectors.deciding_rules(cycle.ruleset_id)
    categories = selectors.cadre_categories(cycle.population_on)
    names = ("id", "person_id", "unit_id", "decider_org_id", "decider_body", "decider_rule_id", "rating_kind")
    rows = (
        Result.objects.filter(cycle=cycle, body__isnull=True)
        .exclude(state__in=DECIDED_STATES)
        .order_by("id")
        .values_list(*names)
    )
    stale = []
    for pk, person_id, unit_id, org_id, body, rule_id, kind in rows:
        if kind == RatingKind.CADRE:
            # a cadre no longer in a category the rules cover keeps the body named when it was opened
            found = deciders.for_cadre(deciding, categories.get(person_id, ()), unit_id, nodes)
            if found is None:
                continue
            decider = found
        else:
            subject = DecidingSubject.MEMBER if person_id is not None else DecidingSubject.COLLECTIVE
            decider = deciders.for_unit(deciding, subject, unit_id, nodes)
        if (org_id, body, rule_id) != (decider.org_id, decider.body, decider.rule_id):
            stale.append(
                Result(pk=pk, decider_org_id=decider.org_id, decider_body=decider.body, decider_rule_id=decider.rule_id)
            )
    return stale
