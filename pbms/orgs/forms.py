"""Forms for the tree operations. They parse input; the services decide what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from pbms.accounts.selectors import Actor, visible_placements
from pbms.lib.dates import parse_date
from pbms.lib.text import nfc
from pbms.orgs.models import Organization, OrgKind, Placement

DATE_HELP = "Dạng dd/mm/yyyy."


class VnDateField(forms.CharField):
    """A date typed as dd/mm/yyyy, refused clearly when it is not a real date (31/02/2024)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HELP)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> dt.date | None:
        text = super().clean(value)
        if not text:
            return None
        day = parse_date(text)
        if day is None:
            raise forms.ValidationError(f"“{text}” không phải là ngày hợp lệ (dạng dd/mm/yyyy).")
        return day


class OrgCodeField(forms.CharField):
    """An organisation picked by its code, resolved within what the actor may see."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", Organization.MAX_CODE_LENGTH)
        super().__init__(**kwargs)


class _ChoicesMixin(forms.Form):
    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class _DecisionForm(_ChoicesMixin):
    effective_date = VnDateField(label="Ngày hiệu lực")
    decision_ref = forms.CharField(label="Số quyết định", max_length=80, help_text="Ví dụ: 125-QĐ/TU")
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def resolve_org(self, code: str, field: str) -> Organization | None:
        """The organisation with ``code`` if the actor may see it on the effective date."""
        day = self.cleaned_data.get("effective_date")
        if not code or day is None:
            return None
        code = nfc(code).upper()
        row = visible_placements(actor=self.actor, day=day).filter(org__code=code).select_related("org").first()
        if row is None:
            self.add_error(field, f"Không có tổ chức mã “{code}” trong phạm vi của bạn vào ngày {day:%d/%m/%Y}.")
            return None
        return row.org


def _kind_choices() -> list[tuple[str, str]]:
    return [(k.code, f"{k.name} — {k.level.name}") for k in OrgKind.objects.select_related("level")]


class OrgCreateForm(_DecisionForm):
    code = forms.CharField(
        label="Mã tổ chức",
        max_length=Organization.MAX_CODE_LENGTH,
        help_text="Mã duy nhất, không dấu cách, ví dụ H03.X07",
    )
    name = forms.CharField(label="Tên tổ chức", max_length=Placement.MAX_NAME_LENGTH)
    kind = forms.ChoiceField(label="Loại hình")
    parent_code = OrgCodeField(label="Mã tổ chức cấp trên", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices("kind", _kind_choices())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["kind_obj"] = OrgKind.objects.filter(code=data.get("kind")).first()
        data["parent"] = self.resolve_org(data.get("parent_code") or "", "parent_code")
        return data


class OrgRenameForm(_DecisionForm):
    name = forms.CharField(label="Tên mới", max_length=Placement.MAX_NAME_LENGTH)
    kind = forms.ChoiceField(label="Loại hình")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices("kind", _kind_choices())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["kind_obj"] = OrgKind.objects.filter(code=data.get("kind")).first()
        return data


class OrgMoveForm(_DecisionForm):
    parent_code = OrgCodeField(label="Mã tổ chức cấp trên mới")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["parent"] = self.resolve_org(data.get("parent_code") or "", "parent_code")
        return data


END_POSTS_LABEL = "Kết thúc cùng ngày hiệu lực các chức vụ, ghế cấp ủy còn giữ tại tổ chức chấm dứt"
END_POSTS_HELP = "Theo quyết định này; nếu không chọn, hãy kết thúc hoặc chuyển từng chức vụ trước."


def _end_posts_field() -> forms.BooleanField:
    return forms.BooleanField(label=END_POSTS_LABEL, help_text=END_POSTS_HELP, required=False)


class OrgDissolveForm(_DecisionForm):
    confirm = forms.BooleanField(label="Tôi xác nhận giải thể (chấm dứt hoạt động) tổ chức này", required=True)
    end_posts = _end_posts_field()


class OrgMergeForm(_DecisionForm):
    """Merge other organisations into this one (sáp nhập) or this and others into a new one (hợp nhất)."""

    MODE_INTO_THIS = "into_this"
    MODE_NEW = "new"

    mode = forms.ChoiceField(
        label="Hình thức",
        choices=[
            (MODE_INTO_THIS, "Sáp nhập các tổ chức khác vào tổ chức này"),
            (MODE_NEW, "Hợp nhất tổ chức này và các tổ chức khác thành tổ chức mới"),
        ],
        widget=forms.RadioSelect,
    )
    other_codes = forms.CharField(
        label="Mã các tổ chức khác",
        help_text="Mỗi mã một dòng hoặc cách nhau bởi dấu phẩy.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    new_code = forms.CharField(label="Mã tổ chức mới", required=False, max_length=Organization.MAX_CODE_LENGTH)
    new_name = forms.CharField(label="Tên tổ chức mới", required=False, max_length=Placement.MAX_NAME_LENGTH)
    new_kind = forms.ChoiceField(label="Loại hình tổ chức mới", required=False)
    new_parent_code = OrgCodeField(label="Mã cấp trên của tổ chức mới", required=False)
    end_posts = _end_posts_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices("new_kind", [("", "—"), *_kind_choices()])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        codes = [
            c for c in (part.strip() for part in (data.get("other_codes") or "").replace(",", "\n").splitlines()) if c
        ]
        others = [self.resolve_org(code, "other_codes") for code in codes]
        data["others"] = [o for o in others if o is not None]
        if data.get("mode") == self.MODE_NEW:
            for name in ("new_code", "new_name", "new_kind", "new_parent_code"):
                if not data.get(name):
                    self.add_error(name, "Cần nhập khi hợp nhất thành tổ chức mới.")
            data["new_kind_obj"] = OrgKind.objects.filter(code=data.get("new_kind")).first()
            data["new_parent"] = self.resolve_org(data.get("new_parent_code") or "", "new_parent_code")
        return data


class SplitPartForm(_ChoicesMixin):
    code = forms.CharField(label="Mã", max_length=Organization.MAX_CODE_LENGTH, required=False)
    name = forms.CharField(label="Tên", max_length=Placement.MAX_NAME_LENGTH, required=False)
    kind = forms.ChoiceField(label="Loại hình", required=False)
    children = forms.MultipleChoiceField(
        label="Tổ chức trực thuộc chuyển về", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, child_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices("kind", [("", "—"), *_kind_choices()])
        self._set_choices("children", child_choices)


class OrgSplitForm(_DecisionForm):
    keep_original = forms.BooleanField(label="Giữ lại tổ chức cũ (chỉ tách một phần)", required=False)
    end_posts = _end_posts_field()
