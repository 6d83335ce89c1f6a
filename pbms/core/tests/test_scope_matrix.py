"""The cross-scope matrix: every URL pattern of the project, called as every persona, on objects inside
and outside their scope. A route the matrix does not know fails the test, so nothing new can escape it.

Objects (as of 31/12/2024): ``in_a`` is the cell A1c1 (district A; the secretary's own cell) and
``in_b`` is B1 (district B, the outsider's). Expected answers: OK 200, NF 404 (out of scope looks
exactly like absent), LOGIN a redirect to the login page, UNAUTH 401 (API), NA 405 (method not allowed),
REDIRECT any other redirect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from pbms.accounts.models import ApiToken, Assignment, Role, Scope, User
from pbms.accounts.services import api_token_create
from pbms.conftest import Personas, Tree, logged_in, make_user
from pbms.evaluations.models import Cycle, Result, SubjectGroup
from pbms.evaluations.selectors import ruleset_for_year
from pbms.evaluations.tests.matrix import board_url, collective_url, cycle_url, result_url
from pbms.people.models import Person
from pbms.people.tests.conftest import make_member
from pbms.resolutions.models import Resolution

OK, NF, LOGIN, UNAUTH, NA, REDIRECT, FORBIDDEN = 200, 404, "login", 401, 405, "redirect", 403
PERSONAS = ("anonymous", "outsider", "secretary", "cadre", "auditor", "specialist", "admin")
Expected = int | str

# Who sees what of an organisation page: per persona, the answer for (in_a, in_b).
ORG_SCOPE: dict[str, tuple[Expected, Expected]] = {
    "anonymous": (LOGIN, LOGIN),
    "outsider": (NF, OK),
    "secretary": (OK, NF),
    "cadre": (NF, NF),
    "auditor": (NF, NF),
    "specialist": (OK, OK),
    "admin": (OK, OK),
}
API_SCOPE = {**ORG_SCOPE, "anonymous": (UNAUTH, UNAUTH)}
# The organisation pages also answer on each persona's *own* organisation, the one its assignment is on
# (``OWN_ORG``), as a third column: restructuring is decided from above, never on one's own organisation.
OWN_ORG = {
    "anonymous": "P",
    "outsider": "B",
    "secretary": "A1c1",
    "cadre": "P",
    "auditor": "P",
    "specialist": "P",
    "admin": "P",
}
ORG_PAGE: dict[str, tuple[Expected, ...]] = {
    "anonymous": (LOGIN, LOGIN, LOGIN),
    "outsider": (NF, OK, OK),
    "secretary": (OK, NF, OK),
    "cadre": (NF, NF, NF),
    "auditor": (NF, NF, NF),
    "specialist": (OK, OK, OK),
    "admin": (OK, OK, OK),
}
# Renaming, moving, merging, splitting, dissolving (Điều lệ Đảng, Điều 10 khoản 3: the superior committee
# decides): the cell's secretary may not (no ``org.restructure``), nor anyone on his own organisation; the
# outsider's district B ended on 01/7/2025, so it writes nothing there any more (in scope then: 403).
RESTRUCTURE: dict[str, tuple[Expected, ...]] = {
    "anonymous": (LOGIN, LOGIN, LOGIN),
    "outsider": (NF, FORBIDDEN, FORBIDDEN),
    "secretary": (FORBIDDEN, NF, FORBIDDEN),
    "cadre": (NF, NF, NF),
    "auditor": (NF, NF, NF),
    "specialist": (OK, OK, FORBIDDEN),
    "admin": (OK, OK, OK),
}
# Founding an organisation under one: allowed under one's own organisation too.
FOUND: dict[str, tuple[Expected, ...]] = {**RESTRUCTURE, "specialist": (OK, OK, OK)}


def every(default: Expected, **overrides: Expected) -> dict[str, Expected]:
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


EVERY_USER = every(OK, anonymous=LOGIN)
AUDIT_ONLY = every(NF, anonymous=LOGIN, auditor=OK, admin=OK)
POST_ONLY = every(NA)
# Importing a workbook: administrators, and specialists or committee office staff with an "enter" scope
# (the outsider is staff of district B); cell secretaries, cadres and auditors do not import files.
IMPORTERS = every(NF, anonymous=LOGIN, outsider=OK, specialist=OK, admin=OK)


@dataclass(frozen=True)
class Case:
    """How to call a route, and what each persona must get."""

    url: Callable[[Tree, str], str]  # (tree, which object: "a" or "b") -> URL
    expected: Mapping[str, Expected] | Mapping[str, tuple[Expected, ...]]
    per_object: bool = False


def org_case(path: str, *, api: bool = False, expected: dict[str, tuple[Expected, ...]] | None = None) -> Case:
    """An organisation's route on A1c1 ("a"), B1 ("b"), and, when ``expected`` has a third column, on the
    persona's own organisation ("own:<persona>")."""

    def url(t: Tree, which: str) -> str:
        if which.startswith("own:"):
            org = getattr(t, OWN_ORG[which.removeprefix("own:")])
        else:
            org = t.A1c1 if which == "a" else t.B1
        date = "date=2024-12-31" if api else "ngay=31/12/2024"
        sep = "&" if "?" in path else "?"
        return path.format(id=org.pk) + sep + date

    return Case(url=url, expected=expected or (API_SCOPE if api else ORG_SCOPE), per_object=True)


