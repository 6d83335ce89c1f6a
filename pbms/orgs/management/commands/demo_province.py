"""``manage.py demo_province``: load the synthetic demo province, its people and its demo accounts.

The work is in ``pbms.orgs.demo`` (the tree, the accounts) and ``pbms.people.demo`` (the people, written
after each chunk of the tree); this command parses options and prints the result in Vietnamese.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from pbms.accounts.models import User
from pbms.evaluations.demo import demo_ratings_create
from pbms.evaluations.management.commands.demo_ratings import ratings_summary
from pbms.lib.dates import format_date
from pbms.lib.text import vi_number
from pbms.orgs.demo import (
    ADMIN_USERNAME,
    DEMO_PASSWORD,
    SIZES,
    DemoError,
    DemoResult,
    demo_is_loaded,
    demo_otp_hint,
    load_demo_province,
)
from pbms.people.demo import MEMBERS_BY_SIZE, DemoPeople


class Command(BaseCommand):
    help = (
        "Nạp tỉnh mẫu (dữ liệu giả lập, tất định theo --seed): Đảng bộ tỉnh từ 01/01/2020, các đảng bộ "
        "huyện và trực thuộc, tổ chức cơ sở đảng, chi bộ; vài thay đổi 2022–2024; cuộc sắp xếp có hiệu lực "
        "01/7/2025 (bỏ cấp huyện, hợp nhất xã); đảng viên ở mọi chi bộ, cán bộ lãnh đạo với chức vụ và diện "
        "quản lý, cấp ủy các nhiệm kỳ 2020–2025 và 2025–2030, bồi dưỡng 2021–2025. Tạo kèm các tài khoản mẫu "
        "(mật khẩu chung in ra cuối; "
        "quantri và chuyenvien có sẵn khóa mật khẩu một lần (OTP) suy ra từ --seed: xem lệnh otp_code). "
        "Chỉ nạp vào cơ sở dữ liệu chưa có tổ chức nào: nếu đã có cây tổ chức thì từ chối, không ghi gì "
        "(hoặc bỏ qua khi có --skip-if-loaded). Không có lệnh xóa: muốn nạp lại, dùng cơ sở dữ liệu mới."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, required=True, help="hạt giống ngẫu nhiên; cùng seed cho cùng dữ liệu")
        parser.add_argument(
            "--size",
            choices=tuple(SIZES),
            default="small",
            help="small: 12 đơn vị cấp huyện, ~150 tổ chức cơ sở, ~500 chi bộ (mặc định); province: ~1.000 tổ "
            "chức cơ sở, ~5.000 chi bộ; national: ~60.000 tổ chức cơ sở, ~300.000 chi bộ, gộp trong một "
            "tỉnh rất lớn (~690 đơn vị cấp huyện) để đo hiệu năng",
        )
        parser.add_argument(
            "--members",
            type=int,
            default=None,
            help="số đảng viên của tỉnh mẫu, kể cả cán bộ lãnh đạo (mặc định theo cỡ: "
            + ", ".join(f"{size} {vi_number(n)}" for size, n in MEMBERS_BY_SIZE.items())
            + "); 0: chỉ nạp cây tổ chức và tài khoản",
        )
        parser.add_argument(
            "--via-services",
            action="store_true",
            help="chỉ cho cỡ small: ghi qua từng nghiệp vụ (chậm hơn) thay vì theo lô; kết quả như nhau",
        )
        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help="nếu cơ sở dữ liệu đã có cây tổ chức thì báo và thoát bình thường (dùng trong make run)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["skip_if_loaded"] and demo_is_loaded():
            self.stdout.write("Cơ sở dữ liệu đã có cây tổ chức; bỏ qua việc nạp tỉnh mẫu.")
            return
        size: str = options["size"]
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if size == "small":
                return
            if done == 1:  # only now: a refused load must not announce itself first
                self.stdout.write(f"Đang nạp tỉnh mẫu (cỡ {size}, seed {options['seed']})…")
            if done % 25 == 0 or done == total:
                elapsed = vi_number(time.perf_counter() - started, 1)
                self.stdout.write(f"  đã ghi {vi_number(done)}/{vi_number(total)} phần ({elapsed} giây)")
                self.stdout.flush()

        try:
            people = DemoPeople(seed=options["seed"], size=size, members=options["members"])
            result = load_demo_province(
                seed=options["seed"],
                size=size,
                members=people.members,
                via_services=options["via_services"],
                progress=progress,
                listener=people,
            )
        except DemoError as exc:
            raise CommandError(exc.message) from exc
        self._report(result, people)
        if people.totals["persons"]:  # ratings need the people: none with --members 0
            admin = User.objects.get(username=ADMIN_USERNAME)
            self.stdout.write(ratings_summary(demo_ratings_create(actor=admin, seed=options["seed"])))
        # Fresh statistics: without them PostgreSQL plans the targets' statements on empty-table guesses
        # (a target measured 24 s instead of 0.15 s on the province until the next autovacuum).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _report(self, result: DemoResult, people: DemoPeople) -> None:
        way = "qua từng nghiệp vụ" if result.engine == "services" else "theo lô"
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp “{result.root_name}” (cỡ {result.size}, seed {result.seed}, ghi {way}) "
                f"trong {vi_number(result.seconds, 1)} giây."
            )
        )
        self.stdout.write(
            f"  {vi_number(result.organizations)} tổ chức, {vi_number(result.placements)} dòng vị trí theo thời gian, "
            f"{vi_number(result.events)} sự kiện (quyết định)."
        )
        for day, counts in result.counts.items():
            total = sum(n for _, n in counts)
            parts = "; ".join(f"{name}: {vi_number(n)}" for name, n in counts)
            self.stdout.write(f"  Ngày {format_date(day)} ({vi_number(total)} tổ chức): {parts}.")
        self._report_people(people)
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for account in result.accounts:
            self.stdout.write(f"  {account.username} / {DEMO_PASSWORD}  — {account.description}")
            if account.otp_secret:
                self.stdout.write(f"    {demo_otp_hint(username=account.username, secret=account.otp_secret)}")

    def _report_people(self, people: DemoPeople) -> None:
        n = people.totals
        if not n["persons"]:
            self.stdout.write("  Đảng viên: không tạo (--members 0).")
            return
        self.stdout.write(
            f"  Đảng viên: {vi_number(n['persons'])} ({vi_number(n['official'])} chính thức, "
            f"{vi_number(n['probationary'])} dự bị, {vi_number(n['died'])} từ trần, "
            f"{vi_number(n['struck_off'])} xóa tên); "
            f"{vi_number(n['events'])} sự kiện đảng tịch, {vi_number(n['cell_rows'])} dòng sinh hoạt chi bộ, "
            f"{vi_number(n['qualifications'])} trình độ."
            + (
                f" (--members {vi_number(people.members)} ít hơn số cán bộ lãnh đạo của tỉnh mẫu: vẫn tạo đủ cán bộ.)"
                if n["persons"] > people.members
                else ""
            )
        )
        self.stdout.write(
            f"  Cán bộ: {vi_number(n['positions'])} chức vụ, {vi_number(n['terms'])} nhiệm kỳ, "
            f"{vi_number(n['bodies'])} cấp ủy, ban thường vụ, ủy ban kiểm tra, đảng đoàn, ban cán sự đảng với "
            f"{vi_number(n['seats'])} thành viên; {vi_number(n['trainings'])} lượt bồi dưỡng "
            f"(phần cán bộ, đảng viên ghi trong {vi_number(people.seconds, 1)} giây)."
        )
