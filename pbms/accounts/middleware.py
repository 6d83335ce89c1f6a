from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from pbms.accounts.otp import confirmed_device, request_requires_otp

# Pages a user who still owes a one-time password may open: signing in and out and the OTP steps only.
# Not the whole of /tai-khoan/: the API key page there would hand out a key that skips the second factor.
OPEN_PATHS = (
    "/tai-khoan/dang-nhap/",
    "/tai-khoan/dang-xuat/",
    "/tai-khoan/dang-xuat-moi-noi/",
    "/tai-khoan/xac-thuc/",
    "/tai-khoan/thiet-lap-xac-thuc/",
    "/static/",
)


class OTPRequiredMiddleware:
    """Stop a user who must use a one-time password at the OTP step until it is given.

    Runs after django_otp's OTPMiddleware, which installs ``request.user.is_verified()``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PATHS)
            and not user.is_verified()  # type: ignore[attr-defined]  # installed by OTPMiddleware
            and request_requires_otp(request)
        ):
            if request.path.startswith("/api/") and not request.path.startswith("/api/v1/docs"):
                return JsonResponse(
                    {
                        "message": "Cần xác thực mật khẩu một lần (OTP) trước khi dùng API.",
                        "code": "otp_required",
                        "fields": {},
                    },
                    status=401,
                )
            step = "accounts:otp_verify" if confirmed_device(user=user) else "accounts:otp_setup"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
