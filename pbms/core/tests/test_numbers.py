"""Counts and figures with Vietnamese thousands separators (3.931 đảng viên) on pages, in Word documents and
messages; the person list says how many people it holds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pbms.conftest import Personas, Tree, logged_in
from pbms.evaluations import rules
from pbms.evaluations.models import Level
from pbms.evaluations.tests.test_rules import BOOKS
from pbms.lib.numbers import format_number
from pbms.people.tests.conftest import make_member
from pbms.resolutions.reports import _docx_text

DAY = "ngay=31/12/2024"


def test_it_groups_thousands_the_vietnamese_way() -> None:
    assert [format_number(v) for v in (0, 999, 3931, 1234567)] == ["0", "999", "3.931", "1.234.567"]
    assert format_number(Decimal("12.5")) == "12,5" and format_number(Decimal("2E+1")) == "20"


def test_it_groups_thousands_in_the_home_page_counts(people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pbms.core.views.org_count_as_of", lambda **_: [("Chi bộ", 3931)])
    page = logged_in(people.specialist).get("/").content.decode()
    assert '<td class="num">3.931</td>' in page


def test_it_writes_word_figures_and_quota_warnings_with_separators() -> None:
    assert _docx_text(3931) == "3.931"
    book = next(iter(BOOKS.values()))
    warning = rules.quota_check(book, {Level.EXCELLENT: 1500, Level.GOOD: 5000}).warning
    assert "(1.500) vượt 500 so với tỷ lệ tối đa 20% " in warning and "(5.000), tức tối đa 1.000." in warning


def test_it_tells_how_many_people_the_list_holds(people: Personas, tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("Nguyễn Thị Ánh", "Lê Văn An", "Trần Văn Bình"):
        make_member(people.admin, tree.A1c1, name, born=dt.date(1980, 1, 2))
    client = logged_in(people.specialist)
    assert "3 người phù hợp." in client.get(f"/can-bo/?{DAY}").content.decode()
    assert "1 người phù hợp." in client.get(f"/can-bo/?{DAY}&q=binh").content.decode()
    # Past the cap the count stops and says so, rather than counting a whole province.
    monkeypatch.setattr("pbms.people.views.COUNT_CAP", 2)
    assert "Hơn 2 người phù hợp: hãy lọc để thu hẹp." in client.get(f"/can-bo/?{DAY}").content.decode()
    # Nobody in scope: the total is not shown, the empty state speaks instead.
    assert "người phù hợp." not in logged_in(people.outsider).get(f"/can-bo/?{DAY}&q=anh").content.decode()