def person_case(path: str, *, api: bool = False) -> Case:
    """A person's page: "a" is a member of cell A1c1 (district A), "b" of B1c1 (district B), made by ``clients``."""

    def url(_tree: Tree, which: str) -> str:
        person = Person.objects.get(given_name="Ánh" if which == "a" else "Bình")
        return path.format(id=person.pk) + ("?date=2024-12-31" if api else "?ngay=31/12/2024")

    return Case(url=url, expected=API_SCOPE if api else ORG_SCOPE, per_object=True)


def resolution_case(path: str, *, api: bool = False) -> Case:
    """A resolution's page for an organisation: seed 000 (05-NQ/TU, target 4) on A1c1 or B1."""

    def url(t: Tree, which: str) -> str:
        org = t.A1c1 if which == "a" else t.B1
        resolution = Resolution.objects.get(number="05-NQ/TU")
        target = resolution.targets.get(number="4")
        date = "date=2024-12-31" if api else "ngay=31/12/2024"
        sep = "&" if "?" in path else "?"
        return path.format(res=resolution.pk, target=target.pk, id=org.pk) + sep + date

    return Case(url=url, expected=API_SCOPE if api else ORG_SCOPE, per_object=True)


def own_result_case(path: str) -> Case:
    """A result of the 2024 yearly cycle for Ánh (A1c1), whose file is nobody's account: only its own
    person's account may open it, so every persona gets 404 (the "cadre" persona is another cadre)."""

    def url(t: Tree, _which: str) -> str:
        cycle, _ = Cycle.objects.get_or_create(
            year=2024,
            kind="year",
            period=0,
            defaults={"name": "Năm 2024", "ruleset": ruleset_for_year(2024), "population_on": dt.date(2024, 12, 31)},
        )
        person = Person.objects.get(given_name="Ánh")
        result, _ = Result.objects.get_or_create(
            cycle=cycle, person=person, defaults={"unit": t.A1c1, "decider_org": t.A1, "group": SubjectGroup.MEMBER}
        )
        return path.format(id=result.pk)

    return Case(url=url, expected=every(NF, anonymous=LOGIN))


def fixed(path: str, expected: dict[str, Expected]) -> Case:
    return Case(url=lambda _tree, _which: path, expected=expected)


