"""What the resolutions engine reads for a rating target (architecture.md, "Reading the seeds' targets"):
decided results of the year's yearly cycle only, imported ones included; a collective is the organisation
and the body rated."""

from __future__ import annotations

import datetime as dt

import pytest

from pbms.conftest import Tree
from pbms.evaluations import services
from pbms.evaluations.models import CycleKind, Level, RatedBody, SubjectGroup
from pbms.evaluations.selectors import levels_at_least, rated_collective_q, rated_people
from pbms.evaluations.tests.conftest import Cast
from pbms.orgs.models import Placement
from pbms.people.models import Body, Person, Term
from pbms.people.tests.conftest import make_member


def test_levels_at_least() -> None:
    assert levels_at_least(Level.EXCELLENT) == ["excellent"]
    assert levels_at_least(Level.GOOD) == ["excellent", "good"]
    assert levels_at_least(Level.COMPLETE) == ["excellent", "good", "complete"]


@pytest.mark.django_db
def test_people_rated_at_least(cast: Cast, tree: Tree) -> None:
    other = make_member(cast.specialist, tree.A1c1, "Phạm Thị Hoa", dt.date(2020, 3, 1)).person
    services.result_import(
        actor=cast.secretary, year=2023, level=Level.EXCELLENT, group=SubjectGroup.MEMBER, person=cast.person
    )
    services.result_import(
        actor=cast.secretary, year=2023, level=Level.COMPLETE, group=SubjectGroup.MEMBER, person=other
    )
    # an undecided result of a monthly cycle of the same year does not count
    month = services.cycle_open(
        actor=cast.specialist, year=2023, kind=CycleKind.MONTH, period=5, population_on=dt.date(2023, 5, 31)
    )
    services.result_open(actor=cast.secretary, cycle=month, person=other, group=SubjectGroup.MEMBER)
    good = Person.objects.filter(pk__in=rated_people(2023, Level.GOOD))
    assert list(good) == [cast.person]
    assert set(Person.objects.filter(pk__in=rated_people(2023, Level.COMPLETE))) == {cast.person, other}
    assert not Person.objects.filter(pk__in=rated_people(2024, Level.COMPLETE)).exists()


@pytest.mark.django_db
def test_bodies_and_organisations_rated_at_least(cast: Cast, tree: Tree) -> None:
    term = Term.objects.create(org=tree.A1, name="2020–2025", starts_on=dt.date(2020, 9, 1))
    standing = Body.objects.create(term=term, kind=Body.Kind.STANDING)
    committee = Body.objects.create(term=term, kind=Body.Kind.COMMITTEE)
    services.result_import(
        actor=cast.decider, year=2023, level=Level.GOOD, group=SubjectGroup.COLLECTIVE, org=tree.A1,
        body_kind=RatedBody.STANDING,
    )  # fmt: skip
    services.result_import(
        actor=cast.decider, year=2023, level=Level.COMPLETE, group=SubjectGroup.COLLECTIVE, org=tree.A1,
        body_kind=RatedBody.ORG,
    )  # fmt: skip
    # the engine's population of bodies (a_person = body id): one EXISTS per row
    bodies = Body.objects.filter(term__org=tree.A1).annotate(
        ok=rated_collective_q(2023, Level.GOOD, org_ref="term__org_id", body_ref="kind")
    )
    assert {body.pk: body.ok for body in bodies} == {standing.pk: True, committee.pk: False}
    # organisations as a whole
    rows = Placement.objects.as_of(dt.date(2023, 12, 31)).filter(org__in=[tree.A1, tree.A2])
    complete = rows.annotate(ok=rated_collective_q(2023, Level.COMPLETE, org_ref="org_id"))
    assert dict(complete.values_list("org_id", "ok")) == {tree.A1.pk: True, tree.A2.pk: False}
    good = rows.annotate(ok=rated_collective_q(2023, Level.GOOD, org_ref="org_id"))
    assert dict(good.values_list("org_id", "ok")) == {tree.A1.pk: False, tree.A2.pk: False}
