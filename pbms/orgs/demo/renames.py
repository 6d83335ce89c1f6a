"""Renames that keep sibling names apart after organisations change parent.

When communes merge on 01/7/2025 their cells follow, and two villages of different old communes
may both be "Chi bộ bản 1" under the new one. Real provinces rename them; the plan does the same:
a moved organisation whose name a sibling already bears is renamed that same day, after its old
parent ("Chi bộ bản 1 (xã Hoàng Định cũ)"), by a decision of its new parent's committee.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pbms.orgs.demo.ops import Create, Dissolve, Merge, Move, Op, Rename, Split

NOTE = "Đổi tên để phân biệt với tổ chức đảng trùng tên"
# the committee that decides on its subordinate organisations, by the parent's kind
_ISSUERS = {"provincial": "TU", "district": "HU", "town": "HU", "city": "HU"}


@dataclass(slots=True)
class _Node:
    name: str
    kind: str
    parent: str | None


class _Names:
    """The names and parents of a chunk's open organisations, as its operations are replayed."""

    def __init__(self) -> None:
        self.nodes: dict[str, _Node] = {}
        self.children: dict[str, dict[str, None]] = {}  # an ordered set per parent

    def add(self, code: str, *, name: str, kind: str, parent: str | None) -> None:
        self.nodes[code] = _Node(name=name, kind=kind, parent=parent)
        if parent is not None:
            self.children.setdefault(parent, {})[code] = None

    def reparent(self, code: str, *, parent: str) -> None:
        node = self.nodes[code]
        if node.parent is not None:
            self.children[node.parent].pop(code, None)
        node.parent = parent
        self.children.setdefault(parent, {})[code] = None

    def remove(self, code: str) -> None:
        node = self.nodes.pop(code)
        if node.parent is not None:
            self.children[node.parent].pop(code, None)

    def sibling_names(self, code: str, *, besides: set[str] | None = None) -> set[str]:
        """The names of ``code``'s siblings, leaving out itself and ``besides``."""
        parent = self.nodes[code].parent
        siblings = self.children.get(parent, {}) if parent is not None else {}
        left_out = {code} | (besides or set())
        return {self.nodes[c].name for c in siblings if c not in left_out}

    def apply(self, op: Op) -> list[tuple[str, str]]:
        """Replay ``op``; return the organisations it moved, each with its old parent's name."""
        moved: list[tuple[str, str]] = []

        def move(code: str, parent: str) -> None:
            old = self.nodes[code].parent
            moved.append((code, self.nodes[old].name if old in self.nodes else ""))
            self.reparent(code, parent=parent)

        match op:
            case Create():
                self.add(op.code, name=op.name, kind=op.kind, parent=op.parent)
            case Rename():
                node = self.nodes[op.code]
                node.name, node.kind = op.name, op.kind or node.kind
            case Move():
                move(op.code, op.new_parent)
            case Dissolve():
                self.remove(op.code)
            case Merge():
                target = op.target or op.new_code
                if op.target is None:
                    self.add(target, name=op.new_name, kind=op.new_kind, parent=op.new_parent)
                for source in op.sources:
                    for child in list(self.children.get(source, {})):
                        move(child, target)
                    self.remove(source)
            case Split():
                parent = self.nodes[op.code].parent
                for part in op.parts:
                    self.add(part.code, name=part.name, kind=part.kind, parent=parent)
                    for child in part.children:
                        move(child, part.code)
                self.remove(op.code)
        return moved


def _apart(name: str, *, old_parent: str, taken: set[str]) -> str:
    """From the old parent "Đảng bộ xã Hoàng Định": "Chi bộ bản 1 (xã Hoàng Định cũ)"."""
    where = old_parent.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")
    suffix = f"{where} cũ" if where else "chuyển đến"  # the old parent is in an earlier chunk (the root)
    candidate, n = f"{name} ({suffix})", 1
    while candidate in taken:  # two namesakes from the same old parent: number them
        n += 1
        candidate = f"{name} ({suffix}, {n})"
    return candidate


def rename_duplicates(ops: list[Op], *, rng: random.Random) -> list[Op]:
    """``ops`` with a rename, right after each change of parent, for every moved organisation whose
    name a new sibling already bears. The first of the namesakes keeps its name."""
    names = _Names()
    result: list[Op] = []
    for op in ops:
        result.append(op)
        ref = ""
        moved = names.apply(op)
        waiting = {code for code, _ in moved}  # moved by the same operation, and not looked at yet
        for code, old_parent in moved:
            waiting.discard(code)
            taken = names.sibling_names(code, besides=waiting)
            node = names.nodes[code]
            if node.name not in taken:
                continue
            assert node.parent is not None  # a moved organisation has a new parent
            if not ref:  # one decision renames every namesake the change brought together
                parent = names.nodes.get(node.parent)
                issuer = _ISSUERS.get(parent.kind if parent else "provincial", "ĐU")
                ref = f"{rng.randint(2, 60)}-QĐ/{issuer}"
            rename = Rename(code, _apart(node.name, old_parent=old_parent, taken=taken), None, op.day, ref, NOTE)
            names.apply(rename)
            result.append(rename)
    return result
