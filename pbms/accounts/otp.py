"""Who must use a one-time password, and the TOTP device helpers.

Administrators and Ban Tổ chức specialists hold the widest access, so a stolen
password alone must not open their account; anyone else may opt in.
"""

from __future__ import annotations

import time

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django_otp import login as django_otp_login
from django_otp import match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts.models import Assignment, Permission, User
from pbms.accounts.selectors import roles_with


def user_requires_otp(*, user: User) -> bool:
    """Whether ``user`` must give a one-time password, from the account's roles and devices *now*.

    Asked on every request (not remembered in the session): a role gaining ``otp.required``, or a grant of
    such a role, applies to sessions already open, and to API keys made before it (``api_token_authenticate``).
    """
    if user.is_superuser:
        return True
    # One query: it runs on every request of a session that has not given a code.
    return bool(
        User.objects.filter(pk=user.pk)
        .filter(
            Exists(Assignment.objects.filter(user_id=OuterRef("pk"), role__in=roles_with(Permission.OTP_REQUIRED)))
            | Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True))
        )
        .exists()
    )


def request_requires_otp(request: HttpRequest) -> bool:
    """Recomputed on each request (one query): a cached answer would let a session that was given
    a role needing OTP carry on without it until it ends."""
    return user_requires_otp(user=request.user)  # type: ignore[arg-type]  # only called for logged-in users


def request_otp_verified(request: HttpRequest) -> bool:
    """Whether this session gave a one-time password (django_otp's middleware installs ``is_verified``)."""
    verified = getattr(request.user, "is_verified", None)
    return bool(verified is not None and verified())


def confirmed_device(*, user: User) -> TOTPDevice | None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    return device if isinstance(device, TOTPDevice) else None


# django-otp has no type hints: these typed wrappers are the only place that calls it.


def otp_match(*, user: User, token: str) -> TOTPDevice | None:
    device = match_token(user, token)  # type: ignore[no-untyped-call]
    return device if isinstance(device, TOTPDevice) else None


def otp_mark_verified(*, request: HttpRequest, device: TOTPDevice) -> None:
    django_otp_login(request, device)  # type: ignore[no-untyped-call]


def device_verify(*, device: TOTPDevice, token: str) -> bool:
    return bool(device.verify_token(token))  # type: ignore[no-untyped-call]


def device_current_token(*, device: TOTPDevice) -> str:
    """The code the device shows now (tests and the demo's printed instructions use it)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)  # type: ignore[no-untyped-call]
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"  # type: ignore[no-untyped-call]
