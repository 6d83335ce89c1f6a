"""The organisation tree as of a date: one organisation, its subtree, search.

Endpoints parse, call the scoped selectors of pbms.orgs and fill explicit schemas. Anything the actor may
not see on the date answers 404 exactly like something that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router

from pbms.accounts.selectors import actor_can_see
from pbms.api.auth import request_actor
from pbms.api.schemas import (
    MAX_ID,
    AsOfQuery,
    ErrorOut,
    HistoryItemOut,
    KindOut,
    LevelOut,
    OrgDetailOut,
    OrgRefOut,
    SearchOut,
    SearchQuery,
    SubtreeItemOut,
    SubtreeOut,
    SubtreeQuery,
)
from pbms.lib.exceptions import NotFoundError
from pbms.orgs.models import Placement
from pbms.orgs.selectors import org_ancestors, org_get, org_history, org_search, org_subtree

router = Router(tags=["Tổ chức đảng"])

# The business day is Vietnam's whatever timezone a request may have activated: at 23:30 UTC it is already
# tomorrow in Hà Nội, and "today" must mean the same day as on the province's pages.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

OrgId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã số (id) của tổ chức.")]

ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _day(query: AsOfQuery) -> dt.date:
    return query.date or timezone.localdate(timezone=VIETNAM)


def _row_day(*, row: Placement, day: dt.date) -> dt.date:
    """The day inside ``row``'s interval nearest to ``day``: org_get falls back to the nearest row when the
    organisation did not exist on ``day``, and names around it must be read on a day the row holds."""
    if day < row.valid_from:
        return row.valid_from
    if row.last_day is not None and day > row.last_day:
        return row.last_day
    return day


def _ancestors(*, row: Placement, day: dt.date) -> list[Placement]:
    # org_ancestors reads the chain as of row.valid_from, so a parent renamed after this row began would
    # show its old name. The ids on the path hold for the row's whole interval, so asking on ``day`` (a day
    # inside it) gives the same chain with the names of that day.
    return org_ancestors(row=Placement(path=row.path, valid_from=day))


@router.get(
    "/orgs/{org_id}",
    response={200: OrgDetailOut, **ERRORS},
    summary="Một tổ chức đảng vào một ngày",
    description="Tên, loại hình, cấp, cấp trên, đường dẫn, số tổ chức trực thuộc trực tiếp và toàn bộ lịch sử "
    "vị trí của tổ chức. Tổ chức ngoài phạm vi của người dùng vào ngày đó: 404, như không tồn tại.",
)
def org_detail(request: HttpRequest, org_id: OrgId, query: Query[AsOfQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    day = _day(query)
    org, row = org_get(actor=actor, org_id=org_id, day=day)
    row_day = _row_day(row=row, day=day)
    exists_on_date = row_day == day
    ancestors = _ancestors(row=row, day=row_day)
    parent = next((a for a in ancestors if a.org_id == row.parent_id), None) if row.parent_id else None
    # Children on the day asked: none when the organisation did not exist then. The subtree selector is
    # scoped, and a count keeps it one query whatever the number of children.
    child_count = (
        org_subtree(actor=actor, org_id=org.pk, day=day).filter(parent_id=org.pk).count() if exists_on_date else 0
    )
    return {
        "id": org.pk,
        "code": org.code,
        "name": row.name,
        "kind": KindOut(code=row.kind.code, name=row.kind.name),
        "level": LevelOut(code=row.kind.level.code, name=row.kind.level.name, rank=row.kind.level.rank),
        "parent": OrgRefOut(id=parent.org_id, name=parent.name) if parent else None,
        "path": [a.org_id for a in ancestors],
        "ancestors": [OrgRefOut(id=a.org_id, name=a.name) for a in ancestors],
        "depth": row.depth,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
        "created_on": org.created_on,
        "ended_on": org.ended_on,
        "date": day,
        "exists_on_date": exists_on_date,
        "child_count": child_count,
        "history": [
            HistoryItemOut(
                name=h.name,
                kind=KindOut(code=h.kind.code, name=h.kind.name),
                parent_id=h.parent_id,
                valid_from=h.valid_from,
                valid_to=h.valid_to,
                decision_ref=h.event.decision_ref,
            )
            for h in org_history(org=org)
        ],
    }


@router.get(
    "/orgs/{org_id}/subtree",
    response={200: SubtreeOut, **ERRORS},
    summary="Cây con của một tổ chức vào một ngày",
    description="Mọi tổ chức trực thuộc (kể cả chính nó) vào ngày được hỏi, dạng danh sách phẳng theo thứ tự "
    "đường dẫn. Phân trang bằng limit/offset, tối đa 5.000 tổ chức một trang; `count` là tổng số. "
    "Số truy vấn cơ sở dữ liệu không phụ thuộc độ sâu hay độ rộng của cây.",
)
def org_subtree_list(request: HttpRequest, org_id: OrgId, query: Query[SubtreeQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    day = _day(query)
    # org_subtree filters rows by the actor's scope but does not refuse a root the actor cannot see (it would
    # answer a partial or empty list); that must be a 404, like the detail.
    if not actor_can_see(actor=actor, org_id=org_id, day=day):
        raise NotFoundError()
    rows = org_subtree(actor=actor, org_id=org_id, day=day)
    count = rows.count()
    page = rows.values("org_id", "org__code", "name", "kind__code", "kind__name", "parent_id", "depth")[
        query.offset : query.offset + query.limit
    ]
    return {
        "date": day,
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        # values() rather than model instances: a page can hold 5,000 rows and only seven columns are sent.
        "items": [
            SubtreeItemOut(
                id=r["org_id"],
                code=r["org__code"],
                name=r["name"],
                kind=KindOut(code=r["kind__code"], name=r["kind__name"]),
                parent_id=r["parent_id"],
                depth=r["depth"],
            )
            for r in page
        ],
    }


@router.get(
    "/orgs",
    response={200: SearchOut, 401: ErrorOut, 422: ErrorOut},
    summary="Tìm tổ chức theo tên vào một ngày",
    description="Tìm không phân biệt dấu trong phạm vi của người dùng, tổ chức cấp cao hơn đứng trước.",
)
def org_search_list(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    day = _day(query)
    rows = org_search(actor=actor, query=query.q, day=day, limit=query.limit)
    # org_search loads the kind with each row but not the organisation; one more query for all the codes.
    prefetch_related_objects(rows, "org")
    return {
        "date": day,
        "items": [
            SubtreeItemOut(
                id=r.org_id,
                code=r.org.code,
                name=r.name,
                kind=KindOut(code=r.kind.code, name=r.kind.name),
                parent_id=r.parent_id,
                depth=r.depth,
            )
            for r in rows
        ],
    }
