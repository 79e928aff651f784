"""The reading commands on a replayed corpus, as a user runs them (a real process each):
``facts``, ``history``, ``changes``, ``sources``, ``export``, and ``sql``'s formats."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.flow


def factdrift(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdrift.flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=os.environ.copy(),
    )


def _json_lines(proc: subprocess.CompletedProcess) -> list[dict]:
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _view(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_facts_lists_each_current_fact_with_its_unit(replayed_db: Path) -> None:
    rows = _json_lines(factdrift("facts", "--db", str(replayed_db)))  # piped: JSON lines
    expected = _view(replayed_db, "SELECT fact_key, status FROM current_facts ORDER BY 1")
    assert [(r["fact"], r["status"].split(" ")[0]) for r in rows] == expected
    deaths = next(r for r in rows if r["fact"] == "boat_strike_deaths")
    assert deaths["value"].endswith(" people")
    table = factdrift("facts", "--db", str(replayed_db), "--format", "table")
    assert "boat_strike_deaths" in table.stdout and "people" in table.stdout


def test_history_shows_every_claim_with_outlet_sentence_and_estimate(replayed_db: Path) -> None:
    rows = _json_lines(factdrift("history", "boat_strike_deaths", "--db", str(replayed_db)))
    [(n_claims,)] = _view(
        replayed_db,
        "SELECT count(*) FROM claims c JOIN articles a USING (version_id) "
        "WHERE a.is_latest AND c.fact_key = 'boat_strike_deaths' AND c.repeat_of IS NULL",
    )
    assert len(rows) == n_claims > 3
    days = [r["published"] for r in rows]
    assert days == sorted(days)
    assert all(r["outlet"] and r["sentence"] and r["url"] for r in rows)
    assert {r["estimate"] for r in rows} >= {"14", "17"}  # the estimate moved over the weeks

    unknown = factdrift("history", "no_such_fact", "--db", str(replayed_db))
    assert unknown.returncode == 2 and "no fact 'no_such_fact'" in unknown.stderr


def test_changes_since_a_day(replayed_db: Path) -> None:
    every = _json_lines(factdrift("changes", "--db", str(replayed_db)))
    later = _json_lines(factdrift("changes", "--since", "2025-09-20", "--db", str(replayed_db)))
    [(n_all,)] = _view(replayed_db, "SELECT count(*) FROM fact_changes")
    [(n_later,)] = _view(
        replayed_db, "SELECT count(*) FROM fact_changes WHERE detected_at >= DATE '2025-09-20'"
    )
    assert len(every) == n_all and len(later) == n_later and 0 < n_later < n_all
    assert all(r["detected_at"] >= "2025-09-20" for r in later)
    bad = factdrift("changes", "--since", "last tuesday", "--db", str(replayed_db))
    assert bad.returncode == 2 and "is not a day" in bad.stderr


def test_sources_counts_firsts_and_disagreements(replayed_db: Path) -> None:
    rows = _json_lines(factdrift("sources", "--db", str(replayed_db)))
    outlets = {r["outlet"]: r for r in rows}
    [(n_outlets,)] = _view(replayed_db, "SELECT count(DISTINCT outlet) FROM articles")
    assert len(outlets) == n_outlets
    assert sum(r["n_first"] for r in rows) > 0
    # the corpus has a conflict (the toll on 09-20): someone was at odds with the estimate
    assert sum(r["n_disagreed"] for r in rows) > 0
    assert all(r["n_disagreed"] <= r["n_claims"] for r in rows)


def test_export_writes_every_view_to_parquet_and_csv(replayed_db: Path, tmp_path: Path) -> None:
    out = factdrift("export", str(tmp_path / "pq"), "--db", str(replayed_db))
    assert out.returncode == 0, out.stderr
    files = sorted(p.name for p in (tmp_path / "pq").iterdir())
    assert (
        "current_facts.parquet" in files and "alerts.parquet" in files and "runs.parquet" in files
    )
    con = duckdb.connect()
    exported = con.execute(
        f"SELECT count(*) FROM read_parquet('{tmp_path / 'pq' / 'claims.parquet'}')"
    ).fetchone()
    assert [exported] == _view(replayed_db, "SELECT count(*) FROM claims")
    as_csv = factdrift("export", str(tmp_path / "csv"), "--csv", "--db", str(replayed_db))
    assert as_csv.returncode == 0, as_csv.stderr
    with open(tmp_path / "csv" / "runs.csv", encoding="utf-8") as f:
        runs = list(csv.DictReader(f))
    assert len(runs) == _view(replayed_db, "SELECT count(*) FROM runs")[0][0]


def test_sql_formats_and_json_columns(replayed_db: Path) -> None:
    db = str(replayed_db)
    message = _json_lines(factdrift("sql", "SELECT message FROM alerts LIMIT 1", "--db", db))
    assert isinstance(message[0]["message"], dict)  # JSON stays JSON, not a string in JSON
    as_csv = factdrift(
        "sql", "SELECT fact_key, n_outlets FROM current_facts", "-f", "csv", "--db", db
    )
    parsed = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert parsed[0] == ["fact_key", "n_outlets"] and len(parsed) > 2
    markdown = factdrift("sql", "SELECT 1 AS a", "--format", "markdown", "--db", db)
    assert markdown.stdout.splitlines()[:3] == ["| a |", "|---|", "| 1 |"]
