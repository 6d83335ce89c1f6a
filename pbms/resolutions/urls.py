from __future__ import annotations

from django.urls import path

from pbms.resolutions import views

app_name = "resolutions"
urlpatterns = [
    path("", views.resolution_list_view, name="list"),
    path("<int:resolution_id>/", views.dashboard_view, name="dashboard"),
    path("<int:resolution_id>/xu-huong/", views.trend_view, name="trend"),
    path("<int:resolution_id>/xuat-excel/", views.dashboard_export_view, name="export"),
    path("<int:resolution_id>/bao-cao/", views.report_view, name="report"),
    path("bao-cao/<str:token>/", views.report_progress_view, name="report_progress"),
    path("bao-cao/<str:token>/tai-ve/", views.report_download_view, name="report_download"),
    path("nhiem-vu/<int:task_id>/tien-do/", views.task_progress_view, name="task_progress"),
    path("chi-tieu/<int:target_id>/", views.breakdown_view, name="breakdown"),
    path("chi-tieu/<int:target_id>/danh-sach/", views.members_view, name="members"),
    path("chi-tieu/<int:target_id>/danh-sach/xuat-excel/", views.members_export_view, name="members_export"),
]
