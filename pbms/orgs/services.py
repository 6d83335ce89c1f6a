"""Writes to the organisation tree: create, rename, move, merge, split, dissolve.

Every operation takes an effective date and the reference of the decision,
runs in one transaction, refuses a bad request with a Vietnamese message, and
appends one audit row. History is appended, never rewritten: a change at D
closes the rows that held until D and opens new rows from D. Changes are
accepted only at the end of the history of what they touch; a change dated
before a later recorded change is refused (it would overlap that validity).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Q, QuerySet

from pbms.accounts.models import User
from pbms.accounts.selectors import actor_is_admin, require_restructure
from pbms.audit.services import audit_record
from pbms.lib.dates import format_date
from pbms.lib.exceptions import ApplicationError
from pbms.lib.numbers import format_number
from pbms.lib.text import fold, nfc
from pbms.orgs.locking import org_lock_for_write, refuse_conflicts
from pbms.orgs.models import Organization, OrgEvent, OrgEventRole, OrgKind, Placement
from pbms.orgs.selectors import OpenPost, org_open_posts

Role = OrgEventRole.Role
BATCH_SIZE = 2000


@dataclass(frozen=True)
class SplitPart:
    """One organisation a split creates, with the children that go to it."""

    name: str
    kind: OrgKind
    code: str
    children: Sequence[Organization] = field(default_factory=tuple)


# --- checks -------------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    value = nfc(name)
    if not value:
        raise ApplicationError("Tên tổ chức không được để trống.", field="name")
    if len(value) > Placement.MAX_NAME_LENGTH:
        raise ApplicationError(f"Tên tổ chức dài quá {Placement.MAX_NAME_LENGTH} ký tự.", field="name")
    return value


def _clean_decision(decision_ref: str) -> str:
    value = nfc(decision_ref)
    if not value:
        raise ApplicationError("Phải ghi số quyết định (ví dụ 125-QĐ/TU).", field="decision_ref")
    if len(value) > 80:
        raise ApplicationError("Số quyết định dài quá 80 ký tự.", field="decision_ref")
    return value


def _clean_code(code: str) -> str:
    value = nfc(code).upper()
    if not value:
        raise ApplicationError("Mã tổ chức không được để trống.", field="code")
    if len(value) > Organization.MAX_CODE_LENGTH or " " in value:
        raise ApplicationError(
            f"Mã tổ chức không có dấu cách và dài tối đa {Organization.MAX_CODE_LENGTH} ký tự.", field="code"
        )
    if Organization.objects.filter(code=value).exists():
        raise ApplicationError(f"Mã tổ chức “{value}” đã được dùng.", field="code")
    return value


def _require_restructure(actor: User, org_id: int, day: dt.date, *, own: bool = False) -> None:
    # Founding, renaming, merging, splitting, dissolving and moving are decided by the superior committee
    # ("Cấp ủy cấp trên trực tiếp quyết định lập hoặc giải thể đảng bộ, chi bộ trực thuộc", Điều lệ Đảng,
    # Điều 10 khoản 3): the one rule is pbms.accounts.selectors.actor_can_restructure. ``own`` (founding
    # under, receiving into) accepts a grant on the organisation itself; touching it does not.
    require_restructure(actor, org_id, day, own=own)


def _live_row(org: Organization, day: dt.date, *, what: str = "Tổ chức") -> Placement:
    """The row of ``org`` holding at ``day``, which must also be its latest row."""
    row = Placement.objects.as_of(day).select_related("kind__level").filter(org=org).first()
    if row is None:
        last = Placement.objects.filter(org=org).order_by("-valid_from").first()
        name = last.name if last else org.code
        if day < org.created_on:
            raise ApplicationError(
                f"Ngày hiệu lực {format_date(day)} trước ngày thành lập của {name} ({format_date(org.created_on)})."
            )
        raise ApplicationError(f"{what} “{name}” không còn tồn tại vào ngày {format_date(day)}.")
    if row.valid_to is not None:
        raise ApplicationError(
            f"{row.name} đã có thay đổi từ ngày {format_date(row.valid_to)}; "
            f"không thể ghi thay đổi có hiệu lực trước ngày đó."
        )
    return row


def _check_no_later_history(row: Placement, day: dt.date) -> None:
    """Refuse when anything in the subtree of ``row`` changed after ``day`` (the change would overlap it)."""
    later = (
        Placement.objects.filter(path__startswith=row.path, valid_from__gt=day).order_by("valid_from").first()
    ) or Placement.objects.filter(path__startswith=row.path, valid_to__gt=day).order_by("valid_to").first()
    if later is not None:
        when = later.valid_from if later.valid_from > day else later.valid_to
        raise ApplicationError(
            f"Tổ chức trực thuộc “{later.name}” đã có thay đổi từ ngày {format_date(when)}; "
            f"không thể ghi thay đổi có hiệu lực ngày {format_date(day)}."
        )


def _check_kind(kind: OrgKind, day: dt.date, parent_row: Placement | None) -> None:
    if not kind.usable_on(day):
        span = f"từ {format_date(kind.valid_from) or '…'} đến trước {format_date(kind.valid_to) or '…'}"
        raise ApplicationError(f"Loại hình “{kind.name}” chỉ áp dụng {span}.", field="kind")
    if parent_row is None:
        if kind.level.rank != 1:
            raise ApplicationError("Chỉ tổ chức cấp cao nhất mới không có cấp trên.", field="parent")
        return
    if kind.level.rank <= parent_row.kind.level.rank:
        raise ApplicationError(
            f"“{kind.name}” ({kind.level.name}) không thể trực thuộc "
            f"“{parent_row.name}” ({parent_row.kind.level.name}).",
            field="kind",
        )


def _parent_row(parent: Organization, day: dt.date) -> Placement:
    row = Placement.objects.as_of(day).select_related("kind__level").filter(org=parent).first()
    if row is None:
        last = Placement.objects.filter(org=parent).order_by("-valid_from").first()
        name = last.name if last else parent.code
        raise ApplicationError(
            f"Tổ chức cấp trên “{name}” không tồn tại vào ngày {format_date(day)} (chưa thành lập hoặc đã giải thể).",
            field="parent",
        )
    if row.valid_to is not None:
        # A child attached now would outlive its parent's row and float outside the tree after it.
        raise ApplicationError(
            f"Tổ chức cấp trên “{row.name}” đã có thay đổi từ ngày {format_date(row.valid_to)}; "
            f"không thể gắn tổ chức vào nó với hiệu lực trước ngày đó.",
            field="parent",
        )
    return row


# --- row mechanics ------------------------------------------------------------------------------


def _event(
    *,
    kind: str,
    day: dt.date,
    decision_ref: str,
    note: str,
    actor: User,
    details: dict[str, object],
    roles: Iterable[tuple[Organization, str]],
) -> OrgEvent:
    event = OrgEvent.objects.create(
        kind=kind,
        effective_date=day,
        decision_ref=decision_ref,
        note=nfc(note),
        details=details,
        created_by=actor,
    )
    seen: set[tuple[int, str]] = set()
    links = []
    for org, role in roles:
        if (org.pk, role) not in seen:
            seen.add((org.pk, role))
            links.append(OrgEventRole(event=event, org=org, role=role))
    OrgEventRole.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return event


def _close(rows: Iterable[Placement], day: dt.date) -> None:
    """End ``rows`` at ``day``. A row that began on ``day`` itself never held for any date, so it is dropped."""
    ids = [r.pk for r in rows if r.valid_from < day]
    same_day = [r.pk for r in rows if r.valid_from == day]
    for start in range(0, len(ids), BATCH_SIZE):
        Placement.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).update(valid_to=day)
    for start in range(0, len(same_day), BATCH_SIZE):
        Placement.objects.filter(pk__in=same_day[start : start + BATCH_SIZE]).delete()


def _repath(
    *,
    row: Placement,
    parent_row: Placement | None,
    day: dt.date,
    event: OrgEvent,
    name: str | None = None,
    kind: OrgKind | None = None,
) -> Placement:
    """Reopen ``row``'s whole subtree from ``day`` under ``parent_row`` (set-based, in batches)."""
    _check_no_later_history(row, day)
    old_prefix = row.path
    new_prefix = f"{parent_row.path if parent_row else '/'}{row.org_id}/"
    delta = (parent_row.depth + 1 if parent_row else 0) - row.depth
    subtree = list(Placement.objects.filter(path__startswith=old_prefix, valid_to__isnull=True))
    fresh = []
    for old in subtree:
        is_top = old.org_id == row.org_id
        new_name = name if (is_top and name is not None) else old.name
        fresh.append(
            Placement(
                org_id=old.org_id,
                parent_id=(parent_row.org_id if parent_row else None) if is_top else old.parent_id,
                name=new_name,
                name_folded=fold(new_name),
                kind=(kind if (is_top and kind is not None) else old.kind),
                path=new_prefix + old.path[len(old_prefix) :],
                depth=old.depth + delta,
                valid_from=day,
                event=event,
            )
        )
    _close(subtree, day)
    Placement.objects.bulk_create(fresh, batch_size=BATCH_SIZE)
    return next(p for p in fresh if p.org_id == row.org_id)


