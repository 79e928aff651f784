"""`factdrift serve`'s schedule options: --every with units, --cron, and their errors."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from factdrift.flows.serve import make_schedule, parse_every
from factdrift.pipelines.errors import ConfigError


@pytest.mark.parametrize(
    ("text", "period"),
    [("30", timedelta(minutes=30)), ("1.5", timedelta(minutes=1.5)), ("45s", timedelta(seconds=45)),
     ("2h", timedelta(hours=2)), ("1d", timedelta(days=1))],
)  # fmt: skip
def test_every_takes_minutes_or_a_duration(text: str, period: timedelta) -> None:
    assert parse_every(text) == period


@pytest.mark.parametrize("text", ["0", "2s", "soon", "-5", "10x"])
def test_every_refuses_what_is_not_a_period_of_at_least_5_seconds(text: str) -> None:
    with pytest.raises(ConfigError, match="--every"):
        parse_every(text)


def test_default_is_hourly_and_cron_gives_the_next_slot() -> None:
    assert make_schedule(None, None).every == timedelta(minutes=60)
    schedule = make_schedule(None, "*/30 * * * *")
    assert schedule.describe() == "cron */30 * * * *"
    assert schedule.next_after(datetime(2026, 1, 1, 10, 7)) == datetime(2026, 1, 1, 10, 30)
    assert schedule.next_after(datetime(2026, 1, 1, 10, 30)) == datetime(2026, 1, 1, 11, 0)
    assert make_schedule("45s", None).next_after(datetime(2026, 1, 1)) == datetime(
        2026, 1, 1, 0, 0, 45
    )


def test_cron_errors_are_one_line() -> None:
    with pytest.raises(ConfigError, match="is not a cron expression"):
        make_schedule(None, "61 * * * *")
    with pytest.raises(ConfigError, match="not both"):
        make_schedule("30", "* * * * *")
