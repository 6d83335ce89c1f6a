from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from pbms.audit.context import RequestInfo, reset_request_info, set_request_info
from pbms.core.asof import resolve_as_of


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
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            acting_org_id = request.session.get("acting_org_id")
        token = set_request_info(RequestInfo(ip=request.META.get("REMOTE_ADDR"), acting_org_id=acting_org_id))
        try:
            return self.get_response(request)
        finally:
            reset_request_info(token)
