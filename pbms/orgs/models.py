"""The effective-dated tree of party organisations.

An ``Organization`` is an identity (its code never changes). Where it sits, what
it is called and what kind it is are held by ``Placement`` rows, one per
interval [valid_from, valid_to) with valid_to exclusive and NULL for "still so".
Each row carries the materialised path of ids from the root valid for its
interval, so the tree as of a date and the subtree of X as of a date are each a
single indexed query. A change closes rows and opens new ones; nothing is
overwritten, so a 2023 figure computed in 2026 is still the 2023 figure.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q


class OrgLevel(models.Model):
    """A level of the hierarchy (cấp tỉnh, cấp trên cơ sở, cơ sở, ...): reference data."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField("tên cấp", max_length=120)
    rank = models.PositiveSmallIntegerField("thứ bậc", unique=True, help_text="1 là cấp cao nhất")

    class Meta:
        ordering = ("rank",)
        verbose_name = "cấp tổ chức"
        verbose_name_plural = "cấp tổ chức"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return self.name


class OrgKind(models.Model):
    """A kind of organisation (đảng bộ huyện, đảng bộ xã, chi bộ...), usable between two dates."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField("tên loại hình", max_length=120)
    level = models.ForeignKey(OrgLevel, on_delete=models.PROTECT, related_name="kinds")
    valid_from = models.DateField("áp dụng từ", null=True, blank=True)
    valid_to = models.DateField("áp dụng đến trước ngày", null=True, blank=True)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("level__rank", "sort", "code")
        verbose_name = "loại hình tổ chức"
        verbose_name_plural = "loại hình tổ chức"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return self.name

    def usable_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


class Organization(models.Model):
    """The lasting identity of a party organisation."""

    MAX_CODE_LENGTH: ClassVar[int] = 40

    code = models.CharField("mã tổ chức", max_length=MAX_CODE_LENGTH, unique=True)
    created_on = models.DateField("ngày thành lập")
    ended_on = models.DateField("ngày chấm dứt", null=True, blank=True)

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return self.code


class OrgEvent(models.Model):
    """A decision that changed the tree: the timeline of an organisation is its events."""

    class Kind(models.TextChoices):
        CREATED = "created", "Thành lập"
        RENAMED = "renamed", "Đổi tên, loại hình"
        MOVED = "moved", "Chuyển trực thuộc"
        MERGED = "merged", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia tách"
        DISSOLVED = "dissolved", "Giải thể, chấm dứt"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    effective_date = models.DateField("ngày hiệu lực")
    decision_ref = models.CharField("số quyết định", max_length=80)
    note = models.TextField("ghi chú", blank=True)
    # Names and parents before/after, kept as they were so the timeline reads the same forever.
    details = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    orgs: models.ManyToManyField[Organization, OrgEventRole] = models.ManyToManyField(
        Organization, through="OrgEventRole", related_name="events"
    )

    class Meta:
        ordering = ("effective_date", "id")
        verbose_name = "sự kiện của tổ chức"
        verbose_name_plural = "sự kiện của tổ chức"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decision_ref}"


class OrgEventRole(models.Model):
    """How an organisation took part in an event (subject, merged source, merge target, moved child...)."""

    class Role(models.TextChoices):
        SUBJECT = "subject", "Tổ chức"
        SOURCE = "source", "Tổ chức bị hợp nhất"
        TARGET = "target", "Tổ chức tiếp nhận"
        OLD_PARENT = "old_parent", "Cấp trên cũ"
        NEW_PARENT = "new_parent", "Cấp trên mới"
        CHILD = "child", "Tổ chức trực thuộc chuyển theo"

    event = models.ForeignKey(OrgEvent, on_delete=models.CASCADE, related_name="roles")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("event", "org", "role"), name="orgeventrole_unique")]
        verbose_name = "vai trò trong sự kiện"
        verbose_name_plural = "vai trò trong sự kiện"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.org_id}"


class PlacementQuerySet(models.QuerySet["Placement"]):
    def as_of(self, day: dt.date) -> PlacementQuerySet:
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))

    def current(self) -> PlacementQuerySet:
        return self.filter(valid_to__isnull=True)


class Placement(models.Model):
    """Where an organisation sits, its name and kind, during [valid_from, valid_to)."""

    MAX_NAME_LENGTH: ClassVar[int] = 200

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="placements")
    parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("tên tổ chức", max_length=MAX_NAME_LENGTH)
    # Lower-case ASCII fold of the name, for diacritic-insensitive search on every database.
    name_folded = models.CharField(max_length=MAX_NAME_LENGTH)
    kind = models.ForeignKey(OrgKind, on_delete=models.PROTECT, related_name="+")
    # "/<root id>/.../<org id>/": the trailing slash makes a prefix match exact.
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    event = models.ForeignKey(OrgEvent, on_delete=models.PROTECT, related_name="placements")

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "vị trí trong cây tổ chức"
        verbose_name_plural = "vị trí trong cây tổ chức"  # Vietnamese nouns do not inflect
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="placement_interval_not_empty",
            ),
            # One open row per organisation: it is in one place, under one name, now. Concurrent moves
            # wrote two (the organisation in two subtrees at once). On PostgreSQL an exclusion constraint
            # (placement_no_overlap, migration 0004: PostgreSQL only, not in this state) also refuses two
            # rows of one organisation whose [valid_from, valid_to) intervals overlap.
            models.UniqueConstraint(
                fields=["org"], condition=Q(valid_to__isnull=True), name="placement_one_open_per_org"
            ),
        ]
        indexes = [
            # subtree as of a date: path LIKE '/1/23/%' plus the date filter
            models.Index(
                fields=["path", "valid_from"], name="placement_path_idx", opclasses=["varchar_pattern_ops", "date_ops"]
            ),
            # children of a node as of a date (tree browser)
            models.Index(fields=["parent", "valid_from"], name="placement_parent_idx"),
            # an organisation's own rows (timeline, scope checks)
            models.Index(fields=["org", "valid_from"], name="placement_org_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def last_day(self) -> dt.date | None:
        """The last day this row holds (valid_to is exclusive)."""
        return self.valid_to - dt.timedelta(days=1) if self.valid_to else None
