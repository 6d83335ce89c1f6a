"""The link between a head and the unit's result (issue 4), shipped switched off: its wording in QĐ 124 and
QĐ 366 has not been checked against the text (domain-rules.md does not state it). The administrator
switches it on in the admin once the Ban Tổ chức confirms it."""

from __future__ import annotations

from django.db import migrations, models

WORDING = (
    "Người đứng đầu không được xếp loại cao hơn mức xếp loại của tổ chức, cơ quan, đơn vị do mình phụ trách "
    "(chưa đối chiếu nguyên văn)"
)
CODES = ("QD124-2023", "QD366-2025")


def load(apps, schema_editor):
    RuleSet = apps.get_model("evaluations", "RuleSet")
    RuleClause = apps.get_model("evaluations", "RuleClause")
    for ruleset in RuleSet.objects.filter(code__in=CODES):
        RuleClause.objects.get_or_create(
            ruleset=ruleset,
            clause="head_of_unit",
            defaults={"enabled": False, "wording": WORDING, "source": "chưa đối chiếu (issue 4)"},
        )


def unload(apps, schema_editor):
    apps.get_model("evaluations", "RuleClause").objects.filter(clause="head_of_unit").delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0002_rulesets")]

    operations = [
        migrations.AlterField(
            model_name="ruleclause",
            name="clause",
            field=models.CharField(
                choices=[
                    ("disciplined", "Bị kỷ luật trong năm"),
                    ("collective_disciplined", "Tập thể có thành viên, tổ chức trực thuộc bị kỷ luật"),
                    ("sick_leave", "Nghỉ ốm"),
                    ("head_of_unit", "Người đứng đầu không cao hơn tập thể mình phụ trách"),
                    ("recently_admitted", "Mới kết nạp"),
                    ("exempt", "Miễn công tác và sinh hoạt đảng"),
                    ("suspended", "Đình chỉ sinh hoạt đảng"),
                ],
                max_length=30,
                verbose_name="quy tắc",
            ),
        ),
        migrations.RunPython(load, unload),
    ]
