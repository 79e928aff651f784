"""Replay: feed a dated corpus through the pipeline day by day, as the schedule would have.

For each publication day of the corpus, in order, one ordinary ``factdrift_run`` runs with
its clock set to the end of that day: it sees only the articles published by then, and
its run, change and alert rows carry that day's time. What is left in the database is
what a deployment running daily over those weeks would have produced.

Alerts are recorded in the outbox like any run's, but with status ``replayed`` and never
sent, unless delivery is asked for (``deliver=True``): replaying weeks of news should not
page anyone by surprise.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from factdrift.flows.prefect_env import story_flow
from factdrift.flows.run import RunResult, factdrift_run
from factdrift.pipelines.config import Settings
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.ingest.discover import discover_folder
from factdrift.pipelines.story import Source, Story
from factdrift.storage import store
from factdrift.storage.db import connect

#: A replayed day's run happens at the end of that day, after everything published on it.
REPLAY_TIME = time(23, 59)


@dataclass
class ReplayResult:
    """One run per replayed day, in order, and the articles left out (no date)."""

    days: list[date] = field(default_factory=list)
    runs: list[RunResult] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)


def replay_clock(day: date) -> datetime:
    """The moment a replayed day's run happens."""
    return datetime.combine(day, REPLAY_TIME)


@story_flow(name="factdrift-replay")
def factdrift_replay(
    settings: Settings,
    story: Story,
    folder: Path,
    deliver: bool = False,
    report: Callable[[str], None] | None = None,
) -> ReplayResult:
    """Run the pipeline once per publication day of ``folder``, clock set to that day."""
    replayed = story_for_folder(story, folder)
    days, undated = publication_days(folder)
    check_fresh_database(settings, replayed)
    result = ReplayResult(days=days, undated=undated)
    for day in days:
        run = factdrift_run(settings, replayed, as_of=replay_clock(day), delivery=deliver)
        result.runs.append(run)
        if report is not None:
            report(_day_line(day, run, deliver))
    return result


def story_for_folder(story: Story, folder: Path) -> Story:
    """The story with the replay folder as its only source (its catalog unchanged)."""
    source = Source(kind="folder", location=str(Path(folder).resolve()))
    return story.model_copy(update={"sources": [source]})


def publication_days(folder: Path) -> tuple[list[date], list[str]]:
    """The distinct publication days of the folder's articles, in order, and the names of
    the articles without a date (a replay cannot place them)."""
    docs = discover_folder(Path(folder))
    days = sorted({d.published for d in docs if d.published is not None})
    undated = [Path(d.location).name for d in docs if d.published is None]
    if not days:
        raise ConfigError(
            f"nothing to replay in {folder}: no article has a publication date in its manifest.toml"
        )
    return days, undated


def check_fresh_database(settings: Settings, story: Story) -> None:
    """Refuse a database that has already run this story.

    Replayed runs are stamped in the past; mixed with live runs (or a previous replay)
    they would be diffed against the wrong snapshots. Replay into a new file instead.
    """
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        n_runs = store.count_runs(con, story.id)
    if n_runs:
        raise ConfigError(
            f"database {settings.db} already has {n_runs} runs of story {story.id!r}; "
            "replay into a new database file (--db)"
        )


def alerted_facts(run: RunResult) -> int:
    """Alerts a run made: one per fact with an alertable change (not one per change)."""
    return len({c["fact_key"] for c in run.changes if c["alert"]})


def _day_line(day: date, run: RunResult, deliver: bool) -> str:
    t = run.totals
    alerts = alerted_facts(run)
    sent = f"{t.n_alerts_sent} sent" if deliver else "not delivered: replay"
    return (
        f"{day.isoformat()}: {t.n_new_versions} new articles, {t.n_changes} changes, "
        f"{alerts} alertable ({sent})"
    )
