"""An upload's life after the preview: confirmed once however many clicks, and a check or import whose worker
died shown as interrupted (to retry or cancel) instead of "Đang ghi… 63 %" forever."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in
from pbms.core.tests.race import race
from pbms.lib.exceptions import ApplicationError
from pbms.people import services
from pbms.people.models import Person, Training, TrainingCategory, WorkbookUpload
from pbms.people.tests.conftest import make_person
from pbms.people.workbook import apply
from pbms.people.workbook.apply import import_workbook
from pbms.people.workbook.sample import sample_rows, workbook_bytes
from pbms.people.workbook.uploads import write_status

URL = "/can-bo/nhap-du-lieu/"


@pytest.fixture
def uploads(settings: Any, tmp_path: Path) -> Path:
    settings.PEOPLE_IMPORT_DIR = tmp_path / "uploads"
    return Path(settings.PEOPLE_IMPORT_DIR)


def upload(client: Client, content: bytes) -> str:
    """The preview's address of a freshly uploaded file, checked (previewed) once."""
    preview_url: str = client.post(URL, {"tep": SimpleUploadedFile("dang-vien.xlsx", content)})["Location"]
    assert "Xác nhận ghi" in client.get(preview_url).content.decode()
    return preview_url


def twin(client: Client) -> Client:
    """A second browser tab: the same session."""
    other = Client()
    other.cookies = client.cookies
    return other


# --- a double-clicked confirmation ----------------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_imports_once_when_the_confirmation_is_clicked_twice(
    tree: Tree, people: Personas, uploads: Path, tmp_path: Path
) -> None:
    # the people are in the register already: only their qualifications and trainings are new, which no
    # other unique key stopped from being written twice
    first = tmp_path / "people.xlsx"
    first.write_bytes(workbook_bytes(sample_rows(3, cells=["B1C1"], children=False)))
    assert import_workbook(path=first, file_name="people.xlsx", actor=people.specialist, dry_run=False).applied
    client = logged_in(people.specialist)
    confirm_url = upload(client, workbook_bytes(sample_rows(3, cells=["B1C1"]))) + "xac-nhan/"
    second = twin(client)

    # both requests meet after their checks, before writing: what a double click did
    one, two = race(lambda: client.post(confirm_url), lambda: second.post(confirm_url), meet_at=(apply.Writer, "run"))

    assert one.ok and two.ok
    responses = sorted([one.value, two.value], key=lambda r: r.status_code)
    assert [r.status_code for r in responses] == [200, 302]
    assert "Đã ghi" in responses[0].content.decode()
    assert responses[1]["Location"].endswith("/tien-do/")
    assert Training.objects.count() == 3
    assert AuditEvent.objects.filter(action="people.import").count() == 2  # the first file's, and this one
    assert WorkbookUpload.objects.get().state == WorkbookUpload.State.DONE
    told = second.get(responses[1]["Location"]).content.decode()
    assert "đã được xác nhận" in told or "Đã ghi" in told  # whichever tab lost is shown the result


def test_it_tells_a_second_click_the_upload_is_already_confirmed(tree: Tree, people: Personas, uploads: Path) -> None:
    client = logged_in(people.specialist)
    confirm_url = upload(client, workbook_bytes(sample_rows(2, cells=["B1C1"]))) + "xac-nhan/"
    assert "Đã ghi" in client.post(confirm_url).content.decode()
    again = client.post(confirm_url, follow=True)
    assert again.status_code == 200 and "đã được xác nhận" in again.content.decode()
    assert Person.objects.count() == 2 and Training.objects.count() == 2
    assert AuditEvent.objects.filter(action="people.import").count() == 1


def test_it_refuses_a_training_entered_twice(tree: Tree, people: Personas) -> None:
    person = make_person(people.admin, "Lê Thị Hoa", gender="F")
    category = TrainingCategory.objects.get(code="xay-dung-dang")
    course = {"person": person, "course": "Lớp bồi dưỡng", "category": category, "starts_on": dt.date(2024, 3, 4)}
    services.training_add(actor=people.admin, ends_on=dt.date(2024, 3, 8), **course)  # type: ignore[arg-type]
    with pytest.raises(ApplicationError, match="đã có lớp “Lớp bồi dưỡng”"):
        services.training_add(actor=people.admin, ends_on=dt.date(2024, 3, 9), **course)  # type: ignore[arg-type]
    assert Training.objects.count() == 1


