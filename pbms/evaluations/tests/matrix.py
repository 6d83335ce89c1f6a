"""URLs of the decision board for the cross-scope matrix (``pbms/core/tests/test_scope_matrix.py``): the
2024 yearly cycle, made on first use; "a" is cell A1c1's board, "b" the board of B1 (district B)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pbms.conftest import Tree
from pbms.evaluations.models import Cycle, CycleKind
from pbms.evaluations.selectors import ruleset_for_year


def matrix_cycle() -> Cycle:
    cycle, _ = Cycle.objects.get_or_create(
        year=2024,
        kind=CycleKind.YEAR,
        period=0,
        defaults={"name": "Năm 2024", "ruleset": ruleset_for_year(2024), "population_on": dt.date(2024, 12, 31)},
    )
    return cycle


def cycle_url(tail: str = "") -> Callable[[Tree, str], str]:
    return lambda _tree, _which: f"/danh-gia/{matrix_cycle().pk}/{tail}"


def board_url(tail: str = "") -> Callable[[Tree, str], str]:
    def url(tree: Tree, which: str) -> str:
        org = tree.A1c1 if which == "a" else tree.B1
        return f"/danh-gia/{matrix_cycle().pk}/{org.pk}/{tail}"

    return url
