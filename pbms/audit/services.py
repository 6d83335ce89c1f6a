from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from pbms.audit.context import get_request_info
from pbms.audit.models import AuditEvent

if TYPE_CHECKING:
    from pbms.accounts.models import User


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one row to the audit log; called inside the service's transaction."""
    info = get_request_info()
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_name=(actor.get_username() if actor is not None else "hệ thống"),
        acting_org_id=info.acting_org_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[:255],
        changes=changes or {},
        ip=info.ip,
    )
