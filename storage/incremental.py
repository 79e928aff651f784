"""Storage side of incremental reconciliation (see ``pipelines.facts.incremental``).

Which days need rebuilding is read from the database itself, not from what the current
run remembers: the article versions of every run not yet in ``t_reconciled_runs`` (this
run's, and those of a run that died before reconciling) make their articles dirty, and
the window starts at the earliest day any claim of any version of a dirty article counts
on (a replaced version's claims leave the timeline from their day on). The rebuilt
window, the runs it covers and the change records land in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb
from factdrift.pipelines.facts.diff import Change
from factdrift.pipelines.facts.events import Occurrence, TallyCheck
from factdrift.pipelines.facts.incremental import EVERYTHING, DayState
from factdrift.pipelines.facts.reconcile import Candidate, ClaimObs, TimelineRow
from factdrift.storage import facts as fact_store
from factdrift.storage.db import insert_rows, transaction

_RULES = "SELECT value FROM t_reconcile_state WHERE name = 'rules'"
_DIRTY_RUNS = """
SELECT DISTINCT run_id FROM t_article_versions
WHERE run_id NOT IN (SELECT run_id FROM t_reconciled_runs)
"""
_ALL_RUNS = "SELECT DISTINCT run_id FROM t_article_versions"
# Versions of the articles that have a version not reconciled yet, their keyed claims'
# facts and the earliest day any of them counts on (an earlier value counts on the day it
# held; an undated article from the day it was read).
_DIRTY = """
WITH dirty AS (
    SELECT version_id, coalesce(published_at, CAST(fetched_at AS DATE)) AS published
    FROM t_article_versions
    WHERE article_id IN (
        SELECT article_id FROM t_article_versions
        WHERE run_id NOT IN (SELECT run_id FROM t_reconciled_runs)
    )
)
SELECT min(least(d.published, CASE WHEN coalesce(c.earlier, false) THEN c.as_of END)),
       list(DISTINCT c.fact_key) FILTER (WHERE c.fact_key IS NOT NULL)
FROM dirty d LEFT JOIN t_claims c USING (version_id)
"""
_LATEST = """
latest AS (
    SELECT version_id, outlet, article_id, url,
           coalesce(published_at, CAST(fetched_at AS DATE)) AS published
    FROM t_article_versions
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY version DESC) = 1
)"""
_OBS_COLUMNS = """
c.claim_id, c.fact_key, c.kind, c.qualifier, c.low, c.high, c.date_low, c.date_high,
v.outlet, v.article_id, v.url, v.published, c.hedged, c.sentence, c.scope,
c.event_date_low, c.event_date_high, coalesce(c.earlier, false) AS earlier, c.as_of,
coalesce(c.revision, false) AS revision"""
# The catalog as a table: key, date axis, scope, whether older high claims are needed and
# above which floor (pipelines.facts.incremental.window_floor).
_CATALOG = """
catalog AS (
    SELECT unnest($keys) AS fact_key, unnest($is_date) AS is_date, unnest($scopes) AS scope,
           unnest($needs_high) AS needs_high, unnest($floors) AS floor
)"""
# Claims as reconciliation counts them (reconcile.counted and _claims_by_fact), with the
# day they count on.
_COUNTED = f"""
WITH {_LATEST}, {_CATALOG}, obs AS (
    SELECT {_OBS_COLUMNS},
           CASE WHEN coalesce(c.earlier, false) THEN c.as_of ELSE v.published END AS day,
           f.needs_high, f.floor
    FROM t_claims c JOIN latest v USING (version_id) JOIN catalog f USING (fact_key)
    WHERE c.repeat_of IS NULL
      AND (NOT coalesce(c.earlier, false) OR (c.as_of IS NOT NULL AND c.as_of <= v.published))
      AND (f.scope IS NULL OR c.scope IS NULL OR c.scope = f.scope)
      AND CASE WHEN f.is_date THEN c.date_low IS NOT NULL OR c.date_high IS NOT NULL
               ELSE c.low IS NOT NULL OR c.high IS NOT NULL END
)"""
_OBS_NAMES = (
    "claim_id, fact_key, kind, qualifier, low, high, date_low, date_high, outlet, "
    "article_id, url, published, hedged, sentence, scope, event_date_low, event_date_high, "
    "earlier, as_of, revision"
)
# The window (module docstring of pipelines.facts.incremental), from $since on.
_WINDOW = f"""
{_COUNTED}, before AS (
    SELECT fact_key, outlet, max(day) AS day FROM obs WHERE day < $since GROUP BY ALL
)
SELECT {_OBS_NAMES} FROM obs WHERE day >= $since
UNION
SELECT {_OBS_NAMES} FROM obs JOIN before USING (fact_key, outlet, day)
UNION
SELECT {_OBS_NAMES} FROM obs
WHERE day < $since AND needs_high AND (revision OR floor IS NULL OR low > floor)
ORDER BY claim_id
"""
_ONE_FACT = f"{_COUNTED} SELECT {_OBS_NAMES} FROM obs WHERE fact_key = $fact ORDER BY claim_id"
# Claims by id, with their version's outlet and day (the caller applies reconcile.counted).
_BY_IDS = f"""
WITH wanted AS (SELECT unnest(CAST(? AS VARCHAR[])) AS claim_id), v AS (
    SELECT version_id, outlet, article_id, url,
           coalesce(published_at, CAST(fetched_at AS DATE)) AS published
    FROM t_article_versions
)
SELECT {_OBS_COLUMNS}
FROM wanted JOIN t_claims c USING (claim_id) JOIN v USING (version_id)
ORDER BY c.claim_id
"""
# Event claims of some facts, as events.event_claims picks them: of an event fact those
# not scoped as a total, of a running total those scoped as one occurrence.
_EVENT_CLAIMS = f"""
WITH {_LATEST}
SELECT {_OBS_COLUMNS}
FROM t_claims c JOIN latest v USING (version_id)
WHERE c.repeat_of IS NULL AND (
    (list_contains($events, c.fact_key) AND c.scope IS DISTINCT FROM 'total')
    OR (list_contains($totals, c.fact_key) AND c.scope = 'event'))
