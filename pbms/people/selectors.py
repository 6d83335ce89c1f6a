"""Reads of the register of cadres and party members, always through the actor's scope.

A person is in an actor's scope on a day when one of their *anchors* on that day lies in an
organisation the actor sees on that day (``accounts.selectors.visible_placements``): the cell where
they are active (``CellMembership``), a position, or a seat on a body of an organisation's term. So a
member transferred from district A to district B on 01/3/2025 is B's from that day and A's before it,
and a 2024 list read in 2026 is still the 2024 list. A user whose role carries ``own_file`` (the
cadre) also sees his own person, and nothing else. Out of scope is "not found".

Every function costs a constant number of queries whatever the size of the register.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Case, Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Concat

from pbms.accounts.models import Assignment, Permission, Scope
from pbms.accounts.selectors import Actor, actor_is_admin, grant_placements, roles_with, visible_placements
from pbms.core.collation import path_bytes, vi_collate
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.lib.text import fold, nfc
from pbms.orgs.models import Placement
from pbms.people import rules
from pbms.people.models import (
    BodyMembership,
    CellMembership,
    Code,
    CodeList,
    Membership,
    MembershipEvent,
    Person,
    Position,
    Qualification,
    Training,
)

Kind = MembershipEvent.Kind
MAX_PAGE = 500


# --- scope ----------------------------------------------------------------------------------------


def held_on(day: dt.date, prefix: str = "") -> Q:
    """Rows of an interval [valid_from, valid_to) that hold on ``day``."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


# A party post is a seat (rules, "party posts"): the bí thư heads the party organisation whose term elected
# him, whether on its committee or, in a chi bộ without chi ủy, on the body of its bí thư and phó bí thư.
HEAD_BODY_KINDS = ("committee", "cell_secretaries")


def head_rows(day: dt.date, person_ids: QuerySet[Any, Any] | Sequence[int]) -> list[tuple[int, int]]:
    """(person id, organisation id) for each organisation one of ``person_ids`` heads on ``day``: a post
    marked as its head, or the secretary's seat on a body of its term. One query (a ``UNION``)."""
    posts = Position.objects.filter(held_on(day), person_id__in=person_ids, is_head=True)
    seats = BodyMembership.objects.filter(
        held_on(day), person_id__in=person_ids, role="secretary", body__kind__in=HEAD_BODY_KINDS
    )
    rows = posts.values_list("person_id", "org_id").union(seats.values_list("person_id", "body__term__org_id"))
    return [(int(person_id), int(org_id)) for person_id, org_id in rows]


def _party_post_title(day: dt.date) -> Subquery:
    """ "Bí thư <organisation>" or "Phó Bí thư <organisation>" for the outer person's secretary seat held on
    ``day`` (the organisation named as of the day): a party post is a seat, not a position (rules, "party
    posts"), and the list still shows it."""
    org_name = Placement.objects.as_of(day).filter(org_id=OuterRef("body__term__org_id")).values("name")[:1]
    seats = (
        BodyMembership.objects.filter(
            held_on(day),
            person_id=OuterRef("pk"),
            role__in=("secretary", "deputy_secretary"),
            body__kind__in=HEAD_BODY_KINDS,
        )
        .annotate(
            label=Case(
                When(role="secretary", then=Value("Bí thư ")), default=Value("Phó Bí thư "), output_field=TextField()
            ),
            title=Concat("label", Subquery(org_name), output_field=TextField()),
        )
        .order_by("-role", "-valid_from", "-id")  # "secretary" > "deputy_secretary": the secretary's seat first
    )
    return Subquery(seats.values("title")[:1])


def anchored_ids(
    org_ids: QuerySet[Any, Any], day: dt.date, *more: QuerySet[Any, Any], among: QuerySet[Any, Any] | None = None
) -> QuerySet[Any, Any]:
    """Ids of the people with an anchor on ``day`` (active cell, position, body seat) in ``org_ids``, a
    sub-query of organisation ids: one ``UNION``, so that ``pk IN (…)`` can be planned as a semi-join
    (three ``IN`` joined by ``OR`` force a scan of every person). ``more`` joins other id sets to it.

    ``among`` (a search's ids) narrows each branch to those people: the anchors are then looked up for
    the few people found rather than collected for the whole scope (on 5.5 million members, the
    difference between milliseconds and half a minute for a province-wide search)."""
    cells = CellMembership.objects.filter(held_on(day), cell_id__in=org_ids)
    posts = Position.objects.filter(held_on(day), org_id__in=org_ids)
    seats = BodyMembership.objects.filter(held_on(day), body__term__org_id__in=org_ids)
    if among is not None:
        cells = cells.filter(membership__person_id__in=among)
        posts = posts.filter(person_id__in=among)
        seats = seats.filter(person_id__in=among)
    return cells.values("membership__person_id").union(posts.values("person_id"), seats.values("person_id"), *more)


