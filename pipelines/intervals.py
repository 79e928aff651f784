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


# ---------------------------------------------------------------------------------------
# Interval arithmetic for reconciliation and diffs. ``None`` is -inf as a low end and +inf
# as a high end; the helpers below never compare a bound with ``None`` directly.
# ---------------------------------------------------------------------------------------

Bound = float | date | None


def low_key(bound: Bound) -> tuple:
    """Sort key for a low end: ``None`` (unbounded) sorts before every value."""
    return (0,) if bound is None else (1, bound)


def high_key(bound: Bound) -> tuple:
    """Sort key for a high end: ``None`` (unbounded) sorts after every value."""
    return (1,) if bound is None else (0, bound)


def interval_key(interval: Interval | DateInterval) -> tuple:
    """Sort key ordering intervals by low end, then high end (deterministic listings)."""
    return low_key(interval[0]), high_key(interval[1])


def intersection(
    a: Interval | DateInterval, b: Interval | DateInterval
) -> Interval | DateInterval | None:
    """The common part of two closed intervals, or ``None`` when they are disjoint."""
    if not overlaps(a, b):
        return None
    low = max(a[0], b[0], key=low_key)
    high = min(a[1], b[1], key=high_key)
    return low, high  # type: ignore[return-value]


def hull(intervals: list[Interval] | list[DateInterval]) -> Interval | DateInterval:
    """The smallest interval holding all of ``intervals`` (which must not be empty)."""
    low = min((i[0] for i in intervals), key=low_key)
    high = max((i[1] for i in intervals), key=high_key)
    return low, high  # type: ignore[return-value]


def distance(a: Interval | DateInterval, b: Interval | DateInterval) -> float:
    """Hausdorff distance between two intervals: how far the farther end moved.

    Days for date intervals. An end that is bounded in one interval and unbounded in the
    other is infinitely far (going from "at least 83" to "83–90" is never a small change).
    """
    return max(_end_distance(a[0], b[0]), _end_distance(a[1], b[1]))


def moved_down(old: Interval | DateInterval, new: Interval | DateInterval) -> bool:
    """True when ``new`` lies lower than ``old``: its low end fell and its high end did not rise.

    This is what "a running tally dropped" means for intervals: "87" → "83" and
    "at least 87" → "at least 83" moved down; "80" → "75–85" only got vaguer.
    """
    return low_key(new[0]) < low_key(old[0]) and high_key(new[1]) <= high_key(old[1])


def _end_distance(a: Bound, b: Bound) -> float:
    if a is None and b is None:
        return 0.0
    if a is None or b is None:
        return math.inf
    if isinstance(a, date) and isinstance(b, date):
        return float(abs((a - b).days))
    return float(abs(a - b))  # type: ignore[operator]
