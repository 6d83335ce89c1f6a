"""Pages of evaluation and ranking: the cycles, the units of a cycle, and the decision board of a unit in
pages (a collective's self-assessment from its row, the collective's comments row by row or in bulk,
propose, decide in bulk with the quota meter live, announce, reopen, the Excel and Word files of the whole
board).

Views parse, authorise, call and render: the board (``board.unit_board``) is scoped to the actor and says
per row who may self-assess a collective, comment and propose (the unit's own) or decide and announce (the
deciding level); a step on rows the actor may not take is not found (404), and the services check again
and refuse with a Vietnamese message. A bulk step acts on the rows ticked or on the rows of the page posted
(``tren-trang``), never on rows the user has not seen, and returns to that page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pbms.accounts.models import User
from pbms.accounts.selectors import actor_can_run_cycles
from pbms.audit.services import audit_record
from pbms.evaluations import rules, selectors, services
from pbms.evaluations.announcement import decider_issuer
from pbms.evaluations.board import Board, BoardRow, cycle_get, cycle_list, unit_board
from pbms.evaluations.board_services import (
    BulkError,
    result_announce_bulk,
    result_comment_bulk,
    result_decide_bulk,
    result_propose_bulk,
)
from pbms.evaluations.exports import board_xlsx, results_docx
from pbms.evaluations.forms import (
    AnnounceForm,
    CommentForm,
    DecisionForm,
    ReopenForm,
    SelfAssessForm,
    chosen_levels,
    page_ids,
    selected_ids,
)
from pbms.evaluations.models import DECIDED_STATES, Cycle, DeciderBody, ResultState
from pbms.evaluations.progress import STEP_LABELS, cycle_progress
from pbms.evaluations.selectors import ruleset_book
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.lib.numbers import format_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def _cycle(request: HttpRequest, cycle_id: int) -> Cycle:
    try:
        return cycle_get(actor=request.user, cycle_id=cycle_id)
    except NotFoundError as exc:
        raise Http404 from exc


def _board(request: HttpRequest, cycle: Cycle, unit_id: int, **kwargs: Any) -> Board:
    try:
        return unit_board(actor=request.user, cycle=cycle, unit_id=unit_id, **kwargs)
    except NotFoundError as exc:
        raise Http404 from exc


def _page(request: HttpRequest) -> int:
    """The board's page asked (``trang``, from 1), in the query or posted with a step."""
    raw = str(request.POST.get("trang") or request.GET.get("trang") or "1")
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


def _board_url(cycle: Cycle, unit_id: int, page: int = 1) -> str:
    url = reverse("evaluations:board", args=(cycle.pk, unit_id))
    return f"{url}?trang={page}" if page > 1 else url


@login_required
def cycle_list_view(request: HttpRequest) -> TemplateResponse:
    context = {
        "cycles": list(cycle_list(actor=request.user)),
        "may_open": actor_can_run_cycles(actor=request.user, day=timezone.localdate()),
    }
    return TemplateResponse(request, "evaluations/cycles.html", context)


@login_required
def cycle_view(request: HttpRequest, cycle_id: int) -> TemplateResponse:
    """The round's progress: the units the actor sees, counted by step, in pages (``trang``), searched by
    name (``q``); the totals of his whole scope above."""
    cycle = _cycle(request, cycle_id)
    query = request.GET.get("q", "")[:100]
    progress = cycle_progress(actor=request.user, cycle=cycle, query=query, page=_page(request))
    context = {"cycle": cycle, "progress": progress, "steps": STEP_LABELS, "query": query}
    if request.htmx:  # type: ignore[attr-defined]
        return TemplateResponse(request, "evaluations/cycle.html#units", context)
    return TemplateResponse(request, "evaluations/cycle.html", context)


def _urls(board: Board) -> dict[str, str]:
    """One reversal for every row's links (a board has thousands of rows)."""
    args = (board.cycle.pk, board.unit_id, 0)
    return {
        "reopen_base": reverse("evaluations:reopen", args=args).removesuffix("0/"),
        "comment_base": reverse("evaluations:comment", args=args).removesuffix("0/"),
        "assess_base": reverse("evaluations:collective_assess", args=args).removesuffix("0/"),
    }


