from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ExportKind = apps.get_model("reports", "ExportKind")
    # Lists of named cadres (the drill-down) are personal data: marked like the person list.
    ExportKind.objects.get_or_create(
        code="resolution_report",
        defaults={"name": "Báo cáo kết quả thực hiện nghị quyết, danh sách theo chỉ tiêu", "classification": "MẬT"},
    )


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0002_seed_resolutions"), ("reports", "0002_export_kinds")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
