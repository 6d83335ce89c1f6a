"""The person list's filter form: parses the query string into PersonFilters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy

from pbms.orgs.forms import VnDateField
from pbms.people.models import BodyRole, Code, CodeList, Gender, ManagementCategory, TrainingCategory
from pbms.people.selectors import PersonFilters


def _codes(code_list: str) -> list[tuple[str, str]]:
    return [("", "Tất cả"), *((c.code, c.name) for c in Code.objects.filter(list=code_list, active=True))]


class PersonFilterForm(forms.Form):
    q = forms.CharField(label="Tìm (tên không dấu, CCCD, số thẻ, số lý lịch)", required=False, max_length=100)
    org = forms.CharField(
        label="Tổ chức (gõ tên hoặc mã)",
        required=False,
        max_length=40,
        # the names offered as one types (``orgs:suggest``), filling the page's <datalist>; the value is the code
        widget=forms.TextInput(
            attrs={
                "list": "org-options",
                "autocomplete": "off",
                "hx-get": reverse_lazy("orgs:suggest"),
                "hx-trigger": "keyup changed delay:300ms",
                "hx-target": "#org-options",
                "hx-swap": "innerHTML",
            }
        ),
    )
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


# --- edit forms of the person file (they parse; the services decide) -------------------------------


class _ChoiceMixin(forms.Form):
    def set_choices(self, name: str, values: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = values


class PersonForm(_ChoiceMixin):
    family_name = forms.CharField(label="Họ", max_length=50)
    middle_name = forms.CharField(label="Tên đệm", max_length=80, required=False)
    given_name = forms.CharField(label="Tên", max_length=50)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    birth_date = VnDateField(label="Ngày sinh")
    cccd = forms.CharField(label="Số CCCD", max_length=12, required=False)
    place_of_origin = forms.CharField(label="Quê quán", max_length=255, required=False)
    ethnicity = forms.ChoiceField(label="Dân tộc")
    religion = forms.ChoiceField(label="Tôn giáo")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("ethnicity", _codes(CodeList.ETHNICITY)[1:])
        self.set_choices("religion", _codes(CodeList.RELIGION)[1:])

    def code(self, name: str, code_list: str) -> Code | None:
        return Code.objects.filter(list=code_list, code=self.cleaned_data.get(name)).first()


class AdmissionForm(forms.Form):
    """Optional part of "new person": admit at the same time."""

    cell_code = forms.CharField(label="Mã chi bộ kết nạp", max_length=40, required=False)
    decided_on = VnDateField(label="Ngày quyết định kết nạp", required=False)
    decision_ref = forms.CharField(label="Số quyết định kết nạp", max_length=80, required=False)
    party_file_no = forms.CharField(label="Số lý lịch", max_length=20, required=False)
    card_no = forms.CharField(label="Số thẻ đảng viên", max_length=30, required=False)


class MembershipEventForm(forms.Form):
    KINDS = [
        ("recognize", "Công nhận đảng viên chính thức"),
        ("transfer", "Chuyển sinh hoạt đảng"),
        ("exempt", "Miễn công tác và sinh hoạt đảng"),
        ("exemption_end", "Thôi miễn công tác và sinh hoạt đảng"),
        ("strike_off", "Xóa tên"),
        ("expel", "Khai trừ"),
        ("withdraw", "Xin ra khỏi Đảng"),
        ("die", "Từ trần"),
        ("move_out", "Chuyển sinh hoạt đảng ra ngoài tỉnh"),
        ("move_in", "Nhận sinh hoạt đảng từ ngoài tỉnh về"),
        ("readmit", "Kết nạp lại"),
    ]
    kind = forms.ChoiceField(label="Sự kiện", choices=KINDS)
    date = VnDateField(label="Ngày có hiệu lực (ngày họp xét với công nhận chính thức, ngày lễ với kết nạp lại)")
    decided_on = VnDateField(label="Ngày quyết định", required=False)
    decision_ref = forms.CharField(label="Số quyết định", max_length=80, required=False)
    cell_code = forms.CharField(
        label="Mã chi bộ (chuyển sinh hoạt, nhận về, kết nạp lại)", max_length=40, required=False
    )
    destination = forms.CharField(label="Nơi chuyển đến (ra ngoài tỉnh)", max_length=255, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class QualificationForm(_ChoiceMixin):
    level = forms.ChoiceField(label="Trình độ")
    obtained_on = VnDateField(label="Ngày cấp bằng, chứng chỉ", required=False)
    field = forms.CharField(label="Chuyên ngành", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = Code.objects.filter(rank__isnull=False, active=True).order_by("list", "rank", "sort")
        self.set_choices("level", [(str(c.pk), f"{c.get_list_display()}: {c.name}") for c in levels])


class PositionForm(_ChoiceMixin):
    org_code = forms.CharField(label="Mã tổ chức (cơ quan, đơn vị)", max_length=40)
    title = forms.CharField(label="Chức vụ", max_length=200)
    is_head = forms.BooleanField(label="Người đứng đầu", required=False)
    categories = forms.MultipleChoiceField(label="Diện quản lý", required=False, widget=forms.CheckboxSelectMultiple)
    valid_from = VnDateField(label="Từ ngày")
    decision_ref = forms.CharField(label="Số quyết định", max_length=80, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("categories", [(m.code, m.name) for m in ManagementCategory.objects.all()])


class PositionEndForm(forms.Form):
    valid_to = VnDateField(label="Thôi giữ chức vụ từ ngày")
    decision_ref = forms.CharField(label="Số quyết định", max_length=80, required=False)


class TrainingForm(_ChoiceMixin):
    course = forms.CharField(label="Tên lớp, khóa", max_length=255)
    category = forms.ChoiceField(label="Loại bồi dưỡng")
    starts_on = VnDateField(label="Từ ngày")
    ends_on = VnDateField(label="Đến ngày")
    completed = forms.BooleanField(label="Đã hoàn thành", required=False, initial=True)
    provider = forms.CharField(label="Cơ sở đào tạo", max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("category", [(t.code, t.name) for t in TrainingCategory.objects.all()])
