"""Who decides (issue 14 §1), as rule-set data: a member is decided at the grassroots (the đảng ủy cơ sở,
through an đảng bộ bộ phận too; a chi bộ cơ sở for its own members), chi bộ trực thuộc and đảng bộ bộ phận
are rated collectives decided by the đảng ủy cơ sở, a grassroots organisation by the standing committee
directly above (before and after 01/7/2025); the quota pools follow the decider. On the fixture tree with:

    P (province) ─ A (district) ─ A1 (đảng bộ cơ sở) ─ A1S (đảng bộ bộ phận) ─ A1S1 (chi bộ)
                 └ AG (chi bộ cơ sở trực thuộc Tỉnh ủy)
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbms.accounts.models import User
from pbms.audit.models import AuditEvent
from pbms.conftest import START, Tree, build_old_tree, kind, logged_in, restructure
from pbms.evaluations import deciders, services
from pbms.evaluations.models import (
    Cycle,
    CycleKind,
    DeciderBody,
    DecidingRule,
    DecidingSubject,
    Level,
    RatedBody,
    Result,
    ResultState,
    RuleSet,
    SubjectGroup,
)
from pbms.evaluations.plan import evaluation_plan
from pbms.evaluations.tests.conftest import POPULATION_ON, Cast
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services as org_services
from pbms.orgs.models import Organization
from pbms.people.models import Person
from pbms.people.tests.conftest import make_member

COMMITTEE, STANDING, CELL = DeciderBody.COMMITTEE, DeciderBody.STANDING, DeciderBody.CELL
GIVEN = ("An", "Bình", "Chi", "Dung", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam", "Oanh", "Phúc")


@dataclass
class Units:
    sub: Organization  # A1S, đảng bộ bộ phận under A1
    sub_cell: Organization  # A1S1, chi bộ under A1S
    base_cell: Organization  # AG, chi bộ cơ sở directly under the province


def _create(admin: User, code: str, name: str, kind_code: str, parent: Organization) -> Organization:
    return org_services.org_create(
        actor=admin,
        code=code,
        name=name,
        kind=kind(kind_code),
        parent=parent,
        effective_date=START,
        decision_ref=f"{code}-QĐ",
    )


@pytest.fixture
def tree(admin: User) -> Tree:
    """The fixture tree with an đảng bộ bộ phận and its chi bộ under A1, and a chi bộ cơ sở under P, from
    the start (before the 2025 restructuring, which then merges A1 into X)."""
    old = build_old_tree(admin)
    sub = _create(admin, "A1S", "Đảng bộ bộ phận thôn Bắc", "sub_committee", old.A1)
    _create(admin, "A1S1", "Chi bộ xóm Bắc Một", "cell", sub)
    _create(admin, "AG", "Chi bộ Trường Chính trị tỉnh", "grassroots_cell", old.P)
    return restructure(admin, old)


@pytest.fixture
def units(tree: Tree) -> Units:
    codes = {org.code: org for org in Organization.objects.filter(code__in=("A1S", "A1S1", "AG"))}
    return Units(sub=codes["A1S"], sub_cell=codes["A1S1"], base_cell=codes["AG"])


def _open(cast: Cast, cycle: Cycle, cell: Organization, name: str) -> Result:
    member = make_member(cast.specialist, cell, name, dt.date(2020, 1, 1))
    return services.result_open(actor=cast.specialist, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)


def _who(row: Result) -> tuple[str | None, str]:
    return (row.decider_org.code if row.decider_org else None, row.decider_body)


@pytest.mark.django_db
def test_it_has_the_grassroots_committee_decide_for_a_member_under_a_sub_committee(
    cast: Cast, cycle: Cycle, tree: Tree, units: Units
) -> None:
    row = _open(cast, cycle, units.sub_cell, "Nguyễn Văn An")
    assert _who(row) == ("A1", COMMITTEE)  # not the đảng bộ bộ phận A1S above the cell
    assert row.decider_rule is not None and "Đảng ủy cơ sở" in row.decider_rule.wording
    assert "HD 16-HD/BTCTW" in row.decider_rule.source
    # the cell's secretary proposes, he does not decide
    Result.objects.filter(pk=row.pk).update(state=ResultState.PROPOSED, proposed_level=Level.GOOD)
    with pytest.raises(ApplicationError, match="Chỉ cấp ủy cấp trên trực tiếp"):
        services.result_decide(actor=cast.secretary, result=row, level=Level.GOOD, decided_on=dt.date(2025, 1, 5))


@pytest.mark.django_db
def test_it_has_a_grassroots_cell_decide_for_its_own_members(cast: Cast, cycle: Cycle, units: Units) -> None:
    row = _open(cast, cycle, units.base_cell, "Trần Thị Bình")
    assert _who(row) == ("AG", CELL)  # the chi bộ cơ sở itself, not the province above it


@pytest.mark.django_db
def test_it_rates_cells_and_sub_committees_as_collectives_of_the_grassroots_committee(
    cast: Cast, tree: Tree, units: Units
) -> None:
    cycle = services.cycle_open(actor=cast.specialist, year=2024, population_on=POPULATION_ON, populate=True)
    rows = Result.objects.filter(cycle=cycle, body_kind=RatedBody.ORG).select_related("org", "decider_org")
    found = {row.org.code: _who(row) for row in rows if row.org is not None}
    assert found["A1S1"] == ("A1", COMMITTEE)  # chi bộ trực thuộc đảng bộ bộ phận
    assert found["A1S"] == ("A1", COMMITTEE)  # đảng bộ bộ phận
    assert found["A1C1"] == ("A1", COMMITTEE)  # chi bộ trực thuộc đảng ủy cơ sở
    assert found["A1"] == ("A", STANDING)  # tổ chức cơ sở đảng: the district's standing committee
    # a chi bộ cơ sở is a grassroots organisation: directly under the Tỉnh ủy, its standing committee decides
    assert found["AG"] == ("P", STANDING)
    assert found["A"] == ("P", STANDING)
    assert found["P"] == (None, STANDING)


@pytest.mark.django_db
def test_it_has_the_superior_standing_committee_decide_before_and_after_the_restructuring(
    cast: Cast, tree: Tree
) -> None:
    def b1(year: int, on: dt.date) -> object:
        (row,) = [r for r in evaluation_plan(year=year, on=on) if r["org_code"] == "B1"]
        return row["decider"]

    assert b1(2024, dt.date(2024, 12, 31)) == {"org_code": "B", "body_kind": "standing"}  # Ban thường vụ Huyện ủy
    assert b1(2025, dt.date(2025, 12, 31)) == {"org_code": "Y", "body_kind": "standing"}  # Đảng ủy xã, from 01/7


@pytest.mark.django_db
def test_it_prints_the_plan_of_a_round_not_yet_opened_as_json(cast: Cast, tree: Tree, units: Units) -> None:
    member = make_member(cast.specialist, units.sub_cell, "Lê Văn Chính", dt.date(2020, 1, 1))
    Person.objects.filter(pk=member.person_id).update(cccd="001090001234")
    out = io.StringIO()
    call_command("evaluation_plan", "--year", "2024", "--org", "A1", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {
        "year": 2024,
        "person_cccd": "001090001234",
        "org_code": None,
        "body_kind": None,
        "rating_kind": "party_member",
        "unit_code": "A1S1",
        "decider": {"org_code": "A1", "body_kind": "committee"},
        "quota_group": "A1/committee/member",
    } in rows
    sub = [r for r in rows if r["org_code"] == "A1S"]
    assert sub == [
        {
            "year": 2024,
            "person_cccd": None,
            "org_code": "A1S",
            "body_kind": "organisation",
            "rating_kind": "collective",
            "unit_code": "A1S",
            "decider": {"org_code": "A1", "body_kind": "committee"},
            "quota_group": "A1/committee/collective",
        }
    ]
    # the subtree of A1 and what A1 decides: not district B's cells, nor the chi bộ cơ sở AG
    assert not {r["unit_code"] for r in rows} & {"B1C1", "AG"}
    with pytest.raises(CommandError, match="Không có tổ chức mã «ZZ»"):
        call_command("evaluation_plan", "--year", "2024", "--org", "ZZ", "--json", stdout=io.StringIO())


@pytest.mark.django_db
def test_it_reads_the_plan_in_a_constant_number_of_queries(cast: Cast, tree: Tree, units: Units) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            evaluation_plan(year=2024, on=POPULATION_ON)
        return len(queries)

    make_member(cast.specialist, units.sub_cell, "Phạm Thị Dung", dt.date(2020, 1, 1))
    few = count()
    for index, cell in enumerate([units.sub_cell, units.base_cell, tree.A1c1, tree.B1c1] * 3):
        make_member(cast.specialist, cell, f"Hoàng Văn {GIVEN[index]}", dt.date(2020, 1, 1))
    assert count() == few


@pytest.mark.django_db
def test_it_keeps_the_deciding_rules_as_data_of_each_rule_set(cast: Cast) -> None:
    for ruleset in RuleSet.objects.all():
        rows = DecidingRule.objects.filter(ruleset=ruleset)
        assert rows.filter(subject=DecidingSubject.MEMBER, unit_level="cell", decider_level="grassroots").exists()
        assert all(row.source and row.wording for row in rows)
    assert DecidingRule.objects.filter(ruleset__code="QD124-2023", source__contains="HD 25-HD/BTCTW").exists()
    assert DecidingRule.objects.filter(ruleset__code="QD366-2025", source__contains="HD 43-HD/BTCTW").exists()
    copy = services.ruleset_copy(actor=cast.admin, ruleset=RuleSet.objects.get(code="QD366-2025"), code="tinh")
    assert copy.deciders.count() == RuleSet.objects.get(code="QD366-2025").deciders.count()


# --- the quota pools follow the decider ---------------------------------------------------------------


@pytest.mark.django_db
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(in_cell=st.integers(min_value=0, max_value=4), total=st.sampled_from([4, 5, 6]))
def test_it_pools_the_quota_of_every_cell_the_grassroots_committee_decides(
    cast: Cast, tree: Tree, units: Units, in_cell: int, total: int
) -> None:
    """Four to six "good" decided by A1, split however between its own chi bộ A1C1 and a chi bộ under its
    đảng bộ bộ phận: at the boundary (five) one "excellent" is allowed, none at four, counted over the whole
    pool of A1; the goods of the chi bộ cơ sở AG, which decides for itself, never count."""
    cycle = services.cycle_open(
        actor=cast.specialist, year=2024, kind=CycleKind.MONTH, period=1, population_on=POPULATION_ON
    )
    try:
        goods = [_open(cast, cycle, tree.A1c1, f"Lê Văn {GIVEN[i]}") for i in range(in_cell)]
        goods += [_open(cast, cycle, units.sub_cell, f"Trần Văn {GIVEN[i]}") for i in range(total - in_cell)]
        goods += [_open(cast, cycle, units.base_cell, f"Phạm Văn {GIVEN[i]}") for i in range(5)]
        candidate = _open(cast, cycle, units.sub_cell, "Vũ Thị Xuân")
        decided = Result.objects.filter(pk__in=[g.pk for g in goods])
        decided.update(state=ResultState.DECIDED, decided_level=Level.GOOD)
        quota = services.quota_for(candidate, Level.EXCELLENT)
        assert (quota.good, quota.allowed, quota.exceeded) == (total, total // 5, total < 5)
    finally:  # the examples share the test's database: each leaves it as it found it
        Result.objects.filter(cycle=cycle).delete()
        cycle.delete()


_levels = st.sampled_from(["cell", "sub_committee", "grassroots"])


@given(shape=st.lists(st.tuples(st.integers(min_value=0, max_value=30), _levels), min_size=1, max_size=30))
def test_it_finds_the_nearest_grassroots_above_any_cell(shape: list[tuple[int, str]]) -> None:
    """On any tree under a district (node i's parent is an earlier node, or the district), a member of a
    chi bộ is decided by the committee of the nearest grassroots organisation above it, or the parent when
    there is none."""
    rules = tuple(
        deciders.Rule(i, "member", level, "", "ancestor", "grassroots", "committee", "", "")
        for i, level in enumerate(("cell", "sub_committee"))
    )
    nodes = {0: deciders.Node(0, None, "upper_grassroots", "district", "D")}
    for index, (parent, level) in enumerate(shape, start=1):
        nodes[index] = deciders.Node(index, parent % index, level, level, f"N{index}")
    for node in nodes.values():
        if node.level != "cell":
            continue
        found = deciders.resolve(rules, DecidingSubject.MEMBER, node, nodes)
        assert found is not None and found.body == COMMITTEE
        above, walk = [], node.parent_id
        while walk is not None:
            above.append(walk)
            walk = nodes[walk].parent_id
        grassroots = [org for org in above if nodes[org].level == "grassroots"]
        assert found.org_id == (grassroots[0] if grassroots else node.parent_id)


@pytest.mark.django_db
def test_it_shows_on_each_board_row_who_decides_and_the_clause(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    _open(cast, cycle, tree.A1c1, "Đỗ Văn Hải")
    services.result_open(
        actor=cast.specialist, cycle=cycle, org=tree.A1, body_kind=RatedBody.ORG, group=SubjectGroup.COLLECTIVE
    )
    member = logged_in(cast.decider).get(f"/danh-gia/{cycle.pk}/{tree.A1c1.pk}/").content.decode()
    assert "Quyết định: Cấp ủy Đảng bộ xã An Phú" in member
    assert "HD 16-HD/BTCTW ngày 24/9/2018: «Đảng ủy cơ sở, chi ủy cơ sở (chi bộ cơ sở nơi không có chi ủy)" in member
    grassroots = logged_in(cast.decider).get(f"/danh-gia/{cycle.pk}/{tree.A1.pk}/").content.decode()
    assert "Quyết định: Ban thường vụ Đảng bộ huyện Đông Sơn" in grassroots
    assert "HD 25-HD/BTCTW ngày 10/11/2023, mục 3" in grassroots


@pytest.mark.django_db
def test_it_moves_an_undecided_result_to_the_body_the_rules_name_when_the_round_is_populated(
    cast: Cast, cycle: Cycle, units: Units
) -> None:
    """A round opened before the deciding rules were data: its members of A1S1 were decided by A1S (the
    cell's parent). Populating the round again moves those not yet decided to A1's committee; a decided
    one keeps the body that decided it."""
    waiting = _open(cast, cycle, units.sub_cell, "Nguyễn Văn Khánh")
    decided = _open(cast, cycle, units.sub_cell, "Nguyễn Thị Lan")
    Result.objects.filter(pk__in=[waiting.pk, decided.pk]).update(
        decider_org=units.sub, decider_body="", decider_rule=None
    )
    Result.objects.filter(pk=decided.pk).update(state=ResultState.DECIDED, decided_level=Level.GOOD)
    services.cycle_populate(actor=cast.specialist, cycle=cycle)
    waiting.refresh_from_db()
    decided.refresh_from_db()
    assert _who(waiting) == ("A1", COMMITTEE) and waiting.decider_rule is not None
    assert _who(decided) == ("A1S", "")
    event = AuditEvent.objects.filter(action="evaluations.cycle_populate").latest("id")
    assert event.changes["deciders_changed"] == 1
