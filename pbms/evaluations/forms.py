"""Forms of the decision board. The levels chosen on the board are fields named ``muc-<result id>``; the
decision and the reopening carry their own fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from pbms.evaluations.models import Level

LEVEL_PREFIX = "muc-"
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def chosen_levels(data: Mapping[str, Any]) -> dict[int, str]:
    """{result id: level} of the board's selects; empty choices and unknown levels are left out."""
    chosen: dict[int, str] = {}
    for key in data:
        if not key.startswith(LEVEL_PREFIX):
            continue
        raw_id, value = key.removeprefix(LEVEL_PREFIX), str(data.get(key, ""))
        if raw_id.isdigit() and len(raw_id) < 19 and value in Level.values:
            chosen[int(raw_id)] = value
    return chosen


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label="Ngày quyết định", input_formats=DATE_FORMATS)
    decision_ref = forms.CharField(label="Số quyết định", max_length=80, required=False)
    quota_reason = forms.CharField(
        label="Lý do vượt tỷ lệ (bắt buộc khi vượt)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    all_proposed = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].error_messages["invalid"] = "Ngày quyết định theo dạng dd/mm/yyyy."
        self.fields["decided_on"].error_messages["required"] = "Phải ghi ngày quyết định."


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Lý do mở lại", max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Phải ghi lý do mở lại kết quả."
