"""Personal API tokens: shown once, scoped exactly like their user, revocable, audited."""

from __future__ import annotations

import re

from django.test import Client

from pbms.accounts.models import ApiToken
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
