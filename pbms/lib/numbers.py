"""Numbers as Vietnamese readers write them: "3.931 đảng viên", "12,5 %" (a dot groups thousands, a comma marks
decimals). Templates use ``intcomma`` (django.contrib.humanize, the "vi" formats); Python text that reaches a
user (messages, Word documents, the audit log's changes) uses this."""

from __future__ import annotations

from decimal import Decimal


def format_number(value: int | float | Decimal) -> str:
    """3931 → "3.931", 1234.5 → "1.234,5"; a bool is not a number here (callers say Có/Không)."""
    # "f" for a Decimal: a normalised 20 is Decimal("2E+1"), which "," alone would print as it is.
    text = f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
