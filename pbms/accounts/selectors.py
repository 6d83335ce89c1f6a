"""Scope: which organisations an actor may see or enter data for, as of a date.

This module is the one place that decides access to the tree. A grant on an
organisation covers its subtree *as of the date asked*; the system
administrator sees everything; an anonymous user sees nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import timezone

from pbms.accounts.models import ApiToken, Assignment, Permission, RolePermission, Scope, User
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.orgs.models import OrgEvent, OrgEventRole, Placement, PlacementQuerySet

if TYPE_CHECKING:
    from django.db.models import QuerySet

Actor = User | AnonymousUser


def actor_is_admin(actor: Actor) -> bool:
    return bool(actor.is_authenticated and actor.is_active and actor.is_superuser)


def assignment_list(*, actor: Actor) -> QuerySet[Assignment]:
    if not actor.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.filter(user_id=actor.pk).select_related("org").order_by("id")


def grant_placements(*, actor: Actor, day: dt.date, scope: str | None = None) -> PlacementQuerySet:
    """Placements, as of ``day``, of the organisations the actor holds a grant on."""
    if not (actor.is_authenticated and actor.is_active):
        return Placement.objects.none()
    # Only roles allowed to read the register open it (an auditor's grant opens the audit log only);
    # entering data needs both an "enter" scope and a role allowed to write.
    grants = Assignment.objects.filter(user_id=actor.pk, role__in=roles_with(Permission.REGISTER_READ))
    if scope == Scope.ENTER:
        grants = grants.filter(scope=Scope.ENTER, role__in=roles_with(Permission.REGISTER_WRITE))
    return Placement.objects.as_of(day).filter(org_id__in=grants.values("org_id"))


def visible_placements(*, actor: Actor, day: dt.date, scope: str | None = None) -> PlacementQuerySet:
    """Every placement as of ``day`` that lies in one of the actor's granted subtrees."""
    rows = Placement.objects.as_of(day)
    if actor_is_admin(actor):
        return rows
    granted = grant_placements(actor=actor, day=day, scope=scope).filter(
        path=Substr(OuterRef("path"), 1, Length("path"))
    )
    return rows.filter(Exists(granted))


def actor_can_see(*, actor: Actor, org_id: int, day: dt.date) -> bool:
    return visible_placements(actor=actor, day=day).filter(org_id=org_id).exists()


def actor_can_enter(*, actor: Actor, org_id: int, day: dt.date) -> bool:
    return visible_placements(actor=actor, day=day, scope=Scope.ENTER).filter(org_id=org_id).exists()


ENDED_SCOPE = (
    "Bạn không còn quyền nhập liệu cho nơi hồ sơ này đang thuộc về hôm nay: mọi thay đổi, kể cả thay đổi "
    "có hiệu lực trong quá khứ, do cấp đang quản lý hồ sơ hôm nay ghi."
)
VIEW_ONLY_ORG = "Bạn chỉ có quyền xem, không có quyền nhập liệu cho tổ chức này."


def today() -> dt.date:
    """The "today" of the write rule (tests telling the story of the years before 01/7/2025 move it there:
    ``pbms.conftest.before_restructuring``)."""
    return timezone.localdate()


def current_paths(org_ids: list[int]) -> dict[int, str]:
    """Where each organisation sits today: its path today, else (it has ended) its last path, else (it is
    yet to be founded) its first."""
    paths: dict[int, str] = {}
    rows = Placement.objects.filter(org_id__in=org_ids)
    for org_id, path, begun in rows.order_by("valid_from").values_list("org_id", "path", "valid_from"):
        # the latest row begun by today wins (today's row, or the last of an ended organisation); an
        # organisation founded with a later effective date sits where its first row puts it
        if org_id not in paths or begun <= today():
            paths[org_id] = path
    return paths


def orgs_entered_today(*, actor: Actor, org_ids: list[int]) -> set[int]:
    """Those of ``org_ids`` over which the actor holds, today, an "enter" grant where they sit today (for
    an organisation that has ended, where it last sat). A grant on an organisation that has ended (a
    district after 01/7/2025) covers nothing today. Two queries, whatever the number of organisations."""
    if actor_is_admin(actor):
        return set(org_ids)
    grants = list(grant_placements(actor=actor, day=today(), scope=Scope.ENTER).values_list("path", flat=True))
    if not grants:
        return set()
    return {org_id for org_id, path in current_paths(org_ids).items() if any(path.startswith(g) for g in grants)}


