"""The data version changes after a committed write to a table that figures read, and only then."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from pbms.core.dataversion import version_current, writes_watched
from pbms.orgs.models import OrgKind


@pytest.mark.parametrize(
    ("sql", "watched"),
    [
        ('INSERT INTO "people_person" ("family_name") VALUES (%s)', True),
        ('UPDATE "orgs_placement" SET "name" = %s', True),
        ('DELETE FROM "evaluations_result" WHERE "id" = %s', True),
        ('TRUNCATE "resolutions_target", "people_position" CASCADE', True),
        ('UPDATE "accounts_assignment" SET "scope" = %s', True),
        ("WITH gone AS (DELETE FROM people_training RETURNING id) SELECT count(*) FROM gone", True),
        ('COPY "people_person" ("id") FROM STDIN', True),
        ('SELECT * FROM "people_person"', False),
        ('WITH a AS (SELECT "people_position"."person_id" FROM "people_position") SELECT COUNT(*) FROM a', False),
        ('SELECT "id" FROM "people_person" WHERE "id" = %s FOR UPDATE', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "audit_auditevent" ("action", "object_type") VALUES (\'org.move\', \'orgs_placement\')', False),
        ('UPDATE "accounts_user" SET "last_login" = %s', False),
        ('UPDATE "core_dataversion" SET "counter" = "counter" + 1', False),
        ('SAVEPOINT "s1"', False),
    ],
)
def test_it_tells_the_writes_that_can_change_a_figure(sql: str, watched: bool) -> None:
    assert writes_watched(sql) is watched


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_bumps_after_commit_and_not_after_a_rollback() -> None:
    start = version_current()
    with transaction.atomic():
        OrgKind.objects.filter(code="none-such").update(name="x")
        assert version_current() == start  # not before the commit: readers would cache old data under it
    after_commit = version_current()
    assert after_commit != start
    with pytest.raises(RuntimeError), transaction.atomic():
        OrgKind.objects.filter(code="none-such").update(name="x")
        raise RuntimeError
    assert version_current() == after_commit
    with connection.cursor() as cursor:  # raw SQL in autocommit: bumped at once
        cursor.execute("UPDATE orgs_orgkind SET name = name WHERE code = %s", ["none-such"])
    assert version_current() not in (start, after_commit)
