"""The permission to run the province's rounds of evaluation, given to the Ban Tổ chức's specialists."""

from __future__ import annotations

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def grant(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    RoleDefinition = apps.get_model("accounts", "RoleDefinition")
    RolePermission = apps.get_model("accounts", "RolePermission")
    for role in RoleDefinition.objects.filter(code="specialist"):
        RolePermission.objects.get_or_create(role=role, permission="evaluations.cycle_run")


def revoke(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("accounts", "RolePermission").objects.filter(permission="evaluations.cycle_run").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_org_restructure")]

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
                    (
                        "evaluations.cycle_run",
                        "Mở, lập danh sách, kết thúc đợt đánh giá, xếp loại toàn tỉnh",
                    ),
                ],
                max_length=40,
                verbose_name="quyền",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
