"""Fixed personas and a small tree that exercises the 2025 restructuring.

The tree (built through the services, as users would):

  Đảng bộ tỉnh (P, 2020-01-01)
  ├── Đảng bộ huyện Đông Sơn (A)              until 30/6/2025
  │   ├── Đảng bộ xã An Phú (A1)              merged into X on 01/7/2025
  │   │   └── Chi bộ thôn Một (A1c1)
  │   └── Đảng bộ xã Bình Minh (A2)           merged into X on 01/7/2025
  │       └── Chi bộ thôn Hai (A2c1)
  ├── Đảng bộ huyện Tây Hà (B)                until 30/6/2025
  │   └── Đảng bộ xã Cẩm Lý (B1)              re-attached to Y on 01/7/2025
  │       └── Chi bộ thôn Ba (B1c1)
  ├── Đảng bộ xã An Bình (X, from 01/7/2025)   ← A1 + A2
  └── Đảng bộ xã Tây Hà (Y, from 01/7/2025)

``build_old_tree`` stops before 01/7/2025; ``restructure`` enters it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.accounts.otp import user_requires_otp
from pbms.orgs import services
from pbms.orgs.models import Organization, OrgKind

START = dt.date(2020, 1, 1)
RESTRUCTURING = dt.date(2025, 7, 1)
PASSWORD = "mat-khau-thu-nghiem-2025"


@dataclass
class OldTree:
    """The tree as it stood until 30/6/2025."""

    P: Organization
    A: Organization
    A1: Organization
    A1c1: Organization
    A2: Organization
    A2c1: Organization
    B: Organization
    B1: Organization
    B1c1: Organization


@dataclass
class Tree(OldTree):
    """The tree with the restructuring of 01/7/2025 entered."""

    X: Organization
    Y: Organization


def kind(code: str) -> OrgKind:
    return OrgKind.objects.get(code=code)


def build_old_tree(admin: User) -> OldTree:
    def create(code: str, name: str, kind_code: str, parent: Organization | None, day: dt.date = START) -> Organization:
        return services.org_create(
            actor=admin,
            code=code,
            name=name,
            kind=kind(kind_code),
            parent=parent,
            effective_date=day,
            decision_ref=f"{code}-QĐ/TU",
        )

    P = create("P", "Đảng bộ tỉnh Bình An", "provincial", None)
    A = create("A", "Đảng bộ huyện Đông Sơn", "district", P)
    A1 = create("A1", "Đảng bộ xã An Phú", "grassroots_committee", A)
    A1c1 = create("A1C1", "Chi bộ thôn Một", "cell", A1)
    A2 = create("A2", "Đảng bộ xã Bình Minh", "grassroots_committee", A)
    A2c1 = create("A2C1", "Chi bộ thôn Hai", "cell", A2)
    B = create("B", "Đảng bộ huyện Tây Hà", "district", P)
    B1 = create("B1", "Đảng bộ xã Cẩm Lý", "grassroots_committee", B)
    B1c1 = create("B1C1", "Chi bộ thôn Ba", "cell", B1)
    return OldTree(P=P, A=A, A1=A1, A1c1=A1c1, A2=A2, A2c1=A2c1, B=B, B1=B1, B1c1=B1c1)


def restructure(admin: User, old: OldTree) -> Tree:
    """Enter the 2025 restructuring: A1 + A2 merge into the new commune X, B1 moves to the new commune Y."""
    x = services.org_merge(
        actor=admin,
        sources=[old.A1, old.A2],
        new_code="X",
        new_name="Đảng bộ xã An Bình",
        new_kind=kind("commune"),
        new_parent=old.P,
        effective_date=RESTRUCTURING,
        decision_ref="200-QĐ/TU",
    )
    y = services.org_create(
        actor=admin,
        code="Y",
        name="Đảng bộ xã Tây Hà",
        kind=kind("commune"),
        parent=old.P,
        effective_date=RESTRUCTURING,
        decision_ref="Y-QĐ/TU",
    )
    services.org_move(actor=admin, org=old.B1, new_parent=y, effective_date=RESTRUCTURING, decision_ref="201-QĐ/TU")
    services.org_dissolve(actor=admin, org=old.A, effective_date=RESTRUCTURING, decision_ref="202-QĐ/TU")
    services.org_dissolve(actor=admin, org=old.B, effective_date=RESTRUCTURING, decision_ref="203-QĐ/TU")
    return Tree(**vars(old), X=x, Y=y)


def build_tree(admin: User) -> Tree:
    return restructure(admin, build_old_tree(admin))


def logged_in(user: User) -> Client:
    """A test client logged in as ``user``, past the one-time-password step when the user needs one."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and user_requires_otp(user=user):
        device = TOTPDevice.objects.create(user=user, name="thử nghiệm", confirmed=True)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def make_user(username: str, full_name: str, *, superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name)
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    return user


@dataclass
class Personas:
    admin: User  # system administrator
    specialist: User  # Ban Tổ chức, the whole province, enters data
    staff_a: User  # office of district A, enters data for A's subtree
    viewer_a: User  # district A, view only
    outsider: User  # office of district B: must see nothing of A
    secretary: User  # secretary of cell A1c1
    nobody: User  # logged in, no assignment at all


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    """Argon2 is deliberately slow; tests create many users. test_settings checks production uses Argon2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin(db: None) -> User:
    return make_user("quantri", "Quản Trị Viên", superuser=True)


@pytest.fixture
def tree(admin: User) -> Tree:
    return build_tree(admin)


@pytest.fixture
def people(admin: User, tree: Tree) -> Personas:
    def grant(user: User, org: Organization, role: str, scope: str) -> User:
        Assignment.objects.create(user=user, org=org, role=role, scope=scope)
        return user

    return Personas(
        admin=admin,
        specialist=grant(make_user("chuyenvien", "Nguyễn Thị Lan"), tree.P, Role.SPECIALIST, Scope.ENTER),
        staff_a=grant(make_user("huyen_a", "Trần Văn Bình"), tree.A, Role.COMMITTEE_STAFF, Scope.ENTER),
        viewer_a=grant(make_user("xem_a", "Lê Thị Cúc"), tree.A, Role.COMMITTEE_STAFF, Scope.VIEW),
        outsider=grant(make_user("huyen_b", "Phạm Văn Dũng"), tree.B, Role.COMMITTEE_STAFF, Scope.ENTER),
        secretary=grant(make_user("bithu_a1c1", "Hoàng Văn Em"), tree.A1c1, Role.CELL_SECRETARY, Scope.ENTER),
        nobody=make_user("khongquyen", "Đỗ Văn Giang"),
    )


@pytest.fixture
def before_restructuring(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Move the "today" of the write rule (``accounts.selectors.actor_can_write``) to 15/1/2025, for tests
    that tell the story of the old tree: the district offices still held their scope then, so they could
    enter 2024's events and decide 2024's ratings. The tree's later history is built all the same."""
    day = dt.date(2025, 1, 15)
    monkeypatch.setattr("pbms.accounts.selectors.today", lambda: day)
    return day


def pytest_collection_modifyitems(config: Any, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres_only`` (row locks between two connections, constraints SQLite lacks) skip on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="cần PostgreSQL (needs PostgreSQL: two real connections, row locks)")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)
