"""``manage.py otp_code USERNAME``: the current one-time password of a user's authenticator.

A demo aid, so that the demo accounts that must give a one-time password can be tried without an
authenticator app. It refuses unless DEBUG is on: on a real system it would defeat the second factor.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pbms.accounts.models import User
from pbms.accounts.otp import confirmed_device, device_current_token


class Command(BaseCommand):
    help = (
        "In mã OTP hiện tại (6 chữ số) của ứng dụng xác thực đã xác nhận của một người dùng. Chỉ dùng với "
        "dữ liệu mẫu: từ chối nếu không chạy ở chế độ phát triển (DEBUG=1)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="tên đăng nhập, ví dụ quantri")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Lệnh otp_code chỉ dùng với dữ liệu mẫu, ở chế độ phát triển (DEBUG=1); "
                "trên hệ thống thật, mã OTP chỉ lấy từ ứng dụng xác thực của người dùng."
            )
        username: str = options["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        device = confirmed_device(user=user)
        if device is None:
            raise CommandError(f"Người dùng “{username}” chưa có ứng dụng xác thực (OTP) đã xác nhận.")
        self.stdout.write(device_current_token(device=device))
