"""Reference data of the register, edited by the system administrator (audited)."""

from __future__ import annotations

from django.contrib import admin

from pbms.audit.admin_mixins import AuditedAdmin
from pbms.people.models import Code, ManagementCategory, TrainingCategory


@admin.register(Code)
class CodeAdmin(AuditedAdmin):
    list_display = ("list", "code", "name", "rank", "version", "active")
    list_filter = ("list", "active")
    search_fields = ("code", "name")


@admin.register(ManagementCategory)
class ManagementCategoryAdmin(AuditedAdmin):
    list_display = ("code", "name", "sort")


@admin.register(TrainingCategory)
class TrainingCategoryAdmin(AuditedAdmin):
    list_display = ("code", "name", "sort")
