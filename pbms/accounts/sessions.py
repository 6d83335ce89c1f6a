"""The session engine (settings.SESSION_ENGINE): Django's database sessions, refusing a key Django could not
have issued.

Django checks only a cookie's length before looking its key up. A key carrying a NUL (a raw byte, or the
octal escape ``"\\000"`` that the cookie parser decodes) reached PostgreSQL, which refuses NUL in text: a 500
before any view ran, on every page and on the API. A key outside the alphabet Django draws keys from is no
session at all: the visitor is anonymous and is sent to the login page, as with an expired session.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

_KEY_CHARS = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        # Django's own check (a length) first; django-stubs do not declare this private hook.
        django_ok = super()._validate_session_key(key)  # type: ignore[misc]
        return bool(django_ok) and set(key or "") <= _KEY_CHARS
