"""A synthetic demo province: a deterministic plan of tree operations, and two ways to write it.

``DemoPlan`` turns a seed and a size into a stream of operations on the tree (create, rename,
move, dissolve, merge, split) grouped in chunks, one chunk per level-2 committee, dated from
01/01/2020 through the restructuring of 01/7/2025. Chunks are generated one at a time, so a
tree of any size is produced with memory bounded by one chunk.

Two writers apply a plan:

- ``ServiceWriter`` calls ``pbms.orgs.services`` operation by operation, as users would. It
  is the reference, and too slow for more than the small size (a dozen queries per row).
- ``BulkWriter`` replays the same operations on an in-memory copy of the chunk's open rows,
  with the services' semantics (closing rows, re-pathing subtrees, dropping a row that would
  hold for no day), then writes the rows the services would have written with a few
  ``bulk_create`` per chunk. Events and their roles are the services' own, one per
  operation; the audit log gets one row per chunk instead of one per operation.

The tests build the small province with both writers and compare every row.

``national`` is one very large province (about 690 district-level committees under one root),
not 63 provinces under a national root: the kinds have no level above the province, and one
root keeps every scope and selector exactly as in production.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.audit.services import audit_record
from pbms.lib.exceptions import ApplicationError
from pbms.lib.text import fold, nfc
from pbms.orgs import services
from pbms.orgs.models import Organization, OrgEvent, OrgEventRole, OrgKind, Placement
from pbms.orgs.selectors import org_count_as_of

START = dt.date(2020, 1, 1)
RESTRUCTURING = dt.date(2025, 7, 1)
BEFORE = dt.date(2024, 12, 31)
AFTER = dt.date(2026, 1, 1)
ROOT_CODE = "TINH"
DEMO_PASSWORD = "DangBo@2025"  # noqa: S105 - a published demo password, printed by the command
BATCH_SIZE = 2000

EventKind = OrgEvent.Kind
EventRole = OrgEventRole.Role


class DemoError(ApplicationError):
    """The demo cannot be loaded (the database is not empty, a bad option...)."""


# --- the plan: operations ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Create:
    code: str
    name: str
    kind: str
    parent: str | None
    day: dt.date
    ref: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Rename:
    code: str
    name: str
    kind: str | None
    day: dt.date
    ref: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Move:
    code: str
    new_parent: str
    day: dt.date
    ref: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dissolve:
    code: str
    day: dt.date
    ref: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Merge:
    """Into ``target`` when given (sáp nhập), else into a new organisation (hợp nhất)."""

    sources: tuple[str, ...]
    day: dt.date
    ref: str
    target: str | None = None
    new_code: str = ""
    new_name: str = ""
    new_kind: str = ""
    new_parent: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Part:
    code: str
    name: str
    kind: str
    children: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Split:
    code: str
    parts: tuple[Part, ...]
    day: dt.date
    ref: str
    note: str = ""


Op = Create | Rename | Move | Dissolve | Merge | Split


@dataclass(slots=True)
class Chunk:
    """The operations of one level-2 committee (or of the root), in date order."""

    subject: str  # the organisation the chunk is about: the object of its audit row
    ops: list[Op]
    keep: tuple[str, ...] = ()  # organisations later chunks attach to (the root)


@dataclass(slots=True)
class DemoPicks:
    """Organisations the demo accounts are granted on, chosen while the plan is generated."""

    root: str = ROOT_CODE
    district: str = ""  # a district that lives until 30/6/2025
    commune: str = ""  # the new commune that takes over that district's seat on 01/7/2025
    cell: str = ""  # a village cell that lives through every change


# --- the plan: sizes and names -------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Ranges are inclusive (random.randint)."""

    districts: int  # territorial level-2 committees; 3 direct committees come on top
    communes: tuple[int, int]  # per district
    villages: tuple[int, int]  # village / residential-group cells per commune
    commune_extras: tuple[int, int]  # other cells of a commune committee (military, police, ...)
    bodies: int  # district agencies, from _DISTRICT_BODIES
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

_FIRST = (
    "An", "Bình", "Tân", "Phú", "Hòa", "Vĩnh", "Long", "Xuân", "Đông", "Tây", "Nam", "Bắc", "Thanh",
    "Hưng", "Mỹ", "Phước", "Quảng", "Đức", "Gia", "Thạch", "Cẩm", "Kim", "Hồng", "Yên", "Ninh",
    "Hải", "Sơn", "Thái", "Minh", "Quế", "Lạc", "Diên", "Tuy", "Hiệp", "Thạnh", "Nghĩa", "Lương",
    "Hoài", "Cát", "Trung", "Hoàng", "Quỳnh", "Triệu", "Hương", "Khánh", "Thiệu", "Phong", "Văn",
    "Liên", "Thượng", "Đại", "Tiên", "Phúc", "Thuận", "Châu", "Lam", "Ngọc", "Đồng", "Cao", "Vạn",
)  # fmt: skip
_SECOND = (
    "An", "Bình", "Hòa", "Phú", "Lợi", "Lộc", "Thịnh", "Hưng", "Thành", "Long", "Lập", "Tiến",
    "Thắng", "Sơn", "Hải", "Lâm", "Điền", "Mỹ", "Phong", "Thuận", "Định", "Khánh", "Hiệp", "Xuân",
    "Trung", "Đông", "Tây", "Hà", "Giang", "Thủy", "Ninh", "Quang", "Minh", "Tân", "Phước", "Nghĩa",
    "Đức", "Châu", "Hội", "Vinh", "Tường", "Yên", "Thạnh", "Lạc", "Cường", "Hậu", "Dương", "Kiều",
    "Trạch", "Lĩnh", "Thái", "Tú", "Quý", "Thọ", "Kim", "Tiên", "Hồng", "Bảo", "Nguyên", "Cát",
)  # fmt: skip
PLACE_NAMES: tuple[str, ...] = tuple(f"{a} {b}" for a in _FIRST for b in _SECOND if a != b)