def _new_org(
    *, code: str, name: str, kind: OrgKind, parent_row: Placement | None, day: dt.date, event: OrgEvent
) -> tuple[Organization, Placement]:
    org = Organization.objects.create(code=code, created_on=day)
    row = Placement.objects.create(
        org=org,
        parent_id=parent_row.org_id if parent_row else None,
        name=name,
        name_folded=fold(name),
        kind=kind,
        path=f"{parent_row.path if parent_row else '/'}{org.pk}/",
        depth=parent_row.depth + 1 if parent_row else 0,
        valid_from=day,
        event=event,
    )
    return org, row


def _children_rows(row: Placement, day: dt.date) -> list[Placement]:
    return list(Placement.objects.as_of(day).filter(parent_id=row.org_id).select_related("org", "kind__level"))


# --- services -----------------------------------------------------------------------------------


@refuse_conflicts
@transaction.atomic
def org_create(
    *,
    actor: User,
    code: str,
    name: str,
    kind: OrgKind,
    parent: Organization | None,
    effective_date: dt.date,
    decision_ref: str,
    note: str = "",
) -> Organization:
    org_lock_for_write()  # before any check: they must read what a concurrent write committed
    name = _clean_name(name)
    decision_ref = _clean_decision(decision_ref)
    code = _clean_code(code)
    if parent is None:
        if not actor_is_admin(actor):
            raise ApplicationError("Chỉ quản trị hệ thống mới tạo được tổ chức cấp cao nhất.")
        parent_row = None
    else:
        _require_restructure(actor, parent.pk, effective_date, own=True)
        parent_row = _parent_row(parent, effective_date)
    _check_kind(kind, effective_date, parent_row)
    event = _event(
        kind=OrgEvent.Kind.CREATED,
        day=effective_date,
        decision_ref=decision_ref,
        note=note,
        actor=actor,
        details={"name": name, "kind": kind.name, "parent": parent_row.name if parent_row else None},
        roles=[(parent, Role.NEW_PARENT)] if parent else [],
    )
    org, _ = _new_org(code=code, name=name, kind=kind, parent_row=parent_row, day=effective_date, event=event)
    OrgEventRole.objects.create(event=event, org=org, role=Role.SUBJECT)
    audit_record(
        actor=actor,
        action="org.create",
        obj=org,
        object_repr=name,
        changes={"name": [None, name], "kind": [None, kind.code], "parent": [None, parent.code if parent else None]},
    )
    return org


