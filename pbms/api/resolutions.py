"""Resolutions and their targets computed live: the list, a resolution's targets for an organisation on a
date (values and breakdown by child organisations), and who a figure counts.

Scoped exactly like the pages: an organisation the actor does not see on the date, a resolution or target
the actor may not read, answer 404 like something that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from pbms.api.auth import request_actor
from pbms.api.orgs import VIETNAM
from pbms.api.schemas import DATE_DESCRIPTION, MAX_ID, AsOfDate, ErrorOut
from pbms.audit.services import audit_record
from pbms.lib.exceptions import NotFoundError
from pbms.resolutions.drilldown import target_members
from pbms.resolutions.engine import TargetValue
from pbms.resolutions.models import Resolution, Target
from pbms.resolutions.reports import TargetRow, dashboard, default_org
from pbms.resolutions.selectors import resolution_list

router = Router(tags=["Nghị quyết, chỉ tiêu"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ResolutionId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã số (id) của nghị quyết.")]
TargetId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã số (id) của chỉ tiêu.")]
ORG_DESCRIPTION = (
    "Mã số (id) của tổ chức trong phạm vi vào ngày; bỏ trống: tổ chức cao nhất trong phạm vi của người dùng."
)


class TargetQuery(Schema):
    date: AsOfDate | None = Field(None, description=DATE_DESCRIPTION)
    org: int | None = Field(None, ge=1, le=MAX_ID, description=ORG_DESCRIPTION)


class MembersQuery(TargetQuery):
    part: Literal["numerator", "denominator"] = Field(
        "numerator", description="numerator: những người (tổ chức) đạt điều kiện; denominator: toàn bộ đối tượng."
    )


class ResolutionOut(Schema):
    id: int
    number: str = Field(..., description="Số, ký hiệu (ví dụ 05-NQ/TU).")
    title: str
    issuer_name: str
    issued_on: dt.date | None
    period_start: int
    period_end: int


class ResolutionsOut(Schema):
    items: list[ResolutionOut]


class OrgValueOut(Schema):
    org_id: int | None
    org_name: str
    numerator: int | None = Field(..., description="Số đạt điều kiện (luôn có giá trị; giữ kiểu cũ cho tương thích).")
    denominator: int
    percent: float | None = Field(..., description="Tỷ lệ %, hai chữ số thập phân; null khi không tính được.")
    status: str = Field(..., description="đạt, chưa đạt, không có đối tượng.")
    gap: int = Field(..., description="Số người (tổ chức) cần thêm, hoặc cần giảm với chỉ tiêu '≤'.")
    gap_text: str


class TrendPointOut(Schema):
    year: int
    percent: float | None = Field(
        ..., description="Tỷ lệ % tại 31/12 của năm (năm đang xem: tại ngày); null nếu không có."
    )


class TargetValueOut(OrgValueOut):
    target_id: int
    number: str
    wording: str
    unit: str
    comparator: str = Field(..., description="gte (≥), eq (=), lte (≤).")
    threshold: float
    note: str = Field(..., description="Ghi chú (ví dụ: từ 01/7/2025 không còn cấp huyện).")
    breakdown: list[OrgValueOut] = Field(..., description="Theo từng tổ chức trực thuộc vào ngày.")
    direct: OrgValueOut | None = Field(..., description="Tính trực tiếp tại tổ chức (không thuộc tổ chức con nào).")
    trend: list[TrendPointOut] = Field(..., description="Tỷ lệ qua các năm của nghị quyết, đến ngày xem.")
    projection: float | None = Field(
        ...,
        description="Dự báo tỷ lệ % khi đến hạn: đường thẳng bình phương tối thiểu qua các năm có số liệu (ít nhất "
        "hai năm); null khi không đủ số liệu hoặc đã đến hạn.",
    )
    projection_year: int = Field(..., description="Năm đến hạn (chỉ tiêu hằng năm: năm đang xem).")
    at_risk: bool = Field(..., description="Có nguy cơ: chưa đến hạn, hiện chưa đạt và dự báo đến hạn không đạt.")
    outlook: str = Field(..., description="Kết quả kèm dự báo: đạt, chưa đạt, có nguy cơ, không có đối tượng.")


class TargetsOut(Schema):
    resolution: ResolutionOut
    date: dt.date
    org_id: int
    org_name: str
    targets: list[TargetValueOut]


class MemberOut(Schema):
    id: int
    kind: str = Field(..., description="person (người), org (tổ chức) hoặc body (cấp ủy, ban thường vụ…).")
    name: str
    detail: str
    counted: bool = Field(..., description="true: đạt điều kiện của chỉ tiêu (thuộc tử số).")
    person_id: int | None = Field(..., description="Mã số người (hồ sơ /can-bo/<id>/), null với tổ chức.")
    rating: str = Field(
        "", description="Chỉ tiêu xếp loại: mức đã quyết định của năm, hoặc “chưa có kết quả”; rỗng với chỉ tiêu khác."
    )


class MembersOut(Schema):
    target_id: int
    date: dt.date
    org_id: int
    org_name: str
    part: str
    unit: str
    supported: bool = Field(..., description="Luôn true từ khi các chỉ tiêu xếp loại được tính (giữ cho tương thích).")
    count: int
    items: list[MemberOut]


def _day(query: TargetQuery) -> dt.date:
    return query.date or timezone.localdate(timezone=VIETNAM)


def _org(request: HttpRequest, query: TargetQuery, day: dt.date) -> int:
    if query.org is not None:
        return query.org
    org_id = default_org(actor=request_actor(request), day=day)
    if org_id is None:  # nothing in the actor's scope on that day
        raise NotFoundError()
    return org_id


def _resolution_out(resolution: Resolution) -> dict[str, Any]:
    return {
        "id": resolution.pk,
        "number": resolution.number,
        "title": resolution.title,
        "issuer_name": resolution.issuer_name,
        "issued_on": resolution.issued_on,
        "period_start": resolution.period_start,
        "period_end": resolution.period_end,
    }


def _projection(row: TargetRow) -> float | None:
    if row.projection is None or row.projection.percent is None:
        return None
    return float(row.projection.percent)


def _value_out(value: TargetValue) -> dict[str, Any]:
    return {
        "org_id": value.org_id,
        "org_name": value.org_name,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "percent": None if value.percent is None else float(value.percent),
        "status": value.status,
        "gap": value.gap,
        "gap_text": value.gap_text,
    }


@router.get(
    "/resolutions",
    response={200: ResolutionsOut, **ERRORS},
    summary="Danh sách nghị quyết",
    description="Các nghị quyết người dùng được xem (cần quyền xem tổ chức, hồ sơ).",
)
def resolutions(request: HttpRequest) -> dict[str, Any]:
    rows = resolution_list(actor=request_actor(request))
    return {"items": [_resolution_out(row) for row in rows]}


@router.get(
    "/resolutions/{resolution_id}/targets",
    response={200: TargetsOut, **ERRORS},
    summary="Kết quả các chỉ tiêu của một nghị quyết",
    description="Giá trị từng chỉ tiêu của tổ chức vào ngày (tử số, mẫu số, tỷ lệ, kết quả, số còn thiếu) và theo "
    "từng tổ chức trực thuộc. Tổ chức ngoài phạm vi: 404.",
)
def resolution_targets(request: HttpRequest, resolution_id: ResolutionId, query: Query[TargetQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    resolution = resolution_list(actor=actor).filter(pk=resolution_id).first()
    if resolution is None:
        raise NotFoundError()
    day = _day(query)
    org_id = _org(request, query, day)
    board = dashboard(actor=actor, resolution=resolution, day=day, org_id=org_id, with_breakdown=True)
    targets = []
    for row in board.rows:
        breakdown = row.breakdown
        targets.append(
            {
                **_value_out(row.value),
                "target_id": row.target.pk,
                "number": row.target.number,
                "wording": row.target.wording,
                "unit": row.value.unit,
                "comparator": row.target.comparator,
                "threshold": float(row.target.threshold),
                "note": row.note,
                "breakdown": [_value_out(child) for child in breakdown.rows] if breakdown else [],
                "direct": _value_out(breakdown.direct) if breakdown and breakdown.direct else None,
                "trend": [{"year": year, "percent": None if p is None else float(p)} for year, p in row.trend],
                "projection": _projection(row),
                "projection_year": row.projection.year if row.projection else day.year,
                "at_risk": row.at_risk,
                "outlook": row.status_code,
            }
        )
    return {
        "resolution": _resolution_out(resolution),
        "date": day,
        "org_id": org_id,
        "org_name": board.org_name,
        "targets": targets,
    }


@router.get(
    "/targets/{target_id}/members",
    response={200: MembersOut, **ERRORS},
    summary="Danh sách người (tổ chức) được tính của một chỉ tiêu",
    description="Những người (tổ chức) thuộc tử số hoặc mẫu số của chỉ tiêu, cho tổ chức vào ngày, trong phạm vi "
    "của người dùng. Mỗi lần xem được ghi nhật ký.",
)
def target_members_list(request: HttpRequest, target_id: TargetId, query: Query[MembersQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    target = (
        Target.objects.select_related("resolution")
        .filter(pk=target_id, active=True, resolution__in=resolution_list(actor=actor))
        .first()
    )
    if target is None:
        raise NotFoundError()
    day = _day(query)
    org_id = _org(request, query, day)
    members = target_members(actor=actor, target=target, day=day, org_id=org_id, part=query.part)
    audit_record(
        actor=actor,
        action="resolution.members.view",
        obj=target,
        changes={"via": "api", "org": org_id, "day": day.isoformat(), "part": query.part, "count": len(members.rows)},
    )
    return {
        "target_id": target.pk,
        "date": day,
        "org_id": org_id,
        "org_name": members.org_name,
        "part": members.part,
        "unit": members.unit,
        "supported": members.supported,
        "count": len(members.rows),
        "items": [
            {
                "id": m.id,
                "kind": m.kind,
                "name": m.name,
                "detail": m.detail,
                "counted": m.counted,
                "person_id": m.person_id,
                "rating": m.rating,
            }
            for m in members.rows
        ],
    }