# village and residential-group words by region: (commune, ward/township)
_REGIONS = (("thôn", "tổ dân phố"), ("xóm", "tổ dân phố"), ("ấp", "khu phố"), ("bản", "tổ dân phố"))


@dataclass(frozen=True)
class _Unit:
    """A grassroots organisation from a catalogue: a cell, or a committee with cells and sub-committees.

    ``{unit}`` is "huyện Đông Sơn", ``{cu}`` "Huyện ủy", ``{place}`` "Đông Sơn", ``{p}`` the province.
    """

    name: str
    cells: tuple[str, ...] = ()
    subs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    party: bool = False  # goes to "Đảng bộ các cơ quan Đảng tỉnh" in 2025 (else to the UBND committee)

    @property
    def is_committee(self) -> bool:
        return bool(self.cells or self.subs)


_DISTRICT_BODIES = (
    _Unit(
        "Đảng bộ Cơ quan Ủy ban nhân dân {unit}",
        cells=(
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
            "Phòng Tài chính – Kế hoạch",
            "Phòng Giáo dục và Đào tạo",
            "Phòng Nông nghiệp và Phát triển nông thôn",
            "Phòng Tài nguyên và Môi trường",
            "Phòng Nội vụ",
            "Phòng Lao động – Thương binh và Xã hội",
            "Phòng Văn hóa và Thông tin",
            "Phòng Y tế",
            "Thanh tra",
            "Phòng Kinh tế và Hạ tầng",
            "Phòng Tư pháp",
        ),
    ),
    _Unit(
        "Đảng bộ Khối Đảng – Đoàn thể {unit}",
        cells=(
            "Văn phòng {cu}",
            "Ban Tổ chức {cu}",
            "Ủy ban Kiểm tra {cu}",
            "Ban Tuyên giáo {cu}",
            "Ban Dân vận {cu}",
            "Trung tâm Chính trị",
            "Ủy ban Mặt trận Tổ quốc",
            "Các đoàn thể chính trị – xã hội",
        ),
    ),
    _Unit("Đảng bộ Quân sự {unit}", cells=("Chỉ huy", "Tham mưu", "Chính trị", "Hậu cần – Kỹ thuật")),
    _Unit(
        "Đảng bộ Công an {unit}",
        cells=("Đội Tham mưu – Tổng hợp",),
        subs=(
            ("Khối An ninh", ("Đội An ninh", "Đội Quản lý xuất nhập cảnh")),
            (
                "Khối Cảnh sát",
                (
                    "Đội Cảnh sát điều tra tội phạm về trật tự xã hội",
                    "Đội Cảnh sát giao thông – Trật tự",
                    "Đội Cảnh sát quản lý hành chính về trật tự xã hội",
                ),
            ),
        ),
    ),
    _Unit(
        "Đảng bộ Trung tâm Y tế {unit}",
        cells=(
            "Khoa Khám bệnh",
            "Khoa Nội",
            "Khoa Ngoại",
            "Khoa Sản",
            "Khoa Dược",
            "Khoa Kiểm soát bệnh tật",
            "Phòng Tổ chức – Hành chính",
        ),
    ),
    _Unit("Chi bộ Viện Kiểm sát nhân dân {unit}"),
    _Unit("Chi bộ Tòa án nhân dân {unit}"),
    _Unit("Chi bộ Chi cục Thi hành án dân sự {unit}"),
    _Unit("Chi bộ Kho bạc Nhà nước {unit}"),
    _Unit("Chi bộ Chi cục Thuế {unit}"),
    _Unit("Chi bộ Phòng Giao dịch Ngân hàng Chính sách xã hội {unit}"),
    _Unit("Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên {unit}"),
    _Unit("Chi bộ Trung tâm Văn hóa – Thông tin và Thể thao {unit}"),
    _Unit("Chi bộ Ban Quản lý dự án đầu tư xây dựng {unit}"),
    _Unit("Chi bộ Hạt Kiểm lâm {unit}"),
    _Unit("Chi bộ Bưu điện {unit}"),
    _Unit("Chi bộ Điện lực {place}"),
)
_CORE_BODIES = 5  # the committees above: every district has them before any of the cells

