"""A synthetic demo province: a deterministic plan of tree operations, and two ways to write it.

``DemoPlan`` (``plan``) turns a seed and a size into a stream of operations on the tree (``ops``:
create, rename, move, dissolve, merge, split) grouped in chunks, one chunk per level-2 committee,
dated from 01/01/2020 through the restructuring of 01/7/2025. Chunks are generated one at a time,
so a tree of any size is produced with memory bounded by one chunk. Its names come from ``names``.
When a change of parent leaves two siblings with one name, the later one is renamed that same day
(``renames``), as real provinces did after the merges of 01/7/2025.

Two writers apply a plan:

- ``ServiceWriter`` (``via_services``) calls ``pbms.orgs.services`` operation by operation, as
  users would. It is the reference, and too slow for more than the small size (a dozen queries
  per row).
- ``BulkWriter`` (``bulk``) replays the same operations in memory with the services' semantics
  and writes the rows the services would have written with a few ``bulk_create`` per chunk.

The tests build the small province with both writers and compare every row. The demo accounts
(``accounts``) are created after the tree, the same way whichever writer built it. A ``ChunkListener``
(the demo people, ``pbms.people.demo``) may write more rows after each chunk, in the same transaction.

``national`` is one very large province (about 690 district-level committees under one root),
not 63 provinces under a national root: the kinds have no level above the province, and one
root keeps every scope and selector exactly as in production. A country of provinces, for the
benchmarks that need one province inside the national database, is made by ``bench/national.py``
from a loaded province.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from pbms.accounts.models import User
from pbms.audit.services import audit_record
from pbms.orgs.demo.accounts import (
    ADMIN_USERNAME,
    DEMO_OTP_DEVICE,
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    DemoAccount,
    demo_accounts_create,
    demo_admin_create,
    demo_otp_hint,
    demo_otp_key,
)
from pbms.orgs.demo.bulk import BATCH_SIZE, BulkWriter, PlanError
from pbms.orgs.demo.names import PLACE_NAMES
from pbms.orgs.demo.ops import (
    AFTER,
    BEFORE,
    RESTRUCTURING,
    ROOT_CODE,
    START,
    Chunk,
    Create,
    DemoError,
    DemoPicks,
    Dissolve,
    Merge,
    Move,
    Op,
    Part,
    Rename,
    Split,
)
from pbms.orgs.demo.plan import SIZES, DemoPlan, Profile, province_short_name
from pbms.orgs.demo.via_services import ServiceWriter
from pbms.orgs.models import Organization, OrgEvent, Placement
from pbms.orgs.selectors import org_count_as_of

__all__ = [
    "ADMIN_USERNAME",
    "AFTER",
    "BATCH_SIZE",
    "BEFORE",
    "DEMO_OTP_DEVICE",
    "DEMO_PASSWORD",
    "DEMO_USERNAMES",
    "PLACE_NAMES",
    "RESTRUCTURING",
    "ROOT_CODE",
    "SIZES",
    "START",
    "BulkWriter",
    "Chunk",
    "ChunkListener",
    "Create",
    "DemoAccount",
    "DemoError",
    "DemoPicks",
    "DemoPlan",
    "DemoResult",
    "Dissolve",
    "Merge",
    "Move",
    "Op",
    "Part",
    "PlanError",
    "Profile",
    "Rename",
    "ServiceWriter",
    "Split",
    "demo_is_loaded",
    "demo_otp_hint",
    "demo_otp_key",
    "load_demo_province",
    "province_short_name",
]


@dataclass(frozen=True)
class DemoResult:
    seed: int
    size: str
    members: int | None
    engine: str
    seconds: float
    organizations: int
    placements: int
    events: int
    root_name: str
    counts: dict[dt.date, list[tuple[str, int]]]  # kind name → count, in the kinds' order
    accounts: list[DemoAccount]


class ChunkListener(Protocol):
    """Writes more rows once a chunk of the tree is written, in the load's transaction."""

    def chunk_written(self, *, actor: User, plan: DemoPlan, chunk: Chunk) -> None: ...


def demo_is_loaded() -> bool:
    return Placement.objects.filter(parent__isnull=True).exists()


def _refuse_unless_empty() -> None:
    root = Placement.objects.filter(parent__isnull=True).order_by("-valid_from").first()
    if root is not None:
        raise DemoError(
            f"Cơ sở dữ liệu đã có cây tổ chức (gốc: “{root.name}”); không ghi gì thêm. "
            "Dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu chưa có tổ chức nào."
        )
    if Organization.objects.exists():
        raise DemoError("Cơ sở dữ liệu đã có tổ chức đảng; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
    taken = sorted(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    if taken:
        raise DemoError(f"Đã có tài khoản trùng tên tài khoản mẫu: {', '.join(taken)}; không ghi gì thêm.")


def load_demo_province(
    *,
    seed: int,
    size: str = "small",
    members: int | None = None,
    via_services: bool = False,
    progress: Callable[[int, int], None] | None = None,
    listener: ChunkListener | None = None,
) -> DemoResult:
    """Build the demo province and its accounts in one transaction; refuse on a non-empty database.
    ``listener`` is told of each chunk once written (the demo people are written so)."""
    if size not in SIZES:
        raise DemoError(f"Cỡ dữ liệu “{size}” không có; chọn một trong: {', '.join(SIZES)}.")
    if via_services and size != "small":
        raise DemoError("Chỉ cỡ small mới nạp qua từng nghiệp vụ (--via-services); cỡ lớn hơn nạp theo lô.")
    if members is not None and members < 0:
        raise DemoError("Số đảng viên (--members) phải là số không âm.")
    started = time.perf_counter()
    with transaction.atomic():
        _refuse_unless_empty()
        # One hash for every account: the password is published anyway, and Argon2 costs a third of a
        # second per hash, which would otherwise be most of the small load.
        password_hash = make_password(DEMO_PASSWORD)
        admin = demo_admin_create(password_hash=password_hash)
        plan = DemoPlan(seed=seed, size=size, province_name=settings.PROVINCE_NAME)
        writer: ServiceWriter | BulkWriter = ServiceWriter(actor=admin) if via_services else BulkWriter(actor=admin)
        total = plan.chunk_count
        for done, chunk in enumerate(plan.chunks(), start=1):
            writer.write(chunk)
            if listener is not None:
                listener.chunk_written(actor=admin, plan=plan, chunk=chunk)
            if progress is not None:
                progress(done, total)
        accounts = demo_accounts_create(admin=admin, picks=plan.picks, password_hash=password_hash, seed=seed)
        organizations = Organization.objects.count()
        placements = Placement.objects.count()
        events = OrgEvent.objects.count()
        audit_record(
            actor=admin,
            action="demo.load",
            object_repr=plan.root_name,
            changes={"seed": seed, "size": size, "members": members, "organizations": organizations},
        )
    seconds = time.perf_counter() - started
    counts = {day: org_count_as_of(actor=admin, day=day) for day in (BEFORE, AFTER)}
    return DemoResult(
        seed=seed,
        size=size,
        members=members,
        engine="services" if via_services else "bulk",
        seconds=seconds,
        organizations=organizations,
        placements=placements,
        events=events,
        root_name=plan.root_name,
        counts=counts,
        accounts=accounts,
    )
