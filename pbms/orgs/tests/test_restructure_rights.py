"""Who may restructure the tree: founding, renaming, merging, splitting, dissolving and moving a party
organisation are decided by the superior committee (Điều lệ Đảng, Điều 10 khoản 3), so they need the
``org.restructure`` permission on a grant *above* the organisation. A cell's secretary enters his members
but does not rename or dissolve his cell; a commune's office restructures the cells below it, not itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from pbms.accounts.models import Assignment, Permission, Role, RolePermission, Scope, User
from pbms.accounts.selectors import RESTRUCTURE_REFUSED
from pbms.conftest import Personas, Tree, kind, logged_in, make_user
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services
from pbms.orgs.models import Organization, OrgEvent, Placement

DAY = dt.date(2026, 1, 1)
REF = "7-QĐ/ĐU"


def operations(tree: Tree, org: Organization) -> dict[str, Callable[[User], object]]:
    """Every tree operation on ``org`` (a cell, or commune X), as ``actor`` would ask it."""
    sibling = tree.A2c1 if org.pk != tree.A2c1.pk else tree.A1c1
    return {
        "found": lambda actor: services.org_create(
            actor=actor,
            code="NEW1",
            name="Chi bộ mới",
            kind=kind("cell"),
            parent=org,
            effective_date=DAY,
            decision_ref=REF,
        ),
        "rename": lambda actor: services.org_rename(
            actor=actor, org=org, name="Tên mới", effective_date=DAY, decision_ref=REF
        ),
        "move": lambda actor: services.org_move(
            actor=actor, org=org, new_parent=tree.Y, effective_date=DAY, decision_ref=REF
        ),
        "merge": lambda actor: services.org_merge(
            actor=actor, sources=[org], target=sibling, effective_date=DAY, decision_ref=REF
        ),
        "split": lambda actor: services.org_split(
            actor=actor,
            org=org,
            parts=[services.SplitPart(name="Chi bộ tách", kind=kind("cell"), code="NEW2")],
            keep_original=True,
            effective_date=DAY,
            decision_ref=REF,
        ),
        "dissolve": lambda actor: services.org_dissolve(actor=actor, org=org, effective_date=DAY, decision_ref=REF),
    }


def unchanged() -> None:
    assert not OrgEvent.objects.filter(decision_ref=REF).exists()


@pytest.mark.parametrize("operation", ["found", "rename", "move", "merge", "split", "dissolve"])
def test_it_refuses_the_cell_secretary_every_operation_on_his_own_cell(
    people: Personas, tree: Tree, operation: str
) -> None:
    with pytest.raises(ApplicationError) as refused:
        operations(tree, tree.A1c1)[operation](people.secretary)
    assert str(refused.value) == RESTRUCTURE_REFUSED
    unchanged()


@pytest.fixture
def commune_office(tree: Tree) -> User:
    user = make_user("vanphong_x", "Đinh Thị Hoa")
    Assignment.objects.create(user=user, org=tree.X, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    return user


@pytest.mark.parametrize("operation", ["rename", "move", "merge", "split", "dissolve"])
def test_it_refuses_the_commune_office_its_own_commune(tree: Tree, commune_office: User, operation: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        operations(tree, tree.X)[operation](commune_office)
    assert str(refused.value) == RESTRUCTURE_REFUSED
    unchanged()


def test_it_refuses_the_specialist_the_province_itself(people: Personas, tree: Tree) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.org_rename(actor=people.specialist, org=tree.P, name="Tên mới", effective_date=DAY, decision_ref=REF)
    assert str(refused.value) == RESTRUCTURE_REFUSED


def test_it_lets_the_commune_office_found_a_cell_under_its_commune(tree: Tree, commune_office: User) -> None:
    operations(tree, tree.X)["found"](commune_office)
    assert Placement.objects.as_of(DAY).get(org__code="NEW1").parent_id == tree.X.pk


@pytest.mark.parametrize("operation", ["rename", "merge", "split", "dissolve"])
def test_it_lets_the_commune_office_restructure_below_its_commune(
    tree: Tree, commune_office: User, operation: str
) -> None:
    operations(tree, tree.A1c1)[operation](commune_office)
    assert OrgEvent.objects.filter(decision_ref=REF).exists()


def test_it_gives_the_permission_to_the_specialist_and_the_office_not_the_secretary(db: None) -> None:
    holders = set(
        RolePermission.objects.filter(permission=Permission.ORG_RESTRUCTURE).values_list("role__code", flat=True)
    )
    assert holders == {Role.SPECIALIST, Role.COMMITTEE_STAFF}


# --- the pages ---------------------------------------------------------------------------------------

PAGES = ("doi-ten", "chuyen", "hop-nhat", "chia-tach", "giai-the")


def test_it_shows_the_secretary_no_operation_on_his_cell_and_refuses_them(people: Personas, tree: Tree) -> None:
    client = logged_in(people.secretary)
    page = client.get(f"/to-chuc/{tree.A1c1.pk}/").content.decode()
    assert "Đổi tên" not in page and "Giải thể" not in page and "Thành lập tổ chức trực thuộc" not in page
    assert client.get("/to-chuc/moi/").status_code == 403
    assert client.get(f"/to-chuc/moi/?cap_tren={tree.A1c1.pk}").status_code == 403
    for slug in PAGES:
        url = f"/to-chuc/{tree.A1c1.pk}/{slug}/"
        assert client.get(url).status_code == 403, slug
        posted = client.post(url, {"name": "Chi bộ đổi tên", "effective_date": "01/01/2026", "decision_ref": REF})
        assert posted.status_code == 403, slug
    assert Placement.objects.as_of(DAY).get(org=tree.A1c1).name == "Chi bộ thôn Một"


def test_it_shows_the_commune_office_the_operations_below_it_not_on_it(tree: Tree, commune_office: User) -> None:
    client = logged_in(commune_office)
    own = client.get(f"/to-chuc/{tree.X.pk}/?ngay=01/01/2026").content.decode()
    assert "Thành lập tổ chức trực thuộc" in own and "Đổi tên" not in own and "Giải thể" not in own
    cell = client.get(f"/to-chuc/{tree.A1c1.pk}/?ngay=01/01/2026").content.decode()
    assert "Đổi tên" in cell and "Giải thể" in cell
    assert client.get(f"/to-chuc/{tree.X.pk}/doi-ten/").status_code == 403
    assert client.get(f"/to-chuc/{tree.A1c1.pk}/doi-ten/").status_code == 200
    assert client.get(f"/to-chuc/moi/?cap_tren={tree.X.pk}").status_code == 200
