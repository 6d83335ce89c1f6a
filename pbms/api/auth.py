"""Who is calling the API: a personal token (``Authorization: Bearer pb_…``), or the logged-in browser
session (a page calling the API, or a user trying it in the docs page). Both act as the same user, with
the same scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from pbms.accounts.models import User
from pbms.accounts.services import api_token_authenticate


class BearerTokenAuth(HttpBearer):
    """A personal API token. No CSRF check: the browser never sends this header on its own."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return api_token_authenticate(key=token.strip())


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
bearer_auth = BearerTokenAuth()


def request_actor(request: HttpRequest) -> User:
    """The authenticated user of an endpoint behind ``session_auth`` (ninja stores it in ``request.auth``)."""
    actor = getattr(request, "auth", None)
    if not isinstance(actor, User):  # unreachable behind session_auth; a loud failure if auth is ever removed
        raise TypeError("Endpoint reached without an authenticated user.")
    return actor
