"""The workbook's rating sheets: historical ratings stored as decided results of closed yearly cycles, every
bad row reported, nothing written when one is bad, and an export read back changing nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.audit.models import AuditEvent
from pbms.conftest import Tree, make_user
from pbms.evaluations import services as evaluations
from pbms.evaluations.models import Cycle, Level, RatedBody, Result, ResultState, SubjectGroup
from pbms.people import services as people_services
from pbms.people.models import Body, Person
from pbms.people.tests.test_workbook_import import messages, run, snapshot
from pbms.people.workbook.export import export_people
from pbms.people.workbook.sample import cccd, file_no, sample_rows, workbook_bytes
from pbms.people.workbook.spec import PEOPLE

GOOD, EXCELLENT = "Hoàn thành tốt nhiệm vụ", "Hoàn thành xuất sắc nhiệm vụ"
ORG = "Tổ chức đảng"


def with_ratings(count: int = 3, **sheets: list[list[Any]]) -> dict[str, list[list[Any]]]:
    rows: dict[str, list[list[Any]]] = sample_rows(count, cells=["A1C1", "B1C1"], position_org="X")
    rows["org_ratings"] = sheets.get("org_ratings", [])
    rows["person_ratings"] = sheets.get("person_ratings", [])
    return rows


def person_rating(i: int, year: int, level: str = GOOD, *, by_cccd: bool = False) -> list[Any]:
    key = [None, cccd(i)] if by_cccd else [file_no(i), None]
    return [*key, None, year, level, None, None]


def everything() -> tuple[Any, ...]:
    return snapshot(), list(Result.objects.order_by("id").values()), list(Cycle.objects.order_by("id").values())


def rating_issues(report: Any) -> list[tuple[str, int | None, str, str]]:
    return [(i.sheet, i.row, i.column, i.message) for i in report.errors]


def test_it_stores_ratings_as_decided_results_of_closed_cycles(tmp_path: Path, tree: Tree, admin: User) -> None:
    term = people_services.term_create(actor=admin, org=tree.X, name="2025–2030", starts_on=dt.date(2025, 7, 1))
    people_services.body_create(actor=admin, term=term, kind=Body.Kind.STANDING, name="Ban Thường vụ")
    rows = with_ratings(
        org_ratings=[
            ["A1", 2023, "Tổ chức đảng", GOOD, dt.date(2024, 1, 15), "12-QĐ/HU"],
            ["X", 2025, "Tập thể ban thường vụ", EXCELLENT, None, None],
        ],
        person_ratings=[person_rating(0, 2023, EXCELLENT), person_rating(0, 2024), person_rating(1, 2025)],
    )
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert messages(report) == [] and report.applied
    assert (report.created["Xếp loại tổ chức"], report.created["Xếp loại cá nhân"]) == (2, 3)
    results = Result.objects.select_related("cycle")
    assert {(r.cycle.year, r.state, r.imported, r.cycle.closed) for r in results} == {
        (2023, ResultState.DECIDED, True, True),
        (2024, ResultState.DECIDED, True, True),
        (2025, ResultState.DECIDED, True, True),
    }
    org = results.get(org=tree.A1)
    assert (org.body_kind, org.decided_level, org.decided_on, org.decision_ref) == (
        RatedBody.ORG,
        Level.GOOD,
        dt.date(2024, 1, 15),
        "12-QĐ/HU",
    )
    first = Person.objects.get(cccd=cccd(0))
    assert list(results.filter(person=first).order_by("cycle__year").values_list("decided_level", "unit__code")) == [
        (Level.EXCELLENT, "A1C1"),
        (Level.GOOD, "A1C1"),
    ]
    # the second person holds a post in X from 07/2025: a leader in 2025
    assert results.get(person__cccd=cccd(1)).group == SubjectGroup.MEMBER
    assert results.get(person=first, cycle__year=2024).group == SubjectGroup.MEMBER
    assert AuditEvent.objects.filter(action="evaluations.result_import").count() == 5


def test_it_rates_leaders_in_their_group(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = with_ratings(person_ratings=[person_rating(0, 2025)])  # person 0 holds a post in X from 01/7/2025
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    assert Result.objects.get().group == SubjectGroup.LEADER


def test_it_reports_every_bad_rating_row_and_writes_nothing(tmp_path: Path, tree: Tree, admin: User) -> None:
    evaluations.result_import(
        actor=admin, year=2022, level=Level.GOOD, group=SubjectGroup.COLLECTIVE, org=tree.B1, body_kind=RatedBody.ORG
    )
    evaluations.cycle_open(actor=admin, year=2026, population_on=dt.date(2026, 12, 31))
    before = Result.objects.count()
    rows = with_ratings(
        org_ratings=[
            ["A1", 2023, "Tổ chức đảng", "Xuất sắc", None, None],  # unknown level
            ["X", 2023, "Tổ chức đảng", GOOD, None, None],  # X was founded on 01/7/2025
            ["B1", 2022, "Tổ chức đảng", EXCELLENT, None, None],  # already decided as HTTNV
            ["ZZ", 2023, "Tổ chức đảng", GOOD, None, None],  # no such organisation
        ],
        person_ratings=[
            person_rating(0, 2019),  # before 2021
            person_rating(0, 2021),  # admitted 01/02/2020: fine
            person_rating(0, 2021, EXCELLENT, by_cccd=True),  # the same person and year, named by CCCD
            person_rating(2, 2021),  # admitted 2022: not a member on 31/12/2021
            person_rating(1, 2026),  # the 2026 cycle is open
            [*person_rating(1, 2022, GOOD)[:5], dt.date(2021, 6, 1), None],  # decided before the year
        ],
    )
    rows[PEOPLE.key][2][11] = rows[PEOPLE.key][2][14] = dt.date(2022, 3, 1)
    rows[PEOPLE.key][2][12] = dt.date(2023, 3, 1)
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    issues = rating_issues(report)
    assert not report.applied and Person.objects.count() == 0 and Result.objects.count() == before
    orgs, people = "Xếp loại tổ chức", "Xếp loại cá nhân"
    assert (orgs, 3, "Mức xếp loại") in [i[:3] for i in issues]
    assert any(i[:3] == (orgs, 4, "Mã tổ chức") and "chưa thành lập" in i[3] for i in issues)
    assert any(i[:3] == (orgs, 5, "Mức xếp loại") and "Hoàn thành tốt nhiệm vụ" in i[3] for i in issues)
    assert any(i[:3] == (orgs, 6, "Mã tổ chức") and "Không tìm thấy" in i[3] for i in issues)
    assert any(i[:3] == (people, 3, "Năm") and "2021" in i[3] for i in issues)
    assert any(i[:2] == (people, 5) and "Trùng với dòng 4" in i[3] for i in issues)
    assert any(i[:3] == (people, 6, "Năm") and "31/12/2021" in i[3] for i in issues)
    assert any(i[:3] == (people, 7, "Năm") and "đang mở" in i[3] for i in issues)
    assert any(i[:3] == (people, 8, "Ngày quyết định") for i in issues)
    assert not any(i[:2] == (people, 4) for i in issues)
    assert len(issues) == 9, issues


def test_it_keeps_an_identical_rating_and_refuses_another_level(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = with_ratings(person_ratings=[person_rating(0, 2023)])
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    again = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert messages(again) == [] and again.unchanged["Xếp loại cá nhân"] == 1 and again.changes == 0
    rows["person_ratings"] = [person_rating(0, 2023, EXCELLENT)]
    refused = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert any("không sửa bằng nhập tệp" in m for m in messages(refused))
    assert Result.objects.get().decided_level == Level.GOOD


def test_it_refuses_ratings_outside_the_actor_scope(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = sample_rows(2, cells=["A1C1", "B1C1"], children=False)
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    staff_y = make_user("xa_y", "Vũ Thị Hạnh")
    Assignment.objects.create(user=staff_y, org=tree.Y, role=Role.COMMITTEE_STAFF, scope=Scope.ENTER)
    mine = {"person_ratings": [person_rating(1, 2025)], "org_ratings": [["B1", 2025, ORG, GOOD, None, None]]}
    assert messages(run(tmp_path, workbook_bytes(mine), actor=staff_y)) == []
    theirs = {"person_ratings": [person_rating(0, 2023)], "org_ratings": [["A1", 2023, ORG, GOOD, None, None]]}
    found = messages(run(tmp_path, workbook_bytes(theirs), actor=staff_y))
    assert len(found) == 2 and all("phạm vi nhập liệu" in m for m in found)
    assert Result.objects.count() == 2


def test_it_imports_ratings_as_the_system(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = with_ratings(person_ratings=[person_rating(0, 2024)])
    report = run(tmp_path, workbook_bytes(rows), actor=None)
    assert messages(report) == [] and report.applied
    assert AuditEvent.objects.get(action="evaluations.result_import").actor_name == "hệ thống"


def test_it_round_trips_ratings_without_change(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = with_ratings(
        4,
        # the export carries the ratings of the organisations it lists: those of the people's current tree
        org_ratings=[["B1", 2023, "Tổ chức đảng", GOOD, dt.date(2024, 1, 15), "12-QĐ/HU"]],
        person_ratings=[person_rating(0, 2022, EXCELLENT), person_rating(1, 2024), person_rating(3, 2025)],
    )
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    before = everything()
    exported = export_people(people=Person.objects.order_by("given_name"), actor=admin)
    again = run(tmp_path, exported, actor=admin, name="export.xlsx")
    assert messages(again) == [] and again.applied and again.changes == 0
    assert (again.unchanged["Xếp loại tổ chức"], again.unchanged["Xếp loại cá nhân"]) == (1, 3)
    assert everything() == before


@pytest.mark.parametrize("year", [2021, 2025])
def test_it_rates_a_person_new_in_the_file_in_his_new_cell(tmp_path: Path, tree: Tree, admin: User, year: int) -> None:
    rows = with_ratings(1, person_ratings=[person_rating(0, year)])
    rows[PEOPLE.key][0][13] = "A1C1" if year == 2021 else "B1C1"
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    assert Result.objects.get().unit.code == ("A1C1" if year == 2021 else "B1C1")


# --- đảng đoàn and ban cán sự đảng, named ------------------------------------------------------------


def party_bodies(admin: User, tree: Tree) -> tuple[Body, Body]:
    term = people_services.term_create(actor=admin, org=tree.P, name="2020–2025", starts_on=dt.date(2020, 10, 1))
    hdnd = people_services.body_create(
        actor=admin, term=term, kind=Body.Kind.PARTY_DELEGATION, name="Đảng đoàn HĐND tỉnh"
    )
    mttq = people_services.body_create(
        actor=admin, term=term, kind=Body.Kind.PARTY_DELEGATION, name="Đảng đoàn Ủy ban MTTQ tỉnh"
    )
    return hdnd, mttq


def test_it_imports_the_rating_of_a_dang_doan_named_in_the_row(tmp_path: Path, tree: Tree, admin: User) -> None:
    hdnd, mttq = party_bodies(admin, tree)
    rows = with_ratings(
        org_ratings=[
            ["P", 2023, "Đảng đoàn", GOOD, dt.date(2024, 1, 20), "15-QĐ/TU", "Đảng đoàn HĐND tỉnh"],
            ["P", 2023, "Đảng đoàn", EXCELLENT, None, None, "dang doan uy ban mttq tinh"],  # not the name
        ]
    )
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert [(i[1], i[2]) for i in rating_issues(report)] == [(4, "Tên đảng đoàn, ban cán sự đảng")]
    rows["org_ratings"] = rows["org_ratings"][:1]
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    result = Result.objects.get(body=hdnd)
    assert (result.org_id, result.body_kind, result.decided_level, result.unit_id, result.decider_org_id) == (
        tree.P.pk,
        RatedBody.PARTY_DELEGATION,
        Level.GOOD,
        tree.P.pk,
        tree.P.pk,
    )
    assert not Result.objects.filter(body=mttq).exists()


def test_it_refuses_a_dang_doan_row_without_its_name_or_after_2025(tmp_path: Path, tree: Tree, admin: User) -> None:
    party_bodies(admin, tree)
    rows = with_ratings(
        org_ratings=[
            ["P", 2023, "Ban cán sự đảng", GOOD, None, None, None],  # no name
            ["P", 2025, "Đảng đoàn", GOOD, None, None, "Đảng đoàn HĐND tỉnh"],  # ended on 01/7/2025
            ["P", 2023, "Tổ chức đảng", GOOD, None, None, "Đảng đoàn HĐND tỉnh"],  # a name for the whole org
        ]
    )
    before = Result.objects.count()
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    issues = {i[1]: i[3] for i in rating_issues(report)}
    assert not report.applied and Result.objects.count() == before
    assert "Ghi tên ban cán sự đảng" in issues[3]
    assert "không hoạt động vào ngày 31/12/2025" in issues[4]
    assert "Chỉ ghi tên khi đối tượng là đảng đoàn" in issues[5]


def test_it_round_trips_the_rating_of_a_dang_doan(tmp_path: Path, tree: Tree, admin: User) -> None:
    hdnd, _ = party_bodies(admin, tree)
    rows = with_ratings(4, person_ratings=[person_rating(0, 2022, EXCELLENT)])
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    evaluations.result_import(
        actor=admin, year=2023, level=Level.GOOD, group=SubjectGroup.COLLECTIVE, org=tree.P, body=hdnd
    )
    before = everything()
    exported = export_people(people=Person.objects.order_by("given_name"), actor=admin)
    again = run(tmp_path, exported, actor=admin, name="export.xlsx")
    assert messages(again) == [] and again.applied and again.changes == 0
    assert again.unchanged["Xếp loại tổ chức"] == 1
    assert everything() == before


def test_it_records_who_decides_an_imported_rating_as_the_rule_set_says(
    tmp_path: Path, tree: Tree, admin: User
) -> None:
    """The workbook's bulk path and ``result_import`` name the same deciding body (``deciders.for_unit``): a
    member by the committee of his đảng ủy cơ sở, a grassroots organisation by the district's standing
    committee, a chi bộ by its đảng ủy cơ sở, with the rule's source."""
    rows = with_ratings(
        org_ratings=[["A1", 2023, ORG, GOOD, None, None], ["A1C1", 2023, ORG, GOOD, None, None]],
        person_ratings=[person_rating(0, 2023)],
    )
    assert messages(run(tmp_path, workbook_bytes(rows), actor=admin)) == []
    found = {
        (r.org.code if r.org else "person"): (r.decider_org.code if r.decider_org else None, r.decider_body)
        for r in Result.objects.select_related("org", "decider_org")
    }
    assert found == {"A1": ("A", "standing"), "A1C1": ("A1", "committee"), "person": ("A1", "committee")}
    member = Result.objects.get(person__isnull=False)
    assert member.decider_rule is not None and "HD 16-HD/BTCTW" in member.decider_rule.source


