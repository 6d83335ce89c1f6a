"""What the chunks of the demo's people share: the state carried from chunk to chunk (``ChunkPeople``:
the seed, the serial numbers, what the province's chunk needs from the districts'), the ordinary members
of every cell with their cells' secretaries, and a few helpers. ``district`` and ``province`` write the
two kinds of chunk; ``writer.DemoPeople`` is both."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from pbms.orgs.demo.names import UNIT_WORD
from pbms.people import rules
from pbms.people.demo.leaders import DEPUTY, SECRETARY, BodySpec, PostSpec, SeatSpec, TermSpec, may_sit
from pbms.people.demo.people import MemberFactory, PersonSpec, Serials, cell_category, day_between
from pbms.people.demo.profiles import province_home_code
from pbms.people.demo.sink import Sink
from pbms.people.demo.tree import ChunkTree, Org
from pbms.people.models import Body

TERM_2020 = "2020–2025"
TERM_2025 = "2025–2030"


@dataclass
class ProvinceCarry:
    """What the province's chunk needs from the districts' (a few people per district)."""

    district_secretaries: list[PostSpec] = field(default_factory=list)
    new_secretaries: list[PersonSpec] = field(default_factory=list)
    to_province: list[PersonSpec] = field(default_factory=list)
    homes: list[str] = field(default_factory=list)


@dataclass
class Candidates:
    """Members of a grassroots organisation fit for its committee: its cells' secretaries and a few more."""

    secretaries: list[PersonSpec] = field(default_factory=list)
    others: list[PersonSpec] = field(default_factory=list)


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split by ``weights`` into integers that add up to it (cumulative rounding)."""
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    out, running, given = [], 0.0, 0
    for w in weights:
        running += w
        upto = round(total * running / whole)
        out.append(upto - given)
        given = upto
    return out


def label(org: Org) -> str:
    return org.name.removeprefix("Đảng bộ ")


def place(unit: str) -> str:
    """ "huyện Đông Sơn" → "Đông Sơn"; "thành phố Cao Lập" → "Cao Lập"."""
    word = next((w for w in UNIT_WORD.values() if unit.startswith(f"{w} ")), "")
    return unit.removeprefix(f"{word} ") if word else unit


class ChunkPeople:
    """The state of a load shared by its chunks, and the members of a chunk's cells."""

    def __init__(self, *, seed: int, size: str) -> None:
        self.seed = seed
        self.size = size
        self._index = 0
        self._serials: Serials | None = None
        self._carry = ProvinceCarry()
        self._south: bool | None = None

    def _home_code(self, *, south: bool) -> str | None:
        """One province of birth for the small and province sizes; each district its own in ``national``."""
        if self._south is None:
            self._south = south
        if self.size == "national":
            return None
        return province_home_code(seed=self.seed, south=self._south)

    def _members(
        self,
        *,
        rng: random.Random,
        factory: MemberFactory,
        tree: ChunkTree,
        quota: int,
        grassroots: dict[int, Org | None],
        homes: dict[int, str],
        candidates: dict[int, Candidates],
        sink: Sink,
    ) -> tuple[list[TermSpec], list[PersonSpec]]:
        """The ordinary members, cell by cell (a village's cell is larger than an office's), and the
        secretary (and deputy, from ten members) each cell elected at its congress of spring 2020.

        A party post is a seat (``pbms.people.rules``, "party posts"): each chi bộ gets a term from its
        congress with the body of its bí thư and phó bí thư; the demo makes no chi ủy members, so that body
        stands for the chi ủy too. A đảng bộ bộ phận's secretary sits on its committee (đảng ủy bộ phận). A
        member organisation that is not a chi bộ (a đảng bộ cơ sở without cells) gets its secretary from
        its committee's term (``grassroots_term``). Returns the terms and the secretaries, in the order
        they were chosen (the training drawn for them follows it)."""
        cells = tree.member_cells
        weights = [rng.uniform(2.0, 5.0) if c.is_residential else rng.uniform(0.5, 1.5) for c in cells]
        quota = max(0, quota)
        if quota >= 3 * len(cells):  # a chi bộ has at least three members
            counts = [3 + n for n in allocate(quota - 3 * len(cells), weights)]
        else:
            counts = allocate(quota, weights)
        terms: list[TermSpec] = []
        chosen: list[PersonSpec] = []
        subs_done: set[int] = set()
        for cell, count in zip(cells, counts, strict=True):
            home_org = grassroots[cell.pk]
            category = cell_category(cell, home_org)
            home = homes.get(home_org.pk) if home_org is not None else None
            members = [factory.member(cell, category, home=home) for _ in range(count)]
            congress = day_between(rng, dt.date(2020, 3, 1), dt.date(2020, 4, 30))
            fit = [m for m in members if may_sit(m, congress) and m.first_cell == cell.pk]
            if fit:
                elected = [fit[0], *(fit[1:2] if count >= 10 else [])]
                chosen.extend(elected)
                if rules.is_chi_bo(level_code=cell.first.level, kind_code=cell.first.kind):
                    body = BodySpec(Body.Kind.CELL_SECRETARIES)
                    for person, role in zip(elected, (SECRETARY, DEPUTY), strict=False):
                        body.seats.append(SeatSpec(person, role, congress, cell.ended_on))
                    terms.append(TermSpec(cell.pk, TERM_2020, congress, cell.ended_on, [body]))
                if home_org is not None:
                    pool = candidates[home_org.pk]
                    pool.secretaries.append(fit[0])
                    pool.others.extend(fit[2 : 2 + max(0, 6 - len(pool.others))])
                parent = cell.first.parent
                sub = tree.by_pk.get(parent) if parent is not None else None
                if sub is not None and sub.first.level == "sub_committee" and sub.pk not in subs_done and len(fit) > 2:
                    subs_done.add(sub.pk)
                    chosen.append(fit[2])
                    seat = SeatSpec(fit[2], SECRETARY, congress, sub.ended_on)
                    committee = BodySpec(Body.Kind.COMMITTEE, seats=[seat])
                    terms.append(TermSpec(sub.pk, TERM_2020, congress, sub.ended_on, [committee]))
            sink.add(members)
        return terms, chosen
