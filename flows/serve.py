"""Scheduled runs: served to a Prefect server, or on factdrift's own clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from factdrift.pipelines.config import Settings
from factdrift.pipelines.errors import FactdriftError


def serve_with_prefect_server(settings: Settings, every_minutes: int) -> None:
    """Serve the scheduled flow to the Prefect server in ``PREFECT_API_URL`` (blocks)."""
    from factdrift.flows.run import scheduled_run

    scheduled_run.serve(
        name="factdrift",
        interval=timedelta(minutes=every_minutes),
        parameters={"story": str(settings.story), "db": str(settings.db)},
    )


def serve_with_local_clock(
    settings: Settings,
    interval: timedelta,
    report: Callable[[str], None],
    max_runs: int | None = None,
) -> int:
    """Run the flow every ``interval`` until stopped (or ``max_runs``); return #runs.

    A run that fails is reported in one line and the schedule goes on: the next run picks
    up whatever the failed one left (see the crash-resume guarantees in the README).
    """
    from factdrift.flows.run import scheduled_run

    runs = 0
    while max_runs is None or runs < max_runs:
        started = time.monotonic()
        try:
            result = scheduled_run(str(settings.story), str(settings.db))
            t = result.totals
            report(
                f"run {result.run_id}: {t.n_new_versions} new versions, {t.n_changes} changes, "
                f"{t.n_alerts_sent} alerts sent, {t.n_errors} inputs skipped"
            )
        except FactdriftError as exc:
            report(f"run failed: {exc}")
        runs += 1
        if max_runs is not None and runs >= max_runs:
            break
        time.sleep(max(0.0, interval.total_seconds() - (time.monotonic() - started)))
    return runs
