from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from pbms.accounts.models import Assignment, User
from pbms.audit.admin_mixins import AuditedAdmin


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
