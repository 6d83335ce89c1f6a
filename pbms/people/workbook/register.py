"""What the register already holds for the keys a workbook names, loaded once with chunked ``IN``
queries (the number of queries does not grow with the rows): organisations with all their placements
(``OrgIndex``) and people with their memberships, open cells, posts and seats (``Existing``). The plan
(``plan.Planner``) decides against these; nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pbms.accounts.models import User
from pbms.orgs.models import Organization, OrgKind, Placement
from pbms.people.models import BodyMembership, CellMembership, Membership, MembershipEvent, Person, Position
from pbms.people.workbook.parse import Row

CHUNK = 2000  # keys per IN (...) lookup
OUT = frozenset({*MembershipEvent.ENDING, MembershipEvent.Kind.MOVED_OUT})
OUT_OR_BACK = (*OUT, MembershipEvent.Kind.READMITTED, MembershipEvent.Kind.MOVED_IN)
T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- organisations --------------------------------------------------------------------------------


@dataclass
class Span:
    """An organisation's placement over [valid_from, valid_to), from the database or about to be created."""

    code: str
    valid_from: dt.date
    valid_to: dt.date | None
    name: str
    kind: OrgKind
    parent_code: str | None
    ancestors: frozenset[int]  # database ids on the path, the organisation's own id included when it has one
    path: str | None = None
    depth: int = 0

    def holds(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass
class NewOrg:
    row: Row
    code: str
    name: str
    kind: OrgKind
    parent_code: str | None
    created_on: dt.date
    decision_ref: str
    span: Span | None = None
    org: Organization | None = None


class OrgIndex:
    """Every organisation the file names, with all its placements, loaded in a few queries."""

    def __init__(self) -> None:
        self.spans: dict[str, list[Span]] = {}
        self.ids: dict[str, int] = {}
        self.codes: dict[int, str] = {}
        self.new: dict[str, NewOrg] = {}

    def load(self, codes: set[str], kinds: dict[int, OrgKind]) -> None:
        wanted = sorted(codes)
        for chunk in chunks(wanted):
            for org_id, code in Organization.objects.filter(code__in=chunk).values_list("id", "code"):
                self.ids[code] = org_id
                self.codes[org_id] = code
        self.load_ids(list(self.ids.values()), kinds)

    def load_ids(self, org_ids: Sequence[int], kinds: dict[int, OrgKind]) -> None:
        """Placements (all of them: dates in the file reach into the past) of organisations known by id."""
        missing = sorted({i for i in org_ids if self.codes.get(i) not in self.spans})
        rows: list[tuple[Any, ...]] = []
        for chunk in chunks(missing):
            rows += Placement.objects.filter(org_id__in=chunk).values_list(
                "org_id", "org__code", "valid_from", "valid_to", "name", "kind_id", "parent__code", "path", "depth"
            )
        for org_id, code, start, end, name, kind_id, parent_code, path, depth in sorted(rows, key=lambda r: r[2]):
            self.ids[code] = org_id
            self.codes[org_id] = code
            ancestors = frozenset(int(part) for part in path.strip("/").split("/") if part)
            self.spans.setdefault(code, []).append(
                Span(code, start, end, name, kinds[kind_id], parent_code, ancestors, path, depth)
            )

    def at(self, code: str, day: dt.date) -> Span | None:
        return next((s for s in self.spans.get(code, []) if s.holds(day)), None)

    def latest(self, code: str) -> Span | None:
        spans = self.spans.get(code)
        return spans[-1] if spans else None

    def known(self, code: str) -> bool:
        return code in self.spans

    def ends_on(self, code: str) -> dt.date | None:
        """The day the organisation ended (its last placement closed), None while it lasts."""
        last = self.latest(code)
        return last.valid_to if last else None


# --- people ---------------------------------------------------------------------------------------


@dataclass(eq=False)  # identity: plans are set members and dict keys
class PersonPlan:
    """A person the import touches: new, or loaded from the register."""

    person: Person
    is_new: bool
    row: Row | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)
    membership: Membership | None = None
    membership_new: bool = False
    membership_changed: list[str] = field(default_factory=list)
    events: list[tuple[str, dt.date, str | None]] = field(default_factory=list)  # kind, date, cell code
    close_cell: CellMembership | None = None
    open_cell: tuple[str, dt.date] | None = None  # cell code, from
    touched: Counter[str] = field(default_factory=Counter)  # child rows created/updated, for the audit row

    @property
    def label(self) -> str:
        return self.person.full_name


