"""Tags of the decision board. A board of thousands of rows repeats the same few level menus: each menu
(the levels a ceiling leaves open, the one selected) is built once and reused."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from pbms.evaluations.board import BoardRow

register = template.Library()


@lru_cache(maxsize=256)
def _options(options: tuple[tuple[str, str], ...], selected: str) -> SafeString:
    empty = mark_safe('<option value="">— chọn mức —</option>')
    rest = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in options),
    )
    return SafeString(empty + rest)


@register.simple_tag
def level_options(row: BoardRow) -> SafeString:
    """The ``<option>``s of the row's level menu."""
    return _options(tuple(row.options), row.level)
