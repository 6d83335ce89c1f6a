from __future__ import annotations

from django import forms

from pbms.resolutions.models import Task


class TaskProgressForm(forms.Form):
    status = forms.ChoiceField(label="Tình trạng", choices=Task.Status.choices)
    progress = forms.IntegerField(
        label="Tiến độ (%)",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Nhập tiến độ, từ 0 đến 100.",
            "invalid": "Tiến độ phải là một số nguyên từ 0 đến 100.",
            "min_value": "Tiến độ phải từ 0 đến 100 (%%).",
            "max_value": "Tiến độ phải từ 0 đến 100 (%%).",
        },
    )
