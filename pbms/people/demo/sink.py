"""``Sink``: one chunk's people and staffing, accumulated in memory and written in bulk (``rows``):
people in batches as they come, posts, terms and training at the end of the chunk with its audit row."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import connection

from pbms.accounts.models import User
from pbms.audit.services import audit_record
from pbms.orgs.models import Organization
from pbms.people.demo.leaders import PostSpec, TermSpec, TrainingSpec
from pbms.people.demo.people import PersonSpec
from pbms.people.demo.rows import Codes, write_people, write_staffing
from pbms.people.demo.tree import Org
from pbms.people.models import MembershipEvent


class Sink:
    """Buffers one chunk's rows and writes them in bulk; people in batches as they come."""

    def __init__(
        self,
        *,
        actor: User,
        codes: Codes,
        batch_size: int,
        totals: Counter[str],
        copy: bool,
        trainings_seen: set[tuple[int, str, str, dt.date]],
    ) -> None:
        self.actor = actor
        self.trainings_seen = trainings_seen  # shared by the chunks of one load (rows.write_staffing)
        self.copy = copy
        self.codes = codes
        self.batch_size = batch_size
        self.totals = totals
        self.counts: Counter[str] = Counter()
        self.pending: list[PersonSpec] = []
        self.queued: set[int] = set()
        self.posts: list[PostSpec] = []
        self.terms: list[TermSpec] = []
        self.trainings: list[TrainingSpec] = []

    @property
    def people_count(self) -> int:
        return len(self.pending) + self.counts["persons"]

    def add(self, people: Iterable[PersonSpec]) -> None:
        for person in people:
            if person.pk == 0 and id(person) not in self.queued:
                self.queued.add(id(person))
                self.pending.append(person)
        if len(self.pending) >= self.batch_size:
            self.flush_people()

    def flush_people(self) -> None:
        if not self.pending:
            return
        batch = self.pending
        self.pending = []
        self.queued.clear()
        written = write_people(batch, actor=self.actor, codes=self.codes, batch_size=self.batch_size, copy=self.copy)
        for p in batch:
            self._count(p)
            p.events, p.rows, p.quals = [], [], []  # keep memory to the batch: only the ids are needed now
        self.counts.update(written)
        connection.queries_log.clear()  # with DEBUG on, the log would keep every INSERT of the load

    def _count(self, person: PersonSpec) -> None:
        self.counts["persons"] += 1
        ended = next((e.kind for e in person.events if e.kind in MembershipEvent.ENDING), None)
        if ended is not None:
            self.counts[str(ended)] += 1
        elif person.official is not None:
            self.counts["official"] += 1
        else:
            self.counts["probationary"] += 1

    def finish(self, *, subject: Org) -> None:
        self.flush_people()
        self.counts.update(
            write_staffing(
                self.posts,
                self.terms,
                self.trainings,
                codes=self.codes,
                batch_size=self.batch_size,
                copy=self.copy,
                seen=self.trainings_seen,
            )
        )
        events = {k.removeprefix("event:"): n for k, n in sorted(self.counts.items()) if k.startswith("event:")}
        audit_record(
            actor=self.actor,
            action="people.bulk_load",
            obj=Organization(pk=subject.pk, code=subject.code),
            object_repr=subject.name,
            changes={
                "source": "demo_province",
                **{k: n for k, n in sorted(self.counts.items()) if not k.startswith("event:")},
                "events_by_kind": events,
            },
        )
        self.totals.update(self.counts)
        connection.queries_log.clear()
