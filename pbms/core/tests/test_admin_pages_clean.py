"""What the browser crawl of the administration site found: an English search help on the OTP devices list
(django-otp builds it as plain text) and no icon link (the browser then asked /favicon.ico: a 404)."""

from __future__ import annotations

from pbms.conftest import Personas, logged_in


def test_it_explains_the_otp_device_search_in_vietnamese(people: Personas) -> None:
    page = logged_in(people.admin).get("/quan-tri/otp_totp/totpdevice/").content.decode()
    assert "Search by" not in page
    assert "Tìm theo tên đăng nhập hoặc địa chỉ email của người dùng" in page


def test_it_gives_the_administration_pages_the_site_icon(people: Personas) -> None:
    client = logged_in(people.admin)
    for url in ("/quan-tri/", "/quan-tri/accounts/user/", f"/quan-tri/accounts/user/{people.admin.pk}/change/"):
        assert 'rel="icon" href="/static/img/favicon.svg"' in client.get(url).content.decode(), url
