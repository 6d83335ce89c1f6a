"""Two tree operations at once, on two real PostgreSQL connections (``race``), and the constraints that
refuse a corrupt tree written directly.

Each race makes both sides meet after their checks, before their writes (``_event``): without the tree's
lock both pass their checks on the same state and both write. With it the second waits, re-reads what the
first committed, and is refused with a Vietnamese message, or succeeds when its change still makes sense.
Whatever the order, the tree that remains is sound (``assert_sound_tree``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from pbms.accounts.models import User
from pbms.conftest import RESTRUCTURING, Personas, Tree, kind, logged_in
from pbms.core.tests.race import Outcome, race
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services
from pbms.orgs.models import Organization, Placement
from pbms.people.models import CellMembership

DAY = dt.date(2026, 1, 1)


def assert_sound_tree() -> None:
    """What no interleaving may leave: an organisation open twice, an ended organisation still open, an
    open child whose parent is not open (or whose path does not follow its parent's), an open member row
    in an organisation that is no longer open."""
    open_rows = list(Placement.objects.filter(valid_to__isnull=True))
    by_org: dict[int, Placement] = {}
    for row in open_rows:
        assert row.org_id not in by_org, f"{row.name} has two open placements"
        by_org[row.org_id] = row
    for org in Organization.objects.filter(ended_on__isnull=False):
        assert org.pk not in by_org, f"{org.code} ended on {org.ended_on} but is still open"
    for row in open_rows:
        if row.parent_id is None:
            continue
        parent = by_org.get(row.parent_id)
        assert parent is not None, f"{row.name} is open under an organisation that is not"
        assert row.path == f"{parent.path}{row.org_id}/", f"{row.name}: path {row.path} not under {parent.path}"
        assert row.depth == parent.depth + 1
    for stay in CellMembership.objects.filter(valid_to__isnull=True):
        assert stay.cell_id in by_org, f"a member is active in organisation {stay.cell_id}, which is not open"


def assert_refused_in_vietnamese(outcome: Outcome) -> None:
    assert isinstance(outcome.error, ApplicationError), f"expected a refusal, got {outcome.error!r}"
    # a sentence for the user (Vietnamese, with diacritics), not a database error passed through
    assert outcome.error.message.endswith("."), outcome.error.message
    assert any(ch in outcome.error.message for ch in "ăâđêôơưạảấầậểếệịọốồộớờợụủứừữự"), outcome.error.message


def assert_one_wins(first: Outcome, second: Outcome) -> None:
    """Exactly one side succeeded; the other was refused with a clear message (never a 500)."""
    assert [first.ok, second.ok].count(True) == 1, (first.error, second.error)
    assert_refused_in_vietnamese(second if first.ok else first)
    assert_sound_tree()


def assert_no_server_error(first: Outcome, second: Outcome) -> None:
    """At least one side succeeded; the other succeeded too or was refused, never an unexpected error."""
    assert first.ok or second.ok, (first.error, second.error)
    for outcome in (first, second):
        if not outcome.ok:
            assert_refused_in_vietnamese(outcome)
    assert_sound_tree()


def commune(admin: User, tree: Tree, code: str) -> Organization:
    """A new commune under the province, empty, from the restructuring."""
    return services.org_create(
        actor=admin,
        code=code,
        name=f"Đảng bộ xã {code}",
        kind=kind("commune"),
        parent=tree.P,
        effective_date=RESTRUCTURING,
        decision_ref=f"{code}-QĐ/TU",
    )


def move(admin: User, org: Organization, to: Organization) -> Callable[[], Any]:
    return lambda: services.org_move(actor=admin, org=org, new_parent=to, effective_date=DAY, decision_ref="1-QĐ/TU")


def dissolve(admin: User, org: Organization) -> Callable[[], Any]:
    return lambda: services.org_dissolve(actor=admin, org=org, effective_date=DAY, decision_ref="2-QĐ/TU")


AT_EVENT = (services, "_event")
# Long enough for both sides to reach the meeting point on a loaded machine (else they run one after the
# other and the race proves nothing); the locked side waits this long before going on alone.
PATIENCE = 4.0


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_refuses_moving_into_an_organisation_dissolved_at_the_same_time(admin: User, tree: Tree) -> None:
    g = commune(admin, tree, "G")
    first, second = race(dissolve(admin, g), move(admin, tree.A1c1, g), meet_at=AT_EVENT, patience=PATIENCE)
    assert_one_wins(first, second)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_leaves_an_organisation_in_one_place_when_two_moves_cross(admin: User, tree: Tree) -> None:
    g = commune(admin, tree, "G")
    first, second = race(move(admin, tree.B1c1, tree.X), move(admin, tree.B1c1, g), meet_at=AT_EVENT, patience=PATIENCE)
    # The second move, made on the state the first left, is a move from the first's parent: both may stand.
    assert_no_server_error(first, second)
    assert Placement.objects.filter(org=tree.B1c1, valid_to__isnull=True).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_moves_a_subtree_once_when_two_moves_of_it_cross(admin: User, tree: Tree) -> None:
    g, h = commune(admin, tree, "G"), commune(admin, tree, "H")
    subtree = kind("grassroots_committee")
    assert Placement.objects.get(org=tree.B1, valid_to__isnull=True).kind == subtree
    first, second = race(move(admin, tree.B1, g), move(admin, tree.B1, h), meet_at=AT_EVENT, patience=PATIENCE)
    assert_no_server_error(first, second)
    open_b1 = Placement.objects.get(org=tree.B1, valid_to__isnull=True)
    assert Placement.objects.get(org=tree.B1c1, valid_to__isnull=True).path.startswith(open_b1.path)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_never_leaves_a_dissolved_organisation_open_when_it_is_moved_at_the_same_time(
    admin: User, tree: Tree
) -> None:
    first, second = race(
        dissolve(admin, tree.B1c1), move(admin, tree.B1c1, tree.X), meet_at=AT_EVENT, patience=PATIENCE
    )
    # Dissolved first, the move is refused; moved first, the dissolution still stands (nothing it checks
    # changed) and ends the organisation where it was moved.
    assert_no_server_error(first, second)
    assert first.ok, first.error
    assert Organization.objects.get(pk=tree.B1c1.pk).ended_on == DAY


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_refuses_creating_under_an_organisation_merged_at_the_same_time(admin: User, tree: Tree) -> None:
    def create() -> Organization:
        return services.org_create(
            actor=admin,
            code="Z",
            name="Chi bộ thôn Mới",
            kind=kind("cell"),
            parent=tree.Y,
            effective_date=DAY,
            decision_ref="3-QĐ/TU",
        )

    def merge() -> Organization:
        return services.org_merge(
            actor=admin, sources=[tree.Y], target=tree.X, effective_date=DAY, decision_ref="4-QĐ/TU"
        )

    first, second = race(merge, create, meet_at=AT_EVENT, patience=PATIENCE)
    # Created first, the new cell follows Y into X; merged first, Y is gone and the creation is refused.
    assert_no_server_error(first, second)
    assert first.ok
    if second.ok:
        z = Placement.objects.get(org__code="Z", valid_to__isnull=True)
        assert z.parent_id == tree.X.pk


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_refuses_moving_a_child_of_an_organisation_split_at_the_same_time(admin: User, tree: Tree) -> None:
    def split() -> list[Organization]:
        parts = [
            services.SplitPart(name="Đảng bộ xã Một", kind=kind("commune"), code="X1", children=[tree.A1c1]),
            services.SplitPart(name="Đảng bộ xã Hai", kind=kind("commune"), code="X2", children=[tree.A2c1]),
        ]
        return services.org_split(actor=admin, org=tree.X, parts=parts, effective_date=DAY, decision_ref="5-QĐ/TU")

    first, second = race(split, move(admin, tree.A1c1, tree.Y), meet_at=AT_EVENT, patience=PATIENCE)
    # Moved first, A1c1 is no longer X's to give (the split is refused); split first, the move of A1c1
    # from its new parent stands.
    assert_no_server_error(first, second)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_both_renames_made_at_the_same_time_one_after_the_other(admin: User, tree: Tree) -> None:
    def rename(name: str) -> Callable[[], Placement]:
        return lambda: services.org_rename(
            actor=admin, org=tree.Y, name=name, effective_date=DAY, decision_ref="6-QĐ/TU"
        )

    first, second = race(
        rename("Đảng bộ xã Tây Hà Một"), rename("Đảng bộ xã Tây Hà Hai"), meet_at=AT_EVENT, patience=PATIENCE
    )
    assert first.ok and second.ok, (first.error, second.error)
    assert_sound_tree()
    assert Placement.objects.get(org=tree.Y, valid_to__isnull=True).name in {
        "Đảng bộ xã Tây Hà Một",
        "Đảng bộ xã Tây Hà Hai",
    }


# --- the database's own guards --------------------------------------------------------------------


def _second_open_row(org: Organization, *, valid_from: dt.date) -> None:
    row = Placement.objects.get(org=org, valid_to__isnull=True)
    row.pk = None
    row.valid_from = valid_from
    with transaction.atomic():
        row.save()


@pytest.mark.django_db
def test_it_refuses_a_second_open_placement_written_directly(tree: Tree) -> None:
    with pytest.raises(IntegrityError):
        _second_open_row(tree.Y, valid_from=DAY)


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_it_refuses_overlapping_placements_written_directly(tree: Tree) -> None:
    row = Placement.objects.get(org=tree.Y, valid_to__isnull=True)
    row.pk = None
    row.valid_from, row.valid_to = DAY, DAY + dt.timedelta(days=30)  # closed, but inside the open row
    with pytest.raises(IntegrityError, match="placement_no_overlap"), transaction.atomic():
        row.save()


@contextlib.contextmanager
def _two_open_rows_slip_past_the_checks() -> Iterator[None]:
    """Closing a row does nothing: the next write opens a second row for the same organisation, as a
    concurrent write once did. Only the database can refuse it now."""
    with mock.patch.object(services, "_close", mock.Mock(return_value=None)):
        yield


@pytest.mark.django_db
def test_it_turns_a_refusal_of_the_database_into_a_vietnamese_message(admin: User, tree: Tree) -> None:
    with _two_open_rows_slip_past_the_checks(), pytest.raises(ApplicationError) as refused:
        services.org_rename(actor=admin, org=tree.Y, name="Tên mới", effective_date=DAY, decision_ref="7-QĐ/TU")
    assert "cùng lúc" in refused.value.message
    assert Placement.objects.filter(org=tree.Y, valid_to__isnull=True).get().name == "Đảng bộ xã Tây Hà"


@pytest.mark.django_db
def test_it_answers_a_refusal_of_the_database_on_the_form_in_vietnamese_not_a_500(people: Personas, tree: Tree) -> None:
    client = logged_in(people.specialist)
    form = {
        "name": "Đảng bộ xã Tây Hà Mới",
        "kind": "commune",
        "effective_date": "01/03/2026",
        "decision_ref": "8-QĐ/TU",
    }
    with _two_open_rows_slip_past_the_checks():
        response = client.post(f"/to-chuc/{tree.Y.pk}/doi-ten/", form)
    assert response.status_code == 200
    assert "cây tổ chức vừa được thay đổi bởi một thao tác khác cùng lúc" in response.content.decode()
    assert Placement.objects.filter(org=tree.Y, valid_to__isnull=True).count() == 1


def _meet() -> None:
    """Where two different services meet in a race (each side's own meeting point calls it)."""


@contextlib.contextmanager
def meeting_in(*points: tuple[object, str]) -> Iterator[None]:
    """Make each of ``points`` call ``_meet`` first, so that ``race(meet_at=(this module, "_meet"))`` stops
    two different services each at its own point."""
    with contextlib.ExitStack() as stack:
        for owner, name in points:
            original = getattr(owner, name)

            def wrapped(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                sys.modules[__name__]._meet()
                return _original(*args, **kwargs)

            stack.enter_context(mock.patch.object(owner, name, wrapped))
        yield
