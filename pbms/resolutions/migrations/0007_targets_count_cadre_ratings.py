"""Seed 000's targets 9 and 10 count the cadre rating of the people in their population (issue 14 §2).

Target 9 ("cán bộ, đảng viên lãnh đạo, quản lý thuộc diện Ban Thường vụ Tỉnh ủy quản lý được xếp loại hoàn
thành tốt nhiệm vụ trở lên") and target 10 (trưởng phòng, phó trưởng phòng and above) speak of leaders and
managers rated as such: their rating as a cadre, decided by the body managing their category, not their
rating as a party member. Every rating condition of those two targets of resolution 05-NQ/TU now names the
cadre rating (``definitions.RatingCondition.rating_kind``); anything else a specialist changed in them is
kept. Reversed, they count the party-member rating again.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

RESOLUTION = "05-NQ/TU"
TARGETS = ("9", "10")


def _set_kind(conditions: list[dict[str, Any]], kind: str) -> None:
    for condition in conditions:
        if condition.get("type") == "group":
            _set_kind(condition.get("items", []), kind)
        elif condition.get("type") == "rating":
            condition["rating_kind"] = kind


def _update(apps: StateApps, kind: str) -> None:
    Target = apps.get_model("resolutions", "Target")
    for target in Target.objects.filter(resolution__number=RESOLUTION, number__in=TARGETS):
        definition = dict(target.definition)
        if definition.get("population", {}).get("type") != "people":
            continue  # rewritten by a specialist as something else: not the leaders' target any more
        _set_kind(definition.get("conditions", []), kind)
        target.definition = definition
        target.save(update_fields=["definition"])


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _update(apps, "cadre")


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _update(apps, "party_member")


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0006_vietnamese_plurals"),
        ("evaluations", "0011_result_rating_kind_fits"),
    ]

    operations = [migrations.RunPython(forward, backward)]
