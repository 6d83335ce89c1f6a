"""The dashboard of a resolution as data, and its two files: the Excel table and the Word report in the Party's
document format (HD 36-HD/VPTW: ĐẢNG CỘNG SẢN VIỆT NAM, issuing body, number and symbol, place and date,
title, body, signature block, nơi nhận).

``dashboard`` is what the page, the files, the API and the command all show, so they cannot disagree.
Queries: all targets together (``engine.target_values`` / ``target_breakdowns``): two for the values at the
date (three with the breakdown), two per year of the trend; none of them grows with the number of
organisations or of targets.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from docx.shared import Cm

from pbms.accounts.models import User
from pbms.accounts.selectors import Actor, visible_placements
from pbms.lib.exceptions import NotFoundError
from pbms.lib.numbers import format_number
from pbms.reports.party_docx import PartyHeading, data_table, paragraph, party_document, party_signature
from pbms.reports.xlsx import CellValue, export_header, xlsx_table
from pbms.resolutions.definitions import OrgPopulation, parse_definition
from pbms.resolutions.engine import MET, NOT_MET, Breakdown, TargetValue, target_breakdowns, target_values
from pbms.resolutions.models import Comparator, Resolution, Target
from pbms.resolutions.projection import AT_RISK, Projection, at_risk, project
from pbms.resolutions.selectors import TaskBoard, target_list, task_board

KIND_CODE = "resolution_report"
RESTRUCTURING = dt.date(2025, 7, 1)
DISTRICT_MARKERS = ("upper_grassroots", '"district"', '"town"', '"city"')
COMPARATOR_SIGNS: dict[str, str] = {Comparator.GTE: "≥", Comparator.EQ: "=", Comparator.LTE: "≤"}
STATUS_LABELS = {MET: "đạt", NOT_MET: "chưa đạt", AT_RISK: "có nguy cơ"}
PROJECTION_NOTE = (
    "Dự báo đến hạn: đường thẳng bình phương tối thiểu qua tỷ lệ các năm đã có số liệu (ít nhất hai năm), tính "
    "tại năm đến hạn (chỉ tiêu hằng năm: cuối năm đang xem). “Có nguy cơ”: chưa đến hạn, hiện chưa đạt và dự báo "
    "đến hạn vẫn không đạt yêu cầu."
)
# Bodies a rating target may name that no evaluation result rates (``evaluations.models.RatedBody`` rates
# organisations, committees, standing committees, đảng đoàn and ban cán sự đảng).
BODY_LABELS = {"inspection": "ủy ban kiểm tra"}


@dataclass(frozen=True)
class TargetRow:
    target: Target
    value: TargetValue
    note: str  # the district level no longer exists after 01/7/2025; bodies no result rates
    trend: list[tuple[int, Decimal | None]]  # (year, percent at 31/12 or at the date for the current year)
    breakdown: Breakdown | None = None
    projection: Projection | None = None  # computed with the trend (``projection.project``)

    @property
    def at_risk(self) -> bool:
        return self.projection is not None and at_risk(met=self.value.met, projection=self.projection)

    @property
    def status_code(self) -> str:
        """The value's status (đạt, chưa đạt, không có đối tượng), or "có nguy cơ" (``projection``)."""
        return AT_RISK if self.at_risk else self.value.status

    @property
    def status(self) -> str:
        return STATUS_LABELS.get(self.status_code, self.status_code)

    @property
    def projection_text(self) -> str:
        """ "82,50 % (năm 2025)", or "" without a projection."""
        if self.projection is None or self.projection.percent is None:
            return ""
        return f"{self.projection.percent:.2f} % (năm {self.projection.year})".replace(".", ",")

    @property
    def threshold_text(self) -> str:
        return f"{COMPARATOR_SIGNS.get(self.target.comparator, '')} {self.target.threshold.normalize():f} %".strip()


@dataclass(frozen=True)
class Dashboard:
    resolution: Resolution
    day: dt.date
    org_id: int | None
    org_name: str
    rows: list[TargetRow] = field(default_factory=list)


