"""The edit forms of the person file: each calls its service, refusals come back in Vietnamese, scope holds."""

from __future__ import annotations

import datetime as dt

import pytest

from pbms.conftest import Personas, Tree, logged_in
from pbms.people.models import Membership, MembershipEvent, Person, Position, Qualification, Training
from pbms.people.tests.conftest import make_member

DAY = "?ngay=31/12/2024"


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_adds_a_person_and_admits_them_in_one_step(people: Personas, tree: Tree) -> None:
    client = logged_in(people.outsider)
    form = {
        "family_name": "Phạm",
        "middle_name": "Thị",
        "given_name": "Hoa",
        "gender": "F",
        "birth_date": "02/03/1995",
        "cccd": "",
        "place_of_origin": "Bình An",
        "ethnicity": "01",
        "religion": "00",
        "kn-cell_code": "b1c1",
        "kn-decided_on": "10/10/2024",
        "kn-decision_ref": "7-QĐ/ĐU",
        "kn-party_file_no": "",
    }
    response = client.post(f"/can-bo/moi/{DAY}", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(given_name="Hoa")
    assert Membership.objects.get(person=person).admitted_on >= dt.date(2024, 10, 10)


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_keeps_nothing_when_the_admission_is_refused(people: Personas, tree: Tree) -> None:
    client = logged_in(people.outsider)
    form = {
        "family_name": "Phạm",
        "middle_name": "",
        "given_name": "Nhỏ",
        "gender": "M",
        "birth_date": "02/03/2010",
        "ethnicity": "01",
        "religion": "00",
        "kn-cell_code": "B1C1",
        "kn-decided_on": "10/10/2024",
        "kn-decision_ref": "8-QĐ/ĐU",
    }
    page = client.post(f"/can-bo/moi/{DAY}", form).content.decode()
    assert "18 tuổi" in page
    assert not Person.objects.filter(given_name="Nhỏ").exists()  # the person was not kept either
    other = client.post(f"/can-bo/moi/{DAY}", {**form, "kn-cell_code": "A1C1", "birth_date": "02/03/1990"})
    assert "Không có tổ chức mã" in other.content.decode()


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_records_lifecycle_events_and_refuses_early_recognition(people: Personas, tree: Tree) -> None:
    member = make_member(people.admin, tree.B1c1, "Trần Văn Bình", on=dt.date(2024, 3, 15))
    client = logged_in(people.outsider)
    url = f"/can-bo/{member.person_id}/dang-tich/{DAY}"
    early = client.post(url, {"kind": "recognize", "date": "14/03/2025", "decision_ref": "1-QĐ/ĐU"})
    assert early.status_code == 200 and 'class="errors"' in early.content.decode()
    assert not MembershipEvent.objects.filter(membership=member, kind="recognized").exists()
    ok = client.post(url, {"kind": "recognize", "date": "20/03/2025", "decision_ref": "1-QĐ/ĐU"})
    assert ok.status_code == 302
    assert MembershipEvent.objects.filter(membership=member, kind="recognized").exists()


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_adds_qualification_position_and_training(people: Personas, tree: Tree) -> None:
    member = make_member(people.admin, tree.B1c1, "Trần Văn Bình")
    client = logged_in(people.outsider)
    base = f"/can-bo/{member.person_id}"
    from pbms.people.models import Code

    level = Code.objects.get(list="education", code="THS")
    assert client.post(f"{base}/trinh-do/{DAY}", {"level": level.pk, "obtained_on": "01/06/2020"}).status_code == 302
    assert Qualification.objects.filter(person_id=member.person_id, level=level).exists()
    post = {
        "org_code": "B1",
        "title": "Bí thư Đảng ủy",
        "is_head": "on",
        "categories": ["lanh-dao-cap-xa"],
        "valid_from": "01/01/2021",
        "decision_ref": "3-QĐ/HU",
    }
    assert client.post(f"{base}/chuc-vu/{DAY}", post).status_code == 302
    position = Position.objects.get(person_id=member.person_id)
    assert list(position.categories.values_list("code", flat=True)) == ["lanh-dao-cap-xa"]
    end = client.post(f"{base}/chuc-vu/{position.pk}/ket-thuc/{DAY}", {"valid_to": "01/01/2020"})
    assert end.status_code == 200 and Position.objects.get(pk=position.pk).valid_to is None
    training = {
        "course": "Lớp bồi dưỡng cấp ủy viên",
        "category": "xay-dung-dang",
        "starts_on": "01/06/2024",
        "ends_on": "05/06/2024",
        "completed": "on",
    }
    assert client.post(f"{base}/boi-duong/{DAY}", training).status_code == 302
    assert Training.objects.filter(person_id=member.person_id, completed=True).exists()


def test_it_keeps_writers_to_their_scope(people: Personas, tree: Tree) -> None:
    in_a = make_member(people.admin, tree.A1c1, "Nguyễn Thị Ánh", gender="F")
    assert logged_in(people.outsider).get(f"/can-bo/{in_a.person_id}/sua/{DAY}").status_code == 404
    assert logged_in(people.viewer_a).get(f"/can-bo/{in_a.person_id}/sua/{DAY}").status_code == 403
    assert logged_in(people.staff_a).get(f"/can-bo/{in_a.person_id}/sua/{DAY}").status_code == 200
    refused = logged_in(people.outsider).post(
        f"/can-bo/{in_a.person_id}/dang-tich/{DAY}", {"kind": "die", "date": "01/12/2024"}
    )
    assert refused.status_code == 404
    assert not MembershipEvent.objects.filter(membership=in_a, kind="died").exists()
