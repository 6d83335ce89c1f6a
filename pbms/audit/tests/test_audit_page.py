"""The audit page: who may read it, its filters, its export (itself audited, with the classification mark)."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.audit.models import AuditEvent
from pbms.audit.services import audit_record
from pbms.conftest import Personas, Tree, kind, logged_in, make_user


def auditor(tree: Tree) -> User:
    user = make_user("kiemsoat", "Vũ Thị Hạnh")
    Assignment.objects.create(user=user, org=tree.P, role=Role.AUDITOR, scope=Scope.VIEW)
    return user


def test_it_shows_the_log_to_the_auditor_and_the_administrator_only(people: Personas, tree: Tree) -> None:
    reader = auditor(tree)
    assert logged_in(reader).get("/nhat-ky/").status_code == 200
    assert logged_in(people.admin).get("/nhat-ky/").status_code == 200
    for user in (people.specialist, people.staff_a, people.outsider, people.secretary, people.nobody):
        client = logged_in(user)
        assert client.get("/nhat-ky/").status_code == 404, user.username
        assert client.get("/nhat-ky/xuat-excel/").status_code == 404, user.username
    assert Client().get("/nhat-ky/").status_code == 302


def test_it_gives_the_auditor_no_access_to_the_register(tree: Tree) -> None:
    client = logged_in(auditor(tree))
    assert client.get(f"/to-chuc/{tree.P.pk}/").status_code == 404


def test_it_filters_by_action_actor_object_and_dates(people: Personas, tree: Tree) -> None:
    client = logged_in(auditor(tree))
    page = client.get("/nhat-ky/?action=org.merge").content.decode()
    assert "Đảng bộ xã An Bình" in page and "org.dissolve" not in page.split("<tbody>")[1]
    # The action by its Vietnamese name (its code beneath, for whoever searches by code), in the filter too.
    assert "Hợp nhất, sáp nhập tổ chức đảng" in page.split("<tbody>")[1]
    assert '<option value="org.merge" selected>Hợp nhất, sáp nhập tổ chức đảng</option>' in page
    assert "Không có bản ghi" in client.get("/nhat-ky/?actor=khong-ai").content.decode()
    assert "Chi bộ thôn Ba" in client.get("/nhat-ky/?obj=thôn Ba").content.decode()
    today = timezone.localdate()
    future = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert "Không có bản ghi" in client.get(f"/nhat-ky/?date_from={future}").content.decode()
    bad = client.get("/nhat-ky/?date_from=31/02/2024").content.decode()
    assert "không phải là ngày hợp lệ" in bad


def test_it_exports_to_excel_with_the_mark_the_user_and_the_time(people: Personas, tree: Tree) -> None:
    reader = auditor(tree)
    response = logged_in(reader).get("/nhat-ky/xuat-excel/?action=org.create")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "MẬT"
    assert "kiemsoat" in values[2][0]
    assert values[4][:3] == ["Thời điểm", "Người thực hiện", "Hành động"]
    assert {row[2] for row in values[5:]} == {"Thành lập tổ chức đảng (org.create)"}
    assert len(values[5:]) == AuditEvent.objects.filter(action="org.create").count()
    assert AuditEvent.objects.filter(action="audit.export", actor_id=reader.pk).exists()


def test_it_pages_the_log_in_constant_queries(tree: Tree, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    reader = auditor(tree)
    client = logged_in(reader)
    client.get("/nhat-ky/")
    # session, user, OTP device, must this account use OTP (asked on each request, never cached),
    # permission (x2), actions, page, header grants, session save (x2); and the names in the changes of the
    # tree's events, once per kind: organisation kinds, organisations by code (pbms.audit.changes)
    with django_assert_num_queries(13):
        assert client.get("/nhat-ky/").status_code == 200
    AuditEvent.objects.bulk_create(
        [AuditEvent(at=timezone.now(), actor_name="x", action=f"test.{i % 7}") for i in range(300)]
    )
    with django_assert_num_queries(11):  # a page of events without changes: no name to look up
        page = client.get("/nhat-ky/")
    assert page.content.decode().count("<tr>") == 101  # header + a full page of 100
    assert "Trang sau" in page.content.decode()


def test_it_exports_codes_by_their_vietnamese_names(tree: Tree) -> None:
    """The part of a target's list, the kinds of organisations a cycle rates and a rating level were recorded
    as codes ("numerator", "provincial", "excellent"): the export names them as the page does."""
    reader = auditor(tree)
    audit_record(actor=reader, action="resolution.members.export", changes={"part": "denominator", "count": 3})
    audit_record(actor=reader, action="evaluation.cycle.open", changes={"org_kinds": ["cell", "provincial"]})
    decided = {"decided_level": ["good", "excellent"], "rating_kind": "cadre"}
    audit_record(actor=reader, action="evaluation.decide", changes=decided)
    reopened = {"before": {"state": "decided", "decided_level": "good"}, "reason": "Sai sót"}
    audit_record(actor=reader, action="evaluations.result_reopen", changes=reopened)
    audit_record(actor=reader, action="resolution.task.update", changes={"status": ["not_started", "done"]})
    response = logged_in(reader).get("/nhat-ky/xuat-excel/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    changes = "\n".join(str(row[5]) for row in sheet.iter_rows(min_row=6, values_only=True))
    assert "Phần: mẫu số" in changes
    assert f"Loại tổ chức: {kind('cell').name}, {kind('provincial').name}" in changes
    assert "Mức xếp loại quyết định: Hoàn thành tốt nhiệm vụ → Hoàn thành xuất sắc nhiệm vụ" in changes
    assert "Loại xếp loại: Xếp loại cán bộ lãnh đạo, quản lý" in changes
    assert "Trước: Tình trạng: Đã quyết định; Mức xếp loại quyết định: Hoàn thành tốt nhiệm vụ" in changes
    assert "Tình trạng: Chưa thực hiện → Hoàn thành" in changes
    codes = r"\b(numerator|denominator|provincial|cell|good|excellent|cadre|decided|not_started|done)\b"
    assert not re.search(codes, changes)
