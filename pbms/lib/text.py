"""Vietnamese text helpers that need no Django."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from icu import Collator, Locale

# C0 control characters except tab, line feed and carriage return (a textarea sends CR LF, a pasted cell a
# tab). Nobody types them; they come from broken clients or probes, and PostgreSQL refuses NUL in text, so a
# NUL that reached a query answered 500. The one rule for pages (pbms.core.middleware) and the API
# (pbms.api.schemas.CleanText).
_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f"
CONTROL_CHARACTERS = re.compile(f"[{_CONTROL_CLASS}]")
# The same rule as a JSON-schema pattern, published in the API's OpenAPI schema.
CLEAN_TEXT_PATTERN = f"^[^{_CONTROL_CLASS}]*$"
CONTROL_CHARACTERS_MESSAGE = "Dữ liệu gửi lên có ký tự điều khiển (ví dụ ký tự NUL), không phải chữ; hãy nhập lại."


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def nfc(value: str) -> str:
    """Normalise to NFC and collapse runs of whitespace (input from Word/Excel often has both)."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def fold(value: str) -> str:
    """Fold to lower-case ASCII for diacritic-insensitive search: 'Đảng bộ Xã' -> 'dang bo xa'."""
    decomposed = unicodedata.normalize("NFD", nfc(value).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@cache
def vi_collator() -> Collator:
    return Collator.createInstance(Locale("vi"))


def vi_sort_key(value: str) -> bytes:
    """Sort key under Vietnamese collation (ICU/CLDR 'vi' tailoring)."""
    return bytes(vi_collator().getSortKey(nfc(value)))


def vi_compare(a: str, b: str) -> int:
    return int(vi_collator().compare(nfc(a), nfc(b)))


def vi_number(value: float, digits: int = 0) -> str:
    """1234567.8 → "1.234.567,8": Vietnamese groups thousands with dots and uses a decimal comma."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
