"""A member placed in a cell while the cell ends: the transfer and the dissolution or merger serialise on
the tree's lock (``org_lock_for_write``), so the member never stays in an ended cell."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from pbms.accounts.models import User
from pbms.conftest import Tree
from pbms.core.tests.race import race
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services as org_services
from pbms.orgs.tests.test_concurrency import PATIENCE, assert_one_wins, assert_sound_tree, meeting_in
from pbms.people import services
from pbms.people.models import CellMembership, Membership
from pbms.people.services import membership as membership_services
from pbms.people.tests.conftest import make_member
from pbms.people.workbook.apply import Writer, import_workbook
from pbms.people.workbook.sample import sample_rows, workbook_bytes

DAY = dt.date(2026, 1, 1)
TODAY = dt.date(2026, 11, 23)
MEET = (sys.modules["pbms.orgs.tests.test_concurrency"], "_meet")


def transfer(admin: User, member: Membership, tree: Tree, on: dt.date = DAY) -> CellMembership:
    return services.member_transfer(actor=admin, membership=member, cell=tree.A1c1, date=on, decision_ref="9-QĐ/ĐU")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_never_leaves_a_member_in_a_cell_dissolved_while_he_is_transferred_there(admin: User, tree: Tree) -> None:
    member = make_member(admin, tree.B1c1)
    with meeting_in((membership_services, "_event"), (org_services, "_event")):
        first, second = race(
            lambda: transfer(admin, member, tree),
            lambda: org_services.org_dissolve(actor=admin, org=tree.A1c1, effective_date=DAY, decision_ref="2-QĐ/TU"),
            meet_at=MEET,
            patience=PATIENCE,
        )
    assert_one_wins(first, second)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_takes_along_a_member_transferred_into_a_cell_while_it_is_merged(admin: User, tree: Tree) -> None:
    member = make_member(admin, tree.B1c1)
    # The merger meets the transfer once it has read the members who follow (none yet), as it ends A1c1.
    with meeting_in((membership_services, "_event"), (org_services, "_end")):
        first, second = race(
            lambda: transfer(admin, member, tree),
            lambda: org_services.org_merge(
                actor=admin, sources=[tree.A1c1], target=tree.A2c1, effective_date=DAY, decision_ref="4-QĐ/TU"
            ),
            meet_at=MEET,
            patience=PATIENCE,
        )
    # Transferred first, the member follows the merger into A2c1; merged first, the transfer is refused.
    assert second.ok, second.error
    if not first.ok:
        assert isinstance(first.error, ApplicationError)
    assert_sound_tree()
    stay = CellMembership.objects.get(membership=member, valid_to__isnull=True)
    assert stay.cell_id in {tree.B1c1.pk, tree.A2c1.pk}


@pytest.mark.django_db
def test_it_refuses_a_transfer_into_a_cell_that_ends_after_the_transfer(admin: User, tree: Tree) -> None:
    member = make_member(admin, tree.B1c1)
    org_services.org_dissolve(actor=admin, org=tree.A1c1, effective_date=DAY, decision_ref="2-QĐ/TU")
    with pytest.raises(ApplicationError, match="chấm dứt hoạt động từ ngày 01/01/2026"):
        transfer(admin, member, tree, on=DAY - dt.timedelta(days=10))
    assert CellMembership.objects.get(membership=member, valid_to__isnull=True).cell_id == tree.B1c1.pk


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_never_imports_a_member_into_a_cell_dissolved_at_the_same_time(
    admin: User, tree: Tree, tmp_path: Path
) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes(sample_rows(1, cells=["B1C1"], children=False)))
    # The import meets the dissolution once it has planned (B1c1 there, no one else in it), before writing.
    with meeting_in((Writer, "run"), (org_services, "_event")):
        first, second = race(
            lambda: import_workbook(path=path, file_name="t.xlsx", actor=admin, dry_run=False, today=TODAY),
            lambda: org_services.org_dissolve(actor=admin, org=tree.B1c1, effective_date=DAY, decision_ref="2-QĐ/TU"),
            meet_at=MEET,
            patience=PATIENCE,
        )
    assert first.ok, first.error
    imported = not first.value.errors
    # exactly one stands: the member imported and the dissolution refused, or the reverse (a row error)
    assert imported != second.ok, (first.value.errors, second.error)
    assert_sound_tree()
