"""Inserting many rows fast. On PostgreSQL: ids reserved from the table's sequence in one query, then
``COPY … FROM STDIN`` (about ten times faster than INSERT for 100,000 rows, and no model instances).
Elsewhere (SQLite): ``bulk_create`` in batches. Values are given by column, already as the database
stores them (foreign keys as ``<name>_id``), so every default must be supplied by the caller."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

from pbms.core.dataversion import data_changed

BATCH = 2000


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], *, ids: bool = False
) -> list[int]:
    """Insert ``rows`` (tuples in the order of ``columns``); with ``ids``, return the new ids in order."""
    if not rows:
        return []
    fields = {f.column: f for f in model._meta.concrete_fields}
    if connection.vendor == "postgresql":
        return _copy(model, columns, rows, ids=ids, fields=fields)
    attnames = [fields[c].attname for c in columns]
    objs = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objs, batch_size=BATCH)
    return [int(o.pk) for o in objs] if ids else []


def _copy(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    ids: bool,
    fields: dict[str, models.Field[Any, Any]],
) -> list[int]:
    from psycopg.types.json import Jsonb

    table = model._meta.db_table
    json_at = [i for i, c in enumerate(columns) if isinstance(fields[c], models.JSONField)]
    new_ids: list[int] = []
    data_changed()  # COPY on the raw cursor passes no execute_wrapper: tell the figures' cache ourselves
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
            )
            new_ids = [row[0] for row in cursor.fetchall()]
        names = ", ".join(connection.ops.quote_name(c) for c in (["id", *columns] if ids else columns))
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
            for index, row in enumerate(rows):
                values = list(row)
                for i in json_at:
                    values[i] = Jsonb(values[i])
                copy.write_row([new_ids[index], *values] if ids else values)
    return new_ids