_OFFICE_CELLS = ("Văn phòng Sở", "Phòng Kế hoạch – Tài chính", "Thanh tra Sở", "Phòng Quản lý chuyên ngành")
_PROVINCE_BODIES = (
    _Unit(
        "Đảng bộ Văn phòng Tỉnh ủy",
        cells=("Phòng Tổng hợp", "Phòng Hành chính – Lưu trữ", "Phòng Quản trị – Tài vụ", "Phòng Cơ yếu"),
        party=True,
    ),
    _Unit("Chi bộ Ban Tổ chức Tỉnh ủy", party=True),
    _Unit("Chi bộ Ủy ban Kiểm tra Tỉnh ủy", party=True),
    _Unit("Chi bộ Ban Tuyên giáo Tỉnh ủy", party=True),
    _Unit("Chi bộ Ban Dân vận Tỉnh ủy", party=True),
    _Unit("Chi bộ Ban Nội chính Tỉnh ủy", party=True),
    _Unit(
        "Đảng bộ Trường Chính trị tỉnh",
        cells=("Khoa Xây dựng Đảng", "Khoa Lý luận cơ sở", "Khoa Nhà nước và pháp luật", "Phòng Tổ chức – Hành chính"),
        party=True,
    ),
    _Unit("Đảng bộ Báo {p}", cells=("Ban Thời sự", "Ban Kinh tế", "Ban Điện tử", "Phòng Trị sự"), party=True),
    _Unit("Chi bộ Cơ quan Ủy ban Mặt trận Tổ quốc tỉnh", party=True),
    _Unit("Chi bộ Cơ quan Tỉnh đoàn", party=True),
    _Unit("Chi bộ Hội Liên hiệp Phụ nữ tỉnh", party=True),
    _Unit("Chi bộ Hội Nông dân tỉnh", party=True),
    _Unit("Chi bộ Liên đoàn Lao động tỉnh", party=True),
    _Unit("Chi bộ Hội Cựu chiến binh tỉnh", party=True),
    _Unit("Chi bộ Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", party=True),
    _Unit(
        "Đảng bộ Văn phòng Ủy ban nhân dân tỉnh",
        cells=("Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo – Văn xã", "Phòng Hành chính – Tổ chức"),
    ),
    _Unit("Đảng bộ Sở Tài chính", cells=_OFFICE_CELLS),
    _Unit("Đảng bộ Sở Kế hoạch và Đầu tư", cells=_OFFICE_CELLS),
    _Unit("Đảng bộ Sở Giáo dục và Đào tạo", cells=_OFFICE_CELLS),
    _Unit("Đảng bộ Sở Y tế", cells=_OFFICE_CELLS),
    _Unit("Chi bộ Sở Nội vụ"),
    _Unit("Chi bộ Sở Tư pháp"),
    _Unit("Chi bộ Sở Công Thương"),
    _Unit("Chi bộ Sở Xây dựng"),
    _Unit("Đảng bộ Sở Giao thông vận tải", cells=_OFFICE_CELLS),
    _Unit("Đảng bộ Sở Nông nghiệp và Phát triển nông thôn", cells=_OFFICE_CELLS),
    _Unit("Chi bộ Sở Tài nguyên và Môi trường"),
    _Unit("Chi bộ Sở Lao động – Thương binh và Xã hội"),
    _Unit("Chi bộ Sở Văn hóa, Thể thao và Du lịch"),
    _Unit("Chi bộ Sở Khoa học và Công nghệ"),
    _Unit("Chi bộ Sở Thông tin và Truyền thông"),
    _Unit("Chi bộ Thanh tra tỉnh"),
    _Unit(
        "Đảng bộ Bệnh viện Đa khoa tỉnh",
        cells=("Phòng Kế hoạch tổng hợp", "Phòng Tổ chức cán bộ"),
        subs=(
            ("Khối Nội", ("Khoa Nội tổng hợp", "Khoa Tim mạch", "Khoa Nhi", "Khoa Truyền nhiễm")),
            ("Khối Ngoại", ("Khoa Ngoại tổng hợp", "Khoa Chấn thương chỉnh hình", "Khoa Gây mê hồi sức")),
        ),
    ),
    _Unit("Chi bộ Kho bạc Nhà nước tỉnh"),
    _Unit("Đảng bộ Cục Thuế tỉnh", cells=("Văn phòng Cục", "Phòng Kiểm tra", "Phòng Tuyên truyền – Hỗ trợ")),
    _Unit("Chi bộ Ban Quản lý các khu công nghiệp tỉnh"),
    _Unit("Chi bộ Đài Phát thanh và Truyền hình tỉnh"),
)
_PROVINCE_FIRMS = (
    # the first one is renamed in 2022 (equitised): keep it a "TNHH Một thành viên" cell
    _Unit("Chi bộ Công ty TNHH Một thành viên Khai thác công trình thủy lợi {p}"),
    _Unit(
        "Đảng bộ Công ty Điện lực {p}", cells=("Văn phòng Công ty", "Phòng Kỹ thuật", "Đội Quản lý vận hành lưới điện")
    ),
    _Unit("Đảng bộ Viễn thông {p}", cells=("Phòng Kỹ thuật – Đầu tư", "Trung tâm Điều hành thông tin")),
    _Unit("Đảng bộ Bưu điện tỉnh", cells=("Văn phòng Bưu điện tỉnh", "Bưu điện thành phố")),
    _Unit(
        "Đảng bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh {p}",
        cells=("Văn phòng chi nhánh", "Phòng Kế hoạch – Kinh doanh", "Phòng Kế toán – Ngân quỹ"),
    ),
    _Unit("Chi bộ Ngân hàng Thương mại Cổ phần Công Thương chi nhánh {p}"),
    _Unit("Chi bộ Ngân hàng Thương mại Cổ phần Đầu tư và Phát triển chi nhánh {p}"),
    _Unit("Chi bộ Ngân hàng Thương mại Cổ phần Ngoại thương chi nhánh {p}"),
    _Unit(
        "Đảng bộ Công ty Cổ phần Cấp nước {p}", cells=("Văn phòng Công ty", "Nhà máy nước số 1", "Nhà máy nước số 2")
    ),
    _Unit("Chi bộ Công ty TNHH Một thành viên Xổ số kiến thiết {p}"),
    _Unit("Đảng bộ Công ty Cổ phần Môi trường Đô thị {p}", cells=("Văn phòng Công ty", "Đội Vệ sinh môi trường")),
    _Unit("Chi bộ Công ty Cổ phần Dược phẩm {p}"),
    _Unit("Chi bộ Công ty Cổ phần Xây dựng Giao thông {p}"),
)
_MILITARY = (
    _Unit(
        "Đảng bộ Cơ quan Bộ Chỉ huy Quân sự tỉnh",
        cells=("Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần – Kỹ thuật", "Văn phòng Bộ Chỉ huy"),
    ),
    _Unit(
        "Đảng bộ Trung đoàn Bộ binh {regiment}",
        subs=(
            ("Tiểu đoàn 1", ("Đại đội 1", "Đại đội 2", "Đại đội 3")),
            ("Tiểu đoàn 2", ("Đại đội 5", "Đại đội 6", "Đại đội 7")),
        ),
        cells=("Cơ quan Trung đoàn",),
    ),
    _Unit("Đảng bộ Trường Quân sự tỉnh", cells=("Khoa Quân sự", "Khoa Chính trị", "Phòng Đào tạo")),
    _Unit("Chi bộ Đại đội Trinh sát"),
    _Unit("Chi bộ Đại đội Công binh"),
    _Unit("Chi bộ Đại đội Thông tin"),
    _Unit("Chi bộ Đại đội Phòng không"),
    _Unit("Chi bộ Kho Kỹ thuật"),
    _Unit("Chi bộ Trạm Sửa chữa tổng hợp"),
    _Unit("Chi bộ Bệnh xá Quân y"),
)

