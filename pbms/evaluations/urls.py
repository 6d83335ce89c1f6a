from __future__ import annotations

from django.urls import path

from pbms.evaluations import cycle_views, views

app_name = "evaluations"
urlpatterns = [
    path("", views.cycle_list_view, name="cycles"),
    path("mo-dot/", cycle_views.cycle_open_view, name="cycle_open"),
    path("<int:cycle_id>/", views.cycle_view, name="cycle"),
    path("<int:cycle_id>/<int:unit_id>/", views.board_view, name="board"),
    path("<int:cycle_id>/<int:unit_id>/ty-le/", views.meter_view, name="meter"),
    path("<int:cycle_id>/<int:unit_id>/nhan-xet/", views.comment_bulk_view, name="comment_bulk"),
    path("<int:cycle_id>/<int:unit_id>/nhan-xet/<int:result_id>/", views.comment_view, name="comment"),
    path(
        "<int:cycle_id>/<int:unit_id>/tu-danh-gia/<int:result_id>/",
        views.collective_view,
        name="collective_assess",
    ),
    path("<int:cycle_id>/<int:unit_id>/de-xuat/", views.propose_view, name="propose"),
    path("<int:cycle_id>/<int:unit_id>/quyet-dinh/", views.decide_view, name="decide"),
    path("<int:cycle_id>/<int:unit_id>/thong-bao/", views.announce_view, name="announce"),
    path("<int:cycle_id>/<int:unit_id>/mo-lai/<int:result_id>/", views.reopen_view, name="reopen"),
    path("<int:cycle_id>/<int:unit_id>/xuat-excel/", views.export_view, name="export"),
    path("<int:cycle_id>/<int:unit_id>/bao-cao/", views.report_view, name="report"),
]
