"""``manage.py target_values --resolution 05-NQ/TU --date 2025-12-31 [--org CODE] [--json]``: every active
target's value of a resolution on a date, for an organisation (the whole province without ``--org``), as an
administrator sees it; with ``--json`` one JSON document on standard output (the breakdown by child
organisations included when ``--org`` is given)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pbms.accounts.models import User
from pbms.lib.dates import parse_date
from pbms.lib.exceptions import NotFoundError
from pbms.orgs.models import Placement
from pbms.resolutions.engine import TargetValue
from pbms.resolutions.models import Resolution
from pbms.resolutions.reports import STATUS_LABELS, dashboard, fraction, percent_text


def _system_admin() -> User:
    """An administrator that is never saved: the command is run by whoever runs the server."""
    return User(username="lenh-quan-tri", full_name="Lệnh quản trị", is_superuser=True, is_active=True)


def _value(value: TargetValue) -> dict[str, Any]:
    return {
        "org_id": value.org_id,
        "org_name": value.org_name,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "percent": None if value.percent is None else str(value.percent),
        "status": value.status,
        "gap": value.gap,
        "gap_text": value.gap_text,
    }


class Command(BaseCommand):
    help = "In kết quả các chỉ tiêu của một nghị quyết tại một ngày (quyền quản trị)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resolution", required=True, help="Số, ký hiệu nghị quyết, ví dụ 05-NQ/TU.")
        parser.add_argument("--date", required=True, help="Ngày, dạng YYYY-MM-DD hoặc dd/mm/yyyy.")
        parser.add_argument("--org", default="", help="Mã tổ chức; bỏ trống: toàn tỉnh.")
        parser.add_argument("--json", action="store_true", help="In một tài liệu JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        number = str(options["resolution"]).strip()
        resolution = Resolution.objects.filter(number=number).first()
        if resolution is None:
            raise CommandError(f"Không có nghị quyết số “{number}”.")
        day = parse_date(str(options["date"]))
        if day is None:
            raise CommandError(f"Ngày “{options['date']}” không hợp lệ: ghi theo dạng YYYY-MM-DD (ví dụ 2025-12-31).")
        code = str(options["org"]).strip().upper()
        org_id = None
        if code:
            found = Placement.objects.as_of(day).filter(org__code=code).values_list("org_id", flat=True).first()
            if found is None:
                raise CommandError(f"Không có tổ chức mã “{code}” vào ngày {day:%d/%m/%Y}.")
            org_id = found
        try:
            board = dashboard(
                actor=_system_admin(),
                resolution=resolution,
                day=day,
                org_id=org_id,
                with_trend=False,
                with_breakdown=org_id is not None,
            )
        except (NotFoundError, ValueError, OverflowError) as exc:
            raise CommandError(f"Không tính được các chỉ tiêu vào ngày {day:%d/%m/%Y}.") from exc
        if options["json"]:
            document = {
                "resolution": resolution.number,
                "date": day.isoformat(),
                "org": code or None,
                "org_name": board.org_name,
                "targets": [
                    {
                        "number": row.target.number,
                        "wording": row.target.wording,
                        "unit": row.value.unit,
                        "comparator": row.target.comparator,
                        "threshold": str(row.target.threshold),
                        "note": row.note,
                        **_value(row.value),
                        "breakdown": [_value(child) for child in row.breakdown.rows] if row.breakdown else [],
                    }
                    for row in board.rows
                ],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Nghị quyết số {resolution.number} – {board.org_name} – ngày {day:%d/%m/%Y}")
        for row in board.rows:
            status = STATUS_LABELS.get(row.value.status, row.value.status)
            line = (
                f"  {row.target.number:>3}. {fraction(row.value):>12} {percent_text(row.value):>10} "
                f"(yêu cầu {row.threshold_text}) {status}"
            )
            if row.value.gap_text:
                line += f", {row.value.gap_text}"
            self.stdout.write(line)
            if row.note:
                self.stdout.write(f"       {row.note}")
