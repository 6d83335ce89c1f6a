"""Writes of the dated parts of a file: qualifications, positions (with their management categories) and
training. A position ends by setting its end; nothing is deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction

from pbms.accounts.models import User
from pbms.accounts.selectors import require_enter
from pbms.audit.services import audit_record
from pbms.lib.dates import format_date
from pbms.lib.exceptions import ApplicationError
from pbms.orgs.locking import org_lock_for_write
from pbms.orgs.models import Organization
from pbms.people import rules
from pbms.people.models import (
    Code,
    CodeList,
    ManagementCategory,
    Person,
    Position,
    Qualification,
    Training,
    TrainingCategory,
)
from pbms.people.services._common import (
    clean_decision,
    clean_text,
    org_row,
    require_person_write,
    today,
)

# The code lists that are levels a person reaches; ethnicity and religion are not qualifications.
QUALIFICATION_LISTS = (
    CodeList.EDUCATION,
    CodeList.POLITICAL_THEORY,
    CodeList.STATE_MANAGEMENT,
    CodeList.FOREIGN_LANGUAGE,
    CodeList.IT,
)


def _check_interval(valid_from: dt.date, valid_to: dt.date | None, *, field: str = "valid_to") -> None:
    if valid_to is not None and valid_to <= valid_from:
        raise ApplicationError(
            f"Ngày kết thúc ({format_date(valid_to)}) phải sau ngày bắt đầu ({format_date(valid_from)}).",
            field=field,
        )


@transaction.atomic
def qualification_add(
    *,
    actor: User,
    person: Person,
    kind: str,
    level: Code,
    obtained_on: dt.date | None = None,
    field: str = "",
    note: str = "",
) -> Qualification:
    """Record a level reached in one of the qualification lists (education, political theory…), dated when
    obtained when the date is known. The level must belong to ``kind``'s list: its rank is what "at least
    đại học" compares."""
    require_person_write(actor, person, obtained_on or today())
    if kind not in QUALIFICATION_LISTS:
        raise ApplicationError("Loại trình độ không hợp lệ.", field="kind")
    label = CodeList(kind).label
    if level.list != kind:
        raise ApplicationError(f"“{level.name}” không thuộc danh mục {label.lower()}.", field="level")
    if obtained_on is not None and not person.birth_date < obtained_on <= today():
        raise ApplicationError(
            f"Ngày cấp {format_date(obtained_on)} phải sau ngày sinh và không sau hôm nay.", field="obtained_on"
        )
    qualification = Qualification.objects.create(
        person=person,
        kind=kind,
        level=level,
        obtained_on=obtained_on,
        field=clean_text(field, field="field", label="Chuyên ngành", max_length=200),
        note=clean_text(note, field="note", label="Ghi chú", max_length=255),
    )
    audit_record(
        actor=actor,
        action="qualification.add",
        obj=qualification,
        object_repr=f"{person.full_name}: {label} {level.name}",
        changes={
            "person": person.pk,
            "kind": kind,
            "level": [None, level.code],
            "obtained_on": [None, obtained_on.isoformat() if obtained_on else None],
        },
    )
    return qualification