_FIRM_INDUSTRIES = (
    "Xây dựng", "Thương mại và Dịch vụ", "May mặc", "Chế biến Nông sản", "Vật liệu Xây dựng", "Vận tải",
    "Chế biến Gỗ", "Thủy sản", "Cơ khí", "Giày da", "Chè", "Cao su", "Điện tử", "Thức ăn Chăn nuôi",
)  # fmt: skip
_SCHOOLS = ("Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở")
_COMMUNE_EXTRAS = ("Quân sự", "Công an", "Cơ quan", "Trạm Y tế")


# --- the plan: generation ------------------------------------------------------------------------


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
        return f"{_UNIT_WORD[self.kind]} {self.place}"

    @property
    def name(self) -> str:
        return f"Đảng bộ {self.unit}"


_UNIT_WORD = {"district": "huyện", "town": "thị xã", "city": "thành phố"}
_COMMITTEE_WORD = {"district": "Huyện ủy", "town": "Thị ủy", "city": "Thành ủy"}


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
        self._region = self._rng.randrange(len(_REGIONS))

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
            yield self._district_chunk(level2, index=index)
        yield self._direct_chunk()

    def _chunk_rng(self, code: str) -> random.Random:
        return random.Random(f"{self.seed}/{code}")  # noqa: S311 - synthetic data, not secrets

    # -- a district, from 2020 to its end on 01/7/2025

    def _district_chunk(self, level2: _Level2, *, index: int) -> Chunk:
        rng = self._chunk_rng(level2.code)
        profile = self.profile
        hu = _Refs(rng)
        ops: list[Op] = [
            Create(level2.code, level2.name, level2.kind, ROOT_CODE, START, self._tu.next("TU", year=2020))
        ]
        base_ref = hu.next("HU", year=2020)
        region = _REGIONS[rng.randrange(len(_REGIONS))] if self.size == "national" else _REGIONS[self._region]

        communes = self._communes(level2, rng=rng)
        for commune in communes:
            ops.append(Create(commune.code, commune.name, "grassroots_committee", level2.code, START, base_ref))
            ops.extend(self._commune_cells(commune, rng=rng, region=region, ref=base_ref))

        agencies: list[_Agency] = []
        fmt = {"unit": level2.unit, "cu": _COMMITTEE_WORD[level2.kind], "place": level2.place, "p": self.province}
        bodies = list(_DISTRICT_BODIES[:_CORE_BODIES]) + rng.sample(
            _DISTRICT_BODIES[_CORE_BODIES:], max(0, min(profile.bodies, len(_DISTRICT_BODIES)) - _CORE_BODIES)
        )
        units: list[tuple[_Unit, str | None]] = [(u, None) for u in bodies[: profile.bodies]]
        grassroots_schools: set[tuple[str, str]] = set()
        for commune in communes:
            for school in _SCHOOLS:
                if rng.random() < profile.school_rate:
                    grassroots_schools.add((commune.code, school))
                    units.append((_Unit(f"Chi bộ {school} {commune.place}"), commune.code))
        for place in rng.sample(PLACE_NAMES, rng.randint(*profile.high_schools)):
            units.append((_Unit(f"Chi bộ Trường Trung học phổ thông {place}"), None))
        units.extend((firm, None) for firm in self._firms(rng=rng))
        width = _width(len(units))
        for i, (unit, home) in enumerate(units, start=1):
            code = f"{level2.code}.D{i:0{width}d}"
            agencies.append(_Agency(code=code, name=unit.name.format(**fmt), home=home))
            ops.extend(self._unit_ops(unit, rng=rng, code=code, parent=level2.code, ref=base_ref, fmt=fmt))
        # the schools that are not grassroots organisations are cells of their commune's committee
        for commune in communes:
            for school in _SCHOOLS:
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
        for extra in _COMMUNE_EXTRAS[: rng.randint(*self.profile.commune_extras)]:
            name = f"Chi bộ {extra} {commune.word} {commune.place}"
            yield Create(commune.cell_code(), name, "cell", commune.code, START, ref)

    def _firms(self, *, rng: random.Random) -> list[_Unit]:
        count = max(1, rng.randint(*self.profile.enterprises))
        firms = []
        for i in range(count):
            industry = rng.choice(_FIRM_INDUSTRIES)
            place = rng.choice(PLACE_NAMES)
            if i == 0:  # equitised in 2022 (see _district_changes)
                firms.append(_Unit(f"Chi bộ Công ty TNHH {industry} {place}"))
            elif rng.random() < 0.35:
                workshops = tuple(f"Phân xưởng {n}" for n in range(1, rng.randint(2, 4) + 1))
                firms.append(
                    _Unit(
                        f"Đảng bộ Công ty Cổ phần {industry} {place}",
                        cells=("Văn phòng Công ty", "Phòng Kỹ thuật – Sản xuất"),
                        subs=tuple((f"Xí nghiệp {n}", workshops) for n in range(1, rng.randint(1, 2) + 1)),
                    )
                )
            else:
                firms.append(_Unit(f"Chi bộ {rng.choice(('Công ty TNHH', 'Công ty Cổ phần'))} {industry} {place}"))
        return firms

    def _unit_ops(
        self, unit: _Unit, *, rng: random.Random, code: str, parent: str, ref: str, fmt: dict[str, str]
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
            ("K01", "Đảng bộ Khối các cơ quan tỉnh", _PROVINCE_BODIES),
            ("K02", "Đảng bộ Khối doanh nghiệp tỉnh", _PROVINCE_FIRMS),
            ("K03", "Đảng bộ Quân sự tỉnh", _MILITARY),
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


# --- writer 1: through the services -------------------------------------------------------------


class ServiceWriter:
    """Applies a plan through ``pbms.orgs.services``: the reference semantics."""

    def __init__(self, *, actor: User) -> None:
        self.actor = actor
        self.kinds = {k.code: k for k in OrgKind.objects.select_related("level")}
        self._orgs: dict[str, Organization] = {}

    def _org(self, code: str) -> Organization:
        if code not in self._orgs:
            self._orgs[code] = Organization.objects.get(code=code)
        return self._orgs[code]

    def write(self, chunk: Chunk) -> None:
        for op in chunk.ops:
            self.apply(op)

    def apply(self, op: Op) -> None:
        actor = self.actor
        match op:
            case Create():
                self._orgs[op.code] = services.org_create(
                    actor=actor,
                    code=op.code,
                    name=op.name,
                    kind=self.kinds[op.kind],
                    parent=self._org(op.parent) if op.parent else None,
                    effective_date=op.day,
                    decision_ref=op.ref,
                    note=op.note,
                )
            case Rename():
                services.org_rename(
                    actor=actor,
                    org=self._org(op.code),
                    name=op.name,
                    kind=self.kinds[op.kind] if op.kind else None,
                    effective_date=op.day,
                    decision_ref=op.ref,
                    note=op.note,
                )
            case Move():
                services.org_move(
                    actor=actor,
                    org=self._org(op.code),
                    new_parent=self._org(op.new_parent),
                    effective_date=op.day,
                    decision_ref=op.ref,
                    note=op.note,
                )
            case Dissolve():
                services.org_dissolve(
                    actor=actor, org=self._org(op.code), effective_date=op.day, decision_ref=op.ref, note=op.note
                )
            case Merge():
                merged = services.org_merge(
                    actor=actor,
                    sources=[self._org(code) for code in op.sources],
                    effective_date=op.day,
                    decision_ref=op.ref,
                    target=self._org(op.target) if op.target else None,
                    new_code=op.new_code,
                    new_name=op.new_name,
                    new_kind=self.kinds[op.new_kind] if op.new_kind else None,
                    new_parent=self._org(op.new_parent) if op.new_parent else None,
                    note=op.note,
                )
                self._orgs[merged.code] = merged
            case Split():
                parts = [
                    services.SplitPart(
                        name=p.name, kind=self.kinds[p.kind], code=p.code, children=[self._org(c) for c in p.children]
                    )
                    for p in op.parts
                ]
                created = services.org_split(
                    actor=actor,
                    org=self._org(op.code),
                    parts=parts,
                    effective_date=op.day,
                    decision_ref=op.ref,
                    note=op.note,
                )
                self._orgs.update((org.code, org) for org in created)


# --- writer 2: in bulk ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Kind:
    code: str
    pk: int
    name: str
    rank: int
    valid_from: dt.date | None
    valid_to: dt.date | None

    def usable_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


@dataclass(slots=True, eq=False)
class _Event:
    kind: str
    day: dt.date
    ref: str
    note: str
    details: dict[str, Any]
    roles: dict[tuple[str, str], None] = field(default_factory=dict)  # an ordered set of (code, role)
    pk: int = 0  # set once written


@dataclass(slots=True, eq=False)
class _Row:
    code: str
    parent: str | None
    name: str
    kind: _Kind
    path: tuple[str, ...]  # codes from the root to this organisation
    valid_from: dt.date
    event: _Event | None  # None for a row an earlier chunk wrote (the root)
    valid_to: dt.date | None = None
    dropped: bool = False  # began and ended on the same day: the services delete such a row


@dataclass(slots=True)
class _Org:
    code: str
    created_on: dt.date
    ended_on: dt.date | None = None


class PlanError(DemoError):
    """The plan asks for something the services would refuse: a bug in the plan, not in the data."""


class _Simulation:
    """One chunk's operations on an in-memory copy of the open rows, with the services' semantics.

    Only the operation's own rows and their subtrees are touched, as in the services. The rows
    of earlier chunks (``anchors``: the root) may be attached to but never changed.
    """

    def __init__(self, *, anchors: dict[str, _Row], kinds: dict[str, _Kind]) -> None:
        self.kinds = kinds
        self.open: dict[str, _Row] = dict(anchors)
        self.external = frozenset(anchors)
        self.children: dict[str, dict[str, None]] = {}
        self.rows: list[_Row] = []
        self.events: list[_Event] = []
        self.orgs: dict[str, _Org] = {}
        self._last_day = dt.date.min

    # -- mechanics

    def _fail(self, message: str) -> PlanError:
        return PlanError(f"Kế hoạch dữ liệu mẫu không hợp lệ: {message}")

    def _live(self, code: str, *, day: dt.date) -> _Row:
        row = self.open.get(code)
        if row is None or row.valid_from > day:
            raise self._fail(f"{code} không tồn tại vào ngày {day:%d/%m/%Y}.")
        if code in self.external:
            raise self._fail(f"{code} thuộc phần đã ghi trước, không được thay đổi.")
        return row

    def _parent(self, code: str, *, day: dt.date) -> _Row:
        row = self.open.get(code)
        if row is None or row.valid_from > day:
            raise self._fail(f"cấp trên {code} không tồn tại vào ngày {day:%d/%m/%Y}.")
        return row

    def _check_kind(self, kind: _Kind, *, day: dt.date, parent: _Row | None) -> None:
        if not kind.usable_on(day):
            raise self._fail(f"loại hình {kind.code} không áp dụng vào ngày {day:%d/%m/%Y}.")
        if (parent is None) != (kind.rank == 1) or (parent is not None and kind.rank <= parent.kind.rank):
            raise self._fail(f"loại hình {kind.code} không thể trực thuộc {parent.code if parent else 'gốc'}.")

    def _event(self, op: Op, *, kind: str, details: dict[str, Any], roles: Sequence[tuple[str, str]]) -> _Event:
        event = _Event(kind=kind, day=op.day, ref=nfc(op.ref), note=nfc(op.note), details=details)
        event.roles.update(dict.fromkeys(roles))
        self.events.append(event)
        return event

    def _add(self, row: _Row) -> None:
        self.open[row.code] = row
        self.rows.append(row)
        if row.parent is not None:
            self.children.setdefault(row.parent, {})[row.code] = None

    def _close(self, row: _Row, *, day: dt.date) -> None:
        if row.code in self.external:
            raise self._fail(f"{row.code} thuộc phần đã ghi trước, không được thay đổi.")
        if row.valid_from < day:
            row.valid_to = day
        else:
            row.dropped = True
        del self.open[row.code]
        if row.parent is not None:
            self.children[row.parent].pop(row.code, None)

    def _new(self, *, code: str, name: str, kind: _Kind, parent: _Row | None, day: dt.date, event: _Event) -> _Row:
        if code in self.orgs or code in self.open:
            raise self._fail(f"mã {code} bị dùng hai lần.")
        self.orgs[code] = _Org(code=code, created_on=day)
        row = _Row(
            code=code,
            parent=parent.code if parent else None,
            name=name,
            kind=kind,
            path=(parent.path if parent else ()) + (code,),
            valid_from=day,
            event=event,
        )
        self._add(row)
        return row

    def _subtree(self, row: _Row) -> list[_Row]:
        found, stack = [], [row]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self.open[c] for c in self.children.get(current.code, {}))
        return found

    def _repath(self, row: _Row, *, parent: _Row, day: dt.date, event: _Event) -> None:
        """Reopen ``row``'s subtree from ``day`` under ``parent``: services._repath."""
        prefix, old_len = (*parent.path, row.code), len(row.path)
        subtree = self._subtree(row)
        fresh = [
            _Row(
                code=old.code,
                parent=parent.code if old is row else old.parent,
                name=old.name,
                kind=old.kind,
                path=prefix + old.path[old_len:],
                valid_from=day,
                event=event,
            )
            for old in subtree
        ]
        for old in subtree:
            if old.valid_from > day:
                raise self._fail(f"{old.code} đã có thay đổi sau ngày {day:%d/%m/%Y}.")
            self._close(old, day=day)
        for new in fresh:
            self._add(new)

    def _end(self, row: _Row, *, day: dt.date) -> None:
        self._close(row, day=day)
        self.orgs[row.code].ended_on = day

    # -- operations

    def apply(self, op: Op) -> None:
        # The services refuse a change dated before a recorded later one; a chunk in date order
        # never asks for one, which is what lets the simulation skip the history lookups.
        if op.day < self._last_day:
            raise self._fail(f"các thao tác phải theo thứ tự ngày ({op.day:%d/%m/%Y} sau {self._last_day:%d/%m/%Y}).")
        self._last_day = op.day
        match op:
            case Create():
                self._create(op)
            case Rename():
                self._rename(op)
            case Move():
                self._move(op)
            case Dissolve():
                self._dissolve(op)
            case Merge():
                self._merge(op)
            case Split():
                self._split(op)

    def _create(self, op: Create) -> None:
        parent = self._parent(op.parent, day=op.day) if op.parent else None
        kind = self.kinds[op.kind]
        self._check_kind(kind, day=op.day, parent=parent)
        name = nfc(op.name)
        event = self._event(
            op,
            kind=EventKind.CREATED,
            details={"name": name, "kind": kind.name, "parent": parent.name if parent else None},
            roles=[(parent.code, EventRole.NEW_PARENT)] if parent else [],
        )
        self._new(code=op.code.upper(), name=name, kind=kind, parent=parent, day=op.day, event=event)
        event.roles[(op.code.upper(), EventRole.SUBJECT)] = None

    def _rename(self, op: Rename) -> None:
        row = self._live(op.code, day=op.day)
        name = nfc(op.name)
        kind = self.kinds[op.kind] if op.kind else row.kind
        if name == row.name and kind is row.kind:
            raise self._fail(f"đổi tên {op.code} mà không thay đổi gì.")
        self._check_kind(kind, day=op.day, parent=self._parent(row.parent, day=op.day) if row.parent else None)
        if any(self.open[c].kind.rank <= kind.rank for c in self.children.get(row.code, {})):
            raise self._fail(f"tổ chức trực thuộc {op.code} không hợp với loại hình {kind.code}.")
        details = {"old_name": row.name, "new_name": name, "old_kind": row.kind.name, "new_kind": kind.name}
        event = self._event(op, kind=EventKind.RENAMED, details=details, roles=[(row.code, EventRole.SUBJECT)])
        new = _Row(
            code=row.code,
            parent=row.parent,
            name=name,
            kind=kind,
            path=row.path,
            valid_from=op.day,
            event=event,
        )
        self._close(row, day=op.day)
        self._add(new)

    def _move(self, op: Move) -> None:
        row = self._live(op.code, day=op.day)
        parent = self._parent(op.new_parent, day=op.day)
        if parent.path[: len(row.path)] == row.path or row.parent == parent.code:
            raise self._fail(f"không thể chuyển {op.code} vào {op.new_parent}.")
        self._check_kind(row.kind, day=op.day, parent=parent)
        old_parent = self.open[row.parent] if row.parent else None
        details = {
            "name": row.name,
            "old_parent": old_parent.name if old_parent else None,
            "new_parent": parent.name,
        }
        roles = [(row.code, EventRole.SUBJECT), (parent.code, EventRole.NEW_PARENT)]
        if old_parent is not None:
            roles.append((old_parent.code, EventRole.OLD_PARENT))
        self._repath(
            row, parent=parent, day=op.day, event=self._event(op, kind=EventKind.MOVED, details=details, roles=roles)
        )

    def _dissolve(self, op: Dissolve) -> None:
        row = self._live(op.code, day=op.day)
        if self.children.get(row.code):
            raise self._fail(f"{op.code} còn tổ chức trực thuộc, không giải thể được.")
        self._event(op, kind=EventKind.DISSOLVED, details={"name": row.name}, roles=[(row.code, EventRole.SUBJECT)])
        self._end(row, day=op.day)

    def _merge(self, op: Merge) -> None:
        if len(set(op.sources)) != len(op.sources) or len(op.sources) < (1 if op.target else 2):
            raise self._fail(f"danh sách hợp nhất {op.sources} không hợp lệ.")
        sources = [self._live(code, day=op.day) for code in op.sources]
        existing = self._live(op.target, day=op.day) if op.target else None
        parent = None
        if existing is None:
            if op.new_parent is None:
                raise self._fail("hợp nhất thành tổ chức mới cần cấp trên.")
            parent = self._parent(op.new_parent, day=op.day)
            self._check_kind(self.kinds[op.new_kind], day=op.day, parent=parent)
        names = [r.name for r in sources]
        event = self._event(
            op, kind=EventKind.MERGED, details={"sources": names}, roles=[(r.code, EventRole.SOURCE) for r in sources]
        )
        target = existing or self._new(
            code=op.new_code.upper(),
            name=nfc(op.new_name),
            kind=self.kinds[op.new_kind],
            parent=parent,
            day=op.day,
            event=event,
        )
        if any(target.path[: len(r.path)] == r.path for r in sources):
            raise self._fail(f"tổ chức tiếp nhận {target.code} nằm trong tổ chức bị hợp nhất.")
        event.details["target"] = target.name
        event.roles[(target.code, EventRole.TARGET)] = None
        moved: list[str] = []
        for source in sources:
            for child_code in list(self.children.get(source.code, {})):
                child = self.open[child_code]
                self._check_kind(child.kind, day=op.day, parent=target)
                self._repath(child, parent=target, day=op.day, event=event)
                moved.append(child_code)
            self._end(source, day=op.day)
        event.roles.update(dict.fromkeys((code, EventRole.CHILD) for code in moved))

    def _split(self, op: Split) -> None:
        row = self._live(op.code, day=op.day)
        if row.parent is None:
            raise self._fail("không chia tách được tổ chức gốc.")
        parent = self._parent(row.parent, day=op.day)
        children = set(self.children.get(row.code, {}))
        assigned = [c for p in op.parts for c in p.children]
        if len(op.parts) < 2 or set(assigned) != children or len(assigned) != len(children):
            raise self._fail(f"chia tách {op.code}: mọi tổ chức trực thuộc phải về đúng một tổ chức mới.")
        names = [nfc(p.name) for p in op.parts]
        event = self._event(
            op, kind=EventKind.SPLIT, details={"name": row.name, "parts": names}, roles=[(row.code, EventRole.SOURCE)]
        )
        for part, name in zip(op.parts, names, strict=True):
            kind = self.kinds[part.kind]
            self._check_kind(kind, day=op.day, parent=parent)
            new = self._new(code=part.code.upper(), name=name, kind=kind, parent=parent, day=op.day, event=event)
            event.roles[(new.code, EventRole.TARGET)] = None
            for child_code in part.children:
                child = self.open[child_code]
                self._check_kind(child.kind, day=op.day, parent=new)
                self._repath(child, parent=new, day=op.day, event=event)
                event.roles[(child_code, EventRole.CHILD)] = None
        self._end(row, day=op.day)


