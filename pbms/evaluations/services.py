"""Writes of the evaluation module. Each step of the workflow is one service with its own permission, in
one transaction, audited, refusing a bad transition with a message in Vietnamese:

* self-assessment: a person's own account (role with ``own_file``) for his own result; for a collective,
  whoever may enter data for the organisation;
* comments and proposal: whoever may enter data for the unit (the cell's secretary, the committee office);
* decision, announcement, reopening: whoever may enter data for the directly superior organisation
  (``Result.decider_org``); a decided result is locked until reopened, with a reason.

Access comes from ``accounts.selectors`` (grants and roles as data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from pbms.accounts.models import Permission, User
from pbms.accounts.selectors import (
    actor_can_run_cycles,
    actor_can_write,
    actor_has_permission,
    actor_is_admin,
)
from pbms.audit.services import audit_record
from pbms.core.locks import advisory_lock
from pbms.evaluations import deciders, population, rules, selectors
from pbms.evaluations.models import (
    DECIDED_STATES,
    PARTY_BODY_KINDS,
    CriterionScore,
    CriterionSection,
    Cycle,
    CycleKind,
    DecidingSubject,
    Level,
    RatedBody,
    RatingKind,
    Result,
    ResultState,
    RuleSet,
    SubjectGroup,
)
from pbms.lib.bulk import insert
from pbms.lib.exceptions import ApplicationError, NotFoundError
from pbms.orgs.models import Organization, OrgKind
from pbms.people.models import Body, Person, Term
from pbms.people.rules import PARTY_BODIES_ENDED_ON

State = ResultState

# --- rule sets ----------------------------------------------------------------------------------------

RULESET_FIELDS = (
    *("name", "decision_ref", "applies_from_year", "applies_to_year", "scored", "general_points", "task_points"),
    *("quota_ratio", "quota_grouping", "quota_rounding", "quota_wording", "quota_source", "note"),
)


def _copy_rows(rows: QuerySet[Any], *, to: RuleSet) -> None:
    """Copy a rule set's child rows (levels, clauses, criteria, deciding rules) to ``to``, every field but the key."""
    model = rows.model
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "ruleset_id")]
    model.objects.bulk_create(model(ruleset=to, **{name: getattr(row, name) for name in names}) for row in rows)


@transaction.atomic
def ruleset_copy(*, actor: User, ruleset: RuleSet, code: str, **changes: Any) -> RuleSet:
    """A copy of ``ruleset`` (levels and clauses included) under ``code``, with ``changes`` to its own
    fields; the administrator then edits the copy's levels and clauses in the admin."""
    if not actor_is_admin(actor):
        raise ApplicationError("Chỉ quản trị hệ thống được sao chép bộ quy tắc xếp loại.")
    unknown = set(changes) - set(RULESET_FIELDS)
    if unknown:
        raise ApplicationError(f"Không có trường: {', '.join(sorted(unknown))}.")
    if RuleSet.objects.filter(code=code).exists():
        raise ApplicationError(f"Mã bộ quy tắc «{code}» đã có.", field="code")
    values = {name: getattr(ruleset, name) for name in RULESET_FIELDS} | changes
    copy = RuleSet.objects.create(code=code, copied_from=ruleset, **values)
    for rows in (ruleset.levels.all(), ruleset.clauses.all(), ruleset.criteria.all(), ruleset.deciders.all()):
        _copy_rows(rows, to=copy)
    audit_record(
        actor=actor,
        action="evaluations.ruleset_copy",
        obj=copy,
        changes={"copied_from": ruleset.code, **{k: str(v) for k, v in changes.items()}},
    )
    return copy


# --- discipline ---------------------------------------------------------------------------------------


# --- cycles -------------------------------------------------------------------------------------------


def cycle_name(year: int, kind: str, period: int) -> str:
    if kind == CycleKind.QUARTER:
        return f"Đánh giá, xếp loại quý {period}/{year}"
    if kind == CycleKind.MONTH:
        return f"Đánh giá, xếp loại tháng {period}/{year}"
    if kind == CycleKind.TERM:
        return f"Đánh giá, xếp loại nhiệm kỳ (đến {year})"
    return f"Đánh giá, xếp loại chất lượng năm {year}"


DEADLINE_STEPS = ("self_assess_by", "comment_by", "propose_by", "decide_by")  # in the order of the steps


def _may_run_cycles(actor: User, day: dt.date) -> bool:
    return actor_can_run_cycles(actor=actor, day=day)


