from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from pytest_django import Settings

from pbms.api.tests.conftest import API
from pbms.conftest import Personas, logged_in


class AssetCollector(HTMLParser):
    """Every URL the page makes the browser load: script src, link href, img src."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name) and tag in {"script", "link", "img", "iframe", "source"}:
                self.urls.append(str(values[name]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


@pytest.fixture
def plain_static(settings: Settings) -> None:
    # The manifest storage used without DEBUG needs collectstatic; the page's references are what is tested.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_it_serves_the_openapi_31_schema(people: Personas) -> None:
    client = logged_in(people.specialist)
    r = client.get(f"{API}/openapi.json")
    assert r.status_code == 200
    schema = json.loads(r.content)
    assert schema["openapi"].startswith("3.1")
    assert {"/api/v1/orgs/{org_id}", "/api/v1/orgs/{org_id}/subtree", "/api/v1/orgs"} <= set(schema["paths"])
    assert not any("unknown" in path for path in schema["paths"])  # the catch-all stays out of the schema
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {"message", "code", "fields"}
    subtree = schema["paths"]["/api/v1/orgs/{org_id}/subtree"]["get"]
    limit = next(p for p in subtree["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 5000
    assert subtree["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_it_sends_visitors_of_the_docs_to_the_login_page(client: Client, db: None) -> None:
    for path in ("/docs", "/openapi.json"):
        r = client.get(f"{API}{path}")
        assert r.status_code == 302
        assert "/tai-khoan/" in r["Location"]


@pytest.mark.usefixtures("plain_static")
def test_it_serves_the_docs_page_offline(people: Personas) -> None:
    client = logged_in(people.specialist)
    r = client.get(f"{API}/docs")
    assert r.status_code == 200
    html = r.content.decode()
    page = AssetCollector()
    page.feed(html)

    assert page.urls, "the page loads Swagger UI from somewhere"
    for url in page.urls:
        # Same host only: an absolute or protocol-relative URL would reach the internet from an air-gapped LAN.
        assert url.startswith("/") and not url.startswith("//"), url
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not shipped with the code"
    assert "/static/ninja/swagger-ui-bundle.js" in page.urls
    assert "/static/ninja/swagger-ui.css" in page.urls

    settings_json = next(s for s in page.scripts if "openapi.json" in s)
    swagger = json.loads(settings_json)
    assert swagger["url"] == f"{API}/openapi.json"
    assert swagger["validatorUrl"] is None  # Swagger UI would otherwise send the schema to validator.swagger.io


def test_it_ships_swagger_assets_that_fetch_nothing_outside(db: None) -> None:
    css = Path(str(finders.find("ninja/swagger-ui.css"))).read_text(encoding="utf-8")
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