class BulkWriter:
    """Applies a plan chunk by chunk: simulate in memory, then a few ``bulk_create`` per chunk."""

    def __init__(self, *, actor: User, batch_size: int = BATCH_SIZE) -> None:
        self.actor = actor
        self.batch_size = batch_size
        self.kinds = {
            k.code: _Kind(k.code, k.pk, k.name, k.level.rank, k.valid_from, k.valid_to)
            for k in OrgKind.objects.select_related("level")
        }
        self.totals: Counter[str] = Counter()
        self._anchors: dict[str, _Row] = {}
        self._anchor_ids: dict[str, int] = {}

    def write(self, chunk: Chunk) -> None:
        sim = _Simulation(anchors=self._anchors, kinds=self.kinds)
        for op in chunk.ops:
            sim.apply(op)
        ids = self._flush(chunk, sim=sim)
        for code in chunk.keep:
            self._anchors[code] = sim.open[code]
            self._anchor_ids[code] = ids[code]

    def _flush(self, chunk: Chunk, *, sim: _Simulation) -> dict[str, int]:
        size = self.batch_size
        orgs = [Organization(code=o.code, created_on=o.created_on, ended_on=o.ended_on) for o in sim.orgs.values()]
        Organization.objects.bulk_create(orgs, batch_size=size)
        ids = dict(self._anchor_ids)
        ids.update((o.code, o.pk) for o in orgs)
        events = [
            OrgEvent(
                kind=e.kind,
                effective_date=e.day,
                decision_ref=e.ref,
                note=e.note,
                details=e.details,
                created_by_id=self.actor.pk,
            )
            for e in sim.events
        ]
        OrgEvent.objects.bulk_create(events, batch_size=size)
        for spec, event in zip(sim.events, events, strict=True):
            assert event.pk is not None  # bulk_create returns the keys on PostgreSQL and on SQLite ≥ 3.35
            spec.pk = event.pk
        paths: dict[tuple[str, ...], str] = {}

        def path_of(codes: tuple[str, ...]) -> str:
            if codes not in paths:
                paths[codes] = "/" + "".join(f"{ids[c]}/" for c in codes)
            return paths[codes]

        placements = [
            Placement(
                org_id=ids[r.code],
                parent_id=ids[r.parent] if r.parent else None,
                name=r.name,
                name_folded=fold(r.name),
                kind_id=r.kind.pk,
                path=path_of(r.path),
                depth=len(r.path) - 1,
                valid_from=r.valid_from,
                valid_to=r.valid_to,
                event_id=r.event.pk,
            )
            for r in sim.rows
            if not r.dropped and r.event is not None  # every row of the chunk has its event
        ]
        Placement.objects.bulk_create(placements, batch_size=size)
        roles = [OrgEventRole(event_id=e.pk, org_id=ids[code], role=role) for e in sim.events for code, role in e.roles]
        OrgEventRole.objects.bulk_create(roles, batch_size=size)
        by_kind = Counter(e.kind for e in sim.events)
        subject = next(r for r in sim.rows if r.code == chunk.subject)
        audit_record(
            actor=self.actor,
            action="org.bulk_load",
            obj=Organization(pk=ids[chunk.subject], code=chunk.subject),
            object_repr=subject.name,
            changes={
                "source": "demo_province",
                "organizations": len(orgs),
                "placements": len(placements),
                "events": dict(sorted(by_kind.items())),
            },
        )
        self.totals.update(organizations=len(orgs), placements=len(placements), events=len(events), roles=len(roles))
        return ids


