"""Login as an attacker and as a user would meet it: lock-out, one-time passwords, ending sessions, headers."""

from __future__ import annotations

import re
from typing import Any

from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbms.accounts.models import Assignment, Role, Scope, User
from pbms.accounts.otp import device_current_token
from pbms.audit.models import AuditEvent
from pbms.conftest import PASSWORD, Personas, Tree, logged_in

LOGIN = "/tai-khoan/dang-nhap/"


def current_code(device: TOTPDevice) -> str:
    return device_current_token(device=device)


def test_it_locks_out_after_repeated_failures(people: Personas) -> None:
    client = Client()
    for _ in range(4):
        response = client.post(LOGIN, {"username": "huyen_a", "password": "sai-mat-khau"})
        assert response.status_code == 200 and "không đúng" in response.content.decode()
    fifth = client.post(LOGIN, {"username": "huyen_a", "password": "sai-mat-khau"})
    assert fifth.status_code == 429
    # even the right password is refused now
    locked = client.post(LOGIN, {"username": "huyen_a", "password": PASSWORD})
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # another user from the same machine is not punished for it
    other = client.post(LOGIN, {"username": "huyen_b", "password": PASSWORD})
    assert other.status_code == 302


def test_it_logs_in_a_committee_user_with_a_password_only(people: Personas, tree: Tree) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "huyen_a", "password": PASSWORD, "next": "/to-chuc/"})
    assert response.status_code == 302 and response["Location"] == "/to-chuc/"
    assert client.get("/to-chuc/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor_id=people.staff_a.pk).exists()


def test_it_refuses_an_open_redirect_after_login(people: Personas) -> None:
    response = Client().post(LOGIN, {"username": "huyen_a", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_it_makes_a_specialist_enrol_and_then_give_a_one_time_code(people: Personas, tree: Tree) -> None:
    client = Client()
    client.post(LOGIN, {"username": "chuyenvien", "password": PASSWORD})
    blocked = client.get("/to-chuc/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/tai-khoan/thiet-lap-xac-thuc/")
    assert client.get("/api/v1/orgs/1").status_code == 401
    setup = client.get(blocked["Location"])
    assert "<svg" in setup.content.decode() and "Khóa bí mật" in setup.content.decode()
    device = TOTPDevice.objects.get(user=people.specialist, confirmed=False)
    wrong = client.post(
        "/tai-khoan/thiet-lap-xac-thuc/", {"token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "không đúng" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the device wait a moment before the next try
    done = client.post("/tai-khoan/thiet-lap-xac-thuc/", {"token": current_code(device), "next": "/to-chuc/"})
    assert done.status_code == 302 and done["Location"] == "/to-chuc/"
    assert client.get("/to-chuc/").status_code == 200
    # next time: password, then the code from the same device
    fresh = Client()
    fresh.post(LOGIN, {"username": "chuyenvien", "password": PASSWORD})
    step = fresh.get("/to-chuc/")
    assert step["Location"].startswith("/tai-khoan/xac-thuc/")
    assert "chỉ gồm chữ số" in fresh.post("/tai-khoan/xac-thuc/", {"token": "12345a"}).content.decode()
    device.refresh_from_db()
    device.last_t = -1  # the enrolment consumed this time step; a new login may reuse it in the test
    device.save(update_fields=["last_t"])
    verified = fresh.post("/tai-khoan/xac-thuc/", {"token": current_code(device), "next": "/to-chuc/"})
    assert verified.status_code == 302 and fresh.get("/to-chuc/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp_verified", actor_id=people.specialist.pk).exists()


def test_it_requires_a_one_time_code_of_administrators(people: Personas) -> None:
    client = Client()
    client.force_login(people.admin)
    assert client.get("/").status_code == 302
    assert client.get("/quan-tri/").status_code == 302


def test_it_ends_every_session_when_asked(people: Personas, tree: Tree) -> None:
    laptop, tablet = logged_in(people.staff_a), logged_in(people.staff_a)
    assert tablet.get("/to-chuc/").status_code == 200
    laptop.post("/tai-khoan/dang-xuat-moi-noi/")
    assert tablet.get("/to-chuc/").status_code == 302  # back to the login page
    assert User.objects.get(pk=people.staff_a.pk).session_epoch == 1


def test_it_sends_a_content_security_policy_without_inline_script(people: Personas, tree: Tree) -> None:
    client = logged_in(people.specialist)
    for url in ("/", "/to-chuc/", f"/to-chuc/{tree.X.pk}/", f"/to-chuc/{tree.X.pk}/doi-ten/", LOGIN):
        response = client.get(url) if url != LOGIN else Client().get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {url}"
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {url}"
        assert "https://" not in html and "http://" not in html.replace("http://testserver", ""), url


def test_it_lets_any_user_opt_in_to_one_time_passwords(people: Personas, tree: Tree) -> None:
    client = logged_in(people.staff_a)
    assert "Xác thực hai lớp" in client.get("/").content.decode()
    client.get("/tai-khoan/thiet-lap-xac-thuc/")
    device = TOTPDevice.objects.get(user=people.staff_a, confirmed=False)
    assert client.post("/tai-khoan/thiet-lap-xac-thuc/", {"token": current_code(device)}).status_code == 302
    # from now on this user's logins ask for the code too
    fresh = Client()
    fresh.post(LOGIN, {"username": "huyen_a", "password": PASSWORD})
    assert fresh.get("/to-chuc/")["Location"].startswith("/tai-khoan/xac-thuc/")


def test_it_asks_an_open_session_for_otp_as_soon_as_a_role_needs_it(people: Personas, tree: Tree) -> None:
    client = Client()
    assert client.post(LOGIN, {"username": "huyen_a", "password": PASSWORD}).status_code == 302
    assert client.get("/to-chuc/").status_code == 200
    # the administrator makes this user a Ban Tổ chức specialist (a role with otp.required)
    Assignment.objects.create(user=people.staff_a, org=tree.P, role=Role.SPECIALIST, scope=Scope.ENTER)
    blocked = client.get("/to-chuc/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/tai-khoan/thiet-lap-xac-thuc/")
    assert client.get(f"/api/v1/orgs/{tree.P.pk}").status_code == 401


def fail_five_times(client: Client, username: str, forwarded_for: str) -> int:
    """The status of the fifth wrong password."""
    statuses = [
        client.post(LOGIN, {"username": username, "password": "sai-mat-khau"}, HTTP_X_FORWARDED_FOR=forwarded_for)
        for _ in range(5)
    ]
    return statuses[-1].status_code


def test_it_locks_out_behind_the_proxy_only_the_attacker_s_address(people: Personas, settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1  # nginx in front: REMOTE_ADDR is always the proxy's

    def via_proxy() -> Client:
        return Client(REMOTE_ADDR="127.0.0.1")

    assert fail_five_times(via_proxy(), "huyen_a", "203.0.113.5") == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    # the owner of the account, from the office's address, still logs in
    office = via_proxy().post(LOGIN, {"username": "huyen_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert office.status_code == 302
    # the attacker's own address stays locked, whatever it writes in front of the proxy's entry
    forged = via_proxy().post(
        LOGIN, {"username": "huyen_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5"
    )
    assert forged.status_code == 429
    # and the audit log records the same address as the lock-out counts
    assert AuditEvent.objects.filter(action="auth.login", actor_id=people.staff_a.pk).get().ip == "198.51.100.7"


def test_it_ignores_a_forwarded_address_without_a_trusted_proxy(people: Personas, settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0  # clients connect directly: X-Forwarded-For is theirs to forge
    client = Client(REMOTE_ADDR="203.0.113.5")
    for i in range(5):  # a new forged address on each try does not reset the count
        response = client.post(
            LOGIN, {"username": "huyen_a", "password": "sai-mat-khau"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}"
        )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    # nor can a forged header lock out somebody else's address
    other = Client(REMOTE_ADDR="198.51.100.7").post(LOGIN, {"username": "huyen_a", "password": PASSWORD})
    assert other.status_code == 302
