from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from pbms.api.api import api

urlpatterns = [
    path("", include("pbms.core.urls")),
    path("tai-khoan/", include("pbms.accounts.urls")),
    path("to-chuc/", include("pbms.orgs.urls")),
    path("nhat-ky/", include("pbms.audit.urls")),
    path("can-bo/nhap-du-lieu/", include("pbms.people.import_urls")),
    path("can-bo/", include("pbms.people.urls")),
    path("nghi-quyet/", include("pbms.resolutions.urls")),
    path("danh-gia/", include("pbms.evaluations.urls")),
    path("danh-gia-cua-toi/", include("pbms.evaluations.self_urls")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]

handler404 = "pbms.core.views.not_found"
handler403 = "pbms.core.views.forbidden"
handler500 = "pbms.core.views.server_error"

admin.site.site_header = "Quản trị hệ thống"
admin.site.site_title = "Quản trị"
admin.site.index_title = "Danh mục và tài khoản"
