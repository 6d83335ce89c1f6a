"""Who issues the announcement of ratings: the body that decided them, named as HD 36-HD/VPTW (03/4/2018)
asks. Mục II, điểm 1.2 (tên cơ quan ban hành): the name of the issuing committee or organisation, under the
name of the organisation directly above it ("ĐẢNG BỘ HUYỆN ĐÔNG SƠN" over "ĐẢNG ỦY XÃ AN PHÚ"); a standing
committee issues in its committee's name. Điểm 1.3 (số và ký hiệu): "Số <n>-<loại>/<cơ quan ban hành>", the
body's own abbreviation ("-TB/ĐU", "-TB/HU", "-TB/CB"). The signature reads "T/M" and the collective that
decided (T/M ĐẢNG ỦY, T/M BAN THƯỜNG VỤ, T/M CHI BỘ), then the signer's post (BÍ THƯ)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pbms.evaluations.models import DeciderBody
from pbms.orgs.models import Placement
from pbms.reports.party_docx import PartyHeading

CELL_KINDS = ("cell", "grassroots_cell")
# (committee's name without the place, abbreviation): a tỉnh ủy, a huyện ủy; any other đảng bộ has an đảng ủy
COMMITTEES = {"provincial": ("TỈNH ỦY", "TU", "tỉnh "), "district": ("HUYỆN ỦY", "HU", "huyện ")}
PARTY_PREFIX, CELL_PREFIX = "đảng bộ ", "chi bộ "


@dataclass(frozen=True)
class Issuer:
    superior: str  # "ĐẢNG BỘ HUYỆN ĐÔNG SƠN"; empty at the top of the tree
    name: str  # "ĐẢNG ỦY XÃ AN PHÚ", "CHI BỘ THÔN MỘT"
    symbol: str  # "ĐU", "HU", "TU", "CB"
    on_behalf: str  # "T/M ĐẢNG ỦY", "T/M BAN THƯỜNG VỤ", "T/M CHI BỘ"
    title: str  # "Đảng ủy xã An Phú", for the text

    def heading(self, kind_code: str = "TB") -> PartyHeading:
        return PartyHeading(
            superior=self.superior,
            body=self.name,
            number=f"Số      -{kind_code}/{self.symbol}",
            on_behalf=self.on_behalf,
            signer_title="BÍ THƯ",
            recipients=("Cấp ủy cấp trên (để báo cáo),", "Các tập thể, cá nhân có tên,", "Lưu Văn phòng."),
        )


def _rest(name: str, prefix: str) -> str:
    return name[len(prefix) :] if name.lower().startswith(prefix) else name


def issuer_for(name: str, kind_code: str, body: str, parent_name: str) -> Issuer:
    """The issuer of an organisation ``name`` of kind ``kind_code`` deciding through ``body``."""
    superior = parent_name.upper()
    if body == DeciderBody.CELL or kind_code in CELL_KINDS:
        return Issuer(superior, name.upper(), "CB", "T/M CHI BỘ", name)
    place = _rest(name, PARTY_PREFIX)
    committee, symbol, strip = COMMITTEES.get(kind_code, ("ĐẢNG ỦY", "ĐU", ""))
    if strip:
        place = _rest(place, strip)
    full = f"{committee} {place.upper()}"
    on_behalf = "T/M BAN THƯỜNG VỤ" if body == DeciderBody.STANDING else f"T/M {committee}"
    title = f"{committee.capitalize()} {place}"
    if body == DeciderBody.STANDING:
        title = f"Ban Thường vụ {title}"
    return Issuer(superior, full, symbol, on_behalf, title)


def decider_issuer(*, org_id: int, body: str, day: dt.date) -> Issuer:
    """The issuer for the body ``body`` of organisation ``org_id`` on ``day`` (two queries)."""
    rows = Placement.objects.as_of(day)
    row = rows.filter(org_id=org_id).values("name", "kind__code", "parent_id").first()
    if row is None:
        return issuer_for("", "", body, "")
    parent = rows.filter(org_id=row["parent_id"]).values_list("name", flat=True).first() if row["parent_id"] else ""
    return issuer_for(row["name"], row["kind__code"], body, parent or "")
