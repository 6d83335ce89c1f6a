"""URLs of the decision board for the cross-scope matrix (``pbms/core/tests/test_scope_matrix.py``): the
2024 yearly cycle, made on first use; "a" is cell A1c1's board, "b" the board of B1 (district B)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pbms.conftest import Tree
from pbms.evaluations.models import Cycle, CycleKind, RatedBody, RatingKind, Result, SubjectGroup
from pbms.evaluations.selectors import ruleset_for_year
from pbms.people.models import Person


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


def result_url(tail: str) -> Callable[[Tree, str], str]:
    """A row of a board, edited in place (``tail`` holds ``{id}``): "a" is Ánh of cell A1c1 on A1c1's board,
    "b" Bình of cell B1c1 on the board of B1, its deciding level (both people made by the matrix)."""

    def url(tree: Tree, which: str) -> str:
        cycle = matrix_cycle()
        unit, decider = (tree.A1c1, tree.A1) if which == "a" else (tree.B1c1, tree.B1)
        person = Person.objects.get(given_name="Ánh" if which == "a" else "Bình")
        result, _ = Result.objects.get_or_create(
            cycle=cycle,
            person=person,
            defaults={"unit": unit, "decider_org": decider, "group": SubjectGroup.MEMBER, "state": "self_assessed"},
        )
        board = tree.A1c1 if which == "a" else tree.B1
        return f"/danh-gia/{cycle.pk}/{board.pk}/{tail.format(id=result.pk)}"

    return url


def collective_url(tail: str) -> Callable[[Tree, str], str]:
    """A collective's row of a board (``tail`` holds ``{id}``): "a" is cell A1c1 on its own board, "b" the
    commune B1 on its own board (district B)."""

    def url(tree: Tree, which: str) -> str:
        cycle = matrix_cycle()
        org, decider = (tree.A1c1, tree.A1) if which == "a" else (tree.B1, tree.B)
        result, _ = Result.objects.get_or_create(
            cycle=cycle,
            org=org,
            body_kind=RatedBody.ORG,
            defaults={
                "unit": org,
                "decider_org": decider,
                "group": SubjectGroup.COLLECTIVE,
                "rating_kind": RatingKind.COLLECTIVE,
            },
        )
        return f"/danh-gia/{cycle.pk}/{org.pk}/{tail.format(id=result.pk)}"

    return url
