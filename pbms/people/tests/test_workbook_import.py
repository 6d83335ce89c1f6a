"""The workbook import: a generated file goes in whole, a bad one changes nothing and says why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pbms.accounts.models import User
from pbms.audit.models import AuditEvent
from pbms.conftest import Tree
from pbms.people.models import (
    BodyMembership,
    CellMembership,
    Membership,
    Person,
    Position,
    Qualification,
    Training,
)
from pbms.people.workbook.apply import ImportReport, import_workbook
from pbms.people.workbook.sample import sample_rows, workbook_bytes

TODAY = dt.date(2026, 11, 23)


def run(
    tmp_path: Path, content: bytes, *, actor: User | None = None, dry_run: bool = False, name: str = "t.xlsx"
) -> ImportReport:
    path = tmp_path / name
    path.write_bytes(content)
    return import_workbook(path=path, file_name=name, actor=actor, dry_run=dry_run, today=TODAY)


def test_it_imports_a_generated_workbook(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = sample_rows(6, cells=["A1C1", "B1C1"], position_org="X")
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert report.errors == [], [str(e) for e in report.errors]
    assert report.applied
    assert Person.objects.count() == 6
    assert Membership.objects.count() == 6
    assert CellMembership.objects.filter(valid_to__isnull=True).count() == 6
    assert Qualification.objects.count() == 6
    assert Training.objects.count() == 6
    assert Position.objects.count() == 3
    assert BodyMembership.objects.count() == 3
    assert AuditEvent.objects.filter(action="people.import").count() == 1
    assert AuditEvent.objects.filter(action="person.create").count() == 6
