from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.http import HttpRequest

from pbms.accounts.models import Assignment, RoleDefinition, RolePermission, User
from pbms.audit.admin_mixins import AuditedAdmin
from pbms.audit.services import audit_record


class AssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Assignment
    extra = 0
    autocomplete_fields = ("org",)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "full_name", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name")
    fieldsets = (
        (None, {"fields": ("username", "password", "full_name", "email")}),
        ("Quyền", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Thời điểm", {"fields": ("last_login", "date_joined")}),
    )
    inlines = (AssignmentInline,)


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = ("user", "org", "role", "scope")
    list_filter = ("role", "scope")
    search_fields = ("user__username", "user__full_name", "org__code")
    autocomplete_fields = ("user", "org")


class RolePermissionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RolePermission
    extra = 1


@admin.register(RoleDefinition)
class RoleDefinitionAdmin(AuditedAdmin):
    list_display = ("code", "name")
    inlines = (RolePermissionInline,)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Permission changes are the point of this page: audit them like the role itself.
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action="admin.change.rolepermissions",
                obj=form.instance,
                changes={"permissions": sorted(form.instance.permissions.values_list("permission", flat=True))},
            )