def _own_file(actor: Actor) -> QuerySet[Any, Any]:
    """The actor's own person, when one of his roles carries ``own_file`` (checked in the same query)."""
    if not actor.is_authenticated:
        return Person.objects.none().values("id")
    holds = Assignment.objects.filter(user_id=actor.pk, role__in=roles_with(Permission.OWN_FILE))
    return Person.objects.filter(Q(user_id=actor.pk) & Q(Exists(holds))).values("id")


def unplaced_created_by(actor: Actor) -> QuerySet[Any, Any]:
    """Ids of the people ``actor`` entered who are not yet anywhere: no cell, post or seat on any date (a
    cadre who is not a party member, entered before his post is). They are in their author's scope, read
    and write, while he still enters the register somewhere, so that nobody creates a record he then
    cannot see or complete; placing them anywhere hands them to that place's scope. The administrator
    reaches every person anyway."""
    if not actor.is_authenticated:
        return Person.objects.none().values("id")
    writes = Assignment.objects.filter(
        user_id=actor.pk, scope=Scope.ENTER, role__in=roles_with(Permission.REGISTER_WRITE)
    )
    return (
        Person.objects.filter(created_by_id=actor.pk)
        .filter(Exists(writes))
        .exclude(Exists(CellMembership.objects.filter(membership__person_id=OuterRef("pk"))))
        .exclude(Exists(Position.objects.filter(person_id=OuterRef("pk"))))
        .exclude(Exists(BodyMembership.objects.filter(person_id=OuterRef("pk"))))
        .values("id")
    )


def person_scope_q(*, actor: Actor, day: dt.date, scope: str | None = None) -> Q:
    """The condition on ``Person`` of being in the actor's scope on ``day``. With ``scope="enter"``, only
    the subtrees the actor may enter data for count, and the own file does not (it is read-only). The
    people the actor entered and has not placed yet count in both (``unplaced_created_by``)."""
    orgs = visible_placements(actor=actor, day=day, scope=scope).values("org_id")
    if scope is not None:
        return Q(pk__in=anchored_ids(orgs, day, unplaced_created_by(actor)))
    return Q(pk__in=anchored_ids(orgs, day, _own_file(actor), unplaced_created_by(actor)))


def _in_subtrees(paths: Sequence[str], day: dt.date) -> QuerySet[Placement]:
    """Placements as of ``day`` under any of ``paths``, as literal byte-ordered ranges [P, P') (P' is P with
    its final "/" replaced by "0", as in ``orgs.selectors.org_subtree``)."""
    if not paths:
        return Placement.objects.none()
    ranges = Q()
    for path in paths:
        ranges |= Q(path_bytes__gte=path, path_bytes__lt=path[:-1] + "0")
    return Placement.objects.as_of(day).alias(path_bytes=path_bytes()).filter(ranges)


def _list_scope(*, actor: Actor, day: dt.date, org_id: int | None, among: QuerySet[Any, Any] | None = None) -> Q:
    """``person_scope_q`` for lists, narrowed to ``org_id``'s subtree when given, in one or two small
    queries first: the paths of the actor's grants (and of ``org_id``) are read, then written into the
    list's query as literal ranges. The planner then sees how big the subtrees are; behind a correlated
    prefix test (``visible_placements``) it guesses one organisation and nests loops over every member
    (measured on 200,000 members: a province-wide page in 1.1 s instead of 5.8 s; a commune's in 30 ms).
    """
    orgs: QuerySet[Placement] = Placement.objects.as_of(day)
    if not actor_is_admin(actor):
        orgs = _in_subtrees(list(grant_placements(actor=actor, day=day).values_list("path", flat=True)), day)
    own = _own_file(actor)
    if org_id is not None:
        top = list(Placement.objects.as_of(day).filter(org_id=org_id).values_list("path", flat=True)[:1])
        subtree = _in_subtrees(top, day)
        orgs = orgs.filter(pk__in=subtree.values("pk"))
        own = own.filter(pk__in=anchored_ids(subtree.values("org_id"), day))
    unplaced = unplaced_created_by(actor)
    if org_id is not None:
        unplaced = unplaced.none()  # under no organisation, so in no organisation's list
    if among is not None:
        own = own.filter(pk__in=among)
        unplaced = unplaced.filter(pk__in=among)
    return Q(pk__in=anchored_ids(orgs.values("org_id"), day, own, unplaced, among=among))


