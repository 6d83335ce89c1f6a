from __future__ import annotations

from django.urls import path

from pbms.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list_view, name="list"),
    path("xuat-excel/", views.person_export_view, name="export"),
    path("<int:person_id>/", views.person_detail_view, name="detail"),
]
