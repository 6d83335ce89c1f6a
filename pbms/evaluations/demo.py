"""Ratings of the demo province: closed yearly cycles 2021–2025 with decided (and announced) results, and
an open 2026 cycle in several states, written in bulk after the people (``demo_province``) or later on an
already-loaded database (``manage.py demo_ratings``). Deterministic for a seed.

Who is rated each year (as of 15/12): the province, every district-level committee (to 30/6/2025; then
the communes, wards and committees directly under the Tỉnh ủy), every grassroots organisation and every
chi bộ and đảng bộ bộ phận under one, as an organisation and through its committee and standing committee
where it has them, each decided by the body the rule set's deciding rules name (``deciders``: the standing
committee directly above, or for a chi bộ or đảng bộ bộ phận the đảng ủy cơ sở); the province's đảng đoàn
and ban cán sự đảng while they exist (2021–2024: they ended on 01/7/2025), decided by the province; and the
leaders: the holders of posts that carry a management category, and the members of committees, standing
committees and inspection commissions, decided as party members at the grassroots; and the holders of
posts that carry a management category once more, as cadres, decided by the standing committee managing the
category (``deciders.for_cadre``): their cadre rating is what seed 000's targets 9 and 10 count; a cadre
rated "Không hoàn thành nhiệm vụ" is rated so as a party member too (the rule set's link clause). Not every
member: seed 000's rating targets (1, 2, 9, 10) count only these.

Districts differ: each level-2 committee gets a tier (good, fair, weak, in turn, shifted by the seed) that
sets the chances of a level below "Hoàn thành tốt nhiệm vụ", so that the targets are met in some districts
and missed in others. The rules hold: a few leaders of weak districts are disciplined in the year and rated
"Không hoàn thành nhiệm vụ", the collectives above them are not rated excellent, and the number rated
excellent stays within the quota of each group of each deciding level. In ``TARGET_1_YEARS`` every standing
committee of the province and district level is rated good or better, so that seed 000's target 1 is met
over the province in those years and missed in the others. 2025 (QĐ 366) carries points that agree with the
level's band, and so do the self-assessments of the open cycle; each result with points has its points per
criterion of its group's template (``CriterionScore``), adding up to its general and task points.

The 2026 cycle rates every member (``population.people_to_rate``) and the collectives; its units are in
turn pending, self-assessed or proposed, and one unit is decided.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db import connection, transaction

from pbms.accounts.models import Assignment, User
from pbms.audit.services import audit_record
from pbms.evaluations import deciders, population, rules, selectors
from pbms.evaluations.models import (
    Criterion,
    CriterionScore,
    CriterionSection,
    Cycle,
    CycleKind,
    DecidingSubject,
    Discipline,
    DisciplineForm,
    Level,
    RatedBody,
    RatingKind,
    Result,
    ResultState,
    SubjectGroup,
)
from pbms.evaluations.services import cycle_name, results_insert
from pbms.lib.bulk import copy_tuples
from pbms.lib.exceptions import ApplicationError
from pbms.orgs.models import Placement
from pbms.people.models import BodyMembership, CellMembership, Person, Position
from pbms.people.rules import PARTY_BODIES_ENDED_ON
from pbms.people.selectors import held_on

YEARS = (2021, 2022, 2023, 2024, 2025)
OPEN_YEAR = 2026
TIERS = ("good", "fair", "weak")
BATCH = 5000
E, G, C, KHT = Level.EXCELLENT, Level.GOOD, Level.COMPLETE, Level.INCOMPLETE

# Chances of "complete" and "incomplete" by tier and kind of subject; the rest is good or excellent.
# "top": the standing committees and committees of the province and district level (target 1: all of
# them good or better); "base": grassroots organisations and their committees (target 2: 95 %); "leader":
# committee members and leaders (targets 9 and 10: 100 % and 95 %).
BELOW_GOOD: dict[str, dict[str, tuple[float, float]]] = {
    "good": {"top": (0.0, 0.0), "base": (0.02, 0.0), "leader": (0.0, 0.0)},
    "fair": {"top": (0.25, 0.0), "base": (0.05, 0.005), "leader": (0.03, 0.0)},
    "weak": {"top": (0.6, 0.0), "base": (0.1, 0.02), "leader": (0.08, 0.01)},
}
EXCELLENT_SHARE = 0.2  # of those good or better, before the quota trims them
# Years in which every standing committee of the province and district level is good or better (target 1 met).
TARGET_1_YEARS = (2022, 2024)
POINTS: dict[str, tuple[int, int]] = {E: (90, 98), G: (72, 89), C: (52, 69), KHT: (35, 49)}


@dataclass
class RatingTotals:
    by_year: dict[int, int] = field(default_factory=dict)
    disciplines: int = 0
    open_results: int = 0
    open_states: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class _Subject:
    """One result to write: a person (``person_id``) or a collective (``org_id`` and ``body_kind``)."""

    unit_id: int
    decider: deciders.Decider
    group: str
    kind: str  # "top", "base", "leader": which chances apply
    person_id: int | None = None
    org_id: int | None = None
    body_kind: str = ""
    body_id: int | None = None  # a đảng đoàn or ban cán sự đảng
    ceiling: str = ""  # the best level the rules allow ("" none)
    floor: str = ""  # the worst level the demo draws ("" none): TARGET_1_YEARS
    not_ranked: str = ""  # why the rules do not rank this person ("" ranked)
    level: str = ""
    rating_kind: str = ""  # "" : a person's party-member rating, or a collective's

    @property
    def kind_of_rating(self) -> str:
        if self.rating_kind:
            return self.rating_kind
        return RatingKind.PARTY_MEMBER if self.person_id is not None else RatingKind.COLLECTIVE

    @property
    def decider_id(self) -> int | None:
        return self.decider.org_id


@dataclass
class _Tree:
    """The organisations on a day: parent, ids from the root, level, and the tier of their district."""

    parent: dict[int, int | None]
    path: dict[int, list[int]]
    level: dict[int, str]
    tier: dict[int, str]
    nodes: dict[int, deciders.Node]

    @classmethod
    def load(cls, day: dt.date, seed: int) -> _Tree:
        rows = Placement.objects.as_of(day).values_list("org_id", "parent_id", "path", "kind__level__code")
        parent: dict[int, int | None] = {}
        path: dict[int, list[int]] = {}
        level: dict[int, str] = {}
        for org_id, parent_id, text, code in rows:
            parent[org_id] = parent_id
            path[org_id] = [int(part) for part in text.strip("/").split("/") if part]
            level[org_id] = code
        second = sorted(o for o, ids in path.items() if len(ids) == 2)
        tiers = {o: TIERS[(index + seed) % len(TIERS)] for index, o in enumerate(second)}
        tier = {o: tiers.get(ids[1], "fair") if len(ids) > 1 else "good" for o, ids in path.items()}
        return cls(parent=parent, path=path, level=level, tier=tier, nodes=selectors.tree_nodes(day))

    def grassroots_above(self, org_id: int) -> list[int]:
        return [o for o in self.path.get(org_id, []) if self.level.get(o) in ("grassroots", "upper_grassroots")]


def demo_ratings_present() -> bool:
    return Result.objects.filter(cycle__kind=CycleKind.YEAR, cycle__year__in=(*YEARS, OPEN_YEAR)).exists()


def demo_ratings_create(*, actor: User, seed: int, open_year: bool = True) -> RatingTotals:
    """Write the demo's ratings in one transaction; refuse when any rating of those years is there."""
    started = time.perf_counter()
    totals = RatingTotals()
    with transaction.atomic():
        if demo_ratings_present():
            raise ApplicationError(
                "Cơ sở dữ liệu đã có kết quả xếp loại năm 2021–2026: không ghi thêm kết quả mẫu nào."
            )
        if not Placement.objects.filter(parent__isnull=True).exists():
            raise ApplicationError("Chưa có cây tổ chức: hãy nạp tỉnh mẫu (demo_province) trước.")
        for year in YEARS:
            totals.by_year[year], disciplined = _closed_year(actor=actor, seed=seed, year=year)
            totals.disciplines += disciplined
        if open_year:
            totals.open_states = _open_year(actor=actor, seed=seed)
            totals.open_results = sum(totals.open_states.values())
        audit_record(
            actor=actor,
            action="demo.ratings",
            object_repr="Kết quả xếp loại mẫu",
            changes={"seed": seed, "by_year": {str(k): v for k, v in totals.by_year.items()}},
        )
    totals.seconds = time.perf_counter() - started
    return totals