def _render_board(
    request: HttpRequest,
    board: Board,
    *,
    decision: DecisionForm | None = None,
    errors: list[Any] | None = None,
    message: str = "",
    status: int = 200,
    comment: str = "",
    selected: list[int] | None = None,
    announce: AnnounceForm | None = None,
) -> TemplateResponse:
    today = timezone.localdate().strftime("%d/%m/%Y")
    context = {
        "cycle": board.cycle,
        "board": board,
        "decision": decision or DecisionForm(initial={"decided_on": today}),
        "announce": announce or AnnounceForm(initial={"announced_on": today}),
        "row_errors": errors or [],
        "error": message,
        "bulk_comment": comment,
        "selected": set(selected or ()),
        **_urls(board),
    }
    return TemplateResponse(request, "evaluations/board.html", context, status=status)


@login_required
def board_view(request: HttpRequest, cycle_id: int, unit_id: int) -> TemplateResponse:
    cycle = _cycle(request, cycle_id)
    return _render_board(request, _board(request, cycle, unit_id, page=_page(request)))


@require_POST
@login_required
def meter_view(request: HttpRequest, cycle_id: int, unit_id: int) -> TemplateResponse:
    """The quota meters with the levels chosen on the page (htmx, on every change in the board's form): the
    whole board counted, the rows of the levels chosen read to move them from their stored level."""
    cycle = _cycle(request, cycle_id)
    chosen = chosen_levels(request.POST)
    board = _board(request, cycle, unit_id, chosen=chosen, with_facts=False, only=list(chosen))
    return TemplateResponse(request, "evaluations/board.html#meters", {"board": board})


