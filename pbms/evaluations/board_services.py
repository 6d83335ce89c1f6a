"""Writes of the decision board: many results at once, all or nothing.

Each row goes through the workflow's own service (``services.result_comment``, ``services.result_propose``,
``services.result_decide``),
so a bulk step checks exactly what a single step checks and writes the same audit rows; the rows that fail
are all reported (each with the subject's name) and then nothing is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from pbms.accounts.models import User
from pbms.audit.services import audit_record
from pbms.evaluations import services
from pbms.evaluations.models import Cycle, Level, Result
from pbms.evaluations.rules import LEVEL_ORDER
from pbms.evaluations.selectors import collective_name
from pbms.lib.exceptions import ApplicationError, NotFoundError


@dataclass(frozen=True)
class RowError:
    result_id: int
    name: str
    message: str


class BulkError(ApplicationError):
    """Some rows were refused: nothing was saved. ``rows`` says which and why."""

    def __init__(self, message: str, rows: list[RowError]) -> None:
        super().__init__(message, extra={"rows": rows})
        self.rows = rows


def _subject(row: Result) -> str:
    if row.person is not None:
        return row.person.full_name
    return collective_name(body_kind=row.body_kind, org_name=str(row.org), body=row.body)


def _rows(cycle: Cycle, unit_id: int, ids: Collection[int]) -> list[Result]:
    on_board = Q(unit_id=unit_id) | Q(decider_org_id=unit_id)
    wanted = set(ids)
    rows = list(
        Result.objects.filter(on_board, cycle=cycle, pk__in=list(wanted))
        .select_related("person", "org", "body")
        .order_by("id")
    )
    if len(rows) != len(wanted):
        raise NotFoundError()  # a result not on this board
    return rows


class _RollbackError(Exception):
    pass


def _run(rows: list[Result], step: Callable[[Result], object], what: str) -> None:
    """Call ``step(row)`` for each row inside one transaction; collect every refusal, then roll back."""
    errors: list[RowError] = []
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    step(row)
                except ApplicationError as exc:  # each service is atomic: its savepoint is already undone
                    errors.append(RowError(row.pk, _subject(row), exc.message))
            if errors:
                raise _RollbackError
    except _RollbackError:
        count = len(errors)
        raise BulkError(f"Không {what} được: {count} dòng bị từ chối, chưa lưu dòng nào.", errors) from None


@transaction.atomic
def result_comment_bulk(*, actor: User, cycle: Cycle, unit_id: int, result_ids: Collection[int], comment: str) -> int:
    """The collective's one comment on every result of ``result_ids`` (one board); every row or none. The
    months of sick leave are each person's own: they are entered row by row, not here."""
    if not result_ids:
        raise ApplicationError("Chưa chọn tập thể, cá nhân nào để ghi nhận xét.")
    if not comment.strip():
        raise ApplicationError("Phải ghi nội dung nhận xét.", field="comment")
    rows = _rows(cycle, unit_id, result_ids)
    _run(rows, lambda row: services.result_comment(actor=actor, result=row, comment=comment), "ghi nhận xét")
    return len(rows)


@transaction.atomic
def result_propose_bulk(*, actor: User, cycle: Cycle, unit_id: int, levels: Mapping[int, str]) -> int:
    """Propose ``levels`` ({result id: level}) for results of one board; every row or none."""
    if not levels:
        raise ApplicationError("Chưa chọn mức đề xuất nào.")
    rows = _rows(cycle, unit_id, levels)
    _run(rows, lambda row: services.result_propose(actor=actor, result=row, level=levels[row.pk]), "đề xuất")
    return len(rows)


@transaction.atomic
def result_decide_bulk(
    *,
    actor: User,
    cycle: Cycle,
    unit_id: int,
    levels: Mapping[int, str],
    decided_on: dt.date,
    decision_ref: str = "",
    quota_reason: str = "",
) -> int:
    """Decide ``levels`` for results of one board; every row or none. The best levels are decided last, so
    the quota each one meets is that of the whole decision (deciding an excellent before the goods of the
    same group would see a smaller allowance). ``quota_reason`` covers every excellent over the quota."""
    if not levels:
        raise ApplicationError("Chưa chọn kết quả nào để quyết định.")
    rows = sorted(_rows(cycle, unit_id, levels), key=lambda r: (-LEVEL_ORDER.get(levels[r.pk], 0), r.pk))
    # every quota group of the decision at once, in order: taken row by row, two bulk decisions sharing
    # two groups could each hold one and wait for the other
    services.quota_lock(rows, grouping=cycle.ruleset.quota_grouping)

    def decide(row: Result) -> None:
        level = levels[row.pk]
        services.result_decide(
            actor=actor,
            result=row,
            level=level,
            decided_on=decided_on,
            decision_ref=decision_ref,
            quota_reason=quota_reason if level == Level.EXCELLENT else "",
        )

    _run(rows, decide, "quyết định")
    audit_record(
        actor=actor,
        action="evaluations.result_decide_bulk",
        obj=cycle,
        changes={"unit": unit_id, "count": len(rows), "decision_ref": decision_ref, "quota_reason": quota_reason},
    )
    return len(rows)


@transaction.atomic
def result_announce_bulk(
    *, actor: User, cycle: Cycle, unit_id: int, result_ids: Collection[int], announced_on: dt.date
) -> int:
    """The deciding level announces the decided results of ``result_ids`` (one board) on ``announced_on``;
    every row or none."""
    if not result_ids:
        raise ApplicationError("Chưa chọn kết quả nào để thông báo.")
    rows = _rows(cycle, unit_id, result_ids)
    _run(rows, lambda row: services.result_announce(actor=actor, result=row, announced_on=announced_on), "thông báo")
    audit_record(
        actor=actor,
        action="evaluations.result_announce_bulk",
        obj=cycle,
        changes={"unit": unit_id, "count": len(rows), "announced_on": announced_on.isoformat()},
    )
    return len(rows)
