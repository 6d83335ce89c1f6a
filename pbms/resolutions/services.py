"""Writes of resolutions, their sections, targets and tasks. Each is ``@transaction.atomic``, takes
keyword-only typed arguments with the actor first, refuses bad input with a Vietnamese ``ApplicationError``
naming the field, and appends one audit row.

A target's definition is checked twice: its shape by ``definitions.parse_definition``, then every code it
names against the reference data (management and training categories, code lists, kinds and levels of
organisation, organisations), so a typo is refused on save rather than counting nobody for a year.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from pbms.accounts.models import User
from pbms.audit.services import audit_record
from pbms.lib.dates import format_date
from pbms.lib.exceptions import ApplicationError
from pbms.lib.text import nfc
from pbms.orgs.models import Organization, OrgKind, OrgLevel
from pbms.people.models import Code, ManagementCategory, TrainingCategory
from pbms.resolutions.definitions import (
    Condition,
    ConditionGroup,
    OrgPopulation,
    QualificationCondition,
    TargetDefinition,
    TrainingCondition,
    parse_definition,
)
from pbms.resolutions.models import Cadence, Comparator, Resolution, Section, Target, Task
from pbms.resolutions.selectors import actor_may_write_resolutions

YEAR_MIN, YEAR_MAX = 1930, 2100


def _today() -> dt.date:
    return timezone.localdate()


def require_resolution_write(actor: User) -> None:
    """Refused unless ``selectors.actor_may_write_resolutions``."""
    if not actor_may_write_resolutions(actor=actor):
        raise ApplicationError("Bạn không có quyền nhập nghị quyết, chỉ tiêu (cần quyền nhập liệu cấp tỉnh).")


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    text = nfc(value)
    if required and not text:
        raise ApplicationError(f"{label} không được để trống.", field=field)
    if len(text) > max_length:
        raise ApplicationError(f"{label} dài quá {max_length} ký tự.", field=field)
    return text


# --- definitions against the reference data -------------------------------------------------------


def _missing(kind: str, field: str, wanted: set[str], found: set[str]) -> None:
    unknown = sorted(wanted - found)
    if unknown:
        names = ", ".join(f"“{u}”" for u in unknown)
        raise ApplicationError(
            f"Định nghĩa chỉ tiêu không hợp lệ – {field}: {kind} {names} không có trong danh mục.", field=field
        )


def _walk(conditions: list[Condition]) -> list[Condition]:
    found: list[Condition] = []
    for condition in conditions:
        if isinstance(condition, ConditionGroup):
            found.extend(_walk(condition.items))
        else:
            found.append(condition)
    return found


def check_definition(raw: object) -> TargetDefinition:
    """Parse ``raw`` and check every code it names exists: at most six small queries."""
    definition = parse_definition(raw)
    population = definition.population
    kinds: set[str] = set()
    levels: set[str] = set()
    if isinstance(population, OrgPopulation):
        kinds |= set(population.org_kinds)
        levels |= set(population.org_levels)
    else:
        for seat in population.seats:
            kinds |= set(seat.org_kinds)
            levels |= set(seat.org_levels)
        wanted = set(population.management_categories)
        found = set(ManagementCategory.objects.filter(code__in=wanted).values_list("code", flat=True))
        _missing("diện quản lý", "definition.population.management_categories", wanted, found)
    if kinds:
        found = set(OrgKind.objects.filter(code__in=kinds).values_list("code", flat=True))
        _missing("loại hình tổ chức", "definition.population.org_kinds", kinds, found)
    if levels:
        found = set(OrgLevel.objects.filter(code__in=levels).values_list("code", flat=True))
        _missing("cấp tổ chức", "definition.population.org_levels", levels, found)
    if population.within:
        found = set(Organization.objects.filter(code=population.within).values_list("code", flat=True))
        _missing("tổ chức", "definition.population.within", {population.within}, found)
    leaves = _walk(definition.conditions)
    trainings = {c for t in leaves if isinstance(t, TrainingCondition) for c in t.categories}
    if trainings:
        found = set(TrainingCategory.objects.filter(code__in=trainings).values_list("code", flat=True))
        _missing("loại bồi dưỡng", "definition.conditions.categories", trainings, found)
    levels_wanted = {(q.kind, q.at_least) for q in leaves if isinstance(q, QualificationCondition)}
    if levels_wanted:
        ranked = {
            (c.list, c.code)
            for c in Code.objects.filter(list__in={k for k, _ in levels_wanted}, rank__isnull=False).only(
                "list", "code"
            )
        }
        _missing(
            "trình độ",
            "definition.conditions.at_least",
            {f"{k}:{c}" for k, c in levels_wanted},
            {f"{k}:{c}" for k, c in ranked},
        )
    return definition


def _threshold(value: Decimal | int | str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError("Ngưỡng phải là một số phần trăm, ví dụ 95 hoặc 35,5.", field="threshold") from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ApplicationError("Ngưỡng phải từ 0 đến 100 (%).", field="threshold")
    if number != number.quantize(Decimal("0.01")):
        raise ApplicationError("Ngưỡng chỉ ghi tới hai chữ số thập phân.", field="threshold")
    return number.quantize(Decimal("0.01"))


def _cadence(cadence: str, deadline: dt.date | None, resolution: Resolution) -> None:
    if cadence not in Cadence.values:
        raise ApplicationError("Kỳ đánh giá phải là “hằng năm” hoặc “đến hạn”.", field="cadence")
    if cadence == Cadence.DEADLINE and deadline is None:
        raise ApplicationError("Chỉ tiêu “đến hạn” phải ghi hạn (ví dụ 31/12/2025).", field="deadline")
    if cadence == Cadence.YEARLY and deadline is not None:
        raise ApplicationError("Chỉ tiêu hằng năm không ghi hạn.", field="deadline")
    if deadline is not None and not resolution.period_start <= deadline.year <= resolution.period_end:
        raise ApplicationError(
            f"Hạn {format_date(deadline)} nằm ngoài giai đoạn {resolution.period_start}–{resolution.period_end} "
            "của nghị quyết.",
            field="deadline",
        )


def _comparator(value: str) -> str:
    if value not in Comparator.values:
        raise ApplicationError("Phép so sánh phải là gte (≥), eq (=) hoặc lte (≤).", field="comparator")
    return value


# --- resolutions and their text -------------------------------------------------------------------


@transaction.atomic
def resolution_create(
    *,
    actor: User,
    number: str,
    title: str,
    period_start: int,
    period_end: int,
    issuer_name: str = "Tỉnh ủy",
    issuing_org: Organization | None = None,
    issued_on: dt.date | None = None,
    text: str = "",
) -> Resolution:
    require_resolution_write(actor)
    number = _text(number, field="number", label="Số, ký hiệu", max_length=Resolution.MAX_NUMBER_LENGTH, required=True)
    title = _text(title, field="title", label="Trích yếu", max_length=500, required=True)
    if not YEAR_MIN <= period_start <= YEAR_MAX:
        raise ApplicationError("Năm bắt đầu giai đoạn không hợp lệ.", field="period_start")
    if not period_start <= period_end <= YEAR_MAX:
        raise ApplicationError("Năm kết thúc giai đoạn phải từ năm bắt đầu trở đi.", field="period_end")
    if Resolution.objects.filter(number=number).exists():
        raise ApplicationError(f"Đã có nghị quyết số {number}.", field="number")
    resolution = Resolution.objects.create(
        number=number,
        title=title,
        period_start=period_start,
        period_end=period_end,
        issuer_name=_text(issuer_name, field="issuer_name", label="Cơ quan ban hành", max_length=200, required=True),
        issuing_org=issuing_org,
        issued_on=issued_on,
        text=nfc(text),
    )
    audit_record(
        actor=actor,
        action="resolution.create",
        obj=resolution,
        changes={"number": [None, number], "period": [None, f"{period_start}–{period_end}"]},
    )
    return resolution


@transaction.atomic
def section_add(
    *,
    actor: User,
    resolution: Resolution,
    title: str,
    kind: str = Section.Kind.OTHER,
    number: str = "",
    body: str = "",
    parent: Section | None = None,
) -> Section:
    require_resolution_write(actor)
    if kind not in Section.Kind.values:
        raise ApplicationError("Loại mục không hợp lệ.", field="kind")
    if parent is not None and parent.resolution_id != resolution.pk:
        raise ApplicationError("Mục cha thuộc nghị quyết khác.", field="parent")
    section = Section.objects.create(
        resolution=resolution,
        parent=parent,
        kind=kind,
        number=_text(number, field="number", label="Số mục", max_length=30),
        title=_text(title, field="title", label="Tiêu đề", max_length=500, required=True),
        body=nfc(body),
        sort=Section.objects.filter(resolution=resolution).count(),
    )
    audit_record(actor=actor, action="section.add", obj=section, changes={"resolution": resolution.number})
    return section


# --- targets --------------------------------------------------------------------------------------


@transaction.atomic
def target_create(
    *,
    actor: User,
    resolution: Resolution,
    number: str,
    wording: str,
    definition: dict[str, Any],
    threshold: Decimal | int | str,
    cadence: str,
    comparator: str = Comparator.GTE,
    deadline: dt.date | None = None,
    section: Section | None = None,
) -> Target:
    """A target of ``resolution``. Checked before anything is written: the definition's shape and codes, the
    threshold (0–100 %), the comparator, and a deadline inside the resolution's period."""
    require_resolution_write(actor)
    number = _text(number, field="number", label="Số thứ tự chỉ tiêu", max_length=20, required=True)
    wording = _text(wording, field="wording", label="Nội dung chỉ tiêu", max_length=5000, required=True)
    parsed = check_definition(definition)
    value = _threshold(threshold)
    comparator = _comparator(comparator)
    _cadence(cadence, deadline, resolution)
    if section is not None and section.resolution_id != resolution.pk:
        raise ApplicationError("Mục thuộc nghị quyết khác.", field="section")
    if Target.objects.filter(resolution=resolution, number=number).exists():
        raise ApplicationError(f"Nghị quyết {resolution.number} đã có chỉ tiêu số {number}.", field="number")
    target = Target.objects.create(
        resolution=resolution,
        section=section,
        number=number,
        wording=wording,
        # Stored as parsed, defaults written out, so what is shown is what is computed.
        definition=parsed.model_dump(mode="json"),
        comparator=comparator,
        threshold=value,
        cadence=cadence,
        deadline=deadline,
        sort=Target.objects.filter(resolution=resolution).count(),
    )
    audit_record(
        actor=actor,
        action="target.create",
        obj=target,
        changes={
            "definition": [None, target.definition],
            "threshold": [None, str(value)],
            "comparator": [None, comparator],
            "cadence": [None, cadence],
            "deadline": [None, deadline.isoformat() if deadline else None],
        },
    )
    return target


