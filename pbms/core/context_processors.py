from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pbms.accounts.models import Permission, RoleDefinition, RolePermission, Scope
from pbms.accounts.selectors import actor_is_admin, assignment_list, scope_note
from pbms.core.asof import PARAM, today
from pbms.orgs.models import Placement
from pbms.people.workbook.access import IMPORT_ROLES


def layout(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: the as-of date and who the user acts for."""
    user = getattr(request, "user", None)
    as_of = getattr(request, "as_of", today())
    is_admin = bool(user is not None and actor_is_admin(user))
    # Lazy: one query, and only on pages that show the header; the audit link reuses it.
    assignments = SimpleLazyObject(lambda: _assignments(user, as_of) if user is not None else [])
    return {
        "province_name": settings.PROVINCE_NAME,
        "as_of": as_of,
        "as_of_param": PARAM,
        "as_of_is_today": as_of == today(),
        "is_admin": is_admin,
        "user_assignments": assignments,
        "can_read_audit": SimpleLazyObject(lambda: is_admin or any(a.can_read_audit for a in assignments)),
        # The rule of ``people.workbook.access.actor_may_import``, read from the same row (no query more).
        "can_import": SimpleLazyObject(lambda: is_admin or any(a.can_import for a in assignments)),
        # Whether to offer the register's "add" links (the services decide for good, organisation by organisation).
        # Why the register is empty (an ended district, an auditor): only the empty states read it.
        "scope_note": SimpleLazyObject(lambda: scope_note(actor=user, day=as_of) if user is not None else None),
        "can_write_register": SimpleLazyObject(lambda: is_admin or any(a.can_write_register for a in assignments)),
    }


def _assignments(user: Any, day: Any) -> list[Any]:
    if not user.is_authenticated:
        return []
    latest_name = Placement.objects.filter(org_id=OuterRef("org_id"), valid_from__lte=day).order_by("-valid_from")
    role = RoleDefinition.objects.filter(code=OuterRef("role"))
    audit = RolePermission.objects.filter(role__code=OuterRef("role"), permission=Permission.AUDIT_READ)
    writes = RolePermission.objects.filter(role__code=OuterRef("role"), permission=Permission.REGISTER_WRITE)
    return list(
        assignment_list(actor=user).annotate(
            org_name=Subquery(latest_name.values("name")[:1]),
            role_name=Subquery(role.values("name")[:1]),
            can_read_audit=Exists(audit),
            can_import=Exists(writes.filter(role__code__in=IMPORT_ROLES)) & Q(scope=Scope.ENTER),
            can_write_register=Exists(writes) & Q(scope=Scope.ENTER),
        )
    )
