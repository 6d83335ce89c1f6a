"""The workbook's two rating sheets: historical ratings (2021 onwards) of organisations and people.

Each row becomes a decided result of the year's closed yearly cycle, in the import's transaction, so that
a target counts it exactly like a result decided in the system. ``pbms.evaluations.services.result_import``
is the one writer of a historical rating; it costs about ten queries a row, so the sheets are written here
in bulk by ``results_import``, which applies the same checks in the same order with lookups loaded once
(a constant number of queries per sheet: a few per year named, none per row) and stores the same rows and
audit rows (``tests/test_workbook_ratings_bulk.py`` holds the two side by side).

Planning mirrors what the writer will check, with lookups loaded once, so that every bad row is
reported before anything is written (and in a dry run): the organisation must exist on 31/12 of the
year; the person must be active in a cell, or hold a post, on that day (the unit that rates him, as
``evaluations.selectors.person_unit_id`` finds it, counting the cells and posts of the same file); that
unit must be in the actor's scope; the year's cycle must not be open. A rating already in the register
with the same level is left as it is (a round trip changes nothing); with another level it is refused:
a decided result is locked (docs/workbook.md, "Xếp loại").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from pbms.accounts.models import Scope, User
from pbms.accounts.selectors import orgs_entered_today, visible_placements
from pbms.audit.context import get_request_info
from pbms.audit.models import AuditEvent
from pbms.evaluations import deciders
from pbms.evaluations import selectors as evaluation_selectors
from pbms.evaluations.models import (
    DECIDED_STATES,
    PARTY_BODY_KINDS,
    Cycle,
    CycleKind,
    DecidingSubject,
    Level,
    RatedBody,
    RatingKind,
    Result,
    ResultState,
    SubjectGroup,
)
from pbms.evaluations.services import cycle_name, party_body_refusal
from pbms.lib.dates import format_date
from pbms.lib.text import nfc
from pbms.orgs.models import Organization
from pbms.people.models import Body, CellMembership, Person, Position
from pbms.people.workbook.parse import Issue, Row
from pbms.people.workbook.plan import Planner
from pbms.people.workbook.register import PersonPlan, chunks
from pbms.people.workbook.spec import ORG_RATINGS, PERSON_RATINGS

LEVEL_BY_LABEL = {str(label): str(value) for value, label in Level.choices}
BODY_BY_LABEL = {str(label): str(value) for value, label in RatedBody.choices}
SEATED_KINDS = (RatedBody.COMMITTEE, RatedBody.STANDING)  # one per term, rated by the organisation's code
ORG_ENTITY, PERSON_ENTITY = "Xếp loại tổ chức", "Xếp loại cá nhân"
BATCH = 2000  # rows per INSERT


@dataclass
class RatingPlan:
    """A rating to write: ``person`` for the people sheet, ``org_code`` and ``body_kind`` for the other."""

    row: Row
    year: int
    level: str
    decided_on: dt.date | None
    decision_ref: str
    group: str
    person: PersonPlan | None = None
    org_code: str = ""
    body_kind: str = ""
    body: Body | None = None  # a đảng đoàn or ban cán sự đảng, found by its name


@dataclass
class _Span:
    code: str
    valid_from: dt.date
    valid_to: dt.date | None
    is_head: bool = False

    def holds(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def year_end(year: int) -> dt.date:
    """The day a yearly cycle's population is taken (``result_import`` uses the same)."""
    return dt.date(year, 12, 31)


