"""``cycle_populate`` opens the collectives in bulk with the members: the organisations of the cycle's kinds
on its date (by default those the rule set's deciding rules rate: chi bộ, đảng bộ bộ phận, tổ chức cơ sở đảng
and above), their committees and standing committees of a term
running then, and the đảng đoàn and ban cán sự đảng while they exist; a constant number of queries whatever
the size, nothing opened twice, one audit row per run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbms.audit.models import AuditEvent
from pbms.conftest import Tree, kind
from pbms.evaluations import services
from pbms.evaluations.models import Cycle, CycleKind, RatedBody, Result, SubjectGroup
from pbms.evaluations.tests.conftest import Cast
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services as org_services
from pbms.orgs.models import Organization
from pbms.people import services as people_services
from pbms.people.models import Body

DAY = dt.date(2024, 11, 28)


def bodies(
    cast: Cast,
    org: Organization,
    *kinds: str,
    name: str = "2020–2025",
    start: dt.date = dt.date(2020, 10, 1),
    end: dt.date | None = None,
) -> list[Body]:
    term = people_services.term_create(actor=cast.specialist, org=org, name=name, starts_on=start, ends_on=end)
    return [people_services.body_create(actor=cast.specialist, term=term, kind=k) for k in kinds]


def open_cycle(cast: Cast, day: dt.date = DAY, *, month: int = 11, **kwargs: object) -> Cycle:
    return services.cycle_open(
        actor=cast.specialist,
        year=day.year,
        kind=CycleKind.MONTH,
        period=month,
        population_on=day,
        populate=True,
        **kwargs,  # type: ignore[arg-type]
    )


def collectives(cycle: Cycle) -> dict[tuple[str, str, str], tuple[str, str | None]]:
    """{(organisation code, body kind, body name): (unit code, decider code)} of the cycle's collectives."""
    rows = Result.objects.filter(cycle=cycle, person__isnull=True).select_related("org", "body", "unit", "decider_org")
    assert {row.group for row in rows} <= {SubjectGroup.COLLECTIVE}
    return {
        (r.org.code, r.body_kind, r.body.name if r.body else ""): (
            r.unit.code,
            r.decider_org.code if r.decider_org else None,
        )
        for r in rows
        if r.org is not None
    }


@pytest.mark.django_db
def test_it_opens_the_organisations_their_bodies_and_the_party_delegations(cast: Cast, tree: Tree) -> None:
    bodies(cast, tree.A, Body.Kind.COMMITTEE, Body.Kind.STANDING, Body.Kind.INSPECTION)
    (province,) = bodies(cast, tree.P, Body.Kind.STANDING)
    council = people_services.body_create(
        actor=cast.specialist, term=province.term, kind=Body.Kind.PARTY_DELEGATION, name="Đảng đoàn HĐND tỉnh"
    )
    bodies(cast, tree.B, Body.Kind.COMMITTEE, name="2020", start=dt.date(2020, 1, 1), end=dt.date(2020, 10, 1))
    cycle = open_cycle(cast)
    assert collectives(cycle) == {
        ("P", "org", ""): ("P", None),
        ("P", "standing", ""): ("P", None),
        ("P", "party_delegation", "Đảng đoàn HĐND tỉnh"): ("P", "P"),  # the province leads and decides it
        ("A", "org", ""): ("A", "P"),
        ("A", "committee", ""): ("A", "P"),
        ("A", "standing", ""): ("A", "P"),
        ("B", "org", ""): ("B", "P"),
        ("A1", "org", ""): ("A1", "A"),
        ("A2", "org", ""): ("A2", "A"),
        ("B1", "org", ""): ("B1", "B"),
        # chi bộ trực thuộc are rated too, decided by their đảng ủy cơ sở (HD 25-HD/BTCTW mục 3)
        ("A1C1", "org", ""): ("A1C1", "A1"),
        ("A2C1", "org", ""): ("A2C1", "A2"),
        ("B1C1", "org", ""): ("B1C1", "B1"),
    }
    assert Result.objects.get(cycle=cycle, body=council).body_kind == RatedBody.PARTY_DELEGATION
    # the collectives of a populated cycle go through the workflow like any other
    row = Result.objects.get(cycle=cycle, org=tree.A, body_kind=RatedBody.STANDING)
    services.result_self_assess(actor=cast.decider, result=row, level="good")


