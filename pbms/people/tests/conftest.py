"""People built through the services, on the tree and personas of ``pbms/conftest.py``.

Dates used across these tests: the tree starts on 01/01/2020 and is restructured on 01/7/2025; members
are admitted in 2022–2023, so that 2024 is a year of the old tree with official members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.conftest import Personas, Tree, make_user
from pbms.orgs.models import Organization
from pbms.people import services
from pbms.people.models import Code, CodeList, Membership, Person
from pbms.people.rules import split_full_name

ADMITTED = dt.date(2023, 3, 15)
DECISION = "15-QĐ/ĐU"


def code(code_list: str, value: str) -> Code:
    return Code.objects.get(list=code_list, code=value)


def make_person(
    actor: User,
    name: str = "Nguyễn Văn An",
    *,
    gender: str = "M",
    born: dt.date = dt.date(1990, 5, 1),
    cccd: str = "",
) -> Person:
    family, middle, given = split_full_name(name)
    return services.person_create(
        actor=actor,
        family_name=family,
        middle_name=middle,
        given_name=given,
        gender=gender,
        birth_date=born,
        ethnicity=code(CodeList.ETHNICITY, "01"),
        religion=code(CodeList.RELIGION, "00"),
        cccd=cccd,
    )


def admit(
    actor: User,
    person: Person,
    cell: Organization,
    on: dt.date = ADMITTED,
    *,
    party_file_no: str = "",
) -> Membership:
    return services.member_admit(
        actor=actor,
        person=person,
        cell=cell,
        decided_on=on,
        decision_ref=DECISION,
        party_file_no=party_file_no,
    )


def make_member(
    actor: User,
    cell: Organization,
    name: str = "Nguyễn Văn An",
    on: dt.date = ADMITTED,
    *,
    born: dt.date = dt.date(1990, 5, 1),
    gender: str = "M",
) -> Membership:
    return admit(actor, make_person(actor, name, born=born, gender=gender), cell, on)


@pytest.fixture
def member_a(people: Personas, tree: Tree) -> Membership:
    """A probationary member of cell A1c1 (district A), admitted on 15/3/2023."""
    return make_member(people.specialist, tree.A1c1, "Trần Thị Ánh")


@dataclass
class Cadre:
    user: User
    person: Person


@pytest.fixture
def cadre(people: Personas, tree: Tree) -> Cadre:
    """A member of A1c1 whose own account holds only the cadre role (own file)."""
    user = make_user("canbo_a", "Lê Văn Cường")
    Assignment.objects.create(user=user, org=tree.A1c1, role=Role.CADRE, scope=Scope.VIEW)
    membership = make_member(people.specialist, tree.A1c1, "Lê Văn Cường")
    person = services.person_link_user(actor=people.admin, person=membership.person, user=user)
    return Cadre(user=user, person=person)
