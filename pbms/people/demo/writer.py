"""``DemoPeople``: the people of the demo province, written in bulk after each chunk of the tree.

``pbms.orgs.demo.load_demo_province`` calls ``chunk_written`` once the tree writer has written a chunk
(one level-2 committee, or the province's direct committees last). The chunk's organisations are read
back, its people generated with a random stream of their own (seed and chunk), and written with a few
``bulk_create`` per batch of people; memory holds one batch, the chunk's leaders and the few members
chosen for posts and seats, never the province. One audit row per chunk.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from pbms.accounts.models import User
from pbms.audit.services import audit_record
from pbms.lib.text import fold, nfc
from pbms.orgs.demo import RESTRUCTURING, ROOT_CODE, START, Chunk, DemoError, DemoPlan, Merge
from pbms.orgs.demo.names import COMMITTEE_WORD, UNIT_WORD
from pbms.orgs.models import Organization
from pbms.people.demo.leaders import (
    BTV_TPP,
    CHAIR,
    DEPUTY,
    DEPUTY_CHAIR,
    MEMBER,
    SECRETARY,
    STANDING,
    BodySpec,
    Post,
    PostSpec,
    SeatSource,
    Slot,
    Staffing,
    TermSpec,
    TrainingSpec,
    agency_name,
    agency_posts,
    as_role,
    committee_posts,
    commune_posts,
    district_posts,
    grassroots_term,
    may_sit,
    new_commune_posts,
    own_seats,
    party_body,
    province_posts,
    term_bodies,
    trainings,
)
from pbms.people.demo.people import MemberFactory, PersonSpec, Serials, cell_category, day_between
from pbms.people.demo.profiles import Profile, district_profile, province_home_code, province_profile
from pbms.people.demo.tree import ChunkTree, Org, chunk_codes
from pbms.people.models import (
    Body,
    BodyMembership,
    CellMembership,
    Code,
    ManagementCategory,
    Membership,
    MembershipEvent,
    Person,
    Position,
    Qualification,
    Term,
    Training,
    TrainingCategory,
)

BATCH_SIZE = 2000
# Party members by size when --members is not given: a few thousand for `make run`, a real province,
# and the whole country (5.5 million members in 2025) for the benchmarks.
MEMBERS_BY_SIZE = {"small": 4_000, "province": 100_000, "national": 5_500_000}
DIRECT_CHUNK_WEIGHT = 2.0  # the province's direct committees hold about as many members as two districts
TERM_2020 = "2020–2025"
TERM_2025 = "2025–2030"
EventKind = MembershipEvent.Kind


@dataclass
class _ProvinceCarry:
    """What the province's chunk needs from the districts' (a few people per district)."""

    district_secretaries: list[PostSpec] = field(default_factory=list)
    new_secretaries: list[PersonSpec] = field(default_factory=list)
    to_province: list[PersonSpec] = field(default_factory=list)
    homes: list[str] = field(default_factory=list)


@dataclass
class _Candidates:
    """Members of a grassroots organisation fit for its committee: its cells' secretaries and a few more."""

    secretaries: list[PersonSpec] = field(default_factory=list)
    others: list[PersonSpec] = field(default_factory=list)


class _Codes:
    def __init__(self) -> None:
        self.levels = {(c.list, c.code): c.pk for c in Code.objects.all()}
        self.categories = dict(ManagementCategory.objects.values_list("code", "pk"))
        self.trainings = dict(TrainingCategory.objects.values_list("code", "pk"))
        missing = [c for c in ("btv-tinh-uy", "truong-pho-phong", "lanh-dao-cap-xa") if c not in self.categories]
        missing += [c for c in ("xay-dung-dang", "lanh-dao-quan-ly", "chuc-danh-cap-xa") if c not in self.trainings]
        missing += [f"{k}/{c}" for k, c in (("ethnicity", "01"), ("religion", "00")) if (k, c) not in self.levels]
        if missing:
            raise DemoError(f"Thiếu danh mục cần cho dữ liệu mẫu: {', '.join(missing)}.")


