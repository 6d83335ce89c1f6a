"""Helpers for the API tests."""

from __future__ import annotations

from typing import Any, Protocol

import pytest
from django.test import Client

from pbms.accounts.models import User
from pbms.conftest import logged_in

API = "/api/v1"


class Get(Protocol):
    def __call__(self, path: str, *, user: User | None = None, **params: Any) -> Any: ...


@pytest.fixture
def api_get(db: None) -> Get:
    """GET an API path as ``user`` (anonymous when None), past the one-time-password step, and return the
    response."""

    def get(path: str, *, user: User | None = None, **params: Any) -> Any:
        client = logged_in(user) if user is not None else Client()
        return client.get(f"{API}{path}", params)

    return get
