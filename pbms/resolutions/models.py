"""Resolutions as data: the text (a tree of sections), the targets (declarative definitions computed live
over the register, see ``definitions`` and ``engine``) and the tasks (tracked by status and progress).

Nothing here knows a particular resolution: seed 000's twelve targets are rows, and a specialist adds the
next resolution's targets through ``services.target_create`` without a code change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pbms.orgs.models import Organization


class Resolution(models.Model):
    """A resolution (nghị quyết) of a party committee, e.g. "05-NQ/TU" for the period 2021–2025."""

    MAX_NUMBER_LENGTH: ClassVar[int] = 40

    number = models.CharField("số, ký hiệu", max_length=MAX_NUMBER_LENGTH, unique=True)
    title = models.CharField("trích yếu", max_length=500)
    # The committee that issued it; empty until the tree holds it (the seed loads before any organisation).
    issuing_org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    issuer_name = models.CharField("cơ quan ban hành", max_length=200, default="Tỉnh ủy")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    period_start = models.PositiveSmallIntegerField("từ năm")
    period_end = models.PositiveSmallIntegerField("đến năm")
    text = models.TextField("toàn văn", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nghị quyết"
        verbose_name_plural = "nghị quyết"  # Vietnamese nouns do not inflect
        ordering = ("-period_start", "number")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="resolution_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"Nghị quyết số {self.number}"


class Section(models.Model):
    """A part of the resolution's text (I. MỤC TIÊU, II.1.5 …): a tree under the resolution."""

    class Kind(models.TextChoices):
        PART = "part", "Phần"
        GOAL = "goal", "Mục tiêu"
        TASK = "task", "Nhiệm vụ, giải pháp"
        IMPLEMENTATION = "implementation", "Tổ chức thực hiện"
        OTHER = "other", "Khác"

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # The full number from the top, "II.1.5", so a reference in a report reads as in the document.
    number = models.CharField("số mục", max_length=30, blank=True)
    title = models.CharField("tiêu đề", max_length=500)
    body = models.TextField("nội dung", blank=True)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "mục của nghị quyết"
        verbose_name_plural = "mục của nghị quyết"  # Vietnamese nouns do not inflect
        ordering = ("resolution", "sort", "id")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Comparator(models.TextChoices):
    GTE = "gte", "từ … trở lên (≥)"
    EQ = "eq", "bằng (=)"
    LTE = "lte", "không quá (≤)"


class Cadence(models.TextChoices):
    YEARLY = "yearly", "Hằng năm"
    DEADLINE = "deadline", "Đến hạn"


class Target(models.Model):
    """A measurable target (chỉ tiêu): who is counted, who meets it, against what threshold, by when.

    ``definition`` is a ``definitions.TargetDefinition`` as JSON, validated by ``services`` on every write;
    it is read, never executed.
    """

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="targets")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets")
    number = models.CharField("số thứ tự", max_length=20)
    wording = models.TextField("nội dung như trong nghị quyết")
    definition = models.JSONField("định nghĩa")
    comparator = models.CharField("so sánh", max_length=3, choices=Comparator.choices, default=Comparator.GTE)
    threshold = models.DecimalField(
        "ngưỡng (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    cadence = models.CharField("kỳ đánh giá", max_length=10, choices=Cadence.choices)
    deadline = models.DateField("hạn", null=True, blank=True)
    active = models.BooleanField("đang theo dõi", default=True)
    sort = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"  # Vietnamese nouns do not inflect
        ordering = ("resolution", "sort", "id")
        constraints = [
            models.UniqueConstraint(fields=("resolution", "number"), name="target_number_unique"),
            models.CheckConstraint(
                condition=Q(threshold__gte=0) & Q(threshold__lte=100), name="target_threshold_percent"
            ),
            models.CheckConstraint(
                condition=Q(cadence="yearly", deadline__isnull=True) | Q(cadence="deadline", deadline__isnull=False),
                name="target_deadline_with_cadence",
            ),
        ]

    def __str__(self) -> str:
        return f"Chỉ tiêu {self.number} – {self.resolution.number}"


class Task(models.Model):
    """A task or solution of a section, tracked by status and progress (assignment down the tree comes later)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa thực hiện"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Hoàn thành"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField("số thứ tự", max_length=30, blank=True)
    title = models.CharField("nhiệm vụ", max_length=500)
    body = models.TextField("nội dung", blank=True)
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        "tiến độ (%)", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    sort = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "nhiệm vụ, giải pháp"
        verbose_name_plural = "nhiệm vụ, giải pháp"  # Vietnamese nouns do not inflect
        ordering = ("section", "sort", "id")
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_percent")]

    def __str__(self) -> str:
        return self.title


class Anchor(models.Model):
    """Not a table: a row of ``resolutions_anchor``, the common table expression the engine's statement
    defines (who is anchored where on the date: a post with a management category, a seat, a body, an
    organisation), computed once for every target of the statement. Declared as a model only so that each
    target's part and its conditions (joins to the person, ``EXISTS`` correlated on the person or the
    organisation) are compiled by the ORM on both databases, as any query is (``engine``)."""

    source = models.CharField(max_length=8)  # "post", "seat", "body" or "org"
    who = models.BigIntegerField()  # what is counted: the person, the body or the organisation
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    org = models.ForeignKey(Organization, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    path = models.CharField(max_length=255)
    child = models.CharField(max_length=32)
    org_kind = models.CharField(max_length=40)
    org_level = models.CharField(max_length=40)
    category = models.CharField(max_length=40)
    body_kind = models.CharField(max_length=20)
    role = models.CharField(max_length=20)

    class Meta:
        managed = False
        db_table = "resolutions_anchor"
        verbose_name = "mốc số liệu"
        verbose_name_plural = "mốc số liệu"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return f"{self.source} {self.who} @ {self.path}"
