"""Leaders of the demo: posts with their management categories, the people who hold them (with the
qualifications the district's profile asks for), the bodies of each term and their seats, and training.

Shares that seed 000's targets measure are drawn exactly, not by chance: a district whose profile says
22 % women among its leaders managed by the Provincial Standing Committee gets round(22 % of them)
women, so a small district meets or misses the target as its profile intends.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pbms.orgs.demo import RESTRUCTURING, START
from pbms.people.demo.people import (
    END,
    MemberFactory,
    PersonSpec,
    QualSpec,
    at_age,
    birth_for_age,
    day_between,
    years_before,
)
from pbms.people.demo.profiles import Profile
from pbms.people.demo.tree import Org
from pbms.people.models import Body, BodyRole

BTV = "btv-tinh-uy"
TPP = "truong-pho-phong"
CX = "lanh-dao-cap-xa"
BTV_TPP = (BTV, TPP)
BTV_CX = (BTV, CX)
BEFORE = dt.date(2024, 12, 31)  # ages of leaders are drawn for this day

SECRETARY = BodyRole.SECRETARY.value
DEPUTY = BodyRole.DEPUTY_SECRETARY.value
STANDING = BodyRole.STANDING_MEMBER.value
MEMBER = BodyRole.MEMBER.value
CHAIR = BodyRole.CHAIR.value
DEPUTY_CHAIR = BodyRole.DEPUTY_CHAIR.value
STANDING_ROLES = frozenset({SECRETARY, DEPUTY, STANDING})

TRAINING_COURSES = {
    "xay-dung-dang": "Lớp bồi dưỡng, cập nhật kiến thức mới về công tác xây dựng Đảng năm {year}",
    "lanh-dao-quan-ly": "Lớp cập nhật kiến thức, kỹ năng lãnh đạo, quản lý năm {year}",
    "chuc-danh-cap-xa": "Lớp bồi dưỡng kiến thức, kỹ năng theo tiêu chuẩn chức danh cán bộ cấp xã năm {year}",
}
TRAINING_YEARS = range(2021, 2026)


@dataclass(frozen=True, slots=True)
class Post:
    title: str
    categories: tuple[str, ...]
    group: str  # "top", "dept" or "commune": the ages, schooling and pool of its holders
    is_head: bool = False
    seat: str | None = None  # role on the committee (and on the standing committee for its roles)
    inspection: str | None = None  # role on the inspection commission


Slot = tuple[Post, int, Sequence[Org]]  # a post, the organisation it is in, the cells its holder may be in


@dataclass(slots=True, eq=False)
class PostSpec:
    person: PersonSpec
    post: Post
    org: int
    valid_from: dt.date
    valid_to: dt.date | None

    def holds_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(slots=True)
class SeatSpec:
    person: PersonSpec
    role: str
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(slots=True)
class BodySpec:
    kind: str
    name: str = ""
    seats: list[SeatSpec] = field(default_factory=list)


@dataclass(slots=True)
class TermSpec:
    org: int
    name: str
    starts_on: dt.date
    ends_on: dt.date | None
    bodies: list[BodySpec] = field(default_factory=list)


@dataclass(slots=True)
class TrainingSpec:
    person: PersonSpec
    course: str
    category: str
    starts_on: dt.date
    ends_on: dt.date
    completed: bool
    provider: str


# --- the posts ------------------------------------------------------------------------------------


def district_posts(*, cu: str, unit: str, city: bool) -> list[Post]:
    """A district's leaders until 30/6/2025: ``cu`` "Huyện ủy", ``unit`` "huyện Đông Sơn"."""
    posts = [
        Post(f"Bí thư {cu}", BTV_TPP, "top", is_head=True, seat=SECRETARY),
        Post(f"Phó Bí thư Thường trực {cu}", BTV_TPP, "top", seat=DEPUTY),
        Post(f"Phó Bí thư {cu}, Chủ tịch Ủy ban nhân dân {unit}", BTV_TPP, "top", seat=DEPUTY),
        Post(f"Chủ tịch Hội đồng nhân dân {unit}", BTV_TPP, "top", seat=STANDING),
        Post(f"Phó Chủ tịch Ủy ban nhân dân {unit}", BTV_TPP, "top", seat=STANDING),
        Post(f"Phó Chủ tịch Ủy ban nhân dân {unit}", BTV_TPP, "top", seat=MEMBER),
        Post(f"Phó Chủ tịch Hội đồng nhân dân {unit}", BTV_TPP, "top", seat=MEMBER),
        Post(f"Trưởng Ban Tổ chức {cu}", BTV_TPP, "top", seat=STANDING),
        Post(f"Chủ nhiệm Ủy ban Kiểm tra {cu}", BTV_TPP, "top", seat=STANDING, inspection=CHAIR),
        Post(f"Trưởng Ban Tuyên giáo {cu}", BTV_TPP, "top", seat=STANDING),
        Post(f"Trưởng Ban Dân vận {cu}", BTV_TPP, "top", seat=STANDING),
        Post(f"Chánh Văn phòng {cu}", (TPP,), "dept", seat=MEMBER),
        Post(f"Phó Chánh Văn phòng {cu}", (TPP,), "dept"),
        Post(f"Phó Trưởng Ban Tổ chức {cu}", (TPP,), "dept"),
        Post(f"Phó Trưởng Ban Tuyên giáo {cu}", (TPP,), "dept"),
        Post(f"Phó Trưởng Ban Dân vận {cu}", (TPP,), "dept"),
        Post(f"Phó Chủ nhiệm Ủy ban Kiểm tra {cu}", (TPP,), "dept", inspection=DEPUTY_CHAIR),
        Post(f"Phó Chủ nhiệm Ủy ban Kiểm tra {cu}", (TPP,), "dept", inspection=DEPUTY_CHAIR),
    ]
    offices = [
        "phòng Nội vụ",
        "phòng Tài chính – Kế hoạch",
        "phòng Giáo dục và Đào tạo",
        "phòng Kinh tế" if city else "phòng Nông nghiệp và Phát triển nông thôn",
        "phòng Tài nguyên và Môi trường",
        "phòng Lao động – Thương binh và Xã hội",
        "phòng Văn hóa và Thông tin",
        "phòng Y tế",
        "phòng Tư pháp",
        "phòng Quản lý đô thị" if city else "phòng Kinh tế và Hạ tầng",
    ]
    for i, office in enumerate(offices):
        posts.append(Post(f"Trưởng {office} {unit}", (TPP,), "dept", seat=MEMBER if i < 4 else None))
        posts.append(Post(f"Phó Trưởng {office} {unit}", (TPP,), "dept"))
    for office, head in (("Thanh tra", "Chánh Thanh tra"), ("Văn phòng", "Chánh Văn phòng")):
        label = office if office == "Thanh tra" else "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"
        posts.append(Post(f"{head} {unit}" if office == "Thanh tra" else f"Chánh {label} {unit}", (TPP,), "dept"))
        posts.append(
            Post(f"Phó {head} {unit}" if office == "Thanh tra" else f"Phó Chánh {label} {unit}", (TPP,), "dept")
        )
    return posts


