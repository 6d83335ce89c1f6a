"""Đảng đoàn and ban cán sự đảng on the province's decision board: each row named by the body's own name (on
the page, in the Excel and Word files, in a bulk step's refusal), and each capped only by the disciplines of
its own members, as ``selectors.org_facts`` reads one body at a time."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pbms.conftest import Tree, logged_in
from pbms.evaluations import discipline_services, services
from pbms.evaluations.board import unit_board
from pbms.evaluations.board_services import BulkError, result_propose_bulk
from pbms.evaluations.models import Cycle, DisciplineForm, Level, Result, SubjectGroup
from pbms.evaluations.selectors import org_facts
from pbms.evaluations.tests.conftest import Cast
from pbms.people import services as people_services
from pbms.people.models import Body, Term
from pbms.people.tests.conftest import make_member

COUNCIL, FRONT, GOVERNMENT = "Đảng đoàn HĐND tỉnh", "Đảng đoàn Ủy ban MTTQ tỉnh", "Ban cán sự đảng UBND tỉnh"


def party_body(cast: Cast, tree: Tree, kind: str, name: str) -> Body:
    term = Term.objects.filter(org=tree.P, name="2020–2025").first() or people_services.term_create(
        actor=cast.specialist,
        org=tree.P,
        name="2020–2025",
        starts_on=dt.date(2020, 10, 15),
        ends_on=dt.date(2025, 10, 15),
    )
    return people_services.body_create(actor=cast.specialist, term=term, kind=kind, name=name)


def open_body(cast: Cast, cycle: Cycle, body: Body) -> Result:
    return services.result_open(actor=cast.specialist, cycle=cycle, body=body, group=SubjectGroup.COLLECTIVE)


def province(cycle: Cycle, tree: Tree, tail: str = "") -> str:
    return f"/danh-gia/{cycle.pk}/{tree.P.pk}/{tail}"


@pytest.mark.django_db
def test_a_party_body_row_bears_the_body_s_own_name_on_the_board_and_in_the_files(
    cast: Cast, cycle: Cycle, tree: Tree, django_assert_num_queries: Any
) -> None:
    council = open_body(cast, cycle, party_body(cast, tree, Body.Kind.PARTY_DELEGATION, COUNCIL))
    client = logged_in(cast.specialist)
    with CaptureQueriesContext(connection) as one_body:
        client.get(province(cycle, tree))
    open_body(cast, cycle, party_body(cast, tree, Body.Kind.PARTY_DELEGATION, FRONT))
    open_body(cast, cycle, party_body(cast, tree, Body.Kind.PARTY_AFFAIRS, GOVERNMENT))
    board = unit_board(actor=cast.specialist, cycle=cycle, unit_id=tree.P.pk, page=1)
    assert [row.name for row in board.rows] == [GOVERNMENT, COUNCIL, FRONT]  # by kind's order, then by name
    with django_assert_num_queries(len(one_body)):  # the names come with the rows: no query per row
        page = client.get(province(cycle, tree)).content.decode()
    assert COUNCIL in page and "Đảng đoàn Đảng bộ tỉnh" not in page
    sheet = load_workbook(io.BytesIO(client.get(province(cycle, tree, "xuat-excel/")).content)).active
    assert sheet is not None
    names = [row[1] for row in sheet.iter_rows(min_row=6, values_only=True)]
    assert names == [GOVERNMENT, COUNCIL, FRONT]
    # nothing decided yet: no announcement (only decided results are announced)
    nothing = client.get(province(cycle, tree, "bao-cao/"), follow=True)
    assert "chưa lập được thông báo kết quả" in nothing.content.decode()
    with pytest.raises(BulkError) as refused:  # a refusal names the body too
        result_propose_bulk(actor=cast.specialist, cycle=cycle, unit_id=tree.P.pk, levels={council.pk: Level.GOOD})
    assert [row.name for row in refused.value.rows] == [COUNCIL]


@pytest.mark.django_db
def test_a_disciplined_member_caps_only_the_party_body_he_sits_on(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    council_body = party_body(cast, tree, Body.Kind.PARTY_DELEGATION, COUNCIL)
    front_body = party_body(cast, tree, Body.Kind.PARTY_DELEGATION, FRONT)
    member = make_member(cast.specialist, tree.A1c1, "Trần Văn Bảo", dt.date(2020, 3, 1)).person
    people_services.body_seat_add(
        actor=cast.specialist, body=council_body, person=member, role="member", valid_from=dt.date(2021, 1, 5)
    )
    discipline_services.discipline_record(
        actor=cast.decider, person=member, form=DisciplineForm.REPRIMAND, date=dt.date(2024, 5, 2), decision_ref="7"
    )
    council, front = open_body(cast, cycle, council_body), open_body(cast, cycle, front_body)
    board = unit_board(actor=cast.specialist, cycle=cycle, unit_id=tree.P.pk, page=1)
    ceilings = {row.result.pk: row.ceiling for row in board.rows}
    assert ceilings[council.pk].level != Level.EXCELLENT and "Trần Văn Bảo" in ceilings[council.pk].reason
    assert ceilings[front.pk].level == Level.EXCELLENT and not ceilings[front.pk].limits
    page = logged_in(cast.specialist).get(province(cycle, tree)).content.decode()
    assert page.count("Trần Văn Bảo") == 1
    # the board reads what the one-body read says
    assert not org_facts(tree.P, front.body_kind, cycle, body_id=front_body.pk).member_disciplines
    assert org_facts(tree.P, council.body_kind, cycle, body_id=council_body.pk).member_disciplines


@pytest.mark.django_db
def test_the_province_s_office_self_assesses_a_party_body_from_its_row(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    council = open_body(cast, cycle, party_body(cast, tree, Body.Kind.PARTY_DELEGATION, COUNCIL))
    client = logged_in(cast.specialist)
    assert province(cycle, tree, f"tu-danh-gia/{council.pk}/") in client.get(province(cycle, tree)).content.decode()
    page = client.get(province(cycle, tree, f"tu-danh-gia/{council.pk}/")).content.decode()
    assert f"<tr><th>Tập thể</th><td>{COUNCIL}</td></tr>" in page
    data = {"strengths": "Lãnh đạo HĐND tỉnh hoàn thành các kỳ họp.", "level": Level.GOOD}
    assert client.post(province(cycle, tree, f"tu-danh-gia/{council.pk}/"), data).status_code == 302
    assert Result.objects.get(pk=council.pk).self_level == Level.GOOD
    # a district's office sees no province board, let alone its đảng đoàn
    assert logged_in(cast.decider).get(province(cycle, tree, f"tu-danh-gia/{council.pk}/")).status_code == 404
