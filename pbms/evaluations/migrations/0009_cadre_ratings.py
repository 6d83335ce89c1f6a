"""Two ratings for a leading cadre (issue 14 §2), the schema: ``Result.rating_kind`` with one result per
person, cycle and kind, and the cadre deciding rules keyed by management category (``DecidingRule.category``).
The data follow in 0010 and the check tying the kind to the subject in 0011: on PostgreSQL a table written in
a migration cannot be altered in the same transaction (deferred foreign-key triggers are still pending).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0008_default_deciding_rules"),
        ("orgs", "0003_placement_path_c_idx"),
        ("people", "0008_training_key_workbook_upload"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="decidingrule",
            options={
                "ordering": ("ruleset", "subject", "unit_level", "unit_kind", "category"),
                "verbose_name": "thẩm quyền quyết định xếp loại",
                "verbose_name_plural": "thẩm quyền quyết định xếp loại",
            },
        ),
        migrations.RemoveConstraint(
            model_name="decidingrule",
            name="decidingrule_unique",
        ),
        migrations.RemoveConstraint(
            model_name="result",
            name="result_person_unique",
        ),
        migrations.AddField(
            model_name="decidingrule",
            name="category",
            field=models.CharField(
                blank=True,
                help_text="mã diện quản lý cán bộ (chỉ với đối tượng cán bộ)",
                max_length=60,
                verbose_name="diện quản lý",
            ),
        ),
        migrations.AddField(
            model_name="result",
            name="rating_kind",
            field=models.CharField(
                choices=[
                    ("party_member", "Xếp loại đảng viên"),
                    ("cadre", "Xếp loại cán bộ lãnh đạo, quản lý"),
                    ("collective", "Xếp loại tập thể"),
                ],
                default="party_member",
                max_length=12,
                verbose_name="loại xếp loại",
            ),
        ),
        migrations.AlterField(
            model_name="decidingrule",
            name="subject",
            field=models.CharField(
                choices=[
                    ("member", "Đảng viên"),
                    ("collective", "Tập thể (tổ chức đảng, cấp ủy, ban thường vụ)"),
                    ("cadre", "Cán bộ lãnh đạo, quản lý (theo diện quản lý)"),
                ],
                max_length=12,
                verbose_name="đối tượng",
            ),
        ),
        migrations.AlterField(
            model_name="decidingrule",
            name="unit_level",
            field=models.CharField(
                blank=True,
                help_text="mã cấp tổ chức (orgs.OrgLevel); trống với cán bộ",
                max_length=40,
                verbose_name="cấp của tổ chức",
            ),
        ),
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
                    ("cadre_incomplete", "Cán bộ, công chức không hoàn thành nhiệm vụ thì đảng viên cũng vậy"),
                    ("civil_servant_share", "Tỷ lệ công chức xuất sắc không quá tỷ lệ đảng viên xuất sắc"),
                ],
                max_length=30,
                verbose_name="quy tắc",
            ),
        ),
        migrations.AddConstraint(
            model_name="decidingrule",
            constraint=models.UniqueConstraint(
                fields=("ruleset", "subject", "unit_level", "unit_kind", "category"), name="decidingrule_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="decidingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("subject", "cadre"), models.Q(("category", ""), _negated=True)),
                    models.Q(models.Q(("subject", "cadre"), _negated=True), ("category", "")),
                    _connector="OR",
                ),
                name="decidingrule_category_for_cadre",
            ),
        ),
        migrations.AddConstraint(
            model_name="result",
            constraint=models.UniqueConstraint(
                condition=models.Q(("person__isnull", False)),
                fields=("cycle", "person", "rating_kind"),
                name="result_person_unique",
            ),
        ),
    ]
