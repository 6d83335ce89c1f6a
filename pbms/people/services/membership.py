"""The membership lifecycle (Điều lệ Đảng; domain-rules §3.4).

Each decision is a ``MembershipEvent`` with its date and decision reference, appended in date order and
never edited; the state on a date is derived from the events (``selectors.membership_state``). Where the
member is active is kept as dated ``CellMembership`` rows that these services end and open, so that
"members under X on D" is one join with the tree. An exemption (miễn công tác và sinh hoạt) keeps the
member on the cell's list (Mẫu 7-HSĐV lists exempt members): only leaving the Party, moving out of the
province, or death ends it. Each event carries the date it takes effect, and the decision's number and date.

Re-admission (kết nạp lại) and moving out of the province and back are kept to what domain-rules.md says,
which is little (docs/workbook.md, "Vòng đời đảng viên"): a re-admission is an admission (age 18–60 at the
decision, a cell, 12 months of probation from the ceremony) of someone whose membership ended other than by
death; the Charter's own conditions for it are not in the rules we have and are not enforced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from pbms.accounts.models import User
from pbms.accounts.selectors import actor_is_admin, require_enter
from pbms.audit.services import audit_record
from pbms.lib.dates import format_date
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.orgs.locking import org_lock_for_write
from pbms.orgs.models import Organization, Placement
from pbms.people import rules
from pbms.people.models import CellMembership, Membership, MembershipEvent, Person
from pbms.people.selectors import STATUS_LABELS, MemberStatus, membership_state
from pbms.people.services._common import (
    clean_decision,
    clean_text,
    org_row,
    refuse_outliving,
    require_person_write,
    today,
)

Kind = MembershipEvent.Kind
CARD_NO_MAX = 30


@dataclass
class _Current:
    """A membership locked for the write, with its events in order and its open cell row."""

    membership: Membership
    events: list[MembershipEvent]
    cell_row: CellMembership | None

    @property
    def name(self) -> str:
        return self.membership.person.full_name

    def official_on(self, day: dt.date) -> bool:
        official_on = self.membership.official_on
        return official_on is not None and official_on <= day


def _load(membership: Membership) -> _Current:
    locked = Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
    return _Current(
        membership=locked,
        events=list(MembershipEvent.objects.filter(membership=locked).order_by("date", "id")),
        cell_row=CellMembership.objects.filter(membership=locked).order_by("-valid_from", "-id").first(),
    )


def _require_scope(actor: User, current: _Current, day: dt.date) -> None:
    """The actor enters data for the member's cell on ``day`` (for a membership already ended, on its last
    day in the cell), before any rule is checked, so that nothing of an out-of-scope member leaks."""
    row = current.cell_row
    if row is None:
        if actor_is_admin(actor):
            return
        raise NotFoundError()
    if row.valid_to is not None and day >= row.valid_to:
        day = row.valid_to - dt.timedelta(days=1)
    require_enter(actor, row.cell_id, day)


def _ended(current: _Current) -> MembershipEvent | None:
    """The event that ended the membership, unless a re-admission followed it."""
    ended = None
    for event in current.events:
        if event.kind in MembershipEvent.ENDING:
            ended = event
        elif event.kind == Kind.READMITTED:
            ended = None
    return ended


def _check_next(current: _Current, day: dt.date, *, field: str = "date") -> None:
    """No event after the membership ended; events in date order."""
    ended = _ended(current)
    if ended is not None:
        raise ApplicationError(
            f"{current.name} đã có sự kiện “{ended.get_kind_display()}” ngày {format_date(ended.date)}; "
            "không ghi thêm sự kiện nào sau đó.",
            field=field,
        )
    last = current.events[-1] if current.events else None
    if last is not None and day < last.date:
        raise ApplicationError(
            f"Ngày {format_date(day)} trước sự kiện gần nhất ({last.get_kind_display()} ngày "
            f"{format_date(last.date)}); sự kiện phải ghi theo thứ tự thời gian.",
            field=field,
        )


def _member_cell_row(cell: Organization, day: dt.date) -> Placement:
    """The row of the cell a member is placed in from ``day`` (an open-ended stay). Callers hold the tree's
    lock (shared), so the cell cannot be dissolved or merged between this check and their commit."""
    row = org_row(cell, day, field="cell", what="Chi bộ")
    if row.kind.level.code not in rules.MEMBER_CELL_LEVELS:
        raise ApplicationError(
            f"“{row.name}” ({row.kind.name}) không phải chi bộ hay tổ chức cơ sở đảng; đảng viên sinh hoạt tại chi bộ.",
            field="cell",
        )
    # the stay opened here has no end: it would outlive a cell that ends later
    refuse_outliving(
        cell.pk,
        None,
        field="cell",
        consequence="không thể ghi đảng viên sinh hoạt tại đó. Hãy chọn chi bộ đang hoạt động.",
    )
    return row


def _open_row(current: _Current, day: dt.date) -> CellMembership:
    row = current.cell_row
    if row is None or row.valid_to is not None:
        raise ApplicationError(f"{current.name} không còn sinh hoạt tại chi bộ nào.")
    if day <= row.valid_from:
        raise ApplicationError(
            f"Ngày {format_date(day)} phải sau ngày bắt đầu sinh hoạt tại chi bộ hiện tại "
            f"({format_date(row.valid_from)}).",
            field="date",
        )
    return row


def _cell_name(cell_id: int, day: dt.date) -> str:
    row = Placement.objects.filter(org_id=cell_id, valid_from__lte=day).order_by("-valid_from").first()
    return row.name if row else str(cell_id)


def _require_here(current: _Current, day: dt.date) -> None:
    state = membership_state(current.membership, day, events=current.events)
    if state.status == MemberStatus.AWAY:
        raise ApplicationError(
            f"{current.name} đã chuyển sinh hoạt đảng ra ngoài tỉnh từ ngày {format_date(state.since)}: "
            "nơi đang sinh hoạt ghi các quyết định này.",
            field="date",
        )


def _decided(decided_on: dt.date | None, *, latest: dt.date | None = None) -> dt.date | None:
    """The decision's date: not in the future, and not after ``latest`` when the decision must come first."""
    if decided_on is None:
        return None
    if decided_on > today():
        raise ApplicationError(f"Ngày quyết định {format_date(decided_on)} ở sau hôm nay.", field="decided_on")
    if latest is not None and decided_on > latest:
        raise ApplicationError(
            f"Ngày quyết định {format_date(decided_on)} ở sau ngày có hiệu lực ({format_date(latest)}).",
            field="decided_on",
        )
    return decided_on


