"""Scheduled runs: served to a Prefect server, or on factdrift's own clock.

Stopping: ``factdrift serve`` turns SIGTERM into the same orderly stop as Ctrl-C
(SIGINT), so Prefect's runner pauses the schedule and ends its flow-run processes, and
the temporary Prefect API of the local clock (``flows/prefect_api.py``) is stopped by the
command on its way out, and by the kernel if the command is killed outright.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from factdrift.pipelines.config import Settings
from factdrift.pipelines.errors import ConfigError, FactdriftError

#: Name of the deployment ``factdrift serve`` creates on the server (flow/deployment:
#: ``factdrift-scheduled/factdrift``).
DEPLOYMENT_NAME = "factdrift"


@dataclass(frozen=True)
class Schedule:
    """Every N minutes, or a cron expression (exactly one of the two)."""

    every: timedelta | None = None
    cron: str | None = None

    def describe(self) -> str:
        """'every 30 minutes' or 'cron */30 * * * *'."""
        if self.cron:
            return f"cron {self.cron}"
        seconds = self.every.total_seconds()
        return f"every {seconds / 60:g} minutes" if seconds >= 60 else f"every {seconds:g} s"

    def next_after(self, moment: datetime) -> datetime:
        """The next run time after ``moment`` on this schedule."""
        if self.cron:
            from cronsim import CronSim

            return next(CronSim(self.cron, moment))
        return moment + self.every


def parse_every(text: str) -> timedelta:
    """``--every``: minutes ("30"), or a duration with a unit ("45s", "30m", "2h", "1d")."""
    from factdrift.pipelines.ingest.cadence import parse_duration

    stripped = text.strip()
    try:
        span = (
            timedelta(minutes=float(stripped))
            if stripped.replace(".", "", 1).isdigit()
            else parse_duration(stripped)
        )
    except ValueError:
        span = timedelta(0)
    if span < timedelta(seconds=5):
        raise ConfigError(
            f"--every {text!r} is not a period of at least 5 seconds (like 30, 45s, 2h)"
        )
    return span


def make_schedule(every: str | None, cron: str | None) -> Schedule:
    """Check and combine the ``--every``/``--cron`` options (default: every 60 minutes)."""
    if every is not None and cron is not None:
        raise ConfigError("give either --every or --cron, not both")
    if cron is None:
        return Schedule(every=parse_every(every or "60"))
    from cronsim import CronSim, CronSimError

    try:
        CronSim(cron, datetime.now())
    except CronSimError as exc:
        raise ConfigError(f"--cron {cron!r} is not a cron expression: {exc}") from None
    return Schedule(cron=cron)


def stop_on_sigterm() -> None:
    """Make SIGTERM stop like Ctrl-C: a KeyboardInterrupt, so every exit handler runs."""

    def interrupt(signum, frame):  # signal handlers take these two arguments
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def serve_with_prefect_server(
    settings: Settings, schedule: Schedule, report: Callable[[str], None] = print
) -> None:
    """Serve the scheduled flow to the Prefect server in ``PREFECT_API_URL`` (blocks).

    The deployment is loaded by module path (``factdrift.flows.run:scheduled_run``), so
    runs import the installed package rather than re-executing a source file. Runs of
    this deployment never overlap: a deployment concurrency limit of one queues a run
    that comes due while the previous one is still going.

    SIGTERM and SIGINT stop it with :func:`_stop_served`: Prefect's runner, on 3.8.8,
    neither exits on SIGTERM (its handler never awaits its own stop) nor reliably on
    Ctrl-C, and can leave its flow-run and helper processes behind.
    """
    import asyncio

    from factdrift.flows.run import scheduled_run
    from prefect.runner import Runner
    from prefect.types.entrypoint import EntrypointType

    timing = {"cron": schedule.cron} if schedule.cron else {"interval": schedule.every}
    runner = Runner(name=DEPLOYMENT_NAME, pause_on_shutdown=True)
    deployment_id = runner.add_flow(
        scheduled_run,
        name=DEPLOYMENT_NAME,
        parameters={"story": str(settings.story.resolve()), "db": str(settings.db.resolve())},
        concurrency_limit=1,
        entrypoint_type=EntrypointType.MODULE_PATH,
        **timing,
    )

    def stop(signum, frame):  # signal handlers take these two arguments
        _stop_served(deployment_id, report)

    runner.handle_sigterm = stop  # Runner.start installs this as its SIGTERM handler
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    asyncio.run(runner.start())


def _stop_served(deployment_id, report: Callable[[str], None]) -> None:
    """Pause the deployment's schedule, end every child process, exit.

    A flow run cut short keeps its ``runs`` row as ``running``; the next run marks it
    ``interrupted`` and redoes its work (README, Robustness).
    """
    import os

    try:
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            client.pause_deployment(deployment_id)
    except Exception as exc:  # the server may be gone already; stopping must go on
        report(f"factdrift serve: could not pause the schedule on the server: {exc}")
    # multiprocessing's resource tracker ignores SIGTERM and SIGINT by design; it ends by
    # itself when this process exits and its pipe closes, so it is not waited for here.
    children = descendants(os.getpid())
    end_processes([pid for pid in children if not _is_resource_tracker(pid)])
    report("factdrift serve: stopped")
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # the event loop is mid-step inside Prefect; nothing of ours is left to close


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, grandchildren, …), from /proc (Linux)."""
    from pathlib import Path

    parent_of = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        parent_of[int(entry.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parent_of.items() if pp == parent]
        found += children
        frontier += children
    return found


def _is_resource_tracker(pid: int) -> bool:
    from pathlib import Path

    try:
        return b"resource_tracker" in (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False


def end_processes(pids: list[int], grace_seconds: float = 10.0) -> None:
    """SIGTERM each process, wait up to ``grace_seconds``, then SIGKILL what is left."""
    import os

    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in alive if _alive(pid)]
    for pid in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, ended but not yet reaped, counts as ended)."""
    from pathlib import Path

    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    if state == "Z":
        import os

        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap our own child
        return False
    return True


def serve_with_local_clock(
    settings: Settings,
    schedule: Schedule,
    report: Callable[[str], None],
    max_runs: int | None = None,
) -> int:
    """Run the flow on ``schedule`` until stopped (or ``max_runs``); return #runs.

    The first run starts at once. A run that fails is reported in one line and the
    schedule goes on: the next run picks up whatever the failed one left (see the
    crash-resume guarantees in the README).
    """
    from factdrift.flows.run import scheduled_run
    from factdrift.flows.steps import plain_reason

    runs = 0
    while max_runs is None or runs < max_runs:
        started = datetime.now()
        try:
            result = scheduled_run(str(settings.story), str(settings.db))
            t = result.totals
            report(
                f"run {result.run_id}: {t.n_new_versions} new versions, {t.n_changes} changes, "
                f"{t.n_alerts_sent} alerts delivered, {t.n_alerts_failed} failed, "
                f"{t.n_errors} inputs skipped"
            )
        except FactdriftError as exc:
            report(f"run failed: {exc}")
        except Exception as exc:  # the schedule goes on; the runs row has the reason
            report(f"run failed: {plain_reason(exc)}")
        runs += 1
        if max_runs is not None and runs >= max_runs:
            break
        wait = (schedule.next_after(started) - datetime.now()).total_seconds()
        time.sleep(max(0.0, wait))
    return runs