def commune_posts(commune: str) -> list[Post]:
    """An old commune's leaders until 30/6/2025: ``commune`` "xã An Phú"."""
    x = commune
    return [
        Post(f"Bí thư Đảng ủy, Chủ tịch Hội đồng nhân dân {x}", (CX,), "commune", is_head=True, seat=SECRETARY),
        Post(f"Phó Bí thư Thường trực Đảng ủy {x}", (CX,), "commune", seat=DEPUTY),
        Post(f"Phó Bí thư Đảng ủy, Chủ tịch Ủy ban nhân dân {x}", (CX,), "commune", seat=DEPUTY),
        Post(f"Phó Chủ tịch Hội đồng nhân dân {x}", (CX,), "commune", seat=MEMBER),
        Post(f"Phó Chủ tịch Ủy ban nhân dân {x}", (CX,), "commune", seat=STANDING),
        Post(f"Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {x}", (CX,), "commune", seat=MEMBER),
        Post(f"Chủ nhiệm Ủy ban Kiểm tra Đảng ủy {x}", (CX,), "commune", seat=STANDING, inspection=CHAIR),
    ]


def new_commune_posts(commune: str, *, ward: bool) -> list[Post]:
    """A new commune's leaders from 01/7/2025 (``group`` names the pool they are drawn from first:
    the old district's leaders, its department heads, the old communes' leaders)."""
    x = commune
    economy = "phòng Kinh tế, Hạ tầng và Đô thị" if ward else "phòng Kinh tế"
    return [
        Post(f"Bí thư Đảng ủy {x}", BTV_CX, "top", is_head=True, seat=SECRETARY),
        Post(f"Phó Bí thư Thường trực Đảng ủy, Chủ tịch Hội đồng nhân dân {x}", BTV_CX, "top", seat=DEPUTY),
        Post(f"Phó Bí thư Đảng ủy, Chủ tịch Ủy ban nhân dân {x}", BTV_CX, "top", seat=DEPUTY),
        Post(f"Phó Chủ tịch Hội đồng nhân dân {x}", (CX,), "dept", seat=STANDING),
        Post(f"Phó Chủ tịch Ủy ban nhân dân {x}", (CX,), "dept", seat=STANDING),
        Post(f"Phó Chủ tịch Ủy ban nhân dân {x}", (CX,), "commune", seat=MEMBER),
        Post(f"Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {x}", (CX,), "dept", seat=STANDING),
        Post(f"Chủ nhiệm Ủy ban Kiểm tra Đảng ủy {x}", (CX,), "dept", seat=STANDING, inspection=CHAIR),
        Post(f"Trưởng Ban Xây dựng Đảng Đảng ủy {x}", (CX,), "dept", seat=MEMBER),
        Post(f"Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {x}", (CX,), "dept", seat=MEMBER),
        Post(f"Trưởng {economy} {x}", (CX,), "dept", seat=MEMBER),
        Post(f"Trưởng phòng Văn hóa – Xã hội {x}", (CX,), "dept", seat=MEMBER),
        Post(f"Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy {x}", (CX,), "commune", inspection=DEPUTY_CHAIR),
        Post(f"Phó Trưởng Ban Xây dựng Đảng Đảng ủy {x}", (CX,), "commune"),
        Post(f"Phó Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {x}", (CX,), "commune"),
        Post(f"Phó Trưởng {economy} {x}", (CX,), "commune"),
        Post(f"Phó Trưởng phòng Văn hóa – Xã hội {x}", (CX,), "commune"),
    ]


