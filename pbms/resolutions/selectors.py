"""Reads of resolutions, their text, targets and tasks.

A resolution is the province's document, read by anyone who may read the register; what its targets count
is scoped by ``engine`` (people and organisations in the actor's scope only).
"""

from __future__ import annotations

from django.db.models import QuerySet

from pbms.accounts.models import Permission
from pbms.accounts.selectors import Actor, actor_has_permission
from pbms.lib.exceptions import NotFoundError
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
