"""``manage.py evaluation_plan --year 2025 [--org CODE] [--on DD/MM/YYYY] --json``: the plan of the year's
round (open or not yet opened), one row per subject with who decides it and its quota pool
(``pbms.evaluations.plan``)."""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pbms.evaluations.plan import evaluation_plan
from pbms.lib.exceptions import ApplicationError


def _day(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar day, no time
    except ValueError:
        raise CommandError(f"Ngày «{text}» không đúng dạng ngày/tháng/năm (ví dụ 31/12/2025).") from None


class Command(BaseCommand):
    help = (
        "In kế hoạch đánh giá, xếp loại của đợt năm: mỗi tập thể, cá nhân được xếp loại, cấp quyết định (tổ chức "
        "và cơ quan: cấp ủy, ban thường vụ hoặc chi bộ) theo quy định của bộ quy tắc, và nhóm tính tỷ lệ."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="năm của đợt đánh giá")
        parser.add_argument("--org", default="", help="mã tổ chức: chỉ đối tượng thuộc hoặc do tổ chức này quyết định")
        parser.add_argument("--on", type=_day, default=None, help="danh sách tính đến ngày (mặc định: của đợt)")
        parser.add_argument("--json", action="store_true", help="in dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = evaluation_plan(year=options["year"], org_code=options["org"], on=options["on"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for row in rows:
            subject = row["person_cccd"] or f"{row['org_code']} ({row['body_kind']})"
            decider = row["decider"]
            self.stdout.write(
                f"{subject}\t{row['unit_code']}\t{decider['org_code'] or '—'} ({decider['body_kind'] or '—'})"
                f"\t{row['quota_group']}"
            )
