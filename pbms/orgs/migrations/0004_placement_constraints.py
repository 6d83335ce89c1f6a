"""Constraints that make a corrupt tree impossible to write, whatever the code does.

- ``placement_one_open_per_org`` (both databases): at most one open row (valid_to NULL) per organisation.
- ``placement_no_overlap`` (PostgreSQL only): no two rows of one organisation with overlapping
  [valid_from, valid_to) intervals, an exclusion constraint over ``daterange``. Mixing ``org_id WITH =``
  with a range needs the btree_gist extension, a trusted extension since PostgreSQL 13, so the owner of
  the database creates it without being a superuser. SQLite has no exclusion constraints: there the
  services' checks (under the tree's lock) are the only guard.

Existing rows that break either rule stop the migration with the list of the organisations concerned,
rather than with the database's bare error.
"""

from __future__ import annotations

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

OPEN_TWICE = "SELECT org_id FROM orgs_placement WHERE valid_to IS NULL GROUP BY org_id HAVING COUNT(*) > 1"
OVERLAPS = """
SELECT DISTINCT a.org_id FROM orgs_placement a JOIN orgs_placement b
  ON a.org_id = b.org_id AND a.id < b.id
 AND a.valid_from < COALESCE(b.valid_to, DATE '9999-12-31')
 AND b.valid_from < COALESCE(a.valid_to, DATE '9999-12-31')
"""
EXCLUDE = (
    "ALTER TABLE orgs_placement ADD CONSTRAINT placement_no_overlap "
    "EXCLUDE USING gist (org_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)"
)


def _refuse_bad_rows(schema_editor: BaseDatabaseSchemaEditor, query: str, rule: str) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(query)
        bad = [row[0] for row in cursor.fetchall()]
    if bad:
        raise RuntimeError(
            f"orgs_placement: {rule} is broken for organisations {bad[:50]}; "
            "correct their rows before migrating (see docs/security.md, Ghi đồng thời)."
        )


def check_open_rows(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _refuse_bad_rows(schema_editor, OPEN_TWICE, "one open row per organisation")


def add_exclusion(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    _refuse_bad_rows(schema_editor, OVERLAPS, "no overlapping rows of one organisation")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(EXCLUDE)


def drop_exclusion(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # The extension stays: other objects may use it, and it costs nothing.
        schema_editor.execute("ALTER TABLE orgs_placement DROP CONSTRAINT IF EXISTS placement_no_overlap")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_placement_path_c_idx")]
    operations = [
        migrations.RunPython(check_open_rows, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.UniqueConstraint(
                condition=models.Q(("valid_to__isnull", True)), fields=("org",), name="placement_one_open_per_org"
            ),
        ),
        migrations.RunPython(add_exclusion, drop_exclusion),
    ]
