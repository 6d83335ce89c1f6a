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
from pbms.accounts.otp import device_verify
from pbms.audit.services import audit_record


@transaction.atomic
def user_logout_everywhere(*, actor: User) -> None:
    """End every session of ``actor`` on every device (the current one included)."""
    User.objects.filter(pk=actor.pk).update(session_epoch=actor.session_epoch + 1)
    audit_record(actor=actor, action="auth.logout_everywhere", obj=actor)


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
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns it with the key, which is never stored and never shown again."""
    label = " ".join(name.split())[:100] or "Khóa API"
    key = "pb_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=label, prefix=key[: ApiToken.PREFIX_LENGTH], key_hash=api_key_hash(key)
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


def api_token_authenticate(*, key: str) -> User | None:
    """The active user behind a live token (revoked tokens and inactive users get nothing).

    Records the use, at most every few minutes: a busy client must not turn every read into a write.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=api_key_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
