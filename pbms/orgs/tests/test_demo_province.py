"""The demo province: it loads, it is deterministic, it crosses 01/7/2025 as the real ones did,
and its bulk writer writes exactly what the services write."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.orgs.demo import (
    AFTER,
    BEFORE,
    DEMO_PASSWORD,
    RESTRUCTURING,
    START,
    BulkWriter,
    Chunk,
    Create,
    DemoError,
    DemoPlan,
    Dissolve,
    Merge,
    Move,
    Op,
    Rename,
    ServiceWriter,
    Split,
    demo_otp_hint,
    demo_otp_key,
    load_demo_province,
)
from pbms.orgs.models import Organization, OrgEvent, OrgEventRole, Placement

PROVINCE = "Tỉnh Bình An"


def plan_ops(seed: int) -> list[Op]:
    return [op for chunk in DemoPlan(seed=seed, size="small", province_name=PROVINCE).chunks() for op in chunk.ops]


def kinds_as_of(day: dt.date) -> Counter[str]:
    return Counter(Placement.objects.as_of(day).values_list("kind__code", flat=True))


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tree in terms of codes, so two loads compare whatever ids they got."""
    code = dict(Organization.objects.values_list("id", "code"))
    events = {
        e.pk: (
            e.kind,
            e.effective_date,
            e.decision_ref,
            e.note,
            json.dumps(e.details, sort_keys=True, ensure_ascii=False),
            tuple(sorted((code[r.org_id], r.role) for r in e.roles.all())),
        )
        for e in OrgEvent.objects.prefetch_related("roles")
    }
    placements = [
        (
            code[p.org_id],
            code.get(p.parent_id) if p.parent_id else None,
            p.name,
            p.name_folded,
            p.kind.code,
            "/".join(code[int(i)] for i in p.path.strip("/").split("/")),
            p.depth,
            p.valid_from,
            p.valid_to,
            events[p.event_id],
        )
        for p in Placement.objects.select_related("kind")
    ]
    return {
        "organizations": sorted(Organization.objects.values_list("code", "created_on", "ended_on")),
        "placements": sorted(placements, key=repr),
        "events": sorted(events.values(), key=repr),
    }


def wipe_tree() -> None:
    Placement.objects.all().delete()
    OrgEventRole.objects.all().delete()
    OrgEvent.objects.all().delete()
    Organization.objects.all().delete()


def test_it_plans_the_same_province_for_the_same_seed_and_another_for_another_seed() -> None:
    first, again, other = plan_ops(7), plan_ops(7), plan_ops(8)
    assert first == again
    names = {op.name for op in first if isinstance(op, Create)}
    assert names != {op.name for op in other if isinstance(op, Create)}
    assert "Đảng bộ tỉnh Bình An" in names
    assert any(name.startswith("Đảng bộ xã ") for name in names)  # Vietnamese, with diacritics


@pytest.mark.django_db
def test_it_loads_the_small_province_with_the_codes_and_names_of_its_plan() -> None:
    result = load_demo_province(seed=3)

    ops = plan_ops(3)
    planned = {op.code for op in ops if isinstance(op, Create)}
    planned |= {op.new_code for op in ops if isinstance(op, Merge) and op.new_code}
    planned |= {part.code for op in ops if isinstance(op, Split) for part in op.parts}
    assert set(Organization.objects.values_list("code", flat=True)) == planned
    assert {op.name for op in ops if isinstance(op, Create)} <= set(Placement.objects.values_list("name", flat=True))
    before = kinds_as_of(BEFORE)
    assert before["district"] + before["town"] + before["city"] + before["direct_committee"] == 12
    assert 120 <= before["grassroots_committee"] + before["grassroots_cell"] <= 190
    assert 400 <= before["cell"] <= 650
    assert before["sub_committee"] > 0
    assert result.organizations == len(planned)
    assert Organization.objects.get(code="H02.X01.C01").code == "H02.X01.C01"  # stable, readable codes


@pytest.mark.django_db
def test_it_crosses_the_restructuring_of_july_2025() -> None:
    load_demo_province(seed=1)
    before, after = kinds_as_of(BEFORE), kinds_as_of(AFTER)

    assert before["district"] > 0 and after["district"] == after["town"] == after["city"] == 0
    assert kinds_as_of(RESTRUCTURING - dt.timedelta(days=1))["commune"] == 0
    assert before["commune"] == before["ward"] == 0
    assert after["commune"] + after["ward"] > 0
    # communes merged about three into one
    communes_before = Placement.objects.as_of(BEFORE).filter(kind__code="grassroots_committee", name__contains=" xã ")
    assert communes_before.count() >= 2 * (after["commune"] + after["ward"])
    # cells follow their communes: none is lost on 01/7/2025; only those dissolved in 2024 are gone
    dissolved_cells = OrgEvent.objects.filter(
        kind=OrgEvent.Kind.DISSOLVED, effective_date__year=2024, roles__org__placements__kind__code="cell"
    ).distinct()
    assert dissolved_cells.count() > 0
    assert after["cell"] == before["cell"] == kinds_as_of(START)["cell"] - dissolved_cells.count()
    assert before["direct_committee"] == after["direct_committee"] == 3  # K01–K03, then K03–K05
    assert after["provincial"] == 1
    # the years in between left their marks
    years = set(OrgEvent.objects.exclude(kind=OrgEvent.Kind.CREATED).values_list("effective_date__year", flat=True))
    assert {2022, 2023, 2024, 2025} <= years
    assert OrgEvent.objects.filter(decision_ref__regex=r"^\d+-QĐ/TU$").exists()


