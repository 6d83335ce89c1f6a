"""Settings, read from the environment (see docs/deploy.md for the production set).

The embedded default is SQLite under var/, so ``make run`` needs nothing else;
DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME selects PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from pbms.lib.env import envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("PBMS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
# A development key is only acceptable when DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = envsecret("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else None)
# Rotation: put the old key here while the new one takes over (sessions and signed links stay valid).
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",
    "pbms.core.thirdparty_apps.AxesConfig",
    "django_otp",
    "pbms.core.thirdparty_apps.TotpConfig",
    "django_tasks",
    "pbms.core.thirdparty_apps.TasksDbConfig",
    "pbms.core",
    "pbms.accounts",
    "pbms.audit",
    "pbms.orgs",
    "pbms.people",
    "pbms.evaluations",
    "pbms.resolutions",
    "pbms.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Refuses NUL and the other control characters in a page's query or form before the view runs (and
    # queries with them): PostgreSQL refuses NUL in text, which answered 500.
    "pbms.core.middleware.ControlCharactersMiddleware",
    "pbms.core.middleware.RequestContextMiddleware",
    "pbms.accounts.middleware.OTPRequiredMiddleware",
    # Last, as django-axes asks: it turns a lock-out raised during authentication into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pbms.urls"
WSGI_APPLICATION = "pbms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pbms.core.context_processors.layout",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pbms.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
        # A kept connection (DB_CONN_MAX_AGE > 0) is checked before its first use in each request, and in
        # each loop of the background worker: after PostgreSQL drops its connections (restart, failover),
        # the next query reconnects instead of failing with a 500 once per gunicorn worker.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the page server read while a background import writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
else:
    # No JIT: the targets' statements cost enough to trigger it, and compiling them took 0.9 s of a 1.5 s
    # query on the 100,000-member province (bench/README.md, "The resolution dashboard").
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
DATABASES["default"]["TEST"] = {"NAME": envstr("TEST_DATABASE_NAME", "") or None}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username/IP before checking the password
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Behind nginx, REMOTE_ADDR is the proxy's: with TRUSTED_PROXY_COUNT=1 the client's address is read from
# the last X-Forwarded-For entry, the one the trusted proxy appended (earlier entries can be forged).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# The lock-out counts failures per username *and* client address, the same address the audit log records
# (one function). Not django-ipware's settings: that package is not installed, so axes fell back to
# REMOTE_ADDR, every client behind nginx was 127.0.0.1 and anyone could lock anyone's account.
AXES_CLIENT_IP_CALLABLE = "pbms.core.middleware.client_ip"
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Hệ thống XD Đảng")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's rule with a Vietnamese message (its catalogue has the message in English only)
    {"NAME": "pbms.accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_SAVE_EVERY_REQUEST = True  # expiry counts from the last request (inactivity)
SESSION_COOKIE_HTTPONLY = True
# Database sessions that ignore a cookie whose key Django could not have issued (a NUL in it was a 500).
SESSION_ENGINE = "pbms.accounts.sessions"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese for the third-party apps that ship none (django-axes, django-tasks-db): locale/vi.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["pbms.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "pbms.core.staticfinders.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security: on by default; DEBUG development over plain http relaxes only what needs https.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
# The system runs on a Party intranet under an internal host name: it is never submitted to the
# browsers' HSTS preload list (hstspreload.org), so the check that asks for preload is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: no inline script anywhere, nothing from another host (air-gapped intranets).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# The demo province's name, shown in the header and on documents.
PROVINCE_NAME = envstr("PROVINCE_NAME", "Tỉnh Bình An")

# Background jobs (django-tasks): imports of large workbooks. By default a job runs at once, inside the
# request (no worker to run: `make run`, the tests). Production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend
# and runs `manage.py db_worker` beside the web server (docs/workbook.md).
TASKS = {"default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
# Uploaded workbooks wait here between upload, preview and the worker's run (never served, mode 0700).
# Empty: the system temp directory, which the web server and a worker under systemd's PrivateTmp do not
# share; production sets a directory under /var/lib/pbms.
PEOPLE_IMPORT_DIR = envstr("PEOPLE_IMPORT_DIR", "") or None
# A resolution's Word report whose breakdown covers more organisations than this is built by the worker.
RESOLUTION_REPORT_BACKGROUND_ORGS = envint("RESOLUTION_REPORT_BACKGROUND_ORGS", 200)
