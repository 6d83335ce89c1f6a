"""Two ratings for a leading cadre (issue 14 §2): a leader is rated as a party member, decided at the
grassroots, and as a cadre, decided by the body managing his management category (the rule set's cadre
rules); the link clause of HD 16-HD/BTCTW refuses a party-member level above «Không hoàn thành nhiệm vụ»
for a cadre rated so, with its reason. On the fixture tree (2024): P (province) ─ A (district) ─ A1
(đảng bộ xã) ─ A1c1 (chi bộ), the cadre persona in A1c1.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from pbms.conftest import Tree, logged_in
from pbms.evaluations import selectors, services
from pbms.evaluations.models import (
    Clause,
    Cycle,
    DeciderBody,
    DecidingRule,
    Level,
    QuotaGrouping,
    RatingKind,
    Result,
    RuleClause,
    RuleSet,
    SubjectGroup,
)
from pbms.evaluations.plan import evaluation_plan
from pbms.evaluations.tests.conftest import Cast
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.people import services as people_services
from pbms.people.models import ManagementCategory, Person
from pbms.people.tests.conftest import make_member

DECIDED_ON = dt.date(2024, 12, 20)


def give_post(cast: Cast, tree: Tree, person: Person, category: str) -> None:
    people_services.position_start(
        actor=cast.specialist,
        person=person,
        org=tree.A1,
        title="Phó Bí thư Đảng ủy",
        valid_from=dt.date(2020, 1, 1),
        categories=[ManagementCategory.objects.get(code=category)],
    )


def to_proposed(cast: Cast, result: Result, level: str) -> Result:
    services.result_self_assess(actor=cast.cadre, result=result, level=level, text="Bản tự kiểm điểm")
    services.result_comment(actor=cast.secretary, result=result, comment="Chi bộ nhận xét")
    return services.result_propose(actor=cast.secretary, result=result, level=level)


@pytest.mark.django_db
def test_it_rates_a_cadre_twice_with_two_deciders(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    give_post(cast, tree, cast.person, "btv-tinh-uy")
    member = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER)
    cadre = services.result_open(
        actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER, rating_kind=RatingKind.CADRE
    )
    # as a party member: the đảng ủy xã; as a cadre of the Standing Committee's category: Ban Thường vụ Tỉnh ủy
    assert (member.rating_kind, member.decider_org_id, member.decider_body) == (
        RatingKind.PARTY_MEMBER,
        tree.A1.pk,
        DeciderBody.COMMITTEE,
    )
    assert (cadre.rating_kind, cadre.decider_org_id, cadre.decider_body) == (
        RatingKind.CADRE,
        tree.P.pk,
        DeciderBody.STANDING,
    )
    assert cadre.decider_rule is not None and cadre.decider_rule.category == "btv-tinh-uy"
    with pytest.raises(ApplicationError, match="đã có trong đợt"):
        services.result_open(
            actor=cast.secretary,
            cycle=cycle,
            person=cast.person,
            group=SubjectGroup.LEADER,
            rating_kind=RatingKind.CADRE,
        )
    # each goes its own way: the district decides the party-member rating, not the cadre rating
    to_proposed(cast, cadre, Level.GOOD)
    with pytest.raises(ApplicationError, match="Chỉ ban thường vụ cấp ủy quản lý diện cán bộ"):
        services.result_decide(actor=cast.decider, result=cadre, level=Level.GOOD, decided_on=DECIDED_ON)
    decided = services.result_decide(actor=cast.specialist, result=cadre, level=Level.GOOD, decided_on=DECIDED_ON)
    assert decided.decided_level == Level.GOOD
    member.refresh_from_db()
    assert member.state == "pending"


@pytest.mark.django_db
def test_it_refuses_a_cadre_rating_to_a_member_without_a_post_of_a_category(cast: Cast, cycle: Cycle) -> None:
    with pytest.raises(ApplicationError, match="không giữ chức vụ thuộc diện quản lý cán bộ"):
        services.result_open(
            actor=cast.secretary,
            cycle=cycle,
            person=cast.person,
            group=SubjectGroup.LEADER,
            rating_kind=RatingKind.CADRE,
        )


@pytest.mark.django_db
def test_it_follows_the_category_to_the_district_standing_committee(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    give_post(cast, tree, cast.person, "lanh-dao-cap-xa")
    cadre = services.result_open(
        actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER, rating_kind=RatingKind.CADRE
    )
    assert (cadre.decider_org_id, cadre.decider_body) == (tree.A.pk, DeciderBody.STANDING)


@pytest.mark.django_db
def test_it_refuses_a_higher_party_member_level_for_a_cadre_rated_incomplete(
    cast: Cast, cycle: Cycle, tree: Tree
) -> None:
    give_post(cast, tree, cast.person, "lanh-dao-cap-xa")
    cadre = services.result_open(
        actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER, rating_kind=RatingKind.CADRE
    )
    member = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER)
    # proposed before the cadre rating is decided; decided after it
    to_proposed(cast, member, Level.COMPLETE)
    to_proposed(cast, cadre, Level.INCOMPLETE)
    services.result_decide(actor=cast.decider, result=cadre, level=Level.INCOMPLETE, decided_on=DECIDED_ON)
    with pytest.raises(ApplicationError) as refused:
        services.result_decide(actor=cast.decider, result=member, level=Level.COMPLETE, decided_on=DECIDED_ON)
    # the reason, with the clause's wording and the level it allows
    assert "Đã được xếp loại cán bộ năm 2024 ở mức «Không hoàn thành nhiệm vụ»" in str(refused.value)
    assert "Đảng viên là công chức, viên chức xếp loại ở mức «Không hoàn thành nhiệm vụ»" in str(refused.value)
    assert services.result_decide(
        actor=cast.decider, result=member, level=Level.INCOMPLETE, decided_on=DECIDED_ON
    ).decided_level == (Level.INCOMPLETE)
    # switched off in the rule set, the clause no longer applies
    RuleClause.objects.filter(ruleset=cycle.ruleset, clause=Clause.CADRE_INCOMPLETE).update(enabled=False)
    services.result_reopen(actor=cast.decider, result=member, reason="Xem lại")
    assert (
        services.result_decide(
            actor=cast.decider, result=member, level=Level.COMPLETE, decided_on=DECIDED_ON
        ).decided_level
        == Level.COMPLETE
    )


@pytest.mark.django_db
def test_it_ships_the_link_clauses_with_their_source(cast: Cast, cycle: Cycle) -> None:
    clauses = {c.clause: c for c in RuleClause.objects.filter(ruleset=cycle.ruleset)}
    assert clauses[Clause.CADRE_INCOMPLETE].enabled and "HD 16-HD/BTCTW" in clauses[Clause.CADRE_INCOMPLETE].source
    # not confirmed against NĐ 335/2025/NĐ-CP: shipped switched off
    assert not clauses[Clause.CIVIL_SERVANT_SHARE].enabled
    assert "NĐ 335/2025/NĐ-CP" in clauses[Clause.CIVIL_SERVANT_SHARE].source
    cadre_rules = DecidingRule.objects.filter(ruleset=cycle.ruleset, subject="cadre")
    assert {r.category: (r.decider_level, r.decider_body) for r in cadre_rules} == {
        "btv-tinh-uy": ("province", "standing"),
        "truong-pho-phong": ("upper_grassroots", "standing"),
        "lanh-dao-cap-xa": ("upper_grassroots", "standing"),
    }


@pytest.mark.django_db
def test_it_keeps_one_rating_of_each_kind_per_person_and_cycle(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    row = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(cycle=cycle, person=cast.person, unit_id=row.unit_id, group=SubjectGroup.MEMBER)
    with pytest.raises(IntegrityError), transaction.atomic():  # a collective kind on a person
        Result.objects.create(
            cycle=cycle,
            person=cast.person,
            unit_id=row.unit_id,
            group=SubjectGroup.MEMBER,
            rating_kind=RatingKind.COLLECTIVE,
        )


@pytest.mark.django_db
def test_it_opens_both_ratings_with_the_round_and_plans_the_cadre_rows(cast: Cast, tree: Tree) -> None:
    give_post(cast, tree, cast.person, "btv-tinh-uy")
    Person.objects.filter(pk=cast.person.pk).update(cccd="001090004321")
    out = io.StringIO()
    call_command("evaluation_plan", "--year", "2024", "--org", "A1", "--json", stdout=out)
    mine = [r for r in json.loads(out.getvalue()) if r["person_cccd"] == "001090004321"]
    assert sorted((r["rating_kind"], r["decider"]["org_code"], r["decider"]["body_kind"]) for r in mine) == [
        ("cadre", "P", "standing"),
        ("party_member", "A1", "committee"),
    ]
    cycle = services.cycle_open(actor=cast.specialist, year=2024, population_on=dt.date(2024, 12, 1), populate=True)
    rows = Result.objects.filter(cycle=cycle, person=cast.person)
    assert sorted((r.rating_kind, r.decider_org_id, r.decider_body) for r in rows) == [
        (RatingKind.CADRE, tree.P.pk, DeciderBody.STANDING),
        (RatingKind.PARTY_MEMBER, tree.A1.pk, DeciderBody.COMMITTEE),
    ]


@pytest.mark.django_db
def test_it_shows_the_cadre_rating_on_the_board_with_its_decider(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    give_post(cast, tree, cast.person, "btv-tinh-uy")
    services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER)
    services.result_open(
        actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER, rating_kind=RatingKind.CADRE
    )
    page = logged_in(cast.secretary).get(f"/danh-gia/{cycle.pk}/{tree.A1c1.pk}/").content.decode()
    assert page.count("Lê Văn Cường") >= 2
    assert page.count('<span class="tag">Xếp loại cán bộ</span>') == 1
    assert "Quyết định: Ban thường vụ Đảng bộ tỉnh Bình An" in page
    assert "Quyết định: Cấp ủy Đảng bộ xã An Phú" in page


@pytest.mark.django_db
def test_it_keeps_the_cadre_ratings_in_a_quota_pool_of_their_own(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    """With the quota counted by group in the whole cycle, a cadre rated excellent does not use up the
    excellent of the leaders rated as party members (both are in the group "leader")."""
    RuleSet.objects.filter(pk=cycle.ruleset_id).update(quota_grouping=QuotaGrouping.CYCLE_GROUP)
    give_post(cast, tree, cast.person, "btv-tinh-uy")
    member = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER)
    cadre = services.result_open(
        actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER, rating_kind=RatingKind.CADRE
    )
    Result.objects.filter(pk=cadre.pk).update(state="decided", decided_level=Level.EXCELLENT)
    assert selectors.quota_key(member, QuotaGrouping.CYCLE_GROUP) != selectors.quota_key(
        cadre, QuotaGrouping.CYCLE_GROUP
    )
    assert not selectors.quota_group(member, QuotaGrouping.CYCLE_GROUP).exists()


@pytest.mark.django_db
def test_it_plans_the_cadre_rows_in_a_constant_number_of_queries(cast: Cast, tree: Tree) -> None:
    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            rows = evaluation_plan(year=2024, on=dt.date(2024, 12, 1))
        return len(queries), sum(1 for r in rows if r["rating_kind"] == "cadre")

    give_post(cast, tree, cast.person, "btv-tinh-uy")
    few, one = count()
    for index, (cell, category) in enumerate([(tree.A1c1, "lanh-dao-cap-xa"), (tree.B1c1, "truong-pho-phong")] * 2):
        leader = make_member(cast.specialist, cell, f"Trịnh Văn {'ABCD'[index]}", dt.date(2020, 1, 1)).person
        give_post(cast, tree, leader, category)
    many, four_more = count()
    assert (one, four_more) == (1, 5) and many == few


@pytest.mark.django_db
def test_it_flags_a_party_member_rating_decided_before_the_cadre_was_rated_incomplete(
    cast: Cast, cycle: Cycle, tree: Tree
) -> None:
    """The two ratings have two deciders: the cadre rating may come last. The party-member rating already
    decided above what the link clause now allows stays as decided (its decider reopens it), and its row on
    the board says why it is too high."""
    give_post(cast, tree, cast.person, "lanh-dao-cap-xa")
    member = services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER)
    cadre = services.result_open(
        actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.LEADER, rating_kind=RatingKind.CADRE
    )
    to_proposed(cast, member, Level.COMPLETE)
    services.result_decide(actor=cast.decider, result=member, level=Level.COMPLETE, decided_on=DECIDED_ON)
    to_proposed(cast, cadre, Level.INCOMPLETE)
    services.result_decide(actor=cast.decider, result=cadre, level=Level.INCOMPLETE, decided_on=DECIDED_ON)
    page = logged_in(cast.secretary).get(f"/danh-gia/{cycle.pk}/{tree.A1c1.pk}/").content.decode()
    assert page.count("Đã được xếp loại cán bộ năm 2024 ở mức «Không hoàn thành nhiệm vụ»") == 1


@pytest.mark.django_db
def test_it_hides_a_cadre_rating_from_an_office_outside_the_unit(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    give_post(cast, tree, cast.person, "btv-tinh-uy")
    with pytest.raises(NotFoundError):
        services.result_open(
            actor=cast.outsider,
            cycle=cycle,
            person=cast.person,
            group=SubjectGroup.LEADER,
            rating_kind=RatingKind.CADRE,
        )
    assert not Result.objects.filter(cycle=cycle, person=cast.person).exists()
