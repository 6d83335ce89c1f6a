"""Who a target's figure counts: the people (or organisations) of its numerator, its denominator, and those
missing (in the denominator, not in the numerator).

Built on the engine's own compiled anchors (``anchors_sql``), so the list is exactly what the figure
counts: the same population, the same conditions, the same scope. Two queries whatever the size of the tree:
the organisation asked (checked against the actor's scope), then one statement listing the members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.db.models import F, Value

from pbms.accounts.selectors import Actor
from pbms.core.collation import vi_collation_name
from pbms.evaluations.models import Level
from pbms.evaluations.selectors import decided_yearly_results
from pbms.orgs.models import Organization, Placement
from pbms.people.models import Body, Person, Term
from pbms.resolutions.definitions import OrgPopulation
from pbms.resolutions.engine import _prepare, _top, anchors_sql
from pbms.resolutions.models import Target

Part = Literal["numerator", "denominator", "missing"]
PARTS: dict[str, str] = {"numerator": "tử số", "denominator": "mẫu số", "missing": "còn thiếu"}
LEVELS: dict[str, str] = dict(Level.choices)


@dataclass(frozen=True)
class Member:
    id: int
    kind: str  # "person", "org" or "body"
    name: str
    detail: str  # birth date and gender of a person, the organisation of a body, the code of an organisation
    counted: bool  # meets the conditions (in the numerator)
    person_id: int | None  # link to the person's file (/can-bo/<id>/)
    rating: str = ""  # rating targets: the decided level of the year, or "chưa có kết quả"


@dataclass(frozen=True)
class Members:
    target_id: int
    day: dt.date
    org_id: int | None
    org_name: str
    part: str
    unit: str
    supported: bool  # always True since the rating targets compute; kept for the API's clients
    rows: list[Member]
    rating_year: int | None = None  # rating targets: the year whose decided results are read


def _ratings_join(year: int | None, on: str, subject: str, rating_kind: str = "party_member") -> tuple[str, list[Any]]:
    """A ``LEFT JOIN`` on the decided yearly results of ``year`` (alias ``r``, column ``r_level``) matching
    ``on``, for a rating target's list; nothing when ``year`` is None. A person's row joins his rating of
    ``rating_kind`` only (a leader has two a year)."""
    if year is None:
        return "", []
    rows = decided_yearly_results(year)
    if subject == "person":
        rows = rows.filter(person__isnull=False, rating_kind=rating_kind)
        rows = rows.annotate(r_id=F("person_id"), r_kind=Value(""))
    else:
        rows = rows.filter(org__isnull=False).annotate(r_id=F("org_id"), r_kind=F("body_kind"))
    rows = rows.annotate(r_body=F("body_id"), r_level=F("decided_level"))
    sql, params = rows.values("r_id", "r_kind", "r_body", "r_level").query.sql_with_params()
    return f" LEFT JOIN ({sql}) r ON {on}", list(params)


def _level(year: int | None, level: str | None) -> str:
    if year is None:
        return ""
    return LEVELS.get(level or "", "chưa có kết quả")


def target_members(
    *, actor: Actor, target: Target, day: dt.date, org_id: int | None = None, part: Part = "numerator"
) -> Members:
    """The members of ``part`` of the target's figure on ``day`` over ``org_id``'s subtree (the actor's whole
    scope when None); NotFoundError when the actor does not see ``org_id`` on ``day``."""
    definition = _prepare(target)
    top_path, name = _top(actor, day, org_id)
    anchors, params = anchors_sql(actor=actor, target=target, day=day, top_path=top_path)
    grouped = (
        f"SELECT a.a_person AS m_id, MAX(CASE WHEN a.a_ok THEN 1 ELSE 0 END) AS m_ok "  # noqa: S608
        f"FROM ({anchors}) a GROUP BY a.a_person"
    )
    if part == "numerator":
        grouped = f"SELECT m_id, m_ok FROM ({grouped}) g WHERE m_ok = 1"  # noqa: S608
    elif part == "missing":
        grouped = f"SELECT m_id, m_ok FROM ({grouped}) g WHERE m_ok = 0"  # noqa: S608
    population = definition.population
    # A rating target's list says each one's decided level of the year (the same statement, one more join).
    year = day.year if definition.needs_ratings() else None
    rows: list[Member] = []
    if isinstance(population, OrgPopulation) and population.bodies:
        body = Body._meta.db_table
        placement = Placement._meta.db_table
        term = Term._meta.db_table
        join, join_params = _ratings_join(
            year, "r.r_id = t.org_id AND r.r_kind = b.kind AND (r.r_body IS NULL OR r.r_body = b.id)", "org"
        )
        sql = (
            f"SELECT b.id, b.name, b.kind, pl.name, m.m_ok, {'r.r_level' if year else 'NULL'} "  # noqa: S608
            f"FROM ({grouped}) m JOIN {body} b ON b.id = m.m_id JOIN {term} t ON t.id = b.term_id "
            f"LEFT JOIN {placement} pl ON pl.org_id = t.org_id AND pl.valid_from <= %s "
            f"AND (pl.valid_to IS NULL OR pl.valid_to > %s){join} ORDER BY pl.path, b.id"
        )
        kinds = dict(Body.Kind.choices)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, day, day, *join_params])
            for body_id, body_name, kind, org_name, ok, level in cursor.fetchall():
                label = body_name or f"{kinds.get(kind, kind)} {org_name or ''}".strip()
                rating = _level(year, level)
                rows.append(Member(int(body_id), "body", label, org_name or "", bool(ok), None, rating))
    elif isinstance(population, OrgPopulation):
        placement = Placement._meta.db_table
        organization = Organization._meta.db_table
        join, join_params = _ratings_join(year, "r.r_id = o.id AND r.r_kind = 'org'", "org")
        sql = (
            f"SELECT o.id, pl.name, o.code, m.m_ok, {'r.r_level' if year else 'NULL'} "  # noqa: S608
            f"FROM ({grouped}) m JOIN {organization} o ON o.id = m.m_id "
            f"LEFT JOIN {placement} pl ON pl.org_id = o.id AND pl.valid_from <= %s "
            f"AND (pl.valid_to IS NULL OR pl.valid_to > %s){join} ORDER BY pl.path, o.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, day, day, *join_params])
            for org, org_name, code, ok, level in cursor.fetchall():
                rows.append(Member(int(org), "org", org_name or code, code, bool(ok), None, _level(year, level)))
    else:
        person = Person._meta.db_table
        join, join_params = _ratings_join(year, "r.r_id = p.id", "person", definition.person_rating_kind())
        vi = vi_collation_name()
        sql = (
            f"SELECT p.id, p.family_name, p.middle_name, p.given_name, p.birth_date, p.gender, m.m_ok, "  # noqa: S608
            f"{'r.r_level' if year else 'NULL'} FROM ({grouped}) m JOIN {person} p ON p.id = m.m_id{join} "
            # People in Vietnamese name order: given name, then family and middle name (one collation name
            # on each database, pbms.core.collation).
            f'ORDER BY p.given_name COLLATE "{vi}", p.family_name COLLATE "{vi}", p.middle_name COLLATE "{vi}", p.id'
        )
        genders = {"M": "Nam", "F": "Nữ"}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *join_params])
            for pid, family, middle, given, born, gender, ok, level in cursor.fetchall():
                full = " ".join(x for x in (family, middle, given) if x)
                if isinstance(born, str):  # SQLite without converters
                    born = dt.date.fromisoformat(born)
                detail = f"{born:%d/%m/%Y} · {genders.get(gender, gender)}" if born else ""
                rows.append(Member(int(pid), "person", full, detail, bool(ok), int(pid), _level(year, level)))
    unit = "tổ chức" if isinstance(population, OrgPopulation) else "người"
    return Members(
        target_id=target.pk,
        day=day,
        org_id=org_id,
        org_name=name,
        part=part,
        unit=unit,
        supported=True,
        rows=rows,
        rating_year=year,
    )
