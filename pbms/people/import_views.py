"""Import of a workbook from the browser: upload → preview with every error (a dry run) → confirm.

The upload is checked by content (zip signature, then openpyxl), limited in size while it streams in
(``PEOPLE_IMPORT_MAX_BYTES``, default 20 MB), kept only in a private temporary directory that no URL
serves (``PEOPLE_IMPORT_DIR``), under a random name bound to the uploader's session, and deleted once
imported or cancelled (and after a day at the latest). Only those who may import reach these pages:
the others get 404, as for anything outside their scope.

A file larger than ``PEOPLE_IMPORT_BACKGROUND_BYTES`` (default 1 MB, about 5,000 people) is checked and
imported by a background job (``workbook.jobs``): the page shows a progress bar that polls
``tien-do/`` with htmx until the job's report is there.

Confirming claims the upload's row with a conditional UPDATE (``uploads.upload_claim``): a second click,
or a second tab, finds it claimed and is sent to the progress page, never importing twice. A check or
import whose heartbeat stopped (its worker died) is shown as interrupted, to retry or cancel.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from pbms.accounts.models import User
from pbms.audit.context import get_request_info
from pbms.people.models import WorkbookUpload
from pbms.people.workbook.access import actor_may_import
from pbms.people.workbook.apply import ImportReport, import_workbook
from pbms.people.workbook.jobs import import_job, run_upload
from pbms.people.workbook.parse import FileRefusedError, check_file, max_bytes
from pbms.people.workbook.spec import load_code_lists
from pbms.people.workbook.template import XLSX_CONTENT_TYPE, template_bytes
from pbms.people.workbook.uploads import (
    LOST_MESSAGES,
    State,
    read_status,
    report_from_json,
    status_path,
    sweep,
    upload_cancel,
    upload_claim,
    upload_create,
    upload_expire,
    upload_path,
    write_status,
)

SESSION_KEY = "people_import_uploads"
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
SHOWN_ISSUES = 5000
DEFAULT_BACKGROUND_BYTES = 1024 * 1024
ALREADY_CONFIRMED = "Tệp này đã được xác nhận (đang ghi hoặc đã ghi xong): không ghi lần thứ hai."


def background_bytes() -> int:
    return int(getattr(settings, "PEOPLE_IMPORT_BACKGROUND_BYTES", DEFAULT_BACKGROUND_BYTES))


def _size(limit: int) -> str:
    return f"{limit / 1_048_576:.0f} MB" if limit >= 1_048_576 else f"{limit / 1024:.0f} KB"


def _importer(request: HttpRequest) -> User:
    user = request.user
    if not actor_may_import(actor=user):
        raise Http404
    assert isinstance(user, User)
    return user


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit, so a huge file never reaches the disk."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.import_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body; checked below
@login_required
def upload(request: HttpRequest) -> HttpResponseBase:
    _importer(request)
    limit = max_bytes()
    if request.method == "POST":
        handlers = request.upload_handlers
        assert isinstance(handlers, list)  # still a list: the body has not been read yet (CSRF exempt)
        handlers.insert(0, LimitedUploadHandler(request, limit))
    return _upload(request, limit)


@csrf_protect
def _upload(request: HttpRequest, limit: int) -> HttpResponseBase:
    user = _importer(request)
    error = ""
    if request.method == "POST":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        upload = request.FILES.get("tep") if length <= limit + 1_048_576 else None
        if getattr(request, "import_too_large", False) or length > limit + 1_048_576:
            error = f"Tệp vượt giới hạn {_size(limit)}."
        elif upload is None:
            error = "Chọn tệp Excel (.xlsx) để tải lên."
        else:
            sweep()
            token = secrets.token_urlsafe(16)
            path = upload_path(token)
            with path.open("wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            try:
                check_file(path, limit=limit)
            except FileRefusedError as exc:
                path.unlink(missing_ok=True)
                error = exc.message
            else:
                upload_create(token=token, user=user, file_name=Path(upload.name or "tep.xlsx").name[:120])
                uploads = request.session.get(SESSION_KEY, {})
                uploads[token] = {"name": Path(upload.name or "tep.xlsx").name[:120], "user": user.pk}
                request.session[SESSION_KEY] = uploads
                return redirect("people_import:preview", token=token)
    return TemplateResponse(
        request,
        "people/import_upload.html",
        {"error": error, "limit_mb": limit // 1_048_576},
        status=400 if error else 200,
    )


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    _importer(request)
    response = HttpResponse(template_bytes(lists=load_code_lists()), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-can-bo-dang-vien.xlsx"'
    return response


def _owned(request: HttpRequest, token: str) -> str:
    """The original name of the upload ``token``, if this session's user made it; else 404."""
    user = _importer(request)
    entry: dict[str, Any] | None = request.session.get(SESSION_KEY, {}).get(token)
    if not TOKEN.fullmatch(token) or entry is None or entry.get("user") != user.pk:
        raise Http404
    return str(entry["name"])


def _pending(request: HttpRequest, token: str) -> tuple[Path, str]:
    """The uploaded file of ``token``, if this session uploaded it and it is still there; else 404."""
    name = _owned(request, token)
    path = upload_path(token)
    if not path.is_file():
        _forget(request, token)
        raise Http404
    return path, name


