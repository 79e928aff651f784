"""Storage side of incremental reconciliation (see ``pipelines.facts.incremental``).

Which days need rebuilding is read from the database itself, not from what the current
run remembers: the article versions of every run not yet in ``t_reconciled_runs`` (this
run's, and those of a run that died before reconciling) make their articles dirty, and
the window starts at the earliest publication day of any version of a dirty article (a
replaced version's claims leave the timeline from its day on). The rebuilt window, the
runs it covers and the change records land in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb
from factdrift.pipelines.facts.diff import Change
from factdrift.pipelines.facts.reconcile import Candidate, ClaimObs, TimelineRow
from factdrift.storage import facts as fact_store
from factdrift.storage.db import insert_rows, transaction

#: The window's start when everything must be rebuilt.
EVERYTHING = date.min

_RULES = "SELECT value FROM t_reconcile_state WHERE name = 'rules'"
_DIRTY_RUNS = """
SELECT DISTINCT run_id FROM t_article_versions
WHERE run_id NOT IN (SELECT run_id FROM t_reconciled_runs)
"""
_DIRTY_SINCE = """
SELECT min(coalesce(published_at, CAST(fetched_at AS DATE))) FROM t_article_versions
WHERE article_id IN (
    SELECT article_id FROM t_article_versions
    WHERE run_id NOT IN (SELECT run_id FROM t_reconciled_runs)
)
"""
_ALL_RUNS = "SELECT DISTINCT run_id FROM t_article_versions"
# The window of claims (module docstring of pipelines.facts.incremental): usable keyed
# claims of the latest versions published on or after ?3, plus each fact and outlet's
# claims of its latest day before ?3. ?1: catalog keys; ?2: keys of date facts.
_WINDOW = """
WITH latest AS (
    SELECT version_id, outlet, article_id, url,
           coalesce(published_at, CAST(fetched_at AS DATE)) AS published
    FROM t_article_versions
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1
), obs AS (
    SELECT c.claim_id, c.fact_key, c.kind, c.qualifier, c.low, c.high, c.date_low,
           c.date_high, v.outlet, v.article_id, v.url, v.published, c.hedged, c.sentence
    FROM t_claims c JOIN latest v USING (version_id)
    WHERE c.fact_key IS NOT NULL AND c.repeat_of IS NULL AND list_contains($1, c.fact_key)
      AND CASE WHEN list_contains($2, c.fact_key)
               THEN c.date_low IS NOT NULL OR c.date_high IS NOT NULL
               ELSE c.low IS NOT NULL OR c.high IS NOT NULL END
), before AS (
    SELECT fact_key, outlet, max(published) AS published FROM obs
    WHERE published < $3 GROUP BY fact_key, outlet
)
SELECT * FROM obs WHERE published >= $3
UNION ALL
SELECT obs.* FROM obs JOIN before USING (fact_key, outlet, published)
ORDER BY claim_id
"""
_ROWS_BEFORE = f"""
SELECT {fact_store.TIMELINE_COLUMNS} FROM t_fact_timeline WHERE as_of < ?
QUALIFY row_number() OVER (PARTITION BY fact_key ORDER BY as_of DESC) = 1
"""
# What alert.evidence_for needs about one fact: the claims behind its old and new state,
# and its newest claim (by day, then id) among all keyed claims of the latest versions.
_EVIDENCE = """
WITH latest AS (
    SELECT version_id, outlet, article_id, url,
           coalesce(published_at, CAST(fetched_at AS DATE)) AS published
    FROM t_article_versions
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1
), mine AS (
    SELECT c.claim_id, c.fact_key, c.kind, c.qualifier, c.low, c.high, c.date_low,
           c.date_high, v.outlet, v.article_id, v.url, v.published, c.hedged, c.sentence
    FROM t_claims c JOIN latest v USING (version_id)
    WHERE c.fact_key = $1 AND c.repeat_of IS NULL
)
SELECT * FROM mine WHERE list_contains($2, claim_id)
UNION
SELECT * FROM (SELECT * FROM mine ORDER BY published DESC, claim_id DESC LIMIT 1)
"""


@dataclass
class Window:
    """What this run must rebuild: from ``since`` on (None: nothing), and the runs whose
    versions the rebuilt state will include."""

    since: date | None
    runs: list[str] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def full(self) -> bool:
        """Everything is rebuilt (first run, new catalog or new rules)."""
        return self.since == EVERYTHING


def plan_window(con: duckdb.DuckDBPyConnection, fingerprint: str) -> Window:
    """Find the days this run must rebuild (see the module docstring)."""
    stored = con.execute(_RULES).fetchone()
    if stored is None or stored[0] != fingerprint:
        runs = [r[0] for r in con.execute(_ALL_RUNS).fetchall()]
        return Window(EVERYTHING, runs, fingerprint)
    runs = [r[0] for r in con.execute(_DIRTY_RUNS).fetchall()]
    if not runs:
        return Window(None, [], fingerprint)
    since = con.execute(_DIRTY_SINCE).fetchone()[0]
    return Window(since, runs, fingerprint)


def load_window(
    con: duckdb.DuckDBPyConnection, keys: Sequence[str], date_keys: Sequence[str], since: date
) -> list[ClaimObs]:
    """The claims the rebuild from ``since`` needs, ordered by claim id."""
    rows = con.execute(_WINDOW, [list(keys), list(date_keys), since]).fetchall()
    return [ClaimObs(*row) for row in rows]


def rows_before(con: duckdb.DuckDBPyConnection, since: date) -> dict[str, TimelineRow]:
    """Each fact's last stored timeline row dated before ``since``, by fact key."""
    rows = con.execute(_ROWS_BEFORE, [since]).fetchall()
    return {row[0]: _timeline_row(row) for row in rows}