def _event(
    current: _Current,
    *,
    actor: User,
    kind: str,
    day: dt.date,
    decision_ref: str,
    note: str,
    decided_on: dt.date | None = None,
) -> None:
    event = MembershipEvent.objects.create(
        membership=current.membership,
        kind=kind,
        date=day,
        decided_on=decided_on,
        decision_ref=decision_ref,
        cell_id=current.cell_row.cell_id if current.cell_row else None,
        note=clean_text(note, field="note", label="Ghi chú", max_length=2000),
        created_by=actor,
    )
    current.events.append(event)  # the state after the event is derived from the list


def _audit(
    current: _Current,
    *,
    actor: User,
    action: str,
    day: dt.date,
    decision_ref: str,
    before: str,
    after: str,
    decided_on: dt.date | None = None,
    **extra: object,
) -> None:
    changes: dict[str, object] = {"state": [before, after], "date": day.isoformat(), "decision_ref": decision_ref}
    if decided_on is not None:
        changes["decided_on"] = decided_on.isoformat()
    audit_record(
        actor=actor, action=action, obj=current.membership, object_repr=current.name, changes={**changes, **extra}
    )


def _state_label(current: _Current, day: dt.date) -> str:
    return membership_state(current.membership, day, events=current.events).label


def _record(
    current: _Current,
    *,
    actor: User,
    kind: str,
    action: str,
    day: dt.date,
    decision_ref: str,
    note: str,
    decided_on: dt.date | None,
    before: str,
    after: str | None = None,
    **extra: object,
) -> None:
    """Append the event and audit it; ``after`` None: the state the new event leads to."""
    _event(current, actor=actor, kind=kind, day=day, decision_ref=decision_ref, note=note, decided_on=decided_on)
    _audit(
        current,
        actor=actor,
        action=action,
        day=day,
        decision_ref=decision_ref,
        before=before,
        after=_state_label(current, day) if after is None else after,
        decided_on=decided_on,
        **extra,
    )