def actor_enters_today(*, actor: Actor, org_ids: list[int]) -> bool:
    return bool(orgs_entered_today(actor=actor, org_ids=org_ids))


def actor_can_write(*, actor: Actor, org_id: int, day: dt.date) -> bool:
    """The write rule, for every write of the register, the tree and the ratings: the actor enters data
    for the organisation on the date of the change **and** today over where it sits now. Reads of the
    past follow the date alone (``actor_can_see``); a write does not, or an office whose scope has ended
    (a district after 01/7/2025) could still change, by back-dating, what now belongs to a commune."""
    if actor_is_admin(actor):
        return True
    return actor_can_enter(actor=actor, org_id=org_id, day=day) and actor_enters_today(actor=actor, org_ids=[org_id])


def require_enter(actor: Actor, org_id: int, day: dt.date) -> None:
    """Refuse, unless ``actor_can_write``. An organisation that did not exist on ``day`` is judged on the
    nearest day it did, so that a user in scope gets the precise refusal that follows (before creation,
    after dissolution) rather than "not found". Seen but not writable: a Vietnamese sentence; not seen: 404."""
    if actor_is_admin(actor):
        return
    then = day
    if not Placement.objects.as_of(day).filter(org_id=org_id).exists():
        rows = Placement.objects.filter(org_id=org_id)
        nearest = rows.filter(valid_from__gt=day).order_by("valid_from").first() or rows.order_by("-valid_from").first()
        if nearest is not None:
            then = nearest.valid_from if nearest.valid_from > day else (nearest.last_day or nearest.valid_from)
    if actor_can_enter(actor=actor, org_id=org_id, day=day) or actor_can_enter(actor=actor, org_id=org_id, day=then):
        if actor_enters_today(actor=actor, org_ids=[org_id]):
            return
        raise ApplicationError(ENDED_SCOPE)
    if actor_can_see(actor=actor, org_id=org_id, day=then):
        raise ApplicationError(VIEW_ONLY_ORG)
    raise NotFoundError()


def roles_with(permission: str) -> QuerySet[RolePermission, str]:
    """The codes of the roles that hold ``permission`` (a sub-query, evaluated by the database)."""
    return RolePermission.objects.filter(permission=permission).values_list("role__code", flat=True)


def actor_has_permission(*, actor: Actor, permission: str) -> bool:
    """Whether any of the actor's assignments carries a role with ``permission`` (administrators: all)."""
    if actor_is_admin(actor):
        return True
    return bool(
        actor.is_authenticated and Assignment.objects.filter(user_id=actor.pk, role__in=roles_with(permission)).exists()
    )


def actor_can_run_cycles(*, actor: Actor, day: dt.date) -> bool:
    """Whether the actor opens, populates and closes the province's rounds of evaluation on ``day``: an
    administrator, or a grant with an "enter" scope on the top of the tree (as of ``day``) in a role holding
    ``evaluations.cycle_run`` (the Ban Tổ chức's specialists as seeded; a committee office with an enter
    grant on the top does not, unless the administrator gives its role the permission)."""
    if actor_is_admin(actor):
        return True
    if not (actor.is_authenticated and actor.is_active):
        return False
    roots = Placement.objects.as_of(day).filter(parent__isnull=True).values("org_id")
    return Assignment.objects.filter(
        user_id=actor.pk, scope=Scope.ENTER, role__in=roles_with(Permission.CYCLE_RUN), org_id__in=roots
    ).exists()


def actor_can_read_audit(*, actor: Actor) -> bool:
    return actor_has_permission(actor=actor, permission=Permission.AUDIT_READ)


@dataclass(frozen=True)
class EndedGrant:
    """An organisation the user holds a grant on that no longer exists on the day viewed."""

    name: str
    ended_on: dt.date
    decision_ref: str

    @property
    def last_day(self) -> dt.date:
        return self.ended_on - dt.timedelta(days=1)


@dataclass(frozen=True)
class ScopeNote:
    """Why the register shows a user nothing: his roles only read the audit log, or every organisation he
    was given has ended by the day viewed (a district office after 01/7/2025)."""

    audit_only: bool = False
    ended: list[EndedGrant] = field(default_factory=list)


