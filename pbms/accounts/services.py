"""Writes about accounts: logins, one-time-password devices, ending sessions. Each is audited."""

from __future__ import annotations

import base64

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts.models import User
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
