"""What every write of the register checks: the decision reference, the organisation on the date, and
that the actor may enter data for the organisation or the person concerned."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pbms.accounts import selectors
from pbms.accounts.models import Assignment, Permission, Scope, User
from pbms.accounts.selectors import ENDED_SCOPE, actor_enters_today, actor_is_admin, roles_with
from pbms.lib.dates import format_date
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.lib.text import nfc
from pbms.orgs.models import Organization, Placement
from pbms.people.models import BodyMembership, CellMembership, Person, Position
from pbms.people.selectors import held_on, person_scope_q

VIEW_ONLY = "Bạn chỉ có quyền xem, không có quyền nhập liệu cho hồ sơ này."
DECISION_MAX = 80


def today() -> dt.date:
    return timezone.localdate()


def clean_decision(value: str, *, required: bool = True) -> str:
    text = nfc(value)
    if required and not text:
        raise ApplicationError("Phải ghi số quyết định (ví dụ 125-QĐ/ĐU).", field="decision_ref")
    if len(text) > DECISION_MAX:
        raise ApplicationError(f"Số quyết định dài quá {DECISION_MAX} ký tự.", field="decision_ref")
    return text


def clean_text(value: str, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    text = nfc(value)
    if required and not text:
        raise ApplicationError(f"{label} không được để trống.", field=field)
    if len(text) > max_length:
        raise ApplicationError(f"{label} dài quá {max_length} ký tự.", field=field)
    return text


def require_can_write(actor: User) -> None:
    """Creating a person needs a role that writes the register with an "enter" scope somewhere."""
    if actor_is_admin(actor):
        return
    grants = Assignment.objects.filter(
        user_id=actor.pk, scope=Scope.ENTER, role__in=roles_with(Permission.REGISTER_WRITE)
    )
    if not (actor.is_authenticated and actor.is_active and grants.exists()):
        raise ApplicationError("Bạn không có quyền nhập liệu hồ sơ cán bộ, đảng viên.")


def org_row(org: Organization, day: dt.date, *, field: str, what: str = "Tổ chức") -> Placement:
    """The organisation's row on ``day``; refused, naming it, when it did not exist then."""
    row = Placement.objects.as_of(day).select_related("kind__level").filter(org=org).first()
    if row is None:
        last = Placement.objects.filter(org=org).order_by("-valid_from").first()
        name = last.name if last else org.code
        raise ApplicationError(
            f"{what} “{name}” không tồn tại vào ngày {format_date(day)} (chưa thành lập hoặc đã giải thể).",
            field=field,
        )
    return row


def refuse_outliving(org_id: int, until: dt.date | None, *, field: str, consequence: str) -> None:
    """What is held at an organisation (a member's stay, a post, a seat) until ``until`` (None: no end) must
    end by the day the organisation ended, else its holder stays attached to an ended organisation and drops
    out of every count. Read from the database, not from the caller's instance: callers hold the tree's lock
    (shared), so the end read here is the one that stands when they commit."""
    ended_on = Organization.objects.filter(pk=org_id).values_list("ended_on", flat=True).first()
    if ended_on is not None and (until is None or until > ended_on):
        last = Placement.objects.filter(org_id=org_id).order_by("-valid_from").values_list("name", flat=True).first()
        name = last or str(org_id)
        raise ApplicationError(
            f"“{name}” chấm dứt hoạt động từ ngày {format_date(ended_on)} (giải thể, hợp nhất hoặc chia tách); "
            f"{consequence}",
            field=field,
        )


def _nearest_anchored_day(person: Person, day: dt.date) -> dt.date | None:
    """The nearest day on which the person had an anchor (cell, post, seat): ``day`` itself, else the last
    day of the latest anchor before it, else the first day of the earliest after it. Three small queries."""
    spans: list[tuple[dt.date, dt.date | None]] = []
    for rows in (
        CellMembership.objects.filter(membership__person=person),
        Position.objects.filter(person=person),
        BodyMembership.objects.filter(person=person),
    ):
        spans.extend(rows.values_list("valid_from", "valid_to"))
    past = [min(day, end - dt.timedelta(days=1)) if end else day for start, end in spans if start <= day]
    if past:
        return max(past)
    return min((start for start, _ in spans), default=None)


def _anchor_org_ids(person: Person, day: dt.date) -> list[int]:
    """The organisations the person is anchored in on ``day``: cells, posts, seats (their body's org)."""
    held = held_on(day)
    ids = set(CellMembership.objects.filter(held, membership__person=person).values_list("cell_id", flat=True))
    ids.update(Position.objects.filter(held, person=person).values_list("org_id", flat=True))
    ids.update(BodyMembership.objects.filter(held, person=person).values_list("body__term__org_id", flat=True))
    return sorted(ids)


def _require_here_today(actor: User, person: Person) -> None:
    """The second half of the write rule (``accounts.selectors.actor_can_write``): the actor enters data
    today over where the person is now (a cell, a post, a seat; the last of them if none is held today).
    A person never placed belongs to whoever created them (``require_person_write``)."""
    anchored = _nearest_anchored_day(person, selectors.today())
    if anchored is None or actor_enters_today(actor=actor, org_ids=_anchor_org_ids(person, anchored)):
        return
    raise ApplicationError(ENDED_SCOPE)


def require_person_write(actor: User, person: Person, day: dt.date) -> None:
    """The actor may enter data for ``person`` around ``day``.

    The person must be in the actor's "enter" scope on ``day``; if they had no anchor then (a cadre who
    retired, a position recorded before the membership), on the nearest day they had one. A person with
    no anchor at all yet (just created) belongs to whoever created them until placed in a cell, a post
    or a body, and to the administrator.
    """
    if actor_is_admin(actor):
        return
    mine = Person.objects.filter(pk=person.pk)
    if mine.filter(person_scope_q(actor=actor, day=day, scope=Scope.ENTER)).exists():
        _require_here_today(actor, person)
        return
    nearest = _nearest_anchored_day(person, day)
    if nearest is None:  # not placed anywhere yet, nor entered by the actor (person_scope_q holds those)
        raise NotFoundError()
    if nearest != day and mine.filter(person_scope_q(actor=actor, day=nearest, scope=Scope.ENTER)).exists():
        _require_here_today(actor, person)
        return
    if mine.filter(person_scope_q(actor=actor, day=day) | person_scope_q(actor=actor, day=nearest)).exists():
        raise ApplicationError(VIEW_ONLY)
    raise NotFoundError()
