from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig as TasksDbAppConfig


class CoreConfig(AppConfig):
    name = "pbms.core"
    label = "core"
    verbose_name = "Chung"

    def ready(self) -> None:
        from pbms.core import collation, dataversion

        collation.install()
        dataversion.install()


# The third-party apps under the names the administration site shows (their own are English). Only the
# application's name changes: label, models and migrations stay theirs.
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


class TasksDbConfig(TasksDbAppConfig):
    verbose_name = "Việc chạy nền"
