"""Seed 000's targets 3 and 9 count the seats on the body "bí thư, phó bí thư chi bộ" too.

A party post is a seat (``pbms.people.rules``, "party posts"; people migration 0010 converts the positions
that held one). A chi bộ with fewer than nine official members elects no chi ủy, only a bí thư and maybe a phó
bí thư (Điều lệ Đảng, Điều 24 khoản 4): their seats are on a body of kind ``cell_secretaries``. So:

- target 3's "bí thư, phó bí thư đảng bộ bộ phận và chi bộ trực thuộc đảng ủy cơ sở" reads secretaries and
  deputies on a committee *or* on that body, at the levels ``sub_committee`` and ``cell``;
- targets 3 and 9's "cấp ủy viên cấp … cơ sở" read, at the grassroots level, the committee *and* that body:
  the bí thư of a chi bộ cơ sở without chi ủy is its cấp ủy ("chi ủy cơ sở (chi bộ cơ sở nơi không có chi
  ủy)", HD 16-HD/BTCTW), and before this change could be entered only as a committee seat, counted there.

Only a definition still as seeded is changed: one a specialist edited is left alone, and named.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SEED = importlib.import_module("pbms.resolutions.migrations.0002_seed_resolutions")
RESOLUTION = "05-NQ/TU"
COMMITTEE_LEVELS = ["province", "upper_grassroots", "grassroots"]
LEADING_SEATS: list[dict[str, Any]] = [
    {"body_kinds": ["committee", "cell_secretaries"], "org_levels": COMMITTEE_LEVELS},
    {"body_kinds": ["inspection"]},
    {"body_kinds": ["party_delegation", "party_affairs"]},
]
SUB_SECRETARIES = {
    "body_kinds": ["committee", "cell_secretaries"],
    "roles": ["secretary", "deputy_secretary"],
    "org_levels": ["sub_committee", "cell"],
}
SEATS_BY_TARGET = {"3": [*LEADING_SEATS, SUB_SECRETARIES], "9": LEADING_SEATS}


def _normalise(definition: dict[str, Any]) -> dict[str, Any]:
    from pbms.resolutions.definitions import TargetDefinition

    return TargetDefinition.model_validate(definition).model_dump(mode="json")


def new_definition(number: str) -> dict[str, Any]:
    """Target ``number`` of seed 000 as this migration writes it (normalised)."""
    seeded = next(d for n, _, _, d, *_ in SEED.TARGETS if n == number)
    population = {**seeded["population"], "seats": SEATS_BY_TARGET[number]}
    return _normalise({**seeded, "population": population})


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Target = apps.get_model("resolutions", "Target")
    for number, _, _, seeded, *_ in SEED.TARGETS:
        if number not in SEATS_BY_TARGET:
            continue
        for target in Target.objects.filter(resolution__number=RESOLUTION, number=number):
            if target.definition != _normalise(seeded):
                print(
                    f"\n  Chỉ tiêu {number} của Nghị quyết {RESOLUTION} đã được sửa: không đổi định nghĩa; "
                    "hãy thêm loại cơ quan “cell_secretaries” vào các loại ghế cấp ủy (docs/how-to-add-a-target.md)."
                )
                continue
            target.definition = new_definition(number)
            target.save(update_fields=["definition", "updated_at"])


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0004_anchor_cte"), ("people", "0010_party_posts_to_seats")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