def default_org(*, actor: Actor, day: dt.date) -> int | None:
    """The actor's top organisation on ``day`` (the shallowest they see), None when they see nothing."""
    row = visible_placements(actor=actor, day=day).order_by("depth", "path").values_list("org_id", flat=True).first()
    return row


def names_district(target: Target) -> bool:
    text = json.dumps(target.definition)
    return any(marker in text for marker in DISTRICT_MARKERS) or "huyện" in target.wording.lower()


def district_note(target: Target, day: dt.date) -> str:
    if day < RESTRUCTURING or not names_district(target):
        return ""
    return (
        "Từ 01/7/2025 không còn cấp huyện: chỉ tiêu được tính trên cơ cấu tổ chức tại ngày "
        f"{day:%d/%m/%Y} (cấp trên trực tiếp cơ sở nay là cấp xã, phường; các đảng bộ huyện không còn đối tượng)."
    )


def rating_note(target: Target) -> str:
    """A rating target over bodies the evaluation module does not rate (ủy ban kiểm tra): they count in the
    denominator and can never be in the numerator, which the reader must know."""
    definition = parse_definition(target.definition)
    population = definition.population
    if not definition.needs_ratings() or not isinstance(population, OrgPopulation):
        return ""
    unrated = [BODY_LABELS[kind] for kind in population.bodies if kind in BODY_LABELS]
    if not unrated:
        return ""
    return (
        "Phân hệ đánh giá chỉ xếp loại tổ chức đảng, tập thể cấp ủy, ban thường vụ, đảng đoàn và ban cán sự đảng: "
        f"{', '.join(unrated)} "
        "được tính vào mẫu số nhưng chưa có kết quả xếp loại để tính vào tử số."
    )


def target_note(target: Target, day: dt.date) -> str:
    return " ".join(note for note in (district_note(target, day), rating_note(target)) if note)


def trend_days(resolution: Resolution, day: dt.date) -> list[tuple[int, dt.date]]:
    """Each year of the resolution up to ``day``: 31/12 of a past year, ``day`` itself for its own year."""
    days = []
    for year in range(resolution.period_start, resolution.period_end + 1):
        end = dt.date(year, 12, 31)
        if end <= day:
            days.append((year, end))
        elif year == day.year:
            days.append((year, day))
    return days


