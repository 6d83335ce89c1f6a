"""Targets computed live: a definition compiled to set-based SQL over the register as of a date.

``target_value`` gives the numerator, denominator, percentage, status and the gap in people for one
organisation's subtree; ``target_breakdown`` gives the same for each child organisation of the date, in
the same single statement. The cost is constant: one query for the organisation asked (its path, checked
against the actor's scope), one for its children (breakdown only), one for the figures, whatever the number
of organisations or people.

How the figures are built (every part a sub-query of one statement):

* **anchors**: one row per (person, place) where the person belongs to the population on the date: a
  position held that carries one of the management categories, or a seat held on a body of the given
  kinds and roles. The place is the organisation of the position or of the body's term, which must lie,
  as of the date, in the actor's visible tree, in the subtree asked, and (if the definition says so) in
  its ``within`` subtree. An anchor the actor cannot see is not counted: a person is counted where the
  actor may see them.
* **child key**: the anchor's path cut just below the organisation asked ("/1/5/17/30/" under "/1/5/"
  gives "/1/5/17/"), so the breakdown is a ``GROUP BY``, not a loop over children.
* **ok**: whether the person meets the conditions (``EXISTS`` over qualifications, training, the birth
  date…), computed once per anchor row.
* figures: ``COUNT(DISTINCT person)``: a person with anchors under two children counts under each child and
  once at their common parent (architecture.md, "Reading the seeds' targets").

* **ratings** (seed 000's targets 1, 2, 9, 10): "rated X or above" reads the decided results (decided or
  announced, imported historical ones included) of the yearly cycle of the year of the date asked
  (``pbms.evaluations.selectors``): a person through ``rated_people``, a body (standing committee,
  committee) or an organisation as a whole through ``rated_collective_q``, each a sub-query of the same
  statement. A subject without such a result stays in the denominator and is not in the numerator; a
  proposed (undecided) result, a result of another year or of a monthly or quarterly cycle does not count.
  The evaluation module rates organisations, committees and standing committees only: a đảng đoàn or ban
  cán sự đảng (target 1) is therefore counted in the denominator and never in the numerator, and the
  dashboard says so (``reports.rating_note``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat, Length, Substr

from pbms.accounts.selectors import Actor, visible_placements
from pbms.core.collation import path_bytes
from pbms.evaluations.selectors import rated_collective_q, rated_people
from pbms.lib.exceptions import NotFoundError
from pbms.orgs.models import Placement, PlacementQuerySet
from pbms.people.models import Body, BodyMembership, Code, Position, Qualification, Training
from pbms.people.rules import latest_birth_date_for_age
from pbms.people.selectors import held_on
from pbms.resolutions.cache import figures_cached
from pbms.resolutions.definitions import (
    AgeCondition,
    Condition,
    ConditionGroup,
    GenderCondition,
    OrgPopulation,
    PeoplePopulation,
    QualificationCondition,
    RatingCondition,
    TargetDefinition,
    TrainingCondition,
    parse_definition,
)
from pbms.resolutions.models import Comparator, Target

MET = "đạt"
NOT_MET = "chưa đạt"
EMPTY = "không có đối tượng"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class TargetValue:
    """One target's figure for one organisation's subtree (``org_id`` None: the actor's whole scope)."""

    target_id: int
    day: dt.date
    org_id: int | None
    org_name: str
    unit: str  # "người" or "tổ chức"
    denominator: int
    numerator: int
    percent: Decimal | None  # two decimals, half up; None when nobody is counted
    threshold: Decimal
    comparator: str
    status: str  # MET, NOT_MET or EMPTY
    gap: int  # people (or organisations) to add, or to remove for "≤", to meet the threshold
    gap_text: str  # "cần thêm 37 người", "" when met

    @property
    def met(self) -> bool | None:
        return None if self.status == EMPTY else self.status == MET


@dataclass(frozen=True)
class Breakdown:
    total: TargetValue
    # The children of the organisation as of the day, in the tree's order; ``direct`` counts those anchored
    # at the organisation itself (its own committee, for instance), who belong to no child.
    rows: list[TargetValue] = field(default_factory=list)
    direct: TargetValue | None = None


# --- conditions -----------------------------------------------------------------------------------


def _window(condition: TrainingCondition, day: dt.date, period_start: int) -> tuple[dt.date, dt.date]:
    start_year = day.year if condition.window == "year" else period_start
    return dt.date(start_year, 1, 1), day


def _probe(person: str) -> dict[str, OuterRef]:
    """``person_id`` equal to the outer row's ``person``, written as a range: with an equality PostgreSQL
    may turn the ``EXISTS`` into a hash of the whole table (all qualifications of the register, 5 million
    rows at national scale, for a population of a few thousand); with a range it probes the index per row."""
    return {"person_id__gte": OuterRef(person), "person_id__lte": OuterRef(person)}


def _condition_q(condition: Condition, day: dt.date, period_start: int, person: str = "person_id") -> Q:
    """The condition on an anchor row whose person id is the field ``person``: the person's own fields
    through a join, the rest as ``EXISTS`` correlated on that id (not ``IN``, nor an ``EXISTS`` on
    ``Person``: either let PostgreSQL hash every person or qualification of the register first, 255 of
    320 ms for target 7 on a 100,000-member province, when the population is a few thousand)."""
    prefix = person.removesuffix("_id") + "__"
    if isinstance(condition, GenderCondition):
        return Q(**{f"{prefix}gender": condition.equals})
    if isinstance(condition, AgeCondition):
        # Completed years, birthday included: age >= N exactly when born on or before the bound.
        bound = latest_birth_date_for_age(age=condition.years, day=day)
        return Q(**{f"{prefix}birth_date__{'lte' if condition.op == 'gte' else 'gt'}": bound})
    if isinstance(condition, QualificationCondition):
        # The highest level held is at least X exactly when some level held is: one IN. A qualification
        # without a date counts as held, as in the register's lists (imported records often lack it).
        rank = Code.objects.filter(list=condition.kind, code=condition.at_least).values("rank")[:1]
        held = Qualification.objects.filter(
            **_probe(person), kind=condition.kind, level__rank__gte=Subquery(rank)
        ).filter(Q(obtained_on__isnull=True) | Q(obtained_on__lte=day))
        return Q(Exists(held))
    if isinstance(condition, TrainingCondition):
        start, end = _window(condition, day, period_start)
        courses = Training.objects.filter(
            **_probe(person),
            completed=True,
            category__code__in=condition.categories,
            ends_on__gte=start,
            ends_on__lte=end,
        )
        return Q(Exists(courses))
    if isinstance(condition, RatingCondition):
        # The target's year is the year of the date asked: 31/12/2024 reads the 2024 yearly cycle.
        return Q(Exists(rated_people(day.year, condition.at_least).filter(**_probe(person))))
    if isinstance(condition, ConditionGroup):
        return _combine([_condition_q(c, day, period_start, person) for c in condition.items], condition.combine)
    raise TypeError(condition)


def _collective_q(condition: Condition, day: dt.date, org_ref: str, body_ref: str | None) -> Q:
    """The condition on a collective row (an organisation, or a body of an organisation's term): only
    ratings apply to organisations (``definitions`` refuses the others)."""
    if isinstance(condition, RatingCondition):
        return Q(rated_collective_q(day.year, condition.at_least, org_ref=org_ref, body_ref=body_ref))
    if isinstance(condition, ConditionGroup):
        return _combine([_collective_q(c, day, org_ref, body_ref) for c in condition.items], condition.combine)
    raise TypeError(condition)


def _collective_ok(
    definition: TargetDefinition, day: dt.date, org_ref: str, body_ref: str | None
) -> ExpressionWrapper[Any] | Value:
    if not definition.conditions:
        return Value(True, output_field=BooleanField())
    conditions = [_collective_q(c, day, org_ref, body_ref) for c in definition.conditions]
    return ExpressionWrapper(_combine(conditions, definition.combine), output_field=BooleanField())


def _combine(parts: Sequence[Q], how: str) -> Q:
    result = parts[0]
    for part in parts[1:]:
        result = result & part if how == "all" else result | part
    return result


def _ok(
    definition: TargetDefinition, day: dt.date, period_start: int, person_field: str
) -> ExpressionWrapper[Any] | Value:
    """Whether the anchor row's person meets the conditions, or true."""
    if not definition.conditions:
        return Value(True, output_field=BooleanField())
    conditions = [_condition_q(c, day, period_start, person_field) for c in definition.conditions]
    return ExpressionWrapper(_combine(conditions, definition.combine), output_field=BooleanField())


# --- places ---------------------------------------------------------------------------------------


def _subtree(rows: PlacementQuerySet, low: Any, high: Any) -> PlacementQuerySet:
    return rows.alias(path_bytes=path_bytes()).filter(path_bytes__gte=low, path_bytes__lt=high)


def _places(
    *,
    actor: Actor,
    day: dt.date,
    top_path: str | None,
    within: str | None,
    kinds: Sequence[str] = (),
    levels: Sequence[str] = (),
) -> PlacementQuerySet:
    """Placements as of ``day`` the actor sees, under ``top_path`` and ``within``, of the kinds or levels."""
    rows = visible_placements(actor=actor, day=day)
    if kinds or levels:
        rows = rows.filter(Q(kind__code__in=list(kinds)) | Q(kind__level__code__in=list(levels)))
    if top_path is not None:
        rows = _subtree(rows, top_path, top_path[:-1] + "0")
    if within is not None:
        top = Placement.objects.as_of(day).filter(org__code=within)
        high = top.annotate(high=Concat(Substr("path", 1, Length("path") - 1), Value("0"))).values("high")[:1]
        rows = _subtree(rows, Subquery(top.values("path")[:1]), Subquery(high))
    return rows


def _path_of(org_field: str, day: dt.date) -> Subquery:
    return Subquery(Placement.objects.as_of(day).filter(org_id=OuterRef(org_field)).values("path")[:1])


class _FirstSegment(Func):
    """The first "/"-separated segment of ``substr(path, start)``: the id of the child of the organisation
    asked that holds the path ("" for the organisation itself). The path appears once, so its correlated
    sub-query runs once per row (a CASE on the path ran it three times: a third of target 3's time)."""

    output_field = CharField()

    def __init__(self, path: F, start: int) -> None:
        super().__init__(path, Value(start))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = self.as_sql(compiler, connection, template="split_part(substr(%(expressions)s), '/', 1)", **extra)
        return sql, list(params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # No split_part: the rest is cut at its first "/", the expression is repeated (small databases only).
        sql, params = self.as_sql(compiler, connection, template="substr(%(expressions)s)", **extra)
        return f"substr({sql}, 1, instr({sql} || '/', '/') - 1)", [*params, *params]


def _child_key(path: F, top_path: str | None) -> Func | Value:
    """The id, as text, of the child of ``top_path`` that holds ``path`` ("" for ``top_path`` itself)."""
    if top_path is None:
        return Value("", output_field=CharField())
    return _FirstSegment(path, len(top_path) + 1)


def _anchor_parts(
    *,
    actor: Actor,
    definition: TargetDefinition,
    day: dt.date,
    top_path: str | None,
    period_start: int,
) -> list[QuerySet[Any, Any]]:
    """Querysets each giving rows (a_person, a_child, a_ok): one per kind of anchor."""
    population = definition.population
    within = population.within
    parts: list[QuerySet[Any, Any]] = []
    if isinstance(population, OrgPopulation):
        rows = _places(
            actor=actor,
            day=day,
            top_path=top_path,
            within=within,
            kinds=population.org_kinds,
            levels=population.org_levels,
        )
        if population.bodies:
            bodies = Body.objects.filter(
                kind__in=population.bodies, term__org_id__in=rows.values("org_id"), term__starts_on__lte=day
            ).filter(Q(term__ends_on__isnull=True) | Q(term__ends_on__gt=day))
            rated = _collective_ok(definition, day, "term__org_id", "kind")
            parts.append(
                bodies.annotate(a_path=_path_of("term__org_id", day))
                .annotate(a_person=F("id"), a_child=_child_key(F("a_path"), top_path), a_ok=rated)
                .values("a_person", "a_child", "a_ok")
                .order_by()
            )
            return parts
        parts.append(
            rows.annotate(a_path=F("path"))
            .annotate(
                a_person=F("org_id"),
                a_child=_child_key(F("a_path"), top_path),
                a_ok=_collective_ok(definition, day, "org_id", None),
            )
            .values("a_person", "a_child", "a_ok")
            .order_by()
        )
        return parts
    assert isinstance(population, PeoplePopulation)
    ok = _ok(definition, day, period_start, "person_id")
    if population.management_categories:
        places = _places(actor=actor, day=day, top_path=top_path, within=within)
        posts = (
            Position.objects.filter(held_on(day), org_id__in=places.values("org_id"))
            .filter(categories__code__in=population.management_categories)
            .annotate(a_path=_path_of("org_id", day))
        )
        parts.append(
            posts.annotate(a_person=F("person_id"), a_child=_child_key(F("a_path"), top_path), a_ok=ok)
            .values("a_person", "a_child", "a_ok")
            .order_by()
        )
    for seat in population.seats:
        places = _places(
            actor=actor, day=day, top_path=top_path, within=within, kinds=seat.org_kinds, levels=seat.org_levels
        )
        seats = BodyMembership.objects.filter(
            held_on(day), body__kind__in=seat.body_kinds, body__term__org_id__in=places.values("org_id")
        )
        if seat.roles:
            seats = seats.filter(role__in=seat.roles)
        parts.append(
            seats.annotate(a_path=_path_of("body__term__org_id", day))
            .annotate(a_person=F("person_id"), a_child=_child_key(F("a_path"), top_path), a_ok=ok)
            .values("a_person", "a_child", "a_ok")
            .order_by()
        )
    return parts


def _figures(
    parts: list[QuerySet[Any, Any]], *, by_child: bool, partition: tuple[int, int] | None = None
) -> dict[str | None, tuple[int, int]]:
    """Run the one statement: {child key: (denominator, numerator)}, with key None for the whole subtree.

    The parts are compiled by the ORM; only the ``UNION ALL`` and the ``GROUP BY`` around them are written
    here, because Django cannot group a union. Parameters stay parameters. With the breakdown, the anchors
    are a ``WITH`` query read twice, which PostgreSQL computes once (conditions and child keys included).

    ``partition`` (n, k): only the anchors whose person (or body, organisation) id is k modulo n, so the
    figures of the n partitions add up to the whole (a person lies in one partition only)."""
    sqls: list[str] = []
    params: list[Any] = []
    for part in parts:
        sql, part_params = part.query.get_compiler(connection=connection).as_sql()
        alias = f"p{len(sqls)}"
        where = f" WHERE {alias}.a_person %% %s = %s" if partition else ""
        sqls.append(f"SELECT a_person, a_child, a_ok FROM ({sql}) {alias}{where}")  # noqa: S608 - ORM-compiled SQL
        params.extend([*part_params, *(partition or ())])
    anchors = " UNION ALL ".join(sqls)
    counts = "COUNT(DISTINCT a.a_person), COUNT(DISTINCT CASE WHEN a.a_ok THEN a.a_person END)"
    if by_child:
        sql = (
            f"WITH a AS ({anchors}) SELECT NULL, {counts} FROM a"  # noqa: S608 - no user text in it
            f" UNION ALL SELECT a.a_child, {counts} FROM a GROUP BY a.a_child"
        )
    else:
        sql = f"SELECT NULL, {counts} FROM ({anchors}) a"  # noqa: S608 - no user text in it
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: (int(row[1]), int(row[2])) for row in cursor.fetchall()}


# --- figures to values ----------------------------------------------------------------------------


def _value(
    target: Target,
    definition: TargetDefinition,
    *,
    day: dt.date,
    org_id: int | None,
    org_name: str,
    counts: tuple[int, int],
) -> TargetValue:
    denominator, numerator = counts
    unit = "tổ chức" if isinstance(definition.population, OrgPopulation) else "người"
    threshold = Decimal(target.threshold)

    def made(numerator: int, percent: Decimal | None, status: str, gap: int = 0, gap_text: str = "") -> TargetValue:
        return TargetValue(
            target_id=target.pk,
            day=day,
            org_id=org_id,
            org_name=org_name,
            unit=unit,
            denominator=denominator,
            numerator=numerator,
            percent=percent,
            threshold=threshold,
            comparator=target.comparator,
            status=status,
            gap=gap,
            gap_text=gap_text,
        )

    if denominator == 0:
        return made(numerator, None, EMPTY)
    percent = (Decimal(numerator) * HUNDRED / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    # Decided on integers (numerator × 100 against threshold × denominator), never on a rounded percentage.
    need = threshold * denominator
    at_least = math.ceil(need / HUNDRED)  # fewest that reach the threshold
    at_most = math.floor(need / HUNDRED)  # most that stay under it (for "≤")
    more = max(0, at_least - numerator)
    fewer = max(0, numerator - at_most)
    if target.comparator == Comparator.GTE:
        fewer = 0
    elif target.comparator == Comparator.LTE:
        more = 0
    elif numerator * HUNDRED != need:  # "= X %": only an exact count meets it
        more, fewer = (max(more, 1), 0) if numerator * HUNDRED < need else (0, max(fewer, 1))
    met = more == 0 and fewer == 0
    gap_text = f"cần thêm {more} {unit}" if more else (f"cần giảm {fewer} {unit}" if fewer else "")
    return made(numerator, percent, MET if met else NOT_MET, more or fewer, gap_text)


def _top(actor: Actor, day: dt.date, org_id: int | None) -> tuple[str | None, str]:
    """The path and name of ``org_id`` as of ``day`` if the actor sees it (one query); None: whole scope."""
    if org_id is None:
        return None, "Toàn bộ phạm vi"
    row = visible_placements(actor=actor, day=day).filter(org_id=org_id).values_list("path", "name").first()
    if row is None:
        raise NotFoundError()
    return row[0], row[1]


def _prepare(target: Target) -> TargetDefinition:
    return parse_definition(target.definition)


@figures_cached
def target_value(
    *, actor: Actor, target: Target, day: dt.date, org_id: int | None = None, partition: tuple[int, int] | None = None
) -> TargetValue:
    """The target's figure on ``day`` over ``org_id``'s subtree (the actor's whole scope when None), counting
    only what the actor may see. Two queries. ``partition`` (n, k): only the people (bodies, organisations)
    whose id is k modulo n, so the n partitions' figures add up to the whole (``pbms.resolutions.jobs``)."""
    definition = _prepare(target)
    top_path, name = _top(actor, day, org_id)
    parts = _anchor_parts(
        actor=actor,
        definition=definition,
        day=day,
        top_path=top_path,
        period_start=target.resolution.period_start,
    )
    figures = _figures(parts, by_child=False, partition=partition)
    return _value(target, definition, day=day, org_id=org_id, org_name=name, counts=figures.get(None, (0, 0)))


@figures_cached
def target_breakdown(
    *, actor: Actor, target: Target, day: dt.date, org_id: int, partition: tuple[int, int] | None = None
) -> Breakdown:
    """The figure for ``org_id`` and for each of its children as of ``day`` that the actor sees (a child with
    nobody counted shows 0/0). Three queries whatever the number of children. ``partition``: as in
    ``target_value``."""
    definition = _prepare(target)
    top_path, name = _top(actor, day, org_id)
    children = list(
        visible_placements(actor=actor, day=day)
        .filter(parent_id=org_id)
        .order_by("path")
        .values_list("org_id", "name", "path")
    )
    parts = _anchor_parts(
        actor=actor,
        definition=definition,
        day=day,
        top_path=top_path,
        period_start=target.resolution.period_start,
    )
    figures = _figures(parts, by_child=True, partition=partition)

    def value(key: str | None, child_id: int | None, child_name: str) -> TargetValue:
        counts = figures.get(key, (0, 0))
        return _value(target, definition, day=day, org_id=child_id, org_name=child_name, counts=counts)

    direct = value("", org_id, name) if "" in figures else None
    return Breakdown(
        total=value(None, org_id, name),
        rows=[value(str(child_id), child_id, child_name) for child_id, child_name, _ in children],
        direct=direct,
    )
