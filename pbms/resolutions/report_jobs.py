"""The Word report "Báo cáo kết quả thực hiện Nghị quyết số …" as a background job when it is large.

A report whose breakdown covers more than ``RESOLUTION_REPORT_BACKGROUND_ORGS`` organisations (default 200:
the children of the organisation asked, as of the date) is built by ``report_job`` (django-tasks, the same
backend as the workbook import: ``TASKS_BACKEND``; the immediate backend runs it inline). The job writes its
progress, then the file, beside the import's files: ``<PEOPLE_IMPORT_DIR>/bao-cao/<token>.json`` (state,
step, percentage, who asked and with which scope) and ``<token>.docx``; both are swept after a day. No URL
serves that directory: the download view checks the status first.

Who may see a job and download its file: the user who asked, or a user with the same scope (the same
register-reading grants, or both administrators), since the figures counted depend on the scope. Anyone else
gets 404, as for anything outside their scope.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django_tasks import task

from pbms.accounts.models import Assignment, Permission, User
from pbms.accounts.selectors import Actor, actor_is_admin, roles_with
from pbms.audit.context import RequestInfo, reset_request_info, set_request_info
from pbms.audit.services import audit_record
from pbms.people.workbook.uploads import upload_dir
from pbms.reports.party_docx import PartyHeading
from pbms.resolutions.models import Resolution
from pbms.resolutions.reports import RECIPIENTS, dashboard, dashboard_docx

DEFAULT_BACKGROUND_ORGS = 200
MAX_AGE_SECONDS = 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


def background_orgs() -> int:
    return int(getattr(settings, "RESOLUTION_REPORT_BACKGROUND_ORGS", DEFAULT_BACKGROUND_ORGS))


def report_dir() -> Path:
    path = upload_dir() / "bao-cao"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def report_file(token: str) -> Path:
    return report_dir() / f"{token}.docx"


def _status_path(token: str) -> Path:
    return report_dir() / f"{token}.json"


def sweep() -> None:
    """Delete reports and statuses older than a day."""
    limit = time.time() - MAX_AGE_SECONDS
    for old in [*report_dir().glob("*.docx"), *report_dir().glob("*.json")]:
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)


def write_status(token: str, **status: Any) -> None:
    """Replace the status atomically (the progress page may read it at any moment), keeping what is not given."""
    path = _status_path(token)
    current = read_status(token) or {}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({**current, **status}, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def read_status(token: str) -> dict[str, Any] | None:
    if not TOKEN.fullmatch(token):
        return None
    path = _status_path(token)
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def report_scope(actor: Actor) -> str:
    """Whose figures a report shows: "admin", or the organisations of the actor's register-reading grants."""
    if actor_is_admin(actor):
        return "admin"
    if actor.pk is None:
        return "none"
    orgs = (
        Assignment.objects.filter(user_id=actor.pk, role__in=roles_with(Permission.REGISTER_READ))
        .values_list("org_id", flat=True)
        .distinct()
        .order_by("org_id")
    )
    return "o:" + ",".join(str(org) for org in orgs)


def report_status_for(*, actor: Actor, token: str) -> dict[str, Any] | None:
    """The job's status if ``actor`` asked for it or shares the asker's scope; None otherwise (404)."""
    status = read_status(token)
    if status is None or not (actor.is_authenticated and actor.is_active):
        return None
    if status.get("user_id") == actor.pk or status.get("scope") == report_scope(actor):
        return status
    return None


def place_name() -> str:
    return str(settings.PROVINCE_NAME).removeprefix("Tỉnh ").removeprefix("tỉnh ")


def report_heading() -> PartyHeading:
    return PartyHeading(superior=f"TỈNH ỦY {place_name().upper()}", recipients=RECIPIENTS)


@task()
def report_job(
    *,
    token: str,
    user_id: int,
    resolution_id: int,
    day: str,
    org_id: int,
    today: str,
    ip: str | None,
    acting_org_id: int | None,
) -> None:
    """Compute the dashboard with its breakdown date by date (the progress: the date asked, then each earlier
    year of the trend, every target in one statement each), then write the Word file."""

    def progress(done: int, total: int) -> None:
        percent = 1 + int(89 * done / max(total, 1))
        write_status(token, state="running", step=f"Đã tính số liệu {done}/{total} mốc thời gian", percent=percent)

    write_status(token, state="running", step="Bắt đầu", percent=1)
    context = set_request_info(RequestInfo(ip=ip, acting_org_id=acting_org_id))
    try:
        actor = User.objects.get(pk=user_id)
        resolution = Resolution.objects.get(pk=resolution_id)
        board = dashboard(
            actor=actor,
            resolution=resolution,
            day=dt.date.fromisoformat(day),
            org_id=org_id,
            with_breakdown=True,
            progress=progress,
        )
        write_status(token, step="Đang tạo tệp Word", percent=95)
        content = dashboard_docx(
            board=board,
            actor=actor,
            heading=report_heading(),
            place=place_name() or "…",
            today=dt.date.fromisoformat(today),
        )
        report_file(token).write_bytes(content)
        audit_record(
            actor=actor,
            action="resolution.report",
            obj=resolution,
            changes={"org": org_id, "day": day, "format": "docx", "background": True},
        )
    except Exception:
        write_status(token, state="failed", step="Lỗi hệ thống khi tạo báo cáo.", percent=0)
        raise
    finally:
        reset_request_info(context)
    write_status(token, state="done", step="Xong", percent=100)