MATRIX: dict[str, Case] = {
    "": fixed("/", EVERY_USER),
    "viec-can-lam/cong-nhan-chinh-thuc/": fixed("/viec-can-lam/cong-nhan-chinh-thuc/", EVERY_USER),
    "to-chuc/": fixed("/to-chuc/?ngay=31/12/2024&q=chi bo", EVERY_USER),
    "to-chuc/moi/": org_case("/to-chuc/moi/?cap_tren={id}", expected=FOUND),
    "to-chuc/goi-y/": fixed("/to-chuc/goi-y/?org=dang bo", EVERY_USER),
    "to-chuc/<int:org_id>/": org_case("/to-chuc/{id}/", expected=ORG_PAGE),
    "to-chuc/<int:org_id>/con/": org_case("/to-chuc/{id}/con/", expected=ORG_PAGE),
    "to-chuc/<int:org_id>/doi-ten/": org_case("/to-chuc/{id}/doi-ten/", expected=RESTRUCTURE),
    "to-chuc/<int:org_id>/chuyen/": org_case("/to-chuc/{id}/chuyen/", expected=RESTRUCTURE),
    "to-chuc/<int:org_id>/hop-nhat/": org_case("/to-chuc/{id}/hop-nhat/", expected=RESTRUCTURE),
    "to-chuc/<int:org_id>/chia-tach/": org_case("/to-chuc/{id}/chia-tach/", expected=RESTRUCTURE),
    "to-chuc/<int:org_id>/giai-the/": org_case("/to-chuc/{id}/giai-the/", expected=RESTRUCTURE),
    "nhat-ky/": fixed("/nhat-ky/", AUDIT_ONLY),
    "can-bo/": fixed("/can-bo/?ngay=31/12/2024", EVERY_USER),
    "can-bo/xuat-excel/": fixed("/can-bo/xuat-excel/?ngay=31/12/2024", EVERY_USER),
    "can-bo/<int:person_id>/": person_case("/can-bo/{id}/"),
    "can-bo/moi/": fixed("/can-bo/moi/", every(OK, anonymous=LOGIN, cadre=FORBIDDEN, auditor=FORBIDDEN)),
    "can-bo/<int:person_id>/sua/": person_case("/can-bo/{id}/sua/"),
    "can-bo/<int:person_id>/dang-tich/": person_case("/can-bo/{id}/dang-tich/"),
    "can-bo/<int:person_id>/trinh-do/": person_case("/can-bo/{id}/trinh-do/"),
    "can-bo/<int:person_id>/chuc-vu/": person_case("/can-bo/{id}/chuc-vu/"),
    "can-bo/<int:person_id>/chuc-vu/<int:position_id>/ket-thuc/": person_case("/can-bo/{id}/chuc-vu/1/ket-thuc/"),
    "can-bo/<int:person_id>/boi-duong/": person_case("/can-bo/{id}/boi-duong/"),
    "nhat-ky/xuat-excel/": fixed("/nhat-ky/xuat-excel/", AUDIT_ONLY),
    "tai-khoan/dang-nhap/": fixed("/tai-khoan/dang-nhap/", every(REDIRECT, anonymous=OK)),
    "tai-khoan/dang-xuat/": fixed("/tai-khoan/dang-xuat/", POST_ONLY),
    "tai-khoan/dang-xuat-moi-noi/": fixed("/tai-khoan/dang-xuat-moi-noi/", POST_ONLY),
    # Users without an authenticator are sent to set one up; users with one are asked for a code.
    "tai-khoan/xac-thuc/": fixed("/tai-khoan/xac-thuc/", every(REDIRECT, anonymous=LOGIN, specialist=OK, admin=OK)),
    "tai-khoan/thiet-lap-xac-thuc/": fixed(
        "/tai-khoan/thiet-lap-xac-thuc/",
        every(OK, anonymous=LOGIN, specialist=REDIRECT, admin=REDIRECT),
    ),
    "tai-khoan/khoa-api/": fixed("/tai-khoan/khoa-api/", EVERY_USER),
    "tai-khoan/khoa-api/<int:token_id>/thu-hoi/": fixed("/tai-khoan/khoa-api/1/thu-hoi/", POST_ONLY),
    "api/v1/openapi.json": fixed("/api/v1/openapi.json", EVERY_USER),
    "api/v1/docs": fixed("/api/v1/docs", EVERY_USER),
    "api/v1/orgs/<org_id>": org_case("/api/v1/orgs/{id}", api=True),
    "api/v1/orgs/<org_id>/subtree": org_case("/api/v1/orgs/{id}/subtree", api=True),
    "api/v1/orgs": fixed("/api/v1/orgs?q=chi&date=2024-12-31", every(OK, anonymous=UNAUTH)),
    "api/v1/people": fixed("/api/v1/people?date=2024-12-31", every(OK, anonymous=UNAUTH)),
    "api/v1/people/<person_id>": person_case("/api/v1/people/{id}", api=True),
    "api/v1/resolutions": fixed("/api/v1/resolutions", every(OK, anonymous=UNAUTH)),
    "api/v1/resolutions/<resolution_id>/targets": resolution_case(
        "/api/v1/resolutions/{res}/targets?org={id}", api=True
    ),
    "api/v1/targets/<target_id>/members": resolution_case("/api/v1/targets/{target}/members?org={id}", api=True),
    "api/v1/<path:unknown>": fixed("/api/v1/khong-co", every(NF)),
    "api/v1/": fixed("/api/v1/", every(NF)),
    "can-bo/nhap-du-lieu/": fixed("/can-bo/nhap-du-lieu/", IMPORTERS),
    "can-bo/nhap-du-lieu/mau/": fixed("/can-bo/nhap-du-lieu/mau/", IMPORTERS),
    # an upload belongs to the session that made it: anyone else's (or an unknown) token is absent
    "can-bo/nhap-du-lieu/<str:token>/": fixed(
        "/can-bo/nhap-du-lieu/AAAAAAAAAAAAAAAAAAAAAA/", every(NF, anonymous=LOGIN)
    ),
    "can-bo/nhap-du-lieu/<str:token>/xac-nhan/": fixed(
        "/can-bo/nhap-du-lieu/AAAAAAAAAAAAAAAAAAAAAA/xac-nhan/", POST_ONLY
    ),
    "can-bo/nhap-du-lieu/<str:token>/huy/": fixed("/can-bo/nhap-du-lieu/AAAAAAAAAAAAAAAAAAAAAA/huy/", POST_ONLY),
    "can-bo/nhap-du-lieu/<str:token>/tien-do/": fixed(
        "/can-bo/nhap-du-lieu/AAAAAAAAAAAAAAAAAAAAAA/tien-do/", every(NF, anonymous=LOGIN)
    ),
    "nghi-quyet/": fixed("/nghi-quyet/?ngay=31/12/2024", EVERY_USER),
    "nghi-quyet/<int:resolution_id>/": resolution_case("/nghi-quyet/{res}/?org={id}"),
    "nghi-quyet/<int:resolution_id>/xu-huong/": resolution_case("/nghi-quyet/{res}/xu-huong/?org={id}"),
    "nghi-quyet/<int:resolution_id>/xuat-excel/": resolution_case("/nghi-quyet/{res}/xuat-excel/?org={id}"),
    "nghi-quyet/<int:resolution_id>/bao-cao/": resolution_case("/nghi-quyet/{res}/bao-cao/?org={id}"),
    # A background report's job: only its requester or a user of the same scope (test_report_jobs.py).
    "nghi-quyet/bao-cao/<str:token>/": fixed("/nghi-quyet/bao-cao/AAAAAAAAAAAAAAAAAAAAAA/", every(NF, anonymous=LOGIN)),
    "nghi-quyet/bao-cao/<str:token>/tai-ve/": fixed(
        "/nghi-quyet/bao-cao/AAAAAAAAAAAAAAAAAAAAAA/tai-ve/", every(NF, anonymous=LOGIN)
    ),
    "nghi-quyet/nhiem-vu/<int:task_id>/tien-do/": fixed("/nghi-quyet/nhiem-vu/1/tien-do/", POST_ONLY),
    "nghi-quyet/chi-tieu/<int:target_id>/": resolution_case("/nghi-quyet/chi-tieu/{target}/?org={id}"),
    "nghi-quyet/chi-tieu/<int:target_id>/danh-sach/": resolution_case(
        "/nghi-quyet/chi-tieu/{target}/danh-sach/?org={id}"
    ),
    "nghi-quyet/chi-tieu/<int:target_id>/danh-sach/xuat-excel/": resolution_case(
        "/nghi-quyet/chi-tieu/{target}/danh-sach/xuat-excel/?org={id}"
    ),
    "danh-gia-cua-toi/": fixed("/danh-gia-cua-toi/", EVERY_USER),
    "danh-gia-cua-toi/<int:result_id>/": own_result_case("/danh-gia-cua-toi/{id}/"),
    "danh-gia/": fixed("/danh-gia/", EVERY_USER),
    # opening a round: the Ban Tổ chức (a role with ``evaluations.cycle_run``, entering on the top) only
    "danh-gia/mo-dot/": fixed("/danh-gia/mo-dot/", every(NF, anonymous=LOGIN, specialist=OK, admin=OK)),
    "danh-gia/<int:cycle_id>/": Case(url=cycle_url(), expected=EVERY_USER),
    "danh-gia/<int:cycle_id>/<int:unit_id>/": Case(url=board_url(), expected=ORG_SCOPE, per_object=True),
    "danh-gia/<int:cycle_id>/<int:unit_id>/xuat-excel/": Case(
        url=board_url("xuat-excel/"), expected=ORG_SCOPE, per_object=True
    ),
    # the matrix's round has nothing decided: in scope, the announcement sends back to the board with why
    "danh-gia/<int:cycle_id>/<int:unit_id>/bao-cao/": Case(
        url=board_url("bao-cao/"),
        expected={who: tuple(REDIRECT if e == OK else e for e in pair) for who, pair in ORG_SCOPE.items()},
        per_object=True,
    ),
    "danh-gia/<int:cycle_id>/<int:unit_id>/ty-le/": Case(url=board_url("ty-le/"), expected=POST_ONLY),
    "danh-gia/<int:cycle_id>/<int:unit_id>/nhan-xet/": Case(url=board_url("nhan-xet/"), expected=POST_ONLY),
    "danh-gia/<int:cycle_id>/<int:unit_id>/nhan-xet/<int:result_id>/": Case(
        url=result_url("nhan-xet/{id}/"), expected=ORG_SCOPE, per_object=True
    ),
    "danh-gia/<int:cycle_id>/<int:unit_id>/tu-danh-gia/<int:result_id>/": Case(
        url=collective_url("tu-danh-gia/{id}/"), expected=ORG_SCOPE, per_object=True
    ),
    "danh-gia/<int:cycle_id>/<int:unit_id>/de-xuat/": Case(url=board_url("de-xuat/"), expected=POST_ONLY),
    "danh-gia/<int:cycle_id>/<int:unit_id>/quyet-dinh/": Case(url=board_url("quyet-dinh/"), expected=POST_ONLY),
    "danh-gia/<int:cycle_id>/<int:unit_id>/thong-bao/": Case(url=board_url("thong-bao/"), expected=POST_ONLY),
    "danh-gia/<int:cycle_id>/<int:unit_id>/mo-lai/<int:result_id>/": Case(
        url=board_url("mo-lai/1/"), expected=POST_ONLY
    ),
    "quan-tri/": fixed("/quan-tri/accounts/user/", every(REDIRECT, admin=OK)),
}


