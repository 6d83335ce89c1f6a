"""Every password rule speaks Vietnamese, wherever a password is set."""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

from pbms.accounts.models import User
from pbms.conftest import Personas, logged_in

ENGLISH = re.compile(r"\b(password|must|contain|characters?|too short|common|numeric|similar)\b", re.IGNORECASE)


def rule_messages(password: str) -> list[str]:
    try:
        validate_password(password, User(username="bithu_a1c1", full_name="Hoàng Văn Em"))
    except ValidationError as error:
        return list(error.messages)
    return []


def test_it_explains_every_password_rule_in_vietnamese(db: None) -> None:
    # too short, too common, all digits, too like the username: one of each rule
    messages = [m for p in ("abc", "password123", "1234567890123", "bithu_a1c1x") for m in rule_messages(p)]
    assert len(messages) >= 4
    assert "Mật khẩu này quá ngắn: cần ít nhất 10 ký tự." in messages
    for text in messages + password_validators_help_texts():
        assert not ENGLISH.search(text), text


def test_it_shows_the_length_rule_in_vietnamese_where_a_password_is_set(people: Personas) -> None:
    client = logged_in(people.admin)
    pages = {
        f"/quan-tri/accounts/user/{people.nobody.pk}/password/": {"password1": "ngan", "password2": "ngan"},
        "/quan-tri/password_change/": {"old_password": "x", "new_password1": "ngan", "new_password2": "ngan"},
        "/quan-tri/accounts/user/add/": {"username": "moi", "password1": "ngan", "password2": "ngan"},
    }
    for url, data in pages.items():
        html = client.post(url, data | {"usable_password": "true"}).content.decode()
        assert "Mật khẩu này quá ngắn: cần ít nhất 10 ký tự." in html, url
        assert "too short" not in html, url
