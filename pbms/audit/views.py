from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from pbms.audit.forms import AuditFilterForm
from pbms.audit.labels import action_label
from pbms.audit.models import AuditEvent
from pbms.audit.selectors import PAGE_SIZE, AuditFilter, audit_actions, audit_change_lines, audit_list
from pbms.audit.services import audit_record
from pbms.lib.exceptions import NotFoundError
from pbms.reports.xlsx import xlsx_table

EXPORT_LIMIT = 100_000
EXPORT_CHUNK = 2000


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter]:
    try:
        actions = audit_actions(actor=request.user)
    except NotFoundError as exc:
        raise Http404 from exc
    form = AuditFilterForm(request.GET or None, actions=actions)
    return form, (form.to_filter() if form.is_valid() else AuditFilter())


@login_required
def audit_page(request: HttpRequest) -> TemplateResponse:
    form, filters = _filtered(request)
    before = request.GET.get("truoc", "")
    rows = list(
        audit_list(actor=request.user, filters=filters, before_id=int(before) if before.isdigit() else None)[
            : PAGE_SIZE + 1
        ]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    changes = audit_change_lines(events=rows)
    query = request.GET.copy()
    query.pop("truoc", None)
    return TemplateResponse(
        request,
        "audit/list.html",
        {
            "form": form,
            "rows": [(row, action_label(row.action), changes[row.pk]) for row in rows],
            "next_before": rows[-1].pk if more else None,
            "query": query.urlencode(),
        },
    )


def _export_rows(rows: QuerySet[AuditEvent]) -> Iterator[list[str]]:
    """The export's rows, the changes in Vietnamese as on the page; names looked up once per chunk."""
    events = rows.iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(events, EXPORT_CHUNK)):
        changes = audit_change_lines(events=chunk)
        for r in chunk:
            yield [
                timezone.localtime(r.at).strftime("%d/%m/%Y %H:%M:%S"),
                r.actor_name,
                f"{action_label(r.action)} ({r.action})",
                r.object_repr,
                f"{r.object_type}#{r.object_id}" if r.object_type else "",
                "\n".join(f"{line.label}: {line.text}" if line.label else line.text for line in changes[r.pk]),
                r.ip or "",
            ]


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    _, filters = _filtered(request)
    rows = audit_list(actor=request.user, filters=filters)[:EXPORT_LIMIT]
    content = xlsx_table(
        kind_code="audit_log",
        actor=request.user,  # type: ignore[arg-type]  # login_required
        title="Nhật ký hệ thống",
        columns=["Thời điểm", "Người thực hiện", "Hành động", "Đối tượng", "Mã đối tượng", "Thay đổi", "Địa chỉ IP"],
        rows=_export_rows(rows),
        widths=(20, 24, 28, 40, 18, 60, 16),
    )
    audit_record(actor=request.user, action="audit.export", changes={"filters": request.GET.dict()})  # type: ignore[arg-type]
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{timezone.localtime():%Y%m%d-%H%M}.xlsx"'
    return response