@refuse_conflicts
@transaction.atomic
def org_rename(
    *,
    actor: User,
    org: Organization,
    name: str,
    kind: OrgKind | None = None,
    effective_date: dt.date,
    decision_ref: str,
    note: str = "",
) -> Placement:
    """Change the name and/or the kind of an organisation from a date."""
    org_lock_for_write()  # before any check: they must read what a concurrent write committed
    name = _clean_name(name)
    decision_ref = _clean_decision(decision_ref)
    _require_restructure(actor, org.pk, effective_date)
    row = _live_row(org, effective_date)
    new_kind = kind or row.kind
    if name == row.name and new_kind.pk == row.kind_id:
        raise ApplicationError("Tên và loại hình mới trùng với hiện tại; không có gì thay đổi.")
    parent_row = _parent_row(row.parent, effective_date) if row.parent else None
    _check_kind(new_kind, effective_date, parent_row)
    for child in _children_rows(row, effective_date):
        if child.kind.level.rank <= new_kind.level.rank:
            raise ApplicationError(
                f"Tổ chức trực thuộc “{child.name}” không thể trực thuộc loại hình “{new_kind.name}”."
            )
    event = _event(
        kind=OrgEvent.Kind.RENAMED,
        day=effective_date,
        decision_ref=decision_ref,
        note=note,
        actor=actor,
        details={"old_name": row.name, "new_name": name, "old_kind": row.kind.name, "new_kind": new_kind.name},
        roles=[(org, Role.SUBJECT)],
    )
    # Close before opening: at no moment may the organisation have two open rows (a unique index says so).
    _close([row], effective_date)
    new_row = Placement.objects.create(
        org=org,
        parent_id=row.parent_id,
        name=name,
        name_folded=fold(name),
        kind=new_kind,
        path=row.path,
        depth=row.depth,
        valid_from=effective_date,
        event=event,
    )
    audit_record(
        actor=actor,
        action="org.rename",
        obj=org,
        object_repr=name,
        changes={"name": [row.name, name], "kind": [row.kind.code, new_kind.code], "date": effective_date.isoformat()},
    )
    return new_row


