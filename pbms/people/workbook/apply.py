"""Applying a parsed workbook: one transaction, all or nothing.

``import_workbook`` parses the file (``parse``), plans it against the register (``plan.Planner``: keys
resolved with lookups loaded once, every check that needs the database), and only when no error was
found writes everything (``Writer``: ``COPY`` / ``bulk_create`` and ``bulk_update`` in batches), with
one audit row for the import and one per organisation, person or term changed. ``dry_run`` stops after
the checks and reports what would change.

Upsert keys: organisations by code; people by số lý lịch, else CCCD; a qualification by (person,
kind, level); a position by (person, organisation, title, start); a seat by (body, person, role,
start); a training by (person, course, category, start). Rows in the register that the file does not
mention are left alone: an import adds and corrects, it never deletes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, models, transaction
from django.utils import timezone

from pbms.accounts.models import User
from pbms.audit.context import get_request_info
from pbms.audit.models import AuditEvent
from pbms.lib.dates import format_date
from pbms.lib.text import fold, vi_number
from pbms.orgs.locking import org_lock_for_write
from pbms.orgs.models import Organization, OrgEvent, OrgEventRole, Placement
from pbms.people.models import (
    Body,
    BodyMembership,
    CellMembership,
    Membership,
    MembershipEvent,
    Person,
    Position,
    Qualification,
    Term,
    Training,
)
from pbms.people.workbook.bulk import insert_rows
from pbms.people.workbook.parse import FileRefusedError, Issue, parse_workbook
from pbms.people.workbook.plan import Planner
from pbms.people.workbook.ratings import ORG_ENTITY, PERSON_ENTITY, RatingPlanner, write_ratings
from pbms.people.workbook.register import PersonPlan, chunks
from pbms.people.workbook.spec import (
    Lists,
    load_code_lists,
)

BATCH = 2000  # rows per INSERT / UPDATE
ProgressFn = Callable[[str, int], None]

# The names of what an import counts, in the order reports list them.
ENTITIES = (
    "Tổ chức",
    "Cán bộ, đảng viên",
    "Đảng tịch",
    "Chuyển sinh hoạt",
    "Trình độ",
    "Chức vụ",
    "Nhiệm kỳ",
    "Cấp ủy",
    "Bồi dưỡng",
    ORG_ENTITY,
    PERSON_ENTITY,
)


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    rows_read: int = 0
    applied: bool = False
    audit_id: int | None = None

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self) -> list[tuple[str, int, int, int]]:
        return [
            (name, self.created[name], self.updated[name], self.unchanged[name])
            for name in ENTITIES
            if self.created[name] or self.updated[name] or self.unchanged[name]
        ]


# --- writing --------------------------------------------------------------------------------------


class Writer:
    def __init__(self, planner: Planner, *, progress: ProgressFn | None) -> None:
        self.p = planner
        self.progress = progress or (lambda _step, _pct: None)
        self.now = timezone.now()
        info = get_request_info()
        actor = planner.actor
        self.audit_base = {
            "at": self.now,
            "actor_id": actor.pk if actor is not None else None,
            "actor_name": actor.get_username() if actor is not None else "hệ thống",
            "acting_org_id": info.acting_org_id,
            "ip": info.ip,
        }
        self.audit: list[tuple[Any, ...]] = []

    def audit_row(self, action: str, obj: models.Model, label: str, changes: dict[str, Any]) -> None:
        base = self.audit_base
        self.audit.append(
            (
                base["at"],
                base["actor_id"],
                base["actor_name"],
                base["acting_org_id"],
                action,
                obj._meta.label_lower,
                str(obj.pk),
                label[:255],
                changes,
                base["ip"],
            )
        )

    def run(self) -> None:
        self._orgs()
        self.progress("Tổ chức", 10)
        self._people()
        self.progress("Cán bộ, đảng viên", 40)
        self._memberships()
        self.progress("Đảng tịch", 60)
        self._children()
        self.progress("Trình độ, chức vụ, cấp ủy, bồi dưỡng", 85)
        for plan in self.p.plans + [p for p in self.p.plan_by_person.values() if p.row is None]:
            self._audit_person(plan)
        insert_rows(AuditEvent, AUDIT_COLUMNS, self.audit)
        self.progress("Nhật ký", 95)

    def _orgs(self) -> None:
        new = list(self.p.orgs.new.values())
        if not new:
            return
        orgs = Organization.objects.bulk_create(
            [Organization(code=n.code, created_on=n.created_on) for n in new], batch_size=BATCH
        )
        actor = self.p.actor
        events = OrgEvent.objects.bulk_create(
            [
                OrgEvent(
                    kind=OrgEvent.Kind.CREATED,
                    effective_date=n.created_on,
                    decision_ref=n.decision_ref[:80],
                    note=f"Nhập từ tệp {self.p.file_name}"[:500],
                    details={"name": n.name, "kind": n.kind.name, "parent": n.parent_code},
                    created_by=actor,
                )
                for n in new
            ],
            batch_size=BATCH,
        )
        for n, org in zip(new, orgs, strict=True):
            n.org = org
            self.p.orgs.ids[n.code] = org.pk
            self.p.orgs.codes[org.pk] = n.code
        placements, roles = [], []
        for n, event in zip(new, events, strict=True):  # parents were planned (and so listed) before children
            assert n.span is not None and n.org is not None
            parent = self.p.orgs.latest(n.parent_code) if n.parent_code else None
            parent_path = parent.path if parent is not None else "/"
            n.span.path = f"{parent_path}{n.org.pk}/"
            n.span.ancestors = n.span.ancestors | {n.org.pk}
            placements.append(
                Placement(
                    org=n.org,
                    parent_id=self.p.orgs.ids[n.parent_code] if n.parent_code else None,
                    name=n.name,
                    name_folded=fold(n.name),
                    kind=n.kind,
                    path=n.span.path,
                    depth=n.span.depth,
                    valid_from=n.created_on,
                    event=event,
                )
            )
            roles.append(OrgEventRole(event=event, org=n.org, role=OrgEventRole.Role.SUBJECT))
            if n.parent_code:
                roles.append(
                    OrgEventRole(event=event, org_id=self.p.orgs.ids[n.parent_code], role=OrgEventRole.Role.NEW_PARENT)
                )
            self.audit_row(
                "org.create",
                n.org,
                n.name,
                {"name": [None, n.name], "kind": [None, n.kind.code], "parent": [None, n.parent_code]},
            )
        Placement.objects.bulk_create(placements, batch_size=BATCH)
        OrgEventRole.objects.bulk_create(roles, batch_size=BATCH)

    def _people(self) -> None:
        new = [p.person for p in self.p.plans if p.is_new]
        ids = insert_rows(
            Person,
            PERSON_COLUMNS,
            [
                (
                    x.family_name,
                    x.middle_name,
                    x.given_name,
                    x.name_folded,
                    x.gender,
                    x.birth_date,
                    x.cccd,
                    x.place_of_origin,
                    x.ethnicity_id,
                    x.religion_id,
                    self.audit_base["actor_id"],
                    self.now,
                    self.now,
                )
                for x in new
            ],
            ids=True,
        )
        for person, pk in zip(new, ids, strict=True):
            person.pk = pk
        changed = [p for p in self.p.plans if not p.is_new and any(k in PERSON_FIELDS for k in p.changes)]
        fields = sorted({k for p in changed for k in p.changes if k in PERSON_FIELDS})
        if changed:
            for plan in changed:
                plan.person.updated_at = self.now
            Person.objects.bulk_update(
                [p.person for p in changed], [*fields, "name_folded", "updated_at"], batch_size=BATCH
            )

    def _memberships(self) -> None:
        plans = [p for p in self.p.plans if p.membership is not None]
        new = [p.membership for p in plans if p.membership_new and p.membership is not None]
        for plan in plans:
            if plan.membership_new and plan.membership is not None:
                plan.membership.person_id = plan.person.pk
        ids = insert_rows(
            Membership,
            ("person_id", "party_file_no", "card_no", "admitted_on", "official_on"),
            [(m.person_id, m.party_file_no, m.card_no, m.admitted_on, m.official_on) for m in new],
            ids=True,
        )
        for membership, pk in zip(new, ids, strict=True):
            membership.pk = pk
        changed = [p.membership for p in plans if p.membership_changed and p.membership is not None]
        fields = sorted({f for p in plans for f in p.membership_changed})
        if changed:
            Membership.objects.bulk_update(changed, fields, batch_size=BATCH)
        org_ids = self.p.orgs.ids
        actor_id = self.p.actor.pk if self.p.actor is not None else None
        note = f"Nhập từ tệp {self.p.file_name}"
        events: list[tuple[Any, ...]] = []
        cells: list[tuple[Any, ...]] = []
        closed = []
        for plan in plans:
            member = plan.membership
            assert member is not None
            for kind, day, cell_code in plan.events:
                cell_id = org_ids[cell_code] if cell_code else None
                events.append((member.pk, kind, day, "", cell_id, note, actor_id, self.now))
            if plan.close_cell is not None and plan.open_cell is not None:
                plan.close_cell.valid_to = plan.open_cell[1]
                closed.append(plan.close_cell)
            if plan.open_cell is not None:
                code, start = plan.open_cell
                cells.append((member.pk, org_ids[code], start, None))
        if closed:
            CellMembership.objects.bulk_update(closed, ["valid_to"], batch_size=BATCH)
        insert_rows(
            MembershipEvent,
            ("membership_id", "kind", "date", "decision_ref", "cell_id", "note", "created_by_id", "created_at"),
            events,
        )
        insert_rows(CellMembership, ("membership_id", "cell_id", "valid_from", "valid_to"), cells)

    def _children(self) -> None:
        p, ids = self.p, self.p.orgs.ids
        insert_rows(
            Qualification,
            ("person_id", "kind", "level_id", "obtained_on", "field", "note"),
            [(plan.person.pk, q.kind, q.level_id, q.obtained_on, q.field, q.note) for plan, q in p.qual_new],
        )
        if p.qual_upd:
            Qualification.objects.bulk_update(p.qual_upd, ["obtained_on", "field", "note"], batch_size=BATCH)
        position_ids = insert_rows(
            Position,
            ("person_id", "org_id", "title", "is_head", "valid_from", "valid_to", "decision_ref"),
            [
                (plan.person.pk, ids[code], x.title, x.is_head, x.valid_from, x.valid_to, x.decision_ref)
                for plan, x, code, _ in p.pos_new
            ],
            ids=True,
        )
        for (_, position, _, _), pk in zip(p.pos_new, position_ids, strict=True):
            position.pk = pk
        if p.pos_upd:
            Position.objects.bulk_update(
                [pos for pos, _ in p.pos_upd], ["is_head", "valid_to", "decision_ref"], batch_size=BATCH
            )
        category_ids = p.lists.ids[Lists.MANAGEMENT_CATEGORY]
        through = Position.categories.through
        replaced = [pos.pk for pos, cats in p.pos_upd if cats is not None]
        for chunk in chunks(replaced):
            through.objects.filter(position_id__in=chunk).delete()
        links = [
            through(position_id=pos.pk, managementcategory_id=category_ids[c])
            for _, pos, _, cats in p.pos_new
            for c in cats
        ] + [
            through(position_id=pos.pk, managementcategory_id=category_ids[c])
            for pos, cats in p.pos_upd
            if cats is not None
            for c in cats
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        for (code, _), term in p.terms_new.items():
            term.org_id = ids[code]
        Term.objects.bulk_create(list(p.terms_new.values()), batch_size=BATCH)
        if p.terms_upd:
            Term.objects.bulk_update(p.terms_upd, ["starts_on", "ends_on"], batch_size=BATCH)
        for term in list(p.terms_new.values()) + p.terms_upd:
            self.audit_row(
                "term.create" if term in p.terms_new.values() else "term.update",
                term,
                f"Nhiệm kỳ {term.name}",
                {"starts_on": format_date(term.starts_on), "ends_on": format_date(term.ends_on)},
            )
        for (term_key, _, _), body in p.bodies_new.items():
            body.term = p.term_for[term_key]
        Body.objects.bulk_create(list(p.bodies_new.values()), batch_size=BATCH)
        insert_rows(
            BodyMembership,
            ("body_id", "person_id", "role", "valid_from", "valid_to", "decision_ref"),
            [
                (p.body_for[key].pk, plan.person.pk, x.role, x.valid_from, x.valid_to, x.decision_ref)
                for plan, x, key in p.seat_new
            ],
        )
        if p.seat_upd:
            BodyMembership.objects.bulk_update(p.seat_upd, ["valid_to", "decision_ref"], batch_size=BATCH)
        insert_rows(
            Training,
            ("person_id", "course", "category_id", "starts_on", "ends_on", "completed", "provider"),
            [
                (plan.person.pk, t.course, t.category_id, t.starts_on, t.ends_on, t.completed, t.provider)
                for plan, t in p.train_new
            ],
        )
        if p.train_upd:
            Training.objects.bulk_update(p.train_upd, ["ends_on", "completed", "provider"], batch_size=BATCH)

    def _audit_person(self, plan: PersonPlan) -> None:
        source = {"tệp": self.p.file_name, "dòng": plan.row.number if plan.row else None}
        if plan.is_new:
            self.audit_row("person.create", plan.person, plan.label, {**source, **dict(plan.touched)})
        elif plan.changes or plan.touched:
            self.audit_row("person.update", plan.person, plan.label, {**source, **plan.changes, **dict(plan.touched)})


PERSON_COLUMNS = (
    "family_name",
    "middle_name",
    "given_name",
    "name_folded",
    "gender",
    "birth_date",
    "cccd",
    "place_of_origin",
    "ethnicity_id",
    "religion_id",
    "created_by_id",
    "created_at",
    "updated_at",
)
AUDIT_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "acting_org_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "ip",
)
PERSON_FIELDS = frozenset(
    {
        "family_name",
        "middle_name",
        "given_name",
        "gender",
        "birth_date",
        "cccd",
        "place_of_origin",
        "ethnicity_id",
        "religion_id",
    }
)


# --- the entry point ------------------------------------------------------------------------------


def import_workbook(
    *,
    path: Path,
    file_name: str,
    actor: User | None,
    dry_run: bool,
    today: dt.date | None = None,
    progress: ProgressFn | None = None,
    still_ours: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import the workbook at ``path``; all or nothing. ``actor`` None is the system (a server command).

    ``still_ours`` is the upload's last write inside the transaction (``uploads.upload_finish``): when it
    answers False the upload was given up meanwhile, and everything is rolled back."""
    today = today or timezone.localdate()
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    lists = load_code_lists()
    reading = 80 if dry_run else 50  # the share of the bar that reading the file takes

    def rows_read(done: int, declared: int | None) -> None:
        if progress is not None:
            share = min(reading, 1 + done * reading // declared) if declared else reading // 2
            progress(f"Đang đọc tệp: {vi_number(done)} dòng", share)

    try:
        parsed = parse_workbook(path, lists=lists, today=today, progress=rows_read)
    except FileRefusedError as exc:
        report.errors.append(Issue("", None, "", file_name, exc.message))
        return report
    report.rows_read = sum(len(rows) for rows in parsed.rows.values())
    report.errors += parsed.errors
    report.warnings += parsed.warnings
    if parsed.unlisted:
        return report  # too many errors to list: checking against the register would only add more
    if progress:
        progress("Đang đối chiếu với sổ", reading + 2)
    try:
        with transaction.atomic():
            if not dry_run:
                # The plan reads the tree (is the cell there, does it last) and the writes place people in it:
                # no tree operation may run between the two (docs/security.md, "Ghi đồng thời").
                org_lock_for_write(shared=True)
            planner = Planner(parsed, lists=lists, actor=actor, today=today, file_name=file_name)
            planner.build()
            ratings = RatingPlanner(planner).plan()
            report.errors += planner.errors
            report.warnings += planner.warnings
            report.created, report.updated, report.unchanged = planner.created, planner.updated, planner.unchanged
            if report.errors or dry_run:
                return report
            Writer(planner, progress=_scaled(progress)).run()
            refused = write_ratings(planner, ratings)
            if refused:
                report.errors += refused
                transaction.set_rollback(True)
                return report
            if still_ours is not None and not still_ours():
                report.errors.append(Issue("", None, "", "", "Lần ghi này đã bị coi là dừng giữa chừng: không ghi gì."))
                transaction.set_rollback(True)
                return report
            summary = {
                "tệp": file_name,
                "số dòng": report.rows_read,
                "thêm": dict(report.created),
                "sửa": dict(report.updated),
                "không đổi": dict(report.unchanged),
            }
            event = AuditEvent.objects.create(
                action="people.import",
                object_repr=f"Nhập tệp {file_name}"[:255],
                changes=summary,
                **Writer(planner, progress=None).audit_base,
            )
            report.audit_id = event.pk
            report.applied = True
    except DatabaseError as exc:
        report.applied = False
        report.errors.append(Issue("", None, "", "", f"Lỗi khi ghi vào cơ sở dữ liệu, không ghi gì: {exc}"))
    return report


def _scaled(progress: ProgressFn | None) -> ProgressFn | None:
    if progress is None:
        return None
    return lambda step, pct: progress(f"Đang ghi: {step}", 60 + pct * 39 // 100)
