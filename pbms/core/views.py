from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse

from pbms.accounts.selectors import assignment_list
from pbms.core.selectors import home_tasks, recognition_due_list
from pbms.orgs.selectors import org_count_as_of, org_roots


@login_required
def home(request: HttpRequest) -> TemplateResponse:
    day = request.as_of  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "core/home.html",
        {
            "roots": org_roots(actor=request.user, day=day),
            "counts": org_count_as_of(actor=request.user, day=day),
            "assignments": assignment_list(actor=request.user),
            "tasks": home_tasks(actor=request.user, day=day),
        },
    )


@login_required
def recognition_due_view(request: HttpRequest) -> TemplateResponse:
    day = request.as_of  # type: ignore[attr-defined]
    return TemplateResponse(
        request, "core/recognition_due.html", {"due": recognition_due_list(actor=request.user, day=day)}
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:  # noqa: ARG001 - handler signature
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:  # noqa: ARG001 - handler signature
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
