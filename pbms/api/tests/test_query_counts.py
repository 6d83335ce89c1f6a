"""The number of queries of an endpoint must not grow with the tree (principle 5: set-based)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from pbms.accounts.models import User
from pbms.api.tests.conftest import API
from pbms.conftest import Personas, Tree, kind, logged_in
from pbms.orgs import services
from pbms.orgs.models import Organization

DAY = "2026-01-01"


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def baseline(client: Client) -> int:
    """What any request of a logged-in session costs before an endpoint runs (session, user, OTP device,
    session save):
    a path no endpoint serves, answered without touching the tree."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"{API}/khong-co").status_code == 404
    return len(ctx.captured_queries)


def grow(*, admin: User, parent: Organization) -> None:
    """Add width and three more levels under ``parent``: 4 grassroots committees, each with 2 sub-committees
    of 2 cells (28 organisations)."""
    day = dt.date(2026, 1, 1)
    for i in range(4):
        committee = services.org_create(
            actor=admin,
            code=f"G{i}",
            name=f"Đảng bộ cơ sở {i}",
            kind=kind("grassroots_committee"),
            parent=parent,
            effective_date=day,
            decision_ref=f"G{i}-QĐ/TU",
        )
        for j in range(2):
            sub = services.org_create(
                actor=admin,
                code=f"G{i}S{j}",
                name=f"Đảng bộ bộ phận {i}.{j}",
                kind=kind("sub_committee"),
                parent=committee,
                effective_date=day,
                decision_ref=f"G{i}S{j}-QĐ/TU",
            )
            for k in range(2):
                services.org_create(
                    actor=admin,
                    code=f"G{i}S{j}C{k}",
                    name=f"Chi bộ {i}.{j}.{k}",
                    kind=kind("cell"),
                    parent=sub,
                    effective_date=day,
                    decision_ref=f"G{i}S{j}C{k}-QĐ/TU",
                )


def test_it_reads_a_subtree_in_a_constant_number_of_queries(
    tree: Tree, people: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = logged_in(people.specialist)
    root = f"{API}/orgs/{tree.P.pk}/subtree?date={DAY}"
    leaf = f"{API}/orgs/{tree.A1c1.pk}/subtree?date={DAY}"
    queries(client, leaf)  # warm up: the first request of a session may differ
    expected = queries(client, leaf)
    # The endpoint's own: scope check of the root, count, one page of rows.
    assert expected - baseline(client) == 3
    with django_assert_num_queries(expected):
        assert client.get(root).json()["count"] == 7

    grow(admin=people.admin, parent=tree.X)
    with django_assert_num_queries(expected):
        assert client.get(root).json()["count"] == 7 + 28
    with django_assert_num_queries(expected):
        assert client.get(f"{API}/orgs/{tree.P.pk}/subtree?date={DAY}&limit=10&offset=20").json()["count"] == 35


def test_it_reads_an_organisation_in_a_constant_number_of_queries(
    tree: Tree, people: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = logged_in(people.specialist)
    queries(client, f"{API}/orgs/{tree.A1c1.pk}?date={DAY}")
    expected = queries(client, f"{API}/orgs/{tree.A1c1.pk}?date={DAY}")
    # The endpoint's own: organisation, row, scope check, ancestors, child count, history.
    assert expected - baseline(client) == 6
    grow(admin=people.admin, parent=tree.X)
    deep_cell = Organization.objects.get(code="G3S1C1")
    for org in (tree.X, tree.A1c1, deep_cell):
        with django_assert_num_queries(expected):
            client.get(f"{API}/orgs/{org.pk}?date={DAY}")
    # The root has no ancestors to read: one query fewer, never more.
    with django_assert_num_queries(expected - 1):
        client.get(f"{API}/orgs/{tree.P.pk}?date={DAY}")


def test_it_searches_in_a_constant_number_of_queries(
    tree: Tree, people: Personas, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = logged_in(people.specialist)
    url = f"{API}/orgs?date={DAY}&q=dang+bo"
    queries(client, url)
    expected = queries(client, url)
    grow(admin=people.admin, parent=tree.X)
    with django_assert_num_queries(expected):
        assert len(client.get(url).json()["items"]) > 7
