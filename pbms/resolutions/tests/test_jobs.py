# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""The whole tree's figures as partition jobs: job k of n counts the people whose id is k modulo n, and the
sum of the n results equals the one-statement figures, for the total and each child, although a person
anchored under two children (p5, under A and B) counts once at their common parent."""

from __future__ import annotations

import datetime as dt

import pytest

from pbms.conftest import RESTRUCTURING, Personas, Tree
from pbms.resolutions.jobs import counts_sum, figures_in_parallel, partition_counts
from pbms.resolutions.models import Resolution
from pbms.resolutions.tests.test_engine import (  # noqa: F401 - fixtures
    D1,
    Build,
    build,
    commune_leaders,
    department_leaders,
    standing_cadres,
)


@pytest.fixture
def register(standing_cadres: None, department_leaders: None, commune_leaders: None, build: Build, tree: Tree) -> None:
    # Target 3's population: seats on the province's committee and on A's (a body, not a post).
    for org, names in ((tree.P, ("Ánh", "Bình", "Chi")), (tree.A, ("Dũng", "Giang"))):
        committee = build.body(org, "committee")
        for name in names:
            build.seat(committee, build.person(f"Nguyễn Văn {name}"))


@pytest.mark.parametrize("parts", [2, 3])
@pytest.mark.parametrize("day", [D1, RESTRUCTURING + dt.timedelta(days=200)])
def test_it_adds_up_the_partitions_to_the_one_statement_figures(
    people: Personas, tree: Tree, register: None, parts: int, day: dt.date
) -> None:
    resolution = Resolution.objects.get(number="05-NQ/TU")
    whole = partition_counts(actor=people.admin, resolution=resolution, day=day, org_id=tree.P.pk, partition=None)
    partials = [
        partition_counts(actor=people.admin, resolution=resolution, day=day, org_id=tree.P.pk, partition=(parts, k))
        for k in range(parts)
    ]
    assert counts_sum(partials) == whole
    assert any(0 < p["4"]["total"][0] < whole["4"]["total"][0] for p in partials)  # really split
    assert whole["4"]["total"][0] > 0 and whole["3"]["total"][0] > 0


def test_it_runs_the_partitions_as_background_jobs_and_adds_them_up(
    people: Personas, tree: Tree, register: None
) -> None:
    resolution = Resolution.objects.get(number="05-NQ/TU")
    whole = partition_counts(actor=people.specialist, resolution=resolution, day=D1, org_id=tree.P.pk, partition=None)
    # The tests' task backend runs each job as it is enqueued.
    parallel = figures_in_parallel(actor=people.specialist, resolution=resolution, day=D1, org_id=tree.P.pk, parts=2)
    assert parallel == whole
    assert parallel["5"]["total"] == [5, 2]  # test_engine: 2 women (p1, p6) of 5
