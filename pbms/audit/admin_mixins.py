"""Make the Django admin's writes go through the audit log like every other write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from pbms.audit.services import audit_record


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic over every model it serves
    def save_model(self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changes = {name: [form.initial.get(name), form.cleaned_data.get(name)] for name in form.changed_data}
            audit_record(
                actor=request.user,  # type: ignore[arg-type]  # the admin requires a logged-in staff user
                action=f"admin.{'change' if change else 'add'}.{obj._meta.model_name}",
                obj=obj,
                changes={k: [str(v) for v in pair] for k, pair in changes.items() if "password" not in k},
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, action=f"admin.delete.{obj._meta.model_name}", obj=obj)  # type: ignore[arg-type]
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_record(actor=request.user, action=f"admin.delete.{obj._meta.model_name}", obj=obj)  # type: ignore[arg-type]
            super().delete_queryset(request, queryset)
