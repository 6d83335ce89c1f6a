"""Edit forms of the person file. Each parses a form, checks the person is in the actor's scope, and calls
one service; a refusal comes back as the service's Vietnamese message on the form, and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from pbms.accounts.models import Permission, Scope, User
from pbms.accounts.selectors import actor_has_permission, visible_placements
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.lib.text import nfc
from pbms.orgs.models import Organization
from pbms.people import services
from pbms.people.forms import (
    AdmissionForm,
    MembershipEventForm,
    PersonForm,
    PositionEndForm,
    PositionForm,
    QualificationForm,
    TrainingForm,
)
from pbms.people.models import Code, CodeList, ManagementCategory, Person, Position, TrainingCategory
from pbms.people.selectors import person_can_write, person_get

Run = Callable[[dict[str, Any], Person, User], None]


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


def _day(request: HttpRequest) -> dt.date:
    return request.as_of  # type: ignore[attr-defined, no-any-return]


def _org(actor: User, code: str, day: dt.date | None) -> Organization:
    """The organisation with ``code`` the actor may enter data for on ``day`` (else a form error)."""
    value = nfc(code).upper()
    row = (
        visible_placements(actor=actor, day=day, scope=Scope.ENTER)
        .filter(org__code=value)
        .select_related("org")
        .first()
        if day and value
        else None
    )
    if row is None:
        raise ApplicationError(
            f"Không có tổ chức mã “{value}” trong phạm vi nhập liệu của bạn vào ngày đó.", field="org_code"
        )
    return row.org


def _person_for_write(request: HttpRequest, person_id: int) -> Person:
    """404 when not visible; 403 when visible but not in the actor's "enter" scope."""
    actor, day = _actor(request), _day(request)
    try:
        person = person_get(actor=actor, person_id=person_id, day=day)
    except NotFoundError as exc:
        raise Http404 from exc
    if not person_can_write(actor=actor, person=person, day=day):
        raise PermissionDenied
    return person


def _record(
    request: HttpRequest, *, person_id: int, form_class: type[forms.Form], title: str, run: Run
) -> HttpResponse:
    person = _person_for_write(request, person_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data, person, _actor(request))
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã ghi: {title.lower()}.")
            return redirect(reverse("people:detail", args=[person.pk]))
    return TemplateResponse(request, "people/edit.html", {"person": person, "form": form, "title": title})


@login_required
def person_create_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not actor_has_permission(actor=actor, permission=Permission.REGISTER_WRITE):
        raise PermissionDenied
    form, admission = PersonForm(request.POST or None), AdmissionForm(request.POST or None, prefix="kn")
    if request.method == "POST" and form.is_valid() and admission.is_valid():
        data, adm = form.cleaned_data, admission.cleaned_data
        try:
            person = _create_and_admit(actor, form, data, adm)
        except ApplicationError as exc:
            target = form if exc.field in form.fields else admission if exc.field in admission.fields else form
            target.add_error(exc.field if exc.field in target.fields else None, exc.message)
        else:
            messages.success(request, f"Đã thêm “{person.full_name}”.")
            return redirect(reverse("people:detail", args=[person.pk]))
    return TemplateResponse(
        request, "people/edit.html", {"form": form, "extra_form": admission, "title": "Thêm cán bộ, đảng viên"}
    )


def _create_and_admit(actor: User, form: PersonForm, data: dict[str, Any], adm: dict[str, Any]) -> Person:
    """Both or neither: services.person_create and member_admit each open a transaction; this one spans both."""
    with transaction.atomic():
        person = services.person_create(
            actor=actor,
            family_name=data["family_name"],
            middle_name=data["middle_name"],
            given_name=data["given_name"],
            gender=data["gender"],
            birth_date=data["birth_date"],
            ethnicity=form.code("ethnicity", CodeList.ETHNICITY),
            religion=form.code("religion", CodeList.RELIGION),
            cccd=data["cccd"],
            place_of_origin=data["place_of_origin"],
        )
        if adm.get("cell_code"):
            if not adm.get("decided_on"):
                raise ApplicationError("Hãy nhập ngày quyết định kết nạp.", field="decided_on")
            services.member_admit(
                actor=actor,
                person=person,
                cell=_org(actor, adm["cell_code"], adm["decided_on"]),
                decided_on=adm["decided_on"],
                decision_ref=adm.get("decision_ref") or "",
                party_file_no=adm.get("party_file_no") or "",
                card_no=adm.get("card_no") or "",
            )
    return person


