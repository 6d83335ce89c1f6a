"""Writes about accounts: logins, one-time-password devices, ending sessions. Each is audited."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts.models import ApiToken, User
from pbms.accounts.otp import device_verify, user_requires_otp
from pbms.audit.context import get_request_info
from pbms.audit.services import audit_record


class ApiTokenRefusedError(Exception):
    """The key cannot be made; the message says why, in Vietnamese, for the page."""


@transaction.atomic
def user_logout_everywhere(*, actor: User) -> int:
    """End every session of ``actor`` on every device (the current one included), and every API key:
    someone who suspects a stolen session must not have to guess that a key outlives it. Returns the
    number of keys revoked."""
    User.objects.filter(pk=actor.pk).update(session_epoch=actor.session_epoch + 1)
    audit_record(actor=actor, action="auth.logout_everywhere", obj=actor)
    return api_tokens_revoke_all(actor=actor, user=actor, reason="đăng xuất mọi nơi")


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    """Record a changed password and revoke the account's API keys (called by ``User.save``, whatever path
    changed it). The actor is the request's user (an administrator, or the user), or "hệ thống" outside a
    request (``manage.py changepassword``). Sessions need nothing: their hash includes the password."""
    actor = get_request_info().actor
    audit_record(
        actor=actor,
        action="auth.password_change",
        obj=user,
        # who changed whose password; never the hash, not even the new one's
        changes={"user": user.get_username(), "by": actor.get_username() if actor is not None else "hệ thống"},
    )
    api_tokens_revoke_all(actor=actor, user=user, reason="đổi mật khẩu")


@transaction.atomic
def api_tokens_revoke_all(*, actor: User | None, user: User, reason: str) -> int:
    """Revoke every live API key of ``user``, one audit row each (with ``reason``); the number revoked."""
    live = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    now = timezone.now()
    for token in live:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="auth.api_token_revoke", obj=token, changes={"reason": reason})
    return len(live)


@transaction.atomic
def otp_device_start(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator for ``user`` (an earlier unfinished one is discarded)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


@transaction.atomic
def otp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm the device with a code it produced; False (and nothing written) for a wrong code."""
    if device.user_id != user.pk or device.confirmed or not device_verify(device=device, token=token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="auth.otp_enrolled", obj=user)
    return True


def otp_secret_base32(device: TOTPDevice) -> str:
    """The key as authenticator apps ask for it when typed by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def login_record(*, user: User, verified_with_otp: bool = False) -> None:
    audit_record(actor=user, action="auth.otp_verified" if verified_with_otp else "auth.login", obj=user)


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, name: str, otp_verified: bool) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns it with the key, which is never stored and never shown again.

    ``otp_verified``: the session gave a one-time password. An account that must use one (or has set one
    up) gets no key without it, or the key would be a way round the second factor.
    """
    if not otp_verified and user_requires_otp(user=actor):
        raise ApiTokenRefusedError(
            "Tài khoản này dùng xác thực hai lớp: hãy nhập mã xác thực (OTP) trước khi tạo khóa API."
        )
    label = " ".join(name.split())[:100] or "Khóa API"
    key = "pb_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=label,
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=api_key_hash(key),
        otp_verified=otp_verified,
    )
    audit_record(actor=actor, action="auth.api_token_create", obj=token)
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionError("not the owner")  # views look tokens up by owner, so this is a bug guard
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="auth.api_token_revoke", obj=token)


def api_token_lacks_otp(*, token: ApiToken, requires_otp: bool) -> bool:
    """The key was made without a one-time password and its account now must give one: refused (the API)
    and shown as no longer working (the key page)."""
    return requires_otp and not token.otp_verified


def api_token_authenticate(*, key: str) -> User | None:
    """The active user behind a live token (revoked tokens and inactive users get nothing).

    A key made without a one-time password is refused once its account must use one (a role with
    ``otp.required`` granted later, a device set up, made an administrator): the user makes a new key
    after giving the code. Asked on each call, like the session's check, so the rule applies at once.

    Records the use, at most every few minutes: a busy client must not turn every read into a write.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=api_key_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or api_token_lacks_otp(token=token, requires_otp=user_requires_otp(user=token.user)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
