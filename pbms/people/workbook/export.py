"""Exports of a list of people (any filtered list: an iterable or queryset of ``Person``, in its order).

- ``export_people``: the import template filled in, so export → import is a round trip that changes
  nothing; the banner row of each sheet carries the classification mark of ``person_list``.
- ``export_member_list``: the member list in the layout of Mẫu 7-HSĐV (14 columns), with the header
  block of ``pbms.reports.xlsx``.

Both read the people in chunks with a fixed number of queries per chunk, and write with openpyxl's
write-only mode.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from pbms.accounts.models import User
from pbms.evaluations.models import DECIDED_STATES, CycleKind, RatingKind, Result
from pbms.lib.dates import format_date
from pbms.orgs.models import Organization, Placement
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
from pbms.people.rules import is_chi_bo
from pbms.people.workbook.spec import (
    FIRST_RATING_YEAR,
    ORG_RATINGS,
    ORGS,
    PEOPLE,
    PERSON_RATINGS,
    POSITIONS,
    QUALIFICATIONS,
    SEATS,
    TRAININGS,
    YES,
    Lists,
    label_of,
    load_code_lists,
)
from pbms.people.workbook.template import CellValue, WorkbookWriter
from pbms.reports.xlsx import CellValue as TableValue
from pbms.reports.xlsx import export_header, xlsx_table

CHUNK = 2000
KIND_CODE = "person_list"


def _chunked(people: Iterable[Person], size: int = CHUNK) -> Iterator[list[Person]]:
    source = people.iterator(chunk_size=size) if isinstance(people, QuerySet) else iter(people)
    chunk: list[Person] = []
    for person in source:
        chunk.append(person)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class Chunk:
    """Everything about a chunk of people, loaded with one query per kind of row."""

    people: list[Person]
    memberships: dict[int, Membership] = field(default_factory=dict)
    cells: dict[int, CellMembership] = field(default_factory=dict)  # open row, by membership id
    qualifications: dict[int, list[Qualification]] = field(default_factory=lambda: defaultdict(list))
    positions: dict[int, list[Position]] = field(default_factory=lambda: defaultdict(list))
    seats: dict[int, list[BodyMembership]] = field(default_factory=lambda: defaultdict(list))
    trainings: dict[int, list[Training]] = field(default_factory=lambda: defaultdict(list))
    events: dict[int, list[MembershipEvent]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, people: list[Person], *, events: bool = False, children: bool = True) -> Chunk:
        chunk = cls(people)
        ids = [p.pk for p in people]
        for m in Membership.objects.filter(person_id__in=ids):
            chunk.memberships[m.person_id] = m
        membership_ids = [m.pk for m in chunk.memberships.values()]
        for c in CellMembership.objects.filter(membership_id__in=membership_ids, valid_to__isnull=True).order_by(
            "valid_from"
        ):
            chunk.cells[c.membership_id] = c
        if events:
            for e in MembershipEvent.objects.filter(membership_id__in=membership_ids).order_by("date", "id"):
                chunk.events[e.membership_id].append(e)
        if children:
            for q in Qualification.objects.filter(person_id__in=ids).order_by("kind", "obtained_on", "id"):
                chunk.qualifications[q.person_id].append(q)
            for p in (
                Position.objects.filter(person_id__in=ids).prefetch_related("categories").order_by("valid_from", "id")
            ):
                chunk.positions[p.person_id].append(p)
            for s in (
                BodyMembership.objects.filter(person_id__in=ids)
                .select_related("body__term")
                .order_by("valid_from", "id")
            ):
                chunk.seats[s.person_id].append(s)
            for t in Training.objects.filter(person_id__in=ids).order_by("starts_on", "id"):
                chunk.trainings[t.person_id].append(t)
        return chunk


def _person_key(person: Person, membership: Membership | None) -> tuple[str, str] | None:
    file_no = membership.party_file_no if membership else None
    if not file_no and not person.cccd:
        return None
    return (file_no or "", person.cccd or "")


def export_people(*, people: Iterable[Person], actor: User | None) -> bytes:
    """The people, their memberships, qualifications, positions, seats and trainings, and the organisations
    these name (with their ancestors), in the import template. People with neither số lý lịch nor CCCD
    cannot be named by an import and are left out."""
    lists = load_code_lists()
    mark, who = export_header(kind_code=KIND_CODE, actor=actor) if actor is not None else ("", "")
    writer = WorkbookWriter(lists=lists, mark=mark, banner=who)
    codes = {c.pk: c.code for c in Code.objects.all()}
    categories = {v: k for k, v in lists.ids[Lists.MANAGEMENT_CATEGORY].items()}
    training_codes = {v: k for k, v in lists.ids[Lists.TRAINING_CATEGORY].items()}
    org_ids: set[int] = set()
    pending: list[tuple[str, list[object]]] = []  # rows naming organisations by id, written once codes are known

    for people_chunk in _chunked(people):
        chunk = Chunk.load(people_chunk)
        ratings: dict[int, list[Result]] = defaultdict(list)
        for r in _ratings().filter(person_id__in=[p.pk for p in people_chunk]).order_by("cycle__year"):
            ratings[r.person_id].append(r)  # type: ignore[index]
        for person in chunk.people:
            membership = chunk.memberships.get(person.pk)
            key = _person_key(person, membership)
            if key is None:
                continue
            cell = chunk.cells.get(membership.pk) if membership else None
            if cell is not None:
                org_ids.add(cell.cell_id)
            pending.append(
                (
                    PEOPLE.key,
                    [
                        person.family_name,
                        person.middle_name,
                        person.given_name,
                        label_of(Lists.GENDER, person.gender),
                        person.birth_date,
                        person.cccd,
                        person.place_of_origin,
                        codes[person.ethnicity_id],
                        codes[person.religion_id],
                        membership.party_file_no if membership else None,
                        membership.card_no if membership else None,
                        membership.admitted_on if membership else None,
                        membership.official_on if membership else None,
                        _OrgRef(cell.cell_id) if cell else None,
                        cell.valid_from if cell else None,
                    ],
                )
            )
            named = [*key, person.full_name]
            for q in chunk.qualifications[person.pk]:
                writer.append(
                    QUALIFICATIONS.key,
                    [*named, label_of(Lists.QUAL_KIND, q.kind), codes[q.level_id], q.obtained_on, q.field, q.note],
                )
            for p in chunk.positions[person.pk]:
                org_ids.add(p.org_id)
                pending.append(
                    (
                        POSITIONS.key,
                        [
                            *named,
                            p.title,
                            _OrgRef(p.org_id),
                            YES if p.is_head else "Không",
                            ";".join(sorted(categories[c.pk] for c in p.categories.all())),
                            p.valid_from,
                            p.valid_to,
                            p.decision_ref,
                        ],
                    )
                )
            for s in chunk.seats[person.pk]:
                term = s.body.term
                org_ids.add(term.org_id)
                pending.append(
                    (
                        SEATS.key,
                        [
                            *named,
                            _OrgRef(term.org_id),
                            term.name,
                            term.starts_on,
                            term.ends_on,
                            label_of(Lists.BODY_KIND, s.body.kind),
                            s.body.name,
                            label_of(Lists.BODY_ROLE, s.role),
                            s.valid_from,
                            s.valid_to,
                            s.decision_ref,
                        ],
                    )
                )
            for t in chunk.trainings[person.pk]:
                writer.append(
                    TRAININGS.key,
                    [
                        *named,
                        t.course,
                        training_codes[t.category_id],
                        t.starts_on,
                        t.ends_on,
                        YES if t.completed else "Không",
                        t.provider,
                    ],
                )
            for r in ratings[person.pk]:
                writer.append(PERSON_RATINGS.key, [*named, r.cycle.year, *_decision(r)])
    org_codes = _write_orgs(writer, org_ids)
    for chunk_ids in _id_chunks(sorted(org_codes)):
        for r in _ratings().filter(org_id__in=chunk_ids).order_by("org_id", "cycle__year", "body_kind", "body_id"):
            assert r.org_id is not None
            body_name = r.body.name if r.body is not None else None
            row = [org_codes[r.org_id], r.cycle.year, r.get_body_kind_display(), *_decision(r), body_name]
            writer.append(ORG_RATINGS.key, row)
    for sheet_key, values in pending:
        writer.append(
            sheet_key,
            [org_codes[v.org_id] if isinstance(v, _OrgRef) else v for v in values],  # type: ignore[misc]
        )
    return writer.finish()


def _ratings() -> QuerySet[Result]:
    """Decided yearly results from the first year the workbook carries: what its rating sheets hold."""
    # the people sheet holds the party-member rating (what the import writes back); not the cadre rating
    return (
        Result.objects.filter(
            state__in=DECIDED_STATES, cycle__kind=CycleKind.YEAR, cycle__period=0, cycle__year__gte=FIRST_RATING_YEAR
        )
        .exclude(rating_kind=RatingKind.CADRE)
        .select_related("cycle", "body")
    )


def _decision(r: Result) -> list[CellValue]:
    return [r.get_decided_level_display(), r.decided_on, r.decision_ref]


def _id_chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass(frozen=True)
class _OrgRef:
    org_id: int


def _write_orgs(writer: WorkbookWriter, org_ids: set[int]) -> dict[int, str]:
    """The organisations named, and their ancestors, as they stand in their latest placement."""
    latest: dict[int, Placement] = {}
    wanted = set(org_ids)
    while wanted:
        rows = (
            Placement.objects.filter(org_id__in=sorted(wanted))
            .select_related("org", "kind", "parent")
            .order_by("org_id", "-valid_from")
        )
        for row in rows:
            latest.setdefault(row.org_id, row)
        wanted = {r.parent_id for r in latest.values() if r.parent_id and r.parent_id not in latest}
    for row in sorted(latest.values(), key=lambda r: (r.depth, r.org.code)):
        writer.append(
            ORGS.key,
            [row.org.code, row.name, row.kind.code, row.parent.code if row.parent else None, row.org.created_on, None],
        )
    codes = {org_id: row.org.code for org_id, row in latest.items()}
    missing = org_ids - set(codes)
    if missing:
        codes.update(Organization.objects.filter(pk__in=missing).values_list("id", "code"))
    return codes


# --- Mẫu 7-HSĐV ----------------------------------------------------------------------------------

MEMBER_LIST_COLUMNS = (
    "Số TT",
    "Họ và tên đang dùng (họ tên khai sinh)",
    "Ngày, tháng, năm sinh",
    "Nam, nữ; dân tộc; tôn giáo",
    "Quê quán",
    "Trình độ: văn hóa, lý luận chính trị, chuyên môn nghiệp vụ, ngoại ngữ",
    "Nghề nghiệp trước khi vào Đảng; hiện nay",
    "Ngày vào Đảng; ngày chính thức",
    "Số thẻ đảng viên; số lý lịch; số Huy hiệu Đảng",
    "Bộ đội, công an, hưu trí",
    "Ngày chuyển đi, chuyển đến (đảng bộ cơ sở)",
    "Ngày từ trần",
    "Ngày và hình thức ra khỏi Đảng",
    "Ghi chú",
)
# The form's column: văn hóa (general education: not kept in the register), lý luận chính trị, chuyên môn
# nghiệp vụ, ngoại ngữ, in that order; state management and IT are not on the form.
_SHORT_KIND = {
    CodeList.POLITICAL_THEORY: "LLCT",
    CodeList.EDUCATION: "CMNV",
    CodeList.FOREIGN_LANGUAGE: "Ngoại ngữ",
}
_LEFT = {MembershipEvent.Kind.STRUCK_OFF, MembershipEvent.Kind.EXPELLED, MembershipEvent.Kind.WITHDREW}
_NOTED = {MembershipEvent.Kind.EXEMPTED, MembershipEvent.Kind.EXEMPTION_ENDED, MembershipEvent.Kind.READMITTED}
_MOVES = {MembershipEvent.Kind.TRANSFERRED, MembershipEvent.Kind.MOVED_OUT, MembershipEvent.Kind.MOVED_IN}


def member_list_heading(*, org_id: int | None, day: dt.date) -> str:
    """The chi bộ a member list is kept by, "Chi bộ thôn Ba, Đảng bộ xã Cẩm Lý", when ``org_id`` is a chi bộ
    on ``day``: Mẫu 7-HSĐV is the chi bộ's book, its cover naming the chi bộ and the đảng bộ above it. Any
    other organisation (a đảng bộ, a committee) or none: "" (the list spans several chi bộ)."""
    if org_id is None:
        return ""
    row = Placement.objects.as_of(day).select_related("kind__level").filter(org_id=org_id).first()
    if row is None or not is_chi_bo(level_code=row.kind.level.code, kind_code=row.kind.code):
        return ""
    above = Placement.objects.as_of(day).filter(org_id=row.parent_id).values_list("name", flat=True).first()
    return f"{row.name}, {above}" if above else row.name


def export_member_list(
    *, people: Iterable[Person], actor: User, title: str, day: dt.date | None = None, org_id: int | None = None
) -> bytes:
    """Sổ danh sách đảng viên (Mẫu 7-HSĐV, HD 09-HD/BTCTW): one row per party member of ``people``; headed
    with the chi bộ's name when ``org_id`` (the organisation the list was chosen by) is a chi bộ."""
    day = day or timezone.localdate()
    cell = member_list_heading(org_id=org_id, day=day)
    if cell:
        title = f"{title} – {cell}"
    codes = {c.pk: c for c in Code.objects.all()}
    org_names: dict[int, str] = {}

    def rows() -> Iterator[list[TableValue]]:
        number = 0
        for people_chunk in _chunked(people):
            chunk = Chunk.load(people_chunk, events=True)
            cell_ids = {e.cell_id for es in chunk.events.values() for e in es if e.cell_id} - set(org_names)
            parents: dict[int, int] = {}
            for placement in Placement.objects.filter(org_id__in=sorted(cell_ids)).order_by("org_id", "-valid_from"):
                org_names.setdefault(placement.org_id, placement.name)
                if placement.parent_id is not None:
                    parents.setdefault(placement.org_id, placement.parent_id)
            above = dict(
                Placement.objects.filter(org_id__in=sorted(set(parents.values())))
                .order_by("org_id", "valid_from")
                .values_list("org_id", "name")
            )
            for cell_id, parent_id in parents.items():  # the cell with its đảng bộ cơ sở, as the form asks
                org_names[cell_id] = f"{org_names[cell_id]} ({above.get(parent_id, '')})".replace(" ()", "")
            for person in chunk.people:
                membership = chunk.memberships.get(person.pk)
                if membership is None:
                    continue
                number += 1
                yield _member_row(number, person, membership, chunk, codes, org_names, day)

    return xlsx_table(
        kind_code=KIND_CODE,
        actor=actor,
        title=f"{title} (Mẫu 7-HSĐV)",
        columns=MEMBER_LIST_COLUMNS,
        rows=rows(),
        widths=(6, 30, 12, 20, 30, 30, 24, 18, 22, 14, 22, 12, 22, 20),
    )


