"""Where uploaded workbooks wait for confirmation, and the status of an import running in the background.

Both live in ``PEOPLE_IMPORT_DIR`` (default ``<temp>/pbms-import``, mode 0700): never under MEDIA_ROOT or
STATIC_ROOT, so no URL serves them. ``<token>.xlsx`` is the upload, ``<token>.json`` the job's status
(state, step, percentage, and at the end the report). Files older than a day are swept away.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings

from pbms.people.workbook.apply import ImportReport
from pbms.people.workbook.parse import Issue

MAX_AGE_SECONDS = 24 * 3600


def upload_dir() -> Path:
    base = getattr(settings, "PEOPLE_IMPORT_DIR", None) or Path(tempfile.gettempdir()) / "pbms-import"
    path = Path(base)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def upload_path(token: str) -> Path:
    return upload_dir() / f"{token}.xlsx"


def sweep() -> None:
    """Delete uploads and statuses older than a day (abandoned previews)."""
    limit = time.time() - MAX_AGE_SECONDS
    for old in [*upload_dir().glob("*.xlsx"), *upload_dir().glob("*.json")]:
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)


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
