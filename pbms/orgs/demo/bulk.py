"""``BulkWriter``: the same rows as the services, simulated in memory and written in bulk.

Each chunk's operations are replayed on an in-memory copy of its open rows with the services'
semantics (closing rows, re-pathing subtrees, dropping a row that would hold for no day); the
rows are then written with a few ``bulk_create``. Events and their roles are the services' own,
one per operation; the audit log gets one row per chunk instead of one per operation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pbms.accounts.models import User
from pbms.audit.services import audit_record
from pbms.lib.text import fold, nfc
from pbms.orgs.demo.ops import Chunk, Create, DemoError, Dissolve, Merge, Move, Op, Rename, Split
from pbms.orgs.models import Organization, OrgEvent, OrgEventRole, OrgKind, Placement

BATCH_SIZE = 2000
EventKind = OrgEvent.Kind
EventRole = OrgEventRole.Role


@dataclass(frozen=True, slots=True)
class _Kind:
    code: str
    pk: int
    name: str
    rank: int
    valid_from: dt.date | None
    valid_to: dt.date | None

    def usable_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


@dataclass(slots=True, eq=False)
class _Event:
    kind: str
    day: dt.date
    ref: str
    note: str
    details: dict[str, Any]
    roles: dict[tuple[str, str], None] = field(default_factory=dict)  # an ordered set of (code, role)
    pk: int = 0  # set once written


@dataclass(slots=True, eq=False)
class _Row:
    code: str
    parent: str | None
    name: str
    kind: _Kind
    path: tuple[str, ...]  # codes from the root to this organisation
    valid_from: dt.date
    event: _Event | None  # None for a row an earlier chunk wrote (the root)
    valid_to: dt.date | None = None
    dropped: bool = False  # began and ended on the same day: the services delete such a row


@dataclass(slots=True)
class _Org:
    code: str
    created_on: dt.date
    ended_on: dt.date | None = None


class PlanError(DemoError):
    """The plan asks for something the services would refuse: a bug in the plan, not in the data."""


class _Simulation:
    """One chunk's operations on an in-memory copy of the open rows, with the services' semantics.

    Only the operation's own rows and their subtrees are touched, as in the services. The rows
    of earlier chunks (``anchors``: the root) may be attached to but never changed.
    """

    def __init__(self, *, anchors: dict[str, _Row], kinds: dict[str, _Kind]) -> None:
        self.kinds = kinds
        self.open: dict[str, _Row] = dict(anchors)
        self.external = frozenset(anchors)
        self.children: dict[str, dict[str, None]] = {}
        self.rows: list[_Row] = []
        self.events: list[_Event] = []
        self.orgs: dict[str, _Org] = {}
        self._last_day = dt.date.min

    # -- mechanics

    def _fail(self, message: str) -> PlanError:
        return PlanError(f"Kế hoạch dữ liệu mẫu không hợp lệ: {message}")

    def _live(self, code: str, *, day: dt.date) -> _Row:
        row = self.open.get(code)
        if row is None or row.valid_from > day:
            raise self._fail(f"{code} không tồn tại vào ngày {day:%d/%m/%Y}.")
        if code in self.external:
            raise self._fail(f"{code} thuộc phần đã ghi trước, không được thay đổi.")
        return row

    def _parent(self, code: str, *, day: dt.date) -> _Row:
        row = self.open.get(code)
        if row is None or row.valid_from > day:
            raise self._fail(f"cấp trên {code} không tồn tại vào ngày {day:%d/%m/%Y}.")
        return row

    def _check_kind(self, kind: _Kind, *, day: dt.date, parent: _Row | None) -> None:
        if not kind.usable_on(day):
            raise self._fail(f"loại hình {kind.code} không áp dụng vào ngày {day:%d/%m/%Y}.")
        if (parent is None) != (kind.rank == 1) or (parent is not None and kind.rank <= parent.kind.rank):
            raise self._fail(f"loại hình {kind.code} không thể trực thuộc {parent.code if parent else 'gốc'}.")

    def _event(self, op: Op, *, kind: str, details: dict[str, Any], roles: Sequence[tuple[str, str]]) -> _Event:
        event = _Event(kind=kind, day=op.day, ref=nfc(op.ref), note=nfc(op.note), details=details)
        event.roles.update(dict.fromkeys(roles))
        self.events.append(event)
        return event

    def _add(self, row: _Row) -> None:
        self.open[row.code] = row
        self.rows.append(row)
        if row.parent is not None:
            self.children.setdefault(row.parent, {})[row.code] = None

    def _close(self, row: _Row, *, day: dt.date) -> None:
        if row.code in self.external:
            raise self._fail(f"{row.code} thuộc phần đã ghi trước, không được thay đổi.")
        if row.valid_from < day:
            row.valid_to = day
        else:
            row.dropped = True
        del self.open[row.code]
        if row.parent is not None:
            self.children[row.parent].pop(row.code, None)

    def _new(self, *, code: str, name: str, kind: _Kind, parent: _Row | None, day: dt.date, event: _Event) -> _Row:
        if code in self.orgs or code in self.open:
            raise self._fail(f"mã {code} bị dùng hai lần.")
        self.orgs[code] = _Org(code=code, created_on=day)
        row = _Row(
            code=code,
            parent=parent.code if parent else None,
            name=name,
            kind=kind,
            path=(parent.path if parent else ()) + (code,),
            valid_from=day,
            event=event,
        )
        self._add(row)
        return row

    def _subtree(self, row: _Row) -> list[_Row]:
        found, stack = [], [row]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self.open[c] for c in self.children.get(current.code, {}))
        return found

    def _repath(self, row: _Row, *, parent: _Row, day: dt.date, event: _Event) -> None:
        """Reopen ``row``'s subtree from ``day`` under ``parent``: services._repath."""
        prefix, old_len = (*parent.path, row.code), len(row.path)
        subtree = self._subtree(row)
        fresh = [
            _Row(
                code=old.code,
                parent=parent.code if old is row else old.parent,
                name=old.name,
                kind=old.kind,
                path=prefix + old.path[old_len:],
                valid_from=day,
                event=event,
            )
            for old in subtree
        ]
        for old in subtree:
            if old.valid_from > day:
                raise self._fail(f"{old.code} đã có thay đổi sau ngày {day:%d/%m/%Y}.")
            self._close(old, day=day)
        for new in fresh:
            self._add(new)

    def _end(self, row: _Row, *, day: dt.date) -> None:
        self._close(row, day=day)
        self.orgs[row.code].ended_on = day

    # -- operations

    def apply(self, op: Op) -> None:
        # The services refuse a change dated before a recorded later one; a chunk in date order
        # never asks for one, which is what lets the simulation skip the history lookups.
        if op.day < self._last_day:
            raise self._fail(f"các thao tác phải theo thứ tự ngày ({op.day:%d/%m/%Y} sau {self._last_day:%d/%m/%Y}).")
        self._last_day = op.day
        match op:
            case Create():
                self._create(op)
            case Rename():
                self._rename(op)
            case Move():
                self._move(op)
            case Dissolve():
                self._dissolve(op)
            case Merge():
                self._merge(op)
            case Split():
                self._split(op)

    def _create(self, op: Create) -> None:
        parent = self._parent(op.parent, day=op.day) if op.parent else None
        kind = self.kinds[op.kind]
        self._check_kind(kind, day=op.day, parent=parent)
        name = nfc(op.name)
        event = self._event(
            op,
            kind=EventKind.CREATED,
            details={"name": name, "kind": kind.name, "parent": parent.name if parent else None},
            roles=[(parent.code, EventRole.NEW_PARENT)] if parent else [],
        )
        self._new(code=op.code.upper(), name=name, kind=kind, parent=parent, day=op.day, event=event)
        event.roles[(op.code.upper(), EventRole.SUBJECT)] = None

    def _rename(self, op: Rename) -> None:
        row = self._live(op.code, day=op.day)
        name = nfc(op.name)
        kind = self.kinds[op.kind] if op.kind else row.kind
        if name == row.name and kind is row.kind:
            raise self._fail(f"đổi tên {op.code} mà không thay đổi gì.")
        self._check_kind(kind, day=op.day, parent=self._parent(row.parent, day=op.day) if row.parent else None)
        if any(self.open[c].kind.rank <= kind.rank for c in self.children.get(row.code, {})):
            raise self._fail(f"tổ chức trực thuộc {op.code} không hợp với loại hình {kind.code}.")
        details = {"old_name": row.name, "new_name": name, "old_kind": row.kind.name, "new_kind": kind.name}
        event = self._event(op, kind=EventKind.RENAMED, details=details, roles=[(row.code, EventRole.SUBJECT)])
        new = _Row(
            code=row.code,
            parent=row.parent,
            name=name,
            kind=kind,
            path=row.path,
            valid_from=op.day,
            event=event,
        )
        self._close(row, day=op.day)
        self._add(new)

    def _move(self, op: Move) -> None:
        row = self._live(op.code, day=op.day)
        parent = self._parent(op.new_parent, day=op.day)
        if parent.path[: len(row.path)] == row.path or row.parent == parent.code:
            raise self._fail(f"không thể chuyển {op.code} vào {op.new_parent}.")
        self._check_kind(row.kind, day=op.day, parent=parent)
        old_parent = self.open[row.parent] if row.parent else None
        details = {
            "name": row.name,
            "old_parent": old_parent.name if old_parent else None,
            "new_parent": parent.name,
        }
        roles = [(row.code, EventRole.SUBJECT), (parent.code, EventRole.NEW_PARENT)]
        if old_parent is not None:
            roles.append((old_parent.code, EventRole.OLD_PARENT))
        self._repath(
            row, parent=parent, day=op.day, event=self._event(op, kind=EventKind.MOVED, details=details, roles=roles)
        )

    def _dissolve(self, op: Dissolve) -> None:
        row = self._live(op.code, day=op.day)
        if self.children.get(row.code):
            raise self._fail(f"{op.code} còn tổ chức trực thuộc, không giải thể được.")
        self._event(op, kind=EventKind.DISSOLVED, details={"name": row.name}, roles=[(row.code, EventRole.SUBJECT)])
        self._end(row, day=op.day)

    def _merge(self, op: Merge) -> None:
        if len(set(op.sources)) != len(op.sources) or len(op.sources) < (1 if op.target else 2):
            raise self._fail(f"danh sách hợp nhất {op.sources} không hợp lệ.")
        sources = [self._live(code, day=op.day) for code in op.sources]
        existing = self._live(op.target, day=op.day) if op.target else None
        parent = None
        if existing is None:
            if op.new_parent is None:
                raise self._fail("hợp nhất thành tổ chức mới cần cấp trên.")
            parent = self._parent(op.new_parent, day=op.day)
            self._check_kind(self.kinds[op.new_kind], day=op.day, parent=parent)
        names = [r.name for r in sources]
        event = self._event(
            op, kind=EventKind.MERGED, details={"sources": names}, roles=[(r.code, EventRole.SOURCE) for r in sources]
        )
        target = existing or self._new(
            code=op.new_code.upper(),
            name=nfc(op.new_name),
            kind=self.kinds[op.new_kind],
            parent=parent,
            day=op.day,
            event=event,
        )
        if any(target.path[: len(r.path)] == r.path for r in sources):
            raise self._fail(f"tổ chức tiếp nhận {target.code} nằm trong tổ chức bị hợp nhất.")
        event.details["target"] = target.name
        event.roles[(target.code, EventRole.TARGET)] = None
        moved: list[str] = []
        for source in sources:
            for child_code in list(self.children.get(source.code, {})):
                child = self.open[child_code]
                self._check_kind(child.kind, day=op.day, parent=target)
                self._repath(child, parent=target, day=op.day, event=event)
                moved.append(child_code)
            self._end(source, day=op.day)
        event.roles.update(dict.fromkeys((code, EventRole.CHILD) for code in moved))

    def _split(self, op: Split) -> None:
        row = self._live(op.code, day=op.day)
        if row.parent is None:
            raise self._fail("không chia tách được tổ chức gốc.")
        parent = self._parent(row.parent, day=op.day)
        children = set(self.children.get(row.code, {}))
        assigned = [c for p in op.parts for c in p.children]
        if len(op.parts) < 2 or set(assigned) != children or len(assigned) != len(children):
            raise self._fail(f"chia tách {op.code}: mọi tổ chức trực thuộc phải về đúng một tổ chức mới.")
        names = [nfc(p.name) for p in op.parts]
        event = self._event(
            op, kind=EventKind.SPLIT, details={"name": row.name, "parts": names}, roles=[(row.code, EventRole.SOURCE)]
        )
        for part, name in zip(op.parts, names, strict=True):
            kind = self.kinds[part.kind]
            self._check_kind(kind, day=op.day, parent=parent)
            new = self._new(code=part.code.upper(), name=name, kind=kind, parent=parent, day=op.day, event=event)
            event.roles[(new.code, EventRole.TARGET)] = None
            for child_code in part.children:
                child = self.open[child_code]
                self._check_kind(child.kind, day=op.day, parent=new)
                self._repath(child, parent=new, day=op.day, event=event)
                event.roles[(child_code, EventRole.CHILD)] = None
        self._end(row, day=op.day)


