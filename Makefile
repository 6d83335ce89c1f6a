# Hệ thống quản lý công tác xây dựng Đảng – lệnh phát triển (GNU make).
#
#   make run               cài môi trường, migrate SQLite nhúng, nạp tỉnh mẫu, chạy http://127.0.0.1:8000
#   make test              toàn bộ kiểm thử: SQLite, rồi PostgreSQL (nếu có), rồi trình duyệt (nếu có Chromium)
#   make lint              ruff check, ruff format --check, mypy (strict)
#   make bench             đo hiệu năng (bench/run)
#   make migrations-check  không thiếu migration nào
#   make constraints       ghi lại constraints.txt từ .venv (pip freeze)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:
.DELETE_ON_ERROR:

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
REQUIREMENTS := $(wildcard requirements*.txt) constraints.txt

HOST ?= 127.0.0.1
PORT ?= 8000
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
PG_DB ?= pbms_ci
PG_URL := postgres://postgres@$(PG_HOST):$(PG_PORT)/$(PG_DB)
CHROMIUM := /usr/bin/chromium
CI ?=

# Tests run with DEBUG=1 so the development SECRET_KEY is accepted and static files need no
# collectstatic; pytest-django still runs the code with settings.DEBUG = False.
# The SQLite passes ignore any DATABASE_URL of the caller's shell.
SQLITE_ENV := env -u DATABASE_URL DEBUG=1
PYTEST := $(PY) -m pytest -ra
# The embedded database of `make run` (var/pbms.sqlite3), whatever the caller's shell says.
RUN_ENV := env -u DATABASE_URL DEBUG=1
VAR_DIR = $${PBMS_VAR_DIR:-var}
# What `make run` serves with: production settings (DEBUG off: the Vietnamese 404/403/500 pages, never
# Django's debug page; hashed static files through whitenoise), a secret key generated once into the
# embedded data's folder, and only what plain http on the loopback needs relaxed (no https redirect,
# cookies without Secure, no HSTS). pbms/tests_deploy/test_run_env.py reads it with `make -s serve-env`.
SERVE_ENV = env -u DATABASE_URL DEBUG=0 SECRET_KEY_FILE=$(VAR_DIR)/secret_key ALLOWED_HOSTS=$(HOST),localhost,127.0.0.1 \
	SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0

TEST_STARTED := $(shell date +%s)

# Is PostgreSQL answering (with the credentials the tests use)? Prints one line of reason if not.
define PG_PROBE
import sys
try:
    import psycopg
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:
    print(" ".join(str(exc).split()) or type(exc).__name__)
    sys.exit(1)
endef
export PG_PROBE

# Is the demo province (or any tree) already in the database?
define DEMO_LOADED
from pbms.orgs.models import Organization
print("DEMO_LOADED=" + ("yes" if Organization.objects.exists() else "no"))
endef
export DEMO_LOADED

# The demo logins, read back from the database when the demo province was loaded earlier.
define DEMO_LOGINS
from django_otp.plugins.otp_totp.models import TOTPDevice
from pbms.accounts.models import User
from pbms.accounts.services import otp_secret_base32
from pbms.orgs.models import Placement
try:
    from pbms.orgs.demo import DEMO_OTP_DEVICE, DEMO_PASSWORD, DEMO_USERNAMES, demo_otp_hint
except ImportError:
    DEMO_OTP_DEVICE, DEMO_PASSWORD, DEMO_USERNAMES, demo_otp_hint = "", "", (), None
users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES).prefetch_related("assignments")}
# the demo's own authenticators only: never print the key of one a user enrolled
devices = {d.user_id: d for d in TOTPDevice.objects.filter(user__in=users.values(), name=DEMO_OTP_DEVICE, confirmed=True)}
if not users:
    print("Không thấy tài khoản mẫu trong cơ sở dữ liệu này (dữ liệu không do demo_province nạp).")