# --- loading: the command's entry point ----------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    description: str


@dataclass(frozen=True)
class DemoResult:
    seed: int
    size: str
    members: int | None
    engine: str
    seconds: float
    organizations: int
    placements: int
    events: int
    root_name: str
    counts: dict[dt.date, list[tuple[str, int]]]  # kind name → count, in the kinds' order
    accounts: list[DemoAccount]


_ACCOUNTS = (
    # username, full name, role, scope, pick
    ("chuyenvien", "Nguyễn Thị Lan", Role.SPECIALIST, Scope.ENTER, "root"),
    ("vanphong_huyen", "Trần Văn Bình", Role.COMMITTEE_STAFF, Scope.ENTER, "district"),
    ("vanphong_xa", "Lê Thị Hồng", Role.COMMITTEE_STAFF, Scope.ENTER, "commune"),
    ("kiemtra", "Phạm Văn Dũng", Role.INSPECTION, Scope.VIEW, "root"),
    ("bithu", "Hoàng Văn Em", Role.CELL_SECRETARY, Scope.ENTER, "cell"),
    ("kiemsoat", "Đỗ Thị Giang", Role.AUDITOR, Scope.VIEW, "root"),
)
ADMIN_USERNAME = "quantri"
DEMO_USERNAMES = (ADMIN_USERNAME, *(a[0] for a in _ACCOUNTS))


