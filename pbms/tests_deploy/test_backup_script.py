"""The nightly backup script of docs/backup.md (deploy/pbms-backup), run for real: it dumps a database that
holds the fixture tree, people and resolutions, and the dump, restored into a scratch database, holds the
same rows in every table and gives the same target values."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from pbms.conftest import Personas, Tree
from pbms.people import services as people_services
from pbms.people.models import ManagementCategory
from pbms.people.tests.conftest import make_member
from pbms.resolutions.services import resolution_create

SCRIPT = Path(settings.BASE_DIR) / "deploy" / "pbms-backup"
MANAGE = Path(settings.BASE_DIR) / "manage.py"


def _server() -> dict[str, Any]:
    db = connection.settings_dict
    return {"host": db["HOST"] or "127.0.0.1", "port": str(db["PORT"] or 5432), "user": db["USER"] or "postgres"}


def _url(name: str) -> str:
    server = _server()
    return f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"


def _admin(sql: str) -> None:
    server = _server()
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        conn.execute(sql)


def _row_counts(name: str) -> dict[str, int]:
    with psycopg.connect(dbname=name, **_server()) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        counts = {}
        for table in tables:
            row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # noqa: S608 - names from pg_tables
            assert row is not None
            counts[table] = int(row[0])
        return counts


def _target_values(name: str) -> Any:
    """The resolution engine's figures, through the command an operator would run after a restore."""
    env = {**os.environ, "DATABASE_URL": _url(name), "DEBUG": "1"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, str(MANAGE), "target_values", *("--resolution", "05-NQ/TU", "--date", "2024-12-31"), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def _pg_env() -> dict[str, str]:
    """How the PostgreSQL client programs find the test server (the script runs them as it would at night)."""
    server = _server()
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PGHOST": server["host"],
        "PGPORT": server["port"],
        "PGUSER": server["user"],
    }


def _backup(dest: Path, media: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **_pg_env(),
        "PBMS_BACKUP_DEST": str(dest),
        "PBMS_BACKUP_DB": connection.settings_dict["NAME"],
        "PBMS_MEDIA_DIR": str(media),
    }
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True, check=False)  # noqa: S603


@pytest.mark.postgres_only
# serialized_rollback: the seeded resolution 05-NQ/TU (a data migration) is there, as on a real server, and
# is there again for the tests after this one (the project's rule for tests that commit).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_backs_up_without_media_and_restores_every_row_and_the_same_target_values(
    people: Personas, tree: Tree, tmp_path: Path
) -> None:
    members = [make_member(people.specialist, tree.A1c1, name, gender="F") for name in ("Trần Thị Ánh", "Phạm Thị Cúc")]
    members += [make_member(people.specialist, tree.A2c1, name) for name in ("Lê Văn Bình", "Hoàng Văn Dũng")]
    # Cadres of the Provincial Standing Committee: the population of targets 4 (under 40) and 5 (women).
    for membership in members[1:]:
        people_services.position_start(
            actor=people.admin,
            person=membership.person,
            org=tree.A,
            title="Lãnh đạo",
            valid_from=dt.date(2024, 1, 1),
            categories=[ManagementCategory.objects.get(code="btv-tinh-uy")],
        )
    resolution_create(
        actor=people.admin, number="99-NQ/TU", title="Nghị quyết thử sao lưu", period_start=2021, period_end=2025
    )
    dest = tmp_path / "backups"

    # No media directory: the common case, which exited 1 on every run.
    done = _backup(dest, tmp_path / "no-media")
    assert done.returncode == 0, done.stderr
    dumps = sorted((dest / "daily").glob("pbms-*.dump"))
    assert len(dumps) == 1 and not list((dest / "daily").glob("*.part"))

    scratch = f"{connection.settings_dict['NAME']}_restore"
    _admin(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    _admin(f"CREATE DATABASE \"{scratch}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        restored = subprocess.run(  # noqa: S603 - fixed arguments
            [shutil.which("pg_restore") or "pg_restore", "--no-owner", "-d", scratch, str(dumps[0])],
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        assert restored.returncode == 0, restored.stderr

        source_counts = _row_counts(connection.settings_dict["NAME"])
        assert source_counts["people_person"] >= 4 and source_counts["resolutions_resolution"] >= 2
        assert _row_counts(scratch) == source_counts

        before, after = _target_values(connection.settings_dict["NAME"]), _target_values(scratch)
        assert [t["denominator"] for t in before["targets"] if t["number"] in {"4", "5"}] == [3, 3]  # not nothing
        assert after == before
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_backs_up_the_media_directory_and_keeps_what_it_replaced(tmp_path: Path) -> None:
    media, dest = tmp_path / "media", tmp_path / "backups"
    media.mkdir()
    (media / "quyet-dinh.pdf").write_bytes(b"v1")
    assert _backup(dest, media).returncode == 0
    (media / "quyet-dinh.pdf").write_bytes(b"v2")
    os.utime(media / "quyet-dinh.pdf", (1_767_225_600, 1_767_225_600))  # changed another day: rsync sees it
    done = _backup(dest, media)
    assert done.returncode == 0, done.stderr
    assert (dest / "media" / "quyet-dinh.pdf").read_bytes() == b"v2"
    kept = list((dest / "media-changed").glob("*/quyet-dinh.pdf"))
    assert [path.read_bytes() for path in kept] == [b"v1"]
