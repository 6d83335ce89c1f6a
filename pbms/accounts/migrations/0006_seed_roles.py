"""The starting roles and their permissions; the administrator changes them in the admin."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

ROLES = {
    "specialist": ("Chuyên viên Ban Tổ chức", ["register.read", "register.write", "otp.required"]),
    "committee_staff": ("Cán bộ văn phòng cấp ủy", ["register.read", "register.write"]),
    "cell_secretary": ("Bí thư chi bộ", ["register.read", "register.write"]),
    "inspection": ("Cán bộ Ủy ban kiểm tra", ["register.read", "discipline.read"]),
    "auditor": ("Kiểm soát nhật ký", ["audit.read"]),
    "cadre": ("Cán bộ, đảng viên (hồ sơ của mình)", ["own_file"]),
}


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    RoleDefinition = apps.get_model("accounts", "RoleDefinition")
    RolePermission = apps.get_model("accounts", "RolePermission")
    for code, (name, permissions) in ROLES.items():
        role, _ = RoleDefinition.objects.get_or_create(code=code, defaults={"name": name})
        for permission in permissions:
            RolePermission.objects.get_or_create(role=role, permission=permission)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_role_definitions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
