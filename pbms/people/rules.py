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