# --- membership state -----------------------------------------------------------------------------


class MemberStatus(StrEnum):
    NOT_MEMBER = "not_member"
    PROBATIONARY = "probationary"
    OFFICIAL = "official"
    EXEMPT = "exempt"
    AWAY = "away"
    LEFT = "left"
    DECEASED = "deceased"


STATUS_LABELS = {
    MemberStatus.NOT_MEMBER: "chưa vào Đảng",
    MemberStatus.PROBATIONARY: "dự bị",
    MemberStatus.OFFICIAL: "chính thức",
    MemberStatus.EXEMPT: "miễn sinh hoạt",
    MemberStatus.AWAY: "sinh hoạt đảng ngoài tỉnh",
    MemberStatus.LEFT: "đã ra khỏi Đảng",
    MemberStatus.DECEASED: "từ trần",
}


@dataclass(frozen=True)
class MembershipState:
    status: MemberStatus
    since: dt.date | None = None
    # For LEFT: how (xóa tên, khai trừ, xin ra khỏi Đảng).
    reason: str = ""
    # Whether the member is official underneath an exemption (an exempt member is still dự bị or chính thức).
    official: bool = False

    @property
    def label(self) -> str:
        text = STATUS_LABELS[self.status]
        return f"{text} ({self.reason.lower()})" if self.reason else text

    @property
    def is_member(self) -> bool:
        """A member of an organisation of this province (one who moved out is a member elsewhere)."""
        return self.status in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.EXEMPT)


def _official_from(membership: Membership, rows: Sequence[MembershipEvent]) -> dict[dt.date, dt.date | None]:
    """For each admission (the first, then each re-admission, by its date): when the member became official,
    if recognised. The first admission's date is ``Membership.official_on`` (imported records carry their
    own); a re-admitted member's probation is 12 months from the re-admission, like a new member's."""
    found: dict[dt.date, dt.date | None] = {membership.admitted_on: None}
    start = membership.admitted_on
    for event in rows:
        if event.kind == Kind.READMITTED:
            start = event.date
            found[start] = None
        elif event.kind == Kind.RECOGNIZED:
            found[start] = membership.official_on if start == membership.admitted_on else rules.probation_end(start)
    return found


def membership_state(
    membership: Membership | None, day: dt.date, *, events: Sequence[MembershipEvent] | None = None
) -> MembershipState:
    """The state of a membership on ``day``, derived from its events (no query when ``events`` is given).

    Recognition takes effect at the end of the 12 months of probation even when the chi bộ meets later
    (domain-rules §3.4): once recorded, the member counts as official from ``official_on``, the end of
    probation, not from the meeting. Leaving the Party ends the state until a re-admission (kết nạp lại)
    opens a new probation; moving out of the province (chuyển sinh hoạt ra ngoài tỉnh) makes the member
    "away" until he is received back.
    """
    if membership is None or day < membership.admitted_on:
        return MembershipState(MemberStatus.NOT_MEMBER)
    rows = sorted(events if events is not None else membership.events.all(), key=lambda e: (e.date, e.pk or 0))
    official_from = _official_from(membership, rows)

    def active(start: dt.date, since: dt.date) -> tuple[MembershipState, bool]:
        became = official_from.get(start)
        if became is not None and became <= day:
            return MembershipState(MemberStatus.OFFICIAL, max(since, became), official=True), True
        return MembershipState(MemberStatus.PROBATIONARY, since), False

    start = membership.admitted_on
    state, official = active(start, start)
    for event in rows:
        if event.date > day:
            break
        if event.kind == Kind.DIED:
            return MembershipState(MemberStatus.DECEASED, event.date, official=official)
        if event.kind in MembershipEvent.ENDING:
            state = MembershipState(MemberStatus.LEFT, event.date, event.get_kind_display(), official=official)
        elif event.kind == Kind.READMITTED:
            start = event.date
            state, official = active(start, start)
        elif event.kind == Kind.EXEMPTED:
            state = MembershipState(MemberStatus.EXEMPT, event.date, official=official)
        elif event.kind == Kind.MOVED_OUT:
            state = MembershipState(MemberStatus.AWAY, event.date, official=official)
        elif event.kind in (Kind.EXEMPTION_ENDED, Kind.MOVED_IN):
            state, official = active(start, event.date)
    return state


