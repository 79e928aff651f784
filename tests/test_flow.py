"""Real flow runs under Prefect's test harness, on real DuckDB files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from factdrift.flows.run import factdrift_run
from factdrift.pipelines.config import load_settings
from factdrift.pipelines.story import load_story

pytestmark = pytest.mark.flow

COUNTS = {
    "articles": "SELECT count(*) FROM articles",
    "claims": "SELECT count(*) FROM claims",
    "changes": "SELECT count(*) FROM fact_changes",
    "alerts": "SELECT count(*) FROM alerts",
    "timeline": "SELECT count(*) FROM fact_timeline",
    "fetch_log": "SELECT count(*) FROM fetch_log",
}
CURRENT = "SELECT * FROM current_facts ORDER BY fact_key"


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _run(story_dir: Path, db: Path):
    settings = load_settings(db=db, story=story_dir / "story.toml")
    return factdrift_run(settings, load_story(settings.story))


def test_second_run_with_no_new_input_adds_nothing(prefect_harness, seed_copy, tmp_path) -> None:
    db = tmp_path / "f.duckdb"
    first = _run(seed_copy, db)
    after_first = _counts(db)
    facts_first = _rows(db, CURRENT)

    second = _run(seed_copy, db)

    assert first.totals.n_new_versions == 5
    assert first.totals.n_changes > 0 and after_first["claims"] > 0
    assert after_first["changes"] == first.totals.n_changes
    assert second.totals.n_new_versions == 0
    assert second.totals.n_new_claims == 0
    assert second.totals.n_changes == 0
    assert _counts(db) == after_first  # nothing but the runs row was added
    assert _rows(db, CURRENT) == facts_first
    assert _rows(db, "SELECT status FROM runs ORDER BY started_at") == [
        ("completed",),
        ("completed",),
    ]


def test_key_facts_of_the_seeds(seeded_db: Path) -> None:
    facts = {
        row[0]: row[1:]
        for row in _rows(
            seeded_db, "SELECT fact_key, low, high, n_outlets, status FROM current_facts"
        )
    }
    # Every seed reports the bounty as $50 million: exact, agreed by several outlets.
    assert facts["maduro_bounty_usd"][:2] == (50_000_000, 50_000_000)
    assert facts["maduro_bounty_usd"][2] >= 3
    assert facts["maduro_bounty_usd"][3] == "consistent"
    # "at least 83" (two outlets) and "more than 82" agree: at least 83.
    assert facts["boat_strike_deaths"][0] == 83
    assert facts["boat_strike_deaths"][1] is None


def test_bad_articles_are_logged_and_the_run_goes_on(prefect_harness, seed_copy, tmp_path) -> None:
    (seed_copy / "empty.txt").write_text("  \n\n ", encoding="utf-8")
    (seed_copy / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (seed_copy / "latin1.txt").write_bytes("Caf\xe9 in Caracas: 83 killed.".encode("latin-1") * 5)
    db = tmp_path / "f.duckdb"

    result = _run(seed_copy, db)

    assert result.totals.n_new_versions == 5
    assert result.totals.n_errors == 3
    errors = dict(
        _rows(
            db, "SELECT regexp_extract(url, '[^/]+$'), error FROM fetch_log WHERE outcome = 'error'"
        )
    )
    assert "no readable text" in errors["empty.txt"]
    assert "binary file" in errors["binary.txt"]
    assert "not valid UTF-8" in errors["latin1.txt"]
    assert _rows(db, "SELECT n_errors, status FROM runs") == [(3, "completed")]


def test_crash_mid_run_leaves_a_consistent_database_and_the_next_run_resumes(
    prefect_harness, seed_copy, tmp_path, monkeypatch
) -> None:
    db = tmp_path / "f.duckdb"

    def crash(*args, **kwargs):
        raise RuntimeError("simulated crash after storing articles")

    # Fault injection at a step boundary: articles and claims are stored, then the process
    # "dies" before reconciliation.
    monkeypatch.setattr("factdrift.flows.run.reconcile.fn", crash)
    with pytest.raises(RuntimeError):
        _run(seed_copy, db)
    monkeypatch.undo()
    crashed = _counts(db)
    assert crashed["articles"] == 5 and crashed["claims"] > 0
    assert crashed["changes"] == 0 and crashed["timeline"] == 0

    resumed = _run(seed_copy, db)

    assert resumed.totals.n_new_versions == 0  # articles were not stored twice
    assert resumed.totals.n_changes > 0  # the changes the crashed run never recorded
    # An exception is the run's own failure: marked failed with the reason (a killed
    # process is marked interrupted by the next run instead).
    statuses = _rows(db, "SELECT status, error FROM runs ORDER BY started_at")
    assert statuses == [
        ("failed", "RuntimeError: simulated crash after storing articles"),
        ("completed", None),
    ]
    assert _counts(db)["claims"] == crashed["claims"]


def test_edited_article_becomes_a_new_version(prefect_harness, seed_copy, tmp_path) -> None:
    db = tmp_path / "f.duckdb"
    _run(seed_copy, db)
    article = seed_copy / "004_b2b2366a866f5741.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("at least 83 people", "at least 87 people"),
        encoding="utf-8",
    )

    result = _run(seed_copy, db)

    assert result.totals.n_new_versions == 1
    versions = _rows(
        db,
        "SELECT version FROM articles WHERE url LIKE '%004_b2b2366a866f5741.txt' ORDER BY version",
    )
    assert versions == [(1,), (2,)]
    low = _rows(db, "SELECT low FROM current_facts WHERE fact_key = 'boat_strike_deaths'")
    assert low == [(87.0,)]
    kinds = {
        k for (k,) in _rows(db, f"SELECT kind FROM fact_changes WHERE run_id = '{result.run_id}'")
    }
    assert kinds & {"value_changed", "range_narrowed"}


def test_local_clock_schedule_runs_repeatedly_and_survives_a_failed_run(
    prefect_harness, seed_copy, tmp_path
) -> None:
    from datetime import timedelta

    from factdrift.flows.serve import Schedule, serve_with_local_clock

    db = tmp_path / "f.duckdb"
    lines: list[str] = []
    settings = load_settings(db=db, story=seed_copy / "story.toml")
    runs = serve_with_local_clock(
        settings, Schedule(every=timedelta(seconds=0.1)), lines.append, max_runs=2
    )
    assert runs == 2
    assert ": 5 new versions, " in lines[0]
    assert "0 new versions, 0 changes" in lines[1]

    (seed_copy / "story.toml").write_text("id = 'broken'\n", encoding="utf-8")
    lines.clear()
    serve_with_local_clock(settings, Schedule(every=timedelta(0)), lines.append, max_runs=1)
    assert lines[0].startswith("run failed: story file")
