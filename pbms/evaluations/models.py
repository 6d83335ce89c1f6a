"""Evaluation and ranking (đánh giá, xếp loại chất lượng), with the rules as versioned data.

A ``RuleSet`` (QĐ 124-QĐ/TW, QĐ 366-QĐ/TW, or an administrator's copy) holds the four levels with their
exact wording and point bands, the quota on "excellent", and the ceilings and not-ranked cases as
switches (``RuleClause``) with their wording and source. A ``Cycle`` (year, quarter, month, term) uses one
rule set; a ``Result`` rates one subject in one cycle: a person, or an organisation and the body rated
(the organisation as a whole, its committee, its standing committee, or until 2025 one of its đảng đoàn and
ban cán sự đảng). Only decided results count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from pbms.orgs.models import Organization, OrgKind
from pbms.people.models import Body, Person


class Level(models.TextChoices):
    """The four levels, best first; the labels are the exact wording of QĐ 124 Điều 12 / QĐ 366 Điều 11."""

    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETE = "complete", "Hoàn thành nhiệm vụ"
    INCOMPLETE = "incomplete", "Không hoàn thành nhiệm vụ"


class Rounding(models.TextChoices):
    FLOOR = "floor", "Làm tròn xuống"
    HALF_UP = "half_up", "Làm tròn (0,5 lên)"
    CEIL = "ceil", "Làm tròn lên"


class QuotaGrouping(models.TextChoices):
    """What "a group of similar roles" is when counting the quota."""

    UNIT = "unit", "Theo đơn vị quyết định (cấp trên trực tiếp) và loại đối tượng"
    UNIT_GROUP = "unit_group", "Theo đơn vị quyết định và nhóm đối tượng"
    CYCLE_GROUP = "cycle_group", "Theo nhóm đối tượng trong cả đợt"


class RuleSet(models.Model):
    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=255)
    decision_ref = models.CharField("văn bản", max_length=120)
    applies_from_year = models.PositiveSmallIntegerField("áp dụng từ năm")
    applies_to_year = models.PositiveSmallIntegerField("áp dụng đến năm", null=True, blank=True)
    scored = models.BooleanField("chấm điểm (thang 100)", default=False)
    general_points = models.PositiveSmallIntegerField("điểm tiêu chí chung", null=True, blank=True)
    task_points = models.PositiveSmallIntegerField("điểm kết quả thực hiện nhiệm vụ", null=True, blank=True)
    quota_ratio = models.DecimalField("tỷ lệ xuất sắc tối đa", max_digits=4, decimal_places=3, default="0.200")
    quota_grouping = models.CharField(
        "nhóm tính tỷ lệ", max_length=20, choices=QuotaGrouping.choices, default=QuotaGrouping.UNIT_GROUP
    )
    quota_rounding = models.CharField("làm tròn", max_length=10, choices=Rounding.choices, default=Rounding.FLOOR)
    quota_wording = models.TextField("nội dung quy định tỷ lệ", blank=True)
    quota_source = models.CharField("nguồn", max_length=255, blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "bộ quy tắc xếp loại"
        verbose_name_plural = "bộ quy tắc xếp loại"  # Vietnamese nouns do not inflect
        ordering = ("applies_from_year", "code")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class RuleLevel(models.Model):
    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField("mức", max_length=12, choices=Level.choices)
    order = models.PositiveSmallIntegerField("thứ tự", help_text="1 là mức cao nhất")
    label = models.CharField("tên mức (nguyên văn)", max_length=120)
    abbreviation = models.CharField("viết tắt", max_length=12)
    min_points = models.DecimalField("điểm từ", max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "mức xếp loại"
        verbose_name_plural = "mức xếp loại"  # Vietnamese nouns do not inflect
        ordering = ("ruleset", "order")
        constraints = [
            models.UniqueConstraint(fields=("ruleset", "level"), name="rulelevel_unique"),
            models.UniqueConstraint(fields=("ruleset", "order"), name="rulelevel_order_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class Clause(models.TextChoices):
    DISCIPLINED = "disciplined", "Bị kỷ luật trong năm"
    COLLECTIVE_DISCIPLINED = "collective_disciplined", "Tập thể có thành viên, tổ chức trực thuộc bị kỷ luật"
    SICK_LEAVE = "sick_leave", "Nghỉ ốm"
    HEAD_OF_UNIT = "head_of_unit", "Người đứng đầu không cao hơn tập thể mình phụ trách"
    RECENTLY_ADMITTED = "recently_admitted", "Mới kết nạp"
    EXEMPT = "exempt", "Miễn công tác và sinh hoạt đảng"
    SUSPENDED = "suspended", "Đình chỉ sinh hoạt đảng"
    # Links between the two ratings of a leading cadre (issue 14 §2): read at decision time.
    CADRE_INCOMPLETE = "cadre_incomplete", "Cán bộ, công chức không hoàn thành nhiệm vụ thì đảng viên cũng vậy"
    CIVIL_SERVANT_SHARE = "civil_servant_share", "Tỷ lệ công chức xuất sắc không quá tỷ lệ đảng viên xuất sắc"


class RuleClause(models.Model):
    """A ceiling (``max_level``) or a not-ranked case, switched on or off, with its wording and source.
    ``threshold`` is the number the clause reads: months of sick leave, months since admission."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="clauses")
    clause = models.CharField("quy tắc", max_length=30, choices=Clause.choices)
    enabled = models.BooleanField("áp dụng", default=True)
    max_level = models.CharField("mức cao nhất được xếp", max_length=12, choices=Level.choices, blank=True)
    threshold = models.PositiveSmallIntegerField("ngưỡng (tháng)", null=True, blank=True)
    wording = models.TextField("nội dung")
    source = models.CharField("nguồn", max_length=255, blank=True)

    class Meta:
        verbose_name = "quy tắc giới hạn, không xếp loại"
        verbose_name_plural = "quy tắc giới hạn, không xếp loại"  # Vietnamese nouns do not inflect
        ordering = ("ruleset", "id")
        constraints = [models.UniqueConstraint(fields=("ruleset", "clause"), name="ruleclause_unique")]

    def __str__(self) -> str:
        return self.get_clause_display()


