"""Discipline and suspension records: the minimal inspection data the ranking's ceilings need (a
disciplined member is not above "Không hoàn thành nhiệm vụ"; a suspended member is not ranked). The full
inspection module comes later."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from pbms.accounts.models import User
from pbms.accounts.selectors import actor_can_write, actor_is_admin
from pbms.audit.services import audit_record
from pbms.evaluations import selectors
from pbms.evaluations.models import Discipline, DisciplineForm, Suspension
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.orgs.models import Organization
from pbms.people.models import Membership, Person
from pbms.people.selectors import MemberStatus, membership_state

PERSON_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISMISSAL, DisciplineForm.EXPULSION)
PROBATIONARY_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING)
ORG_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISSOLUTION)


@transaction.atomic
def discipline_record(
    *,
    actor: User,
    form: str,
    date: dt.date,
    decision_ref: str,
    person: Person | None = None,
    org: Organization | None = None,
    self_detected_and_remedied: bool = False,
    note: str = "",
) -> Discipline:
    if (person is None) == (org is None):
        raise ApplicationError("Kỷ luật phải ghi cho một đảng viên hoặc một tổ chức đảng.")
    if not decision_ref.strip():
        raise ApplicationError("Phải ghi số quyết định kỷ luật.", field="decision_ref")
    if person is not None:
        if form not in PERSON_FORMS:
            raise ApplicationError("Hình thức kỷ luật đảng viên: khiển trách, cảnh cáo, cách chức, khai trừ.")
        state = membership_state(Membership.objects.filter(person=person).first(), date)
        if state.status == MemberStatus.PROBATIONARY and form not in PROBATIONARY_FORMS:
            raise ApplicationError("Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo.", field="form")
        unit_id = selectors.person_unit_id(person, date)
    else:
        assert org is not None
        if form not in ORG_FORMS:
            raise ApplicationError("Hình thức kỷ luật tổ chức đảng: khiển trách, cảnh cáo, giải tán.")
        unit_id = org.pk
    if not actor_is_admin(actor) and (unit_id is None or not actor_can_write(actor=actor, org_id=unit_id, day=date)):
        raise NotFoundError()
    row = Discipline.objects.create(
        person=person,
        org=org,
        form=form,
        date=date,
        decision_ref=decision_ref.strip(),
        self_detected_and_remedied=self_detected_and_remedied,
        note=note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="evaluations.discipline_record",
        obj=row,
        changes={"form": form, "date": date.isoformat(), "self_detected": self_detected_and_remedied},
    )
    return row


@transaction.atomic
def suspension_record(
    *,
    actor: User,
    person: Person,
    starts_on: dt.date,
    decision_ref: str,
    ends_on: dt.date | None = None,
    note: str = "",
) -> Suspension:
    """Đình chỉ sinh hoạt đảng (a suspended member is not ranked), by whoever enters data for his unit."""
    if not decision_ref.strip():
        raise ApplicationError("Phải ghi số quyết định đình chỉ.", field="decision_ref")
    if ends_on is not None and ends_on <= starts_on:
        raise ApplicationError("Ngày kết thúc phải sau ngày bắt đầu đình chỉ.", field="ends_on")
    unit_id = selectors.person_unit_id(person, starts_on)
    if not actor_is_admin(actor) and (
        unit_id is None or not actor_can_write(actor=actor, org_id=unit_id, day=starts_on)
    ):
        raise NotFoundError()
    row = Suspension.objects.create(
        person=person, starts_on=starts_on, ends_on=ends_on, decision_ref=decision_ref.strip(), note=note
    )
    audit_record(
        actor=actor,
        action="evaluations.suspension_record",
        obj=row,
        changes={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat() if ends_on else None},
    )
    return row
