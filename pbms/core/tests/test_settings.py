"""Production settings that tests override for speed must still be right in the real module."""

from __future__ import annotations

from pbms import settings as real_settings


def test_it_hashes_passwords_with_argon2() -> None:
    assert real_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_expires_sessions_after_inactivity() -> None:
    assert real_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert real_settings.SESSION_COOKIE_AGE <= 8 * 3600
