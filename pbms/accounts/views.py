from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts import services
from pbms.accounts.forms import ApiTokenForm, LoginForm, OTPForm
from pbms.accounts.models import User
from pbms.accounts.otp import (
    confirmed_device,
    otp_mark_verified,
    otp_match,
    request_otp_verified,
    user_requires_otp,
)
from pbms.accounts.selectors import api_token_list

SETUP_SESSION_KEY = "otp_setup_device"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        services.login_record(user=user)
        return redirect(_next_url(request))
    return TemplateResponse(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.info(request, "Bạn đã đăng xuất.")
    return redirect("accounts:login")


@require_POST
@login_required
def logout_everywhere_view(request: HttpRequest) -> HttpResponse:
    revoked = services.user_logout_everywhere(actor=request.user)  # type: ignore[arg-type]  # login_required
    auth_logout(request)
    messages.info(
        request,
        f"Đã đăng xuất khỏi mọi thiết bị và thu hồi {revoked} khóa API."
        if revoked
        else "Đã đăng xuất khỏi mọi thiết bị.",
    )
    return redirect("accounts:login")


@sensitive_post_parameters("token")
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if confirmed_device(user=user) is None:  # type: ignore[arg-type]
        return redirect("accounts:otp_setup")
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp_match(user=user, token=form.cleaned_data["token"])  # type: ignore[arg-type]  # login_required
        if device is not None:
            otp_mark_verified(request=request, device=device)
            services.login_record(user=user, verified_with_otp=True)  # type: ignore[arg-type]
            return redirect(_next_url(request))
        form.add_error("token", "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới trên ứng dụng.")
    return TemplateResponse(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("token")
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if confirmed_device(user=user) is not None:  # type: ignore[arg-type]
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(SETUP_SESSION_KEY), user_id=user.pk, confirmed=False
    ).first()
    if device is None:
        device = services.otp_device_start(user=user)  # type: ignore[arg-type]
        request.session[SETUP_SESSION_KEY] = device.pk
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.otp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):  # type: ignore[arg-type]
            otp_mark_verified(request=request, device=device)
            request.session.pop(SETUP_SESSION_KEY, None)
            messages.success(request, "Đã bật xác thực hai lớp cho tài khoản.")
            return redirect(_next_url(request))
        form.add_error("token", "Mã xác thực không đúng. Hãy kiểm tra giờ trên điện thoại và nhập mã mới.")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title="Mã QR cho ứng dụng xác thực")
    return TemplateResponse(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": services.otp_secret_base32(device), "next": _next_url(request)},
    )


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List the user's API tokens; POST creates one and shows its key this once."""
    user: User = request.user  # type: ignore[assignment]  # login_required
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = services.api_token_create(
                actor=user, name=form.cleaned_data["name"], otp_verified=request_otp_verified(request)
            )
            form = ApiTokenForm()
        except services.ApiTokenRefusedError as refusal:
            form.add_error(None, str(refusal))
    requires_otp = user_requires_otp(user=user)
    tokens = [
        (token, services.api_token_lacks_otp(token=token, requires_otp=requires_otp))
        for token in api_token_list(actor=user)
    ]
    return TemplateResponse(request, "accounts/api_tokens.html", {"tokens": tokens, "form": form, "new_key": new_key})


@require_POST
@login_required
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = api_token_list(actor=request.user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, f"Đã thu hồi khóa “{token.name}”.")
    return redirect("accounts:api_tokens")
