from __future__ import annotations

from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "pbms.resolutions"
    label = "resolutions"
    verbose_name = "Nghị quyết, chỉ tiêu"
