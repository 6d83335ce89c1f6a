"""Who may import a workbook: an administrator, or a specialist of the Ban Tổ chức or the office staff of a
committee with an "enter" scope (and a role that writes the register). Cell secretaries enter data for
their own cell through the forms, not by file: a workbook can reach any organisation of a subtree."""

from __future__ import annotations

from django.db.models import QuerySet

from pbms.accounts.models import Assignment, Permission, Role, Scope
from pbms.accounts.selectors import Actor, actor_is_admin, roles_with

IMPORT_ROLES = (Role.SPECIALIST, Role.COMMITTEE_STAFF)


def import_grants(*, actor: Actor) -> QuerySet[Assignment]:
    """The actor's assignments that allow importing: their organisations' subtrees are the import's scope."""
    if not (actor.is_authenticated and actor.is_active):
        return Assignment.objects.none()
    return Assignment.objects.filter(user_id=actor.pk, scope=Scope.ENTER, role__in=IMPORT_ROLES).filter(
        role__in=roles_with(Permission.REGISTER_WRITE)
    )


def actor_may_import(*, actor: Actor) -> bool:
    return actor_is_admin(actor) or import_grants(actor=actor).exists()