# --- admission and recognition --------------------------------------------------------------------


@transaction.atomic
def member_admit(
    *,
    actor: User,
    person: Person,
    cell: Organization,
    decided_on: dt.date,
    decision_ref: str,
    admitted_on: dt.date | None = None,
    party_file_no: str = "",
    card_no: str = "",
    note: str = "",
) -> Membership:
    """Admit ``person`` (kết nạp) into ``cell``. ``decided_on`` is the decision, where the age of 18–60 is
    judged; ``admitted_on`` the ceremony (ngày vào Đảng, from which the 12 months of probation count and
    the member is active in the cell), by default the decision's date."""
    org_lock_for_write(shared=True)  # the cell must not end before this commits
    decision_ref = clean_decision(decision_ref)
    admitted_on = admitted_on or decided_on
    require_person_write(actor, person, admitted_on)
    require_enter(actor, cell.pk, admitted_on)
    if Membership.objects.filter(person=person).exists():
        raise ApplicationError(
            f"{person.full_name} đã có đảng tịch (người đã ra khỏi Đảng thì ghi “Kết nạp lại”).", field="person"
        )
    _decided(decided_on)
    if admitted_on < decided_on:
        raise ApplicationError("Ngày tổ chức lễ kết nạp không thể trước ngày quyết định kết nạp.", field="admitted_on")
    if error := rules.admission_age_error(birth_date=person.birth_date, decision_date=decided_on):
        raise ApplicationError(error, field="decided_on")
    row = _member_cell_row(cell, admitted_on)
    file_no: str | None = None
    if party_file_no.strip():
        if error := rules.party_file_no_error(party_file_no):
            raise ApplicationError(error, field="party_file_no")
        file_no = rules.normalise_party_file_no(party_file_no)
        if Membership.objects.filter(party_file_no=file_no).exists():
            raise ApplicationError(f"Số lý lịch {file_no} đã có trong hồ sơ khác.", field="party_file_no")
    membership = Membership.objects.create(
        person=person,
        party_file_no=file_no,
        card_no=clean_text(card_no, field="card_no", label="Số thẻ đảng viên", max_length=CARD_NO_MAX),
        admitted_on=admitted_on,
    )
    cell_row = CellMembership.objects.create(membership=membership, cell=cell, valid_from=admitted_on)
    current = _Current(membership=membership, events=[], cell_row=cell_row)
    _event(
        current,
        actor=actor,
        kind=Kind.ADMITTED,
        day=admitted_on,
        decision_ref=decision_ref,
        note=note,
        decided_on=decided_on,
    )
    audit_record(
        actor=actor,
        action="member.admit",
        obj=membership,
        object_repr=person.full_name,
        changes={
            "state": [None, "dự bị"],
            "cell": [None, row.name],
            "admitted_on": [None, admitted_on.isoformat()],
            "decided_on": decided_on.isoformat(),
            "decision_ref": decision_ref,
            "party_file_no": [None, file_no],
        },
    )
    return membership


