from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pbms.core"
    label = "core"
    verbose_name = "Chung"

    def ready(self) -> None:
        from pbms.core import collation, dataversion

        collation.install()
        dataversion.install()
