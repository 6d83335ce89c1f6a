# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""The drill-down of organisation populations: collective bodies (seed 000's target 2) and organisations
themselves (a new target through the service), scoped, with links to the organisations' pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pbms.conftest import Personas, Tree, logged_in
from pbms.resolutions import services
from pbms.resolutions.drilldown import target_members
from pbms.resolutions.models import Resolution
from pbms.resolutions.tests.conftest import seeded
from pbms.resolutions.tests.test_engine import Build, build  # noqa: F401 - fixtures

D1 = dt.date(2024, 12, 31)


def ctx(response: Any) -> dict[str, Any]:
    data = response.context_data
    assert data is not None
    return dict(data)


def test_it_lists_the_committees_a_collective_target_counts(people: Personas, tree: Tree, build: Build) -> None:
    build.body(tree.A1, "committee", "Ban Chấp hành Đảng bộ xã An Phú")
    build.body(tree.B1, "committee")  # unnamed: shown by its kind and organisation
    build.body(tree.A1, "inspection")  # another kind: not counted by target 2
    target = seeded("2")
    members = target_members(actor=people.admin, target=target, day=D1, org_id=tree.P.pk, part="denominator")
    assert [(m.kind, m.name) for m in members.rows] == [
        ("body", "Ban Chấp hành Đảng bộ xã An Phú"),
        ("body", "Ban chấp hành (cấp ủy) Đảng bộ xã Cẩm Lý"),
    ]
    # no committee has a decided result for 2024: nobody meets the target, both are missing
    assert target_members(actor=people.admin, target=target, day=D1, org_id=tree.P.pk).rows == []
    missing = target_members(actor=people.admin, target=target, day=D1, org_id=tree.P.pk, part="missing")
    assert len(missing.rows) == 2
    outsider = target_members(actor=people.outsider, target=target, day=D1, org_id=tree.B.pk, part="denominator")
    assert [m.name for m in outsider.rows] == ["Ban chấp hành (cấp ủy) Đảng bộ xã Cẩm Lý"]
    page = logged_in(people.specialist).get(
        f"/nghi-quyet/chi-tieu/{target.pk}/danh-sach/?phan=tu-so&ngay=31/12/2024&org={tree.P.pk}"
    )
    assert "Chưa hỗ trợ" not in page.content.decode()


def test_it_lists_organisations_with_links_to_their_pages(people: Personas, tree: Tree) -> None:
    target = services.target_create(
        actor=people.admin,
        resolution=Resolution.objects.get(number="05-NQ/TU"),
        number="13",
        wording="Số chi bộ",
        definition={"population": {"type": "organizations", "org_levels": ["cell"]}, "conditions": []},
        threshold=Decimal(0),
        cadence="yearly",
    )
    response = logged_in(people.specialist).get(
        f"/nghi-quyet/chi-tieu/{target.pk}/danh-sach/?phan=mau-so&ngay=31/12/2024&org={tree.A.pk}"
    )
    rows = ctx(response)["members"].rows
    assert [(m.kind, m.name, m.detail) for m in rows] == [
        ("org", "Chi bộ thôn Một", "A1C1"),
        ("org", "Chi bộ thôn Hai", "A2C1"),
    ]
    page = response.content.decode()
    assert f'href="/to-chuc/{tree.A1c1.pk}/"' in page
