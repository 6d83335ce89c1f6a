"""The people of the province's chunk (the last): the province's leaders and agencies, the committees
directly under the Tỉnh ủy before and after 01/7/2025, district cadres moved to the departments, every
cell's members, the provincial committee's terms and bodies, its party delegations, training."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from pbms.orgs.demo import RESTRUCTURING, ROOT_CODE, START, Chunk, DemoError, DemoPlan
from pbms.orgs.models import Organization
from pbms.people.demo.base import TERM_2020, TERM_2025, Candidates, ChunkPeople, label
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
    agency_name,
    agency_posts,
    as_role,
    committee_posts,
    grassroots_term,
    own_seats,
    party_body,
    province_posts,
    term_bodies,
    trainings,
)
from pbms.people.demo.people import MemberFactory, PersonSpec, day_between
from pbms.people.demo.profiles import Profile, province_home_code, province_profile
from pbms.people.demo.sink import Sink
from pbms.people.demo.tree import ChunkTree, Org
from pbms.people.models import Body, CellMembership, MembershipEvent

EventKind = MembershipEvent.Kind


class ProvincePeople(ChunkPeople):
    """Writes the province's chunk; ``DemoPeople`` is one."""

    def _province(self, *, plan: DemoPlan, tree: ChunkTree, chunk: Chunk, quota: int, sink: Sink) -> None:
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
            for post in committee_posts(label(bloc).replace("Đảng bộ", "Đảng ủy"))
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
                for post in committee_posts(label(source).replace("Đảng bộ", "Đảng ủy"))
            ]
            after = committee_posts(label(target).replace("Đảng bộ", "Đảng ủy"))
            new_specs.extend(
                PostSpec(p, post, target.pk, RESTRUCTURING, None) for p, post in zip(before, after, strict=True)
            )
        departments = [u for u in units[agencies_bloc.pk] if agency_name(u.name).startswith("Sở")] or units[
            agencies_bloc.pk
        ]
        moved = self._to_province(rng=rng, departments=departments, cells_of=cells_of, sink=sink)
        new_specs.extend(moved)

        candidates: dict[int, Candidates] = defaultdict(Candidates)
        cell_terms, cell_secretaries = self._members(
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
        sink.terms.extend(cell_terms)
        seated = [seat.person for t in terms for b in t.bodies for seat in b.seats]
        sink.trainings.extend(
            trainings(
                rng,
                committee_people=[*seated, *cell_secretaries],
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
        self, *, rng: random.Random, departments: list[Org], cells_of: dict[int, list[Org]], sink: Sink
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
