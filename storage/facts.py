"""Facts over time in the database: claims in for reconciliation, timeline/changes/outbox out."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
from factdrift.pipelines.facts.diff import Change
from factdrift.pipelines.facts.events import Occurrence, TallyCheck
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
       c.hedged, c.sentence, c.scope, c.event_date_low, c.event_date_high,
       coalesce(c.earlier, false), c.as_of, coalesce(c.revision, false)
FROM t_claims c JOIN latest v USING (version_id)
WHERE c.fact_key IS NOT NULL AND c.repeat_of IS NULL
ORDER BY c.claim_id
"""
# The wording of the timeline rows that lack it (fact_timeline view: qualifier, stated_value),
# from the claims behind them; run after writing rows. Also in schema.sql, verbatim.
FILL_WORDING = """UPDATE t_fact_timeline AS t
SET qualifier = coalesce(w.qualifier, 'mixed'), stated_value = w.stated_value
FROM (
    SELECT b.fact_key, b.as_of,
           CASE WHEN count(DISTINCT c.qualifier) = 1 THEN min(c.qualifier) ELSE 'mixed' END
               AS qualifier,
           CASE WHEN count(DISTINCT c.qualifier) = 1 AND count(DISTINCT c.value) = 1
                     AND count(c.value) = count(c.claim_id) THEN min(c.value) END
               AS stated_value
    FROM (SELECT fact_key, as_of, unnest(claim_ids) AS claim_id FROM t_fact_timeline
          WHERE qualifier IS NULL) b
    LEFT JOIN t_claims c USING (claim_id)
    GROUP BY b.fact_key, b.as_of
) w
WHERE t.fact_key = w.fact_key AND t.as_of = w.as_of;
"""
TIMELINE_COLUMNS = (
    "fact_key, as_of, low, high, date_low, date_high, env_low, env_high, env_date_low, "
    "env_date_high, status, n_claims, n_outlets, hedged_only, correction, claim_ids, outlets"
)
SELECT_TIMELINE = f"SELECT {TIMELINE_COLUMNS} FROM t_fact_timeline ORDER BY fact_key, as_of"
CANDIDATE_COLUMNS = (
    "fact_key", "as_of", "qualifier", "low", "high", "date_low", "date_high", "n_claims",
    "n_outlets", "outlets", "claim_ids", "role",
)  # fmt: skip
EVENT_COLUMNS = (
    "event_id", "fact_key", "family", "event_date_low", "event_date_high", "low", "high",
    "date_low", "date_high", "status", "n_outlets", "n_claims", "outlets", "claim_ids",
    "figures", "first_reported", "last_reported",
)  # fmt: skip
CHECK_COLUMNS = (
    "tally_key", "event_fact", "as_of", "n_events", "events_low", "events_high", "total_low",
    "total_high", "difference", "status",
)  # fmt: skip
CHANGE_COLUMNS = (
    "change_id", "run_id", "fact_key", "kind", "old", "new", "alert", "summary", "detected_at",
)  # fmt: skip
ALERT_COLUMNS = (
    "alert_id", "change_id", "channel", "status", "attempts", "next_attempt_at", "created_at",
    "message",
)  # fmt: skip
# Due: waiting rows whose next attempt has come, and rows claimed by a delivery whose
# lease ran out (its process died between claiming and recording).
DUE_ALERTS = """
SELECT alert_id, change_id, channel, attempts, message FROM t_alerts
WHERE status IN ('pending', 'failed', 'sending') AND attempts < ? AND next_attempt_at <= ?
ORDER BY created_at, alert_id
"""
# Claiming a row is one UPDATE: DuckDB lets one process write the file at a time, so of
# two deliveries that both saw the row as due, only the first one's claim matches.
CLAIM_ALERT = """
UPDATE t_alerts SET status = 'sending', next_attempt_at = ?
WHERE alert_id = ? AND status IN ('pending', 'failed', 'sending') AND attempts < ?
  AND next_attempt_at <= ?
RETURNING alert_id
"""
MARK_SENT = """
UPDATE t_alerts SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL
WHERE alert_id = ?
"""
# The state of each fact as of its last alerted change: what readers were last told. Alert
# thresholds are measured from here, not from the previous run, so a figure creeping
# under the threshold run after run still alerts once the creep adds up. A change counts
# once its run completed, or once any of its alerts went out (sent, or recorded by a
# replay), whatever became of its run: readers were told, so that is the baseline.
LAST_ALERTED = """
SELECT c.fact_key, c.new FROM t_fact_changes c JOIN t_runs r USING (run_id)
WHERE c.alert AND c.new IS NOT NULL
  AND (r.status = 'completed' OR EXISTS (
      SELECT 1 FROM t_alerts a
      WHERE a.change_id = c.change_id AND a.status IN ('sent', 'replayed')))
QUALIFY row_number() OVER (PARTITION BY c.fact_key ORDER BY c.detected_at DESC, c.change_id) = 1
"""
# A change detected again by the run that finishes the work of a run that stopped
# (interrupted or failed) becomes that run's change, so "what changed in the last run" and
# the baselines see it.
ADOPT_CHANGES = """
UPDATE t_fact_changes SET run_id = ?
WHERE change_id IN (SELECT unnest(?))
  AND run_id IN (SELECT run_id FROM t_runs WHERE status IN ('interrupted', 'failed'))
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
WAITING_BY_CHANNEL = """
SELECT channel, count(*) FROM t_alerts
WHERE status IN ('pending', 'failed', 'sending') AND attempts < ?
GROUP BY channel
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
            scope=r[14],
            event_low=r[15],
            event_high=r[16],
            earlier=r[17],
            as_of=r[18],
            revision=r[19],
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
    events: Sequence[Occurrence] = (),
    checks: Sequence[TallyCheck] = (),
) -> bool:
    """Store derived state, change records and new outbox rows in one transaction.

    ``now`` is the run's clock (a replay passes the replayed day); ``outbox_status`` is
    ``pending`` (to be delivered) or ``replayed`` (recorded by a replay, never delivered).
    ``events`` and ``checks`` are the occurrences of event facts and the running-total
    check (:mod:`factdrift.pipelines.facts.events`). Returns True when the timeline
    differed from the stored one (and was replaced); derived rows that did not change are
    left alone, so a run with no new input writes nothing.
    """
    now = now or datetime.now()
    new_rows = [_row(t, TIMELINE_COLUMNS.split(", ")) for t in timeline]
    with transaction(con):
        replaced = _normalize(con.execute(SELECT_TIMELINE).fetchall()) != _normalize(new_rows)
        if replaced:
            con.execute("DELETE FROM t_fact_timeline")
            insert_rows(con, "t_fact_timeline", TIMELINE_COLUMNS.split(", "), new_rows)
            con.execute(FILL_WORDING)
        _replace_if_changed(
            con, "t_fact_candidates", CANDIDATE_COLUMNS,
            [_row(c, CANDIDATE_COLUMNS) for c in candidates],
        )  # fmt: skip
        _replace_if_changed(con, "t_events", EVENT_COLUMNS, [_event_row(e) for e in events])
        _replace_if_changed(
            con, "t_tally_check", CHECK_COLUMNS, [_row(c, CHECK_COLUMNS) for c in checks]
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
    """Insert change records (adopting those of a stopped run) and their outbox rows,
    inside the caller's transaction."""
    change_rows = [
        [cid, run_id, c.fact_key, c.kind, _json(c.old), _json(c.new), c.alert, c.summary, now]
        for cid, c in changes
    ]
    insert_rows(con, "t_fact_changes", CHANGE_COLUMNS, change_rows, on_conflict="ignore")
    if changes:
        con.execute(ADOPT_CHANGES, [run_id, [cid for cid, _ in changes]])
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


def claim_alert(
    con: duckdb.DuckDBPyConnection,
    alert_id: str,
    now: datetime,
    lease: timedelta,
    max_attempts: int,
) -> bool:
    """Claim one due outbox row for delivery (status ``sending`` until ``now + lease``).

    Returns False when another delivery claimed it first or it is no longer due: the
    caller must then not send it. A claim whose holder dies expires with its lease.
    """
    rows = con.execute(CLAIM_ALERT, [now + lease, alert_id, max_attempts, now]).fetchall()
    return bool(rows)


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


def waiting_by_channel(con: duckdb.DuckDBPyConnection, max_attempts: int) -> dict[str, int]:
    """Channel → outbox rows still to be delivered (pending, being sent by another run, or
    failed and to be retried)."""
    return dict(con.execute(WAITING_BY_CHANNEL, [max_attempts]).fetchall())


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


def _row(record: object, columns: Sequence[str]) -> list:
    """A record's values in ``columns`` order (column names are its field names)."""
    values = (getattr(record, name) for name in columns)
    return [list(v) if isinstance(v, tuple) else v for v in values]


def _replace_if_changed(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[list]
) -> None:
    """Replace a derived table's rows when they differ from the stored ones (any order)."""
    stored = con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
    if sorted(map(_comparable, _normalize(stored))) == sorted(map(_comparable, _normalize(rows))):
        return
    con.execute(f"DELETE FROM {table}")
    insert_rows(con, table, columns, rows)


def _event_row(event: Occurrence) -> list:
    row = _row(event, [c for c in EVENT_COLUMNS if c != "figures"])
    figures = json.dumps(
        [dataclasses.asdict(f) for f in event.figures], sort_keys=True, default=str
    )
    return [*row[: EVENT_COLUMNS.index("figures")], figures, *row[EVENT_COLUMNS.index("figures") :]]


def _comparable(row: tuple) -> str:
    # Whole numbers come back from DOUBLE columns as floats: 3 and 3.0 are the same value.
    return repr(tuple(float(v) if type(v) is int else v for v in row))


def _normalize(rows: Sequence[Sequence]) -> list[tuple]:
    # DuckDB hands back arrays as lists and DOUBLE as float; compare like with like.
    return [tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows]


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, default=str)
