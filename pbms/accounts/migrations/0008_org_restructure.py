"""Restructuring the tree becomes its own permission, held by the Ban Tổ chức specialist and the committee
office staff, not by the cell secretary (who enters members for his cell, but whose cell is founded,
renamed, merged, split and dissolved by the superior committee: Điều lệ Đảng, Điều 10 khoản 3)."""

from __future__ import annotations

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

HOLDERS = ("specialist", "committee_staff")
PERMISSION = "org.restructure"


def grant(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    RoleDefinition = apps.get_model("accounts", "RoleDefinition")
    RolePermission = apps.get_model("accounts", "RolePermission")
    for role in RoleDefinition.objects.filter(code__in=HOLDERS):
        RolePermission.objects.get_or_create(role=role, permission=PERMISSION)


def revoke(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("accounts", "RolePermission").objects.filter(permission=PERMISSION).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_api_token_otp_verified")]
    operations = [
        migrations.AlterField(
            model_name="rolepermission",
            name="permission",
            field=models.CharField(
                choices=[
                    ("register.read", "Xem tổ chức, hồ sơ trong phạm vi"),
                    ("register.write", "Nhập liệu trong phạm vi (khi phạm vi là nhập liệu)"),
                    ("org.restructure", "Thành lập, đổi tên, hợp nhất, chia tách, giải thể tổ chức cấp dưới"),
                    ("audit.read", "Xem và xuất nhật ký hệ thống"),
                    ("discipline.read", "Xem hồ sơ kỷ luật trong phạm vi"),
                    ("own_file", "Xem, tự đánh giá hồ sơ của chính mình"),
                    ("otp.required", "Bắt buộc xác thực hai lớp"),
                ],
                max_length=40,
                verbose_name="quyền",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
