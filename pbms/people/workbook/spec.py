"""The workbook's layout, written once: its sheets, their columns and the code lists behind them.

The template, the parser and the export all read this module, so a column added here appears in
all three (and in docs/workbook.md, which documents it column by column).

Every data sheet has the same shape: row 1 is a banner (what the sheet is; in an export, the
classification mark and who exported it), row 2 the column headers, data from row 3. The parser
looks for the header row among the first rows, so a banner of another height still reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pbms.lib.text import fold
from pbms.orgs.models import OrgKind
from pbms.people.models import Body, BodyRole, Code, CodeList, ManagementCategory, TrainingCategory

BANNER_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
HEADER_SEARCH_ROWS = 6  # the header row is looked for among the first rows
CODES_SHEET = "Danh mục"
# Historical ratings are read from this year on (domain: the 2021–2025 term onwards).
FIRST_RATING_YEAR = 2021
DATE_FORMAT = "DD/MM/YYYY"


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    CODE = "code"  # one value of a code list (drop-down in the template)
    CODES = "codes"  # several codes separated by ";"
    BOOL = "bool"  # Có / Không
    YEAR = "year"


class Lists(StrEnum):
    """The code lists of the "Danh mục" sheet that columns refer to."""

    GENDER = "gender"
    ETHNICITY = "ethnicity"
    RELIGION = "religion"
    ORG_KIND = "org_kind"
    QUAL_KIND = "qual_kind"
    QUAL_LEVEL = "qual_level"
    MANAGEMENT_CATEGORY = "management_category"
    TRAINING_CATEGORY = "training_category"
    BODY_KIND = "body_kind"
    BODY_ROLE = "body_role"
    YES_NO = "yes_no"
    RATING = "rating"
    RATED_BODY = "rated_body"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: Lists | None = None
    max_length: int | None = None
    width: int = 16
    help: str = ""


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    banner: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# The columns that name a person on the sheets that hang off a person.
PERSON_KEY_COLUMNS = (
    Column(
        "party_file_no",
        "Số lý lịch",
        max_length=20,
        width=12,
        help="Khóa tìm người: số lý lịch, nếu không có thì CCCD.",
    ),
    Column("cccd", "Số CCCD", max_length=12, width=15),
    Column("full_name", "Họ và tên (để đối chiếu)", max_length=200, width=24, help="Không dùng khi nhập; chỉ để đọc."),
)

ORGS = Sheet(
    "orgs",
    "Tổ chức",
    "Tổ chức đảng: mã là khóa; tổ chức đã có trong hệ thống không bị thay đổi.",
    (
        Column("code", "Mã tổ chức", required=True, max_length=40, width=14),
        Column("name", "Tên tổ chức", required=True, max_length=200, width=36),
        Column("kind", "Mã loại hình", Kind.CODE, required=True, choices=Lists.ORG_KIND, width=18),
        Column("parent", "Mã tổ chức cấp trên", max_length=40, width=14),
        Column("created_on", "Ngày thành lập", Kind.DATE, required=True, width=14),
        Column("decision_ref", "Số quyết định thành lập", max_length=80, width=18),
    ),
)

PEOPLE = Sheet(
    "people",
    "Cán bộ, đảng viên",
    "Cán bộ, đảng viên: khóa là số lý lịch, nếu không có thì số CCCD.",
    (
        Column("family_name", "Họ", required=True, max_length=50, width=12),
        Column("middle_name", "Tên đệm", max_length=80, width=14),
        Column("given_name", "Tên", required=True, max_length=50, width=10),
        Column("gender", "Giới tính", Kind.CODE, required=True, choices=Lists.GENDER, width=9),
        Column("birth_date", "Ngày sinh", Kind.DATE, required=True, width=12),
        Column("cccd", "Số CCCD", max_length=12, width=15),
        Column("place_of_origin", "Quê quán", max_length=255, width=28),
        Column("ethnicity", "Mã dân tộc", Kind.CODE, required=True, choices=Lists.ETHNICITY, width=10),
        Column("religion", "Mã tôn giáo", Kind.CODE, required=True, choices=Lists.RELIGION, width=10),
        Column("party_file_no", "Số lý lịch", max_length=20, width=12),
        Column("card_no", "Số thẻ đảng viên", max_length=30, width=14),
        Column("admitted_on", "Ngày vào Đảng", Kind.DATE, width=13),
        Column("official_on", "Ngày chính thức", Kind.DATE, width=13),
        Column("cell", "Mã chi bộ đang sinh hoạt", max_length=40, width=14),
        Column("cell_from", "Sinh hoạt tại chi bộ từ ngày", Kind.DATE, width=14),
    ),
)

QUALIFICATIONS = Sheet(
    "qualifications",
    "Trình độ",
    "Trình độ: một dòng cho mỗi văn bằng, chứng chỉ.",
    (
        *PERSON_KEY_COLUMNS,
        Column("kind", "Loại trình độ", Kind.CODE, required=True, choices=Lists.QUAL_KIND, width=22),
        Column("level", "Mã trình độ", Kind.CODE, required=True, choices=Lists.QUAL_LEVEL, width=11),
        Column("obtained_on", "Ngày cấp", Kind.DATE, width=12),
        Column("field", "Chuyên ngành", max_length=200, width=24),
        Column("note", "Ghi chú", max_length=255, width=20),
    ),
)

POSITIONS = Sheet(
    "positions",
    "Chức vụ",
    "Chức vụ: đến trước ngày để trống nếu đang giữ.",
    (
        *PERSON_KEY_COLUMNS,
        Column("title", "Chức vụ", required=True, max_length=200, width=28),
        Column("org", "Mã tổ chức", required=True, max_length=40, width=14),
        Column("is_head", "Người đứng đầu", Kind.BOOL, choices=Lists.YES_NO, width=10),
        Column(
            "categories", "Mã diện quản lý (cách nhau bởi ;)", Kind.CODES, choices=Lists.MANAGEMENT_CATEGORY, width=30
        ),
        Column("valid_from", "Từ ngày", Kind.DATE, required=True, width=12),
        Column("valid_to", "Đến trước ngày", Kind.DATE, width=12),
        Column("decision_ref", "Số quyết định", max_length=80, width=16),
    ),
)

SEATS = Sheet(
    "seats",
    "Cấp ủy",
    "Thành viên cấp ủy, ban thường vụ, ủy ban kiểm tra, đảng đoàn, ban cán sự đảng theo nhiệm kỳ.",
    (
        *PERSON_KEY_COLUMNS,
        Column("org", "Mã tổ chức", required=True, max_length=40, width=14),
        Column("term", "Nhiệm kỳ", required=True, max_length=40, width=12, help="Ví dụ 2020-2025"),
        Column("term_start", "Nhiệm kỳ bắt đầu", Kind.DATE, required=True, width=13),
        Column("term_end", "Nhiệm kỳ kết thúc", Kind.DATE, width=13),
        Column("body_kind", "Loại cơ quan", Kind.CODE, required=True, choices=Lists.BODY_KIND, width=22),
        Column("body_name", "Tên cơ quan (đảng đoàn, ban cán sự)", max_length=200, width=24),
        Column("role", "Chức danh", Kind.CODE, required=True, choices=Lists.BODY_ROLE, width=20),
        Column("valid_from", "Từ ngày", Kind.DATE, required=True, width=12),
        Column("valid_to", "Đến trước ngày", Kind.DATE, width=12),
        Column("decision_ref", "Số quyết định", max_length=80, width=16),
    ),
)

TRAININGS = Sheet(
    "trainings",
    "Bồi dưỡng",
    "Bồi dưỡng: một dòng cho mỗi lớp, khóa.",
    (
        *PERSON_KEY_COLUMNS,
        Column("course", "Tên lớp, khóa", required=True, max_length=255, width=32),
        Column("category", "Mã loại bồi dưỡng", Kind.CODE, required=True, choices=Lists.TRAINING_CATEGORY, width=18),
        Column("starts_on", "Từ ngày", Kind.DATE, required=True, width=12),
        Column("ends_on", "Đến ngày", Kind.DATE, required=True, width=12),
        Column("completed", "Hoàn thành", Kind.BOOL, choices=Lists.YES_NO, width=10, help="Để trống là Có"),
        Column("provider", "Cơ sở đào tạo", max_length=255, width=24),
    ),
)

# A historical rating is stored as a decided result of the year's closed cycle (pbms.evaluations).
RATING_DECISION_COLUMNS = (
    Column("decided_on", "Ngày quyết định", Kind.DATE, width=13),
    Column("decision_ref", "Số quyết định", max_length=80, width=16),
)

ORG_RATINGS = Sheet(
    "org_ratings",
    "Xếp loại tổ chức",
    "Xếp loại chất lượng tổ chức từ năm 2021 (kết quả đã quyết định): khóa là tổ chức, năm, đối tượng (và tên "
    "đảng đoàn, ban cán sự đảng).",
    (
        Column("org", "Mã tổ chức", required=True, max_length=40, width=14),
        Column("year", "Năm", Kind.YEAR, required=True, width=8),
        Column("subject", "Đối tượng xếp loại", Kind.CODE, required=True, choices=Lists.RATED_BODY, width=22),
        Column("level", "Mức xếp loại", Kind.CODE, required=True, choices=Lists.RATING, width=30),
        *RATING_DECISION_COLUMNS,
        # Last, so the columns of earlier templates keep their letters.
        Column("body_name", "Tên đảng đoàn, ban cán sự đảng", max_length=200, width=30),
    ),
)

PERSON_RATINGS = Sheet(
    "person_ratings",
    "Xếp loại cá nhân",
    "Xếp loại chất lượng cá nhân từ năm 2021 (kết quả đã quyết định): khóa là người và năm.",
    (
        *PERSON_KEY_COLUMNS,
        Column("year", "Năm", Kind.YEAR, required=True, width=8),
        Column("level", "Mức xếp loại", Kind.CODE, required=True, choices=Lists.RATING, width=30),
        *RATING_DECISION_COLUMNS,
    ),
)

SHEETS: tuple[Sheet, ...] = (ORGS, PEOPLE, QUALIFICATIONS, POSITIONS, SEATS, TRAININGS, ORG_RATINGS, PERSON_RATINGS)
SHEET_BY_KEY = {s.key: s for s in SHEETS}

# domain-rules §1.1: the four levels, with the same wording for individuals and collectives.
RATING_LEVELS = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)
# and their usual abbreviations, in the same order (domain-rules §1.1)
RATING_ABBREVIATIONS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
# architecture.md: a collective rating names the organisation and the body rated.
RATED_BODIES = ("Tổ chức đảng", "Tập thể cấp ủy", "Tập thể ban thường vụ", "Đảng đoàn", "Ban cán sự đảng")
YES, NO = "Có", "Không"
QUALIFICATION_KINDS = (
    CodeList.EDUCATION,
    CodeList.POLITICAL_THEORY,
    CodeList.STATE_MANAGEMENT,
    CodeList.FOREIGN_LANGUAGE,
    CodeList.IT,
)


@dataclass
class CodeLists:
    """The code lists as of now, loaded once: what the drop-downs offer and what the parser accepts.

    ``entries[list]`` is the ordered (value written in the cell, description) pairs; ``lookup[list]``
    maps the folded forms a user may type (the value, or the description for labelled lists) to
    the canonical value the importer works with.
    """

    entries: dict[Lists, list[tuple[str, str]]] = field(default_factory=dict)
    lookup: dict[Lists, dict[str, str]] = field(default_factory=dict)
    # qualification levels per kind (code list value -> {level code -> Code id})
    levels: dict[str, dict[str, int]] = field(default_factory=dict)
    level_names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    ids: dict[Lists, dict[str, int]] = field(default_factory=dict)
    org_kinds: dict[str, OrgKind] = field(default_factory=dict)

    def add(self, name: Lists, rows: list[tuple[str, str]], *, canonical: list[str] | None = None) -> None:
        """``canonical[i]`` is what the importer stores for ``rows[i]`` (default: the cell value)."""
        self.entries[name] = rows
        values = canonical or [value for value, _ in rows]
        lookup: dict[str, str] = {}
        for (value, label), stored in zip(rows, values, strict=True):
            lookup[fold(value)] = stored
            lookup[fold(stored)] = stored
            if label and name in _LABELLED:
                lookup[fold(label)] = stored
        self.lookup[name] = lookup

    def resolve(self, name: Lists, value: str) -> str | None:
        return self.lookup[name].get(fold(value))


# Lists whose cells may hold the description instead of the value (e.g. "Ủy viên" for "member").
_LABELLED = {Lists.BODY_KIND, Lists.BODY_ROLE, Lists.QUAL_KIND, Lists.RATING}


def load_code_lists() -> CodeLists:
    """Every list from the database (a handful of queries, whatever the file's size)."""
    lists = CodeLists()
    codes: dict[str, list[Code]] = {}
    for code in Code.objects.filter(active=True).order_by("list", "sort", "code"):
        codes.setdefault(code.list, []).append(code)
    lists.add(Lists.GENDER, [("Nam", ""), ("Nữ", "")], canonical=["M", "F"])
    lists.lookup[Lists.GENDER].update({"m": "M", "f": "F", "nu": "F"})
    for name, code_list in ((Lists.ETHNICITY, CodeList.ETHNICITY), (Lists.RELIGION, CodeList.RELIGION)):
        rows = [(c.code, c.name) for c in codes.get(code_list, [])]
        lists.add(name, rows)
        lists.ids[name] = {c.code: c.pk for c in codes.get(code_list, [])}
    kinds = list(OrgKind.objects.select_related("level").order_by("level__rank", "sort", "code"))
    lists.org_kinds = {k.code: k for k in kinds}
    lists.add(Lists.ORG_KIND, [(k.code, k.name) for k in kinds])
    lists.add(
        Lists.QUAL_KIND,
        [(CodeList(k).label, "") for k in QUALIFICATION_KINDS],
        canonical=[str(k.value) for k in QUALIFICATION_KINDS],
    )
    all_levels: dict[str, str] = {}
    for kind in QUALIFICATION_KINDS:
        entries = codes.get(kind, [])
        lists.levels[kind.value] = {c.code: c.pk for c in entries}
        lists.level_names[kind.value] = [(c.code, c.name) for c in entries]
        for c in entries:
            all_levels.setdefault(c.code, c.name)
    lists.add(Lists.QUAL_LEVEL, sorted(all_levels.items()))
    categories = list(ManagementCategory.objects.order_by("sort", "code"))
    lists.add(Lists.MANAGEMENT_CATEGORY, [(c.code, c.name) for c in categories])
    lists.ids[Lists.MANAGEMENT_CATEGORY] = {c.code: c.pk for c in categories}
    trainings = list(TrainingCategory.objects.order_by("sort", "code"))
    lists.add(Lists.TRAINING_CATEGORY, [(c.code, c.name) for c in trainings])
    lists.ids[Lists.TRAINING_CATEGORY] = {c.code: c.pk for c in trainings}
    lists.add(
        Lists.BODY_KIND,
        [(str(label), "") for _, label in Body.Kind.choices],
        canonical=[str(value) for value, _ in Body.Kind.choices],
    )
    lists.add(
        Lists.BODY_ROLE,
        [(str(label), "") for _, label in BodyRole.choices],
        canonical=[str(value) for value, _ in BodyRole.choices],
    )
    lists.add(Lists.YES_NO, [(YES, ""), (NO, "")])
    lists.lookup[Lists.YES_NO].update({"x": YES, "1": YES, "true": YES, "0": NO, "false": NO})
    # the abbreviations in use (HTXSNV ...) are accepted for the full wording, which is what is stored
    lists.add(Lists.RATING, list(zip(RATING_LEVELS, RATING_ABBREVIATIONS, strict=True)))
    lists.add(Lists.RATED_BODY, [(body, "") for body in RATED_BODIES])
    return lists


def label_of(name: Lists, stored: str) -> str:
    """What the template's cell shows for a stored value (e.g. "member" -> "Ủy viên", "M" -> "Nam")."""
    if name == Lists.GENDER:
        return "Nam" if stored == "M" else "Nữ"
    if name == Lists.QUAL_KIND:
        return str(CodeList(stored).label)
    if name == Lists.BODY_KIND:
        return str(Body.Kind(stored).label)
    if name == Lists.BODY_ROLE:
        return str(BodyRole(stored).label)
    return stored
