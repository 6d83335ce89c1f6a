"""The announcement of ratings as a Word document of the body that decided them (HD 36-HD/VPTW)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from pbms.conftest import Tree, logged_in
from pbms.evaluations.announcement import issuer_for
from pbms.evaluations.models import Cycle, DeciderBody, Level
from pbms.evaluations.tests.conftest import Cast
from pbms.evaluations.tests.test_board import NAMES, commented
from pbms.evaluations.tests.test_views_board import all_proposed, levels, url


def texts(content: bytes) -> tuple[str, str]:
    doc = Document(io.BytesIO(content))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    return body, cells


@pytest.mark.django_db
def test_it_issues_the_announcement_in_the_name_of_the_deciding_committee(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:3])
    logged_in(cast.secretary).post(url(cycle, tree.A1c1.pk, "de-xuat/"), levels(rows[:2], Level.GOOD, Level.COMPLETE))
    client = logged_in(cast.decider)
    client.post(url(cycle, tree.A1c1.pk, "quyet-dinh/"), all_proposed(rows[:2]))
    response = client.get(url(cycle, tree.A1.pk, "bao-cao/"))
    assert response.status_code == 200
    body, cells = texts(response.content)
    # the issuer is Đảng ủy xã An Phú (it decides its cells' members), under the đảng bộ directly above it
    assert "ĐẢNG BỘ HUYỆN ĐÔNG SƠN" in cells and "ĐẢNG ỦY XÃ AN PHÚ" in cells
    assert "-TB/ĐU" in cells and "T/M ĐẢNG ỦY" in cells and "BÍ THƯ" in cells
    assert "TỈNH ỦY" not in cells and "T/M BAN THƯỜNG VỤ" not in cells
    assert "I. CÁ NHÂN" in body and "II." not in body  # numbered from I: no collective was decided
    assert "Nguyễn Thị Ánh" in cells and "Trần Văn Ân" in cells
    assert NAMES[2] not in cells + body  # only decided results


@pytest.mark.django_db
def test_it_refuses_the_announcement_where_nothing_is_decided(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    rows = commented(cast, cycle, tree, NAMES[:1])
    logged_in(cast.secretary).post(url(cycle, tree.A1c1.pk, "de-xuat/"), levels(rows, Level.GOOD))
    client = logged_in(cast.decider)
    response = client.get(url(cycle, tree.A1.pk, "bao-cao/"), follow=True)
    assert response.redirect_chain[-1][0] == url(cycle, tree.A1.pk)
    assert "Chưa có kết quả nào do Đảng bộ xã An Phú quyết định" in response.content.decode()
    client.post(url(cycle, tree.A1c1.pk, "quyet-dinh/"), all_proposed(rows))
    # the cell proposes, the đảng ủy decides: the cell's own board has nothing it decided
    response = client.get(url(cycle, tree.A1c1.pk, "bao-cao/"), follow=True)
    assert "chưa lập được thông báo kết quả" in response.content.decode()


def test_it_names_a_cell_a_standing_committee_and_a_district_committee_as_hd36_does() -> None:
    cell = issuer_for("Chi bộ thôn Một", "grassroots_cell", DeciderBody.CELL, "Đảng bộ xã An Phú")
    assert (cell.superior, cell.name, cell.symbol, cell.on_behalf) == (
        "ĐẢNG BỘ XÃ AN PHÚ",
        "CHI BỘ THÔN MỘT",
        "CB",
        "T/M CHI BỘ",
    )
    district = issuer_for("Đảng bộ huyện Đông Sơn", "district", DeciderBody.STANDING, "Đảng bộ tỉnh Bình An")
    assert (district.superior, district.name, district.symbol, district.on_behalf) == (
        "ĐẢNG BỘ TỈNH BÌNH AN",
        "HUYỆN ỦY ĐÔNG SƠN",
        "HU",
        "T/M BAN THƯỜNG VỤ",
    )
    assert district.heading().number.endswith("-TB/HU")
