"""Vietnamese order on the database in use (SQLite via PyICU, PostgreSQL via vi-x-icu) and in Python."""

from __future__ import annotations

import datetime as dt
import random

from pbms.accounts.models import User
from pbms.conftest import kind
from pbms.core.collation import vi_collate
from pbms.lib.text import fold, vi_sort_key
from pbms.orgs import services
from pbms.orgs.models import Placement

EXPECTED = ["An", "Ánh", "Ân", "Bình", "Dung", "Đức", "Ong", "Ơn"]


def test_it_sorts_vietnamese_names_in_python() -> None:
    shuffled = EXPECTED[::-1]
    assert sorted(shuffled) != EXPECTED  # code-point order is wrong: that is why this exists
    assert sorted(shuffled, key=vi_sort_key) == EXPECTED


def test_it_sorts_vietnamese_names_in_the_database(admin: User) -> None:
    root = services.org_create(
        actor=admin,
        code="R",
        name="Đảng bộ tỉnh",
        kind=kind("provincial"),
        parent=None,
        effective_date=dt.date(2020, 1, 1),
        decision_ref="1-QĐ/TW",
    )
    names = EXPECTED[:]
    random.Random(7).shuffle(names)
    for i, name in enumerate(names):
        services.org_create(
            actor=admin,
            code=f"C{i}",
            name=name,
            kind=kind("direct_committee"),
            parent=root,
            effective_date=dt.date(2020, 1, 1),
            decision_ref=f"{i}-QĐ/TU",
        )
    rows = Placement.objects.filter(parent=root).order_by(vi_collate("name")).values_list("name", flat=True)
    assert list(rows) == EXPECTED


def test_it_folds_diacritics_for_search() -> None:
    assert fold("Đảng bộ xã Ơn Thành") == "dang bo xa on thanh"
    assert fold("  CHI  BỘ  ") == "chi bo"
