"""On PostgreSQL: the person list's Vietnamese order as an index, and trigram search on the folded name.

SQLite has neither ICU collations in indexes nor trigrams; there the list sorts and searches by scan,
which is fine at the size an embedded database serves.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = [
    'CREATE INDEX IF NOT EXISTS person_vi_order_idx ON people_person ((given_name COLLATE "vi-x-icu"), '
    '(family_name COLLATE "vi-x-icu"), (middle_name COLLATE "vi-x-icu"), id)',
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_name_trgm_idx ON people_person USING gin (name_folded gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS person_name_trgm_idx", "DROP INDEX IF EXISTS person_vi_order_idx"]


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_reference_codes")]
    operations = [migrations.RunPython(forward, backward)]
