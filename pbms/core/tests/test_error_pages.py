"""The error pages a user can meet are Vietnamese, including the one for a refused (CSRF) form."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_it_explains_a_refused_form_in_vietnamese() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/tai-khoan/dang-nhap/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không gửi được biểu mẫu" in page
    assert "Dữ liệu chưa được ghi" in page
    assert "CSRF verification failed" not in page
