"""The data version: one row whose value changes after every committed write to the data that figures are
computed from (``pbms.core.dataversion``)."""

from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """A single row (id 1). ``counter`` counts the bumps; ``token`` is new at each bump, so a value computed
    under a version that a rolled-back transaction or a flushed test database reused is never taken for
    the current one."""

    counter = models.BigIntegerField("số lần thay đổi", default=0)
    token = models.CharField("mã phiên bản", max_length=32)
    changed_at = models.DateTimeField("thay đổi lúc", auto_now=True)

    class Meta:
        verbose_name = "phiên bản dữ liệu"
        verbose_name_plural = "phiên bản dữ liệu"

    def __str__(self) -> str:
        return f"{self.counter}-{self.token}"
