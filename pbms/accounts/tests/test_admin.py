"""The administrator manages users and grants in the admin; every change is audited."""

from __future__ import annotations

from typing import Any

from pbms.accounts.models import Assignment, Role, Scope, User
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


def user_page_data(user: User, grants: list[dict[str, Any]], initial: int) -> dict[str, Any]:
    """The user page's form as the browser posts it: the user's fields and the grants' inline lines."""
    data: dict[str, Any] = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "assignments-TOTAL_FORMS": str(len(grants)),
        "assignments-INITIAL_FORMS": str(initial),
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    for i, grant in enumerate(grants):
        data |= {f"assignments-{i}-{key}": value for key, value in grant.items()}
    return data


def test_it_audits_each_grant_added_changed_or_removed_on_the_user_page(people: Personas, tree: Tree) -> None:
    user = people.staff_a
    kept = Assignment.objects.get(user=user)  # committee staff on A, enters data
    dropped = Assignment.objects.create(user=user, org=tree.B, role=Role.COMMITTEE_STAFF, scope=Scope.VIEW)
    grants = [
        # A: "enter" becomes "view"
        {"id": kept.pk, "user": user.pk, "org": tree.A.pk, "role": Role.COMMITTEE_STAFF, "scope": Scope.VIEW},
        {
            "id": dropped.pk,
            "user": user.pk,
            "org": tree.B.pk,
            "role": Role.COMMITTEE_STAFF,
            "scope": Scope.VIEW,
            "DELETE": "on",
        },
        {"user": user.pk, "org": tree.P.pk, "role": Role.SPECIALIST, "scope": Scope.ENTER},  # new
    ]
    response = logged_in(people.admin).post(
        f"/quan-tri/accounts/user/{user.pk}/change/", user_page_data(user, grants, initial=2)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Assignment.objects.get(user=user, org=tree.P)
    rows = {e.action: e for e in AuditEvent.objects.filter(action__startswith="admin.", action__endswith=".assignment")}
    assert set(rows) == {"admin.add.assignment", "admin.change.assignment", "admin.delete.assignment"}
    assert all(e.actor_id == people.admin.pk for e in rows.values())
    staff = {"user": "huyen_a", "role": "Cán bộ văn phòng cấp ủy"}
    assert rows["admin.change.assignment"].object_id == str(kept.pk)
    assert rows["admin.change.assignment"].changes == {
        "before": staff | {"org": "A", "scope": "Nhập liệu"},
        "after": staff | {"org": "A", "scope": "Xem"},
    }
    assert rows["admin.delete.assignment"].object_id == str(dropped.pk)
    assert rows["admin.delete.assignment"].changes == {"before": staff | {"org": "B", "scope": "Xem"}, "after": None}
    assert rows["admin.add.assignment"].object_id == str(added.pk)
    assert rows["admin.add.assignment"].changes == {
        "before": None,
        "after": {"user": "huyen_a", "org": "P", "role": "Chuyên viên Ban Tổ chức", "scope": "Nhập liệu"},
    }


def test_it_audits_a_grant_removed_in_the_grants_list(people: Personas, tree: Tree) -> None:
    grant = Assignment.objects.get(user=people.viewer_a)
    response = logged_in(people.admin).post(f"/quan-tri/accounts/assignment/{grant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.delete.assignment")
    assert event.object_id == str(grant.pk)
    assert event.changes["before"] == {"user": "xem_a", "org": "A", "role": "Cán bộ văn phòng cấp ủy", "scope": "Xem"}


def test_it_audits_a_password_changed_in_the_administration_site(people: Personas) -> None:
    response = logged_in(people.admin).post(
        f"/quan-tri/accounts/user/{people.secretary.pk}/password/",
        {"password1": "mat-khau-moi-cua-bi-thu", "password2": "mat-khau-moi-cua-bi-thu"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="auth.password_change")
    assert (event.actor_id, event.object_id) == (people.admin.pk, str(people.secretary.pk))
    assert event.changes == {"user": "bithu_a1c1", "by": "quantri"}
    new_hash = User.objects.get(pk=people.secretary.pk).password
    assert new_hash not in str(event.changes) and "mat-khau-moi" not in str(event.changes)