@pytest.mark.postgres_only
def test_it_merges_the_copies_a_double_import_left_when_migrating(tree: Tree, people: Personas, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(workbook_bytes(sample_rows(2, cells=["B1C1"])))
    assert import_workbook(path=path, file_name="people.xlsx", actor=people.specialist, dry_run=False).applied
    with connection.cursor() as cursor:  # back to the schema before the constraint (undone with the test)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending before the ALTER
        cursor.execute("ALTER TABLE people_training DROP CONSTRAINT training_unique_key")
    copies = [Training.objects.get(pk=t.pk) for t in Training.objects.all()]
    for copy in copies:
        copy.pk = None
        copy.save()
    assert Training.objects.count() == 4
    migration = __import__("pbms.people.migrations.0008_training_key_workbook_upload", fromlist=["merge_duplicates"])
    with connection.schema_editor() as editor:
        migration.merge_duplicates(apps, editor)
    assert Training.objects.count() == 2
    assert AuditEvent.objects.filter(action="training.merge_duplicate").count() == 2
    # copies that differ are not guessed at: the migration names them and stops
    different = Training.objects.first()
    assert different is not None
    different.pk, different.provider = None, "Trường Chính trị tỉnh"
    different.save()
    with pytest.raises(RuntimeError, match="khác nội dung"), connection.schema_editor() as editor:
        migration.merge_duplicates(apps, editor)


# --- a worker that died -----------------------------------------------------------------------------


def _stuck(preview_url: str, *, beat_seconds_ago: int) -> WorkbookUpload:
    """The upload as a killed worker leaves it: importing, its status at 63 %, its last beat long ago."""
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    row = WorkbookUpload.objects.get(token=token)
    row.state, row.attempt = WorkbookUpload.State.IMPORTING, row.attempt + 1
    row.heartbeat_at = timezone.now() - dt.timedelta(seconds=beat_seconds_ago)
    row.save()
    write_status(token, state="running", dry_run=False, step="Đang ghi: Cán bộ, đảng viên", percent=63)
    return row


def test_it_shows_an_import_whose_worker_died_as_interrupted_and_imports_it_again(
    tree: Tree, people: Personas, uploads: Path
) -> None:
    client = logged_in(people.specialist)
    preview_url = upload(client, workbook_bytes(sample_rows(3, cells=["B1C1"])))
    _stuck(preview_url, beat_seconds_ago=600)
    page = client.get(preview_url + "tien-do/").content.decode()
    assert "Việc ghi tệp đã dừng giữa chừng" in page and "Không có gì được ghi" in page
    assert "63 %" not in page and "hx-trigger" not in page and "Ghi lại" in page
    assert AuditEvent.objects.filter(action="people.import_lost", actor_id=people.specialist.pk).count() == 1
    done = client.post(preview_url + "xac-nhan/").content.decode()
    assert "Đã ghi" in done and Person.objects.count() == 3


def test_it_lets_an_interrupted_import_be_cancelled(tree: Tree, people: Personas, uploads: Path) -> None:
    client = logged_in(people.specialist)
    preview_url = upload(client, workbook_bytes(sample_rows(1, cells=["B1C1"])))
    _stuck(preview_url, beat_seconds_ago=600)
    assert client.post(preview_url + "huy/").status_code == 302
    assert list(uploads.glob("*.xlsx")) == [] and not WorkbookUpload.objects.exists()
    assert not Person.objects.exists()


def test_it_keeps_showing_the_progress_of_an_import_that_still_beats(
    tree: Tree, people: Personas, uploads: Path
) -> None:
    client = logged_in(people.specialist)
    preview_url = upload(client, workbook_bytes(sample_rows(1, cells=["B1C1"])))
    row = _stuck(preview_url, beat_seconds_ago=5)
    page = client.get(preview_url + "tien-do/").content.decode()
    assert "63 %" in page and 'hx-trigger="every 1s"' in page and "dừng giữa chừng" not in page
    cancelled = client.post(preview_url + "huy/", follow=True).content.decode()
    assert "không hủy được" in cancelled
    assert client.post(preview_url + "xac-nhan/", follow=True).content.decode().count("đã được xác nhận") == 1
    row.refresh_from_db()
    assert row.state == WorkbookUpload.State.IMPORTING and list(uploads.glob("*.xlsx")) != []
    assert not Person.objects.exists() and not AuditEvent.objects.filter(action="people.import_lost").exists()
