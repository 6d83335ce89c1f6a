"""The workbook import: a generated file goes in whole, in bulk, audited; a round trip changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbms.accounts.models import User
from pbms.audit.models import AuditEvent
from pbms.conftest import RESTRUCTURING, Personas, Tree, kind
from pbms.orgs import services as org_services
from pbms.orgs.models import Organization, Placement
from pbms.people.models import (
    Body,
    BodyMembership,
    CellMembership,
    Membership,
    MembershipEvent,
    Person,
    Position,
    Qualification,
    Term,
    Training,
)
from pbms.people.workbook.apply import ImportReport, import_workbook
from pbms.people.workbook.export import export_people
from pbms.people.workbook.sample import cccd, file_no, sample_rows, workbook_bytes
from pbms.people.workbook.spec import ORGS, PEOPLE, POSITIONS

TODAY = dt.date(2026, 11, 23)


def run(
    tmp_path: Path, content: bytes, *, actor: User | None = None, dry_run: bool = False, name: str = "t.xlsx"
) -> ImportReport:
    path = tmp_path / name
    path.write_bytes(content)
    return import_workbook(path=path, file_name=name, actor=actor, dry_run=dry_run, today=TODAY)


def messages(report: ImportReport) -> list[str]:
    return [str(issue) for issue in report.errors]


def snapshot() -> dict[str, list[Any]]:
    """Every row the import can write, as plain values (ids included), to compare before and after."""
    return {
        "orgs": list(Organization.objects.order_by("id").values()),
        "placements": list(Placement.objects.order_by("id").values()),
        "people": list(Person.objects.order_by("id").values()),
        "memberships": list(Membership.objects.order_by("id").values()),
        "events": list(MembershipEvent.objects.order_by("id").values()),
        "cells": list(CellMembership.objects.order_by("id").values()),
        "qualifications": list(Qualification.objects.order_by("id").values()),
        "positions": list(Position.objects.order_by("id").values("id", "title", "valid_to", "categories__code")),
        "terms": list(Term.objects.order_by("id").values()),
        "bodies": list(Body.objects.order_by("id").values()),
        "seats": list(BodyMembership.objects.order_by("id").values()),
        "trainings": list(Training.objects.order_by("id").values()),
    }


def test_it_imports_a_generated_workbook(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = sample_rows(6, cells=["A1C1", "B1C1"], position_org="X")
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert messages(report) == []
    assert report.applied
    assert Person.objects.count() == 6
    assert CellMembership.objects.filter(valid_to__isnull=True, cell=tree.A1c1).count() == 3
    assert Qualification.objects.count() == Training.objects.count() == 6
    assert Position.objects.count() == BodyMembership.objects.count() == 3
    assert Position.objects.filter(categories__code="lanh-dao-cap-xa").count() == 3
    member = Membership.objects.get(party_file_no=file_no(1))
    assert member.person.cccd == cccd(1)
    assert [e.kind for e in member.events.all()] == ["admitted", "recognized"]
    assert member.person.name_folded == "tran thi anh"
    assert report.created["Cán bộ, đảng viên"] == 6 and report.created["Nhiệm kỳ"] == 1


def test_it_audits_the_import_and_each_person(tmp_path: Path, tree: Tree, admin: User) -> None:
    report = run(tmp_path, workbook_bytes(sample_rows(3, cells=["B1C1"])), actor=admin, name="dot-1.xlsx")
    event = AuditEvent.objects.get(action="people.import")
    assert event.pk == report.audit_id and event.actor_name == admin.username
    assert event.changes["tệp"] == "dot-1.xlsx"
    assert event.changes["thêm"]["Cán bộ, đảng viên"] == 3
    created = AuditEvent.objects.filter(action="person.create")
    assert created.count() == 3
    assert {e.changes["dòng"] for e in created} == {3, 4, 5}


def test_it_writes_nothing_in_a_dry_run(tmp_path: Path, tree: Tree, admin: User) -> None:
    before = snapshot()
    report = run(tmp_path, workbook_bytes(sample_rows(4, cells=["B1C1"])), actor=admin, dry_run=True)
    assert messages(report) == [] and not report.applied
    assert report.created["Cán bộ, đảng viên"] == 4 and report.changes > 0
    assert snapshot() == before
    assert not AuditEvent.objects.filter(action__in=["people.import", "person.create"]).exists()


def test_it_creates_organisations_parents_first(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = sample_rows(2, cells=["Y-C2"], children=False)
    rows[ORGS.key] = [
        ["Y-C2", "Chi bộ thôn Năm", "cell", "Y-B2", dt.date(2025, 8, 1), None],  # child listed before its parent
        ["Y-B2", "Đảng bộ cơ sở Trường THPT", "grassroots_committee", "Y", dt.date(2025, 7, 15), "7-QĐ/ĐU"],
    ]
    for row in rows[PEOPLE.key]:
        row[11] = row[14] = dt.date(2025, 9, 1)
        row[12] = None
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert messages(report) == []
    child = Placement.objects.get(org__code="Y-C2")
    parent = Placement.objects.get(org__code="Y-B2")
    assert child.path == f"{parent.path}{child.org_id}/" and child.depth == parent.depth + 1
    assert parent.event.decision_ref == "7-QĐ/ĐU"
    assert CellMembership.objects.filter(cell_id=child.org_id).count() == 2
    assert AuditEvent.objects.filter(action="org.create", object_repr__contains="Năm").count() == 1


def test_it_round_trips_export_and_import_without_change(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = sample_rows(8, cells=["A1C1", "B1C1"], position_org="X")
    rows[PEOPLE.key][0][1] = ""  # no middle name
    rows[PEOPLE.key][1][12] = None  # still probationary
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    before = snapshot()
    exported = export_people(people=Person.objects.order_by("given_name"), actor=admin)
    again = run(tmp_path, exported, actor=admin, dry_run=True, name="export.xlsx")
    assert messages(again) == []
    assert again.changes == 0, (again.created, again.updated)
    assert again.unchanged["Cán bộ, đảng viên"] == 8 and again.unchanged["Chức vụ"] == 4
    applied = run(tmp_path, exported, actor=admin, name="export.xlsx")
    assert applied.changes == 0 and applied.applied
    assert snapshot() == before


def test_it_updates_by_party_file_number_then_by_cccd(tmp_path: Path, tree: Tree, admin: User) -> None:
    run(tmp_path, workbook_bytes(sample_rows(2, cells=["B1C1"], children=False)), actor=admin)
    rows = sample_rows(2, cells=["B1C1"], children=False)
    rows[PEOPLE.key][0][6] = "Phường Tây Hà"  # by số lý lịch
    rows[PEOPLE.key][1][9] = None  # no số lý lịch: found by CCCD
    rows[PEOPLE.key][1][2] = "Hoa"
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert messages(report) == []
    assert report.updated["Cán bộ, đảng viên"] == 2 and report.created["Cán bộ, đảng viên"] == 0
    assert Person.objects.get(cccd=cccd(0)).place_of_origin == "Phường Tây Hà"
    person = Person.objects.get(cccd=cccd(1))
    assert person.given_name == "Hoa" and person.membership.party_file_no == file_no(1)  # a blank never erases
    change = AuditEvent.objects.get(action="person.update", object_id=str(person.pk))
    assert change.changes["given_name"] == ["Ánh", "Hoa"]


def test_it_records_a_transfer_between_cells(tmp_path: Path, tree: Tree, admin: User) -> None:
    run(tmp_path, workbook_bytes(sample_rows(1, cells=["A1C1"], children=False)), actor=admin)
    rows = sample_rows(1, cells=["B1C1"], children=False)
    rows[PEOPLE.key][0][14] = dt.date(2026, 3, 1)
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert messages(report) == [] and report.updated["Chuyển sinh hoạt"] == 1
    cells = list(CellMembership.objects.order_by("valid_from").values_list("cell__code", "valid_to"))
    assert cells == [("A1C1", dt.date(2026, 3, 1)), ("B1C1", None)]
    assert MembershipEvent.objects.filter(kind="transferred", date=dt.date(2026, 3, 1), cell=tree.B1c1).exists()


def test_it_refuses_a_transfer_without_a_later_date(tmp_path: Path, tree: Tree, admin: User) -> None:
    run(tmp_path, workbook_bytes(sample_rows(1, cells=["A1C1"], children=False)), actor=admin)
    report = run(tmp_path, workbook_bytes(sample_rows(1, cells=["B1C1"], children=False)), actor=admin)
    assert any("ngày bắt đầu sinh hoạt tại chi bộ mới" in m for m in messages(report))


def test_it_does_not_rewrite_lifecycle_dates(tmp_path: Path, tree: Tree, admin: User) -> None:
    run(tmp_path, workbook_bytes(sample_rows(1, cells=["A1C1"], children=False)), actor=admin)
    rows = sample_rows(1, cells=["A1C1"], children=False)
    rows[PEOPLE.key][0][11] = dt.date(2020, 2, 2)
    rows[PEOPLE.key][0][12] = dt.date(2021, 2, 2)
    rows[PEOPLE.key][0][14] = dt.date(2020, 2, 2)
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert any("Ngày vào Đảng khác với sổ (01/02/2020)" in m for m in messages(report))


def test_it_refuses_a_cccd_that_belongs_to_someone_else(tmp_path: Path, tree: Tree, admin: User) -> None:
    run(tmp_path, workbook_bytes(sample_rows(2, cells=["A1C1"], children=False)), actor=admin)
    rows = sample_rows(1, cells=["A1C1"], children=False)
    rows[PEOPLE.key][0][5] = cccd(1)
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert any("thuộc một hồ sơ khác" in m for m in messages(report))


def test_it_keeps_each_actor_to_their_scope(tmp_path: Path, tree: Tree, people: Personas) -> None:
    content = workbook_bytes(sample_rows(2, cells=["A1C1"], children=False))
    refused = run(tmp_path, content, actor=people.outsider)
    assert [e.row for e in refused.errors] == [3, 4]
    assert all("không thuộc phạm vi nhập liệu của bạn" in m for m in messages(refused))
    assert not Person.objects.exists()
    assert messages(run(tmp_path, content, actor=people.specialist)) == []
    # the outsider cannot update people of district A either, even by naming them
    rows = sample_rows(1, cells=["B1C1"], children=False)
    rows[PEOPLE.key][0][14] = dt.date(2026, 1, 5)
    answer = run(tmp_path, workbook_bytes(rows), actor=people.outsider)
    assert any("ngoài phạm vi nhập liệu" in m for m in messages(answer))


def _queries(tmp_path: Path, count: int, start: int, admin: User, org: str) -> int:
    # each run creates a term and a body of its own organisation, so that both do the same kinds of writes
    content = workbook_bytes(sample_rows(count, cells=["A1C1", "B1C1"], start=start, position_org=org))
    path = tmp_path / f"q{count}.xlsx"
    path.write_bytes(content)
    with CaptureQueriesContext(connection) as queries:
        report = import_workbook(path=path, file_name=path.name, actor=admin, dry_run=False, today=TODAY)
    assert messages(report) == []
    return len(queries)


def test_it_imports_with_a_number_of_queries_that_does_not_grow_with_the_rows(
    tmp_path: Path, tree: Tree, admin: User
) -> None:
    small = _queries(tmp_path, 20, 0, admin, "X")
    large = _queries(tmp_path, 200, 1000, admin, "Y")
    if connection.vendor == "postgresql":
        assert large == small
    else:
        # SQLite caps a statement at 999 parameters, so Django splits the bigger INSERTs into a few more
        # batches; row by row would cost hundreds more.
        assert large - small <= 12, (small, large)


@pytest.mark.parametrize("dry_run", [True, False])
def test_it_changes_nothing_when_one_row_is_bad(tmp_path: Path, tree: Tree, admin: User, dry_run: bool) -> None:
    rows = sample_rows(5, cells=["A1C1"])
    rows[PEOPLE.key][4][7] = "99"
    before = snapshot()
    report = run(tmp_path, workbook_bytes(rows), actor=admin, dry_run=dry_run)
    assert [(e.sheet, e.row, e.column, e.value) for e in report.errors] == [
        ("Cán bộ, đảng viên", 7, "Mã dân tộc", "99")
    ]
    assert snapshot() == before and not report.applied


def test_it_refuses_an_open_ended_post_at_an_organisation_that_has_ended(
    tmp_path: Path, tree: Tree, admin: User
) -> None:
    gone = org_services.org_create(
        actor=admin,
        code="G",
        name="Đảng bộ xã Gia Lộc",
        kind=kind("commune"),
        parent=tree.P,
        effective_date=RESTRUCTURING,
        decision_ref="G-QĐ/TU",
    )
    org_services.org_dissolve(actor=admin, org=gone, effective_date=dt.date(2026, 3, 1), decision_ref="9-QĐ/TU")
    rows = sample_rows(1, cells=["A1C1"], position_org="G")  # "Phó Bí thư" at G from 01/7/2025, open
    before = snapshot()
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert any(
        "“Đảng bộ xã Gia Lộc” (G) đã chấm dứt hoạt động từ ngày 01/03/2026" in m and "Đến trước ngày" in m
        for m in messages(report)
    ), messages(report)
    assert snapshot() == before
    # ended by the day the organisation ended, the same post is accepted
    rows[POSITIONS.key][0][-2] = dt.date(2026, 3, 1)
    assert not [m for m in messages(run(tmp_path, workbook_bytes(rows), actor=admin)) if "Chức vụ" in m]
