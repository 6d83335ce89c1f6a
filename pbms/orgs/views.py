"""Pages of the organisation tree. Views parse, authorise, call a selector or a service, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from pbms.accounts.selectors import actor_can_enter, actor_can_restructure
from pbms.core.selectors import org_panels
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.orgs import services
from pbms.orgs.forms import (
    OrgCreateForm,
    OrgDissolveForm,
    OrgMergeForm,
    OrgMoveForm,
    OrgRenameForm,
    OrgSplitForm,
    SplitPartForm,
)
from pbms.orgs.models import Organization, OrgKind, Placement
from pbms.orgs.selectors import (
    kind_list,
    org_ancestors,
    org_children,
    org_get,
    org_history,
    org_roots,
    org_search,
    org_timeline,
)

SPLIT_PARTS = 3


def _as_of(request: HttpRequest) -> dt.date:
    return request.as_of  # type: ignore[attr-defined, no-any-return]  # set by RequestContextMiddleware


def _get(request: HttpRequest, org_id: int) -> tuple[Organization, Placement]:
    try:
        return org_get(actor=request.user, org_id=org_id, day=_as_of(request))
    except NotFoundError as exc:
        raise Http404 from exc


@login_required
def tree(request: HttpRequest) -> TemplateResponse:
    day = _as_of(request)
    query = request.GET.get("q", "").strip()
    results = org_search(actor=request.user, query=query, day=day) if query else None
    roots = org_roots(actor=request.user, day=day)
    if len(roots) == 1:
        # A single root (the province, or one committee) opens with its first level shown.
        roots[0].preloaded = org_children(actor=request.user, org_id=roots[0].org_id, day=day)  # type: ignore[attr-defined]
    context = {"roots": roots, "query": query, "results": results}
    if request.htmx and request.htmx.target == "search-results":  # type: ignore[attr-defined]
        return TemplateResponse(request, "orgs/tree.html#search-results", context)
    return TemplateResponse(request, "orgs/tree.html", context)


SUGGESTED = 20  # organisations offered as one types a name in a filter (the rest: type more)


@login_required
def suggest(request: HttpRequest) -> TemplateResponse:
    """Organisations whose name matches what is typed (diacritics optional), as ``<option>``s of a
    ``<datalist>``: the value is the code the filters take. Only what the actor sees (htmx partial)."""
    query = (request.GET.get("org") or request.GET.get("q") or "").strip()
    rows = org_search(actor=request.user, query=query, day=_as_of(request), limit=SUGGESTED) if len(query) > 1 else []
    return TemplateResponse(request, "orgs/_suggest.html", {"rows": rows})


@login_required
def children(request: HttpRequest, org_id: int) -> TemplateResponse:
    """The children of a node (htmx partial of the tree browser); scope checked like the full page."""
    _, row = _get(request, org_id)
    expanded = "dong" not in request.GET  # "dong" (close) collapses the node again
    rows = org_children(actor=request.user, org_id=org_id, day=_as_of(request)) if expanded else []
    return TemplateResponse(request, "orgs/tree.html#children", {"parent": row, "nodes": rows, "expanded": expanded})


@login_required
def detail(request: HttpRequest, org_id: int) -> TemplateResponse:
    day = _as_of(request)
    org, row = _get(request, org_id)
    exists_on_day = row.valid_from <= day and (row.valid_to is None or day < row.valid_to)
    return TemplateResponse(
        request,
        "orgs/detail.html",
        {
            "org": org,
            "row": row,
            "exists_on_day": exists_on_day,
            "ancestors": org_ancestors(row=row, day=day),
            "children": org_children(actor=request.user, org_id=org.pk, day=day) if exists_on_day else [],
            "timeline": org_timeline(org=org),
            "history": org_history(org=org),
            "can_enter": exists_on_day and actor_can_enter(actor=request.user, org_id=org.pk, day=day),
            # Restructuring is decided from the level above: a cell secretary enters data for his chi bộ but
            # neither renames nor dissolves it (accounts.selectors.actor_can_restructure).
            "can_restructure": exists_on_day and actor_can_restructure(actor=request.user, org_id=org.pk, day=day),
            "can_have_children": any(k.level.rank > row.kind.level.rank for k in kind_list(day=day)),
            "panels": org_panels(org_id=org.pk, path=row.path, day=day) if exists_on_day else None,
        },
    )


def _operation(
    request: HttpRequest,
    *,
    org_id: int,
    form_class: type[forms.Form],
    title: str,
    run: Callable[[dict[str, Any], Organization], Organization],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Shared flow of the operation forms: scope check, form, service call, Vietnamese errors kept on the form."""
    org, row = _get(request, org_id)
    if not actor_can_restructure(actor=request.user, org_id=org.pk, day=_as_of(request)):
        raise PermissionDenied
    form = form_class(
        request.POST or None, actor=request.user, initial={"effective_date": _as_of(request).strftime("%d/%m/%Y")}
    )  # type: ignore[call-arg]
    if request.method == "POST" and form.is_valid():
        try:
            target = run(form.cleaned_data, org)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã ghi: {title.lower()} “{row.name}”.")
            return redirect(
                f"{reverse('orgs:detail', args=[target.pk])}?ngay={form.cleaned_data['effective_date']:%d/%m/%Y}"
            )
    context = {"org": org, "row": row, "form": form, "title": title, **(extra or {})}
    return TemplateResponse(request, "orgs/operation.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"effective_date": _as_of(request).strftime("%d/%m/%Y")}
    parent_id = request.GET.get("cap_tren", "")
    if parent_id.isdigit():
        parent, _ = _get(request, int(parent_id))
        initial["parent_code"] = parent.code
    form = OrgCreateForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = services.org_create(
                actor=request.user,  # type: ignore[arg-type]  # login_required guarantees a User
                code=data["code"],
                name=data["name"],
                kind=data["kind_obj"],
                parent=data["parent"],
                effective_date=data["effective_date"],
                decision_ref=data["decision_ref"],
                note=data["note"],
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã thành lập “{data['name']}”.")
            return redirect(f"{reverse('orgs:detail', args=[org.pk])}?ngay={data['effective_date']:%d/%m/%Y}")
    return TemplateResponse(request, "orgs/operation.html", {"form": form, "title": "Thành lập tổ chức đảng"})


@login_required
def rename(request: HttpRequest, org_id: int) -> HttpResponse:
    def run(data: dict[str, Any], org: Organization) -> Organization:
        services.org_rename(
            actor=request.user,  # type: ignore[arg-type]
            org=org,
            name=data["name"],
            kind=data["kind_obj"],
            effective_date=data["effective_date"],
            decision_ref=data["decision_ref"],
            note=data["note"],
        )
        return org

    return _operation(request, org_id=org_id, form_class=OrgRenameForm, title="Đổi tên, loại hình", run=run)


@login_required
def move(request: HttpRequest, org_id: int) -> HttpResponse:
    def run(data: dict[str, Any], org: Organization) -> Organization:
        if data["parent"] is None:
            raise ApplicationError("Hãy nhập mã tổ chức cấp trên mới.", field="parent_code")
        services.org_move(
            actor=request.user,  # type: ignore[arg-type]
            org=org,
            new_parent=data["parent"],
            effective_date=data["effective_date"],
            decision_ref=data["decision_ref"],
            note=data["note"],
        )
        return org

    return _operation(request, org_id=org_id, form_class=OrgMoveForm, title="Chuyển trực thuộc", run=run)


@login_required
def dissolve(request: HttpRequest, org_id: int) -> HttpResponse:
    def run(data: dict[str, Any], org: Organization) -> Organization:
        services.org_dissolve(
            actor=request.user,  # type: ignore[arg-type]
            org=org,
            effective_date=data["effective_date"],
            decision_ref=data["decision_ref"],
            note=data["note"],
        )
        return org

    return _operation(request, org_id=org_id, form_class=OrgDissolveForm, title="Giải thể", run=run)


@login_required
def merge(request: HttpRequest, org_id: int) -> HttpResponse:
    def run(data: dict[str, Any], org: Organization) -> Organization:
        if data["mode"] == OrgMergeForm.MODE_INTO_THIS:
            return services.org_merge(
                actor=request.user,  # type: ignore[arg-type]
                sources=data["others"],
                target=org,
                effective_date=data["effective_date"],
                decision_ref=data["decision_ref"],
                note=data["note"],
            )
        return services.org_merge(
            actor=request.user,  # type: ignore[arg-type]
            sources=[org, *data["others"]],
            new_code=data["new_code"],
            new_name=data["new_name"],
            new_kind=data["new_kind_obj"],
            new_parent=data["new_parent"],
            effective_date=data["effective_date"],
            decision_ref=data["decision_ref"],
            note=data["note"],
        )

    return _operation(request, org_id=org_id, form_class=OrgMergeForm, title="Hợp nhất, sáp nhập", run=run)


@login_required
def split(request: HttpRequest, org_id: int) -> HttpResponse:
    day = _as_of(request)
    kids = org_children(actor=request.user, org_id=org_id, day=day)
    choices = [(str(k.org_id), k.name) for k in kids]
    by_id = {k.org_id: k.org for k in Placement.objects.filter(pk__in=[k.pk for k in kids]).select_related("org")}
    parts = [SplitPartForm(request.POST or None, prefix=f"part{i}", child_choices=choices) for i in range(SPLIT_PARTS)]

    def run(data: dict[str, Any], org: Organization) -> Organization:
        if not all(p.is_valid() for p in parts):
            raise ApplicationError("Thông tin các tổ chức mới chưa hợp lệ.")
        chosen = []
        for p in parts:
            pdata = p.cleaned_data
            if not (pdata.get("code") or pdata.get("name")):
                continue
            kind = OrgKind.objects.filter(code=pdata.get("kind")).first()
            if kind is None:
                raise ApplicationError(f"Hãy chọn loại hình cho “{pdata.get('name') or pdata.get('code')}”.")
            chosen.append(
                services.SplitPart(
                    name=pdata.get("name", ""),
                    kind=kind,
                    code=pdata.get("code", ""),
                    children=[by_id[int(c)] for c in pdata.get("children", []) if int(c) in by_id],
                )
            )
        created = services.org_split(
            actor=request.user,  # type: ignore[arg-type]
            org=org,
            parts=chosen,
            effective_date=data["effective_date"],
            decision_ref=data["decision_ref"],
            keep_original=data["keep_original"],
            note=data["note"],
        )
        return created[0]

    return _operation(
        request, org_id=org_id, form_class=OrgSplitForm, title="Chia tách", run=run, extra={"parts": parts}
    )
