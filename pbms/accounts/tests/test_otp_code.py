"""``manage.py otp_code``: the demo aid that prints a user's current one-time password, only under DEBUG."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts.models import User
from pbms.accounts.otp import device_verify


def otp_code(username: str) -> str:
    out = StringIO()
    call_command("otp_code", username, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def device(admin: User) -> TOTPDevice:
    created: TOTPDevice = TOTPDevice.objects.create(user=admin, name="thử nghiệm", confirmed=True)
    return created


def test_it_prints_a_code_the_device_accepts(settings: Any, admin: User, device: TOTPDevice) -> None:
    settings.DEBUG = True

    code = otp_code(admin.username)

    assert re.fullmatch(r"\d{6}", code)
    assert device_verify(device=device, token=code)


def test_it_refuses_without_debug(settings: Any, admin: User, device: TOTPDevice) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="chỉ dùng với dữ liệu mẫu") as refused:
        otp_code(admin.username)
    assert refused.value.returncode == 1  # manage.py exits with this status


def test_it_refuses_an_unknown_user(settings: Any, db: None) -> None:
    settings.DEBUG = True

    with pytest.raises(CommandError, match="Không có người dùng “khong_co”"):
        otp_code("khong_co")


def test_it_refuses_a_user_without_a_confirmed_device(settings: Any, admin: User) -> None:
    settings.DEBUG = True
    TOTPDevice.objects.create(user=admin, name="chưa xác nhận", confirmed=False)

    with pytest.raises(CommandError, match="chưa có ứng dụng xác thực"):
        otp_code(admin.username)
