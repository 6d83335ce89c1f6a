"""The "Thay đổi" column of the audit log in Vietnamese.

Services record ``changes`` as compact JSON keyed by field code ("valid_from", "person": 42,
``[before, after]`` pairs, ISO dates): stable for machines, unreadable for an inspector. This module turns one
page (or one chunk of an export) of events into lines "Ngày bắt đầu: — → 01/07/2025", naming the field by its
Vietnamese label, organisations and people by their names instead of ids, dates as dd/mm/yyyy, booleans as
Có/Không and numbers with Vietnamese thousands separators. Names are looked up once per kind for the whole
page, so the page's query count does not grow with its rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from pbms.audit.labels import CODE_FIELDS, FIELD_LABELS, LIST_FIELDS, REFERENCE_FIELDS
from pbms.audit.models import AuditEvent
from pbms.lib.numbers import format_number

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?")
EMPTY = "—"


@dataclass(frozen=True)
class ChangeLine:
    label: str
    text: str


def _ids(value: Any) -> list[int]:
    """The ids a reference field holds: an int, a digit string, or a ``[before, after]`` pair of them."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, str) and value.isdigit():
        return [int(value)]
    if isinstance(value, list):
        return [i for item in value for i in _ids(item) if not isinstance(item, list)]
    return []


def _names(kind: str, ids: set[int]) -> dict[int, str]:
    """One query for every id of ``kind`` on the page."""
    if not ids:
        return {}
    if kind == "org":
        placement = apps.get_model("orgs", "Placement")
        # The latest name of each organisation (an ended one keeps its last name): ordered so the last
        # row of each organisation wins.
        rows = placement.objects.filter(org_id__in=ids).order_by("org_id", "valid_from").values_list("org_id", "name")
        return dict(rows)
    if kind == "person":
        person = apps.get_model("people", "Person")
        people = person.objects.filter(pk__in=ids).only("family_name", "middle_name", "given_name")
        return {p.pk: p.full_name for p in people}
    if kind == "user":
        user = apps.get_model("accounts", "User")
        users = user.objects.filter(pk__in=ids).only("username", "full_name")
        return {u.pk: f"{u.full_name} ({u.username})" if u.full_name else u.username for u in users}
    model = {"body": ("people", "Body"), "term": ("people", "Term"), "section": ("resolutions", "Section")}[kind]
    return {row.pk: str(row) for row in apps.get_model(*model).objects.filter(pk__in=ids)}