# --- the list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFilters:
    """What a person list can be narrowed by. Codes are those of the reference lists, so a form, the API
    and an import name them the same way; an unknown code matches nobody."""

    org_id: int | None = None  # the organisation's subtree as of the day
    gender: str = ""
    age_min: int | None = None  # completed years on the day, birthday included
    age_max: int | None = None
    education_min: str = ""  # a code of the education list ("DH"): that level or higher
    political_theory_min: str = ""  # "CC": cao cấp, and cử nhân chính trị (same rank)
    management_category: str = ""  # ManagementCategory.code, carried by a position held on the day
    body_role: str = ""  # BodyRole held on the day
    training_category: str = ""  # TrainingCategory.code of a completed course ...
    training_year: int | None = None  # ... that ended in this year (else: on or before the day)
    q: str = ""  # name without diacritics, CCCD, số thẻ or số lý lịch


@dataclass(frozen=True)
class PersonPage:
    rows: Sequence[Person]
    # Pass as ``after`` for the next page; None on the last page.
    next_cursor: str | None = None


def _level_at_least(kind: str, code: str, day: dt.date) -> Q:
    """Holds a qualification of ``kind`` ranked at least as ``code`` by ``day``. The highest level held is
    at least X exactly when some level held is, so this is one ``IN``. A qualification without a date
    counts as held (imported records often lack it)."""
    rank = Code.objects.filter(list=kind, code=code).values("rank")[:1]
    held = (
        Qualification.objects.filter(kind=kind, level__rank__gte=Subquery(rank))
        .filter(Q(obtained_on__isnull=True) | Q(obtained_on__lte=day))
        .values("person_id")
    )
    return Q(pk__in=held)


CCCD_PART_MIN = 4  # digits: fewer would match a large share of the province


def _search(query: str) -> tuple[list[str], QuerySet[Any, Any] | None]:
    """A query without digits is a name: its folded words, each to be found as a whole word of the folded
    name ('nguyen van an' finds 'Nguyễn Văn An', 'an' does not find 'Trần Văn Thanh'), a condition on the
    person's own row (``_name_page``). One with digits is an identifier: part of a CCCD (at least four
    digits), a card number, a số lý lịch: the ids of one ``UNION`` of index look-ups (trigrams on the CCCD,
    b-trees on the card and file numbers) rather than an ``OR`` across the membership join."""
    words = list(dict.fromkeys(fold(query).split()))
    compact = nfc(query).replace(" ", "")
    if not words or not any(ch.isdigit() for ch in compact):  # names hold no digits, identifiers some
        return words, None
    file_no = rules.normalise_party_file_no(query)
    ids: QuerySet[Any, Any] = Membership.objects.filter(Q(card_no=compact) | Q(party_file_no=file_no)).values(
        "person_id"
    )
    if compact.isdigit() and len(compact) >= CCCD_PART_MIN:
        ids = Person.objects.filter(cccd__contains=compact).values("id").union(ids)
    return [], ids


# The folded name split in two, as the indexes of migration people.0006 see it on PostgreSQL: its last word
# (the given name, mostly) and the words before it (family and middle names).
LAST_WORD = Func(F("name_folded"), Value(" "), Value(-1), function="split_part", output_field=TextField())
FIRST_WORDS = Func(
    Func(F("name_folded"), Value(" "), function="string_to_array", output_field=ArrayField(TextField())),
    Value(1),
    function="trim_array",
    output_field=ArrayField(TextField()),
)
ORDER = ("k_given", "k_family", "k_middle", "id")
PAGE_KEYS = ("key_given", "key_family", "key_middle")


