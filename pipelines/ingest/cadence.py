"""Re-check cadence: recent articles are checked often, old ones rarely (like NewsDiffs).

A story's coverage is edited most in its first hours; a month-old article rarely changes.
The schedule is a list of ``AGE=INTERVAL`` tiers, e.g. the default
``"1d=30m, 7d=3h, 30d=1d, *=7d"``: an article less than a day old is re-checked every 30
minutes, one under a week every 3 hours, one under 30 days daily, anything older weekly.
``*=never`` stops re-checking old articles; ``*=0s`` re-checks everything on every run.
Age counts from the publication date, or from when the URL was first seen if that is
unknown. Each URL's next check is stored as ``next_check_at`` (view ``watched_urls``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")


@dataclass(frozen=True, slots=True)
class Tier:
    """Articles younger than ``max_age`` (None: any age) are re-checked every ``every``."""

    max_age: timedelta | None
    every: timedelta | None  # None: never re-checked


def parse_schedule(text: str) -> tuple[Tier, ...]:
    """Parse ``"1d=30m, 7d=3h, *=7d"``; raise ValueError with the bad part in plain words."""
    tiers = []
    for part in (p for p in text.split(",") if p.strip()):
        age, sep, every = part.partition("=")
        if not sep:
            raise ValueError(f"{part.strip()!r} is not AGE=INTERVAL (like 7d=3h)")
        tiers.append(Tier(_age(age), None if every.strip() == "never" else _span(every)))
    if not tiers or tiers[-1].max_age is not None:
        raise ValueError("the last tier must be '*=INTERVAL' (any older article)")
    ages = [t.max_age for t in tiers[:-1]]
    if any(a is None for a in ages) or ages != sorted(ages):  # type: ignore[type-var]
        raise ValueError("tiers must be in increasing age, with '*' only last")
    return tuple(tiers)


def next_check_at(
    tiers: tuple[Tier, ...],
    *,
    now: datetime,
    published: date | None,
    first_seen: datetime | None,
) -> datetime | None:
    """When to re-check an article next (None: never again)."""
    born = datetime.combine(published, time()) if published else (first_seen or now)
    age = max(now - born, timedelta(0))
    for tier in tiers:
        if tier.max_age is None or age < tier.max_age:
            return None if tier.every is None else now + tier.every
    return None  # unreachable: parse_schedule ensures a final '*' tier


def parse_duration(text: str) -> timedelta:
    """``"30m"`` → 30 minutes (units s, m, h, d, w); ValueError in plain words otherwise."""
    return _span(text)


def is_due(next_check: datetime | None, now: datetime) -> bool:
    """A stored URL is due when its next check time has come (None means never)."""
    return next_check is not None and next_check <= now


def _age(text: str) -> timedelta | None:
    return None if text.strip() == "*" else _span(text)


def _span(text: str) -> timedelta:
    match = _SPAN.match(text)
    if not match:
        raise ValueError(f"{text.strip()!r} is not a duration like 30m, 3h, 7d or 2w")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])