def scope_note(*, actor: Actor, day: dt.date) -> ScopeNote | None:
    """The reason behind an empty register on ``day``, or None when the user sees something (or nothing
    can be said). Asked only by the pages' empty states, so a page with rows pays no query for it."""
    if not actor.is_authenticated or actor_is_admin(actor):
        return None
    readers = Assignment.objects.filter(user_id=actor.pk, role__in=roles_with(Permission.REGISTER_READ))
    if not readers.exists():
        return ScopeNote(audit_only=True) if actor_can_read_audit(actor=actor) else None
    if grant_placements(actor=actor, day=day).exists():
        return None
    ended = []
    for org_id, ended_on in readers.filter(org__ended_on__lte=day).values_list("org_id", "org__ended_on").distinct():
        if ended_on is None:  # the filter leaves none; for the type checker
            continue
        last = Placement.objects.filter(org_id=org_id, valid_from__lt=ended_on).order_by("-valid_from").first()
        # The decision that ended it: its dissolution, or the merger it was a source of.
        ending = (OrgEventRole.Role.SUBJECT, OrgEventRole.Role.SOURCE)
        event = OrgEvent.objects.filter(effective_date=ended_on, roles__org_id=org_id, roles__role__in=ending).first()
        name = last.name if last is not None else str(org_id)
        ended.append(EndedGrant(name=name, ended_on=ended_on, decision_ref=event.decision_ref if event else ""))
    return ScopeNote(ended=ended) if ended else None


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.pk)


# --- restructuring the tree ------------------------------------------------------------------------

RESTRUCTURE_REFUSED = (
    "Thành lập, đổi tên, hợp nhất, chia tách, giải thể hay chuyển một tổ chức đảng do cấp ủy cấp trên trực "
    "tiếp quyết định: bạn không có quyền đó đối với tổ chức này."
)


def actor_can_restructure(*, actor: Actor, org_id: int, day: dt.date, own: bool = False) -> bool:
    """Whether the actor may found, rename, merge, split, dissolve or move ``org_id`` on ``day``.

    "Cấp ủy cấp trên trực tiếp quyết định lập hoặc giải thể đảng bộ, chi bộ trực thuộc" (Điều lệ Đảng,
    Điều 10 khoản 3; Quy định 29-QĐ/TW, mục 19): restructuring is decided above the organisation. So it
    needs the ``org.restructure`` permission on an "enter" grant whose subtree holds the organisation on
    ``day`` and today (the write rule, ``actor_can_write``), and that grant may not be on the organisation
    itself: a cell's secretary does not rename or dissolve his cell, nor a commune's office its commune.
    ``own=True`` (founding a child under it, receiving children) accepts the grant on the organisation.
    """
    if actor_is_admin(actor):
        return True
    if not (actor.is_authenticated and actor.is_active):
        return False
    # the write rule's grants (an "enter" scope, a role that writes the register) that also restructure
    holders = Assignment.objects.filter(
        user_id=actor.pk, scope=Scope.ENTER, role__in=roles_with(Permission.ORG_RESTRUCTURE)
    ).filter(role__in=roles_with(Permission.REGISTER_WRITE))
    if not own:
        holders = holders.exclude(org_id=org_id)
    grant_ids = list(holders.values_list("org_id", flat=True))
    if not grant_ids:
        return False
    now = current_paths([org_id]).get(org_id)
    if now is None:
        return False
    # not there on ``day`` (before its founding, after its end): judged where it sits; the service then
    # refuses the date itself with its precise sentence
    then = Placement.objects.as_of(day).filter(org_id=org_id).values_list("path", flat=True).first() or now

    def covered(path: str, on: dt.date) -> bool:
        grants = Placement.objects.as_of(on).filter(org_id__in=grant_ids).values_list("path", flat=True)
        return any(path.startswith(grant) for grant in grants)

    return covered(then, day) and covered(now, today())


def require_restructure(actor: Actor, org_id: int, day: dt.date, *, own: bool = False) -> None:
    """Refuse, unless ``actor_can_restructure``: out of scope 404, in scope a Vietnamese sentence."""
    require_enter(actor, org_id, day)
    if not actor_can_restructure(actor=actor, org_id=org_id, day=day, own=own):
        raise ApplicationError(RESTRUCTURE_REFUSED)