class RatingPlanner:
    """Checks the two rating sheets against the register and the rest of the plan."""

    def __init__(self, planner: Planner) -> None:
        self.p = planner
        self.ratings: list[RatingPlan] = []
        self.cycles: dict[int, Cycle] = {}

    def plan(self) -> list[RatingPlan]:
        p = self.p
        org_rows, person_rows = p.rows(ORG_RATINGS), p.rows(PERSON_RATINGS)
        if not (org_rows or person_rows):
            return []
        years = {r.number_value("year") for r in org_rows + person_rows} - {None}
        self.cycles = {c.year: c for c in Cycle.objects.filter(kind=CycleKind.YEAR, period=0, year__in=years)}
        kinds = {k.pk: k for k in p.lists.org_kinds.values()}
        p.orgs.load({r.text("org") for r in org_rows if r.text("org")}, kinds)
        self._plan_orgs(org_rows)
        self._plan_people(person_rows)
        return self.ratings

    def _base(self, row: Row) -> tuple[int, str] | None:
        year, level = row.number_value("year"), LEVEL_BY_LABEL.get(row.text("level"))
        if year is None or level is None:
            return None  # reported by the parser
        cycle = self.cycles.get(year)
        if cycle is not None and not cycle.closed:
            self.p.error(row, "year", f"Đợt đánh giá năm {year} đang mở: nhập kết quả qua quy trình của đợt.")
            return None
        return year, level

    def _existing(self, row: Row, found: dict[str, Any] | None, level: str, entity: str) -> bool:
        """Whether the row is settled by a result already in the register (unchanged, or refused)."""
        if found is None:
            return False
        year = row.number_value("year")
        if found["state"] not in DECIDED_STATES:
            self.p.error(row, "level", f"Đối tượng này đã có trong đợt đánh giá năm {year} (chưa quyết định).")
        elif found["decided_level"] != level:
            decision = " ".join(part for part in (found["decision_ref"], format_date(found["decided_on"])) if part)
            self.p.error(
                row,
                "level",
                f"Năm {year} đã có kết quả “{Level(found['decided_level']).label}”"
                f"{f' ({decision})' if decision else ''}: kết quả đã quyết định không sửa bằng nhập tệp "
                "(sửa trong phần đánh giá, xếp loại).",
            )
        else:
            if (row.text("decision_ref"), row.date("decided_on")) not in (
                ("", None),
                (found["decision_ref"], found["decided_on"]),
            ):
                self.p.warn(row, "decision_ref", "Số, ngày quyết định khác với sổ: giữ nguyên như trong sổ.")
            self.p.unchanged[entity] += 1
        return True

    def _add(self, rating: RatingPlan, entity: str) -> None:
        self.ratings.append(rating)
        self.p.created[entity] += 1

    # -- organisations

    def _plan_orgs(self, rows: list[Row]) -> None:
        p = self.p
        existing: dict[tuple[int, str, int | None, int], dict[str, Any]] = {}
        org_ids = sorted({p.orgs.ids[row.text("org")] for row in rows if row.text("org") in p.orgs.ids})
        bodies: dict[tuple[int, str, str], list[Body]] = {}
        for chunk in chunks(org_ids):
            for found in _results().filter(org_id__in=chunk).values("org_id", "body_kind", "body_id", *_FIELDS):
                existing[(found["org_id"], found["body_kind"], found["body_id"], found["cycle__year"])] = found
            kinds = (*PARTY_BODY_KINDS, *SEATED_KINDS)
            party = Body.objects.filter(term__org_id__in=chunk, kind__in=kinds).select_related("term")
            for known in party.order_by("term__starts_on", "id"):
                # a committee and a standing committee are found by their kind, a đảng đoàn by its name
                name = "" if known.kind in SEATED_KINDS else nfc(known.name)
                bodies.setdefault((known.term.org_id, known.kind, name), []).append(known)
        for row in rows:
            base = self._base(row)
            body_kind = BODY_BY_LABEL.get(row.text("subject"))
            if base is None or body_kind is None:
                continue
            year, level = base
            org_id = p.orgs.ids.get(row.text("org"))
            named, body = self._body(row, org_id, body_kind, year, bodies)
            if not named:
                continue
            body_id = body.pk if body is not None else None
            found = existing.get((org_id, body_kind, body_id, year)) if org_id is not None else None
            if found is not None and found["decided_level"] == level and found["state"] in DECIDED_STATES:
                # the same result (an export read back, an ancestor outside the actor's scope): nothing to do
                self._existing(row, found, level, ORG_ENTITY)
                continue
            if p.org_at(row, "org", row.text("org"), year_end(year)) is None:
                continue
            if self._existing(row, found, level, ORG_ENTITY):
                continue
            rating = RatingPlan(
                row, year, level, row.date("decided_on"), row.text("decision_ref"), SubjectGroup.COLLECTIVE
            )
            rating.org_code, rating.body_kind, rating.body = row.text("org"), body_kind, body
            self._add(rating, ORG_ENTITY)

    def _body(
        self, row: Row, org_id: int | None, kind: str, year: int, bodies: dict[tuple[int, str, str], list[Body]]
    ) -> tuple[bool, Body | None]:
        """Whether the row names its subject well, and the đảng đoàn or ban cán sự đảng it names (None for
        the other subjects). Reported when the name is missing, unknown, names a body that did not exist on
        31/12 of the year, or is given for another subject."""
        name = nfc(row.text("body_name"))
        if kind not in PARTY_BODY_KINDS:
            if name:
                self.p.error(row, "body_name", "Chỉ ghi tên khi đối tượng là đảng đoàn hoặc ban cán sự đảng.")
                return False, None
            if kind in SEATED_KINDS and org_id is not None:
                # a committee or standing committee is rated only when the organisation had one on 31/12 (a
                # term running that day): else the result would name a body the targets cannot find
                day = year_end(year)
                terms = [b.term for b in bodies.get((org_id, kind, ""), [])]
                if not any(evaluation_selectors.body_exists_on(term=t, kind=kind, day=day) for t in terms):
                    label = RatedBody(kind).label.lower()
                    self.p.error(
                        row,
                        "subject",
                        f"Tổ chức này không có {label.removeprefix('tập thể ')} (nhiệm kỳ) vào ngày "
                        f"{format_date(day)}: không xếp loại {label} năm {year}.",
                    )
                    return False, None
            return True, None
        label = RatedBody(kind).label.lower()
        if not name:
            self.p.error(row, "body_name", f"Ghi tên {label} được xếp loại (ví dụ “Đảng đoàn HĐND tỉnh”).")
            return False, None
        if org_id is None:
            return False, None  # the organisation's code is reported by ``org_at``
        named = bodies.get((org_id, kind, name), [])
        day = year_end(year)
        living = [b for b in named if evaluation_selectors.body_exists_on(term=b.term, kind=kind, day=day)]
        if not living:
            where = "không hoạt động vào ngày " + format_date(day) if named else "không có trong sổ của tổ chức này"
            self.p.error(row, "body_name", f"{RatedBody(kind).label} “{name}” {where}.")
            return False, None
        return True, living[-1]

    # -- people

    def _plan_people(self, rows: list[Row]) -> None:
        p = self.p
        wanted: list[tuple[Row, PersonPlan, int, str]] = []
        seen: dict[Any, int] = {}
        for row in rows:
            base = self._base(row)
            if base is None:
                continue
            plan = p.person_for(row)
            if plan is None or p._dupe(seen, (id(plan), base[0]), row):
                continue
            wanted.append((row, plan, *base))
        known = sorted({plan.person.pk for _, plan, _, _ in wanted if not plan.is_new})
        cells, posts = self._anchors(known, [plan for _, plan, _, _ in wanted])
        existing: dict[tuple[int, int], dict[str, Any]] = {}
        for chunk in chunks(known):
            for found in _results().filter(person_id__in=chunk).values("person_id", *_FIELDS):
                existing[(found["person_id"], found["cycle__year"])] = found
        for row, plan, year, level in wanted:
            day = year_end(year)
            held_cells = [s for s in cells.get(id(plan), []) if s.holds(day)]
            held_posts = sorted((s for s in posts.get(id(plan), []) if s.holds(day)), key=lambda s: not s.is_head)
            units = held_cells or held_posts
            if not units:
                p.error(
                    row,
                    "year",
                    f"{plan.label} không sinh hoạt ở chi bộ nào và không giữ chức vụ nào vào ngày "
                    f"{format_date(day)}: không có đơn vị xếp loại năm {year}.",
                )
                continue
            if not p.in_scope(p.orgs.at(units[0].code, day)):
                p.error(row, "party_file_no", f"Đơn vị của người này năm {year} ngoài phạm vi nhập liệu của bạn.")
                continue
            found = None if plan.is_new else existing.get((plan.person.pk, year))
            if self._existing(row, found, level, PERSON_ENTITY):
                continue
            group = SubjectGroup.LEADER if held_posts else SubjectGroup.MEMBER
            rating = RatingPlan(row, year, level, row.date("decided_on"), row.text("decision_ref"), group)
            rating.person = plan
            self._add(rating, PERSON_ENTITY)

    def _anchors(
        self, known: list[int], plans: list[PersonPlan]
    ) -> tuple[dict[int, list[_Span]], dict[int, list[_Span]]]:
        """Every cell row and post of the people rated, as they will stand after this import (by ``id`` of
        the person's plan): the register's rows, the file's changes to them, and the file's new rows."""
        p = self.p
        plan_of = {plan.person.pk: plan for plan in plans if not plan.is_new}
        cell_rows: list[tuple[Any, ...]] = []
        post_rows: list[tuple[Any, ...]] = []
        for chunk in chunks(known):
            cell_rows += CellMembership.objects.filter(membership__person_id__in=chunk).values_list(
                "membership__person_id", "id", "cell_id", "valid_from", "valid_to"
            )
            post_rows += Position.objects.filter(person_id__in=chunk).values_list(
                "person_id", "id", "org_id", "valid_from", "valid_to", "is_head"
            )
        kinds = {k.pk: k for k in p.lists.org_kinds.values()}
        p.orgs.load_ids(sorted({r[2] for r in cell_rows} | {r[2] for r in post_rows}), kinds)
        codes = p.orgs.codes
        cells: dict[int, list[_Span]] = {}
        posts: dict[int, list[_Span]] = {}
        for person_id, row_id, cell_id, start, end in cell_rows:
            plan = plan_of[person_id]
            if plan.close_cell is not None and plan.close_cell.pk == row_id and plan.open_cell is not None:
                end = plan.open_cell[1]
            cells.setdefault(id(plan), []).append(_Span(codes[cell_id], start, end))
        for plan in plans:
            if plan.open_cell is not None:
                cells.setdefault(id(plan), []).append(_Span(plan.open_cell[0], plan.open_cell[1], None))
        updated = {pos.pk: pos for pos, _ in p.pos_upd}
        for person_id, row_id, org_id, start, end, is_head in post_rows:
            change = updated.get(row_id)
            if change is not None:
                end, is_head = change.valid_to, change.is_head
            posts.setdefault(id(plan_of[person_id]), []).append(_Span(codes[org_id], start, end, is_head))
        for plan, position, code, _ in p.pos_new:
            posts.setdefault(id(plan), []).append(_Span(code, position.valid_from, position.valid_to, position.is_head))
        return cells, posts


