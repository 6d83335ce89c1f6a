from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from pbms.audit.context import RequestInfo, reset_request_info, set_request_info
from pbms.core.asof import resolve_as_of
from pbms.lib.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters


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


def _has_control_characters(data: QueryDict) -> bool:
    return any(
        has_control_characters(key) or any(has_control_characters(value) for value in values)
        for key, values in data.lists()
    )


class ControlCharactersMiddleware:
    """Refuses, with a Vietnamese 400 page, a page request whose query string or form carries a control
    character (NUL and the other C0 characters but tab and line breaks: pbms.lib.text).

    One middleware rather than a base form: pages read ``request.GET`` directly (the tree's and the cycle's
    search), Django's own forms (login, the admin's search and change forms) are not ours to subclass, and a
    check that every view must remember is the check the next view forgets. Refused, not cleaned: a NUL is
    never typed by a person, and silently dropping characters from a decision number would store something
    the user did not send. The API (/api/) answers in its own JSON shape through pbms.api.schemas.CleanText.

    The body of a CSRF-exempt view is not read here, as Django's CSRF middleware does not read it either: the
    workbook upload (pbms.people.import_views.upload) is exempt precisely because it installs its
    size-limiting upload handler before the body is parsed, and its only field is the file."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if request.path_info.startswith("/api/"):
            return None
        body = request.method == "POST" and not getattr(view_func, "csrf_exempt", False)
        if _has_control_characters(request.GET) or (body and _has_control_characters(request.POST)):
            return render(request, "400.html", {"message": CONTROL_CHARACTERS_MESSAGE}, status=400)
        return None
