"""Party posts entered as positions become seats: one representation of a bí thư (rules, "party posts").

Matching rule (``rules.party_post_role``, the one the position service and the workbook refuse by): a position
whose title is "Bí thư" or "Phó Bí thư" (optionally "Thường trực"), alone or followed by a party organisation
("Chi bộ thôn 3", "Đảng ủy xã An Phú", "Đảng bộ bộ phận…", "Chi ủy"), held in an organisation that is, on the
position's first day, a chi bộ, a đảng bộ bộ phận or a tổ chức cơ sở đảng (levels ``cell``, ``sub_committee``,
``grassroots``). Youth Union titles ("Bí thư Chi đoàn", "Bí thư Tỉnh đoàn") do not match; higher levels are
left alone (their secretaries carry management categories and have seats already).

For each match, a seat with the role (Bí thư / Phó Bí thư) and the position's dates and decision:
- on the body of the organisation's term running on the position's first day; without such a term, a term
  "Nhiệm kỳ từ dd/mm/yyyy" is created from that day (to the next known term, if any);
- the body is the term's committee (chi ủy, đảng ủy bộ phận, đảng ủy) if it has one; else, for a chi bộ, the
  body "bí thư, phó bí thư chi bộ" (a chi bộ under nine official members elects no chi ủy, Điều lệ Đảng,
  Điều 24 khoản 4); else a committee (a đảng bộ always elects a đảng ủy);
- no seat is added (nor term, nor body) when the person already has a seat on the organisation's committee,
  standing committee or body of its bí thư over an overlapping span, in any term (entered both ways).
The position is then deleted if it was the party post alone, with no management category; a position that
carries a category (QĐ 377-QĐ/TW: what targets 4–10 read) or combines another post ("Bí thư Đảng ủy, Chủ
tịch Hội đồng nhân dân xã") is kept, with its seat beside it. The counts are printed and written to the audit
log (``people.party_posts_to_seats``). Not reversed: the seats stand for the posts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Q
from django.utils import timezone

from pbms.people import rules

AUDIT_ACTION = "people.party_posts_to_seats"
SEAT_KINDS = ("committee", "standing", "cell_secretaries")


def _placements(apps: Any, org_ids: set[int]) -> dict[int, list[tuple[dt.date, dt.date | None, str, str]]]:
    Placement = apps.get_model("orgs", "Placement")
    found: dict[int, list[tuple[dt.date, dt.date | None, str, str]]] = defaultdict(list)
    rows = Placement.objects.filter(org_id__in=org_ids).values_list(
        "org_id", "valid_from", "valid_to", "kind__level__code", "kind__code"
    )
    for org_id, start, end, level, kind in rows:
        found[org_id].append((start, end, level, kind))
    return found


def _holds(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return start <= day and (end is None or day < end)


class _Register:
    """The terms and bodies of the organisations converted, read once per organisation (a province holds
    thousands of cells: one query per cell, not several per post)."""

    def __init__(self, apps: Any, counts: Counter[str]) -> None:
        self.Term = apps.get_model("people", "Term")
        self.Body = apps.get_model("people", "Body")
        self.counts = counts
        self.terms: dict[int, list[Any]] = {}
        self.bodies: dict[int, Any] = {}

    def term(self, org_id: int, day: dt.date) -> Any:
        """The organisation's term running on ``day``, the latest begun if several; else a new one from
        ``day`` to the next known term."""
        if org_id not in self.terms:
            self.terms[org_id] = list(self.Term.objects.filter(org_id=org_id).order_by("-starts_on", "-id"))
        terms = self.terms[org_id]
        for term in terms:
            if _holds(term.starts_on, term.ends_on, day):
                return term
        later = [t.starts_on for t in terms if t.starts_on > day]
        names = {t.name for t in terms}
        name, n = f"Nhiệm kỳ từ {day:%d/%m/%Y}", 1
        while name in names:
            n += 1
            name = f"Nhiệm kỳ từ {day:%d/%m/%Y} ({n})"
        self.counts["terms_created"] += 1
        term = self.Term.objects.create(org_id=org_id, name=name, starts_on=day, ends_on=min(later) if later else None)
        terms.append(term)
        terms.sort(key=lambda t: t.starts_on, reverse=True)
        return term

    def body(self, term: Any, *, chi_bo: bool) -> Any:
        """The term's committee, else its body of a chi bộ's bí thư; else one made (rules, "party posts")."""
        if term.pk not in self.bodies:
            kinds = {b.kind: b for b in self.Body.objects.filter(term=term, kind__in=("committee", "cell_secretaries"))}
            found = kinds.get("committee") or kinds.get("cell_secretaries")
            if found is None:
                self.counts["bodies_created"] += 1
                kind = "cell_secretaries" if chi_bo else "committee"
                found = self.Body.objects.create(term=term, kind=kind, name="")
            self.bodies[term.pk] = found
        return self.bodies[term.pk]


def party_posts_to_seats(apps: Any) -> Counter[str]:
    """Convert the party posts entered as positions (module docstring); the counts of what was done."""
    Position = apps.get_model("people", "Position")
    BodyMembership = apps.get_model("people", "BodyMembership")
    counts: Counter[str] = Counter()
    # Every position is read (titles are matched in Python, as the rule does): a few tens of thousands at most.
    matched = [
        row
        for row in Position.objects.order_by("id")
        .values_list("id", "person_id", "org_id", "title", "valid_from", "valid_to", "decision_ref")
        .iterator(chunk_size=5000)
        if rules.party_post_role(row[3]) is not None
    ]
    places = _placements(apps, {row[2] for row in matched})
    with_categories = set(
        Position.categories.through.objects.filter(position_id__in=[row[0] for row in matched]).values_list(
            "position_id", flat=True
        )
    )
    register = _Register(apps, counts)
    to_delete: list[int] = []
    for pk, person_id, org_id, title, start, end, decision_ref in matched:
        place = next((p for p in places.get(org_id, []) if _holds(p[0], p[1], start)), None)
        if place is None or place[2] not in rules.PARTY_POST_LEVELS:
            continue
        counts["matched"] += 1
        # Entered both ways: a seat of the person on a leading body of the organisation over an overlapping
        # span (whatever its term: a post often starts before the congress that opened the term).
        overlapping = BodyMembership.objects.filter(
            person_id=person_id, body__term__org_id=org_id, body__kind__in=SEAT_KINDS
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        if end is not None:
            overlapping = overlapping.filter(valid_from__lt=end)
        if overlapping.exists():
            counts["seats_already_there"] += 1
        else:
            term = register.term(org_id, start)
            body = register.body(term, chi_bo=rules.is_chi_bo(level_code=place[2], kind_code=place[3]))
            BodyMembership.objects.create(
                body=body,
                person_id=person_id,
                role=rules.party_post_role(title),
                valid_from=start,
                valid_to=end,
                decision_ref=decision_ref,
            )
            counts["seats_created"] += 1
        if rules.is_party_post_only(title) and pk not in with_categories:
            to_delete.append(pk)
        else:
            counts["positions_kept"] += 1
    for offset in range(0, len(to_delete), 1000):
        Position.objects.filter(pk__in=to_delete[offset : offset + 1000]).delete()
    counts["positions_deleted"] = len(to_delete)
    if counts["matched"]:
        apps.get_model("audit", "AuditEvent").objects.create(
            at=timezone.now(),
            actor_name="hệ thống",
            action=AUDIT_ACTION,
            object_repr="Chức danh bí thư, phó bí thư ghi là chức vụ chuyển thành ghế cấp ủy",
            changes=dict(sorted(counts.items())),
        )
    return counts


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    counts = party_posts_to_seats(apps)
    if counts["matched"]:
        print(
            f"\n  Chức danh đảng ghi là chức vụ: {counts['matched']}; ghế thêm {counts['seats_created']}, "
            f"đã có ghế {counts['seats_already_there']}; chức vụ xóa {counts['positions_deleted']}, "
            f"giữ {counts['positions_kept']}; nhiệm kỳ thêm {counts['terms_created']}, "
            f"cơ quan thêm {counts['bodies_created']}."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_body_kind_cell_secretaries"),
        ("orgs", "0003_placement_path_c_idx"),
        ("audit", "0002_append_only"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
