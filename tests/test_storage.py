"""Storage against real DuckDB files: schema, migrations, idempotent writes, bad files."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from factdrift.pipelines.errors import DatabaseLocked, NotADatabase, StorageError
from factdrift.pipelines.model import ArticleText, Claim
from factdrift.storage import store
from factdrift.storage.db import Row, connect, insert_grouped, transaction

# The public views and the columns each one must keep (docs/sql.md). Views may gain columns.
REQUIRED_COLUMNS = {
    "articles": "article_id url outlet title published_at published_basis fetched_at "
    "content_hash version",
    "claims": "claim_id article_id fact_key subject kind qualifier low high date_low date_high "
    "unit hedged attribution sentence span_start span_end extractor_version",
    "fact_timeline": "fact_key as_of low high date_low date_high status n_claims n_outlets",
    "current_facts": "fact_key low high date_low date_high status n_claims n_outlets",
    "fact_changes": "change_id run_id fact_key kind old new detected_at",
    "alerts": "alert_id change_id channel status attempts idempotency_key",
    "runs": "run_id started_at finished_at status",
    "fetch_log": "url status bytes error",
}


def _article(text: str = "At least 83 people have been killed in 21 strikes.") -> ArticleText:
    return ArticleText(
        url="file:///tmp/a.txt",
        outlet="Test Outlet",
        title="A",
        text=text,
        published=date(2025, 12, 1),
        published_basis="stated",
        content_hash="h" + str(len(text)),
    )


def _claim() -> Claim:
    return Claim(
        fact_key="boat_strike_deaths",
        subject="people",
        kind="count",
        qualifier="at_least",
        unit="people",
        sentence="At least 83 people have been killed in 21 strikes.",
        span_start=0,
        span_end=11,
        value=83,
        low=83,
        high=None,
    )


def test_schema_creates_every_public_view_with_required_columns(tmp_path: Path) -> None:
    with connect(tmp_path / "f.duckdb") as con:
        for view, columns in REQUIRED_COLUMNS.items():
            have = {row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()}
            missing = set(columns.split()) - have
            assert not missing, f"{view} lacks {missing}"


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    for _ in range(2):
        with connect(db) as con:
            versions = con.execute("SELECT version FROM schema_migrations").fetchall()
    assert versions == [(1,)]


def test_storing_a_version_twice_is_refused_and_claims_are_keyed_by_content(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    with connect(db) as con:
        batch = [store.NewVersion(_article(), 1, [_claim()])]
        n = store.store_article_versions(con, batch, run_id="r1", extractor_version="t")
        assert n == 1
        with pytest.raises(Exception, match=r"(?i)constraint"):
            store.store_article_versions(con, batch, run_id="r1", extractor_version="t")
        # the failed second write left nothing behind (one transaction)
        assert con.execute("SELECT count(*) FROM claims").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        row = con.execute("SELECT low, high, qualifier FROM claims").fetchone()
    assert row == (83.0, None, "at_least")


def test_grouped_rows_land_per_table_and_an_upsert_keeps_the_last_row_of_a_key(
    tmp_path: Path,
) -> None:
    meta = ("version_id", "author", "site_name", "final_url")
    rows = [
        Row("t_page_meta", meta, ("v1", "First Author", None, None), "replace"),
        Row("t_page_meta", meta, ("v2", None, "Site", None), "replace"),
        Row("t_page_meta", meta, ("v1", "Second Author", None, "https://x.test/a"), "replace"),
    ]
    with connect(tmp_path / "f.duckdb") as con:
        con.execute("INSERT INTO t_page_meta VALUES ('v2', 'Stored', NULL, NULL)")
        insert_grouped(con, rows)
        stored = con.execute("SELECT * FROM t_page_meta ORDER BY version_id").fetchall()
    assert stored == [
        ("v1", "Second Author", None, "https://x.test/a"),
        ("v2", None, "Site", None),
    ]


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    with connect(tmp_path / "f.duckdb") as con:
        with pytest.raises(RuntimeError), transaction(con):
            store.start_run(con, "r1", "story", None)
            raise RuntimeError("crash mid-write")
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (0,)


def test_not_a_database_file_is_a_plain_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(NotADatabase, match="is not a DuckDB database"), connect(bogus):
        pass
    assert "my notes" in bogus.read_text()  # nothing was overwritten


def test_missing_folder_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"), connect(tmp_path / "no" / "x.duckdb"):
        pass


def test_locked_database_waits_then_says_who_holds_it(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    with connect(db):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                con = duckdb.connect({str(db)!r})
                print("locked", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        locked = pytest.raises(DatabaseLocked, match=r"in use by another program \(process \d+\)")
        with locked, connect(db, lock_timeout=0.5):
            pass
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    with connect(db):  # released: usable again
        pass


def test_numbered_migration_applies_once_and_schema_changes_reapply(tmp_path, monkeypatch) -> None:
    from factdrift.storage import db as db_module

    path = tmp_path / "f.duckdb"
    with connect(path):
        pass
    extra = ((2, "002_note.sql", "ALTER TABLE t_runs ADD COLUMN note VARCHAR;"),)
    monkeypatch.setattr(db_module, "_migrations", lambda: extra)
    for _ in range(2):  # the second open must not run the ALTER again (it would fail)
        with connect(path) as con:
            versions = con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
            con.execute("SELECT note FROM t_runs").fetchall()
    assert versions == [(1,), (2,)]
    monkeypatch.setattr(db_module, "_schema_stamp", lambda: "schema.sql changed")
    with connect(path) as con:  # a changed schema.sql is re-applied and re-stamped
        stamp = con.execute("SELECT name FROM schema_migrations WHERE version = 1").fetchone()
    assert stamp == ("schema.sql changed",)
