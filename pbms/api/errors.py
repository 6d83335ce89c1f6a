"""One error shape for the whole API: ``{"message": ..., "code": ..., "fields": {...}}``.

Ninja's own handlers answer ``{"detail": ...}`` in English (and a traceback in DEBUG); every one of them is
replaced here so that a client, whatever went wrong, reads the same three keys with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from pbms.lib.dates import format_date
from pbms.lib.exceptions import ApplicationError, NotFoundError

logger = logging.getLogger(__name__)

NOT_FOUND_MESSAGE = NotFoundError().message
INVALID_MESSAGE = "Dữ liệu gửi lên không hợp lệ."

# status -> (code, Vietnamese message) for errors that carry no message of ours (ninja's HttpError family).
_HTTP_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("not_authenticated", "Bạn cần đăng nhập để sử dụng API."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", NOT_FOUND_MESSAGE),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ."),
    429: ("throttled", "Quá nhiều yêu cầu; hãy thử lại sau ít phút."),
}

# pydantic error type -> Vietnamese template over the error's ``ctx``.
_VALIDATION_MESSAGES: dict[str, str] = {
    "missing": "Thiếu giá trị bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "greater_than": "Phải lớn hơn {gt}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "string_type": "Phải là chuỗi ký tự.",
    "string_too_short": "Phải có ít nhất {min_length} ký tự.",
    "string_too_long": "Dài tối đa {max_length} ký tự.",
    "bool_parsing": "Phải là true hoặc false.",
    "date_type": "Ngày không hợp lệ; hãy ghi theo dạng YYYY-MM-DD (ví dụ 2025-07-01).",
    "date_parsing": "Ngày không hợp lệ; hãy ghi theo dạng YYYY-MM-DD (ví dụ 2025-07-01).",
    "date_from_datetime_parsing": "Ngày không hợp lệ hoặc không có thật; hãy ghi theo dạng YYYY-MM-DD "
    "(ví dụ 2025-07-01).",
    "date_from_datetime_inexact": "Ngày không hợp lệ; hãy ghi theo dạng YYYY-MM-DD (ví dụ 2025-07-01).",
}
_FALLBACK_MESSAGE = "Giá trị không hợp lệ."
# Types of the PydanticCustomError raised by our own validators (pbms/api/schemas.py): already Vietnamese.
_CUSTOM_TYPES = frozenset({"date_format", "date_range", "control_characters"})


def error_response(
    *,
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: Mapping[str, str] | None = None,
) -> HttpResponse:
    return api.create_response(request, {"message": message, "code": code, "fields": dict(fields or {})}, status=status)


def _format_ctx(ctx: Mapping[str, Any]) -> dict[str, str]:
    return {key: format_date(value) if isinstance(value, dt.date) else str(value) for key, value in ctx.items()}


def validation_message(error: Mapping[str, Any]) -> str:
    """A Vietnamese message for one pydantic error as ninja reports it (type, loc, msg, ctx)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    template = _VALIDATION_MESSAGES.get(kind)
    if template is None:
        # Our own PydanticCustomError types are already written in Vietnamese; anything else from pydantic
        # is English, so it is replaced by a generic message rather than shown half-translated.
        return str(error.get("msg")) if kind in _CUSTOM_TYPES else _FALLBACK_MESSAGE
    try:
        return template.format(**_format_ctx(ctx))
    except KeyError:
        return _FALLBACK_MESSAGE


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """('query', 'date') -> 'date'; the first element only says where the value came from."""
    parts = [str(part) for part in loc[1:]] or [str(part) for part in loc]
    return ".".join(parts) or "__all__"


def _on_validation_error(request: HttpRequest, exc: ValidationError, *, api: NinjaAPI) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        # Keep the first problem of each field: one clear message beats a list of consequences.
        fields.setdefault(field_name(error.get("loc", ())), validation_message(error))
    # With a single problem its own message is the most useful headline for a client that shows only one.
    message = next(iter(fields.values())) if len(fields) == 1 else INVALID_MESSAGE
    return error_response(api=api, request=request, status=422, code="validation_error", message=message, fields=fields)


def _on_http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    code, message = _HTTP_ERRORS.get(exc.status_code, ("error", "Yêu cầu không thực hiện được."))
    return error_response(api=api, request=request, status=exc.status_code, code=code, message=message)


def _on_not_found(request: HttpRequest, _exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    # One message for "absent" and "out of scope", whatever the exception says, so nothing leaks.
    return error_response(api=api, request=request, status=404, code="not_found", message=NOT_FOUND_MESSAGE)


def _on_application_error(request: HttpRequest, exc: ApplicationError, *, api: NinjaAPI) -> HttpResponse:
    fields: dict[str, str] = {}
    extra_fields = exc.extra.get("fields")
    if isinstance(extra_fields, Mapping):
        fields.update({str(key): str(value) for key, value in extra_fields.items()})
    if exc.field:
        fields[exc.field] = exc.message
    return error_response(api=api, request=request, status=400, code="bad_request", message=exc.message, fields=fields)


def _on_unexpected(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    # The traceback goes to the log, never to the client (not even under DEBUG: the shape must not change).
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(
        api=api,
        request=request,
        status=500,
        code="server_error",
        message="Hệ thống gặp lỗi ngoài dự kiến; lỗi đã được ghi lại. Hãy thử lại sau.",
    )


def install_error_handlers(*, api: NinjaAPI) -> None:
    """Replace ninja's default handlers. Lookup follows the exception's MRO, so NotFoundError (a subclass of
    ApplicationError) and AuthenticationError (a subclass of HttpError) need their own entries."""
    api.add_exception_handler(ValidationError, partial(_on_validation_error, api=api))
    api.add_exception_handler(HttpError, partial(_on_http_error, api=api))
    api.add_exception_handler(AuthenticationError, partial(_on_http_error, api=api))
    api.add_exception_handler(NotFoundError, partial(_on_not_found, api=api))
    api.add_exception_handler(Http404, partial(_on_not_found, api=api))
    api.add_exception_handler(ApplicationError, partial(_on_application_error, api=api))
    api.add_exception_handler(Exception, partial(_on_unexpected, api=api))
