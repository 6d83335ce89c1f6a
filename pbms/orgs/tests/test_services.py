"""The tree operations across dates, and every refusal, through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import pytest

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.audit.models import AuditEvent
from pbms.conftest import RESTRUCTURING, Personas, Tree, build_old_tree, kind
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.orgs import services
from pbms.orgs.models import Organization, OrgEvent, Placement
from pbms.orgs.selectors import org_subtree

BEFORE = dt.date(2024, 12, 31)
AFTER = dt.date(2026, 1, 1)


def names(rows: Iterable[Placement]) -> set[str]:
    return {r.name for r in rows}


def subtree_names(admin: User, org: Organization, day: dt.date) -> set[str]:
    return names(org_subtree(actor=admin, org_id=org.pk, day=day))


def test_it_answers_the_tree_differently_before_and_after_the_restructuring(admin: User, tree: Tree) -> None:
    before = subtree_names(admin, tree.P, BEFORE)
    after = subtree_names(admin, tree.P, AFTER)
    assert "Đảng bộ huyện Đông Sơn" in before and "Đảng bộ huyện Đông Sơn" not in after
    assert "Đảng bộ xã An Bình" in after and "Đảng bộ xã An Bình" not in before
    assert "Đảng bộ xã An Phú" in before and "Đảng bộ xã An Phú" not in after  # merged away
    # the cells followed the merge
    assert subtree_names(admin, tree.X, AFTER) == {"Đảng bộ xã An Bình", "Chi bộ thôn Một", "Chi bộ thôn Hai"}
    assert subtree_names(admin, tree.Y, AFTER) == {"Đảng bộ xã Tây Hà", "Đảng bộ xã Cẩm Lý", "Chi bộ thôn Ba"}
    assert subtree_names(admin, tree.A, BEFORE) == {
        "Đảng bộ huyện Đông Sơn",
        "Đảng bộ xã An Phú",
        "Chi bộ thôn Một",
        "Đảng bộ xã Bình Minh",
        "Chi bộ thôn Hai",
    }
    assert subtree_names(admin, tree.A, AFTER) == set()


def test_it_keeps_the_2024_answer_after_the_restructuring_is_entered(admin: User) -> None:
    tree = build_old_tree(admin)
    snapshot = sorted(
        (r.org_id, r.parent_id, r.name, r.path) for r in org_subtree(actor=admin, org_id=tree.P.pk, day=BEFORE)
    )
    services.org_merge(
        actor=admin,
        sources=[tree.A1, tree.A2],
        new_code="X",
        new_name="Đảng bộ xã An Bình",
        new_kind=kind("commune"),
        new_parent=tree.P,
        effective_date=RESTRUCTURING,
        decision_ref="200-QĐ/TU",
    )
    services.org_dissolve(actor=admin, org=tree.A, effective_date=RESTRUCTURING, decision_ref="202-QĐ/TU")
    again = sorted(
        (r.org_id, r.parent_id, r.name, r.path) for r in org_subtree(actor=admin, org_id=tree.P.pk, day=BEFORE)
    )
    assert again == snapshot


def test_it_gives_the_last_day_before_a_change_the_old_answer(admin: User, tree: Tree) -> None:
    last_day = RESTRUCTURING - dt.timedelta(days=1)
    assert "Đảng bộ huyện Đông Sơn" in subtree_names(admin, tree.P, last_day)
    assert "Đảng bộ huyện Đông Sơn" not in subtree_names(admin, tree.P, RESTRUCTURING)


def test_it_renames_from_a_date_and_keeps_the_old_name_before(admin: User, tree: Tree) -> None:
    services.org_rename(
        actor=admin,
        org=tree.B1c1,
        name="Chi bộ thôn Ba Đình",
        effective_date=dt.date(2026, 3, 1),
        decision_ref="9-QĐ/ĐU",
    )
    assert Placement.objects.as_of(dt.date(2026, 2, 28)).get(org=tree.B1c1).name == "Chi bộ thôn Ba"
    assert Placement.objects.as_of(dt.date(2026, 3, 1)).get(org=tree.B1c1).name == "Chi bộ thôn Ba Đình"
    # the subtree still finds it: the path holds ids, not names
    assert "Chi bộ thôn Ba Đình" in subtree_names(admin, tree.Y, dt.date(2026, 3, 1))


def test_it_moves_a_whole_subtree(admin: User, tree: Tree) -> None:
    day = dt.date(2026, 2, 1)
    services.org_move(actor=admin, org=tree.B1, new_parent=tree.X, effective_date=day, decision_ref="10-QĐ/TU")
    assert subtree_names(admin, tree.X, day) >= {"Đảng bộ xã Cẩm Lý", "Chi bộ thôn Ba"}
    assert subtree_names(admin, tree.Y, day) == {"Đảng bộ xã Tây Hà"}
    cell = Placement.objects.as_of(day).get(org=tree.B1c1)
    assert cell.depth == 3 and cell.path == f"/{tree.P.pk}/{tree.X.pk}/{tree.B1.pk}/{tree.B1c1.pk}/"
    assert (
        Placement.objects.as_of(day - dt.timedelta(days=1))
        .get(org=tree.B1c1)
        .path.startswith(f"/{tree.P.pk}/{tree.Y.pk}/")
    )


def test_it_splits_an_organisation_and_distributes_its_children(admin: User, tree: Tree) -> None:
    day = dt.date(2026, 5, 1)
    a, b = services.org_split(
        actor=admin,
        org=tree.X,
        effective_date=day,
        decision_ref="11-QĐ/TU",
        parts=[
            services.SplitPart(name="Đảng bộ xã An Phú", kind=kind("commune"), code="X1", children=[tree.A1c1]),
            services.SplitPart(name="Đảng bộ xã Bình Minh", kind=kind("commune"), code="X2", children=[tree.A2c1]),
        ],
    )
    assert subtree_names(admin, a, day) == {"Đảng bộ xã An Phú", "Chi bộ thôn Một"}
    assert subtree_names(admin, b, day) == {"Đảng bộ xã Bình Minh", "Chi bộ thôn Hai"}
    assert subtree_names(admin, tree.X, day) == set()
    tree.X.refresh_from_db()
    assert tree.X.ended_on == day


def test_it_merges_into_a_surviving_organisation(admin: User, tree: Tree) -> None:
    day = dt.date(2026, 6, 1)
    services.org_merge(actor=admin, sources=[tree.Y], target=tree.X, effective_date=day, decision_ref="12-QĐ/TU")
    assert {"Đảng bộ xã Cẩm Lý", "Chi bộ thôn Ba", "Chi bộ thôn Một"} <= subtree_names(admin, tree.X, day)
    assert not Placement.objects.as_of(day).filter(org=tree.Y).exists()


def test_it_records_every_operation_in_the_timeline_and_the_audit_log(admin: User, tree: Tree) -> None:
    kinds = list(OrgEvent.objects.filter(roles__org=tree.A1).values_list("kind", flat=True))
    assert kinds == ["created", "created", "merged"]  # created itself, created its cell (as parent), merged
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"org.create", "org.merge", "org.move", "org.dissolve"} <= actions
    merge = AuditEvent.objects.get(action="org.merge")
    assert merge.actor_name == "quantri" and merge.changes["children_moved"] == 2


# --- refusals -----------------------------------------------------------------------------------


def refused(message_part: str, call: Callable[..., object], **kwargs: object) -> None:
    before = (Placement.objects.count(), OrgEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ApplicationError) as info:
        call(**kwargs)
    assert message_part in info.value.message
    # nothing half-written
    assert (Placement.objects.count(), OrgEvent.objects.count(), AuditEvent.objects.count()) == before


def test_it_refuses_a_cycle(admin: User, tree: Tree) -> None:
    refused(
        "chính nó hoặc vào tổ chức trực thuộc",
        services.org_move,
        actor=admin,
        org=tree.X,
        new_parent=tree.A1c1,
        effective_date=AFTER,
        decision_ref="1-QĐ/TU",
    )
    refused(
        "chính nó",
        services.org_move,
        actor=admin,
        org=tree.Y,
        new_parent=tree.Y,
        effective_date=AFTER,
        decision_ref="1-QĐ/TU",
    )


def test_it_refuses_a_move_to_a_dissolved_organisation(admin: User, tree: Tree) -> None:
    refused(
        "không tồn tại vào ngày 01/01/2026",
        services.org_move,
        actor=admin,
        org=tree.X,
        new_parent=tree.A,
        effective_date=AFTER,
        decision_ref="1-QĐ/TU",
    )


def test_it_refuses_a_change_that_overlaps_later_history(admin: User, tree: Tree) -> None:
    # A1 was merged away on 01/7/2025: renaming it in 2024 would overlap what is recorded after
    refused(
        "đã có thay đổi từ ngày 01/07/2025",
        services.org_rename,
        actor=admin,
        org=tree.A1,
        name="Tên khác",
        effective_date=BEFORE,
        decision_ref="1-QĐ/TU",
    )
    # moving district B in 2024 would rewrite the history of B1 (moved on 01/7/2025)
    refused(
        "01/07/2025",
        services.org_move,
        actor=admin,
        org=tree.B,
        new_parent=tree.P,
        effective_date=BEFORE,
        decision_ref="1-QĐ/TU",
    )


def test_it_refuses_a_date_before_the_organisation_existed(admin: User, tree: Tree) -> None:
    refused(
        "trước ngày thành lập",
        services.org_rename,
        actor=admin,
        org=tree.X,
        name="Tên khác",
        effective_date=dt.date(2025, 1, 1),
        decision_ref="1-QĐ/TU",
    )
    refused(
        "không tồn tại vào ngày",
        services.org_create,
        actor=admin,
        code="Z",
        name="Chi bộ Z",
        kind=kind("cell"),
        parent=tree.X,
        effective_date=dt.date(2025, 6, 30),
        decision_ref="1-QĐ/TU",
    )


def test_it_refuses_dissolving_an_organisation_with_children(admin: User, tree: Tree) -> None:
    refused(
        "còn 2 tổ chức trực thuộc",
        services.org_dissolve,
        actor=admin,
        org=tree.X,
        effective_date=AFTER,
        decision_ref="1-QĐ/TU",
    )


def test_it_refuses_a_kind_outside_its_dates_or_level(admin: User, tree: Tree) -> None:
    refused(
        "chỉ áp dụng",
        services.org_create,
        actor=admin,
        code="H9",
        name="Đảng bộ huyện Mới",
        kind=kind("district"),
        parent=tree.P,
        effective_date=AFTER,
        decision_ref="1-QĐ/TU",
    )
    refused(
        "không thể trực thuộc",
        services.org_create,
        actor=admin,
        code="H9",
        name="Đảng bộ xã Nhỏ",
        kind=kind("grassroots_committee"),
        parent=tree.A1c1,
        effective_date=AFTER,
        decision_ref="1-QĐ/TU",
    )


def test_it_refuses_missing_decision_duplicate_code_and_empty_name(admin: User, tree: Tree) -> None:
    common = {"actor": admin, "kind": kind("cell"), "parent": tree.X, "effective_date": AFTER}
    refused("số quyết định", services.org_create, code="Z1", name="Chi bộ Z", decision_ref=" ", **common)
    refused("đã được dùng", services.org_create, code="a1", name="Chi bộ Z", decision_ref="1-QĐ/TU", **common)
    refused("không được để trống", services.org_create, code="Z1", name="  ", decision_ref="1-QĐ/TU", **common)


def test_it_refuses_a_split_that_leaves_children_behind(admin: User, tree: Tree) -> None:
    refused(
        "chưa được phân",
        services.org_split,
        actor=admin,
        org=tree.X,
        effective_date=AFTER,
        decision_ref="1-QĐ/TU",
        parts=[
            services.SplitPart(name="Đảng bộ xã Một", kind=kind("commune"), code="S1", children=[tree.A1c1]),
            services.SplitPart(name="Đảng bộ xã Hai", kind=kind("commune"), code="S2", children=[]),
        ],
    )


def test_it_refuses_writes_outside_the_actors_scope(people: Personas, tree: Tree) -> None:
    with pytest.raises(NotFoundError):
        services.org_rename(
            actor=people.outsider, org=tree.A1, name="X", effective_date=dt.date(2024, 1, 1), decision_ref="1-QĐ/TU"
        )
    with pytest.raises(ApplicationError, match="chỉ có quyền xem"):
        services.org_rename(
            actor=people.viewer_a, org=tree.A1, name="X", effective_date=dt.date(2024, 1, 1), decision_ref="1-QĐ/TU"
        )
    # commune X's office may not move one of its cells into commune Y (nor learn that Y exists)
    Assignment.objects.create(user=people.outsider, org=tree.X, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    with pytest.raises(NotFoundError):
        services.org_move(
            actor=people.outsider, org=tree.A1c1, new_parent=tree.Y, effective_date=AFTER, decision_ref="1-QĐ/TU"
        )


def test_it_lets_committee_staff_enter_data_inside_their_subtree(people: Personas, tree: Tree) -> None:
    Assignment.objects.create(user=people.staff_a, org=tree.X, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    org = services.org_create(
        actor=people.staff_a,
        code="XC3",
        name="Chi bộ thôn Bốn",
        kind=kind("cell"),
        parent=tree.X,
        effective_date=AFTER,
        decision_ref="15-QĐ/ĐU",
    )
    assert Placement.objects.as_of(AFTER).get(org=org).parent_id == tree.X.pk
    assert not Placement.objects.as_of(AFTER - dt.timedelta(days=1)).filter(org=org).exists()


def test_it_refuses_attaching_to_a_parent_whose_later_history_is_recorded(admin: User, tree: Tree) -> None:
    # A1 is merged away on 01/7/2025: a cell created under it in 2024 would float outside the tree afterwards
    refused(
        "đã có thay đổi từ ngày 01/07/2025",
        services.org_create,
        actor=admin,
        code="A1C9",
        name="Chi bộ thôn Chín",
        kind=kind("cell"),
        parent=tree.A1,
        effective_date=dt.date(2024, 3, 1),
        decision_ref="1-QĐ/TU",
    )
