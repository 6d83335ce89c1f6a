"""The person list and file as each persona sees them: content, scope (404 outside), audit, query counts."""

from __future__ import annotations

import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in
from pbms.evaluations.discipline_services import discipline_record
from pbms.evaluations.models import Level, Result, ResultState, SubjectGroup
from pbms.evaluations.services import result_import
from pbms.people.tests.conftest import make_member

DAY = "ngay=31/12/2024"


def members(people: Personas, tree: Tree) -> tuple[int, int]:
    a = make_member(people.admin, tree.A1c1, "Nguyễn Thị Ánh", gender="F")
    b = make_member(people.admin, tree.B1c1, "Trần Văn Bình")
    return a.person_id, b.person_id


def test_it_lists_people_in_vietnamese_order_and_finds_them_without_diacritics(people: Personas, tree: Tree) -> None:
    members(people, tree)
    make_member(people.admin, tree.A1c1, "Lê Văn An")
    client = logged_in(people.specialist)
    page = client.get(f"/can-bo/?{DAY}").content.decode()
    assert page.index("Lê Văn An") < page.index("Nguyễn Thị Ánh") < page.index("Trần Văn Bình")
    found = client.get(f"/can-bo/?{DAY}&q=thi anh").content.decode()
    assert "Nguyễn Thị Ánh" in found and "Trần Văn Bình" not in found
    partial = client.get(f"/can-bo/?{DAY}&q=binh", headers={"HX-Request": "true", "HX-Target": "people-results"})
    assert "Trần Văn Bình" in partial.content.decode() and "<html" not in partial.content.decode()


def test_it_filters_by_organisation_and_gender(people: Personas, tree: Tree) -> None:
    members(people, tree)
    client = logged_in(people.specialist)
    only_a = client.get(f"/can-bo/?{DAY}&org=a").content.decode()
    assert "Nguyễn Thị Ánh" in only_a and "Trần Văn Bình" not in only_a
    women = client.get(f"/can-bo/?{DAY}&gender=F").content.decode()
    assert "Nguyễn Thị Ánh" in women and "Trần Văn Bình" not in women
    unknown = client.get(f"/can-bo/?{DAY}&org=KHONGCO").content.decode()
    assert "Không có tổ chức mã" in unknown and "Trần Văn Bình" not in unknown


def test_it_hides_another_districts_people(people: Personas, tree: Tree) -> None:
    in_a, in_b = members(people, tree)
    client = logged_in(people.outsider)
    listing = client.get(f"/can-bo/?{DAY}").content.decode()
    assert "Trần Văn Bình" in listing and "Nguyễn Thị Ánh" not in listing
    assert client.get(f"/can-bo/{in_a}/?{DAY}").status_code == 404
    assert client.get(f"/can-bo/{in_b}/?{DAY}").status_code == 200
    assert client.get(f"/can-bo/?{DAY}&org=A").status_code == 200  # the filter is refused, not the page
    assert logged_in(people.nobody).get(f"/can-bo/{in_b}/?{DAY}").status_code == 404


def test_it_records_who_opened_a_file(people: Personas, tree: Tree) -> None:
    _, in_b = members(people, tree)
    page = logged_in(people.outsider).get(f"/can-bo/{in_b}/?{DAY}").content.decode()
    assert "Trần Văn Bình" in page and "Kết nạp" in page and "Chi bộ thôn Ba" in page
    event = AuditEvent.objects.get(action="person.view")
    assert event.actor_id == people.outsider.pk and event.object_id == str(in_b)


