"""Writes of the leading bodies: an organisation's terms (nhiệm kỳ), the bodies of a term (cấp ủy, ban
thường vụ, ủy ban kiểm tra; until 2025 also đảng đoàn and ban cán sự đảng) and the dated seats on them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from pbms.accounts.models import User
from pbms.accounts.selectors import require_enter
from pbms.audit.services import audit_record
from pbms.lib.dates import format_date
from pbms.lib.exceptions import ApplicationError
from pbms.orgs.locking import org_lock_for_write
from pbms.orgs.models import Organization
from pbms.people import rules
from pbms.people.models import Body, BodyMembership, BodyRole, Person, Term
from pbms.people.services._common import (
    clean_decision,
    clean_text,
    org_row,
    require_person_write,
)

# Which roles a seat on each kind of body can carry.
ROLES_BY_BODY = {
    Body.Kind.COMMITTEE: {BodyRole.SECRETARY, BodyRole.DEPUTY_SECRETARY, BodyRole.STANDING_MEMBER, BodyRole.MEMBER},
    Body.Kind.STANDING: {BodyRole.SECRETARY, BodyRole.DEPUTY_SECRETARY, BodyRole.STANDING_MEMBER},
    Body.Kind.INSPECTION: {BodyRole.CHAIR, BodyRole.DEPUTY_CHAIR, BodyRole.MEMBER},
    Body.Kind.PARTY_DELEGATION: {BodyRole.SECRETARY, BodyRole.DEPUTY_SECRETARY, BodyRole.MEMBER},
    Body.Kind.PARTY_AFFAIRS: {BodyRole.SECRETARY, BodyRole.DEPUTY_SECRETARY, BodyRole.MEMBER},
    Body.Kind.CELL_SECRETARIES: {BodyRole.SECRETARY, BodyRole.DEPUTY_SECRETARY},
}
# One of each per term; đảng đoàn and ban cán sự đảng are many, told apart by their names.
SINGLE_BODIES = {Body.Kind.COMMITTEE, Body.Kind.STANDING, Body.Kind.INSPECTION, Body.Kind.CELL_SECRETARIES}
# A chi bộ elects either a chi ủy or, below nine official members, a bí thư without one (rules, "party posts").
EXCLUSIVE_BODIES = {Body.Kind.COMMITTEE: Body.Kind.CELL_SECRETARIES, Body.Kind.CELL_SECRETARIES: Body.Kind.COMMITTEE}
PARTY_BODIES = {Body.Kind.PARTY_DELEGATION, Body.Kind.PARTY_AFFAIRS}


def _check_interval(valid_from: dt.date, valid_to: dt.date | None, *, field: str) -> None:
    if valid_to is not None and valid_to <= valid_from:
        raise ApplicationError(
            f"Ngày kết thúc ({format_date(valid_to)}) phải sau ngày bắt đầu ({format_date(valid_from)}).",
            field=field,
        )


@transaction.atomic
def term_create(
    *, actor: User, org: Organization, name: str, starts_on: dt.date, ends_on: dt.date | None = None
) -> Term:
    """A term of ``org``'s leading bodies, e.g. "2020–2025"; the organisation must exist when it begins."""
    name = clean_text(name, field="name", label="Tên nhiệm kỳ", max_length=40, required=True)
    require_enter(actor, org.pk, starts_on)
    row = org_row(org, starts_on, field="org")
    _check_interval(starts_on, ends_on, field="ends_on")
    if Term.objects.filter(org=org, name=name).exists():
        raise ApplicationError(f"“{row.name}” đã có nhiệm kỳ {name}.", field="name")
    term = Term.objects.create(org=org, name=name, starts_on=starts_on, ends_on=ends_on)
    audit_record(
        actor=actor,
        action="term.create",
        obj=term,
        object_repr=f"{row.name}, nhiệm kỳ {name}",
        changes={
            "org": row.name,
            "starts_on": [None, starts_on.isoformat()],
            "ends_on": [None, ends_on.isoformat() if ends_on else None],
        },
    )
    return term