@transaction.atomic
def cycle_open(
    *,
    actor: User,
    year: int,
    population_on: dt.date,
    kind: str = CycleKind.YEAR,
    period: int = 0,
    ruleset: RuleSet | None = None,
    name: str = "",
    deadlines: dict[str, dt.date] | None = None,
    org_kinds: Sequence[OrgKind] = (),
    populate: bool = False,
) -> Cycle:
    """Open a cycle (province-wide: by whoever may enter data at the top of the tree) for the organisations
    of ``org_kinds`` (none: those the deciding rules rate as collectives). With ``populate``, every member
    active in a cell on ``population_on`` and every collective are put on their boards at once, in bulk
    (``cycle_populate``); else subjects are opened one by one (``result_open``)."""
    if not _may_run_cycles(actor, population_on):
        raise ApplicationError("Chỉ Ban Tổ chức cấp tỉnh mở đợt đánh giá, xếp loại.")
    if kind in (CycleKind.YEAR, CycleKind.TERM) and period != 0:
        raise ApplicationError("Đợt năm, nhiệm kỳ không có quý, tháng.", field="period")
    if kind == CycleKind.QUARTER and not 1 <= period <= 4:
        raise ApplicationError("Quý phải từ 1 đến 4.", field="period")
    if kind == CycleKind.MONTH and not 1 <= period <= 12:
        raise ApplicationError("Tháng phải từ 1 đến 12.", field="period")
    if Cycle.objects.filter(year=year, kind=kind, period=period).exists():
        raise ApplicationError("Đợt đánh giá của kỳ này đã được mở.")
    allowed = set(DEADLINE_STEPS)
    deadlines = deadlines or {}
    if set(deadlines) - allowed:
        raise ApplicationError("Hạn không hợp lệ.", field="deadlines")
    # the steps follow one another: a deadline before the previous step's would be unreachable
    steps = [deadlines[name] for name in DEADLINE_STEPS if name in deadlines]
    if steps != sorted(steps):
        raise ApplicationError(
            "Các hạn phải theo thứ tự các bước: tự đánh giá, nhận xét, đề xuất, quyết định.", field="deadlines"
        )
    cycle = Cycle.objects.create(
        year=year,
        kind=kind,
        period=period,
        name=name or cycle_name(year, kind, period),
        ruleset=ruleset or selectors.ruleset_for_year(year),
        population_on=population_on,
        **deadlines,
    )
    if org_kinds:
        cycle.org_kinds.set(org_kinds)
    audit_record(
        actor=actor,
        action="evaluations.cycle_open",
        obj=cycle,
        changes={"ruleset": cycle.ruleset.code, "org_kinds": sorted(k.code for k in org_kinds)},
    )
    if populate:
        cycle_populate(actor=actor, cycle=cycle)
    return cycle


POPULATE_BATCH = 5000


def results_insert(rows: Sequence[Result]) -> None:
    """Many new results at once, whatever their number one statement per ``POPULATE_BATCH`` rows: ``COPY`` on
    PostgreSQL, one prepared ``INSERT`` run over the rows on SQLite (``bulk_create`` would compile a statement
    per 30 rows of this wide table, SQLite taking 999 parameters a statement)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        insert(rows, batch_size=POPULATE_BATCH, copy=True)
        return
    fields = [f for f in Result._meta.concrete_fields if not f.primary_key]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(Result._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model, values bound

    def value(row: Result, name: str) -> Any:
        raw = now if name in stamped else getattr(row, name)
        return str(raw) if isinstance(raw, Decimal | dt.date) else raw

    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), POPULATE_BATCH):
            cursor.executemany(sql, [[value(row, n) for n in names] for row in rows[start : start + POPULATE_BATCH]])


@transaction.atomic
def cycle_populate(*, actor: User, cycle: Cycle, members: bool = True, collectives: bool = True) -> int:
    """Open the cycle's population in bulk (subjects already on a board are left as they are, so running
    it twice opens nothing twice): every member active in a cell on the population date on his cell's board
    (a subject the rules do not rank is recorded with the reason), and the collectives of
    ``population.collectives_to_rate`` (the organisations of the cycle's kinds with their committees,
    standing committees, đảng đoàn and ban cán sự đảng of the date). Results not yet decided whose deciding
    body the rules now name otherwise move to it (``population.stale_deciders``). A constant number of
    queries whatever the size of the province, one statement per batch of rows (``results_insert``), one
    audit row. Returns how many results were opened."""
    if not _may_run_cycles(actor, cycle.population_on):
        raise ApplicationError("Chỉ Ban Tổ chức cấp tỉnh lập danh sách đánh giá của cả đợt.")
    if cycle.closed:
        raise ApplicationError("Đợt đánh giá đã kết thúc.")
    # results opened before (under other deciding rules, or another tree) and not yet decided move to the
    # body the rule set names now, so a round opened before the rules were data is put right by populating it
    stale = population.stale_deciders(cycle)
    Result.objects.bulk_update(stale, ["decider_org", "decider_body", "decider_rule"], batch_size=POPULATE_BATCH)
    people, not_ranked = _populate_members(cycle) if members else (0, 0)
    rows = population.new_collective_results(cycle) if collectives else []
    results_insert(rows)
    bodies = len(rows)
    counts = {"opened": people + bodies, "members": people, "collectives": bodies, "not_ranked": not_ranked}
    audit_record(
        actor=actor,
        action="evaluations.cycle_populate",
        obj=cycle,
        changes={**counts, "deciders_changed": len(stale)},
    )
    return people + bodies


def _populate_members(cycle: Cycle) -> tuple[int, int]:
    """Members on their cells' boards, a batch at a time: (opened, of which not ranked)."""
    batch: list[Result] = []
    opened = not_ranked = 0
    for row in population.new_member_results(cycle):
        batch.append(row)
        not_ranked += bool(row.not_ranked_reason)
        if len(batch) >= POPULATE_BATCH:
            results_insert(batch)
            opened += len(batch)
            batch = []
    results_insert(batch)
    return opened + len(batch), not_ranked


