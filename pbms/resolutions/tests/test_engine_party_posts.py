"""A party post is a seat: target 3 counts a chi bộ's secretary once, whichever way he was entered.

Before, a bí thư chi bộ could be a position ("Bí thư Chi bộ thôn Một") or a committee seat, and target 3 read
only the seats. People migration 0010 turns the positions into seats; the register now refuses the position.
Each test runs on SQLite and on PostgreSQL (the engine's SQL differs between them): run them with both.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps

from pbms.conftest import Personas, Tree
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services as org_services
from pbms.orgs.models import Organization, OrgKind
from pbms.people import services as people_services
from pbms.people.models import Body, BodyMembership, Person, Position, Term, TrainingCategory
from pbms.people.tests.conftest import make_person
from pbms.resolutions.engine import target_breakdown, target_value
from pbms.resolutions.tests.conftest import seeded

D1 = dt.date(2024, 12, 31)
CONGRESS = dt.date(2022, 4, 10)
convert = importlib.import_module("pbms.people.migrations.0010_party_posts_to_seats").party_posts_to_seats


def _old_post(person: Person, org_id: int, title: str) -> Position:
    """A post as the register held it before: written as rows, since the service now refuses it."""
    return Position.objects.create(person=person, org_id=org_id, title=title, is_head=True, valid_from=CONGRESS)


def _trained(people: Personas, person: Person) -> None:
    people_services.training_add(
        actor=people.admin,
        person=person,
        course="Bồi dưỡng công tác xây dựng Đảng",
        category=TrainingCategory.objects.get(code="xay-dung-dang"),
        starts_on=dt.date(2023, 5, 2),
        ends_on=dt.date(2023, 5, 6),
    )


def _cell_secretaries(people: Personas, org: Organization) -> Body:
    """The body of a chi bộ without chi ủy, for a term begun at its congress."""
    term = people_services.term_create(actor=people.admin, org=org, name="2022–2025", starts_on=CONGRESS)
    return people_services.body_create(actor=people.admin, term=term, kind=Body.Kind.CELL_SECRETARIES)


@pytest.mark.django_db
def test_it_counts_in_target_3_a_cell_secretary_entered_as_a_post_or_as_a_seat_exactly_once(
    people: Personas, tree: Tree
) -> None:
    admin = people.admin
    old = make_person(admin, "Ngô Văn Cũ")  # "Bí thư Chi bộ thôn Hai" entered as a position, trained
    _old_post(old, tree.A2c1.pk, "Bí thư Chi bộ thôn Hai")
    _trained(people, old)
    new = make_person(admin, "Ngô Văn Mới")  # secretary of Chi bộ thôn Một, a seat (no chi ủy), untrained
    body = _cell_secretaries(people, tree.A1c1)
    people_services.body_seat_add(actor=admin, body=body, person=new, role="secretary", valid_from=CONGRESS)
    both = make_person(admin, "Ngô Văn Đủ")  # its deputy, entered both ways, trained
    people_services.body_seat_add(actor=admin, body=body, person=both, role="deputy_secretary", valid_from=CONGRESS)
    _old_post(both, tree.A1c1.pk, "Phó Bí thư Chi bộ thôn Một")
    _trained(people, both)
    youth = make_person(admin, "Ngô Văn Đoàn")  # a Youth Union post: neither converted nor counted
    Position.objects.create(person=youth, org=tree.A1c1, title="Bí thư Chi đoàn thôn Một", valid_from=CONGRESS)

    counts = convert(django_apps)

    assert (counts["matched"], counts["seats_created"], counts["seats_already_there"]) == (2, 1, 1)
    assert counts["positions_deleted"] == 2 and counts["terms_created"] == 1 and counts["bodies_created"] == 1
    assert list(Position.objects.values_list("title", flat=True)) == ["Bí thư Chi đoàn thôn Một"]
    seat = BodyMembership.objects.get(person=old)
    assert (seat.role, seat.body.kind, seat.body.term.org_id, seat.valid_from) == (
        "secretary",
        Body.Kind.CELL_SECRETARIES,
        tree.A2c1.pk,
        CONGRESS,
    )
    assert BodyMembership.objects.filter(person=both).count() == 1
    # old, new and both, each once: 3, of whom old and both trained in 2021–2024.
    value = target_value(actor=admin, target=seeded("3"), day=D1, org_id=tree.P.pk)
    assert (value.denominator, value.numerator) == (3, 2)
    breakdown = target_breakdown(actor=admin, target=seeded("3"), day=D1, org_id=tree.A.pk)
    assert [(row.org_name, row.denominator, row.numerator) for row in breakdown.rows] == [
        ("Đảng bộ xã An Phú", 2, 1),
        ("Đảng bộ xã Bình Minh", 1, 1),
    ]
    # Run again (a migration re-applied on a copy): nothing more to convert.
    assert convert(django_apps)["matched"] == 0


@pytest.mark.django_db
def test_it_counts_the_secretary_of_a_chi_bo_co_so_without_chi_uy_in_targets_3_and_9(
    people: Personas, tree: Tree
) -> None:
    """A chi bộ cơ sở elects a bí thư and no chi ủy under nine official members: its bí thư is its cấp ủy,
    counted like a committee seat at the grassroots level (resolutions migration 0005)."""
    admin = people.admin
    cell = org_services.org_create(
        actor=admin,
        code="P3",
        name="Chi bộ Báo Bình An",
        kind=OrgKind.objects.get(code="grassroots_cell"),
        parent=tree.P,
        effective_date=dt.date(2021, 1, 1),
        decision_ref="P3-QĐ/TU",
    )
    secretary = make_person(admin, "Đinh Thị Hoa", gender="F")
    body = _cell_secretaries(people, cell)
    people_services.body_seat_add(actor=admin, body=body, person=secretary, role="secretary", valid_from=CONGRESS)
    _trained(people, secretary)
    for number in ("3", "9"):
        value = target_value(actor=admin, target=seeded(number), day=D1, org_id=cell.pk)
        assert value.denominator == 1, number
    assert target_value(actor=admin, target=seeded("3"), day=D1, org_id=cell.pk).numerator == 1
    # The body is a chi bộ's only: a term of the đảng bộ xã cannot have one.
    term = Term.objects.create(org=tree.A1, name="2020–2025", starts_on=dt.date(2020, 5, 1))
    with pytest.raises(ApplicationError, match="không phải chi bộ"):
        people_services.body_create(actor=admin, term=term, kind=Body.Kind.CELL_SECRETARIES)
