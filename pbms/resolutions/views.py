"""Pages of the resolutions: the list, a resolution's dashboard (targets at the date, trend chart), the
breakdown of a target by child organisations (htmx partial), the drill-down to the people or organisations
counted, and the files (Excel, Word; a large Word report is built by a background job, ``report_jobs``,
with a progress page). Views parse, authorise (scope via the engine), call, render.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pbms.accounts.models import User
from pbms.accounts.selectors import actor_can_see, visible_placements
from pbms.audit.context import get_request_info
from pbms.audit.services import audit_record
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.reports.xlsx import xlsx_table
from pbms.resolutions.drilldown import PARTS, Members, Part, target_members
from pbms.resolutions.engine import MET, NOT_MET, Breakdown, target_breakdown
from pbms.resolutions.forms import TaskProgressForm
from pbms.resolutions.models import Resolution, Target, Task
from pbms.resolutions.report_jobs import (
    background_orgs,
    place_name,
    report_file,
    report_heading,
    report_job,
    report_scope,
    report_status_for,
    sweep,
    write_status,
)
from pbms.resolutions.reports import (
    KIND_CODE,
    STATUS_LABELS,
    Dashboard,
    dashboard,
    dashboard_docx,
    dashboard_xlsx,
    default_org,
    target_note,
)
from pbms.resolutions.selectors import actor_may_write_resolutions, resolution_list, task_board, task_get
from pbms.resolutions.services import task_update_progress

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The URL's words for the parts of a figure.
PART_SLUGS: dict[str, Part] = {"tu-so": "numerator", "mau-so": "denominator", "con-thieu": "missing"}
SORTS = ("thieu", "ten", "ty-le")


def _as_of(request: HttpRequest) -> dt.date:
    return request.as_of  # type: ignore[attr-defined, no-any-return]  # set by RequestContextMiddleware


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def _resolution(request: HttpRequest, resolution_id: int) -> Resolution:
    resolution = resolution_list(actor=request.user).filter(pk=resolution_id).first()
    if resolution is None:
        raise Http404
    return resolution


def _target(request: HttpRequest, target_id: int) -> Target:
    target = (
        Target.objects.select_related("resolution")
        .filter(pk=target_id, active=True, resolution__in=resolution_list(actor=request.user))
        .first()
    )
    if target is None:
        raise Http404
    return target


def _org(request: HttpRequest) -> int:
    """The organisation asked (?org=<id>), or the actor's top organisation on the date (404 when the actor
    sees none that day)."""
    raw = request.GET.get("org", "")
    if raw.isdigit() and len(raw) < 19:
        return int(raw)
    org_id = None if raw else default_org(actor=request.user, day=_as_of(request))
    if org_id is None:
        raise Http404
    return org_id


def _board(request: HttpRequest, resolution: Resolution, **kwargs: Any) -> Dashboard:
    try:
        return dashboard(actor=request.user, resolution=resolution, day=_as_of(request), org_id=_org(request), **kwargs)
    except NotFoundError as exc:
        raise Http404 from exc


@login_required
def resolution_list_view(request: HttpRequest) -> TemplateResponse:
    rows = list(resolution_list(actor=request.user))
    return TemplateResponse(request, "resolutions/list.html", {"resolutions": rows})


def _chart(board: Dashboard) -> dict[str, Any]:
    """The trend as plain data for static/js/charts.js (one line per computable target)."""
    series = []
    for row in board.rows:
        points = [(year, float(p)) for year, p in row.trend if p is not None]
        if points:
            projection = row.projection
            series.append(
                {
                    "name": f"Chỉ tiêu {row.target.number}",
                    "x": [year for year, _ in points],
                    "y": [p for _, p in points],
                    "threshold": float(row.target.threshold),
                    "projection": (
                        {"x": projection.year, "y": float(projection.percent)}
                        if projection is not None and projection.percent is not None
                        else None
                    ),
                }
            )
    return {"title": f"Tỷ lệ đạt theo năm – {board.org_name}", "series": series}


@login_required
def dashboard_view(request: HttpRequest, resolution_id: int) -> TemplateResponse:
    """The targets at the date; the trend (one figure per target and year) loads afterwards (``trend_view``)."""
    resolution = _resolution(request, resolution_id)
    board = _board(request, resolution, with_trend=False)
    years = list(range(resolution.period_start, resolution.period_end + 1))
    context = {
        "resolution": resolution,
        "board": board,
        "years": years,
        "tasks": task_board(actor=request.user, resolution=resolution),
        "may_write": actor_may_write_resolutions(actor=request.user),
        "statuses": Task.Status.choices,
    }
    return TemplateResponse(request, "resolutions/dashboard.html", context)


@require_POST
@login_required
def task_progress_view(request: HttpRequest, task_id: int) -> TemplateResponse:
    """A task's status and progress, reported from its row of the dashboard (htmx: the row comes back, with
    the refusal in Vietnamese when the service refuses; nothing is written then)."""
    try:
        task = task_get(actor=request.user, task_id=task_id)
    except NotFoundError as exc:
        raise Http404 from exc
    if not actor_may_write_resolutions(actor=request.user):
        raise Http404
    form = TaskProgressForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(str(message) for messages in form.errors.values() for message in messages)
    else:
        try:
            task = task_update_progress(
                actor=_user(request),
                task=task,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
            )
        except ApplicationError as exc:
            error = exc.message
    context = {"task": task, "may_write": True, "error": error, "statuses": Task.Status.choices}
    return TemplateResponse(request, "resolutions/_task_row.html", context)


@login_required
def trend_view(request: HttpRequest, resolution_id: int) -> TemplateResponse:
    """The trend chart's data over the resolution's years (htmx partial of the dashboard)."""
    resolution = _resolution(request, resolution_id)
    board = _board(request, resolution)
    return TemplateResponse(request, "resolutions/dashboard.html#trend", {"board": board, "chart": _chart(board)})


def _sorted(breakdown: Breakdown, sort: str) -> list[Any]:
    rows = list(breakdown.rows)
    if sort == "ten":
        return rows
    if sort == "ty-le":
        return sorted(rows, key=lambda r: (r.percent is None, -(r.percent or 0)))
    # The ones that miss first, the largest gap first; then those without people; then those that meet.
    order = {NOT_MET: 0, MET: 2}
    return sorted(rows, key=lambda r: (order.get(r.status, 1), -r.gap))


@login_required
def breakdown_view(request: HttpRequest, target_id: int) -> TemplateResponse:
    target = _target(request, target_id)
    day = _as_of(request)
    org_id = _org(request)
    try:
        breakdown = target_breakdown(actor=request.user, target=target, day=day, org_id=org_id)
    except NotFoundError as exc:
        raise Http404 from exc
    sort = request.GET.get("sap-xep", "thieu")
    context = {
        "target": target,
        "resolution": target.resolution,
        "breakdown": breakdown,
        "rows": _sorted(breakdown, sort if sort in SORTS else "thieu"),
        "sort": sort,
        "org_id": org_id,
        "note": target_note(target, day),
        "labels": STATUS_LABELS,
        "chart": {
            "title": f"Chỉ tiêu {target.number} theo tổ chức trực thuộc",
            "bars": [
                {"name": r.org_name, "y": float(r.percent) if r.percent is not None else 0} for r in breakdown.rows
            ],
            "threshold": float(target.threshold),
        },
    }
    if request.htmx:  # type: ignore[attr-defined]
        return TemplateResponse(request, "resolutions/breakdown.html#breakdown", context)
    return TemplateResponse(request, "resolutions/breakdown.html", context)


def _members(request: HttpRequest, target: Target) -> Members:
    part = PART_SLUGS.get(request.GET.get("phan", "tu-so"))
    if part is None:
        raise Http404
    try:
        return target_members(actor=request.user, target=target, day=_as_of(request), org_id=_org(request), part=part)
    except NotFoundError as exc:
        raise Http404 from exc


def _members_changes(members: Members) -> dict[str, Any]:
    return {"org": members.org_id, "day": members.day.isoformat(), "part": members.part, "count": len(members.rows)}


@login_required
def members_view(request: HttpRequest, target_id: int) -> TemplateResponse:
    target = _target(request, target_id)
    members = _members(request, target)
    audit_record(
        actor=_user(request),
        action="resolution.members.view",
        obj=target,
        changes={
            "org": members.org_id,
            "day": members.day.isoformat(),
            "part": members.part,
            "count": len(members.rows),
        },
    )
    context = {
        "target": target,
        "resolution": target.resolution,
        "members": members,
        "part_label": PARTS[members.part],
        "parts": PART_SLUGS,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "resolutions/members.html", context)


@login_required
def members_export_view(request: HttpRequest, target_id: int) -> HttpResponse:
    target = _target(request, target_id)
    members = _members(request, target)
    actor = _user(request)
    title = f"Chỉ tiêu {target.number} – {PARTS[members.part]} – {members.org_name} – ngày {members.day:%d/%m/%Y}"
    content = xlsx_table(
        kind_code=KIND_CODE,
        actor=actor,
        title=title,
        columns=("STT", "Họ và tên / Tên", "Thông tin", "Đáp ứng điều kiện", "Xếp loại trong năm"),
        rows=(
            (index, m.name, m.detail, "có" if m.counted else "không", m.rating)
            for index, m in enumerate(members.rows, start=1)
        ),
        widths=(6, 40, 50, 10, 24),
    )
    audit_record(
        actor=actor,
        action="resolution.members.export",
        obj=target,
        changes={
            "org": members.org_id,
            "day": members.day.isoformat(),
            "part": members.part,
            "count": len(members.rows),
        },
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="chi-tieu-{target.pk}-{members.part}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"'
    )
    return response


@login_required
def dashboard_export_view(request: HttpRequest, resolution_id: int) -> HttpResponse:
    resolution = _resolution(request, resolution_id)
    board = _board(request, resolution, with_breakdown=True)
    actor = _user(request)
    content = dashboard_xlsx(board=board, actor=actor)
    audit_record(
        actor=actor,
        action="resolution.export",
        obj=resolution,
        changes={"org": board.org_id, "day": board.day.isoformat(), "format": "xlsx"},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-nghi-quyet-{resolution.pk}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"'
    )
    return response


def _report_response(content: bytes, resolution_id: int) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-nghi-quyet-{resolution_id}-{timezone.localtime():%Y%m%d-%H%M}.docx"'
    )
    return response


@login_required
def report_view(request: HttpRequest, resolution_id: int) -> HttpResponseBase:
    """The Word report: built in this request, or, when its breakdown covers more organisations than
    ``RESOLUTION_REPORT_BACKGROUND_ORGS``, by a background job whose progress page this redirects to."""
    resolution = _resolution(request, resolution_id)
    actor = _user(request)
    day, org_id = _as_of(request), _org(request)
    children = visible_placements(actor=actor, day=day).filter(parent_id=org_id)
    if children.count() > background_orgs():
        if not actor_can_see(actor=actor, org_id=org_id, day=day):
            raise Http404
        sweep()
        token = secrets.token_urlsafe(16)
        write_status(
            token,
            state="queued",
            step="Đang chờ đến lượt",
            percent=0,
            user_id=actor.pk,
            scope=report_scope(actor),
            resolution_id=resolution.pk,
            resolution=resolution.number,
            day=day.isoformat(),
            org_id=org_id,
        )
        info = get_request_info()
        report_job.enqueue(
            token=token,
            user_id=actor.pk,
            resolution_id=resolution.pk,
            day=day.isoformat(),
            org_id=org_id,
            today=timezone.localdate().isoformat(),
            ip=info.ip,
            acting_org_id=info.acting_org_id,
        )
        return redirect("resolutions:report_progress", token=token)
    board = _board(request, resolution, with_breakdown=True)
    content = dashboard_docx(
        board=board, actor=actor, heading=report_heading(), place=place_name() or "…", today=timezone.localdate()
    )
    audit_record(
        actor=actor,
        action="resolution.report",
        obj=resolution,
        changes={"org": board.org_id, "day": board.day.isoformat(), "format": "docx"},
    )
    return _report_response(content, resolution.pk)


def _report_status(request: HttpRequest, token: str) -> dict[str, Any]:
    status = report_status_for(actor=request.user, token=token)
    if status is None:
        raise Http404
    return status


@login_required
def report_progress_view(request: HttpRequest, token: str) -> TemplateResponse:
    """The background report's progress (polled every second with htmx), then the link to the file."""
    status = _report_status(request, token)
    context = {"token": token, "status": status}
    if request.htmx:  # type: ignore[attr-defined]
        return TemplateResponse(request, "resolutions/report_progress.html#progress", context)
    return TemplateResponse(request, "resolutions/report_progress.html", context)


@login_required
def report_download_view(request: HttpRequest, token: str) -> HttpResponse:
    status = _report_status(request, token)
    path = report_file(token)
    if status.get("state") != "done" or not path.is_file():
        raise Http404
    audit_record(
        actor=_user(request),
        action="resolution.report.download",
        obj=Resolution.objects.get(pk=status["resolution_id"]),
        changes={"org": status.get("org_id"), "day": status.get("day"), "token": token[:6]},
    )
    return _report_response(path.read_bytes(), int(status["resolution_id"]))