@transaction.atomic
def member_recognize(
    *,
    actor: User,
    membership: Membership,
    meeting_on: dt.date,
    decision_ref: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Recognise a probationary member as official (công nhận đảng viên chính thức).

    Recognition takes effect at the end of the 12 months of probation even when the chi bộ meets later:
    ``official_on`` is the end of probation, the event's date the meeting's. After a re-admission the
    probation counts from the re-admission, and ``Membership.official_on`` keeps the first admission's date.
    """
    decision_ref = clean_decision(decision_ref)
    decided_on = _decided(decided_on)
    current = _load(membership)
    _require_scope(actor, current, meeting_on)
    _check_next(current, meeting_on, field="meeting_on")
    _require_here(current, meeting_on)
    readmitted = [e for e in current.events if e.kind == Kind.READMITTED]
    start = readmitted[-1].date if readmitted else current.membership.admitted_on
    already = current.membership.official_on if not readmitted else None
    if readmitted and any(e.kind == Kind.RECOGNIZED and e.date >= start for e in current.events):
        already = rules.probation_end(start)
    if already is not None:
        raise ApplicationError(f"{current.name} đã là đảng viên chính thức từ ngày {format_date(already)}.")
    official_on = rules.probation_end(start)
    if meeting_on < official_on:
        raise ApplicationError(
            f"Chưa hết 12 tháng dự bị ({'kết nạp lại' if readmitted else 'kết nạp'} ngày {format_date(start)}): "
            f"chỉ xét công nhận chính thức từ ngày {format_date(official_on)}.",
            field="meeting_on",
        )
    before = _state_label(current, meeting_on)
    if not readmitted:
        current.membership.official_on = official_on
        current.membership.save(update_fields=["official_on"])
    _record(
        current,
        actor=actor,
        kind=Kind.RECOGNIZED,
        action="member.recognize",
        day=meeting_on,
        decision_ref=decision_ref,
        note=note,
        decided_on=decided_on,
        before=before,
        after="chính thức",
        official_on=[None, official_on.isoformat()],
    )
    return current.membership


# --- where the member is active -------------------------------------------------------------------


@transaction.atomic
def member_transfer(
    *,
    actor: User,
    membership: Membership,
    cell: Organization,
    date: dt.date,
    decision_ref: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> CellMembership:
    """Move the member's activity (chuyển sinh hoạt) to ``cell`` from ``date``: the current cell row ends
    that day and a new one opens. Entered by the sending side, which enters data for the current cell;
    the receiving cell need only exist on that date."""
    org_lock_for_write(shared=True)  # the cell must not end before this commits
    decision_ref = clean_decision(decision_ref)
    decided_on = _decided(decided_on)
    current = _load(membership)
    _require_scope(actor, current, date)
    _check_next(current, date)
    old = _open_row(current, date)
    if old.cell_id == cell.pk:
        raise ApplicationError(
            f"{current.name} đang sinh hoạt tại “{_cell_name(cell.pk, date)}”; hãy chọn chi bộ khác.", field="cell"
        )
    new_cell = _member_cell_row(cell, date)
    old_name = _cell_name(old.cell_id, date - dt.timedelta(days=1))
    old.valid_to = date
    old.save(update_fields=["valid_to"])
    new = CellMembership.objects.create(membership=current.membership, cell=cell, valid_from=date)
    current.cell_row = new
    _event(
        current,
        actor=actor,
        kind=Kind.TRANSFERRED,
        day=date,
        decision_ref=decision_ref,
        note=note,
        decided_on=decided_on,
    )
    audit_record(
        actor=actor,
        action="member.transfer",
        obj=current.membership,
        object_repr=current.name,
        changes={
            "cell": [old_name, new_cell.name],
            "date": date.isoformat(),
            "decision_ref": decision_ref,
            **({"decided_on": decided_on.isoformat()} if decided_on else {}),
        },
    )
    return new


# --- exemption ------------------------------------------------------------------------------------


@transaction.atomic
def member_exempt(
    *,
    actor: User,
    membership: Membership,
    date: dt.date,
    decision_ref: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Exempt the member from work and activities (miễn công tác và sinh hoạt đảng) from ``date``."""
    decision_ref = clean_decision(decision_ref)
    decided_on = _decided(decided_on)
    current = _load(membership)
    _require_scope(actor, current, date)
    _check_next(current, date)
    _require_here(current, date)
    before = membership_state(current.membership, date, events=current.events)
    if before.status == MemberStatus.EXEMPT:
        raise ApplicationError(
            f"{current.name} đang được miễn sinh hoạt từ ngày {format_date(before.since)}.", field="date"
        )
    _record(
        current,
        actor=actor,
        kind=Kind.EXEMPTED,
        action="member.exempt",
        day=date,
        decision_ref=decision_ref,
        note=note,
        decided_on=decided_on,
        before=before.label,
        after="miễn sinh hoạt",
    )
    return current.membership


@transaction.atomic
def member_exemption_end(
    *,
    actor: User,
    membership: Membership,
    date: dt.date,
    decision_ref: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """End an exemption: the member is active again from ``date``."""
    decision_ref = clean_decision(decision_ref)
    decided_on = _decided(decided_on)
    current = _load(membership)
    _require_scope(actor, current, date)
    _check_next(current, date)
    if membership_state(current.membership, date, events=current.events).status != MemberStatus.EXEMPT:
        raise ApplicationError(f"{current.name} không đang được miễn sinh hoạt.", field="date")
    _record(
        current,
        actor=actor,
        kind=Kind.EXEMPTION_ENDED,
        action="member.exemption_end",
        day=date,
        decision_ref=decision_ref,
        note=note,
        decided_on=decided_on,
        before="miễn sinh hoạt",
    )
    return current.membership


# --- leaving the Party, death ---------------------------------------------------------------------


def _end(
    *,
    actor: User,
    membership: Membership,
    kind: str,
    date: dt.date,
    decision_ref: str,
    note: str,
    decided_on: dt.date | None,
    expulsion: bool = False,
) -> Membership:
    """Append an ending event and end the member's cell row on ``date``."""
    decided_on = _decided(decided_on)
    current = _load(membership)
    _require_scope(actor, current, date)
    _check_next(current, date)
    _require_here(current, date)
    if expulsion and (error := rules.expulsion_error(official=current.official_on(date))):
        raise ApplicationError(error)
    row = _open_row(current, date)
    before = _state_label(current, date)
    row.valid_to = date
    row.save(update_fields=["valid_to"])
    after = "từ trần" if kind == Kind.DIED else f"đã ra khỏi Đảng ({Kind(kind).label.lower()})"
    _record(
        current,
        actor=actor,
        kind=kind,
        action=f"member.{kind}",
        day=date,
        decision_ref=decision_ref,
        note=note,
        decided_on=decided_on,
        before=before,
        after=after,
    )
    return current.membership


@transaction.atomic
def member_strike_off(
    *,
    actor: User,
    membership: Membership,
    date: dt.date,
    decision_ref: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Remove the member's name (xóa tên) from ``date``."""
    return _end(
        actor=actor,
        membership=membership,
        kind=Kind.STRUCK_OFF,
        date=date,
        decision_ref=clean_decision(decision_ref),
        note=note,
        decided_on=decided_on,
    )


@transaction.atomic
def member_expel(
    *,
    actor: User,
    membership: Membership,
    date: dt.date,
    decision_ref: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Expel (khai trừ) an official member from ``date``; refused for a probationary member."""
    return _end(
        actor=actor,
        membership=membership,
        kind=Kind.EXPELLED,
        date=date,
        decision_ref=clean_decision(decision_ref),
        note=note,
        decided_on=decided_on,
        expulsion=True,
    )


@transaction.atomic
def member_withdraw(
    *,
    actor: User,
    membership: Membership,
    date: dt.date,
    decision_ref: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Record the member's leaving at his own request (xin ra khỏi Đảng) from ``date``."""
    return _end(
        actor=actor,
        membership=membership,
        kind=Kind.WITHDREW,
        date=date,
        decision_ref=clean_decision(decision_ref),
        note=note,
        decided_on=decided_on,
    )


@transaction.atomic
def member_die(
    *,
    actor: User,
    membership: Membership,
    date: dt.date,
    decision_ref: str = "",
    decided_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Record the member's death on ``date``; a reference (death certificate) is optional."""
    return _end(
        actor=actor,
        membership=membership,
        kind=Kind.DIED,
        date=date,
        decision_ref=clean_decision(decision_ref, required=False),
        note=note,
        decided_on=decided_on,
    )


# --- re-admission; moving out of the province and back ---------------------------------------------


@transaction.atomic
def member_readmit(
    *,
    actor: User,
    membership: Membership,
    cell: Organization,
    decided_on: dt.date,
    decision_ref: str,
    admitted_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Re-admit (kết nạp lại) someone whose membership ended by xóa tên, khai trừ or xin ra khỏi Đảng into
    ``cell``: a new probation of 12 months from the ceremony ``admitted_on`` (by default the decision's
    date), the age of 18–60 judged at the decision as for an admission. The first admission's dates stay on
    the membership; the re-admission is an event, and the state follows from it."""
    org_lock_for_write(shared=True)  # the cell must not end before this commits
    decision_ref = clean_decision(decision_ref)
    admitted_on = admitted_on or decided_on
    decided_on = _decided(decided_on, latest=admitted_on) or decided_on
    current = _load(membership)
    require_person_write(actor, current.membership.person, admitted_on)
    require_enter(actor, cell.pk, admitted_on)
    ended = _ended(current)
    if ended is None:
        raise ApplicationError(
            f"{current.name} chưa ra khỏi Đảng: chỉ kết nạp lại người đã bị xóa tên, khai trừ hoặc xin ra khỏi Đảng."
        )
    if ended.kind == Kind.DIED:
        raise ApplicationError(f"{current.name} đã từ trần.")
    if decided_on <= ended.date:
        raise ApplicationError(
            f"Ngày quyết định kết nạp lại phải sau ngày ra khỏi Đảng ({format_date(ended.date)}).", field="decided_on"
        )
    if error := rules.admission_age_error(birth_date=current.membership.person.birth_date, decision_date=decided_on):
        raise ApplicationError(error, field="decided_on")
    row = _member_cell_row(cell, admitted_on)
    current.cell_row = CellMembership.objects.create(membership=current.membership, cell=cell, valid_from=admitted_on)
    before = _state_label(current, admitted_on)
    _record(
        current,
        actor=actor,
        kind=Kind.READMITTED,
        action="member.readmit",
        day=admitted_on,
        decision_ref=decision_ref,
        note=note,
        decided_on=decided_on,
        before=before,
        after="dự bị",
        cell=[None, row.name],
    )
    return current.membership


@transaction.atomic
def member_move_out(
    *,
    actor: User,
    membership: Membership,
    date: dt.date,
    decision_ref: str,
    destination: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Move the member's activity out of the province (chuyển sinh hoạt đảng ra ngoài tỉnh) from ``date``:
    he leaves every cell here (his cell row ends that day) and is "away" until received back. Entered by
    the sending side. ``destination`` names the party committee that receives him."""
    decision_ref = clean_decision(decision_ref)
    decided_on = _decided(decided_on, latest=date)
    destination = clean_text(destination, field="destination", label="Nơi chuyển đến", max_length=255, required=True)
    current = _load(membership)
    _require_scope(actor, current, date)
    _check_next(current, date)
    row = _open_row(current, date)
    before = _state_label(current, date)
    text = f"Chuyển đến: {destination}" + (f"\n{note.strip()}" if note.strip() else "")
    row.valid_to = date
    row.save(update_fields=["valid_to"])
    _record(
        current,
        actor=actor,
        kind=Kind.MOVED_OUT,
        action="member.move_out",
        day=date,
        decision_ref=decision_ref,
        note=text,
        decided_on=decided_on,
        before=before,
        after=STATUS_LABELS[MemberStatus.AWAY],
        destination=destination,
    )
    return current.membership


@transaction.atomic
def member_move_in(
    *,
    actor: User,
    membership: Membership,
    cell: Organization,
    date: dt.date,
    decision_ref: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> CellMembership:
    """Receive back (tiếp nhận sinh hoạt đảng) a member who had moved out of the province, into ``cell``
    from ``date``. Entered by the receiving side, which enters data for ``cell``."""
    org_lock_for_write(shared=True)  # the cell must not end before this commits
    decision_ref = clean_decision(decision_ref)
    decided_on = _decided(decided_on, latest=date)
    current = _load(membership)
    require_enter(actor, cell.pk, date)
    _check_next(current, date)
    state = membership_state(current.membership, date, events=current.events)
    if state.status != MemberStatus.AWAY:
        raise ApplicationError(f"{current.name} không sinh hoạt đảng ngoài tỉnh (đang: {state.label}).", field="date")
    new_cell = _member_cell_row(cell, date)
    current.cell_row = CellMembership.objects.create(membership=current.membership, cell=cell, valid_from=date)
    _record(
        current,
        actor=actor,
        kind=Kind.MOVED_IN,
        action="member.move_in",
        day=date,
        decision_ref=decision_ref,
        note=note,
        decided_on=decided_on,
        before=state.label,
        cell=[None, new_cell.name],
    )
    return current.cell_row
