"""Opening a round from a page, by the Ban Tổ chức (``accounts.selectors.actor_can_run_cycles``): the form
(period, rule set, population date, a deadline per step, the kinds rated), then the plan of what opening
it would do (``plan.plan_summary``: subjects per deciding body, the units nobody decides and why), then
the round opened (``services.cycle_open``). Anyone else gets 404, like every page out of scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from pbms.accounts.models import User
from pbms.accounts.selectors import actor_can_run_cycles
from pbms.evaluations import selectors, services
from pbms.evaluations.forms import CycleOpenForm
from pbms.evaluations.plan import plan_summary
from pbms.lib.exceptions import ApplicationError

PREVIEW, OPEN = "xem-ke-hoach", "mo-dot"


@login_required
def cycle_open_view(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST ``xem-ke-hoach``: the form and the plan. POST ``mo-dot``: open the round."""
    actor = request.user
    assert isinstance(actor, User)  # login_required
    if not actor_can_run_cycles(actor=actor, day=timezone.localdate()):
        raise Http404
    if request.method != "POST":
        form = CycleOpenForm(initial={"year": timezone.localdate().year, "kind": "year", "populate": True})
        return TemplateResponse(request, "evaluations/cycle_open.html", {"form": form})
    form = CycleOpenForm(request.POST)
    context: dict[str, object] = {"form": form}
    if not form.is_valid():
        return TemplateResponse(request, "evaluations/cycle_open.html", context, status=422)
    data = form.cleaned_data
    if data["population_on"] is None:
        form.add_error("period", "Quý phải từ 1 đến 4, tháng từ 1 đến 12.")
        return TemplateResponse(request, "evaluations/cycle_open.html", context, status=422)
    try:
        ruleset = data["ruleset"] or selectors.ruleset_for_year(data["year"])
    except ApplicationError as exc:
        context["error"] = exc.message
        return TemplateResponse(request, "evaluations/cycle_open.html", context, status=422)
    if OPEN not in request.POST:
        kind_ids = [kind.pk for kind in data["org_kinds"]]
        context |= {"plan": plan_summary(ruleset=ruleset, day=data["population_on"], kind_ids=kind_ids)}
        context |= {"ruleset": ruleset}
        return TemplateResponse(request, "evaluations/cycle_open.html", context)
    try:
        cycle = services.cycle_open(
            actor=actor,
            year=data["year"],
            kind=data["kind"],
            period=data["period"],
            population_on=data["population_on"],
            ruleset=ruleset,
            deadlines=form.deadlines(),
            org_kinds=list(data["org_kinds"]),
            populate=data["populate"],
        )
    except ApplicationError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        else:
            context["error"] = exc.message
        return TemplateResponse(request, "evaluations/cycle_open.html", context, status=422)
    opened = cycle.results.count()
    messages.success(request, f"Đã mở {cycle.name}: {opened} tập thể, cá nhân trong danh sách.")
    return redirect(reverse("evaluations:cycle", args=(cycle.pk,)))