def test_it_accepts_the_abbreviations_of_the_levels(tmp_path: Path, tree: Tree, admin: User) -> None:
    rows = with_ratings(person_ratings=[person_rating(0, 2023, "HTXSNV"), person_rating(0, 2024, "httnv")])
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    assert messages(report) == [] and report.applied
    first = Person.objects.get(cccd=cccd(0))
    levels = Result.objects.filter(person=first).order_by("cycle__year").values_list("decided_level", flat=True)
    assert list(levels) == [Level.EXCELLENT, Level.GOOD]


def test_it_refuses_a_committee_rating_where_the_organisation_had_none(tmp_path: Path, tree: Tree, admin: User) -> None:
    term = people_services.term_create(actor=admin, org=tree.B1, name="2020–2025", starts_on=dt.date(2020, 10, 1))
    people_services.body_create(actor=admin, term=term, kind=Body.Kind.COMMITTEE, name="Ban Chấp hành")
    rows = with_ratings(
        org_ratings=[
            ["A1", 2023, "Tập thể cấp ủy", GOOD, None, None],  # A1 has no term, no committee
            ["B1", 2023, "Tập thể cấp ủy", GOOD, None, None],
            ["B1", 2023, "Tập thể ban thường vụ", GOOD, None, None],  # B1's term has no standing committee
        ]
    )
    before = Result.objects.count()
    report = run(tmp_path, workbook_bytes(rows), actor=admin)
    issues = {i[1]: i[3] for i in rating_issues(report)}
    assert not report.applied and Result.objects.count() == before
    assert set(issues) == {3, 5}  # the first row of a sheet is its header, the second its help
    assert "không có cấp ủy (nhiệm kỳ) vào ngày 31/12/2023" in issues[3]
    assert "không xếp loại tập thể ban thường vụ năm 2023" in issues[5]
