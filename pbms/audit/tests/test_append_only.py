"""The audit log only grows: the application has no path to change it, and PostgreSQL refuses it too."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from pbms.accounts.models import User
from pbms.audit.models import AppendOnlyError, AuditEvent
from pbms.audit.services import audit_record


def test_it_records_actor_action_and_changes(admin: User) -> None:
    event = audit_record(actor=admin, action="test.action", changes={"name": ["cũ", "mới"]}, object_repr="Thử")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_name, stored.action) == (admin.pk, "quantri", "test.action")
    assert stored.changes == {"name": ["cũ", "mới"]}


def test_it_has_no_application_path_to_change_or_delete(admin: User) -> None:
    event = audit_record(actor=admin, action="test.action")
    event.action = "sửa"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.action"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.django_db
def test_it_refuses_update_and_delete_at_the_database_level(admin: User) -> None:
    event = audit_record(actor=admin, action="test.action")
    for statement in (
        "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.action"
