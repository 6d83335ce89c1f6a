"""The rating sheets written in bulk (``ratings.results_import``): a constant number of queries per sheet,
and the same results, audit rows and refusals as ``evaluations.services.result_import`` one rating at a
time, which stays the one writer of a single historical rating (drift is caught here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connection, transaction

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.audit.models import AuditEvent
from pbms.conftest import Tree, make_user
from pbms.evaluations import services as evaluations
from pbms.evaluations.models import Cycle, Level, RatedBody, Result, SubjectGroup
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.orgs.models import Organization
from pbms.people.models import Person
from pbms.people.tests.test_workbook_import import messages, run
from pbms.people.workbook.ratings import OUT_OF_SCOPE, RatingArgs, results_import
from pbms.people.workbook.sample import cccd, file_no, sample_rows, workbook_bytes

T = TypeVar("T")
GOOD = "Hoàn thành tốt nhiệm vụ"
RESULT_FIELDS = [f.attname for f in Result._meta.concrete_fields if f.attname not in {"id", "cycle_id", "updated_at"}]
CYCLE_FIELDS = [f.attname for f in Cycle._meta.concrete_fields if f.attname not in {"id", "created_at"}]
AUDIT_FIELDS = ["actor_id", "actor_name", "acting_org_id", "action", "object_type", "object_repr", "changes", "ip"]


@pytest.fixture
def registered(tmp_path: Path, tree: Tree, admin: User) -> list[Person]:
    """Twenty members in A1C1 and B1C1 (admitted from 02/2020, one every 37 days), the even ones deputy
    secretaries of X from 01/7/2025."""
    report = run(tmp_path, workbook_bytes(sample_rows(20, cells=["A1C1", "B1C1"], position_org="X")), actor=admin)
    assert messages(report) == []
    return [Person.objects.get(cccd=cccd(i)) for i in range(20)]


def rolled_back(write: Callable[[], T]) -> tuple[T, tuple[Any, ...]]:
    """What ``write`` returns and what it stored, then undone."""
    with transaction.atomic():
        out = write()
        state = stored()
        transaction.set_rollback(True)
    return out, state


def stored() -> tuple[Any, ...]:
    """Results, cycles and the results' audit rows as plain values, without ids (sequences differ)."""
    results = list(Result.objects.order_by("id").values("id", "cycle__year", *RESULT_FIELDS))
    position = {str(row.pop("id")): index for index, row in enumerate(results)}
    audit = []
    for row in (
        AuditEvent.objects.filter(action="evaluations.result_import").order_by("id").values("object_id", *AUDIT_FIELDS)
    ):
        audit.append({"result": position[row.pop("object_id")], **row})
    return results, list(Cycle.objects.order_by("year", "kind", "period").values(*CYCLE_FIELDS)), audit


def one_by_one(actor: User | None, ratings: list[RatingArgs]) -> dict[int, str]:
    refused: dict[int, str] = {}
    for index, rating in enumerate(ratings):
        try:
            evaluations.result_import(actor=actor, **{f.name: getattr(rating, f.name) for f in fields(rating)})
        except NotFoundError:
            refused[index] = OUT_OF_SCOPE
        except ApplicationError as exc:
            refused[index] = exc.message
    return refused


def bulk(actor: User | None, ratings: list[RatingArgs]) -> dict[int, str]:
    return results_import(actor=actor, ratings=ratings)[1]


def person(year: int, who: Person, group: str = SubjectGroup.MEMBER, level: str = Level.GOOD) -> RatingArgs:
    return RatingArgs(year=year, level=level, group=group, person=who, decision_ref=f"{year}-QĐ", decided_on=None)


def org(year: int, which: Organization, body_kind: str = RatedBody.ORG) -> RatingArgs:
    return RatingArgs(
        year=year,
        level=Level.EXCELLENT,
        group=SubjectGroup.COLLECTIVE,
        org=which,
        body_kind=body_kind,
        decided_on=dt.date(year + 1, 1, 20),
    )


