"""The demo accounts: one per role, granted on organisations the plan picked."""

from __future__ import annotations

from dataclasses import dataclass

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.orgs.demo.ops import DemoPicks
from pbms.orgs.models import Organization, Placement

DEMO_PASSWORD = "DangBo@2025"  # noqa: S105 - a published demo password, printed by the command


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    description: str


_ACCOUNTS = (
    # username, full name, role, scope, pick
    ("chuyenvien", "Nguyễn Thị Lan", Role.SPECIALIST, Scope.ENTER, "root"),
    ("vanphong_huyen", "Trần Văn Bình", Role.COMMITTEE_STAFF, Scope.ENTER, "district"),
    ("vanphong_xa", "Lê Thị Hồng", Role.COMMITTEE_STAFF, Scope.ENTER, "commune"),
    ("kiemtra", "Phạm Văn Dũng", Role.INSPECTION, Scope.VIEW, "root"),
    ("bithu", "Hoàng Văn Em", Role.CELL_SECRETARY, Scope.ENTER, "cell"),
    ("kiemsoat", "Đỗ Thị Giang", Role.AUDITOR, Scope.VIEW, "root"),
)
ADMIN_USERNAME = "quantri"
DEMO_USERNAMES = (ADMIN_USERNAME, *(a[0] for a in _ACCOUNTS))


def demo_admin_create(*, password_hash: str) -> User:
    """The system administrator: the actor of every write of the demo."""
    return User.objects.create(
        username=ADMIN_USERNAME,
        password=password_hash,
        full_name="Quản Trị Viên",
        is_superuser=True,
        is_staff=True,
    )


def demo_accounts_create(*, admin: User, picks: DemoPicks, password_hash: str) -> list[DemoAccount]:
    """The other accounts, granted on the organisations the plan picked; ``admin`` is listed first."""
    codes = {pick: getattr(picks, pick) for *_, pick in _ACCOUNTS}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes.values())}
    names = {
        row.org_id: row.name
        for row in Placement.objects.filter(org__in=orgs.values()).order_by("valid_from")  # latest name wins
    }
    result = [DemoAccount(ADMIN_USERNAME, admin.full_name, "Quản trị hệ thống (toàn quyền)")]
    spans = {"district": ", đến 30/6/2025", "commune": ", từ 01/7/2025"}
    for username, full_name, role, scope, pick in _ACCOUNTS:
        org = orgs[codes[pick]]
        user = User.objects.create(username=username, password=password_hash, full_name=full_name)
        Assignment.objects.create(user=user, org=org, role=role, scope=scope)
        where = "toàn tỉnh" if pick == "root" else names[org.pk] + spans.get(pick, "")
        what = "nhập liệu" if scope == Scope.ENTER else "chỉ xem"
        result.append(DemoAccount(username, full_name, f"{Role(role).label} ({where}; {what})"))
    return result
