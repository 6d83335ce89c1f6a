"""One exception hierarchy for domain errors; views and the API turn it into one error shape."""

from __future__ import annotations


class ApplicationError(Exception):
    """A refused operation, with a message in Vietnamese meant for the user."""

    def __init__(self, message: str, *, field: str | None = None, extra: dict[str, object] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class NotFoundError(ApplicationError):
    """The object does not exist or is outside the actor's scope (the two are not distinguished)."""

    def __init__(self, message: str = "Không tìm thấy hoặc bạn không có quyền truy cập.") -> None:
        super().__init__(message)