@refuse_conflicts
@transaction.atomic
def org_move(
    *,
    actor: User,
    org: Organization,
    new_parent: Organization,
    effective_date: dt.date,
    decision_ref: str,
    note: str = "",
) -> Placement:
    """Re-attach an organisation (and its whole subtree) to another parent from a date."""
    org_lock_for_write()  # before any check: they must read what a concurrent write committed
    decision_ref = _clean_decision(decision_ref)
    _require_restructure(actor, org.pk, effective_date)
    _require_restructure(actor, new_parent.pk, effective_date, own=True)
    row = _live_row(org, effective_date)
    parent_row = _parent_row(new_parent, effective_date)
    if parent_row.path.startswith(row.path):
        raise ApplicationError(
            f"Không thể chuyển “{row.name}” vào chính nó hoặc vào tổ chức trực thuộc của nó.", field="parent"
        )
    if row.parent_id == new_parent.pk:
        raise ApplicationError(f"“{row.name}” đã trực thuộc “{parent_row.name}”.", field="parent")
    _check_kind(row.kind, effective_date, parent_row)
    old_parent_name = (
        Placement.objects.as_of(effective_date).filter(org_id=row.parent_id).values_list("name", flat=True).first()
    )
    event = _event(
        kind=OrgEvent.Kind.MOVED,
        day=effective_date,
        decision_ref=decision_ref,
        note=note,
        actor=actor,
        details={"name": row.name, "old_parent": old_parent_name, "new_parent": parent_row.name},
        roles=[(org, Role.SUBJECT), (new_parent, Role.NEW_PARENT)]
        + ([(row.parent, Role.OLD_PARENT)] if row.parent else []),
    )
    new_row = _repath(row=row, parent_row=parent_row, day=effective_date, event=event)
    audit_record(
        actor=actor,
        action="org.move",
        obj=org,
        object_repr=row.name,
        changes={"parent": [old_parent_name, parent_row.name], "date": effective_date.isoformat()},
    )
    return new_row