_FIELDS = ("cycle__year", "cycle__closed", "state", "decided_level", "decided_on", "decision_ref")


def _results() -> Any:
    # the people sheet holds the party-member rating; a leader's cadre rating is not in the workbook
    return Result.objects.filter(cycle__kind=CycleKind.YEAR, cycle__period=0).exclude(rating_kind=RatingKind.CADRE)


def write_ratings(planner: Planner, ratings: list[RatingPlan]) -> list[Issue]:
    """Write the planned ratings (after the people, cells and posts of the file); the refusals, as issues
    on their rows (the caller then rolls the whole import back)."""
    ids = planner.orgs.ids
    wanted = [
        RatingArgs(
            year=r.year,
            level=r.level,
            group=r.group,
            person=r.person.person if r.person is not None else None,
            org=Organization(pk=ids[r.org_code], code=r.org_code) if r.org_code else None,
            body_kind=r.body_kind,
            body=r.body,
            decision_ref=r.decision_ref,
            decided_on=r.decided_on,
        )
        for r in ratings
    ]
    _, refused = results_import(actor=planner.actor, ratings=wanted)
    return [_issue(ratings[index].row, message) for index, message in sorted(refused.items())]


def _issue(row: Row, message: str) -> Issue:
    return Issue(row.sheet.title, row.number, row.sheet.column("level").header, row.shown("level"), message)


