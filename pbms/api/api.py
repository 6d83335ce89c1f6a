from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Hệ thống quản lý công tác xây dựng Đảng – API", version="1", urls_namespace="api")
