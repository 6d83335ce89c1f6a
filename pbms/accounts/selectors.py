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

from pbms.accounts.models import ApiToken, Assignment, Permission, RolePermission, Scope, User
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


def actor_can_restructure(*, actor: Actor, org_id: int, day: dt.date) -> bool:
    """Whether the actor may rename, move, merge, split or dissolve the organisation on ``day``: that is decided
    by the committee directly above it (Điều lệ Đảng, Điều 10 khoản 3: "Cấp ủy cấp trên trực tiếp quyết định
    lập hoặc giải thể đảng bộ, chi bộ trực thuộc"), so it needs the right to enter data for its parent; a
    grant on the organisation itself (a cell secretary on his chi bộ) is not enough. The top organisation:
    the administrator only."""
    if actor_is_admin(actor):
        return True
    parent_id = Placement.objects.as_of(day).filter(org_id=org_id).values_list("parent_id", flat=True).first()
    return parent_id is not None and actor_can_enter(actor=actor, org_id=parent_id, day=day)


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
