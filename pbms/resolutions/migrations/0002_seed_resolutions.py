"""Seed 000 (Nghị quyết 05-NQ/TU, 2021–2025) with its sections and its twelve targets as definitions, and
seed 001 (the 2021 resolution on party building) with its sections and its tasks.

The texts are the seeds' own (``pbms/resolutions/seeds/``); the definitions below are the reading of each
target recorded in docs/how-to-add-a-target.md. They are data: a specialist can change them through the
service, which validates them (a test checks that each of these passes that validation)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from pbms.resolutions.seedtext import ParsedSection, paragraphs, parse_sections, shorten

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DEADLINE = dt.date(2025, 12, 31)

RES_000 = {
    "number": "05-NQ/TU",
    "title": (
        "Nghị quyết về nâng cao chất lượng hoạt động của tổ chức đảng và đội ngũ cán bộ, đảng viên lãnh đạo, "
        "quản lý, nhất là người đứng đầu đáp ứng yêu cầu nhiệm vụ, giai đoạn 2021 - 2025"
    ),
    "period_start": 2021,
    "period_end": 2025,
}
# The seed does not carry the 2021 resolution's number: this one is a placeholder the province corrects.
RES_001 = {
    "number": "NQ-XDĐ-2021",
    "title": "Nghị quyết về công tác xây dựng Đảng, hệ thống chính trị năm 2021",
    "period_start": 2021,
    "period_end": 2021,
}
KINDS = {"000": {"I": "goal", "II": "task", "III": "implementation"}, "001": {"II": "task", "III": "implementation"}}

COMMITTEE_LEVELS = ["province", "upper_grassroots", "grassroots"]
LEADING_SEATS: list[dict[str, Any]] = [
    {"body_kinds": ["committee"], "org_levels": COMMITTEE_LEVELS},
    {"body_kinds": ["inspection"]},
    {"body_kinds": ["party_delegation", "party_affairs"]},
]
SUB_SECRETARIES = {
    "body_kinds": ["committee"],
    "roles": ["secretary", "deputy_secretary"],
    "org_levels": ["sub_committee", "cell"],
}


def people(*categories: str, seats: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"type": "people", "management_categories": list(categories), "seats": seats or []}


def rating(level: str = "good") -> dict[str, Any]:
    return {"type": "rating", "at_least": level}


# number, section, wording, definition, comparator, threshold, cadence
TARGETS: list[tuple[str, str, str, dict[str, Any], str, str, str]] = [
    (
        "1",
        "I.2.1",
        "Hằng năm, Ban Thường vụ Tỉnh ủy và 100% ban thường vụ cấp ủy cấp huyện; đảng đoàn, ban cán sự đảng "
        "được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
        {
            "population": {
                "type": "organizations",
                "org_levels": ["province", "upper_grassroots"],
                "bodies": ["standing", "party_delegation", "party_affairs"],
            },
            "conditions": [rating()],
        },
        "eq",
        "100",
        "yearly",
    ),
    (
        "2",
        "I.2.1",
        "Hằng năm, có từ 95% cấp ủy cơ sở xếp loại hoàn thành tốt nhiệm vụ trở lên.",
        {
            "population": {"type": "organizations", "org_levels": ["grassroots"], "bodies": ["committee"]},
            "conditions": [rating()],
        },
        "gte",
        "95",
        "yearly",
    ),
    (
        "3",
        "I.2.2",
        "Đến năm 2025, 100% cấp ủy viên cấp tỉnh, cấp huyện, cấp cơ sở, ủy viên ủy ban kiểm tra các cấp; ủy viên "
        "đảng đoàn, ban cán sự đảng; bí thư, phó bí thư đảng bộ bộ phận và chi bộ trực thuộc đảng ủy cơ sở được "
        "bồi dưỡng và cập nhật kiến thức mới về công tác xây dựng Đảng.",
        {
            "population": people(seats=[*LEADING_SEATS, SUB_SECRETARIES]),
            "conditions": [{"type": "training", "categories": ["xay-dung-dang"], "window": "period"}],
        },
        "eq",
        "100",
        "deadline",
    ),
    (
        "4",
        "I.2.2",
        "Đến năm 2025, tỷ lệ cán bộ, đảng viên lãnh đạo, quản lý thuộc diện Ban Thường vụ Tỉnh ủy quản lý dưới "
        "40 tuổi đạt từ 5% trở lên.",
        {"population": people("btv-tinh-uy"), "conditions": [{"type": "age", "op": "lt", "years": 40}]},
        "gte",
        "5",
        "deadline",
    ),
    (
        "5",
        "I.2.2",
        "Đến năm 2025, tỉ lệ nữ cán bộ, đảng viên lãnh đạo, quản lý thuộc diện Ban Thường vụ Tỉnh ủy quản lý "
        "đạt từ 20% trở lên.",
        {"population": people("btv-tinh-uy"), "conditions": [{"type": "gender", "equals": "F"}]},
        "gte",
        "20",
        "deadline",
    ),
    (
        "6",
        "I.2.2",
        "Đến năm 2025, có từ 35% cán bộ, đảng viên lãnh đạo, quản lý (trưởng phòng, phó trưởng phòng và tương "
        "đương trở lên cấp tỉnh, cấp huyện) có trình độ chuyên môn thạc sĩ và tương đương trở lên.",
        {
            "population": people("truong-pho-phong"),
            "conditions": [{"type": "qualification", "kind": "education", "at_least": "THS"}],
        },
        "gte",
        "35",
        "deadline",
    ),
    (
        "7",
        "I.2.2",
        "Đến năm 2025, 100% cán bộ, đảng viên lãnh đạo, quản lý cấp xã có trình độ lý luận chính trị và trình "
        "độ chuyên môn từ trung cấp trở lên.",
        {
            "population": people("lanh-dao-cap-xa"),
            "combine": "all",
            "conditions": [
                {"type": "qualification", "kind": "political_theory", "at_least": "TC"},
                {"type": "qualification", "kind": "education", "at_least": "TC"},
            ],
        },
        "eq",
        "100",
        "deadline",
    ),
    (
        "8",
        "I.2.2",
        "Đến năm 2025, trong số cán bộ, đảng viên lãnh đạo, quản lý cấp xã, có từ 80% trình độ chuyên môn đại "
        "học trở lên.",
        {
            "population": people("lanh-dao-cap-xa"),
            "conditions": [{"type": "qualification", "kind": "education", "at_least": "DH"}],
        },
        "gte",
        "80",
        "deadline",
    ),
    (
        "9",
        "I.2.2",
        "Hằng năm, 100% cấp ủy viên cấp tỉnh, cấp huyện, cấp cơ sở, ủy viên ủy ban kiểm tra các cấp, ủy viên "
        "đảng đoàn, ban cán sự đảng; cán bộ, đảng viên lãnh đạo, quản lý thuộc diện Ban Thường vụ Tỉnh ủy quản "
        "lý được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
        {"population": people("btv-tinh-uy", seats=LEADING_SEATS), "conditions": [rating()]},
        "eq",
        "100",
        "yearly",
    ),
    (
        "10",
        "I.2.2",
        "Hằng năm, có từ 95% cán bộ, đảng viên lãnh đạo, quản lý (trưởng phòng, phó trưởng phòng và tương đương "
        "trở lên cấp tỉnh, cấp huyện) được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
        {"population": people("truong-pho-phong"), "conditions": [rating()]},
        "gte",
        "95",
        "yearly",
    ),
    (
        "11",
        "I.2.2",
        "Hằng năm, 100% cán bộ, đảng viên lãnh đạo, quản lý (trưởng phòng, phó trưởng phòng và tương đương trở "
        "lên cấp tỉnh, cấp huyện) được bồi dưỡng cập nhật kiến thức và kỹ năng lãnh đạo, quản lý.",
        {
            "population": people("truong-pho-phong"),
            "conditions": [{"type": "training", "categories": ["lanh-dao-quan-ly"], "window": "year"}],
        },
        "eq",
        "100",
        "yearly",
    ),
    (
        "12",
        "I.2.2",
        "Hằng năm, 100% cán bộ, đảng viên lãnh đạo, quản lý cấp xã được bồi dưỡng kiến thức kỹ năng theo tiêu "
        "chuẩn chức danh, chức vụ.",
        {
            "population": people("lanh-dao-cap-xa"),
            "conditions": [{"type": "training", "categories": ["chuc-danh-cap-xa"], "window": "year"}],
        },
        "eq",
        "100",
        "yearly",
    ),
]


def _normalise(definition: dict[str, Any]) -> dict[str, Any]:
    """Written out as the service would store it (every default explicit)."""
    from pbms.resolutions.definitions import TargetDefinition

    return TargetDefinition.model_validate(definition).model_dump(mode="json")


def _sections(apps: StateApps, resolution: Any, tops: list[ParsedSection], kinds: dict[str, str]) -> dict[str, Any]:
    Section = apps.get_model("resolutions", "Section")
    made: dict[str, Any] = {}
    sort = 0

    def add(parsed: ParsedSection, parent: Any, kind: str) -> None:
        nonlocal sort
        made[parsed.number] = Section.objects.create(
            resolution=resolution,
            parent=parent,
            kind=kind,
            number=parsed.number,
            title=parsed.title,
            body=parsed.body,
            sort=sort,
        )
        sort += 1
        for child in parsed.children:
            add(child, made[parsed.number], kind)

    for top in tops:
        add(top, None, kinds.get(top.number, "other"))
    return made


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Resolution = apps.get_model("resolutions", "Resolution")
    Target = apps.get_model("resolutions", "Target")
    Task = apps.get_model("resolutions", "Task")
    if Resolution.objects.filter(number__in=[RES_000["number"], RES_001["number"]]).exists():
        return
    text = (SEEDS / "000.txt").read_text(encoding="utf-8")
    preamble, tops = parse_sections(text)
    resolution = Resolution.objects.create(**RES_000, text=preamble)
    sections = _sections(apps, resolution, tops, KINDS["000"])
    for sort, (number, section, wording, definition, comparator, threshold, cadence) in enumerate(TARGETS):
        Target.objects.create(
            resolution=resolution,
            section=sections.get(section),
            number=number,
            wording=wording,
            definition=_normalise(definition),
            comparator=comparator,
            threshold=Decimal(threshold),
            cadence=cadence,
            deadline=DEADLINE if cadence == "deadline" else None,
            sort=sort,
        )

    text = (SEEDS / "001.txt").read_text(encoding="utf-8")
    preamble, tops = parse_sections(text)
    resolution = Resolution.objects.create(**RES_001, text=preamble)
    sections = _sections(apps, resolution, tops, KINDS["001"])
    # The eight areas of II are the sections whose paragraphs are the year's tasks.
    areas = [s for number, s in sections.items() if number.startswith("II.") and number.count(".") == 1]
    for area in areas:
        for sort, paragraph in enumerate(paragraphs(area.body)):
            Task.objects.create(
                section=area,
                number=f"{area.number}.{sort + 1}",
                title=shorten(paragraph),
                body=paragraph,
                sort=sort,
            )


def unload(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Resolution = apps.get_model("resolutions", "Resolution")
    Resolution.objects.filter(number__in=[RES_000["number"], RES_001["number"]]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0001_initial"),
        ("people", "0002_reference_codes"),
        ("orgs", "0002_reference_levels_kinds"),
    ]
    operations = [migrations.RunPython(load, unload)]
