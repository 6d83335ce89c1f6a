from __future__ import annotations

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "pbms.people"
    label = "people"
    verbose_name = "Cán bộ, đảng viên"
