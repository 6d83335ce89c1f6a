from __future__ import annotations

from django import forms

from pbms.audit.labels import action_label
from pbms.audit.selectors import AuditFilter
from pbms.lib.text import vi_sort_key
from pbms.orgs.forms import VnDateField


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="Người thực hiện", required=False, max_length=150)
    action = forms.ChoiceField(label="Hành động", required=False)
    obj = forms.CharField(label="Đối tượng (tên hoặc mã)", required=False, max_length=255)
    org_id = forms.IntegerField(label="Mã số tổ chức thực hiện", required=False, min_value=1)
    date_from = VnDateField(label="Từ ngày", required=False)
    date_to = VnDateField(label="Đến ngày", required=False)

    def __init__(self, *args: object, actions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["action"]
        assert isinstance(field, forms.ChoiceField)
        named = sorted(((a, action_label(a)) for a in actions), key=lambda pair: vi_sort_key(pair[1]))
        field.choices = [("", "Tất cả"), *named]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“Đến ngày” phải sau “Từ ngày”.")
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            actor=data.get("actor") or "",
            action=data.get("action") or "",
            obj=data.get("obj") or "",
            org_id=data.get("org_id"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
