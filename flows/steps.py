"""The glue of one run: each function joins one pipeline stage to storage.

These are plain functions (no Prefect here) so the flow in ``flows.run`` stays a handful of
task calls and each step can be tested on its own. Every step opens the database briefly
and closes it again: the file is never held between steps.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

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

#: Article versions per storage transaction: large enough that commits (each one syncs the
#: file) stay cheap, small enough that a crash loses little finished work.
STORE_CHUNK = 100


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


def open_run(settings: Settings, story: Story, run_id: str, flow_run_id: str | None) -> None:
    """Create the database if needed, record the run, store the story's catalog."""
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        with transaction(con):
            store.start_run(con, run_id, story.id, flow_run_id)
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
) -> int:
    """Store new versions with their claims, a chunk per transaction, then the fetch log."""
    items = [
        store.NewVersion(text, version, article_claims)
        for (text, version), article_claims in zip(versions, claims, strict=True)
    ]
    records = list(log) + [
        store.FetchRecord(url=i.article.url, outcome="new_version", bytes=len(i.article.text))
        for i in items
    ]
    n_claims = 0
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        for start in range(0, len(items), STORE_CHUNK):
            n_claims += store.store_article_versions(
                con,
                items[start : start + STORE_CHUNK],
                run_id=run_id,
                extractor_version=EXTRACTOR_VERSION,
            )
        store.log_fetches(con, run_id, records)
    return n_claims


def reconcile_and_diff(
    settings: Settings, story: Story, run_id: str, channels: Sequence[str]
) -> tuple[ReconcileResult, dict]:
    """Rebuild the timeline, diff the snapshot against the last run's, record changes.

    Alertable changes get one outbox row per channel, in the same transaction as the
    change records, so an alert can never exist without its change or be lost.
    """
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        observations = fact_store.load_observations(con)
        previous_run, previous = store.last_snapshot(con, story.id)
        timeline = reconcile.build_timeline(observations, story)
        current = reconcile.current_state(timeline)
        as_of = {row.as_of for row in timeline}
        candidates = [
            c for day in sorted(as_of) for c in reconcile.competing_values(observations, story, day)
        ]
        snapshot = diff.snapshot(current)
        changes = diff.diff_snapshots(previous, snapshot, story)
        keyed = [(fact_store.change_id(c, previous_run), c) for c in changes]
        outbox = _outbox_items(keyed, story, observations, channels)
        fact_store.save_reconciliation(con, run_id, timeline, candidates, keyed, outbox)
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
) -> None:
    """Mark the run completed (with its snapshot) or failed (with the reason)."""
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con, transaction(con):
        store.finish_run(con, run_id, totals, snapshot, error=error)
