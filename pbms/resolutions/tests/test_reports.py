# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""The dashboard's files: the Excel table and the Word report read back (python-docx), equal to the page."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Cm
from openpyxl import load_workbook

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in
from pbms.resolutions.models import Resolution
from pbms.resolutions.tests.test_engine import build, standing_cadres  # noqa: F401 - fixtures

D1 = "31/12/2024"


def ctx(response: Any) -> dict[str, Any]:
    """The context of a TemplateResponse (full page or partial)."""
    data = response.context_data
    assert data is not None
    return dict(data)


@pytest.fixture
def nq05_id(db: None) -> int:
    return Resolution.objects.get(number="05-NQ/TU").pk


def _dashboard_rows(people: Personas, tree: Tree, nq05_id: int) -> dict[str, tuple[str, str, str]]:
    # The page's statuses as they stand once the trend has arrived ("có nguy cơ" needs the yearly values).
    response = logged_in(people.specialist).get(f"/nghi-quyet/{nq05_id}/xu-huong/?ngay={D1}&org={tree.P.pk}")
    return {
        row.target.number: (
            "—" if row.value.numerator is None else str(row.value.numerator),
            str(row.value.denominator),
            row.status,
        )
        for row in ctx(response)["board"].rows
    }


def test_it_reads_the_word_report_back_with_the_dashboard_s_values(
    people: Personas, tree: Tree, standing_cadres: None, nq05_id: int, tmp_path: Path
) -> None:
    response = logged_in(people.specialist).get(f"/nghi-quyet/{nq05_id}/bao-cao/?ngay={D1}&org={tree.P.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    heading = document.tables[0]
    assert heading.cell(0, 1).text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert heading.cell(0, 1).paragraphs[0].runs[0].underline
    assert heading.cell(0, 0).text.split("\n") == ["TỈNH ỦY BÌNH AN", "BAN TỔ CHỨC", "*"]
    assert "Số" in heading.cell(1, 0).text
    date_line = heading.cell(1, 1).text
    assert ", ngày " in date_line and " tháng " in date_line and date_line.split(", ")[0] == "Bình An"
    assert "BÁO CÁO" in text and "kết quả thực hiện Nghị quyết số 05-NQ/TU" in text
    targets = document.tables[1]
    header = [cell.text for cell in targets.rows[0].cells]
    assert header[:4] == ["Chỉ tiêu", "Nội dung", "Tử số", "Mẫu số"]
    in_word = {row.cells[0].text: (row.cells[2].text, row.cells[3].text, row.cells[6].text) for row in targets.rows[1:]}
    assert in_word == _dashboard_rows(people, tree, nq05_id)
    assert in_word["4"] == ("2", "5", "đạt")
    # Laid out to be read: the wording's column wide, the figures' narrow, the header repeated on each page
    # (left to Word, the nine columns were equal and a target's wording ran to thirty lines).
    wording, numerator = targets.columns[1].width, targets.columns[2].width
    assert wording is not None and numerator is not None and wording > 3 * numerator
    assert sum(column.width or 0 for column in targets.columns) <= Cm(16.05)
    repeated = targets.rows[0]._tr.trPr
    assert repeated is not None and repeated.xpath("./w:tblHeader")
    # The breakdown tables follow, one per target: target 4 for A and B.
    breakdown = document.tables[2]
    assert [row.cells[0].text for row in breakdown.rows[1:]][:2] == ["Đảng bộ huyện Đông Sơn", "Đảng bộ huyện Tây Hà"]
    signature = document.tables[-1]
    assert "Nơi nhận:" in signature.cell(0, 0).text and "T/M BAN TỔ CHỨC" in signature.cell(0, 1).text
    assert AuditEvent.objects.filter(action="resolution.report").count() == 1
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    # .ci/run installs LibreOffice, so on CI its absence is a failure, not a silent skip.
    assert soffice or os.environ.get("CI") != "true", "CI không có LibreOffice (libreoffice-writer-nogui)"
    if soffice:  # converts to PDF where LibreOffice is installed
        source = tmp_path / "bao-cao.docx"
        source.write_bytes(response.content)
        subprocess.run(  # noqa: S603 - fixed arguments
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            check=True,
            timeout=120,
            capture_output=True,
        )
        assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF-")


def test_it_exports_the_dashboard_to_excel_with_the_breakdown(
    people: Personas, tree: Tree, standing_cadres: None, nq05_id: int
) -> None:
    response = logged_in(people.specialist).get(f"/nghi-quyet/{nq05_id}/xuat-excel/?ngay={D1}&org={tree.P.pk}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "MẬT"
    assert "05-NQ/TU" in str(rows[1][0])
    assert rows[4][:4] == ("Chỉ tiêu", "Nội dung", "Tử số", "Mẫu số")
    targets = {row[0]: row for row in rows[5:] if row[0]}
    dashboard = _dashboard_rows(people, tree, nq05_id)
    assert {number: (str(r[2]) if r[2] is not None else "—", str(r[3]), r[6]) for number, r in targets.items()} == (
        dashboard
    )
    # target 4's children follow it
    index = next(i for i, row in enumerate(rows) if row and row[0] == "4")
    assert rows[index + 1][1] == "– Đảng bộ huyện Đông Sơn" and (rows[index + 1][2], rows[index + 1][3]) == (1, 3)
    assert AuditEvent.objects.filter(action="resolution.export").count() == 1
    # It opens ready to read: the wording's column wide and wrapping, the titles frozen and filtering.
    full = load_workbook(io.BytesIO(response.content)).active
    assert full is not None
    assert full.column_dimensions["B"].width == 60 and full.column_dimensions["C"].width < 20
    assert full["B6"].alignment.wrap_text
    assert full.freeze_panes == "A6" and full.auto_filter.ref == f"A5:J{len(rows)}"
