"""Reading the audit log: filtered, newest first, keyset-paginated (the log only grows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet

from pbms.accounts.selectors import Actor, actor_can_read_audit
from pbms.audit.changes import ChangeLine, change_lines
from pbms.audit.models import AuditEvent
from pbms.lib.exceptions import NotFoundError

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    obj: str = ""
    org_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def audit_list(*, actor: Actor, filters: AuditFilter, before_id: int | None = None) -> QuerySet[AuditEvent]:
    """Events matching ``filters``, newest first; ``before_id`` continues a previous page."""
    if not actor_can_read_audit(actor=actor):
        raise NotFoundError()
    rows = AuditEvent.objects.all()
    if filters.actor:
        rows = rows.filter(actor_name__icontains=filters.actor.strip())
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.obj:
        text = filters.obj.strip()
        rows = rows.filter(Q(object_repr__icontains=text) | Q(object_id=text))
    if filters.org_id is not None:
        rows = rows.filter(acting_org_id=filters.org_id)
    if filters.date_from:
        rows = rows.filter(at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        rows = rows.filter(at__lt=_local_midnight(filters.date_to + dt.timedelta(days=1)))
    if before_id is not None:
        rows = rows.filter(id__lt=before_id)
    return rows.order_by("-id")


def audit_actions(*, actor: Actor) -> list[str]:
    if not actor_can_read_audit(actor=actor):
        raise NotFoundError()
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_change_lines(*, events: Sequence[AuditEvent]) -> dict[int, list[ChangeLine]]:
    """The "Thay đổi" column of ``events`` (a page, or a chunk of an export) in Vietnamese, keyed by event id:
    names of organisations and people looked up once per kind for all of them (pbms.audit.changes)."""
    return change_lines(events)