def _members_on(org_ids: Sequence[int], day: dt.date) -> QuerySet[Any]:
    """The members active in ``org_ids`` on ``day`` (rows of people.CellMembership). Looked up through the
    app registry: the register builds on the tree, so the tree's services must not import it."""
    cell_membership = apps.get_model("people", "CellMembership")
    rows: QuerySet[Any] = cell_membership.objects.filter(cell_id__in=org_ids, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    return rows


def _refuse_if_members(row: Placement, day: dt.date, *, doing: str) -> None:
    count = _members_on([row.org_id], day).count()
    if count:
        raise ApplicationError(
            f"“{row.name}” còn {format_number(count)} đảng viên đang sinh hoạt vào ngày {format_date(day)}; "
            f"hãy chuyển sinh hoạt đảng cho họ trước khi {doing}."
        )


def _members_follow(
    *, sources: Sequence[Placement], target: Placement, day: dt.date, event: OrgEvent, actor: User
) -> int:
    """Members of merged cells follow to the target from ``day``: their rows end and new ones open, with a
    transfer event citing the merger's decision, so each member's history reads as it happened."""
    rows = list(_members_on([s.org_id for s in sources], day))
    if not rows:
        return 0
    if any(r.valid_to is not None for r in rows):
        raise ApplicationError("Có đảng viên đã được ghi chuyển đi sau ngày hợp nhất; không thể hợp nhất với ngày này.")
    cell_membership = apps.get_model("people", "CellMembership")
    membership_event = apps.get_model("people", "MembershipEvent")
    cell_membership.objects.filter(pk__in=[r.pk for r in rows if r.valid_from < day]).update(valid_to=day)
    cell_membership.objects.filter(pk__in=[r.pk for r in rows if r.valid_from == day]).delete()
    cell_membership.objects.bulk_create(
        [cell_membership(membership_id=r.membership_id, cell_id=target.org_id, valid_from=day) for r in rows],
        batch_size=BATCH_SIZE,
    )
    membership_event.objects.bulk_create(
        [
            membership_event(
                membership_id=r.membership_id,
                kind="transferred",
                date=day,
                decision_ref=event.decision_ref,
                cell_id=target.org_id,
                note=f"Theo việc hợp nhất vào {target.name}",
                created_by=actor,
            )
            for r in rows
        ],
        batch_size=BATCH_SIZE,
    )
    return len(rows)


def _open_posts_or_refuse(ending: Sequence[Placement], day: dt.date, *, end_posts: bool, doing: str) -> list[OpenPost]:
    """The posts and committee seats still held at organisations that end on ``day``. Refused while any is
    left unless the same decision ends them (``end_posts``): otherwise their holders stay attached to an
    ended organisation and drop out of every count."""
    posts = org_open_posts(org_ids=[r.org_id for r in ending], day=day)
    if not posts:
        return []
    names = {r.org_id: r.name for r in ending}
    listing = "; ".join(f"{p} ({names[p.org_id]})" for p in posts)
    if not end_posts:
        raise ApplicationError(
            f"Còn {len(posts)} chức vụ, ghế cấp ủy đang giữ tại tổ chức chấm dứt ngày {format_date(day)}: "
            f"{listing}. Hãy kết thúc hoặc chuyển các chức vụ này trước khi {doing}, hoặc chọn kết thúc "
            "chúng cùng ngày trong quyết định này.",
            field="end_posts",
        )
    late = [p for p in posts if p.valid_from >= day]
    if late:
        raise ApplicationError(
            f"Không thể kết thúc ngày {format_date(day)} các chức vụ bắt đầu từ ngày đó trở đi: "
            f"{'; '.join(str(p) for p in late)}. Hãy sửa các chức vụ này trước.",
            field="end_posts",
        )
    return posts


def _end_posts(posts: Sequence[OpenPost], day: dt.date, *, actor: User, decision_ref: str, action: str) -> None:
    """End ``posts`` on ``day`` as part of the tree decision ``action``; each is audited as a post or seat
    ended (the holder's own trail shows it), citing the decision."""
    models = {"position": apps.get_model("people", "Position"), "seat": apps.get_model("people", "BodyMembership")}
    codes = {"position": "position.end", "seat": "body_seat.end"}
    for post in posts:
        held = models[post.kind].objects.select_for_update().get(pk=post.pk)
        before = held.valid_to.isoformat() if held.valid_to else None
        held.valid_to = day
        held.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action=codes[post.kind],
            obj=held,
            object_repr=str(post),
            changes={"valid_to": [before, day.isoformat()], "decision_ref": decision_ref, "by": action},
        )


def _end(org: Organization, row: Placement, day: dt.date) -> None:
    _close([row], day)
    org.ended_on = day
    org.save(update_fields=["ended_on"])


@refuse_conflicts
@transaction.atomic
def org_dissolve(
    *,
    actor: User,
    org: Organization,
    effective_date: dt.date,
    decision_ref: str,
    note: str = "",
    end_posts: bool = False,
) -> None:
    """End ``org`` on the date. Refused while it has children or members; its open posts and committee
    seats end the same day if ``end_posts``, else they refuse it too."""
    org_lock_for_write()  # before any check: they must read what a concurrent write committed
    decision_ref = _clean_decision(decision_ref)
    _require_restructure(actor, org.pk, effective_date)
    row = _live_row(org, effective_date)
    children = _children_rows(row, effective_date)
    if children:
        raise ApplicationError(
            f"“{row.name}” còn {len(children)} tổ chức trực thuộc; hãy chuyển hoặc giải thể các tổ chức đó trước."
        )
    _refuse_if_members(row, effective_date, doing="giải thể")
    _check_no_later_history(row, effective_date)
    posts = _open_posts_or_refuse([row], effective_date, end_posts=end_posts, doing="giải thể")
    _event(
        kind=OrgEvent.Kind.DISSOLVED,
        day=effective_date,
        decision_ref=decision_ref,
        note=note,
        actor=actor,
        details={"name": row.name},
        roles=[(org, Role.SUBJECT)],
    )
    _end_posts(posts, effective_date, actor=actor, decision_ref=decision_ref, action="org.dissolve")
    _end(org, row, effective_date)
    audit_record(
        actor=actor,
        action="org.dissolve",
        obj=org,
        object_repr=row.name,
        changes={
            "ended_on": [None, effective_date.isoformat()],
            **({"posts_ended": [str(p) for p in posts]} if posts else {}),
        },
    )


