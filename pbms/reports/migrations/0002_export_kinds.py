from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

KINDS = [
    ("audit_log", "Nhật ký hệ thống", "MẬT"),
    ("org_list", "Danh sách tổ chức đảng", ""),
    ("person_list", "Danh sách cán bộ, đảng viên", "MẬT"),
]


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ExportKind = apps.get_model("reports", "ExportKind")
    for code, name, mark in KINDS:
        ExportKind.objects.get_or_create(code=code, defaults={"name": name, "classification": mark})


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
