"""Reads of resolutions, their text, targets and tasks.

A resolution is the province's document, read by anyone who may read the register; what its targets count
is scoped by ``engine`` (people and organisations in the actor's scope only).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from pbms.accounts.models import Assignment, Permission, Scope
from pbms.accounts.selectors import Actor, actor_has_permission, actor_is_admin, roles_with
from pbms.lib.exceptions import NotFoundError
from pbms.orgs.models import Placement
from pbms.resolutions.models import Resolution, Section, Target, Task


def _require_reader(actor: Actor) -> None:
    if not actor_has_permission(actor=actor, permission=Permission.REGISTER_READ):
        raise NotFoundError()


def resolution_list(*, actor: Actor) -> QuerySet[Resolution]:
    if not actor_has_permission(actor=actor, permission=Permission.REGISTER_READ):
        return Resolution.objects.none()
    return Resolution.objects.order_by("-period_start", "number")


def resolution_get(*, actor: Actor, number: str) -> Resolution:
    """By number and symbol ("05-NQ/TU"), as the documents cite it."""
    _require_reader(actor)
    resolution = Resolution.objects.filter(number=number).first()
    if resolution is None:
        raise NotFoundError()
    return resolution


def section_tree(*, actor: Actor, resolution: Resolution) -> list[tuple[Section, int]]:
    """The sections in document order with their depth (0 at the top): two queries (the actor's right to
    read, the sections)."""
    _require_reader(actor)
    rows = list(Section.objects.filter(resolution=resolution).order_by("sort", "id"))
    depth: dict[int, int] = {}
    for row in rows:  # parents come before their children in document order
        depth[row.pk] = depth[row.parent_id] + 1 if row.parent_id in depth else 0
    return [(row, depth[row.pk]) for row in rows]


def target_list(*, actor: Actor, resolution: Resolution, active_only: bool = True) -> QuerySet[Target]:
    _require_reader(actor)
    rows = Target.objects.filter(resolution=resolution).select_related("resolution", "section")
    if active_only:
        rows = rows.filter(active=True)
    return rows.order_by("sort", "id")


def task_list(*, actor: Actor, resolution: Resolution) -> QuerySet[Task]:
    _require_reader(actor)
    return (
        Task.objects.filter(section__resolution=resolution)
        .select_related("section")
        .order_by("section__sort", "sort", "id")
    )


def actor_may_write_resolutions(*, actor: Actor) -> bool:
    """Resolutions are the province's: the administrator, or a user who enters data for an organisation at
    the top of the tree (the Organisation Commission's specialist), may write them and report progress."""
    if actor_is_admin(actor):
        return True
    if not (actor.is_authenticated and actor.is_active):
        return False
    tops = Placement.objects.as_of(timezone.localdate()).filter(parent__isnull=True).values("org_id")
    return Assignment.objects.filter(
        user_id=actor.pk, scope=Scope.ENTER, role__in=roles_with(Permission.REGISTER_WRITE), org_id__in=tops
    ).exists()


@dataclass(frozen=True)
class SectionTasks:
    section: Section
    tasks: list[Task]


@dataclass(frozen=True)
class TaskBoard:
    sections: list[SectionTasks]
    counts: dict[str, int]  # by ``Task.Status``
    total: int

    @property
    def mean_progress(self) -> int:
        return round(sum(t.progress for s in self.sections for t in s.tasks) / self.total) if self.total else 0


def task_board(*, actor: Actor, resolution: Resolution) -> TaskBoard:
    """The resolution's tasks and solutions under their sections, in the document's order, with how many are
    in each state. One query."""
    grouped: dict[int, SectionTasks] = {}
    for task in task_list(actor=actor, resolution=resolution):
        grouped.setdefault(task.section_id, SectionTasks(section=task.section, tasks=[])).tasks.append(task)
    counts = Counter(t.status for group in grouped.values() for t in group.tasks)
    return TaskBoard(
        sections=list(grouped.values()),
        counts={status: counts.get(status, 0) for status in Task.Status.values},
        total=sum(counts.values()),
    )


def task_get(*, actor: Actor, task_id: int) -> Task:
    _require_reader(actor)
    task = Task.objects.select_related("section__resolution").filter(pk=task_id).first()
    if task is None:
        raise NotFoundError()
    return task
