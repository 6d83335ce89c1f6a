"""Default criteria templates of QĐ 366-QĐ/TW (30 points of general criteria + 70 of task results), one
per group: collectives (Mẫu 01), committee members and leaders (Mẫu 2A/2B), members without posts (2B/2C).

Only the frame is sourced (domain-rules.md §1.3: 30 + 70 points, one appendix per group, self-assessment on
Mẫu 2A/2B/2C). The forms' own wording and the split of points between criteria were not retrieved: the
titles below are the usual headings of a kiểm điểm, kept generic, and the points are defaults that the
administrator changes in the admin (or on a copy of the rule set) once the province has the forms.
QĐ 124-QĐ/TW does not score (its criteria are graded Xuất sắc / Tốt / Trung bình / Kém): no template.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import migrations

SOURCE = (
    "Khung 30 điểm tiêu chí chung + 70 điểm kết quả nhiệm vụ: QĐ 366-QĐ/TW; tên và điểm từng tiêu chí là mặc "
    "định chung, chưa đối chiếu nguyên văn Mẫu 01, 2A, 2B, 2C (HD 43-HD/BTCTW)"
)
PERSONAL_GENERAL = [
    (
        "Chính trị, tư tưởng",
        "Trung thành với Đảng; chấp hành đường lối, chủ trương của Đảng, pháp luật của Nhà nước.",
        8,
    ),
    (
        "Đạo đức, lối sống",
        'Giữ gìn phẩm chất đạo đức, lối sống; không có biểu hiện suy thoái, "tự diễn biến", "tự chuyển hóa".',
        8,
    ),
    (
        "Ý thức tổ chức kỷ luật",
        "Chấp hành nguyên tắc tập trung dân chủ, quy định của tổ chức; không vi phạm những điều đảng viên không được làm.",
        7,
    ),
    (
        "Tác phong, lề lối làm việc; trách nhiệm nêu gương",
        "Tác phong, lề lối làm việc; thực hiện trách nhiệm nêu gương.",
        7,
    ),
]
TEMPLATES = {
    "collective": [
        ("general", "Công tác xây dựng Đảng về chính trị, tư tưởng, đạo đức", "", 10),
        ("general", "Công tác tổ chức, cán bộ, đảng viên", "", 10),
        ("general", "Công tác kiểm tra, giám sát, kỷ luật đảng; đoàn kết nội bộ", "", 10),
        ("tasks", "Kết quả lãnh đạo thực hiện nhiệm vụ chính trị, các chỉ tiêu được giao trong năm", "Khối lượng, chất lượng, tiến độ; sản phẩm cụ thể.", 50),
        ("tasks", "Lãnh đạo xây dựng chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội", "", 10),
        ("tasks", "Khắc phục hạn chế, khuyết điểm đã được cấp có thẩm quyền kết luận, chỉ ra", "", 10),
    ],
    "committee_member": [
        *[("general", t, g, p) for t, g, p in PERSONAL_GENERAL],
        ("tasks", "Kết quả thực hiện nhiệm vụ cấp ủy viên được phân công (lĩnh vực, địa bàn phụ trách)", "", 25),
        ("tasks", "Kết quả thực hiện chức trách, nhiệm vụ chuyên môn được giao", "Khối lượng, chất lượng, tiến độ.", 35),
        ("tasks", "Tham gia sinh hoạt cấp ủy, xây dựng tổ chức đảng trong sạch, vững mạnh", "", 10),
    ],
    "leader": [
        *[("general", t, g, p) for t, g, p in PERSONAL_GENERAL],
        ("tasks", "Kết quả thực hiện chức trách, nhiệm vụ được giao", "Khối lượng, chất lượng, tiến độ; sản phẩm cụ thể.", 30),
        ("tasks", "Kết quả lãnh đạo, chỉ đạo, quản lý lĩnh vực, địa bàn, cơ quan, đơn vị phụ trách", "", 30),
        ("tasks", "Năng lực lãnh đạo, quản lý; xây dựng đoàn kết nội bộ", "", 10),
    ],
    "member": [
        *[("general", t, g, p) for t, g, p in PERSONAL_GENERAL],
        ("tasks", "Kết quả thực hiện nhiệm vụ chuyên môn, công việc được giao", "Khối lượng, chất lượng, tiến độ.", 50),
        ("tasks", "Thực hiện nhiệm vụ đảng viên: sinh hoạt chi bộ, đóng đảng phí, công việc chi bộ phân công", "", 15),
        ("tasks", "Giữ mối liên hệ với nhân dân, tham gia công tác ở nơi cư trú", "", 5),
    ],
}  # fmt: skip


def load(apps, schema_editor):
    RuleSet = apps.get_model("evaluations", "RuleSet")
    Criterion = apps.get_model("evaluations", "Criterion")
    for ruleset in RuleSet.objects.filter(code="QD366-2025"):
        if Criterion.objects.filter(ruleset=ruleset).exists():
            continue
        Criterion.objects.bulk_create(
            Criterion(
                ruleset=ruleset,
                group=group,
                section=section,
                order=order,
                title=title,
                guidance=guidance,
                max_points=Decimal(points),
                source=SOURCE,
            )
            for group, rows in TEMPLATES.items()
            for order, (section, title, guidance, points) in enumerate(rows, start=1)
        )


def unload(apps, schema_editor):
    apps.get_model("evaluations", "Criterion").objects.filter(ruleset__code="QD366-2025", scores__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0004_criteria")]

    operations = [migrations.RunPython(load, unload)]
