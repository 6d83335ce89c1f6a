"""The language of a target's definition: who is counted (the population) and who meets it (the condition).

A definition is JSON stored on ``Target.definition`` and parsed by these pydantic models; unknown keys are
refused, and the engine (``engine``) reads it to build queries: nothing is ever evaluated as code. This
module checks the shape; ``services`` checks, against the reference data, that every code exists.

Example (seed 000, target 5: "tỉ lệ nữ đạt từ 20% trở lên" among cadres managed by the Standing
Committee)::

    {"population": {"type": "people", "management_categories": ["btv-tinh-uy"]},
     "conditions": [{"type": "gender", "equals": "F"}]}
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pbms.lib.exceptions import ApplicationError

BodyKind = Literal["committee", "standing", "inspection", "party_delegation", "party_affairs", "cell_secretaries"]
BodyRoleCode = Literal["secretary", "deputy_secretary", "standing_member", "member", "chair", "deputy_chair"]
QualificationKind = Literal["education", "political_theory", "state_management", "foreign_language", "it"]
RatingLevel = Literal["excellent", "good", "complete"]
# which of a person's two ratings a rating condition counts (evaluations.RatingKind, issue 14 §2)
PersonRatingKind = Literal["party_member", "cadre"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SeatFilter(_Strict):
    """Seats held on the date on bodies of ``body_kinds``, with one of ``roles`` (any role when empty), in
    organisations whose kind on the date is one of ``org_kinds`` or whose level is one of ``org_levels``
    (any organisation when both are empty)."""

    body_kinds: list[BodyKind] = Field(min_length=1)
    roles: list[BodyRoleCode] = []
    org_levels: list[str] = []
    org_kinds: list[str] = []


class PeoplePopulation(_Strict):
    """People holding, on the date, a position that carries any of ``management_categories``, or a seat
    matching any of ``seats``. ``within``: only in the subtree of that organisation (its code)."""

    type: Literal["people"]
    management_categories: list[str] = []
    seats: list[SeatFilter] = []
    within: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> PeoplePopulation:
        if not self.management_categories and not self.seats:
            raise ValueError("phải chọn ít nhất một diện quản lý (management_categories) hoặc một loại ghế (seats)")
        return self


class OrgPopulation(_Strict):
    """Organisations of ``org_kinds`` / ``org_levels`` existing on the date, or, when ``bodies`` is given,
    their bodies of those kinds in a term running on the date: what a collective rating names (the
    standing committee for seed 000's target 1, the committee of a grassroots organisation for target 2;
    a grassroots organisation without a committee is then not counted). Each body counts once."""

    type: Literal["organizations"]
    org_kinds: list[str] = []
    org_levels: list[str] = []
    bodies: list[BodyKind] = []
    within: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> OrgPopulation:
        if not self.org_kinds and not self.org_levels:
            raise ValueError("phải chọn ít nhất một loại hình (org_kinds) hoặc một cấp (org_levels)")
        return self


class GenderCondition(_Strict):
    type: Literal["gender"]
    equals: Literal["M", "F"]


class AgeCondition(_Strict):
    """Completed years on the date, birthday included: "under 40" is ``lt 40`` and a person born on
    24/11/1986 is 40, not under 40, on 24/11/2026."""

    type: Literal["age"]
    op: Literal["lt", "gte"]
    years: int = Field(ge=0, le=120)


class QualificationCondition(_Strict):
    """A level of ``kind`` ranked at least as ``at_least`` (a code of that list) obtained by the date."""

    type: Literal["qualification"]
    kind: QualificationKind
    at_least: str = Field(min_length=1)


class TrainingCondition(_Strict):
    """A completed course of one of ``categories`` that ended within the window: ``year`` is the year of the
    date asked (up to that date); ``period`` is the resolution's period up to the date."""

    type: Literal["training"]
    categories: list[str] = Field(min_length=1)
    window: Literal["year", "period"]


class RatingCondition(_Strict):
    """Rated at least ``at_least`` in the year of the date asked, on the decided results (decided,
    announced, imported) of that year's yearly cycle (``pbms.evaluations.selectors``). For organisations,
    the population's ``bodies`` name the collective rated (committee, standing committee); without bodies,
    the organisation as a whole. For people, ``rating_kind`` names which rating counts: "party_member" (the
    default, decided at the grassroots) or "cadre" (a leader's rating as a cadre, decided by the body
    managing his category: seed 000's targets 9 and 10)."""

    type: Literal["rating"]
    at_least: RatingLevel
    rating_kind: PersonRatingKind = "party_member"


