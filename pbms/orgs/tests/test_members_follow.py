"""Tree operations and the members in the cells they touch: members follow a merger; a cell with members
cannot be dissolved or split away."""

from __future__ import annotations

import datetime as dt

import pytest

from pbms.accounts.models import User
from pbms.conftest import Tree, kind
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services
from pbms.people.models import CellMembership, MembershipEvent
from pbms.people.tests.conftest import make_member

DAY = dt.date(2026, 3, 1)


def test_it_moves_the_members_of_merged_cells_to_the_surviving_cell(admin: User, tree: Tree) -> None:
    one = make_member(admin, tree.A1c1, "Nguyễn Văn An")
    two = make_member(admin, tree.A2c1, "Trần Thị Bình", gender="F")
    services.org_merge(actor=admin, sources=[tree.A2c1], target=tree.A1c1, effective_date=DAY, decision_ref="9-QĐ/ĐU")
    current = CellMembership.objects.get(membership=two, valid_to__isnull=True)
    assert current.cell_id == tree.A1c1.pk and current.valid_from == DAY
    assert CellMembership.objects.get(membership=two, valid_to=DAY).cell_id == tree.A2c1.pk  # history kept
    assert MembershipEvent.objects.filter(membership=two, kind="transferred", decision_ref="9-QĐ/ĐU").exists()
    assert CellMembership.objects.filter(membership=one).count() == 1  # the target's own members are untouched


def test_it_refuses_to_dissolve_a_cell_that_still_has_members(admin: User, tree: Tree) -> None:
    make_member(admin, tree.B1c1, "Lê Văn Cường")
    with pytest.raises(ApplicationError, match="còn 1 đảng viên"):
        services.org_dissolve(actor=admin, org=tree.B1c1, effective_date=DAY, decision_ref="9-QĐ/ĐU")
    # an empty cell can go
    empty = services.org_create(
        actor=admin,
        code="YC9",
        name="Chi bộ thôn Chín",
        kind=kind("cell"),
        parent=tree.Y,
        effective_date=dt.date(2025, 8, 1),
        decision_ref="1-QĐ/ĐU",
    )
    services.org_dissolve(actor=admin, org=empty, effective_date=DAY, decision_ref="9-QĐ/ĐU")