def demo_is_loaded() -> bool:
    return Placement.objects.filter(parent__isnull=True).exists()


def _refuse_unless_empty() -> None:
    root = Placement.objects.filter(parent__isnull=True).order_by("-valid_from").first()
    if root is not None:
        raise DemoError(
            f"Cơ sở dữ liệu đã có cây tổ chức (gốc: “{root.name}”); không ghi gì thêm. "
            "Dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu chưa có tổ chức nào."
        )
    if Organization.objects.exists():
        raise DemoError("Cơ sở dữ liệu đã có tổ chức đảng; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
    taken = sorted(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    if taken:
        raise DemoError(f"Đã có tài khoản trùng tên tài khoản mẫu: {', '.join(taken)}; không ghi gì thêm.")


def _accounts(*, admin: User, picks: DemoPicks, password_hash: str) -> list[DemoAccount]:
    codes = {pick: getattr(picks, pick) for *_, pick in _ACCOUNTS}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes.values())}
    names = {
        row.org_id: row.name
        for row in Placement.objects.filter(org__in=orgs.values()).order_by("valid_from")  # latest name wins
    }
    result = [DemoAccount(ADMIN_USERNAME, admin.full_name, "Quản trị hệ thống (toàn quyền)")]
    spans = {"district": ", đến 30/6/2025", "commune": ", từ 01/7/2025"}
    for username, full_name, role, scope, pick in _ACCOUNTS:
        org = orgs[codes[pick]]
        user = User.objects.create(username=username, password=password_hash, full_name=full_name)
        Assignment.objects.create(user=user, org=org, role=role, scope=scope)
        where = "toàn tỉnh" if pick == "root" else names[org.pk] + spans.get(pick, "")
        what = "nhập liệu" if scope == Scope.ENTER else "chỉ xem"
        result.append(DemoAccount(username, full_name, f"{Role(role).label} ({where}; {what})"))
    return result


