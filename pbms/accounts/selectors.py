"""Scope: which organisations an actor may see or enter data for, as of a date.

This module is the one place that decides access to the tree. A grant on an
organisation covers its subtree *as of the date asked*; the system
administrator sees everything; an anonymous user sees nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from pbms.accounts.models import ApiToken, Assignment, Permission, RolePermission, Scope, User
from pbms.orgs.models import Placement, PlacementQuerySet

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


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.pk)
