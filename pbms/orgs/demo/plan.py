"""``DemoPlan``: the seeded plan of operations that builds the demo province, chunk by chunk."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from pbms.lib.text import nfc
from pbms.orgs.demo.names import (
    COMMITTEE_WORD,
    COMMUNE_EXTRAS,
    CORE_BODIES,
    DISTRICT_BODIES,
    FIRM_INDUSTRIES,
    MILITARY,
    PLACE_NAMES,
    PROVINCE_BODIES,
    PROVINCE_FIRMS,
    REGIONS,
    SCHOOLS,
    UNIT_WORD,
    Unit,
)
from pbms.orgs.demo.ops import (
    RESTRUCTURING,
    ROOT_CODE,
    START,
    Chunk,
    Create,
    DemoError,
    DemoPicks,
    Dissolve,
    Merge,
    Move,
    Op,
    Part,
    Rename,
    Split,
)
from pbms.orgs.demo.renames import rename_duplicates

# --- sizes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Ranges are inclusive (random.randint)."""

    districts: int  # territorial level-2 committees; 3 direct committees come on top
    communes: tuple[int, int]  # per district
    villages: tuple[int, int]  # village / residential-group cells per commune
    commune_extras: tuple[int, int]  # other cells of a commune committee (military, police, ...)
    bodies: int  # district agencies, from DISTRICT_BODIES
    school_rate: float  # chance that a commune's school (per level) is a grassroots cell of the district
    high_schools: tuple[int, int]
    enterprises: tuple[int, int]
    committee_cells: tuple[int, int]  # cells of an agency committee
    direct_units: tuple[int, int]  # grassroots organisations per direct committee


# ≈ 1,000 grassroots, ≈ 5,000 cells: a real province before 2025
_PROVINCE = Profile(
    districts=10,
    communes=(24, 32),
    villages=(8, 14),
    commune_extras=(2, 4),
    bodies=14,
    school_rate=0.45,
    high_schools=(2, 4),
    enterprises=(3, 7),
    committee_cells=(3, 7),
    direct_units=(30, 40),
)
SIZES: dict[str, Profile] = {
    # ≈ 150 grassroots, ≈ 500 cells: loads in a second or two on SQLite
    "small": Profile(
        districts=9,
        communes=(4, 6),
        villages=(4, 6),
        commune_extras=(1, 2),
        bodies=5,
        school_rate=0.12,
        high_schools=(0, 1),
        enterprises=(1, 2),
        committee_cells=(2, 4),
        direct_units=(7, 9),
    ),
    "province": _PROVINCE,
    # ≈ 60,000 grassroots, ≈ 300,000 cells: the whole country as one province of ≈ 690 districts
    "national": dataclasses.replace(_PROVINCE, districts=690),
}


# --- generation ---------------------------------------------------------------------------------