ORDER BY c.claim_id
"""
_STATE_COLUMNS = "fact_key, day, low, high, date_low, date_high, claim_ids"
_STATES_BEFORE = f"""
SELECT {_STATE_COLUMNS} FROM t_fact_states WHERE day < ?
QUALIFY row_number() OVER (PARTITION BY fact_key ORDER BY day DESC) <= 2
ORDER BY fact_key, day
"""
_ROWS_BEFORE = f"""
SELECT {fact_store.TIMELINE_COLUMNS} FROM t_fact_timeline WHERE as_of < ?
QUALIFY row_number() OVER (PARTITION BY fact_key ORDER BY as_of DESC) = 1
"""
_ROWS_OF = f"""
SELECT {fact_store.TIMELINE_COLUMNS} FROM t_fact_timeline
WHERE list_contains(?, fact_key) ORDER BY fact_key, as_of
"""
_TOUCHED_FROM = "SELECT DISTINCT fact_key FROM t_fact_timeline WHERE as_of >= ?"
# What alert.evidence_for needs about one fact: the claims behind its old and new state,
# and its newest claim (by day, then id) among all keyed claims of the latest versions.
_EVIDENCE = f"""
WITH {_LATEST}, mine AS (
    SELECT {_OBS_COLUMNS}
    FROM t_claims c JOIN latest v USING (version_id)
    WHERE c.fact_key = $fact AND c.repeat_of IS NULL
)
SELECT * FROM mine WHERE list_contains($ids, claim_id)
UNION
SELECT * FROM (SELECT * FROM mine ORDER BY published DESC, claim_id DESC LIMIT 1)
"""
_CANDIDATES_OF = (
    f"SELECT {', '.join(fact_store.CANDIDATE_COLUMNS)} FROM t_fact_candidates "
    "WHERE fact_key = ? AND as_of = ?"
)


@dataclass
class Window:
    """What this run must rebuild: from ``since`` on (None: nothing), the runs whose
    versions the rebuilt state will include, and the facts whose claims changed."""

    since: date | None
    runs: list[str] = field(default_factory=list)
    fingerprint: str = ""
    facts: set[str] = field(default_factory=set)

    @property
    def full(self) -> bool:
        """Everything is rebuilt (first run, new catalog or new rules)."""
        return self.since == EVERYTHING


@dataclass(frozen=True, slots=True)
class Catalog:
    """The story's facts as the window query needs them (see ``_CATALOG``)."""

    keys: list[str]
    is_date: list[bool]
    scopes: list[str | None]
    needs_high: list[bool]
    floors: list[float | None]

    def params(self) -> dict:
        """Named parameters of the queries that use the catalog."""
        return {
            "keys": self.keys,
            "is_date": self.is_date,
            "scopes": self.scopes,
            "needs_high": self.needs_high,
            "floors": self.floors,
        }


