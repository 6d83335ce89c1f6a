"""A round's progress page (issue 14 §4): the units the actor sees, counted by step, in tree order, paged,
searched without diacritics, the totals of his scope, and a query count that does not grow with the units."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbms.conftest import START, Tree, logged_in
from pbms.evaluations import progress, services
from pbms.evaluations.models import (
    DECIDED_STATES,
    Cycle,
    Level,
    RatedBody,
    RatingKind,
    Result,
    ResultState,
    SubjectGroup,
)
from pbms.evaluations.tests.conftest import POPULATION_ON, Cast
from pbms.lib.text import fold
from pbms.orgs.models import Organization, OrgKind, Placement
from pbms.people.tests.conftest import make_member

# one member of cell A1c1 at each state, in this order (decided by A1, the commune above the cell)
STATES = (
    ResultState.PENDING,
    ResultState.SELF_ASSESSED,
    ResultState.COMMENTED,
    ResultState.PROPOSED,
    ResultState.DECIDED,
    ResultState.ANNOUNCED,
)
NAMES = ("Trần Văn Ân", "Nguyễn Thị Ánh", "Lê Văn An", "Phạm Thị Bình", "Hoàng Văn Đức", "Vũ Thị Dung")


def members_at_each_state(cast: Cast, cycle: Cycle, tree: Tree) -> list[Result]:
    rows = []
    for name, state in zip(NAMES, STATES, strict=True):
        member = make_member(cast.specialist, tree.A1c1, name, dt.date(2020, 1, 1))
        row = services.result_open(actor=cast.secretary, cycle=cycle, person=member.person, group=SubjectGroup.MEMBER)
        decided = Level.GOOD if state in DECIDED_STATES else ""
        Result.objects.filter(pk=row.pk).update(state=state, decided_level=decided)
        rows.append(row)
    return rows


def numbers(page: str, label: str) -> list[str]:
    """The numbers of the table row that starts with ``label`` (a unit's link, or the totals' table)."""
    row = re.search(rf"<tr>\s*<td>(?:<a [^>]*>)?{re.escape(label)}</?.*?</tr>", page, re.S)
    assert row is not None, label
    return re.findall(r'<td class="num">([^<]*)</td>', row.group(0))


def totals(page: str) -> list[str]:
    table = re.search(r'<table class="data" id="totals">.*?</table>', page, re.S)
    assert table is not None
    return re.findall(r'<td class="num">([^<]*)</td>', table.group(0))


def cells(tree: Tree, count: int) -> list[Organization]:
    """``count`` cells under commune A1 on the old tree (until A1 merged on 01/7/2025), named so that their
    order by name is the reverse of their order in the tree. Placed directly, on A1's own event: the tree's
    services refuse to attach anything to A1 before its restructuring, and this test only reads."""
    commune = Placement.objects.as_of(POPULATION_ON).get(org=tree.A1)
    cell = OrgKind.objects.get(code="cell")
    made = []
    for n in range(count):
        org = Organization.objects.create(code=f"A1C{n + 10}", created_on=START)
        name = f"Chi bộ khu phố {count - n:02d}"
        Placement.objects.create(
            org=org,
            parent_id=tree.A1.pk,
            name=name,
            name_folded=fold(name),
            kind=cell,
            path=f"{commune.path}{org.pk}/",
            depth=commune.depth + 1,
            valid_from=START,
            valid_to=commune.valid_to,
            event=commune.event,
        )
        made.append(org)
    return made


def rate_collectives(cycle: Cycle, orgs: list[Organization], decider: Organization) -> None:
    Result.objects.bulk_create(
        Result(
            cycle=cycle,
            org=org,
            body_kind=RatedBody.ORG,
            group=SubjectGroup.COLLECTIVE,
            rating_kind=RatingKind.COLLECTIVE,
            unit=org,
            decider_org=decider,
            state=ResultState.PENDING,
        )
        for org in orgs
    )


@pytest.mark.django_db
def test_it_counts_each_units_results_by_step_and_the_scope_in_total(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    members_at_each_state(cast, cycle, tree)
    # a member of cell B1c1 (district B), not self-assessed: the office of district A does not count it
    other = make_member(cast.specialist, tree.B1c1, "Đinh Văn Hải", dt.date(2020, 1, 1))
    Result.objects.create(
        cycle=cycle, person=other.person, unit=tree.B1c1, decider_org=tree.B1, group=SubjectGroup.MEMBER
    )
    page = logged_in(cast.decider).get(f"/danh-gia/{cycle.pk}/").content.decode()
    for label in ("Chưa tự đánh giá", "chờ tập thể nhận xét", "chờ đề xuất", "chờ quyết định", "Đã quyết định"):
        assert label in page
    # all, not self-assessed, awaiting comment, awaiting proposal, awaiting decision, decided (or announced)
    assert numbers(page, "Chi bộ thôn Một") == ["6", "1", "1", "1", "1", "2"]
    assert numbers(page, "Đảng bộ xã An Phú") == ["6", "1", "1", "1", "1", "2"]  # the commune decides them
    assert totals(page) == ["6", "1", "1", "1", "1", "2"]  # each result once
    assert "Chi bộ thôn Ba" not in page and "Đảng bộ xã Cẩm Lý" not in page
    assert f'href="/danh-gia/{cycle.pk}/{tree.A1c1.pk}/"' in page  # each unit links to its board

    # the office of district B: only its own units and its own total
    page = logged_in(cast.outsider).get(f"/danh-gia/{cycle.pk}/").content.decode()
    assert "Chi bộ thôn Một" not in page and "Đảng bộ xã An Phú" not in page
    assert numbers(page, "Chi bộ thôn Ba") == ["1", "1", "0", "0", "0", "0"]
    assert totals(page) == ["1", "1", "0", "0", "0", "0"]


@pytest.mark.django_db
def test_it_shows_thousands_with_a_separator(cast: Cast, cycle: Cycle, tree: Tree) -> None:
    # 1 234 results on one unit's board, made in bulk: distinct body kinds keep them distinct subjects
    orgs = cells(tree, 1)
    Result.objects.bulk_create(
        Result(
            cycle=cycle,
            org=orgs[0],
            body_kind=f"b{n}",
            group=SubjectGroup.COLLECTIVE,
            rating_kind=RatingKind.COLLECTIVE,
            unit=orgs[0],
        )
        for n in range(1234)
    )
    page = logged_in(cast.decider).get(f"/danh-gia/{cycle.pk}/").content.decode()
    assert numbers(page, "Chi bộ khu phố 01")[:2] == ["1.234", "1.234"]


@pytest.mark.django_db
def test_it_pages_units_in_tree_order_and_searches_without_diacritics(
    cast: Cast, cycle: Cycle, tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    orgs = cells(tree, 3)  # named 03, 02, 01 in the tree's order
    rate_collectives(cycle, orgs, tree.A1)
    monkeypatch.setattr(progress, "PROGRESS_PAGE_SIZE", 2)
    client = logged_in(cast.decider)
    shown = progress.cycle_progress(actor=cast.decider, cycle=cycle)
    order = [line.name for line in shown.units]
    assert shown.pages == 2 and order == ["Đảng bộ xã An Phú", "Chi bộ khu phố 03"]  # the tree, not the names
    page = client.get(f"/danh-gia/{cycle.pk}/?trang=2").content.decode()
    assert "Chi bộ khu phố 02" in page and "Chi bộ khu phố 01" in page and "Chi bộ khu phố 03" not in page
    assert "tổ chức thứ 3–4" in page and 'href="?trang=1"' in page
    page = client.get(f"/danh-gia/{cycle.pk}/?trang=99").content.decode()  # past the last: the last
    assert "Chi bộ khu phố 01" in page
    page = client.get(f"/danh-gia/{cycle.pk}/?q=KHU PHO 0").content.decode()
    assert "Chi bộ khu phố 03" in page and "Chi bộ khu phố 02" in page and "Đảng bộ xã An Phú" not in page
    assert 'href="?trang=2&amp;q=KHU%20PHO%200"' in page  # the search is kept across pages
    assert totals(page)[0] == "3"  # the totals are the scope's, whatever the search
    page = client.get(f"/danh-gia/{cycle.pk}/?q=thôn ba").content.decode()
    assert "Không có tổ chức nào khớp «thôn ba»" in page  # district B's cell is out of the office's scope


@pytest.mark.django_db
def test_it_reads_the_page_in_the_same_number_of_queries_for_2_and_40_units(
    cast: Cast, cycle: Cycle, tree: Tree
) -> None:
    orgs = cells(tree, 40)
    client = logged_in(cast.decider)
    rate_collectives(cycle, orgs[:1], tree.A1)  # 2 units: the cell and A1, which decides it
    client.get(f"/danh-gia/{cycle.pk}/")
    with CaptureQueriesContext(connection) as two:
        page = client.get(f"/danh-gia/{cycle.pk}/").content.decode()
    assert "2 tổ chức có bảng xếp loại" in page
    rate_collectives(cycle, orgs[1:], tree.A1)
    with CaptureQueriesContext(connection) as forty:
        page = client.get(f"/danh-gia/{cycle.pk}/").content.decode()
    assert "41 tổ chức có bảng xếp loại" in page and "Chi bộ khu phố 01" in page
    assert len(forty) == len(two)
