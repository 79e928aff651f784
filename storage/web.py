"""Reading and writing web-ingestion state: URL states, page metadata, claim changes.

A page's URL state, its page metadata and the claim changes of its new version are rows
written through ``store.NewVersion(..., also=...)``, so they land in the same transaction as
the version; everything else (feeds, 304s, errors) is written with the run's fetch log in
one transaction by :func:`record_fetches`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import duckdb
from factdrift.pipelines.ingest.cadence import Tier, next_check_at
from factdrift.pipelines.ingest.versions import ClaimChange, ClaimValue
from factdrift.pipelines.ingest.web import UrlState
from factdrift.pipelines.model import ArticleText
from factdrift.storage.db import Row, insert_rows, transaction
from factdrift.storage.store import FetchRecord, log_fetches_in_transaction

URL_STATE_FIELDS = (
    "url_key", "url", "kind", "source", "etag", "last_modified", "body_hash", "last_status",
    "last_error", "first_seen_at", "checked_at", "next_check_at", "published_at",
    "published_basis", "title", "outlet", "relevant",
)  # fmt: skip
URL_STATE_COLUMNS = ", ".join(URL_STATE_FIELDS)
LOAD_URL_STATES = f"SELECT {URL_STATE_COLUMNS} FROM t_url_state"
PAGE_META_FIELDS = ("version_id", "author", "site_name", "final_url")
VERSION_CHANGE_FIELDS = (
    "article_id", "from_version", "to_version", "run_id", "change", "fact_key", "subject",
    "kind", "unit", "old_claim_id", "new_claim_id", "old_qualifier", "old_low", "old_high",
    "old_date_low", "old_date_high", "new_qualifier", "new_low", "new_high", "new_date_low",
    "new_date_high", "old_sentence", "new_sentence", "detected_at",
)  # fmt: skip
CLAIMS_OF_VERSION = """
SELECT c.claim_id, c.fact_key, c.subject, c.kind, c.unit, c.qualifier, c.low, c.high,
       c.date_low, c.date_high, c.sentence
FROM t_claims c JOIN t_article_versions v USING (version_id)
WHERE v.article_id = ? AND v.version = ?
ORDER BY c.span_start, c.claim_id
"""


def load_url_states(con: duckdb.DuckDBPyConnection) -> dict[str, UrlState]:
    """Every known URL's state, keyed by ``url_key``."""
    return {row[0]: UrlState(*row) for row in con.execute(LOAD_URL_STATES).fetchall()}


# A run needs the states of the feeds and sitemaps, of the pages due for a re-check (as
# in cadence.is_due: a NULL next check is never) and of the pages its listings name; not
# every page ever seen.
LOAD_LISTING_AND_DUE_STATES = (
    f"{LOAD_URL_STATES} WHERE kind <> 'page' OR (next_check_at IS NOT NULL AND next_check_at <= ?)"
)
LOAD_STATES_OF_KEYS = (
    f"SELECT {URL_STATE_COLUMNS} FROM t_url_state "
    "WHERE url_key IN (SELECT unnest(CAST(? AS VARCHAR[])))"
)


def load_url_states_due(con: duckdb.DuckDBPyConnection, now: datetime) -> dict[str, UrlState]:
    """States of every feed and sitemap and of the pages due for a re-check by ``now``."""
    rows = con.execute(LOAD_LISTING_AND_DUE_STATES, [now]).fetchall()
    return {row[0]: UrlState(*row) for row in rows}


def load_url_states_of(con: duckdb.DuckDBPyConnection, keys: Sequence[str]) -> dict[str, UrlState]:
    """States of the given URL keys (those never seen are absent)."""
    if not keys:
        return {}
    rows = con.execute(LOAD_STATES_OF_KEYS, [list(keys)]).fetchall()
    return {row[0]: UrlState(*row) for row in rows}


def url_state_row(state: UrlState) -> Row:
    """The upsert of one URL state."""
    return Row("t_url_state", URL_STATE_FIELDS, tuple(state.as_row()), "replace")


def page_meta_row(
    version_id: str, author: str | None, site_name: str | None, final_url: str | None
) -> Row:
    """The insert (or replacement) of one web version's page metadata."""
    values = (version_id, author, site_name, final_url)
    return Row("t_page_meta", PAGE_META_FIELDS, values, "replace")