def plan_window(con: duckdb.DuckDBPyConnection, fingerprint: str) -> Window:
    """Find the days this run must rebuild (see the module docstring)."""
    stored = con.execute(_RULES).fetchone()
    if stored is None or stored[0] != fingerprint:
        runs = [r[0] for r in con.execute(_ALL_RUNS).fetchall()]
        return Window(EVERYTHING, runs, fingerprint)
    runs = [r[0] for r in con.execute(_DIRTY_RUNS).fetchall()]
    if not runs:
        return Window(None, [], fingerprint)
    since, facts = con.execute(_DIRTY).fetchone()
    return Window(since or EVERYTHING, runs, fingerprint, set(facts or []))


def load_window(con: duckdb.DuckDBPyConnection, catalog: Catalog, since: date) -> list[ClaimObs]:
    """The claims the rebuild from ``since`` needs, ordered by claim id."""
    rows = con.execute(_WINDOW, {**catalog.params(), "since": since}).fetchall()
    return [ClaimObs(*row) for row in rows]


def load_fact_claims(
    con: duckdb.DuckDBPyConnection, catalog: Catalog, fact_key: str
) -> list[ClaimObs]:
    """Every counted claim of one fact."""
    rows = con.execute(_ONE_FACT, {**catalog.params(), "fact": fact_key}).fetchall()
    return [ClaimObs(*row) for row in rows]


def load_claims_by_id(con: duckdb.DuckDBPyConnection, claim_ids: Sequence[str]) -> list[ClaimObs]:
    """The stored claims among ``claim_ids``, as stored (not yet as counted)."""
    if not claim_ids:
        return []
    rows = con.execute(_BY_IDS, [list(claim_ids)]).fetchall()
    return [ClaimObs(*row) for row in rows]


def load_event_claims(
    con: duckdb.DuckDBPyConnection, event_facts: Sequence[str], totals: Sequence[str]
) -> list[ClaimObs]:
    """The claims ``events.event_claims`` may pick for the given event facts and totals."""
    if not event_facts and not totals:
        return []
    rows = con.execute(
        _EVENT_CLAIMS, {"events": list(event_facts), "totals": list(totals)}
    ).fetchall()
    return [ClaimObs(*row) for row in rows]


def states_before(con: duckdb.DuckDBPyConnection, since: date) -> dict[str, list[DayState]]:
    """Per fact, its last two stored day states dated before ``since`` (oldest first)."""
    out: dict[str, list[DayState]] = {}
    for row in con.execute(_STATES_BEFORE, [since]).fetchall():
        out.setdefault(row[0], []).append(DayState(*row[:6], tuple(row[6])))
    return out


def rows_before(con: duckdb.DuckDBPyConnection, since: date) -> dict[str, TimelineRow]:
    """Each fact's last stored timeline row dated before ``since``, by fact key."""
    rows = con.execute(_ROWS_BEFORE, [since]).fetchall()
    return {row[0]: _timeline_row(row) for row in rows}


def rows_of(con: duckdb.DuckDBPyConnection, fact_keys: Sequence[str]) -> list[TimelineRow]:
    """Every stored timeline row of the given facts."""
    if not fact_keys:
        return []
    return [_timeline_row(row) for row in con.execute(_ROWS_OF, [list(fact_keys)]).fetchall()]


def facts_with_rows_from(con: duckdb.DuckDBPyConnection, since: date) -> set[str]:
    """Facts with a stored timeline row dated ``since`` or later."""
    return {row[0] for row in con.execute(_TOUCHED_FROM, [since]).fetchall()}