@require_POST
@login_required
def propose_view(request: HttpRequest, cycle_id: int, unit_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    page = _page(request)
    chosen = chosen_levels(request.POST)
    board = _board(request, cycle, unit_id, with_facts=False, only=list(chosen))
    # only what changes: a proposal left as it was is not proposed (and audited) again
    levels = {
        row.result.pk: chosen[row.result.pk]
        for row in board.rows
        if row.may_propose
        and row.result.pk in chosen
        and (row.result.state != ResultState.PROPOSED or chosen[row.result.pk] != row.result.proposed_level)
    }
    if chosen and not levels:
        messages.info(request, "Các mức đề xuất không thay đổi.")
        return redirect(_board_url(cycle, unit_id, page))
    try:
        count = result_propose_bulk(actor=_user(request), cycle=cycle, unit_id=unit_id, levels=levels)
    except ApplicationError as exc:
        rows = exc.rows if isinstance(exc, BulkError) else None
        board = _board(request, cycle, unit_id, chosen=chosen, page=page)
        return _render_board(request, board, errors=rows, message=exc.message, status=422)
    messages.success(request, f"Đã đề xuất mức xếp loại cho {format_number(count)} tập thể, cá nhân.")
    return redirect(_board_url(cycle, unit_id, page))


@require_POST
@login_required
def decide_view(request: HttpRequest, cycle_id: int, unit_id: int) -> HttpResponse:
    """Decide the chosen levels of every proposed row the actor decides, or (``all_proposed``) every such
    row at its proposed level; all or nothing. Over the quota, the decider must give a reason."""
    cycle = _cycle(request, cycle_id)
    page = _page(request)
    form = DecisionForm(request.POST)
    chosen = chosen_levels(request.POST)
    if not form.is_valid():
        board = _board(request, cycle, unit_id, chosen=chosen, page=page)
        return _render_board(request, board, decision=form, message="Chưa đủ thông tin quyết định.", status=422)
    data = form.cleaned_data
    # "all at the proposed level": every such row of the page shown, not rows the decider has not seen
    ids = page_ids(request.POST) if data["all_proposed"] else list(chosen)
    board = _board(request, cycle, unit_id, with_facts=False, only=ids)
    decidable = [row for row in board.rows if row.may_decide]
    if data["all_proposed"]:
        levels = {row.result.pk: row.result.proposed_level for row in decidable}
    else:
        levels = {row.result.pk: chosen[row.result.pk] for row in decidable}
    try:
        count = result_decide_bulk(
            actor=_user(request),
            cycle=cycle,
            unit_id=unit_id,
            levels=levels,
            decided_on=data["decided_on"],
            decision_ref=data["decision_ref"],
            quota_reason=data["quota_reason"],
        )
    except ApplicationError as exc:
        rows = exc.rows if isinstance(exc, BulkError) else None
        board = _board(request, cycle, unit_id, chosen=levels, page=page)
        return _render_board(request, board, decision=form, errors=rows, message=exc.message, status=422)
    messages.success(request, f"Đã quyết định và khóa kết quả của {count} tập thể, cá nhân.")
    return redirect(_board_url(cycle, unit_id, page))


def _row(request: HttpRequest, cycle: Cycle, unit_id: int, result_id: int) -> tuple[Board, BoardRow]:
    """One row of the board, for the actor who runs its unit (comments and proposes): anyone else, and a
    result not on this board, is not found."""
    board = _board(request, cycle, unit_id, only=(result_id,), texts=True)
    if len(board.rows) != 1 or not board.rows[0].runs:
        raise Http404
    return board, board.rows[0]


def _render_row(
    request: HttpRequest, board: Board, row: BoardRow, *, form: CommentForm | None = None, message: str = ""
) -> TemplateResponse:
    """The row in the board's table (``form``: its comment being edited), with the number it had on the page."""
    number = request.GET.get("stt", "")
    row = replace(row, number=number if number.isdigit() and len(number) < 7 else "")
    context = {"cycle": board.cycle, "board": board, "row": row, "form": form, "row_message": message, **_urls(board)}
    return TemplateResponse(request, "evaluations/board.html#row", context)


@login_required
def comment_view(request: HttpRequest, cycle_id: int, unit_id: int, result_id: int) -> HttpResponse:
    """The collective's comment on one row, edited in the row (htmx): GET the editor (``?dong=1``: the row
    as it is, to cancel), POST the comment and the months of sick leave, answered with the row."""
    cycle = _cycle(request, cycle_id)
    board, row = _row(request, cycle, unit_id, result_id)
    result = row.result
    if request.method == "GET":
        if request.GET.get("dong"):
            return _render_row(request, board, row)
        initial = {"comment": result.comment, "sick_leave_months": result.sick_leave_months}
        return _render_row(request, board, row, form=CommentForm(initial=initial, result_id=result.pk))
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = CommentForm(request.POST, result_id=result.pk)
    if not form.is_valid():
        return _render_row(request, board, row, form=form)
    try:
        services.result_comment(
            actor=_user(request),
            result=result,
            comment=form.cleaned_data["comment"],
            sick_leave_months=form.cleaned_data["sick_leave_months"],
        )
    except NotFoundError as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return _render_row(request, board, row, form=form)
        return _render_row(request, board, row, form=form, message=exc.message)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, f"Đã ghi nhận xét của tập thể cho {row.name}.")
        return redirect(_board_url(cycle, unit_id))
    board, row = _row(request, cycle, unit_id, result_id)
    return _render_row(request, board, row, message=f"Đã ghi nhận xét cho {row.name}.")


def _chosen_rows(
    request: HttpRequest, cycle: Cycle, unit_id: int, ready: Callable[[BoardRow], bool]
) -> tuple[Board, list[int]]:
    """The rows a bulk step names: those ticked, or (``pham-vi=trang``) every row of the page shown that is
    ``ready`` for it. Rows not on the board are not found."""
    everything = request.POST.get("pham-vi") == "trang"
    ids = page_ids(request.POST) if everything else selected_ids(request.POST)
    board = _board(request, cycle, unit_id, only=ids, with_facts=False)
    if len(board.rows) != len(ids):
        raise Http404
    if everything:
        ids = [row.result.pk for row in board.rows if ready(row)]
    return board, ids


