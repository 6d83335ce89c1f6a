"""Cadres and party members as of a date: a filtered list (cursor pages) and one person's file.

Scoped exactly like the pages: a person outside the actor's scope on the date answers 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from pbms.accounts.selectors import visible_placements
from pbms.api.auth import request_actor
from pbms.api.schemas import MAX_ID, AsOfDate, AsOfQuery, CleanText, ErrorOut
from pbms.audit.services import audit_record
from pbms.lib.exceptions import NotFoundError
from pbms.lib.text import nfc
from pbms.people.models import Person
from pbms.people.selectors import MAX_PAGE, PersonFilters, person_cursor, person_file, person_get, person_list

router = Router(tags=["Cán bộ, đảng viên"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PersonId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã số (id) của người.")]


class PeopleQuery(Schema):
    date: AsOfDate | None = Field(None, description="Ngày xem, YYYY-MM-DD; bỏ trống: hôm nay (giờ Việt Nam).")
    org: CleanText = Field(
        "", max_length=40, description="Mã tổ chức: chỉ người trong cây con của tổ chức đó vào ngày."
    )
    q: CleanText = Field("", max_length=100, description="Tên (không cần dấu), số CCCD, số thẻ hoặc số lý lịch.")
    gender: str = Field("", pattern="^(|M|F)$", description="M: nam, F: nữ.")
    limit: int = Field(50, ge=1, le=MAX_PAGE, description=f"Số người một trang (1–{MAX_PAGE}).")
    after: int | None = Field(
        None, ge=1, le=MAX_ID, description="Giá trị `next` của trang trước (mã số người cuối trang đó)."
    )


class PersonItemOut(Schema):
    id: int
    family_name: str
    middle_name: str
    given_name: str
    gender: str
    birth_date: dt.date
    cell: str | None = Field(None, description="Chi bộ đang sinh hoạt vào ngày (tên vào ngày đó).")
    position: str | None = Field(None, description="Chức vụ giữ vào ngày (người đứng đầu trước).")
    party_file_no: str | None = None


class PeopleOut(Schema):
    date: dt.date
    items: list[PersonItemOut]
    next: int | None = Field(None, description="Truyền vào `after` để lấy trang sau; null ở trang cuối.")


class DatedOut(Schema):
    name: str
    valid_from: dt.date
    valid_to: dt.date | None = Field(..., description="Không tính ngày này; null: đến nay.")


class PersonOut(Schema):
    id: int
    family_name: str
    middle_name: str
    given_name: str
    gender: str
    birth_date: dt.date
    ethnicity: str
    religion: str
    date: dt.date
    status: str = Field(..., description="Tình trạng đảng viên vào ngày.")
    party_file_no: str | None
    admitted_on: dt.date | None
    official_on: dt.date | None
    cells: list[DatedOut]
    positions: list[DatedOut]
    qualifications: list[str]
    trainings: list[str]


def _day(query: AsOfQuery | PeopleQuery) -> dt.date:
    return query.date or timezone.localdate()


@router.get(
    "/people",
    response={200: PeopleOut, **ERRORS},
    summary="Danh sách cán bộ, đảng viên vào một ngày",
    description="Theo tên, rồi họ và tên đệm (thứ tự tiếng Việt); phân trang bằng con trỏ `after`/`next`.",
)
def people_list(request: HttpRequest, query: Query[PeopleQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    day = _day(query)
    org_id = None
    if query.org:
        code = nfc(query.org).upper()
        row = visible_placements(actor=actor, day=day).filter(org__code=code).first()
        if row is None:  # absent or out of scope: the same 404 as any other unknown object
            raise NotFoundError(f"Không có tổ chức mã “{code}” trong phạm vi của bạn vào ngày đó.")
        org_id = row.org_id
    # The cursor is the last person of the previous page, looked up in scope (404 if not visible): an id
    # rather than the pages' opaque cursor, so that every value the schema allows is a valid question.
    after = person_cursor(person_get(actor=actor, person_id=query.after, day=day)) if query.after else None
    page = person_list(
        actor=actor,
        day=day,
        filters=PersonFilters(org_id=org_id, q=query.q, gender=query.gender),
        after=after,
        limit=query.limit,
    )
    rows: list[Any] = list(page.rows)
    return {
        "date": day,
        "next": rows[-1].pk if page.next_cursor and rows else None,
        "items": [
            PersonItemOut(
                id=p.pk,
                family_name=p.family_name,
                middle_name=p.middle_name,
                given_name=p.given_name,
                gender=p.gender,
                birth_date=p.birth_date,
                cell=p.cell_name,
                position=p.position_title,
                party_file_no=p.party_file_no,
            )
            for p in rows
        ],
    }


@router.get(
    "/people/{person_id}",
    response={200: PersonOut, **ERRORS},
    summary="Hồ sơ một người vào một ngày",
    description="Việc mở hồ sơ được ghi vào nhật ký hệ thống.",
)
def person_detail(request: HttpRequest, person_id: PersonId, query: Query[AsOfQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    day = _day(query)
    file = person_file(actor=actor, person_id=person_id, day=day)
    person: Person = file.person
    audit_record(actor=actor, action="person.view", obj=person, changes={"via": "api"})
    membership = file.membership
    cells: list[Any] = list(file.cells)
    positions: list[Any] = list(file.positions)
    return {
        "id": person.pk,
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "gender": person.gender,
        "birth_date": person.birth_date,
        "ethnicity": person.ethnicity.name,
        "religion": person.religion.name,
        "date": day,
        "status": file.state.label,
        "party_file_no": membership.party_file_no if membership else None,
        "admitted_on": membership.admitted_on if membership else None,
        "official_on": membership.official_on if membership else None,
        "cells": [DatedOut(name=c.cell_name or "", valid_from=c.valid_from, valid_to=c.valid_to) for c in cells],
        "positions": [
            DatedOut(name=f"{p.title} – {p.org_name or ''}", valid_from=p.valid_from, valid_to=p.valid_to)
            for p in positions
        ],
        "qualifications": [f"{q.get_kind_display()}: {q.level.name}" for q in file.qualifications],
        "trainings": [f"{t.course} ({t.ends_on:%d/%m/%Y})" for t in file.trainings],
    }
