"""Vietnamese collation on both databases.

PostgreSQL has ICU's "vi-x-icu"; SQLite gets a "vi" collation backed by PyICU,
registered on every new connection. ``vi_collate`` picks the right name, so
``order_by(vi_collate("name"))`` sorts An, Ánh, Ân, Bình, Dung, Đức, Ong, Ơn.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate

from pbms.lib.text import vi_compare


def _register(sender: Any, connection: Any, **kwargs: Any) -> None:  # noqa: ARG001 - signal signature
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", vi_compare)


def install() -> None:
    connection_created.connect(_register, dispatch_uid="pbms_vi_collation")


def vi_collation_name() -> str:
    return "vi-x-icu" if connection.vendor == "postgresql" else "vi"


def vi_collate(field: str) -> Collate:
    return Collate(F(field), vi_collation_name())


def path_bytes() -> F | Collate:
    """The materialised path compared byte by byte: "C" on PostgreSQL (the database's default collation
    may ignore "/"), SQLite's default BINARY as it is. Matches the index ``placement_path_c_idx``."""
    return Collate(F("path"), "C") if connection.vendor == "postgresql" else F("path")