def _name_page(rows: QuerySet[Person], words: list[str], size: int) -> list[int]:
    """The first ``size`` ids of ``rows`` (ordered by ``ORDER``) whose folded name holds every word of
    ``words`` as a whole word.

    On PostgreSQL one statement, the merge of one ordered, limited branch per word ("the last word is this
    one, the others are among the words before it", a range of the index on (last word, Vietnamese order):
    read in order and stopped at the page) and one for "every word is among the words before the last"
    (their GIN index has per-word statistics, so the planner walks the Vietnamese-order index and stops when
    the words are common, and collects and sorts the few rows when they are rare). A common given name such
    as "giang" would otherwise make the planner walk millions of rows: its people are all together, near
    "G", in the list's order. SQLite matches padded words in one query."""
    if connection.vendor != "postgresql":
        for word in words:
            rows = rows.alias(padded=Concat(Value(" "), F("name_folded"), Value(" "), output_field=TextField()))
            rows = rows.filter(padded__contains=f" {word} ")
        return list(rows.order_by(*ORDER).values_list("id", flat=True)[:size])
    rows = rows.alias(last_word=LAST_WORD, first_words=FIRST_WORDS)
    branches = []
    for word in words:
        others = [w for w in words if w != word]
        branches.append(
            rows.filter(last_word=word, first_words__contains=others) if others else rows.filter(last_word=word)
        )
    branches.append(rows.filter(first_words__contains=words))
    parts: list[str] = []
    params: list[Any] = []
    for branch in branches:
        keys = branch.annotate(key_given=F("k_given"), key_family=F("k_family"), key_middle=F("k_middle"))
        page = keys.order_by(*ORDER).values_list("id", *PAGE_KEYS)[:size]
        sql, args = page.query.sql_with_params()
        parts.append(f"({sql})")
        params += args
    # only SQL compiled by Django and an integer go into the statement; the values stay parameters
    statement = f"SELECT id FROM ({' UNION '.join(parts)}) page ORDER BY {', '.join(PAGE_KEYS)}, id LIMIT {size:d}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [row[0] for row in cursor.fetchall()]


def _anchored_anywhere(day: dt.date) -> Q:
    """Anchored somewhere on ``day`` (the administrator's scope), as a test on the person's row. Correlated
    by a range on the person's id: with an equality the planner turns the posts' and seats' tests into a
    hash of the whole table (750,000 posts read for a page of 50, measured on the national data)."""
    person = {"person_id__gte": OuterRef("pk"), "person_id__lte": OuterRef("pk")}
    cells = CellMembership.objects.filter(
        held_on(day), membership__person_id__gte=OuterRef("pk"), membership__person_id__lte=OuterRef("pk")
    )
    posts = Position.objects.filter(held_on(day), **person)
    seats = BodyMembership.objects.filter(held_on(day), **person)
    return Q(Exists(cells)) | Q(Exists(posts)) | Q(Exists(seats))


def _apply_filters(rows: QuerySet[Person], filters: PersonFilters, day: dt.date) -> QuerySet[Person]:
    f = filters
    if f.gender:
        rows = rows.filter(gender=f.gender)
    if f.age_min is not None:
        rows = rows.filter(birth_date__lte=rules.latest_birth_date_for_age(age=f.age_min, day=day))
    if f.age_max is not None:
        rows = rows.filter(birth_date__gt=rules.latest_birth_date_for_age(age=f.age_max + 1, day=day))
    if f.education_min:
        rows = rows.filter(_level_at_least(CodeList.EDUCATION, f.education_min, day))
    if f.political_theory_min:
        rows = rows.filter(_level_at_least(CodeList.POLITICAL_THEORY, f.political_theory_min, day))
    if f.management_category:
        posts = Position.objects.filter(held_on(day), categories__code=f.management_category)
        rows = rows.filter(pk__in=posts.values("person_id"))
    if f.body_role:
        seats = BodyMembership.objects.filter(held_on(day), role=f.body_role)
        rows = rows.filter(pk__in=seats.values("person_id"))
    if f.training_category or f.training_year is not None:
        courses = Training.objects.filter(completed=True)
        if f.training_category:
            courses = courses.filter(category__code=f.training_category)
        if f.training_year is not None:
            courses = courses.filter(
                ends_on__gte=dt.date(f.training_year, 1, 1), ends_on__lte=dt.date(f.training_year, 12, 31)
            )
        else:
            courses = courses.filter(ends_on__lte=day)
        rows = rows.filter(pk__in=courses.values("person_id"))
    return rows


