"""The JSON API at /api/v1/: OpenAPI 3.1 at openapi.json, Swagger UI at docs (offline, login required)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger

from pbms.api.auth import bearer_auth, session_auth
from pbms.api.errors import install_error_handlers
from pbms.api.orgs import router as orgs_router
from pbms.api.people import router as people_router
from pbms.api.resolutions import router as resolutions_router
from pbms.api.schemas import ErrorOut
from pbms.lib.exceptions import NotFoundError

DESCRIPTION = """\
API đọc dữ liệu của Hệ thống quản lý công tác xây dựng Đảng.

- **Xác thực**: khóa API cá nhân (`Authorization: Bearer pb_…`, tạo ở trang Tài khoản › Khóa API) hoặc phiên
  đăng nhập của trình duyệt. Khóa API có đúng phạm vi của người tạo và thu hồi được. Chưa xác thực: 401.
- **Phạm vi**: mỗi người dùng chỉ thấy các tổ chức trong phạm vi được phân quyền vào ngày được hỏi; tổ chức ngoài
  phạm vi trả về 404 như không tồn tại.
- **Ngày**: tham số `date` dạng YYYY-MM-DD; bỏ trống là hôm nay theo giờ Việt Nam. Cây tổ chức được xem *vào ngày
  đó* (trước và sau sắp xếp tổ chức bộ máy 01/7/2025 là hai cây khác nhau).
- **Lỗi**: mọi lỗi có cùng dạng `{"message": "...", "code": "...", "fields": {...}}`, thông báo bằng tiếng Việt.
"""

api = NinjaAPI(
    title="Hệ thống quản lý công tác xây dựng Đảng – API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[bearer_auth, session_auth],
    # ninja renders its templates with the Swagger UI files it ships in ninja/static/ninja/ (never a CDN, as
    # long as "ninja" is in INSTALLED_APPS). validatorUrl=None stops Swagger UI from sending the schema to
    # validator.swagger.io: Party intranets are air-gapped and the schema is not for outside eyes.
    docs=Swagger(settings={"validatorUrl": None}),
    # The docs page and the schema are for logged-in staff; a visitor is sent to the login page.
    docs_decorator=login_required,
)
install_error_handlers(api=api)
api.add_router("", orgs_router)
api.add_router("", people_router)
api.add_router("", resolutions_router)

# Registered last: Django tries the API's URL patterns in order, so this catches only paths no endpoint
# matched, and a client mistyping a path gets the JSON error shape instead of the HTML 404 page.
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/{path:unknown}",
    auth=None,
    include_in_schema=False,
    response={404: ErrorOut},
)
def unknown_path(request: HttpRequest, unknown: str) -> None:  # noqa: ARG001 - ninja passes both
    raise NotFoundError()


api.add_router("", fallback)
