"""The resolution's tasks and solutions on its page: status and progress, reported by the province."""

from __future__ import annotations

import io

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in
from pbms.resolutions.cache import figures_store
from pbms.resolutions.models import Resolution, Task
from pbms.resolutions.tests.test_cache import commit

PROGRAMME = "NQ-XDĐ-2021"  # seed 001: eight areas of tasks, no quantitative target


def _programme() -> Resolution:
    return Resolution.objects.get(number=PROGRAMME)


def _page(client: Client) -> str:
    # 31/12/2021: the programme's year (district A, the viewers' scope, was dissolved on 01/7/2025)
    response = client.get(reverse("resolutions:dashboard", args=[_programme().pk]) + "?ngay=31/12/2021")
    assert response.status_code == 200
    return response.content.decode()


def _report(client: Client, task: Task, status: str, progress: object) -> str:
    response = client.post(
        reverse("resolutions:task_progress", args=[task.pk]), {"status": status, "progress": progress}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_programme_s_tasks_under_their_areas(people: Personas, tree: Tree) -> None:
    page = _page(logged_in(people.viewer_a))
    first = Task.objects.filter(section__resolution=_programme()).order_by("section__sort", "sort", "id").first()
    assert first is not None
    assert "Công tác chính trị, tư tưởng" in page and first.title in page
    assert "không có chỉ tiêu định lượng" in page
    assert "plotly.min.js" not in page  # no chart, so not its 4.6 MB script
    total = Task.objects.filter(section__resolution=_programme()).count()
    assert f"{total} nhiệm vụ: 0 đang thực hiện" in page or f"{total} nhiệm vụ: {total} chưa thực hiện" in page
    assert 'name="progress"' not in page  # a district office reads; it does not report for the province


def test_it_records_the_progress_the_specialist_reports(people: Personas, tree: Tree) -> None:
    task = Task.objects.filter(section__resolution=_programme()).first()
    assert task is not None
    row = _report(logged_in(people.specialist), task, Task.Status.IN_PROGRESS, 40)
    task.refresh_from_db()
    assert (task.status, task.progress) == (Task.Status.IN_PROGRESS, 40)
    assert 'value="40"' in row and "errors" not in row
    event = AuditEvent.objects.filter(action="task.update_progress").get()
    assert event.changes == {"status": ["not_started", "in_progress"], "progress": [0, 40]}
    assert "1 đang thực hiện" in _page(logged_in(people.viewer_a))


def test_it_refuses_an_inconsistent_progress_and_keeps_the_task(people: Personas, tree: Tree) -> None:
    task = Task.objects.filter(section__resolution=_programme()).first()
    assert task is not None
    client = logged_in(people.specialist)
    assert "Nhiệm vụ đã hoàn thành thì tiến độ là 100%." in _report(client, task, Task.Status.DONE, 60)
    assert "Tiến độ phải từ 0 đến 100 (%)." in _report(client, task, Task.Status.IN_PROGRESS, 140)
    assert "Tiến độ phải là một số nguyên" in _report(client, task, Task.Status.IN_PROGRESS, "một nửa")
    assert "Nhập tiến độ, từ 0 đến 100." in _report(client, task, Task.Status.IN_PROGRESS, "")
    task.refresh_from_db()
    assert (task.status, task.progress) == (Task.Status.NOT_STARTED, 0)
    assert not AuditEvent.objects.filter(action="task.update_progress").exists()


def test_it_answers_404_to_who_may_not_report(people: Personas, tree: Tree) -> None:
    task = Task.objects.filter(section__resolution=_programme()).first()
    assert task is not None
    for user in (people.staff_a, people.viewer_a, people.outsider, people.secretary, people.nobody):
        response = logged_in(user).post(
            reverse("resolutions:task_progress", args=[task.pk]), {"status": "done", "progress": 100}
        )
        assert response.status_code == 404
    assert logged_in(people.specialist).get(reverse("resolutions:task_progress", args=[task.pk])).status_code == 405
    task.refresh_from_db()
    assert task.status == Task.Status.NOT_STARTED


def test_it_reads_the_tasks_in_one_query_whatever_their_number(people: Personas, tree: Tree) -> None:
    client = logged_in(people.specialist)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _page(client)
        return len(ctx.captured_queries)

    before = count()
    section = Task.objects.filter(section__resolution=_programme()).first()
    assert section is not None
    Task.objects.bulk_create(Task(section=section.section, title=f"Nhiệm vụ thêm {i}", sort=100 + i) for i in range(7))
    assert count() == before


def test_it_reports_the_tasks_in_the_word_report(people: Personas, tree: Tree) -> None:
    task = Task.objects.filter(section__resolution=_programme()).order_by("section__sort", "sort", "id").first()
    assert task is not None
    client = logged_in(people.specialist)
    _report(client, task, Task.Status.DONE, 100)
    response = client.get(reverse("resolutions:report", args=[_programme().pk]) + "?ngay=31/12/2021")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "I. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP" in text  # no target: the tasks come first
    total = Task.objects.filter(section__resolution=_programme()).count()
    assert f"Trong {total} nhiệm vụ, giải pháp: 1 đã hoàn thành, 0 đang thực hiện" in text
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[0] == ["Số", "Nhiệm vụ, giải pháp", "Tình trạng", "Tiến độ (%)"]
    assert rows[1][0] == str(task.section)  # the area, across the table
    assert rows[2] == [task.number, task.title, "Hoàn thành", "100"]


def test_it_answers_404_for_an_organisation_out_of_scope_on_a_programme(people: Personas, tree: Tree) -> None:
    # a programme has no target to count: the scope of ?org= must still be checked (it answered 200, empty)
    figures_store().clear()
    commit()  # as in production: no write pending, so the figures go through the cache
    programme = _programme()
    client = logged_in(people.outsider)  # district B's office: A1c1 was never in its scope
    for name in ("dashboard", "trend", "export", "report"):
        url = reverse(f"resolutions:{name}", args=[programme.pk]) + "?ngay=31/12/2021"
        assert client.get(f"{url}&org={tree.A1c1.pk}").status_code == 404, name
        assert client.get(f"{url}&org=999999").status_code == 404, name
        assert client.get(f"{url}&org={tree.B1.pk}").status_code == 200, name
    api = f"/api/v1/resolutions/{programme.pk}/targets?date=2021-12-31"
    assert client.get(f"{api}&org={tree.A1c1.pk}").status_code == 404
    assert client.get(f"{api}&org={tree.B1.pk}").status_code == 200
