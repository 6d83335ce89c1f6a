from __future__ import annotations

from django.urls import path

from pbms.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("moi/", views.create, name="create"),
    path("goi-y/", views.suggest, name="suggest"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("<int:org_id>/con/", views.children, name="children"),
    path("<int:org_id>/doi-ten/", views.rename, name="rename"),
    path("<int:org_id>/chuyen/", views.move, name="move"),
    path("<int:org_id>/hop-nhat/", views.merge, name="merge"),
    path("<int:org_id>/chia-tach/", views.split, name="split"),
    path("<int:org_id>/giai-the/", views.dissolve, name="dissolve"),
]
