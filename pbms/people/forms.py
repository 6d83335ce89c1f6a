"""The person list's filter form: parses the query string into PersonFilters."""

from __future__ import annotations

from typing import Any

from django import forms

from pbms.people.models import BodyRole, Code, CodeList, Gender, ManagementCategory, TrainingCategory
from pbms.people.selectors import PersonFilters


def _codes(code_list: str) -> list[tuple[str, str]]:
    return [("", "Tất cả"), *((c.code, c.name) for c in Code.objects.filter(list=code_list, active=True))]


class PersonFilterForm(forms.Form):
    q = forms.CharField(label="Tìm (tên không dấu, CCCD, số thẻ, số lý lịch)", required=False, max_length=100)
    org = forms.CharField(label="Mã tổ chức", required=False, max_length=40)
    gender = forms.ChoiceField(label="Giới tính", required=False)
    age_min = forms.IntegerField(label="Tuổi từ", required=False, min_value=0, max_value=120)
    age_max = forms.IntegerField(label="đến", required=False, min_value=0, max_value=120)
    education_min = forms.ChoiceField(label="Chuyên môn từ", required=False)
    political_theory_min = forms.ChoiceField(label="Lý luận chính trị từ", required=False)
    management_category = forms.ChoiceField(label="Diện quản lý", required=False)
    body_role = forms.ChoiceField(label="Chức danh trong cấp ủy", required=False)
    training_category = forms.ChoiceField(label="Đã bồi dưỡng", required=False)
    training_year = forms.IntegerField(label="Năm bồi dưỡng", required=False, min_value=1945, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[str, str]]] = {
            "gender": [("", "Tất cả"), *Gender.choices],
            "education_min": _codes(CodeList.EDUCATION),
            "political_theory_min": _codes(CodeList.POLITICAL_THEORY),
            "management_category": [("", "Tất cả"), *((m.code, m.name) for m in ManagementCategory.objects.all())],
            "body_role": [("", "Tất cả"), *BodyRole.choices],
            "training_category": [("", "Tất cả"), *((t.code, t.name) for t in TrainingCategory.objects.all())],
        }
        for name, values in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = values

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", "Tuổi “đến” phải lớn hơn hoặc bằng tuổi “từ”.")
        return data

    def to_filters(self, *, org_id: int | None) -> PersonFilters:
        data = self.cleaned_data
        return PersonFilters(
            org_id=org_id,
            gender=data.get("gender") or "",
            age_min=data.get("age_min"),
            age_max=data.get("age_max"),
            education_min=data.get("education_min") or "",
            political_theory_min=data.get("political_theory_min") or "",
            management_category=data.get("management_category") or "",
            body_role=data.get("body_role") or "",
            training_category=data.get("training_category") or "",
            training_year=data.get("training_year"),
            q=data.get("q") or "",
        )
