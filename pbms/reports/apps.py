from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pbms.reports"
    label = "reports"
    verbose_name = "Báo cáo và xuất dữ liệu"
