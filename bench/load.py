"""Load test: N concurrent logged-in sessions of mixed personas against gunicorn (see bench/README.md, "Load").

    .venv/bin/python bench/load.py --sessions 20,50 --duration 60

Loopback only, bounded in time (--duration per run) and in count (--max-requests per run); stops by itself.
With --serve (the default) it starts gunicorn as docs/deploy.md runs it (4 sync workers, --timeout 120,
DEBUG off, DB_CONN_MAX_AGE=60, TRUSTED_PROXY_COUNT=1, collected static files) on the database named by
--database (default pbms_load, loaded with `manage.py demo_province --seed 1 --size small`), and stops it at
the end; --no-serve measures a server already running at --base. Requests carry what nginx would add
(X-Forwarded-Proto: https, X-Forwarded-For), so the production settings (HTTPS redirect, secure cookies, CSRF
origin check) are in force.

Each session logs in through the login page (and, for the personas that must, the one-time-password page,
with the code from `manage.py otp_code`), discovers a few organisations, people and resolutions from the
pages it may see, then loops over its persona's pages. TOTP codes cannot be replayed (django-otp remembers
the last time step used), so one login per OTP persona is verified and the other sessions of that persona
share its session cookie, as tabs of one browser would. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "DangBo@2025"  # noqa: S105 - the demo accounts' shared password (manage.py demo_province prints it)
OTP_PERSONAS = ("quantri", "chuyenvien")
# persona -> weighted pages; {org}, {person}, {resolution} are filled from what the session discovered.
PAGES: dict[str, list[tuple[str, int]]] = {
    "quantri": [
        ("/", 2),
        ("/to-chuc/", 2),
        ("/to-chuc/{org}/", 3),
        ("/can-bo/?q=nguyen", 2),
        ("/can-bo/{person}/", 3),
        ("/nghi-quyet/{resolution}/", 2),
        ("/nhat-ky/", 1),
        ("/api/v1/orgs?q=xa", 1),
    ],
    "chuyenvien": [
        ("/", 2),
        ("/to-chuc/", 2),
        ("/to-chuc/{org}/", 3),
        ("/can-bo/", 2),
        ("/can-bo/{person}/", 3),
        ("/nghi-quyet/{resolution}/", 2),
        ("/danh-gia/", 1),
        ("/api/v1/people?q=tran", 1),
    ],
    "vanphong_huyen": [
        ("/?ngay=31/12/2024", 2),
        ("/to-chuc/?ngay=31/12/2024", 2),
        ("/can-bo/?ngay=31/12/2024", 3),
        ("/can-bo/{person}/?ngay=31/12/2024", 3),
    ],
    "vanphong_xa": [
        ("/", 2),
        ("/to-chuc/", 2),
        ("/to-chuc/{org}/", 2),
        ("/can-bo/", 3),
        ("/can-bo/{person}/", 3),
        ("/danh-gia/", 1),
    ],
    "kiemtra": [("/", 1), ("/to-chuc/", 2), ("/to-chuc/{org}/", 3), ("/can-bo/?q=le", 2), ("/can-bo/{person}/", 3)],
    "bithu": [("/", 2), ("/can-bo/", 3), ("/can-bo/{person}/", 3), ("/danh-gia/", 2)],
    "kiemsoat": [("/nhat-ky/", 3), ("/nhat-ky/?actor=quantri", 1)],
}
DISCOVER = {
    "org": ("/to-chuc/", r'href="/to-chuc/(\d+)/"'),
    "person": ("/can-bo/", r'href="/can-bo/(\d+)/"'),
    "resolution": ("/nghi-quyet/", r'href="/nghi-quyet/(\d+)/'),
}


class LoadError(Exception):
    pass


def _loopback(host: str) -> None:
    """Refuse any target but this machine."""
    for info in socket.getaddrinfo(host, None):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            raise LoadError(f"{host} is not a loopback address: this load test only targets 127.0.0.0/8 or ::1")


@dataclass
class Browser:
    """One session: its own cookies and its own keep-alive connection (reopened when gunicorn closes it)."""

    host: str
    port: int
    client_ip: str
    timeout: float
    cookies: dict[str, str] = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",  # what nginx sets; the production settings redirect plain http
            "X-Forwarded-For": self.client_ip,
            "User-Agent": "pbms-bench-load",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}:{self.port}"
            headers["Referer"] = f"https://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close" and self.conn is not None:
            self.conn.close()
            self.conn = None
        return response.status, response.getheader("Location") or "", text


def _csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise LoadError("no CSRF token in the form")
    return found.group(1)


def otp_code(username: str, database_url: str) -> str:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url}
    command = [sys.executable, str(ROOT / "manage.py"), "otp_code", username]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    return done.stdout.strip()


def login(browser: Browser, username: str, database_url: str) -> None:
    status, _, html = browser.request("GET", "/tai-khoan/dang-nhap/")
    if status != 200:
        raise LoadError(f"{username}: login page answered {status}")
    form = {"csrfmiddlewaretoken": _csrf(html), "username": username, "password": PASSWORD, "next": "/"}
    status, location, _ = browser.request("POST", "/tai-khoan/dang-nhap/", form)
    if status != 302:
        raise LoadError(f"{username}: login answered {status}")
    status, location, html = browser.request("GET", "/")
    if status == 302 and "xac-thuc" in location:
        status, _, html = browser.request("GET", "/tai-khoan/xac-thuc/")
        form = {"csrfmiddlewaretoken": _csrf(html), "token": otp_code(username, database_url), "next": "/"}
        status, location, _ = browser.request("POST", "/tai-khoan/xac-thuc/", form)
        if status != 302:
            raise LoadError(f"{username}: one-time password refused ({status})")
        status, location, html = browser.request("GET", "/")
    if status != 200:
        raise LoadError(f"{username}: home page answered {status} {location}")


def discover(browser: Browser, persona: str) -> dict[str, list[str]]:
    needed = {key for path, _ in PAGES[persona] for key in re.findall(r"\{(\w+)\}", path)}
    found: dict[str, list[str]] = {}
    for key in needed:
        page, pattern = DISCOVER[key]
        suffix = "?ngay=31/12/2024" if persona == "vanphong_huyen" else ""
        _, _, html = browser.request("GET", page + suffix)
        found[key] = list(dict.fromkeys(re.findall(pattern, html)))[:30]
        if not found[key]:
            raise LoadError(f"{persona}: nothing to open on {page}")
    return found


@dataclass
class Sample:
    persona: str
    seconds: float
    status: int  # 0: no answer (timeout, connection refused)


def run_session(
    browser: Browser,
    persona: str,
    ids: dict[str, list[str]],
    rng: random.Random,
    deadline: float,
    budget: threading.Semaphore,
    samples: list[Sample],
) -> None:
    pages = [path for path, weight in PAGES[persona] for _ in range(weight)]
    while time.monotonic() < deadline and budget.acquire(blocking=False):
        path = rng.choice(pages).format(**{key: rng.choice(values) for key, values in ids.items()})
        started = time.perf_counter()
        try:
            status, _, _ = browser.request("GET", path)
        except (OSError, http.client.HTTPException):
            status = 0
            if browser.conn is not None:
                browser.conn.close()
                browser.conn = None
        samples.append(Sample(persona, time.perf_counter() - started, status))


def percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if values else float("nan")


def report(samples: list[Sample], seconds: float) -> dict[str, dict[str, object]]:
    groups: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        groups[sample.persona].append(sample)
    groups["overall"] = samples
    out: dict[str, dict[str, object]] = {}
    for name, group in groups.items():
        times = sorted(s.seconds for s in group)
        errors = Counter(s.status for s in group if not 200 <= s.status < 300)
        out[name] = {
            "requests": len(group),
            "rps": round(len(group) / seconds, 2),
            "p50_ms": round(percentile(times, 50) * 1000),
            "p95_ms": round(percentile(times, 95) * 1000),
            "p99_ms": round(percentile(times, 99) * 1000),
            "errors": sum(errors.values()),
            "error_statuses": dict(errors),
        }
    return out


def print_report(sessions: int, seconds: float, table: dict[str, dict[str, object]]) -> None:
    print(f"\n{sessions} sessions, {seconds:.0f} s")
    print(f"{'persona':<16}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>8}")
    for name in [*sorted(k for k in table if k != "overall"), "overall"]:
        row = table[name]
        print(
            f"{name:<16}{row['requests']:>9}{row['rps']:>8}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['p99_ms']:>8}"
            f"{row['errors']:>8}  {row['error_statuses'] or ''}"
        )


def load(args: argparse.Namespace, sessions: int) -> dict[str, dict[str, object]]:
    url = urllib.parse.urlsplit(args.base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    personas = list(PAGES)
    browsers: list[tuple[Browser, str]] = []
    verified: dict[str, dict[str, str]] = {}
    for number in range(sessions):
        persona = personas[number % len(personas)]
        browser = Browser(host, port, f"127.0.1.{number + 1}", args.timeout)
        if persona in OTP_PERSONAS and persona in verified:
            browser.cookies = dict(verified[persona])  # a second tab of the verified browser
        else:
            login(browser, persona, args.database_url)
            if persona in OTP_PERSONAS:
                verified[persona] = dict(browser.cookies)
        browsers.append((browser, persona))
    ids = {persona: discover(browser, persona) for browser, persona in browsers[: len(personas)]}
    samples: list[Sample] = []
    budget = threading.Semaphore(args.max_requests)
    started = time.monotonic()
    deadline = started + args.duration
    threads = [
        threading.Thread(
            target=run_session,
            args=(browser, persona, ids[persona], random.Random(f"{args.seed}-{n}"), deadline, budget, samples),
            daemon=True,
        )
        for n, (browser, persona) in enumerate(browsers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.duration + args.timeout + 5)
    seconds = time.monotonic() - started
    table = report(samples, seconds)
    print_report(sessions, seconds, table)
    return table


def serve(args: argparse.Namespace, var_dir: Path) -> subprocess.Popen[bytes]:
    """gunicorn as docs/deploy.md §6 starts it, with the production environment of §4."""
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")},
        "DJANGO_SETTINGS_MODULE": "pbms.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": args.base.replace("http://", "https://"),
        "DATABASE_URL": args.database_url,
        "DB_CONN_MAX_AGE": "60",
        "TRUSTED_PROXY_COUNT": "1",
        "PBMS_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "ERROR",
    }
    python = sys.executable
    collect = [python, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, env=env, cwd=ROOT, check=True)  # noqa: S603 - our interpreter, fixed arguments
    url = urllib.parse.urlsplit(args.base)
    process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
        [
            str(Path(python).parent / "gunicorn"),
            "pbms.wsgi:application",
            "--bind",
            f"{url.hostname}:{url.port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "120",
            "--forwarded-allow-ips",
            "127.0.0.1",
            # several servers may run on this machine: no shared control socket in ~/.gunicorn/
            "--no-control-socket",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(60):
        try:
            with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), timeout=1):
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise LoadError("gunicorn did not start within 30 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", default="20,50", help="comma-separated session counts, one run each")
    parser.add_argument("--duration", type=float, default=60, help="seconds per run (at most 600)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="requests per run at most")
    parser.add_argument("--base", default="http://127.0.0.1:8765", help="loopback address of the server")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/pbms_load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (the deploy guide's unit: 4)")
    parser.add_argument("--no-serve", dest="serve", action="store_false", help="use a server already running")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a request counts as an error")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    args.duration = min(args.duration, 600)
    _loopback(urllib.parse.urlsplit(args.base).hostname or "")
    process = None
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="pbms-load-") as var_dir:
        try:
            if args.serve:
                process = serve(args, Path(var_dir))
            for sessions in [int(n) for n in args.sessions.split(",")]:
                results[str(sessions)] = load(args, sessions)
        finally:
            if process is not None:
                process.terminate()
                process.wait(30)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
