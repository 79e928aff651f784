"""Qualifiers as intervals: how "at least 83" or "around November 24" become ``[low, high]``.

The tolerance for hedged approximations ("about", "nearly") is set per kind, so that two
claims can be compared by interval overlap alone (see ``docs/claims.md``):

* counts, money, quantities, durations: ``about v`` → ``[v·(1−ε), v·(1+ε)]`` with ε = 10 %;
  ``nearly v`` → ``[v·(1−ε), v)``.
* percentages: ε = 5 % of the stated value.
* dates: ``around D`` → ``[D − 2 days, D + 2 days]``; ``nearly``/``up_to``/``less_than``
  on a date are "by D" → ``(-inf, D]``; ``at_least``/``more_than`` are "since D" → ``[D, +inf)``.

Counts are whole numbers, so strict bounds become inclusive ones: ``more_than 82`` →
``[83, +inf)``, ``nearly 200,000`` → ``[180000, 199999]``, ``fewer than 100`` → ``[0, 99]``.
For continuous kinds a strict bound is kept at the stated value (the interval is closed;
the qualifier column still says it was strict).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

#: Relative tolerance of "about"/"nearly" per kind.
EPSILON: dict[str, float] = {
    "count": 0.10,
    "money": 0.10,
    "quantity": 0.10,
    "duration": 0.10,
    "percent": 0.05,
}
#: Half-width in days of "around <date>".
DATE_ABOUT_DAYS = 2

Interval = tuple[float | None, float | None]
DateInterval = tuple[date | None, date | None]


def number_interval(
    qualifier: str, value: float, kind: str = "count", value_high: float | None = None
) -> Interval:
    """Return ``(low, high)`` for a number stated with ``qualifier``; ``None`` is unbounded."""
    whole = kind == "count"
    eps = EPSILON.get(kind, 0.10)
    step = 1.0 if whole else 0.0
    if qualifier == "exact":
        return value, value
    if qualifier == "range":
        high = value if value_high is None else value_high
        return min(value, high), max(value, high)
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return value + step, None
    if qualifier == "about":
        return _round(value * (1 - eps), whole, math.ceil), _round(
            value * (1 + eps), whole, math.floor
        )
    if qualifier == "nearly":
        return _round(value * (1 - eps), whole, math.ceil), value - step
    if qualifier == "up_to":
        return 0.0, value
    if qualifier == "less_than":
        return 0.0, value - step
    raise ValueError(f"unknown qualifier {qualifier!r}")


def date_interval(qualifier: str, day: date, day_high: date | None = None) -> DateInterval:
    """Return ``(date_low, date_high)`` for a date stated with ``qualifier``."""
    if qualifier == "exact":
        return day, day
    if qualifier == "range":
        high = day if day_high is None else day_high
        return min(day, high), max(day, high)
    if qualifier == "about":
        pad = timedelta(days=DATE_ABOUT_DAYS)
        return day - pad, day + pad
    if qualifier in ("at_least", "more_than"):
        return day, None
    if qualifier in ("up_to", "less_than", "nearly"):
        return None, day
    raise ValueError(f"unknown qualifier {qualifier!r}")


def overlaps(a: Interval | DateInterval, b: Interval | DateInterval) -> bool:
    """True when two closed intervals (``None`` = unbounded) share at least one point."""
    a_low, a_high = a
    b_low, b_high = b
    if a_low is not None and b_high is not None and a_low > b_high:  # type: ignore[operator]
        return False
    return not (b_low is not None and a_high is not None and b_low > a_high)  # type: ignore[operator]


def contains(outer: Interval | DateInterval, inner: Interval | DateInterval) -> bool:
    """True when ``inner`` lies inside ``outer``."""
    o_low, o_high = outer
    i_low, i_high = inner
    low_ok = o_low is None or (i_low is not None and i_low >= o_low)  # type: ignore[operator]
    high_ok = o_high is None or (i_high is not None and i_high <= o_high)  # type: ignore[operator]
    return low_ok and high_ok


def _round(x: float, whole: bool, how) -> float:
    # Counts stay whole numbers; rounding inward keeps the interval honest.
    return float(how(round(x, 6))) if whole else x
