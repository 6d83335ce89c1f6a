"""Party members of the demo: the person (name, birth, CCCD, ethnicity, religion, quê quán), and the
membership's life as the lifecycle services would have recorded it.

A member admitted before the register begins (01/01/2020, when the demo tree is created) has their
admission and recognition events without a cell (the cell did not exist in the register then) and is
active in their cell from 01/01/2020. From then on every event names the cell of that day, and the
dated ``CellMembership`` rows are exactly what the events imply:

- admission (``admitted``: the ceremony, 18–60 years old) opens the first row;
- recognition is decided at a chi bộ meeting up to four weeks after the 12 months of probation, and
  takes effect at their end (``official_on = rules.probation_end(admitted_on)``); members admitted in
  the last year are still on probation;
- a transfer ends the row and opens one in the new cell the same day; a cell dissolved in 2024 sends its
  members to a neighbouring cell the day before it ends;
- death and striking off end the last row.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from pbms.orgs.demo import RESTRUCTURING, START, PlanError
from pbms.people import rules
from pbms.people.demo.names import Name, vietnamese_name
from pbms.people.demo.profiles import PROVINCES, Profile
from pbms.people.demo.tree import ChunkTree, Org
from pbms.people.models import MembershipEvent

END = dt.date(2025, 12, 31)  # the demo's last day: nothing is dated after it
Kind = MembershipEvent.Kind
_EVENT_ORDER: dict[str, int] = {"admitted": 0, "recognized": 1, "transferred": 2, "died": 3, "struck_off": 3}

FIELDS = (
    "Luật", "Kinh tế", "Quản lý giáo dục", "Sư phạm Toán", "Sư phạm Ngữ văn", "Nông học", "Kế toán",
    "Xây dựng Đảng và Chính quyền nhà nước", "Hành chính học", "Y đa khoa", "Công nghệ thông tin",
    "Quản lý đất đai", "Tài chính – Ngân hàng", "Chính trị học", "Quản trị kinh doanh", "Kinh tế nông nghiệp",
)  # fmt: skip


@dataclass(slots=True)
class EventSpec:
    kind: str
    day: dt.date
    cell: int | None
    ref: str
    note: str = ""


@dataclass(slots=True)
class RowSpec:
    cell: int
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(slots=True)
class QualSpec:
    kind: str  # CodeList value
    level: str  # code in that list
    obtained_on: dt.date | None
    field: str = ""


@dataclass(slots=True, eq=False)
class PersonSpec:
    """A person and their membership, before they are written (then ``pk`` and ``membership_pk`` are set,
    and the lists are dropped to keep memory bounded)."""

    name: Name
    gender: str
    birth: dt.date
    ethnicity: str
    religion: str
    origin: str
    cccd: str
    admitted: dt.date
    official: dt.date | None = None
    file_no: str = ""
    card_no: str = ""
    events: list[EventSpec] = field(default_factory=list)
    rows: list[RowSpec] = field(default_factory=list)
    quals: list[QualSpec] = field(default_factory=list)
    ended_on: dt.date | None = None  # died or left the Party
    moved: bool = False  # transferred at least once
    first_cell: int = 0
    first_from: dt.date = START
    pk: int = 0
    membership_pk: int = 0
    open_row_pk: int = 0  # the last cell row, when still open (set once written)
    last_cell: int = 0

    @property
    def stable(self) -> bool:
        """Stays in its first cell from its first day to the end: fit for a post or a seat."""
        return self.ended_on is None and not self.moved

    def official_by(self, day: dt.date) -> bool:
        return self.official is not None and self.official <= day

    def age_on(self, day: dt.date) -> int:
        return rules.age_on(self.birth, day)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29/02
        return dt.date(day.year - years, 2, 28)


def birth_for_age(rng: random.Random, *, day: dt.date, age: int) -> dt.date:
    """A birth date of someone exactly ``age`` (completed years) on ``day``."""
    return years_before(day, age) - dt.timedelta(days=rng.randint(0, 364))


def at_age(rng: random.Random, *, birth: dt.date, age: int) -> dt.date:
    """A day when someone born on ``birth`` is ``age`` (within the year after that birthday)."""
    return years_before(birth, -age) + dt.timedelta(days=rng.randint(0, 300))


def day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


class Serials:
    """Numbers unique across the whole load: CCCD, số lý lịch, số thẻ, decision numbers. Kept across
    chunks (a few hundred counters, whatever the number of people)."""

    LETTERS_AFTER = ("HN", "HP", "TH", "NA", "QN", "BG", "ND", "TB", "HD", "HT", "CT", "DN")

    def __init__(self, *, seed: int, letters: str) -> None:
        self._rng = random.Random(f"{seed}/people/serials")  # noqa: S311 - synthetic data, not secrets
        self._cccd: dict[tuple[str, int, int], int] = {}
        self._letters = (letters, *[x for x in self.LETTERS_AFTER if x != letters])
        self._file_no = self._rng.randint(1_000, 20_000)
        self._card = 0
        self._card_salt = self._rng.randint(0, 10**8 - 1)
        self._refs: dict[tuple[str, int], int] = {}

    def cccd(self, *, province: str, gender: str, birth: dt.date) -> str:
        """3 digits of the province of birth registration, 1 of gender and century (0/1 men/women born in
        the 1900s, 2/3 in the 2000s), 2 of the year of birth, 6 that tell people apart (an affine bijection
        of a counter, so they look random and never repeat)."""
        century = (birth.year // 100 - 19) * 2 + (1 if gender == "F" else 0)
        key = (province, century, birth.year % 100)
        count = self._cccd.get(key, 0)
        if count >= 10**6:
            raise PlanError("Quá nhiều số CCCD cho một tỉnh, giới tính và năm sinh.")
        self._cccd[key] = count + 1
        salt = (int(province) * 131 + century * 17 + key[2] * 7) * 104_729
        return f"{province}{century}{key[2]:02d}{(count * 7_919 + salt) % 10**6:06d}"

    def party_file_no(self) -> str:
        """Số lý lịch: 6 digits and the province's letters; past a million, another set of letters."""
        number = self._file_no
        self._file_no += 1
        letters = self._letters[number // 10**6 % len(self._letters)]
        return f"{number % 10**6:06d}{letters}"

    def card_no(self) -> str:
        self._card += 1
        return f"{(self._card * 104_729 + self._card_salt) % 10**8:08d}"

    def ref(self, issuer: str, year: int) -> str:
        key = (issuer, year)
        number = self._refs.get(key) or self._rng.randint(20, 300)
        self._refs[key] = number + 1
        return f"{number}-QĐ/{issuer}"


def cell_category(cell: Org, grassroots: Org | None) -> str:
    """What kind of place a cell is, which decides its members' ages, gender and schooling."""
    if cell.is_residential:
        return "residential"
    names = f"{cell.name} | {grassroots.name if grassroots else ''}"
    if any(w in names for w in ("Quân sự", "Trung đoàn", "Đại đội", "Tiểu đoàn", "Kho Kỹ thuật", "Bệnh xá Quân y")):
        return "military"
    if "Công an" in names:
        return "police"
    if "Trường" in names:
        return "school"
    if any(w in names for w in ("Công ty", "Ngân hàng", "Điện lực", "Viễn thông", "Bưu điện", "Xí nghiệp")):
        return "firm"
    return "agency"


_WOMEN = {"agency": 0.45, "school": 0.75, "firm": 0.35, "military": 0.05, "police": 0.12}
# age on END: (low, high, weight) bands
_AGES = {
    "residential": ((22, 45, 0.3), (45, 65, 0.35), (65, 85, 0.35)),
    "agency": ((24, 40, 0.45), (40, 60, 0.55)),
    "school": ((24, 40, 0.5), (40, 58, 0.5)),
    "firm": ((24, 40, 0.55), (40, 60, 0.45)),
    "military": ((21, 35, 0.7), (35, 50, 0.3)),
    "police": ((23, 40, 0.6), (40, 55, 0.4)),
}
# education: (code, share); the rest have no professional qualification
_EDUCATION = {
    "residential": (("DH", 0.12), ("CD", 0.05), ("TC", 0.1)),
    "agency": (("THS", 0.12), ("DH", 0.65), ("CD", 0.08), ("TC", 0.1)),
    "school": (("THS", 0.06), ("DH", 0.75), ("CD", 0.12), ("TC", 0.05)),
    "firm": (("DH", 0.45), ("CD", 0.15), ("TC", 0.2)),
    "military": (("DH", 0.35), ("CD", 0.1), ("TC", 0.35)),
    "police": (("DH", 0.55), ("TC", 0.35)),
}
_EDUCATION_AGE = {"SC": (18, 20), "TC": (19, 21), "CD": (21, 23), "DH": (22, 24), "THS": (27, 40), "TS": (32, 45)}
_THEORY = {"residential": (("TC", 0.05), ("SC", 0.25))}
_THEORY_WORKING = (("CC", 0.03), ("TC", 0.3), ("SC", 0.45))


def _pick(rng: random.Random, shares: tuple[tuple[str, float], ...], default: str | None) -> str | None:
    r = rng.random()
    for code, share in shares:
        if r < share:
            return code
        r -= share
    return default


class MemberFactory:
    """Makes the members of one chunk, with its own random stream."""

    def __init__(
        self,
        *,
        rng: random.Random,
        profile: Profile,
        serials: Serials,
        tree: ChunkTree,
        homes: list[str],
        issuer: str,
    ) -> None:
        self.rng = rng
        self.profile = profile
        self.serials = serials
        self.tree = tree
        self.homes = homes  # "xã An Phú, huyện Đông Sơn, tỉnh Bình An"
        self.issuer = issuer  # of admissions before 01/7/2025 ("HU"); the communes' "ĐU" after
        self.stable_cells = [c for c in tree.member_cells if c.ended_on is None]

    # -- the person

    def _ref(self, day: dt.date) -> str:
        issuer = self.issuer if day < RESTRUCTURING else "ĐU"
        return self.serials.ref(issuer, day.year)

    def person(
        self, *, gender: str, birth: dt.date, admitted: dt.date, home: str | None = None, ethnicity: str | None = None
    ) -> PersonSpec:
        rng, profile = self.rng, self.profile
        ethnicity = ethnicity or _pick(rng, profile.ethnicities, "01") or "01"
        religion = _pick(rng, profile.religions, "00") or "00"
        province = profile.home_code
        origin = home or (rng.choice(self.homes) if self.homes else "")
        if rng.random() < 0.12:  # born elsewhere
            province, origin = rng.choice(PROVINCES)
            origin = origin[0].upper() + origin[1:]
        name = vietnamese_name(rng, gender=gender, born=birth.year, ethnicity=ethnicity, south=profile.south)
        return PersonSpec(
            name=name,
            gender=gender,
            birth=birth,
            ethnicity=ethnicity,
            religion=religion,
            origin=origin,
            cccd=self.serials.cccd(province=province, gender=gender, birth=birth),
            admitted=admitted,
            file_no=self.serials.party_file_no(),
        )

    def qualifications(self, spec: PersonSpec, category: str) -> None:
        rng = self.rng
        level = _pick(rng, _EDUCATION.get(category, _EDUCATION["agency"]), None)
        if category == "residential" and level is None and spec.birth.year >= 1985 and rng.random() < 0.25:
            level = "DH"
        if level is not None:
            self.add_education(spec, level)
        theory = _pick(rng, _THEORY.get(category, _THEORY_WORKING), None)
        if theory is not None:
            low = max(spec.admitted + dt.timedelta(days=200), spec.birth + dt.timedelta(days=365 * 26))
            obtained = day_between(rng, low, low + dt.timedelta(days=365 * 12))
            if obtained <= END:
                spec.quals.append(QualSpec("political_theory", theory, obtained))

    def add_education(self, spec: PersonSpec, level: str, *, obtained: dt.date | None = None) -> None:
        rng = self.rng
        if obtained is None:
            low, high = _EDUCATION_AGE[level]
            obtained = at_age(rng, birth=spec.birth, age=rng.randint(low, high))
        if obtained > END:
            return
        subject = rng.choice(FIELDS) if level in ("DH", "THS", "TS") else ""
        if level in ("THS", "TS"):  # a master's comes after a bachelor's
            spec.quals.append(QualSpec("education", "DH", obtained - dt.timedelta(days=365 * rng.randint(4, 12))))
        spec.quals.append(QualSpec("education", level, obtained, subject))

    # -- an ordinary member of ``cell``

    def member(self, cell: Org, category: str, *, home: str | None = None) -> PersonSpec:
        rng, profile = self.rng, self.profile
        women = profile.women_members if category == "residential" else _WOMEN[category]
        gender = "F" if rng.random() < women else "M"
        latest = (cell.last_day - dt.timedelta(days=40)) if cell.last_day else END
        if rng.random() < profile.recent_admissions and latest > START:
            admitted = day_between(rng, START, latest)
            age = min(60, 18 + int(rng.gammavariate(2.0, 3.0)))
            if category == "military":
                age = min(age, 26)
            birth = birth_for_age(rng, day=admitted, age=age)
        else:
            low, high = self._age_band(category)
            for _ in range(20):
                birth = birth_for_age(rng, day=END, age=rng.randint(low, high))
                age = min(60, 18 + int(rng.gammavariate(2.0, 3.5 if category == "residential" else 2.5)))
                admitted = at_age(rng, birth=birth, age=age)
                if admitted < START and rules.admission_age_error(birth_date=birth, decision_date=admitted) is None:
                    break
            else:  # a young band: admit at 18 just before the register begins
                birth = birth_for_age(rng, day=START - dt.timedelta(days=10), age=rng.randint(18, 22))
                admitted = START - dt.timedelta(days=10)
        spec = self.person(gender=gender, birth=birth, admitted=admitted, home=home)
        self._timeline(spec, cell)
        self.qualifications(spec, category)
        return spec

    def _age_band(self, category: str) -> tuple[int, int]:
        bands = _AGES[category]
        r = self.rng.random()
        for low, high, weight in bands:
            if r < weight:
                return low, high
            r -= weight
        return bands[-1][0], bands[-1][1]

    # -- a leader's membership: admitted young, never moved nor ended

    def leader_member(self, *, gender: str, birth: dt.date, cell: Org, ethnicity: str | None = None) -> PersonSpec:
        rng = self.rng
        admitted = at_age(rng, birth=birth, age=rng.randint(22, 30))
        if admitted >= START - dt.timedelta(days=30):  # a member before the register begins, as leaders are
            admitted = day_between(rng, years_before(birth, -18) + dt.timedelta(days=1), START - dt.timedelta(days=30))
        spec = self.person(gender=gender, birth=birth, admitted=admitted, ethnicity=ethnicity)
        self._timeline(spec, cell, settled=True)
        return spec

    # -- the events and cell rows

    def _timeline(self, spec: PersonSpec, cell: Org, *, settled: bool = False) -> None:
        rng = self.rng
        admitted = spec.admitted
        if error := rules.admission_age_error(birth_date=spec.birth, decision_date=admitted):
            raise PlanError(f"Dữ liệu mẫu sai: {error}")
        start = max(admitted, cell.created_on)
        meeting = rules.probation_end(admitted) + dt.timedelta(days=rng.randint(0, 28))
        ending: EventSpec | None = None
        transfer: tuple[dt.date, Org] | None = None
        if not settled:
            age = spec.age_on(dt.date(2023, 1, 1))
            died = 0.003 if age < 50 else 0.02 if age < 65 else 0.06 if age < 75 else 0.16
            r = rng.random()
            first = max(start, START) + dt.timedelta(days=30)
            if r < died:
                ending = EventSpec(Kind.DIED, day_between(rng, first, END), None, "")
            elif r < died + (0.01 if age < 35 else 0.004):
                day = day_between(rng, first, END)
                ending = EventSpec(
                    Kind.STRUCK_OFF,
                    day,
                    None,
                    self._ref(day),
                    "Bỏ sinh hoạt đảng, không đóng đảng phí ba tháng trong năm không có lý do chính đáng",
                )
            if rng.random() < 0.05 and len(self.stable_cells) > 1:
                day = day_between(rng, first + dt.timedelta(days=30), (ending.day if ending else END))
                transfer = (day, rng.choice(self.stable_cells))
        events = [
            EventSpec(Kind.ADMITTED, admitted, cell.pk if admitted >= cell.created_on else None, self._ref(admitted))
        ]
        self._walk(spec, events, cell=cell, start=start, transfer=transfer, ending=ending)
        if meeting <= END and (spec.ended_on is None or meeting < spec.ended_on):
            spec.official = rules.probation_end(admitted)
            events.append(EventSpec(Kind.RECOGNIZED, meeting, _cell_on(spec.rows, meeting), self._ref(meeting)))
            spec.card_no = self.serials.card_no()
        events.sort(key=lambda e: (e.day, _EVENT_ORDER[e.kind]))
        spec.events = events
        spec.first_cell, spec.first_from = spec.rows[0].cell, spec.rows[0].valid_from
        spec.last_cell = spec.rows[-1].cell

    def _walk(
        self,
        spec: PersonSpec,
        events: list[EventSpec],
        *,
        cell: Org,
        start: dt.date,
        transfer: tuple[dt.date, Org] | None,
        ending: EventSpec | None,
    ) -> None:
        rows: list[RowSpec] = []
        current, since = cell, start
        while True:
            forced = current.last_day  # the cell is dissolved: move its members the day before it ends
            stop = ending.day if ending else None
            if forced is not None and (stop is None or forced < stop) and (transfer is None or forced <= transfer[0]):
                if forced <= since:
                    raise PlanError(f"Dữ liệu mẫu sai: đảng viên vào chi bộ {current.code} ngày cuối của chi bộ.")
                target = self._neighbour(current, forced)
                rows.append(RowSpec(current.pk, since, forced))
                events.append(
                    EventSpec(
                        Kind.TRANSFERRED,
                        forced,
                        target.pk,
                        self._ref(forced),
                        "Chi bộ sáp nhập; chuyển sinh hoạt về chi bộ liền kề",
                    )
                )
                spec.moved = True
                current, since = target, forced
                if transfer is not None and transfer[0] <= forced:
                    transfer = None
                continue
            if transfer is not None:
                day, target = transfer
                transfer = None
                if (stop is None or day < stop) and day > since and target is not current and target.exists_on(day):
                    rows.append(RowSpec(current.pk, since, day))
                    events.append(EventSpec(Kind.TRANSFERRED, day, target.pk, self._ref(day)))
                    spec.moved = True
                    current, since = target, day
                    continue
            if ending is not None and ending.day <= since:
                later = since + dt.timedelta(days=1)
                ending = EventSpec(ending.kind, later, None, ending.ref, ending.note) if later <= END else None
            rows.append(RowSpec(current.pk, since, ending.day if ending else None))
            if ending is not None:
                ending.cell = current.pk
                events.append(ending)
                spec.ended_on = ending.day
            break
        spec.rows = rows

    def _neighbour(self, cell: Org, day: dt.date) -> Org:
        """A cell of the same parent that outlives ``cell`` (the village next door), else any such cell."""
        span = cell.span_on(day)
        alive = [c for c in self.stable_cells if c is not cell and c.exists_on(day)]
        siblings = [c for c in alive if span is not None and (s := c.span_on(day)) and s.parent == span.parent]
        if not (siblings or alive):
            raise PlanError(f"Dữ liệu mẫu sai: không có chi bộ nhận đảng viên của {cell.code}.")
        return (siblings or alive)[0]


def _cell_on(rows: list[RowSpec], day: dt.date) -> int | None:
    return next(
        (r.cell for r in rows if r.valid_from <= day and (r.valid_to is None or day < r.valid_to)),
        None,
    )
