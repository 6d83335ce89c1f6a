"""Two deciders at the edge of the quota at once, on two real PostgreSQL connections (``race``): the quota
group is locked while it is counted, so exactly the allowed number of "excellent" goes through without a
reason and the other decision is refused with the quota's Vietnamese warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from pbms.conftest import Tree
from pbms.core.tests.race import race
from pbms.evaluations import board_services, rules, services
from pbms.evaluations.models import Cycle, Level, Result, ResultState, SubjectGroup
from pbms.evaluations.tests.conftest import Cast
from pbms.lib.exceptions import ApplicationError
from pbms.people.tests.conftest import make_member

DECIDED_ON = dt.date(2025, 1, 10)
NAMES = (
    *("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chính", "Phạm Thị Dung", "Hoàng Văn Đức"),
    *("Vũ Thị Giang", "Đỗ Văn Hải"),
)


def _at_the_edge(cast: Cast, cycle: Cycle, tree: Tree) -> list[Result]:
    """Seven members of A1c1 proposed; five decided "good": one "excellent" allowed (20 % of 5), none yet.
    Returns the two left, proposed "excellent"."""
    results = []
    for name in NAMES:
        member = make_member(cast.specialist, tree.A1c1, name, dt.date(2020, 1, 1))
        row = services.result_open(actor=cast.secretary, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)
        Result.objects.filter(pk=row.pk).update(state=ResultState.COMMENTED)
        results.append(services.result_propose(actor=cast.secretary, result=row, level=Level.GOOD))
    for row in results[:5]:
        services.result_decide(actor=cast.decider, result=row, level=Level.GOOD, decided_on=DECIDED_ON)
    assert services.quota_for(results[5], Level.EXCELLENT).allowed == 1
    return results[5:]


def _decide(cast: Cast, row: Result) -> Callable[[], Result]:
    return lambda: services.result_decide(actor=cast.decider, result=row, level=Level.EXCELLENT, decided_on=DECIDED_ON)


def _excellent(cycle: Cycle) -> int:
    return Result.objects.filter(cycle=cycle, decided_level=Level.EXCELLENT).count()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_two_concurrent_decisions_within_the_quota(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    first, second = _at_the_edge(cast, cycle, tree)

    # both meet after counting the group, before writing: without a lock both see no "excellent" yet
    outcomes = race(_decide(cast, first), _decide(cast, second), meet_at=(rules, "quota_check"))

    assert _excellent(cycle) == 1
    refused = [o.error for o in outcomes if not o.ok]
    assert len(refused) == 1
    assert isinstance(refused[0], ApplicationError)
    assert refused[0].field == "quota_reason"
    assert "vượt 1 so với tỷ lệ tối đa 20%" in refused[0].message
    assert "phải ghi rõ lý do" in refused[0].message


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_a_bulk_and_a_single_decision_within_the_quota(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    first, second = _at_the_edge(cast, cycle, tree)

    def bulk() -> int:
        return board_services.result_decide_bulk(
            actor=cast.decider,
            cycle=cycle,
            unit_id=tree.A1.pk,
            levels={first.pk: Level.EXCELLENT},
            decided_on=DECIDED_ON,
        )

    outcomes = race(bulk, _decide(cast, second), meet_at=(rules, "quota_check"))

    assert _excellent(cycle) == 1
    refused = [o.error for o in outcomes if not o.ok]
    assert len(refused) == 1
    error = refused[0]
    assert isinstance(error, ApplicationError)
    # a refused bulk decision names the row and its reason; a refused single one says it directly
    said = [error.message, *(row.message for row in getattr(error, "rows", ()))]
    assert any("vượt 1 so với tỷ lệ tối đa 20%" in text for text in said)
