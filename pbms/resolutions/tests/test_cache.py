# ruff: noqa: F811 - the fixtures imported from test_engine are used as parameters
"""Figures kept until a write that could change them: the dashboard served from the cache on a repeat view,
and recomputed after a write through a service, a bulk insert, ``QuerySet.update()`` (and not after a
rolled-back write); two actors of different scopes never share a figure.

The test database runs each test inside one transaction, so no write ever commits: ``commit()`` below does
what a commit does for the cache (runs the pending data-version bumps)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pbms.conftest import Personas, Tree, logged_in
from pbms.core.dataversion import _Bump, version_current
from pbms.people.models import ManagementCategory, Person, Position
from pbms.people.workbook.bulk import insert_rows
from pbms.resolutions.cache import figures_store
from pbms.resolutions.models import Resolution
from pbms.resolutions.tests.conftest import seeded
from pbms.resolutions.tests.test_engine import (  # noqa: F401 - fixtures
    D1,
    SINCE,
    Build,
    _more_districts,
    build,
    standing_cadres,
)

DAY = "31/12/2024"


def commit() -> None:
    """Run the bumps a commit of the test's transaction would run."""
    for entry in list(connection.run_on_commit):
        func = entry[1]
        if isinstance(func, _Bump) and not func.ran:
            func()


def women(client: Client, url: str) -> tuple[int, int]:
    """Target 5 (women among the Standing Committee's cadres) on the dashboard: (denominator, numerator)."""
    response: Any = client.get(url)
    board = response.context_data["board"]
    value = next(row.value for row in board.rows if row.target.number == "5")
    return value.denominator, value.numerator


