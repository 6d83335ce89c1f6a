"""Vietnamese personal names for the demo people (no Faker: its ``vi_VN`` mixes English given names in).

Family names carry their approximate share of the population (Nguyễn about 38 %, Trần 12 %, Lê 9.5 %…;
Lê Trung Hoa, *Họ và tên người Việt Nam*, and the 2019 census summaries). Hoàng/Huỳnh and Vũ/Võ are one
family name written the northern or the southern way. Middle names depend on gender and generation
(older men are mostly "Văn", older women mostly "Thị"). Ethnic minorities of the northern uplands have
their own family names (Lò, Cầm, Giàng, Thào, Triệu, Bàn…) and, for the HMông, their own middle names.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

# (northern spelling, southern spelling, weight in ‰)
_FAMILY: tuple[tuple[str, str, float], ...] = (
    ("Nguyễn", "Nguyễn", 384), ("Trần", "Trần", 121), ("Lê", "Lê", 95), ("Phạm", "Phạm", 70),
    ("Hoàng", "Huỳnh", 51), ("Phan", "Phan", 45), ("Vũ", "Võ", 39), ("Đặng", "Đặng", 21),
    ("Bùi", "Bùi", 20), ("Đỗ", "Đỗ", 14), ("Hồ", "Hồ", 13), ("Ngô", "Ngô", 13), ("Dương", "Dương", 10),
    ("Trương", "Trương", 7), ("Đinh", "Đinh", 6), ("Đoàn", "Đoàn", 5), ("Lý", "Lý", 5), ("Đào", "Đào", 5),
    ("Trịnh", "Trịnh", 4), ("Mai", "Mai", 4), ("Cao", "Cao", 4), ("Lương", "Lương", 4), ("Hà", "Hà", 4),
    ("Lâm", "Lâm", 3), ("Tạ", "Tạ", 3), ("Lưu", "Lưu", 3), ("Triệu", "Triệu", 2), ("Phùng", "Phùng", 2),
    ("Vương", "Vương", 2), ("Châu", "Châu", 2), ("Chu", "Chu", 2), ("Tô", "Tô", 2), ("Thái", "Thái", 2),
    ("Nghiêm", "Nghiêm", 1), ("Thân", "Thân", 1), ("Tống", "Tống", 1), ("Kiều", "Kiều", 1),
    ("Quách", "Quách", 1), ("Lại", "Lại", 1), ("Hứa", "Hứa", 1), ("Từ", "Từ", 1), ("La", "La", 1),
    ("Khổng", "Khổng", 0.5), ("Doãn", "Doãn", 0.5), ("Mạc", "Mạc", 0.5), ("Khúc", "Khúc", 0.5),
    ("Ninh", "Ninh", 0.5), ("Cù", "Cù", 0.5), ("Lã", "Lã", 0.5), ("Âu", "Âu", 0.5),
)  # fmt: skip

# Middle names: (name, weight); "Văn" and "Thị" get a weight that depends on the generation.
_MALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Đức", 8), ("Minh", 8), ("Quang", 6), ("Hữu", 6), ("Xuân", 4), ("Thanh", 5), ("Công", 5),
    ("Ngọc", 4), ("Đình", 5), ("Tuấn", 3), ("Anh", 3), ("Trọng", 3), ("Quốc", 4), ("Thành", 3),
    ("Mạnh", 2), ("Duy", 3), ("Tiến", 2), ("Hải", 2), ("Hoàng", 2), ("Trung", 2), ("Việt", 2),
    ("Bá", 2), ("Khắc", 1), ("Huy", 2), ("Đăng", 1), ("Gia", 1), ("Thế", 2), ("Kim", 1),
)  # fmt: skip
_FEMALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Minh", 4), ("Kim", 4), ("Hồng", 4), ("Thúy", 3),
    ("Phương", 3), ("Thùy", 3), ("Mai", 2), ("Hải", 2), ("Bích", 2), ("Diệu", 1), ("Khánh", 2),
    ("Quỳnh", 2), ("Bảo", 1), ("Hoài", 1), ("Thị Thu", 4), ("Thị Thanh", 4), ("Thị Minh", 3),
    ("Thị Kim", 2), ("Thị Hồng", 3), ("Thị Ngọc", 3), ("Thị Hải", 1), ("Thị Thúy", 2),
)  # fmt: skip
MALE_GIVEN: tuple[str, ...] = (
    "An", "Anh", "Bình", "Cường", "Chiến", "Công", "Dũng", "Duy", "Dương", "Đạt", "Đức", "Giang",
    "Hải", "Hiếu", "Hiệp", "Hòa", "Hoàng", "Hùng", "Hưng", "Huy", "Khánh", "Khoa", "Kiên", "Lâm",
    "Long", "Lợi", "Mạnh", "Minh", "Nam", "Nghĩa", "Ngọc", "Phong", "Phú", "Phúc", "Quang", "Quân",
    "Quý", "Sơn", "Tài", "Tân", "Thắng", "Thành", "Thanh", "Thịnh", "Thuận", "Tiến", "Toàn", "Trung",
    "Tú", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hậu", "Hiển", "Khải", "Lực", "Toản", "Trường",
    "Bảo", "Đông", "Hào", "Kiệt", "Luân", "Nhân", "Quyết", "Sang", "Thái", "Thọ", "Tuyên", "Vượng",
)  # fmt: skip
FEMALE_GIVEN: tuple[str, ...] = (
    "An", "Anh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
    "Hồng", "Huệ", "Hương", "Hường", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga",
    "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thanh", "Thảo", "Thoa",
    "Thu", "Thủy", "Thúy", "Trang", "Uyên", "Vân", "Xuân", "Yến", "Lý", "Hoài", "Nhàn", "Thơm",
    "Tuyết", "Diệp", "Gấm", "Hậu", "Lụa", "Minh", "Nguyệt", "Phượng", "Sen", "Tươi", "Vy",
)  # fmt: skip

# Ethnic minorities, by code of the 1979 list (QĐ 121-TCTK/PPCĐ): family names, and for the HMông the
# middle names (men "A", "Seo"…; women "Thị", "Mỷ") and given names; the others use the Kinh given names.
_MINORITY_FAMILY: dict[str, tuple[str, ...]] = {
    "02": ("Hoàng", "Nông", "Lương", "Hà", "Ma", "Đàm", "Lục", "Triệu", "Vi", "Lý", "Nguyễn"),  # Tày
    "03": ("Lò", "Lường", "Cầm", "Quàng", "Vi", "Hà", "Tòng", "Lừ", "Điêu"),  # Thái
    "06": ("Bùi", "Đinh", "Quách", "Hà", "Xa", "Cao", "Bạch"),  # Mường
    "07": ("Hoàng", "Nông", "Lý", "Vy", "Chu", "Lăng", "Mã", "Nguyễn"),  # Nùng
    "08": ("Giàng", "Thào", "Vàng", "Sùng", "Lý", "Mùa", "Hờ", "Vừ", "Lầu", "Cứ"),  # HMông
    "09": ("Triệu", "Bàn", "Lý", "Đặng", "Chảo", "Phùng", "Tẩn", "Lò"),  # Dao
}
_HMONG = "08"
_HMONG_MIDDLE = {"M": ("A", "Seo", "Chừ", "Mí", "Văn"), "F": ("Thị", "Mỷ", "Thị", "Thị")}
_HMONG_GIVEN = {
    "M": ("Pao", "Sính", "Páo", "Chứ", "Dế", "Lử", "Tủa", "Sử", "Chư", "Phừ", "Dình", "Súa", "Giông", "Lềnh"),
    "F": ("Mai", "Dở", "Chá", "Dua", "Sua", "Pằng", "Máy", "Sinh", "Lan", "Dung", "Chở", "Xúa"),
}


class _Weighted:
    """Draws from ``(item, weight)`` pairs with one ``random()`` call and a bisection."""

    def __init__(self, pairs: Sequence[tuple[str, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


_NORTH_FAMILY = _Weighted([(north, w) for north, _, w in _FAMILY])
_SOUTH_FAMILY = _Weighted([(south, w) for _, south, w in _FAMILY])
_MALE_MIDDLE_DRAW = _Weighted(_MALE_MIDDLE)
_FEMALE_MIDDLE_DRAW = _Weighted(_FEMALE_MIDDLE)


@dataclass(frozen=True, slots=True)
class Name:
    family: str
    middle: str
    given: str

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.family, self.middle, self.given) if part)


def _plain_share(born: int) -> float:
    """Share of "Văn" among men's or "Thị" among women's middle names, by year of birth."""
    if born < 1965:
        return 0.6
    if born < 1980:
        return 0.45
    if born < 1992:
        return 0.3
    return 0.15


def vietnamese_name(rng: random.Random, *, gender: str, born: int, ethnicity: str = "01", south: bool = False) -> Name:
    """A plausible name for someone of ``gender`` ("M"/"F") born in ``born`` of ``ethnicity`` (code)."""
    minority = _MINORITY_FAMILY.get(ethnicity)
    if ethnicity == _HMONG:
        return Name(
            rng.choice(_MINORITY_FAMILY[_HMONG]), rng.choice(_HMONG_MIDDLE[gender]), rng.choice(_HMONG_GIVEN[gender])
        )
    if minority is not None:
        family = rng.choice(minority)
        middle = ("Văn" if gender == "M" else "Thị") if rng.random() < 0.7 else _middle(rng, gender=gender)
    else:
        family = (_SOUTH_FAMILY if south else _NORTH_FAMILY).draw(rng)
        if rng.random() < _plain_share(born):
            middle = "Văn" if gender == "M" else "Thị"
        else:
            middle = _middle(rng, gender=gender)
    given = rng.choice(MALE_GIVEN if gender == "M" else FEMALE_GIVEN)
    if middle.endswith(given):  # "Thị Thu Thu"
        given = rng.choice(MALE_GIVEN if gender == "M" else FEMALE_GIVEN)
    return Name(family, middle, given)


def _middle(rng: random.Random, *, gender: str) -> str:
    return (_MALE_MIDDLE_DRAW if gender == "M" else _FEMALE_MIDDLE_DRAW).draw(rng)
