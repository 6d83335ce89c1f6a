"""Where uploaded workbooks wait for confirmation, the status of an import running in the background, and
the upload's row (``WorkbookUpload``) whose state moves once.

The files live in ``PEOPLE_IMPORT_DIR`` (default ``<temp>/pbms-import``, mode 0700): never under MEDIA_ROOT or
STATIC_ROOT, so no URL serves them. ``<token>.xlsx`` is the upload, ``<token>.json`` the job's status
(state, step, percentage, and at the end the report). Files and rows older than a day are swept away.

The row's state changes only by conditional UPDATEs (``upload_claim``, ``upload_finish``): of two requests
confirming the same upload, one moves it to "importing" and runs the import, the other updates no row and
is told the upload is already confirmed. A running check or import beats ``heartbeat_at`` every quarter of
the lease (``heartbeat``); a heartbeat older than the lease (``PEOPLE_IMPORT_LEASE_SECONDS``, default 120 s)
means the process running it died, and ``upload_expire`` marks the upload "lost": its import was one
transaction, rolled back with the dead connection, so nothing was written and the user may retry or cancel.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from pbms.accounts.models import User
from pbms.audit.services import audit_record
from pbms.people.models import WorkbookUpload
from pbms.people.workbook.apply import ImportReport
from pbms.people.workbook.parse import Issue

MAX_AGE_SECONDS = 24 * 3600
DEFAULT_LEASE_SECONDS = 120
State = WorkbookUpload.State
ACTIVE = (State.CHECKING, State.IMPORTING)
LOST_MESSAGES = {
    True: "Việc kiểm tra tệp đã dừng giữa chừng (tiến trình xử lý trên máy chủ bị dừng hoặc khởi động lại). "
    "Chưa có gì được ghi. Có thể kiểm tra lại hoặc hủy tệp này.",
    False: "Việc ghi tệp đã dừng giữa chừng (tiến trình xử lý trên máy chủ bị dừng hoặc khởi động lại). "
    "Không có gì được ghi: cả tệp được ghi trong một giao dịch, giao dịch dở đã bị hủy. "
    "Có thể ghi lại hoặc hủy tệp này.",
}


def upload_dir() -> Path:
    base = getattr(settings, "PEOPLE_IMPORT_DIR", None) or Path(tempfile.gettempdir()) / "pbms-import"
    path = Path(base)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def upload_path(token: str) -> Path:
    return upload_dir() / f"{token}.xlsx"


def sweep() -> None:
    """Delete uploads, statuses and upload rows older than a day (abandoned previews)."""
    limit = time.time() - MAX_AGE_SECONDS
    for old in [*upload_dir().glob("*.xlsx"), *upload_dir().glob("*.json")]:
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)
    WorkbookUpload.objects.filter(created_at__lt=timezone.now() - dt.timedelta(seconds=MAX_AGE_SECONDS)).delete()


# --- the upload's state: conditional UPDATEs only ----------------------------------------------------


def lease_seconds() -> int:
    """How long a check or import may go without a heartbeat before it is taken for dead."""
    return int(getattr(settings, "PEOPLE_IMPORT_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def upload_create(*, token: str, user: User, file_name: str) -> WorkbookUpload:
    return WorkbookUpload.objects.create(token=token, user=user, file_name=file_name)


@transaction.atomic
def upload_claim(*, token: str, user: User, from_states: tuple[str, ...], to_state: str) -> int | None:
    """Move the upload from one of ``from_states`` to ``to_state``: the new attempt's number, or None when the
    upload is not in those states (another request claimed it first). One UPDATE ... WHERE state IN (...):
    on PostgreSQL a concurrent claim waits for this row's lock, then finds the state changed and updates
    nothing, so exactly one request runs the import."""
    claimed = WorkbookUpload.objects.filter(token=token, user=user, state__in=from_states).update(
        state=to_state, attempt=F("attempt") + 1, heartbeat_at=None
    )
    if not claimed:
        return None
    return int(WorkbookUpload.objects.values_list("attempt", flat=True).get(token=token))


def upload_finish(*, token: str, attempt: int, state: str) -> bool:
    """End the running ``attempt`` in ``state``; False when it is no longer running (given up as lost, and
    maybe retried). Called inside the import's transaction as its last write: a worker that was given up
    then finds nothing to update and its writes are rolled back."""
    return bool(
        WorkbookUpload.objects.filter(token=token, attempt=attempt, state__in=ACTIVE).update(
            state=state, heartbeat_at=None
        )
    )


def upload_beat(*, token: str, attempt: int) -> None:
    WorkbookUpload.objects.filter(token=token, attempt=attempt, state__in=ACTIVE).update(heartbeat_at=timezone.now())


@transaction.atomic
def upload_expire(*, token: str, actor: User) -> WorkbookUpload | None:
    """The upload row; marked lost first if its check or import stopped beating for longer than the lease
    (its process died). ``actor`` is who looked at it: the audit row says who saw the import lost."""
    cutoff = timezone.now() - dt.timedelta(seconds=lease_seconds())
    upload = WorkbookUpload.objects.select_for_update().filter(token=token).first()
    if upload is None or upload.state not in ACTIVE or upload.heartbeat_at is None or upload.heartbeat_at >= cutoff:
        return upload
    dry_run = upload.state == State.CHECKING
    last_beat = upload.heartbeat_at
    upload.state, upload.heartbeat_at = State.LOST, None
    upload.save(update_fields=["state", "heartbeat_at"])
    write_status(token, state="lost", dry_run=dry_run, step=LOST_MESSAGES[dry_run], percent=0)
    audit_record(
        actor=actor,
        action="people.import_lost",
        obj=upload,
        object_repr=f"Nhập tệp {upload.file_name}",
        changes={
            "tệp": upload.file_name,
            "người tải lên": upload.user_id,
            "chạy thử": dry_run,
            "lần": upload.attempt,
            "nhịp cuối": timezone.localtime(last_beat).isoformat(timespec="seconds"),
        },
    )
    return upload


def upload_cancel(*, token: str, user: User) -> bool:
    """Drop an upload that is waiting (or was lost); False when a check or import holds it."""
    deleted, _ = WorkbookUpload.objects.filter(token=token, user=user, state__in=(State.UPLOADED, State.LOST)).delete()
    return bool(deleted)


@contextlib.contextmanager
def heartbeat(*, token: str, attempt: int) -> Iterator[None]:
    """Beat the upload's heartbeat now, then every quarter of the lease from a thread (its own connection:
    the import's long transaction must not hold the beats back), until the block ends."""
    upload_beat(token=token, attempt=attempt)
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(max(1.0, lease_seconds() / 4)):
                with contextlib.suppress(DatabaseError):  # a missed beat is retried; the lease allows three
                    upload_beat(token=token, attempt=attempt)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"import-heartbeat-{token[:6]}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


