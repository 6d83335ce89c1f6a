from __future__ import annotations

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "pbms.orgs"
    label = "orgs"
    verbose_name = "Tổ chức đảng"
