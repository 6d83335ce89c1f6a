"""``manage.py export_workbook --template OUT.xlsx``: the empty template with today's code lists.
``manage.py export_workbook OUT.xlsx [--org CODE] [--as USERNAME] [--mau-7]``: the people active in the
subtree of an organisation today (all people without ``--org``), in the template or as Mẫu 7-HSĐV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pbms.accounts.models import User
from pbms.orgs.models import Organization
from pbms.people.workbook.export import export_member_list, export_people, people_in_subtree
from pbms.people.workbook.spec import load_code_lists
from pbms.people.workbook.template import template_bytes


class Command(BaseCommand):
    help = "Xuất tệp mẫu nhập liệu, hoặc danh sách cán bộ, đảng viên theo mẫu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", type=Path)
        parser.add_argument("--template", action="store_true", help="Chỉ xuất tệp mẫu trống.")
        parser.add_argument("--org", help="Mã tổ chức: chỉ người sinh hoạt, công tác trong cây của tổ chức này.")
        parser.add_argument("--as", dest="username", help="Người xuất (ghi trên tệp).")
        parser.add_argument("--mau-7", action="store_true", help="Sổ danh sách đảng viên (Mẫu 7-HSĐV).")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if options["template"]:
            output.write_bytes(template_bytes(lists=load_code_lists()))
            self.stdout.write(f"Đã ghi tệp mẫu {output}.")
            return
        actor = User.objects.filter(username=options["username"]).first() if options["username"] else None
        if options["username"] and actor is None:
            raise CommandError(f"Không có người dùng “{options['username']}”.")
        people = people_in_subtree(org=None, day=timezone.localdate())
        org = None
        if options["org"]:
            org = Organization.objects.filter(code=options["org"].upper()).first()
            if org is None:
                raise CommandError(f"Không có tổ chức mã “{options['org']}”.")
            people = people_in_subtree(org=org, day=timezone.localdate())
        if options["mau_7"]:
            if actor is None:
                raise CommandError("Mẫu 7-HSĐV ghi tên người xuất: cho biết người dùng bằng --as.")
            content = export_member_list(
                people=people, actor=actor, title="SỔ DANH SÁCH ĐẢNG VIÊN", org_id=org.pk if org else None
            )
        else:
            content = export_people(people=people, actor=actor)
        output.write_bytes(content)
        self.stdout.write(f"Đã ghi {output}.")
