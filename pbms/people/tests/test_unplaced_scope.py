"""A person not yet anywhere (a cadre who is not a party member, entered before his post) is in the scope of
whoever entered him: nobody creates a record he then cannot see or complete. Nobody else sees him."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pbms.conftest import Personas, Tree, logged_in
from pbms.people import services
from pbms.people.models import CodeList, Person
from pbms.people.selectors import person_list
from pbms.people.tests.conftest import code
from pbms.people.workbook.apply import import_workbook
from pbms.people.workbook.sample import cccd, workbook_bytes
from pbms.people.workbook.spec import PEOPLE

TODAY = dt.date(2026, 11, 23)
NAMES = ("An", "Bình", "Cúc")


def non_members() -> dict[str, list[list[object]]]:
    """Three cadres who are not party members: no party columns, no post, no seat."""
    return {
        PEOPLE.key: [
            ["Lê", "Văn", given, "Nam", dt.date(1980, 1, 1 + i), cccd(i), "Xã An Phú", "01", "00"] + [None] * 6
            for i, given in enumerate(NAMES)
        ]
    }


def test_it_shows_imported_non_members_to_the_specialist_who_imported_them(tmp_path: Path, people: Personas) -> None:
    path = tmp_path / "ngoai-dang.xlsx"
    path.write_bytes(workbook_bytes(non_members()))  # type: ignore[arg-type]
    report = import_workbook(path=path, file_name=path.name, actor=people.specialist, dry_run=False, today=TODAY)
    assert report.applied and report.created["Cán bộ, đảng viên"] == 3
    listed = [p.given_name for p in person_list(actor=people.specialist, day=TODAY).rows]
    assert listed == list(NAMES)
    client = logged_in(people.specialist)
    for person in Person.objects.all():
        assert client.get(f"/can-bo/{person.pk}/").status_code == 200
        assert client.get(f"/can-bo/{person.pk}/sua/").status_code == 200  # and he can complete the record
    # nobody else: not the district office, not a view-only account, not the cell secretary
    for other in (people.staff_a, people.viewer_a, people.outsider, people.secretary):
        assert person_list(actor=other, day=TODAY).rows == []
        assert logged_in(other).get(f"/can-bo/{Person.objects.first().pk}/").status_code == 404  # type: ignore[union-attr]


def test_it_shows_a_person_entered_by_the_form_without_admission_to_its_author(people: Personas, tree: Tree) -> None:
    client = logged_in(people.staff_a)
    form = {
        "family_name": "Vũ",
        "middle_name": "Thị",
        "given_name": "Hạnh",
        "gender": "F",
        "birth_date": "02/03/1985",
        "ethnicity": "01",
        "religion": "00",
    }
    response = client.post("/can-bo/moi/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(given_name="Hạnh")
    assert person.created_by == people.staff_a
    assert client.get(response["Location"]).status_code == 200  # the page the form sends him to
    assert [p.pk for p in person_list(actor=people.staff_a, day=TODAY).rows] == [person.pk]
    assert logged_in(people.outsider).get(f"/can-bo/{person.pk}/").status_code == 404


def test_it_hands_the_person_to_the_place_once_placed(people: Personas, tree: Tree) -> None:
    person = services.person_create(
        actor=people.staff_a,
        family_name="Đinh",
        given_name="Khoa",
        gender="M",
        birth_date=dt.date(1979, 5, 6),
        ethnicity=code(CodeList.ETHNICITY, "01"),
        religion=code(CodeList.RELIGION, "00"),
    )
    assert [p.pk for p in person_list(actor=people.staff_a, day=TODAY).rows] == [person.pk]
    services.position_start(
        actor=people.admin, person=person, org=tree.Y, title="Chủ tịch UBND xã", valid_from=dt.date(2025, 7, 1)
    )
    assert person_list(actor=people.staff_a, day=TODAY).rows == []  # Y is not in A's subtree
    assert [p.pk for p in person_list(actor=people.specialist, day=TODAY).rows] == [person.pk]