def province_posts(province: str) -> list[Post]:
    """The province's own leaders at the root: ``province`` "tỉnh Bình An". The first three are managed by
    the Central Committee, so they carry no category of the province's Standing Committee."""
    p = province
    return [
        Post("Bí thư Tỉnh ủy", (TPP,), "top", is_head=True, seat=SECRETARY),
        Post("Phó Bí thư Thường trực Tỉnh ủy", (TPP,), "top", seat=DEPUTY),
        Post(f"Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân {p}", (TPP,), "top", seat=DEPUTY),
        Post(f"Chủ tịch Hội đồng nhân dân {p}", (TPP,), "top", seat=STANDING),
        Post(f"Phó Chủ tịch Thường trực Ủy ban nhân dân {p}", BTV_TPP, "top", seat=STANDING),
        Post(f"Phó Chủ tịch Ủy ban nhân dân {p}", BTV_TPP, "top", seat=MEMBER),
        Post(f"Phó Chủ tịch Ủy ban nhân dân {p}", BTV_TPP, "top", seat=MEMBER),
        Post(f"Phó Chủ tịch Hội đồng nhân dân {p}", BTV_TPP, "top", seat=MEMBER),
        Post(f"Phó Chủ tịch Hội đồng nhân dân {p}", BTV_TPP, "top", seat=MEMBER),
        Post(f"Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {p}", BTV_TPP, "top", seat=STANDING),
    ]


_HEADS = (
    # (the agency's name begins with, head, deputy): "Giám đốc Sở Tài chính", "Phó Giám đốc Sở Tài chính"
    ("Ủy ban Kiểm tra", "Chủ nhiệm", "Phó Chủ nhiệm"),
    ("Ủy ban Mặt trận", "Phó Chủ tịch Thường trực", "Phó Chủ tịch"),
    ("Ban ", "Trưởng", "Phó Trưởng"),
    ("Văn phòng", "Chánh", "Phó Chánh"),
    ("Thanh tra", "Chánh", "Phó Chánh"),
    ("Trường", "Hiệu trưởng", "Phó Hiệu trưởng"),
    ("Báo", "Tổng Biên tập", "Phó Tổng Biên tập"),
    ("Cục", "Cục trưởng", "Phó Cục trưởng"),
    ("Tỉnh đoàn", "Bí thư", "Phó Bí thư"),
    ("Hội ", "Chủ tịch", "Phó Chủ tịch"),
    ("Liên đoàn", "Chủ tịch", "Phó Chủ tịch"),
)


