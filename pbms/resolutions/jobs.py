"""A resolution's figures for a large tree computed in parallel background jobs (django-tasks).

The whole country is one province of about 690 districts, and a person anchored under two children counts
once at their parent, so figures computed child by child do not add up. What does add up is a split of the
people: ``COUNT(DISTINCT person)`` over disjoint sets of people sums to the count over their union, for the
total and for each child alike. So job k of n computes every target for the people (bodies,
organisations) whose id is k modulo n (``engine.target_breakdowns(partition=(n, k))``), and the last step
adds the n partial results. With the database backend each job runs in whichever ``manage.py db_worker``
takes it, so the time shortens as workers are added; with the immediate backend (no worker: the tests,
``make run``) the jobs run one after the other during the call.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django_tasks import task
from django_tasks.base import TaskResultStatus

from pbms.accounts.models import User
from pbms.accounts.selectors import Actor
from pbms.resolutions.engine import target_breakdowns
from pbms.resolutions.models import Resolution
from pbms.resolutions.selectors import target_list

# {target number: {"total": [den, num], "direct": [den, num] | None, "rows": {child org id: [den, num]}}}
Counts = dict[str, dict[str, Any]]


def partition_counts(
    *, actor: Actor, resolution: Resolution, day: dt.date, org_id: int, partition: tuple[int, int] | None
) -> Counts:
    """Every active target's figures over ``org_id`` and its children, for one partition of the people."""
    counts: Counts = {}
    targets = list(target_list(actor=actor, resolution=resolution))
    breakdowns = target_breakdowns(actor=actor, targets=targets, day=day, org_id=org_id, partition=partition)
    for target in targets:
        breakdown = breakdowns[target.pk]
        counts[target.number] = {
            "total": [breakdown.total.denominator, breakdown.total.numerator],
            "direct": None if breakdown.direct is None else [breakdown.direct.denominator, breakdown.direct.numerator],
            "rows": {str(row.org_id): [row.denominator, row.numerator] for row in breakdown.rows},
        }
    return counts


@task()
def figures_partition_job(*, user_id: int, resolution_id: int, day: str, org_id: int, parts: int, part: int) -> Counts:
    actor = User.objects.get(pk=user_id)
    resolution = Resolution.objects.get(pk=resolution_id)
    return partition_counts(
        actor=actor,
        resolution=resolution,
        day=dt.date.fromisoformat(day),
        org_id=org_id,
        partition=(parts, part),
    )


def counts_sum(partials: list[Counts]) -> Counts:
    """The figures of the union of disjoint partitions: each count is the sum of the partitions' counts."""

    def add(a: list[int] | None, b: list[int] | None) -> list[int] | None:
        if a is None or b is None:
            return a or b
        return [a[0] + b[0], a[1] + b[1]]

    total: Counts = {}
    for partial in partials:
        for number, figures in partial.items():
            if number not in total:
                total[number] = {"total": [0, 0], "direct": None, "rows": {}}
            into = total[number]
            into["total"] = add(into["total"], figures["total"])
            into["direct"] = add(into["direct"], figures["direct"])
            for child, pair in figures["rows"].items():
                into["rows"][child] = add(into["rows"].get(child), pair)
    return total


def figures_in_parallel(
    *, actor: User, resolution: Resolution, day: dt.date, org_id: int, parts: int, timeout: float = 3600
) -> Counts:
    """Enqueue ``parts`` jobs and add up their results once all have finished (polled every 0.2 s)."""
    results = [
        figures_partition_job.enqueue(
            user_id=actor.pk, resolution_id=resolution.pk, day=day.isoformat(), org_id=org_id, parts=parts, part=part
        )
        for part in range(parts)
    ]
    deadline = time.monotonic() + timeout
    for result in results:
        while not result.is_finished:
            if time.monotonic() > deadline:
                raise TimeoutError("figures_partition_job")
            time.sleep(0.2)
            result.refresh()
        if result.status != TaskResultStatus.SUCCESSFUL:
            raise RuntimeError(f"figures_partition_job {result.id}: {result.status}")
    return counts_sum([result.return_value for result in results if result.return_value is not None])
