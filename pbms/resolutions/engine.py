"""Targets computed live: a definition compiled to set-based SQL over the register as of a date.

``target_value`` gives the numerator, denominator, percentage, status and the gap in people for one
organisation's subtree; ``target_breakdown`` gives the same for each child organisation of the date.
``target_values`` and ``target_breakdowns`` do it for every target of a resolution at once, in ONE statement
(what the dashboard, its files, the API and the command call). The cost is constant: one query for the
organisation asked (its path, checked against the actor's scope), one for its children (breakdown only), one
for the figures, whatever the number of organisations, people or targets.

How the figures are built (every part a sub-query of one statement):

* **places** (``resolutions_place``, a ``WITH`` query): the placements as of the date in the actor's visible
  tree and in the subtree asked, each with its kind, level and **child key**: the id of the child of the
  organisation asked that holds it ("" for the organisation itself), so the breakdown is a ``GROUP BY``, not
  a loop over children. Read once for all targets.
* **anchors** (``resolutions_anchor``, ``models.Anchor``): one row per (person, place) for a position held
  on the date that carries one of the definitions' management categories, or a seat held on a body of
  their kinds; one per body of a running term, or per organisation, for organisation targets. The place
  (the organisation of the position or of the body's term) must be one of the places: an anchor the actor
  cannot see is not counted; a person is counted where the actor may see them. Read once for all targets.
* **each target's part**: its rows of the anchors (population filters, ``within``), with **ok**, whether
  the person meets the conditions (a join to the person; ``EXISTS`` over qualifications, training, ratings
  correlated per person), compiled by the ORM.
* figures: ``COUNT(DISTINCT person)`` per target: a person with anchors under two children counts under
  each child and once at their common parent (architecture.md, "Reading the seeds' targets").

* **ratings** (seed 000's targets 1, 2, 9, 10): "rated X or above" reads the decided results (decided or
  announced, imported historical ones included) of the yearly cycle of the year of the date asked
  (``pbms.evaluations.selectors``): a person through ``rated_people`` (on the rating the condition names:
  as a party member by default, or as a cadre for targets 9 and 10), a body (committee, standing
  committee, đảng đoàn, ban cán sự đảng) or an organisation as a whole through ``rated_collective_q``, each
  a sub-query of the same statement; a đảng đoàn or ban cán sự đảng counts by its own result (a term may
  hold several). A subject without such a result stays in the denominator and is not in the numerator; a
  proposed (undecided) result, a result of another year or of a monthly or quarterly cycle does not count.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

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
from pbms.evaluations.models import PARTY_BODY_KINDS
from pbms.evaluations.selectors import rated_collective_q, rated_people
from pbms.lib.exceptions import NotFoundError
from pbms.lib.numbers import format_number
from pbms.orgs.models import Placement
from pbms.people.models import Body, BodyMembership, Code, ManagementCategory, Position, Qualification, Term, Training
from pbms.people.rules import PARTY_BODIES_ENDED_ON, latest_birth_date_for_age
from pbms.resolutions.cache import figures_cached, figures_cached_many
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
from pbms.resolutions.models import Anchor, Comparator, Target

MET = "đạt"
NOT_MET = "chưa đạt"
EMPTY = "không có đối tượng"
HUNDRED = Decimal(100)
_Rows = TypeVar("_Rows", bound=QuerySet[Any, Any])


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
        # a leader's party-member rating and his cadre rating are two results: the condition names which
        rows = rated_people(day.year, condition.at_least, condition.rating_kind)
        return Q(Exists(rows.filter(**_probe(person))))
    if isinstance(condition, ConditionGroup):
        return _combine([_condition_q(c, day, period_start, person) for c in condition.items], condition.combine)
    raise TypeError(condition)


def _collective_q(condition: Condition, day: dt.date, org_ref: str, body_ref: str | None, body_id_ref: str | None) -> Q:
    """The condition on a collective row (an organisation, or a body of an organisation's term): only
    ratings apply to organisations (``definitions`` refuses the others). A term may hold several đảng đoàn
    or ban cán sự đảng: each counts by its own result (``body_id_ref``, the row's body id)."""
    if isinstance(condition, RatingCondition):
        return Q(
            rated_collective_q(
                day.year, condition.at_least, org_ref=org_ref, body_ref=body_ref, body_id_ref=body_id_ref
            )
        )
    if isinstance(condition, ConditionGroup):
        parts = [_collective_q(c, day, org_ref, body_ref, body_id_ref) for c in condition.items]
        return _combine(parts, condition.combine)
    raise TypeError(condition)


def _collective_ok(
    definition: TargetDefinition, day: dt.date, org_ref: str, body_ref: str | None, body_id_ref: str | None
) -> ExpressionWrapper[Any] | Value:
    if not definition.conditions:
        return Value(True, output_field=BooleanField())
    conditions = [_collective_q(c, day, org_ref, body_ref, body_id_ref) for c in definition.conditions]
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


# --- places and anchors ---------------------------------------------------------------------------


def _subtree(rows: _Rows, low: Any, high: Any) -> _Rows:
    return rows.alias(path_bytes=path_bytes()).filter(path_bytes__gte=low, path_bytes__lt=high)


class _FirstSegment(Func):
    """The first "/"-separated segment of ``substr(path, start)``: the id of the child of the organisation
    asked that holds the path ("" for the organisation itself), computed once per placement."""

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


def _compiled(rows: QuerySet[Any, Any]) -> tuple[str, list[Any]]:
    sql, params = rows.query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


def _places_sql(*, actor: Actor, day: dt.date, top_path: str | None) -> tuple[str, list[Any]]:
    """The placements as of ``day`` the actor sees under ``top_path``, with their kind, level and child key:
    read once for every target of the statement (``resolutions_place``)."""
    rows = visible_placements(actor=actor, day=day)
    if top_path is not None:
        rows = _subtree(rows, top_path, top_path[:-1] + "0")
    return _compiled(
        rows.annotate(p_kind=F("kind__code"), p_level=F("kind__level__code"), p_child=_child_key(F("path"), top_path))
        .values("org_id", "path", "p_kind", "p_level", "p_child")
        .order_by()
    )


def _in(values: Sequence[str]) -> tuple[str, list[Any]]:
    return ", ".join(["%s"] * len(values)), list(values)


ANCHOR_COLUMNS = "source, who, person_id, org_id, path, child, org_kind, org_level, category, body_kind, role"


def _ended_kinds(day: dt.date) -> set[str]:
    """Body kinds that no longer exist on ``day``: the provincial đảng đoàn and ban cán sự đảng ended on
    01/7/2025 whatever their term says, as the evaluation module holds (no rating of them after that), so a
    target does not count in its denominator a body nobody may rate."""
    return set(PARTY_BODY_KINDS) if day >= PARTY_BODIES_ENDED_ON else set()


def _anchors_sql(
    definitions: Sequence[TargetDefinition], day: dt.date, partition: tuple[int, int] | None
) -> tuple[str, list[Any]]:
    """The body of ``resolutions_anchor`` (``models.Anchor``): every post carrying one of the definitions'
    management categories, seat on a body of their kinds, body or organisation of the population, held on
    ``day`` at a place of ``resolutions_place``. Each target then takes its own rows from it, so the tree,
    the posts and the seats are read once per statement, not once per target. Only what the definitions ask
    is read (a resolution without rating targets on bodies reads no body). ``partition``: only the people
    (bodies, organisations) of the partition are read, so a partition's statement does a part of the work."""
    people = [d.population for d in definitions if isinstance(d.population, PeoplePopulation)]
    orgs = [d.population for d in definitions if isinstance(d.population, OrgPopulation)]
    categories = sorted({c for p in people for c in p.management_categories})
    ended = _ended_kinds(day)
    seat_kinds = sorted({str(k) for p in people for seat in p.seats for k in seat.body_kinds} - ended)
    body_kinds = sorted({str(k) for p in orgs for k in p.bodies} - ended)
    when = connection.ops.adapt_datefield_value(day)
    place = "JOIN resolutions_place pl ON pl.org_id = {org}"
    columns = (
        "pl.org_id AS org_id, pl.path AS path, pl.p_child AS child, pl.p_kind AS org_kind, pl.p_level AS org_level"
    )
    sections: list[str] = []
    params: list[Any] = []

    def part(column: str) -> str:
        if partition is None:
            return ""
        params.extend(partition)
        return f" AND {column} %% %s = %s"

    if categories:
        through = Position.categories.through
        post_column = through._meta.get_field("position").column
        category_column = through._meta.get_field("managementcategory").column
        codes, code_params = _in(categories)
        sections.append(
            f"SELECT 'post' AS source, pos.person_id AS who, pos.person_id AS person_id, {columns}, "  # noqa: S608
            f"mc.code AS category, '' AS body_kind, '' AS role FROM {Position._meta.db_table} pos "
            f"{place.format(org='pos.org_id')} "
            f"JOIN {through._meta.db_table} pc ON pc.{post_column} = pos.id "
            f"JOIN {ManagementCategory._meta.db_table} mc ON mc.id = pc.{category_column} "
            f"WHERE pos.valid_from <= %s AND (pos.valid_to IS NULL OR pos.valid_to > %s) AND mc.code IN ({codes})"
        )
        params += [when, when, *code_params]
        sections[-1] += part("pos.person_id")
    if seat_kinds:
        kinds, kind_params = _in(seat_kinds)
        sections.append(
            f"SELECT 'seat', bm.person_id, bm.person_id, {columns}, '', b.kind, bm.role "  # noqa: S608
            f"FROM {BodyMembership._meta.db_table} bm JOIN {Body._meta.db_table} b ON b.id = bm.body_id "
            f"JOIN {Term._meta.db_table} t ON t.id = b.term_id {place.format(org='t.org_id')} "
            f"WHERE bm.valid_from <= %s AND (bm.valid_to IS NULL OR bm.valid_to > %s) AND b.kind IN ({kinds})"
        )
        params += [when, when, *kind_params]
        sections[-1] += part("bm.person_id")
    if body_kinds:
        kinds, kind_params = _in(body_kinds)
        sections.append(
            f"SELECT 'body', b.id, NULL, {columns}, '', b.kind, '' FROM {Body._meta.db_table} b "  # noqa: S608
            f"JOIN {Term._meta.db_table} t ON t.id = b.term_id {place.format(org='t.org_id')} "
            f"WHERE t.starts_on <= %s AND (t.ends_on IS NULL OR t.ends_on > %s) AND b.kind IN ({kinds})"
        )
        params += [when, when, *kind_params]
        sections[-1] += part("b.id")
    if any(not p.bodies for p in orgs):
        sections.append(f"SELECT 'org', pl.org_id, NULL, {columns}, '', '', '' FROM resolutions_place pl WHERE 1 = 1")  # noqa: S608
        sections[-1] += part("pl.org_id")
    if not sections:  # unreachable with parsed definitions: a population names at least one of them
        sections.append(f"SELECT 'none', 0, NULL, {columns}, '', '', '' FROM resolutions_place pl WHERE 1 = 0")  # noqa: S608
    # Each section gives the columns in the order of ANCHOR_COLUMNS (models.Anchor's fields).
    return " UNION ALL ".join(sections), params


def _kind_q(kinds: Sequence[str], levels: Sequence[str]) -> Q:
    """Anchored at an organisation of one of ``kinds`` or ``levels`` (any organisation when both are empty)."""
    where = Q()
    if kinds:
        where |= Q(org_kind__in=list(kinds))
    if levels:
        where |= Q(org_level__in=list(levels))
    return where


def _target_part(definition: TargetDefinition, *, day: dt.date, period_start: int) -> QuerySet[Any, Any]:
    """The target's rows of ``resolutions_anchor``: (a_person, a_child, a_ok), compiled by the ORM."""
    population = definition.population
    rows: QuerySet[Any, Any] = Anchor.objects.all()
    if population.within is not None:
        top = Placement.objects.as_of(day).filter(org__code=population.within)
        high = top.annotate(high=Concat(Substr("path", 1, Length("path") - 1), Value("0"))).values("high")[:1]
        rows = _subtree(rows, Subquery(top.values("path")[:1]), Subquery(high))
    ok: ExpressionWrapper[Any] | Value
    if isinstance(population, OrgPopulation):
        places = _kind_q(population.org_kinds, population.org_levels)
        if population.bodies:
            rows = rows.filter(places, source="body", body_kind__in=population.bodies)
            ok = _collective_ok(definition, day, "org_id", "body_kind", "who")
        else:
            rows = rows.filter(places, source="org")
            ok = _collective_ok(definition, day, "org_id", None, None)
    else:
        assert isinstance(population, PeoplePopulation)
        anchored: list[Q] = []
        if population.management_categories:
            anchored.append(Q(source="post", category__in=population.management_categories))
        for seat in population.seats:
            held = Q(source="seat", body_kind__in=seat.body_kinds) & _kind_q(seat.org_kinds, seat.org_levels)
            anchored.append(held & Q(role__in=seat.roles) if seat.roles else held)
        rows = rows.filter(_combine(anchored, "any"))
        ok = _ok(definition, day, period_start, "person_id")
    part: QuerySet[Any, Any] = rows.annotate(a_person=F("who"), a_child=F("child"), a_ok=ok)
    return part.values("a_person", "a_child", "a_ok").order_by()


@functools.lru_cache(maxsize=1024)
def _part_sql(definition: str, day: dt.date, period_start: int, vendor: str) -> tuple[str, tuple[Any, ...]]:
    """A target's part compiled, kept by its definition (JSON), date and period: the part reads only
    ``resolutions_anchor`` and sub-queries, never the data while it is built (nothing here is evaluated
    before the statement runs), so its SQL cannot go stale; building and compiling twelve parts costs
    50–100 ms of Python, as much as the whole statement for a district. ``vendor``: the SQL is the database's."""
    del vendor  # part of the key only
    parsed = TargetDefinition.model_validate_json(definition)
    sql, params = _compiled(_target_part(parsed, day=day, period_start=period_start))
    return sql, tuple(params)


def _anchors(
    *,
    actor: Actor,
    definitions: Sequence[TargetDefinition],
    day: dt.date,
    top_path: str | None,
    period_start: int,
    partition: tuple[int, int] | None = None,
) -> tuple[str, str, list[Any]]:
    """(the ``WITH`` list, a ``SELECT`` of (a_target, a_person, a_child, a_ok), parameters) for every
    definition at once: ``a_target`` is the definition's index. The place (the organisation of the post, of
    the body's term, or the organisation itself) must lie, as of ``day``, in the actor's visible tree and
    under ``top_path``: an anchor the actor cannot see is not counted.

    ``partition`` (n, k): only the anchors whose person (or body, organisation) id is k modulo n, so the
    figures of the n partitions add up to the whole (a person lies in one partition only)."""
    places, place_params = _places_sql(actor=actor, day=day, top_path=top_path)
    anchors, anchor_params = _anchors_sql(definitions, day, partition)
    ctes = f"resolutions_place AS ({places}), resolutions_anchor ({ANCHOR_COLUMNS}) AS ({anchors})"
    selects: list[str] = []
    params: list[Any] = [*place_params, *anchor_params]
    for index, definition in enumerate(definitions):
        sql, part_params = _part_sql(definition.model_dump_json(), day, period_start, connection.vendor)
        selects.append(f"SELECT {index} AS a_target, a_person, a_child, a_ok FROM ({sql}) p{index}")  # noqa: S608
        params.extend(part_params)
    return ctes, " UNION ALL ".join(selects), params


def anchors_sql(*, actor: Actor, target: Target, day: dt.date, top_path: str | None) -> tuple[str, list[Any]]:
    """One self-contained ``SELECT`` of the target's anchors (a_target, a_person, a_child, a_ok), exactly
    what its figure counts: the drill-down lists them (``drilldown``)."""
    ctes, select, params = _anchors(
        actor=actor,
        definitions=[_prepare(target)],
        day=day,
        top_path=top_path,
        period_start=target.resolution.period_start,
    )
    return f"WITH {ctes} {select}", params


def _figures(
    *,
    actor: Actor,
    definitions: Sequence[TargetDefinition],
    day: dt.date,
    top_path: str | None,
    period_start: int,
    by_child: bool,
    partition: tuple[int, int] | None = None,
) -> dict[tuple[int, str | None], tuple[int, int]]:
    """Run the one statement for every definition: {(index, child key): (denominator, numerator)}, with
    key None for the whole subtree. Only the ``UNION ALL`` and the ``GROUP BY`` around the ORM-compiled
    parts are written here, because Django cannot group a union; parameters stay parameters. The anchors
    are a ``WITH`` query read twice with the breakdown, which PostgreSQL computes once."""
    if not definitions:
        return {}
    ctes, anchors, params = _anchors(
        actor=actor, definitions=definitions, day=day, top_path=top_path, period_start=period_start, partition=partition
    )
    counts = "COUNT(DISTINCT a.a_person), COUNT(DISTINCT CASE WHEN a.a_ok THEN a.a_person END)"
    sql = f"WITH {ctes}, a AS ({anchors}) SELECT a.a_target, NULL, {counts} FROM a GROUP BY a.a_target"  # noqa: S608
    if by_child:
        sql += f" UNION ALL SELECT a.a_target, a.a_child, {counts} FROM a GROUP BY a.a_target, a.a_child"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(int(row[0]), row[1]): (int(row[2]), int(row[3])) for row in cursor.fetchall()}


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
    # Integer arithmetic (a breakdown makes a value per child and target, 1,152 for a district; in Decimal
    # they took 11 ms of its 35 ms first view, now 6): the percentage rounded half up to two decimals, and
    # the status decided on numerator × 10,000 against the threshold in hundredths × denominator, never on
    # a rounded percentage. The threshold has two decimals (the field's).
    percent = Decimal((numerator * 20_000 + denominator) // (2 * denominator)).scaleb(-2)
    need = int(threshold * HUNDRED) * denominator  # in ten-thousandths of a person
    at_least = -(-need // 10_000)  # fewest that reach the threshold
    at_most = need // 10_000  # most that stay under it (for "≤")
    more = max(0, at_least - numerator)
    fewer = max(0, numerator - at_most)
    if target.comparator == Comparator.GTE:
        fewer = 0
    elif target.comparator == Comparator.LTE:
        more = 0
    elif numerator * 10_000 != need:  # "= X %": only an exact count meets it
        more, fewer = (max(more, 1), 0) if numerator * 10_000 < need else (0, max(fewer, 1))
    met = more == 0 and fewer == 0
    gap_text = (
        f"cần thêm {format_number(more)} {unit}"
        if more
        else (f"cần giảm {format_number(fewer)} {unit}" if fewer else "")
    )
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


def _period_start(targets: Sequence[Target]) -> int:
    starts = {target.resolution.period_start for target in targets}
    if len(starts) > 1:
        raise ValueError("targets of one statement share their resolution's period")
    return starts.pop()


def _values(
    *, actor: Actor, targets: Sequence[Target], day: dt.date, org_id: int | None, partition: tuple[int, int] | None
) -> dict[int, TargetValue]:
    top_path, name = _top(actor, day, org_id)
    if not targets:  # a programme of tasks only (seed 001): nothing to count, the scope still checked
        return {}
    definitions = [_prepare(target) for target in targets]
    figures = _figures(
        actor=actor,
        definitions=definitions,
        day=day,
        top_path=top_path,
        period_start=_period_start(targets),
        by_child=False,
        partition=partition,
    )
    return {
        target.pk: _value(
            target, definition, day=day, org_id=org_id, org_name=name, counts=figures.get((index, None), (0, 0))
        )
        for index, (target, definition) in enumerate(zip(targets, definitions, strict=True))
    }


def _breakdowns(
    *, actor: Actor, targets: Sequence[Target], day: dt.date, org_id: int, partition: tuple[int, int] | None
) -> dict[int, Breakdown]:
    top_path, name = _top(actor, day, org_id)
    if not targets:
        return {}
    children = list(
        visible_placements(actor=actor, day=day)
        .filter(parent_id=org_id)
        .order_by("path")
        .values_list("org_id", "name", "path")
    )
    definitions = [_prepare(target) for target in targets]
    figures = _figures(
        actor=actor,
        definitions=definitions,
        day=day,
        top_path=top_path,
        period_start=_period_start(targets),
        by_child=True,
        partition=partition,
    )
    result: dict[int, Breakdown] = {}
    for index, (target, definition) in enumerate(zip(targets, definitions, strict=True)):

        def value(key: str | None, child_id: int | None, child_name: str) -> TargetValue:
            counts = figures.get((index, key), (0, 0))  # noqa: B023 - called within this iteration
            return _value(target, definition, day=day, org_id=child_id, org_name=child_name, counts=counts)  # noqa: B023

        result[target.pk] = Breakdown(
            total=value(None, org_id, name),
            rows=[value(str(child_id), child_id, child_name) for child_id, child_name, _ in children],
            direct=value("", org_id, name) if (index, "") in figures else None,
        )
    return result


@figures_cached
def target_value(
    *, actor: Actor, target: Target, day: dt.date, org_id: int | None = None, partition: tuple[int, int] | None = None
) -> TargetValue:
    """The target's figure on ``day`` over ``org_id``'s subtree (the actor's whole scope when None), counting
    only what the actor may see. Two queries. ``partition`` (n, k): only the people (bodies, organisations)
    whose id is k modulo n, so the n partitions' figures add up to the whole (``pbms.resolutions.jobs``)."""
    return _values(actor=actor, targets=[target], day=day, org_id=org_id, partition=partition)[target.pk]


@figures_cached
def target_breakdown(
    *, actor: Actor, target: Target, day: dt.date, org_id: int, partition: tuple[int, int] | None = None
) -> Breakdown:
    """The figure for ``org_id`` and for each of its children as of ``day`` that the actor sees (a child with
    nobody counted shows 0/0). Three queries whatever the number of children. ``partition``: as in
    ``target_value``."""
    return _breakdowns(actor=actor, targets=[target], day=day, org_id=org_id, partition=partition)[target.pk]


def target_values(
    *,
    actor: Actor,
    targets: Sequence[Target],
    day: dt.date,
    org_id: int | None = None,
    partition: tuple[int, int] | None = None,
) -> dict[int, TargetValue]:
    """``target_value`` of each target (saved, of one resolution), by target id: those not kept are computed
    together in one statement (two queries whatever the number of targets) and kept as ``target_value``'s."""
    return figures_cached_many(
        name=target_value.__qualname__,
        actor=actor,
        targets=targets,
        arguments={"day": day, "org_id": org_id, "partition": partition},
        compute=lambda missing: _values(actor=actor, targets=missing, day=day, org_id=org_id, partition=partition),
    )


def target_breakdowns(
    *,
    actor: Actor,
    targets: Sequence[Target],
    day: dt.date,
    org_id: int,
    partition: tuple[int, int] | None = None,
) -> dict[int, Breakdown]:
    """``target_breakdown`` of each target (saved, of one resolution), by target id: those not kept are
    computed together in one statement (three queries whatever the number of targets and children), and
    kept as ``target_breakdown``'s, so the dashboard's first view reads the tree, the posts and the seats
    once rather than once per target."""
    return figures_cached_many(
        name=target_breakdown.__qualname__,
        actor=actor,
        targets=targets,
        arguments={"day": day, "org_id": org_id, "partition": partition},
        compute=lambda missing: _breakdowns(actor=actor, targets=missing, day=day, org_id=org_id, partition=partition),
    )