def agency_name(org_name: str) -> str:
    """ "Đảng bộ Sở Tài chính" → "Sở Tài chính"; "Chi bộ Cơ quan Tỉnh đoàn" → "Tỉnh đoàn"."""
    return org_name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ").removeprefix("Cơ quan ")


def agency_posts(org_name: str) -> list[Post]:
    """Head, two deputies and two offices' heads and deputies of a provincial agency."""
    agency = agency_name(org_name)
    head, deputy = next(((h, d) for prefix, h, d in _HEADS if agency.startswith(prefix)), ("Giám đốc", "Phó Giám đốc"))
    titles = (f"{head} {agency}", f"{deputy} {agency}")
    offices = ("phòng Kế hoạch – Tài chính", "phòng Quản lý chuyên ngành") if agency.startswith("Sở") else None
    offices = offices or ("phòng Tổng hợp", "phòng Nghiệp vụ")
    return [
        Post(titles[0], BTV_TPP, "top", is_head=True, seat=MEMBER),
        Post(titles[1], BTV_TPP, "top"),
        Post(titles[1], BTV_TPP, "top"),
        Post(f"Trưởng {offices[0]}, {agency}", (TPP,), "dept"),
        Post(f"Phó Trưởng {offices[0]}, {agency}", (TPP,), "dept"),
        Post(f"Trưởng {offices[1]}, {agency}", (TPP,), "dept"),
        Post(f"Phó Trưởng {offices[1]}, {agency}", (TPP,), "dept"),
    ]


def committee_posts(committee: str, *, top: bool = True) -> list[Post]:
    """The full-time leaders of a direct committee: ``committee`` "Đảng ủy Khối các cơ quan tỉnh"."""
    categories = BTV_TPP if top else (TPP,)
    return [
        Post(f"Bí thư {committee}", categories, "top", is_head=True, seat=SECRETARY),
        Post(f"Phó Bí thư Thường trực {committee}", categories, "top", seat=DEPUTY),
        Post(f"Chủ nhiệm Ủy ban Kiểm tra {committee}", (TPP,), "dept", seat=STANDING, inspection=CHAIR),
    ]


# --- who holds them -------------------------------------------------------------------------------


def exact_flags(rng: random.Random, count: int, share: float) -> list[bool]:
    """``count`` flags of which round(share × count) are set, in random places."""
    chosen = set(rng.sample(range(count), min(count, round(share * count)))) if count else set()
    return [i in chosen for i in range(count)]


