"""The data version row that keys the cache of computed figures (``pbms.core.dataversion``)."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import migrations, models


def create_row(apps: Any, schema_editor: Any) -> None:
    apps.get_model("core", "DataVersion").objects.create(pk=1, counter=0, token=secrets.token_hex(16))


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("counter", models.BigIntegerField(default=0, verbose_name="số lần thay đổi")),
                ("token", models.CharField(max_length=32, verbose_name="mã phiên bản")),
                ("changed_at", models.DateTimeField(auto_now=True, verbose_name="thay đổi lúc")),
            ],
            options={"verbose_name": "phiên bản dữ liệu", "verbose_name_plural": "phiên bản dữ liệu"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
