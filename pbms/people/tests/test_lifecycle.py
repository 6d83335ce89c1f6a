"""The membership lifecycle through the services: each rule of domain-rules §3.4 and each refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from pbms.audit.models import AuditEvent
from pbms.conftest import RESTRUCTURING, Personas, Tree
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.people import services
from pbms.people.models import CellMembership, Membership, MembershipEvent
from pbms.people.selectors import MemberStatus, membership_state
from pbms.people.tests.conftest import ADMITTED, DECISION, admit, make_person

Kind = MembershipEvent.Kind
PROBATION_END = dt.date(2024, 3, 15)


def cells(membership: Membership) -> list[tuple[str, dt.date, dt.date | None]]:
    rows = CellMembership.objects.filter(membership=membership).select_related("cell").order_by("valid_from")
    return [(r.cell.code, r.valid_from, r.valid_to) for r in rows]


def status(membership: Membership, day: dt.date) -> MemberStatus:
    membership.refresh_from_db()
    return membership_state(membership, day).status


# --- admission ------------------------------------------------------------------------------------


def test_it_admits_into_a_cell_from_the_ceremony(people: Personas, tree: Tree) -> None:
    person = make_person(people.specialist, "Phạm Minh Đức", born=dt.date(1995, 1, 2))
    membership = services.member_admit(
        actor=people.specialist,
        person=person,
        cell=tree.A1c1,
        decided_on=dt.date(2023, 3, 1),
        admitted_on=ADMITTED,
        decision_ref=DECISION,
        party_file_no="012345 bn",
        card_no="12345678",
    )
    assert membership.admitted_on == ADMITTED and membership.party_file_no == "012345BN"
    assert cells(membership) == [("A1C1", ADMITTED, None)]
    assert [(e.kind, e.date, e.cell_id) for e in membership.events.all()] == [(Kind.ADMITTED, ADMITTED, tree.A1c1.pk)]
    audit = AuditEvent.objects.get(action="member.admit")
    assert audit.changes["cell"] == [None, "Chi bộ thôn Một"] and audit.changes["decided_on"] == "2023-03-01"
    assert status(membership, ADMITTED - dt.timedelta(days=1)) == MemberStatus.NOT_MEMBER
    assert status(membership, ADMITTED) == MemberStatus.PROBATIONARY


@pytest.mark.parametrize(
    ("born", "accepted"),
    [
        (dt.date(2005, 3, 2), False),  # 17 on the decision date (turns 18 the next day)
        (dt.date(2005, 3, 1), True),  # 18 that very day
        (dt.date(1963, 3, 1), True),  # 60
        (dt.date(1962, 3, 1), False),  # 61
    ],
)
def test_it_judges_the_age_of_18_to_60_at_the_decision(
    people: Personas, tree: Tree, born: dt.date, accepted: bool
) -> None:
    person = make_person(people.specialist, "Vũ Thị Hoa", gender="F", born=born)
    decided_on = dt.date(2023, 3, 1)
    if accepted:
        services.member_admit(
            actor=people.specialist, person=person, cell=tree.A1c1, decided_on=decided_on, decision_ref=DECISION
        )
        return
    with pytest.raises(ApplicationError) as refused:
        services.member_admit(
            actor=people.specialist, person=person, cell=tree.A1c1, decided_on=decided_on, decision_ref=DECISION
        )
    assert refused.value.field == "decided_on" and "tuổi" in refused.value.message
    assert not Membership.objects.exists()


def test_it_refuses_admission_into_what_is_not_a_cell_or_did_not_exist(people: Personas, tree: Tree) -> None:
    person = make_person(people.specialist)
    with pytest.raises(ApplicationError, match="không phải chi bộ") as refused:
        admit(people.specialist, person, tree.A)  # a district committee
    assert refused.value.field == "cell"
    with pytest.raises(ApplicationError, match="không tồn tại vào ngày") as refused:
        admit(people.specialist, person, tree.A1c1, dt.date(2019, 6, 1))  # the tree starts in 2020
    assert refused.value.field == "cell"
    admit(people.specialist, person, tree.A1c1)
    with pytest.raises(ApplicationError, match="đã có đảng tịch"):
        admit(people.specialist, person, tree.A2c1)


def test_it_checks_the_party_file_number(people: Personas, tree: Tree) -> None:
    with pytest.raises(ApplicationError) as refused:
        admit(people.specialist, make_person(people.specialist), tree.A1c1, party_file_no="12345BN")
    assert refused.value.field == "party_file_no"
    admit(people.specialist, make_person(people.specialist, "Lê Văn Ba"), tree.A1c1, party_file_no="012345BN")
    with pytest.raises(ApplicationError, match="đã có") as refused:
        admit(people.specialist, make_person(people.specialist, "Lê Văn Bốn"), tree.A1c1, party_file_no="012345bn")
    assert refused.value.field == "party_file_no"


def test_it_refuses_a_ceremony_before_the_decision(people: Personas, tree: Tree) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.member_admit(
            actor=people.specialist,
            person=make_person(people.specialist),
            cell=tree.A1c1,
            decided_on=ADMITTED,
            admitted_on=ADMITTED - dt.timedelta(days=1),
            decision_ref=DECISION,
        )
    assert refused.value.field == "admitted_on"


def test_it_requires_a_decision_reference(people: Personas, tree: Tree) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.member_admit(
            actor=people.specialist,
            person=make_person(people.specialist),
            cell=tree.A1c1,
            decided_on=ADMITTED,
            decision_ref="  ",
        )
    assert refused.value.field == "decision_ref"


# --- recognition ----------------------------------------------------------------------------------


def test_it_refuses_recognition_one_day_before_the_end_of_probation(people: Personas, member_a: Membership) -> None:
    with pytest.raises(ApplicationError, match="Chưa hết 12 tháng") as refused:
        services.member_recognize(
            actor=people.specialist,
            membership=member_a,
            meeting_on=PROBATION_END - dt.timedelta(days=1),
            decision_ref="20-QĐ/ĐU",
        )
    assert refused.value.field == "meeting_on"
    services.member_recognize(
        actor=people.specialist, membership=member_a, meeting_on=PROBATION_END, decision_ref="20-QĐ/ĐU"
    )
    assert status(member_a, PROBATION_END) == MemberStatus.OFFICIAL


def test_it_makes_a_late_recognition_take_effect_at_the_end_of_probation(
    people: Personas, member_a: Membership
) -> None:
    meeting = dt.date(2024, 4, 20)
    services.member_recognize(actor=people.specialist, membership=member_a, meeting_on=meeting, decision_ref="20-QĐ/ĐU")
    member_a.refresh_from_db()
    assert member_a.official_on == PROBATION_END
    assert member_a.events.get(kind=Kind.RECOGNIZED).date == meeting
    assert status(member_a, PROBATION_END - dt.timedelta(days=1)) == MemberStatus.PROBATIONARY
    assert status(member_a, PROBATION_END) == MemberStatus.OFFICIAL  # before the meeting, once recorded
    with pytest.raises(ApplicationError, match="đã là đảng viên chính thức"):
        services.member_recognize(
            actor=people.specialist, membership=member_a, meeting_on=dt.date(2024, 5, 1), decision_ref="21-QĐ/ĐU"
        )


# --- transfer -------------------------------------------------------------------------------------


def test_it_moves_the_cell_on_the_day_of_transfer(people: Personas, tree: Tree, member_a: Membership) -> None:
    day = dt.date(2025, 3, 1)
    services.member_transfer(
        actor=people.specialist, membership=member_a, cell=tree.B1c1, date=day, decision_ref="30-GGT/HU"
    )
    assert cells(member_a) == [("A1C1", ADMITTED, day), ("B1C1", day, None)]
    event = member_a.events.get(kind=Kind.TRANSFERRED)
    assert (event.date, event.cell_id) == (day, tree.B1c1.pk)
    audit = AuditEvent.objects.get(action="member.transfer")
    assert audit.changes["cell"] == ["Chi bộ thôn Một", "Chi bộ thôn Ba"]


def test_it_refuses_a_transfer_to_the_same_cell(people: Personas, tree: Tree, member_a: Membership) -> None:
    with pytest.raises(ApplicationError, match="đang sinh hoạt") as refused:
        services.member_transfer(
            actor=people.specialist, membership=member_a, cell=tree.A1c1, date=dt.date(2024, 1, 1), decision_ref="1"
        )
    assert refused.value.field == "cell"


def test_it_refuses_a_transfer_to_a_dissolved_cell(people: Personas, tree: Tree, member_a: Membership) -> None:
    # Cell A2c1 is dissolved on 01/9/2025 (after the restructuring it sits under X).
    from pbms.orgs import services as org_services

    dissolved = dt.date(2025, 9, 1)
    org_services.org_dissolve(actor=people.admin, org=tree.A2c1, effective_date=dissolved, decision_ref="9-QĐ/ĐU")
    with pytest.raises(ApplicationError, match="không tồn tại vào ngày 01/10/2025") as refused:
        services.member_transfer(
            actor=people.specialist, membership=member_a, cell=tree.A2c1, date=dt.date(2025, 10, 1), decision_ref="1"
        )
    assert refused.value.field == "cell"
    assert cells(member_a) == [("A1C1", ADMITTED, None)]  # nothing written
    # the day before it still existed, but a stay opened then would outlive it: refused too, naming the end
    with pytest.raises(ApplicationError, match="chấm dứt hoạt động từ ngày 01/09/2025"):
        services.member_transfer(
            actor=people.specialist, membership=member_a, cell=tree.A2c1, date=dt.date(2025, 8, 31), decision_ref="1"
        )
    assert cells(member_a) == [("A1C1", ADMITTED, None)]


def test_it_refuses_a_transfer_on_the_day_the_member_arrived(people: Personas, tree: Tree) -> None:
    membership = admit(people.specialist, make_person(people.specialist), tree.A1c1)
    with pytest.raises(ApplicationError, match="phải sau ngày bắt đầu"):
        services.member_transfer(
            actor=people.specialist, membership=membership, cell=tree.A2c1, date=ADMITTED, decision_ref="1"
        )


def test_it_refuses_a_transfer_of_an_ended_membership(people: Personas, tree: Tree, member_a: Membership) -> None:
    services.member_withdraw(
        actor=people.specialist, membership=member_a, date=dt.date(2024, 6, 1), decision_ref="40-QĐ/ĐU"
    )
    with pytest.raises(ApplicationError, match="Xin ra khỏi Đảng"):
        services.member_transfer(
            actor=people.specialist, membership=member_a, cell=tree.A2c1, date=dt.date(2024, 7, 1), decision_ref="1"
        )


# --- exemption ------------------------------------------------------------------------------------


def test_it_exempts_and_ends_the_exemption_keeping_the_cell(people: Personas, member_a: Membership) -> None:
    services.member_recognize(actor=people.specialist, membership=member_a, meeting_on=PROBATION_END, decision_ref="20")
    services.member_exempt(actor=people.specialist, membership=member_a, date=dt.date(2024, 6, 1), decision_ref="50")
    with pytest.raises(ApplicationError, match="đang được miễn"):
        services.member_exempt(
            actor=people.specialist, membership=member_a, date=dt.date(2024, 7, 1), decision_ref="51"
        )
    services.member_exemption_end(
        actor=people.specialist, membership=member_a, date=dt.date(2024, 9, 1), decision_ref="52"
    )
    with pytest.raises(ApplicationError, match="không đang được miễn"):
        services.member_exemption_end(
            actor=people.specialist, membership=member_a, date=dt.date(2024, 10, 1), decision_ref="53"
        )
    assert status(member_a, dt.date(2024, 5, 31)) == MemberStatus.OFFICIAL
    state = membership_state(member_a, dt.date(2024, 6, 1))
    assert state.status == MemberStatus.EXEMPT and state.official and state.label == "miễn sinh hoạt"
    assert status(member_a, dt.date(2024, 9, 1)) == MemberStatus.OFFICIAL
    assert cells(member_a) == [("A1C1", ADMITTED, None)]


# --- leaving, death -------------------------------------------------------------------------------


def test_it_gives_the_state_on_dates_between_events(people: Personas, tree: Tree, member_a: Membership) -> None:
    services.member_recognize(
        actor=people.specialist, membership=member_a, meeting_on=dt.date(2024, 3, 20), decision_ref="20"
    )
    services.member_transfer(
        actor=people.specialist, membership=member_a, cell=tree.A2c1, date=dt.date(2024, 8, 1), decision_ref="30"
    )
    services.member_exempt(actor=people.specialist, membership=member_a, date=dt.date(2025, 1, 1), decision_ref="50")
    services.member_die(actor=people.specialist, membership=member_a, date=dt.date(2025, 5, 10))
    expected = [
        (dt.date(2023, 3, 14), MemberStatus.NOT_MEMBER),
        (dt.date(2023, 3, 15), MemberStatus.PROBATIONARY),
        (dt.date(2024, 3, 14), MemberStatus.PROBATIONARY),
        (dt.date(2024, 3, 15), MemberStatus.OFFICIAL),
        (dt.date(2024, 8, 1), MemberStatus.OFFICIAL),
        (dt.date(2024, 12, 31), MemberStatus.OFFICIAL),
        (dt.date(2025, 1, 1), MemberStatus.EXEMPT),
        (dt.date(2025, 5, 9), MemberStatus.EXEMPT),
        (dt.date(2025, 5, 10), MemberStatus.DECEASED),
        (dt.date(2026, 1, 1), MemberStatus.DECEASED),
    ]
    assert [(day, status(member_a, day)) for day, _ in expected] == expected
    assert cells(member_a) == [
        ("A1C1", ADMITTED, dt.date(2024, 8, 1)),
        ("A2C1", dt.date(2024, 8, 1), dt.date(2025, 5, 10)),
    ]
    assert membership_state(member_a, dt.date(2026, 1, 1)).label == "từ trần"


def test_it_refuses_any_event_after_death(people: Personas, tree: Tree, member_a: Membership) -> None:
    died = dt.date(2024, 6, 1)
    services.member_die(actor=people.specialist, membership=member_a, date=died, note="Ốm nặng")
    later = died + dt.timedelta(days=10)
    attempts: list[Callable[[], object]] = [
        lambda: services.member_transfer(
            actor=people.specialist, membership=member_a, cell=tree.A2c1, date=later, decision_ref="1"
        ),
        lambda: services.member_recognize(
            actor=people.specialist, membership=member_a, meeting_on=later, decision_ref="1"
        ),
        lambda: services.member_exempt(actor=people.specialist, membership=member_a, date=later, decision_ref="1"),
        lambda: services.member_strike_off(actor=people.specialist, membership=member_a, date=later, decision_ref="1"),
        lambda: services.member_die(actor=people.specialist, membership=member_a, date=later),
    ]
    for attempt in attempts:
        with pytest.raises(ApplicationError, match="Từ trần"):
            attempt()
    assert member_a.events.count() == 2


def test_it_refuses_an_event_dated_before_the_last_one(people: Personas, tree: Tree, member_a: Membership) -> None:
    services.member_transfer(
        actor=people.specialist, membership=member_a, cell=tree.A2c1, date=dt.date(2024, 8, 1), decision_ref="30"
    )
    with pytest.raises(ApplicationError, match="trước sự kiện gần nhất") as refused:
        services.member_strike_off(
            actor=people.specialist, membership=member_a, date=dt.date(2024, 7, 31), decision_ref="60"
        )
    assert refused.value.field == "date"


@pytest.mark.parametrize(
    ("end", "reason"),
    [
        (services.member_strike_off, "xóa tên"),
        (services.member_withdraw, "xin ra khỏi đảng"),
    ],
)
def test_it_ends_the_membership_and_the_cell(
    people: Personas, member_a: Membership, end: Callable[..., Membership], reason: str
) -> None:
    day = dt.date(2024, 2, 1)
    end(actor=people.specialist, membership=member_a, date=day, decision_ref="70-QĐ/ĐU")
    state = membership_state(member_a, day)
    assert state.status == MemberStatus.LEFT and state.label == f"đã ra khỏi Đảng ({reason})"
    assert cells(member_a)[-1][2] == day
    assert AuditEvent.objects.filter(object_id=str(member_a.pk), action__startswith="member.").count() == 2


def test_it_expels_only_official_members(people: Personas, member_a: Membership) -> None:
    with pytest.raises(ApplicationError, match="dự bị"):
        services.member_expel(
            actor=people.specialist, membership=member_a, date=dt.date(2023, 12, 1), decision_ref="80"
        )
    services.member_recognize(actor=people.specialist, membership=member_a, meeting_on=PROBATION_END, decision_ref="20")
    services.member_expel(actor=people.specialist, membership=member_a, date=dt.date(2024, 12, 1), decision_ref="80")
    assert membership_state(member_a, dt.date(2024, 12, 1)).label == "đã ra khỏi Đảng (khai trừ)"


# --- who may write --------------------------------------------------------------------------------


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_lets_only_the_members_side_write_its_events(people: Personas, tree: Tree, member_a: Membership) -> None:
    day = dt.date(2024, 6, 1)
    with pytest.raises(NotFoundError):
        services.member_exempt(actor=people.outsider, membership=member_a, date=day, decision_ref="1")
    with pytest.raises(ApplicationError, match="chỉ có quyền xem"):
        services.member_exempt(actor=people.viewer_a, membership=member_a, date=day, decision_ref="1")
    services.member_exempt(actor=people.staff_a, membership=member_a, date=day, decision_ref="1")
    # After the restructuring the district no longer exists: its staff cannot write there any more.
    with pytest.raises(NotFoundError):
        services.member_exemption_end(actor=people.staff_a, membership=member_a, date=RESTRUCTURING, decision_ref="2")


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_refuses_to_admit_someone_elses_person(people: Personas, tree: Tree) -> None:
    person = make_person(people.outsider, "Đinh Văn Khoa")  # created by B's staff, not yet placed
    with pytest.raises(NotFoundError):
        admit(people.staff_a, person, tree.A1c1)
    with pytest.raises(NotFoundError):
        admit(people.outsider, person, tree.A1c1)  # a cell of A
    admit(people.outsider, person, tree.B1c1)