@pytest.mark.django_db
def test_it_keeps_every_path_consistent_on_every_date() -> None:
    load_demo_province(seed=2)
    for day in (START, dt.date(2023, 6, 30), BEFORE, RESTRUCTURING, AFTER):
        rows = {p.org_id: p for p in Placement.objects.as_of(day)}
        for row in rows.values():
            if row.parent_id is None:
                assert row.path == f"/{row.org_id}/" and row.depth == 0
                continue
            parent = rows[row.parent_id]  # the parent exists on that date
            assert row.path == f"{parent.path}{row.org_id}/"
            assert row.depth == parent.depth + 1


@pytest.mark.django_db
def test_it_renames_the_namesakes_a_merge_brings_under_one_parent() -> None:
    load_demo_province(seed=0)  # seed 0 has namesakes both after the 2023 village move and on 01/7/2025

    for day in (START, dt.date(2023, 12, 31), BEFORE, RESTRUCTURING, AFTER):
        names = Counter(Placement.objects.as_of(day).values_list("parent_id", "name"))
        assert [key for key, n in names.items() if n > 1] == [], day
    renames = OrgEvent.objects.filter(kind=OrgEvent.Kind.RENAMED, note__startswith="Đổi tên để phân biệt")
    assert {e.effective_date.year for e in renames} == {2023, 2025}
    renamed = Placement.objects.as_of(AFTER).filter(event__in=renames, kind__code="cell")
    assert renamed.filter(name__regex=r"^Chi bộ .+ \((xã|phường|thị trấn) .+ cũ\)$").count() == renamed.count() > 0
    assert all(e.decision_ref.endswith("-QĐ/ĐU") for e in renames)


@pytest.mark.django_db
def test_it_writes_in_bulk_exactly_the_rows_the_services_write(admin: User) -> None:
    plan = DemoPlan(seed=5, size="small", province_name=PROVINCE)
    # the plan renames cells on the day of a merge: rows that hold for no day, in both writers
    assert any(isinstance(op, Rename) and op.day == RESTRUCTURING and op.name.endswith(" cũ)") for op in plan_ops(5))
    bulk = BulkWriter(actor=admin)
    for chunk in plan.chunks():
        bulk.write(chunk)
    written_in_bulk = snapshot()
    wipe_tree()

    reference = ServiceWriter(actor=admin)
    for chunk in DemoPlan(seed=5, size="small", province_name=PROVINCE).chunks():
        reference.write(chunk)
    written_by_services = snapshot()

    assert written_in_bulk["organizations"] == written_by_services["organizations"]
    assert written_in_bulk["events"] == written_by_services["events"]
    assert written_in_bulk["placements"] == written_by_services["placements"]
    assert any(isinstance(op, Dissolve) for chunk in plan.chunks() for op in chunk.ops)


@pytest.mark.django_db
def test_it_drops_a_row_that_holds_for_no_day_as_the_services_do(admin: User) -> None:
    # On 01/7/2025 a cell follows its commune into X, X is renamed and the cell moves on to Y, all
    # the same day: the rows that began that day and ended it hold for no day and are not kept.
    day = RESTRUCTURING
    chunks = [
        Chunk(
            subject="P", ops=[Create("P", "Đảng bộ tỉnh Bình An", "provincial", None, START, "1-QĐ/TU")], keep=("P",)
        ),
        Chunk(
            subject="H",
            ops=[
                Create("H", "Đảng bộ huyện Đông Sơn", "district", "P", START, "2-QĐ/TU"),
                Create("H.X1", "Đảng bộ xã An Phú", "grassroots_committee", "H", START, "3-QĐ/HU"),
                Create("H.X2", "Đảng bộ xã Bình Minh", "grassroots_committee", "H", START, "3-QĐ/HU"),
                Create("H.X1.C1", "Chi bộ thôn Một", "cell", "H.X1", START, "3-QĐ/HU"),
                Merge(
                    ("H.X1", "H.X2"),
                    day,
                    "4-QĐ/TU",
                    new_code="X",
                    new_name="Đảng bộ xã An Bình",
                    new_kind="commune",
                    new_parent="P",
                ),
                Rename("X", "Đảng bộ xã An Bình Mới", None, day, "5-QĐ/TU"),
                Create("Y", "Đảng bộ xã Tây Hà", "commune", "P", day, "6-QĐ/TU"),
                Move("H.X1.C1", "Y", day, "7-QĐ/TU"),
                Dissolve("H", day, "8-QĐ/TU"),
            ],
        ),
    ]
    bulk = BulkWriter(actor=admin)
    for chunk in chunks:
        bulk.write(chunk)
    written_in_bulk = snapshot()
    wipe_tree()
    reference = ServiceWriter(actor=admin)
    for chunk in chunks:
        reference.write(chunk)

    assert snapshot() == written_in_bulk
    cell = Placement.objects.filter(org__code="H.X1.C1").order_by("valid_from")
    assert [(r.valid_from, r.valid_to) for r in cell] == [(START, day), (day, None)]
    assert [r.name for r in Placement.objects.filter(org__code="X")] == ["Đảng bộ xã An Bình Mới"]


