"""Running a check (dry run) or an import of an upload: in the background (django-tasks) for a large file,
inline in the request for a small one; both through ``run_upload``.

``import_job`` runs in the worker (``manage.py db_worker`` with the database backend), writing its progress
and, at the end, its report to ``<token>.json`` beside the upload; the progress page polls it. With the
default immediate backend (no worker: ``make run``, the tests) the job runs inline during the request, and
the page shows the result at once.
"""

from __future__ import annotations

from django_tasks import task

from pbms.accounts.models import User
from pbms.audit.context import RequestInfo, reset_request_info, set_request_info
from pbms.people.workbook.apply import ImportReport, ProgressFn, import_workbook
from pbms.people.workbook.uploads import (
    State,
    heartbeat,
    report_to_json,
    upload_finish,
    upload_path,
    write_status,
)


def run_upload(
    *, token: str, attempt: int, file_name: str, actor: User, dry_run: bool, progress: ProgressFn | None = None
) -> ImportReport | None:
    """Check or import the upload ``token`` under its claimed ``attempt``, beating its heartbeat meanwhile.
    The report, also written to the status; None when the attempt was given up as lost meanwhile (its page
    says so; an import's writes were rolled back by ``upload_finish`` inside its transaction)."""
    path = upload_path(token)

    def still_ours() -> bool:
        return upload_finish(token=token, attempt=attempt, state=State.DONE)

    with heartbeat(token=token, attempt=attempt):
        try:
            report = import_workbook(
                path=path,
                file_name=file_name,
                actor=actor,
                dry_run=dry_run,
                progress=progress,
                still_ours=None if dry_run else still_ours,
            )
        except Exception:
            if upload_finish(token=token, attempt=attempt, state=State.FAILED):
                step = "Lỗi hệ thống khi nhập; không ghi gì."
                write_status(token, state="failed", dry_run=dry_run, step=step, percent=0)
                path.unlink(missing_ok=True)
            raise
    checked = dry_run and not report.errors
    # an applied import moved the upload to DONE inside its transaction; anything else ends here
    if not (
        report.applied or upload_finish(token=token, attempt=attempt, state=State.UPLOADED if checked else State.DONE)
    ):
        return None
    if not checked:
        path.unlink(missing_ok=True)  # nothing more can be done with this file
    write_status(token, state="done", dry_run=dry_run, step="Xong", percent=100, report=report_to_json(report))
    return report


@task()
def import_job(
    *,
    token: str,
    attempt: int,
    file_name: str,
    user_id: int,
    dry_run: bool,
    ip: str | None,
    acting_org_id: int | None,
) -> None:
    def progress(step: str, percent: int) -> None:
        write_status(token, state="running", dry_run=dry_run, step=step, percent=percent)

    progress("Bắt đầu", 1)
    context = set_request_info(RequestInfo(ip=ip, acting_org_id=acting_org_id))
    try:
        actor = User.objects.get(pk=user_id)
        run_upload(token=token, attempt=attempt, file_name=file_name, actor=actor, dry_run=dry_run, progress=progress)
    finally:
        reset_request_info(context)
