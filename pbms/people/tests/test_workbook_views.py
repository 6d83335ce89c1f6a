"""The import pages: upload → preview (nothing written) → confirm; bad uploads answered, never kept."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in
from pbms.people.models import Person
from pbms.people.workbook.sample import sample_rows, workbook_bytes
from pbms.people.workbook.spec import PEOPLE

URL = "/can-bo/nhap-du-lieu/"


@pytest.fixture
def uploads(settings: Any, tmp_path: Path) -> Path:
    settings.PEOPLE_IMPORT_DIR = tmp_path / "uploads"
    return Path(settings.PEOPLE_IMPORT_DIR)


def post_file(client: Client, content: bytes, name: str = "dang-vien.xlsx") -> Any:
    return client.post(URL, {"tep": SimpleUploadedFile(name, content)})


def test_it_imports_after_a_preview_and_a_confirmation(tree: Tree, people: Personas, uploads: Path) -> None:
    client = logged_in(people.specialist)
    response = post_file(client, workbook_bytes(sample_rows(3, cells=["B1C1"])))
    assert response.status_code == 302
    preview_url = response["Location"]
    assert len(list(uploads.glob("*.xlsx"))) == 1
    page = client.get(preview_url)
    html = page.content.decode()
    assert page.status_code == 200 and "Chưa ghi gì" in html and "Xác nhận ghi" in html
    assert not Person.objects.exists()
    done = client.post(preview_url + "xac-nhan/")
    assert done.status_code == 200 and "Đã ghi" in done.content.decode()
    assert Person.objects.count() == 3
    assert list(uploads.glob("*.xlsx")) == []  # deleted after use
    event = AuditEvent.objects.get(action="people.import")
    assert event.actor_id == people.specialist.pk and event.changes["tệp"] == "dang-vien.xlsx"
    assert client.get(preview_url).status_code == 404  # used up


@pytest.mark.usefixtures("before_restructuring")  # the old tree's time: district offices still write
def test_it_lists_every_error_and_keeps_nothing(tree: Tree, people: Personas, uploads: Path) -> None:
    rows = sample_rows(3, cells=["B1C1"], children=False)
    rows[PEOPLE.key][0][7] = "99"
    rows[PEOPLE.key][2][4] = "31/02/1980"
    client = logged_in(people.outsider)
    page = client.get(post_file(client, workbook_bytes(rows))["Location"])
    html = page.content.decode()
    assert "Tệp có 2 lỗi: không ghi gì" in html
    assert "Mã dân tộc" in html and "31/02/1980" in html and "Xác nhận ghi" not in html
    assert list(uploads.glob("*.xlsx")) == [] and not Person.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not a workbook", "không phải bảng tính Excel"),
        ((Path(__file__).parent / "files" / "encrypted.xlsx").read_bytes(), "đặt mật khẩu"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_workbook(
    tree: Tree, people: Personas, uploads: Path, content: bytes, message: str
) -> None:
    response = post_file(logged_in(people.specialist), content)
    assert response.status_code == 400 and message in response.content.decode()
    assert list(uploads.glob("*")) == []


def test_it_stops_an_upload_over_the_limit(tree: Tree, people: Personas, uploads: Path, settings: Any) -> None:
    settings.PEOPLE_IMPORT_MAX_BYTES = 2048
    response = post_file(logged_in(people.specialist), workbook_bytes(sample_rows(20, cells=["B1C1"])))
    assert response.status_code == 400 and "vượt giới hạn 2 KB" in response.content.decode()
    assert not uploads.exists() or list(uploads.glob("*")) == []


def test_it_keeps_an_upload_to_the_session_that_made_it(tree: Tree, people: Personas, uploads: Path) -> None:
    response = post_file(logged_in(people.specialist), workbook_bytes(sample_rows(1, cells=["B1C1"])))
    other = logged_in(people.admin)
    assert other.get(response["Location"]).status_code == 404
    assert other.post(response["Location"] + "xac-nhan/").status_code == 404
    assert not Person.objects.exists()


def test_it_deletes_a_cancelled_upload(tree: Tree, people: Personas, uploads: Path) -> None:
    client = logged_in(people.specialist)
    preview_url = post_file(client, workbook_bytes(sample_rows(1, cells=["B1C1"])))["Location"]
    assert client.post(preview_url + "huy/").status_code == 302
    assert list(uploads.glob("*.xlsx")) == [] and not Person.objects.exists()


def test_it_serves_the_template_to_importers_only(tree: Tree, people: Personas) -> None:
    response = logged_in(people.outsider).get(URL + "mau/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Cán bộ, đảng viên" in load_workbook(io.BytesIO(response.content)).sheetnames
    assert logged_in(people.secretary).get(URL + "mau/").status_code == 404
    assert logged_in(people.viewer_a).get(URL).status_code == 404  # a view-only scope does not import


def test_it_runs_a_large_file_as_a_job_with_the_immediate_backend(
    tree: Tree, people: Personas, uploads: Path, settings: Any
) -> None:
    """Without a worker (``make run``) the job runs inside the request: the page shows the result at once."""
    settings.PEOPLE_IMPORT_BACKGROUND_BYTES = 1
    client = logged_in(people.specialist)
    preview_url = post_file(client, workbook_bytes(sample_rows(3, cells=["B1C1"])))["Location"]
    page = client.get(preview_url).content.decode()
    assert "Chưa ghi gì" in page and "Xác nhận ghi" in page and not Person.objects.exists()
    done = client.post(preview_url + "xac-nhan/").content.decode()
    assert "Đã ghi" in done and Person.objects.count() == 3
    assert list(uploads.iterdir()) == []  # upload and status both gone
    event = AuditEvent.objects.get(action="people.import")
    assert event.actor_id == people.specialist.pk


# The worker closes "old" connections between jobs, which would end a test's wrapping transaction; so this test
# commits for real (and restores the reference data loaded by migrations afterwards).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_shows_progress_until_the_worker_has_run_the_job(
    tree: Tree, people: Personas, uploads: Path, settings: Any
) -> None:
    settings.PEOPLE_IMPORT_BACKGROUND_BYTES = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = logged_in(people.specialist)
    preview_url = post_file(client, workbook_bytes(sample_rows(3, cells=["B1C1"])))["Location"]
    waiting = client.get(preview_url).content.decode()
    assert 'id="job-progress"' in waiting and "Đang chờ đến lượt" in waiting and 'hx-trigger="every 1s"' in waiting
    polled = client.get(preview_url + "tien-do/", headers={"HX-Request": "true"}).content.decode()
    assert polled.lstrip().startswith('<div id="job"') and "<html" not in polled
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO()
    )
    checked = client.get(preview_url + "tien-do/", headers={"HX-Request": "true"}).content.decode()
    assert "Chưa ghi gì" in checked and "hx-trigger" not in checked
    waiting = client.post(preview_url + "xac-nhan/").content.decode()
    assert "Đang ghi vào cơ sở dữ liệu" in waiting and not Person.objects.exists()
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert Person.objects.count() == 3
    assert "Đã ghi 12 thay đổi" in client.get(preview_url + "tien-do/").content.decode()
    assert client.get(preview_url + "tien-do/").status_code == 404  # the result was shown: the upload is over
