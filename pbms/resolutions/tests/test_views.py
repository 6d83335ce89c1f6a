# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""The resolutions' pages: the dashboard, the breakdown partial, the drill-down and its export, on the
hand-built register of test_engine (``standing_cadres``: targets 4 and 5 on D1 = 31/12/2024)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in
from pbms.orgs.models import Organization, Placement
from pbms.resolutions.models import Resolution
from pbms.resolutions.tests.conftest import seeded
from pbms.resolutions.tests.test_engine import (  # noqa: F401 - fixtures
    Build,
    _more_districts,
    build,
    standing_cadres,
)

D1 = "31/12/2024"


def ctx(response: Any) -> dict[str, Any]:
    """The context of a TemplateResponse (full page or partial)."""
    data = response.context_data
    assert data is not None
    return dict(data)


def _queries(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


@pytest.fixture
def nq05_id(db: None) -> int:
    return Resolution.objects.get(number="05-NQ/TU").pk


def test_it_lists_the_resolutions(people: Personas) -> None:
    page = logged_in(people.specialist).get("/nghi-quyet/").content.decode()
    assert "05-NQ/TU" in page
    assert "05-NQ/TU" not in logged_in(people.nobody).get("/nghi-quyet/").content.decode()


def test_it_shows_each_target_with_its_figures_and_status(
    people: Personas, tree: Tree, standing_cadres: None, nq05_id: int
) -> None:
    response = logged_in(people.specialist).get(f"/nghi-quyet/{nq05_id}/?ngay={D1}&org={tree.P.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    board = ctx(response)["board"]
    by_number = {row.target.number: row for row in board.rows}
    assert (by_number["4"].value.denominator, by_number["4"].value.numerator) == (5, 2)
    assert by_number["4"].status == "đạt"
    assert (by_number["1"].value.denominator, by_number["1"].status) == (0, "không có đối tượng")  # no body
    # 2 women (p1, p6) of 5 = 40 % ≥ 20 %
    assert (by_number["5"].value.denominator, by_number["5"].value.numerator, by_number["5"].status) == (5, 2, "đạt")
    assert 'hx-trigger="load"' in page and f"/nghi-quyet/{nq05_id}/xu-huong/?ngay={D1}&amp;org={tree.P.pk}" in page
    # No inline code (the CSP forbids it): scripts by src, data in application/json blocks only.
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", page)
    assert not re.search(r"\son[a-z]+=", page)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "/static/vendor/plotly.min.js" in page and "/static/js/charts.js" in page
    # one link per year of the resolution, keeping the organisation
    assert f'href="?ngay=31/12/2021&amp;org={tree.P.pk}"' in page and 'aria-current="page">2024<' in page


def test_it_gives_the_trend_over_the_years_as_json_in_the_chart_s_attribute(
    people: Personas, tree: Tree, standing_cadres: None, nq05_id: int
) -> None:
    response = logged_in(people.specialist).get(
        f"/nghi-quyet/{nq05_id}/xu-huong/?ngay={D1}&org={tree.P.pk}", HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    # Data in an attribute, not a <script> block: htmx drops the script elements of a partial.
    assert 'data-values="{&quot;title&quot;' in page and "<script" not in page and "<html" not in page
    by_number = {row.target.number: row for row in ctx(response)["board"].rows}
    # One point per year 2021..2024 on D1: the posts began on 01/01/2021, so the figures are those of D1 each
    # year except the birthdays (p2 is 39 until 31/12/2024, p3 until 2025).
    assert [year for year, _ in by_number["4"].trend] == [2021, 2022, 2023, 2024]
    assert by_number["4"].trend[-1][1] == Decimal("40.00")
    chart = ctx(response)["chart"]
    assert "Chỉ tiêu 4" in [series["name"] for series in chart["series"]]
    assert "Chỉ tiêu 1" not in [series["name"] for series in chart["series"]]  # no standing committee: no line


def test_it_notes_that_the_district_level_no_longer_exists(people: Personas, tree: Tree, nq05_id: int) -> None:
    after = logged_in(people.specialist).get(f"/nghi-quyet/{nq05_id}/?ngay=31/12/2025&org={tree.P.pk}")
    notes = {row.target.number: row.note for row in ctx(after)["board"].rows}
    assert "không còn cấp huyện" in notes["3"]
    assert {number for number, note in notes.items() if note} == {"1", "3", "6", "9", "10", "11"}
    assert notes["4"] == ""  # leaders managed by the Provincial Standing Committee: no district named
    assert "đảng đoàn" not in notes["1"]  # they are rated now: no warning that they never count
    before = logged_in(people.specialist).get(f"/nghi-quyet/{nq05_id}/?ngay={D1}&org={tree.P.pk}")
    assert not any(row.note for row in ctx(before)["board"].rows)
    assert not any("cấp huyện" in row.note for row in ctx(before)["board"].rows)


def test_it_defaults_to_the_actor_s_top_organisation(people: Personas, tree: Tree, nq05_id: int) -> None:
    response = logged_in(people.outsider).get(f"/nghi-quyet/{nq05_id}/?ngay={D1}")
    assert ctx(response)["board"].org_id == tree.B.pk


def test_it_hides_an_organisation_of_another_district(people: Personas, tree: Tree, nq05_id: int) -> None:
    client = logged_in(people.outsider)
    target = seeded("4").pk
    for url in (
        f"/nghi-quyet/{nq05_id}/?ngay={D1}&org={tree.A.pk}",
        f"/nghi-quyet/{nq05_id}/xuat-excel/?ngay={D1}&org={tree.A.pk}",
        f"/nghi-quyet/{nq05_id}/bao-cao/?ngay={D1}&org={tree.A.pk}",
        f"/nghi-quyet/chi-tieu/{target}/?ngay={D1}&org={tree.A.pk}",
        f"/nghi-quyet/chi-tieu/{target}/danh-sach/?ngay={D1}&org={tree.A.pk}",
        f"/nghi-quyet/chi-tieu/{target}/danh-sach/xuat-excel/?ngay={D1}&org={tree.A.pk}",
        f"/nghi-quyet/chi-tieu/{target}/danh-sach/?ngay={D1}&org=abc",
        f"/nghi-quyet/chi-tieu/{target}/danh-sach/?ngay={D1}&phan=khac",
    ):
        assert client.get(url).status_code == 404, url


def test_it_sorts_the_breakdown_with_the_misses_first(people: Personas, tree: Tree, standing_cadres: None) -> None:
    # Target 4 (≥ 5 % under 40) on D1: A has p1 under 40 (met), B has p3 (39, met); under P directly: p6.
    client = logged_in(people.specialist)
    target = seeded("5")  # ≥ 20 % women: A: p1 of p1, p2, p5 (33 %, met); B: none of p3, p5 (missed)
    response = client.get(f"/nghi-quyet/chi-tieu/{target.pk}/?ngay={D1}&org={tree.P.pk}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    rows = ctx(response)["rows"]
    assert [row.org_name for row in rows][:2] == [tree_name(tree.B), tree_name(tree.A)]
    assert "<html" not in response.content.decode()  # the partial only


def tree_name(org: Organization) -> str:
    return str(Placement.objects.filter(org=org).values_list("name", flat=True).first())


def test_it_lists_the_people_of_a_number_with_links_to_their_files(
    people: Personas, tree: Tree, standing_cadres: None
) -> None:
    client = logged_in(people.specialist)
    target = seeded("4")
    response = client.get(f"/nghi-quyet/chi-tieu/{target.pk}/danh-sach/?phan=tu-so&ngay={D1}&org={tree.P.pk}")
    names = [m.name for m in ctx(response)["members"].rows]
    assert sorted(names) == sorted(["Trần Thị Một", "Phạm Văn Ba"])
    page = response.content.decode()
    assert all(f"/can-bo/{m.person_id}/" in page for m in ctx(response)["members"].rows)
    everyone = client.get(f"/nghi-quyet/chi-tieu/{target.pk}/danh-sach/?phan=mau-so&ngay={D1}&org={tree.P.pk}")
    # In Vietnamese name order: by given name (Ba, Hai, Một, Năm, Sáu), not by family name.
    assert [m.name for m in ctx(everyone)["members"].rows] == [
        "Phạm Văn Ba",
        "Lê Văn Hai",
        "Trần Thị Một",
        "Vũ Văn Năm",
        "Đặng Thị Sáu",
    ]
    missing = client.get(f"/nghi-quyet/chi-tieu/{target.pk}/danh-sach/?phan=con-thieu&ngay={D1}&org={tree.P.pk}")
    assert len(ctx(missing)["members"].rows) == 3
    # the outsider sees district B's part only: p3 and p5 (their posts in B)
    outsider = logged_in(people.outsider).get(f"/nghi-quyet/chi-tieu/{target.pk}/danh-sach/?phan=mau-so&ngay={D1}")
    assert sorted(m.name for m in ctx(outsider)["members"].rows) == ["Phạm Văn Ba", "Vũ Văn Năm"]
    assert AuditEvent.objects.filter(action="resolution.members.view").count() == 4


def test_it_exports_the_people_of_a_number_to_excel(people: Personas, tree: Tree, standing_cadres: None) -> None:
    target = seeded("4")
    response = logged_in(people.specialist).get(
        f"/nghi-quyet/chi-tieu/{target.pk}/danh-sach/xuat-excel/?phan=tu-so&ngay={D1}&org={tree.P.pk}"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert sheet is not None
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "MẬT"
    assert sorted(row[1] for row in values[5:]) == sorted(["Trần Thị Một", "Phạm Văn Ba"])
    assert AuditEvent.objects.filter(action="resolution.members.export").count() == 1


def _client_queries(client: Client, url: str) -> int:
    def run() -> object:
        response = client.get(url)
        assert response.status_code == 200
        return response

    client.get(url)  # warm the session and caches
    return _queries(run)


def test_it_costs_the_same_queries_for_2_and_for_20_children(
    people: Personas, tree: Tree, standing_cadres: None, build: Build, nq05_id: int
) -> None:
    client = logged_in(people.specialist)
    target = seeded("5").pk
    urls = {
        "dashboard": f"/nghi-quyet/{nq05_id}/?ngay={D1}&org={tree.P.pk}",
        "trend": f"/nghi-quyet/{nq05_id}/xu-huong/?ngay={D1}&org={tree.P.pk}",
        "breakdown": f"/nghi-quyet/chi-tieu/{target}/?ngay={D1}&org={tree.P.pk}",
        "members": f"/nghi-quyet/chi-tieu/{target}/danh-sach/?phan=mau-so&ngay={D1}&org={tree.P.pk}",
    }
    small = {name: _client_queries(client, url) for name, url in urls.items()}
    _more_districts(people.admin, tree, build, 18)
    large = {name: _client_queries(client, url) for name, url in urls.items()}
    assert large == small, (small, large)
    print("queries", small)


def test_it_shows_the_dashboard_after_the_restructuring(people: Personas, tree: Tree, nq05_id: int) -> None:
    response = logged_in(people.admin).get(f"/nghi-quyet/{nq05_id}/?ngay=24/11/2026")
    assert response.status_code == 200
    assert ctx(response)["board"].day == dt.date(2026, 11, 24)
