"""Facts over time in the database: claims in for reconciliation, timeline/changes/outbox out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
from factdrift.pipelines.facts.diff import Change
from factdrift.pipelines.facts.reconcile import Candidate, ClaimObs, TimelineRow
from factdrift.pipelines.model import content_id
from factdrift.storage.db import insert_rows, transaction

# Keyed claims of each article's latest version; restatements (repeat_of) are left out so
# one sentence said twice counts once. An undated article counts from the day it was read.
OBSERVATIONS = """
WITH latest AS (
    SELECT * FROM t_article_versions
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1
)
SELECT c.claim_id, c.fact_key, c.kind, c.qualifier, c.low, c.high, c.date_low, c.date_high,
       v.outlet, v.article_id, v.url, coalesce(v.published_at, CAST(v.fetched_at AS DATE)),
       c.hedged, c.sentence
FROM t_claims c JOIN latest v USING (version_id)
WHERE c.fact_key IS NOT NULL AND c.repeat_of IS NULL
ORDER BY c.claim_id
"""
TIMELINE_COLUMNS = (
    "fact_key, as_of, low, high, date_low, date_high, env_low, env_high, env_date_low, "
    "env_date_high, status, n_claims, n_outlets, hedged_only, correction, claim_ids, outlets"
)
SELECT_TIMELINE = f"SELECT {TIMELINE_COLUMNS} FROM t_fact_timeline ORDER BY fact_key, as_of"
CANDIDATE_COLUMNS = (
    "fact_key", "as_of", "qualifier", "low", "high", "date_low", "date_high", "n_claims",
    "n_outlets", "outlets", "claim_ids",
)  # fmt: skip
CHANGE_COLUMNS = (
    "change_id", "run_id", "fact_key", "kind", "old", "new", "alert", "summary", "detected_at",
)  # fmt: skip
ALERT_COLUMNS = (
    "alert_id", "change_id", "channel", "status", "attempts", "next_attempt_at", "created_at",
    "message",
)  # fmt: skip
DUE_ALERTS = """
SELECT alert_id, change_id, channel, attempts, message FROM t_alerts
WHERE status IN ('pending', 'failed') AND attempts < ? AND next_attempt_at <= ?
ORDER BY created_at, alert_id
"""
MARK_SENT = """
UPDATE t_alerts SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL
WHERE alert_id = ?
"""
# The state of each fact as of its last alerted change: what readers were last told. Alert
# thresholds are measured from here, not from the previous run, so a figure creeping
# under the threshold run after run still alerts once the creep adds up. Only completed
# runs count: a run that died before saving its snapshot has its changes re-detected by
# the next one, which must judge them against the same baseline (and get the same ids).
LAST_ALERTED = """
SELECT c.fact_key, c.new FROM t_fact_changes c JOIN t_runs r USING (run_id)
WHERE c.alert AND c.new IS NOT NULL AND r.status = 'completed'
QUALIFY row_number() OVER (PARTITION BY c.fact_key ORDER BY c.detected_at DESC, c.change_id) = 1
"""
# The newest messages of one channel (the Atom feed shows the latest N alertable changes).
LATEST_MESSAGES = """
SELECT alert_id, change_id, status, created_at, message FROM t_alerts
WHERE channel = ?
ORDER BY created_at DESC, alert_id
LIMIT ?
"""
PENDING_OF_CHANNEL = """
SELECT alert_id FROM t_alerts
WHERE channel = ? AND status IN ('pending', 'failed') AND attempts < ?
ORDER BY created_at, alert_id
"""
MARK_FAILED = """
UPDATE t_alerts SET status = 'failed', attempts = attempts + 1, last_error = ?,
       next_attempt_at = ?
WHERE alert_id = ?
"""


def load_observations(con: duckdb.DuckDBPyConnection) -> list[ClaimObs]:
    """All keyed claims of the latest article versions, as reconciliation sees them."""
    return [
        ClaimObs(
            claim_id=r[0],
            fact_key=r[1],
            kind=r[2],
            qualifier=r[3],
            low=r[4],
            high=r[5],
            date_low=r[6],
            date_high=r[7],
            outlet=r[8],
            article_id=r[9],
            url=r[10],
            published=r[11],
            hedged=r[12],
            sentence=r[13],
        )
        for r in con.execute(OBSERVATIONS).fetchall()
    ]


def change_id(change: Change, previous_run_id: str | None) -> str:
    """A change's id: the change itself plus the snapshot it was diffed against.

    The same fact can move A→B, back, and A→B again; tying the id to the previous
    snapshot keeps those distinct while a re-diff of the same pair stays identical.
    """
    return content_id("change", change.identity(), previous_run_id)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One message waiting for one channel."""

    alert_id: str
    change_id: str
    channel: str
    message: dict


