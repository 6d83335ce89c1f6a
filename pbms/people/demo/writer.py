"""``DemoPeople``: the people of the demo province, written in bulk after each chunk of the tree.

``pbms.orgs.demo.load_demo_province`` calls ``chunk_written`` once the tree writer has written a chunk
(one level-2 committee, or the province's direct committees last). The chunk's organisations are read
back, its people generated with a random stream of their own (seed and chunk), and written with a few
``bulk_create`` per batch of people; memory holds one batch, the chunk's leaders and the few members
chosen for posts and seats, never the province. One audit row per chunk.

The work is split by responsibility:

- ``district`` and ``province``: the people of the two kinds of chunk; ``base``: what they share (the
  state carried from chunk to chunk, the members of every cell);
- ``sink``: one chunk's rows accumulated in memory, written batch by batch, the chunk's audit row;
- ``rows``: the model rows built from the specs; ``bulk``: their insertion, ``bulk_create`` or
  PostgreSQL's ``COPY`` with keys reserved from the tables' sequences.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter

from django.db import connection

from pbms.accounts.models import User
from pbms.lib.text import nfc
from pbms.orgs.demo import Chunk, DemoError, DemoPlan
from pbms.people.demo.base import allocate
from pbms.people.demo.district import DistrictPeople
from pbms.people.demo.people import Serials
from pbms.people.demo.province import ProvincePeople
from pbms.people.demo.rows import Codes
from pbms.people.demo.sink import Sink
from pbms.people.demo.tree import ChunkTree, chunk_codes
from pbms.people.models import Person

BATCH_SIZE = 2000
# Party members by size when --members is not given: a few thousand for `make run`, a real province,
# and the whole country (5.5 million members in 2025) for the benchmarks.
MEMBERS_BY_SIZE = {"small": 4_000, "province": 100_000, "national": 5_500_000}
DIRECT_CHUNK_WEIGHT = 2.0  # the province's direct committees hold about as many members as two districts


def _weights(seed: int, chunk_count: int) -> list[int]:
    """Integer weights of the chunks' shares of members: none for the root, 0.6–1.5 for each district
    (districts differ in size), ``DIRECT_CHUNK_WEIGHT`` for the direct committees, in thousandths."""
    weights = [0]
    for index in range(2, chunk_count):
        rng = random.Random(f"{seed}/people/weight/{index}")  # noqa: S311 - synthetic data, not secrets
        weights.append(round(rng.uniform(0.6, 1.5) * 1000))
    weights.append(round(DIRECT_CHUNK_WEIGHT * 1000))
    return weights[:chunk_count]


class DemoPeople(DistrictPeople, ProvincePeople):
    """The listener of ``load_demo_province`` that writes the demo's people after each chunk."""

    def __init__(
        self,
        *,
        seed: int,
        size: str,
        members: int | None = None,
        batch_size: int = BATCH_SIZE,
        copy: bool | None = None,
    ) -> None:
        """``copy``: write with PostgreSQL's COPY (the default on PostgreSQL) rather than ``bulk_create``."""
        if members is not None and members < 0:
            raise DemoError("Số đảng viên (--members) phải là số không âm.")
        super().__init__(seed=seed, size=size)
        self.members = MEMBERS_BY_SIZE.get(size, 0) if members is None else members
        self.batch_size = batch_size
        self.copy = copy
        self.totals: Counter[str] = Counter()
        self.seconds = 0.0
        self._codes: Codes | None = None
        self._trainings_seen: set[tuple[int, str, str, dt.date]] = set()  # one course per key, across chunks
        self._quotas: list[int] = []

    # -- the listener

    def chunk_written(self, *, actor: User, plan: DemoPlan, chunk: Chunk) -> None:
        started = time.perf_counter()
        self._index += 1
        if self._index == 1:
            if Person.objects.exists():
                raise DemoError(
                    "Cơ sở dữ liệu đã có hồ sơ cán bộ, đảng viên; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống."
                )
            self._codes = Codes()
            self._serials = Serials(seed=self.seed, letters=_letters(plan.province))
        quota = self._quota(plan)
        if self.members == 0:
            return
        tree = ChunkTree.load(chunk_codes(chunk))
        if not tree.member_cells:
            return  # the root: its people come with the province's agencies, in the last chunk
        assert self._codes is not None
        copy = connection.vendor == "postgresql" if self.copy is None else self.copy
        sink = Sink(
            actor=actor,
            codes=self._codes,
            batch_size=self.batch_size,
            totals=self.totals,
            copy=copy,
            trainings_seen=self._trainings_seen,
        )
        subject = tree.get(chunk.subject.upper())
        if subject.first.kind == "direct_committee":
            self._province(plan=plan, tree=tree, chunk=chunk, quota=quota, sink=sink)
        else:
            self._district(plan=plan, tree=tree, chunk=chunk, quota=quota, sink=sink, subject=subject)
        sink.finish(subject=subject)
        self.seconds += time.perf_counter() - started

    def _quota(self, plan: DemoPlan) -> int:
        if not self._quotas:
            self._quotas = allocate(self.members, _weights(self.seed, plan.chunk_count))
        return self._quotas[self._index - 1]


def _letters(province: str) -> str:
    """ "Bình An" → "BA": the letters after the six digits of a số lý lịch."""
    letters = "".join(word[0] for word in nfc(province).split() if word[0].isalpha()).upper()
    return letters[:3] or "T"
