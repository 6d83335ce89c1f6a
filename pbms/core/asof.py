"""The "as of" date that every page shares (ngày xem số liệu)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from pbms.lib.dates import parse_date

SESSION_KEY = "as_of"
PARAM = "ngay"
MIN_DATE = dt.date(1930, 2, 3)
MAX_DATE = dt.date(2100, 12, 31)


def today() -> dt.date:
    return timezone.localdate()


def resolve_as_of(request: HttpRequest) -> tuple[dt.date, str | None]:
    """The date from ?ngay=, else the session, else today; with an error message for a bad value."""
    raw = request.GET.get(PARAM)
    if raw:
        day = parse_date(raw)
        if day is None or not (MIN_DATE <= day <= MAX_DATE):
            return _from_session(request), f"Ngày “{raw}” không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."
        if hasattr(request, "session"):
            request.session[SESSION_KEY] = day.isoformat()
        return day, None
    return _from_session(request), None


def _from_session(request: HttpRequest) -> dt.date:
    stored = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if stored:
        try:
            return dt.date.fromisoformat(stored)
        except ValueError:
            pass
    return today()
