"""Vietnamese name material: place names, village words, and catalogues of grassroots organisations."""

from __future__ import annotations

from dataclasses import dataclass

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
REGIONS = (("thôn", "tổ dân phố"), ("xóm", "tổ dân phố"), ("ấp", "khu phố"), ("bản", "tổ dân phố"))


@dataclass(frozen=True)
class Unit:
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


DISTRICT_BODIES = (
    Unit(
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
    Unit(
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
    Unit("Đảng bộ Quân sự {unit}", cells=("Chỉ huy", "Tham mưu", "Chính trị", "Hậu cần – Kỹ thuật")),
    Unit(
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
    Unit(
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
    Unit("Chi bộ Viện Kiểm sát nhân dân {unit}"),
    Unit("Chi bộ Tòa án nhân dân {unit}"),
    Unit("Chi bộ Chi cục Thi hành án dân sự {unit}"),
    Unit("Chi bộ Kho bạc Nhà nước {unit}"),
    Unit("Chi bộ Chi cục Thuế {unit}"),
    Unit("Chi bộ Phòng Giao dịch Ngân hàng Chính sách xã hội {unit}"),
    Unit("Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên {unit}"),
    Unit("Chi bộ Trung tâm Văn hóa – Thông tin và Thể thao {unit}"),
    Unit("Chi bộ Ban Quản lý dự án đầu tư xây dựng {unit}"),
    Unit("Chi bộ Hạt Kiểm lâm {unit}"),
    Unit("Chi bộ Bưu điện {unit}"),
    Unit("Chi bộ Điện lực {place}"),
)
CORE_BODIES = 5  # the committees above: every district has them before any of the cells

_OFFICE_CELLS = ("Văn phòng Sở", "Phòng Kế hoạch – Tài chính", "Thanh tra Sở", "Phòng Quản lý chuyên ngành")
PROVINCE_BODIES = (
    Unit(
        "Đảng bộ Văn phòng Tỉnh ủy",
        cells=("Phòng Tổng hợp", "Phòng Hành chính – Lưu trữ", "Phòng Quản trị – Tài vụ", "Phòng Cơ yếu"),
        party=True,
    ),
    Unit("Chi bộ Ban Tổ chức Tỉnh ủy", party=True),
    Unit("Chi bộ Ủy ban Kiểm tra Tỉnh ủy", party=True),
    Unit("Chi bộ Ban Tuyên giáo Tỉnh ủy", party=True),
    Unit("Chi bộ Ban Dân vận Tỉnh ủy", party=True),
    Unit("Chi bộ Ban Nội chính Tỉnh ủy", party=True),
    Unit(
        "Đảng bộ Trường Chính trị tỉnh",
        cells=("Khoa Xây dựng Đảng", "Khoa Lý luận cơ sở", "Khoa Nhà nước và pháp luật", "Phòng Tổ chức – Hành chính"),
        party=True,
    ),
    Unit("Đảng bộ Báo {p}", cells=("Ban Thời sự", "Ban Kinh tế", "Ban Điện tử", "Phòng Trị sự"), party=True),
    Unit("Chi bộ Cơ quan Ủy ban Mặt trận Tổ quốc tỉnh", party=True),
    Unit("Chi bộ Cơ quan Tỉnh đoàn", party=True),
    Unit("Chi bộ Hội Liên hiệp Phụ nữ tỉnh", party=True),
    Unit("Chi bộ Hội Nông dân tỉnh", party=True),
    Unit("Chi bộ Liên đoàn Lao động tỉnh", party=True),
    Unit("Chi bộ Hội Cựu chiến binh tỉnh", party=True),
    Unit("Chi bộ Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", party=True),
    Unit(
        "Đảng bộ Văn phòng Ủy ban nhân dân tỉnh",
        cells=("Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo – Văn xã", "Phòng Hành chính – Tổ chức"),
    ),
    Unit("Đảng bộ Sở Tài chính", cells=_OFFICE_CELLS),
    Unit("Đảng bộ Sở Kế hoạch và Đầu tư", cells=_OFFICE_CELLS),
    Unit("Đảng bộ Sở Giáo dục và Đào tạo", cells=_OFFICE_CELLS),
    Unit("Đảng bộ Sở Y tế", cells=_OFFICE_CELLS),
    Unit("Chi bộ Sở Nội vụ"),
    Unit("Chi bộ Sở Tư pháp"),
    Unit("Chi bộ Sở Công Thương"),
    Unit("Chi bộ Sở Xây dựng"),
    Unit("Đảng bộ Sở Giao thông vận tải", cells=_OFFICE_CELLS),
    Unit("Đảng bộ Sở Nông nghiệp và Phát triển nông thôn", cells=_OFFICE_CELLS),
    Unit("Chi bộ Sở Tài nguyên và Môi trường"),
    Unit("Chi bộ Sở Lao động – Thương binh và Xã hội"),
    Unit("Chi bộ Sở Văn hóa, Thể thao và Du lịch"),
    Unit("Chi bộ Sở Khoa học và Công nghệ"),
    Unit("Chi bộ Sở Thông tin và Truyền thông"),
    Unit("Chi bộ Thanh tra tỉnh"),
    Unit(
        "Đảng bộ Bệnh viện Đa khoa tỉnh",
        cells=("Phòng Kế hoạch tổng hợp", "Phòng Tổ chức cán bộ"),
        subs=(
            ("Khối Nội", ("Khoa Nội tổng hợp", "Khoa Tim mạch", "Khoa Nhi", "Khoa Truyền nhiễm")),
            ("Khối Ngoại", ("Khoa Ngoại tổng hợp", "Khoa Chấn thương chỉnh hình", "Khoa Gây mê hồi sức")),
        ),
    ),
    Unit("Chi bộ Kho bạc Nhà nước tỉnh"),
    Unit("Đảng bộ Cục Thuế tỉnh", cells=("Văn phòng Cục", "Phòng Kiểm tra", "Phòng Tuyên truyền – Hỗ trợ")),
    Unit("Chi bộ Ban Quản lý các khu công nghiệp tỉnh"),
    Unit("Chi bộ Đài Phát thanh và Truyền hình tỉnh"),
)
PROVINCE_FIRMS = (
    # the first one is renamed in 2022 (equitised): keep it a "TNHH Một thành viên" cell
    Unit("Chi bộ Công ty TNHH Một thành viên Khai thác công trình thủy lợi {p}"),
    Unit(
        "Đảng bộ Công ty Điện lực {p}", cells=("Văn phòng Công ty", "Phòng Kỹ thuật", "Đội Quản lý vận hành lưới điện")
    ),
    Unit("Đảng bộ Viễn thông {p}", cells=("Phòng Kỹ thuật – Đầu tư", "Trung tâm Điều hành thông tin")),
    Unit("Đảng bộ Bưu điện tỉnh", cells=("Văn phòng Bưu điện tỉnh", "Bưu điện thành phố")),
    Unit(
        "Đảng bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh {p}",
        cells=("Văn phòng chi nhánh", "Phòng Kế hoạch – Kinh doanh", "Phòng Kế toán – Ngân quỹ"),
    ),
    Unit("Chi bộ Ngân hàng Thương mại Cổ phần Công Thương chi nhánh {p}"),
    Unit("Chi bộ Ngân hàng Thương mại Cổ phần Đầu tư và Phát triển chi nhánh {p}"),
    Unit("Chi bộ Ngân hàng Thương mại Cổ phần Ngoại thương chi nhánh {p}"),
    Unit("Đảng bộ Công ty Cổ phần Cấp nước {p}", cells=("Văn phòng Công ty", "Nhà máy nước số 1", "Nhà máy nước số 2")),
    Unit("Chi bộ Công ty TNHH Một thành viên Xổ số kiến thiết {p}"),
    Unit("Đảng bộ Công ty Cổ phần Môi trường Đô thị {p}", cells=("Văn phòng Công ty", "Đội Vệ sinh môi trường")),
    Unit("Chi bộ Công ty Cổ phần Dược phẩm {p}"),
    Unit("Chi bộ Công ty Cổ phần Xây dựng Giao thông {p}"),
)
MILITARY = (
    Unit(
        "Đảng bộ Cơ quan Bộ Chỉ huy Quân sự tỉnh",
        cells=("Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần – Kỹ thuật", "Văn phòng Bộ Chỉ huy"),
    ),
    Unit(
        "Đảng bộ Trung đoàn Bộ binh {regiment}",
        subs=(
            ("Tiểu đoàn 1", ("Đại đội 1", "Đại đội 2", "Đại đội 3")),
            ("Tiểu đoàn 2", ("Đại đội 5", "Đại đội 6", "Đại đội 7")),
        ),
        cells=("Cơ quan Trung đoàn",),
    ),
    Unit("Đảng bộ Trường Quân sự tỉnh", cells=("Khoa Quân sự", "Khoa Chính trị", "Phòng Đào tạo")),
    Unit("Chi bộ Đại đội Trinh sát"),
    Unit("Chi bộ Đại đội Công binh"),
    Unit("Chi bộ Đại đội Thông tin"),
    Unit("Chi bộ Đại đội Phòng không"),
    Unit("Chi bộ Kho Kỹ thuật"),
    Unit("Chi bộ Trạm Sửa chữa tổng hợp"),
    Unit("Chi bộ Bệnh xá Quân y"),
)

FIRM_INDUSTRIES = (
    "Xây dựng", "Thương mại và Dịch vụ", "May mặc", "Chế biến Nông sản", "Vật liệu Xây dựng", "Vận tải",
    "Chế biến Gỗ", "Thủy sản", "Cơ khí", "Giày da", "Chè", "Cao su", "Điện tử", "Thức ăn Chăn nuôi",
)  # fmt: skip
SCHOOLS = ("Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở")
COMMUNE_EXTRAS = ("Quân sự", "Công an", "Cơ quan", "Trạm Y tế")


UNIT_WORD = {"district": "huyện", "town": "thị xã", "city": "thành phố"}
COMMITTEE_WORD = {"district": "Huyện ủy", "town": "Thị ủy", "city": "Thành ủy"}
