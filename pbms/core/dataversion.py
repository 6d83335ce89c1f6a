"""The data version: a value in the database that changes after every committed write to the tables that
computed figures read, so a figure kept under the version it was computed at is never served stale.

Why after commit: a reader reads the version, then the data. If a writer changed the version before its
data became visible (a sequence, or anything outside its transaction), a reader could read the new version
and the old data and keep the old figure under the new version. Bumped after commit, the worst case is the
opposite: a reader still holding the old version computes from newer data and keeps it under the old
version, which only readers older than the write can ask for. The bump runs in autocommit, so writers
never wait on the version row (a bump inside the writing transaction would hold its lock until commit and
serialise every writer behind a long import).

How every write is seen: an ``execute_wrapper`` installed on every connection as it opens
(``connection_created``) looks at each statement Django executes (services, ``bulk_create``,
``QuerySet.update()``, raw SQL through ``connection.cursor()``) and, for an INSERT, UPDATE, DELETE,
TRUNCATE or other data statement on a watched table, registers one ``transaction.on_commit`` bump for the
transaction (none when it rolls back). Writes that bypass Django's cursor wrapper (psycopg's ``COPY`` on
the raw cursor) must call ``data_changed()`` themselves.

While a transaction holds a write not yet committed, its own connection sees data no version describes:
``version_for_cache`` then answers None and callers compute without the cache.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.signals import post_migrate, pre_migrate

# Tables whose rows figures depend on: the tree, the register, ratings, resolutions and targets, and the
# grants that decide an actor's scope. Not sessions, the audit log, login attempts, tasks or this row.
WATCHED = re.compile(
    r"\b(orgs_\w+|people_\w+|evaluations_\w+|resolutions_\w+|accounts_assignment|accounts_role\w*)\b",
    re.IGNORECASE,
)
_TARGET = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|REPLACE\s+INTO)\s+"
    r"(?:ONLY\s+)?[\"`]?(\w+)",
    re.IGNORECASE,
)
_WRITE = re.compile(r"\b(?:INSERT\s+INTO|UPDATE\s+[\"\w.]+\s+SET|DELETE\s+FROM|MERGE\s+INTO)\b", re.IGNORECASE)
# Statements that never change rows (the first word, upper case).
_READS = frozenset(
    {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW", "EXPLAIN", "PRAGMA", "VALUES"}
)


def writes_watched(sql: str) -> bool:
    """Whether the statement may change a watched table. Errs towards yes: an unneeded bump costs one cold
    view, a missed one would serve a stale figure."""
    head = sql.lstrip()[:12].split(None, 1)
    if not head or head[0].upper().rstrip("(") in _READS:
        return False
    target = _TARGET.match(sql)
    if target is not None:
        return WATCHED.fullmatch(target.group(1)) is not None
    if head[0].upper() == "WITH" and _WRITE.search(sql) is None:
        return False  # a read with common table expressions (the targets' statements)
    return WATCHED.search(sql) is not None  # WITH … DELETE, MERGE, COPY, DO…: any mention of a watched table


class _Bump:
    """The on-commit callback of one transaction; ``ran`` tells a registered bump from a pending one."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.ran = False

    def __call__(self) -> None:
        self.ran = True
        version_bump(using=self.alias)


def _pending(connection: BaseDatabaseWrapper) -> bool:
    # Entries are (savepoint ids, callback, robust); Django drops those of a rolled-back savepoint.
    callbacks = (entry[1] for entry in connection.run_on_commit)
    return any(isinstance(func, _Bump) and not func.ran for func in callbacks)


def data_changed(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Register the bump for the current transaction (once), or bump now in autocommit."""
    connection = connections[using]
    _local.version = None
    if connection.in_atomic_block and _pending(connection):
        return
    transaction.on_commit(_Bump(using), using=using)


def _watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if writes_watched(sql) and not _migrating.active:
        data_changed(using=context["connection"].alias)
    return result


def _on_connect(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:  # noqa: ARG001
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


class _Migrating:
    active = False


_migrating = _Migrating()


def _pre_migrate(**kwargs: Any) -> None:  # noqa: ARG001 - signal signature
    # Data migrations write watched tables before the version's own table may exist: one bump at the end.
    _migrating.active = True


def _post_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:  # noqa: ARG001 - signal signature
    _migrating.active = False
    if "core_dataversion" in connections[using].introspection.table_names():
        version_bump(using=using)


def install() -> None:
    # post_migrate is sent once per app: the flag is cleared by the first, the others bump again (harmless).
    pre_migrate.connect(_pre_migrate, dispatch_uid="pbms_data_version_pre")
    post_migrate.connect(_post_migrate, dispatch_uid="pbms_data_version_post")
    connection_created.connect(_on_connect, dispatch_uid="pbms_data_version")
    request_started.connect(_request_started, dispatch_uid="pbms_data_version_start")
    request_finished.connect(_request_finished, dispatch_uid="pbms_data_version_end")
    for connection in connections.all(initialized_only=True):  # opened before the app was ready
        _on_connect(None, connection)


def version_bump(*, using: str = DEFAULT_DB_ALIAS) -> None:
    from pbms.core.models import DataVersion

    _local.version = None
    token = secrets.token_hex(16)
    if not DataVersion.objects.using(using).filter(pk=1).update(counter=F("counter") + 1, token=token):
        DataVersion.objects.using(using).get_or_create(pk=1, defaults={"counter": 1, "token": token})


# --- reading the version ----------------------------------------------------------------------------
# Within one request the version is read once: every figure the request reads from the cache is then at
# least as new as the request's start. Outside requests (commands, the task worker) it is read each time.


class _Local(threading.local):
    version: str | None = None
    in_request: bool = False


_local = _Local()


def _request_started(**kwargs: Any) -> None:  # noqa: ARG001 - signal signature
    _local.version, _local.in_request = None, True


def _request_finished(**kwargs: Any) -> None:  # noqa: ARG001 - signal signature
    _local.version, _local.in_request = None, False


@contextlib.contextmanager
def version_pinned() -> Iterator[None]:
    """Read the version once for the block, as a request does (background jobs, benchmarks)."""
    saved = _local.version, _local.in_request
    _local.version, _local.in_request = None, True
    try:
        yield
    finally:
        _local.version, _local.in_request = saved


def version_current(*, using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The version "<counter>-<token>" as committed (one query, or none when already read in this request); None when
    the row is missing (a flushed test database)."""
    from pbms.core.models import DataVersion

    if _local.in_request and _local.version is not None:
        return _local.version
    row = DataVersion.objects.using(using).filter(pk=1).values_list("counter", "token").first()
    version = None if row is None else f"{row[0]}-{row[1]}"
    if _local.in_request:
        _local.version = version
    return version


def version_for_cache(*, using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The version to key cached figures with, or None when this connection holds an uncommitted write
    (it sees data that no version describes, so it must neither read nor fill the cache)."""
    if _pending(connections[using]):
        return None
    return version_current(using=using)
