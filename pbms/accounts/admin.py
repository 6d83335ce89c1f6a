from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.http import HttpRequest

from pbms.accounts.models import Assignment, RoleDefinition, RolePermission, User
from pbms.audit.admin_mixins import AuditedAdmin
from pbms.audit.services import audit_record


def assignment_snapshot(grant: Assignment) -> dict[str, str]:
    """What a grant gives, as the log shows it: whose, on which organisation, which role, which scope."""
    return {
        "user": grant.user.get_username(),
        "org": grant.org.code,  # an organisation's code never changes (its names do)
        "role": grant.get_role_display(),
        "scope": grant.get_scope_display(),
    }


def assignment_snapshots(grants: Any) -> dict[int, dict[str, str]]:
    return {grant.pk: assignment_snapshot(grant) for grant in grants.select_related("user", "org")}


def assignments_audit(*, actor: User, before: dict[int, dict[str, str]], after: dict[int, dict[str, str]]) -> None:
    """One audit row per grant added, changed or removed, with its full state before and after.

    Rights are what this log is most asked about; ``django_admin_log`` holds the same facts but the
    application's database role can edit it, and the user page's own row says nothing of its grants.
    """
    for pk in sorted(before.keys() | after.keys()):
        old, new = before.get(pk), after.get(pk)
        if old == new:
            continue
        verb = "add" if old is None else "delete" if new is None else "change"
        shown = new or old or {}
        audit_record(
            actor=actor,
            action=f"admin.{verb}.assignment",
            obj=Assignment(pk=pk),  # a removed grant has no row left to point at; its id is what the log keeps
            changes={"before": old, "after": new},
            object_repr=f"{shown.get('user')} – {shown.get('role')} ({shown.get('scope')}) – {shown.get('org')}",
        )


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

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Assignment:
            super().save_formset(request, form, formset, change)
            return
        # The grants edited on the user's page: compared with the database before and after, so that an
        # added, changed or deleted line each gets its own row (the page's own row lists user fields only).
        with transaction.atomic():
            grants = Assignment.objects.filter(user=form.instance)
            before = assignment_snapshots(grants)
            super().save_formset(request, form, formset, change)
            assignments_audit(actor=request.user, before=before, after=assignment_snapshots(grants))  # type: ignore[arg-type]


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    """Grants edited one by one; audited with their full state, like the user page's grants (not field by
    field as AuditedAdmin does, which leaves the organisation out of a removal)."""

    list_display = ("user", "org", "role", "scope")
    list_filter = ("role", "scope")
    search_fields = ("user__username", "user__full_name", "org__code")
    autocomplete_fields = ("user", "org")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = assignment_snapshots(Assignment.objects.filter(pk=obj.pk)) if change else {}
            admin.ModelAdmin.save_model(self, request, obj, form, change)
            after = assignment_snapshots(Assignment.objects.filter(pk=obj.pk))
            assignments_audit(actor=request.user, before=before, after=after)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            assignments_audit(
                actor=request.user,  # type: ignore[arg-type]
                before=assignment_snapshots(Assignment.objects.filter(pk=obj.pk)),
                after={},
            )
            admin.ModelAdmin.delete_model(self, request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            assignments_audit(actor=request.user, before=assignment_snapshots(queryset), after={})  # type: ignore[arg-type]
            admin.ModelAdmin.delete_queryset(self, request, queryset)


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
