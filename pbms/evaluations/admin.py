"""Rule sets as data, edited by the system administrator (audited). Copy a shipped rule set with
``services.ruleset_copy`` (admin action) and change the copy's numbers here, its criteria templates
included; after a save, the administrator is warned when a template's points do not add up."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from pbms.audit.admin_mixins import AuditedAdmin
from pbms.audit.services import audit_record
from pbms.evaluations import selectors, services
from pbms.evaluations.models import Criterion, DecidingRule, Discipline, RuleClause, RuleLevel, RuleSet
from pbms.lib.exceptions import ApplicationError


class RuleLevelInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RuleLevel
    extra = 0


class RuleClauseInline(admin.StackedInline):  # type: ignore[type-arg]
    model = RuleClause
    extra = 0


class CriterionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Criterion
    extra = 0
    fields = ("group", "section", "order", "title", "max_points", "guidance", "source")


class DecidingRuleInline(admin.TabularInline):  # type: ignore[type-arg]
    """Who decides, per level or kind of the subject's unit: a new guidance changes these rows."""

    model = DecidingRule
    extra = 0
    fields = (
        "subject",
        "unit_level",
        "unit_kind",
        "category",
        "decider",
        "decider_level",
        "decider_body",
        "wording",
        "source",
    )


@admin.register(RuleSet)
class RuleSetAdmin(AuditedAdmin):
    list_display = ("code", "name", "applies_from_year", "applies_to_year", "scored", "quota_ratio", "quota_rounding")
    readonly_fields = ("copied_from",)
    inlines = (RuleLevelInline, RuleClauseInline, CriterionInline, DecidingRuleInline)
    actions = ("copy_ruleset",)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """The levels and clauses are edited inline: each changed row goes to the audit log too."""
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for obj, changed in formset.changed_objects:
                audit_record(
                    actor=request.user,  # type: ignore[arg-type]  # the admin requires a logged-in staff user
                    action=f"admin.change.{obj._meta.model_name}",
                    obj=obj,
                    changes={"fields": list(changed)},
                )
            for obj in formset.new_objects:
                audit_record(actor=request.user, action=f"admin.add.{obj._meta.model_name}", obj=obj)  # type: ignore[arg-type]
            for obj in formset.deleted_objects:
                audit_record(
                    actor=request.user,  # type: ignore[arg-type]
                    action=f"admin.delete.{obj._meta.model_name}",
                    object_repr=str(obj),
                )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        for problem in selectors.criteria_problems(form.instance):
            self.message_user(request, problem, messages.WARNING)

    @admin.action(description="Sao chép bộ quy tắc đã chọn")
    def copy_ruleset(self, request: HttpRequest, queryset: QuerySet[RuleSet]) -> None:
        for ruleset in queryset:
            code = f"{ruleset.code}-ban-sao"[:40]
            try:
                copy = services.ruleset_copy(actor=request.user, ruleset=ruleset, code=code)  # type: ignore[arg-type]
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, f"Đã tạo {copy.code}.", messages.SUCCESS)


@admin.register(Discipline)
class DisciplineAdmin(AuditedAdmin):
    list_display = ("__str__", "person", "org", "form", "date", "self_detected_and_remedied")
    list_filter = ("form",)
    raw_id_fields = ("person", "org")
