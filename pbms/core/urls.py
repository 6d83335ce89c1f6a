from __future__ import annotations

from django.urls import path

from pbms.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("viec-can-lam/cong-nhan-chinh-thuc/", views.recognition_due_view, name="recognition_due"),
]