def test_it_stores_the_same_results_and_audit_as_one_by_one(tree: Tree, admin: User, registered: list[Person]) -> None:
    evaluations.result_import(actor=admin, year=2022, level=Level.GOOD, group=SubjectGroup.MEMBER, person=registered[1])
    ratings = [
        *(person(2023, p) for p in registered[:6]),
        person(2025, registered[0], SubjectGroup.LEADER),  # in his cell and deputy secretary of X: rated by the cell
        person(2025, registered[3]),
        person(2022, registered[0], level=Level.EXCELLENT),  # the 2022 cycle exists already
        org(2023, tree.A1),
        org(2025, tree.X, RatedBody.COMMITTEE),
        org(2024, tree.B1, RatedBody.STANDING),
    ]
    staff_y = make_user("xa_y", "Vũ Thị Hạnh")
    Assignment.objects.create(user=staff_y, org=tree.Y, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    for actor, wanted in ((admin, ratings), (None, ratings), (staff_y, [person(2025, registered[1])])):
        refused, expected = rolled_back(lambda a=actor, w=wanted: one_by_one(a, w))  # type: ignore[misc]
        assert refused == {}
        refused, found = rolled_back(lambda a=actor, w=wanted: bulk(a, w))  # type: ignore[misc]
        assert refused == {}
        assert found == expected
        assert len(found[0]) == len(wanted) + 1 and len(found[2]) == len(wanted) + 1


def test_it_refuses_what_one_by_one_refuses_and_then_writes_nothing(
    tree: Tree, admin: User, registered: list[Person]
) -> None:
    evaluations.result_import(actor=admin, year=2022, level=Level.GOOD, group=SubjectGroup.MEMBER, person=registered[1])
    evaluations.cycle_open(actor=admin, year=2026, population_on=dt.date(2026, 12, 31))
    late = next(p for p in registered if p.membership.admitted_on > dt.date(2021, 12, 31))
    ratings = [
        person(2023, registered[0]),
        person(2021, late),  # not yet a member on 31/12/2021
        person(2023, registered[0], level=Level.EXCELLENT),  # the same person and year again
        person(2022, registered[1]),  # already rated
        person(2026, registered[2]),  # the 2026 cycle is open
        person(2023, registered[3], level="xuat-sac"),  # no such level
        org(2023, tree.A1, RatedBody.PARTY_DELEGATION),  # a đảng đoàn is named by its body
        org(2023, tree.A1),
        org(2023, tree.A1),  # the same organisation and year again
    ]
    staff_y = make_user("xa_y", "Vũ Thị Hạnh")
    Assignment.objects.create(user=staff_y, org=tree.Y, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    refusals = {}
    for actor in (admin, staff_y):
        expected, _ = rolled_back(lambda a=actor: one_by_one(a, ratings))  # type: ignore[misc]
        before = stored()
        found, after = rolled_back(lambda a=actor: bulk(a, ratings))  # type: ignore[misc]
        assert found == expected and after == before
        refusals[actor.username] = found
    assert set(refusals["quantri"]) == {1, 2, 3, 4, 5, 6, 8}
    assert refusals["quantri"][2] == "Đối tượng này đã có kết quả xếp loại năm 2023."
    assert refusals["xa_y"][0] == refusals["xa_y"][7] == OUT_OF_SCOPE  # A1 is not in Y's subtree


@pytest.mark.parametrize("count", [2, 20])
def test_it_imports_a_rating_sheet_in_a_constant_number_of_queries(
    tmp_path: Path, admin: User, registered: list[Person], count: int, django_assert_num_queries: Any
) -> None:
    rows = {
        "person_ratings": [[file_no(i), None, None, 2023 + i % 2, GOOD, None, None] for i in range(count)],
        "org_ratings": [[code, 2023 + i % 2, "Tổ chức đảng", GOOD, None, None] for i, code in enumerate(["A1", "B1"])],
    }
    content = workbook_bytes(rows)
    with django_assert_num_queries(QUERIES):
        report = run(tmp_path, content, actor=admin)
    assert messages(report) == [] and report.created["Xếp loại cá nhân"] == count
    assert Result.objects.filter(person__isnull=False).count() == count


# With the đảng đoàn and ban cán sự đảng of the organisations named, read once; the rule set's deciding rules
# and the tree above the units (who decides), and the bodies on 31/12 (a committee rated must exist), each
# read once; on PostgreSQL the tree's shared lock taken before planning (orgs.locking).
QUERIES = 40 + (connection.vendor == "postgresql")
