"""``manage.py import_workbook FILE.xlsx [--dry-run] [--as USERNAME]``: the import of docs/workbook.md.

Prints every error as (trang, dòng, cột, giá trị, lý do) and exits with status 1 when there is one;
nothing is written then. ``--as`` imports as that user (their scope, their name in the audit log);
without it the import is the system's, with no scope limit (the server's operator)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pbms.accounts.models import User
from pbms.people.workbook.access import actor_may_import
from pbms.people.workbook.apply import ImportReport, import_workbook


class Command(BaseCommand):
    help = "Nhập tệp Excel cán bộ, đảng viên theo mẫu (tất cả hoặc không gì cả)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không ghi gì.")
        parser.add_argument("--as", dest="username", help="Nhập với tư cách người dùng này (phạm vi, nhật ký).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        actor = None
        if options["username"]:
            actor = User.objects.filter(username=options["username"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['username']}”.")
            if not actor_may_import(actor=actor):
                raise CommandError(f"Người dùng “{actor.username}” không có quyền nhập dữ liệu bằng tệp.")
        report = import_workbook(path=path, file_name=path.name, actor=actor, dry_run=options["dry_run"])
        self.print_report(report)
        if report.errors:
            raise CommandError(f"{len(report.errors)} lỗi: không ghi gì vào cơ sở dữ liệu.", returncode=1)

    def print_report(self, report: ImportReport) -> None:
        for issue in report.errors:
            self.stderr.write(f"LỖI  {issue}")
        for issue in report.warnings:
            self.stdout.write(f"CHÚ Ý {issue}")
        self.stdout.write(f"Đã đọc {report.rows_read} dòng dữ liệu.")
        for name, created, updated, unchanged in report.summary():
            self.stdout.write(f"  {name}: thêm {created}, sửa {updated}, không đổi {unchanged}")
        if report.errors:
            return
        if report.dry_run:
            self.stdout.write(f"Chạy thử: {report.changes} thay đổi sẽ được ghi; chưa ghi gì.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã ghi {report.changes} thay đổi (nhật ký #{report.audit_id})."))