def _bulk(objs: Sequence[Model], *, batch_size: int, copy: bool, ids: bool = False) -> None:
    """Insert ``objs``: ``bulk_create``, or on PostgreSQL ``COPY`` (``copy``), several times faster for
    the large tables: no statement to compile and parse, the same rows. With ``ids`` the objects get
    their keys (``bulk_create`` returns them; for ``COPY`` they are reserved from the table's sequence
    first)."""
    if not objs:
        return
    model = type(objs[0])
    if not copy:
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objs)],
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
            fields = [meta.pk, *fields]
        names = [f.attname for f in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as out:
            for obj in objs:
                out.write_row([now if name in stamped else getattr(obj, name) for name in names])


class _Sink:
    """Buffers one chunk's rows and writes them in bulk; people in batches as they come."""

    def __init__(self, *, actor: User, codes: _Codes, batch_size: int, totals: Counter[str], copy: bool) -> None:
        self.actor = actor
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
        size, codes, batch = self.batch_size, self.codes, self.pending
        self.pending = []
        self.queued.clear()
        persons = [
            Person(
                family_name=p.name.family,
                middle_name=p.name.middle,
                given_name=p.name.given,
                name_folded=fold(p.name.full),
                gender=p.gender,
                birth_date=p.birth,
                cccd=p.cccd,
                place_of_origin=p.origin,
                ethnicity_id=codes.levels[("ethnicity", p.ethnicity)],
                religion_id=codes.levels[("religion", p.religion)],
            )
            for p in batch
        ]
        _bulk(persons, batch_size=size, copy=self.copy, ids=True)
        for spec, person in zip(batch, persons, strict=True):
            assert person.pk is not None  # bulk_create returns keys on PostgreSQL and SQLite ≥ 3.35
            spec.pk = person.pk
        memberships = [
            Membership(
                person_id=p.pk,
                party_file_no=p.file_no,
                card_no=p.card_no,
                admitted_on=p.admitted,
                official_on=p.official,
            )
            for p in batch
        ]
        _bulk(memberships, batch_size=size, copy=self.copy, ids=True)
        for spec, membership in zip(batch, memberships, strict=True):
            assert membership.pk is not None
            spec.membership_pk = membership.pk
        events = [
            MembershipEvent(
                membership_id=p.membership_pk,
                kind=e.kind,
                date=e.day,
                decision_ref=e.ref,
                cell_id=e.cell,
                note=e.note,
                created_by_id=self.actor.pk,
            )
            for p in batch
            for e in p.events
        ]
        _bulk(events, batch_size=size, copy=self.copy)
        rows = [
            (
                p,
                CellMembership(
                    membership_id=p.membership_pk, cell_id=r.cell, valid_from=r.valid_from, valid_to=r.valid_to
                ),
            )
            for p in batch
            for r in p.rows
        ]
        _bulk([row for _, row in rows], batch_size=size, copy=self.copy, ids=True)
        for spec, row in rows:
            if row.valid_to is None:
                assert row.pk is not None
                spec.open_row_pk = row.pk
        quals = [
            Qualification(
                person_id=p.pk,
                kind=q.kind,
                level_id=codes.levels[(q.kind, q.level)],
                obtained_on=q.obtained_on,
                field=q.field,
            )
            for p in batch
            for q in p.quals
        ]
        _bulk(quals, batch_size=size, copy=self.copy)
        for p in batch:
            self._count(p)
            p.events, p.rows, p.quals = [], [], []  # keep memory to the batch: only the ids are needed now
        self.counts.update(events=len(events), cell_rows=len(rows), qualifications=len(quals))
        self.counts.update(f"event:{e.kind}" for e in events)
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
        size, codes = self.batch_size, self.codes
        positions = [
            Position(
                person_id=s.person.pk,
                org_id=s.org,
                title=s.post.title,
                is_head=s.post.is_head,
                valid_from=s.valid_from,
                valid_to=s.valid_to,
            )
            for s in self.posts
        ]
        _bulk(positions, batch_size=size, copy=self.copy, ids=True)
        through = Position.categories.through
        links = [
            through(position_id=position.pk, managementcategory_id=codes.categories[code])
            for spec, position in zip(self.posts, positions, strict=True)
            for code in spec.post.categories
        ]
        _bulk(links, batch_size=size, copy=self.copy)
        terms = [Term(org_id=t.org, name=t.name, starts_on=t.starts_on, ends_on=t.ends_on) for t in self.terms]
        _bulk(terms, batch_size=size, copy=self.copy, ids=True)
        bodies = [
            (spec, Body(term_id=term.pk, kind=spec.kind, name=spec.name))
            for t, term in zip(self.terms, terms, strict=True)
            for spec in t.bodies
        ]
        _bulk([body for _, body in bodies], batch_size=size, copy=self.copy, ids=True)
        seats = [
            BodyMembership(
                body_id=body.pk, person_id=s.person.pk, role=s.role, valid_from=s.valid_from, valid_to=s.valid_to
            )
            for spec, body in bodies
            for s in spec.seats
        ]
        _bulk(seats, batch_size=size, copy=self.copy)
        courses = [
            Training(
                person_id=t.person.pk,
                course=t.course,
                category_id=codes.trainings[t.category],
                starts_on=t.starts_on,
                ends_on=t.ends_on,
                completed=t.completed,
                provider=t.provider,
            )
            for t in self.trainings
        ]
        _bulk(courses, batch_size=size, copy=self.copy)
        self.counts.update(
            positions=len(positions), terms=len(terms), bodies=len(bodies), seats=len(seats), trainings=len(courses)
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


def _weights(seed: int, chunk_count: int) -> list[int]:
    """Integer weights of the chunks' shares of members: none for the root, 0.6–1.5 for each district
    (districts differ in size), ``DIRECT_CHUNK_WEIGHT`` for the direct committees, in thousandths."""
    weights = [0]
    for index in range(2, chunk_count):
        rng = random.Random(f"{seed}/people/weight/{index}")  # noqa: S311 - synthetic data, not secrets
        weights.append(round(rng.uniform(0.6, 1.5) * 1000))
    weights.append(round(DIRECT_CHUNK_WEIGHT * 1000))
    return weights[:chunk_count]


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
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


def _label(org: Org) -> str:
    return org.name.removeprefix("Đảng bộ ")


def _place(unit: str) -> str:
    """ "huyện Đông Sơn" → "Đông Sơn"; "thành phố Cao Lập" → "Cao Lập"."""
    word = next((w for w in UNIT_WORD.values() if unit.startswith(f"{w} ")), "")
    return unit.removeprefix(f"{word} ") if word else unit


class DemoPeople:
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
        self.seed = seed
        self.size = size
        self.members = MEMBERS_BY_SIZE.get(size, 0) if members is None else members
        self.batch_size = batch_size
        self.copy = copy
        self.totals: Counter[str] = Counter()
        self.seconds = 0.0
        self._index = 0
        self._codes: _Codes | None = None
        self._serials: Serials | None = None
        self._carry = _ProvinceCarry()
        self._south: bool | None = None
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
            self._codes = _Codes()
            self._serials = Serials(seed=self.seed, letters=_letters(plan.province))
        quota = self._quota(plan)
        if self.members == 0:
            return
        tree = ChunkTree.load(chunk_codes(chunk))
        if not tree.member_cells:
            return  # the root: its people come with the province's agencies, in the last chunk
        assert self._codes is not None
        copy = connection.vendor == "postgresql" if self.copy is None else self.copy
        sink = _Sink(actor=actor, codes=self._codes, batch_size=self.batch_size, totals=self.totals, copy=copy)
        subject = tree.get(chunk.subject.upper())
        if subject.first.kind == "direct_committee":
            self._province(plan=plan, tree=tree, chunk=chunk, quota=quota, sink=sink)
        else:
            self._district(plan=plan, tree=tree, chunk=chunk, quota=quota, sink=sink, subject=subject)
        sink.finish(subject=subject)
        self.seconds += time.perf_counter() - started

    def _quota(self, plan: DemoPlan) -> int:
        if not self._quotas:
            self._quotas = _allocate(self.members, _weights(self.seed, plan.chunk_count))
        return self._quotas[self._index - 1]

    def _home_code(self, *, south: bool) -> str | None:
        """One province of birth for the small and province sizes; each district its own in ``national``."""
        if self._south is None:
            self._south = south
        if self.size == "national":
            return None
        return province_home_code(seed=self.seed, south=self._south)

    # -- a district, 2020 → 30/6/2025, and the new communes that take it over

    def _district(
        self, *, plan: DemoPlan, tree: ChunkTree, chunk: Chunk, quota: int, sink: _Sink, subject: Org
    ) -> None:
        assert self._serials is not None
        seed = self.seed
        district = subject
        south = tree.is_southern()
        profile = district_profile(
            seed=seed,
            code=district.code,
            index=self._index - 2,
            south=south,
            upland=tree.is_upland(),
            home_code=self._home_code(south=south),
        )
        rng = random.Random(f"{seed}/people/{district.code}")  # noqa: S311 - synthetic data, not secrets
        merges = [op for op in chunk.ops if isinstance(op, Merge) and op.new_code]
        old_communes = [tree.get(code.upper()) for m in merges for code in m.sources]
        new_of = {code.upper(): m.new_code.upper() for m in merges for code in m.sources}
        new_communes = [tree.get(m.new_code.upper()) for m in merges]
        unit = _label(district)
        province = f"{plan.word} {plan.province}"
        homes = {c.pk: f"{_label(c)}, {unit}, {province}" for c in old_communes}
        self._carry.homes.extend(list(homes.values())[:5])
        factory = MemberFactory(
            rng=rng, profile=profile, serials=self._serials, tree=tree, homes=list(homes.values()), issuer="HU"
        )
        staffing = Staffing(factory=factory, profile=profile, commune_women=rng.uniform(0.12, 0.3))
        grassroots = {c.pk: tree.grassroots_of(c, START) for c in tree.member_cells}
        commune_pks = {c.pk for c in old_communes}
        agency_cells = [
            c for c in tree.member_cells if c.ended_on is None and (g := grassroots[c.pk]) and g.pk not in commune_pks
        ]
        office_cells = [
            c
            for c in agency_cells
            if (g := grassroots[c.pk]) and g.name.startswith(("Đảng bộ Cơ quan", "Đảng bộ Khối"))
        ]
        leader_cells = office_cells or agency_cells or tree.member_cells

        # leaders: the district's, then each old commune's, until 01/7/2025
        kind = district.first.kind
        cu = f"{COMMITTEE_WORD.get(kind, 'Huyện ủy')} {_place(unit)}"  # "Huyện ủy Đông Sơn"
        slots: list[Slot] = [
            (post, district.pk, leader_cells) for post in district_posts(cu=cu, unit=unit, city=kind == "city")
        ]
        district_specs = staffing.fill(slots, valid_to=RESTRUCTURING)
        commune_slots: list[Slot] = []
        for commune in old_communes:
            cells = [c for c in tree.member_cells if grassroots[c.pk] is commune and c.ended_on is None]
            office = [c for c in cells if "Cơ quan" in c.name] or cells or leader_cells
            commune_slots.extend((post, commune.pk, office[:1]) for post in commune_posts(_label(commune)))
        commune_specs = staffing.fill(commune_slots, valid_to=RESTRUCTURING)
        sink.add(s.person for s in (*district_specs, *commune_specs))
        self._carry.district_secretaries.extend(s for s in district_specs if s.post.is_head)

        # 01/7/2025: the district's leaders and the communes' take the new communes' posts
        new_specs = self._new_communes(
            rng=rng,
            staffing=staffing,
            tree=tree,
            new_communes=new_communes,
            district_specs=district_specs,
            commune_specs=commune_specs,
            sink=sink,
        )

        # members, cell by cell, and the secretaries of the cells
        candidates: dict[int, _Candidates] = defaultdict(_Candidates)
        cell_specs = self._members(
            rng=rng,
            factory=factory,
            tree=tree,
            quota=quota - sink.people_count,
            grassroots=grassroots,
            homes=homes,
            candidates=candidates,
            sink=sink,
        )

        # terms and bodies
        terms: list[TermSpec] = []
        congress = day_between(rng, dt.date(2020, 7, 1), dt.date(2020, 8, 15))
        heads = [s for s in commune_specs if s.post.is_head]
        agencies = [g for g in tree.children(district, START) if g.pk not in commune_pks]
        agency_secretaries = [candidates[g.pk].secretaries[0] for g in agencies if candidates[g.pk].secretaries]
        agency_others = [p for g in agencies for p in candidates[g.pk].others[:1]]
        terms.append(
            term_bodies(
                org=district.pk,
                name=TERM_2020,
                starts_on=congress,
                ends_on=RESTRUCTURING,
                seats=own_seats(district_specs) + as_role(heads, MEMBER),
                members=agency_secretaries[:8],
                inspectors=agency_others[:3],
            )
        )
        for commune in old_communes:
            found = candidates[commune.pk]
            terms.append(
                term_bodies(
                    org=commune.pk,
                    name=TERM_2020,
                    starts_on=day_between(rng, dt.date(2020, 4, 15), dt.date(2020, 6, 15)),
                    ends_on=commune.ended_on,
                    seats=own_seats(s for s in commune_specs if s.org == commune.pk),
                    members=found.secretaries[:8],
                    inspectors=found.others[:2],
                )
            )
        for agency in agencies:
            if agency.first.kind == "grassroots_committee":
                found = candidates[agency.pk]
                term = grassroots_term(
                    org=agency,
                    starts_on=day_between(rng, dt.date(2020, 4, 1), dt.date(2020, 6, 15)),
                    secretaries=found.secretaries,
                    others=found.others,
                    rng=rng,
                )
                if term is not None:
                    terms.append(term)
        for new in new_communes:
            olds = [c for c in old_communes if new_of[c.code] == new.code]
            terms.append(
                term_bodies(
                    org=new.pk,
                    name=TERM_2025,
                    starts_on=RESTRUCTURING,
                    ends_on=None,
                    seats=own_seats(s for s in new_specs if s.org == new.pk),
                    members=[p for c in olds for p in candidates[c.pk].secretaries[:4]],
                    inspectors=[p for c in olds for p in candidates[c.pk].others[2:3]],
                )
            )
        sink.terms.extend(terms)
        posts = [*district_specs, *commune_specs, *new_specs]
        sink.posts.extend(posts)
        sink.posts.extend(cell_specs)
        seated = [seat.person for t in terms for b in t.bodies for seat in b.seats]
        sink.trainings.extend(
            trainings(
                rng,
                committee_people=[*seated, *(s.person for s in cell_specs)],
                posts=posts,
                coverage=profile.training,
                provider=(f"Trung tâm Chính trị {unit}", f"Trường Chính trị {province}"),
            )
        )

    def _new_communes(
        self,
        *,
        rng: random.Random,
        staffing: Staffing,
        tree: ChunkTree,
        new_communes: list[Org],
        district_specs: list[PostSpec],
        commune_specs: list[PostSpec],
        sink: _Sink,
    ) -> list[PostSpec]:
        last_day = RESTRUCTURING - dt.timedelta(days=1)

        def pool(specs: Iterable[PostSpec]) -> list[PersonSpec]:
            found = [s.person for s in specs if s.holds_on(last_day) and s.person.age_on(RESTRUCTURING) <= 58]
            rng.shuffle(found)
            return found

        pools = {
            "top": pool(s for s in district_specs if s.post.group == "top"),
            "dept": pool(s for s in district_specs if s.post.group == "dept"),
            "commune": pool(commune_specs),
        }
        order = {"top": ("top", "dept", "commune"), "dept": ("dept", "commune", "top"), "commune": ("commune", "dept")}
        # two of the district's department heads go to the province's departments
        for person in [p for p in pools["dept"] if p.age_on(RESTRUCTURING) <= 55][:2]:
            pools["dept"].remove(person)
            self._carry.to_province.append(person)
        found: list[PostSpec] = []
        member_cells = {c.pk for c in tree.member_cells}
        for new in new_communes:
            cells = [c for c in tree.children(new, RESTRUCTURING) if c.pk in member_cells and c.ended_on is None]
            for post in new_commune_posts(_label(new), ward=new.first.kind == "ward"):
                source = next((pools[name] for name in order[post.group] if pools[name]), None)
                if source is not None:
                    person = source.pop()
                else:  # a small district runs out of cadres: someone from the new commune's cells
                    person = staffing.leader(
                        post,
                        female=rng.random() < 0.3,
                        young=False,
                        masters=False,
                        univ=True,
                        theory=True,
                        schooled=True,
                        cell=rng.choice(cells or tree.member_cells),
                    )
                    sink.add([person])
                found.append(PostSpec(person, post, new.pk, RESTRUCTURING, None))
                if post.is_head and new is new_communes[0]:
                    self._carry.new_secretaries.append(person)
        return found

    def _members(
        self,
        *,
        rng: random.Random,
        factory: MemberFactory,
        tree: ChunkTree,
        quota: int,
        grassroots: dict[int, Org | None],
        homes: dict[int, str],
        candidates: dict[int, _Candidates],
        sink: _Sink,
    ) -> list[PostSpec]:
        """The ordinary members, cell by cell (a village's cell is larger than an office's), and the
        secretary (and deputy, from ten members) each cell elected at its congress of spring 2020."""
        cells = tree.member_cells
        weights = [rng.uniform(2.0, 5.0) if c.is_residential else rng.uniform(0.5, 1.5) for c in cells]
        quota = max(0, quota)
        if quota >= 3 * len(cells):  # a chi bộ has at least three members
            counts = [3 + n for n in _allocate(quota - 3 * len(cells), weights)]
        else:
            counts = _allocate(quota, weights)
        found: list[PostSpec] = []
        subs_done: set[int] = set()
        for cell, count in zip(cells, counts, strict=True):
            home_org = grassroots[cell.pk]
            category = cell_category(cell, home_org)
            home = homes.get(home_org.pk) if home_org is not None else None
            members = [factory.member(cell, category, home=home) for _ in range(count)]
            congress = day_between(rng, dt.date(2020, 3, 1), dt.date(2020, 4, 30))
            fit = [m for m in members if may_sit(m, congress) and m.first_cell == cell.pk]
            if fit:
                found.append(
                    PostSpec(fit[0], Post(f"Bí thư {cell.name}", (), "cell", is_head=True), cell.pk, congress, None)
                )
                if count >= 10 and len(fit) > 1:
                    found.append(PostSpec(fit[1], Post(f"Phó Bí thư {cell.name}", (), "cell"), cell.pk, congress, None))
                if home_org is not None:
                    pool = candidates[home_org.pk]
                    pool.secretaries.append(fit[0])
                    pool.others.extend(fit[2 : 2 + max(0, 6 - len(pool.others))])
                parent = cell.first.parent
                sub = tree.by_pk.get(parent) if parent is not None else None
                if sub is not None and sub.first.level == "sub_committee" and sub.pk not in subs_done and len(fit) > 2:
                    subs_done.add(sub.pk)
                    found.append(
                        PostSpec(fit[2], Post(f"Bí thư {sub.name}", (), "cell", is_head=True), sub.pk, congress, None)
                    )
            sink.add(members)
        return found

    # -- the province: its own leaders and agencies, the direct committees, the provincial committee

    def _province(self, *, plan: DemoPlan, tree: ChunkTree, chunk: Chunk, quota: int, sink: _Sink) -> None:
        assert self._serials is not None
        seed = self.seed
        south = bool(self._south)
        home = self._home_code(south=south) or province_home_code(seed=seed, south=south)
        profile: Profile = province_profile(seed=seed, south=south, home_code=home)
        rng = random.Random(f"{seed}/people/province")  # noqa: S311 - synthetic data, not secrets
        homes = self._carry.homes or [f"{plan.word} {plan.province}"]
        factory = MemberFactory(rng=rng, profile=profile, serials=self._serials, tree=tree, homes=homes, issuer="ĐU")
        staffing = Staffing(factory=factory, profile=profile, commune_women=0.2)
        root_pk = Organization.objects.values_list("pk", flat=True).get(code=ROOT_CODE)
        province = f"{plan.word} {plan.province}"
        committees = sorted(
            (o for o in tree.by_code.values() if o.first.kind == "direct_committee" and o.first.parent == root_pk),
            key=lambda o: o.code,
        )
        old = [c for c in committees if c.created_on == START]  # bloc of agencies, of enterprises, military
        new = [c for c in committees if c.created_on != START]  # from 01/7/2025
        grassroots = {c.pk: tree.grassroots_of(c, START) for c in tree.member_cells}
        cells_of: dict[int, list[Org]] = defaultdict(list)
        for cell in tree.member_cells:
            if (g := grassroots[cell.pk]) is not None and cell.ended_on is None:
                cells_of[g.pk].append(cell)
        units = {c.pk: tree.children(c, START) for c in old}
        if len(old) < 3:
            raise DemoError(
                "Dữ liệu mẫu cần ba đảng bộ trực thuộc Tỉnh ủy từ 2020 (khối cơ quan, doanh nghiệp, quân sự)."
            )
        agencies_bloc, firms_bloc, military = old[:3]
        party_cells = [c for u in units[agencies_bloc.pk] for c in cells_of[u.pk]] or tree.member_cells

        root_specs = staffing.fill([(p, root_pk, party_cells) for p in province_posts(province)], turnover=0)
        unit_slots: list[Slot] = [
            (post, unit.pk, cells_of[unit.pk] or party_cells)
            for unit in units[agencies_bloc.pk]
            for post in agency_posts(unit.name)
        ]
        unit_specs = staffing.fill(unit_slots, turnover=0.1)
        bloc_slots: list[Slot] = [
            (post, bloc.pk, party_cells)
            for bloc in (agencies_bloc, firms_bloc)
            for post in committee_posts(_label(bloc).replace("Đảng bộ", "Đảng ủy"))
        ]
        bloc_specs = staffing.fill(bloc_slots, valid_to=RESTRUCTURING, turnover=0.1)
        army_cells = [c for u in units[military.pk] for c in cells_of[u.pk]] or party_cells
        army_specs = staffing.fill(
            [
                (Post("Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", BTV_TPP, "top", is_head=True), military.pk, army_cells),
                (Post("Chính ủy Bộ Chỉ huy Quân sự tỉnh", BTV_TPP, "top"), military.pk, army_cells),
            ],
            turnover=0,
        )
        sink.add(s.person for s in (*root_specs, *unit_specs, *bloc_specs, *army_specs))

        # 01/7/2025: the two new committees take over the blocs' leaders; district cadres join departments
        last_day = RESTRUCTURING - dt.timedelta(days=1)
        new_specs: list[PostSpec] = []
        for target, source in zip(new, (agencies_bloc, firms_bloc), strict=False):
            before = [
                next(s.person for s in bloc_specs if s.org == source.pk and s.post == post and s.holds_on(last_day))
                for post in committee_posts(_label(source).replace("Đảng bộ", "Đảng ủy"))
            ]
            after = committee_posts(_label(target).replace("Đảng bộ", "Đảng ủy"))
            new_specs.extend(
                PostSpec(p, post, target.pk, RESTRUCTURING, None) for p, post in zip(before, after, strict=True)
            )
        departments = [u for u in units[agencies_bloc.pk] if agency_name(u.name).startswith("Sở")] or units[
            agencies_bloc.pk
        ]
        moved = self._to_province(rng=rng, departments=departments, cells_of=cells_of, sink=sink)
        new_specs.extend(moved)

        candidates: dict[int, _Candidates] = defaultdict(_Candidates)
        cell_specs = self._members(
            rng=rng,
            factory=factory,
            tree=tree,
            quota=quota - sink.people_count,
            grassroots=grassroots,
            homes={},
            candidates=candidates,
            sink=sink,
        )

        terms: list[TermSpec] = []
        congress_2020 = day_between(rng, dt.date(2020, 10, 10), dt.date(2020, 10, 20))
        congress_2025 = day_between(rng, dt.date(2025, 10, 10), dt.date(2025, 10, 20))
        heads = [s for s in unit_specs if s.post.is_head]
        party_heads = [s for s in heads if _is_party_agency(s.post.title)]
        inspection_unit = next((u for u in units[agencies_bloc.pk] if "Ủy ban Kiểm tra" in u.name), None)
        inspectors = [p for u in units[agencies_bloc.pk] for p in candidates[u.pk].others[:1]]
        ubkt = [s for s in unit_specs if inspection_unit is not None and s.org == inspection_unit.pk]
        ubkt_sources: list[SeatSource] = [
            (s, STANDING if s.post.is_head else None, CHAIR if s.post.is_head else DEPUTY_CHAIR) for s in ubkt
        ]
        secretaries: list[SeatSource] = [
            (s, STANDING if "Thành ủy" in s.post.title else MEMBER, None) for s in self._carry.district_secretaries
        ]
        province_seats: list[SeatSource] = [
            *own_seats(root_specs),
            *ubkt_sources,
            *as_role(party_heads, STANDING),
            *as_role([s for s in heads if s not in party_heads][:8], MEMBER),
            *as_role([s for s in bloc_specs if s.post.is_head], MEMBER),
            *as_role(army_specs[:1], STANDING),
            *as_role(army_specs[1:], MEMBER),
        ]
        term = term_bodies(
            org=root_pk,
            name=TERM_2020,
            starts_on=congress_2020,
            ends_on=congress_2025,
            seats=[*province_seats, *secretaries],
            inspectors=inspectors[:4],
            extend_to_term=True,
        )
        term.bodies.extend(
            self._party_bodies(province=province, root_specs=root_specs, heads=heads, start=congress_2020)
        )
        terms.append(term)
        terms.append(
            term_bodies(
                org=root_pk,
                name=TERM_2025,
                starts_on=congress_2025,
                ends_on=None,
                seats=[*province_seats, *as_role([s for s in new_specs if s.post.is_head], MEMBER)],
                members=self._carry.new_secretaries,
                inspectors=inspectors[4:8] or inspectors[:4],
            )
        )
        for bloc in (agencies_bloc, firms_bloc):
            terms.append(
                term_bodies(
                    org=bloc.pk,
                    name=TERM_2020,
                    starts_on=day_between(rng, dt.date(2020, 6, 15), dt.date(2020, 7, 31)),
                    ends_on=bloc.ended_on,
                    seats=own_seats(s for s in bloc_specs if s.org == bloc.pk),
                    members=[s.person for s in heads if s.org in {u.pk for u in units[bloc.pk]}][:8]
                    + [p for u in units[bloc.pk] for p in candidates[u.pk].secretaries[:1]][:8],
                    inspectors=[p for u in units[bloc.pk] for p in candidates[u.pk].others[1:2]][:2],
                )
            )
        root_secretary = next(s for s in root_specs if s.post.is_head)
        terms.append(
            term_bodies(
                org=military.pk,
                name=TERM_2020,
                starts_on=day_between(rng, dt.date(2020, 6, 15), dt.date(2020, 7, 31)),
                ends_on=None,
                seats=[
                    (root_secretary, SECRETARY, None),
                    *as_role(army_specs[1:], DEPUTY),
                    *as_role(army_specs[:1], STANDING),
                ],
                members=[p for u in units[military.pk] for p in candidates[u.pk].secretaries[:1]][:6],
                inspectors=[p for u in units[military.pk] for p in candidates[u.pk].others[:1]][:3],
            )
        )
        for target in new:
            under = [u.pk for u in tree.children(target, RESTRUCTURING)]  # in code order, not by id
            terms.append(
                term_bodies(
                    org=target.pk,
                    name=TERM_2025,
                    starts_on=RESTRUCTURING,
                    ends_on=None,
                    seats=own_seats(s for s in new_specs if s.org == target.pk)
                    + as_role([s for s in heads if s.org in under][:8], MEMBER),
                    members=[p for u in under for p in candidates[u].secretaries[:1]][:4],
                    inspectors=[p for u in under for p in candidates[u].others[:1]][:2],
                )
            )
        for bloc in old:
            for unit in units[bloc.pk]:
                if unit.first.kind == "grassroots_committee":
                    found = candidates[unit.pk]
                    start = day_between(rng, dt.date(2020, 4, 1), dt.date(2020, 6, 15))
                    if (
                        t := grassroots_term(
                            org=unit, starts_on=start, secretaries=found.secretaries, others=found.others, rng=rng
                        )
                    ) is not None:
                        terms.append(t)
        sink.terms.extend(terms)
        posts = [*root_specs, *unit_specs, *bloc_specs, *army_specs, *new_specs]
        sink.posts.extend(posts)
        sink.posts.extend(cell_specs)
        seated = [seat.person for t in terms for b in t.bodies for seat in b.seats]
        sink.trainings.extend(
            trainings(
                rng,
                committee_people=[*seated, *(s.person for s in cell_specs)],
                posts=[*root_specs, *unit_specs, *bloc_specs, *army_specs, *new_specs],
                coverage=profile.training,
                provider=(f"Trường Chính trị {province}", f"Trường Chính trị {province}"),
            )
        )

    def _party_bodies(
        self, *, province: str, root_specs: list[PostSpec], heads: list[PostSpec], start: dt.date
    ) -> list[BodySpec]:
        def having(*words: str) -> list[PostSpec]:
            return [s for s in root_specs if all(w in s.post.title for w in words)]

        council = having("Hội đồng nhân dân")
        government = having("Ủy ban nhân dân")
        front = having("Mặt trận")
        departments = [s for s in heads if s.post.title.startswith("Giám đốc Sở")][:3]
        mass = [s for s in heads if s.post.title.startswith(("Chủ tịch Hội", "Chủ tịch Liên đoàn", "Bí thư Tỉnh đoàn"))]
        found = [
            party_body(
                name=f"Đảng đoàn Hội đồng nhân dân {province}",
                kind=Body.Kind.PARTY_DELEGATION,
                posts=council,
                starts_on=start,
            ),
            party_body(
                name=f"Ban cán sự đảng Ủy ban nhân dân {province}",
                kind=Body.Kind.PARTY_AFFAIRS,
                posts=[*government, *departments],
                starts_on=start,
            ),
            party_body(
                name=f"Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam {province}",
                kind=Body.Kind.PARTY_DELEGATION,
                posts=[*front, *mass],
                starts_on=start,
            ),
        ]
        return [b for b in found if b.seats]

    def _to_province(
        self, *, rng: random.Random, departments: list[Org], cells_of: dict[int, list[Org]], sink: _Sink
    ) -> list[PostSpec]:
        """District cadres appointed deputy heads of provincial departments on 01/7/2025: a new post and a
        transfer of their party activity to the department's cell (their old row ends that day)."""
        assert self._serials is not None
        found: list[PostSpec] = []
        moves: list[tuple[PersonSpec, int]] = []
        for person in self._carry.to_province:
            unit = rng.choice(departments)
            cells = cells_of[unit.pk]
            if not cells or not person.open_row_pk:
                continue
            post = Post(f"Phó Giám đốc {agency_name(unit.name)}", BTV_TPP, "top")
            found.append(PostSpec(person, post, unit.pk, RESTRUCTURING, None))
            cell = rng.choice(cells)
            if cell.pk != person.last_cell:
                moves.append((person, cell.pk))
        if moves:
            CellMembership.objects.filter(pk__in=[p.open_row_pk for p, _ in moves]).update(valid_to=RESTRUCTURING)
            rows = [
                CellMembership(membership_id=p.membership_pk, cell_id=cell_pk, valid_from=RESTRUCTURING)
                for p, cell_pk in moves
            ]
            CellMembership.objects.bulk_create(rows)
            MembershipEvent.objects.bulk_create(
                MembershipEvent(
                    membership_id=p.membership_pk,
                    kind=EventKind.TRANSFERRED,
                    date=RESTRUCTURING,
                    decision_ref=self._serials.ref("TU", RESTRUCTURING.year),
                    cell_id=cell_pk,
                    note="Điều động về công tác tại sở, ngành cấp tỉnh",
                    created_by_id=sink.actor.pk,
                )
                for p, cell_pk in moves
            )
            for (person, cell_pk), row in zip(moves, rows, strict=True):
                person.moved, person.last_cell, person.open_row_pk = True, cell_pk, row.pk or 0
            sink.counts.update(cell_rows=len(rows), events=len(rows), transfers_to_province=len(rows))
            sink.counts["event:transferred"] += len(rows)
        return found


def _is_party_agency(title: str) -> bool:
    return "Tỉnh ủy" in title


def _letters(province: str) -> str:
    """ "Bình An" → "BA": the letters after the six digits of a số lý lịch."""
    letters = "".join(word[0] for word in nfc(province).split() if word[0].isalpha()).upper()
    return letters[:3] or "T"
