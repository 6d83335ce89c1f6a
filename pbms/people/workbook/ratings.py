"""The workbook's two rating sheets: historical ratings (2021 onwards) of organisations and people.

Each row becomes a decided result of the year's closed yearly cycle, written through
``pbms.evaluations.services.result_import`` (the one writer of historical ratings), in the import's
transaction, so that a target counts it exactly like a result decided in the system.

Planning mirrors what ``result_import`` will check, with lookups loaded once, so that every bad row is
reported before anything is written (and in a dry run): the organisation must exist on 31/12 of the
year; the person must be active in a cell, or hold a post, on that day (the unit that rates him, as
``evaluations.selectors.person_unit_id`` finds it, counting the cells and posts of the same file); that
unit must be in the actor's scope; the year's cycle must not be open. A rating already in the register
with the same level is left as it is (a round trip changes nothing); with another level it is refused:
a decided result is locked (docs/workbook.md, "Xếp loại").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pbms.evaluations.models import DECIDED_STATES, Cycle, CycleKind, Level, RatedBody, Result, SubjectGroup
from pbms.evaluations.services import result_import
from pbms.lib.dates import format_date
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.orgs.models import Organization
from pbms.people.models import CellMembership, Position
from pbms.people.workbook.parse import Issue, Row
from pbms.people.workbook.plan import Planner
from pbms.people.workbook.register import PersonPlan, chunks
from pbms.people.workbook.spec import ORG_RATINGS, PERSON_RATINGS

LEVEL_BY_LABEL = {str(label): str(value) for value, label in Level.choices}
BODY_BY_LABEL = {str(label): str(value) for value, label in RatedBody.choices}
ORG_ENTITY, PERSON_ENTITY = "Xếp loại tổ chức", "Xếp loại cá nhân"


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
        existing: dict[tuple[int, str, int], dict[str, Any]] = {}
        org_ids = sorted({p.orgs.ids[row.text("org")] for row in rows if row.text("org") in p.orgs.ids})
        for chunk in chunks(org_ids):
            for found in _results().filter(org_id__in=chunk).values("org_id", "body_kind", *_FIELDS):
                existing[(found["org_id"], found["body_kind"], found["cycle__year"])] = found
        for row in rows:
            base = self._base(row)
            body_kind = BODY_BY_LABEL.get(row.text("subject"))
            if base is None or body_kind is None:
                continue
            year, level = base
            org_id = p.orgs.ids.get(row.text("org"))
            found = existing.get((org_id, body_kind, year)) if org_id is not None else None
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
            rating.org_code, rating.body_kind = row.text("org"), body_kind
            self._add(rating, ORG_ENTITY)

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
    return Result.objects.filter(cycle__kind=CycleKind.YEAR, cycle__period=0)


def write_ratings(planner: Planner, ratings: list[RatingPlan]) -> list[Issue]:
    """Write the planned ratings (after the people, cells and posts of the file); the refusals of
    ``result_import``, as issues on their rows (the caller then rolls the whole import back)."""
    errors: list[Issue] = []
    ids = planner.orgs.ids
    for rating in ratings:
        org = Organization(pk=ids[rating.org_code]) if rating.org_code else None
        try:
            result_import(
                actor=planner.actor,
                year=rating.year,
                level=rating.level,
                group=rating.group,
                person=rating.person.person if rating.person is not None else None,
                org=org,
                body_kind=rating.body_kind,
                decision_ref=rating.decision_ref,
                decided_on=rating.decided_on,
            )
        except NotFoundError:
            errors.append(_issue(rating.row, "Ngoài phạm vi nhập liệu của bạn."))
        except ApplicationError as exc:
            errors.append(_issue(rating.row, exc.message))
    return errors


def _issue(row: Row, message: str) -> Issue:
    return Issue(row.sheet.title, row.number, row.sheet.column("level").header, row.shown("level"), message)
