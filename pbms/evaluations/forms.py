"""Forms of the decision board and of a self-assessment (a cadre's own, a collective's). The levels chosen
on the board are fields named ``muc-<result id>``, the rows ticked are ``chon`` (a result id each), the rows
of the page shown are ``tren-trang`` (ids joined by commas); the comment, the decision, the announcement and
the reopening carry their own fields."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict

from pbms.evaluations import selectors
from pbms.evaluations.models import Criterion, CriterionSection, CycleKind, Level, Result, RuleSet
from pbms.orgs.models import OrgKind

LEVEL_PREFIX = "muc-"
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
SELECTED = "chon"
ON_PAGE = "tren-trang"
MAX_IDS = 1000  # more than a page holds
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _id(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def selected_ids(data: QueryDict) -> list[int]:
    """The result ids ticked on the board (``chon``), in the page's order, each once."""
    ids = (_id(raw) for raw in data.getlist(SELECTED)[:MAX_IDS])
    return list(dict.fromkeys(i for i in ids if i is not None))


def page_ids(data: QueryDict) -> list[int]:
    """The result ids of the page the form was posted from (``tren-trang``)."""
    ids = (_id(raw) for raw in str(data.get(ON_PAGE, "")).split(",")[:MAX_IDS])
    return list(dict.fromkeys(i for i in ids if i is not None))


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


