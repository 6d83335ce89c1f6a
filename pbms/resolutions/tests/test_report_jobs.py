# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""The Word report as a background job when its breakdown covers many organisations: the redirect to the
progress page, the job (immediate backend: inline; database backend: the worker), the download read back,
and who may see it (the requester or the same scope; anyone else 404). Small reports stay synchronous."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document

from pbms.accounts.models import Assignment, Role, Scope
from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in, make_user
from pbms.resolutions.models import Resolution
from pbms.resolutions.tests.test_engine import build, standing_cadres  # noqa: F401 - fixtures

D1 = "31/12/2024"


@pytest.fixture
def reports(settings: Any, tmp_path: Path) -> Path:
    """Two children of P are "many" here; the files go to a directory of this test."""
    settings.PEOPLE_IMPORT_DIR = tmp_path / "uploads"
    settings.RESOLUTION_REPORT_BACKGROUND_ORGS = 1
    return tmp_path / "uploads" / "bao-cao"


def _nq05() -> int:
    return Resolution.objects.get(number="05-NQ/TU").pk


def test_it_builds_a_large_report_in_a_job_and_lets_only_the_same_scope_download_it(
    people: Personas, tree: Tree, standing_cadres: None, reports: Path
) -> None:
    client = logged_in(people.specialist)
    response = client.get(f"/nghi-quyet/{_nq05()}/bao-cao/?ngay={D1}&org={tree.P.pk}")
    assert response.status_code == 302
    progress_url = response["Location"]
    assert progress_url.startswith("/nghi-quyet/bao-cao/")
    # The immediate backend ran the job inside that request: the page offers the file at once.
    page = client.get(progress_url).content.decode()
    assert "Báo cáo đã tạo xong" in page and "hx-trigger" not in page
    polled = client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert polled.lstrip().startswith('<div id="job"') and "<html" not in polled
    download = client.get(progress_url + "tai-ve/")
    assert download.status_code == 200 and download["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(download.content))
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in document.tables[1].rows}
    assert rows["4"][2:4] == ["2", "5"] and rows["5"][2:4] == ["2", "5"]  # as on the dashboard (test_engine)
    children = [[c.text for c in row.cells][:3] for table in document.tables[2:] for row in table.rows]
    assert ["Đảng bộ huyện Đông Sơn", "1", "3"] in children  # target 4's breakdown
    assert AuditEvent.objects.filter(action="resolution.report", actor_id=people.specialist.pk).count() == 1
    assert sorted(path.suffix for path in reports.iterdir()) == [".docx", ".json"]
    # Another specialist with the same grant sees the job; district B's office and a user without grants do not.
    colleague = make_user("chuyenvien2", "Võ Thị Hạnh")
    Assignment.objects.create(user=colleague, org=tree.P, role=Role.SPECIALIST, scope=Scope.ENTER)
    assert logged_in(colleague).get(progress_url + "tai-ve/").status_code == 200
    for outsider in (people.outsider, people.nobody, people.staff_a):
        assert logged_in(outsider).get(progress_url).status_code == 404
        assert logged_in(outsider).get(progress_url + "tai-ve/").status_code == 404
    # A small report (fewer children than the threshold) is still built in the request.
    small = client.get(f"/nghi-quyet/{_nq05()}/bao-cao/?ngay={D1}&org={tree.A1.pk}")  # one child
    assert small.status_code == 200 and small["Content-Type"].endswith("wordprocessingml.document")
    # Outside the scope: 404 before any job is queued.
    before = len(list(reports.iterdir()))
    assert (
        logged_in(people.outsider).get(f"/nghi-quyet/{_nq05()}/bao-cao/?ngay={D1}&org={tree.P.pk}").status_code == 404
    )
    assert len(list(reports.iterdir())) == before


# The worker closes "old" connections between jobs, which would end a test's wrapping transaction; so this test
# commits for real (and restores the reference data loaded by migrations afterwards).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_shows_progress_until_the_worker_has_built_the_report(
    people: Personas, tree: Tree, reports: Path, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = logged_in(people.specialist)
    progress_url = client.get(f"/nghi-quyet/{_nq05()}/bao-cao/?ngay={D1}&org={tree.P.pk}")["Location"]
    waiting = client.get(progress_url).content.decode()
    assert 'id="job-progress"' in waiting and "Đang chờ đến lượt" in waiting and 'hx-trigger="every 1s"' in waiting
    assert client.get(progress_url + "tai-ve/").status_code == 404  # not built yet
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(), stderr=io.StringIO()
    )
    done = client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert "Tải báo cáo (Word)" in done and "hx-trigger" not in done
    assert client.get(progress_url + "tai-ve/").status_code == 200
