"""Reads of resolutions: who may read them, the text in document order, targets and tasks in one query each."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbms.conftest import Personas
from pbms.lib.exceptions import NotFoundError
from pbms.resolutions import selectors


def test_it_reads_a_resolution_by_its_number(people: Personas) -> None:
    resolution = selectors.resolution_get(actor=people.viewer_a, number="05-NQ/TU")
    assert resolution.period_start == 2021 and resolution.period_end == 2025
    assert [t.number for t in selectors.target_list(actor=people.viewer_a, resolution=resolution)][:3] == [
        "1",
        "2",
        "3",
    ]
    with pytest.raises(NotFoundError):
        selectors.resolution_get(actor=people.viewer_a, number="99-NQ/TU")


def test_it_shows_nothing_to_a_user_without_a_role(people: Personas) -> None:
    assert not selectors.resolution_list(actor=people.nobody).exists()
    with pytest.raises(NotFoundError):
        selectors.resolution_get(actor=people.nobody, number="05-NQ/TU")


def test_it_gives_the_text_as_a_tree_in_two_queries(people: Personas) -> None:
    resolution = selectors.resolution_get(actor=people.specialist, number="05-NQ/TU")
    with CaptureQueriesContext(connection) as captured:
        rows = selectors.section_tree(actor=people.specialist, resolution=resolution)
    assert len(captured.captured_queries) == 2
    assert [(r.number, depth) for r, depth in rows][:5] == [
        ("I", 0),
        ("I.1", 1),
        ("I.2", 1),
        ("I.2.1", 2),
        ("I.2.2", 2),
    ]
