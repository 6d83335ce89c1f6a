"""The administrator manages users and grants in the admin; every change is audited."""

from __future__ import annotations

from pbms.accounts.models import Assignment, Role, Scope
from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in


def test_it_audits_a_grant_added_in_the_admin(people: Personas, tree: Tree) -> None:
    client = logged_in(people.admin)
    response = client.post(
        "/quan-tri/accounts/assignment/add/",
        {"user": people.nobody.pk, "org": tree.X.pk, "role": Role.COMMITTEE_STAFF, "scope": Scope.VIEW},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = Assignment.objects.get(user=people.nobody)
    event = AuditEvent.objects.get(action="admin.add.assignment")
    assert event.actor_id == people.admin.pk and event.object_id == str(grant.pk)


def test_it_keeps_non_administrators_out_of_the_admin(people: Personas) -> None:
    for user in (people.specialist, people.staff_a, people.nobody):
        client = logged_in(user)
        response = client.get("/quan-tri/accounts/user/")
        assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]
