"""The register of cadres and party members.

Everything a target of a resolution counts is here and dated: where a member is active
(``CellMembership``), positions and the management categories they carry, committee
memberships, qualifications (when obtained) and training. Nothing is overwritten: a change
ends a row and opens another, and the membership's state is derived from its events.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from pbms.orgs.models import Organization


class CodeList(models.TextChoices):
    ETHNICITY = "ethnicity", "Dân tộc"
    RELIGION = "religion", "Tôn giáo"
    EDUCATION = "education", "Trình độ chuyên môn"
    POLITICAL_THEORY = "political_theory", "Lý luận chính trị"
    STATE_MANAGEMENT = "state_management", "Quản lý nhà nước"
    FOREIGN_LANGUAGE = "foreign_language", "Ngoại ngữ"
    IT = "it", "Tin học"


class Code(models.Model):
    """One entry of a code list (reference data). ``rank`` orders qualification levels, so
    "at least trung cấp" is ``rank >= 2`` and "cử nhân chính trị" can share "cao cấp"'s rank."""

    list = models.CharField("danh mục", max_length=30, choices=CodeList.choices)
    code = models.CharField("mã", max_length=20)
    name = models.CharField("tên", max_length=200)
    rank = models.PositiveSmallIntegerField("thứ bậc", null=True, blank=True)
    version = models.CharField("văn bản ban hành danh mục", max_length=120, blank=True)
    sort = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "mã danh mục"
        verbose_name_plural = "mã danh mục"  # Vietnamese nouns do not inflect
        ordering = ("list", "sort", "code")
        constraints = [models.UniqueConstraint(fields=("list", "code"), name="code_unique_in_list")]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class Person(models.Model):
    """A cadre or party member. Names are kept apart: lists sort by given name, then family and
    middle name, under Vietnamese collation."""

    family_name = models.CharField("họ", max_length=50)
    middle_name = models.CharField("tên đệm", max_length=80, blank=True)
    given_name = models.CharField("tên", max_length=50)
    # Lower-case ASCII fold of the full name, for diacritic-insensitive search on every database.
    name_folded = models.CharField(max_length=200, db_index=True)
    gender = models.CharField("giới tính", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("ngày sinh")
    cccd = models.CharField("số CCCD", max_length=12, null=True, blank=True, unique=True)
    place_of_origin = models.CharField("quê quán", max_length=255, blank=True)
    ethnicity = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", limit_choices_to={"list": CodeList.ETHNICITY}
    )
    # Never blank: "Không" is a code of its own (Mẫu 2C).
    religion = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", limit_choices_to={"list": CodeList.RELIGION}
    )
    # The cadre's own account, for self-assessment and "my file".
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    # Who entered the record. It places a person who is not yet anywhere (no cell, post or seat on any
    # date, e.g. a cadre who is not a party member, entered before his post): such a record is in its
    # author's scope, so that a user never creates a record he can then not see (people.selectors).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người nhập",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "cán bộ, đảng viên"
        verbose_name_plural = "cán bộ, đảng viên"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.family_name, self.middle_name, self.given_name) if part)

    def age_on(self, day: dt.date) -> int:
        """Completed years on ``day``: the birthday itself counts (born 24/11/1986 is 40 on 24/11/2026)."""
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class Membership(models.Model):
    """The party membership of a person. Its state on a date is derived from ``MembershipEvent``s."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="membership")
    # Số lý lịch: 6 digits + 1–3 letters (HD 09-HD/BTCTW); the stable key of imports.
    party_file_no = models.CharField("số lý lịch", max_length=20, null=True, blank=True, unique=True)
    # Số thẻ: text, since the 2025 cards changed format (Chỉ thị 51-CT/TW).
    card_no = models.CharField("số thẻ đảng viên", max_length=30, blank=True)
    admitted_on = models.DateField("ngày vào Đảng")
    official_on = models.DateField("ngày chính thức", null=True, blank=True)

    class Meta:
        verbose_name = "đảng tịch"
        verbose_name_plural = "đảng tịch"  # Vietnamese nouns do not inflect
        indexes = [models.Index(fields=["card_no"], name="membership_card_idx")]  # the list's search

    def __str__(self) -> str:
        return f"{self.person} ({self.party_file_no or 'chưa có số lý lịch'})"


class MembershipEvent(models.Model):
    """A decision in a member's life (Điều lệ Đảng; domain-rules §3.4). Never edited; corrected by a new event."""

    class Kind(models.TextChoices):
        ADMITTED = "admitted", "Kết nạp"
        RECOGNIZED = "recognized", "Công nhận đảng viên chính thức"
        TRANSFERRED = "transferred", "Chuyển sinh hoạt đảng"
        EXEMPTED = "exempted", "Miễn công tác và sinh hoạt đảng"
        EXEMPTION_ENDED = "exemption_ended", "Thôi miễn công tác và sinh hoạt đảng"
        STRUCK_OFF = "struck_off", "Xóa tên"
        EXPELLED = "expelled", "Khai trừ"
        WITHDREW = "withdrew", "Xin ra khỏi Đảng"
        DIED = "died", "Từ trần"
        READMITTED = "readmitted", "Kết nạp lại"
        MOVED_OUT = "moved_out", "Chuyển sinh hoạt đảng ra ngoài tỉnh"
        MOVED_IN = "moved_in", "Nhận sinh hoạt đảng từ ngoài tỉnh về"

    ENDING: ClassVar[frozenset[str]] = frozenset({"struck_off", "expelled", "withdrew", "died"})

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # ``date`` is when the event takes effect (the ceremony, the first day in the new cell…); ``decided_on`` the
    # date of the decision that ordered it, which the lists and Mẫu 7-HSĐV cite with its number.
    date = models.DateField("ngày")
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)
    cell = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sự kiện đảng tịch"
        verbose_name_plural = "sự kiện đảng tịch"  # Vietnamese nouns do not inflect
        ordering = ("date", "id")
        indexes = [models.Index(fields=["membership", "date"], name="membershipevent_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class CellMembership(models.Model):
    """Where a member is active (sinh hoạt) during [valid_from, valid_to). Written by the lifecycle
    services from the events, so "members under X on D" is one join with the tree's placements."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="cells")
    cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="member_rows")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "sinh hoạt tại chi bộ"
        verbose_name_plural = "sinh hoạt tại chi bộ"  # Vietnamese nouns do not inflect
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="cellmembership_interval_not_empty",
            )
        ]
        indexes = [
            # members of a set of organisations as of a date
            models.Index(fields=["cell", "valid_from"], name="cellmembership_cell_idx"),
            models.Index(fields=["membership", "valid_from"], name="cellmembership_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} @ {self.cell_id}"


class Qualification(models.Model):
    """A level reached in one code list (education, political theory…), dated when obtained."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="qualifications")
    kind = models.CharField("loại", max_length=30, choices=CodeList.choices)
    level = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+")
    obtained_on = models.DateField("ngày cấp bằng, chứng chỉ", null=True, blank=True)
    field = models.CharField("chuyên ngành", max_length=200, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "trình độ"
        verbose_name_plural = "trình độ"  # Vietnamese nouns do not inflect
        indexes = [models.Index(fields=["person", "kind"], name="qualification_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.level}"


class ManagementCategory(models.Model):
    """A category of cadres by who manages them (QĐ 377-QĐ/TW; each province decides the list)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField("tên diện quản lý", max_length=255)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "diện quản lý"
        verbose_name_plural = "diện quản lý"  # Vietnamese nouns do not inflect
        ordering = ("sort", "code")

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A post held during [valid_from, valid_to), and the management categories it carries."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="positions")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField("chức vụ", max_length=200)
    is_head = models.BooleanField("người đứng đầu", default=False)
    categories = models.ManyToManyField(ManagementCategory, blank=True, related_name="positions")
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến trước ngày", null=True, blank=True)
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)

    class Meta:
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"  # Vietnamese nouns do not inflect
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="position_interval_not_empty",
            )
        ]
        indexes = [
            models.Index(fields=["org", "valid_from"], name="position_org_idx"),  # posts in a subtree on a date
            models.Index(fields=["person", "valid_from"], name="position_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.person})"


class Term(models.Model):
    """A term (nhiệm kỳ) of an organisation's leading bodies, e.g. 2020–2025."""

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="terms")
    name = models.CharField("nhiệm kỳ", max_length=40)
    starts_on = models.DateField("bắt đầu")
    ends_on = models.DateField("kết thúc", null=True, blank=True)

    class Meta:
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"  # Vietnamese nouns do not inflect
        constraints = [models.UniqueConstraint(fields=("org", "name"), name="term_unique")]

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """A leading body of a term: the committee, its standing committee, the inspection commission; and,
    until 2025, a đảng đoàn or ban cán sự đảng (named, e.g. "Đảng đoàn HĐND tỉnh"). A chi bộ with fewer than
    nine official members elects no chi ủy, only a bí thư and maybe a phó bí thư (Điều lệ Đảng, Điều 24
    khoản 4): their seats are on a body of its own (``CELL_SECRETARIES``), so that a party post is always a
    seat (``pbms.people.rules``, "party posts")."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "Ban chấp hành (cấp ủy)"
        STANDING = "standing", "Ban thường vụ"
        INSPECTION = "inspection", "Ủy ban kiểm tra"
        PARTY_DELEGATION = "party_delegation", "Đảng đoàn"
        PARTY_AFFAIRS = "party_affairs", "Ban cán sự đảng"
        CELL_SECRETARIES = "cell_secretaries", "Bí thư, phó bí thư chi bộ (không có chi ủy)"

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    name = models.CharField("tên", max_length=200, blank=True)

    class Meta:
        verbose_name = "cơ quan lãnh đạo"
        verbose_name_plural = "cơ quan lãnh đạo"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class BodyRole(models.TextChoices):
    SECRETARY = "secretary", "Bí thư"
    DEPUTY_SECRETARY = "deputy_secretary", "Phó Bí thư"
    STANDING_MEMBER = "standing_member", "Ủy viên Ban Thường vụ"
    MEMBER = "member", "Ủy viên"
    CHAIR = "chair", "Chủ nhiệm"
    DEPUTY_CHAIR = "deputy_chair", "Phó Chủ nhiệm"


class BodyMembership(models.Model):
    """A person's seat on a body during [valid_from, valid_to), with the role held there."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="body_seats")
    role = models.CharField("chức danh", max_length=20, choices=BodyRole.choices)
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến trước ngày", null=True, blank=True)
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)

    class Meta:
        verbose_name = "thành viên cơ quan lãnh đạo"
        verbose_name_plural = "thành viên cơ quan lãnh đạo"  # Vietnamese nouns do not inflect
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="bodymembership_interval_not_empty",
            )
        ]
        indexes = [models.Index(fields=["person", "valid_from"], name="bodymembership_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.person}"


class TrainingCategory(models.Model):
    """A category of training (bồi dưỡng) the targets count; the list is data."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField("loại bồi dưỡng", max_length=255)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "loại bồi dưỡng"
        verbose_name_plural = "loại bồi dưỡng"  # Vietnamese nouns do not inflect
        ordering = ("sort", "code")

    def __str__(self) -> str:
        return self.name


class Training(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="trainings")
    course = models.CharField("tên lớp, khóa", max_length=255)
    category = models.ForeignKey(TrainingCategory, on_delete=models.PROTECT, related_name="trainings")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    completed = models.BooleanField("hoàn thành", default=True)
    provider = models.CharField("cơ sở đào tạo", max_length=255, blank=True)

    class Meta:
        verbose_name = "bồi dưỡng"
        verbose_name_plural = "bồi dưỡng"  # Vietnamese nouns do not inflect
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="training_dates_ordered"),
            # A training's identity, the key the workbook import upserts by (docs/workbook.md, "Khóa"): a second
            # row with the same key is a duplicate (a double-clicked import wrote them before this constraint).
            models.UniqueConstraint(fields=["person", "course", "category", "starts_on"], name="training_unique_key"),
        ]
        indexes = [models.Index(fields=["category", "ends_on"], name="training_category_idx")]

    def __str__(self) -> str:
        return self.course


class WorkbookUpload(models.Model):
    """A workbook uploaded for import, from the upload to the end of its import.

    Its ``state`` moves by conditional UPDATEs only (``workbook.uploads``): a double-clicked confirmation
    finds the upload already claimed and imports nothing. A running check or import beats ``heartbeat_at``
    (a thread of the process running it); one whose heartbeat is older than the lease died with its worker
    (its transaction was rolled back: nothing was written) and is shown as interrupted, to retry or cancel.
    ``attempt`` fences a worker that was only slow: its final conditional UPDATE names its attempt and
    fails, rolling its writes back, once the upload was given up and retried.
    """

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Chờ xác nhận"
        CHECKING = "checking", "Đang kiểm tra"
        IMPORTING = "importing", "Đang ghi"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Lỗi"
        LOST = "lost", "Bị gián đoạn"

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=120)
    state = models.CharField(max_length=12, choices=State.choices, default=State.UPLOADED)
    attempt = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp nhập chờ xử lý"
        verbose_name_plural = "tệp nhập chờ xử lý"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return self.file_name