@transaction.atomic
def cycle_close(*, actor: User, cycle: Cycle) -> Cycle:
    if not _may_run_cycles(actor, cycle.population_on):
        raise ApplicationError("Chỉ Ban Tổ chức cấp tỉnh kết thúc đợt đánh giá, xếp loại.")
    cycle.closed = True
    cycle.save(update_fields=["closed"])
    audit_record(actor=actor, action="evaluations.cycle_close", obj=cycle)
    return cycle


# --- results: opening ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Subject:
    """Who a result rates, checked: the person, or the organisation and the body rated (``body`` for a
    đảng đoàn or ban cán sự đảng), with the unit whose board rates it and the level that decides."""

    person: Person | None
    org: Organization | None
    body_kind: str
    body: Body | None
    unit_id: int
    decider: deciders.Decider
    rating_kind: str = RatingKind.COLLECTIVE

    @property
    def decider_id(self) -> int | None:
        return self.decider.org_id

    def existing(self, cycle: Cycle) -> QuerySet[Result]:
        """The result of the same subject in ``cycle``, if any (a person: of the same rating kind)."""
        if self.body is not None:
            return Result.objects.filter(cycle=cycle, body=self.body)
        if self.person is not None:
            return Result.objects.filter(cycle=cycle, person=self.person, rating_kind=self.rating_kind)
        return Result.objects.filter(cycle=cycle, org=self.org, body_kind=self.body_kind, body__isnull=True)


