"""Who is acting, from where: set once per request, read by the audit service.

Services take the actor explicitly; the IP address and the organisation the
user acts for are request facts, so the middleware puts them here rather than
threading them through every service signature.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pbms.accounts.models import User


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None = None
    acting_org_id: int | None = None
    # The logged-in user, for the one write that cannot be handed its actor: a password changed by any
    # path (User.save). Services otherwise take the actor explicitly.
    actor: User | None = None


_current: contextvars.ContextVar[RequestInfo] = contextvars.ContextVar("audit_request", default=RequestInfo())  # noqa: B039 - frozen dataclass, immutable


def set_request_info(info: RequestInfo) -> contextvars.Token[RequestInfo]:
    return _current.set(info)


def reset_request_info(token: contextvars.Token[RequestInfo]) -> None:
    _current.reset(token)


def get_request_info() -> RequestInfo:
    return _current.get()
