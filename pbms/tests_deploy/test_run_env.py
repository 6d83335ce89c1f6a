"""``make run`` looks like production to a user: Vietnamese error pages, never Django's debug page.

Starts the development server with exactly the environment ``make run`` serves with (read from
``make -s serve-env``), on an empty embedded database in a temporary folder, and asks it for pages a
user can reach by a wrong or out-of-date link.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
PASS_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def serve_env(tmp_path: Path) -> dict[str, str]:
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "serve-env"],  # noqa: S607 - make from PATH, as a developer runs it
        cwd=BASE,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    env = {key: os.environ[key] for key in PASS_THROUGH if key in os.environ}
    for line in out.splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    (tmp_path / "var").mkdir()  # as make run does
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
    env.update(
        SECRET_KEY_FILE=str(key_file),
        PBMS_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="pbms.settings",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.skipif(shutil.which("make") is None, reason="cần GNU make")
def test_it_serves_vietnamese_error_pages_not_the_debug_page(tmp_path: Path) -> None:
    env = serve_env(tmp_path)
    assert env["DEBUG"] == "0"
    manage = [sys.executable, str(BASE / "manage.py")]
    migrate = subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=BASE, check=False)  # noqa: S603
    assert migrate.returncode == 0
    collect = subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, cwd=BASE, check=False)  # noqa: S603
    assert collect.returncode == 0
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=BASE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, login = fetch(f"{base}/tai-khoan/dang-nhap/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer within 10 s")
        assert status == 200
        assert "Đăng nhập" in login
        status, page = fetch(f"{base}/khong-co-trang-nay/")
        assert status == 404
        assert "Không tìm thấy" in page
        assert "Traceback" not in page and "DEBUG = True" not in page and "Page not found" not in page
        status, _css = fetch(f"{base}/static/img/favicon.svg")
        assert status == 200  # static files served without DEBUG, as in production (whitenoise)
    finally:
        server.terminate()
        server.wait(timeout=10)
