"""Reference data (levels and kinds) is edited here by the system administrator.

The tree itself is not: it changes only through the dated operations in the pages.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from pbms.audit.admin_mixins import AuditedAdmin
from pbms.orgs.models import Organization, OrgKind, OrgLevel


@admin.register(OrgLevel)
class OrgLevelAdmin(AuditedAdmin):
    list_display = ("rank", "code", "name")


@admin.register(OrgKind)
class OrgKindAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "valid_from", "valid_to", "sort")
    list_filter = ("level",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: needed for picking organisations in assignments."""

    search_fields = ("code",)
    list_display = ("code", "created_on", "ended_on")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        return False
