"""Dates as Vietnamese users write them: dd/mm/yyyy (ISO accepted too)."""

from __future__ import annotations

import datetime as dt

_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value: str) -> dt.date | None:
    """Parse a date typed by a user; None when it is not a real date (31/02/2024)."""
    text = value.strip()
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def document_date(value: dt.date) -> str:
    """'ngày 03 tháng 02 năm 2026': HD 36 pads days below 10 and the months January and February."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