def person_cursor(person: Person) -> str:
    """The opaque cursor that continues a list after ``person`` (its sort key, base64 of JSON)."""
    key = [person.given_name, person.family_name, person.middle_name, person.pk]
    return base64.urlsafe_b64encode(json.dumps(key, ensure_ascii=False).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, str, str, int]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        given, family, middle, pk = raw
        if not (isinstance(given, str) and isinstance(family, str) and isinstance(middle, str)):
            raise ValueError(raw)
        return given, family, middle, int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise ApplicationError("Vị trí trang không hợp lệ; hãy tải lại danh sách.", field="after") from exc


def _after(key: tuple[str, str, str, int]) -> Q:
    """Rows after ``key`` in (given, family, middle, id) order, compared under the same collation as the
    ORDER BY (the aliases ``k_given``… are the collated columns)."""
    given, family, middle, pk = key
    return (
        Q(k_given__gt=given)
        | Q(k_given=given, k_family__gt=family)
        | Q(k_given=given, k_family=family, k_middle__gt=middle)
        | Q(k_given=given, k_family=family, k_middle=middle, pk__gt=pk)
    )


def _matching(*, actor: Actor, day: dt.date, filters: PersonFilters) -> tuple[QuerySet[Person], list[str]]:
    """The people of the list before its order and page: scope and filters; the name's words apart (matched
    by ``_name_page``)."""
    f = filters
    words, found = _search(f.q)
    if words and f.org_id is None and actor_is_admin(actor):
        # the whole province: the anchor tested row by row, so that the list's order can be walked and stopped
        rows = Person.objects.filter(_anchored_anywhere(day))
    else:
        rows = Person.objects.filter(_list_scope(actor=actor, day=day, org_id=f.org_id, among=found))
    rows = _apply_filters(rows, f, day).alias(
        k_given=vi_collate("given_name"), k_family=vi_collate("family_name"), k_middle=vi_collate("middle_name")
    )
    return rows, words


# A capped count, not a full one: counting a province-wide list (200,000 members) costs about as much as the
# unstopped sort the list's page avoids (~1 s); counting up to the cap stops there, and a list this long is
# narrowed with the filters anyway. Past the cap the page says "hơn 5.000".
COUNT_CAP = 5000


def person_count(*, actor: Actor, day: dt.date, filters: PersonFilters | None = None, cap: int = COUNT_CAP) -> int:
    """How many people ``person_list`` lists with these filters, counted up to ``cap + 1`` (a result above
    ``cap`` means "more than ``cap``"). One counting query, after the same small look-ups of the grants as
    ``person_list`` (one path for the list's scope and filters: ``_matching``)."""
    rows, words = _matching(actor=actor, day=day, filters=filters or PersonFilters())
    if words:
        return len(_name_page(rows, words, cap + 1))
    return rows.values("id")[: cap + 1].count()