# --- writing in bulk --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingArgs:
    """One historical rating: the keyword arguments of ``result_import`` but the actor."""

    year: int
    level: str
    group: str
    person: Person | None = None
    org: Organization | None = None
    body_kind: str = ""
    body: Body | None = None  # a đảng đoàn or ban cán sự đảng (its term loaded)
    decision_ref: str = ""
    decided_on: dt.date | None = None


OUT_OF_SCOPE = "Ngoài phạm vi nhập liệu của bạn."  # what ``result_import``'s NotFoundError means to the importer


@transaction.atomic
def results_import(*, actor: User | None, ratings: Sequence[RatingArgs]) -> tuple[list[Result], dict[int, str]]:
    """``result_import`` for many ratings at once: the same checks in the same order (a rating refused
    there is refused here with the same message, a later rating of the same subject and year as an
    earlier one included), the same rows and audit rows. Returns the results written, and the refusals by
    index in ``ratings``; when one is refused nothing is written."""
    if not ratings:
        return [], {}
    years = sorted({r.year for r in ratings})
    cycles = _year_cycles(years)
    units = _person_units(sorted({r.person.pk for r in ratings if r.person is not None}), years)
    unit_of: dict[int, int] = {}
    refused: dict[int, str] = {}
    for index, r in enumerate(ratings):
        message = _refusal(r, cycles.get(r.year), units)
        if message:
            refused[index] = message
        elif r.person is not None:
            unit_of[index] = units[(r.person.pk, r.year)]
        else:
            # a đảng đoàn is on the board of the organisation of its term, which also decides (``_subject``)
            unit_of[index] = r.body.term.org_id if r.body is not None else r.org.pk  # type: ignore[union-attr]
    allowed = _enterable(actor, {(unit, ratings[i].year) for i, unit in unit_of.items()})
    existing = _existing([c.pk for c in cycles.values()], [ratings[i] for i in unit_of])
    accepted: list[tuple[RatingArgs, int]] = []
    for index, unit_id in unit_of.items():
        r = ratings[index]
        key = _key(r)
        if actor is not None and (unit_id, r.year) not in allowed:
            refused[index] = OUT_OF_SCOPE
        elif key in existing:
            refused[index] = f"Đối tượng này đã có kết quả xếp loại năm {r.year}."
        else:
            existing.add(key)  # a second rating of the subject in the same year is refused, as one by one
            accepted.append((r, unit_id))
    if refused:
        return [], dict(sorted(refused.items()))
    cycles.update(_new_cycles(sorted(set(years) - set(cycles))))
    decider = _deciders(accepted, cycles)
    rows = [
        Result(
            cycle=cycles[r.year],
            person=r.person,
            org=r.org if r.body is None else Organization(pk=r.body.term.org_id),
            body_kind=(r.body.kind if r.body is not None else r.body_kind) if r.person is None else "",
            body=r.body,
            rating_kind=RatingKind.PARTY_MEMBER if r.person is not None else RatingKind.COLLECTIVE,
            unit_id=unit_id,
            decider_org_id=decider[index].org_id,
            decider_body=decider[index].body,
            decider_rule_id=decider[index].rule_id,
            group=r.group,
            state=ResultState.DECIDED,
            decided_level=r.level,
            decided_on=r.decided_on,
            decision_ref=r.decision_ref,
            imported=True,
        )
        for index, (r, unit_id) in enumerate(accepted)
    ]
    Result.objects.bulk_create(rows, batch_size=BATCH)
    _audit(actor, rows)
    return rows, {}