@refuse_conflicts
@transaction.atomic
def org_merge(
    *,
    actor: User,
    sources: Sequence[Organization],
    effective_date: dt.date,
    decision_ref: str,
    target: Organization | None = None,
    new_code: str = "",
    new_name: str = "",
    new_kind: OrgKind | None = None,
    new_parent: Organization | None = None,
    note: str = "",
    end_posts: bool = False,
) -> Organization:
    """Merge ``sources`` into ``target`` (sáp nhập) or into a new organisation (hợp nhất).

    The children of every source follow to the target with their subtrees; the
    sources end on the effective date. Members follow in the register (they are
    counted through the cells, which move).
    """
    org_lock_for_write()  # before any check: they must read what a concurrent write committed
    decision_ref = _clean_decision(decision_ref)
    if not sources:
        raise ApplicationError("Phải chọn ít nhất một tổ chức được hợp nhất.", field="sources")
    if len({s.pk for s in sources}) != len(sources):
        raise ApplicationError("Một tổ chức được chọn hai lần.", field="sources")
    if target is None and len(sources) < 2:
        raise ApplicationError("Hợp nhất thành tổ chức mới cần ít nhất hai tổ chức.", field="sources")
    if target is not None and any(s.pk == target.pk for s in sources):
        raise ApplicationError("Tổ chức tiếp nhận không thể đồng thời là tổ chức bị hợp nhất.", field="target")
    source_rows = []
    for source in sources:
        _require_restructure(actor, source.pk, effective_date)
        source_rows.append(_live_row(source, effective_date))
    if target is not None:
        _require_restructure(actor, target.pk, effective_date, own=True)
        target_row = _live_row(target, effective_date, what="Tổ chức tiếp nhận")
    else:
        if new_parent is None or new_kind is None:
            raise ApplicationError("Phải chọn cấp trên và loại hình của tổ chức mới.", field="new_parent")
        _require_restructure(actor, new_parent.pk, effective_date, own=True)
        parent_row = _parent_row(new_parent, effective_date)
        name = _clean_name(new_name)
        code = _clean_code(new_code)
        _check_kind(new_kind, effective_date, parent_row)
        if any(parent_row.path.startswith(r.path) for r in source_rows):
            raise ApplicationError(
                "Cấp trên của tổ chức mới không thể nằm trong tổ chức bị hợp nhất.", field="new_parent"
            )
    for r in source_rows:
        if target is not None and target_row.path.startswith(r.path):
            raise ApplicationError(f"Tổ chức tiếp nhận nằm trong “{r.name}”; không thể hợp nhất.", field="target")
    posts = _open_posts_or_refuse(source_rows, effective_date, end_posts=end_posts, doing="hợp nhất")
    event = _event(
        kind=OrgEvent.Kind.MERGED,
        day=effective_date,
        decision_ref=decision_ref,
        note=note,
        actor=actor,
        details={"sources": [r.name for r in source_rows]},
        roles=[(s, Role.SOURCE) for s in sources],
    )
    if target is None:
        assert new_kind is not None  # checked above, with the other fields of a new organisation
        target, target_row = _new_org(
            code=code, name=name, kind=new_kind, parent_row=parent_row, day=effective_date, event=event
        )
    event.details["target"] = target_row.name
    event.save(update_fields=["details"])
    OrgEventRole.objects.create(event=event, org=target, role=Role.TARGET)
    moved: list[Organization] = []
    for r in source_rows:
        for child in _children_rows(r, effective_date):
            _check_kind(child.kind, effective_date, target_row)
            _repath(row=child, parent_row=target_row, day=effective_date, event=event)
            moved.append(child.org)
    members = _members_follow(sources=source_rows, target=target_row, day=effective_date, event=event, actor=actor)
    _end_posts(posts, effective_date, actor=actor, decision_ref=decision_ref, action="org.merge")
    for r in source_rows:
        _end(r.org, r, effective_date)
    OrgEventRole.objects.bulk_create(
        [OrgEventRole(event=event, org=o, role=Role.CHILD) for o in moved], batch_size=BATCH_SIZE
    )
    audit_record(
        actor=actor,
        action="org.merge",
        obj=target,
        object_repr=target_row.name,
        changes={
            "sources": [r.name for r in source_rows],
            "children_moved": len(moved),
            "members_moved": members,
            "date": effective_date.isoformat(),
            **({"posts_ended": [str(p) for p in posts]} if posts else {}),
        },
    )
    return target