class Staffing:
    """Makes the people who hold posts, as members of the given cells, with the profile's shares."""

    def __init__(self, *, factory: MemberFactory, profile: Profile, commune_women: float) -> None:
        self.factory = factory
        self.rng = factory.rng
        self.profile = profile
        self.commune_women = commune_women

    def fill(
        self,
        slots: Sequence[Slot],
        *,
        valid_from: dt.date = START,
        valid_to: dt.date | None = None,
        turnover: float = 0.15,
    ) -> list[PostSpec]:
        """One holder per post (in its organisation, as a member of one of its cells) for
        [valid_from, valid_to); the shares of the profile are exact over all the slots. A share of posts
        changed hands in 2021–2024 (the predecessor retired): both holders are returned, the later last."""
        rng, profile = self.rng, self.profile
        posts = [post for post, _, _ in slots]
        n = len(posts)
        btv = [i for i, p in enumerate(posts) if BTV in p.categories]
        other = [i for i, p in enumerate(posts) if BTV not in p.categories and p.group != "commune"]
        commune = [i for i, p in enumerate(posts) if p.group == "commune"]
        dept_level = [i for i, p in enumerate(posts) if TPP in p.categories]
        women = _spread(rng, n, btv, profile.women_btv) | _spread(rng, n, other, profile.women_dept)
        women |= _spread(rng, n, commune, self.commune_women)
        masters = _spread(rng, n, dept_level, profile.masters)
        univ = _spread(rng, n, commune, profile.commune_univ)
        theory = _spread(rng, n, commune, profile.commune_llct)
        schooled = _spread(rng, n, commune, profile.commune_edu)
        young_pool = [i for i in btv if not posts[i].is_head]
        young = set(rng.sample(young_pool, min(len(young_pool), profile.young_btv)))
        found: list[PostSpec] = []
        for i, (post, org, cells) in enumerate(slots):
            person = self.leader(
                post,
                female=i in women,
                young=i in young,
                masters=i in masters,
                univ=i in univ,
                theory=i in theory,
                schooled=i in schooled,
                cell=rng.choice(cells),
            )
            holder = PostSpec(person, post, org, valid_from, valid_to)
            last = min(valid_to or END, dt.date(2024, 9, 30))
            first = max(valid_from + dt.timedelta(days=365), dt.date(2021, 3, 1))
            if first < last and rng.random() < turnover:
                change = day_between(rng, first, last)
                earlier = self.leader(
                    post,
                    female=rng.random() < (profile.women_btv if BTV in post.categories else profile.women_dept),
                    young=False,
                    masters=rng.random() < profile.masters,
                    univ=rng.random() < profile.commune_univ,
                    theory=rng.random() < profile.commune_llct,
                    schooled=rng.random() < profile.commune_edu,
                    cell=rng.choice(cells),
                    retiring_on=change,
                )
                found.append(PostSpec(earlier, post, org, valid_from, change))
                holder.valid_from = change
            found.append(holder)
        return found

    def leader(
        self,
        post: Post,
        *,
        female: bool,
        young: bool,
        masters: bool,
        univ: bool,
        theory: bool,
        schooled: bool,
        cell: Org,
        retiring_on: dt.date | None = None,
    ) -> PersonSpec:
        rng = self.rng
        if retiring_on is not None:
            birth = birth_for_age(rng, day=retiring_on, age=rng.randint(57, 59))
        else:
            low, high = {"top": (42, 59), "dept": (30, 58), "commune": (27, 58)}[post.group]
            if young:
                low, high = 33, 39
            elif post.is_head:
                low = max(low, 45)
            birth = birth_for_age(rng, day=BEFORE, age=rng.randint(low, high))
        person = self.factory.leader_member(gender="F" if female else "M", birth=birth, cell=cell)
        self._qualify(person, post, masters=masters, univ=univ, theory=theory, schooled=schooled)
        return person

    def _qualify(
        self, person: PersonSpec, post: Post, *, masters: bool, univ: bool, theory: bool, schooled: bool
    ) -> None:
        rng, factory = self.rng, self.factory
        birth = person.birth
        if masters and post.group != "commune":
            level = "TS" if rng.random() < 0.1 else "THS"
            if rng.random() < 0.25:  # studied while in post
                obtained = day_between(rng, dt.date(2021, 1, 15), dt.date(2024, 12, 15))
            else:
                obtained = _before(rng, at_age(rng, birth=birth, age=rng.randint(28, 42)), START, birth)
            factory.add_education(person, level, obtained=obtained)
        elif post.group == "commune":
            level = "DH" if univ else (rng.choice(("TC", "CD")) if schooled else "SC")
            factory.add_education(person, level)
        else:
            factory.add_education(person, "DH")
        if post.group == "top":
            level = "CN" if rng.random() < 0.2 else "CC"
            obtained = _before(rng, at_age(rng, birth=birth, age=rng.randint(36, 46)), START, birth)
        elif post.group == "dept":
            level = "CC" if rng.random() < 0.45 else "TC"
            obtained = _before(rng, at_age(rng, birth=birth, age=rng.randint(28, 40)), START, birth)
        else:
            level = ("CC" if post.is_head and rng.random() < 0.4 else "TC") if theory else "SC"
            obtained = _before(rng, at_age(rng, birth=birth, age=rng.randint(26, 36)), START if theory else END, birth)
        person.quals.append(_qual("political_theory", level, obtained))
        if post.group == "top":
            level = "CVCC" if rng.random() < 0.3 else "CVC"
        elif post.group == "dept":
            level = "CVC" if rng.random() < 0.5 else "CV"
        else:
            level = "CV" if rng.random() < 0.6 else ""
        if level:
            obtained = _before(rng, at_age(rng, birth=birth, age=rng.randint(30, 44)), END, birth)
            person.quals.append(_qual("state_management", level, obtained))


def _spread(rng: random.Random, n: int, indices: list[int], share: float) -> set[int]:
    flags = exact_flags(rng, len(indices), share)
    return {i for i, flag in zip(indices, flags, strict=True) if flag} if n else set()


