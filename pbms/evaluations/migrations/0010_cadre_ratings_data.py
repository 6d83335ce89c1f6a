"""Two ratings for a leading cadre (issue 14 §2), the data: the kind of the results already there, the
cadre deciding rules keyed by management category, and the link clauses between the two ratings.

Existing results, by this rule: a collective's result is the collective rating; a person's result is the
party-member rating, whether or not the person holds a post in a management category, because no result
could be imported as a cadre rating before this migration (``result_import`` and the register's workbook
named no kind): so none is "imported as a cadre rating". A cadre rating is opened by the round
(``population``) or named explicitly from now on.

Cadre deciding rules (reference data, edited in the admin like the others): the body managing the cadre's
category decides his cadre rating, found from his unit: the Ban Thường vụ Tỉnh ủy for the cadres it manages;
the standing committee of the district-level committee above (from 01/7/2025, when there is none: the
committee directly above, the đảng ủy xã, phường) for the heads of divisions and the commune leaders. The
list of categories and who manages them is the province's decentralisation of cadre management (QĐ 377-QĐ/TW
for the principle); HD 16-HD/BTCTW (2018) gives the rating of a leading cadre to the level managing him.

Link clauses (checked 12/2026 against the texts as published):
* ``cadre_incomplete``, switched on: HD 16-HD/BTCTW ngày 24/9/2018, xếp loại đảng viên mức «Không hoàn
  thành nhiệm vụ», a case of which is "Đảng viên là công chức, viên chức xếp loại ở mức «Không hoàn thành
  nhiệm vụ»".
* ``civil_servant_share``, switched off and not enforced (PBMS keeps no civil-servant rating): NĐ 90/2020/NĐ-CP
  as amended by NĐ 48/2023/NĐ-CP capped the civil servants rated HTXSNV at the share of party members rated
  HTXSNV; NĐ 335/2025/NĐ-CP, which replaces NĐ 90 from 01/01/2026, caps them at 20 % of those rated HTTNV in
  the text seen, without the link: to be confirmed before it is switched on.
* ``head_of_unit`` (the head not above his collective) exists since 0003, switched off: HD 21-HD/BTCTW
  (2019, amending HD 16) says "Mức xếp loại của người đứng đầu không được cao hơn mức xếp loại của tập thể
  lãnh đạo, quản lý, tổ chức, cơ quan, đơn vị do mình đứng đầu"; its restatement under QĐ 124 and QĐ 366 was
  not seen, so it stays as it is.
"""

from django.db import migrations

CADRE_SOURCE = "HD 16-HD/BTCTW ngày 24/9/2018 (cá nhân cán bộ lãnh đạo, quản lý); phân cấp quản lý cán bộ của Tỉnh ủy"
# category, decider, decider level, decider body, wording
CADRE_RULES = (
    (
        "btv-tinh-uy",
        "ancestor",
        "province",
        "standing",
        "Ban Thường vụ Tỉnh ủy xem xét, quyết định xếp loại cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý",
    ),
    (
        "truong-pho-phong",
        "ancestor",
        "upper_grassroots",
        "standing",
        "Ban thường vụ cấp ủy quản lý cán bộ (cấp huyện và tương đương) xem xét, quyết định xếp loại trưởng phòng, "
        "phó trưởng phòng và tương đương",
    ),
    (
        "lanh-dao-cap-xa",
        "ancestor",
        "upper_grassroots",
        "standing",
        "Ban thường vụ cấp ủy cấp huyện (từ 01/7/2025: ban thường vụ đảng ủy xã, phường) xem xét, quyết định xếp "
        "loại cán bộ lãnh đạo, quản lý cấp xã",
    ),
)
CLAUSES = (
    (
        "cadre_incomplete",
        True,
        "incomplete",
        "Đảng viên là công chức, viên chức xếp loại ở mức «Không hoàn thành nhiệm vụ» thì xếp loại chất lượng "
        "đảng viên ở mức «Không hoàn thành nhiệm vụ»",
        "HD 16-HD/BTCTW ngày 24/9/2018, xếp loại đảng viên mức «Không hoàn thành nhiệm vụ»",
    ),
    (
        "civil_servant_share",
        False,
        "",
        "Tỷ lệ cán bộ, công chức, viên chức xếp loại «Hoàn thành xuất sắc nhiệm vụ» không quá tỷ lệ đảng viên "
        "được xếp loại «Hoàn thành xuất sắc nhiệm vụ» (chưa đối chiếu với NĐ 335/2025/NĐ-CP; chưa áp dụng)",
        "NĐ 90/2020/NĐ-CP sửa đổi bởi NĐ 48/2023/NĐ-CP; NĐ 335/2025/NĐ-CP thay thế: chưa đối chiếu",
    ),
)


def load(apps, schema_editor):
    Result = apps.get_model("evaluations", "Result")
    RuleSet = apps.get_model("evaluations", "RuleSet")
    DecidingRule = apps.get_model("evaluations", "DecidingRule")
    RuleClause = apps.get_model("evaluations", "RuleClause")
    # the rule stated above: collectives are the collective rating, every person's result the party member's
    Result.objects.filter(person__isnull=True).update(rating_kind="collective")
    Result.objects.filter(person__isnull=False).update(rating_kind="party_member")
    for ruleset in RuleSet.objects.all():
        for category, decider, level, body, wording in CADRE_RULES:
            DecidingRule.objects.get_or_create(
                ruleset=ruleset,
                subject="cadre",
                unit_level="",
                unit_kind="",
                category=category,
                defaults={
                    "decider": decider,
                    "decider_level": level,
                    "decider_body": body,
                    "wording": wording,
                    "source": CADRE_SOURCE,
                },
            )
        for clause, enabled, max_level, wording, source in CLAUSES:
            RuleClause.objects.get_or_create(
                ruleset=ruleset,
                clause=clause,
                defaults={"enabled": enabled, "max_level": max_level, "wording": wording, "source": source},
            )


def unload(apps, schema_editor):
    apps.get_model("evaluations", "DecidingRule").objects.filter(subject="cadre").delete()
    apps.get_model("evaluations", "RuleClause").objects.filter(clause__in=[c[0] for c in CLAUSES]).delete()
    # back to one result per person and cycle: the cadre ratings go
    apps.get_model("evaluations", "Result").objects.filter(rating_kind="cadre").delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0009_cadre_ratings")]

    operations = [migrations.RunPython(load, unload)]
