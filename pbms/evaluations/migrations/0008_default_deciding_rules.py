"""Who decides, for the rule sets already loaded (QĐ 124 with HD 25-HD/BTCTW, QĐ 366 with HD 43-HD/BTCTW,
and any copy: by the guidance of its decision), and the deciding body of the results already open.

Reference data, not code: an administrator edits the rules of a rule set (or of a copy) in the admin; a
future guidance changes these rows, not ``pbms.evaluations.deciders``.

Sources (checked 12/2026, domain-rules.md §1.6a):
* HD 16-HD/BTCTW (24/9/2018), thẩm quyền xếp loại đảng viên: "Đảng ủy cơ sở, chi ủy cơ sở (chi bộ cơ sở nơi
  không có chi ủy) chủ trì tổ chức thực hiện và xem xét, quyết định mức xếp loại chất lượng đảng viên";
  thẩm quyền xếp loại đảng bộ cấp huyện: "Ban thường vụ tỉnh ủy ... xem xét, quyết định đánh giá, xếp loại
  chất lượng các đảng bộ trực thuộc".
* HD 25-HD/BTCTW (10/11/2023), mục 3: "Đảng ủy cơ sở xem xét đánh giá, xếp loại chất lượng đối với các tổ
  chức đảng trực thuộc"; "Ban thường vụ cấp ủy cấp huyện và tương đương xem xét, quyết định đánh giá, xếp
  loại chất lượng đối với các cấp ủy, tổ chức đảng được quy định tại điểm này" (the grassroots).
* HD 43-HD/BTCTW (31/10/2025), mục 3: "Ban thường vụ cấp trên trực tiếp có thẩm quyền xem xét, quyết định
  mức xếp loại".
"""

from django.db import migrations

HD16 = "HD 16-HD/BTCTW ngày 24/9/2018"
GUIDANCE = {"QĐ 124": "HD 25-HD/BTCTW ngày 10/11/2023, mục 3", "QĐ 366": "HD 43-HD/BTCTW ngày 31/10/2025, mục 3"}

MEMBERS_AT_GRASSROOTS = (
    "Đảng ủy cơ sở, chi ủy cơ sở (chi bộ cơ sở nơi không có chi ủy) chủ trì tổ chức thực hiện và xem xét, quyết "
    "định mức xếp loại chất lượng đảng viên"
)
SUB_UNITS = "Đảng ủy cơ sở xem xét đánh giá, xếp loại chất lượng đối với các tổ chức đảng trực thuộc"
GRASSROOTS = {
    "QĐ 124": (
        "Ban thường vụ cấp ủy cấp huyện và tương đương xem xét, quyết định đánh giá, xếp loại chất lượng đối với "
        "các cấp ủy, tổ chức đảng (cơ sở)"
    ),
    "QĐ 366": "Ban thường vụ cấp trên trực tiếp có thẩm quyền xem xét, quyết định mức xếp loại",
}
UPPER = "Ban thường vụ tỉnh ủy ... xem xét, quyết định đánh giá, xếp loại chất lượng các đảng bộ trực thuộc"

# subject, unit level, unit kind, decider, decider level, decider body, wording, source ("{hd}": the
# guidance of the rule set's decision)
RULES = (
    ("member", "cell", "", "ancestor", "grassroots", "committee", MEMBERS_AT_GRASSROOTS, HD16),
    ("member", "sub_committee", "", "ancestor", "grassroots", "committee", MEMBERS_AT_GRASSROOTS, HD16),
    ("member", "grassroots", "grassroots_cell", "self", "", "cell", MEMBERS_AT_GRASSROOTS, HD16),
    ("member", "grassroots", "", "self", "", "committee", MEMBERS_AT_GRASSROOTS, HD16),
    ("collective", "cell", "", "ancestor", "grassroots", "committee", SUB_UNITS, "{hd}"),
    ("collective", "sub_committee", "", "ancestor", "grassroots", "committee", SUB_UNITS, "{hd}"),
    ("collective", "grassroots", "", "parent", "", "standing", "{grassroots}", "{hd}"),
    ("collective", "upper_grassroots", "", "parent", "", "standing", UPPER, HD16),
    ("collective", "province", "", "parent", "", "standing", GRASSROOTS["QĐ 366"], GUIDANCE["QĐ 366"]),
)


def _decision(ruleset):
    for prefix in GUIDANCE:
        if ruleset.decision_ref.startswith(prefix):
            return prefix
    return ""


def load(apps, schema_editor):
    RuleSet = apps.get_model("evaluations", "RuleSet")
    DecidingRule = apps.get_model("evaluations", "DecidingRule")
    Result = apps.get_model("evaluations", "Result")
    for ruleset in RuleSet.objects.all():
        if DecidingRule.objects.filter(ruleset=ruleset).exists():
            continue
        decision = _decision(ruleset)
        hd = GUIDANCE.get(decision, HD16)
        grassroots = GRASSROOTS.get(decision, GRASSROOTS["QĐ 124"])
        for subject, level, kind, decider, decider_level, body, wording, source in RULES:
            DecidingRule.objects.create(
                ruleset=ruleset,
                subject=subject,
                unit_level=level,
                unit_kind=kind,
                decider=decider,
                decider_level=decider_level,
                decider_body=body,
                wording=wording.format(grassroots=grassroots),
                source=source.format(hd=hd),
            )
    # results already open keep their deciding organisation (decisions were made on it); the body is named
    Result.objects.filter(person__isnull=False, decider_body="").update(decider_body="committee")
    Result.objects.filter(person__isnull=True, decider_body="").update(decider_body="standing")


def unload(apps, schema_editor):
    apps.get_model("evaluations", "DecidingRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0007_deciding_rules")]

    operations = [migrations.RunPython(load, unload)]
