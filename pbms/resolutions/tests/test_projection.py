# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""The projection to the deadline (least-squares line over the yearly values) and the status "có nguy cơ":
the rule's boundaries on plain values, then one target on a hand-built register through the page, the trend
partial, the files and the API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from pbms.accounts.services import api_token_create
from pbms.conftest import Personas, Tree, logged_in
from pbms.resolutions import services
from pbms.resolutions.models import Cadence, Comparator, Resolution, Target
from pbms.resolutions.projection import at_risk, deadline_of, least_squares_at, project
from pbms.resolutions.tests.test_engine import Build, build  # noqa: F401 - fixture

DEADLINE = dt.date(2025, 12, 31)
D = Decimal


def target(comparator: str = Comparator.GTE, threshold: str = "40", cadence: str = Cadence.DEADLINE) -> Target:
    return Target(
        comparator=comparator,
        threshold=D(threshold),
        cadence=cadence,
        deadline=DEADLINE if cadence == Cadence.DEADLINE else None,
    )


def test_it_fits_the_least_squares_line_through_the_years() -> None:
    # 10, 20, 30 % in 2021–2023: the line is 10 % a year, so 50 % in 2025.
    assert least_squares_at([(2021, D(10)), (2022, D(20)), (2023, D(30))], 2025) == D(50)
    # Scattered: mean 2022, 20 %; slope (−1·(−10) + 1·(−10)) / 2 = 0 → 20 % every year.
    assert least_squares_at([(2021, D(10)), (2022, D(40)), (2023, D(10))], 2024) == D(20)
    assert least_squares_at([(2021, D(10)), (2023, D(10)), (2022, D(10))], 2030) == D(10)
    assert least_squares_at([(2023, D(10))], 2025) is None  # one point: no line
    assert least_squares_at([], 2025) is None


def test_it_projects_to_the_deadline_or_to_the_year_s_end() -> None:
    trend: list[tuple[int, Decimal | None]] = [(2021, D(10)), (2022, None), (2023, D(30))]
    projection = project(target(), dt.date(2023, 12, 31), trend)
    assert (projection.year, projection.percent, projection.points, projection.meets) == (2025, D("50.00"), 2, True)
    # A yearly target is judged at the end of the year asked.
    yearly = target(cadence=Cadence.YEARLY)
    assert deadline_of(yearly, dt.date(2024, 6, 30)) == dt.date(2024, 12, 31)
    mid_year = project(yearly, dt.date(2024, 6, 30), [(2022, D(90)), (2023, D(80)), (2024, D(5))])
    # The running year's partial 5 % is left out: the line through 90 % and 80 % gives 70 % at the end of 2024.
    assert (mid_year.percent, mid_year.points) == (D("70.00"), 2)
    # A deadline target keeps the value on the date: mean 2023, 58.33 %; slope (−1·31.67 + 1·(−53.33)) / 2
    # = −42.5 → 58.33 + 2 × (−42.5) < 0 → 0 % in 2025.
    assert project(target(), dt.date(2024, 6, 30), [(2022, D(90)), (2023, D(80)), (2024, D(5))]).percent == D("0.00")
    # Kept between 0 and 100 %.
    assert project(target(), dt.date(2023, 12, 31), [(2022, D(60)), (2023, D(90))]).percent == D("100.00")
    assert project(target(), dt.date(2023, 12, 31), [(2022, D(40)), (2023, D(10))]).percent == D("0.00")


def test_it_says_at_risk_only_before_the_deadline_when_not_met_and_the_projection_misses() -> None:
    declining: list[tuple[int, Decimal | None]] = [(2022, D(50)), (2023, D(45)), (2024, D(35))]
    before = dt.date(2025, 12, 30)
    # 2022–2024 fall 7.5 % a year from 43.33 %: 28.33 % in 2025, below 40 %.
    projection = project(target(), before, declining)
    assert (projection.percent, projection.meets) == (D("28.33"), False)
    assert at_risk(met=False, projection=projection)
    assert not at_risk(met=True, projection=projection)  # met now: "đạt", whatever the line says
    assert not at_risk(met=None, projection=projection)  # nobody counted
    # On the deadline itself (and after it) there is nothing left to project: "chưa đạt", not "có nguy cơ".
    on_deadline = project(target(), DEADLINE, declining)
    assert on_deadline.percent is None and not at_risk(met=False, projection=on_deadline)
    # The projection exactly at the threshold meets it (≥); one hundredth below does not.
    assert project(target(threshold="28.33"), before, declining).meets is True
    assert project(target(threshold="28.34"), before, declining).meets is False
    # "≤ 30 %": a projection of 28.33 % meets it; "= 28.33 %" too, "= 100 %" not.
    assert project(target(Comparator.LTE, "30"), before, declining).meets is True
    assert project(target(Comparator.EQ, "28.33"), before, declining).meets is True
    assert project(target(Comparator.EQ, "100"), before, declining).meets is False
    # One yearly value is not a trend.
    lone = project(target(), before, [(2024, D(10))])
    assert lone.percent is None and not at_risk(met=False, projection=lone)


# --- through the pages, the files and the API -------------------------------------------------------------