def dashboard(
    *,
    actor: Actor,
    resolution: Resolution,
    day: dt.date,
    org_id: int | None,
    with_trend: bool = True,
    with_breakdown: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Dashboard:
    """Every active target's value on ``day`` over ``org_id`` (scope checked: NotFoundError); ``progress``
    is told (dates done, dates) after each date's statement, the date asked first, then each earlier year of
    the trend (the background report's progress bar)."""
    targets = list(target_list(actor=actor, resolution=resolution))
    years = trend_days(resolution, day) if with_trend else []
    rows: list[TargetRow] = []
    org_name = ""
    # Every target at once: one statement for the date (with the breakdown when asked), one per trend year.
    breakdowns: dict[int, Breakdown] = {}
    earlier_days = [(year, year_day) for year, year_day in years if year_day != day]
    steps = 1 + len(earlier_days)
    if with_breakdown and org_id is not None:
        breakdowns = target_breakdowns(actor=actor, targets=targets, day=day, org_id=org_id)
        values = {pk: breakdown.total for pk, breakdown in breakdowns.items()}
    else:
        values = target_values(actor=actor, targets=targets, day=day, org_id=org_id)
    if progress is not None:
        progress(1, steps)
    past: dict[int, dict[int, TargetValue]] = {}
    for done, (year, year_day) in enumerate(earlier_days, start=2):
        try:
            past[year] = target_values(actor=actor, targets=targets, day=year_day, org_id=org_id)
        except NotFoundError:  # the organisation did not exist (or was not visible) that year: no point
            past[year] = {}
        if progress is not None:
            progress(done, steps)
    for target in targets:
        value = values[target.pk]
        org_name = value.org_name
        trend: list[tuple[int, Decimal | None]] = []
        for year, year_day in years:
            if year_day == day:
                trend.append((year, value.percent))
                continue
            earlier = past[year].get(target.pk)
            trend.append((year, None if earlier is None else earlier.percent))
        # After the resolution's period a yearly target has no year left to project to.
        projection = project(target, day, trend) if with_trend and day.year <= resolution.period_end else None
        rows.append(TargetRow(target, value, target_note(target, day), trend, breakdowns.get(target.pk), projection))
    if not targets and org_id is not None:
        org_name = str(
            visible_placements(actor=actor, day=day).filter(org_id=org_id).values_list("name", flat=True).first() or ""
        )
    return Dashboard(resolution=resolution, day=day, org_id=org_id, org_name=org_name, rows=rows)


def fraction(value: TargetValue) -> str:
    return f"{format_number(value.numerator)}/{format_number(value.denominator)}"


def percent_text(value: TargetValue) -> str:
    return "—" if value.percent is None else f"{value.percent:.2f} %".replace(".", ",")


COLUMNS = (
    "Chỉ tiêu",
    "Nội dung",
    "Tử số",
    "Mẫu số",
    "Tỷ lệ (%)",
    "Yêu cầu",
    "Kết quả",
    "Còn thiếu",
    "Dự báo đến hạn",
    "Ghi chú",
)
# The Word table's columns (cm, the 16 cm of text; the last column, "Ghi chú", is not in it): the wording wide.
TARGET_WIDTHS = (1.1, 4.6, 1.3, 1.3, 1.5, 1.7, 1.5, 1.4, 1.6)


def _row_cells(
    number: str, wording: str, value: TargetValue, threshold: str, note: str, row: TargetRow | None = None
) -> list[CellValue]:
    """One line of the table: a target (``row`` given: its status may be "có nguy cơ", with the projection)
    or one child organisation of its breakdown."""
    status = row.status if row is not None else STATUS_LABELS.get(value.status, value.status)
    return [
        number,
        wording,
        value.numerator,
        value.denominator,
        None if value.percent is None else float(value.percent),
        threshold,
        status,
        value.gap_text,
        row.projection_text if row is not None else "",
        note,
    ]


def dashboard_xlsx(*, board: Dashboard, actor: User) -> bytes:
    """The dashboard (and the breakdown when computed) as a table, with the classification mark on top."""
    rows: list[list[CellValue]] = []
    for row in board.rows:
        rows.append(_row_cells(row.target.number, row.target.wording, row.value, row.threshold_text, row.note, row))
        if row.breakdown is not None:
            for child in row.breakdown.rows:
                rows.append(_row_cells("", f"– {child.org_name}", child, row.threshold_text, ""))
    title = f"Kết quả thực hiện Nghị quyết số {board.resolution.number} – {board.org_name} – ngày {board.day:%d/%m/%Y}"
    return xlsx_table(
        kind_code=KIND_CODE,
        actor=actor,
        title=title,
        columns=COLUMNS,
        rows=rows,
        widths=(9, 60, 9, 9, 10, 10, 12, 18, 16, 40),
    )


# --- the Word report ----------------------------------------------------------------------------------


RECIPIENTS = ("Thường trực Tỉnh ủy (để báo cáo),", "Các đảng bộ trực thuộc,", "Lưu Văn phòng.")


def dashboard_docx(*, board: Dashboard, actor: User, heading: PartyHeading, place: str, today: dt.date) -> bytes:
    """ "Báo cáo kết quả thực hiện Nghị quyết số …" laid out as HD 36-HD/VPTW asks (``reports.party_docx``)."""
    mark, who = export_header(kind_code=KIND_CODE, actor=actor)
    doc = party_document(
        heading=heading,
        place=place,
        today=today,
        mark=mark,
        kind="BÁO CÁO",
        summary=(f"kết quả thực hiện Nghị quyết số {board.resolution.number}", board.resolution.title),
    )

    def para(text: str, *, bold: bool = False, italic: bool = False, size: int = 14) -> None:
        paragraph(doc, text, bold=bold, italic=italic, size=size)

    doc.add_paragraph()
    met = sum(1 for row in board.rows if row.value.status == MET)
    missed = sum(1 for row in board.rows if row.value.status == NOT_MET)
    risky = sum(1 for row in board.rows if row.at_risk)
    empty = len(board.rows) - met - missed
    tasks = task_board(actor=actor, resolution=board.resolution)
    if board.rows:
        intro = doc.add_paragraph(
            f"Số liệu của {board.org_name} tại ngày {board.day:%d/%m/%Y}, tính trực tiếp từ cơ sở dữ liệu cán bộ, "
            f"đảng viên và kết quả đánh giá, xếp loại đã quyết định. "
            f"Trong {format_number(len(board.rows))} chỉ tiêu: {met} chỉ "
            f"tiêu đạt, {missed} chỉ tiêu chưa đạt (trong đó {risky} chỉ tiêu có nguy cơ không đạt khi đến hạn theo "
            f"dự báo từ số liệu các năm), {empty} chỉ tiêu không có đối tượng."
        )
        intro.paragraph_format.first_line_indent = Cm(1)
    numbers = iter(("I", "II", "III"))
    if not board.rows:
        _tasks_section(doc, tasks, next(numbers))
        return party_signature(doc, heading=heading, footer=who)

    para(f"{next(numbers)}. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True)
    data_table(
        doc,
        headers=COLUMNS[:-1],
        rows=(
            [
                _docx_text(value)
                for value in _row_cells(
                    row.target.number, row.target.wording, row.value, row.threshold_text, row.note, row
                )[:-1]
            ]
            for row in board.rows
        ),
        widths=TARGET_WIDTHS,
        size=10,
    )
    for row in board.rows:
        if row.note:
            para(f"Chỉ tiêu {row.target.number}: {row.note}", italic=True, size=12)
    if any(row.projection_text for row in board.rows):
        para(PROJECTION_NOTE, italic=True, size=12)

    with_breakdown = [row for row in board.rows if row.breakdown is not None and row.breakdown.rows]
    if with_breakdown:
        para(f"{next(numbers)}. KẾT QUẢ THEO TỔ CHỨC TRỰC THUỘC", bold=True)
        for row in with_breakdown:
            assert row.breakdown is not None
            para(f"Chỉ tiêu {row.target.number} (yêu cầu {row.threshold_text})", italic=True)
            data_table(
                doc,
                headers=("Tổ chức", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Kết quả"),
                rows=(
                    [
                        _docx_text(value)
                        for value in (
                            child.org_name,
                            child.numerator,
                            child.denominator,
                            None if child.percent is None else float(child.percent),
                            STATUS_LABELS.get(child.status, child.status),
                        )
                    ]
                    for child in row.breakdown.rows
                ),
                widths=(7.5, 2.0, 2.0, 2.2, 2.3),
            )
    _tasks_section(doc, tasks, next(numbers))
    return party_signature(doc, heading=heading, footer=who)


TASK_COLUMNS = ("Số", "Nhiệm vụ, giải pháp", "Tình trạng", "Tiến độ (%)")


def _tasks_section(doc: Any, tasks: TaskBoard, number: str) -> None:
    """The tasks and solutions with the status and progress the province reported (none: no section)."""
    if not tasks.total:
        return
    paragraph(doc, f"{number}. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP", bold=True)
    done, started = tasks.counts.get("done", 0), tasks.counts.get("in_progress", 0)
    paragraph(
        doc,
        f"Trong {tasks.total} nhiệm vụ, giải pháp: {done} đã hoàn thành, {started} đang thực hiện, "
        f"{tasks.total - done - started} chưa thực hiện; tiến độ bình quân {tasks.mean_progress}%.",
    )
    rows: list[Sequence[str] | str] = []
    for group in tasks.sections:
        rows.append(str(group.section))
        rows += [(task.number, task.title, task.get_status_display(), str(task.progress)) for task in group.tasks]
    data_table(doc, headers=TASK_COLUMNS, rows=rows, widths=(1.5, 9.8, 2.8, 1.9))


def _docx_text(value: CellValue) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, int):
        return format_number(value)
    return str(value)