@login_required
def person_update_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_write(request, person_id)
    initial = {
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "gender": person.gender,
        "birth_date": person.birth_date.strftime("%d/%m/%Y"),
        "cccd": person.cccd or "",
        "place_of_origin": person.place_of_origin,
        "ethnicity": person.ethnicity.code,
        "religion": person.religion.code,
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_update(
                actor=_actor(request),
                person=person,
                family_name=data["family_name"],
                middle_name=data["middle_name"],
                given_name=data["given_name"],
                gender=data["gender"],
                birth_date=data["birth_date"],
                ethnicity=form.code("ethnicity", CodeList.ETHNICITY),
                religion=form.code("religion", CodeList.RELIGION),
                cccd=data["cccd"],
                place_of_origin=data["place_of_origin"],
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã cập nhật thông tin.")
            return redirect(reverse("people:detail", args=[person.pk]))
    return TemplateResponse(request, "people/edit.html", {"person": person, "form": form, "title": "Sửa thông tin"})


@login_required
def membership_event_view(request: HttpRequest, person_id: int) -> HttpResponse:
    def run(data: dict[str, Any], person: Person, actor: User) -> None:
        membership = getattr(person, "membership", None)
        if membership is None:
            raise ApplicationError("Người này chưa vào Đảng.")
        kind, day, ref, note = data["kind"], data["date"], data["decision_ref"], data["note"]
        decided: dt.date | None = data["decided_on"]
        common = {"actor": actor, "membership": membership, "decision_ref": ref, "note": note}
        if kind == "recognize":
            services.member_recognize(meeting_on=day, decided_on=decided, **common)
        elif kind in ("transfer", "move_in"):
            move = services.member_transfer if kind == "transfer" else services.member_move_in
            move(cell=_org(actor, data["cell_code"], day), date=day, decided_on=decided, **common)
        elif kind == "readmit":
            cell = _org(actor, data["cell_code"], day)
            services.member_readmit(cell=cell, admitted_on=day, decided_on=decided or day, **common)
        elif kind == "move_out":
            services.member_move_out(date=day, destination=data["destination"], decided_on=decided, **common)
        else:
            actions: dict[str, Callable[..., object]] = {
                "exempt": services.member_exempt,
                "exemption_end": services.member_exemption_end,
                "strike_off": services.member_strike_off,
                "expel": services.member_expel,
                "withdraw": services.member_withdraw,
                "die": services.member_die,
            }
            action = actions[kind]
            action(date=day, decided_on=decided, **common)

    return _record(request, person_id=person_id, form_class=MembershipEventForm, title="Sự kiện đảng tịch", run=run)


@login_required
def qualification_view(request: HttpRequest, person_id: int) -> HttpResponse:
    def run(data: dict[str, Any], person: Person, actor: User) -> None:
        level = Code.objects.get(pk=data["level"])
        services.qualification_add(
            actor=actor,
            person=person,
            kind=level.list,
            level=level,
            obtained_on=data["obtained_on"],
            field=data["field"],
        )

    return _record(request, person_id=person_id, form_class=QualificationForm, title="Thêm trình độ", run=run)


@login_required
def position_view(request: HttpRequest, person_id: int) -> HttpResponse:
    def run(data: dict[str, Any], person: Person, actor: User) -> None:
        services.position_start(
            actor=actor,
            person=person,
            org=_org(actor, data["org_code"], data["valid_from"]),
            title=data["title"],
            valid_from=data["valid_from"],
            is_head=data["is_head"],
            categories=list(ManagementCategory.objects.filter(code__in=data["categories"])),
            decision_ref=data["decision_ref"],
        )

    return _record(request, person_id=person_id, form_class=PositionForm, title="Bổ nhiệm chức vụ", run=run)


@login_required
def position_end_view(request: HttpRequest, person_id: int, position_id: int) -> HttpResponse:
    def run(data: dict[str, Any], person: Person, actor: User) -> None:
        position = Position.objects.filter(pk=position_id, person=person).first()
        if position is None:
            raise ApplicationError("Không tìm thấy chức vụ này trong hồ sơ.")
        services.position_end(
            actor=actor, position=position, valid_to=data["valid_to"], decision_ref=data["decision_ref"]
        )

    return _record(request, person_id=person_id, form_class=PositionEndForm, title="Thôi giữ chức vụ", run=run)


@login_required
def training_view(request: HttpRequest, person_id: int) -> HttpResponse:
    def run(data: dict[str, Any], person: Person, actor: User) -> None:
        services.training_add(
            actor=actor,
            person=person,
            course=data["course"],
            category=TrainingCategory.objects.get(code=data["category"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            completed=data["completed"],
            provider=data["provider"],
        )

    return _record(request, person_id=person_id, form_class=TrainingForm, title="Thêm bồi dưỡng", run=run)