def previous_claims(
    con: duckdb.DuckDBPyConnection, article_id: str, version: int
) -> list[ClaimValue]:
    """The claims of one stored version of an article, in reading order."""
    cursor = con.execute(CLAIMS_OF_VERSION, [article_id, version])
    return [ClaimValue(*row) for row in cursor.fetchall()]


def change_rows(
    article: ArticleText, from_version: int, run_id: str, changes: Sequence[ClaimChange]
) -> list[Row]:
    """Inserts of the claim changes between two versions."""
    now = datetime.now()
    rows = []
    for ch in changes:
        about, old, new = ch.about, ch.old, ch.new
        rows.append(
            Row(
                "t_version_changes",
                VERSION_CHANGE_FIELDS,
                (
                    article.article_id,
                    from_version,
                    from_version + 1,
                    run_id,
                    ch.change,
                    about.fact_key,
                    about.subject,
                    about.kind,
                    about.unit,
                    old and old.claim_id,
                    new and new.claim_id,
                    *_value_columns(old),
                    *_value_columns(new),
                    old and old.sentence,
                    new and new.sentence,
                    now,
                ),
            )
        )
    return rows


def record_fetches(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    records: Iterable[FetchRecord],
    states: Iterable[UrlState],
) -> None:
    """Append the fetch log and update URL states, in one transaction."""
    with transaction(con):
        log_fetches_in_transaction(con, run_id, records)
        # One row per URL (the last state wins): a batch upsert must not repeat a key.
        rows = {state.as_row()[0]: state.as_row() for state in states}
        insert_rows(
            con,
            "t_url_state",
            URL_STATE_FIELDS,
            list(rows.values()),
            on_conflict="replace",
        )


def _value_columns(claim: ClaimValue | None) -> list[Any]:
    if claim is None:
        return [None] * 5
    return [claim.qualifier, claim.low, claim.high, claim.date_low, claim.date_high]


FORCE_RECHECK = """
UPDATE t_url_state SET next_check_at = ?, etag = NULL, last_modified = NULL, body_hash = NULL
WHERE kind = 'page' AND (? IS NULL OR url_key = ?)
"""
STORED_SCHEDULE = "SELECT value FROM t_state WHERE name = 'recheck_schedule'"
SAVE_SCHEDULE = "INSERT OR REPLACE INTO t_state (name, value) VALUES ('recheck_schedule', ?)"
PAGES_TO_REPLAN = """
SELECT url_key, checked_at, first_seen_at, published_at FROM t_url_state
WHERE kind = 'page'
"""


def force_recheck(con: duckdb.DuckDBPyConnection, url: str | None) -> int:
    """Make the next run fetch one watched page (``url``) or all (None) in full: due now,
    without the validators or body hash that would let it stop at "not modified".

    Returns how many pages were marked.
    """
    from factdrift.pipelines.ingest.urls import canonical_url, url_key

    key = None if url is None else url_key(canonical_url(url) or url)
    with transaction(con):
        row = con.execute(FORCE_RECHECK, [datetime.now(), key, key]).fetchone()
    return int(row[0]) if row else 0


def replan_if_schedule_changed(
    con: duckdb.DuckDBPyConnection, schedule: str, tiers: Sequence[Tier], now: datetime
) -> int:
    """When the re-check schedule differs from the one the stored next checks were planned
    with, plan every watched page's next check again under the new one (counted from its
    last check). Returns how many pages were re-planned (0 when nothing changed).
    """
    stored = con.execute(STORED_SCHEDULE).fetchone()
    if stored is not None and stored[0] == schedule:
        return 0
    pages = con.execute(PAGES_TO_REPLAN).fetchall() if stored is not None else []
    with transaction(con):
        for key, checked, first_seen, published in pages:
            when = next_check_at(
                tuple(tiers), now=checked or now, published=published, first_seen=first_seen
            )
            con.execute("UPDATE t_url_state SET next_check_at = ? WHERE url_key = ?", [when, key])
        con.execute(SAVE_SCHEDULE, [schedule])
    return len(pages)


EDITED_CLAIMS = """
SELECT * FROM version_changes
WHERE run_id = ? AND change = 'changed' AND fact_key IS NOT NULL
ORDER BY url, fact_key, new_claim_id
"""


def edited_claims(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    """Key-fact claims whose value changed when a page was edited, found by ``run_id``."""
    cursor = con.execute(EDITED_CLAIMS, [run_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