# --- the status of a background import -------------------------------------------------------------


def report_to_json(report: ImportReport) -> dict[str, Any]:
    return {
        "file_name": report.file_name,
        "dry_run": report.dry_run,
        "errors": [list(vars(issue).values()) for issue in report.errors],
        "warnings": [list(vars(issue).values()) for issue in report.warnings],
        "created": dict(report.created),
        "updated": dict(report.updated),
        "unchanged": dict(report.unchanged),
        "rows_read": report.rows_read,
        "applied": report.applied,
        "audit_id": report.audit_id,
    }


def report_from_json(data: dict[str, Any]) -> ImportReport:
    return ImportReport(
        file_name=data["file_name"],
        dry_run=data["dry_run"],
        errors=[Issue(*issue) for issue in data["errors"]],
        warnings=[Issue(*issue) for issue in data["warnings"]],
        created=Counter(data["created"]),
        updated=Counter(data["updated"]),
        unchanged=Counter(data["unchanged"]),
        rows_read=data["rows_read"],
        applied=data["applied"],
        audit_id=data["audit_id"],
    )


def status_path(token: str) -> Path:
    return upload_dir() / f"{token}.json"


def write_status(token: str, **status: Any) -> None:
    """Replace the status atomically (the page may read it at any moment)."""
    path = status_path(token)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def read_status(token: str) -> dict[str, Any] | None:
    path = status_path(token)
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