# --- who is rated ----------------------------------------------------------------------------------------


def _collectives(tree: _Tree, day: dt.date, ruleset_id: int) -> list[_Subject]:
    """The organisations rated on ``day`` with their committee and standing committee, decided by the body
    the rule set's deciding rules name (``population.collectives_to_rate``): chi bộ and đảng bộ bộ phận by
    the đảng ủy cơ sở, grassroots organisations and above by the standing committee directly above."""
    found = []
    for c in population.collectives_to_rate(day, ruleset_id=ruleset_id, nodes=tree.nodes):
        if c.body_id is not None:  # đảng đoàn, ban cán sự đảng: ``_party_bodies``
            continue
        top = c.level in ("province", "upper_grassroots")
        found.append(
            _Subject(
                unit_id=c.unit_id,
                decider=c.decider,
                group=SubjectGroup.COLLECTIVE,
                kind="base" if not top or (c.body_kind == RatedBody.ORG and c.level != "province") else "top",
                org_id=c.org_id,
                body_kind=c.body_kind,
            )
        )
    return found


def _party_bodies(day: dt.date, ruleset_id: int, tree: _Tree) -> tuple[list[_Subject], dict[int, set[int]]]:
    """The đảng đoàn and ban cán sự đảng rated on ``day`` (on their organisation's board, decided by it:
    ``population.collectives_to_rate``), and {person: those of them that seat him}."""
    if day >= PARTY_BODIES_ENDED_ON:
        return [], {}
    found = [
        _Subject(
            unit_id=c.unit_id,
            decider=c.decider,
            group=SubjectGroup.COLLECTIVE,
            kind="top",
            org_id=c.org_id,
            body_kind=c.body_kind,
            body_id=c.body_id,
        )
        for c in population.collectives_to_rate(day, ruleset_id=ruleset_id, nodes=tree.nodes)
        if c.body_id is not None
    ]
    seats: dict[int, set[int]] = defaultdict(set)
    rows = BodyMembership.objects.filter(held_on(day), body_id__in=[s.body_id for s in found])
    for person_id, body_id in rows.values_list("person_id", "body_id"):
        seats[person_id].add(body_id)
    return found, seats


