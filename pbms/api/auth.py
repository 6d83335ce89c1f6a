"""Who is calling the API.

Only the Django session for now (the logged-in browser user, e.g. a page calling the API with fetch or a
specialist trying it in the docs page). Bearer tokens need a token model, which belongs to the accounts
app; when it exists, a ``HttpBearer`` subclass goes next to this class and both are listed in ``api.auth``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth

from pbms.accounts.models import User


class SessionUserAuth(SessionAuth):
    """The session's user when logged in and active; ``None`` makes ninja raise AuthenticationError (401).

    SessionAuth checks the CSRF token on unsafe methods, which a cookie-authenticated API must do.
    """

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user: Any = getattr(request, "user", None)
        # AuthenticationMiddleware already turns an inactive user into AnonymousUser; is_active is checked
        # again so a change of backend cannot let a deactivated account through.
        if isinstance(user, User) and user.is_authenticated and user.is_active:
            return user
        return None


session_auth = SessionUserAuth()


def request_actor(request: HttpRequest) -> User:
    """The authenticated user of an endpoint behind ``session_auth`` (ninja stores it in ``request.auth``)."""
    actor = getattr(request, "auth", None)
    if not isinstance(actor, User):  # unreachable behind session_auth; a loud failure if auth is ever removed
        raise TypeError("Endpoint reached without an authenticated user.")
    return actor