def project_routes() -> set[str]:
    routes: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route == "quan-tri/":  # the admin site is one entry: all of it is for administrators
                    routes.add(route)
                else:
                    walk(pattern.url_patterns, route)
            else:
                routes.add(route)

    walk(get_resolver().url_patterns, "")
    return routes


def test_it_knows_every_route_of_the_project() -> None:
    unknown = project_routes() - set(MATRIX)
    assert not unknown, f"Routes missing from the scope matrix (add them with their expected answers): {unknown}"
    stale = set(MATRIX) - project_routes()
    assert not stale, f"The matrix lists routes that no longer exist: {stale}"


def answer(response: object) -> Expected:
    status = response.status_code  # type: ignore[attr-defined]
    if status in (301, 302):
        location = response["Location"]  # type: ignore[index]
        return LOGIN if "/tai-khoan/dang-nhap/" in location else REDIRECT
    return int(status)


@pytest.fixture
def clients(people: Personas, tree: Tree) -> dict[str, Client]:
    make_member(people.admin, tree.A1c1, "Nguyễn Thị Ánh", gender="F")
    make_member(people.admin, tree.B1c1, "Trần Văn Bình")
    auditor = make_user("kiemsoat", "Vũ Thị Hạnh")
    Assignment.objects.create(user=auditor, org=tree.P, role=Role.AUDITOR, scope=Scope.VIEW)
    users: dict[str, User] = {
        "outsider": people.outsider,
        "secretary": people.secretary,
        "cadre": people.nobody,
        "auditor": auditor,
        "specialist": people.specialist,
        "admin": people.admin,
    }
    result = {name: logged_in(user) for name, user in users.items()}
    result["anonymous"] = Client()
    return result


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_it_answers_each_persona_as_the_matrix_says(route: str, clients: dict[str, Client], tree: Tree) -> None:
    case = MATRIX[route]
    wrong = []
    for persona in PERSONAS:
        client = clients[persona]
        if case.per_object:
            columns = case.expected[persona]
            assert isinstance(columns, tuple)
            for expected, which in zip(columns, ("a", "b", f"own:{persona}"), strict=False):
                got = answer(client.get(case.url(tree, which)))
                if got != expected:
                    wrong.append(f"{persona} on {which}: expected {expected}, got {got}")
        else:
            got = answer(client.get(case.url(tree, "a")))
            if got != case.expected[persona]:
                wrong.append(f"{persona}: expected {case.expected[persona]}, got {got}")
    assert not wrong, f"{route}: " + "; ".join(wrong)


def test_it_keeps_a_token_out_of_other_users_hands(people: Personas, tree: Tree) -> None:
    token, _ = api_token_create(actor=people.outsider, name="Của huyện B", otp_verified=False)
    for user in (people.specialist, people.secretary, people.nobody):
        response = logged_in(user).post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/")
        assert response.status_code == 404, user.username
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_it_hides_out_of_scope_organisations_from_search(people: Personas, tree: Tree) -> None:
    names = [o["name"] for o in logged_in(people.outsider).get("/api/v1/orgs?q=chi&date=2024-12-31").json()["items"]]
    assert names == ["Chi bộ thôn Ba"]
    page = logged_in(people.outsider).get("/to-chuc/?ngay=31/12/2024&q=chi bo").content.decode()
    assert "Chi bộ thôn Ba" in page and "Chi bộ thôn Một" not in page