def _leaders(tree: _Tree, day: dt.date, ruleset_id: int) -> tuple[list[_Subject], dict[int, set[int]]]:
    """The leaders rated on ``day``, decided as party members (``deciders.resolve``), and {person:
    organisations whose bodies seat him}."""
    rules_ = selectors.deciding_rules(ruleset_id)
    categorized = dict(
        Position.objects.filter(held_on(day), categories__isnull=False)
        .order_by("person_id", "-is_head", "id")
        .values_list("person_id", "org_id")
    )
    seats: dict[int, set[int]] = defaultdict(set)
    for person_id, org_id in BodyMembership.objects.filter(
        held_on(day), body__kind__in=("committee", "standing", "inspection")
    ).values_list("person_id", "body__term__org_id"):
        seats[person_id].add(org_id)
    wanted = set(categorized) | set(seats)
    cells = dict(
        CellMembership.objects.filter(held_on(day), membership__person_id__in=wanted).values_list(
            "membership__person_id", "cell_id"
        )
    )
    found = []
    for person_id in sorted(wanted):
        unit = cells.get(person_id) or categorized.get(person_id) or min(seats[person_id])
        if unit not in tree.parent:
            continue
        decider = deciders.resolve(rules_, DecidingSubject.MEMBER, tree.nodes[unit], tree.nodes)
        found.append(
            _Subject(
                unit_id=unit,
                decider=decider or deciders.Decider(tree.parent[unit], ""),
                group=SubjectGroup.LEADER if person_id in categorized else SubjectGroup.COMMITTEE_MEMBER,
                kind="leader",
                person_id=person_id,
            )
        )
    return found, seats


def _cadres(tree: _Tree, day: dt.date, ruleset_id: int, leaders: list[_Subject]) -> list[_Subject]:
    """The cadre rating of each leader holding a post of a management category, on the same board as his
    party-member rating, decided by the body managing the category; a disciplined leader's ceiling holds
    for both."""
    rules_ = selectors.deciding_rules(ruleset_id)
    categories = selectors.cadre_categories(day)
    found = []
    for s in leaders:
        if s.person_id is None or s.person_id not in categories:
            continue
        decider = deciders.for_cadre(rules_, categories[s.person_id], s.unit_id, tree.nodes)
        if decider is not None:
            found.append(
                _Subject(
                    unit_id=s.unit_id,
                    decider=decider,
                    group=SubjectGroup.LEADER,
                    kind="leader",
                    person_id=s.person_id,
                    ceiling=s.ceiling,
                    rating_kind=RatingKind.CADRE,
                )
            )
    return found