def _key(r: RatingArgs) -> tuple[Any, ...]:
    """The subject of a rating, as ``_existing`` lists those already rated."""
    if r.person is not None:
        return (r.year, r.person.pk)
    if r.body is not None:
        return (r.year, "body", r.body.pk)
    return (r.year, r.org.pk, r.body_kind)  # type: ignore[union-attr]


def _refusal(r: RatingArgs, cycle: Cycle | None, units: dict[tuple[int, int], int]) -> str:
    """The refusals of ``result_import`` that need no more than the rating, its cycle (None: to be created,
    closed) and the unit."""
    if r.level not in Level.values:
        return "Mức xếp loại không hợp lệ."
    if cycle is not None and not cycle.closed:
        return f"Đợt đánh giá năm {r.year} đang mở: nhập kết quả qua quy trình của đợt."
    if (r.person is None) == (r.org is None and r.body is None):
        return "Kết quả xếp loại phải của một cá nhân hoặc một tập thể."
    if r.person is not None:
        if (r.person.pk, r.year) not in units:
            return f"Đ/c {r.person} không sinh hoạt, công tác ở tổ chức nào vào ngày {year_end(r.year):%d/%m/%Y}."
        return ""
    if r.body_kind not in RatedBody.values:
        return (
            "Phải chọn tập thể được xếp loại: tổ chức đảng, tập thể cấp ủy, ban thường vụ, đảng đoàn hoặc ban cán "
            "sự đảng."
        )
    if r.body_kind not in PARTY_BODY_KINDS:
        if r.body is not None:
            return "Chỉ đảng đoàn, ban cán sự đảng được chọn theo tên; cấp ủy, ban thường vụ xếp loại theo tổ chức."
        return ""
    if r.body is None:
        return "Phải chọn đảng đoàn, ban cán sự đảng được xếp loại."
    day = cycle.population_on if cycle is not None else year_end(r.year)
    message, _ = party_body_refusal(body=r.body, term=r.body.term, body_kind=r.body_kind, org=r.org, day=day)
    return message