@pytest.mark.django_db
def test_it_creates_the_demo_accounts_with_their_scopes() -> None:
    out = StringIO()
    call_command("demo_province", "--seed", "1", "--members", "300", stdout=out)

    text = out.getvalue()
    assert f"  chuyenvien / {DEMO_PASSWORD}  — Chuyên viên Ban Tổ chức (toàn tỉnh; nhập liệu)" in text
    assert "  Đảng viên: " in text and "--members 300 ít hơn số cán bộ lãnh đạo" in text  # people come with it
    assert "Ngày 31/12/2024" in text and "Ngày 01/01/2026" in text
    assert User.objects.get(username="quantri").is_superuser
    assert User.objects.get(username="bithu").check_password(DEMO_PASSWORD)
    grants = {a.user.username: a for a in Assignment.objects.select_related("user", "org")}
    assert (grants["chuyenvien"].org.code, grants["chuyenvien"].scope) == ("TINH", Scope.ENTER)
    assert grants["vanphong_huyen"].role == Role.COMMITTEE_STAFF and grants["vanphong_huyen"].org.code == "H02"
    assert grants["kiemsoat"].role == Role.AUDITOR and grants["kiemsoat"].scope == Scope.VIEW
    assert grants["kiemtra"].scope == Scope.VIEW
    cell = Placement.objects.filter(org=grants["bithu"].org)
    assert cell.as_of(BEFORE).get().kind.code == cell.as_of(AFTER).get().kind.code == "cell"
    assert Placement.objects.as_of(AFTER).filter(org=grants["vanphong_xa"].org, kind__code__in=["commune", "ward"])


@pytest.mark.django_db
def test_it_prints_how_to_get_the_one_time_password_of_the_accounts_that_need_one() -> None:
    out = StringIO()
    call_command("demo_province", "--seed", "1", stdout=out)

    devices = {d.user.username: d for d in TOTPDevice.objects.select_related("user")}
    assert set(devices) == {"quantri", "chuyenvien"}  # the administrator and the specialist
    lines = out.getvalue().splitlines()
    for username, device in devices.items():
        assert device.confirmed and device.key == demo_otp_key(seed=1, username=username)
        secret = base64.b32encode(bytes.fromhex(device.key)).decode()
        login = next(i for i, line in enumerate(lines) if line.startswith(f"  {username} / "))
        assert lines[login + 1] == f"    {demo_otp_hint(username=username, secret=secret)}"
        assert f"otp_code {username} (chỉ dùng với dữ liệu mẫu), hoặc thêm khóa {secret} vào" in lines[login + 1]
    assert not any("mã OTP" in line for line in lines if line.startswith("  bithu / "))
    assert re.fullmatch(r"[0-9a-f]{40}", demo_otp_key(seed=1, username="quantri"))
    assert demo_otp_key(seed=2, username="quantri") != demo_otp_key(seed=1, username="quantri")


@pytest.mark.django_db
def test_it_gives_the_same_authenticators_when_written_through_the_services() -> None:
    load_demo_province(seed=1, via_services=True)

    keys = dict(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", "key"))
    assert keys == {name: demo_otp_key(seed=1, username=name) for name in ("quantri", "chuyenvien")}


@pytest.mark.django_db
def test_it_refuses_to_load_into_a_database_that_has_a_tree() -> None:
    load_demo_province(seed=1)
    count = Placement.objects.count()

    with pytest.raises(DemoError, match="đã có cây tổ chức"):
        load_demo_province(seed=2)
    with pytest.raises(CommandError, match="đã có cây tổ chức"):
        call_command("demo_province", "--seed", "2", stdout=StringIO())
    out = StringIO()
    call_command("demo_province", "--seed", "2", "--skip-if-loaded", stdout=out)
    assert "bỏ qua" in out.getvalue()
    assert Placement.objects.count() == count


@pytest.mark.django_db
def test_it_refuses_the_services_path_for_the_large_sizes() -> None:
    with pytest.raises(DemoError, match="small"):
        load_demo_province(seed=1, size="province", via_services=True)
    assert not Organization.objects.exists()