class DecidingSubject(models.TextChoices):
    MEMBER = "member", "Đảng viên"
    COLLECTIVE = "collective", "Tập thể (tổ chức đảng, cấp ủy, ban thường vụ)"
    # a leader or manager rated as a cadre, by the body managing his management category
    CADRE = "cadre", "Cán bộ lãnh đạo, quản lý (theo diện quản lý)"


class DeciderOrg(models.TextChoices):
    """Which organisation decides, seen from the subject's unit (the rated organisation for a collective,
    the cell for a member), on the cycle's population date."""

    SELF = "self", "Chính tổ chức đó"
    PARENT = "parent", "Cấp ủy cấp trên trực tiếp"
    ANCESTOR = "ancestor", "Tổ chức cấp trên gần nhất thuộc cấp đã chọn (không có: cấp trên trực tiếp)"


class DeciderBody(models.TextChoices):
    """The body of the deciding organisation that decides."""

    COMMITTEE = "committee", "Cấp ủy"
    STANDING = "standing", "Ban thường vụ"
    CELL = "cell", "Chi bộ (chi ủy nơi có chi ủy)"


class DecidingRule(models.Model):
    """Who decides the level of a subject, as data of a rule set (the guidance of each period says it:
    HD 16-HD/BTCTW 2018, HD 25-HD/BTCTW 2023 mục 3, HD 43-HD/BTCTW 2025). A rule matches the subject's unit
    by level and, more precisely, by kind (a rule naming the kind wins). A collective is rated only when a
    rule of its rule set covers its level or kind: this is also the list of levels rated as collectives."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="deciders")
    subject = models.CharField("đối tượng", max_length=12, choices=DecidingSubject.choices)
    unit_level = models.CharField(
        "cấp của tổ chức", max_length=40, blank=True, help_text="mã cấp tổ chức (orgs.OrgLevel); trống với cán bộ"
    )
    unit_kind = models.CharField(
        "loại hình tổ chức", max_length=40, blank=True, help_text="mã loại hình (orgs.OrgKind); trống: mọi loại hình"
    )
    category = models.CharField(
        "diện quản lý", max_length=60, blank=True, help_text="mã diện quản lý cán bộ (chỉ với đối tượng cán bộ)"
    )
    decider = models.CharField("tổ chức quyết định", max_length=10, choices=DeciderOrg.choices)
    decider_level = models.CharField("cấp của tổ chức quyết định", max_length=40, blank=True)
    decider_body = models.CharField("cơ quan quyết định", max_length=10, choices=DeciderBody.choices)
    wording = models.TextField("nội dung quy định")
    source = models.CharField("nguồn", max_length=255)

    class Meta:
        verbose_name = "thẩm quyền quyết định xếp loại"
        verbose_name_plural = "thẩm quyền quyết định xếp loại"  # Vietnamese nouns do not inflect
        verbose_name_plural = "thẩm quyền quyết định xếp loại"
        ordering = ("ruleset", "subject", "unit_level", "unit_kind", "category")
        constraints = [
            models.UniqueConstraint(
                fields=("ruleset", "subject", "unit_level", "unit_kind", "category"), name="decidingrule_unique"
            ),
            models.CheckConstraint(
                condition=(Q(subject="cadre") & ~Q(category="")) | (~Q(subject="cadre") & Q(category="")),
                name="decidingrule_category_for_cadre",
            ),
            models.CheckConstraint(
                condition=~Q(decider="ancestor") | ~Q(decider_level=""), name="decidingrule_ancestor_has_level"
            ),
        ]

    def __str__(self) -> str:
        unit = self.category or self.unit_kind or self.unit_level
        return f"{self.get_subject_display()} {unit}: {self.get_decider_body_display()}"


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    DISMISSAL = "dismissal", "Cách chức"
    EXPULSION = "expulsion", "Khai trừ"
    DISSOLUTION = "dissolution", "Giải tán"


class Discipline(models.Model):
    """A minimal discipline record (the inspection module will own the full one)."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="disciplines")
    org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="disciplines")
    form = models.CharField("hình thức", max_length=12, choices=DisciplineForm.choices)
    date = models.DateField("ngày quyết định")
    decision_ref = models.CharField("số quyết định", max_length=80)
    self_detected_and_remedied = models.BooleanField("tự phát hiện và khắc phục xong hậu quả", default=False)
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"  # Vietnamese nouns do not inflect
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(org__isnull=True))
                | (Q(person__isnull=True) & Q(org__isnull=False)),
                name="discipline_one_subject",
            ),
            models.CheckConstraint(
                condition=~Q(form="dissolution") | Q(org__isnull=False), name="discipline_dissolution_org_only"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "date"], name="discipline_person_idx"),
            models.Index(fields=["org", "date"], name="discipline_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.decision_ref}"


class Suspension(models.Model):
    """Đình chỉ sinh hoạt đảng during [starts_on, ends_on): a suspended member is not ranked."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="suspensions")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến trước ngày", null=True, blank=True)
    decision_ref = models.CharField("số quyết định", max_length=80)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "đình chỉ sinh hoạt"
        verbose_name_plural = "đình chỉ sinh hoạt"  # Vietnamese nouns do not inflect

    def __str__(self) -> str:
        return f"{self.person_id} {self.decision_ref}"


class CycleKind(models.TextChoices):
    YEAR = "year", "Năm"
    QUARTER = "quarter", "Quý"
    MONTH = "month", "Tháng"
    TERM = "term", "Nhiệm kỳ"


class Cycle(models.Model):
    """One round of evaluation. ``period`` is the quarter (1–4) or month (1–12); 0 for a year or a term."""

    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("kỳ", max_length=10, choices=CycleKind.choices, default=CycleKind.YEAR)
    period = models.PositiveSmallIntegerField("quý, tháng", default=0)
    name = models.CharField("tên đợt", max_length=200)
    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="cycles")
    population_on = models.DateField("danh sách tính đến ngày")
    self_assess_by = models.DateField("hạn tự đánh giá", null=True, blank=True)
    comment_by = models.DateField("hạn nhận xét", null=True, blank=True)
    propose_by = models.DateField("hạn đề xuất", null=True, blank=True)
    decide_by = models.DateField("hạn quyết định", null=True, blank=True)
    closed = models.BooleanField("đã kết thúc", default=False)
    # The organisations ``services.cycle_populate`` opens, with their bodies; none named: every organisation
    # whose level or kind a collective ``DecidingRule`` of the rule set covers.
    org_kinds = models.ManyToManyField(
        OrgKind, blank=True, related_name="+", verbose_name="loại hình tổ chức được xếp loại"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đợt đánh giá"
        verbose_name_plural = "đợt đánh giá"  # Vietnamese nouns do not inflect
        ordering = ("-year", "kind", "period")
        constraints = [
            models.UniqueConstraint(fields=("year", "kind", "period"), name="cycle_unique_period"),
            models.CheckConstraint(
                condition=(Q(kind__in=("year", "term")) & Q(period=0))
                | (Q(kind="quarter") & Q(period__gte=1) & Q(period__lte=4))
                | (Q(kind="month") & Q(period__gte=1) & Q(period__lte=12)),
                name="cycle_period_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResultState(models.TextChoices):
    PENDING = "pending", "Chưa tự đánh giá"
    SELF_ASSESSED = "self_assessed", "Đã tự đánh giá"
    COMMENTED = "commented", "Đã nhận xét"
    PROPOSED = "proposed", "Đã đề xuất"
    DECIDED = "decided", "Đã quyết định"
    ANNOUNCED = "announced", "Đã thông báo"


DECIDED_STATES = (ResultState.DECIDED, ResultState.ANNOUNCED)


class RatedBody(models.TextChoices):
    """What a collective result rates (architecture.md, "Reading the seeds' targets"). Every value but
    "org" is that of ``people.Body.Kind``: the resolutions engine matches ``Result.body_kind`` against the
    kind of a body of the organisation's term. An organisation's term has one committee and one standing
    committee but may have several đảng đoàn and ban cán sự đảng, so a result rating one of those also names
    the body (``Result.body``)."""

    ORG = "org", "Tổ chức đảng"
    COMMITTEE = "committee", "Tập thể cấp ủy"
    STANDING = "standing", "Tập thể ban thường vụ"
    PARTY_DELEGATION = "party_delegation", "Đảng đoàn"
    PARTY_AFFAIRS = "party_affairs", "Ban cán sự đảng"


class RatingKind(models.TextChoices):
    """What a result rates: a leader or manager has two ratings a year, as a party member (decided at the
    grassroots) and as a cadre (decided by the body managing his management category); a collective's
    result is the collective's (issue 14 §2)."""

    PARTY_MEMBER = "party_member", "Xếp loại đảng viên"
    CADRE = "cadre", "Xếp loại cán bộ lãnh đạo, quản lý"
    COLLECTIVE = "collective", "Xếp loại tập thể"


PERSON_RATING_KINDS = (RatingKind.PARTY_MEMBER, RatingKind.CADRE)


# The bodies rated one by one: many of a kind per term, told apart by ``Result.body``.
PARTY_BODY_KINDS = (RatedBody.PARTY_DELEGATION, RatedBody.PARTY_AFFAIRS)


class SubjectGroup(models.TextChoices):
    """Groups of similar roles (criteria templates, quota groups)."""

    COLLECTIVE = "collective", "Tập thể"
    COMMITTEE_MEMBER = "committee_member", "Cấp ủy viên"
    LEADER = "leader", "Cán bộ lãnh đạo, quản lý"
    MEMBER = "member", "Đảng viên không giữ chức vụ"


class CriterionSection(models.TextChoices):
    """The two parts of the 100-point scale of QĐ 366-QĐ/TW."""

    GENERAL = "general", "Tiêu chí chung"
    TASKS = "tasks", "Kết quả thực hiện nhiệm vụ"


class Criterion(models.Model):
    """One criterion of a group's template in a rule set, with the most points it can earn; the points of a
    section add up to the rule set's ``general_points`` / ``task_points``."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField("nhóm đối tượng", max_length=20, choices=SubjectGroup.choices)
    section = models.CharField("phần", max_length=10, choices=CriterionSection.choices)
    order = models.PositiveSmallIntegerField("thứ tự")
    title = models.CharField("tiêu chí", max_length=255)
    guidance = models.TextField("nội dung, gợi ý chấm", blank=True)
    max_points = models.DecimalField("điểm tối đa", max_digits=5, decimal_places=2)
    source = models.CharField("nguồn", max_length=255, blank=True)

    class Meta:
        verbose_name = "tiêu chí đánh giá"
        verbose_name_plural = "tiêu chí đánh giá"  # Vietnamese nouns do not inflect
        verbose_name_plural = "tiêu chí đánh giá"
        ordering = ("ruleset", "group", "order")
        constraints = [
            models.UniqueConstraint(fields=("ruleset", "group", "order"), name="criterion_order_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title} ({self.max_points} điểm)"


class Result(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="results")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings")
    org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings")
    body_kind = models.CharField("đối tượng tập thể", max_length=20, choices=RatedBody.choices, blank=True)
    rating_kind = models.CharField(
        "loại xếp loại", max_length=12, choices=RatingKind.choices, default=RatingKind.PARTY_MEMBER
    )
    # the đảng đoàn or ban cán sự đảng rated (a body of a term of ``org``); empty for any other subject
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="ratings")
    # The unit that runs the board (the person's cell, or the organisation itself) and the level that decides.
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    decider_org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # the body of ``decider_org`` that decides, and the rule of the rule set that says so (none: a đảng đoàn
    # or ban cán sự đảng, which its committee's standing committee decides, or no rule for the unit's level)
    decider_body = models.CharField("cơ quan quyết định", max_length=10, choices=DeciderBody.choices, blank=True)
    decider_rule = models.ForeignKey(
        DecidingRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="căn cứ"
    )
    group = models.CharField("nhóm đối tượng", max_length=20, choices=SubjectGroup.choices)
    state = models.CharField(max_length=15, choices=ResultState.choices, default=ResultState.PENDING)
    not_ranked_reason = models.CharField("lý do không xếp loại", max_length=255, blank=True)
    sick_leave_months = models.DecimalField("số tháng nghỉ ốm", max_digits=4, decimal_places=1, default=0)
    points = models.DecimalField("tổng điểm", max_digits=5, decimal_places=2, null=True, blank=True)
    points_general = models.DecimalField("điểm tiêu chí chung", max_digits=5, decimal_places=2, null=True, blank=True)
    points_tasks = models.DecimalField("điểm nhiệm vụ", max_digits=5, decimal_places=2, null=True, blank=True)
    self_level = models.CharField("tự xếp loại", max_length=12, choices=Level.choices, blank=True)
    self_assessment = models.TextField("bản tự kiểm điểm", blank=True)
    # Mẫu 2A/2B/2C in spirit: the parts of the self-assessment
    strengths = models.TextField("ưu điểm", blank=True)
    shortcomings = models.TextField("hạn chế, khuyết điểm", blank=True)
    causes = models.TextField("nguyên nhân", blank=True)
    remedies = models.TextField("biện pháp khắc phục", blank=True)
    comment = models.TextField("nhận xét của tập thể", blank=True)
    proposed_level = models.CharField("mức đề xuất", max_length=12, choices=Level.choices, blank=True)
    decided_level = models.CharField("mức quyết định", max_length=12, choices=Level.choices, blank=True)
    quota_reason = models.TextField("lý do vượt tỷ lệ", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)
    announced_on = models.DateField("ngày thông báo", null=True, blank=True)
    reopen_reason = models.TextField("lý do mở lại", blank=True)
    imported = models.BooleanField("nhập từ dữ liệu lịch sử", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kết quả xếp loại"
        verbose_name_plural = "kết quả xếp loại"  # Vietnamese nouns do not inflect
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(org__isnull=True) & Q(body_kind=""))
                | (Q(person__isnull=True) & Q(org__isnull=False) & ~Q(body_kind="")),
                name="result_one_subject",
            ),
            # one party-member rating and one cadre rating per person and cycle
            models.UniqueConstraint(
                fields=("cycle", "person", "rating_kind"),
                condition=Q(person__isnull=False),
                name="result_person_unique",
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(rating_kind__in=PERSON_RATING_KINDS))
                | (Q(person__isnull=True) & Q(rating_kind=RatingKind.COLLECTIVE)),
                name="result_rating_kind_fits",
            ),
            models.CheckConstraint(
                condition=(Q(body_kind__in=PARTY_BODY_KINDS) & Q(body__isnull=False))
                | (~Q(body_kind__in=PARTY_BODY_KINDS) & Q(body__isnull=True)),
                name="result_party_body_named",
            ),
            models.UniqueConstraint(
                fields=("cycle", "org", "body_kind"),
                condition=Q(org__isnull=False, body__isnull=True),
                name="result_org_unique",
            ),
            models.UniqueConstraint(
                fields=("cycle", "body"), condition=Q(body__isnull=False), name="result_body_unique"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=("decided", "announced")) | ~Q(decided_level=""),
                name="result_decided_has_level",
            ),
        ]
        indexes = [
            # the board of a unit in a cycle
            models.Index(fields=["cycle", "unit"], name="result_board_idx"),
            # the quota group of a decider
            models.Index(fields=["cycle", "decider_org", "group"], name="result_quota_idx"),
            # a subject's ratings over the years (targets: "rated X or above in year Y")
            models.Index(fields=["person", "cycle"], name="result_person_idx"),
            models.Index(fields=["org", "body_kind", "cycle"], name="result_org_idx"),
            # a đảng đoàn's ratings (the engine's "rated X or above" on a body row)
            models.Index(fields=["body", "cycle"], name="result_body_idx"),
        ]

    def __str__(self) -> str:
        if self.person_id:
            subject = str(self.person)
        elif self.body_id:
            subject = str(self.body)
        else:
            subject = f"{self.get_body_kind_display()} {self.org}"
        return f"{subject} – {self.cycle}"


class CriterionScore(models.Model):
    """The points a result earns on one criterion of its template; their sums per section are the
    result's ``points_general`` and ``points_tasks`` (``services.result_self_assess``)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField("điểm", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "điểm theo tiêu chí"
        verbose_name_plural = "điểm theo tiêu chí"  # Vietnamese nouns do not inflect
        constraints = [
            models.UniqueConstraint(fields=("result", "criterion"), name="criterionscore_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="criterionscore_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"
