"""Inserting many model objects fast: ``bulk_create``, or on PostgreSQL ``COPY``, several times faster for
the large tables (no statement to compile and parse, the same rows). ``COPY`` returns no keys: when the
caller needs them they are reserved from the table's sequence first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from pbms.core.dataversion import data_changed


def insert(objs: Sequence[Model], *, batch_size: int, copy: bool, ids: bool = False) -> None:
    """Insert ``objs`` (all of one model): ``bulk_create``, or ``COPY`` (``copy``, PostgreSQL only). With
    ``ids`` the objects get their keys (``bulk_create`` returns them; ``COPY`` reserves them first)."""
    if not objs:
        return
    if copy:
        copy_rows(objs, ids=ids)
    else:
        type(objs[0])._default_manager.bulk_create(objs, batch_size=batch_size)


def reserve_ids(objs: Sequence[Model]) -> None:
    """Give ``objs`` (all of one model) the next keys of their table's sequence, in order."""
    meta = type(objs[0])._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk


def copy_rows(objs: Sequence[Model], *, ids: bool = False) -> None:
    """Write ``objs`` (all of one model, at least one) with PostgreSQL's ``COPY … FROM STDIN``; ``auto_now``
    and ``auto_now_add`` columns get the time of the call. With ``ids`` the keys are reserved first and
    written with the rows; otherwise the table's default numbers them."""
    meta = type(objs[0])._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    if ids:
        reserve_ids(objs)
        fields = [meta.pk, *fields]
    names = [f.attname for f in fields]
    copy_tuples(
        meta.db_table,
        [f.column for f in fields],
        ([now if name in stamped else getattr(obj, name) for name in names] for obj in objs),
    )


def copy_tuples(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write plain rows (values in the order of ``columns``) into ``table`` with PostgreSQL's ``COPY … FROM
    STDIN``: for narrow tables of many rows, where building model instances would take most of the time."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    data_changed()  # COPY on the raw cursor passes no execute_wrapper: tell the figures' cache ourselves
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as out,
    ):
        for row in rows:
            out.write_row(row)
