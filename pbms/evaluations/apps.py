from __future__ import annotations

from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "pbms.evaluations"
    label = "evaluations"
    verbose_name = "Đánh giá, xếp loại chất lượng"
