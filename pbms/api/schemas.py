"""Input and output shapes of the JSON API.

Every output is an explicit ninja ``Schema`` filled field by field in the endpoint, never a dump of a
model: adding a column to a model must not silently publish it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from pbms.lib.text import CLEAN_TEXT_PATTERN, CONTROL_CHARACTERS_MESSAGE, has_control_characters

# The largest primary key the databases hold (BIGINT). A bigger id in a URL would reach PostgreSQL as an
# out-of-range parameter and fail with a 500, so the path parameter is bounded and answers 422 instead.
MAX_ID = 2**63 - 1
# One page of a subtree at most: the largest province has a few thousand organisations, so one page is the
# whole province in practice, while a national-scale subtree must be read in pages.
SUBTREE_MAX_LIMIT = 5000
SEARCH_MAX_LIMIT = 200

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value: object) -> object:
    """Accept only YYYY-MM-DD text: pydantic's lax date parsing would also take '1703980800' (a Unix time)
    or '2024-12-31T00:00:00', which no client means as a day."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", "Ngày phải ghi theo dạng YYYY-MM-DD (ví dụ 2025-07-01).")
    return value


# Any calendar day is a valid question (before 1930 the answer is simply empty): the schema says
# "format: date" and nothing narrower, so the API must not refuse a date that format allows.
AsOfDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]


def _no_control_characters(value: str) -> str:
    """The pages' rule (pbms.lib.text), answered in the API's own JSON shape: 422 with a Vietnamese message,
    before a NUL reaches PostgreSQL, which refuses it in text (a 500)."""
    if has_control_characters(value):
        raise PydanticCustomError("control_characters", CONTROL_CHARACTERS_MESSAGE)
    return value


# Every free-text parameter or field of the API is of this type (test_control_characters checks each
# operation). The pattern only tells the OpenAPI schema's readers (and schemathesis) what is refused; the
# validator refuses it, with the Vietnamese message rather than pydantic's pattern error.
CleanText = Annotated[
    str, AfterValidator(_no_control_characters), Field(json_schema_extra={"pattern": CLEAN_TEXT_PATTERN})
]

DATE_DESCRIPTION = "Ngày xem số liệu, dạng YYYY-MM-DD. Bỏ trống: hôm nay theo giờ Việt Nam (Asia/Ho_Chi_Minh)."


# --- input ----------------------------------------------------------------------------------------


class AsOfQuery(Schema):
    date: AsOfDate | None = Field(None, description=DATE_DESCRIPTION)


class SubtreeQuery(AsOfQuery):
    limit: int = Field(
        SUBTREE_MAX_LIMIT,
        ge=1,
        le=SUBTREE_MAX_LIMIT,
        description=f"Số tổ chức tối đa trong một trang (1–{SUBTREE_MAX_LIMIT}).",
    )
    offset: int = Field(0, ge=0, le=MAX_ID, description="Bỏ qua bấy nhiêu tổ chức đầu (phân trang).")


class SearchQuery(AsOfQuery):
    q: CleanText = Field(
        ...,
        min_length=1,
        max_length=100,
        description="Từ khóa tên tổ chức; không phân biệt dấu và hoa thường ('dang bo xa an' tìm được "
        "'Đảng bộ xã An Bình').",
    )
    limit: int = Field(50, ge=1, le=SEARCH_MAX_LIMIT, description=f"Số kết quả tối đa (1–{SEARCH_MAX_LIMIT}).")


# --- output ---------------------------------------------------------------------------------------


class ErrorOut(Schema):
    """The one error shape of the whole API."""

    message: str = Field(..., description="Thông báo lỗi bằng tiếng Việt, hiển thị được cho người dùng.")
    code: str = Field(
        ...,
        description="Mã lỗi cho máy: bad_request, not_authenticated, forbidden, not_found, "
        "method_not_allowed, validation_error, throttled, server_error.",
    )
    fields: dict[str, str] = Field(
        default_factory=dict, description="Lỗi theo từng tham số hoặc trường: tên → thông báo tiếng Việt."
    )


class LevelOut(Schema):
    code: str
    name: str
    rank: int = Field(..., description="Thứ bậc: 1 là cấp cao nhất.")


class KindOut(Schema):
    code: str
    name: str


class OrgRefOut(Schema):
    id: int
    name: str = Field(..., description="Tên vào ngày được hỏi.")


class HistoryItemOut(Schema):
    name: str
    kind: KindOut
    parent_id: int | None
    valid_from: dt.date
    valid_to: dt.date | None = Field(..., description="Ngày kết thúc (không tính ngày này); null: đến nay.")
    decision_ref: str = Field(..., description="Số quyết định đã tạo ra dòng lịch sử này.")


class OrgDetailOut(Schema):
    id: int
    code: str
    name: str
    kind: KindOut
    level: LevelOut
    parent: OrgRefOut | None
    path: list[int] = Field(..., description="Mã số (id) các tổ chức cấp trên, từ gốc đến cấp trên trực tiếp.")
    ancestors: list[OrgRefOut] = Field(..., description="Các tổ chức cấp trên, từ gốc đến cấp trên trực tiếp.")
    depth: int = Field(..., description="Độ sâu trong cây; tổ chức gốc là 0.")
    valid_from: dt.date = Field(..., description="Ngày bắt đầu của dòng vị trí (tên, loại hình, cấp trên) này.")
    valid_to: dt.date | None = Field(..., description="Ngày kết thúc (không tính ngày này); null: đến nay.")
    created_on: dt.date
    ended_on: dt.date | None
    date: dt.date = Field(..., description="Ngày xem số liệu đã dùng.")
    exists_on_date: bool = Field(
        ...,
        description="false khi tổ chức chưa thành lập hoặc đã chấm dứt vào ngày được hỏi; khi đó các trường "
        "trên là của dòng gần ngày đó nhất.",
    )
    child_count: int = Field(..., description="Số tổ chức trực thuộc trực tiếp vào ngày được hỏi.")
    history: list[HistoryItemOut]


class SubtreeItemOut(Schema):
    id: int
    code: str
    name: str
    kind: KindOut
    parent_id: int | None
    depth: int = Field(..., description="Độ sâu tuyệt đối trong cây (gốc là 0).")


class SubtreeOut(Schema):
    date: dt.date
    count: int = Field(..., description="Tổng số tổ chức của cây con (mọi trang).")
    limit: int
    offset: int
    items: list[SubtreeItemOut] = Field(
        ...,
        description="Theo thứ tự đường dẫn: tổ chức cấp trên luôn đứng trước các tổ chức trực thuộc nó.",
    )


class SearchOut(Schema):
    date: dt.date
    items: list[SubtreeItemOut]
