"""Pages of the register: the person list (filters, search, keyset pages, export) and the person file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from pbms.accounts.models import User
from pbms.accounts.selectors import visible_placements
from pbms.audit.services import audit_record
from pbms.evaluations.selectors import person_record
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.lib.text import nfc
from pbms.people.forms import PersonFilterForm
from pbms.people.models import Person
from pbms.people.selectors import (
    COUNT_CAP,
    MAX_PAGE,
    PersonFilters,
    person_can_write,
    person_count,
    person_file,
    person_list,
)
from pbms.people.workbook.export import export_member_list, export_people

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_of(request: HttpRequest) -> dt.date:
    return request.as_of  # type: ignore[attr-defined, no-any-return]  # set by RequestContextMiddleware


def _filters(request: HttpRequest) -> tuple[PersonFilterForm, PersonFilters | None]:
    """The form and its filters; None when the form has errors (the page then lists nobody)."""
    form = PersonFilterForm(request.GET or None)
    if not request.GET:
        return form, PersonFilters()
    if not form.is_valid():
        return form, None
    org_id = None
    code = nfc(form.cleaned_data.get("org") or "").upper()
    if code:
        row = visible_placements(actor=request.user, day=_as_of(request)).filter(org__code=code).first()
        if row is None:
            form.add_error(
                "org", f"Không có tổ chức mã “{code}” trong phạm vi của bạn vào ngày {_as_of(request):%d/%m/%Y}."
            )
            return form, None
        org_id = row.org_id
    return form, form.to_filters(org_id=org_id)


@login_required
def person_list_view(request: HttpRequest) -> TemplateResponse:
    form, filters = _filters(request)
    rows: list[Person] = []
    next_cursor, total = None, None
    if filters is not None:
        try:
            page = person_list(
                actor=request.user, day=_as_of(request), filters=filters, after=request.GET.get("sau"), limit=PAGE_SIZE
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            rows, next_cursor = list(page.rows), page.next_cursor
            if rows:  # an empty list says why instead (its empty state)
                total = person_count(actor=request.user, day=_as_of(request), filters=filters, cap=COUNT_CAP)
    query = request.GET.copy()
    query.pop("sau", None)
    context = {
        "form": form,
        "rows": rows,
        "next_cursor": next_cursor,
        "query": query.urlencode(),
        "total": total,
        "count_cap": COUNT_CAP,
    }
    if request.htmx and request.htmx.target == "people-results":  # type: ignore[attr-defined]
        return TemplateResponse(request, "people/list.html#results", context)
    return TemplateResponse(request, "people/list.html", context)


def _all_matching(request: HttpRequest, filters: PersonFilters) -> Iterator[Person]:
    """Every person of the filtered list, page by page (each page one query)."""
    cursor = None
    while True:
        page = person_list(actor=request.user, day=_as_of(request), filters=filters, after=cursor, limit=MAX_PAGE)
        yield from page.rows
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


@login_required
def person_export_view(request: HttpRequest) -> HttpResponse:
    """The filtered list as the import template (?mau=7: as Mẫu 7-HSĐV); recorded in the audit log."""
    _, filters = _filters(request)
    if filters is None:
        raise Http404  # a bad filter never exports "everything"
    actor = request.user
    assert isinstance(actor, User)  # login_required
    people = list(_all_matching(request, filters))
    member_list = request.GET.get("mau") == "7"
    if member_list:
        content = export_member_list(
            people=people, actor=actor, title="Sổ danh sách đảng viên", day=_as_of(request), org_id=filters.org_id
        )
    else:
        content = export_people(people=people, actor=actor)
    audit_record(
        actor=actor,
        action="person.export",
        changes={"filters": {k: v for k, v in request.GET.items()}, "count": len(people), "member_list": member_list},
    )
    name = "so-danh-sach-dang-vien" if member_list else "danh-sach-can-bo"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"'
    return response


@login_required
def person_detail_view(request: HttpRequest, person_id: int) -> TemplateResponse:
    try:
        file = person_file(actor=request.user, person_id=person_id, day=_as_of(request))
    except NotFoundError as exc:
        raise Http404 from exc
    # Opening a personal file is itself recorded (internal political protection).
    audit_record(actor=request.user, action="person.view", obj=file.person)  # type: ignore[arg-type]
    can_write = person_can_write(actor=request.user, person=file.person, day=_as_of(request))
    context = {
        "file": file,
        "person": file.person,
        "can_write": can_write,
        "record": person_record(person=file.person),
    }
    return TemplateResponse(request, "people/detail.html", context)