class BulkWriter:
    """Applies a plan chunk by chunk: simulate in memory, then a few ``bulk_create`` per chunk."""

    def __init__(self, *, actor: User, batch_size: int = BATCH_SIZE) -> None:
        self.actor = actor
        self.batch_size = batch_size
        self.kinds = {
            k.code: _Kind(k.code, k.pk, k.name, k.level.rank, k.valid_from, k.valid_to)
            for k in OrgKind.objects.select_related("level")
        }
        self.totals: Counter[str] = Counter()
        self._anchors: dict[str, _Row] = {}
        self._anchor_ids: dict[str, int] = {}

    def write(self, chunk: Chunk) -> None:
        sim = _Simulation(anchors=self._anchors, kinds=self.kinds)
        for op in chunk.ops:
            sim.apply(op)
        ids = self._flush(chunk, sim=sim)
        for code in chunk.keep:
            self._anchors[code] = sim.open[code]
            self._anchor_ids[code] = ids[code]

    def _flush(self, chunk: Chunk, *, sim: _Simulation) -> dict[str, int]:
        size = self.batch_size
        orgs = [Organization(code=o.code, created_on=o.created_on, ended_on=o.ended_on) for o in sim.orgs.values()]
        Organization.objects.bulk_create(orgs, batch_size=size)
        ids = dict(self._anchor_ids)
        ids.update((o.code, o.pk) for o in orgs)
        events = [
            OrgEvent(
                kind=e.kind,
                effective_date=e.day,
                decision_ref=e.ref,
                note=e.note,
                details=e.details,
                created_by_id=self.actor.pk,
            )
            for e in sim.events
        ]
        OrgEvent.objects.bulk_create(events, batch_size=size)
        for spec, event in zip(sim.events, events, strict=True):
            assert event.pk is not None  # bulk_create returns the keys on PostgreSQL and on SQLite ≥ 3.35
            spec.pk = event.pk
        paths: dict[tuple[str, ...], str] = {}

        def path_of(codes: tuple[str, ...]) -> str:
            if codes not in paths:
                paths[codes] = "/" + "".join(f"{ids[c]}/" for c in codes)
            return paths[codes]

        placements = [
            Placement(
                org_id=ids[r.code],
                parent_id=ids[r.parent] if r.parent else None,
                name=r.name,
                name_folded=fold(r.name),
                kind_id=r.kind.pk,
                path=path_of(r.path),
                depth=len(r.path) - 1,
                valid_from=r.valid_from,
                valid_to=r.valid_to,
                event_id=r.event.pk,
            )
            for r in sim.rows
            if not r.dropped and r.event is not None  # every row of the chunk has its event
        ]
        Placement.objects.bulk_create(placements, batch_size=size)
        roles = [OrgEventRole(event_id=e.pk, org_id=ids[code], role=role) for e in sim.events for code, role in e.roles]
        OrgEventRole.objects.bulk_create(roles, batch_size=size)
        by_kind = Counter(e.kind for e in sim.events)
        subject = next(r for r in sim.rows if r.code == chunk.subject)
        audit_record(
            actor=self.actor,
            action="org.bulk_load",
            obj=Organization(pk=ids[chunk.subject], code=chunk.subject),
            object_repr=subject.name,
            changes={
                "source": "demo_province",
                "organizations": len(orgs),
                "placements": len(placements),
                "events": dict(sorted(by_kind.items())),
            },
        )
        self.totals.update(organizations=len(orgs), placements=len(placements), events=len(events), roles=len(roles))
        return ids
