"""How each district of the demo differs: who its members are, and how its leaders measure up to the
targets of seed 000 (section I.2.2).

Districts take turns at three tiers, shifted by the seed, so every province of three districts or more
has districts that meet the targets and districts that miss them:

- ``good``: women 25–36 % of the leaders managed by the Provincial Standing Committee, one under 40,
  master's for 37–47 % of department-level leaders, commune leaders all trung cấp or more in political
  theory and education and 86–97 % đại học, every committee member and leader trained;
- ``fair``: around the thresholds (women 20–26 %, master's 30–38 %, đại học 78–86 %, training 90–100 %);
- ``weak``: below them (women 10–19 %, nobody under 40, master's 18–30 %, đại học 62–78 %, a few commune
  leaders with only sơ cấp, training 72–90 %).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TypedDict

TIERS = ("good", "fair", "weak")

# Province codes of the CCCD (Thông tư 07/2016/TT-BCA, appendix), and the provinces' names for quê quán.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("001", "thành phố Hà Nội"), ("002", "tỉnh Hà Giang"), ("004", "tỉnh Cao Bằng"), ("006", "tỉnh Bắc Kạn"),
    ("008", "tỉnh Tuyên Quang"), ("010", "tỉnh Lào Cai"), ("011", "tỉnh Điện Biên"), ("012", "tỉnh Lai Châu"),
    ("014", "tỉnh Sơn La"), ("015", "tỉnh Yên Bái"), ("017", "tỉnh Hòa Bình"), ("019", "tỉnh Thái Nguyên"),
    ("020", "tỉnh Lạng Sơn"), ("022", "tỉnh Quảng Ninh"), ("024", "tỉnh Bắc Giang"), ("025", "tỉnh Phú Thọ"),
    ("026", "tỉnh Vĩnh Phúc"), ("027", "tỉnh Bắc Ninh"), ("030", "tỉnh Hải Dương"), ("031", "thành phố Hải Phòng"),
    ("033", "tỉnh Hưng Yên"), ("034", "tỉnh Thái Bình"), ("035", "tỉnh Hà Nam"), ("036", "tỉnh Nam Định"),
    ("037", "tỉnh Ninh Bình"), ("038", "tỉnh Thanh Hóa"), ("040", "tỉnh Nghệ An"), ("042", "tỉnh Hà Tĩnh"),
    ("044", "tỉnh Quảng Bình"), ("045", "tỉnh Quảng Trị"), ("046", "tỉnh Thừa Thiên Huế"),
    ("048", "thành phố Đà Nẵng"), ("049", "tỉnh Quảng Nam"), ("051", "tỉnh Quảng Ngãi"), ("052", "tỉnh Bình Định"),
    ("054", "tỉnh Phú Yên"), ("056", "tỉnh Khánh Hòa"), ("058", "tỉnh Ninh Thuận"), ("060", "tỉnh Bình Thuận"),
    ("062", "tỉnh Kon Tum"), ("064", "tỉnh Gia Lai"), ("066", "tỉnh Đắk Lắk"), ("067", "tỉnh Đắk Nông"),
    ("068", "tỉnh Lâm Đồng"), ("070", "tỉnh Bình Phước"), ("072", "tỉnh Tây Ninh"), ("074", "tỉnh Bình Dương"),
    ("075", "tỉnh Đồng Nai"), ("077", "tỉnh Bà Rịa – Vũng Tàu"), ("079", "Thành phố Hồ Chí Minh"),
    ("080", "tỉnh Long An"), ("082", "tỉnh Tiền Giang"), ("083", "tỉnh Bến Tre"), ("084", "tỉnh Trà Vinh"),
    ("086", "tỉnh Vĩnh Long"), ("087", "tỉnh Đồng Tháp"), ("089", "tỉnh An Giang"), ("091", "tỉnh Kiên Giang"),
    ("092", "thành phố Cần Thơ"), ("093", "tỉnh Hậu Giang"), ("094", "tỉnh Sóc Trăng"), ("095", "tỉnh Bạc Liêu"),
    ("096", "tỉnh Cà Mau"),
)  # fmt: skip
_SOUTH_FROM = "070"

# Ethnicity codes of the 1979 list: 02 Tày, 03 Thái, 04 Hoa, 05 Khơ-me, 06 Mường, 07 Nùng, 08 HMông, 09 Dao.
_UPLAND_GROUPS = ("02", "03", "06", "07", "08", "09")
_LOWLAND_MINORITIES = {False: ("04", "06", "02"), True: ("05", "04", "17")}  # 17 Chăm in the south


@dataclass(frozen=True)
class Profile:
    tier: str
    home_code: str  # CCCD province code of most people born here
    south: bool
    # members
    women_members: float
    recent_admissions: float  # share of members admitted from 2020 on
    ethnicities: tuple[tuple[str, float], ...]  # minorities and their shares; the rest are Kinh (01)
    religions: tuple[tuple[str, float], ...]  # religions and their shares; the rest "Không" (00)
    # leaders (seed 000, I.2.2)
    women_btv: float
    young_btv: int
    women_dept: float
    masters: float
    commune_univ: float
    commune_llct: float
    commune_edu: float
    training: float


class _Targets(TypedDict):
    women_btv: float
    young_btv: int
    masters: float
    commune_univ: float
    commune_llct: float
    commune_edu: float
    training: float


def _tiered(rng: random.Random, tier: str) -> _Targets:
    if tier == "good":
        return {
            "women_btv": rng.uniform(0.25, 0.36),
            "young_btv": 1,
            "masters": rng.uniform(0.37, 0.47),
            "commune_univ": rng.uniform(0.86, 0.97),
            "commune_llct": 1.0,
            "commune_edu": 1.0,
            "training": 1.0,
        }
    if tier == "fair":
        return {
            "women_btv": rng.uniform(0.2, 0.26),
            "young_btv": rng.randint(0, 1),
            "masters": rng.uniform(0.3, 0.38),
            "commune_univ": rng.uniform(0.78, 0.86),
            "commune_llct": 1.0 if rng.random() < 0.5 else rng.uniform(0.92, 0.99),
            "commune_edu": 1.0,
            "training": 1.0 if rng.random() < 0.4 else rng.uniform(0.9, 0.99),
        }
    return {
        "women_btv": rng.uniform(0.1, 0.19),
        "young_btv": 0,
        "masters": rng.uniform(0.18, 0.3),
        "commune_univ": rng.uniform(0.62, 0.78),
        "commune_llct": rng.uniform(0.82, 0.93),
        "commune_edu": rng.uniform(0.9, 0.97),
        "training": rng.uniform(0.72, 0.9),
    }


def district_profile(
    *, seed: int, code: str, index: int, south: bool, upland: bool, home_code: str | None = None
) -> Profile:
    """The profile of the ``index``-th level-2 committee of the plan (its chunk ``code``)."""
    rng = random.Random(f"{seed}/people/profile/{code}")  # noqa: S311 - synthetic data, not secrets
    tier = TIERS[(index + seed) % len(TIERS)]
    if not upland and rng.random() < 0.2:
        upland = True  # a mountainous district in a lowland province
    if upland:
        groups = rng.sample(_UPLAND_GROUPS, rng.randint(1, 3))
        total = rng.uniform(0.3, 0.75)
        weights = [rng.random() + 0.2 for _ in groups]
        ethnicities = tuple((g, total * w / sum(weights)) for g, w in zip(groups, weights, strict=True))
    else:
        ethnicities = tuple((g, rng.uniform(0.0, 0.012)) for g in _LOWLAND_MINORITIES[south])
    religions = [("01", rng.uniform(0.01, 0.06)), ("02", rng.uniform(0.0, 0.09) if rng.random() < 0.4 else 0.005)]
    if south:
        religions += [("03", rng.uniform(0.0, 0.04)), ("05", rng.uniform(0.0, 0.03))]
    if upland:
        religions.append(("08", rng.uniform(0.0, 0.03)))  # Tin Lành among the HMông
    codes = [c for c, _ in PROVINCES if (c >= _SOUTH_FROM) == south]
    return Profile(
        tier=tier,
        home_code=home_code or rng.choice(codes),
        south=south,
        women_members=rng.uniform(0.3, 0.42),
        recent_admissions=rng.uniform(0.11, 0.17),
        ethnicities=ethnicities,
        religions=tuple(religions),
        women_dept=rng.uniform(0.22, 0.42),
        **_tiered(rng, tier),
    )


def province_profile(*, seed: int, south: bool, home_code: str) -> Profile:
    """The province's own agencies: near the thresholds, a little above most of them."""
    rng = random.Random(f"{seed}/people/profile/province")  # noqa: S311 - synthetic data, not secrets
    values = _tiered(rng, "fair")
    values["masters"] = rng.uniform(0.4, 0.5)  # provincial departments hold most of the master's degrees
    return Profile(
        tier="fair",
        home_code=home_code,
        south=south,
        women_members=rng.uniform(0.38, 0.48),
        recent_admissions=rng.uniform(0.1, 0.14),
        ethnicities=tuple((g, rng.uniform(0.0, 0.01)) for g in _LOWLAND_MINORITIES[south]),
        religions=(("01", rng.uniform(0.01, 0.04)), ("02", rng.uniform(0.0, 0.02))),
        women_dept=rng.uniform(0.3, 0.42),
        **values,
    )


def province_home_code(*, seed: int, south: bool) -> str:
    rng = random.Random(f"{seed}/people/home")  # noqa: S311 - synthetic data, not secrets
    return rng.choice([c for c, _ in PROVINCES if (c >= _SOUTH_FROM) == south])


def province_name_of(code: str) -> str:
    return next(name for c, name in PROVINCES if c == code)
