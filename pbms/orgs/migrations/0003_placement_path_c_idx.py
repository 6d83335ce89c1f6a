"""On PostgreSQL, an index on the path compared byte by byte, for the subtree range scan.

SQLite compares text as bytes already (BINARY), so the existing ``placement_path_idx`` serves there.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = 'CREATE INDEX IF NOT EXISTS placement_path_c_idx ON orgs_placement ((path COLLATE "C"), valid_from)'
BACKWARD = "DROP INDEX IF EXISTS placement_path_c_idx"


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_reference_levels_kinds")]
    operations = [migrations.RunPython(forward, backward)]