@pytest.mark.django_db
def test_it_opens_only_the_organisations_of_the_cycle_s_kinds(cast: Cast, tree: Tree) -> None:
    bodies(cast, tree.A, Body.Kind.STANDING)
    cycle = open_cycle(cast, org_kinds=[kind("district")])
    assert set(collectives(cycle)) == {("A", "org", ""), ("A", "standing", ""), ("B", "org", "")}


@pytest.mark.django_db
def test_after_the_restructuring_it_opens_the_new_communes_and_no_party_delegation(cast: Cast, tree: Tree) -> None:
    (province,) = bodies(cast, tree.P, Body.Kind.STANDING)
    people_services.body_create(
        actor=cast.specialist, term=province.term, kind=Body.Kind.PARTY_AFFAIRS, name="Ban cán sự đảng UBND tỉnh"
    )
    cycle = open_cycle(cast, dt.date(2025, 8, 28), month=8)  # the 2020 term still runs; the đảng đoàn ended 01/7
    assert set(collectives(cycle)) == {
        ("P", "org", ""),
        ("P", "standing", ""),
        ("X", "org", ""),
        ("Y", "org", ""),
        ("B1", "org", ""),
        ("A1C1", "org", ""),
        ("A2C1", "org", ""),
        ("B1C1", "org", ""),
    }


@pytest.mark.django_db
def test_populating_twice_opens_nothing_twice_and_audits_each_run_once(cast: Cast, tree: Tree) -> None:
    bodies(cast, tree.A, Body.Kind.COMMITTEE, Body.Kind.STANDING)
    cycle = open_cycle(cast)
    # one collective opened by hand before the second run is left as it is
    count = Result.objects.filter(cycle=cycle).count()
    assert count > 0
    Result.objects.filter(cycle=cycle, org=tree.B).delete()
    assert services.cycle_populate(actor=cast.specialist, cycle=cycle) == 1
    assert services.cycle_populate(actor=cast.specialist, cycle=cycle) == 0
    assert Result.objects.filter(cycle=cycle).count() == count
    events = AuditEvent.objects.filter(action="evaluations.cycle_populate").order_by("id")
    assert [c["collectives"] for c in events.values_list("changes", flat=True)] == [11, 1, 0]
    assert services.cycle_populate(actor=cast.specialist, cycle=cycle, members=False, collectives=False) == 0


@pytest.mark.django_db
def test_an_outsider_cannot_populate_a_cycle(cast: Cast, tree: Tree) -> None:
    cycle = services.cycle_open(actor=cast.specialist, year=2024, population_on=DAY)
    with pytest.raises(ApplicationError, match="Chỉ Ban Tổ chức cấp tỉnh"):
        services.cycle_populate(actor=cast.decider, cycle=cycle)
    assert not Result.objects.filter(cycle=cycle).exists()


@pytest.mark.django_db
def test_populating_collectives_costs_the_same_queries_for_a_bigger_tree(
    cast: Cast, tree: Tree, django_assert_num_queries: object
) -> None:
    day = dt.date(2025, 11, 28)  # the history only grows at its end: new communes after the restructuring

    def cost(month: int) -> tuple[int, int]:
        cycle = services.cycle_open(
            actor=cast.specialist, year=2025, kind=CycleKind.MONTH, period=month, population_on=day
        )
        with CaptureQueriesContext(connection) as queries:
            opened = services.cycle_populate(actor=cast.specialist, cycle=cycle, members=False)
        return len(queries), opened

    few = cost(1)
    for code in ("Z1", "Z2", "Z3", "Z4", "Z5"):
        org = org_services.org_create(
            actor=cast.admin,
            code=code,
            name=f"Đảng bộ phường {code}",
            kind=kind("ward"),
            parent=tree.P,
            effective_date=dt.date(2025, 8, 1),
            decision_ref=f"{code}-QĐ",
        )
        bodies(cast, org, Body.Kind.COMMITTEE, Body.Kind.STANDING, name="2025–2030", start=dt.date(2025, 8, 1))
    more = cost(2)
    assert more[1] == few[1] + 5 * 3
    assert more[0] == few[0]  # 10 on SQLite
    # who may open, the cycle's kinds, what is there, the organisations, their bodies, the insert, the audit row
    cycle = services.cycle_open(actor=cast.specialist, year=2025, kind=CycleKind.MONTH, period=3, population_on=day)
    with django_assert_num_queries(few[0]):  # type: ignore[operator]
        services.cycle_populate(actor=cast.specialist, cycle=cycle, members=False)
