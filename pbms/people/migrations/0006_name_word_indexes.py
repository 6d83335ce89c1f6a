"""On PostgreSQL: the person search by whole words of the folded name (``selectors._name_page``).

- ``person_last_word_order_idx``: the folded name's last word (the given name, mostly), then the list's
  Vietnamese order: the people whose last word is the one searched are read in the list's order, and the
  read stops at the page;
- ``person_first_words_idx``: GIN over the words before the last (family and middle names). ANALYZE keeps
  per-word frequencies for the expression, so the planner knows whether "nguyen" or "mac" is common.

The expressions are those of ``selectors.LAST_WORD`` and ``selectors.FIRST_WORDS``; PostgreSQL 14 or later
(``trim_array``, ``split_part`` with a negative field). SQLite matches padded words by scan.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = [
    "CREATE INDEX IF NOT EXISTS person_last_word_order_idx ON people_person ((split_part(name_folded, ' ', -1)), "
    '(given_name COLLATE "vi-x-icu"), (family_name COLLATE "vi-x-icu"), (middle_name COLLATE "vi-x-icu"), id)',
    "CREATE INDEX IF NOT EXISTS person_first_words_idx ON people_person "
    "USING gin ((trim_array(string_to_array(name_folded, ' '), 1)))",
    "ANALYZE people_person",
]
BACKWARD = ["DROP INDEX IF EXISTS person_first_words_idx", "DROP INDEX IF EXISTS person_last_word_order_idx"]


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_search_indexes")]
    operations = [migrations.RunPython(forward, backward)]
