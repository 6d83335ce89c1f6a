"""Rules of the Party Charter and of the records, as plain functions (no database), shared by the
services, the workbook import and the forms so that each rule is written once."""

from __future__ import annotations

import datetime as dt
import re

from pbms.lib.text import nfc

ADMISSION_MIN_AGE = 18
ADMISSION_MAX_AGE = 60  # over 60 is decided by a committee directly under the Central Committee
PROBATION_MONTHS = 12
PERSON_MIN_AGE = 14  # younger than this is a typing error, not a cadre
PERSON_MAX_AGE = 110
# Members are active (sinh hoạt) in a chi bộ: a cell under a grassroots committee, or a grassroots
# cell or committee itself. Levels, not kinds, so a kind the administrator adds at those levels counts.
MEMBER_CELL_LEVELS = frozenset({"grassroots", "cell"})
# Provincial đảng đoàn and ban cán sự đảng ended with the restructuring of 01/7/2025.
PARTY_BODIES_ENDED_ON = dt.date(2025, 7, 1)

_PARTY_FILE_NO = re.compile(r"[0-9]{6}[A-ZĐ]{1,3}")
_CCCD = re.compile(r"[0-9]{12}")


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on ``day``; the birthday itself counts."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; the 31st becomes the month's last day (31/1 + 1 month = 28 or 29/2)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: the 28th exists in every month


def probation_end(admitted_on: dt.date) -> dt.date:
    """The day a probationary member can become official: 12 months after the admission ceremony."""
    return add_months(admitted_on, PROBATION_MONTHS)


def admission_age_error(*, birth_date: dt.date, decision_date: dt.date) -> str | None:
    age = age_on(birth_date, decision_date)
    if age < ADMISSION_MIN_AGE:
        return f"Người được kết nạp phải đủ {ADMISSION_MIN_AGE} tuổi vào ngày quyết định (mới {age} tuổi)."
    if age > ADMISSION_MAX_AGE:
        return (
            f"Người trên {ADMISSION_MAX_AGE} tuổi ({age} tuổi) chỉ được kết nạp khi cấp ủy trực thuộc Trung ương "
            "đồng ý; hệ thống không ghi kết nạp này."
        )
    return None


def birth_date_error(*, birth_date: dt.date, day: dt.date) -> str | None:
    """A birth date that cannot be a cadre's: under 14 or over 110 on ``day`` (the day it is entered)."""
    age = age_on(birth_date, day)
    if age < PERSON_MIN_AGE or age > PERSON_MAX_AGE:
        return (
            f"Ngày sinh {birth_date:%d/%m/%Y} không hợp lý: người được nhập phải từ {PERSON_MIN_AGE} "
            f"đến {PERSON_MAX_AGE} tuổi (tính đến {day:%d/%m/%Y} là {age} tuổi)."
        )
    return None


