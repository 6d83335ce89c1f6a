"""Where a target is heading: the projection of its yearly values to its deadline, and the status "có nguy cơ".

How the projection is made (what the dashboard, the files and the API show):

* the points are the target's yearly values over the resolution's years up to the date asked (31/12 of each
  past year; the date itself for its own year: ``reports.trend_days``), leaving out the years without a
  value (nobody counted, or the organisation did not exist). For a yearly target the year asked is still
  running and its value is partial (ratings are decided after the year, training accrues through it): it is
  left out too, and the line through the finished years gives the year's end;
* with at least two points, the least-squares line through them (percent against year) is evaluated at the
  deadline's year: ``target.deadline`` for a target "by a deadline", the year of the date asked (its
  31/12) for a yearly target. The figure is kept between 0 and 100 % and rounded half up to two decimals;
* with fewer than two points, once the deadline is reached (the date asked on or after it), or after the
  resolution's period (``reports.dashboard``), there is no projection.

The status "có nguy cơ" (at risk): the date asked is before the deadline, the target is not met on that
date, and the projection at the deadline does not meet the threshold under the target's comparator (≥: the
projection is below it; ≤: above it; =: not equal to it). A target not met whose projection meets the
threshold stays "chưa đạt"; a target met stays "đạt" whatever the line says; at or after the deadline the
status is the value's own ("đạt" / "chưa đạt"). Pure functions: no query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pbms.resolutions.models import Cadence, Comparator, Target

AT_RISK = "có nguy cơ"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Projection:
    year: int  # the deadline's year
    deadline: dt.date
    percent: Decimal | None  # None: fewer than two yearly values, or the deadline is reached
    points: int  # the yearly values the line was fitted on
    meets: bool | None  # whether the projection meets the threshold (None without a projection)


def deadline_of(target: Target, day: dt.date) -> dt.date:
    """The date the target is judged at: its deadline, or 31/12 of the year asked for a yearly target."""
    if target.cadence == Cadence.DEADLINE and target.deadline is not None:
        return target.deadline
    return dt.date(day.year, 12, 31)


def least_squares_at(points: Sequence[tuple[int, Decimal]], x: int) -> Decimal | None:
    """The least-squares line through ``points`` (year, percent) evaluated at ``x``; None with fewer than two
    distinct years. Exact in decimals (the sums are small integers and two-decimal percents)."""
    if len({year for year, _ in points}) < 2:
        return None
    n = Decimal(len(points))
    zero = Decimal(0)
    mean_x = sum((Decimal(year) for year, _ in points), zero) / n
    mean_y = sum((value for _, value in points), zero) / n
    sxx = sum(((Decimal(year) - mean_x) * (Decimal(year) - mean_x) for year, _ in points), zero)
    sxy = sum(((Decimal(year) - mean_x) * (value - mean_y) for year, value in points), zero)
    slope: Decimal = sxy / sxx
    return mean_y + slope * (Decimal(x) - mean_x)


def meets(comparator: str, percent: Decimal, threshold: Decimal) -> bool:
    if comparator == Comparator.GTE:
        return percent >= threshold
    if comparator == Comparator.LTE:
        return percent <= threshold
    return percent == threshold


def project(target: Target, day: dt.date, trend: Sequence[tuple[int, Decimal | None]]) -> Projection:
    """The projection of ``trend`` (year, percent or None) to the target's deadline, as of ``day``."""
    deadline = deadline_of(target, day)
    yearly = target.cadence != Cadence.DEADLINE or target.deadline is None
    points = [(year, value) for year, value in trend if value is not None and not (yearly and year >= day.year)]
    if day >= deadline:
        return Projection(deadline.year, deadline, None, len(points), None)
    fitted = least_squares_at(points, deadline.year)
    if fitted is None:
        return Projection(deadline.year, deadline, None, len(points), None)
    percent = min(HUNDRED, max(Decimal(0), fitted)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Projection(
        deadline.year, deadline, percent, len(points), meets(target.comparator, percent, target.threshold)
    )


def at_risk(*, met: bool | None, projection: Projection) -> bool:
    """Not met on the date, before the deadline, and the projection misses the threshold."""
    return met is False and projection.percent is not None and projection.meets is False