def _member_row(
    number: int,
    person: Person,
    membership: Membership,
    chunk: Chunk,
    codes: dict[int, Code],
    org_names: dict[int, str],
    day: dt.date,
) -> list[TableValue]:
    best: dict[str, Qualification] = {}
    for q in chunk.qualifications[person.pk]:
        current = best.get(q.kind)
        if current is None or (codes[q.level_id].rank or 0) > (codes[current.level_id].rank or 0):
            best[q.kind] = q
    levels = "; ".join(
        f"{short}: {codes[best[kind].level_id].name}" for kind, short in _SHORT_KIND.items() if kind in best
    )
    posts = "; ".join(
        p.title for p in chunk.positions[person.pk] if p.valid_from <= day and (p.valid_to is None or day < p.valid_to)
    )
    events = chunk.events[membership.pk]
    moves = "\n".join(f"{format_date(e.date)}: {_move(e, org_names)}" for e in events if e.kind in _MOVES)
    died = next((format_date(e.date) for e in events if e.kind == MembershipEvent.Kind.DIED), "")
    left = "\n".join(f"{format_date(e.date)}: {e.get_kind_display()}" for e in events if e.kind in _LEFT)
    noted = "\n".join(f"{e.get_kind_display()} từ {format_date(e.date)}" for e in events if e.kind in _NOTED)
    gender = "Nam" if person.gender == "M" else "Nữ"
    return [
        number,
        person.full_name,
        format_date(person.birth_date),
        f"{gender}; {codes[person.ethnicity_id].name}; {codes[person.religion_id].name}",
        person.place_of_origin,
        levels,
        posts,
        f"{format_date(membership.admitted_on)}; {format_date(membership.official_on) or 'dự bị'}",
        f"{membership.card_no or '—'}; {membership.party_file_no or '—'}; —",
        None,
        moves,
        died,
        left,
        noted or None,
    ]