def person_list(
    *,
    actor: Actor,
    day: dt.date,
    filters: PersonFilters | None = None,
    after: str | None = None,
    limit: int = 50,
) -> PersonPage:
    """People in the actor's scope on ``day`` matching ``filters``, by given name, then family and middle
    name under Vietnamese collation, then id; one page of ``limit`` after the cursor ``after``.

    Each row carries ``cell_name`` (the cell where the member is active on the day, named as of the day),
    ``position_title`` (the post held on the day, the head's post first; else the party post held as a
    seat, "Bí thư Chi bộ thôn Một") and the membership's
    ``party_file_no`` and ``card_no``. At most four queries whatever the size: the actor's grants (none
    for the administrator), the organisation's path (with an organisation filter), the page's ids in
    order, then those rows with what they show; the second step keeps the joins and sub-queries of the
    display off the thousands of rows the first one sorts.
    """
    if not 1 <= limit <= MAX_PAGE:
        raise ApplicationError(f"Mỗi trang từ 1 đến {MAX_PAGE} dòng.", field="limit")
    cursor = _decode_cursor(after) if after else None
    rows, words = _matching(actor=actor, day=day, filters=filters or PersonFilters())
    if cursor is not None:
        rows = rows.filter(_after(cursor))
    if words:
        ids = _name_page(rows, words, limit + 1)
    else:
        ids = list(rows.order_by(*ORDER).values_list("id", flat=True)[: limit + 1])
    if not ids:
        return PersonPage(rows=[])
    cell_name = Placement.objects.as_of(day).filter(
        held_on(day, "org__member_rows__"), org__member_rows__membership__person_id=OuterRef("pk")
    )
    post = Position.objects.filter(held_on(day), person_id=OuterRef("pk")).order_by("-is_head", "-valid_from", "-id")
    shown = Person.objects.filter(pk__in=ids[:limit]).annotate(
        cell_name=Subquery(cell_name.values("name")[:1]),
        position_title=Coalesce(Subquery(post.values("title")[:1]), _party_post_title(day), output_field=TextField()),
        party_file_no=F("membership__party_file_no"),
        card_no=F("membership__card_no"),
    )
    by_id = {person.pk: person for person in shown}
    page = [by_id[pk] for pk in ids[:limit]]
    return PersonPage(rows=page, next_cursor=person_cursor(page[-1]) if len(ids) > limit else None)


# --- one person -----------------------------------------------------------------------------------


def person_get(*, actor: Actor, person_id: int, day: dt.date) -> Person:
    """The person, if in the actor's scope on ``day`` (an administrator reaches every person, also one with
    no anchor yet or any more). One query."""
    rows = Person.objects.filter(pk=person_id).select_related("ethnicity", "religion", "membership")
    if not actor_is_admin(actor):
        rows = rows.filter(person_scope_q(actor=actor, day=day))
    person = rows.first()
    if person is None:
        raise NotFoundError()
    return person


@dataclass(frozen=True)
class PersonFile:
    """Everything the file page shows, each section with its history."""

    person: Person
    day: dt.date
    membership: Membership | None
    state: MembershipState
    events: list[MembershipEvent] = field(default_factory=list)  # each with ``cell_name`` as of its date
    cells: list[CellMembership] = field(default_factory=list)  # each with ``cell_name`` as of its start
    qualifications: list[Qualification] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)  # ``org_name``; categories prefetched
    seats: list[BodyMembership] = field(default_factory=list)  # body, term; ``org_name``
    trainings: list[Training] = field(default_factory=list)


def _name_at(org_field: str, date_field: str) -> Subquery:
    """The organisation's name on the row's own date (what it was called then)."""
    rows = Placement.objects.filter(org_id=OuterRef(org_field), valid_from__lte=OuterRef(date_field)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef(date_field))
    )
    return Subquery(rows.values("name")[:1])


def person_file(*, actor: Actor, person_id: int, day: dt.date) -> PersonFile:
    """The person's whole file, in scope on ``day``: eight queries (six without a membership)."""
    person = person_get(actor=actor, person_id=person_id, day=day)
    membership: Membership | None = getattr(person, "membership", None)
    events: list[MembershipEvent] = []
    cells: list[CellMembership] = []
    if membership is not None:
        events = list(
            MembershipEvent.objects.filter(membership=membership)
            .annotate(cell_name=_name_at("cell_id", "date"))
            .order_by("date", "id")
        )
        cells = list(
            CellMembership.objects.filter(membership=membership)
            .annotate(cell_name=_name_at("cell_id", "valid_from"))
            .order_by("valid_from", "id")
        )
    return PersonFile(
        person=person,
        day=day,
        membership=membership,
        state=membership_state(membership, day, events=events),
        events=events,
        cells=cells,
        qualifications=list(
            Qualification.objects.filter(person=person).select_related("level").order_by("kind", "obtained_on", "id")
        ),
        positions=list(
            Position.objects.filter(person=person)
            .annotate(org_name=_name_at("org_id", "valid_from"))
            .prefetch_related("categories")
            .order_by("valid_from", "id")
        ),
        seats=list(
            BodyMembership.objects.filter(person=person)
            .select_related("body__term")
            .annotate(org_name=_name_at("body__term__org_id", "valid_from"))
            .order_by("valid_from", "id")
        ),
        trainings=list(Training.objects.filter(person=person).select_related("category").order_by("starts_on", "id")),
    )