@dataclass
class Existing:
    """The register's rows for the people the file names (loaded once)."""

    by_file_no: dict[str, int] = field(default_factory=dict)
    by_cccd: dict[str, int] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    memberships: dict[int, Membership] = field(default_factory=dict)  # by person id
    open_cells: dict[int, CellMembership] = field(default_factory=dict)  # by membership id
    ended: set[int] = field(default_factory=set)  # membership ids with an ending event
    anchors: dict[int, set[int]] = field(default_factory=dict)  # person id -> org ids (open cell, post, seat)
    created_by_actor: set[int] = field(default_factory=set)

    def load(self, *, file_nos: set[str], cccds: set[str], creator: User | None) -> set[int]:
        """The people named by ``file_nos`` and ``cccds``, their memberships, open cells, posts and seats;
        with ``creator`` (an actor who is not an administrator), which of them he created. Returns the ids
        of the organisations that anchor them, whose placements the caller loads."""
        for keys in chunks(sorted(file_nos)):
            self.by_file_no.update(
                Membership.objects.filter(party_file_no__in=keys).values_list("party_file_no", "person_id")  # type: ignore[arg-type]
            )
        for keys in chunks(sorted(cccds)):
            self.by_cccd.update(Person.objects.filter(cccd__in=keys).values_list("cccd", "id"))  # type: ignore[arg-type]
        ids = sorted(set(self.by_file_no.values()) | set(self.by_cccd.values()))
        for chunk in chunks(ids):
            for person in Person.objects.filter(pk__in=chunk):
                self.people[person.pk] = person
            for membership in Membership.objects.filter(person_id__in=chunk):
                self.memberships[membership.person_id] = membership
        membership_ids = sorted(m.pk for m in self.memberships.values())
        anchor_orgs: set[int] = set()
        person_of = {m.pk: m.person_id for m in self.memberships.values()}
        for chunk in chunks(membership_ids):
            for cell in CellMembership.objects.filter(membership_id__in=chunk, valid_to__isnull=True):
                self.open_cells[cell.membership_id] = cell
                self.anchors.setdefault(person_of[cell.membership_id], set()).add(cell.cell_id)
                anchor_orgs.add(cell.cell_id)
            last: dict[int, str] = {}  # the latest event that puts the member out of, or back in, a cell here
            for membership_id, kind in (
                MembershipEvent.objects.filter(membership_id__in=chunk, kind__in=OUT_OR_BACK)
                .order_by("date", "id")
                .values_list("membership_id", "kind")
            ):
                last[membership_id] = kind
            self.ended.update(m for m, kind in last.items() if kind in OUT)
        for chunk in chunks(ids):
            for person_id, org_id in Position.objects.filter(person_id__in=chunk, valid_to__isnull=True).values_list(
                "person_id", "org_id"
            ):
                self.anchors.setdefault(person_id, set()).add(org_id)
                anchor_orgs.add(org_id)
            for person_id, org_id in BodyMembership.objects.filter(
                person_id__in=chunk, valid_to__isnull=True
            ).values_list("person_id", "body__term__org_id"):
                self.anchors.setdefault(person_id, set()).add(org_id)
                anchor_orgs.add(org_id)
        if creator is not None:  # Person.created_by, the field the scope of unplaced people reads
            self.created_by_actor.update(pk for pk, person in self.people.items() if person.created_by_id == creator.pk)
        return anchor_orgs