def _year_cycles(years: list[int]) -> dict[int, Cycle]:
    """The yearly cycles of ``years`` that exist (``first()`` of ``result_import``: the lowest id)."""
    cycles: dict[int, Cycle] = {}
    for cycle in Cycle.objects.filter(year__in=years, kind=CycleKind.YEAR, period=0).order_by("-pk"):
        cycles[cycle.year] = cycle
    return cycles


def _new_cycles(years: list[int]) -> dict[int, Cycle]:
    """The yearly cycles ``result_import`` creates, closed, for years that have none."""
    return {
        year: Cycle.objects.create(
            year=year,
            kind=CycleKind.YEAR,
            name=cycle_name(year, CycleKind.YEAR, 0),
            ruleset=evaluation_selectors.ruleset_for_year(year),
            population_on=year_end(year),
            closed=True,
        )
        for year in years
    }


def _person_units(person_ids: list[int], years: list[int]) -> dict[tuple[int, int], int]:
    """The unit that rates each person on 31/12 of each year (``evaluations.selectors.person_unit_id``): the
    cell where he is active, else the organisation of a post he holds, a head's post first."""
    cells: list[tuple[int, int, dt.date, dt.date | None]] = []
    posts: list[tuple[int, int, dt.date, dt.date | None]] = []
    for chunk in chunks(person_ids):
        cells += (
            CellMembership.objects.filter(membership__person_id__in=chunk)
            .order_by("id")
            .values_list("membership__person_id", "cell_id", "valid_from", "valid_to")
        )
        posts += (
            Position.objects.filter(person_id__in=chunk)
            .order_by("-is_head", "id")
            .values_list("person_id", "org_id", "valid_from", "valid_to")
        )
    units: dict[tuple[int, int], int] = {}
    for rows in (posts, cells):  # cells last: they win over posts
        for person_id, org_id, start, end in reversed(rows):  # the first row in order last: it wins
            for year in years:
                if _holds(start, end, year_end(year)):
                    units[(person_id, year)] = org_id
    return units


