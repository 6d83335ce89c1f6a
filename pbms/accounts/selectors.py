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

from pbms.accounts.models import ApiToken, Assignment, Role, Scope, User
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
    # An auditor's grant opens the audit log, not the register.
    grants = Assignment.objects.filter(user_id=actor.pk).exclude(role=Role.AUDITOR)
    if scope == Scope.ENTER:
        grants = grants.filter(scope=Scope.ENTER)
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


def actor_can_read_audit(*, actor: Actor) -> bool:
    if actor_is_admin(actor):
        return True
    return bool(actor.is_authenticated and Assignment.objects.filter(user_id=actor.pk, role=Role.AUDITOR).exists())


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.pk)