@transaction.atomic
def target_update(
    *,
    actor: User,
    target: Target,
    definition: dict[str, Any] | None = None,
    threshold: Decimal | int | str | None = None,
    comparator: str | None = None,
    active: bool | None = None,
) -> Target:
    """Change what is given; every value is checked before any is set, and the audit row keeps the old
    definition (a target is versioned data: the log shows what was computed before)."""
    require_resolution_write(actor)
    target = Target.objects.select_for_update().select_related("resolution").get(pk=target.pk)
    new: dict[str, Any] = {}
    if definition is not None:
        new["definition"] = check_definition(definition).model_dump(mode="json")
    if threshold is not None:
        new["threshold"] = _threshold(threshold)
    if comparator is not None:
        new["comparator"] = _comparator(comparator)
    if active is not None:
        new["active"] = active
    changes = {
        name: [_jsonable(getattr(target, name)), _jsonable(value)]
        for name, value in new.items()
        if getattr(target, name) != value
    }
    if not changes:
        return target
    for name in changes:
        setattr(target, name, new[name])
    target.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action="target.update", obj=target, changes=changes)
    return target


def _jsonable(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value


# --- tasks ----------------------------------------------------------------------------------------


@transaction.atomic
def task_add(
    *, actor: User, section: Section, title: str, number: str = "", body: str = "", parent: Task | None = None
) -> Task:
    require_resolution_write(actor)
    if parent is not None and parent.section_id != section.pk:
        raise ApplicationError("Nhiệm vụ cha thuộc mục khác.", field="parent")
    task = Task.objects.create(
        section=section,
        parent=parent,
        number=_text(number, field="number", label="Số thứ tự", max_length=30),
        title=_text(title, field="title", label="Nhiệm vụ", max_length=500, required=True),
        body=nfc(body),
        sort=Task.objects.filter(section=section).count(),
    )
    audit_record(actor=actor, action="task.add", obj=task, changes={"section": section.pk})
    return task


@transaction.atomic
def task_update_progress(*, actor: User, task: Task, status: str, progress: int) -> Task:
    """Status and progress together, consistent: done is 100 %, not started is 0 %."""
    require_resolution_write(actor)
    if status not in Task.Status.values:
        raise ApplicationError("Tình trạng phải là chưa thực hiện, đang thực hiện hoặc hoàn thành.", field="status")
    if not 0 <= progress <= 100:
        raise ApplicationError("Tiến độ phải từ 0 đến 100 (%).", field="progress")
    if status == Task.Status.DONE and progress != 100:
        raise ApplicationError("Nhiệm vụ đã hoàn thành thì tiến độ là 100%.", field="progress")
    if status == Task.Status.NOT_STARTED and progress != 0:
        raise ApplicationError("Nhiệm vụ chưa thực hiện thì tiến độ là 0%.", field="progress")
    task = Task.objects.select_for_update().get(pk=task.pk)
    changes = {"status": [task.status, status], "progress": [task.progress, progress]}
    task.status, task.progress = status, progress
    task.save(update_fields=["status", "progress", "updated_at"])
    audit_record(actor=actor, action="task.update_progress", obj=task, changes=changes)
    return task