def test_it_exports_the_filtered_list_with_the_mark(people: Personas, tree: Tree) -> None:
    members(people, tree)
    response = logged_in(people.outsider).get(f"/can-bo/xuat-excel/?{DAY}&mau=7")
    assert response.status_code == 200
    text = " ".join(
        str(v)
        for ws in load_workbook(io.BytesIO(response.content)).worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    assert "MẬT" in text and "Trần" in text and "Nguyễn Thị" not in text
    assert AuditEvent.objects.filter(action="person.export", actor_id=people.outsider.pk).exists()


def test_it_renders_the_list_and_the_file_in_constant_queries(people: Personas, tree: Tree) -> None:
    members(people, tree)
    client = logged_in(people.specialist)
    client.get(f"/can-bo/?{DAY}")

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    person_id = make_member(people.admin, tree.B1c1, "Đỗ Văn Cường").person_id
    small = (count(f"/can-bo/?{DAY}"), count(f"/can-bo/{person_id}/?{DAY}"))
    given = ["An", "Bảo", "Cúc", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Phúc", "Quân"]
    for i, name in enumerate(given):
        make_member(people.admin, tree.A2c1, f"Phạm Văn {name}", born=dt.date(1980 + i, 1, 2))
    big = (count(f"/can-bo/?{DAY}"), count(f"/can-bo/{person_id}/?{DAY}"))
    assert small == big


def test_it_shows_the_decided_ratings_and_the_discipline_in_the_file(people: Personas, tree: Tree) -> None:
    cuong = make_member(people.admin, tree.A2c1, "Đỗ Văn Cường", dt.date(2021, 3, 1)).person
    result_import(actor=people.admin, year=2022, level=Level.GOOD, group=SubjectGroup.MEMBER, person=cuong)
    result_import(
        actor=people.admin,
        year=2023,
        level=Level.EXCELLENT,
        group=SubjectGroup.MEMBER,
        person=cuong,
        decision_ref="15-QĐ/ĐU",
        decided_on=dt.date(2024, 1, 10),
    )
    # 2024 is still being decided: a proposal is not part of the file.
    proposed = result_import(
        actor=people.admin, year=2024, level=Level.COMPLETE, group=SubjectGroup.MEMBER, person=cuong
    )
    Result.objects.filter(pk=proposed.pk).update(state=ResultState.PROPOSED, proposed_level=Level.COMPLETE)
    discipline_record(
        actor=people.admin, person=cuong, form="reprimand", date=dt.date(2024, 3, 5), decision_ref="07-QĐ/UBKT"
    )
    page = logged_in(people.staff_a).get(f"/can-bo/{cuong.pk}/?{DAY}").content.decode()
    ratings = page.split('id="ratings"')[1].split("</section>")[0]
    assert ratings.index("2023") < ratings.index("2022")  # latest first
    assert "Hoàn thành xuất sắc nhiệm vụ" in ratings and "15-QĐ/ĐU ngày 10/01/2024" in ratings
    assert "<td>2024</td>" not in ratings and "<td>2023</td>" in ratings
    discipline = page.split('id="discipline"')[1].split("</section>")[0]
    assert "05/03/2024" in discipline and "Khiển trách" in discipline and "07-QĐ/UBKT" in discipline
    # Another district's office still gets no file at all.
    assert logged_in(people.outsider).get(f"/can-bo/{cuong.pk}/?{DAY}").status_code == 404


def _title(content: bytes) -> str:
    return str(load_workbook(io.BytesIO(content)).active["A2"].value)


def test_it_heads_form_7_with_the_chi_bo_it_was_exported_for(people: Personas, tree: Tree) -> None:
    members(people, tree)
    client = logged_in(people.outsider)
    one_cell = client.get(f"/can-bo/xuat-excel/?{DAY}&mau=7&org=B1C1")
    assert one_cell.status_code == 200
    assert _title(one_cell.content) == "Sổ danh sách đảng viên – Chi bộ thôn Ba, Đảng bộ xã Cẩm Lý (Mẫu 7-HSĐV)"
    # A đảng bộ's list spans its chi bộ: no chi bộ named.
    committee = client.get(f"/can-bo/xuat-excel/?{DAY}&mau=7&org=B1")
    assert _title(committee.content) == "Sổ danh sách đảng viên (Mẫu 7-HSĐV)"
    # A chi bộ outside the user's scope is neither exported nor named.
    assert client.get(f"/can-bo/xuat-excel/?{DAY}&mau=7&org=A1C1").status_code == 404
