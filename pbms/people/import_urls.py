from __future__ import annotations

from django.urls import path

from pbms.people import import_views

app_name = "people_import"
urlpatterns = [
    path("", import_views.upload, name="upload"),
    path("mau/", import_views.template_download, name="template"),
    path("<str:token>/", import_views.preview, name="preview"),
    path("<str:token>/tien-do/", import_views.progress, name="progress"),
    path("<str:token>/xac-nhan/", import_views.confirm, name="confirm"),
    path("<str:token>/huy/", import_views.cancel, name="cancel"),
]
