from __future__ import annotations

import datetime as dt

from pbms.conftest import Tree
from pbms.orgs.models import Placement


def test_it_builds_the_fixture_tree(tree: Tree) -> None:
    before = Placement.objects.as_of(dt.date(2024, 12, 31)).count()
    after = Placement.objects.as_of(dt.date(2026, 1, 1)).count()
    assert before == 9
    assert after == 7  # P, X, Y, A1c1, A2c1, B1, B1c1
