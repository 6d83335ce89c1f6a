"""After PostgreSQL drops the connections (a restart, a failover, an idle timeout in a pooler), the next
request and the background worker go on: with persistent connections (DB_CONN_MAX_AGE=60 in production),
Django checks a kept connection before its first use in a request (CONN_HEALTH_CHECKS) instead of sending
the query down a dead socket and answering 500, once per gunicorn worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django_tasks_db.management.commands.db_worker import Worker

from pbms.conftest import Personas, logged_in

# Each test commits (transaction=True: the connection is dropped under it); serialized_rollback restores the
# reference data of the migrations for the tests that follow, as every committing test of the project does.


@pytest.fixture
def persistent_connection() -> Iterator[None]:
    """The production setting (docs/deploy.md: DB_CONN_MAX_AGE=60), taken at the next connect."""
    previous = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.close()
    try:
        yield
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = previous
        connection.close()


def _terminate_backend() -> None:
    """What a database restart does to the kept connection, from a second connection."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)


def _get(path: str, *, session: str) -> tuple[int, str]:
    """A request through Django's real WSGI handler, as gunicorn sends it. Django's test client would not
    do: it leaves out the connection check that the handler runs when a request starts and finishes
    (close_old_connections), the very step that decides whether a kept connection is still alive."""
    environ = RequestFactory().get(path, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={session}").environ
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
        status.append(line)
        return lambda _chunk: None

    try:
        response = WSGIHandler()(environ, start_response)
    except Exception:  # even the 500 page needed the database: gunicorn answers 500 then
        return 500, ""
    try:
        body = b"".join(response).decode()
    finally:
        response.close()  # request_finished: the handler's end-of-request connection check
    return int(status[0].split()[0]), body


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_answers_the_next_request_after_the_database_dropped_the_connection(
    people: Personas, persistent_connection: None
) -> None:
    session = logged_in(people.admin).cookies[settings.SESSION_COOKIE_NAME].value
    assert _get("/", session=session)[0] == 200
    assert connection.connection is not None  # kept between requests, as under gunicorn
    _terminate_backend()
    status, body = _get("/", session=session)
    assert status == 200  # was 500: the query went down the dead connection
    assert "Quản Trị Viên" in body


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_the_background_worker_running_after_the_database_dropped_the_connection(
    persistent_connection: None,
) -> None:
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,  # one look at the queue, then return: it must not die on the dead connection
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    connection.ensure_connection()
    _terminate_backend()
    worker.run()
    assert connection.is_usable()
