from __future__ import annotations

from django.contrib import admin

from pbms.audit.admin_mixins import AuditedAdmin
from pbms.reports.models import ExportKind


@admin.register(ExportKind)
class ExportKindAdmin(AuditedAdmin):
    list_display = ("code", "name", "classification")
