from __future__ import annotations

from typing import Any

from django.test import RequestFactory

from pbms.core.middleware import client_ip


def test_it_uses_the_socket_address_without_a_trusted_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.1.2.3"


def test_it_reads_the_address_the_trusted_proxy_appended(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    forged_then_real = "6.6.6.6, 10.20.30.40"
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forged_then_real)
    assert client_ip(request) == "10.20.30.40"
    garbage = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(garbage) is None