def save_reconciliation(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    timeline: Sequence[TimelineRow],
    candidates: Sequence[Candidate],
    changes: Sequence[tuple[str, Change]],
    outbox: Sequence[OutboxItem],
    *,
    now: datetime | None = None,
    outbox_status: str = "pending",
) -> bool:
    """Store derived state, change records and new outbox rows in one transaction.

    ``now`` is the run's clock (a replay passes the replayed day); ``outbox_status`` is
    ``pending`` (to be delivered) or ``replayed`` (recorded by a replay, never delivered).
    Returns True when the timeline differed from the stored one (and was replaced); an
    unchanged timeline is left alone so a run with no new input writes nothing.
    """
    now = now or datetime.now()
    new_rows = [_row(t, TIMELINE_COLUMNS.split(", ")) for t in timeline]
    with transaction(con):
        replaced = _normalize(con.execute(SELECT_TIMELINE).fetchall()) != _normalize(new_rows)
        if replaced:
            con.execute("DELETE FROM t_fact_timeline")
            con.execute("DELETE FROM t_fact_candidates")
            insert_rows(con, "t_fact_timeline", TIMELINE_COLUMNS.split(", "), new_rows)
            insert_rows(
                con,
                "t_fact_candidates",
                CANDIDATE_COLUMNS,
                [_row(c, CANDIDATE_COLUMNS) for c in candidates],
            )
        record_changes_in_transaction(con, run_id, changes, outbox, now, outbox_status)
    return replaced


def record_changes_in_transaction(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    changes: Sequence[tuple[str, Change]],
    outbox: Sequence[OutboxItem],
    now: datetime,
    outbox_status: str = "pending",
) -> None:
    """Insert change records and their outbox rows inside the caller's transaction."""
    change_rows = [
        [cid, run_id, c.fact_key, c.kind, _json(c.old), _json(c.new), c.alert, c.summary, now]
        for cid, c in changes
    ]
    insert_rows(con, "t_fact_changes", CHANGE_COLUMNS, change_rows, on_conflict="ignore")
    alert_rows = [
        [i.alert_id, i.change_id, i.channel, outbox_status, 0, now, now, _json(i.message)]
        for i in outbox
    ]
    insert_rows(con, "t_alerts", ALERT_COLUMNS, alert_rows, on_conflict="ignore")


@dataclass(frozen=True, slots=True)
class DueAlert:
    """An outbox row whose next delivery attempt is due."""

    alert_id: str
    change_id: str
    channel: str
    attempts: int
    message: dict


def due_alerts(con: duckdb.DuckDBPyConnection, now: datetime, max_attempts: int) -> list[DueAlert]:
    """Outbox rows not yet delivered whose next attempt is due."""
    rows = con.execute(DUE_ALERTS, [max_attempts, now]).fetchall()
    return [DueAlert(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]


def mark_sent(con: duckdb.DuckDBPyConnection, alert_id: str, now: datetime | None = None) -> None:
    """Record a delivery the channel accepted."""
    con.execute(MARK_SENT, [now or datetime.now(), alert_id])


def mark_failed(
    con: duckdb.DuckDBPyConnection,
    alert_id: str,
    error: str,
    retry_in: timedelta,
    now: datetime | None = None,
) -> None:
    """Record a failed attempt and when to try again."""
    con.execute(MARK_FAILED, [error, (now or datetime.now()) + retry_in, alert_id])


def last_alerted(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Fact key → the fact's snapshot as of its last alerted change (facts never alerted
    are absent)."""
    return {key: json.loads(new) for key, new in con.execute(LAST_ALERTED).fetchall()}


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """One outbox row's message, as the Atom feed renders it."""

    alert_id: str
    change_id: str
    status: str
    created_at: datetime
    message: dict


def latest_messages(
    con: duckdb.DuckDBPyConnection, channel: str, limit: int
) -> list[StoredMessage]:
    """The newest ``limit`` outbox rows of ``channel``, newest first."""
    rows = con.execute(LATEST_MESSAGES, [channel, limit]).fetchall()
    return [StoredMessage(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]


def undelivered_ids(con: duckdb.DuckDBPyConnection, channel: str, max_attempts: int) -> list[str]:
    """Ids of the rows of ``channel`` still waiting for (another) delivery attempt."""
    return [r[0] for r in con.execute(PENDING_OF_CHANNEL, [channel, max_attempts]).fetchall()]


def _row(record: TimelineRow | Candidate, columns: Sequence[str]) -> list:
    """A record's values in ``columns`` order (column names are its field names)."""
    values = (getattr(record, name) for name in columns)
    return [list(v) if isinstance(v, tuple) else v for v in values]


def _normalize(rows: Sequence[Sequence]) -> list[tuple]:
    # DuckDB hands back arrays as lists and DOUBLE as float; compare like with like.
    return [tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows]


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, default=str)