def _before(rng: random.Random, day: dt.date, limit: dt.date, birth: dt.date) -> dt.date:
    """``day`` if it comes before ``limit``, else a day in the six years before it (and after 20)."""
    if day < limit:
        return day
    low = max(years_before(birth, -20), limit - dt.timedelta(days=6 * 365))
    return day_between(rng, low, limit - dt.timedelta(days=30))


def _qual(kind: str, level: str, obtained: dt.date) -> QualSpec:
    return QualSpec(kind, level, obtained)


# --- bodies and seats -----------------------------------------------------------------------------


def _clip(
    valid_from: dt.date, valid_to: dt.date | None, start: dt.date, end: dt.date | None
) -> tuple[dt.date, dt.date | None] | None:
    first = max(valid_from, start)
    last = valid_to if end is None else (end if valid_to is None else min(valid_to, end))
    return (first, last) if last is None or first < last else None


def may_sit(person: PersonSpec, day: dt.date) -> bool:
    """An official member active in their first cell on ``day`` and to the end (an ordinary member)."""
    return person.stable and person.official_by(day) and person.first_from <= day


SeatSource = tuple[PostSpec, str | None, str | None]  # a post, its committee role, its inspection role


def own_seats(posts: Iterable[PostSpec]) -> list[SeatSource]:
    """The seats the posts carry by themselves (Bí thư → secretary…)."""
    return [(spec, spec.post.seat, spec.post.inspection) for spec in posts]


def as_role(posts: Iterable[PostSpec], role: str) -> list[SeatSource]:
    return [(spec, role, None) for spec in posts]


def term_bodies(
    *,
    org: int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    seats: Iterable[SeatSource],
    members: Iterable[PersonSpec] = (),
    inspectors: Iterable[PersonSpec] = (),
    standing: bool = True,
    extend_to_term: bool = False,
) -> TermSpec:
    """A term with its committee, standing committee (when ``standing``) and inspection commission.

    Each post in ``seats`` gives its holder a seat with the role named, for the part of the post inside
    the term (``extend_to_term``: to the end of the term when the post ended with the districts on
    01/7/2025, as members of the provincial committee kept their seats). ``members`` sit on the committee
    and ``inspectors`` on the inspection commission for the whole term, when they are official members
    by its start. Nobody sits twice on one body.
    """
    committee = BodySpec(Body.Kind.COMMITTEE)
    standing_body = BodySpec(Body.Kind.STANDING)
    inspection = BodySpec(Body.Kind.INSPECTION)
    on: dict[str, set[int]] = {Body.Kind.COMMITTEE: set(), Body.Kind.INSPECTION: set()}
    for spec, role, inspection_role in seats:
        valid_to = ends_on if extend_to_term and spec.valid_to == RESTRUCTURING else spec.valid_to
        span = _clip(spec.valid_from, valid_to, starts_on, ends_on)
        if span is None:
            continue
        key = id(spec.person)
        if role is not None and key not in on[Body.Kind.COMMITTEE]:
            on[Body.Kind.COMMITTEE].add(key)
            committee.seats.append(SeatSpec(spec.person, role, *span))
            if standing and role in STANDING_ROLES:
                standing_body.seats.append(SeatSpec(spec.person, role, *span))
        if inspection_role is not None and key not in on[Body.Kind.INSPECTION]:
            on[Body.Kind.INSPECTION].add(key)
            inspection.seats.append(SeatSpec(spec.person, inspection_role, *span))
    for person in members:
        if id(person) not in on[Body.Kind.COMMITTEE] and may_sit(person, starts_on):
            on[Body.Kind.COMMITTEE].add(id(person))
            committee.seats.append(SeatSpec(person, MEMBER, starts_on, ends_on))
    for person in inspectors:
        taken = on[Body.Kind.INSPECTION] | on[Body.Kind.COMMITTEE]
        if id(person) not in taken and may_sit(person, starts_on):
            on[Body.Kind.INSPECTION].add(id(person))
            inspection.seats.append(SeatSpec(person, MEMBER, starts_on, ends_on))
    bodies = [committee, standing_body, inspection] if standing else [committee, inspection]
    return TermSpec(org, name, starts_on, ends_on, [b for b in bodies if b.seats])


