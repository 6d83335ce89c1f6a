# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""After 01/7/2025 there is no district level: seen from a date in 2026, choosing the year 2025 computes on the
structure of 31/12/2025 (the new communes X and Y) and says so; choosing 2024 computes on the districts."""

from __future__ import annotations

import re
from typing import Any

from pbms.conftest import Personas, Tree, logged_in
from pbms.resolutions.models import Resolution
from pbms.resolutions.tests.conftest import seeded
from pbms.resolutions.tests.test_engine import build, standing_cadres  # noqa: F401 - fixtures


def ctx(response: Any) -> dict[str, Any]:
    data = response.context_data
    assert data is not None
    return dict(data)


def test_it_computes_the_year_chosen_from_2026_on_that_year_s_structure(
    people: Personas, tree: Tree, standing_cadres: None
) -> None:
    client = logged_in(people.specialist)
    resolution = Resolution.objects.get(number="05-NQ/TU").pk
    today = client.get(f"/nghi-quyet/{resolution}/?ngay=24/11/2026&org={tree.P.pk}").content.decode()
    links = dict(re.findall(r'href="\?ngay=(31/12/(\d{4}))&amp;org=\d+"', today)[::-1])
    assert sorted(links.values()) == ["2021", "2022", "2023", "2024", "2025"]
    # The year 2025, chosen from a date in 2026: the tree of 31/12/2025, and the page says why.
    chosen = client.get(f"/nghi-quyet/{resolution}/?ngay=31/12/2025&org={tree.P.pk}")
    page = chosen.content.decode()
    assert "Từ 01/7/2025 không còn cấp huyện" in page and "tại ngày 31/12/2025" in page
    board = ctx(chosen)["board"]
    assert board.day.isoformat() == "2025-12-31"
    breakdown = client.get(f"/nghi-quyet/chi-tieu/{seeded('4').pk}/?ngay=31/12/2025&org={tree.P.pk}")
    assert [row.org_name for row in ctx(breakdown)["breakdown"].rows] == ["Đảng bộ xã An Bình", "Đảng bộ xã Tây Hà"]
    # Target 3 names the district level: on 31/12/2025 it carries the note in its breakdown too.
    three = client.get(f"/nghi-quyet/chi-tieu/{seeded('3').pk}/?ngay=31/12/2025&org={tree.P.pk}")
    assert "không còn cấp huyện" in ctx(three)["note"]
    # The year 2024: the districts, and no such note.
    before = client.get(f"/nghi-quyet/{resolution}/?ngay=31/12/2024&org={tree.P.pk}")
    assert "không còn cấp huyện" not in before.content.decode()
    old = client.get(f"/nghi-quyet/chi-tieu/{seeded('4').pk}/?ngay=31/12/2024&org={tree.P.pk}")
    assert [row.org_name for row in ctx(old)["breakdown"].rows] == ["Đảng bộ huyện Đông Sơn", "Đảng bộ huyện Tây Hà"]