def _subject(
    *,
    cycle: Cycle,
    person: Person | None,
    org: Organization | None,
    body_kind: str,
    body: Body | None,
    rating_kind: str = RatingKind.PARTY_MEMBER,
) -> _Subject:
    """Check who is rated and find where, on the cycle's population date. A person is rated by the board of
    the cell he is active in (or of the organisation of a post he holds), an organisation or its committee
    or standing committee by its own board, each decided by the body the rule set's deciding rules name
    (``deciders.resolve``: a collective no rule covers by the standing committee directly above); a đảng đoàn
    or ban cán sự đảng, which the standing committee of the committee that set it up leads, by the board of
    that committee's organisation, which also decides (domain-rules.md §1.3: the standing committee of the
    committee above decides). A đảng đoàn is rated only while it exists: its term runs on the date, and not
    from 01/7/2025, when the provincial đảng đoàn and ban cán sự đảng ended. A person's ``rating_kind`` says
    which of his ratings: as a party member, or as a cadre (``_cadre_decider``)."""
    day = cycle.population_on
    if body is not None and not body_kind:
        body_kind = body.kind
    if (person is None) == (org is None and body is None):
        raise ApplicationError("Kết quả xếp loại phải của một cá nhân hoặc một tập thể.")
    if person is not None:
        unit_id = selectors.person_unit_id(person, day)
        if unit_id is None:
            raise ApplicationError(f"Đ/c {person} không sinh hoạt, công tác ở tổ chức nào vào ngày {day:%d/%m/%Y}.")
        if rating_kind == RatingKind.CADRE:
            decider = selectors.cadre_decider(cycle, person, unit_id)
        elif rating_kind == RatingKind.PARTY_MEMBER:
            decider = _decider(cycle, DecidingSubject.MEMBER, unit_id)
        else:
            raise ApplicationError("Cá nhân được xếp loại đảng viên hoặc xếp loại cán bộ.", field="rating_kind")
        return _Subject(person, None, "", None, unit_id, decider, rating_kind)
    if body_kind not in RatedBody.values:
        raise ApplicationError(
            "Phải chọn tập thể được xếp loại: tổ chức đảng, tập thể cấp ủy, ban thường vụ, đảng đoàn hoặc ban cán "
            "sự đảng.",
            field="body_kind",
        )
    if body_kind not in PARTY_BODY_KINDS:
        if body is not None:
            raise ApplicationError(
                "Chỉ đảng đoàn, ban cán sự đảng được chọn theo tên; cấp ủy, ban thường vụ xếp loại theo tổ chức.",
                field="body",
            )
        assert org is not None
        return _Subject(None, org, body_kind, None, org.pk, _decider(cycle, DecidingSubject.COLLECTIVE, org.pk))
    if body is None:
        raise ApplicationError("Phải chọn đảng đoàn, ban cán sự đảng được xếp loại.", field="body")
    term = Term.objects.select_related("org").get(pk=body.term_id)
    message, field = party_body_refusal(body=body, term=term, body_kind=body_kind, org=org, day=day)
    if message:
        raise ApplicationError(message, field=field)
    return _Subject(
        None, term.org, body_kind, body, term.org_id, deciders.Decider(term.org_id, deciders.PARTY_BODY_BODY)
    )


def _decider(cycle: Cycle, subject: str, unit_id: int) -> deciders.Decider:
    """Who decides for ``subject`` whose unit is ``unit_id`` in ``cycle`` (three queries)."""
    nodes = selectors.nodes_above(unit_id, cycle.population_on)
    return deciders.for_unit(selectors.deciding_rules(cycle.ruleset_id), subject, unit_id, nodes)


def party_body_refusal(
    *, body: Body, term: Term, body_kind: str, org: Organization | None, day: dt.date
) -> tuple[str, str]:
    """Why the đảng đoàn or ban cán sự đảng ``body`` (of ``term``) cannot be rated as ``body_kind`` of ``org``
    on ``day``, and the field to name: ("", "") when it can. Shared by ``result_import`` and the workbook's
    bulk path, so the rule and its words are written once."""
    if body.kind != body_kind:
        return f"«{body}» không phải {RatedBody(body_kind).label.lower()}.", "body_kind"
    if org is not None and org.pk != term.org_id:
        return f"«{body}» không thuộc tổ chức đảng đã chọn.", "body"
    if not selectors.body_exists_on(term=term, kind=body.kind, day=day):
        span = f"{term.starts_on:%d/%m/%Y}–{term.ends_on:%d/%m/%Y}" if term.ends_on else f"từ {term.starts_on:%d/%m/%Y}"
        return (
            f"«{body}» không hoạt động vào ngày {day:%d/%m/%Y} (nhiệm kỳ {term.name}: {span}; đảng đoàn, ban cán sự "
            f"đảng cấp tỉnh kết thúc hoạt động từ {PARTY_BODIES_ENDED_ON:%d/%m/%Y}): không xếp loại.",
            "body",
        )
    return "", ""


@transaction.atomic
def result_open(
    *,
    actor: User,
    cycle: Cycle,
    group: str,
    person: Person | None = None,
    org: Organization | None = None,
    body_kind: str = "",
    body: Body | None = None,
    rating_kind: str = RatingKind.PARTY_MEMBER,
) -> Result:
    """Put a subject on its unit's board for ``cycle``; a subject the rules do not rank is recorded with
    the reason and goes no further. A đảng đoàn or ban cán sự đảng is named by ``body`` (``_subject``); a
    leader's cadre rating by ``rating_kind`` "cadre"."""
    if cycle.closed:
        raise ApplicationError("Đợt đánh giá đã kết thúc.")
    if group not in SubjectGroup.values:
        raise ApplicationError("Nhóm đối tượng không hợp lệ.", field="group")
    subject = _subject(cycle=cycle, person=person, org=org, body_kind=body_kind, body=body, rating_kind=rating_kind)
    if not actor_can_write(actor=actor, org_id=subject.unit_id, day=cycle.population_on):
        raise NotFoundError()
    if subject.existing(cycle).exists():
        raise ApplicationError("Đối tượng này đã có trong đợt đánh giá.")
    result = Result(
        cycle=cycle,
        person=subject.person,
        org=subject.org,
        body_kind=subject.body_kind,
        rating_kind=subject.rating_kind,
        body=subject.body,
        unit_id=subject.unit_id,
        decider_org_id=subject.decider_id,
        decider_body=subject.decider.body,
        decider_rule_id=subject.decider.rule_id,
        group=group,
    )
    book = selectors.ruleset_book(cycle.ruleset)
    not_ranked = rules.not_ranked_reason(book, selectors.result_facts(result), cycle.population_on)
    result.not_ranked_reason = not_ranked.reason if not_ranked is not None else ""
    result.save()
    audit_record(
        actor=actor,
        action="evaluations.result_open",
        obj=result,
        changes={"not_ranked": result.not_ranked_reason, "rating_kind": result.rating_kind},
    )
    return result


