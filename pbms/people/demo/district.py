"""The people of a district's chunk: the district's and its communes' leaders from 2020 to 30/6/2025,
the new communes that take it over on 01/7/2025 with their leaders, every cell's members, the terms and
bodies of the committees, training."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable

from pbms.orgs.demo import RESTRUCTURING, START, Chunk, DemoPlan, Merge
from pbms.orgs.demo.names import COMMITTEE_WORD
from pbms.people.demo.base import TERM_2020, TERM_2025, Candidates, ChunkPeople, label, place
from pbms.people.demo.leaders import (
    MEMBER,
    PostSpec,
    Slot,
    Staffing,
    TermSpec,
    as_role,
    commune_posts,
    district_posts,
    grassroots_term,
    new_commune_posts,
    own_seats,
    term_bodies,
    trainings,
)
from pbms.people.demo.people import MemberFactory, PersonSpec, day_between
from pbms.people.demo.profiles import district_profile
from pbms.people.demo.sink import Sink
from pbms.people.demo.tree import ChunkTree, Org


class DistrictPeople(ChunkPeople):
    """Writes a district's chunk; ``DemoPeople`` is one."""

    def _district(self, *, plan: DemoPlan, tree: ChunkTree, chunk: Chunk, quota: int, sink: Sink, subject: Org) -> None:
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
        unit = label(district)
        province = f"{plan.word} {plan.province}"
        homes = {c.pk: f"{label(c)}, {unit}, {province}" for c in old_communes}
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
        cu = f"{COMMITTEE_WORD.get(kind, 'Huyện ủy')} {place(unit)}"  # "Huyện ủy Đông Sơn"
        slots: list[Slot] = [
            (post, district.pk, leader_cells) for post in district_posts(cu=cu, unit=unit, city=kind == "city")
        ]
        district_specs = staffing.fill(slots, valid_to=RESTRUCTURING)
        commune_slots: list[Slot] = []
        for commune in old_communes:
            cells = [c for c in tree.member_cells if grassroots[c.pk] is commune and c.ended_on is None]
            office = [c for c in cells if "Cơ quan" in c.name] or cells or leader_cells
            commune_slots.extend((post, commune.pk, office[:1]) for post in commune_posts(label(commune)))
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
        candidates: dict[int, Candidates] = defaultdict(Candidates)
        cell_terms, cell_secretaries = self._members(
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
        sink.terms.extend(cell_terms)
        seated = [seat.person for t in terms for b in t.bodies for seat in b.seats]
        sink.trainings.extend(
            trainings(
                rng,
                committee_people=[*seated, *cell_secretaries],
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
        sink: Sink,
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
            for post in new_commune_posts(label(new), ward=new.first.kind == "ward"):
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
