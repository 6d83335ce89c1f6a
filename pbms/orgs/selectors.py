"""Reads of the organisation tree, always through the actor's scope.

Each function costs a constant number of queries whatever the size of the tree:
the subtree of X as of D is one query on the materialised path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Length, Substr

from pbms.accounts.selectors import Actor, grant_placements, visible_placements
from pbms.core.collation import path_bytes, vi_collate
from pbms.lib.exceptions import NotFoundError
from pbms.lib.text import fold
from pbms.orgs.models import Organization, OrgEvent, OrgKind, Placement, PlacementQuerySet


def _with_child_count(rows: PlacementQuerySet, day: dt.date) -> PlacementQuerySet:
    children = (
        Placement.objects.as_of(day)
        .filter(parent_id=OuterRef("org_id"))
        .order_by()
        .values("parent_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return rows.annotate(child_count=Coalesce(Subquery(children, output_field=IntegerField()), Value(0)))


def org_roots(*, actor: Actor, day: dt.date) -> list[Placement]:
    """The top of what the actor sees as of ``day``: the tree's root for an administrator, else the
    granted organisations that are not inside another granted one."""
    if actor.is_authenticated and actor.is_superuser:
        rows = Placement.objects.as_of(day).filter(parent__isnull=True)
    else:
        rows = grant_placements(actor=actor, day=day)
    rows = _with_child_count(rows.select_related("kind"), day).order_by("path")
    result: list[Placement] = []
    for row in rows:  # sorted by path, so an ancestor comes before its descendants
        if not any(row.path.startswith(kept.path) for kept in result):
            result.append(row)
    return result


def org_children(*, actor: Actor, org_id: int, day: dt.date) -> list[Placement]:
    """The children of ``org_id`` as of ``day`` with their own child counts, in Vietnamese order."""
    rows = visible_placements(actor=actor, day=day).filter(parent_id=org_id).select_related("kind")
    return list(_with_child_count(rows, day).order_by(vi_collate("name"), "id"))


def org_subtree(*, actor: Actor, org_id: int, day: dt.date) -> PlacementQuerySet:
    """Every organisation under ``org_id`` (itself included) as of ``day``: one query at any depth.

    The subtree is the range of paths [P, P') where P is the top's path ("/1/23/") and P' the same
    with its final "/" replaced by "0", the next byte: every descendant's path starts with P and sorts
    inside. A range (unlike ``LIKE`` with a pattern known only at run time) lets PostgreSQL scan
    ``placement_path_c_idx`` with the sub-query's values; see bench/README.md for the measurements.
    """
    top = Placement.objects.as_of(day).filter(org_id=org_id)
    low = top.values("path")[:1]
    high = top.annotate(high=Concat(Substr("path", 1, Length("path") - 1), Value("0"))).values("high")[:1]
    return (
        visible_placements(actor=actor, day=day)
        .alias(path_bytes=path_bytes())
        .filter(path_bytes__gte=Subquery(low), path_bytes__lt=Subquery(high))
        .select_related("kind")
        .order_by("path")
    )


def org_get(*, actor: Actor, org_id: int, day: dt.date) -> tuple[Organization, Placement]:
    """The organisation and its row as of ``day`` (or, if it did not exist then, its nearest row),
    provided the actor may see it on that date. Anything else is 'not found'."""
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        raise NotFoundError()
    row = Placement.objects.as_of(day).filter(org=org).select_related("kind__level").first()
    check_day = day
    if row is None:
        # Before creation: show it as created; after its end: show it as it last was.
        row = (
            Placement.objects.filter(org=org)
            .select_related("kind__level")
            .order_by("valid_from" if day < org.created_on else "-valid_from")
            .first()
        )
        if row is None:
            raise NotFoundError()
        check_day = row.valid_from if day < row.valid_from else (row.last_day or row.valid_from)
    if not visible_placements(actor=actor, day=check_day).filter(pk=row.pk).exists():
        raise NotFoundError()
    return org, row


def org_ancestors(*, row: Placement, day: dt.date | None = None) -> list[Placement]:
    """The chain from the root to ``row``'s parent (for breadcrumbs), named as of ``day`` when the
    row holds on that day, else as of the row's start."""
    ids = [int(part) for part in row.path.strip("/").split("/")[:-1]]
    if not ids:
        return []
    holds = day is not None and row.valid_from <= day and (row.valid_to is None or day < row.valid_to)
    when = day if holds and day is not None else row.valid_from
    by_org = {p.org_id: p for p in Placement.objects.as_of(when).filter(org_id__in=ids)}
    return [by_org[i] for i in ids if i in by_org]


def org_history(*, org: Organization) -> QuerySet[Placement]:
    return Placement.objects.filter(org=org).select_related("kind", "event").order_by("valid_from")


def org_timeline(*, org: Organization) -> QuerySet[OrgEvent]:
    """The events ``org`` took part in, each annotated with ``my_role`` (how it took part)."""
    return (
        OrgEvent.objects.filter(roles__org=org)
        .annotate(my_role=F("roles__role"))
        .select_related("created_by")
        .order_by("effective_date", "id")
    )


def org_search(*, actor: Actor, query: str, day: dt.date, limit: int = 50) -> list[Placement]:
    """Diacritic-insensitive search by name, as of ``day``: 'dang bo xa tan' finds 'Đảng bộ xã Tân...'."""
    words = fold(query).split()
    if not words:
        return []
    rows = visible_placements(actor=actor, day=day).select_related("kind", "org")
    for word in words:
        rows = rows.filter(name_folded__contains=word)
    return list(rows.order_by("depth", vi_collate("name"))[:limit])


def org_count_as_of(*, actor: Actor, day: dt.date) -> list[tuple[str, int]]:
    """How many organisations of each kind the actor sees as of ``day``, from the top level down."""
    rows = (
        visible_placements(actor=actor, day=day)
        .values("kind__name", "kind__level__rank", "kind__sort")
        .annotate(n=Count("id"))
        .order_by("kind__level__rank", "kind__sort")
    )
    return [(r["kind__name"], r["n"]) for r in rows]


def kind_list(*, day: dt.date | None = None) -> list[OrgKind]:
    kinds = list(OrgKind.objects.select_related("level"))
    return [k for k in kinds if day is None or k.usable_on(day)]


def org_options(*, actor: Actor, day: dt.date, scope: str | None = None, limit: int = 5000) -> list[Placement]:
    """Organisations the actor may pick in a form (e.g. a new parent), as of ``day``."""
    rows = visible_placements(actor=actor, day=day, scope=scope).select_related("kind")
    return list(rows.order_by("path")[:limit])


@dataclass(frozen=True)
class OpenPost:
    """A post (chức vụ) or a seat on a leading body held at an organisation on or after a day."""

    kind: str  # "position" or "seat"
    pk: int
    org_id: int
    person: str
    title: str
    valid_from: dt.date

    def __str__(self) -> str:
        return f"{self.person} – {self.title}"


def org_open_posts(*, org_ids: Sequence[int], day: dt.date) -> list[OpenPost]:
    """Posts and seats at ``org_ids`` still held on ``day`` or later (begun before or after it): what an
    organisation ending on ``day`` would leave behind. The register's models are looked up through the app
    registry, as in the tree's services: the register builds on the tree, not the other way round."""
    position = apps.get_model("people", "Position")
    seat = apps.get_model("people", "BodyMembership")
    held = Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    posts = [
        OpenPost("position", p.pk, p.org_id, p.person.full_name, p.title, p.valid_from)
        for p in position.objects.filter(held, org_id__in=org_ids).select_related("person")
    ]
    posts += [
        OpenPost(
            "seat",
            s.pk,
            s.body.term.org_id,
            s.person.full_name,
            f"{s.get_role_display()} {s.body} nhiệm kỳ {s.body.term}",
            s.valid_from,
        )
        for s in seat.objects.filter(held, body__term__org_id__in=org_ids).select_related("person", "body__term")
    ]
    return sorted(posts, key=lambda p: (p.org_id, p.kind, p.valid_from, p.pk))
