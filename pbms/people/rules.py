"""Rules of the Party Charter and of the records, as plain functions (no database), shared by the
services, the workbook import and the forms so that each rule is written once."""

from __future__ import annotations

import datetime as dt
import re

from pbms.lib.text import nfc

ADMISSION_MIN_AGE = 18
ADMISSION_MAX_AGE = 60  # over 60 is decided by a committee directly under the Central Committee
PROBATION_MONTHS = 12

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
