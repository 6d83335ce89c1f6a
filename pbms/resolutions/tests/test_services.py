"""Writes of resolutions and targets: definitions validated on save with Vietnamese messages naming the
field, thresholds and deadlines checked, nothing written on refusal, one audit row per write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas
from pbms.lib.exceptions import ApplicationError
from pbms.resolutions import services
from pbms.resolutions.models import Resolution, Target, Task

WOMEN = {
    "population": {"type": "people", "management_categories": ["btv-tinh-uy"]},
    "conditions": [{"type": "gender", "equals": "F"}],
}


def create(people: Personas, resolution: Resolution, definition: Any, **kwargs: Any) -> Target:
    args: dict[str, Any] = {
        "actor": people.specialist,
        "resolution": resolution,
        "number": "13",
        "wording": "Tỉ lệ nữ từ 30% trở lên.",
        "definition": definition,
        "threshold": Decimal(30),
        "cadence": "yearly",
    } | kwargs
    return services.target_create(**args)


def refusal(people: Personas, resolution: Resolution, definition: Any, **kwargs: Any) -> ApplicationError:
    before = Target.objects.count()
    with pytest.raises(ApplicationError) as caught:
        create(people, resolution, definition, **kwargs)
    assert Target.objects.count() == before
    return caught.value


def test_it_creates_a_target_and_audits_it(people: Personas, nq05: Resolution) -> None:
    target = create(people, nq05, WOMEN)
    assert target.definition["population"]["seats"] == []  # stored with its defaults written out
    assert target.threshold == Decimal("30.00")
    event = AuditEvent.objects.get(action="target.create", object_id=str(target.pk))
    assert event.changes["threshold"] == [None, "30.00"]


@pytest.mark.parametrize(
    ("definition", "field", "words"),
    [
        ({"population": {"type": "people"}}, "definition.population", "ít nhất một diện quản lý"),
        (
            {"population": {"type": "people", "management_categories": ["btv-tinh-uy"], "tuoi": 40}},
            "definition.population.tuoi",
            "không có trong mẫu định nghĩa",
        ),
        ({"population": {"type": "nhom"}}, "definition.population", "loại “nhom” không có"),
        (
            {**WOMEN, "conditions": [{"type": "age", "op": "<", "years": 40}]},
            "definition.conditions[0].op",
            "phải là một trong: 'lt', 'gte'",
        ),
        (
            {**WOMEN, "conditions": [{"type": "age", "op": "lt", "years": -1}]},
            "definition.conditions[0].years",
            "phải từ 0 trở lên",
        ),
        (
            {"population": {"type": "people", "management_categories": ["khong-co"]}},
            "definition.population.management_categories",
            "diện quản lý “khong-co” không có trong danh mục",
        ),
        (
            {**WOMEN, "conditions": [{"type": "training", "categories": ["bơi"], "window": "year"}]},
            "definition.conditions.categories",
            "loại bồi dưỡng “bơi”",
        ),
        (
            {**WOMEN, "conditions": [{"type": "qualification", "kind": "education", "at_least": "GS"}]},
            "definition.conditions.at_least",
            "trình độ “education:GS”",
        ),
        (
            {"population": {"type": "organizations", "org_kinds": ["huyen"]}},
            "definition.population.org_kinds",
            "loại hình tổ chức “huyen”",
        ),
        (
            {"population": {"type": "organizations", "org_levels": ["grassroots"]}, "conditions": WOMEN["conditions"]},
            "definition",
            "chỉ áp dụng cho người",
        ),
        (
            {
                "population": {"type": "organizations", "org_levels": ["grassroots"]},
                "conditions": [{"type": "rating", "at_least": "good", "rating_kind": "cadre"}],
            },
            "definition",
            "xếp loại cán bộ (rating_kind “cadre”) chỉ áp dụng cho người",
        ),
        (
            {**WOMEN, "conditions": [{"type": "rating", "at_least": "good", "rating_kind": "civil_servant"}]},
            "definition.conditions[0].rating_kind",
            "phải là một trong: 'party_member', 'cadre'",
        ),
        ("population", "definition", "phải là một đối tượng JSON"),
    ],
)
def test_it_refuses_a_bad_definition_naming_the_field(
    people: Personas, nq05: Resolution, definition: Any, field: str, words: str
) -> None:
    error = refusal(people, nq05, definition)
    assert error.field == field
    assert words in error.message


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"threshold": Decimal(101)}, "threshold"),
        ({"threshold": Decimal(-1)}, "threshold"),
        ({"threshold": "nhiều"}, "threshold"),
        ({"comparator": "gt"}, "comparator"),
        ({"cadence": "deadline"}, "deadline"),
        ({"cadence": "deadline", "deadline": dt.date(2030, 12, 31)}, "deadline"),
        ({"cadence": "yearly", "deadline": dt.date(2025, 12, 31)}, "deadline"),
        ({"number": "4"}, "number"),  # already a target of 05-NQ/TU
        ({"wording": "  "}, "wording"),
    ],
)
def test_it_refuses_bad_settings(people: Personas, nq05: Resolution, kwargs: dict[str, Any], field: str) -> None:
    assert refusal(people, nq05, WOMEN, **kwargs).field == field


def test_it_refuses_writers_without_province_rights(people: Personas, nq05: Resolution) -> None:
    for actor in (people.staff_a, people.viewer_a, people.nobody):
        with pytest.raises(ApplicationError):
            create(people, nq05, WOMEN, actor=actor)


def test_it_updates_a_definition_keeping_the_old_one_in_the_audit(people: Personas, nq05: Resolution) -> None:
    target = create(people, nq05, WOMEN)
    men = {**WOMEN, "conditions": [{"type": "gender", "equals": "M"}]}
    services.target_update(actor=people.specialist, target=target, definition=men, threshold=Decimal(50))
    target.refresh_from_db()
    assert target.definition["conditions"][0]["equals"] == "M"
    event = AuditEvent.objects.get(action="target.update", object_id=str(target.pk))
    assert event.changes["definition"][0]["conditions"][0]["equals"] == "F"
    assert event.changes["threshold"] == ["30.00", "50.00"]
    with pytest.raises(ApplicationError):
        services.target_update(actor=people.specialist, target=target, definition={"population": {}}, threshold=1)
    target.refresh_from_db()
    assert target.threshold == Decimal(50)  # nothing set when one value is refused


def test_it_accepts_every_seeded_definition(nq05: Resolution) -> None:
    targets = list(nq05.targets.order_by("sort"))
    assert [t.number for t in targets] == [str(n) for n in range(1, 13)]
    for target in targets:
        assert services.check_definition(target.definition).model_dump(mode="json") == target.definition


def test_it_loads_the_seeds_sections_and_tasks(nq05: Resolution) -> None:
    numbers = list(nq05.sections.values_list("number", flat=True))
    assert numbers[:5] == ["I", "I.1", "I.2", "I.2.1", "I.2.2"]
    assert "II.1.5" in numbers and "III.4" in numbers
    assert nq05.sections.get(number="I.2.2").targets.count() == 10
    assert nq05.sections.get(number="II.1.5").title.startswith("Nâng cao chất lượng đánh giá, xếp loại tổ chức đảng")
    program = Resolution.objects.get(title__contains="năm 2021")
    areas = program.sections.filter(parent__number="II").order_by("sort")
    assert [a.title for a in areas][:2] == ["Công tác chính trị, tư tưởng", "Công tác tổ chức xây dựng Đảng"]
    assert areas.count() == 8
    assert all(area.tasks.exists() for area in areas)


def test_it_tracks_a_task_s_progress(people: Personas) -> None:
    task = Task.objects.filter(section__resolution__title__contains="năm 2021").first()
    assert task is not None and task.status == Task.Status.NOT_STARTED
    services.task_update_progress(actor=people.specialist, task=task, status=Task.Status.IN_PROGRESS, progress=40)
    task.refresh_from_db()
    assert (task.status, task.progress) == (Task.Status.IN_PROGRESS, 40)
    with pytest.raises(ApplicationError) as caught:
        services.task_update_progress(actor=people.specialist, task=task, status=Task.Status.DONE, progress=90)
    assert caught.value.field == "progress"