# --- results: the steps -------------------------------------------------------------------------------


def _locked(result: Result, may: Callable[[Result], None] | None = None) -> Result:
    """The result re-read under a row lock, refusing any step on a closed cycle or an unranked subject;
    ``may`` checks the actor first, so that whoever may not act is told nothing about the result."""
    row = (
        Result.objects.select_for_update(of=("self",))
        .select_related("cycle__ruleset", "person", "org", "body")
        .get(pk=result.pk)
    )
    if may is not None:
        may(row)
    if row.cycle.closed:
        raise ApplicationError("Đợt đánh giá đã kết thúc: kết quả không sửa được.")
    if row.not_ranked_reason:
        raise ApplicationError(row.not_ranked_reason)
    return row


def _require_state(row: Result, allowed: tuple[str, ...], doing: str) -> None:
    if row.state in allowed:
        return
    if row.state in DECIDED_STATES:
        raise ApplicationError(f"Kết quả đã được quyết định và khóa: không thể {doing}. Cấp quyết định phải mở lại.")
    labels = ", ".join(f"«{State(s).label}»" for s in allowed)
    raise ApplicationError(
        f"Không thể {doing} khi kết quả đang ở trạng thái «{row.get_state_display()}» (cần {labels})."
    )


def _require_unit(actor: User, row: Result) -> None:
    if not actor_can_write(actor=actor, org_id=row.unit_id, day=row.cycle.population_on):
        raise NotFoundError()


def _require_decider(actor: User, row: Result) -> None:
    if row.decider_org_id is None:
        raise ApplicationError("Không có cấp trên trực tiếp để quyết định kết quả này.")
    if not actor_can_write(actor=actor, org_id=row.decider_org_id, day=row.cycle.population_on):
        if row.rating_kind == RatingKind.CADRE:
            raise ApplicationError(
                "Chỉ ban thường vụ cấp ủy quản lý diện cán bộ của đồng chí này được quyết định, thông báo hoặc mở "
                "lại kết quả xếp loại cán bộ."
            )
        raise ApplicationError("Chỉ cấp ủy cấp trên trực tiếp được quyết định, thông báo hoặc mở lại kết quả xếp loại.")


def _check_level(row: Result, level: str, book: rules.RuleBook) -> rules.Ceiling:
    if level not in Level.values:
        raise ApplicationError("Mức xếp loại không hợp lệ.", field="level")
    ceiling = rules.ceilings(book, selectors.result_facts(row), row.cycle.year)
    if rules.is_above(level, ceiling.level):
        raise ApplicationError(
            f"Không thể xếp «{book.label(level)}»: {ceiling.reason}.", field="level", extra={"ceiling": ceiling.level}
        )
    by_points = rules.level_for_points(book, row.points)
    if by_points is not None and rules.is_above(level, by_points):
        raise ApplicationError(
            f"Tổng điểm {row.points} chỉ đạt mức «{book.label(by_points)}»: không thể xếp «{book.label(level)}».",
            field="level",
        )
    return ceiling


def _set_points(row: Result, book: rules.RuleBook, general: Decimal | None, tasks: Decimal | None) -> None:
    if general is None and tasks is None:
        return
    if not book.scored:
        raise ApplicationError(f"Bộ quy tắc {book.code} không chấm điểm.", field="points")
    for value, most, what in ((general, book.general_points, "tiêu chí chung"), (tasks, book.task_points, "nhiệm vụ")):
        if value is not None and (value < 0 or (most is not None and value > most)):
            raise ApplicationError(f"Điểm {what} phải từ 0 đến {most}.", field="points")
    row.points_general = general
    row.points_tasks = tasks
    row.points = (general or Decimal(0)) + (tasks or Decimal(0))


