"""Writes of a person's own record: names, birth, identity, ethnicity and religion."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from pbms.accounts.models import User
from pbms.accounts.selectors import actor_is_admin
from pbms.audit.services import audit_record
from pbms.lib.exceptions import ApplicationError
from pbms.lib.text import fold
from pbms.people import rules
from pbms.people.models import Code, CodeList, Gender, Person
from pbms.people.services._common import clean_text, require_can_write, require_person_write, today

NAME_FIELDS = (("family_name", "Họ", 50), ("middle_name", "Tên đệm", 80), ("given_name", "Tên", 50))


def _clean_name(value: str, *, field: str) -> str:
    label, max_length = next((label, n) for f, label, n in NAME_FIELDS if f == field)
    error = rules.name_part_error(value, label=label, required=field != "middle_name", one_word=field == "given_name")
    if error:
        raise ApplicationError(error, field=field)
    return clean_text(value, field=field, label=label, max_length=max_length)


def _clean_gender(value: str) -> str:
    if value not in Gender.values:
        raise ApplicationError("Giới tính phải là Nam hoặc Nữ.", field="gender")
    return value


def _clean_birth_date(value: dt.date) -> dt.date:
    if error := rules.birth_date_error(birth_date=value, day=today()):
        raise ApplicationError(error, field="birth_date")
    return value


def _clean_code(value: Code | None, code_list: str, *, field: str) -> Code:
    label = CodeList(code_list).label
    if value is None:
        hint = "; ghi “Không” nếu không theo tôn giáo nào" if code_list == CodeList.RELIGION else ""
        raise ApplicationError(f"{label} không được để trống{hint}.", field=field)
    if value.list != code_list:
        raise ApplicationError(f"“{value.name}” không thuộc danh mục {label.lower()}.", field=field)
    return value


def _clean_cccd(value: str, *, person: Person | None = None) -> str | None:
    text = value.strip()
    if not text:
        return None
    if error := rules.cccd_error(text):
        raise ApplicationError(error, field="cccd")
    taken = Person.objects.filter(cccd=text)
    if person is not None:
        taken = taken.exclude(pk=person.pk)
    if taken.exists():
        raise ApplicationError(f"Số CCCD {text} đã có trong hồ sơ của người khác.", field="cccd")
    return text


def _fold_name(person: Person) -> str:
    return fold(person.full_name)


@transaction.atomic
def person_create(
    *,
    actor: User,
    family_name: str,
    middle_name: str = "",
    given_name: str,
    gender: str,
    birth_date: dt.date,
    ethnicity: Code | None,
    religion: Code | None,
    cccd: str = "",
    place_of_origin: str = "",
) -> Person:
    """A new person, not yet anywhere: admit them to a cell, give them a post or a seat to place them.

    Religion is required: "Không" is a code of its own and a record never leaves it blank (Mẫu 2C); an
    import maps a blank cell to it, a form must ask.
    """
    require_can_write(actor)
    person = Person(
        family_name=_clean_name(family_name, field="family_name"),
        middle_name=_clean_name(middle_name, field="middle_name"),
        given_name=_clean_name(given_name, field="given_name"),
        gender=_clean_gender(gender),
        birth_date=_clean_birth_date(birth_date),
        ethnicity=_clean_code(ethnicity, CodeList.ETHNICITY, field="ethnicity"),
        religion=_clean_code(religion, CodeList.RELIGION, field="religion"),
        cccd=_clean_cccd(cccd),
        place_of_origin=clean_text(place_of_origin, field="place_of_origin", label="Quê quán", max_length=255),
        created_by=actor if actor.is_authenticated else None,
    )
    person.name_folded = _fold_name(person)
    person.save()
    audit_record(
        actor=actor,
        action="person.create",
        obj=person,
        object_repr=person.full_name,
        changes={name: [None, value] for name, value in _snapshot(person).items()},
    )
    return person


def _snapshot(person: Person) -> dict[str, Any]:
    return {
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "gender": person.gender,
        "birth_date": person.birth_date.isoformat(),
        "ethnicity": person.ethnicity.code,
        "religion": person.religion.code,
        "cccd": person.cccd,
        "place_of_origin": person.place_of_origin,
    }


@transaction.atomic
def person_update(
    *,
    actor: User,
    person: Person,
    family_name: str | None = None,
    middle_name: str | None = None,
    given_name: str | None = None,
    gender: str | None = None,
    birth_date: dt.date | None = None,
    ethnicity: Code | None = None,
    religion: Code | None = None,
    cccd: str | None = None,
    place_of_origin: str | None = None,
) -> Person:
    """Change the fields given (None leaves a field as it is; ``cccd=""`` clears the CCCD). One audit row
    with each changed field's before and after; nothing is written when nothing changed."""
    require_person_write(actor, person, today())
    # Everything is checked before anything is set, so a refusal leaves the caller's instance as it was.
    values: dict[str, Any] = {}
    if family_name is not None:
        values["family_name"] = _clean_name(family_name, field="family_name")
    if middle_name is not None:
        values["middle_name"] = _clean_name(middle_name, field="middle_name")
    if given_name is not None:
        values["given_name"] = _clean_name(given_name, field="given_name")
    if gender is not None:
        values["gender"] = _clean_gender(gender)
    if birth_date is not None and birth_date != person.birth_date:
        values["birth_date"] = _clean_birth_date(birth_date)
    if ethnicity is not None:
        values["ethnicity"] = _clean_code(ethnicity, CodeList.ETHNICITY, field="ethnicity")
    if religion is not None:
        values["religion"] = _clean_code(religion, CodeList.RELIGION, field="religion")
    if cccd is not None:
        values["cccd"] = _clean_cccd(cccd, person=person)
    if place_of_origin is not None:
        values["place_of_origin"] = clean_text(
            place_of_origin, field="place_of_origin", label="Quê quán", max_length=255
        )
    before = _snapshot(person)
    for name, value in values.items():
        setattr(person, name, value)
    after = _snapshot(person)
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if not changed:
        return person
    person.name_folded = _fold_name(person)
    person.save(update_fields=[*changed, "name_folded", "updated_at"])
    audit_record(actor=actor, action="person.update", obj=person, object_repr=person.full_name, changes=changed)
    return person


@transaction.atomic
def person_link_user(*, actor: User, person: Person, user: User | None) -> Person:
    """Link (or, with None, unlink) the cadre's own account: it opens the file to him, so only the
    administrator does it."""
    if not actor_is_admin(actor):
        raise ApplicationError("Chỉ quản trị hệ thống mới gắn tài khoản với hồ sơ.", field="user")
    if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise ApplicationError(f"Tài khoản {user.get_username()} đã gắn với hồ sơ khác.", field="user")
    before = person.user.get_username() if person.user else None
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=actor,
        action="person.link_user",
        obj=person,
        object_repr=person.full_name,
        changes={"user": [before, user.get_username() if user else None]},
    )
    return person