def _deciders(accepted: list[tuple[RatingArgs, int]], cycles: dict[int, Cycle]) -> list[deciders.Decider]:
    """Who decides each accepted rating, on 31/12 of its year, by its cycle's rule set: what
    ``result_import`` finds one by one (``deciders.for_unit``), two queries a year. A đảng đoàn or ban cán
    sự đảng is decided by the standing committee of its organisation."""
    years = sorted({r.year for r, _ in accepted})
    nodes = {year: evaluation_selectors.tree_nodes(year_end(year)) for year in years}
    rules = {year: evaluation_selectors.deciding_rules(cycles[year].ruleset_id) for year in years}
    found = []
    for r, unit_id in accepted:
        if r.body is not None:
            found.append(deciders.Decider(unit_id, deciders.PARTY_BODY_BODY))
            continue
        subject = DecidingSubject.MEMBER if r.person is not None else DecidingSubject.COLLECTIVE
        found.append(deciders.for_unit(rules[r.year], subject, unit_id, nodes[r.year]))
    return found


def _enterable(actor: User | None, units: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (organisation, year) pairs the actor may enter results for (``actor_can_write`` on 31/12)."""
    if actor is None:
        return units
    allowed: set[tuple[int, int]] = set()
    for year in sorted({year for _, year in units}):
        wanted = sorted(org_id for org_id, y in units if y == year)
        for chunk in chunks(wanted):
            visible = visible_placements(actor=actor, day=year_end(year), scope=Scope.ENTER)
            in_scope = list(visible.filter(org_id__in=chunk).values_list("org_id", flat=True))
            # and today over where the unit sits now (the write rule, accounts.selectors.actor_can_write)
            allowed.update((org_id, year) for org_id in orgs_entered_today(actor=actor, org_ids=in_scope))
    return allowed


def _existing(cycle_ids: list[int], ratings: list[RatingArgs]) -> set[tuple[Any, ...]]:
    """The subjects already rated in the cycles: (year, person id), (year, organisation id, body kind) and
    (year, "body", body id)."""
    found: set[tuple[Any, ...]] = set()
    results = Result.objects.filter(cycle_id__in=cycle_ids).exclude(rating_kind=RatingKind.CADRE)
    person_ids = sorted({r.person.pk for r in ratings if r.person is not None})
    org_ids = sorted({r.org.pk for r in ratings if r.org is not None})
    for chunk in chunks(person_ids):
        found.update(results.filter(person_id__in=chunk).values_list("cycle__year", "person_id"))
    for chunk in chunks(org_ids):
        found.update(
            results.filter(org_id__in=chunk, body__isnull=True).values_list("cycle__year", "org_id", "body_kind")
        )
    body_ids = sorted({r.body.pk for r in ratings if r.body is not None})
    for chunk in chunks(body_ids):
        rated = results.filter(body_id__in=chunk).values_list("cycle__year", "body_id")
        found.update((year, "body", body_id) for year, body_id in rated)
    return found


def _audit(actor: User | None, rows: list[Result]) -> None:
    """The audit rows ``audit_record`` writes for each result, in one statement per batch."""
    info = get_request_info()
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=now,
                actor_id=actor.pk if actor is not None else None,
                actor_name=actor.get_username() if actor is not None else "hệ thống",
                acting_org_id=info.acting_org_id,
                action="evaluations.result_import",
                object_type=row._meta.label_lower,
                object_id=str(row.pk),
                object_repr=str(row)[:255],
                changes={"year": row.cycle.year, "level": row.decided_level, "rating_kind": row.rating_kind},
                ip=info.ip,
            )
            for row in rows
        ],
        batch_size=BATCH,
    )


def _holds(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return start <= day and (end is None or day < end)