def grassroots_term(
    *,
    org: Org,
    starts_on: dt.date,
    secretaries: Sequence[PersonSpec],
    others: Sequence[PersonSpec],
    rng: random.Random,
) -> TermSpec | None:
    """The 2020–2025 term of an agency's grassroots committee (đảng ủy cơ sở): secretary, deputy and
    members from its cells' secretaries and other members; three on the inspection commission."""
    ends_on = org.ended_on
    people = [p for p in (*secretaries, *others) if may_sit(p, starts_on)]
    if len(people) < 3:
        return None
    size = min(len(people) - 2, rng.choice((5, 7, 7, 9)))
    committee = BodySpec(Body.Kind.COMMITTEE)
    for i, person in enumerate(people[:size]):
        role = SECRETARY if i == 0 else DEPUTY if i == 1 else MEMBER
        committee.seats.append(SeatSpec(person, role, starts_on, ends_on))
    inspection = BodySpec(Body.Kind.INSPECTION)
    for i, person in enumerate(people[size : size + 3]):
        inspection.seats.append(SeatSpec(person, CHAIR if i == 0 else MEMBER, starts_on, ends_on))
    return TermSpec(org.pk, "2020–2025", starts_on, ends_on, [b for b in (committee, inspection) if b.seats])


def party_body(*, name: str, kind: str, posts: Sequence[PostSpec], starts_on: dt.date) -> BodySpec:
    """A đảng đoàn or ban cán sự đảng of the province until 01/7/2025: the first post's holder is its
    secretary, the second's its deputy, the others members (each for the part of the post held)."""
    body = BodySpec(kind, name)
    seen: set[int] = set()
    for i, spec in enumerate(posts):
        span = _clip(spec.valid_from, spec.valid_to, starts_on, RESTRUCTURING)
        if span is None or id(spec.person) in seen:
            continue
        seen.add(id(spec.person))
        body.seats.append(SeatSpec(spec.person, SECRETARY if i == 0 else DEPUTY if i == 1 else MEMBER, *span))
    return body


# --- training -------------------------------------------------------------------------------------


def _course(
    rng: random.Random, person: PersonSpec, category: str, year: int, *, completed: bool, provider: Providers
) -> TrainingSpec:
    starts = dt.date(year, rng.randint(3, 11), rng.randint(1, 28))
    ends = min(starts + dt.timedelta(days=rng.randint(2, 9)), END)
    given_by = provider[0] if starts < RESTRUCTURING else provider[1]
    return TrainingSpec(
        person, TRAINING_COURSES[category].format(year=year), category, min(starts, ends), ends, completed, given_by
    )


Providers = tuple[str, str]  # who gives the courses before 01/7/2025, and from then on


def trainings(
    rng: random.Random,
    *,
    committee_people: Iterable[PersonSpec],
    posts: Iterable[PostSpec],
    coverage: float,
    provider: Providers,
) -> list[TrainingSpec]:
    """Courses of 2021–2025: party building once in the period for committee members and cell
    secretaries; leadership skills (department-level leaders) and commune titles (commune leaders) every
    year a post is held. ``coverage`` is the chance of a completed course where one is due; a few more
    courses were attended but not completed."""
    found: list[TrainingSpec] = []
    for person in dict.fromkeys(committee_people):
        if rng.random() < coverage:
            years = [y for y in TRAINING_YEARS if person.ended_on is None or dt.date(y, 12, 31) < person.ended_on]
            if years:
                found.append(
                    _course(rng, person, "xay-dung-dang", rng.choice(years), completed=True, provider=provider)
                )
        elif rng.random() < 0.5:
            found.append(_course(rng, person, "xay-dung-dang", 2023, completed=False, provider=provider))
    done: set[tuple[int, str, int]] = set()
    for spec in posts:
        for category, code in ((TPP, "lanh-dao-quan-ly"), (CX, "chuc-danh-cap-xa")):
            if category not in spec.post.categories:
                continue
            for year in TRAINING_YEARS:
                held = spec.valid_from <= dt.date(year, 12, 31) and (
                    spec.valid_to is None or spec.valid_to > dt.date(year, 1, 1)
                )
                key = (id(spec.person), code, year)
                if not held or key in done:
                    continue
                done.add(key)
                if rng.random() < coverage:
                    found.append(_course(rng, spec.person, code, year, completed=True, provider=provider))
                elif rng.random() < 0.3:
                    found.append(_course(rng, spec.person, code, year, completed=False, provider=provider))
    return found
