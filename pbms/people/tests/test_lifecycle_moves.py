"""The lifecycle beyond admission: the decision's date on every event, re-admission (kết nạp lại), and moving
out of the province and back (chuyển sinh hoạt đảng ra ngoài tỉnh), with their dates and refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.people import services
from pbms.people.models import Membership, MembershipEvent
from pbms.people.selectors import MemberStatus, membership_state
from pbms.people.tests.conftest import ADMITTED, admit, make_person
from pbms.people.tests.test_lifecycle import PROBATION_END, cells, status

Kind = MembershipEvent.Kind
OUT = dt.date(2024, 6, 1)
BACK = dt.date(2025, 2, 1)


def move_out(people: Personas, member: Membership, day: dt.date = OUT, **extra: object) -> Membership:
    values: dict[str, object] = {"decision_ref": "30-QĐ/HU", "destination": "Đảng bộ tỉnh Hà Nam", **extra}
    return services.member_move_out(actor=people.specialist, membership=member, date=day, **values)  # type: ignore[arg-type]


# --- the decision's date --------------------------------------------------------------------------


def test_it_keeps_the_decision_date_apart_from_the_effective_date(people: Personas, member_a: Membership) -> None:
    services.member_exempt(
        actor=people.specialist,
        membership=member_a,
        date=dt.date(2023, 9, 1),
        decided_on=dt.date(2023, 8, 20),
        decision_ref="9-QĐ/ĐU",
    )
    event = member_a.events.get(kind=Kind.EXEMPTED)
    assert (event.date, event.decided_on, event.decision_ref) == (dt.date(2023, 9, 1), dt.date(2023, 8, 20), "9-QĐ/ĐU")
    assert AuditEvent.objects.get(action="member.exempt").changes["decided_on"] == "2023-08-20"
    assert member_a.events.get(kind=Kind.ADMITTED).decided_on == ADMITTED  # the admission's decision


def test_it_refuses_a_decision_dated_in_the_future(people: Personas, member_a: Membership) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.member_exempt(
            actor=people.specialist,
            membership=member_a,
            date=dt.date(2023, 9, 1),
            decided_on=dt.date.today() + dt.timedelta(days=1),  # noqa: DTZ011 - the services' today
            decision_ref="9",
        )
    assert refused.value.field == "decided_on"
    assert not member_a.events.filter(kind=Kind.EXEMPTED).exists()


# --- moving out of the province and back ----------------------------------------------------------


def test_it_moves_a_member_out_of_every_cell_here(people: Personas, tree: Tree, member_a: Membership) -> None:
    move_out(people, member_a, decided_on=dt.date(2024, 5, 20))
    assert cells(member_a) == [("A1C1", ADMITTED, OUT)]
    assert status(member_a, OUT - dt.timedelta(days=1)) == MemberStatus.PROBATIONARY
    state = membership_state(member_a, OUT)
    assert (state.status, state.since, state.is_member) == (MemberStatus.AWAY, OUT, False)
    event = member_a.events.get(kind=Kind.MOVED_OUT)
    assert (event.decided_on, event.note, event.cell_id) == (
        dt.date(2024, 5, 20),
        "Chuyển đến: Đảng bộ tỉnh Hà Nam",
        tree.A1c1.pk,
    )
    audit = AuditEvent.objects.get(action="member.move_out")
    assert audit.changes["state"] == ["dự bị", "sinh hoạt đảng ngoài tỉnh"]
    assert audit.changes["destination"] == "Đảng bộ tỉnh Hà Nam"


def test_it_refuses_the_province_s_decisions_about_a_member_who_moved_out(
    people: Personas, tree: Tree, member_a: Membership
) -> None:
    move_out(people, member_a)
    later = dt.date(2024, 7, 1)
    with pytest.raises(ApplicationError, match="ngoài tỉnh"):
        services.member_exempt(actor=people.specialist, membership=member_a, date=later, decision_ref="1")
    with pytest.raises(ApplicationError, match="ngoài tỉnh"):
        services.member_strike_off(actor=people.specialist, membership=member_a, date=later, decision_ref="1")
    with pytest.raises(ApplicationError, match="ngoài tỉnh"):
        services.member_recognize(
            actor=people.specialist, membership=member_a, meeting_on=PROBATION_END, decision_ref="1"
        )
    with pytest.raises(ApplicationError, match="không còn sinh hoạt"):
        services.member_transfer(
            actor=people.specialist, membership=member_a, cell=tree.B1c1, date=later, decision_ref="1"
        )
    with pytest.raises(ApplicationError, match="không còn sinh hoạt"):
        move_out(people, member_a, later)
    with pytest.raises(ApplicationError, match="Nơi chuyển đến"):
        move_out(people, member_a, later, destination=" ")


def test_it_receives_a_member_back_into_a_cell(people: Personas, tree: Tree, member_a: Membership) -> None:
    move_out(people, member_a)
    services.member_move_in(
        actor=people.specialist, membership=member_a, cell=tree.B1c1, date=BACK, decision_ref="4-QĐ/TU"
    )
    assert cells(member_a) == [("A1C1", ADMITTED, OUT), ("B1C1", BACK, None)]
    assert status(member_a, BACK - dt.timedelta(days=1)) == MemberStatus.AWAY
    assert status(member_a, BACK) == MemberStatus.PROBATIONARY  # not recognised while away (not here, at least)
    services.member_recognize(
        actor=people.specialist, membership=member_a, meeting_on=BACK + dt.timedelta(days=10), decision_ref="9"
    )
    member_a.refresh_from_db()
    assert member_a.official_on == PROBATION_END
    assert status(member_a, BACK + dt.timedelta(days=10)) == MemberStatus.OFFICIAL
    assert [e.kind for e in member_a.events.all()] == [Kind.ADMITTED, Kind.MOVED_OUT, Kind.MOVED_IN, Kind.RECOGNIZED]
    assert AuditEvent.objects.get(action="member.move_in").changes["cell"] == [None, "Chi bộ thôn Ba"]


def test_it_refuses_to_receive_back_someone_who_is_not_away(people: Personas, tree: Tree, member_a: Membership) -> None:
    with pytest.raises(ApplicationError, match="không sinh hoạt đảng ngoài tỉnh"):
        services.member_move_in(
            actor=people.specialist, membership=member_a, cell=tree.B1c1, date=BACK, decision_ref="4"
        )
    move_out(people, member_a)
    with pytest.raises(ApplicationError, match="thứ tự thời gian"):
        services.member_move_in(
            actor=people.specialist,
            membership=member_a,
            cell=tree.B1c1,
            date=OUT - dt.timedelta(days=1),
            decision_ref="4",
        )
    with pytest.raises(ApplicationError, match="sau ngày có hiệu lực"):
        services.member_move_in(
            actor=people.specialist,
            membership=member_a,
            cell=tree.B1c1,
            date=BACK,
            decided_on=BACK + dt.timedelta(days=1),
            decision_ref="4",
        )


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_lets_only_the_receiving_side_take_a_member_back(people: Personas, tree: Tree, member_a: Membership) -> None:
    move_out(people, member_a)
    with pytest.raises(NotFoundError):
        services.member_move_in(actor=people.staff_a, membership=member_a, cell=tree.B1c1, date=BACK, decision_ref="4")
    services.member_move_in(actor=people.outsider, membership=member_a, cell=tree.B1c1, date=BACK, decision_ref="4")


# --- re-admission ---------------------------------------------------------------------------------


def struck_off(people: Personas, member: Membership, day: dt.date = dt.date(2023, 10, 1)) -> Membership:
    return services.member_strike_off(actor=people.specialist, membership=member, date=day, decision_ref="77-QĐ/ĐU")


def readmit(people: Personas, member: Membership, cell: object, decided: dt.date, **extra: object) -> Membership:
    return services.member_readmit(
        actor=people.specialist,
        membership=member,
        cell=cell,  # type: ignore[arg-type]
        decided_on=decided,
        decision_ref="5-QĐ/TU",
        **extra,  # type: ignore[arg-type]
    )


def test_it_readmits_with_a_new_probation_and_keeps_the_first_dates(
    people: Personas, tree: Tree, member_a: Membership
) -> None:
    struck_off(people, member_a)
    again, ceremony = dt.date(2025, 8, 1), dt.date(2025, 8, 20)
    readmit(people, member_a, tree.B1c1, again, admitted_on=ceremony)
    member_a.refresh_from_db()
    assert (member_a.admitted_on, member_a.official_on) == (ADMITTED, None)  # nothing overwritten
    assert status(member_a, dt.date(2024, 1, 1)) == MemberStatus.LEFT
    assert membership_state(member_a, ceremony).status == MemberStatus.PROBATIONARY
    assert cells(member_a)[-1] == ("B1C1", ceremony, None)
    event = member_a.events.get(kind=Kind.READMITTED)
    assert (event.date, event.decided_on, event.cell_id) == (ceremony, again, tree.B1c1.pk)
    assert AuditEvent.objects.get(action="member.readmit").changes["state"][1] == "dự bị"
    with pytest.raises(ApplicationError, match=r"Chưa hết 12 tháng dự bị \(kết nạp lại"):
        services.member_recognize(
            actor=people.specialist, membership=member_a, meeting_on=dt.date(2026, 8, 19), decision_ref="9"
        )
    services.member_recognize(
        actor=people.specialist, membership=member_a, meeting_on=dt.date(2026, 9, 1), decision_ref="9"
    )
    member_a.refresh_from_db()
    assert member_a.official_on is None
    state = membership_state(member_a, dt.date(2026, 9, 1))
    assert (state.status, state.since) == (MemberStatus.OFFICIAL, dt.date(2026, 8, 20))
    with pytest.raises(ApplicationError, match="đã là đảng viên chính thức"):
        services.member_recognize(
            actor=people.specialist, membership=member_a, meeting_on=dt.date(2026, 10, 1), decision_ref="9"
        )


def test_it_refuses_a_readmission_of_a_member_or_of_the_dead(
    people: Personas, tree: Tree, member_a: Membership
) -> None:
    with pytest.raises(ApplicationError, match="chưa ra khỏi Đảng"):
        readmit(people, member_a, tree.A1c1, dt.date(2025, 8, 1))
    struck_off(people, member_a)
    with pytest.raises(ApplicationError, match="phải sau ngày ra khỏi Đảng"):
        readmit(people, member_a, tree.A1c1, dt.date(2023, 10, 1))
    with pytest.raises(ApplicationError, match="Kết nạp lại"):
        admit(people.specialist, member_a.person, tree.A1c1)
    other = admit(people.specialist, make_person(people.specialist, "Lý Văn Tâm"), tree.A1c1)
    services.member_die(actor=people.specialist, membership=other, date=dt.date(2024, 1, 5))
    with pytest.raises(ApplicationError, match="từ trần"):
        readmit(people, other, tree.A1c1, dt.date(2025, 8, 1))


def test_it_judges_the_age_at_the_readmission_decision(people: Personas, tree: Tree) -> None:
    person = make_person(people.specialist, "Hà Văn Lộc", born=dt.date(1964, 6, 1))
    member = admit(people.specialist, person, tree.A1c1)
    struck_off(people, member)
    with pytest.raises(ApplicationError, match="tuổi"):
        readmit(people, member, tree.A1c1, dt.date(2025, 6, 1))  # 61
    assert member.events.count() == 2


def test_it_shows_the_moves_and_the_readmission_on_the_file(people: Personas, tree: Tree, member_a: Membership) -> None:
    struck_off(people, member_a)
    readmit(people, member_a, tree.B1c1, dt.date(2024, 2, 1))
    move_out(people, member_a, dt.date(2025, 3, 1), decided_on=dt.date(2025, 2, 20))
    # the file as of the last day here (a member away is in nobody's scope after that, like one who left)
    page = logged_in(people.specialist).get(f"/can-bo/{member_a.person_id}/?ngay=28/02/2025").content.decode()
    for text in ("Kết nạp lại", "Chuyển sinh hoạt đảng ra ngoài tỉnh", "20/02/2025", "Chuyển đến: Đảng bộ tỉnh Hà Nam"):
        assert text in page


def test_it_records_a_move_out_and_back_through_the_form(people: Personas, tree: Tree, member_a: Membership) -> None:
    client = logged_in(people.specialist)
    # the file opened as of a day the member was here (after 01/06/2024 he is in nobody's scope)
    url = f"/can-bo/{member_a.person_id}/dang-tich/?ngay=31/05/2024"
    form = {"kind": "move_out", "date": "01/06/2024", "decided_on": "20/05/2024", "decision_ref": "30-QĐ/HU"}
    missing = client.post(url, form)
    assert missing.status_code == 200 and "Nơi chuyển đến" in missing.content.decode()
    assert client.post(url, {**form, "destination": "Đảng bộ tỉnh Hà Nam"}).status_code == 302
    back = {"kind": "move_in", "date": "01/02/2025", "decision_ref": "4-QĐ/TU", "cell_code": "B1C1"}
    assert client.post(url, back).status_code == 302
    assert [e.kind for e in member_a.events.all()] == [Kind.ADMITTED, Kind.MOVED_OUT, Kind.MOVED_IN]
    assert member_a.events.get(kind=Kind.MOVED_OUT).decided_on == dt.date(2024, 5, 20)
