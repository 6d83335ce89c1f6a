"""Levels and kinds of party organisation before and after 01/7/2025 (QĐ 294-QĐ/TW).

Reference data, not code: an administrator can add kinds or change their dates in
the admin; this migration only loads the starting set.
"""

from __future__ import annotations

import datetime as dt

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

RESTRUCTURING = dt.date(2025, 7, 1)

LEVELS = [
    ("province", "Cấp tỉnh", 1),
    ("upper_grassroots", "Cấp trên trực tiếp cơ sở (cấp huyện và tương đương; từ 01/7/2025: cấp xã)", 2),
    ("grassroots", "Tổ chức cơ sở đảng", 3),
    ("sub_committee", "Đảng bộ bộ phận", 4),
    ("cell", "Chi bộ trực thuộc", 5),
]

# code, name, level, valid_from, valid_to (exclusive), sort
KINDS = [
    ("provincial", "Đảng bộ tỉnh", "province", None, None, 1),
    ("district", "Đảng bộ huyện", "upper_grassroots", None, RESTRUCTURING, 1),
    ("town", "Đảng bộ thị xã", "upper_grassroots", None, RESTRUCTURING, 2),
    ("city", "Đảng bộ thành phố trực thuộc tỉnh", "upper_grassroots", None, RESTRUCTURING, 3),
    ("direct_committee", "Đảng bộ trực thuộc Tỉnh ủy", "upper_grassroots", None, None, 4),
    ("commune", "Đảng bộ xã", "upper_grassroots", RESTRUCTURING, None, 5),
    ("ward", "Đảng bộ phường", "upper_grassroots", RESTRUCTURING, None, 6),
    ("special_zone", "Đảng bộ đặc khu", "upper_grassroots", RESTRUCTURING, None, 7),
    ("grassroots_committee", "Đảng bộ cơ sở", "grassroots", None, None, 1),
    ("grassroots_cell", "Chi bộ cơ sở", "grassroots", None, None, 2),
    ("sub_committee", "Đảng bộ bộ phận", "sub_committee", None, None, 1),
    ("cell", "Chi bộ trực thuộc", "cell", None, None, 1),
]


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    OrgLevel = apps.get_model("orgs", "OrgLevel")
    OrgKind = apps.get_model("orgs", "OrgKind")
    levels = {}
    for code, name, rank in LEVELS:
        levels[code], _ = OrgLevel.objects.update_or_create(code=code, defaults={"name": name, "rank": rank})
    for code, name, level, valid_from, valid_to, sort in KINDS:
        OrgKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "level": levels[level],
                "valid_from": valid_from,
                "valid_to": valid_to,
                "sort": sort,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
