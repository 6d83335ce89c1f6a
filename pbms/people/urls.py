from __future__ import annotations

from django.urls import path

from pbms.people import edit_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list_view, name="list"),
    path("xuat-excel/", views.person_export_view, name="export"),
    path("moi/", edit_views.person_create_view, name="create"),
    path("<int:person_id>/", views.person_detail_view, name="detail"),
    path("<int:person_id>/sua/", edit_views.person_update_view, name="update"),
    path("<int:person_id>/dang-tich/", edit_views.membership_event_view, name="membership_event"),
    path("<int:person_id>/trinh-do/", edit_views.qualification_view, name="qualification"),
    path("<int:person_id>/chuc-vu/", edit_views.position_view, name="position"),
    path("<int:person_id>/chuc-vu/<int:position_id>/ket-thuc/", edit_views.position_end_view, name="position_end"),
    path("<int:person_id>/boi-duong/", edit_views.training_view, name="training"),
]