def _move(event: MembershipEvent, org_names: dict[int, str]) -> str:
    """One line of the column "ngày chuyển đi, chuyển đến": where to (the cell and its đảng bộ cơ sở)."""
    where = org_names.get(event.cell_id, "") if event.cell_id else ""
    if event.kind == MembershipEvent.Kind.MOVED_OUT:
        destination = event.note.split("\n")[0].removeprefix("Chuyển đến: ")
        return f"chuyển đi {destination} (ra ngoài tỉnh)"
    if event.kind == MembershipEvent.Kind.MOVED_IN:
        return f"chuyển đến {where} (từ ngoài tỉnh)".replace("  ", " ")
    return f"chuyển đến {where}".rstrip()


def people_in_subtree(*, org: Organization | None, day: dt.date) -> QuerySet[Person]:
    """For the operator's command (no actor, no scope): everyone, or the people active in a cell or holding
    a post in the subtree of ``org`` on ``day``."""
    people = Person.objects.order_by("id")
    if org is None:
        return people
    top = Placement.objects.as_of(day).filter(org=org).first()
    if top is None:
        return people.none()
    orgs = Placement.objects.as_of(day).filter(path__startswith=top.path).values("org_id")
    in_cell = CellMembership.objects.filter(cell_id__in=orgs, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    in_post = Position.objects.filter(org_id__in=orgs, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    return people.filter(Q(membership__cells__in=in_cell) | Q(positions__in=in_post)).distinct()