def evidence_claims(
    con: duckdb.DuckDBPyConnection, fact_key: str, claim_ids: Sequence[str]
) -> list[ClaimObs]:
    """The claims of ``fact_key`` among ``claim_ids``, plus the fact's newest claim."""
    rows = con.execute(_EVIDENCE, [fact_key, list(claim_ids)]).fetchall()
    return [ClaimObs(*row) for row in rows]


def save_window(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    window: Window,
    timeline: Sequence[TimelineRow],
    candidates: Sequence[Candidate],
    changes: Sequence[tuple[str, Change]],
    outbox: Sequence[fact_store.OutboxItem],
    *,
    now: datetime | None = None,
    outbox_status: str = "pending",
) -> None:
    """Replace the stored timeline and competing values from the window's start on, mark
    its runs reconciled, and record changes and outbox rows: one transaction."""
    now = now or datetime.now()
    with transaction(con):
        if window.since is not None:
            con.execute("DELETE FROM t_fact_timeline WHERE as_of >= ?", [window.since])
            con.execute("DELETE FROM t_fact_candidates WHERE as_of >= ?", [window.since])
            columns = fact_store.TIMELINE_COLUMNS.split(", ")
            insert_rows(
                con, "t_fact_timeline", columns, [fact_store._row(t, columns) for t in timeline]
            )
            insert_rows(
                con,
                "t_fact_candidates",
                fact_store.CANDIDATE_COLUMNS,
                [fact_store._row(c, fact_store.CANDIDATE_COLUMNS) for c in candidates],
            )
            con.execute(
                "INSERT OR REPLACE INTO t_reconcile_state VALUES ('rules', ?)", [window.fingerprint]
            )
            insert_rows(
                con, "t_reconciled_runs", ["run_id"], [[r] for r in window.runs],
                on_conflict="ignore",
            )  # fmt: skip
        fact_store.record_changes_in_transaction(con, run_id, changes, outbox, now, outbox_status)


def latest_versions_of(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]
) -> dict[str, tuple[str, int]]:
    """``store.latest_versions`` for the given articles only (a run reads few of many)."""
    rows = con.execute(
        "SELECT article_id, content_hash, version FROM t_article_versions "
        "WHERE article_id IN (SELECT unnest(CAST(? AS VARCHAR[]))) "
        "QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1",
        [list(article_ids)],
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def _timeline_row(row: Sequence) -> TimelineRow:
    values = [tuple(v) if isinstance(v, list) else v for v in row]
    return TimelineRow(*values)
