from __future__ import annotations

from django.urls import path

from pbms.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_page, name="list"),
    path("xuat-excel/", views.audit_export, name="export"),
]