def evidence_claims(
    con: duckdb.DuckDBPyConnection, fact_key: str, claim_ids: Sequence[str]
) -> list[ClaimObs]:
    """The claims of ``fact_key`` among ``claim_ids``, plus the fact's newest claim."""
    rows = con.execute(_EVIDENCE, {"fact": fact_key, "ids": list(claim_ids)}).fetchall()
    return [ClaimObs(*row) for row in rows]


def stored_candidates(
    con: duckdb.DuckDBPyConnection, fact_key: str, as_of: date
) -> list[Candidate]:
    """The stored competing values of one fact on one day."""
    rows = con.execute(_CANDIDATES_OF, [fact_key, as_of]).fetchall()
    names = fact_store.CANDIDATE_COLUMNS
    return [
        Candidate(
            **{n: tuple(v) if isinstance(v, list) else v for n, v in zip(names, row, strict=True)}
        )
        for row in rows
    ]


@dataclass
class Derived:
    """What a rebuild stores: from the window's start on, and events per fact."""

    timeline: Sequence[TimelineRow]
    candidates: Sequence[Candidate]
    states: Sequence[DayState]
    event_facts: Sequence[str]  # facts whose occurrences were rebuilt
    events: Sequence[Occurrence]
    check_facts: Sequence[str]  # event facts whose tally checks were rebuilt
    checks: Sequence[TallyCheck]


def save_window(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    window: Window,
    derived: Derived | None,
    changes: Sequence[tuple[str, Change]],
    outbox: Sequence[fact_store.OutboxItem],
    *,
    now: datetime | None = None,
    outbox_status: str = "pending",
) -> None:
    """Replace the stored derived state from the window's start on, mark its runs
    reconciled, and record changes and outbox rows: one transaction."""
    now = now or datetime.now()
    with transaction(con):
        if window.since is not None and derived is not None:
            _replace_from(con, window.since, derived)
            con.execute(
                "INSERT OR REPLACE INTO t_reconcile_state VALUES ('rules', ?)", [window.fingerprint]
            )
            insert_rows(
                con, "t_reconciled_runs", ["run_id"], [[r] for r in window.runs],
                on_conflict="ignore",
            )  # fmt: skip
        fact_store.record_changes_in_transaction(con, run_id, changes, outbox, now, outbox_status)


def _replace_from(con: duckdb.DuckDBPyConnection, since: date, derived: Derived) -> None:
    con.execute("DELETE FROM t_fact_timeline WHERE as_of >= ?", [since])
    con.execute("DELETE FROM t_fact_candidates WHERE as_of >= ?", [since])
    con.execute("DELETE FROM t_fact_states WHERE day >= ?", [since])
    columns = fact_store.TIMELINE_COLUMNS.split(", ")
    insert_rows(
        con, "t_fact_timeline", columns, [fact_store._row(t, columns) for t in derived.timeline]
    )
    con.execute(fact_store.FILL_WORDING)
    insert_rows(
        con,
        "t_fact_candidates",
        fact_store.CANDIDATE_COLUMNS,
        [fact_store._row(c, fact_store.CANDIDATE_COLUMNS) for c in derived.candidates],
    )
    state_columns = _STATE_COLUMNS.split(", ")
    insert_rows(
        con,
        "t_fact_states",
        state_columns,
        [fact_store._row(s, state_columns) for s in derived.states],
    )
    if since == EVERYTHING:  # facts no longer in the catalog lose their rows too
        con.execute("DELETE FROM t_events")
        con.execute("DELETE FROM t_tally_check")
    if derived.event_facts:
        con.execute(
            "DELETE FROM t_events WHERE list_contains(?, fact_key)", [list(derived.event_facts)]
        )
        insert_rows(
            con, "t_events", fact_store.EVENT_COLUMNS,
            [fact_store._event_row(e) for e in derived.events],
        )  # fmt: skip
    if derived.check_facts:
        con.execute(
            "DELETE FROM t_tally_check WHERE list_contains(?, event_fact)",
            [list(derived.check_facts)],
        )
        insert_rows(
            con, "t_tally_check", fact_store.CHECK_COLUMNS,
            [fact_store._row(c, fact_store.CHECK_COLUMNS) for c in derived.checks],
        )  # fmt: skip


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