# --- lists of the lifecycle -----------------------------------------------------------------------


@dataclass(frozen=True)
class RecognitionDue:
    membership: Membership  # with ``person`` loaded
    due_on: dt.date  # end of probation: the day recognition takes effect

    def overdue(self, day: dt.date) -> bool:
        return self.due_on <= day


def _due_for_recognition(*, actor: Actor, day: dt.date, horizon_days: int) -> QuerySet[Membership]:
    """The memberships of ``members_due_for_recognition``, as a query with ``start`` (the probation's)."""
    latest = rules.latest_admission_with_probation_ended(day + dt.timedelta(days=horizon_days))
    events = MembershipEvent.objects.filter(membership_id=OuterRef("pk"), date__lte=day)
    readmitted = events.filter(kind=Kind.READMITTED).order_by("-date", "-id").values("date")[:1]
    last_move = events.filter(kind__in=[Kind.MOVED_OUT, Kind.MOVED_IN]).order_by("-date", "-id").values("kind")[:1]
    # what ends this probation: recognition, or leaving the Party, on or after its start
    closed = events.filter(kind__in=[*MembershipEvent.ENDING, Kind.RECOGNIZED], date__gte=OuterRef("start"))
    return (
        Membership.objects.annotate(readmitted_on=Subquery(readmitted), last_move=Subquery(last_move))
        .annotate(start=Coalesce("readmitted_on", "admitted_on"))
        .filter(start__lte=latest)
        .filter(Q(official_on__isnull=True) | Q(readmitted_on__isnull=False))
        .filter(~Exists(closed))
        .filter(Q(last_move__isnull=True) | ~Q(last_move=Kind.MOVED_OUT))
        .filter(person__in=Person.objects.filter(_list_scope(actor=actor, day=day, org_id=None)))
    )


def members_due_for_recognition(
    *, actor: Actor, day: dt.date, horizon_days: int = 30, limit: int | None = None
) -> list[RecognitionDue]:
    """Probationary members in scope on ``day`` whose 12 months end on or before ``day + horizon_days`` and
    who are not recognised yet, nor out of the Party, nor away in another province: the chi bộ must consider
    them within 30 working days of the end of probation. A re-admitted member's probation counts from the
    re-admission (kết nạp lại, domain-rules §3.4; ``official_on`` keeps the first admission's date), so his
    earlier recognition or leaving does not hide him. Earliest first; the first ``limit`` only when given
    (read with LIMIT: a province has tens of thousands). Two queries (the actor's grants, then the list)."""
    rows = (
        _due_for_recognition(actor=actor, day=day, horizon_days=horizon_days)
        .select_related("person")
        .alias(k_given=vi_collate("person__given_name"), k_family=vi_collate("person__family_name"))
        .order_by("start", "k_given", "k_family", "id")
    )
    if limit is not None:
        rows = rows[:limit]
    # ``start`` is annotated by ``_due_for_recognition`` (the stubs lose it through the helper's return type)
    return [RecognitionDue(membership=m, due_on=rules.probation_end(m.start)) for m in rows]  # type: ignore[attr-defined]


def members_due_for_recognition_count(*, actor: Actor, day: dt.date, horizon_days: int = 30) -> tuple[int, int]:
    """How many ``members_due_for_recognition`` there are, and how many of them are overdue (probation
    ended on or before ``day``, ``RecognitionDue.overdue``), counted by the database in one query."""
    ended_by_day = rules.latest_admission_with_probation_ended(day)
    counts = (
        _due_for_recognition(actor=actor, day=day, horizon_days=horizon_days)
        .order_by()
        .aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(start__lte=ended_by_day)))
    )
    return counts["total"], counts["overdue"]


def person_can_write(*, actor: Actor, person: Person, day: dt.date) -> bool:
    """Whether the pages should offer the actor the edit forms of ``person`` on ``day`` (the services
    decide for good: they also accept the nearest day the person was placed)."""
    if actor_is_admin(actor):
        return True
    return bool(Person.objects.filter(person_scope_q(actor=actor, day=day, scope=Scope.ENTER), pk=person.pk).exists())
