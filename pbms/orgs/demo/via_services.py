"""``ServiceWriter``: the reference writer, operation by operation through ``pbms.orgs.services``."""

from __future__ import annotations

from pbms.accounts.models import User
from pbms.orgs import services
from pbms.orgs.demo.ops import Chunk, Create, Dissolve, Merge, Move, Op, Rename, Split
from pbms.orgs.models import Organization, OrgKind


class ServiceWriter:
    """Applies a plan through ``pbms.orgs.services``: the reference semantics."""

    def __init__(self, *, actor: User) -> None:
        self.actor = actor
        self.kinds = {k.code: k for k in OrgKind.objects.select_related("level")}
        self._orgs: dict[str, Organization] = {}

    def _org(self, code: str) -> Organization:
        if code not in self._orgs:
            self._orgs[code] = Organization.objects.get(code=code)
        return self._orgs[code]

    def write(self, chunk: Chunk) -> None:
        for op in chunk.ops:
            self.apply(op)

    def apply(self, op: Op) -> None:
        actor = self.actor
        match op:
            case Create():
                self._orgs[op.code] = services.org_create(
                    actor=actor,
                    code=op.code,
                    name=op.name,
                    kind=self.kinds[op.kind],
                    parent=self._org(op.parent) if op.parent else None,
                    effective_date=op.day,
                    decision_ref=op.ref,
                    note=op.note,
                )
            case Rename():
                services.org_rename(
                    actor=actor,
                    org=self._org(op.code),
                    name=op.name,
                    kind=self.kinds[op.kind] if op.kind else None,
                    effective_date=op.day,
                    decision_ref=op.ref,
                    note=op.note,
                )
            case Move():
                services.org_move(
                    actor=actor,
                    org=self._org(op.code),
                    new_parent=self._org(op.new_parent),
                    effective_date=op.day,
                    decision_ref=op.ref,
                    note=op.note,
                )
            case Dissolve():
                services.org_dissolve(
                    actor=actor, org=self._org(op.code), effective_date=op.day, decision_ref=op.ref, note=op.note
                )
            case Merge():
                merged = services.org_merge(
                    actor=actor,
                    sources=[self._org(code) for code in op.sources],
                    effective_date=op.day,
                    decision_ref=op.ref,
                    target=self._org(op.target) if op.target else None,
                    new_code=op.new_code,
                    new_name=op.new_name,
                    new_kind=self.kinds[op.new_kind] if op.new_kind else None,
                    new_parent=self._org(op.new_parent) if op.new_parent else None,
                    note=op.note,
                )
                self._orgs[merged.code] = merged
            case Split():
                parts = [
                    services.SplitPart(
                        name=p.name, kind=self.kinds[p.kind], code=p.code, children=[self._org(c) for c in p.children]
                    )
                    for p in op.parts
                ]
                created = services.org_split(
                    actor=actor,
                    org=self._org(op.code),
                    parts=parts,
                    effective_date=op.day,
                    decision_ref=op.ref,
                    note=op.note,
                )
                self._orgs.update((org.code, org) for org in created)