def _forget(request: HttpRequest, token: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    status_path(token).unlink(missing_ok=True)


def _report_context(report: ImportReport, token: str | None) -> dict[str, Any]:
    return {
        "report": report,
        "token": token,
        "errors": report.errors[:SHOWN_ISSUES],
        "more_errors": max(0, len(report.errors) - SHOWN_ISSUES),
        "warnings": report.warnings[:SHOWN_ISSUES],
        "summary": report.summary(),
    }


def _render(request: HttpRequest, report: ImportReport, token: str | None) -> TemplateResponse:
    return TemplateResponse(request, "people/import_preview.html", _report_context(report, token))


def _start_job(request: HttpRequest, token: str, name: str, attempt: int, *, dry_run: bool) -> TemplateResponse:
    """Queue the job (with the immediate backend it runs now, inside this request) and show its progress."""
    write_status(token, state="queued", dry_run=dry_run, step="Đang chờ đến lượt", percent=0)
    info = get_request_info()
    import_job.enqueue(
        token=token,
        attempt=attempt,
        file_name=name,
        user_id=_importer(request).pk,
        dry_run=dry_run,
        ip=info.ip,
        acting_org_id=info.acting_org_id,
    )
    return _progress_page(request, token, name)


def _upload_row(request: HttpRequest, token: str) -> WorkbookUpload:
    """The upload's row, marked lost first if its worker died (``upload_expire``); 404 without one."""
    upload = upload_expire(token=token, actor=_importer(request))
    if upload is None:
        raise Http404
    return upload


def _progress_page(request: HttpRequest, token: str, name: str) -> TemplateResponse:
    upload = _upload_row(request, token)
    status = read_status(token)
    if upload.state == State.LOST:
        # the dead job's status may say "running" at 63 %: the row is the truth
        dry_run = bool(status.get("dry_run")) if status else False
        status = {"state": "lost", "dry_run": dry_run, "step": LOST_MESSAGES[dry_run], "percent": 0}
    elif status is None and upload.state in (State.CHECKING, State.IMPORTING):
        # claimed by another request that has not written its first status yet
        status = {"state": "running", "dry_run": upload.state == State.CHECKING, "step": "Bắt đầu", "percent": 0}
    status = status or {"state": "failed", "step": "Không thấy công việc nhập.", "percent": 0}
    partial = bool(getattr(request, "htmx", False))
    if status["state"] == "done":
        report = report_from_json(status["report"])
        if report.errors or report.applied:
            _forget(request, token)  # the job has deleted the file: this is the last page of this upload
        context = _report_context(report, token if report.dry_run and not report.errors else None)
        template = "people/import_preview.html#report" if partial else "people/import_preview.html"
        return TemplateResponse(request, template, context)
    if status["state"] == "failed":
        _forget(request, token)
    context = {"token": token, "file_name": name, "status": status}
    template = "people/import_progress.html#progress" if partial else "people/import_progress.html"
    return TemplateResponse(request, template, context)


@login_required
def preview(request: HttpRequest, token: str) -> HttpResponseBase:
    path, name = _pending(request, token)
    upload = _upload_row(request, token)
    if upload.state == State.IMPORTING:
        return redirect("people_import:progress", token=token)
    if path.stat().st_size > background_bytes():
        if read_status(token) is None or upload.state == State.LOST:
            attempt = upload_claim(
                token=token, user=_importer(request), from_states=(State.UPLOADED, State.LOST), to_state=State.CHECKING
            )
            if attempt is not None:
                return _start_job(request, token, name, attempt, dry_run=True)
        return _progress_page(request, token, name)
    report = import_workbook(path=path, file_name=name, actor=_importer(request), dry_run=True)
    if report.errors:
        # nothing can be imported from this file: it is not kept
        path.unlink(missing_ok=True)
        _forget(request, token)
        return _render(request, report, None)
    return _render(request, report, token)


@login_required
def progress(request: HttpRequest, token: str) -> TemplateResponse:
    """The job's progress (the page polls it every second with htmx), then its report."""
    return _progress_page(request, token, _owned(request, token))


@require_POST
@login_required
def confirm(request: HttpRequest, token: str) -> HttpResponseBase:
    name = _owned(request, token)
    user = _importer(request)
    _upload_row(request, token)  # a lost import may be confirmed again
    attempt = upload_claim(token=token, user=user, from_states=(State.UPLOADED, State.LOST), to_state=State.IMPORTING)
    if attempt is None:
        # a second click, or a second tab: the first request imports; this one only shows its progress
        messages.info(request, ALREADY_CONFIRMED)
        return redirect("people_import:progress", token=token)
    path = upload_path(token)
    if not path.is_file():
        raise Http404
    if path.stat().st_size > background_bytes():
        return _start_job(request, token, name, attempt, dry_run=False)
    write_status(token, state="running", dry_run=False, step="Đang ghi", percent=0)
    report = run_upload(token=token, attempt=attempt, file_name=name, actor=user, dry_run=False)
    if report is None:
        return _progress_page(request, token, name)
    if report.applied:
        messages.success(
            request,
            f"Đã nhập tệp {name} lúc {timezone.localtime():%H:%M %d/%m/%Y}: {report.changes} thay đổi.",
        )
    return _render(request, report, None)


@require_POST
@login_required
def cancel(request: HttpRequest, token: str) -> HttpResponseBase:
    path, _ = _pending(request, token)
    _upload_row(request, token)  # a lost check or import may be cancelled
    if not upload_cancel(token=token, user=_importer(request)):
        messages.error(request, "Công việc nhập đang chạy: không hủy được nữa.")
        return redirect("people_import:progress", token=token)
    path.unlink(missing_ok=True)
    _forget(request, token)
    messages.info(request, "Đã hủy: tệp tải lên đã được xóa, không ghi gì.")
    return redirect("people_import:upload")
