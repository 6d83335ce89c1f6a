"""Fixtures of the resolutions' tests: the seeded resolution 05-NQ/TU (loaded by the data migration) and
its targets by number."""

from __future__ import annotations

import pytest

from pbms.resolutions.models import Resolution, Target


@pytest.fixture
def nq05(db: None) -> Resolution:
    return Resolution.objects.get(number="05-NQ/TU")


def seeded(number: str) -> Target:
    return Target.objects.select_related("resolution").get(resolution__number="05-NQ/TU", number=number)