class _Refs:
    """Decision numbers per issuer and year: "125-QĐ/TU". Numbers start mid-way: the register
    begins in the middle of a term, when a committee has already signed decisions that year."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next: dict[tuple[str, int], int] = {}

    def next(self, issuer: str, *, year: int) -> str:
        key = (issuer, year)
        number = self._next.get(key) or self._rng.randint(20, 300)
        self._next[key] = number + 1
        return f"{number}-QĐ/{issuer}"


def _day_in(rng: random.Random, *, year: int, last_month: int = 12) -> dt.date:
    return dt.date(year, rng.randint(1, last_month), rng.randint(1, 28))


def _width(count: int) -> int:
    return max(2, len(str(count)))


def _pick(rng: random.Random, *, items: Sequence[str], span: tuple[int, int]) -> list[str]:
    """A random subset of ``items`` of a size in ``span``, kept in catalogue order."""
    count = min(len(items), rng.randint(*span))
    chosen = set(rng.sample(range(len(items)), count))
    return [item for i, item in enumerate(items) if i in chosen]


@dataclass(frozen=True)
class _Level2:
    code: str
    kind: str  # district / town / city
    place: str  # "Đông Sơn"

    @property
    def unit(self) -> str:  # "huyện Đông Sơn"
        return f"{UNIT_WORD[self.kind]} {self.place}"

    @property
    def name(self) -> str:
        return f"Đảng bộ {self.unit}"


@dataclass
class _Commune:
    code: str
    word: str  # xã / phường / thị trấn
    place: str
    cells: list[str] = field(default_factory=list)  # codes of village cells, in order
    last_cell: int = 0  # the number in the code of the last cell created

    def cell_code(self) -> str:
        self.last_cell += 1
        return f"{self.code}.C{self.last_cell:02d}"

    @property
    def name(self) -> str:
        return f"Đảng bộ {self.word} {self.place}"


@dataclass
class _Agency:
    code: str
    name: str
    home: str | None  # commune code it belongs with (schools), None for district-wide bodies


def province_short_name(province_name: str) -> tuple[str, str]:
    """("tỉnh", "Bình An") from "Tỉnh Bình An"; ("thành phố", "Cần Thơ") from "Thành phố Cần Thơ"."""
    name = nfc(province_name)
    for word in ("thành phố", "tỉnh"):
        if name.lower().startswith(word + " "):
            return word, name[len(word) + 1 :]
    return "tỉnh", name


class DemoPlan:
    """The operations that build the demo province for ``seed`` and ``size``, chunk by chunk.

    Each chunk draws from its own ``random.Random`` seeded with (seed, chunk code), so a chunk
    does not depend on how much randomness the others used.
    """

    def __init__(self, *, seed: int, size: str, province_name: str) -> None:
        if size not in SIZES:
            raise DemoError(f"Cỡ dữ liệu “{size}” không có; chọn một trong: {', '.join(SIZES)}.")
        self.seed = seed
        self.size = size
        self.profile = SIZES[size]
        self.word, self.province = province_short_name(province_name)
        self.root_name = f"Đảng bộ {self.word} {self.province}"
        self.picks = DemoPicks()
        self._rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
        self._tu = _Refs(self._rng)
        self._used_new_names: set[str] = set()
        self._new_commune_seq = 0
        self._new_code_width = max(3, len(str(self.profile.districts * self.profile.communes[1] // 2)))
        width = _width(self.profile.districts)
        places = self._rng.sample(PLACE_NAMES, self.profile.districts)
        self._level2 = [
            _Level2(code=f"H{i + 1:0{width}d}", kind=self._level2_kind(i), place=place)
            for i, place in enumerate(places)
        ]
        self._region = self._rng.randrange(len(REGIONS))

    @property
    def chunk_count(self) -> int:
        return len(self._level2) + 2

    @staticmethod
    def _level2_kind(index: int) -> str:
        # one city and one town in every twelve, as in a typical province
        return {0: "city", 6: "town"}.get(index % 12, "district")

    def chunks(self) -> Iterator[Chunk]:
        yield Chunk(
            subject=ROOT_CODE,
            ops=[Create(ROOT_CODE, self.root_name, "provincial", None, START, self._tu.next("TU", year=START.year))],
            keep=(ROOT_CODE,),
        )
        for index, level2 in enumerate(self._level2):
            yield self._names_apart(self._district_chunk(level2, index=index))
        yield self._names_apart(self._direct_chunk())

    def _chunk_rng(self, code: str) -> random.Random:
        return random.Random(f"{self.seed}/{code}")  # noqa: S311 - synthetic data, not secrets

    def _names_apart(self, chunk: Chunk) -> Chunk:
        """Rename what a change of parent left with a sibling's name (its own random stream: adding
        the renames changes nothing else in the chunk)."""
        chunk.ops = rename_duplicates(chunk.ops, rng=self._chunk_rng(f"{chunk.subject}/renames"))
        return chunk

    # -- a district, from 2020 to its end on 01/7/2025

    def _district_chunk(self, level2: _Level2, *, index: int) -> Chunk:
        rng = self._chunk_rng(level2.code)
        profile = self.profile
        hu = _Refs(rng)
        ops: list[Op] = [
            Create(level2.code, level2.name, level2.kind, ROOT_CODE, START, self._tu.next("TU", year=2020))
        ]
        base_ref = hu.next("HU", year=2020)
        region = REGIONS[rng.randrange(len(REGIONS))] if self.size == "national" else REGIONS[self._region]

        communes = self._communes(level2, rng=rng)
        for commune in communes:
            ops.append(Create(commune.code, commune.name, "grassroots_committee", level2.code, START, base_ref))
            ops.extend(self._commune_cells(commune, rng=rng, region=region, ref=base_ref))

        agencies: list[_Agency] = []
        fmt = {"unit": level2.unit, "cu": COMMITTEE_WORD[level2.kind], "place": level2.place, "p": self.province}
        bodies = list(DISTRICT_BODIES[:CORE_BODIES]) + rng.sample(
            DISTRICT_BODIES[CORE_BODIES:], max(0, min(profile.bodies, len(DISTRICT_BODIES)) - CORE_BODIES)
        )
        units: list[tuple[Unit, str | None]] = [(u, None) for u in bodies[: profile.bodies]]
        grassroots_schools: set[tuple[str, str]] = set()
        for commune in communes:
            for school in SCHOOLS:
                if rng.random() < profile.school_rate:
                    grassroots_schools.add((commune.code, school))
                    units.append((Unit(f"Chi bộ {school} {commune.place}"), commune.code))
        for place in rng.sample(PLACE_NAMES, rng.randint(*profile.high_schools)):
            units.append((Unit(f"Chi bộ Trường Trung học phổ thông {place}"), None))
        units.extend((firm, None) for firm in self._firms(rng=rng))
        width = _width(len(units))
        for i, (unit, home) in enumerate(units, start=1):
            code = f"{level2.code}.D{i:0{width}d}"
            agencies.append(_Agency(code=code, name=unit.name.format(**fmt), home=home))
            ops.extend(self._unit_ops(unit, rng=rng, code=code, parent=level2.code, ref=base_ref, fmt=fmt))
        # the schools that are not grassroots organisations are cells of their commune's committee
        for commune in communes:
            for school in SCHOOLS:
                if (commune.code, school) not in grassroots_schools and rng.random() < 0.5:
                    name = f"Chi bộ {school} {commune.place}"
                    ops.append(Create(commune.cell_code(), name, "cell", commune.code, START, base_ref))

        ops.extend(self._district_changes(level2, rng=rng, index=index, communes=communes, agencies=agencies, hu=hu))
        merges, seat_of = self._restructure(level2, rng=rng, communes=communes)
        ops.extend(merges)
        move_ref = self._tu.next("TU", year=RESTRUCTURING.year)
        for agency in agencies:
            target = seat_of[agency.home] if agency.home else seat_of[communes[0].code]
            ops.append(
                Move(agency.code, target, RESTRUCTURING, move_ref, note="Chuyển về trực thuộc đảng bộ xã, phường mới")
            )
        ops.append(
            Dissolve(
                level2.code,
                RESTRUCTURING,
                self._tu.next("TU", year=RESTRUCTURING.year),
                note="Kết thúc hoạt động của đảng bộ cấp huyện từ 01/7/2025",
            )
        )
        if index == 1:  # the first plain district: H…02 is always a "huyện" that is never upgraded
            self.picks.district = level2.code
            self.picks.commune = seat_of[communes[0].code]
            self.picks.cell = communes[0].cells[0]
        return Chunk(subject=level2.code, ops=ops)

    def _communes(self, level2: _Level2, *, rng: random.Random) -> list[_Commune]:
        count = rng.randint(*self.profile.communes)
        places = rng.sample([p for p in PLACE_NAMES if p != level2.place], count)
        width = _width(count)
        words: list[str]
        if level2.kind == "city":
            wards = max(1, round(count * 0.7))
            words = ["phường"] * wards + ["xã"] * (count - wards)
        elif level2.kind == "town":
            wards = max(1, count // 2)
            words = ["phường"] * wards + ["xã"] * (count - wards)
        else:
            words = ["thị trấn"] + ["xã"] * (count - 1)
            places[0] = level2.place  # the township usually bears the district's name
        return [
            _Commune(code=f"{level2.code}.X{i + 1:0{width}d}", word=word, place=place)
            for i, (word, place) in enumerate(zip(words, places, strict=True))
        ]

    def _commune_cells(
        self, commune: _Commune, *, rng: random.Random, region: tuple[str, str], ref: str
    ) -> Iterator[Create]:
        urban = commune.word != "xã"
        count = rng.randint(*self.profile.villages)
        if urban or rng.random() < 0.4:
            labels = [f"{region[1] if urban else region[0]} {n}" for n in range(1, count + 1)]
        else:
            labels = [f"{region[0]} {p}" for p in rng.sample(PLACE_NAMES, count)]
        for label in labels:
            code = commune.cell_code()
            commune.cells.append(code)
            yield Create(code, f"Chi bộ {label}", "cell", commune.code, START, ref)
        for extra in COMMUNE_EXTRAS[: rng.randint(*self.profile.commune_extras)]:
            name = f"Chi bộ {extra} {commune.word} {commune.place}"
            yield Create(commune.cell_code(), name, "cell", commune.code, START, ref)

    def _firms(self, *, rng: random.Random) -> list[Unit]:
        count = max(1, rng.randint(*self.profile.enterprises))
        firms = []
        for i in range(count):
            industry = rng.choice(FIRM_INDUSTRIES)
            place = rng.choice(PLACE_NAMES)
            if i == 0:  # equitised in 2022 (see _district_changes)
                firms.append(Unit(f"Chi bộ Công ty TNHH {industry} {place}"))
            elif rng.random() < 0.35:
                workshops = tuple(f"Phân xưởng {n}" for n in range(1, rng.randint(2, 4) + 1))
                firms.append(
                    Unit(
                        f"Đảng bộ Công ty Cổ phần {industry} {place}",
                        cells=("Văn phòng Công ty", "Phòng Kỹ thuật – Sản xuất"),
                        subs=tuple((f"Xí nghiệp {n}", workshops) for n in range(1, rng.randint(1, 2) + 1)),
                    )
                )
            else:
                firms.append(Unit(f"Chi bộ {rng.choice(('Công ty TNHH', 'Công ty Cổ phần'))} {industry} {place}"))
        return firms

    def _unit_ops(
        self, unit: Unit, *, rng: random.Random, code: str, parent: str, ref: str, fmt: dict[str, str]
    ) -> Iterator[Create]:
        """A grassroots organisation from a catalogue, with a random share of its cells and sub-committees."""
        if not unit.is_committee:
            yield Create(code, unit.name.format(**fmt), "grassroots_cell", parent, START, ref)
            return
        yield Create(code, unit.name.format(**fmt), "grassroots_committee", parent, START, ref)
        for n, label in enumerate(_pick(rng, items=unit.cells, span=self.profile.committee_cells), start=1):
            yield Create(f"{code}.C{n:02d}", f"Chi bộ {label.format(**fmt)}", "cell", code, START, ref)
        for b, (label, cells) in enumerate(unit.subs, start=1):
            sub = f"{code}.B{b:02d}"
            yield Create(sub, f"Đảng bộ bộ phận {label}", "sub_committee", code, START, ref)
            for n, cell in enumerate(cells, start=1):
                yield Create(f"{sub}.C{n:02d}", f"Chi bộ {cell}", "cell", sub, START, ref)

    def _district_changes(
        self,
        level2: _Level2,
        *,
        rng: random.Random,
        index: int,
        communes: list[_Commune],
        agencies: list[_Agency],
        hu: _Refs,
    ) -> list[Op]:
        """Ordinary life between 2020 and 2025, so that timelines are not empty."""
        changes: list[Op] = []
        if level2.kind == "district" and index % 12 == 3:
            changes.append(
                Rename(
                    level2.code,
                    f"Đảng bộ thị xã {level2.place}",
                    "town",
                    _day_in(rng, year=2022),
                    self._tu.next("TU", year=2022),
                    note="Thành lập thị xã trên cơ sở toàn bộ diện tích, dân số của huyện",
                )
            )
        firm = next(a for a in agencies if a.name.startswith("Chi bộ Công ty TNHH "))
        changes.append(
            Rename(
                firm.code,
                firm.name.replace("Công ty TNHH", "Công ty Cổ phần", 1),
                None,
                _day_in(rng, year=2022),
                hu.next("HU", year=2022),
                note="Cổ phần hóa doanh nghiệp",
            )
        )
        changes.sort(key=lambda op: op.day)
        # a village crosses a commune boundary in 2023; another village merges away in 2024
        donors = [c for c in communes if len(c.cells) >= 3]
        if len(donors) >= 2:
            source, receiver = donors[-1], donors[-2]
            cell = source.cells.pop()
            changes.append(
                Move(
                    cell,
                    receiver.code,
                    _day_in(rng, year=2023),
                    hu.next("HU", year=2023),
                    note="Điều chỉnh địa giới thôn",
                )
            )
            receiver.cells.append(cell)
            shrinking = donors[0] if donors[0] is not receiver else donors[1]
            changes.append(
                Dissolve(
                    shrinking.cells.pop(),
                    _day_in(rng, year=2024, last_month=11),
                    hu.next("ĐU", year=2024),
                    note="Sáp nhập thôn; đảng viên chuyển sinh hoạt về chi bộ thôn liền kề",
                )
            )
        return changes

    def _restructure(
        self, level2: _Level2, *, rng: random.Random, communes: list[_Commune]
    ) -> tuple[list[Op], dict[str, str]]:
        """Communes merged roughly three into one, into new communes and wards under the province."""
        groups: list[list[_Commune]] = []
        rest = list(communes)
        while rest:
            size = rng.choice((2, 3, 3, 3, 4))
            if len(rest) - size < 2:  # a lone commune cannot merge: it joins the last group
                size = len(rest)
            groups.append(rest[:size])
            rest = rest[size:]
        ops: list[Op] = []
        seat_of: dict[str, str] = {}
        for group in groups:
            self._new_commune_seq += 1
            is_ward = any(c.word == "phường" for c in group)
            code = f"{'P' if is_ward else 'X'}{self._new_commune_seq:0{self._new_code_width}d}"
            place = self._new_commune_name([c.place for c in group], rng=rng, district_place=level2.place)
            ops.append(
                Merge(
                    sources=tuple(c.code for c in group),
                    day=RESTRUCTURING,
                    ref=self._tu.next("TU", year=RESTRUCTURING.year),
                    new_code=code,
                    new_name=f"Đảng bộ {'phường' if is_ward else 'xã'} {place}",
                    new_kind="ward" if is_ward else "commune",
                    new_parent=ROOT_CODE,
                    note="Sắp xếp đơn vị hành chính cấp xã, tổ chức chính quyền địa phương hai cấp",
                )
            )
            for commune in group:
                seat_of[commune.code] = code
        return ops, seat_of

    def _new_commune_name(self, sources: list[str], *, rng: random.Random, district_place: str) -> str:
        """A name not yet used by another new commune of the province: one of the old names if free."""
        candidates = list(sources)
        rng.shuffle(candidates)
        candidates += [rng.choice(PLACE_NAMES) for _ in range(20)]
        name = next((c for c in candidates if c not in self._used_new_names), None)
        n = 1
        while name is None:  # a big province can run out of two-syllable names: number them
            n += 1
            if f"{district_place} {n}" not in self._used_new_names:
                name = f"{district_place} {n}"
        self._used_new_names.add(name)
        return name

    # -- the committees directly under the province

    def _direct_chunk(self) -> Chunk:
        rng = self._chunk_rng("K")
        profile = self.profile
        fmt = {"p": self.province, "regiment": str(rng.randint(700, 999)), "unit": "", "cu": "", "place": ""}
        committees = (
            ("K01", "Đảng bộ Khối các cơ quan tỉnh", PROVINCE_BODIES),
            ("K02", "Đảng bộ Khối doanh nghiệp tỉnh", PROVINCE_FIRMS),
            ("K03", "Đảng bộ Quân sự tỉnh", MILITARY),
        )
        ops: list[Op] = []
        party: list[str] = []
        state: list[str] = []
        firms: list[tuple[str, str]] = []
        for code, name, catalogue in committees:
            ops.append(Create(code, name, "direct_committee", ROOT_CODE, START, self._tu.next("TU", year=2020)))
            ref = f"{rng.randint(20, 300)}-QĐ/ĐU"
            count = min(len(catalogue), rng.randint(*profile.direct_units))
            # the first unit of each catalogue always exists: it is the one the later changes touch
            chosen = [0, *sorted(rng.sample(range(1, len(catalogue)), count - 1))]
            if code == "K01" and not any(not catalogue[i].party for i in chosen):
                chosen[-1] = next(i for i, u in enumerate(catalogue) if not u.party)
            width = _width(count)
            for n, i in enumerate(chosen, start=1):
                unit_code = f"{code}.D{n:0{width}d}"
                ops.extend(self._unit_ops(catalogue[i], rng=rng, code=unit_code, parent=code, ref=ref, fmt=fmt))
                if code == "K01":
                    (party if catalogue[i].party else state).append(unit_code)
                elif code == "K02":
                    firms.append((unit_code, catalogue[i].name.format(**fmt)))
        firm_code, firm_name = firms[0]
        ops.append(
            Rename(
                firm_code,
                firm_name.replace("Công ty TNHH Một thành viên", "Công ty Cổ phần", 1),
                None,
                _day_in(rng, year=2022),
                f"{rng.randint(20, 300)}-QĐ/ĐU",
                note="Cổ phần hóa doanh nghiệp",
            )
        )
        # 2025: the bloc of provincial agencies splits into the committee of the Party's agencies and
        # that of the People's Committee; the enterprises' bloc joins the latter; the military stays.
        ops.append(
            Split(
                "K01",
                (
                    Part("K04", f"Đảng bộ các cơ quan Đảng {self.word}", "direct_committee", tuple(party)),
                    Part("K05", f"Đảng bộ Ủy ban nhân dân {self.word}", "direct_committee", tuple(state)),
                ),
                RESTRUCTURING,
                self._tu.next("TU", year=RESTRUCTURING.year),
                note="Kết thúc hoạt động của Đảng bộ Khối; thành lập hai đảng bộ trực thuộc mới",
            )
        )
        ops.append(
            Merge(
                sources=("K02",),
                target="K05",
                day=RESTRUCTURING,
                ref=self._tu.next("TU", year=RESTRUCTURING.year),
                note="Chuyển các tổ chức đảng trong doanh nghiệp về Đảng bộ Ủy ban nhân dân tỉnh",
            )
        )
        return Chunk(subject="K01", ops=ops)
