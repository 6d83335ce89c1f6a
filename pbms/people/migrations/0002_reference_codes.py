"""Code lists (domain-rules §4), management categories and training categories: reference data the
administrator can extend; this loads the starting set."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

ETHNICITY_VERSION = "QĐ 121-TCTK/PPCĐ (02/3/1979)"
# The 1979 order (04 Hoa, 05 Khơ-me, 06 Mường); the later GSO list orders them differently.
ETHNICITIES = [
    "Kinh",
    "Tày",
    "Thái",
    "Hoa",
    "Khơ-me",
    "Mường",
    "Nùng",
    "HMông",
    "Dao",
    "Gia-rai",
    "Ngái",
    "Ê-đê",
    "Ba Na",
    "Xơ-Đăng",
    "Sán Chay",
    "Cơ-ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Mnông",
    "Ra-glai",
    "Xtiêng",
    "Bru-Vân Kiều",
    "Thổ",
    "Giáy",
    "Cơ-tu",
    "Gié-Triêng",
    "Mạ",
    "Khơ-mú",
    "Co",
    "Tà-ôi",
    "Chơ-ro",
    "Kháng",
    "Xinh-mun",
    "Hà Nhì",
    "Chu-ru",
    "Lào",
    "La Chí",
    "La Ha",
    "Phù Lá",
    "La Hủ",
    "Lự",
    "Lô Lô",
    "Chứt",
    "Mảng",
    "Pà Thẻn",
    "Cơ Lao",
    "Cống",
    "Bố Y",
    "Si La",
    "Pu Péo",
    "Brâu",
    "Ơ Đu",
    "Rơ-măm",
]
RELIGION_VERSION = "QĐ 1019/QĐ-TCTK (12/11/2008), bổ sung 2014"
RELIGIONS = [
    ("00", "Không"),
    ("01", "Phật giáo"),
    ("02", "Công giáo"),
    ("03", "Phật giáo Hòa Hảo"),
    ("04", "Hồi giáo"),
    ("05", "Cao Đài"),
    ("06", "Minh Sư đạo"),
    ("07", "Minh Lý đạo"),
    ("08", "Tin Lành"),
    ("09", "Tịnh độ cư sĩ Phật hội Việt Nam"),
    ("10", "Tứ Ân Hiếu Nghĩa"),
    ("11", "Bửu Sơn Kỳ Hương"),
    ("12", "Baha'i"),
    ("13", "Bà La Môn"),
    ("14", "Mặc Môn"),
]
# (list, code, name, rank): rank orders the levels; equal ranks count as equal.
LEVELS = [
    ("education", "SC", "Sơ cấp", 0),
    ("education", "TC", "Trung cấp", 1),
    ("education", "CD", "Cao đẳng", 2),
    ("education", "DH", "Đại học", 3),
    ("education", "THS", "Thạc sĩ", 4),
    ("education", "TS", "Tiến sĩ", 5),
    ("political_theory", "SC", "Sơ cấp", 1),
    ("political_theory", "TC", "Trung cấp", 2),
    ("political_theory", "CC", "Cao cấp", 3),
    ("political_theory", "CN", "Cử nhân chính trị", 3),
    ("political_theory", "CCHC", "Cao cấp lý luận chính trị - hành chính", 3),
    ("state_management", "CV", "Chuyên viên", 1),
    ("state_management", "CVC", "Chuyên viên chính", 2),
    ("state_management", "CVCC", "Chuyên viên cao cấp", 3),
    ("foreign_language", "B1", "Bậc 3 (B1)", 3),
    ("foreign_language", "B2", "Bậc 4 (B2)", 4),
    ("foreign_language", "C1", "Bậc 5 (C1)", 5),
    ("foreign_language", "DH", "Đại học ngoại ngữ", 6),
    ("it", "CB", "Ứng dụng công nghệ thông tin cơ bản", 1),
    ("it", "NC", "Ứng dụng công nghệ thông tin nâng cao", 2),
    ("it", "DH", "Đại học công nghệ thông tin", 3),
]
MANAGEMENT_CATEGORIES = [
    ("btv-tinh-uy", "Cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý"),
    ("truong-pho-phong", "Trưởng phòng, phó trưởng phòng và tương đương trở lên cấp tỉnh, cấp huyện"),
    ("lanh-dao-cap-xa", "Cán bộ lãnh đạo, quản lý cấp xã"),
]
TRAINING_CATEGORIES = [
    ("xay-dung-dang", "Bồi dưỡng, cập nhật kiến thức mới về công tác xây dựng Đảng"),
    ("lanh-dao-quan-ly", "Cập nhật kiến thức và kỹ năng lãnh đạo, quản lý"),
    ("chuc-danh-cap-xa", "Bồi dưỡng kiến thức, kỹ năng theo tiêu chuẩn chức danh cấp xã"),
]


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Code = apps.get_model("people", "Code")
    ManagementCategory = apps.get_model("people", "ManagementCategory")
    TrainingCategory = apps.get_model("people", "TrainingCategory")
    for i, name in enumerate(ETHNICITIES, start=1):
        Code.objects.get_or_create(
            list="ethnicity", code=f"{i:02d}", defaults={"name": name, "version": ETHNICITY_VERSION, "sort": i}
        )
    for i, (code, name) in enumerate(RELIGIONS):
        Code.objects.get_or_create(
            list="religion", code=code, defaults={"name": name, "version": RELIGION_VERSION, "sort": i}
        )
    for i, (code_list, code, name, rank) in enumerate(LEVELS):
        Code.objects.get_or_create(list=code_list, code=code, defaults={"name": name, "rank": rank, "sort": i})
    for i, (code, name) in enumerate(MANAGEMENT_CATEGORIES):
        ManagementCategory.objects.get_or_create(code=code, defaults={"name": name, "sort": i})
    for i, (code, name) in enumerate(TRAINING_CATEGORIES):
        TrainingCategory.objects.get_or_create(code=code, defaults={"name": name, "sort": i})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