def latest_birth_date_for_age(*, age: int, day: dt.date) -> dt.date:
    """The latest birth date of someone at least ``age`` on ``day`` (so "age >= n" is one date bound in SQL),
    by the rule of ``age_on``: someone born on 29/02 turns a year older on 01/03 of a common year."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29/02 in a common year
        return dt.date(day.year - age, 2, 28)


def latest_admission_with_probation_ended(day: dt.date) -> dt.date:
    """The latest admission date whose 12 months of probation have ended on or before ``day``.

    ``probation_end`` is not invertible by subtracting months (29/02/2024 + 12 months = 28/02/2025),
    so step forward from the naive bound while the next day still qualifies.
    """
    bound = add_months(day, -PROBATION_MONTHS)
    while probation_end(bound + dt.timedelta(days=1)) <= day:
        bound += dt.timedelta(days=1)
    return bound


def expulsion_error(*, official: bool) -> str | None:
    """Khai trừ applies to official members only: a probationary member is disciplined by khiển trách or
    cảnh cáo, and a serious violation leads to xóa tên (Điều lệ Đảng, Điều 36)."""
    if not official:
        return (
            "Đảng viên dự bị chỉ bị kỷ luật khiển trách, cảnh cáo; không áp dụng khai trừ. "
            "Vi phạm nghiêm trọng thì xóa tên trong danh sách đảng viên."
        )
    return None


def party_body_error(*, term_starts_on: dt.date) -> str | None:
    """Đảng đoàn and ban cán sự đảng of the province were ended from 01/7/2025 (QĐ 294-QĐ/TW, the 2025
    restructuring: replaced by đảng bộ trực thuộc Tỉnh ủy); only terms begun before then may have one."""
    if term_starts_on >= PARTY_BODIES_ENDED_ON:
        return (
            "Từ ngày 01/7/2025, đảng đoàn và ban cán sự đảng cấp tỉnh đã kết thúc hoạt động, thay bằng các "
            "đảng bộ trực thuộc Tỉnh ủy (Đảng bộ các cơ quan Đảng tỉnh, Đảng bộ UBND tỉnh); "
            "không tạo được đảng đoàn, ban cán sự đảng cho nhiệm kỳ bắt đầu từ ngày đó."
        )
    return None


def party_body_seat_error(*, valid_from: dt.date) -> str | None:
    if valid_from >= PARTY_BODIES_ENDED_ON:
        return (
            "Từ ngày 01/7/2025, đảng đoàn và ban cán sự đảng cấp tỉnh đã kết thúc hoạt động; "
            "không ghi thành viên mới từ ngày đó."
        )
    return None


# --- party posts: seats, not positions ------------------------------------------------------------
#
# A party post (bí thư, phó bí thư) is elected by the congress of the chi bộ or đảng bộ: "Chi bộ có dưới chín
# đảng viên chính thức, bầu bí thư chi bộ; nếu cần, bầu phó bí thư. Chi bộ có chín đảng viên chính thức trở
# lên, bầu chi ủy, bầu bí thư và phó bí thư chi bộ trong số chi ủy viên" (Điều lệ Đảng 2011, Điều 24 khoản 4;
# QĐ 29-QĐ/TW 2016 mục 24: "Chi bộ có dưới 9 đảng viên bầu bí thư, nếu cần bầu một phó bí thư"). The register
# holds it as a seat (``BodyMembership``) on the body elected for the term: the chi ủy, đảng ủy bộ phận or
# đảng ủy, or, for a chi bộ without chi ủy, the body "bí thư, phó bí thư chi bộ" (``Body.Kind.CELL_SECRETARIES``).
# A ``Position`` is a government, administrative or mass-organisation post, or the carrier of the management
# categories of the province's list (QĐ 377-QĐ/TW), which may name a party post ("Bí thư Đảng ủy xã").

# Where a party post was entered as a position without a category, and is now refused (docs/architecture.md).
PARTY_POST_LEVELS = frozenset({"grassroots", "sub_committee", "cell"})
# A chi bộ: a cell under a grassroots committee, or a chi bộ cơ sở (kind, not level: a đảng bộ cơ sở is of
# the same level). Only these may have the body "bí thư, phó bí thư chi bộ" instead of a chi ủy.
CHI_BO_LEVELS = frozenset({"cell"})
CHI_BO_KINDS = frozenset({"grassroots_cell"})
# "Bí thư", "Phó Bí thư", "Phó Bí thư Thường trực", optionally followed by a party organisation ("Chi bộ
# thôn 3", "Đảng ủy xã An Phú", "Đảng bộ bộ phận…", "Chi ủy"). "Bí thư Đoàn", "Bí thư Chi đoàn", "Bí thư Tỉnh
# đoàn" are posts of the Youth Union, a mass organisation: not matched. A title that goes on after a comma or
# "kiêm" ("Bí thư Đảng ủy, Chủ tịch Hội đồng nhân dân xã") combines the party post with another post.
_PARTY_POST = re.compile(
    r"(?P<deputy>phó )?bí thư(?: thường trực)?(?: (?:chi bộ|đảng bộ|đảng ủy|đảng uỷ|chi ủy|chi uỷ)(?: .*)?)?",
    re.IGNORECASE,
)
_OTHER_POST = re.compile(r",| kiêm ", re.IGNORECASE)


def _party_part(title: str) -> tuple[str, bool]:
    """The title's first post, and whether another post follows it."""
    text = " ".join(nfc(title).split())
    parts = _OTHER_POST.split(text, maxsplit=1)
    return parts[0].strip(), len(parts) > 1


def party_post_role(title: str) -> str | None:
    """The seat's role ("secretary", "deputy_secretary") when ``title`` names a party post, alone or combined
    with another post, else None."""
    found = _PARTY_POST.fullmatch(_party_part(title)[0])
    if found is None:
        return None
    return "deputy_secretary" if found.group("deputy") else "secretary"


def is_party_post_only(title: str) -> bool:
    """``title`` names a party post and nothing else: "Bí thư Chi bộ thôn 3", not "Bí thư Đảng ủy, Chủ tịch
    Hội đồng nhân dân xã" (a position, for its second post, besides the seat)."""
    return party_post_role(title) is not None and not _party_part(title)[1]


