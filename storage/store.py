"""Reading and writing factdrift's tables. Every value goes through ``?`` parameters.

Each writer runs inside one transaction (``factdrift.storage.db.transaction``) so a crash leaves
either all of a step or none of it: an article version lands with its claims, and a run's
reconciliation lands with its changes and their outbox rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb
from factdrift.pipelines.model import ArticleText, Claim, FetchRecord, content_id
from factdrift.pipelines.story import Story
from factdrift.storage.db import Row, insert_grouped, insert_rows, transaction

# --------------------------------------------------------------------------- runs

INSERT_RUN = """
INSERT INTO t_runs (run_id, story_id, started_at, status, flow_run_id)
VALUES (?, ?, ?, 'running', ?)
"""
FINISH_RUN = """
UPDATE t_runs SET finished_at = ?, status = ?, n_sources = ?, n_new_versions = ?,
       n_new_claims = ?, n_changes = ?, n_alerts_sent = ?, n_errors = ?, error = ?,
       snapshot = ?
WHERE run_id = ?
"""
LAST_SNAPSHOT = """
SELECT run_id, snapshot FROM t_runs
WHERE status = 'completed' AND story_id = ? AND snapshot IS NOT NULL
ORDER BY finished_at DESC LIMIT 1
"""


@dataclass(frozen=True, slots=True)
class ChannelDelivery:
    """One channel's deliveries in one run: accepted, failed attempts, still waiting after."""

    channel: str
    delivered: int = 0
    failed: int = 0
    pending: int = 0


@dataclass(frozen=True, slots=True)
class RunTotals:
    """What one run did, as stored on its ``runs`` row (and ``t_run_deliveries``)."""

    n_sources: int = 0
    n_new_versions: int = 0
    n_new_claims: int = 0
    n_changes: int = 0
    n_alerts_sent: int = 0
    n_errors: int = 0
    deliveries: tuple[ChannelDelivery, ...] = ()

    @property
    def n_alerts_failed(self) -> int:
        """Delivery attempts of this run that a channel refused."""
        return sum(d.failed for d in self.deliveries)

    @property
    def n_alerts_pending(self) -> int:
        """Outbox rows still waiting for delivery when the run ended."""
        return sum(d.pending for d in self.deliveries)


MARK_INTERRUPTED = """
UPDATE t_runs SET status = 'interrupted', finished_at = ?,
       error = 'the run stopped before it finished; a later run redid its unfinished work'
WHERE status = 'running'
"""


# Deliveries claimed by a process that is gone (see start_run): due again at once.
RELEASE_CLAIMS = """
UPDATE t_alerts SET status = 'pending', next_attempt_at = ? WHERE status = 'sending'
"""


def start_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    story_id: str,
    flow_run_id: str | None,
    now: datetime | None = None,
) -> int:
    """Record that a run started; mark runs that never finished as interrupted.

    The caller holds the database's run lock (``storage.runlock``), so a run still
    ``running`` belongs to a process that is gone (killed, crashed), and so do alerts it
    had claimed for delivery: they are released to be sent again. ``now`` is the run's
    clock (a replay passes the replayed day). Returns how many stale runs were found.
    """
    now = now or datetime.now()
    stale = con.execute(MARK_INTERRUPTED, [now]).fetchone()
    con.execute(RELEASE_CLAIMS, [now])
    con.execute(INSERT_RUN, [run_id, story_id, now, flow_run_id])
    return int(stale[0]) if stale else 0


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    totals: RunTotals,
    snapshot: dict | None,
    *,
    error: str | None = None,
    now: datetime | None = None,
) -> None:
    """Close the run's row as completed (or failed, when ``error`` is given)."""
    status = "failed" if error else "completed"
    con.execute(
        FINISH_RUN,
        [
            now or datetime.now(),
            status,
            totals.n_sources,
            totals.n_new_versions,
            totals.n_new_claims,
            totals.n_changes,
            totals.n_alerts_sent,
            totals.n_errors,
            error,
            None if snapshot is None else json.dumps(snapshot, sort_keys=True),
            run_id,
        ],
    )
    insert_rows(
        con,
        "t_run_deliveries",
        ("run_id", "channel", "delivered", "failed", "pending"),
        [(run_id, d.channel, d.delivered, d.failed, d.pending) for d in totals.deliveries],
        on_conflict="replace",
    )


