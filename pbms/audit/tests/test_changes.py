"""The log's "Thay đổi" column in Vietnamese: field labels, names instead of ids, dd/mm/yyyy, Có/Không, before →
after, on the page and in its Excel file; names looked up once per kind for the whole page."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from pbms.accounts.models import User
from pbms.audit.labels import FIELD_LABELS
from pbms.audit.models import AuditEvent
from pbms.audit.services import audit_record
from pbms.audit.tests.test_audit_page import auditor
from pbms.conftest import Tree, logged_in
from pbms.people import services
from pbms.people.tests.conftest import make_person

PBMS = Path(__file__).resolve().parents[2]
RESTRUCTURED = dt.date(2025, 7, 1)


def _appoint(admin: User, tree: Tree, name: str) -> None:
    person = make_person(admin, name)
    services.position_start(
        actor=admin, person=person, org=tree.X, title="Bí thư", valid_from=RESTRUCTURED, is_head=True
    )
    # An export of the board of the new commune: the unit is recorded by its id.
    audit_record(actor=admin, action="evaluations.board_export", changes={"unit": tree.X.pk, "count": 3931})


def _changes_cell(page: str, action_label: str) -> str:
    row = next(r for r in page.split("<tbody>")[1].split("<tr>") if action_label in r)
    return re.sub(r"\s+", " ", row.split('class="changes">')[1].split("</td>")[0])


def test_it_shows_the_changes_in_vietnamese_with_names_instead_of_ids(admin: User, tree: Tree) -> None:
    _appoint(admin, tree, "Lê Thị Hồng")
    page = logged_in(auditor(tree)).get("/nhat-ky/").content.decode()
    appointed = _changes_cell(page, "Bổ nhiệm chức vụ")
    assert "<strong>Cán bộ, đảng viên</strong>: Lê Thị Hồng" in appointed
    assert "<strong>Từ ngày</strong>: — → 01/07/2025" in appointed
    assert "<strong>Người đứng đầu</strong>: — → Có" in appointed
    assert "<strong>Tổ chức</strong>: — → Đảng bộ xã An Bình" in appointed
    for raw in ("valid_from", "is_head", "True", "None", "2025-07-01", "person"):
        assert raw not in appointed, raw
    exported = _changes_cell(page, "Xuất bảng xếp loại")
    assert "<strong>Đơn vị</strong>: Đảng bộ xã An Bình" in exported
    assert "<strong>Số dòng</strong>: 3.931" in exported


def test_it_exports_the_changes_as_the_page_shows_them(admin: User, tree: Tree) -> None:
    _appoint(admin, tree, "Lê Thị Hồng")
    response = logged_in(auditor(tree)).get("/nhat-ky/xuat-excel/?action=position.start")
    sheet = load_workbook(io.BytesIO(response.content)).active
    changes = [row[5] for row in sheet.iter_rows(min_row=6, values_only=True)]
    assert len(changes) == 1
    assert "Cán bộ, đảng viên: Lê Thị Hồng" in changes[0]
    assert "Từ ngày: — → 01/07/2025" in changes[0]
    assert "Người đứng đầu: — → Có" in changes[0]


def test_it_looks_up_the_names_in_constant_queries(
    admin: User, tree: Tree, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _appoint(admin, tree, "Lê Thị Hồng")
    client = logged_in(auditor(tree))
    client.get("/nhat-ky/")
    # the 13 of test_it_pages_the_log_in_constant_queries (the tree's events), plus one query per kind named:
    # people, organisations by id
    with django_assert_num_queries(15):
        client.get("/nhat-ky/")
    for i in range(30):
        _appoint(admin, tree, f"Nguyễn Văn {chr(0x41 + i // 26)}{chr(0x61 + i % 26)}")
    with django_assert_num_queries(15):
        page = client.get("/nhat-ky/").content.decode()
    assert "Nguyễn Văn Aa" in page and "Nguyễn Văn Bd" in page


def test_it_names_every_change_the_services_record() -> None:
    """Drift: every key of a ``changes={...}`` literal in the sources has a Vietnamese label."""
    keys: set[str] = set()
    for path in PBMS.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for start in (m.end() for m in re.finditer(r"changes=\{", text)):
            depth, end = 1, start
            while depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            keys |= set(re.findall(r'^\s*"([a-z_]+)":', text[start:end], re.MULTILINE))
            keys |= set(re.findall(r'[{,] *"([a-z_]+)":', text[start - 1 : end]))
    assert len(keys) > 40  # the scan found the literals
    assert sorted(keys - FIELD_LABELS.keys()) == []


def test_it_names_codes_kinds_and_parents(tree: Tree) -> None:
    page = logged_in(auditor(tree)).get("/nhat-ky/?action=org.create").content.decode()
    created = _changes_cell(page, "Chi bộ thôn Ba")  # B1C1: recorded with the codes "cell" and "B1"
    assert "<strong>Loại</strong>: — → Chi bộ trực thuộc" in created
    assert "<strong>Tổ chức cấp trên</strong>: — → Đảng bộ xã Cẩm Lý" in created
    assert "cell" not in created and "→ B1<" not in created


def test_it_shows_an_unknown_key_and_odd_values_rather_than_hiding_them(tree: Tree) -> None:
    AuditEvent.objects.create(
        at=timezone.now(), action="x.y", changes={"new_key": [False, 1234567], "when": "2026-01-02T03:04:05+07:00"}
    )
    page = logged_in(auditor(tree)).get("/nhat-ky/?action=x.y").content.decode()
    cell = _changes_cell(page, "x.y")
    assert "<strong>new_key</strong>: Không → 1.234.567" in cell
    assert "<strong>when</strong>: 02/01/2026 03:04:05" in cell
