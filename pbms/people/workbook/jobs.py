"""Large imports run in the background (django-tasks): the preview's dry run and the confirmed import.

``import_job`` runs ``import_workbook`` in the worker (``manage.py db_worker`` with the database backend),
writing its progress and, at the end, its report to ``<token>.json`` beside the upload; the progress page
polls it. With the default immediate backend (no worker: ``make run``, the tests) the job runs inline
during the request, and the page shows the result at once.
"""

from __future__ import annotations

from django_tasks import task

from pbms.accounts.models import User
from pbms.audit.context import RequestInfo, reset_request_info, set_request_info
from pbms.people.workbook.apply import import_workbook
from pbms.people.workbook.uploads import report_to_json, upload_path, write_status


@task()
def import_job(
    *, token: str, file_name: str, user_id: int, dry_run: bool, ip: str | None, acting_org_id: int | None
) -> None:
    path = upload_path(token)

    def progress(step: str, percent: int) -> None:
        write_status(token, state="running", dry_run=dry_run, step=step, percent=percent)

    progress("Bắt đầu", 1)
    context = set_request_info(RequestInfo(ip=ip, acting_org_id=acting_org_id))
    try:
        actor = User.objects.get(pk=user_id)
        report = import_workbook(path=path, file_name=file_name, actor=actor, dry_run=dry_run, progress=progress)
    except Exception:
        write_status(token, state="failed", dry_run=dry_run, step="Lỗi hệ thống khi nhập; không ghi gì.", percent=0)
        path.unlink(missing_ok=True)
        raise
    finally:
        reset_request_info(context)
    if report.errors or not dry_run:
        path.unlink(missing_ok=True)  # nothing more can be done with this file
    write_status(token, state="done", dry_run=dry_run, step="Xong", percent=100, report=report_to_json(report))
