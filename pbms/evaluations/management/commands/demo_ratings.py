"""``manage.py demo_ratings --seed N``: add the demo's ratings (2021–2025 closed, 2026 open) to a database
where the demo province is already loaded; refused when ratings of those years are there."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pbms.accounts.models import User
from pbms.evaluations.demo import RatingTotals, demo_ratings_create
from pbms.evaluations.models import ResultState
from pbms.lib.exceptions import ApplicationError
from pbms.lib.text import vi_number
from pbms.orgs.demo import ADMIN_USERNAME


def ratings_summary(totals: RatingTotals) -> str:
    """One line in Vietnamese: the results written per year and the states of the open cycle."""
    years = "; ".join(f"{year}: {vi_number(n)}" for year, n in totals.by_year.items())
    states = ", ".join(f"{ResultState(state).label.lower()} {vi_number(n)}" for state, n in totals.open_states.items())
    return (
        f"Kết quả xếp loại mẫu ({vi_number(totals.seconds, 1)} giây): {years} (đã quyết định; "
        f"{totals.disciplines} đảng viên bị kỷ luật); "
        f"đợt năm 2026 đang mở: {vi_number(totals.open_results)} kết quả ({states})."
    )


class Command(BaseCommand):
    help = (
        "Thêm kết quả xếp loại mẫu vào cơ sở dữ liệu đã nạp tỉnh mẫu: các đợt năm 2021–2025 đã kết thúc (tổ chức "
        "đảng, cấp ủy, ban thường vụ, đảng đoàn và ban cán sự đảng đến năm 2024, cán bộ lãnh đạo, cấp ủy viên; khác "
        "nhau giữa các huyện) và đợt năm 2026 đang mở ở nhiều trạng thái; kết quả có điểm (từ năm 2025) có điểm "
        "theo từng tiêu chí. Từ chối nếu đã có kết quả xếp loại của các năm đó."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, required=True, help="hạt giống ngẫu nhiên; cùng seed cho cùng dữ liệu")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=ADMIN_USERNAME).first()
        if actor is None:
            raise CommandError(f"Không có tài khoản {ADMIN_USERNAME}: hãy nạp tỉnh mẫu (demo_province) trước.")
        try:
            totals = demo_ratings_create(actor=actor, seed=options["seed"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(ratings_summary(totals)))
