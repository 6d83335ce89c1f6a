"""The append-only audit log.

The application only ever inserts here; on PostgreSQL a trigger (migration 0002)
refuses UPDATE and DELETE, so not even a bug or a shell session can rewrite it.
Actor and organisation are kept as ids plus text, so the log outlives renames.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models

REFUSAL = "Nhật ký chỉ được ghi thêm, không được sửa hoặc xóa."


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """No bulk path to rewrite the log: update() and delete() refuse, on every database."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(REFUSAL)

    def delete(self) -> NoReturn:
        raise AppendOnlyError(REFUSAL)


class AuditEvent(models.Model):
    at = models.DateTimeField("thời điểm", db_index=True)
    actor_id = models.BigIntegerField(null=True, db_index=True)
    actor_name = models.CharField("người thực hiện", max_length=150, blank=True)
    acting_org_id = models.BigIntegerField(null=True)
    action = models.CharField("hành động", max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    object_repr = models.CharField("đối tượng", max_length=255, blank=True)
    changes = models.JSONField("thay đổi", default=dict)
    ip = models.GenericIPAddressField(null=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"  # Vietnamese nouns do not inflect
        indexes = [
            # history of one object (person file, organisation page)
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(REFUSAL)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(REFUSAL)