def party_post_position_error(*, title: str, level_code: str, has_categories: bool) -> str | None:
    """A party post of a chi bộ, đảng bộ bộ phận or grassroots organisation entered as a position by itself is
    refused: it is a seat, where target 3 of seed 000 and the committee lists count it. A position that
    carries a management category, or combines the party post with another post, stays allowed: the category
    is what the cadre-management targets read (the seat is entered besides)."""
    if has_categories or level_code not in PARTY_POST_LEVELS or not is_party_post_only(title):
        return None
    return (
        f"“{nfc(title)}” là chức danh do đại hội chi bộ, đảng bộ bầu, không ghi là chức vụ: ghi là ghế "
        "Bí thư hoặc Phó Bí thư trong cấp ủy của nhiệm kỳ (trang “Cấp ủy” của tệp Excel nhập liệu; chi bộ "
        "không có chi ủy chọn loại cơ quan “Bí thư, phó bí thư chi bộ (không có chi ủy)”)."
    )


def is_chi_bo(*, level_code: str, kind_code: str) -> bool:
    return level_code in CHI_BO_LEVELS or kind_code in CHI_BO_KINDS


def cell_secretaries_body_error(*, level_code: str, kind_code: str, org_name: str) -> str | None:
    """Only a chi bộ elects a bí thư without a committee (Điều lệ Đảng, Điều 24 khoản 4); a đảng bộ elects a
    đảng ủy, whose bí thư sits on it."""
    if is_chi_bo(level_code=level_code, kind_code=kind_code):
        return None
    return (
        f"“{org_name}” không phải chi bộ: chỉ chi bộ không có chi ủy mới ghi “Bí thư, phó bí thư chi bộ”; "
        "bí thư, phó bí thư của đảng bộ ghi trong ban chấp hành (cấp ủy)."
    )


def name_part_error(value: str, *, label: str, required: bool, one_word: bool = False) -> str | None:
    """A part of a person's name: letters (any Vietnamese diacritics), spaces, hyphen and apostrophe only."""
    text = nfc(value)
    if not text:
        return f"{label} không được để trống." if required else None
    if any(not (ch.isalpha() or ch in " -'") for ch in text):
        return f"{label} “{text}” chỉ được gồm chữ cái."
    if one_word and " " in text:
        return f"{label} “{text}” chỉ gồm một từ; các từ trước ghi vào họ và tên đệm."
    return None


def normalise_party_file_no(value: str) -> str:
    return nfc(value).upper().replace(" ", "")


def party_file_no_error(value: str) -> str | None:
    """Số lý lịch: 6 digits then 1–3 letters of the province or central committee (HD 09-HD/BTCTW)."""
    if not _PARTY_FILE_NO.fullmatch(normalise_party_file_no(value)):
        return f"Số lý lịch “{value}” không đúng dạng: 6 chữ số rồi 1–3 chữ cái (ví dụ 012345BN)."
    return None


def cccd_error(value: str) -> str | None:
    if not _CCCD.fullmatch(value.strip()):
        return f"Số CCCD “{value}” phải gồm đúng 12 chữ số."
    return None


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """'Nguyễn Thị Minh Khai' -> ('Nguyễn', 'Thị Minh', 'Khai'). One word is a given name only."""
    words = nfc(full_name).split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


# --- added for the workbook import (shared: the services may use them too) ----------------------


def official_date_error(*, admitted_on: dt.date, official_on: dt.date) -> str | None:
    """Recognition as official takes effect at the end of the 12 months' probation, never before."""
    earliest = probation_end(admitted_on)
    if official_on < earliest:
        return (
            f"Ngày chính thức {official_on:%d/%m/%Y} trước khi hết 12 tháng dự bị "
            f"(vào Đảng {admitted_on:%d/%m/%Y}, sớm nhất {earliest:%d/%m/%Y})."
        )
    return None


def interval_error(*, valid_from: dt.date, valid_to: dt.date | None) -> str | None:
    """[valid_from, valid_to): the end (exclusive) must come after the start."""
    if valid_to is not None and valid_to <= valid_from:
        return f"Ngày kết thúc {valid_to:%d/%m/%Y} phải sau ngày bắt đầu {valid_from:%d/%m/%Y}."
    return None


def member_cell_error(*, level_code: str, org_name: str) -> str | None:
    """Members are active in a cell or a grassroots organisation (``MEMBER_CELL_LEVELS``)."""
    if level_code not in MEMBER_CELL_LEVELS:
        return f"“{org_name}” không phải chi bộ hay tổ chức cơ sở đảng; đảng viên không sinh hoạt tại đó."
    return None


def not_after_error(*, day: dt.date, limit: dt.date, what: str) -> str | None:
    """``what`` (e.g. "Ngày sinh") cannot be later than ``limit`` (usually today)."""
    if day > limit:
        return f"{what} {day:%d/%m/%Y} ở sau ngày {limit:%d/%m/%Y}."
    return None