else:
    names = {}
    for row in Placement.objects.filter(org__assignments__user__in=users.values()).order_by("valid_from"):
        names[row.org_id] = row.name
    print(f"Tài khoản mẫu (mật khẩu chung, nếu chưa đổi: {DEMO_PASSWORD}):")
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        grants = [
            f"{a.get_role_display()} ({names.get(a.org_id, '?')}; {a.get_scope_display().lower()})"
            for a in user.assignments.all()
        ]
        if user.is_superuser:
            grants.insert(0, "Quản trị hệ thống (toàn quyền)")
        print(f"  {username} / {DEMO_PASSWORD}  — {'; '.join(grants) or user.full_name}")
        if user.pk in devices and demo_otp_hint is not None:
            print(f"    {demo_otp_hint(username=username, secret=otp_secret_base32(devices[user.pk]))}")
endef
export DEMO_LOGINS

.PHONY: help venv constraints run serve-env demo test migrations-check test-sqlite test-postgres test-browser lint bench clean

help:
	@sed -n '3,9p' Makefile | sed 's/^# \{0,1\}//'

# --- environment -------------------------------------------------------------------------------

venv: $(STAMP)

$(STAMP): $(REQUIREMENTS)
	@test -x $(PY) || { echo "Tạo $(VENV) bằng $(PYTHON)…"; $(PYTHON) -m venv $(VENV); }
	@echo "Cài gói đã ghim (requirements-dev.txt + constraints.txt); PyICU biên dịch từ mã nguồn lần đầu (~80 giây)…"
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt -c constraints.txt
	@touch $@

# Regenerate the pins from what is installed (after changing requirements*.txt and testing).
constraints: venv
	@{ echo "# Every package of the development environment, pinned (pip freeze of .venv; regenerate with 'make constraints')."; \
	   echo "# Used as: pip install -r requirements-dev.txt -c constraints.txt. No URLs, no editable installs."; \
	   $(PY) -m pip freeze --disable-pip-version-check --exclude-editable | grep -viE '^(pbms|pip|setuptools|wheel)[=@ ]' ; } > constraints.txt.new
	@if grep -q '://' constraints.txt.new; then echo "constraints.txt: a package is installed from a URL; pin it from the index instead." >&2; rm -f constraints.txt.new; exit 1; fi
	@mv constraints.txt.new constraints.txt
	@touch $(STAMP)
	@echo "constraints.txt: $$(grep -vc '^#' constraints.txt) gói."

# --- run ---------------------------------------------------------------------------------------

run: venv
	@mkdir -p "$${PBMS_VAR_DIR:-var}"
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	@$(MAKE) --no-print-directory demo
	@echo
	@echo "Mở http://$(HOST):$(PORT) (dừng bằng Ctrl+C). Tài khoản mẫu ở trên."
	@echo "Open http://$(HOST):$(PORT) (stop with Ctrl+C). Demo logins above."
	@echo
	@test -s "$(VAR_DIR)/secret_key" || { umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > "$(VAR_DIR)/secret_key"; }
	@$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(SERVE_ENV) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# The environment `make run` serves with, one assignment a line (read by a test).
serve-env:
	@echo '$(SERVE_ENV)' | tr ' ' '\n' | grep '='

# Load the demo province once; when it is already there, print its logins again.
demo: venv
	@mkdir -p "$${PBMS_VAR_DIR:-var}"
	@if ! $(RUN_ENV) $(PY) manage.py help demo_province >/dev/null 2>&1; then \
	    echo "Chưa có lệnh demo_province: bỏ qua bước nạp tỉnh mẫu (demo province command not available)."; \
	elif ! loaded=$$($(RUN_ENV) $(PY) manage.py shell --no-imports -c "$$DEMO_LOADED"); then \
	    echo "Không đọc được cơ sở dữ liệu nhúng (xem lỗi ở trên)." >&2; exit 1; \
	elif grep -qx 'DEMO_LOADED=no' <<<"$$loaded"; then \
	    echo "Nạp tỉnh mẫu (demo province, --seed 1 --size small)…"; \
	    $(RUN_ENV) $(PY) manage.py demo_province --seed 1 --size small; \
	else \
	    echo "Cơ sở dữ liệu nhúng (SQLite) đã có cây tổ chức: không nạp lại tỉnh mẫu (already loaded)."; \
	    $(RUN_ENV) $(PY) manage.py shell --no-imports -c "$$DEMO_LOGINS"; \
	fi

