"""Who decides a subject's level: the rule set's ``DecidingRule`` rows applied to the organisation tree of
the cycle's population date. Pure functions over snapshots (``Rule``, ``Node``): the queries are in
``selectors.deciding_rules`` and ``selectors.tree_nodes``; population (in bulk), ``services._subject`` (one
subject), the board and ``manage.py evaluation_plan`` all resolve through ``resolve`` here.

The rules as loaded for QĐ 124 and QĐ 366 (migration 0007) say, after the guidance:
* a party member is decided at the grassroots: "Đảng ủy cơ sở, chi ủy cơ sở (chi bộ cơ sở nơi không có chi
  ủy) ... xem xét, quyết định mức xếp loại chất lượng đảng viên" (HD 16-HD/BTCTW 2018, phần đảng viên); so
  the committee of the nearest grassroots organisation above the cell, through an đảng bộ bộ phận too,
  and a chi bộ cơ sở for its own members;
* chi bộ trực thuộc and đảng bộ bộ phận are rated by the đảng ủy cơ sở: "Đảng ủy cơ sở xem xét đánh giá,
  xếp loại chất lượng đối với các tổ chức đảng trực thuộc" (HD 25-HD/BTCTW 2023, mục 3);
* a grassroots organisation, and each level above, by the standing committee of the committee directly
  above: "Ban thường vụ cấp ủy cấp huyện và tương đương xem xét, quyết định ..." (HD 25 mục 3), "Ban thường
  vụ cấp trên trực tiếp có thẩm quyền xem xét, quyết định mức xếp loại" (HD 43-HD/BTCTW 2025, mục 3). The
  tree of the date says which committee that is: from 01/7/2025 the đảng ủy xã, phường, đặc khu or the
  đảng ủy trực thuộc tỉnh (QĐ 298-QĐ/TW).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pbms.evaluations.models import DeciderBody, DeciderOrg, DecidingSubject


@dataclass(frozen=True)
class Rule:
    """A snapshot of a ``DecidingRule``."""

    id: int
    subject: str
    unit_level: str
    unit_kind: str
    decider: str
    decider_level: str
    decider_body: str
    wording: str
    source: str
    category: str = ""  # a cadre rule's management category (``DecidingRule.category``)


@dataclass(frozen=True)
class Node:
    """An organisation on the date: its parent, level and kind codes, and its code."""

    org_id: int
    parent_id: int | None
    level: str
    kind: str
    code: str


@dataclass(frozen=True)
class Decider:
    """The deciding organisation (None: none above), its deciding body, and the rule applied (None: no
    rule of the rule set covers the unit; the committee directly above then decides)."""

    org_id: int | None
    body: str
    rule: Rule | None = None

    @property
    def rule_id(self) -> int | None:
        return self.rule.id if self.rule is not None else None


# The standing committee of the committee that set up a đảng đoàn or ban cán sự đảng leads it and decides
# its level (domain-rules.md §1.3): not a rule of the rule set, the body is named on the term.
PARTY_BODY_BODY = DeciderBody.STANDING
NO_RULE_REASON = "Bộ quy tắc không quy định cho cấp này: cấp ủy cấp trên trực tiếp quyết định"
PARTY_BODY_REASON = "Đảng đoàn, ban cán sự đảng do ban thường vụ cấp ủy lập ra lãnh đạo, xem xét, quyết định"


def match(rules: Sequence[Rule], subject: str, node: Node) -> Rule | None:
    """The rule for a ``subject`` ("member", "collective") whose unit is ``node``: one naming its kind, else
    one for its level with no kind."""
    by_level = None
    for rule in rules:
        if rule.subject != subject or rule.unit_level != node.level:
            continue
        if rule.unit_kind == node.kind:
            return rule
        if not rule.unit_kind:
            by_level = rule
    return by_level


def _ancestor(node: Node, level: str, nodes: Mapping[int, Node]) -> int | None:
    """The nearest organisation above ``node`` of ``level`` (None: none on the path to the root)."""
    seen: set[int] = set()
    parent_id = node.parent_id
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        above = nodes.get(parent_id)
        if above is None:
            return None
        if above.level == level:
            return above.org_id
        parent_id = above.parent_id
    return None


def resolve(rules: Sequence[Rule], subject: str, node: Node, nodes: Mapping[int, Node]) -> Decider | None:
    """Who decides for ``subject`` whose unit is ``node`` (``nodes``: at least ``node``'s ancestors). A
    member with no rule is decided by the committee directly above; a collective with no rule is not rated
    (None): the collective rules list the levels rated. An ancestor rule finding no organisation of its
    level above (a chi bộ directly under an đảng ủy xã after 01/7/2025) falls back to the parent."""
    rule = match(rules, subject, node)
    if rule is None:
        if subject == DecidingSubject.COLLECTIVE:
            return None
        return Decider(node.parent_id, DeciderBody.COMMITTEE)
    return _apply(rule, node, nodes)


def _apply(rule: Rule, node: Node, nodes: Mapping[int, Node]) -> Decider:
    """The organisation ``rule`` names, seen from ``node``, and its deciding body."""
    if rule.decider == DeciderOrg.SELF:
        org_id: int | None = node.org_id
    elif rule.decider == DeciderOrg.ANCESTOR:
        org_id = _ancestor(node, rule.decider_level, nodes) or node.parent_id
    else:
        org_id = node.parent_id
    return Decider(org_id, rule.decider_body, rule)


def for_cadre(
    rules: Sequence[Rule], categories: Sequence[str], unit_id: int, nodes: Mapping[int, Node]
) -> Decider | None:
    """Who decides the cadre rating of a leader whose posts carry ``categories`` (most senior first, the
    order of ``people.ManagementCategory.sort``) and whose unit is ``unit_id``: the cadre rule of the first
    category the rule set covers, applied from the unit (the Ban Thường vụ Tỉnh ủy for its category). None:
    no category of his is covered, or his unit is not in the tree of the date; he then has no cadre
    rating."""
    node = nodes.get(unit_id)
    if node is None:
        return None
    for category in categories:
        for rule in rules:
            if rule.subject == DecidingSubject.CADRE and rule.category == category:
                return _apply(rule, node, nodes)
    return None


def for_unit(rules: Sequence[Rule], subject: str, unit_id: int, nodes: Mapping[int, Node]) -> Decider:
    """Who decides for ``subject`` whose unit is ``unit_id``, for a subject named one by one (opened or
    imported, or of a kind a cycle names): a collective no rule covers is still rated, by the standing
    committee directly above; an organisation not in the tree of the date has no decider."""
    node = nodes.get(unit_id)
    if node is None:
        return Decider(None, "")
    return resolve(rules, subject, node, nodes) or Decider(node.parent_id, PARTY_BODY_BODY)


def label(body: str, org_name: str) -> str:
    """Who decides, for the user: "Ban thường vụ Đảng bộ huyện A", "Cấp ủy Đảng bộ xã An Phú", or the chi bộ
    cơ sở itself by its name."""
    if not org_name:
        return "Không có cấp trên để quyết định"
    if body == DeciderBody.CELL or not body:
        return org_name
    return f"{DeciderBody(body).label} {org_name}"


def reason(rule: Rule | None, *, party_body: bool = False) -> str:
    """Why this body decides, for the board: the rule's source and wording."""
    if party_body:
        return PARTY_BODY_REASON
    if rule is None:
        return NO_RULE_REASON
    return f"{rule.source}: «{rule.wording}»"