@require_POST
@login_required
def comment_bulk_view(request: HttpRequest, cycle_id: int, unit_id: int) -> HttpResponse:
    """One comment of the collective for every row ticked (or every row of the page awaiting one): all or
    nothing, each refused row named with its reason."""
    cycle = _cycle(request, cycle_id)
    board, ids = _chosen_rows(request, cycle, unit_id, lambda row: row.awaits_comment)
    if not all(row.runs for row in board.rows if row.result.pk in ids):
        raise Http404  # the same right as proposing: the unit's own
    text = request.POST.get("nhan-xet-chung", "")[:5000]
    try:
        count = result_comment_bulk(actor=_user(request), cycle=cycle, unit_id=unit_id, result_ids=ids, comment=text)
    except ApplicationError as exc:
        rows = exc.rows if isinstance(exc, BulkError) else None
        board = _board(request, cycle, unit_id, page=_page(request))
        return _render_board(request, board, errors=rows, message=exc.message, status=422, comment=text, selected=ids)
    messages.success(request, f"Đã ghi nhận xét của tập thể cho {format_number(count)} tập thể, cá nhân.")
    return redirect(_board_url(cycle, unit_id, _page(request)))


@require_POST
@login_required
def announce_view(request: HttpRequest, cycle_id: int, unit_id: int) -> HttpResponse:
    """The deciding level announces the decided results ticked (or every one of the page) on one date."""
    cycle = _cycle(request, cycle_id)
    board, ids = _chosen_rows(request, cycle, unit_id, lambda row: row.may_announce)
    if not all(row.decides for row in board.rows if row.result.pk in ids):
        raise Http404  # the deciding level's own step
    form = AnnounceForm(request.POST)
    if not form.is_valid():
        board = _board(request, cycle, unit_id, page=_page(request))
        return _render_board(
            request, board, announce=form, message="Chưa đủ thông tin thông báo.", status=422, selected=ids
        )
    try:
        count = result_announce_bulk(
            actor=_user(request),
            cycle=cycle,
            unit_id=unit_id,
            result_ids=ids,
            announced_on=form.cleaned_data["announced_on"],
        )
    except ApplicationError as exc:
        rows = exc.rows if isinstance(exc, BulkError) else None
        board = _board(request, cycle, unit_id, page=_page(request))
        return _render_board(request, board, announce=form, errors=rows, message=exc.message, status=422, selected=ids)
    messages.success(request, f"Đã thông báo kết quả của {count} tập thể, cá nhân.")
    return redirect(_board_url(cycle, unit_id, _page(request)))