def _link_cadres(leaders: list[_Subject], cadres: list[_Subject]) -> None:
    """A cadre rated "Không hoàn thành nhiệm vụ" is rated so as a party member (clause ``cadre_incomplete``)."""
    failed = {s.person_id for s in cadres if s.level == KHT}
    for s in leaders:
        if s.person_id in failed:
            s.level = KHT


# --- levels ------------------------------------------------------------------------------------------------


def _draw(rng: random.Random, tier: str, kind: str) -> str:
    complete, incomplete = BELOW_GOOD[tier][kind]
    roll = rng.random()
    if roll < incomplete:
        return KHT
    if roll < incomplete + complete:
        return C
    return E if rng.random() < EXCELLENT_SHARE else G


def _within_quota(subjects: Iterable[_Subject], book: rules.RuleBook) -> None:
    """Trim "excellent" to the quota of each group of each deciding level (the rule set's grouping)."""
    groups: dict[tuple[object, ...], list[_Subject]] = defaultdict(list)
    for s in subjects:
        sample = Result(
            decider_org_id=s.decider_id, decider_body=s.decider.body, group=s.group, rating_kind=s.kind_of_rating
        )
        sample.person_id = s.person_id
        groups[selectors.quota_key(sample, book.quota_grouping)].append(s)
    for rows in groups.values():
        excellent = [s for s in rows if s.level == E]
        good = sum(1 for s in rows if s.level == G)
        while excellent and len(excellent) > rules.quota_allowed(book, good):
            excellent.pop().level = G
            good += 1


def _rate(subjects: list[_Subject], tree: _Tree, rng: random.Random, book: rules.RuleBook) -> None:
    for s in subjects:
        level = _draw(rng, tree.tier.get(s.unit_id, "fair"), s.kind)
        level = s.floor if s.floor and rules.is_above(s.floor, level) else level
        s.level = level if not s.ceiling or not rules.is_above(level, s.ceiling) else s.ceiling
    _within_quota(subjects, book)


def _discipline(
    *, actor: User, rng: random.Random, year: int, tree: _Tree, leaders: list[_Subject]
) -> list[Discipline]:
    """One leader of each weak district disciplined (khiển trách) in the year: rated "Không hoàn thành nhiệm
    vụ", and the collectives he belongs to (the organisations above his unit, the bodies that seat him)
    not above "Hoàn thành tốt nhiệm vụ"."""
    by_district: dict[int, list[_Subject]] = defaultdict(list)
    for s in leaders:
        ids = tree.path.get(s.unit_id, [])
        if len(ids) > 1 and tree.tier.get(s.unit_id) == "weak":
            by_district[ids[1]].append(s)
    rows = []
    for district in sorted(by_district):
        s = rng.choice(by_district[district])
        s.ceiling = KHT
        assert s.person_id is not None
        rows.append(
            Discipline(
                person_id=s.person_id,
                form=DisciplineForm.REPRIMAND,
                date=dt.date(year, rng.randint(3, 10), rng.randint(1, 28)),
                decision_ref=f"{rng.randint(10, 299)}-QĐ/UBKT",
                note="Dữ liệu mẫu",
                created_by=actor,
            )
        )
    Discipline.objects.bulk_create(rows)
    return rows


def _cap_collectives(
    collectives: list[_Subject],
    disciplined: list[_Subject],
    tree: _Tree,
    seats: dict[int, set[int]],
    party_seats: dict[int, set[int]],
) -> None:
    above: set[int] = set()
    seated: set[int] = set()
    seated_bodies: set[int] = set()
    for s in disciplined:
        above.update(tree.path.get(s.unit_id, []))
        seated.update(seats.get(s.person_id or 0, ()))
        seated_bodies.update(party_seats.get(s.person_id or 0, ()))
    for c in collectives:
        if c.body_id is not None:
            capped = c.body_id in seated_bodies
        elif c.body_kind == RatedBody.ORG:
            capped = c.org_id in above
        else:
            capped = c.org_id in seated
        if capped:
            c.ceiling = G


def _points(rng: random.Random, level: str) -> tuple[Decimal, Decimal, Decimal]:
    low, high = POINTS[level]
    total = rng.randint(low, high)
    general = min(30, round(total * 0.3))
    return Decimal(general), Decimal(total - general), Decimal(total)