@transaction.atomic
def position_start(
    *,
    actor: User,
    person: Person,
    org: Organization,
    title: str,
    valid_from: dt.date,
    is_head: bool = False,
    categories: Sequence[ManagementCategory] = (),
    decision_ref: str = "",
) -> Position:
    """A post held in ``org`` from ``valid_from``, with the management categories it carries (the province's
    list, QĐ 377-QĐ/TW). The organisation must exist on that day."""
    # Shared tree lock: a dissolution or merger waits for this post to commit, then sees it and asks for it
    # to be ended (orgs.services refuses to end an organisation with open posts).
    org_lock_for_write(shared=True)
    title = clean_text(title, field="title", label="Chức vụ", max_length=200, required=True)
    decision_ref = clean_decision(decision_ref, required=False)
    require_enter(actor, org.pk, valid_from)
    require_person_write(actor, person, valid_from)
    row = org_row(org, valid_from, field="org")
    chosen = list({c.pk: c for c in categories}.values())
    if chosen and ManagementCategory.objects.filter(pk__in=[c.pk for c in chosen]).count() != len(chosen):
        raise ApplicationError("Diện quản lý không có trong danh mục.", field="categories")
    # A party post is a seat, not a position (rules, "party posts"): one representation, one count.
    level = row.kind.level.code
    if error := rules.party_post_position_error(title=title, level_code=level, has_categories=bool(chosen)):
        raise ApplicationError(error, field="title")
    position = Position.objects.create(
        person=person, org=org, title=title, is_head=is_head, valid_from=valid_from, decision_ref=decision_ref
    )
    position.categories.set(chosen)
    audit_record(
        actor=actor,
        action="position.start",
        obj=position,
        object_repr=f"{title} – {person.full_name}",
        changes={
            "person": person.pk,
            "org": [None, row.name],
            "title": [None, title],
            "is_head": [None, is_head],
            "categories": [None, sorted(c.code for c in chosen)],
            "valid_from": [None, valid_from.isoformat()],
        },
    )
    return position


@transaction.atomic
def position_end(*, actor: User, position: Position, valid_to: dt.date, decision_ref: str = "") -> Position:
    """End the post: ``valid_to`` is the first day it is no longer held."""
    decision_ref = clean_decision(decision_ref, required=False)
    position = Position.objects.select_for_update().select_related("person").get(pk=position.pk)
    # Judged on the last day held: the organisation may have ended on ``valid_to`` itself.
    require_enter(actor, position.org_id, max(position.valid_from, valid_to - dt.timedelta(days=1)))
    if position.valid_to is not None:
        raise ApplicationError(f"Chức vụ này đã kết thúc từ ngày {format_date(position.valid_to)}.", field="valid_to")
    _check_interval(position.valid_from, valid_to)
    position.valid_to = valid_to
    position.save(update_fields=["valid_to"])
    audit_record(
        actor=actor,
        action="position.end",
        obj=position,
        object_repr=f"{position.title} – {position.person.full_name}",
        changes={"valid_to": [None, valid_to.isoformat()], "decision_ref": decision_ref},
    )
    return position


@transaction.atomic
def training_add(
    *,
    actor: User,
    person: Person,
    course: str,
    category: TrainingCategory,
    starts_on: dt.date,
    ends_on: dt.date,
    completed: bool = True,
    provider: str = "",
) -> Training:
    """A course attended (bồi dưỡng). Targets count completed courses by the year they ended."""
    course = clean_text(course, field="course", label="Tên lớp, khóa", max_length=255, required=True)
    require_person_write(actor, person, ends_on)
    if category.pk is None or not TrainingCategory.objects.filter(pk=category.pk).exists():
        raise ApplicationError("Loại bồi dưỡng không có trong danh mục.", field="category")
    if ends_on < starts_on:
        raise ApplicationError(
            f"Ngày kết thúc ({format_date(ends_on)}) không thể trước ngày bắt đầu ({format_date(starts_on)}).",
            field="ends_on",
        )
    duplicate = ApplicationError(
        f"Hồ sơ đã có lớp “{course}” thuộc loại này bắt đầu ngày {format_date(starts_on)}.", field="course"
    )
    if Training.objects.filter(person=person, course=course, category=category, starts_on=starts_on).exists():
        raise duplicate
    try:
        with transaction.atomic():  # the same course saved at the same moment by someone else
            training = Training.objects.create(
                person=person,
                course=course,
                category=category,
                starts_on=starts_on,
                ends_on=ends_on,
                completed=completed,
                provider=clean_text(provider, field="provider", label="Cơ sở đào tạo", max_length=255),
            )
    except IntegrityError as exc:  # training_unique_key
        raise duplicate from exc
    audit_record(
        actor=actor,
        action="training.add",
        obj=training,
        object_repr=f"{course} – {person.full_name}",
        changes={
            "person": person.pk,
            "category": [None, category.code],
            "starts_on": [None, starts_on.isoformat()],
            "ends_on": [None, ends_on.isoformat()],
            "completed": [None, completed],
        },
    )
    return training