def _codes(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _code_names(kind: str, codes: set[str]) -> dict[str, str]:
    """Names of the codes of ``kind`` on the page: at most one query (organisation kinds, organisations)."""
    if kind == "kind":
        org_kind = apps.get_model("orgs", "OrgKind")
        names = dict(org_kind.objects.filter(code__in=codes).values_list("code", "name"))
        body = apps.get_model("people", "Body")
        return {**{str(v): str(label) for v, label in body.Kind.choices}, **names}
    if kind == "org_code":
        placement = apps.get_model("orgs", "Placement")
        rows = placement.objects.filter(org__code__in=codes).order_by("org_id", "valid_from")
        return dict(rows.values_list("org__code", "name"))  # the latest name of each
    if kind == "target_part":
        from pbms.resolutions.drilldown import PARTS  # here: the audit app loads before the resolutions app

        return dict(PARTS)
    choices = apps.get_model("people", "BodyMembership")._meta.get_field("role").choices
    if kind == "rating_level":
        choices = apps.get_model("evaluations", "Result")._meta.get_field("decided_level").choices
    if kind in ("rating_kind", "result_state"):
        field = "rating_kind" if kind == "rating_kind" else "state"
        choices = apps.get_model("evaluations", "Result")._meta.get_field(field).choices
    if kind == "task_status":
        choices = apps.get_model("resolutions", "Task")._meta.get_field("status").choices
    if kind == "gender":
        choices = apps.get_model("people", "Person")._meta.get_field("gender").choices
    return {str(v): str(label) for v, label in choices or ()}


def _nested_items(changes: Mapping[str, Any]) -> list[tuple[str, Any]]:
    items = list(changes.items())
    for value in changes.values():
        if isinstance(value, Mapping):
            items += [(str(k), v) for k, v in value.items()]
    return items


class _Page:
    def __init__(self, events: Sequence[AuditEvent]) -> None:
        wanted: dict[str, set[int]] = {}
        coded: dict[str, set[str]] = {}
        for event in events:
            # A record recorded whole ({"before": {"state": …}}) names its codes too: one level down.
            pairs = _nested_items(event.changes) if isinstance(event.changes, dict) else []
            for key, value in pairs:
                if key in REFERENCE_FIELDS:
                    wanted.setdefault(REFERENCE_FIELDS[key], set()).update(_ids(value))
                if key in CODE_FIELDS:
                    coded.setdefault(CODE_FIELDS[key], set()).update(_codes(value))
        self.names = {kind: _names(kind, ids) for kind, ids in sorted(wanted.items())}
        self.code_names = {kind: _code_names(kind, codes) for kind, codes in sorted(coded.items()) if codes}

    def value(self, key: str, value: Any) -> str:
        kind = REFERENCE_FIELDS.get(key)
        if kind is not None and _ids(value) and not isinstance(value, list):
            # A record gone since (a removed grant's user) still shows its id rather than nothing.
            return self.names.get(kind, {}).get(_ids(value)[0], f"#{value}")
        if key in CODE_FIELDS and isinstance(value, str):
            return self.code_names.get(CODE_FIELDS[key], {}).get(value, value)
        if key in CODE_FIELDS and key in LIST_FIELDS and isinstance(value, list):
            return plain([self.value(key, v) for v in value])
        if isinstance(value, list) and len(value) == 2 and key not in LIST_FIELDS:
            return f"{self.value(key, value[0])} → {self.value(key, value[1])}"
        if isinstance(value, Mapping) and value:
            return "; ".join(f"{field_label('', str(k))}: {self.value(str(k), v)}" for k, v in value.items())
        return plain(value)

    def lines(self, event: AuditEvent) -> list[ChangeLine]:
        if not isinstance(event.changes, dict):
            return [ChangeLine("", plain(event.changes))]
        if set(event.changes) == {"before", "after"}:  # a whole record before and after (grants)
            return [ChangeLine("", f"{plain(event.changes['before'])} → {plain(event.changes['after'])}")]
        return [
            ChangeLine(field_label(event.action, key), self.value(key, value)) for key, value in event.changes.items()
        ]


def plain(value: Any) -> str:
    """One value in Vietnamese: "—" for nothing, Có/Không, 1.234, dd/mm/yyyy, lists and mappings spelled out."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str):
        if match := _DATE.match(value):
            return f"{match[3]}/{match[2]}/{match[1]}"
        if match := _DATETIME.match(value):
            return f"{match[3]}/{match[2]}/{match[1]} {match[4]}:{match[5]}" + (f":{match[6]}" if match[6] else "")
        if value in ("True", "False"):  # the administration site records form values as text
            return "Có" if value == "True" else "Không"
        if value == "None":
            return EMPTY
        return value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Mapping):
        return "; ".join(f"{field_label('', str(k))}: {plain(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, list | tuple):
        return ", ".join(plain(v) for v in value) or EMPTY
    return str(value)


def field_label(action: str, key: str) -> str:
    """The field's Vietnamese name: the administration site's changes by the model's own verbose_name, the
    services' by the mapping in labels.py; an unknown key is shown as it is (nothing hidden)."""
    parts = action.split(".")
    if len(parts) == 3 and parts[0] == "admin":
        for model in apps.get_models():
            if model._meta.model_name == parts[2]:
                try:
                    return str(model._meta.get_field(key).verbose_name).capitalize()  # type: ignore[union-attr]
                except FieldDoesNotExist:
                    break
    return FIELD_LABELS.get(key, key)


def change_lines(events: Iterable[AuditEvent]) -> dict[int, list[ChangeLine]]:
    """Each event's changes as Vietnamese lines, keyed by the event's id."""
    rows = list(events)
    page = _Page(rows)
    return {event.pk: page.lines(event) for event in rows}
