"""The vocabulary of a plan: its dates, the operations on the tree, and how they are grouped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pbms.lib.exceptions import ApplicationError

START = dt.date(2020, 1, 1)
RESTRUCTURING = dt.date(2025, 7, 1)
BEFORE = dt.date(2024, 12, 31)
AFTER = dt.date(2026, 1, 1)
ROOT_CODE = "TINH"


class DemoError(ApplicationError):
    """The demo cannot be loaded (the database is not empty, a bad option...)."""


@dataclass(frozen=True, slots=True)
class Create:
    code: str
    name: str
    kind: str
    parent: str | None
    day: dt.date
    ref: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Rename:
    code: str
    name: str
    kind: str | None
    day: dt.date
    ref: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Move:
    code: str
    new_parent: str
    day: dt.date
    ref: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dissolve:
    code: str
    day: dt.date
    ref: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Merge:
    """Into ``target`` when given (sáp nhập), else into a new organisation (hợp nhất)."""

    sources: tuple[str, ...]
    day: dt.date
    ref: str
    target: str | None = None
    new_code: str = ""
    new_name: str = ""
    new_kind: str = ""
    new_parent: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Part:
    code: str
    name: str
    kind: str
    children: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Split:
    code: str
    parts: tuple[Part, ...]
    day: dt.date
    ref: str
    note: str = ""


Op = Create | Rename | Move | Dissolve | Merge | Split


@dataclass(slots=True)
class Chunk:
    """The operations of one level-2 committee (or of the root), in date order."""

    subject: str  # the organisation the chunk is about: the object of its audit row
    ops: list[Op]
    keep: tuple[str, ...] = ()  # organisations later chunks attach to (the root)


@dataclass(slots=True)
class DemoPicks:
    """Organisations the demo accounts are granted on, chosen while the plan is generated."""

    root: str = ROOT_CODE
    district: str = ""  # a district that lives until 30/6/2025
    commune: str = ""  # the new commune that takes over that district's seat on 01/7/2025
    cell: str = ""  # a village cell that lives through every change