# --- closed years ------------------------------------------------------------------------------------------


def _cycle(year: int, day: dt.date, *, closed: bool, **deadlines: dt.date) -> Cycle:
    cycle, _ = Cycle.objects.get_or_create(
        year=year,
        kind=CycleKind.YEAR,
        period=0,
        defaults={
            "name": cycle_name(year, CycleKind.YEAR, 0),
            "ruleset": selectors.ruleset_for_year(year),
            "population_on": day,
            "closed": closed,
            **deadlines,
        },
    )
    return cycle


def _closed_year(*, actor: User, seed: int, year: int) -> tuple[int, int]:
    day = dt.date(year, 12, 15)
    rng = random.Random(f"{seed}/ratings/{year}")  # noqa: S311 - synthetic data, not secrets
    tree = _Tree.load(day, seed)
    cycle = _cycle(year, day, closed=True)
    book = selectors.ruleset_book(cycle.ruleset)
    collectives = _collectives(tree, day, cycle.ruleset_id)
    leaders, seats = _leaders(tree, day, cycle.ruleset_id)
    # after the leaders, so that the draws of the others do not depend on whether these exist
    party, party_seats = _party_bodies(day, cycle.ruleset_id, tree)
    disciplines = _discipline(actor=actor, rng=rng, year=year, tree=tree, leaders=leaders)
    _cap_collectives(collectives + party, [s for s in leaders if s.ceiling == KHT], tree, seats, party_seats)
    if year in TARGET_1_YEARS:
        for s in collectives:
            if s.kind == "top" and s.body_kind == RatedBody.STANDING:
                s.floor = G
    cadres = _cadres(tree, day, cycle.ruleset_id, leaders)
    # the cadres last, so that the draws of the others do not depend on whether these exist
    subjects = collectives + leaders + party + cadres
    _rate(subjects, tree, rng, book)
    _link_cadres(leaders, cadres)
    _within_quota(subjects, book)  # a leader lowered by the link no longer counts as "good" in his pool
    decided_on = dt.date(year + 1, 1, 20)
    announced = year < YEARS[-1]
    rows = []
    for s in subjects:
        general, tasks, total = _points(rng, s.level) if book.scored else (None, None, None)
        rows.append(
            Result(
                cycle=cycle,
                person_id=s.person_id,
                org_id=s.org_id,
                body_kind=s.body_kind,
                body_id=s.body_id,
                rating_kind=s.kind_of_rating,
                unit_id=s.unit_id,
                decider_org_id=s.decider_id,
                decider_body=s.decider.body,
                decider_rule_id=s.decider.rule_id,
                group=s.group,
                state=ResultState.ANNOUNCED if announced else ResultState.DECIDED,
                self_level=s.level,
                proposed_level=s.level,
                decided_level=s.level,
                points_general=general,
                points_tasks=tasks,
                points=total,
                decided_on=decided_on,
                decision_ref=f"{rng.randint(100, 999)}-QĐ/TU",
                announced_on=dt.date(year + 1, 2, 5) if announced else None,
                imported=True,
            )
        )
    results_insert(rows)
    if book.scored:
        _write_scores(cycle)
    return len(rows), len(disciplines)


# --- the open year -----------------------------------------------------------------------------------------

OPEN_DAY = dt.date(OPEN_YEAR, 12, 1)
DEADLINES = {
    "self_assess_by": dt.date(OPEN_YEAR, 12, 25),
    "comment_by": dt.date(OPEN_YEAR + 1, 1, 5),
    "propose_by": dt.date(OPEN_YEAR + 1, 1, 10),
    "decide_by": dt.date(OPEN_YEAR + 1, 1, 20),
}
TEXTS = {
    "strengths": "Hoàn thành các nhiệm vụ được giao đúng tiến độ; chấp hành tốt nội quy, quy chế.",
    "shortcomings": "Có việc còn chậm so với kế hoạch.",
    "causes": "Khối lượng công việc lớn; chủ quan trong sắp xếp thời gian.",
    "remedies": "Lập kế hoạch công việc hằng tuần, báo cáo kịp thời với chi bộ.",
}


