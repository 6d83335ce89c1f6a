"""The third-party apps under the names the administration site shows (their own are English).

Kept out of ``pbms.core.apps``: Django picks an app's configuration automatically only when its ``apps``
module holds exactly one, and ``CoreConfig.ready`` installs the Vietnamese collation."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig as TasksDbAppConfig


# Only the application's name changes: label, models and migrations stay theirs.
class AxesConfig(AxesAppConfig):
    verbose_name = "Khóa đăng nhập (đăng nhập sai)"


class TotpConfig(TotpAppConfig):
    verbose_name = "Xác thực hai lớp (ứng dụng OTP)"

    def ready(self) -> None:
        super().ready()
        # django-otp names its model in plain English (not marked for translation). Only the display
        # names change: migrations read Meta's original attributes, which stay django-otp's.
        device = self.get_model("TOTPDevice")
        device._meta.verbose_name = "thiết bị OTP"
        device._meta.verbose_name_plural = "Thiết bị OTP"
        # Its admin's search help is English text built at import ("Search by user's …"), not translatable.
        from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin  # imported here: it needs ready models

        TOTPDeviceAdmin.search_help_text = "Tìm theo tên đăng nhập hoặc địa chỉ email của người dùng"


class TasksDbConfig(TasksDbAppConfig):
    verbose_name = "Việc chạy nền"
