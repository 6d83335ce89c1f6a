"""Personas of the evaluation workflow, on the tree of ``pbms/conftest.py`` (year 2024: the old tree).

* cadre: a member of cell A1c1 whose own account holds only the cadre role (his own file);
* secretary: the secretary of A1c1 (the unit's board);
* decider: the office of district A, which enters data for A1, the level directly above A1c1;
* outsider: the office of district B.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.conftest import Personas, Tree, make_user
from pbms.evaluations import services
from pbms.evaluations.models import Cycle, Result, SubjectGroup
from pbms.people import services as people_services
from pbms.people.models import Person
from pbms.people.tests.conftest import make_member

POPULATION_ON = dt.date(2024, 12, 1)


@pytest.fixture(autouse=True)
def _old_tree_time(before_restructuring: dt.date) -> None:
    """These tests rate 2024 on the old tree: they run, for the write rule, in January 2025, when the
    office of district A still decided for its communes (tests of the rule itself: accounts/tests)."""


@dataclass
class Cast:
    cadre: User
    person: Person  # the cadre's person
    secretary: User
    decider: User
    outsider: User
    specialist: User
    admin: User


@pytest.fixture
def cast(people: Personas, tree: Tree) -> Cast:
    user = make_user("canbo_a", "Lê Văn Cường")
    Assignment.objects.create(user=user, org=tree.A1c1, role=Role.CADRE, scope=Scope.VIEW)
    membership = make_member(people.specialist, tree.A1c1, "Lê Văn Cường")
    person = people_services.person_link_user(actor=people.admin, person=membership.person, user=user)
    return Cast(
        cadre=user,
        person=person,
        secretary=people.secretary,
        decider=people.staff_a,
        outsider=people.outsider,
        specialist=people.specialist,
        admin=people.admin,
    )


@pytest.fixture
def cycle(cast: Cast) -> Cycle:
    return services.cycle_open(actor=cast.specialist, year=2024, population_on=POPULATION_ON)


@pytest.fixture
def result(cast: Cast, cycle: Cycle) -> Result:
    return services.result_open(actor=cast.secretary, cycle=cycle, person=cast.person, group=SubjectGroup.MEMBER)