# --- tests -------------------------------------------------------------------------------------

# The whole suite. Any failure stops make with a non-zero exit.
test: migrations-check test-sqlite test-postgres test-browser
	@echo "make test: tất cả đạt / all passed ($$(( $$(date +%s) - $(TEST_STARTED) )) s)."

migrations-check: venv
	@echo "== Kiểm tra migration (makemigrations --check) =="
	DATABASE_URL='sqlite://:memory:' DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test-sqlite: venv
	@mkdir -p var/static
	@echo "== Kiểm thử trên SQLite =="
	$(SQLITE_ENV) $(PYTEST) -m "not browser"

# On CI (CI=true) PostgreSQL is required; elsewhere a missing server is reported and skipped.
test-postgres: venv
	@mkdir -p var/static
	@if reason=$$($(PY) -c "$$PG_PROBE" "postgres://postgres@$(PG_HOST):$(PG_PORT)/postgres"); then \
	    echo "== PostgreSQL: máy chủ $(PG_HOST):$(PG_PORT) trả lời; chạy lại bộ kiểm thử với DATABASE_URL=$(PG_URL) (CSDL kiểm thử test_$(PG_DB)) =="; \
	    DATABASE_URL=$(PG_URL) DEBUG=1 $(PYTEST) -m "not browser"; \
	elif [ "$(CI)" = "true" ]; then \
	    echo "PostgreSQL: LỖI – CI=true nhưng không kết nối được $(PG_HOST):$(PG_PORT) ($$reason)." >&2; \
	    exit 1; \
	else \
	    echo "PostgreSQL: bỏ qua – không kết nối được $(PG_HOST):$(PG_PORT) ($$reason)."; \
	fi

# Exit code 5 (no browser test collected) is not a failure here; anything else non-zero is.
# The live server's database is a file, not SQLite's shared-cache memory database: there a request
# that meets another thread's write fails at once ("database table is locked: django_session"),
# whereas a file in WAL mode waits for it (the 20 s timeout of settings.DATABASES).
test-browser: venv
	@mkdir -p var/static
	@if [ -x $(CHROMIUM) ]; then \
	    echo "== Kiểm thử trình duyệt (Playwright + $(CHROMIUM)) =="; \
	    rc=0; $(SQLITE_ENV) TEST_DATABASE_NAME=var/test-browser.sqlite3 $(PYTEST) -m browser || rc=$$?; \
	    if [ $$rc -eq 5 ]; then echo "Không có kiểm thử trình duyệt nào (no browser tests collected)."; \
	    elif [ $$rc -ne 0 ]; then exit $$rc; fi; \
	else \
	    echo "Trình duyệt: bỏ qua – không có $(CHROMIUM) (apt-get install -y chromium)."; \
	fi

# --- quality, benchmarks ------------------------------------------------------------------------

# Runs all three and fails at the end if any failed, so one run shows every problem.
lint: venv
	@rc=0; \
	echo "== ruff check =="; $(BIN)/ruff check . || rc=1; \
	echo "== ruff format --check =="; $(BIN)/ruff format --check . || rc=1; \
	echo "== mypy pbms =="; DEBUG=1 $(BIN)/mypy pbms || rc=1; \
	exit $$rc

bench: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" bash bench/run

clean:
	rm -rf .mypy_cache .ruff_cache test-results
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +
