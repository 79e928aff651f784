"""The analyst's questions as queries over the public views (``factdrift facts``, ``history``,
``changes``, ``sources``, ``export``, ``report``).

Every query here reads only the views of docs/sql.md, never the ``t_*`` tables, so these
commands show exactly what a user's own SQL would.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

FACT_HISTORY_CLAIMS = """
SELECT c.published_at, c.outlet, c.qualifier, c.value, c.value_high, c.low, c.high,
       c.date_low, c.date_high, c.hedged, c.sentence, c.url, c.claim_id
FROM claims c
JOIN articles a ON a.version_id = c.version_id AND a.is_latest
WHERE c.fact_key = ? AND c.repeat_of IS NULL
ORDER BY c.published_at, c.outlet, c.claim_id
"""
FACT_TIMELINE = """
SELECT as_of, low, high, date_low, date_high, status, n_outlets, outlets, correction,
       qualifier, stated_value, env_low, env_high, env_date_low, env_date_high
FROM fact_timeline WHERE fact_key = ? ORDER BY as_of
"""
CHANGES_SINCE = """
SELECT detected_at, fact_key, kind, summary, alert
FROM fact_changes
WHERE detected_at >= ?
ORDER BY detected_at, fact_key, kind
"""
# Per outlet: articles, key-fact claims, how often it was first to state a value of a
# fact (earliest publication of that interval; ties all count), and how often one of its
# claims was disjoint from the estimate in force on its publication day (ASOF join on
# the fact's timeline). NULL bounds are unbounded.
SOURCES = """
WITH kc AS (
    SELECT c.* FROM claims c JOIN articles a ON a.version_id = c.version_id AND a.is_latest
    WHERE c.fact_key IS NOT NULL AND c.repeat_of IS NULL
),
firsts AS (
    SELECT outlet, count(*) AS n_first FROM (
        SELECT outlet, published_at,
               min(published_at) OVER (PARTITION BY fact_key, low, high, date_low, date_high)
                   AS first_day
        FROM kc
    ) WHERE published_at = first_day GROUP BY outlet
),
judged AS (
    SELECT kc.outlet,
           (kc.high IS NOT NULL AND t.low IS NOT NULL AND kc.high < t.low)
        OR (kc.low IS NOT NULL AND t.high IS NOT NULL AND kc.low > t.high)
        OR (kc.date_high IS NOT NULL AND t.date_low IS NOT NULL AND kc.date_high < t.date_low)
        OR (kc.date_low IS NOT NULL AND t.date_high IS NOT NULL AND kc.date_low > t.date_high)
           AS disagreed
    FROM kc ASOF LEFT JOIN fact_timeline t
      ON kc.fact_key = t.fact_key AND kc.published_at >= t.as_of
),
disagreements AS (
    SELECT outlet, count(*) FILTER (WHERE disagreed) AS n_disagreed FROM judged GROUP BY outlet
),
outlets AS (
    SELECT outlet, count(DISTINCT article_id) AS n_articles, min(published_at) AS first_article,
           max(published_at) AS last_article
    FROM articles WHERE is_latest GROUP BY outlet
)
SELECT o.outlet, o.n_articles,
       (SELECT count(*) FROM kc WHERE kc.outlet = o.outlet) AS n_claims,
       coalesce(f.n_first, 0) AS n_first, coalesce(d.n_disagreed, 0) AS n_disagreed,
       o.first_article, o.last_article
FROM outlets o
LEFT JOIN firsts f USING (outlet)
LEFT JOIN disagreements d USING (outlet)
ORDER BY n_first DESC, n_claims DESC, o.outlet
"""
PUBLIC_VIEWS = """
SELECT view_name FROM duckdb_views()
WHERE NOT internal AND schema_name = 'main' AND NOT starts_with(view_name, 't_')
ORDER BY view_name
"""
FACT_CATALOG = "SELECT fact_key, label, kind, unit FROM current_facts ORDER BY fact_key"
CHANGE_LOG = """
SELECT detected_at, fact_key, kind, summary, alert FROM fact_changes
ORDER BY detected_at, fact_key, kind
"""


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    """Rows as dicts; JSON columns come back parsed (not as JSON text inside JSON)."""
    cursor = con.execute(sql, list(params))
    return rows_of(cursor)


def rows_of(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    """The rows of an executed cursor as dicts, JSON columns parsed."""
    if cursor.description is None:
        return []
    names = [d[0] for d in cursor.description]
    is_json = [str(d[1]) == "JSON" for d in cursor.description]
    out = []
    for row in cursor.fetchall():
        out.append(
            {
                name: json.loads(v) if flag and isinstance(v, str) else v
                for name, v, flag in zip(names, row, is_json, strict=True)
            }
        )
    return out


def fact_keys(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Keys of the facts the database has a state for."""
    return [r[0] for r in con.execute("SELECT fact_key FROM current_facts ORDER BY 1").fetchall()]


def fact_catalog(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Key, label, kind and unit of each fact with a state."""
    return rows(con, FACT_CATALOG)


def fact_claims(con: duckdb.DuckDBPyConnection, fact_key: str) -> list[dict]:
    """Every claim about a fact in the articles' latest versions, oldest first."""
    return rows(con, FACT_HISTORY_CLAIMS, [fact_key])


def fact_timeline(con: duckdb.DuckDBPyConnection, fact_key: str) -> list[dict]:
    """The fact's states over time (one row per day its state changed)."""
    return rows(con, FACT_TIMELINE, [fact_key])


def changes_since(con: duckdb.DuckDBPyConnection, day: date) -> list[dict]:
    """Changes detected on or after ``day``, oldest first."""
    return rows(con, CHANGES_SINCE, [day])


def change_log(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every recorded change, oldest first."""
    return rows(con, CHANGE_LOG)


def sources(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """One row per outlet: articles, claims, firsts and disagreements."""
    return rows(con, SOURCES)


def public_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The names of the public views (docs/sql.md)."""
    return [r[0] for r in con.execute(PUBLIC_VIEWS).fetchall()]


def export_views(con: duckdb.DuckDBPyConnection, folder: Path, as_csv: bool) -> list[Path]:
    """Write every public view to ``folder`` as Parquet (or CSV); return the files written.

    DuckDB writes the files itself (``COPY``), so no other library is needed. The folder
    must exist; a file of the same name is replaced.
    """
    written = []
    for view in public_views(con):
        target = folder / f"{view}.{'csv' if as_csv else 'parquet'}"
        options = "FORMAT csv, HEADER true" if as_csv else "FORMAT parquet"
        path = str(target).replace("'", "''")
        # view names come from the catalog, the path is quoted: no user SQL runs here
        con.execute(f"COPY (SELECT * FROM \"{view}\") TO '{path}' ({options})")
        written.append(target)
    return written
