"""The two shipped rule sets (domain-rules.md §1): QĐ 124-QĐ/TW (2023) and QĐ 366-QĐ/TW (2025).

Kept here as literal data so the migration never changes with the code; an administrator copies a rule
set (``services.ruleset_copy``) to change its numbers.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import migrations

LEVELS = [
    ("excellent", 1, "Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"),
    ("good", 2, "Hoàn thành tốt nhiệm vụ", "HTTNV"),
    ("complete", 3, "Hoàn thành nhiệm vụ", "HTNV"),
    ("incomplete", 4, "Không hoàn thành nhiệm vụ", "KHTNV"),
]
BANDS_366 = {"excellent": Decimal(90), "good": Decimal(70), "complete": Decimal(50), "incomplete": None}

SHARED_CLAUSES = [
    # clause, max_level, threshold, wording, source
    (
        "disciplined",
        "incomplete",
        None,
        "Bị xử lý kỷ luật trong năm đánh giá (trừ trường hợp tự phát hiện và khắc phục xong hậu quả)",
        "{ref} (QĐ 124-QĐ/TW Điều 12 khoản 4.3)",
    ),
    (
        "collective_disciplined",
        "good",
        None,
        "Tập thể xếp loại Hoàn thành xuất sắc nhiệm vụ khi không có tổ chức trực thuộc hoặc thành viên lãnh đạo bị kỷ luật",
        "{ref}",
    ),
    (
        "sick_leave",
        "complete",
        3,
        "Nghỉ ốm từ 3 tháng trở lên trong năm thì không xếp loại từ Hoàn thành tốt nhiệm vụ trở lên",
        "HD 21-HD/BTCTW (2019); NĐ 90/2020/NĐ-CP",
    ),
    (
        "recently_admitted",
        "",
        6,
        "Đảng viên mới kết nạp chưa đủ 6 tháng thì không xếp loại (vẫn kiểm điểm)",
        "HD 21-HD/BTCTW (2019)",
    ),
    (
        "exempt",
        "",
        None,
        "Đảng viên được miễn công tác và sinh hoạt đảng thì không xếp loại",
        "HD 21-HD/BTCTW (2019)",
    ),
    (
        "suspended",
        "",
        None,
        "Đảng viên bị đình chỉ sinh hoạt đảng thì không xếp loại (cấp ủy viên bị đình chỉ sinh hoạt cấp ủy vẫn xếp loại)",
        "HD 21-HD/BTCTW (2019)",
    ),
]

RULESETS = [
    {
        "code": "QD124-2023",
        "name": "Quy định 124-QĐ/TW về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm",
        "decision_ref": "QĐ 124-QĐ/TW ngày 04/10/2023",
        "applies_from_year": 2023,
        "applies_to_year": 2024,
        "scored": False,
        "general_points": None,
        "task_points": None,
        "quota_wording": (
            "Số lượng xếp loại Hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số được xếp loại Hoàn thành tốt "
            "nhiệm vụ trong từng nhóm có vai trò, chức năng, nhiệm vụ tương đồng"
        ),
        "quota_source": "QĐ 124-QĐ/TW; HD 25-HD/BTCTW (10/11/2023)",
        "note": "Dùng lại cho các năm trước 2023 khi nhập kết quả lịch sử.",
    },
    {
        "code": "QD366-2025",
        "name": "Quy định 366-QĐ/TW về kiểm điểm, đánh giá, xếp loại chất lượng (thang 100 điểm)",
        "decision_ref": "QĐ 366-QĐ/TW ngày 30/8/2025",
        "applies_from_year": 2025,
        "applies_to_year": None,
        "scored": True,
        "general_points": 30,
        "task_points": 70,
        "quota_wording": (
            "Số lượng xếp loại Hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số được xếp loại Hoàn thành tốt "
            "nhiệm vụ trong từng nhóm đối tượng (nguyên văn của QĐ 366 chưa đối chiếu: giả định 20%)"
        ),
        "quota_source": "QĐ 366-QĐ/TW; HD 43-HD/BTCTW (31/10/2025) (chưa đối chiếu)",
        "note": "Mức: ≥ 90 xuất sắc; 70 đến dưới 90 tốt; 50 đến dưới 70 hoàn thành; dưới 50 không hoàn thành.",
    },
]


def load(apps, schema_editor):
    RuleSet = apps.get_model("evaluations", "RuleSet")
    RuleLevel = apps.get_model("evaluations", "RuleLevel")
    RuleClause = apps.get_model("evaluations", "RuleClause")
    for data in RULESETS:
        ruleset, created = RuleSet.objects.get_or_create(
            code=data["code"],
            defaults={**{k: v for k, v in data.items() if k != "code"}, "quota_ratio": Decimal("0.200")},
        )
        if not created:
            continue
        short_ref = data["decision_ref"].split(" ngày")[0]
        for level, order, label, abbreviation in LEVELS:
            RuleLevel.objects.create(
                ruleset=ruleset,
                level=level,
                order=order,
                label=label,
                abbreviation=abbreviation,
                min_points=BANDS_366[level] if data["scored"] else None,
            )
        for clause, max_level, threshold, wording, source in SHARED_CLAUSES:
            RuleClause.objects.create(
                ruleset=ruleset,
                clause=clause,
                enabled=True,
                max_level=max_level,
                threshold=threshold,
                wording=wording,
                source=source.format(ref=short_ref),
            )


def unload(apps, schema_editor):
    RuleSet = apps.get_model("evaluations", "RuleSet")
    RuleSet.objects.filter(code__in=[data["code"] for data in RULESETS], cycles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
