"""A cadre's own evaluations: the list of his or her results, and the self-assessment of one of them
(Mẫu 2A / 2B / 2C in spirit: strengths, shortcomings, causes, remedies, points per criterion, the level
proposed), with the person's monthly and quarterly results of the year beside a yearly one.

Only the person's own results exist here: anyone else's is not found (404). The service decides whether
the assessment may still be made (deadline, state); the page says why not before the cadre types.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from pbms.accounts.models import User
from pbms.evaluations import selectors, services
from pbms.evaluations.forms import SelfAssessForm
from pbms.evaluations.models import CycleKind
from pbms.lib.exceptions import ApplicationError, NotFoundError


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


@login_required
def my_results_view(request: HttpRequest) -> TemplateResponse:
    rows = list(selectors.own_results(actor=_actor(request)))
    return TemplateResponse(request, "evaluations/self_list.html", {"results": rows, "today": timezone.localdate()})


@login_required
def self_assess_view(request: HttpRequest, result_id: int) -> HttpResponse:
    actor = _actor(request)
    try:
        result = selectors.own_result(actor=actor, result_id=result_id)
    except NotFoundError as exc:
        raise Http404 from exc
    today = timezone.localdate()
    refusal = selectors.self_assess_refusal(result, today)
    criteria = selectors.criteria_for(ruleset_id=result.cycle.ruleset_id, group=result.group)
    scores = {s.criterion_id: s.points for s in result.scores.all()}
    form = SelfAssessForm(
        request.POST if request.method == "POST" else None,
        initial=SelfAssessForm.initial_for(result, scores),
        criteria=criteria,
        scored=result.cycle.ruleset.scored,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.result_self_assess(
                actor=actor,
                result=result,
                level=data["level"],
                text=data["text"],
                scores=form.scores(),
                points_general=data.get("points_general"),
                points_tasks=data.get("points_tasks"),
                **{name: data[name] for name in services.SELF_TEXTS},
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã ghi bản tự đánh giá, xếp loại.")
            return redirect(reverse("my_evaluations:assess", args=[result.pk]))
    periods: list[selectors.PeriodResult] = []
    if result.cycle.kind == CycleKind.YEAR and result.person_id is not None:
        periods = selectors.period_results_for(cycle=result.cycle, person_ids=[result.person_id]).get(
            result.person_id, []
        )
    context = {
        "result": result,
        "form": form,
        "refusal": refusal,
        "criteria": [(c, scores.get(c.pk)) for c in criteria],
        "periods": periods,
        "ruleset": result.cycle.ruleset,
        "points_text": selectors.points_text(result.points) if result.points is not None else "",
    }
    return TemplateResponse(request, "evaluations/self_assess.html", context)
