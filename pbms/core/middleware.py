from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from pbms.audit.context import RequestInfo, reset_request_info, set_request_info
from pbms.core.asof import resolve_as_of


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies, the X-Forwarded-For entry
    the outermost trusted proxy appended (entries to its left come from the client and can be forged)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        candidate = forwarded[-count]
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            return None
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    """Sets ``request.as_of`` and the audit context (IP, acting organisation) for the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        as_of, error = resolve_as_of(request)
        request.as_of = as_of  # type: ignore[attr-defined]  # a per-request attribute, like request.htmx
        if error and not request.path.startswith("/api/"):
            messages.error(request, error)
        acting_org_id = None
        actor = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            acting_org_id = request.session.get("acting_org_id")
            actor = user
        token = set_request_info(RequestInfo(ip=client_ip(request), acting_org_id=acting_org_id, actor=actor))
        try:
            return self.get_response(request)
        finally:
            reset_request_info(token)
