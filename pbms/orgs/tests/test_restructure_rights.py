"""Restructuring an organisation is decided by the committee directly above it (Điều lệ Đảng, Điều 10 khoản 3):
a cell secretary enters data for his chi bộ but is neither shown nor allowed to rename, move, merge, split or
dissolve it; a district office restructures the communes under it, not the district itself."""

from __future__ import annotations

import datetime as dt

import pytest

from pbms.conftest import Personas, Tree, logged_in
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services
from pbms.orgs.models import Organization, Placement

DAY = dt.date(2024, 12, 31)
OPERATIONS = ("doi-ten", "chuyen", "hop-nhat", "chia-tach", "giai-the")
BUTTONS = ("Đổi tên, loại hình", "Chuyển trực thuộc", "Hợp nhất, sáp nhập", "Chia tách", "Giải thể")


def _page(client_user: object, org: Organization) -> str:
    return logged_in(client_user).get(f"/to-chuc/{org.pk}/", {"ngay": "31/12/2024"}).content.decode()  # type: ignore[arg-type]


def test_it_shows_a_cell_secretary_no_restructuring_button_on_his_own_cell(people: Personas, tree: Tree) -> None:
    page = _page(people.secretary, tree.A1c1)
    assert "Chi bộ thôn Một" in page
    for button in (*BUTTONS, "Thành lập tổ chức trực thuộc"):
        assert f">{button}</a>" not in page, button


def test_it_refuses_a_cell_secretary_restructuring_his_own_cell(people: Personas, tree: Tree) -> None:
    client = logged_in(people.secretary)
    for operation in OPERATIONS:
        assert client.get(f"/to-chuc/{tree.A1c1.pk}/{operation}/", {"ngay": "31/12/2024"}).status_code == 403
    data = {"effective_date": "31/12/2024", "decision_ref": "9-QĐ/TU"}
    answer = client.post(f"/to-chuc/{tree.A1c1.pk}/giai-the/?ngay=31/12/2024", data)
    assert answer.status_code == 403
    with pytest.raises(ApplicationError, match="cấp ủy cấp trên trực tiếp"):
        services.org_rename(
            actor=people.secretary, org=tree.A1c1, name="Chi bộ thôn Mới", effective_date=DAY, decision_ref="9-QĐ/TU"
        )
    with pytest.raises(ApplicationError, match="cấp ủy cấp trên trực tiếp"):
        services.org_dissolve(actor=people.secretary, org=tree.A1c1, effective_date=DAY, decision_ref="9-QĐ/TU")
    assert Placement.objects.as_of(DAY).get(org=tree.A1c1).name == "Chi bộ thôn Một"
    assert Organization.objects.get(pk=tree.A1c1.pk).ended_on is None


def test_it_lets_a_district_office_restructure_the_communes_under_it_only(people: Personas, tree: Tree) -> None:
    commune = _page(people.staff_a, tree.A1)
    assert all(f">{button}</a>" in commune for button in BUTTONS)
    district = _page(people.staff_a, tree.A)
    assert ">Thành lập tổ chức trực thuộc</a>" in district
    assert not any(f">{button}</a>" in district for button in BUTTONS)
    # The commune: past the rights, refused only by the history (it merged on 01/7/2025).
    with pytest.raises(ApplicationError, match="đã có thay đổi từ ngày 01/07/2025"):
        services.org_rename(
            actor=people.staff_a, org=tree.A1, name="Đảng bộ xã An Phú Mới", effective_date=DAY, decision_ref="9-QĐ/HU"
        )
    with pytest.raises(ApplicationError, match="cấp ủy cấp trên trực tiếp"):
        services.org_rename(
            actor=people.staff_a, org=tree.A, name="Đảng bộ huyện Mới", effective_date=DAY, decision_ref="9-QĐ/HU"
        )
