from __future__ import annotations

from django.urls import path

from pbms.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("dang-xuat-moi-noi/", views.logout_everywhere_view, name="logout_everywhere"),
    path("xac-thuc/", views.otp_verify, name="otp_verify"),
    path("thiet-lap-xac-thuc/", views.otp_setup, name="otp_setup"),
    path("khoa-api/", views.api_tokens, name="api_tokens"),
    path("khoa-api/<int:token_id>/thu-hoi/", views.api_token_revoke, name="api_token_revoke"),
]
