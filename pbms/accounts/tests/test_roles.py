"""Roles are data: what a role may do changes with its permissions, without code."""

from __future__ import annotations

from pbms.accounts.models import Assignment, Permission, Role, RolePermission, Scope
from pbms.accounts.otp import user_requires_otp
from pbms.conftest import Personas, Tree, logged_in, make_user


def test_it_follows_a_role_losing_the_right_to_read_the_register(people: Personas, tree: Tree) -> None:
    client = logged_in(people.outsider)
    url = f"/to-chuc/{tree.B.pk}/?ngay=31/12/2024"
    assert client.get(url).status_code == 200
    RolePermission.objects.filter(role__code=Role.COMMITTEE_STAFF, permission=Permission.REGISTER_READ).delete()
    assert client.get(url).status_code == 404


def test_it_follows_a_role_gaining_the_audit_log(people: Personas, tree: Tree) -> None:
    inspector = make_user("ubkt", "Đinh Văn Khoa")
    Assignment.objects.create(user=inspector, org=tree.P, role=Role.INSPECTION, scope=Scope.VIEW)
    client = logged_in(inspector)
    assert client.get("/nhat-ky/").status_code == 404
    RolePermission.objects.create(
        role_id=RolePermission.objects.get(role__code=Role.INSPECTION, permission=Permission.REGISTER_READ).role_id,
        permission=Permission.AUDIT_READ,
    )
    assert client.get("/nhat-ky/").status_code == 200
    assert "Nhật ký" in client.get("/").content.decode()


def test_it_lets_a_view_only_role_with_an_enter_scope_write_nothing(people: Personas, tree: Tree) -> None:
    inspector = make_user("ubkt2", "Đinh Thị Lụa")
    Assignment.objects.create(user=inspector, org=tree.X, role=Role.INSPECTION, scope=Scope.ENTER)
    client = logged_in(inspector)
    assert client.get(f"/to-chuc/{tree.X.pk}/").status_code == 200
    assert client.get(f"/to-chuc/{tree.X.pk}/doi-ten/").status_code == 403  # inspection cannot write


def test_it_requires_a_one_time_password_where_the_role_says_so(people: Personas, tree: Tree) -> None:
    assert user_requires_otp(user=people.specialist) is True
    assert user_requires_otp(user=people.staff_a) is False
    role_id = RolePermission.objects.filter(role__code=Role.COMMITTEE_STAFF).values_list("role_id", flat=True)[0]
    RolePermission.objects.create(role_id=role_id, permission=Permission.OTP_REQUIRED)
    assert user_requires_otp(user=people.staff_a) is True