def _demo_units(tree: _Tree) -> tuple[int | None, set[int]]:
    """The cell of the demo secretary (bithu), and the organisations of the commune office (vanphong_xa)."""
    grants = dict(
        Assignment.objects.filter(user__username__in=("bithu", "vanphong_xa")).values_list("user__username", "org_id")
    )
    commune = grants.get("vanphong_xa")
    below = {o for o, ids in tree.path.items() if commune is not None and commune in ids}
    return grants.get("bithu"), below


def _open_year(*, actor: User, seed: int) -> dict[str, int]:
    rng = random.Random(f"{seed}/ratings/{OPEN_YEAR}")  # noqa: S311 - synthetic data, not secrets
    tree = _Tree.load(OPEN_DAY, seed)
    cycle = _cycle(OPEN_YEAR, OPEN_DAY, closed=False, **DEADLINES)
    book = selectors.ruleset_book(cycle.ruleset)
    subjects = _collectives(tree, OPEN_DAY, cycle.ruleset_id)
    for seat in population.people_to_rate(book, OPEN_DAY, ruleset_id=cycle.ruleset_id, nodes=tree.nodes):
        subjects.append(
            _Subject(
                unit_id=seat.unit_id,
                decider=seat.decider,
                group=seat.group,
                kind="leader" if seat.group != SubjectGroup.MEMBER else "base",
                person_id=seat.person_id,
                not_ranked=seat.not_ranked_reason,
                rating_kind=seat.rating_kind,
            )
        )
    _rate([s for s in subjects if not s.not_ranked], tree, rng, book)
    people = [s for s in subjects if s.person_id is not None]
    _link_cadres(
        [s for s in people if s.kind_of_rating == RatingKind.PARTY_MEMBER],
        [s for s in people if s.kind_of_rating == RatingKind.CADRE],
    )
    secretary_cell, commune = _demo_units(tree)
    units = sorted({s.unit_id for s in subjects if s.person_id is not None})
    state_of = {u: _unit_state(rng, u, secretary_cell, commune) for u in units}
    decided = _decided_unit(subjects, commune, secretary_cell)
    if decided is not None:
        state_of[decided] = ResultState.DECIDED
        _within_quota([s for s in subjects if s.unit_id == decided and not s.not_ranked], book)
    counts: dict[str, int] = defaultdict(int)
    rows = []
    template = Result(cycle_id=cycle.pk, group=SubjectGroup.MEMBER)
    for s in subjects:
        rated = s.person_id is not None and not s.not_ranked
        state = state_of.get(s.unit_id, ResultState.PENDING) if rated else ResultState.PENDING
        rows.append(_open_row(template, s, state, rng, scored=book.scored, actor=actor))
        counts[state] += 1
    results_insert(rows)
    if book.scored:
        _write_scores(cycle)
    _link_secretary(subjects, secretary_cell)
    return dict(counts)


def _link_secretary(subjects: list[_Subject], secretary_cell: int | None) -> None:
    """The demo secretary's account becomes the file of a member of his cell rated in the open year, so that
    "Đánh giá của tôi" has a self-assessment to open; the account takes that member's name."""
    members = sorted(
        s.person_id for s in subjects if s.unit_id == secretary_cell and s.person_id is not None and not s.not_ranked
    )
    account = User.objects.filter(username="bithu").first()
    if not members or account is None or Person.objects.filter(user=account).exists():
        return
    person = Person.objects.get(pk=members[0])
    person.user = account
    person.save(update_fields=["user"])
    account.full_name = person.full_name
    account.save(update_fields=["full_name"])


def _unit_state(rng: random.Random, unit: int, secretary_cell: int | None, commune: set[int]) -> str:
    if unit == secretary_cell:
        return ResultState.SELF_ASSESSED  # the demo secretary has a board to comment and propose
    if unit in commune:
        return ResultState.PROPOSED if rng.random() < 0.6 else ResultState.SELF_ASSESSED
    roll = rng.random()
    return ResultState.PENDING if roll < 0.55 else ResultState.SELF_ASSESSED if roll < 0.8 else ResultState.PROPOSED


def _decided_unit(subjects: list[_Subject], commune: set[int], secretary_cell: int | None) -> int | None:
    """The largest cell of the commune office's area (else of the province), other than the secretary's."""
    sizes: dict[int, int] = defaultdict(int)
    for s in subjects:
        if s.person_id is not None and s.unit_id != secretary_cell:
            sizes[s.unit_id] += 1
    pool = [u for u in sizes if u in commune] or list(sizes)
    return max(pool, key=lambda u: (sizes[u], -u), default=None)