def _set_scores(row: Result, book: rules.RuleBook, scores: Mapping[int, Decimal]) -> None:
    """Points per criterion of the result's template: every criterion scored, each within its maximum; the
    sums per section become ``points_general`` and ``points_tasks``."""
    criteria = {c.pk: c for c in selectors.criteria_for(ruleset_id=row.cycle.ruleset_id, group=row.group)}
    if not criteria:
        raise ApplicationError(
            f"Bộ quy tắc {book.code} chưa có tiêu chí cho nhóm «{row.get_group_display()}».", field="scores"
        )
    unknown = set(scores) - set(criteria)
    if unknown:
        raise ApplicationError("Có tiêu chí không thuộc mẫu đánh giá của nhóm này.", field="scores")
    missing = [c for pk, c in criteria.items() if scores.get(pk) is None]
    if missing:
        raise ApplicationError(f"Chưa chấm điểm tiêu chí «{missing[0].title}».", field=f"criterion_{missing[0].pk}")
    totals = {CriterionSection.GENERAL: Decimal(0), CriterionSection.TASKS: Decimal(0)}
    for pk, criterion in criteria.items():
        points = Decimal(scores[pk])
        if points < 0 or points > criterion.max_points:
            most = selectors.points_text(criterion.max_points)
            raise ApplicationError(f"Điểm tiêu chí «{criterion.title}» phải từ 0 đến {most}.", field=f"criterion_{pk}")
        totals[CriterionSection(criterion.section)] += points
    _set_points(row, book, totals[CriterionSection.GENERAL], totals[CriterionSection.TASKS])
    CriterionScore.objects.filter(result=row).delete()
    CriterionScore.objects.bulk_create(
        CriterionScore(result=row, criterion_id=pk, points=Decimal(scores[pk])) for pk in criteria
    )


SELF_TEXTS = ("strengths", "shortcomings", "causes", "remedies")


def _require_assessor(actor: User, row: Result) -> None:
    """A person assesses himself (own account, ``own_file``); a collective, whoever enters data for its unit."""
    if row.person is None:
        _require_unit(actor, row)
    elif row.person.user_id != actor.pk or not actor_has_permission(actor=actor, permission=Permission.OWN_FILE):
        raise ApplicationError("Chỉ chính cán bộ, đảng viên được tự đánh giá, xếp loại bản thân.")


@transaction.atomic
def result_self_assess(
    *,
    actor: User,
    result: Result,
    level: str,
    text: str = "",
    points_general: Decimal | None = None,
    points_tasks: Decimal | None = None,
    scores: Mapping[int, Decimal] | None = None,
    today: dt.date | None = None,
    **parts: str,
) -> Result:
    """Self-assessment (Mẫu 2A/2B/2C; a collective's Mẫu 01): by the person himself, or for a collective
    by whoever enters data for it. Can be redone until the collective has commented and until the cycle's
    deadline. ``scores`` are the points per criterion ({criterion id: points}): their sums replace
    ``points_general`` and ``points_tasks``. ``parts`` are the form's parts: strengths, shortcomings,
    causes, remedies."""
    row = _locked(result, lambda row: _require_assessor(actor, row))
    _require_state(row, (State.PENDING, State.SELF_ASSESSED), "tự đánh giá")
    deadline = row.cycle.self_assess_by
    if deadline is not None and (today or timezone.localdate()) > deadline:
        raise ApplicationError(
            f"Đã hết hạn tự đánh giá ({deadline:%d/%m/%Y}): đề nghị chi bộ, cấp ủy xem xét.", field="level"
        )
    unknown = set(parts) - set(SELF_TEXTS)
    if unknown:
        raise ApplicationError(f"Không có mục: {', '.join(sorted(unknown))}.")
    book = selectors.ruleset_book(row.cycle.ruleset)
    if scores is not None:
        _set_scores(row, book, scores)
    else:
        _set_points(row, book, points_general, points_tasks)
    _check_level(row, level, book)
    row.self_level = level
    row.self_assessment = text
    for name in SELF_TEXTS:
        if name in parts:
            setattr(row, name, parts[name].strip())
    row.state = State.SELF_ASSESSED
    row.save()
    points = str(row.points) if row.points is not None else None
    changes = {"self_level": level, "points": points, "collective": row.person_id is None}
    audit_record(actor=actor, action="evaluations.result_self_assess", obj=row, changes=changes)
    return row