@pytest.fixture
def women(people: Personas, tree: Tree, build: Build) -> Target:
    """A new target through the service: at least 40 % women among cadres managed by the Standing Committee
    by 31/12/2025. m1, m2 men in P from 2021; w1 a woman in A until 31/5/2022, w2 in B until 31/5/2023, w3 in
    P throughout."""
    for name in ("Hồ Văn Minh", "Hồ Văn Mạnh"):
        build.post(build.person(name), tree.P, "btv-tinh-uy")
    build.post(build.person("Hồ Thị Lan", gender="F"), tree.A, "btv-tinh-uy", until=dt.date(2022, 6, 1))
    build.post(build.person("Hồ Thị Mai", gender="F"), tree.B, "btv-tinh-uy", until=dt.date(2023, 6, 1))
    build.post(build.person("Hồ Thị Hồng", gender="F"), tree.P, "btv-tinh-uy")
    return services.target_create(
        actor=people.specialist,
        resolution=Resolution.objects.get(number="05-NQ/TU"),
        number="13",
        wording="Đến năm 2025, tỷ lệ nữ đạt từ 40% trở lên.",
        definition={
            "population": {"type": "people", "management_categories": ["btv-tinh-uy"]},
            "conditions": [{"type": "gender", "equals": "F"}],
        },
        threshold=40,
        cadence=Cadence.DEADLINE,
        deadline=DEADLINE,
    )


def _row(board: Any, number: str) -> Any:
    return next(row for row in board.rows if row.target.number == number)


def test_it_shows_a_target_at_risk_with_its_projection(people: Personas, tree: Tree, women: Target) -> None:
    """Women at 31/12: 2021 3 of 5 = 60 %, 2022 2 of 4 = 50 %, 2023 1 of 3 = 33.33 %, and 33.33 % on
    30/6/2024. Line: mean 2022.5, 44.165 %; slope −48.34 / 5 = −9.668 → 44.165 − 2.5 × 9.668 = 19.995 →
    20.00 % in 2025, below 40 %: not met now and projected to miss: "có nguy cơ"."""
    client = logged_in(people.specialist)
    resolution = women.resolution_id
    query = f"?ngay=30/06/2024&org={tree.P.pk}"
    response = client.get(f"/nghi-quyet/{resolution}/xu-huong/{query}", HTTP_HX_REQUEST="true")
    row = _row(response.context_data["board"], "13")  # type: ignore[index]
    assert [p for _, p in row.trend] == [D("60.00"), D("50.00"), D("33.33"), D("33.33")]
    assert (row.projection.percent, row.at_risk, row.status) == (D("20.00"), True, "có nguy cơ")
    page = response.content.decode()
    # The main table's status and projection are replaced out of band when the trend arrives.
    assert f'id="status-{women.pk}" hx-swap-oob="true">có nguy cơ<' in page
    assert f'id="projection-{women.pk}" hx-swap-oob="true">20,00 % (năm 2025)<' in page
    chart = response.context_data["chart"]  # type: ignore[index]
    series = next(s for s in chart["series"] if s["name"] == "Chỉ tiêu 13")
    assert series["projection"] == {"x": 2025, "y": 20.0}
    first = client.get(f"/nghi-quyet/{resolution}/{query}").content.decode()
    assert f'id="status-{women.pk}">chưa đạt<' in first and f'id="projection-{women.pk}"' in first
    # On the deadline: no projection, "chưa đạt" (1 of 3).
    after = client.get(f"/nghi-quyet/{resolution}/xu-huong/?ngay=31/12/2025&org={tree.P.pk}", HTTP_HX_REQUEST="true")
    late = _row(after.context_data["board"], "13")  # type: ignore[index]
    assert (late.projection.percent, late.status) == (None, "chưa đạt")
    # After the resolution's period (2021–2025) nothing is projected, a yearly target included.
    later = client.get(f"/nghi-quyet/{resolution}/xu-huong/?ngay=30/06/2026&org={tree.P.pk}", HTTP_HX_REQUEST="true")
    assert all(row.projection is None and not row.at_risk for row in later.context_data["board"].rows)  # type: ignore[index]


def test_it_puts_the_projection_in_the_files_and_the_api(people: Personas, tree: Tree, women: Target) -> None:
    client = logged_in(people.specialist)
    query = f"?ngay=30/06/2024&org={tree.P.pk}"
    sheet = load_workbook(io.BytesIO(client.get(f"/nghi-quyet/{women.resolution_id}/xuat-excel/{query}").content))
    rows = list(sheet.active.iter_rows(values_only=True))
    header = rows[4]
    line = next(r for r in rows if r[0] == "13")
    assert (line[header.index("Kết quả")], line[header.index("Dự báo đến hạn")]) == ("có nguy cơ", "20,00 % (năm 2025)")
    report = Document(io.BytesIO(client.get(f"/nghi-quyet/{women.resolution_id}/bao-cao/{query}").content))
    table = report.tables[1]
    cells = next([c.text for c in r.cells] for r in table.rows if r.cells[0].text == "13")
    assert "có nguy cơ" in cells and "20,00 % (năm 2025)" in cells
    assert any("Dự báo đến hạn: đường thẳng bình phương tối thiểu" in p.text for p in report.paragraphs)
    _, key = api_token_create(actor=people.specialist, name="thử", otp_verified=True)
    api = Client(headers={"Authorization": f"Bearer {key}"})
    body = api.get(f"/api/v1/resolutions/{women.resolution_id}/targets?date=2024-06-30&org={tree.P.pk}").json()
    value = next(t for t in body["targets"] if t["number"] == "13")
    assert (value["status"], value["outlook"], value["at_risk"]) == ("chưa đạt", "có nguy cơ", True)
    assert (value["projection"], value["projection_year"]) == (20.0, 2025)
    assert [p["percent"] for p in value["trend"]] == [60.0, 50.0, 33.33, 33.33]
