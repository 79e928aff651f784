"""The glue of one run: each function joins one pipeline stage to storage.

These are plain functions (no Prefect here) so the flow in ``flows.run`` stays a handful of
task calls and each step can be tested on its own. Every step opens the database briefly
and closes it again: the file is never held between steps.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from pipelines import alert, diff, reconcile
from pipelines.claims import EXTRACTOR_VERSION, extract_claims
from pipelines.config import Settings
from pipelines.discover import discover_folder
from pipelines.errors import ConfigError, InputError
from pipelines.model import ArticleText, Claim, SourceDoc
from pipelines.read import read_local_article
from pipelines.story import Story
from storage import facts as fact_store
from storage import store
from storage.db import connect, transaction


@dataclass
class ReadResult:
    """Articles read in one batch, and what could not be read (never fatal)."""

    texts: list[ArticleText] = field(default_factory=list)
    log: list[store.FetchRecord] = field(default_factory=list)


@dataclass
class ReconcileResult:
    """What reconciliation stored: the changes of this run and the outbox rows made."""

    n_changes: int
    n_alertable: int
    changes: list[dict]


def open_run(
    settings: Settings,
    story: Story,
    run_id: str,
    flow_run_id: str | None,
    now: datetime | None = None,
) -> None:
    """Create the database if needed, record the run, store the story's catalog.

    ``now`` is the run's clock: None for a live run, the replayed moment in a replay.
    """
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        with transaction(con):
            store.start_run(con, run_id, story.id, flow_run_id, now)
        store.sync_catalog(con, story)


def discover_sources(story: Story) -> list[SourceDoc]:
    """List every article the story's local sources point at."""
    docs: list[SourceDoc] = []
    for source in story.sources:
        if source.kind != "folder":
            raise ConfigError(
                f"source kind {source.kind!r} ({source.location}) is not supported by this "
                'version; use kind = "folder"'
            )
        docs.extend(discover_folder(story.resolve(source.location), source.outlet))
    return docs


def published_by(docs: Sequence[SourceDoc], day: date) -> list[SourceDoc]:
    """The articles a run on ``day`` could have seen: those published on or before it.

    Undated articles are left out: when they appeared cannot be replayed.
    """
    return [d for d in docs if d.published is not None and d.published <= day]


def read_articles(docs: Sequence[SourceDoc]) -> ReadResult:
    """Read each article; a file that cannot be used is logged with the reason, not raised."""
    result = ReadResult()
    for doc in docs:
        started = time.perf_counter()
        try:
            result.texts.append(read_local_article(doc))
        except InputError as exc:
            result.log.append(
                store.FetchRecord(
                    url=doc.location,
                    outcome="error",
                    error=str(exc),
                    elapsed_ms=(time.perf_counter() - started) * 1000,
                )
            )
    return result


def select_new_versions(
    settings: Settings, texts: Sequence[ArticleText]
) -> list[tuple[ArticleText, int]]:
    """Keep texts whose content differs from their article's latest stored version.

    Returns ``(text, version number)`` pairs to store.
    """
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        latest = store.latest_versions(con)
    fresh = []
    for text in texts:
        known = latest.get(text.article_id)
        if known and known[0] == text.content_hash:
            continue  # unchanged local file: nothing to store, nothing to log
        fresh.append((text, 1 if known is None else known[1] + 1))
    return fresh


def extract(texts: Sequence[ArticleText], story: Story) -> list[list[Claim]]:
    """Claims of each text, in order."""
    return [extract_claims(t.text, t.published, story) for t in texts]


def store_versions(
    settings: Settings,
    run_id: str,
    versions: Sequence[tuple[ArticleText, int]],
    claims: Sequence[Sequence[Claim]],
    log: Sequence[store.FetchRecord],
    now: datetime | None = None,
) -> int:
    """Store each new version with its claims (one transaction each) and the fetch log.

    With a run clock (``now``, a replay) versions count as read at that moment.
    """
    n_claims = 0
    records = list(log)
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        for (text, version), article_claims in zip(versions, claims, strict=True):
            if now is not None:
                text = dataclasses.replace(text, fetched_at=now)
            n_claims += store.store_article_version(
                con,
                text,
                article_claims,
                version=version,
                run_id=run_id,
                extractor_version=EXTRACTOR_VERSION,
            )
            records.append(
                store.FetchRecord(url=text.url, outcome="new_version", bytes=len(text.text))
            )
        store.log_fetches(con, run_id, records, now)
    return n_claims


def reconcile_and_diff(
    settings: Settings,
    story: Story,
    run_id: str,
    channels: Sequence[str],
    now: datetime | None = None,
    outbox_status: str = "pending",
) -> tuple[ReconcileResult, dict]:
    """Rebuild the timeline, diff the snapshot against the last run's, record changes.

    Alertable changes get one outbox row per channel, in the same transaction as the
    change records, so an alert can never exist without its change or be lost. Alert
    thresholds are measured from each fact's last alerted state (see ``pipelines.diff``).
    A replay that does not deliver passes ``outbox_status="replayed"``.
    """
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        observations = fact_store.load_observations(con)
        previous_run, previous = store.last_snapshot(con, story.id)
        alerted = fact_store.last_alerted(con)
        timeline = reconcile.build_timeline(observations, story)
        current = reconcile.current_state(timeline)
        as_of = {row.as_of for row in timeline}
        candidates = [
            c for day in sorted(as_of) for c in reconcile.competing_values(observations, story, day)
        ]
        snapshot = diff.snapshot(current)
        changes = diff.diff_snapshots(previous, snapshot, story, alerted)
        keyed = [(fact_store.change_id(c, previous_run), c) for c in changes]
        outbox = _outbox_items(keyed, story, observations, channels)
        fact_store.save_reconciliation(
            con, run_id, timeline, candidates, keyed, outbox, now=now, outbox_status=outbox_status
        )
    summaries = [
        {"fact_key": c.fact_key, "kind": c.kind, "summary": c.summary, "alert": c.alert}
        for _, c in keyed
    ]
    return ReconcileResult(len(keyed), sum(c.alert for _, c in keyed), summaries), snapshot


def _outbox_items(
    keyed: Sequence[tuple[str, diff.Change]],
    story: Story,
    observations: Sequence[reconcile.ClaimObs],
    channels: Sequence[str],
) -> list[fact_store.OutboxItem]:
    items = []
    for cid, change in keyed:
        if not change.alert:
            continue
        message = alert.compose_message(
            change, cid, story, alert.evidence_for(change, observations)
        )
        for channel in channels:
            items.append(fact_store.OutboxItem(alert.alert_id(cid, channel), cid, channel, message))
    return items


def close_run(
    settings: Settings,
    run_id: str,
    totals: store.RunTotals,
    snapshot: dict | None,
    error: str | None = None,
    now: datetime | None = None,
) -> None:
    """Mark the run completed (with its snapshot) or failed (with the reason)."""
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con, transaction(con):
        store.finish_run(con, run_id, totals, snapshot, error=error, now=now)