class ConditionGroup(_Strict):
    """Conditions combined with ``all`` (và) or ``any`` (hoặc); groups nest."""

    type: Literal["group"]
    combine: Literal["all", "any"] = "all"
    items: list[Condition] = Field(min_length=1)


Condition = Annotated[
    GenderCondition | AgeCondition | QualificationCondition | TrainingCondition | RatingCondition | ConditionGroup,
    Field(discriminator="type"),
]
PERSON_CONDITIONS = ("gender", "age", "qualification", "training")


class TargetDefinition(_Strict):
    """Population, then conditions combined with ``combine``. No condition: everyone counted meets it."""

    population: Annotated[PeoplePopulation | OrgPopulation, Field(discriminator="type")]
    combine: Literal["all", "any"] = "all"
    conditions: list[Condition] = []

    @model_validator(mode="after")
    def _conditions_fit_population(self) -> TargetDefinition:
        if self.population.type == "organizations":
            wrong = sorted({c for c in condition_types(self.conditions) if c in PERSON_CONDITIONS})
            if wrong:
                raise ValueError(
                    f"điều kiện {', '.join(wrong)} chỉ áp dụng cho người, không cho tổ chức; "
                    "với tổ chức chỉ dùng điều kiện xếp loại (rating)"
                )
            if any(c.rating_kind == "cadre" for c in rating_conditions(self.conditions)):
                raise ValueError(
                    "xếp loại cán bộ (rating_kind “cadre”) chỉ áp dụng cho người; tổ chức được xếp loại tập thể"
                )
        return self

    def needs_ratings(self) -> bool:
        return "rating" in condition_types(self.conditions)

    def person_rating_kind(self) -> str:
        """The rating a people target's list shows (``drilldown``): that of its first rating condition."""
        found = rating_conditions(self.conditions)
        return found[0].rating_kind if found else "party_member"


def condition_types(conditions: list[Condition]) -> set[str]:
    """Every condition type used, groups opened."""
    found: set[str] = set()
    for condition in conditions:
        if isinstance(condition, ConditionGroup):
            found |= condition_types(condition.items)
        else:
            found.add(condition.type)
    return found


def rating_conditions(conditions: list[Condition]) -> list[RatingCondition]:
    """Every rating condition, groups opened, in order."""
    found: list[RatingCondition] = []
    for condition in conditions:
        if isinstance(condition, ConditionGroup):
            found += rating_conditions(condition.items)
        elif isinstance(condition, RatingCondition):
            found.append(condition)
    return found


# --- Vietnamese messages --------------------------------------------------------------------------

_MESSAGES = {
    "missing": "thiếu, phải ghi",
    "extra_forbidden": "không có trong mẫu định nghĩa (ghi sai tên trường?)",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "greater_than_equal": "phải từ {ge} trở lên",
    "less_than_equal": "không được quá {le}",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "string_type": "phải là chuỗi ký tự",
    "list_type": "phải là danh sách",
    "model_type": "phải là một đối tượng {{…}}",
    "dict_type": "phải là một đối tượng {{…}}",
    "model_attributes_type": "phải là một đối tượng {{…}}",
    "string_too_short": "không được để trống",
    "union_tag_not_found": "thiếu trường “type” cho biết loại",
}


# pydantic names the chosen member of a tagged union in the location; a specialist never wrote it.
_TAGS = {"people", "organizations", "gender", "age", "qualification", "training", "rating", "group"}


def _place(loc: tuple[int | str, ...]) -> str:
    text = "definition"
    for part in loc:
        if part in _TAGS:
            continue
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _message(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        return f"phải là một trong: {str(ctx.get('expected', '')).replace(' or ', ', ')}"
    if kind == "union_tag_invalid":
        return f"loại “{ctx.get('tag', '')}” không có; các loại hợp lệ: {ctx.get('expected_tags', '')}"
    template = _MESSAGES.get(kind)
    if template is None:
        return f"không hợp lệ ({error['msg']})"
    return template.format(**ctx)


def parse_definition(raw: object) -> TargetDefinition:
    """The definition, or an ``ApplicationError`` naming each wrong field in Vietnamese."""
    if not isinstance(raw, dict):
        raise ApplicationError("Định nghĩa chỉ tiêu phải là một đối tượng JSON {…}.", field="definition")
    try:
        return TargetDefinition.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{_place(tuple(e['loc']))}: {_message(e)}" for e in exc.errors()]
        first = exc.errors()[0]
        raise ApplicationError(
            "Định nghĩa chỉ tiêu không hợp lệ – " + "; ".join(problems) + ".",
            field=_place(tuple(first["loc"])),
            extra={"problems": problems},
        ) from None
