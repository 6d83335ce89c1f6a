"""Vietnamese text helpers that need no Django."""

from __future__ import annotations

import unicodedata
from functools import cache

from icu import Collator, Locale


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
