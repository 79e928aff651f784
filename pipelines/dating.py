"""The window of believable dates, applied wherever a date enters factdrift.

A publication date must fall between 1900-01-01 and a year from today; a date read from an
article's text between 1900-01-01 and a year after the article's publication. Anything
else (year 1, year 9999, a feed's typo) is not a date we can anchor anything on: it is
treated as unknown, with the reason kept, and never stops a run.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

EARLIEST = date(1900, 1, 1)
#: How far past its reference day (today, or the publication day) a date may lie.
AHEAD = timedelta(days=366)


def as_day(value: object) -> date | None:
    """A calendar day from a ``date`` or ``datetime`` (its day), else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def latest_allowed(reference: date | None = None) -> date:
    """The last believable day relative to ``reference`` (default today)."""
    reference = reference or date.today()
    try:
        return reference + AHEAD
    except OverflowError:
        return date.max


def publication_day(value: object, today: date | None = None) -> tuple[date | None, str | None]:
    """``(day, None)`` for a believable publication date, else ``(None, why)``."""
    day = as_day(value)
    if day is None:
        return None, None
    if day < EARLIEST or day > latest_allowed(today):
        return None, (
            f"date {day.isoformat()} ignored: outside {EARLIEST.isoformat()} to "
            f"{latest_allowed(today).isoformat()}"
        )
    return day, None


def in_window(low: date | None, high: date | None, published: date | None) -> bool:
    """Whether a day interval read from a text published on ``published`` is believable:
    it must reach into 1900 – publication + 1 year ("next year" does; year 9999 does not).
    """
    if high is not None and high < EARLIEST:
        return False
    return low is None or low <= latest_allowed(published)