def last_snapshot(con: duckdb.DuckDBPyConnection, story_id: str) -> tuple[str | None, dict]:
    """Return ``(run_id, snapshot)`` of the last completed run, or ``(None, {})``."""
    row = con.execute(LAST_SNAPSHOT, [story_id]).fetchone()
    if row is None:
        return None, {}
    return row[0], json.loads(row[1])


# --------------------------------------------------------------------------- catalog

UPSERT_FACT = """
INSERT OR REPLACE INTO t_facts (fact_key, story_id, label, kind, unit, cumulative)
VALUES (?, ?, ?, ?, ?, ?)
"""


def sync_catalog(con: duckdb.DuckDBPyConnection, story: Story) -> None:
    """Store the story's catalog (labels, kinds, units) so views can show them."""
    with transaction(con):
        for fact in story.facts:
            con.execute(
                UPSERT_FACT,
                [fact.key, story.id, fact.label, fact.kind, fact.unit, fact.cumulative],
            )


# --------------------------------------------------------------------------- articles

LATEST_VERSIONS = """
SELECT article_id, content_hash, version FROM t_article_versions
QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1
"""
VERSION_COLUMNS = (
    "version_id", "article_id", "version", "url", "outlet", "title", "published_at",
    "published_basis", "fetched_at", "content_hash", "text", "run_id",
)  # fmt: skip
CLAIM_COLUMNS = (
    "claim_id", "version_id", "article_id", "fact_key", "subject", "kind", "qualifier",
    "value", "value_high", "low", "high", "date_low", "date_high", "unit", "hedged", "hedge",
    "attribution", "sentence", "span_start", "span_end", "quote", "repeat_of",
    "extractor_version", "run_id", "scope", "event_date_low", "event_date_high", "earlier",
    "as_of", "revision",
)  # fmt: skip


def latest_versions(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, int]]:
    """Map article_id → (content_hash, version) of each article's latest version."""
    return {row[0]: (row[1], row[2]) for row in con.execute(LATEST_VERSIONS).fetchall()}


def version_id_of(article: ArticleText) -> str:
    """Content-hash id of an article version."""
    return content_id("version", article.article_id, article.content_hash)


@dataclass(frozen=True, slots=True)
class NewVersion:
    """An article version to store, with its number and the claims read from it.

    ``also`` holds further rows that belong to this version (a web page's URL state,
    metadata, claim changes) and must land with it or not at all.
    """

    article: ArticleText
    version: int
    claims: Sequence[Claim]
    also: Sequence[Row] = ()


def store_article_versions(
    con: duckdb.DuckDBPyConnection,
    versions: Sequence[NewVersion],
    *,
    run_id: str,
    extractor_version: str,
) -> int:
    """Store article versions with all their claims in one transaction; return #claims.

    Either every version of the batch lands with every one of its claims, or nothing does
    (the next run then reads the same articles again). Batching matters: each commit
    syncs the file, so one transaction per article would dominate a large run.
    """
    version_rows, claim_rows = [], []
    for item in versions:
        version_rows.append(_version_row(item, run_id))
        claim_rows.extend(_claim_rows(item, run_id, extractor_version))
    with transaction(con):
        insert_rows(con, "t_article_versions", VERSION_COLUMNS, version_rows)
        insert_rows(con, "t_claims", CLAIM_COLUMNS, claim_rows, on_conflict="ignore")
        insert_grouped(con, [row for item in versions for row in item.also])
    return len(claim_rows)


