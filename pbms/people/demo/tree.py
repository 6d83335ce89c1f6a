"""The organisations of one chunk of the demo plan, read back from the database once the tree writer has
written them: their ids, their placements over time, and which of them hold members.

People are placed on what the database holds, not on the plan's internals, so a change in how the plan
builds the tree cannot leave a member in an organisation that does not exist on the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from pbms.orgs.demo import Chunk, Create, Merge, Split
from pbms.orgs.models import Organization, Placement
from pbms.people import rules

RESIDENTIAL_WORDS = ("thôn ", "xóm ", "ấp ", "bản ", "tổ dân phố ", "khu phố ", "khối ")
SOUTHERN_WORDS = ("ấp ", "khu phố ")


@dataclass(slots=True)
class Span:
    """One placement row: where and what the organisation was during [valid_from, valid_to)."""

    parent: int | None
    name: str
    kind: str
    level: str
    valid_from: dt.date
    valid_to: dt.date | None

    def holds_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(slots=True, eq=False)
class Org:
    pk: int
    code: str
    created_on: dt.date
    ended_on: dt.date | None
    spans: list[Span] = field(default_factory=list)

    def span_on(self, day: dt.date) -> Span | None:
        return next((s for s in self.spans if s.holds_on(day)), None)

    def exists_on(self, day: dt.date) -> bool:
        return self.span_on(day) is not None

    @property
    def first(self) -> Span:
        return self.spans[0]

    @property
    def name(self) -> str:
        return self.first.name

    @property
    def last_day(self) -> dt.date | None:
        """The last day the organisation exists (its end is exclusive)."""
        return self.ended_on - dt.timedelta(days=1) if self.ended_on else None

    @property
    def is_residential(self) -> bool:
        label = self.name.removeprefix("Chi bộ ")
        return label.startswith(RESIDENTIAL_WORDS)


def chunk_codes(chunk: Chunk) -> list[str]:
    """Every organisation the chunk creates, in the plan's order."""
    codes: list[str] = []
    for op in chunk.ops:
        if isinstance(op, Create):
            codes.append(op.code.upper())
        elif isinstance(op, Merge) and op.new_code:
            codes.append(op.new_code.upper())
        elif isinstance(op, Split):
            codes.extend(part.code.upper() for part in op.parts)
    return list(dict.fromkeys(codes))


class ChunkTree:
    """The chunk's organisations with all their placements (a few hundred to a few thousand rows)."""

    def __init__(self, orgs: Iterable[Org]) -> None:
        self.by_code: dict[str, Org] = {}
        self.by_pk: dict[int, Org] = {}
        for org in orgs:
            org.spans.sort(key=lambda s: s.valid_from)
            self.by_code[org.code] = org
            self.by_pk[org.pk] = org
        parents = {s.parent for org in self.by_code.values() for s in org.spans if s.parent is not None}
        # Members are active in a cell or a grassroots organisation that has no organisation under it
        # (rules.MEMBER_CELL_LEVELS); a grassroots committee's members are in its cells.
        self.member_cells = sorted(
            (
                org
                for org in self.by_code.values()
                if org.spans and org.first.level in rules.MEMBER_CELL_LEVELS and org.pk not in parents
            ),
            key=lambda org: org.code,
        )

    @classmethod
    def load(cls, codes: Iterable[str]) -> ChunkTree:
        orgs = {
            o.pk: Org(pk=o.pk, code=o.code, created_on=o.created_on, ended_on=o.ended_on)
            for o in Organization.objects.filter(code__in=list(codes))
        }
        rows = Placement.objects.filter(org_id__in=list(orgs)).values_list(
            "org_id", "parent_id", "name", "kind__code", "kind__level__code", "valid_from", "valid_to"
        )
        for org_id, parent, name, kind, level, valid_from, valid_to in rows:
            orgs[org_id].spans.append(Span(parent, name, kind, level, valid_from, valid_to))
        return cls(orgs.values())

    def get(self, code: str) -> Org:
        return self.by_code[code]

    def children(self, parent: Org, day: dt.date) -> list[Org]:
        found = [o for o in self.by_code.values() if (s := o.span_on(day)) is not None and s.parent == parent.pk]
        return sorted(found, key=lambda o: o.code)

    def grassroots_of(self, cell: Org, day: dt.date) -> Org | None:
        """The grassroots organisation a cell belongs to on ``day`` (itself for a chi bộ cơ sở)."""
        current: Org | None = cell
        while current is not None:
            span = current.span_on(day)
            if span is None:
                return None
            if span.level == "grassroots":
                return current
            current = self.by_pk.get(span.parent) if span.parent is not None else None
        return None

    def is_southern(self) -> bool:
        """Villages called "ấp" and wards' "khu phố": the south, where Huỳnh and Võ are spelt so."""
        residential = [c for c in self.member_cells if c.is_residential]
        southern = sum(1 for c in residential if c.name.removeprefix("Chi bộ ").startswith(SOUTHERN_WORDS))
        return bool(residential) and southern * 2 > len(residential)

    def is_upland(self) -> bool:
        """Villages called "bản": the northern uplands, home to most ethnic minorities."""
        return any(c.name.startswith("Chi bộ bản ") for c in self.member_cells)
