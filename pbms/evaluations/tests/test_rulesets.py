"""Rule sets are data: an administrator copies one and changes its numbers without code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas
from pbms.evaluations import rules, services
from pbms.evaluations.models import Level, Rounding, RuleSet
from pbms.evaluations.selectors import ruleset_book
from pbms.lib.exceptions import ApplicationError


@pytest.mark.django_db
def test_copy_a_rule_set_and_change_its_numbers(people: Personas) -> None:
    source = RuleSet.objects.get(code="QD366-2025")
    copy = services.ruleset_copy(
        actor=people.admin,
        ruleset=source,
        code="QD366-2026-tinh",
        name="QĐ 366, tỷ lệ của tỉnh",
        quota_ratio=Decimal("0.25"),
        quota_rounding=Rounding.HALF_UP,
    )
    assert copy.copied_from == source
    book = ruleset_book(copy)
    assert [row.label for row in book.levels] == [row.label for row in ruleset_book(source).levels]
    assert set(book.clauses) == set(ruleset_book(source).clauses)
    assert rules.quota_check(book, {Level.EXCELLENT: 3, Level.GOOD: 10}).allowed == 3  # 2.5 rounded half up
    assert rules.quota_check(ruleset_book(source), {Level.EXCELLENT: 3, Level.GOOD: 10}).allowed == 2
    copy.levels.filter(level=Level.EXCELLENT).update(min_points=95)
    assert rules.level_for_points(ruleset_book(copy), 92) == Level.GOOD
    assert rules.level_for_points(ruleset_book(source), 92) == Level.EXCELLENT
    event = AuditEvent.objects.get(action="evaluations.ruleset_copy")
    assert event.changes["copied_from"] == "QD366-2025"


@pytest.mark.django_db
def test_only_an_administrator_copies(people: Personas) -> None:
    source = RuleSet.objects.get(code="QD124-2023")
    with pytest.raises(ApplicationError, match="Chỉ quản trị hệ thống"):
        services.ruleset_copy(actor=people.specialist, ruleset=source, code="x")
    with pytest.raises(ApplicationError, match="đã có"):
        services.ruleset_copy(actor=people.admin, ruleset=source, code="QD366-2025")
    with pytest.raises(ApplicationError, match="Không có trường"):
        services.ruleset_copy(actor=people.admin, ruleset=source, code="y", levels=[])
