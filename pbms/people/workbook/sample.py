"""Deterministic sample workbooks, for the tests and the benchmark: ``sample_rows`` makes the rows of
``count`` people (with a qualification, a position, a seat and a training each, if asked), and
``workbook_bytes`` writes any rows into the template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from pbms.people.rules import probation_end
from pbms.people.workbook.spec import (
    PEOPLE,
    POSITIONS,
    QUALIFICATIONS,
    SEATS,
    TRAININGS,
    load_code_lists,
)
from pbms.people.workbook.template import CellValue, WorkbookWriter

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu")
GIVEN = ("An", "Ánh", "Ân", "Bình", "Dung", "Đức", "Ong", "Ơn", "Lan", "Hùng", "Mai", "Tuấn")
PROVINCE_LETTERS = "BA"


def file_no(index: int) -> str:
    return f"{index % 1_000_000:06d}{PROVINCE_LETTERS}"


def cccd(index: int) -> str:
    return f"0010{index:08d}"


def sample_rows(
    count: int,
    *,
    cells: Sequence[str],
    start: int = 0,
    children: bool = True,
    position_org: str | None = None,
    first_admission: dt.date = dt.date(2020, 2, 1),
    admission_days: int = 1500,
) -> dict[str, list[list[CellValue]]]:
    """Rows of ``count`` party members active in ``cells`` (round robin), numbered from ``start``."""
    rows: dict[str, list[list[CellValue]]] = {PEOPLE.key: [], QUALIFICATIONS.key: [], TRAININGS.key: []}
    rows[POSITIONS.key], rows[SEATS.key] = [], []
    for i in range(start, start + count):
        admitted = first_admission + dt.timedelta(days=(i * 37) % admission_days)
        birth = dt.date(1967 + i % 28, 1 + i % 12, 1 + i % 28)
        family, middle, given = FAMILY[i % len(FAMILY)], MIDDLE[i % len(MIDDLE)], GIVEN[i % len(GIVEN)]
        official = probation_end(admitted)
        rows[PEOPLE.key].append(
            [
                family,
                middle,
                given,
                "Nữ" if i % 3 == 0 else "Nam",
                birth,
                cccd(i),
                "Xã An Phú, huyện Đông Sơn",
                "01" if i % 10 else "06",
                "00",
                file_no(i),
                f"{i:08d}",
                admitted,
                official if official <= dt.date(2025, 12, 31) else None,
                cells[i % len(cells)],
                admitted,
            ]
        )
        if not children:
            continue
        key: list[CellValue] = [file_no(i), cccd(i), f"{family} {middle} {given}"]
        rows[QUALIFICATIONS.key].append([*key, "Trình độ chuyên môn", "DH", dt.date(2010, 6, 30), "Luật", None])
        rows[TRAININGS.key].append(
            [*key, "Lớp cập nhật kiến thức 2024", "xay-dung-dang", dt.date(2024, 3, 4), dt.date(2024, 3, 8), "Có", None]
        )
        if position_org and i % 2 == 0:
            rows[POSITIONS.key].append(
                [*key, "Phó Bí thư", position_org, "Không", "lanh-dao-cap-xa", dt.date(2025, 7, 1), None, "12-QĐ/TU"]
            )
            rows[SEATS.key].append(
                [
                    *key,
                    position_org,
                    "2025-2030",
                    dt.date(2025, 7, 1),
                    None,
                    "Ban chấp hành (cấp ủy)",
                    None,
                    "Ủy viên",
                    dt.date(2025, 7, 1),
                    None,
                    "15-QĐ/TU",
                ]
            )
    return rows


def workbook_bytes(rows: Mapping[str, Iterable[Sequence[CellValue]]]) -> bytes:
    writer = WorkbookWriter(lists=load_code_lists())
    for sheet_key, sheet_rows in rows.items():
        for values in sheet_rows:
            writer.append(sheet_key, values)
    return writer.finish()
