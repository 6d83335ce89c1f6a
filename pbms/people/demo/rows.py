"""The model rows of one chunk of the demo's people, built from the specs and inserted in bulk
(``bulk``): members with their membership, events, cell rows and qualifications, batch by batch; then
the chunk's posts, terms, bodies, seats and training."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from pbms.accounts.models import User
from pbms.lib.bulk import insert
from pbms.lib.text import fold
from pbms.orgs.demo import DemoError
from pbms.people.demo.leaders import PostSpec, TermSpec, TrainingSpec
from pbms.people.demo.people import PersonSpec
from pbms.people.models import (
    Body,
    BodyMembership,
    CellMembership,
    Code,
    ManagementCategory,
    Membership,
    MembershipEvent,
    Person,
    Position,
    Qualification,
    Term,
    Training,
    TrainingCategory,
)


class Codes:
    """The keys of the catalogues the rows point to (levels, management categories, training), read once."""

    def __init__(self) -> None:
        self.levels = {(c.list, c.code): c.pk for c in Code.objects.all()}
        self.categories = dict(ManagementCategory.objects.values_list("code", "pk"))
        self.trainings = dict(TrainingCategory.objects.values_list("code", "pk"))
        missing = [c for c in ("btv-tinh-uy", "truong-pho-phong", "lanh-dao-cap-xa") if c not in self.categories]
        missing += [c for c in ("xay-dung-dang", "lanh-dao-quan-ly", "chuc-danh-cap-xa") if c not in self.trainings]
        missing += [f"{k}/{c}" for k, c in (("ethnicity", "01"), ("religion", "00")) if (k, c) not in self.levels]
        if missing:
            raise DemoError(f"Thiếu danh mục cần cho dữ liệu mẫu: {', '.join(missing)}.")


def write_people(
    batch: Sequence[PersonSpec], *, actor: User, codes: Codes, batch_size: int, copy: bool
) -> Counter[str]:
    """Write a batch of members: persons, memberships, events, cell rows, qualifications. The specs get
    the keys the later rows need (``pk``, ``membership_pk``, ``open_row_pk``). Returns the rows written
    other than persons: ``events``, ``cell_rows``, ``qualifications`` and ``event:<kind>``."""
    size = batch_size
    persons = [
        Person(
            family_name=p.name.family,
            middle_name=p.name.middle,
            given_name=p.name.given,
            name_folded=fold(p.name.full),
            gender=p.gender,
            birth_date=p.birth,
            cccd=p.cccd,
            place_of_origin=p.origin,
            ethnicity_id=codes.levels[("ethnicity", p.ethnicity)],
            religion_id=codes.levels[("religion", p.religion)],
        )
        for p in batch
    ]
    insert(persons, batch_size=size, copy=copy, ids=True)
    for spec, person in zip(batch, persons, strict=True):
        assert person.pk is not None  # bulk_create returns keys on PostgreSQL and SQLite ≥ 3.35
        spec.pk = person.pk
    memberships = [
        Membership(
            person_id=p.pk,
            party_file_no=p.file_no,
            card_no=p.card_no,
            admitted_on=p.admitted,
            official_on=p.official,
        )
        for p in batch
    ]
    insert(memberships, batch_size=size, copy=copy, ids=True)
    for spec, membership in zip(batch, memberships, strict=True):
        assert membership.pk is not None
        spec.membership_pk = membership.pk
    events = [
        MembershipEvent(
            membership_id=p.membership_pk,
            kind=e.kind,
            date=e.day,
            decision_ref=e.ref,
            cell_id=e.cell,
            note=e.note,
            created_by_id=actor.pk,
        )
        for p in batch
        for e in p.events
    ]
    insert(events, batch_size=size, copy=copy)
    rows = [
        (
            p,
            CellMembership(membership_id=p.membership_pk, cell_id=r.cell, valid_from=r.valid_from, valid_to=r.valid_to),
        )
        for p in batch
        for r in p.rows
    ]
    insert([row for _, row in rows], batch_size=size, copy=copy, ids=True)
    for spec, row in rows:
        if row.valid_to is None:
            assert row.pk is not None
            spec.open_row_pk = row.pk
    quals = [
        Qualification(
            person_id=p.pk,
            kind=q.kind,
            level_id=codes.levels[(q.kind, q.level)],
            obtained_on=q.obtained_on,
            field=q.field,
        )
        for p in batch
        for q in p.quals
    ]
    insert(quals, batch_size=size, copy=copy)
    written: Counter[str] = Counter(events=len(events), cell_rows=len(rows), qualifications=len(quals))
    written.update(f"event:{e.kind}" for e in events)
    return written


def write_staffing(
    posts: Sequence[PostSpec],
    terms: Sequence[TermSpec],
    trainings: Sequence[TrainingSpec],
    *,
    codes: Codes,
    batch_size: int,
    copy: bool,
    seen: set[tuple[int, str, str, dt.date]],
) -> dict[str, int]:
    """Write the chunk's posts with their management categories, terms, bodies and seats, and training;
    the people must have been written. Returns the rows written by kind."""
    size = batch_size
    positions = [
        Position(
            person_id=s.person.pk,
            org_id=s.org,
            title=s.post.title,
            is_head=s.post.is_head,
            valid_from=s.valid_from,
            valid_to=s.valid_to,
        )
        for s in posts
    ]
    insert(positions, batch_size=size, copy=copy, ids=True)
    through = Position.categories.through
    links = [
        through(position_id=position.pk, managementcategory_id=codes.categories[code])
        for spec, position in zip(posts, positions, strict=True)
        for code in spec.post.categories
    ]
    insert(links, batch_size=size, copy=copy)
    rows = [Term(org_id=t.org, name=t.name, starts_on=t.starts_on, ends_on=t.ends_on) for t in terms]
    insert(rows, batch_size=size, copy=copy, ids=True)
    bodies = [
        (spec, Body(term_id=term.pk, kind=spec.kind, name=spec.name))
        for t, term in zip(terms, rows, strict=True)
        for spec in t.bodies
    ]
    insert([body for _, body in bodies], batch_size=size, copy=copy, ids=True)
    seats = [
        BodyMembership(
            body_id=body.pk, person_id=s.person.pk, role=s.role, valid_from=s.valid_from, valid_to=s.valid_to
        )
        for spec, body in bodies
        for s in spec.seats
    ]
    insert(seats, batch_size=size, copy=copy)
    # One course per (person, course, category, start): the register's key for a training (people 0008).
    # A person seated at two levels, or reused across units when --members is below the leaders needed,
    # can be drawn the same course twice on the same day, in this chunk or an earlier one: the first draw
    # stands, as the import would merge them. ``seen`` holds the keys written by earlier chunks.
    fresh: list[TrainingSpec] = []
    for t in trainings:
        key = (t.person.pk, t.course, t.category, t.starts_on)
        if key not in seen:
            seen.add(key)
            fresh.append(t)
    courses = [
        Training(
            person_id=t.person.pk,
            course=t.course,
            category_id=codes.trainings[t.category],
            starts_on=t.starts_on,
            ends_on=t.ends_on,
            completed=t.completed,
            provider=t.provider,
        )
        for t in fresh
    ]
    insert(courses, batch_size=size, copy=copy)
    return {
        "positions": len(positions),
        "terms": len(rows),
        "bodies": len(bodies),
        "seats": len(seats),
        "trainings": len(courses),
    }