def _open_row(template: Result, s: _Subject, state: str, rng: random.Random, *, scored: bool, actor: User) -> Result:
    row = copy.copy(template)  # Model.__init__ would be most of the time for 100,000 members
    row.__dict__.update(
        person_id=s.person_id,
        org_id=s.org_id,
        body_kind=s.body_kind,
        body_id=s.body_id,
        rating_kind=s.kind_of_rating,
        unit_id=s.unit_id,
        decider_org_id=s.decider_id,
        decider_body=s.decider.body,
        decider_rule_id=s.decider.rule_id,
        group=s.group,
        state=state,
        not_ranked_reason=s.not_ranked,
    )
    if state == ResultState.PENDING:
        return row
    row.self_level = s.level
    if scored:
        row.points_general, row.points_tasks, row.points = _points(rng, s.level)
    for name, text in TEXTS.items():
        setattr(row, name, text)
    if state in (ResultState.PROPOSED, ResultState.DECIDED):
        row.comment = "Chi bộ thống nhất với bản tự kiểm điểm."
        row.proposed_level = s.level
    if state == ResultState.DECIDED:
        row.decided_level = s.level
        row.decided_by_id = actor.pk
        row.decided_on = dt.date(OPEN_YEAR, 12, 28)
        row.decision_ref = "15-QĐ/ĐU"
    return row


# --- points per criterion --------------------------------------------------------------------------------


def spread_points(total: Decimal, maxima: list[Decimal]) -> list[Decimal]:
    """``total`` shared among criteria worth ``maxima`` in proportion to them, in whole points (a fraction of
    ``total`` goes to the first criterion with room), each within its maximum, adding up to ``total``."""
    room = sum(maxima, Decimal(0))
    if not maxima or total < 0 or total > room:
        raise ValueError(f"{total} không chia được cho các tiêu chí tối đa {room}")
    shares = [(total * m / room).to_integral_value(rounding=ROUND_FLOOR) for m in maxima]
    left = total - sum(shares, Decimal(0))
    # whole points first to the criteria with the most room left, then the fraction
    for index in sorted(range(len(maxima)), key=lambda i: (shares[i] - maxima[i], i)):
        step = min(left, Decimal(1), maxima[index] - shares[index])
        shares[index] += step
        left -= step
    for index in range(len(maxima)):
        step = min(left, maxima[index] - shares[index])
        shares[index] += step
        left -= step
    return shares


def _write_scores(cycle: Cycle) -> None:
    """Each result of ``cycle`` with points gets its points per criterion of its group's template, adding up
    to its general and task points (three queries and the insert, whatever the number of results)."""
    templates: dict[str, dict[str, list[Criterion]]] = defaultdict(lambda: defaultdict(list))
    for criterion in Criterion.objects.filter(ruleset_id=cycle.ruleset_id).order_by("group", "section", "order"):
        templates[criterion.group][criterion.section].append(criterion)
    rows = Result.objects.filter(cycle=cycle, points__isnull=False).order_by("id")
    scores: list[tuple[int, int, Decimal]] = []
    spread: dict[tuple[str, str, Decimal], list[tuple[int, Decimal]]] = {}  # few distinct totals: share once
    for result_id, group, general, tasks in rows.values_list("id", "group", "points_general", "points_tasks"):
        sections = templates.get(group)
        if not sections:
            continue  # the administrator left this group without a template
        for section, points in ((CriterionSection.GENERAL, general), (CriterionSection.TASKS, tasks)):
            criteria = sections.get(section, [])
            if not criteria or points is None:
                continue
            key = (group, section, points)
            if key not in spread:
                shares = spread_points(points, [c.max_points for c in criteria])
                spread[key] = [(c.pk, share) for c, share in zip(criteria, shares, strict=True)]
            scores.extend((result_id, criterion_id, share) for criterion_id, share in spread[key])
    _write_tuples(CriterionScore, ("result_id", "criterion_id", "points"), scores)


def _write_tuples(model: type[CriterionScore], names: tuple[str, ...], rows: list[tuple[int, int, Decimal]]) -> None:
    """Rows of a narrow table written as plain tuples (no model instance: most of the time otherwise):
    ``COPY`` on PostgreSQL, one prepared ``INSERT`` over every row on SQLite."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        copy_tuples(model._meta.db_table, names, rows)  # the attnames are the columns
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model, values bound
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [(a, b, str(c)) for a, b, c in rows[start : start + BATCH]])
