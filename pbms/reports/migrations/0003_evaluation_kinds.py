from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ExportKind = apps.get_model("reports", "ExportKind")
    # The ratings of named cadres are personal data: marked like the person list.
    ExportKind.objects.get_or_create(
        code="evaluation_board",
        defaults={"name": "Bảng xếp loại chất lượng, danh sách kết quả xếp loại", "classification": "MẬT"},
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_export_kinds")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
