"""An organisation that ends (dissolved, merged away, split) and the posts and committee seats held there:
refused while any is left, naming the people; ended on the same day, and audited, when the decision says so."""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass

import pytest

from pbms.accounts.models import User
from pbms.audit.models import AuditEvent
from pbms.conftest import RESTRUCTURING, Personas, Tree, kind, logged_in
from pbms.core.tests.race import race
from pbms.lib.exceptions import ApplicationError
from pbms.orgs import services
from pbms.orgs.models import Organization
from pbms.orgs.tests.test_concurrency import PATIENCE, assert_one_wins, meeting_in
from pbms.people import services as people
from pbms.people.models import BodyMembership, Position
from pbms.people.services import records
from pbms.people.tests.conftest import make_person

DAY = dt.date(2026, 3, 1)
HELD_FROM = dt.date(2025, 8, 1)
MEET = (sys.modules["pbms.orgs.tests.test_concurrency"], "_meet")


@dataclass
class Held:
    org: Organization
    post: Position
    seat: BodyMembership


def commune_with_posts(admin: User, tree: Tree) -> Held:
    """An empty commune G with a secretary in post and on its committee."""
    g = services.org_create(
        actor=admin,
        code="G",
        name="Đảng bộ xã Gia Lộc",
        kind=kind("commune"),
        parent=tree.P,
        effective_date=RESTRUCTURING,
        decision_ref="G-QĐ/TU",
    )
    person = make_person(admin, "Phạm Văn Hùng")
    post = people.position_start(actor=admin, person=person, org=g, title="Bí thư Đảng ủy xã", valid_from=HELD_FROM)
    term = people.term_create(actor=admin, org=g, name="2025–2030", starts_on=HELD_FROM)
    body = people.body_create(actor=admin, term=term, kind="committee")
    seat = people.body_seat_add(actor=admin, body=body, person=person, role="secretary", valid_from=HELD_FROM)
    return Held(org=g, post=post, seat=seat)


def test_it_refuses_dissolving_an_organisation_whose_posts_are_still_held_naming_them(admin: User, tree: Tree) -> None:
    held = commune_with_posts(admin, tree)
    with pytest.raises(ApplicationError) as refused:
        services.org_dissolve(actor=admin, org=held.org, effective_date=DAY, decision_ref="9-QĐ/TU")
    message = refused.value.message
    assert "Còn 2 chức vụ, ghế cấp ủy" in message
    assert "Phạm Văn Hùng – Bí thư Đảng ủy xã" in message and "Phạm Văn Hùng – Bí thư Ban chấp hành" in message
    assert refused.value.field == "end_posts"
    assert Organization.objects.get(pk=held.org.pk).ended_on is None


def test_it_ends_the_posts_and_seats_with_the_dissolution_when_the_decision_says_so(admin: User, tree: Tree) -> None:
    held = commune_with_posts(admin, tree)
    services.org_dissolve(actor=admin, org=held.org, effective_date=DAY, decision_ref="9-QĐ/TU", end_posts=True)
    assert Position.objects.get(pk=held.post.pk).valid_to == DAY
    assert BodyMembership.objects.get(pk=held.seat.pk).valid_to == DAY
    ended = AuditEvent.objects.filter(action__in=["position.end", "body_seat.end"]).order_by("action")
    assert [(e.action, e.changes["decision_ref"], e.changes["by"]) for e in ended] == [
        ("body_seat.end", "9-QĐ/TU", "org.dissolve"),
        ("position.end", "9-QĐ/TU", "org.dissolve"),
    ]
    dissolved = AuditEvent.objects.get(action="org.dissolve", object_id=str(held.org.pk))
    assert len(dissolved.changes["posts_ended"]) == 2


def test_it_refuses_merging_away_an_organisation_whose_posts_are_still_held(admin: User, tree: Tree) -> None:
    held = commune_with_posts(admin, tree)
    with pytest.raises(ApplicationError, match="Phạm Văn Hùng – Bí thư Đảng ủy xã"):
        services.org_merge(actor=admin, sources=[held.org], target=tree.X, effective_date=DAY, decision_ref="9-QĐ")
    services.org_merge(
        actor=admin, sources=[held.org], target=tree.X, effective_date=DAY, decision_ref="9-QĐ", end_posts=True
    )
    assert Position.objects.get(pk=held.post.pk).valid_to == DAY


def test_it_refuses_splitting_away_an_organisation_whose_posts_are_still_held(admin: User, tree: Tree) -> None:
    held = commune_with_posts(admin, tree)
    parts = [
        services.SplitPart(name="Đảng bộ xã Gia Một", kind=kind("commune"), code="G1"),
        services.SplitPart(name="Đảng bộ xã Gia Hai", kind=kind("commune"), code="G2"),
    ]
    with pytest.raises(ApplicationError, match="trước khi chia tách"):
        services.org_split(actor=admin, org=held.org, parts=parts, effective_date=DAY, decision_ref="9-QĐ")
    # keeping the original organisation ends nothing, so nothing is asked
    services.org_split(
        actor=admin, org=held.org, parts=parts[:1], effective_date=DAY, decision_ref="9-QĐ", keep_original=True
    )
    assert Position.objects.get(pk=held.post.pk).valid_to is None


def test_it_shows_the_posts_on_the_dissolution_form_and_ends_them_when_ticked(people: Personas, tree: Tree) -> None:
    held = commune_with_posts(people.admin, tree)
    client = logged_in(people.specialist)
    url = f"/to-chuc/{held.org.pk}/giai-the/"
    page = client.get(url, {"ngay": "01/03/2026"}).content.decode()
    assert "Phạm Văn Hùng – Bí thư Đảng ủy xã" in page and "Kết thúc cùng ngày hiệu lực" in page
    form = {"effective_date": "01/03/2026", "decision_ref": "9-QĐ/TU", "confirm": "on"}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "Còn 2 chức vụ, ghế cấp ủy" in refused.content.decode()
    done = client.post(url, {**form, "end_posts": "on"})
    assert done.status_code == 302
    assert Position.objects.get(pk=held.post.pk).valid_to == dt.date(2026, 3, 1)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_refuses_dissolving_while_a_post_there_is_being_recorded(admin: User, tree: Tree) -> None:
    g = services.org_create(
        actor=admin,
        code="G",
        name="Đảng bộ xã Gia Lộc",
        kind=kind("commune"),
        parent=tree.P,
        effective_date=RESTRUCTURING,
        decision_ref="G-QĐ/TU",
    )
    person = make_person(admin, "Phạm Văn Hùng")

    def dissolve_a_moment_later() -> None:
        # The post takes the tree's lock first; without the lock the two meet after their checks instead.
        time.sleep(0.5)
        services.org_dissolve(actor=admin, org=g, effective_date=DAY, decision_ref="9-QĐ/TU")

    # the post is recorded after its checks (at its audit row); the dissolution after its own (at its event)
    with meeting_in((records, "audit_record"), (services, "_event")):
        first, second = race(
            lambda: people.position_start(
                actor=admin, person=person, org=g, title="Bí thư Đảng ủy xã", valid_from=HELD_FROM
            ),
            dissolve_a_moment_later,
            meet_at=MEET,
            patience=PATIENCE,
        )
    assert first.ok, first.error
    assert_one_wins(first, second)
    assert "Phạm Văn Hùng – Bí thư Đảng ủy xã" in str(second.error)
    assert Organization.objects.get(pk=g.pk).ended_on is None