@refuse_conflicts
@transaction.atomic
def org_split(
    *,
    actor: User,
    org: Organization,
    parts: Sequence[SplitPart],
    effective_date: dt.date,
    decision_ref: str,
    keep_original: bool = False,
    note: str = "",
    end_posts: bool = False,
) -> list[Organization]:
    """Split ``org`` into new organisations under the same parent; its children go where ``parts`` say.

    Unless ``keep_original``, every child must be given to a part and ``org`` ends on the date.
    """
    org_lock_for_write()  # before any check: they must read what a concurrent write committed
    decision_ref = _clean_decision(decision_ref)
    if not parts or (len(parts) < 2 and not keep_original):
        raise ApplicationError("Chia tách cần ít nhất hai tổ chức mới (hoặc giữ lại tổ chức cũ).", field="parts")
    _require_restructure(actor, org.pk, effective_date)
    row = _live_row(org, effective_date)
    if row.parent_id is None:
        raise ApplicationError("Không thể chia tách tổ chức cấp cao nhất.")
    parent_row = _parent_row(row.parent, effective_date)  # type: ignore[arg-type]
    children = {c.org_id: c for c in _children_rows(row, effective_date)}
    assigned: set[int] = set()
    for part in parts:
        for child in part.children:
            if child.pk not in children:
                raise ApplicationError(
                    f"“{child.code}” không trực thuộc “{row.name}” vào ngày {format_date(effective_date)}."
                )
            if child.pk in assigned:
                raise ApplicationError(f"“{children[child.pk].name}” được phân về hai tổ chức mới.")
            assigned.add(child.pk)
    if not keep_original and set(children) - assigned:
        left = ", ".join(children[pk].name for pk in sorted(set(children) - assigned))
        raise ApplicationError(f"Còn tổ chức trực thuộc chưa được phân về tổ chức mới: {left}.")
    codes = [p.code for p in parts]
    if len(set(codes)) != len(codes):
        raise ApplicationError("Mã các tổ chức mới phải khác nhau.", field="parts")
    posts = (
        [] if keep_original else _open_posts_or_refuse([row], effective_date, end_posts=end_posts, doing="chia tách")
    )
    event = _event(
        kind=OrgEvent.Kind.SPLIT,
        day=effective_date,
        decision_ref=decision_ref,
        note=note,
        actor=actor,
        details={"name": row.name, "parts": [nfc(p.name) for p in parts]},
        roles=[(org, Role.SOURCE)],
    )
    created = []
    for part in parts:
        _check_kind(part.kind, effective_date, parent_row)
        new_org, new_row = _new_org(
            code=_clean_code(part.code),
            name=_clean_name(part.name),
            kind=part.kind,
            parent_row=parent_row,
            day=effective_date,
            event=event,
        )
        OrgEventRole.objects.create(event=event, org=new_org, role=Role.TARGET)
        for child in part.children:
            _check_kind(children[child.pk].kind, effective_date, new_row)
            _repath(row=children[child.pk], parent_row=new_row, day=effective_date, event=event)
            OrgEventRole.objects.create(event=event, org=child, role=Role.CHILD)
        created.append(new_org)
    if not keep_original:
        _refuse_if_members(row, effective_date, doing="chia tách")
        _end_posts(posts, effective_date, actor=actor, decision_ref=decision_ref, action="org.split")
        _end(org, row, effective_date)
    audit_record(
        actor=actor,
        action="org.split",
        obj=org,
        object_repr=row.name,
        changes={
            "parts": [nfc(p.name) for p in parts],
            "kept": keep_original,
            "date": effective_date.isoformat(),
            **({"posts_ended": [str(p) for p in posts]} if posts else {}),
        },
    )
    return created
