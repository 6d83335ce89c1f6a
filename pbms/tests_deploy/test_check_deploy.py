"""The production configuration passes ``manage.py check --deploy`` with no warning at all.

Runs manage.py in a subprocess with a production-like environment (DEBUG off, a
long random key, a real host name, SQLite in a temporary directory), so the
settings module is read exactly as gunicorn would read it.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"
# Only what a process needs to start; nothing from the developer's or CI's environment leaks in.
PASS_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {key: os.environ[key] for key in PASS_THROUGH if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="pbms.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="dangbo.example.vn",
        CSRF_TRUSTED_ORIGINS="https://dangbo.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'pbms.sqlite3'}",
        PBMS_VAR_DIR=str(tmp_path / "var"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(overrides)
    return env


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter and manage.py
        [sys.executable, str(MANAGE), *args],
        env=env,
        cwd=MANAGE.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    assert len(env["SECRET_KEY"]) >= 50
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    assert "System check identified no issues" in result.stdout, output


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_manage(env, "check", "--deploy")
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(64) + "\n", encoding="utf-8")
    env = production_env(tmp_path, SECRET_KEY_FILE=str(key_file))
    del env["SECRET_KEY"]
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