@require_POST
@login_required
def reopen_view(request: HttpRequest, cycle_id: int, unit_id: int, result_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    board = _board(request, cycle, unit_id, with_facts=False, only=(result_id,))
    row = next((row for row in board.rows if row.result.pk == result_id), None)
    if row is None:
        raise Http404
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Phải ghi lý do mở lại kết quả.")
        return redirect(_board_url(cycle, unit_id, _page(request)))
    try:
        services.result_reopen(actor=_user(request), result=row.result, reason=form.cleaned_data["reason"])
    except NotFoundError as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        messages.error(request, f"{row.name}: {exc.message}")
        return redirect(_board_url(cycle, unit_id, _page(request)))
    messages.success(request, f"Đã mở lại kết quả của {row.name}.")
    return redirect(_board_url(cycle, unit_id, _page(request)))


@login_required
def collective_view(request: HttpRequest, cycle_id: int, unit_id: int, result_id: int) -> HttpResponse:
    """A collective's self-assessment (Mẫu 01 in spirit), entered by whoever runs its board, from its row:
    anyone else, a person's row, a row of another board, is not found."""
    cycle = _cycle(request, cycle_id)
    actor = _user(request)
    try:
        entry = selectors.collective_entry(actor=actor, cycle=cycle, unit_id=unit_id, result_id=result_id)
    except NotFoundError as exc:
        raise Http404 from exc
    result = entry.result
    criteria = selectors.criteria_for(ruleset_id=cycle.ruleset_id, group=result.group)
    data = request.POST if request.method == "POST" else None
    initial = SelfAssessForm.initial_for(result, entry.scores)
    form = SelfAssessForm(data, initial=initial, criteria=criteria, scored=cycle.ruleset.scored)
    if form.is_valid():
        values = form.cleaned_data
        try:
            services.result_self_assess(
                actor=actor,
                result=result,
                level=values["level"],
                text=values["text"],
                scores=form.scores(),
                points_general=values.get("points_general"),
                points_tasks=values.get("points_tasks"),
                **{name: values[name] for name in services.SELF_TEXTS},
            )
        except NotFoundError as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã ghi bản tự đánh giá của {entry.name}.")
            return redirect(_board_url(cycle, unit_id))
    book = ruleset_book(cycle.ruleset)
    ceiling = rules.ceilings(book, selectors.result_facts(result), cycle.year)
    context = {
        "cycle": cycle,
        "entry": entry,
        "result": result,
        "form": form,
        "refusal": selectors.self_assess_refusal(result, timezone.localdate()),
        "criteria": [(c, entry.scores.get(c.pk)) for c in criteria],
        "ruleset": cycle.ruleset,
        "ceiling": ceiling,
        "ceiling_label": book.label(ceiling.level),
        "board_url": _board_url(cycle, unit_id),
    }
    return TemplateResponse(request, "evaluations/collective_assess.html", context)


@login_required
def export_view(request: HttpRequest, cycle_id: int, unit_id: int) -> HttpResponse:
    cycle = _cycle(request, cycle_id)
    board = _board(request, cycle, unit_id, comments=True)  # every row, not the page shown
    actor = _user(request)
    content = board_xlsx(board=board, actor=actor)
    audit_record(actor=actor, action="evaluations.board_export", obj=cycle, changes={"unit": unit_id, "format": "xlsx"})
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="xep-loai-{cycle.pk}-{unit_id}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"'
    )
    return response


# the order of the bodies whose announcement a board offers when several decide there
BODY_ORDER = (DeciderBody.COMMITTEE, DeciderBody.STANDING, DeciderBody.CELL, "")


@login_required
def report_view(request: HttpRequest, cycle_id: int, unit_id: int) -> HttpResponse:
    """The announcement of the results decided at this unit, issued by the deciding body (``?co-quan=``:
    committee, standing committee or cell when several decide here; by default the first that has
    decided results). Nothing decided here yet: refused, back to the board with the reason."""
    cycle = _cycle(request, cycle_id)
    board = _board(request, cycle, unit_id)  # every row, not the page shown
    actor = _user(request)
    decided = [row for row in board.rows if row.result.decider_org_id == unit_id and row.result.state in DECIDED_STATES]
    bodies = sorted({row.result.decider_body for row in decided}, key=BODY_ORDER.index)
    if not bodies:
        messages.error(
            request,
            f"Chưa có kết quả nào do {board.unit_name} quyết định trong đợt này: chưa lập được thông báo kết quả "
            "(chỉ kết quả đã quyết định mới được thông báo).",
        )
        return redirect(_board_url(cycle, unit_id))
    asked = request.GET.get("co-quan", "")
    body = asked if asked in bodies else bodies[0]
    rows = [row for row in decided if row.result.decider_body == body]
    issuer = decider_issuer(org_id=unit_id, body=body, day=cycle.population_on)
    place = str(settings.PROVINCE_NAME).removeprefix("Tỉnh ").removeprefix("tỉnh ")
    content = results_docx(
        board=board, rows=rows, issuer=issuer, actor=actor, place=place or "…", today=timezone.localdate()
    )
    audit_record(
        actor=actor,
        action="evaluations.board_report",
        obj=cycle,
        changes={"unit": unit_id, "format": "docx", "body": body, "results": len(rows)},
    )
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-xep-loai-{cycle.pk}-{unit_id}-{timezone.localtime():%Y%m%d-%H%M}.docx"'
    )
    return response
