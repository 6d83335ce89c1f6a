"""The administrator edits rule sets in the admin; every write is audited."""

from __future__ import annotations

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, logged_in
from pbms.evaluations.models import RuleSet


@pytest.mark.django_db
def test_copy_from_the_admin_and_edit_a_level(people: Personas) -> None:
    client = logged_in(people.admin)
    assert client.get("/quan-tri/evaluations/ruleset/").status_code == 200
    source = RuleSet.objects.get(code="QD366-2025")
    response = client.post(
        "/quan-tri/evaluations/ruleset/", {"action": "copy_ruleset", "_selected_action": [source.pk]}
    )
    assert response.status_code == 302
    copy = RuleSet.objects.get(code="QD366-2025-ban-sao")
    assert AuditEvent.objects.filter(action="evaluations.ruleset_copy", object_id=str(copy.pk)).exists()
    page = client.get(f"/quan-tri/evaluations/ruleset/{copy.pk}/change/")
    assert page.status_code == 200
    assert "Hoàn thành xuất sắc nhiệm vụ" in page.content.decode()


@pytest.mark.django_db
def test_a_cadre_cannot_open_the_admin(people: Personas) -> None:
    client = logged_in(people.secretary)
    assert client.get("/quan-tri/evaluations/ruleset/").status_code == 302
