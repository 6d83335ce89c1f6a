"""The workbook importer writes memberships in bulk, not through the lifecycle services: for the same inputs
(admission, recognition, a move to another cell) it must leave exactly what the services leave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pbms.accounts.models import User
from pbms.conftest import Tree
from pbms.orgs.models import Organization
from pbms.people import services
from pbms.people.models import Code, CodeList, Membership, Person
from pbms.people.tests.drift import checkpoints, written
from pbms.people.tests.test_workbook_import import messages, run
from pbms.people.workbook.sample import cccd, sample_rows, workbook_bytes
from pbms.people.workbook.spec import PEOPLE

MOVED_ON = dt.date(2024, 6, 1)
# sample_rows's columns on the people sheet
ADMITTED, OFFICIAL, CELL, CELL_FROM = 11, 12, 13, 14


def through_services(admin: User, row: Sequence[object], number: int) -> Membership:
    person = services.person_create(
        actor=admin,
        family_name=str(row[0]),
        middle_name=str(row[1]),
        given_name=str(row[2]),
        gender="F" if row[3] == "Nữ" else "M",
        birth_date=row[4],  # type: ignore[arg-type]
        ethnicity=Code.objects.get(list=CodeList.ETHNICITY, code=row[7]),
        religion=Code.objects.get(list=CodeList.RELIGION, code=row[8]),
        cccd=f"0990{number:08d}",
    )
    admitted = row[ADMITTED]
    assert isinstance(admitted, dt.date)
    return services.member_admit(
        actor=admin,
        person=person,
        cell=Organization.objects.get(code=row[CELL]),
        decided_on=admitted,
        decision_ref="1-QĐ/ĐU",
    )


def test_it_imports_memberships_as_the_lifecycle_services_record_them(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = sample_rows(4, cells=["A1C1", "B1C1"], children=False)
    people = rows[PEOPLE.key]
    people[1][OFFICIAL] = None  # recognised by the second file
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    mirrors = [through_services(admin, row, i) for i, row in enumerate(people)]
    for row, mirror in zip(people, mirrors, strict=True):
        if row[OFFICIAL] is not None:
            services.member_recognize(actor=admin, membership=mirror, meeting_on=row[OFFICIAL], decision_ref="2")  # type: ignore[arg-type]
    # the second file: the first member moves to the other cell, the second is recognised
    people[0][CELL], people[0][CELL_FROM] = "B1C1", MOVED_ON
    admitted = people[1][ADMITTED]
    assert isinstance(admitted, dt.date)
    people[1][OFFICIAL] = official = dt.date(admitted.year + 1, admitted.month, admitted.day)
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    services.member_transfer(actor=admin, membership=mirrors[0], cell=tree.B1c1, date=MOVED_ON, decision_ref="3")
    services.member_recognize(actor=admin, membership=mirrors[1], meeting_on=official, decision_ref="2")

    for i, mirror in enumerate(mirrors):
        imported = Person.objects.get(cccd=cccd(i)).membership
        days = checkpoints(mirror)
        assert written(imported, days) == written(mirror, days), f"member {i}"