@transaction.atomic
def result_comment(*, actor: User, result: Result, comment: str, sick_leave_months: Decimal | None = None) -> Result:
    """The collective's comments (chi bộ, cấp ủy), with the facts it vouches for (sick leave)."""
    row = _locked(result)
    _require_unit(actor, row)
    _require_state(row, (State.SELF_ASSESSED, State.COMMENTED), "nhận xét")
    if not comment.strip():
        raise ApplicationError("Phải ghi nội dung nhận xét.", field="comment")
    if sick_leave_months is not None:
        if sick_leave_months < 0 or sick_leave_months > 12:
            raise ApplicationError("Số tháng nghỉ ốm phải từ 0 đến 12.", field="sick_leave_months")
        row.sick_leave_months = sick_leave_months
    row.comment = comment.strip()
    row.state = State.COMMENTED
    row.save()
    audit_record(actor=actor, action="evaluations.result_comment", obj=row)
    return row


@transaction.atomic
def result_propose(
    *,
    actor: User,
    result: Result,
    level: str,
    points_general: Decimal | None = None,
    points_tasks: Decimal | None = None,
) -> Result:
    """The unit proposes a level to the superior level (after its comments)."""
    row = _locked(result)
    _require_unit(actor, row)
    _require_state(row, (State.COMMENTED, State.PROPOSED), "đề xuất")
    book = selectors.ruleset_book(row.cycle.ruleset)
    _set_points(row, book, points_general, points_tasks)
    _check_level(row, level, book)
    row.proposed_level = level
    row.state = State.PROPOSED
    row.save()
    audit_record(actor=actor, action="evaluations.result_propose", obj=row, changes={"proposed_level": level})
    return row


def quota_lock(rows: Sequence[Result], *, grouping: str) -> None:
    """Hold, until the transaction ends, the quota groups of ``rows`` (``selectors.quota_key`` within
    their cycle), in sorted order so that two decisions never wait on each other. Counting a group and then
    deciding in it is only sound while no one else decides in the same group: without the lock two
    decisions at the edge of the quota each count the other's excellent as not yet there, and both pass.
    Taken before the result's row lock, everywhere, so a bulk decision and a single one cannot deadlock.
    The keys read ``decider_org``, ``group`` and the subject, which no service changes once a result is
    open."""
    keys = {(row.cycle_id, *selectors.quota_key(row, grouping)) for row in rows}
    for key in sorted(keys, key=lambda k: tuple(str(part) for part in k)):
        advisory_lock("evaluations.quota", *key)


def _lock_quota_group(result: Result) -> None:
    grouping = RuleSet.objects.filter(cycles=result.cycle_id).values_list("quota_grouping", flat=True).get()
    quota_lock([result], grouping=grouping)


def quota_for(result: Result, level: str) -> rules.QuotaCheck:
    """The quota of ``result``'s group if ``result`` were decided at ``level``."""
    book = selectors.ruleset_book(result.cycle.ruleset)
    counts = selectors.level_counts(selectors.quota_group(result, book.quota_grouping))
    counts[level] = counts.get(level, 0) + 1
    return rules.quota_check(book, counts)


@transaction.atomic
def result_decide(
    *,
    actor: User,
    result: Result,
    level: str,
    decided_on: dt.date,
    decision_ref: str = "",
    quota_reason: str = "",
) -> Result:
    """The directly superior level decides. Exceeding the quota is a warning: the decision goes through
    only with a reason, which is kept on the result and in the audit log. The quota group is locked
    before it is counted (``quota_lock``)."""
    _lock_quota_group(result)
    row = _locked(result)
    _require_decider(actor, row)
    _require_state(row, (State.PROPOSED,), "quyết định")
    book = selectors.ruleset_book(row.cycle.ruleset)
    _check_level(row, level, book)
    quota = quota_for(row, level)
    if level == Level.EXCELLENT and quota.exceeded and not quota_reason.strip():
        raise ApplicationError(quota.warning, field="quota_reason", extra={"quota": quota})
    row.decided_level = level
    row.quota_reason = quota_reason.strip() if level == Level.EXCELLENT and quota.exceeded else ""
    row.decided_by = actor
    row.decided_on = decided_on
    row.decision_ref = decision_ref
    row.reopen_reason = ""
    row.state = State.DECIDED
    row.save()
    audit_record(
        actor=actor,
        action="evaluations.result_decide",
        obj=row,
        changes={"decided_level": level, "quota_warning": quota.warning, "quota_reason": row.quota_reason},
    )
    return row