class AnnounceForm(forms.Form):
    announced_on = forms.DateField(label="Ngày thông báo", input_formats=DATE_FORMATS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["announced_on"].error_messages["invalid"] = "Ngày thông báo theo dạng dd/mm/yyyy."
        self.fields["announced_on"].error_messages["required"] = "Phải ghi ngày thông báo."


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Lý do mở lại", max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Phải ghi lý do mở lại kết quả."


class CommentForm(forms.Form):
    """One row's comment, in the row itself: prefixed with the row (``r<id>-comment``) so that two rows
    being edited on the same page never mix."""

    comment = forms.CharField(label="Nhận xét của tập thể", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    sick_leave_months = forms.DecimalField(
        label="Số tháng nghỉ ốm trong năm",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(12),
        max_digits=4,
        decimal_places=1,
        localize=True,
    )

    # the editor sits inside the board's form: a "required" textarea would block its other buttons
    use_required_attribute = False

    def __init__(self, *args: Any, result_id: int, **kwargs: Any) -> None:
        kwargs["prefix"] = f"r{result_id}"
        super().__init__(*args, **kwargs)
        self.fields["comment"].error_messages["required"] = "Phải ghi nội dung nhận xét."
        months = self.fields["sick_leave_months"]
        months.error_messages["invalid"] = "Số tháng nghỉ ốm là một số, ví dụ 3 hoặc 1,5."
        months.error_messages["min_value"] = months.error_messages["max_value"] = "Số tháng nghỉ ốm phải từ 0 đến 12."
        months.error_messages["max_decimal_places"] = "Số tháng nghỉ ốm có nhiều nhất một chữ số thập phân."


class SelfAssessForm(forms.Form):
    strengths = forms.CharField(label="Ưu điểm", widget=TEXTAREA, required=False)
    shortcomings = forms.CharField(label="Hạn chế, khuyết điểm", widget=TEXTAREA, required=False)
    causes = forms.CharField(label="Nguyên nhân của hạn chế, khuyết điểm", widget=TEXTAREA, required=False)
    remedies = forms.CharField(label="Biện pháp khắc phục", widget=TEXTAREA, required=False)
    text = forms.CharField(label="Nội dung khác (nếu có)", widget=TEXTAREA, required=False)
    level = forms.ChoiceField(label="Tự nhận mức xếp loại", choices=[("", "— chọn mức —"), *Level.choices])

    def __init__(self, *args: Any, criteria: list[Criterion], scored: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.DecimalField(
                label=criterion.title,
                min_value=Decimal(0),
                max_value=criterion.max_points,
                decimal_places=2,
                help_text=f"Tối đa {selectors.points_text(criterion.max_points)} điểm",
                localize=True,
            )
        if scored and not criteria:
            self.fields["points_general"] = forms.DecimalField(label="Điểm tiêu chí chung", min_value=Decimal(0))
            self.fields["points_tasks"] = forms.DecimalField(label="Điểm kết quả nhiệm vụ", min_value=Decimal(0))

    @staticmethod
    def initial_for(result: Result, scores: Mapping[int, Decimal]) -> dict[str, Any]:
        """The form as ``result`` was last assessed (``scores``: its points per criterion)."""
        values: dict[str, Any] = {name: getattr(result, name) for name in ("strengths", "shortcomings", "causes")}
        values |= {"remedies": result.remedies, "text": result.self_assessment, "level": result.self_level}
        values |= {"points_general": result.points_general, "points_tasks": result.points_tasks}
        return values | {f"criterion_{criterion_id}": points for criterion_id, points in scores.items()}

    def text_rows(self) -> list[forms.BoundField]:
        return [self[name] for name in ("strengths", "shortcomings", "causes", "remedies", "text")]

    def closing_rows(self) -> list[forms.BoundField]:
        return [self[name] for name in ("points_general", "points_tasks", "level") if name in self.fields]

    def rows(self, section: str) -> list[forms.BoundField]:
        return [self[f"criterion_{c.pk}"] for c in self.criteria if c.section == section]

    def general_rows(self) -> list[forms.BoundField]:
        return self.rows(CriterionSection.GENERAL)

    def task_rows(self) -> list[forms.BoundField]:
        return self.rows(CriterionSection.TASKS)

    def scores(self) -> dict[int, Decimal] | None:
        if not self.criteria:
            return None
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


DEADLINES = ("self_assess_by", "comment_by", "propose_by", "decide_by")


class CycleOpenForm(forms.Form):
    """Opening a round (``services.cycle_open``): the period, the rule set (empty: the one of the year),
    the population date (empty: the period's last day), a deadline per step, the kinds of organisation rated
    as collectives (none: those the rule set's deciding rules cover), and whether to list the subjects now."""

    kind = forms.ChoiceField(
        label="Kỳ", choices=[(k.value, k.label) for k in (CycleKind.YEAR, CycleKind.QUARTER, CycleKind.MONTH)]
    )
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    period = forms.IntegerField(label="Quý hoặc tháng", min_value=0, max_value=12, required=False)
    ruleset = forms.ModelChoiceField(
        label="Bộ quy tắc", queryset=RuleSet.objects.all(), required=False, empty_label="Theo năm của đợt"
    )
    population_on = forms.DateField(label="Danh sách tính đến ngày", input_formats=DATE_FORMATS, required=False)
    self_assess_by = forms.DateField(label="Hạn tự đánh giá", input_formats=DATE_FORMATS, required=False)
    comment_by = forms.DateField(label="Hạn nhận xét", input_formats=DATE_FORMATS, required=False)
    propose_by = forms.DateField(label="Hạn đề xuất", input_formats=DATE_FORMATS, required=False)
    decide_by = forms.DateField(label="Hạn quyết định", input_formats=DATE_FORMATS, required=False)
    org_kinds = forms.ModelMultipleChoiceField(
        label="Loại hình tổ chức được xếp loại (không chọn: theo bộ quy tắc)",
        queryset=OrgKind.objects.select_related("level"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    populate = forms.BooleanField(label="Lập danh sách đối tượng ngay khi mở", required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("population_on", *DEADLINES):
            self.fields[name].error_messages["invalid"] = "Ghi ngày theo dạng dd/mm/yyyy."
        self.fields["year"].error_messages["required"] = "Phải ghi năm của đợt."
        self.fields["year"].error_messages["invalid"] = "Năm phải là một số."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") is None:
            data["period"] = 0
        if data.get("year") is not None and data.get("kind") and not data.get("population_on"):
            data["population_on"] = period_end(data["year"], data["kind"], data["period"])
        return data

    def deadlines(self) -> dict[str, dt.date]:
        return {name: self.cleaned_data[name] for name in DEADLINES if self.cleaned_data.get(name)}


def period_end(year: int, kind: str, period: int) -> dt.date | None:
    """The last day of the period (the default population date); None for a period out of range (the
    service says why)."""
    if kind == CycleKind.QUARTER:
        period = period * 3 if 1 <= period <= 4 else 0
    elif kind != CycleKind.MONTH:
        return dt.date(year, 12, 31)
    if not 1 <= period <= 12:
        return None
    return dt.date(year, period, calendar.monthrange(year, period)[1])
