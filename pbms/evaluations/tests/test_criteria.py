"""Criteria templates per group, as data of a rule set: shipped for QĐ 366 (30 + 70 points), copied with
the rule set, edited in the admin (audited); the points per criterion make a result's points."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, logged_in
from pbms.evaluations import services
from pbms.evaluations.models import Criterion, CriterionScore, Cycle, Level, Result, RuleSet, SubjectGroup
from pbms.evaluations.selectors import criteria_for, criteria_problems
from pbms.evaluations.tests.conftest import POPULATION_ON, Cast
from pbms.lib.exceptions import ApplicationError


@pytest.fixture
def scored(cast: Cast) -> Result:
    """The cadre's result in a cycle scored under QĐ 366."""
    cycle = services.cycle_open(
        actor=cast.specialist,
        year=2024,
        kind="quarter",
        period=4,
        population_on=POPULATION_ON,
        ruleset=RuleSet.objects.get(code="QD366-2025"),
    )
    return services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)


def full_marks(result: Result, minus: Decimal = Decimal(0)) -> dict[int, Decimal]:
    """Every criterion at its maximum, ``minus`` taken off the first task criterion."""
    rows = criteria_for(ruleset_id=result.cycle.ruleset_id, group=result.group)
    first_task = next(c.pk for c in rows if c.section == "tasks")
    return {c.pk: c.max_points - (minus if c.pk == first_task else 0) for c in rows}


@pytest.mark.django_db
def test_it_ships_a_template_per_group_that_adds_up_to_30_and_70() -> None:
    ruleset = RuleSet.objects.get(code="QD366-2025")
    for group in SubjectGroup.values:
        rows = criteria_for(ruleset_id=ruleset.pk, group=group)
        general = sum(c.max_points for c in rows if c.section == "general")
        tasks = sum(c.max_points for c in rows if c.section == "tasks")
        assert (general, tasks) == (30, 70), group
        assert all("chưa đối chiếu" in c.source for c in rows)  # the wording says it is a default
    assert criteria_problems(ruleset) == []
    assert not Criterion.objects.filter(ruleset__code="QD124-2023").exists()  # QĐ 124 does not score


@pytest.mark.django_db
def test_it_copies_the_templates_with_the_rule_set(people: Personas) -> None:
    source = RuleSet.objects.get(code="QD366-2025")
    copy = services.ruleset_copy(actor=people.admin, ruleset=source, code="QD366-tinh")
    assert copy.criteria.count() == source.criteria.count() > 0
    first = copy.criteria.get(group=SubjectGroup.LEADER, order=1)
    first.max_points = Decimal(10)
    first.save()
    assert criteria_problems(copy) == [
        "Nhóm «Cán bộ lãnh đạo, quản lý», tiêu chí chung: tổng điểm tối đa 32, bộ quy tắc quy định 30."
    ]
    assert criteria_problems(source) == []


@pytest.mark.django_db
def test_it_lets_the_administrator_edit_a_criterion_in_the_admin_audited(people: Personas) -> None:
    ruleset = services.ruleset_copy(actor=people.admin, ruleset=RuleSet.objects.get(code="QD366-2025"), code="x")
    client = logged_in(people.admin)
    page = client.get(f"/quan-tri/evaluations/ruleset/{ruleset.pk}/change/")
    assert page.status_code == 200
    assert "Kết quả thực hiện nhiệm vụ chuyên môn, công việc được giao" in page.content.decode()
    data = _admin_form_data(page)
    index = next(
        i for i in range(int(data["criteria-TOTAL_FORMS"])) if data[f"criteria-{i}-title"].startswith("Chính trị")
    )
    data[f"criteria-{index}-max_points"] = "9"
    response = client.post(f"/quan-tri/evaluations/ruleset/{ruleset.pk}/change/", data, follow=True)
    assert response.status_code == 200
    criterion = Criterion.objects.get(pk=data[f"criteria-{index}-id"])
    assert criterion.max_points == 9
    event = AuditEvent.objects.get(action="admin.change.criterion", object_id=str(criterion.pk))
    assert event.changes == {"fields": ["max_points"]}
    assert "tổng điểm tối đa 31" in response.content.decode()  # the warning


def _admin_form_data(page: object) -> dict[str, str]:
    """The values of the admin change form as a browser would post them."""
    form = page.context["adminform"].form  # type: ignore[attr-defined]
    data: dict[str, str] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = "on" if value is True else "" if value is False else str(value)
    for formset in page.context["inline_admin_formsets"]:  # type: ignore[attr-defined]
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = str(management.initial.get(name, ""))
        for sub in formset.formset.forms:
            for name, field in sub.fields.items():
                value = sub.initial.get(name, field.initial)
                if hasattr(value, "pk"):
                    value = value.pk
                if value is None or value is False:
                    continue
                data[sub.add_prefix(name)] = "on" if value is True else str(value)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.django_db
def test_it_makes_the_points_from_the_scores_per_criterion(cast: Cast, scored: Result) -> None:
    row = services.result_self_assess(
        actor=cast.cadre, result=scored, level=Level.GOOD, scores=full_marks(scored, Decimal("12.5"))
    )
    assert [row.points_general, row.points_tasks, row.points] == [30, Decimal("57.5"), Decimal("87.5")]
    assert CriterionScore.objects.filter(result=row).count() == len(full_marks(scored))
    # redone: the scores are replaced, not added
    row = services.result_self_assess(actor=cast.cadre, result=scored, level=Level.EXCELLENT, scores=full_marks(scored))
    assert row.points == 100
    assert CriterionScore.objects.filter(result=row).count() == len(full_marks(scored))


@pytest.mark.django_db
def test_it_refuses_scores_that_do_not_fit_the_template(cast: Cast, scored: Result) -> None:
    marks = full_marks(scored)
    first = next(iter(marks))
    with pytest.raises(ApplicationError, match="phải từ 0 đến 8"):
        services.result_self_assess(
            actor=cast.cadre, result=scored, level=Level.GOOD, scores={**marks, first: Decimal(9)}
        )
    with pytest.raises(ApplicationError, match="Chưa chấm điểm tiêu chí «Chính trị, tư tưởng»"):
        services.result_self_assess(
            actor=cast.cadre, result=scored, level=Level.GOOD, scores={k: v for k, v in marks.items() if k != first}
        )
    other = Criterion.objects.filter(ruleset=scored.cycle.ruleset, group=SubjectGroup.LEADER).first()
    assert other is not None
    with pytest.raises(ApplicationError, match="không thuộc mẫu"):
        services.result_self_assess(
            actor=cast.cadre, result=scored, level=Level.GOOD, scores={**marks, other.pk: Decimal(1)}
        )
    with pytest.raises(ApplicationError, match="chỉ đạt mức «Hoàn thành tốt nhiệm vụ»"):
        services.result_self_assess(
            actor=cast.cadre, result=scored, level=Level.EXCELLENT, scores=full_marks(scored, Decimal(20))
        )
    assert not CriterionScore.objects.exists()  # nothing half-written


@pytest.mark.django_db
def test_an_unscored_rule_set_has_no_template(cast: Cast, cycle: Cycle, result: Result) -> None:
    assert cycle.ruleset.code == "QD124-2023"
    with pytest.raises(ApplicationError, match="chưa có tiêu chí"):
        services.result_self_assess(actor=cast.cadre, result=result, level=Level.GOOD, scores={})
