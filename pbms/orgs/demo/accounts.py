"""The demo accounts: one per role, granted on organisations the plan picked.

Those who must give a one-time password (the administrator, the specialist) get a confirmed
authenticator whose key follows from the seed, so the printed instructions hold for every load
with that seed: ``manage.py otp_code`` shows the current code, or the key goes into an app.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.accounts.otp import user_requires_otp
from pbms.accounts.services import otp_secret_base32
from pbms.orgs.demo.ops import DemoPicks
from pbms.orgs.models import Organization, Placement

DEMO_PASSWORD = "DangBo@2025"  # noqa: S105 - a published demo password, printed by the command
DEMO_OTP_DEVICE = "Dữ liệu mẫu"  # the name of the demo's authenticators


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    description: str
    otp_secret: str = ""  # base32 key of the account's authenticator, when it must use one


def demo_otp_key(*, seed: int, username: str) -> str:
    """A TOTP key (20 bytes, hex) that depends only on the seed and the username: published, like the
    password, and only ever used for demo data."""
    return hashlib.sha256(f"pbms-demo-otp/{seed}/{username}".encode()).hexdigest()[:40]


def demo_otp_hint(*, username: str, secret: str) -> str:
    """How to get the one-time password of a demo account (the command needs DEBUG, as ``make run`` sets)."""
    return (
        f"mã OTP: DEBUG=1 python manage.py otp_code {username} (chỉ dùng với dữ liệu mẫu), "
        f"hoặc thêm khóa {secret} vào ứng dụng xác thực"
    )


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


def demo_accounts_create(*, admin: User, picks: DemoPicks, password_hash: str, seed: int) -> list[DemoAccount]:
    """The other accounts, granted on the organisations the plan picked, and the authenticators of
    those who need one; ``admin`` is listed first."""
    codes = {pick: getattr(picks, pick) for *_, pick in _ACCOUNTS}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes.values())}
    names = {
        row.org_id: row.name
        for row in Placement.objects.filter(org__in=orgs.values()).order_by("valid_from")  # latest name wins
    }
    users = [(admin, "Quản trị hệ thống (toàn quyền)")]
    spans = {"district": ", đến 30/6/2025", "commune": ", từ 01/7/2025"}
    for username, full_name, role, scope, pick in _ACCOUNTS:
        org = orgs[codes[pick]]
        user = User.objects.create(username=username, password=password_hash, full_name=full_name)
        Assignment.objects.create(user=user, org=org, role=role, scope=scope)
        where = "toàn tỉnh" if pick == "root" else names[org.pk] + spans.get(pick, "")
        what = "nhập liệu" if scope == Scope.ENTER else "chỉ xem"
        users.append((user, f"{Role(role).label} ({where}; {what})"))
    result = []
    for user, description in users:
        secret = ""
        if user_requires_otp(user=user):  # after the grants: the specialist's role is what requires it
            key = demo_otp_key(seed=seed, username=user.username)
            device = TOTPDevice.objects.create(user=user, name=DEMO_OTP_DEVICE, key=key, confirmed=True)
            secret = otp_secret_base32(device)
        result.append(DemoAccount(user.username, user.full_name, description, otp_secret=secret))
    return result
