"""A training's identity becomes a database constraint, and uploads get a row whose state moves once.

- ``training_unique_key``: (person, course, category, start), the key the workbook import upserts by
  (docs/workbook.md, "Khóa"). A double-clicked import confirmation wrote every new training twice; before
  the constraint, ``merge_duplicates`` removes such copies: rows that agree on every field (the double
  import's copies) are merged into the oldest, each removal with an audit row. Rows that share the key but
  differ (end date, completion, provider) are not guessed at: the migration stops and names them, so that
  someone decides which one is true (the profile page) before migrating again.
- ``WorkbookUpload``: the upload's state, attempt and heartbeat (``pbms.people.workbook.uploads``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone

KEY = ("person_id", "course", "category_id", "starts_on")
VALUES = ("ends_on", "completed", "provider")


def merge_duplicates(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Training = apps.get_model("people", "Training")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    db = schema_editor.connection.alias
    doubled = (
        Training.objects.using(db)
        .values(*KEY)
        .annotate(copies=models.Count("id"))
        .filter(copies__gt=1)
        .values_list(*KEY)
    )
    groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    wanted = {tuple(key) for key in doubled}
    if not wanted:
        return
    person_ids = sorted({key[0] for key in wanted})
    for training in Training.objects.using(db).filter(person_id__in=person_ids).order_by("id"):
        key = tuple(getattr(training, name) for name in KEY)
        if key in wanted:
            groups[key].append(training)
    conflicts = [rows for rows in groups.values() if len({tuple(getattr(r, n) for n in VALUES) for r in rows}) > 1]
    if conflicts:
        listed = "; ".join(
            f"người #{rows[0].person_id}, lớp “{rows[0].course}” từ {rows[0].starts_on:%d/%m/%Y}: "
            f"các dòng {', '.join(str(r.pk) for r in rows)}"
            for rows in conflicts
        )
        raise RuntimeError(
            "Có bồi dưỡng trùng khóa (người, tên lớp, loại, từ ngày) nhưng khác nội dung, không tự gộp được: "
            f"{listed}. Hãy giữ lại một dòng đúng cho mỗi lớp rồi chạy lại migrate."
        )
    now = timezone.now()
    for rows in groups.values():
        kept, extra = rows[0], rows[1:]
        for copy in extra:
            AuditEvent.objects.using(db).create(
                at=now,
                actor_id=None,
                actor_name="hệ thống",
                action="training.merge_duplicate",
                object_type="people.training",
                object_id=str(copy.pk),
                object_repr=f"{copy.course}"[:255],
                changes={"gộp vào": kept.pk, "người": copy.person_id, "từ ngày": copy.starts_on.isoformat()},
            )
        Training.objects.using(db).filter(pk__in=[r.pk for r in extra]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_person_created_by"),
        ("audit", "0002_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="training",
            constraint=models.UniqueConstraint(
                fields=("person", "course", "category", "starts_on"), name="training_unique_key"
            ),
        ),
        migrations.CreateModel(
            name="WorkbookUpload",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32, unique=True)),
                ("file_name", models.CharField(max_length=120)),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("uploaded", "Chờ xác nhận"),
                            ("checking", "Đang kiểm tra"),
                            ("importing", "Đang ghi"),
                            ("done", "Đã xong"),
                            ("failed", "Lỗi"),
                            ("lost", "Bị gián đoạn"),
                        ],
                        default="uploaded",
                        max_length=12,
                    ),
                ),
                ("attempt", models.PositiveIntegerField(default=0)),
                ("heartbeat_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={"verbose_name": "tệp nhập chờ xử lý"},
        ),
    ]