def load_demo_province(
    *,
    seed: int,
    size: str = "small",
    members: int | None = None,
    via_services: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Build the demo province and its accounts in one transaction; refuse on a non-empty database."""
    if size not in SIZES:
        raise DemoError(f"Cỡ dữ liệu “{size}” không có; chọn một trong: {', '.join(SIZES)}.")
    if via_services and size != "small":
        raise DemoError("Chỉ cỡ small mới nạp qua từng nghiệp vụ (--via-services); cỡ lớn hơn nạp theo lô.")
    if members is not None and members < 0:
        raise DemoError("Số đảng viên (--members) phải là số không âm.")
    started = time.perf_counter()
    with transaction.atomic():
        _refuse_unless_empty()
        # One hash for every account: the password is published anyway, and Argon2 costs a third of a
        # second per hash, which would otherwise be most of the small load.
        password_hash = make_password(DEMO_PASSWORD)
        admin = User.objects.create(
            username=ADMIN_USERNAME,
            password=password_hash,
            full_name="Quản Trị Viên",
            is_superuser=True,
            is_staff=True,
        )
        plan = DemoPlan(seed=seed, size=size, province_name=settings.PROVINCE_NAME)
        writer: ServiceWriter | BulkWriter = ServiceWriter(actor=admin) if via_services else BulkWriter(actor=admin)
        total = plan.chunk_count
        for done, chunk in enumerate(plan.chunks(), start=1):
            writer.write(chunk)
            if progress is not None:
                progress(done, total)
        accounts = _accounts(admin=admin, picks=plan.picks, password_hash=password_hash)
        organizations = Organization.objects.count()
        placements = Placement.objects.count()
        events = OrgEvent.objects.count()
        audit_record(
            actor=admin,
            action="demo.load",
            object_repr=plan.root_name,
            # people do not exist yet: the requested number is kept here for the import that will use it
            changes={"seed": seed, "size": size, "members": members, "organizations": organizations},
        )
    seconds = time.perf_counter() - started
    counts = {day: org_count_as_of(actor=admin, day=day) for day in (BEFORE, AFTER)}
    return DemoResult(
        seed=seed,
        size=size,
        members=members,
        engine="services" if via_services else "bulk",
        seconds=seconds,
        organizations=organizations,
        placements=placements,
        events=events,
        root_name=plan.root_name,
        counts=counts,
        accounts=accounts,
    )