@transaction.atomic
def result_announce(*, actor: User, result: Result, announced_on: dt.date) -> Result:
    row = _locked(result)
    _require_decider(actor, row)
    if row.state != State.DECIDED:
        raise ApplicationError(f"Chỉ thông báo kết quả đã quyết định (đang «{row.get_state_display()}»).")
    if row.decided_on is not None and announced_on < row.decided_on:
        dates = f"Ngày thông báo ({announced_on:%d/%m/%Y}) trước ngày quyết định ({row.decided_on:%d/%m/%Y})"
        raise ApplicationError(f"{dates}: không thể thông báo trước khi quyết định.", field="announced_on")
    row.announced_on = announced_on
    row.state = State.ANNOUNCED
    row.save()
    audit_record(actor=actor, action="evaluations.result_announce", obj=row)
    return row


@transaction.atomic
def result_reopen(*, actor: User, result: Result, reason: str) -> Result:
    """The deciding level reopens a decided result: back to "proposed", the decision cleared, with a reason.
    Its quota group is locked, as a decision's is: a reopened "good" lowers what a decision counts."""
    _lock_quota_group(result)
    row = _locked(result)
    _require_decider(actor, row)
    if row.state not in DECIDED_STATES:
        raise ApplicationError("Chỉ mở lại kết quả đã quyết định.")
    if not reason.strip():
        raise ApplicationError("Phải ghi lý do mở lại kết quả.", field="reason")
    before = {"state": row.state, "decided_level": row.decided_level, "decision_ref": row.decision_ref}
    row.state = State.PROPOSED
    row.decided_level = ""
    row.decided_by = None
    row.decided_on = None
    row.decision_ref = ""
    row.announced_on = None
    row.quota_reason = ""
    row.reopen_reason = reason.strip()
    row.save()
    audit_record(
        actor=actor,
        action="evaluations.result_reopen",
        obj=row,
        changes={"before": before, "reason": row.reopen_reason},
    )
    return row


# --- history --------------------------------------------------------------------------------------------


@transaction.atomic
def result_import(
    *,
    actor: User | None,
    year: int,
    level: str,
    group: str,
    person: Person | None = None,
    org: Organization | None = None,
    body_kind: str = "",
    body: Body | None = None,
    decision_ref: str = "",
    decided_on: dt.date | None = None,
    rating_kind: str = RatingKind.PARTY_MEMBER,
) -> Result:
    """A historical rating (the register's workbook): a decided result of the year's closed cycle, created
    closed when missing. It counts exactly like a result decided here. ``actor`` None is the system (the
    operator's ``import_workbook`` command), with no scope limit. A đảng đoàn or ban cán sự đảng is named
    by ``body`` and must exist on 31/12 of the year (``_subject``)."""
    if level not in Level.values:
        raise ApplicationError("Mức xếp loại không hợp lệ.", field="level")
    population_on = dt.date(year, 12, 31)
    cycle = Cycle.objects.filter(year=year, kind=CycleKind.YEAR, period=0).first()
    if cycle is None:
        cycle = Cycle.objects.create(
            year=year,
            kind=CycleKind.YEAR,
            name=cycle_name(year, CycleKind.YEAR, 0),
            ruleset=selectors.ruleset_for_year(year),
            population_on=population_on,
            closed=True,
        )
    elif not cycle.closed:
        raise ApplicationError(f"Đợt đánh giá năm {year} đang mở: nhập kết quả qua quy trình của đợt.")
    subject = _subject(cycle=cycle, person=person, org=org, body_kind=body_kind, body=body, rating_kind=rating_kind)
    if actor is not None and not actor_can_write(actor=actor, org_id=subject.unit_id, day=cycle.population_on):
        raise NotFoundError()
    if subject.existing(cycle).exists():
        raise ApplicationError(f"Đối tượng này đã có kết quả xếp loại năm {year}.")
    row = Result.objects.create(
        cycle=cycle,
        person=subject.person,
        org=subject.org,
        body_kind=subject.body_kind,
        rating_kind=subject.rating_kind,
        body=subject.body,
        unit_id=subject.unit_id,
        decider_org_id=subject.decider_id,
        decider_body=subject.decider.body,
        decider_rule_id=subject.decider.rule_id,
        group=group,
        state=State.DECIDED,
        decided_level=level,
        decided_on=decided_on,
        decision_ref=decision_ref,
        imported=True,
    )
    audit_record(
        actor=actor,
        action="evaluations.result_import",
        obj=row,
        changes={"year": year, "level": level, "rating_kind": row.rating_kind},
    )
    return row
