"""A NUL byte (or another C0 control character) in any text a browser or a client sends is refused with a
4xx and a Vietnamese message, never a 500: PostgreSQL refuses NUL in text, so such a value must not reach
a query. Pages: one middleware (pbms.core.middleware.ControlCharactersMiddleware); API: one pydantic type
(pbms.api.schemas.CleanText) on every text parameter."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pbms.conftest import Personas, Tree, logged_in
from pbms.evaluations import services as evaluation_services
from pbms.lib.text import CLEAN_TEXT_PATTERN

PAGE_MESSAGE = "ký tự điều khiển"
API = "/api/v1"


def _cycle_url(people: Personas) -> str:
    cycle = evaluation_services.cycle_open(actor=people.specialist, year=2024, population_on=dt.date(2024, 12, 1))
    return reverse("evaluations:cycle", args=(cycle.pk,))


# (name, how to build the URL, the query). Every probe the issue lists, plus one POST form below.
PAGES: list[tuple[str, Any, dict[str, str]]] = [
    ("tree", lambda _people: reverse("orgs:tree"), {"q": "Đảng\x00bộ"}),
    ("suggest", lambda _people: reverse("orgs:suggest"), {"q": "\x00"}),
    ("cycle", _cycle_url, {"q": "a\x00"}),
    ("people-page", lambda _people: reverse("people:list"), {"q": "x\x00y"}),
    ("admin-search", lambda _people: "/quan-tri/accounts/user/", {"q": "\x00"}),
]


@pytest.mark.postgres_only
@pytest.mark.parametrize(("name", "url", "params"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.django_db
def test_it_refuses_a_control_character_in_a_page_s_query_with_a_vietnamese_400(
    people: Personas, tree: Tree, name: str, url: Any, params: dict[str, str]
) -> None:
    client = logged_in(people.admin)
    response = client.get(url(people), params)
    assert response.status_code == 400, (name, response.status_code)
    assert PAGE_MESSAGE in response.content.decode()


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_it_refuses_a_control_character_in_a_posted_form(people: Personas) -> None:
    response = Client().post(reverse("accounts:login"), {"username": "quantri\x00", "password": "x"})
    assert response.status_code == 400
    assert PAGE_MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_it_still_accepts_tabs_and_line_breaks_in_a_form(people: Personas, tree: Tree) -> None:
    """A textarea sends CR LF, a pasted cell a tab: those are text, not control noise."""
    client = logged_in(people.admin)
    response = client.get(reverse("orgs:tree"), {"q": "Đảng\tbộ\r\n"})
    assert response.status_code == 200


APIS: list[tuple[str, dict[str, str], str]] = [
    ("/people", {"q": "a\x00b"}, "q"),
    ("/people", {"org": "\x00"}, "org"),
    ("/orgs", {"q": "\x00"}, "q"),
    ("/orgs", {"q": "Đảng\x1bbộ"}, "q"),
]


@pytest.mark.postgres_only
@pytest.mark.parametrize(("path", "params", "field"), APIS, ids=[f"{p}-{f}" for p, _, f in APIS])
@pytest.mark.django_db
def test_it_refuses_a_control_character_in_an_api_text_parameter_with_a_vietnamese_422(
    people: Personas, tree: Tree, path: str, params: dict[str, str], field: str
) -> None:
    response = logged_in(people.admin).get(f"{API}{path}", params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert PAGE_MESSAGE in body["fields"][field]


def _free_text_parameters() -> list[tuple[str, str]]:
    """(path with ids filled in, name) of every free-text query parameter the API publishes: a string with
    no format (dates), enum or pattern of its own (``gender``'s admits M or F only)."""
    from pbms.api.api import api

    found = []
    for path, operations in api.get_openapi_schema(path_prefix=API)["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                free = (
                    schema.get("type") == "string"
                    and not {"format", "enum"} & schema.keys()
                    and schema.get("pattern", CLEAN_TEXT_PATTERN) == CLEAN_TEXT_PATTERN
                )
                if parameter["in"] == "query" and free:
                    # Any id will do: the query is validated before the object is looked up.
                    found.append((re.sub(r"\{[^}]+\}", "1", path), parameter["name"]))
    return found


@pytest.mark.django_db
def test_it_refuses_a_control_character_in_every_free_text_parameter_of_the_api(people: Personas, tree: Tree) -> None:
    """A new text parameter declared as a plain ``str`` (not CleanText) fails here, on either database."""
    parameters = _free_text_parameters()
    assert len(parameters) >= 3, parameters  # q and org of /people, q of /orgs at least
    client = logged_in(people.admin)
    for url, name in parameters:
        response = client.get(url, {name: "a\x00b"})
        assert response.status_code == 422, (url, name, response.content)
        assert PAGE_MESSAGE in response.json()["fields"][name], (url, name)


# A cookie value may carry a NUL written as an octal escape inside quotes (Python's and Django's cookie parser
# decode it), or raw when a client builds the header itself; the OpenAPI schema declares the session cookie,
# so schemathesis sends one. The session key was looked up as it came: a 500 before any view ran.
BAD_SESSION_COOKIES = ['sessionid="\\000\\000\\000\\000\\000\\000\\000\\000"', "sessionid=abcdefgh\x00ijk"]


@pytest.mark.postgres_only
@pytest.mark.parametrize("cookie", BAD_SESSION_COOKIES, ids=["octal-escape", "raw"])
@pytest.mark.django_db
def test_it_treats_a_session_cookie_with_a_control_character_as_no_session(cookie: str) -> None:
    client = Client(raise_request_exception=False)
    page = client.get("/", HTTP_COOKIE=cookie)
    assert page.status_code == 302  # to the login page, as any visitor without a session
    assert reverse("accounts:login") in page["Location"]
    api = client.get(f"{API}/orgs", {"q": "xã"}, HTTP_COOKIE=cookie)
    assert api.status_code == 401
    assert api.json()["message"] == "Bạn cần đăng nhập để sử dụng API."