def warm_queries(client: Client, url: str) -> list[str]:
    """The statements of a repeat view (the first one fills the cache)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [q["sql"] for q in captured.captured_queries]


def queries(run: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


@pytest.fixture
def board(people: Personas, tree: Tree, standing_cadres: None) -> tuple[Client, str]:
    figures_store().clear()
    commit()
    resolution = Resolution.objects.get(number="05-NQ/TU").pk
    return logged_in(people.specialist), f"/nghi-quyet/{resolution}/?ngay={DAY}&org={tree.P.pk}"


def test_it_serves_a_repeat_view_from_the_cache_in_a_constant_number_of_queries(
    board: tuple[Client, str], people: Personas, tree: Tree, build: Build
) -> None:
    client, url = board
    assert women(client, url) == (5, 2)
    warm = warm_queries(client, url)
    # The session, the user, the page's own reads, one query for the data version; no figure is computed.
    assert len(warm) <= 15, warm  # 12, and the tasks (one) and whether the user reports progress (two)
    assert sum("core_dataversion" in sql for sql in warm) == 1
    assert not any("COUNT(DISTINCT" in sql or "people_position" in sql for sql in warm), warm
    _more_districts(people.admin, tree, build, 18)
    commit()
    assert len(warm_queries(client, url)) == len(warm)  # whatever the size of the tree
    figures_store().clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Computed again: the twelve targets together in one statement (the trend is a partial of its own).
    assert sum("COUNT(DISTINCT" in q["sql"] for q in captured.captured_queries) == 1
    assert len(captured.captured_queries) > len(warm)


def test_it_recomputes_after_a_write_through_a_service(board: tuple[Client, str], build: Build, tree: Tree) -> None:
    client, url = board
    assert women(client, url) == (5, 2)
    build.post(build.person("Ngô Thị Tám", gender="F"), tree.A, "btv-tinh-uy")
    assert women(client, url) == (6, 3)  # not committed yet: this connection sees its own write, uncached
    commit()
    assert women(client, url) == (6, 3)
    assert women(client, url) == (6, 3)  # and cached again


def test_it_recomputes_after_a_bulk_insert(board: tuple[Client, str], build: Build, tree: Tree) -> None:
    client, url = board
    assert women(client, url) == (5, 2)
    person = build.person("Ngô Thị Tám", gender="F")
    commit()
    version = version_current()
    # The workbook import's path: COPY on PostgreSQL, bulk_create elsewhere.
    (position,) = insert_rows(
        Position,
        ["person_id", "org_id", "title", "is_head", "valid_from", "decision_ref"],
        [(person.pk, tree.A.pk, "Lãnh đạo", False, SINCE, "")],
        ids=True,
    )
    category = ManagementCategory.objects.get(code="btv-tinh-uy")
    insert_rows(Position.categories.through, ["position_id", "managementcategory_id"], [(position, category.pk)])
    commit()
    assert version_current() != version
    assert women(client, url) == (6, 3)


def test_it_recomputes_after_a_queryset_update(board: tuple[Client, str]) -> None:
    client, url = board
    assert women(client, url) == (5, 2)
    Person.objects.filter(given_name="Năm").update(gender="F")
    commit()
    assert women(client, url) == (5, 3)


def test_it_keeps_the_figures_after_a_rolled_back_write(board: tuple[Client, str]) -> None:
    client, url = board
    assert women(client, url) == (5, 2)
    version = version_current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Person.objects.filter(given_name="Năm").update(gender="F")
        raise RuntimeError
    commit()  # the savepoint's rollback dropped its bump: nothing to run
    assert version_current() == version
    assert women(client, url) == (5, 2)
    assert not any("COUNT(DISTINCT" in sql for sql in warm_queries(client, url))


def test_it_does_not_bump_on_writes_to_unwatched_tables(board: tuple[Client, str], people: Personas) -> None:
    client, url = board
    version = version_current()
    client.get(url)
    people.nobody.first_name = "Giang"
    people.nobody.save()  # accounts_user: logins write it all day, figures never read it
    commit()
    assert version_current() == version


def test_it_never_serves_one_scope_s_figures_to_another(people: Personas, tree: Tree, standing_cadres: None) -> None:
    figures_store().clear()
    commit()
    resolution = Resolution.objects.get(number="05-NQ/TU").pk
    url = f"/nghi-quyet/{resolution}/?ngay={DAY}"
    # Whole province first, so a cache keyed without the scope would hand its figures to the districts.
    assert women(logged_in(people.specialist), url + f"&org={tree.P.pk}") == (5, 2)
    assert women(logged_in(people.admin), url + f"&org={tree.P.pk}") == (5, 2)
    assert women(logged_in(people.staff_a), url + f"&org={tree.A.pk}") == (3, 1)
    # B's office sees B (p3, p5), and never A: asking for A is "not found", cached figures or not.
    assert women(logged_in(people.outsider), url + f"&org={tree.B.pk}") == (2, 0)
    assert logged_in(people.outsider).get(url + f"&org={tree.A.pk}").status_code == 404
    # Same organisation asked, different grants: A's office and the province see different figures for A.
    assert women(logged_in(people.specialist), url + f"&org={tree.A.pk}") == (3, 1)
    assert women(logged_in(people.viewer_a), url + f"&org={tree.A.pk}") == (3, 1)


def test_it_follows_a_new_grant_at_once(people: Personas, tree: Tree, standing_cadres: None) -> None:
    figures_store().clear()
    commit()
    resolution = Resolution.objects.get(number="05-NQ/TU").pk
    url = f"/nghi-quyet/{resolution}/?ngay={DAY}&org={tree.A.pk}"
    client = logged_in(people.outsider)
    assert client.get(url).status_code == 404
    people.outsider.assignments.create(org=tree.P, role="committee_staff", scope="view")
    commit()
    assert women(client, url) == (3, 1)


def test_it_does_not_cache_an_unsaved_change_of_a_target(people: Personas, tree: Tree, standing_cadres: None) -> None:
    from pbms.resolutions.engine import target_value

    figures_store().clear()
    commit()
    target = seeded("5")
    assert target_value(actor=people.admin, target=target, day=D1, org_id=tree.P.pk).numerator == 2
    target.definition = {**target.definition, "conditions": [{"type": "gender", "equals": "M"}]}
    assert target_value(actor=people.admin, target=target, day=D1, org_id=tree.P.pk).numerator == 3


def test_it_serves_a_repeat_breakdown_from_the_cache(board: tuple[Client, str], tree: Tree) -> None:
    client, _ = board
    url = f"/nghi-quyet/chi-tieu/{seeded('5').pk}/?ngay={DAY}&org={tree.P.pk}"
    assert client.get(url).status_code == 200
    # Its statement is a WITH query: a read, which must not bump the version and empty the cache.
    assert not any("COUNT(DISTINCT" in sql for sql in warm_queries(client, url))
