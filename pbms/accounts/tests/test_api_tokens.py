"""Personal API tokens: shown once, scoped exactly like their user, revocable, audited."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts.models import ApiToken, Assignment, Role, Scope, User
from pbms.accounts.services import ApiTokenRefusedError, api_token_create
from pbms.audit.models import AuditEvent
from pbms.conftest import Personas, Tree, logged_in


def create_token(client: Client) -> str:
    page = client.post("/tai-khoan/khoa-api/", {"name": "Báo cáo tự động"}).content.decode()
    match = re.search(r'id="new-key">([^<]+)<', page)
    assert match, page
    return match.group(1)


def test_it_shows_the_key_once_and_stores_only_its_hash(people: Personas, tree: Tree) -> None:
    client = logged_in(people.staff_a)
    key = create_token(client)
    token = ApiToken.objects.get(user=people.staff_a)
    assert key not in token.key_hash and key.startswith(token.prefix)
    assert key not in client.get("/tai-khoan/khoa-api/").content.decode()
    assert AuditEvent.objects.filter(action="auth.api_token_create", actor_id=people.staff_a.pk).exists()


def test_it_scopes_a_token_exactly_like_its_user(people: Personas, tree: Tree) -> None:
    key = create_token(logged_in(people.outsider))
    bearer = {"Authorization": f"Bearer {key}"}
    api = Client()
    assert api.get(f"/api/v1/orgs/{tree.B.pk}?date=2024-12-31", headers=bearer).status_code == 200
    assert api.get(f"/api/v1/orgs/{tree.A.pk}?date=2024-12-31", headers=bearer).status_code == 404
    assert api.get(f"/api/v1/orgs/{tree.A1c1.pk}/subtree?date=2024-12-31", headers=bearer).status_code == 404
    assert (
        api.get(f"/api/v1/orgs/{tree.B.pk}?date=2024-12-31", headers={"Authorization": "Bearer pb_wrong"}).status_code
        == 401
    )
    assert ApiToken.objects.get(user=people.outsider).last_used_at is not None


def test_it_refuses_a_revoked_token_and_a_deactivated_user(people: Personas, tree: Tree) -> None:
    client = logged_in(people.outsider)
    key = create_token(client)
    bearer = {"Authorization": f"Bearer {key}"}
    url = f"/api/v1/orgs/{tree.B.pk}?date=2024-12-31"
    token = ApiToken.objects.get(user=people.outsider)
    # nobody else can revoke it
    assert logged_in(people.staff_a).post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/").status_code == 404
    assert Client().get(url, headers=bearer).status_code == 200
    client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/")
    assert Client().get(url, headers=bearer).status_code == 401
    second = create_token(client)
    people.outsider.is_active = False
    people.outsider.save(update_fields=["is_active"])
    assert Client().get(url, headers={"Authorization": f"Bearer {second}"}).status_code == 401


# --- the second factor and the end of a key (issue 13, item 1) ---

OTP_ACCOUNT_MESSAGE = re.escape("hãy nhập mã xác thực (OTP) trước khi tạo khóa API")


def password_only(user: User) -> Client:
    """A session that gave the password and nothing else (what a stolen password opens)."""
    client = Client()
    client.force_login(user)
    return client


def test_it_gives_no_api_key_to_a_password_only_session_of_an_otp_account(people: Personas, tree: Tree) -> None:
    client = password_only(people.specialist)  # a role with otp.required
    response = client.post("/tai-khoan/khoa-api/", {"name": "Vượt OTP"})
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/thiet-lap-xac-thuc/")
    assert client.get("/tai-khoan/khoa-api/").status_code == 302
    assert not ApiToken.objects.filter(user=people.specialist).exists()
    # the service holds the rule whatever page calls it: accounts that must use OTP, and accounts that chose to
    TOTPDevice.objects.create(user=people.staff_a, name="điện thoại", confirmed=True)
    for user in (people.specialist, people.staff_a, people.admin):
        with pytest.raises(ApiTokenRefusedError, match=OTP_ACCOUNT_MESSAGE):
            api_token_create(actor=user, name="Vượt OTP", otp_verified=False)
    assert not ApiToken.objects.exists()
    # after the code, the key is made and works
    key = create_token(logged_in(people.specialist))
    assert Client().get(f"/api/v1/orgs/{tree.P.pk}", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_it_revokes_every_api_key_on_logging_out_everywhere(people: Personas, tree: Tree) -> None:
    client = logged_in(people.outsider)
    keys = [create_token(client), create_token(client)]
    url = f"/api/v1/orgs/{tree.B.pk}?date=2024-12-31"
    assert Client().get(url, headers={"Authorization": f"Bearer {keys[0]}"}).status_code == 200
    response = client.post("/tai-khoan/dang-xuat-moi-noi/", follow=True)
    assert "thu hồi 2 khóa API" in response.content.decode()
    for key in keys:
        assert Client().get(url, headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert AuditEvent.objects.filter(action="auth.api_token_revoke", actor_id=people.outsider.pk).count() == 2
    page = logged_in(User.objects.get(pk=people.outsider.pk)).get("/tai-khoan/khoa-api/").content.decode()
    assert page.count("Đã thu hồi") == 2 and "tự động bị thu hồi" in page


def test_it_revokes_every_api_key_when_the_password_changes_by_any_path(
    people: Personas, tree: Tree, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    url = f"/api/v1/orgs/{tree.B.pk}?date=2024-12-31"

    def works(key: str) -> bool:
        status = Client().get(url, headers={"Authorization": f"Bearer {key}"}).status_code
        assert status in (200, 401)
        return status == 200

    def new_key() -> str:
        return create_token(logged_in(User.objects.get(pk=people.outsider.pk)))

    # 1. the administrator sets a new password in the administration site
    key = new_key()
    assert works(key)
    response = logged_in(people.admin).post(
        f"/quan-tri/accounts/user/{people.outsider.pk}/password/",
        {"password1": "mat-khau-moi-2026-a", "password2": "mat-khau-moi-2026-a"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not works(key)
    event = AuditEvent.objects.get(action="auth.password_change")
    assert event.actor_id == people.admin.pk and event.object_id == str(people.outsider.pk)
    assert event.changes == {"user": "huyen_b", "by": "quantri"}
    # 2. manage.py changepassword
    key = new_key()
    monkeypatch.setattr("getpass.getpass", lambda *_args, **_kwargs: "mat-khau-moi-2026-b")
    call_command("changepassword", "huyen_b", stdout=io.StringIO())
    assert not works(key)
    assert AuditEvent.objects.filter(action="auth.password_change", actor_id=None, actor_name="hệ thống").exists()
    # 3. any code that sets it (a shell, a later "change my password" page)
    key = new_key()
    user = User.objects.get(pk=people.outsider.pk)
    user.set_password("mat-khau-moi-2026-c")
    user.save()
    assert not works(key)
    # logging in with a hash of an older algorithm rehashes it: not a change of password, nothing revoked
    settings.PASSWORD_HASHERS = [*settings.PASSWORD_HASHERS, "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    old_hash = make_password("mat-khau-moi-2026-c", hasher="pbkdf2_sha256")
    User.objects.filter(pk=people.outsider.pk).update(password=old_hash)
    key = new_key()
    login = Client().post("/tai-khoan/dang-nhap/", {"username": "huyen_b", "password": "mat-khau-moi-2026-c"})
    assert login.status_code == 302 and User.objects.get(pk=people.outsider.pk).password != old_hash
    assert works(key)
    # no hash anywhere in the log
    hashes = [User.objects.get(pk=people.outsider.pk).password]
    assert not any(h in str(e.changes) for e in AuditEvent.objects.all() for h in hashes)


def test_it_refuses_a_key_made_without_otp_once_the_account_must_use_it(people: Personas, tree: Tree) -> None:
    client = logged_in(people.staff_a)  # no role needing OTP: the key is made with the password alone
    key = create_token(client)
    url = f"/api/v1/orgs/{tree.A.pk}?date=2024-12-31"
    assert Client().get(url, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    Assignment.objects.create(user=people.staff_a, org=tree.P, role=Role.SPECIALIST, scope=Scope.VIEW)
    assert Client().get(url, headers={"Authorization": f"Bearer {key}"}).status_code == 401
    page = logged_in(people.staff_a).get("/tai-khoan/khoa-api/").content.decode()
    assert "Hết tác dụng: tạo khi chưa nhập mã xác thực hai lớp" in page