def _version_row(item: NewVersion, run_id: str) -> list[Any]:
    a = item.article
    return [
        version_id_of(a),
        a.article_id,
        item.version,
        a.url,
        a.outlet,
        a.title,
        a.published,
        a.published_basis,
        a.fetched_at or datetime.now(),
        a.content_hash,
        a.text,
        run_id,
    ]


def _claim_rows(item: NewVersion, run_id: str, extractor_version: str) -> list[list[Any]]:
    article = item.article
    ids = [c.identity(article.content_hash, extractor_version) for c in item.claims]
    # Computed once per version: hashing the canonical URL per claim was a third of storing.
    article_id, version_id = article.article_id, version_id_of(article)
    return [
        _claim_row(c, cid, ids, version_id, article_id, extractor_version, run_id)
        for c, cid in zip(item.claims, ids, strict=True)
    ]


def _claim_row(
    c: Claim,
    claim_id: str,
    claim_ids: list[str],
    version_id: str,
    article_id: str,
    extractor_version: str,
    run_id: str,
) -> list[Any]:
    repeat_of = claim_ids[c.repeat_of] if c.repeat_of is not None else None
    return [
        claim_id,
        version_id,
        article_id,
        c.fact_key,
        c.subject,
        c.kind,
        c.qualifier,
        c.value,
        c.value_high,
        c.low,
        c.high,
        c.date_low,
        c.date_high,
        c.unit,
        c.hedged,
        c.hedge,
        c.attribution,
        c.sentence,
        c.span_start,
        c.span_end,
        c.quote,
        repeat_of,
        extractor_version,
        run_id,
        c.scope,
        c.event_low,
        c.event_high,
        c.earlier,
        c.as_of,
        c.revision,
    ]


# --------------------------------------------------------------------------- fetch log

FETCH_COLUMNS = (
    "run_id", "url", "logged_at", "outcome", "status", "bytes", "elapsed_ms", "error",
)  # fmt: skip


def log_fetches(
    con: duckdb.DuckDBPyConnection, run_id: str, records: Iterable[FetchRecord]
) -> None:
    """Append fetch attempts to ``fetch_log``."""
    with transaction(con):
        log_fetches_in_transaction(con, run_id, records)


def log_fetches_in_transaction(
    con: duckdb.DuckDBPyConnection, run_id: str, records: Iterable[FetchRecord]
) -> None:
    """Append fetch attempts inside the caller's transaction."""
    rows = [
        [run_id, r.url, r.at or datetime.now(), r.outcome, r.status, r.bytes, r.elapsed_ms, r.error]
        for r in records
    ]
    insert_rows(con, "t_fetch_log", FETCH_COLUMNS, rows)


# --------------------------------------------------------------------------- helpers


def as_date(value: date | datetime | None) -> date | None:
    """DuckDB returns DATE as ``date``; normalize datetimes for comparisons."""
    if isinstance(value, datetime):
        return value.date()
    return value


# --------------------------------------------------------------------------- reading views

CURRENT_FACTS = "SELECT * FROM current_facts ORDER BY fact_key"
COUNT_RUNS = "SELECT count(*) FROM t_runs WHERE story_id = ?"
RUN_BY_ID = "SELECT * FROM runs WHERE run_id = ?"


def query_dicts(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """Run a query and return its rows as dicts keyed by column name."""
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def current_facts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Rows of the ``current_facts`` view, by fact key."""
    return query_dicts(con, CURRENT_FACTS)


def count_runs(con: duckdb.DuckDBPyConnection, story_id: str) -> int:
    """How many runs of ``story_id`` the database has seen."""
    row = con.execute(COUNT_RUNS, [story_id]).fetchone()
    return int(row[0]) if row else 0


def run_row(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, Any]:
    """The ``runs`` row of one run."""
    rows = query_dicts(con, RUN_BY_ID, [run_id])
    if not rows:
        raise KeyError(run_id)
    return rows[0]
