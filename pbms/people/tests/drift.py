"""What a membership looks like once written, whoever wrote it: the lifecycle services, the workbook importer
or the demo's bulk writer must leave the same derived state for the same inputs (the drift tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pbms.people.models import CellMembership, Membership, MembershipEvent
from pbms.people.selectors import membership_state


def written(membership: Membership, days: list[dt.date]) -> dict[str, Any]:
    """The membership's dates, events (kind, date, cell), cell rows, and state on each of ``days``; decision
    references and dates, notes and authors are left out (each writer has its own)."""
    membership.refresh_from_db()
    events = list(MembershipEvent.objects.filter(membership=membership).select_related("cell").order_by("date", "id"))
    rows = CellMembership.objects.filter(membership=membership).select_related("cell").order_by("valid_from", "id")
    return {
        "dates": (membership.admitted_on, membership.official_on),
        "events": [(e.kind, e.date, e.cell.code if e.cell else None) for e in events],
        "cells": [(r.cell.code, r.valid_from, r.valid_to) for r in rows],
        "states": [membership_state(membership, day, events=events) for day in days],
    }


def checkpoints(membership: Membership) -> list[dt.date]:
    """Every event's day, the day before it, and the end of each year from admission: where states change."""
    days: set[dt.date] = set()
    for day in MembershipEvent.objects.filter(membership=membership).values_list("date", flat=True):
        days |= {day, day - dt.timedelta(days=1)}
    days |= {dt.date(year, 12, 31) for year in range(membership.admitted_on.year, 2026)}
    return sorted(days)
