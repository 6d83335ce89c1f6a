"""Planning an import: every key of the file resolved against the register (loaded once by ``register``:
the number of queries does not grow with the rows), every check that needs the database (organisations
existing on the dates given, scope, keys that clash, lifecycle dates that would be rewritten), and the
list of rows to insert or update. Nothing here writes; ``apply.Writer`` does."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db import models

from pbms.accounts import selectors as accounts_selectors
from pbms.accounts.models import User
from pbms.accounts.selectors import actor_is_admin
from pbms.lib.dates import format_date
from pbms.lib.text import fold
from pbms.orgs.models import OrgKind, Placement
from pbms.people import rules
from pbms.people.models import (
    Body,
    BodyMembership,
    Membership,
    MembershipEvent,
    Person,
    Position,
    Qualification,
    Term,
    Training,
)
from pbms.people.workbook.access import import_grants
from pbms.people.workbook.parse import Issue, ParsedWorkbook, Row
from pbms.people.workbook.register import Existing, NewOrg, OrgIndex, PersonPlan, Span, chunks
from pbms.people.workbook.spec import (
    ORGS,
    PEOPLE,
    PERSON_RATINGS,
    POSITIONS,
    QUALIFICATIONS,
    SEATS,
    TRAININGS,
    CodeLists,
    Lists,
    Sheet,
)

DEFAULT_DECISION = "Nhập từ tệp Excel"


class Planner:
    """Builds the plan of an import, with every error found; ``execute`` writes it."""

    def __init__(
        self, parsed: ParsedWorkbook, *, lists: CodeLists, actor: User | None, today: dt.date, file_name: str
    ) -> None:
        self.parsed = parsed
        self.lists = lists
        self.actor = actor
        self.today = today
        self.file_name = file_name
        self.errors: list[Issue] = []
        self.bad_rows = {(issue.sheet, issue.row) for issue in parsed.errors}
        self.warnings: list[Issue] = []
        self.orgs = OrgIndex()
        self.existing = Existing()
        self.plans: list[PersonPlan] = []
        self.plan_by_key: dict[tuple[str, str], PersonPlan] = {}
        self.plan_by_person: dict[int, PersonPlan] = {}
        self.people_row_keys: set[tuple[str, str]] = set()  # every key the people sheet names, even on a bad row
        self.term_for: dict[tuple[str, str], Term] = {}
        self.body_for: dict[tuple[tuple[str, str], str, str], Body] = {}
        self.admin = actor is None or actor_is_admin(actor)
        self.grants: set[int] = set()
        self.grants_today: set[int] = set()  # of those, the grants on an organisation that exists today
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.unchanged: Counter[str] = Counter()
        # child rows to write
        self.qual_new: list[tuple[PersonPlan, Qualification]] = []
        self.qual_upd: list[Qualification] = []
        self.pos_new: list[tuple[PersonPlan, Position, str, tuple[str, ...]]] = []
        self.pos_upd: list[tuple[Position, tuple[str, ...] | None]] = []
        self.terms_new: dict[tuple[str, str], Term] = {}
        self.terms_upd: list[Term] = []
        self.bodies_new: dict[tuple[tuple[str, str], str, str], Body] = {}
        self.seat_new: list[tuple[PersonPlan, BodyMembership, tuple[tuple[str, str], str, str]]] = []
        self.seat_upd: list[BodyMembership] = []
        self.train_new: list[tuple[PersonPlan, Training]] = []
        self.train_upd: list[Training] = []

    # -- reporting

    def error(self, row: Row, column: str, message: str) -> None:
        header = row.sheet.column(column).header if column else ""
        self.errors.append(Issue(row.sheet.title, row.number, header, row.shown(column), message))

    def warn(self, row: Row, column: str, message: str) -> None:
        header = row.sheet.column(column).header if column else ""
        self.warnings.append(Issue(row.sheet.title, row.number, header, row.shown(column), message))

    def rows(self, sheet: Sheet) -> list[Row]:
        """The rows of ``sheet`` that passed the file's own checks (a bad row is reported once, there)."""
        return [r for r in self.parsed.rows.get(sheet.key, []) if (sheet.title, r.number) not in self.bad_rows]

    # -- loading

    def build(self) -> None:
        kinds = {k.pk: k for k in self.lists.org_kinds.values()}
        codes: set[str] = set()
        for row in self.rows(ORGS):
            codes.update(c for c in (row.text("code"), row.text("parent")) if c)
        codes.update(row.text("cell") for row in self.rows(PEOPLE) if row.text("cell"))
        for sheet in (POSITIONS, SEATS):
            codes.update(row.text("org") for row in self.rows(sheet) if row.text("org"))
        self.orgs.load(codes, kinds)
        if not self.admin:
            assert self.actor is not None
            grants = import_grants(actor=self.actor)
            self.grants = set(grants.values_list("org_id", flat=True))
            alive = Placement.objects.as_of(accounts_selectors.today()).values("org_id")
            self.grants_today = set(grants.filter(org_id__in=alive).values_list("org_id", flat=True))
        self._load_people(kinds)
        self._plan_orgs()
        self._plan_people()
        self._plan_qualifications()
        self._plan_positions()
        self._plan_seats()
        self._plan_trainings()

    def _load_people(self, kinds: dict[int, OrgKind]) -> None:
        file_nos: set[str] = set()
        cccds: set[str] = set()
        for sheet in (PEOPLE, QUALIFICATIONS, POSITIONS, SEATS, TRAININGS, PERSON_RATINGS):
            for row in self.rows(sheet):
                if row.text("party_file_no"):
                    file_nos.add(row.text("party_file_no"))
                if row.text("cccd"):
                    cccds.add(row.text("cccd"))
        creator = None if self.admin else self.actor
        anchor_orgs = self.existing.load(file_nos=file_nos, cccds=cccds, creator=creator)
        self.orgs.load_ids(sorted(anchor_orgs), kinds)

    # -- scope

    def in_scope(self, span: Span | None) -> bool:
        if span is None:
            return False
        return self.admin or (bool(span.ancestors & self.grants) and self._in_scope_today(span.code))

    def _in_scope_today(self, code: str) -> bool:
        """The second half of the write rule (``accounts.selectors.actor_can_write``): a grant valid today
        over where the organisation sits today (the last place of one that has ended, or that the file
        creates), so that an office whose scope ended cannot back-date rows into what it no longer holds."""
        spans = self.orgs.spans.get(code) or []
        day = accounts_selectors.today()
        now = self.orgs.at(code, day) or next((s for s in reversed(spans) if s.valid_from <= day), None)
        now = now or (spans[0] if spans else None)
        return now is not None and bool(now.ancestors & self.grants_today)

    def org_at(self, row: Row, column: str, code: str, day: dt.date, *, what: str = "Tổ chức") -> Span | None:
        """The organisation ``code`` as of ``day``, in the actor's scope; an error on ``row`` otherwise."""
        if not self.orgs.known(code):
            self.error(row, column, f"Không tìm thấy tổ chức mã “{code}” (trong sổ hoặc trang Tổ chức).")
            return None
        span = self.orgs.at(code, day)
        if span is None:
            first, last = self.orgs.spans[code][0], self.orgs.spans[code][-1]
            name = last.name
            if day < first.valid_from:
                reason = f"chưa thành lập (thành lập ngày {format_date(first.valid_from)})"
            else:
                reason = "đã giải thể, sáp nhập hoặc không còn tồn tại"
            self.error(row, column, f"{what} “{name}” ({code}) vào ngày {format_date(day)} {reason}.")
            return None
        if not self.in_scope(span):
            self.error(row, column, f"Tổ chức mã “{code}” không thuộc phạm vi nhập liệu của bạn.")
            return None
        return span

    def person_writable(self, person_id: int) -> bool:
        if self.admin:
            return True
        anchors = self.existing.anchors.get(person_id, set())
        if not anchors:
            return person_id in self.existing.created_by_actor
        for org_id in anchors:
            code = self.orgs.codes.get(org_id)
            if code is not None and self.in_scope(self.orgs.at(code, self.today)):
                return True
        return False

    # -- organisations

    def _plan_orgs(self) -> None:
        pending: dict[str, NewOrg] = {}
        for row in self.rows(ORGS):
            code, name, kind_code = row.text("code"), row.text("name"), row.text("kind")
            created_on = row.date("created_on")
            if not (code and name and kind_code and created_on):
                continue
            kind = self.lists.org_kinds[kind_code]
            parent = row.text("parent") or None
            latest = self.orgs.latest(code)
            if latest is not None:
                self.unchanged["Tổ chức"] += 1
                if (latest.name, latest.kind.code, latest.parent_code) != (name, kind.code, parent):
                    self.warn(
                        row,
                        "name",
                        "Tổ chức đã có trong sổ với tên, loại hình hoặc cấp trên khác: không cập nhật "
                        "(đổi tên, chuyển, hợp nhất dùng các chức năng của cây tổ chức).",
                    )
                continue
            pending[code] = NewOrg(
                row, code, name, kind, parent, created_on, row.text("decision_ref") or DEFAULT_DECISION
            )
        # parents first; a parent the file creates must come before its children
        done: set[str] = set()

        def settle(new: NewOrg, trail: tuple[str, ...]) -> None:
            if new.code in done:
                return
            if new.code in trail:
                self.error(new.row, "parent", "Vòng lặp cấp trên trong trang Tổ chức.")
                done.add(new.code)
                return
            if new.parent_code in pending:
                settle(pending[new.parent_code], (*trail, new.code))
            done.add(new.code)
            self._plan_new_org(new)

        for new in pending.values():
            settle(new, ())

    def _plan_new_org(self, new: NewOrg) -> None:
        row, day = new.row, new.created_on
        if not new.kind.usable_on(day):
            span = f"từ {format_date(new.kind.valid_from) or '…'} đến trước {format_date(new.kind.valid_to) or '…'}"
            self.error(row, "kind", f"Loại hình “{new.kind.name}” chỉ áp dụng {span}.")
            return
        parent: Span | None = None
        if new.parent_code is None:
            if new.kind.level.rank != 1:
                self.error(row, "parent", "Chỉ tổ chức cấp cao nhất mới không có cấp trên.")
                return
            if not self.admin:
                self.error(row, "parent", "Chỉ quản trị hệ thống mới tạo được tổ chức cấp cao nhất.")
                return
        else:
            parent = self.org_at(row, "parent", new.parent_code, day, what="Tổ chức cấp trên")
            if parent is None:
                return
            if parent.valid_to is not None:
                self.error(
                    row,
                    "parent",
                    f"Tổ chức cấp trên “{parent.name}” đã có thay đổi từ ngày {format_date(parent.valid_to)}; "
                    "không thể gắn tổ chức mới vào nó với ngày thành lập trước ngày đó.",
                )
                return
            if new.kind.level.rank <= parent.kind.level.rank:
                self.error(
                    row,
                    "kind",
                    f"“{new.kind.name}” ({new.kind.level.name}) không thể trực thuộc “{parent.name}” "
                    f"({parent.kind.level.name}).",
                )
                return
        new.span = Span(
            new.code,
            day,
            None,
            new.name,
            new.kind,
            new.parent_code,
            parent.ancestors if parent else frozenset(),
            depth=parent.depth + 1 if parent else 0,
        )
        self.orgs.spans[new.code] = [new.span]
        self.orgs.new[new.code] = new
        self.created["Tổ chức"] += 1

    # -- people

    def _resolve_existing(self, row: Row) -> int | bool | None:
        """The id of the registered person this row names, None for a new one, False after an error."""
        ex = self.existing
        file_no, cccd = row.text("party_file_no"), row.text("cccd")
        by_file = ex.by_file_no.get(file_no) if file_no else None
        by_cccd = ex.by_cccd.get(cccd) if cccd else None
        if by_file is not None and by_cccd is not None and by_file != by_cccd:
            self.error(row, "cccd", "Số CCCD này thuộc một hồ sơ khác trong sổ (không phải người có số lý lịch này).")
            return False
        if by_file is None and by_cccd is not None and file_no:
            membership = ex.memberships.get(by_cccd)
            if membership is not None and membership.party_file_no and membership.party_file_no != file_no:
                self.error(
                    row,
                    "party_file_no",
                    f"Người có số CCCD này đã có số lý lịch khác trong sổ ({membership.party_file_no}).",
                )
                return False
        return by_file if by_file is not None else by_cccd

    def _plan_people(self) -> None:
        for row in self.parsed.rows.get(PEOPLE.key, []):
            for key in (("file", row.text("party_file_no")), ("cccd", row.text("cccd"))):
                if key[1]:
                    self.people_row_keys.add(key)
        for row in self.rows(PEOPLE):
            if not all(row.values.get(k) for k in ("family_name", "given_name", "gender", "birth_date")):
                continue
            if not (row.values.get("ethnicity") and row.values.get("religion")):
                continue
            found = self._resolve_existing(row)
            if found is False:
                continue
            if isinstance(found, int) and not isinstance(found, bool):
                if found in self.plan_by_person:
                    other = self.plan_by_person[found].row
                    self.error(row, "party_file_no", f"Cùng một người với dòng {other.number if other else '?'}.")
                    continue
                if not self.person_writable(found):
                    self.error(
                        row,
                        "party_file_no",
                        "Số lý lịch hoặc CCCD này thuộc một hồ sơ ngoài phạm vi nhập liệu của bạn; "
                        "liên hệ Ban Tổ chức.",
                    )
                    continue
                plan = PersonPlan(self.existing.people[found], is_new=False, row=row)
                self.plan_by_person[found] = plan
            else:
                plan = PersonPlan(Person(), is_new=True, row=row)
            self._person_fields(plan, row)
            self._membership(plan, row)
            self.plans.append(plan)
            for key in (("file", row.text("party_file_no")), ("cccd", row.text("cccd"))):
                if key[1]:
                    self.plan_by_key[key] = plan
            if plan.is_new:
                self.created["Cán bộ, đảng viên"] += 1
            elif plan.changes:
                self.updated["Cán bộ, đảng viên"] += 1
            else:
                self.unchanged["Cán bộ, đảng viên"] += 1

    def _person_fields(self, plan: PersonPlan, row: Row) -> None:
        person = plan.person
        wanted: dict[str, Any] = {
            "family_name": row.text("family_name"),
            "middle_name": row.text("middle_name"),
            "given_name": row.text("given_name"),
            "gender": row.text("gender"),
            "birth_date": row.date("birth_date"),
            "place_of_origin": row.text("place_of_origin"),
            "ethnicity_id": self.lists.ids[Lists.ETHNICITY][row.text("ethnicity")],
            "religion_id": self.lists.ids[Lists.RELIGION][row.text("religion")],
        }
        if row.text("cccd"):  # a blank never erases an identifier
            wanted["cccd"] = row.text("cccd")
        for name, value in wanted.items():
            old = getattr(person, name) if not plan.is_new else None
            if plan.is_new or old != value:
                if not plan.is_new:
                    plan.changes[name] = [_jsonable(old), _jsonable(value)]
                setattr(person, name, value)
        person.name_folded = fold(person.full_name)

    def _membership(self, plan: PersonPlan, row: Row) -> None:
        admitted = row.date("admitted_on")
        cell_code = row.text("cell")
        if admitted is None:
            return
        official = row.date("official_on")
        file_no, card_no = row.text("party_file_no") or None, row.text("card_no")
        cell_from = row.date("cell_from") or admitted
        membership = None if plan.is_new else self.existing.memberships.get(plan.person.pk)
        if membership is None:
            if not cell_code:
                self.error(row, "cell", "Đảng viên mới phải có mã chi bộ đang sinh hoạt.")
                return
            if not self._cell_ok(row, cell_code, cell_from):
                return
            plan.membership = Membership(
                party_file_no=file_no, card_no=card_no, admitted_on=admitted, official_on=official
            )
            plan.membership_new = True
            plan.events.append((MembershipEvent.Kind.ADMITTED, admitted, cell_code if cell_from == admitted else None))
            if official is not None:  # the event names the cell of that day, as the services' do
                plan.events.append(
                    (MembershipEvent.Kind.RECOGNIZED, official, cell_code if official >= cell_from else None)
                )
            plan.open_cell = (cell_code, cell_from)
            self.created["Đảng tịch"] += 1
            return
        plan.membership = membership
        if membership.admitted_on != admitted:
            self.error(
                row,
                "admitted_on",
                f"Ngày vào Đảng khác với sổ ({format_date(membership.admitted_on)}): ngày của các sự kiện đảng tịch "
                "không sửa bằng nhập tệp; sửa trong hồ sơ đảng viên.",
            )
            return
        if file_no and membership.party_file_no != file_no:
            plan.membership_changed.append("party_file_no")
            plan.changes["party_file_no"] = [membership.party_file_no, file_no]
            membership.party_file_no = file_no
        if card_no and membership.card_no != card_no:
            plan.membership_changed.append("card_no")
            plan.changes["card_no"] = [membership.card_no, card_no]
            membership.card_no = card_no
        if official is not None and membership.official_on != official:
            if membership.official_on is not None:
                self.error(
                    row,
                    "official_on",
                    f"Ngày chính thức khác với sổ ({format_date(membership.official_on)}): sửa trong hồ sơ đảng viên.",
                )
                return
            plan.membership_changed.append("official_on")
            plan.changes["official_on"] = [None, _jsonable(official)]
            membership.official_on = official
            held = self.existing.open_cells.get(membership.pk)
            here = self.orgs.codes.get(held.cell_id) if held and held.valid_from <= official else None
            plan.events.append((MembershipEvent.Kind.RECOGNIZED, official, here))
        current = self.existing.open_cells.get(membership.pk)
        current_code = self.orgs.codes.get(current.cell_id) if current else None
        if cell_code and current_code != cell_code:
            if membership.pk in self.existing.ended:
                self.error(
                    row,
                    "cell",
                    "Đảng viên đã ra khỏi Đảng, từ trần hoặc chuyển sinh hoạt ra ngoài tỉnh: không ghi chi bộ sinh "
                    "hoạt bằng nhập tệp (kết nạp lại, nhận về ghi trong hồ sơ đảng viên).",
                )
                return
            start = row.date("cell_from")
            if current is not None and (start is None or start <= current.valid_from):
                self.error(
                    row,
                    "cell_from",
                    f"Chuyển sang chi bộ khác: ghi ngày bắt đầu sinh hoạt tại chi bộ mới, sau ngày "
                    f"{format_date(current.valid_from)} (ngày bắt đầu ở chi bộ hiện tại).",
                )
                return
            start = start or admitted
            if not self._cell_ok(row, cell_code, start):
                return
            if current is not None:
                plan.close_cell = current
                plan.events.append((MembershipEvent.Kind.TRANSFERRED, start, cell_code))
            plan.open_cell = (cell_code, start)
            plan.changes["cell"] = [current_code, cell_code]
            self.updated["Chuyển sinh hoạt"] += 1
        if plan.membership_changed:
            self.updated["Đảng tịch"] += 1
        else:
            self.unchanged["Đảng tịch"] += 1

    def _cell_ok(self, row: Row, code: str, day: dt.date) -> bool:
        span = self.org_at(row, "cell", code, day, what="Chi bộ")
        if span is None:
            return False
        message = rules.member_cell_error(level_code=span.kind.level.code, org_name=span.name)
        if message:
            self.error(row, "cell", message)
            return False
        if self.orgs.at(code, self.today) is None:
            self.error(row, "cell", f"“{span.name}” không còn tồn tại hôm nay: không thể là chi bộ đang sinh hoạt.")
            return False
        return True

    def person_for(self, row: Row) -> PersonPlan | None:
        """The person a row of a child sheet names: in the file's people sheet, else in the register."""
        file_no, cccd = row.text("party_file_no"), row.text("cccd")
        if not (file_no or cccd):
            return None
        plans = {self.plan_by_key[k] for k in (("file", file_no), ("cccd", cccd)) if k[1] and k in self.plan_by_key}
        if len(plans) > 1:
            self.error(row, "cccd", "Số lý lịch và số CCCD chỉ hai người khác nhau trong trang Cán bộ, đảng viên.")
            return None
        if plans:
            return plans.pop()
        if ("file", file_no) in self.people_row_keys or ("cccd", cccd) in self.people_row_keys:
            return None  # the person's own row has an error, reported there
        found = self._resolve_existing(row)
        if found is False:
            return None
        if found is None:
            self.error(row, "party_file_no", "Không tìm thấy người này (trong sổ hoặc trang Cán bộ, đảng viên).")
            return None
        assert isinstance(found, int)
        if found in self.plan_by_person:
            return self.plan_by_person[found]
        if not self.person_writable(found):
            self.error(row, "party_file_no", "Hồ sơ này ngoài phạm vi nhập liệu của bạn.")
            return None
        plan = PersonPlan(self.existing.people[found], is_new=False)
        self.plan_by_person[found] = plan
        return plan

    # -- child sheets: load what exists for the people concerned, then diff

    def _people_ids(self) -> list[int]:
        return sorted(p.person.pk for p in self.plan_by_person.values())

    def _child_rows(self, sheet: Sheet) -> list[tuple[Row, PersonPlan]]:
        out = []
        for row in self.rows(sheet):
            plan = self.person_for(row)
            if plan is not None:
                out.append((row, plan))
        return out

    def _dupe(self, seen: dict[Any, int], key: Any, row: Row) -> bool:
        if key in seen:
            self.error(row, "", f"Trùng với dòng {seen[key]} của cùng trang.")
            return True
        seen[key] = row.number
        return False

    def _plan_qualifications(self) -> None:
        rows = self._child_rows(QUALIFICATIONS)
        existing: dict[tuple[int, str, int], Qualification] = {}
        for chunk in chunks(self._people_ids()):
            for q in Qualification.objects.filter(person_id__in=chunk):
                existing[(q.person_id, q.kind, q.level_id)] = q
        seen: dict[Any, int] = {}
        for row, plan in rows:
            kind, level = row.text("kind"), row.text("level")
            level_id = self.lists.levels.get(kind, {}).get(level)
            if level_id is None:
                continue
            if self._dupe(seen, (id(plan), kind, level_id), row):
                continue
            values = {"obtained_on": row.date("obtained_on"), "field": row.text("field"), "note": row.text("note")}
            current = existing.get((plan.person.pk, kind, level_id)) if not plan.is_new else None
            if current is None:
                self.qual_new.append((plan, Qualification(kind=kind, level_id=level_id, **values)))
                self._count(plan, "Trình độ", created=True)
            elif _assign(current, values):
                self.qual_upd.append(current)
                self._count(plan, "Trình độ", created=False)
            else:
                self.unchanged["Trình độ"] += 1

    def _plan_positions(self) -> None:
        rows = self._child_rows(POSITIONS)
        existing: dict[tuple[int, int, str, dt.date], Position] = {}
        categories: dict[int, tuple[str, ...]] = defaultdict(tuple)
        for chunk in chunks(self._people_ids()):
            for p in Position.objects.filter(person_id__in=chunk).prefetch_related("categories"):
                existing[(p.person_id, p.org_id, p.title, p.valid_from)] = p
                categories[p.pk] = tuple(sorted(c.code for c in p.categories.all()))
        seen: dict[Any, int] = {}
        for row, plan in rows:
            start, code, title = row.date("valid_from"), row.text("org"), row.text("title")
            if start is None or not code or not title:
                continue
            if self._dupe(seen, (id(plan), code, title, start), row):
                continue
            span = self.org_at(row, "org", code, start)
            if span is None:
                continue
            wanted = tuple(sorted(row.codes("categories")))
            # The service's rule (rules, "party posts"): a party post alone goes to the sheet of seats.
            level = span.kind.level.code
            if error := rules.party_post_position_error(title=title, level_code=level, has_categories=bool(wanted)):
                self.error(row, "title", error)
                continue
            values = {
                "is_head": bool(row.flag("is_head")),
                "valid_to": row.date("valid_to"),
                "decision_ref": row.text("decision_ref"),
            }
            org_id = self.orgs.ids.get(code)
            current = None
            if not plan.is_new and org_id is not None:
                current = existing.get((plan.person.pk, org_id, title, start))
            if (current is None or current.valid_to != values["valid_to"]) and self._outlives(row, code, values):
                continue
            if current is None:
                position = Position(title=title, valid_from=start, **values)
                self.pos_new.append((plan, position, code, wanted))
                self._count(plan, "Chức vụ", created=True)
                continue
            changed = _assign(current, values)
            new_categories = wanted if wanted != categories[current.pk] else None
            if changed or new_categories is not None:
                self.pos_upd.append((current, new_categories))
                self._count(plan, "Chức vụ", created=False)
            else:
                self.unchanged["Chức vụ"] += 1

    def _outlives(self, row: Row, code: str, values: dict[str, Any]) -> bool:
        """A post written here must end by the day its organisation ended: else its holder stays attached to
        an ended organisation (the tree's services refuse to end one with open posts). An error on ``row``."""
        ended = self.orgs.ends_on(code)
        valid_to = values["valid_to"]
        if ended is None or (valid_to is not None and valid_to <= ended):
            return False
        name = self.orgs.spans[code][-1].name
        self.error(
            row,
            "valid_to",
            f"“{name}” ({code}) đã chấm dứt hoạt động từ ngày {format_date(ended)}: chức vụ tại đó phải có "
            f"ngày kết thúc, không muộn hơn ngày {format_date(ended)}.",
        )
        return True

    def _plan_seats(self) -> None:
        rows = self._child_rows(SEATS)
        org_ids = sorted({self.orgs.ids[r.text("org")] for r, _ in rows if r.text("org") in self.orgs.ids})
        terms: dict[tuple[str, str], Term] = {}
        bodies: dict[tuple[tuple[str, str], str, str], Body] = {}
        seats: dict[tuple[int, int, str, dt.date], BodyMembership] = {}
        for chunk in chunks(org_ids):
            for old_term in Term.objects.filter(org_id__in=chunk):
                terms[(self.orgs.codes[old_term.org_id], old_term.name)] = old_term
            for old_body in Body.objects.filter(term__org_id__in=chunk).select_related("term"):
                bodies[((self.orgs.codes[old_body.term.org_id], old_body.term.name), old_body.kind, old_body.name)] = (
                    old_body
                )
        for chunk in chunks(self._people_ids()):
            for seat in BodyMembership.objects.filter(person_id__in=chunk):
                seats[(seat.body_id, seat.person_id, seat.role, seat.valid_from)] = seat
        seen: dict[Any, int] = {}
        term_rows: dict[tuple[str, str], Row] = {}
        for row, plan in rows:
            code, term_name, start = row.text("org"), row.text("term"), row.date("term_start")
            seat_from, role, kind = row.date("valid_from"), row.text("role"), row.text("body_kind")
            if not (code and term_name and start and seat_from and role and kind):
                continue
            body_key = ((code, term_name), kind, row.text("body_name"))
            if self._dupe(seen, (id(plan), body_key, role, seat_from), row):
                continue
            span = self.org_at(row, "org", code, start)
            if span is None:
                continue
            if kind == Body.Kind.CELL_SECRETARIES and (
                error := rules.cell_secretaries_body_error(
                    level_code=span.kind.level.code, kind_code=span.kind.code, org_name=span.name
                )
            ):
                self.error(row, "body_kind", error)
                continue
            term_key = (code, term_name)
            end = row.date("term_end")
            term = terms.get(term_key) or self.terms_new.get(term_key)
            if term_key in term_rows:
                first = term_rows[term_key]
                if (first.date("term_start"), first.date("term_end")) != (start, end):
                    self.error(row, "term_start", f"Ngày của nhiệm kỳ khác với dòng {first.number}.")
                    continue
            else:
                term_rows[term_key] = row
                if term is None:
                    term = Term(name=term_name, starts_on=start, ends_on=end)
                    self.terms_new[term_key] = term
                    self.created["Nhiệm kỳ"] += 1
                elif (term.starts_on, term.ends_on) != (start, end):
                    term.starts_on, term.ends_on = start, end
                    self.terms_upd.append(term)
                    self.updated["Nhiệm kỳ"] += 1
            if term is None:
                continue
            self.term_for[term_key] = term
            body = bodies.get(body_key) or self.bodies_new.get(body_key)
            if body is None:
                body = Body(kind=kind, name=row.text("body_name"))
                self.bodies_new[body_key] = body
            self.body_for[body_key] = body
            values = {"valid_to": row.date("valid_to"), "decision_ref": row.text("decision_ref")}
            current = None
            if body.pk is not None and not plan.is_new:
                current = seats.get((body.pk, plan.person.pk, role, seat_from))
            if current is None:
                self.seat_new.append((plan, BodyMembership(role=role, valid_from=seat_from, **values), body_key))
                self._count(plan, "Cấp ủy", created=True)
            elif _assign(current, values):
                self.seat_upd.append(current)
                self._count(plan, "Cấp ủy", created=False)
            else:
                self.unchanged["Cấp ủy"] += 1

    def _plan_trainings(self) -> None:
        rows = self._child_rows(TRAININGS)
        existing: dict[tuple[int, str, int, dt.date], Training] = {}
        for chunk in chunks(self._people_ids()):
            for t in Training.objects.filter(person_id__in=chunk):
                existing[(t.person_id, t.course, t.category_id, t.starts_on)] = t
        seen: dict[Any, int] = {}
        for row, plan in rows:
            course, start, category = row.text("course"), row.date("starts_on"), row.text("category")
            if not (course and start and category and row.date("ends_on")):
                continue
            category_id = self.lists.ids[Lists.TRAINING_CATEGORY][category]
            if self._dupe(seen, (id(plan), course, category_id, start), row):
                continue
            completed = row.flag("completed")
            values = {
                "ends_on": row.date("ends_on"),
                "completed": True if completed is None else completed,
                "provider": row.text("provider"),
            }
            current = existing.get((plan.person.pk, course, category_id, start)) if not plan.is_new else None
            if current is None:
                training = Training(course=course, category_id=category_id, starts_on=start, **values)
                self.train_new.append((plan, training))
                self._count(plan, "Bồi dưỡng", created=True)
            elif _assign(current, values):
                self.train_upd.append(current)
                self._count(plan, "Bồi dưỡng", created=False)
            else:
                self.unchanged["Bồi dưỡng"] += 1

    def _count(self, plan: PersonPlan, entity: str, *, created: bool) -> None:
        (self.created if created else self.updated)[entity] += 1
        plan.touched[f"{entity}: {'thêm' if created else 'sửa'}"] += 1


def _jsonable(value: Any) -> Any:
    return format_date(value) if isinstance(value, dt.date) else value


def _assign(instance: models.Model, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``instance``; whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed
