"""A cadre's own evaluations (``self_views``), mounted at ``danh-gia-cua-toi/``."""

from __future__ import annotations

from django.urls import path

from pbms.evaluations import self_views

app_name = "my_evaluations"
urlpatterns = [
    path("", self_views.my_results_view, name="list"),
    path("<int:result_id>/", self_views.self_assess_view, name="assess"),
]