@transaction.atomic
def body_create(*, actor: User, term: Term, kind: str, name: str = "") -> Body:
    """A body of ``term``. Đảng đoàn and ban cán sự đảng need a name ("Đảng đoàn HĐND tỉnh") and exist
    only on terms begun before 01/7/2025."""
    require_enter(actor, term.org_id, term.starts_on)
    if kind not in Body.Kind.values:
        raise ApplicationError("Loại cơ quan lãnh đạo không hợp lệ.", field="kind")
    name = clean_text(name, field="name", label="Tên", max_length=200, required=kind in PARTY_BODIES)
    if kind in PARTY_BODIES and (error := rules.party_body_error(term_starts_on=term.starts_on)):
        raise ApplicationError(error, field="kind")
    if kind == Body.Kind.CELL_SECRETARIES:
        row = org_row(term.org, term.starts_on, field="kind")
        if error := rules.cell_secretaries_body_error(
            level_code=row.kind.level.code, kind_code=row.kind.code, org_name=row.name
        ):
            raise ApplicationError(error, field="kind")
    if (other := EXCLUSIVE_BODIES.get(Body.Kind(kind))) and Body.objects.filter(term=term, kind=other).exists():
        raise ApplicationError(
            f"Nhiệm kỳ {term.name} đã có {Body.Kind(other).label.lower()}: một chi bộ bầu chi ủy hoặc, khi dưới "
            "chín đảng viên chính thức, chỉ bầu bí thư, phó bí thư.",
            field="kind",
        )
    if kind in SINGLE_BODIES and Body.objects.filter(term=term, kind=kind).exists():
        raise ApplicationError(f"Nhiệm kỳ {term.name} đã có {Body.Kind(kind).label.lower()}.", field="kind")
    if kind in PARTY_BODIES and Body.objects.filter(term=term, kind=kind, name=name).exists():
        raise ApplicationError(f"Nhiệm kỳ {term.name} đã có “{name}”.", field="name")
    body = Body.objects.create(term=term, kind=kind, name=name)
    audit_record(
        actor=actor,
        action="body.create",
        obj=body,
        object_repr=f"{body}, nhiệm kỳ {term.name}",
        changes={"term": term.pk, "kind": [None, kind], "name": [None, name]},
    )
    return body


@transaction.atomic
def body_seat_add(
    *,
    actor: User,
    body: Body,
    person: Person,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    decision_ref: str = "",
) -> BodyMembership:
    """Seat ``person`` on ``body`` with ``role`` from ``valid_from`` (inside the term)."""
    # Shared tree lock: a dissolution or merger waits for this seat to commit, then sees it (as for posts).
    org_lock_for_write(shared=True)
    decision_ref = clean_decision(decision_ref, required=False)
    term = body.term
    require_enter(actor, term.org_id, valid_from)
    require_person_write(actor, person, valid_from)
    if role not in ROLES_BY_BODY.get(Body.Kind(body.kind), set()):
        raise ApplicationError(
            f"{BodyRole(role).label if role in BodyRole.values else role} không phải chức danh của "
            f"{Body.Kind(body.kind).label.lower()}.",
            field="role",
        )
    if valid_from < term.starts_on or (term.ends_on is not None and valid_from >= term.ends_on):
        span = f"{format_date(term.starts_on)}–{format_date(term.ends_on) or '…'}"
        raise ApplicationError(
            f"Ngày {format_date(valid_from)} ngoài nhiệm kỳ {term.name} ({span}).", field="valid_from"
        )
    if body.kind in PARTY_BODIES and (error := rules.party_body_seat_error(valid_from=valid_from)):
        raise ApplicationError(error, field="valid_from")
    _check_interval(valid_from, valid_to, field="valid_to")
    overlapping = BodyMembership.objects.filter(body=body, person=person).exclude(valid_to__lte=valid_from)
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lt=valid_to)
    if overlapping.exists():
        raise ApplicationError(f"{person.full_name} đã có ghế trong {body} trong khoảng thời gian này.", field="person")
    seat = BodyMembership.objects.create(
        body=body, person=person, role=role, valid_from=valid_from, valid_to=valid_to, decision_ref=decision_ref
    )
    audit_record(
        actor=actor,
        action="body_seat.add",
        obj=seat,
        object_repr=f"{BodyRole(role).label} {body} – {person.full_name}",
        changes={
            "body": body.pk,
            "person": person.pk,
            "role": [None, role],
            "valid_from": [None, valid_from.isoformat()],
            "valid_to": [None, valid_to.isoformat() if valid_to else None],
        },
    )
    return seat


@transaction.atomic
def body_seat_end(*, actor: User, seat: BodyMembership, valid_to: dt.date, decision_ref: str = "") -> BodyMembership:
    """End a seat: ``valid_to`` is the first day it is no longer held."""
    decision_ref = clean_decision(decision_ref, required=False)
    seat = BodyMembership.objects.select_for_update().select_related("body__term", "person").get(pk=seat.pk)
    require_enter(actor, seat.body.term.org_id, max(seat.valid_from, valid_to - dt.timedelta(days=1)))
    if seat.valid_to is not None:
        raise ApplicationError(f"Ghế này đã kết thúc từ ngày {format_date(seat.valid_to)}.", field="valid_to")
    _check_interval(seat.valid_from, valid_to, field="valid_to")
    seat.valid_to = valid_to
    seat.save(update_fields=["valid_to"])
    audit_record(
        actor=actor,
        action="body_seat.end",
        obj=seat,
        object_repr=f"{seat.get_role_display()} {seat.body} – {seat.person.full_name}",
        changes={"valid_to": [None, valid_to.isoformat()], "decision_ref": decision_ref},
    )
    return seat
