"""Hostile input through the command line, as a hostile user would try it (issue 10).

Each row of each table goes through the real ``factdrift`` command in a subprocess, on a
real DuckDB file, and asserts the exit code, one plain line on stderr and no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from factdrift.storage.db import connect

ROOT = Path(__file__).resolve().parent.parent


def factdrift(
    *args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdrift.flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
    )


def assert_one_plain_line(proc: subprocess.CompletedProcess, expected: str, code: int = 2) -> None:
    """Exit ``code``, exactly one stderr line naming the problem, no traceback."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("factdrift: error: "), lines[0]
    assert expected in lines[0], lines[0]


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    """A migrated factdrift database with one row in ``runs``, next to a secrets file."""
    db = tmp_path / "facts.duckdb"
    with connect(db) as con:
        con.execute(
            "INSERT INTO t_runs (run_id, story_id, started_at, status) "
            "VALUES ('r1', 's', now(), 'completed')"
        )
    (tmp_path / "secrets.txt").write_text("password=hunter2\n")
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE precious AS SELECT 42 AS answer")
    return db


# --------------------------------------------------------------------------- factdrift sql

REFUSED_SQL = [
    ("COPY (SELECT * FROM runs) TO '{db}' (FORMAT csv)", "COPY statements are not allowed"),
    ("COPY (SELECT 1) TO '{dir}/out.csv'", "COPY statements are not allowed"),
    ("ATTACH '{dir}/other.duckdb' AS o (READ_WRITE)", "ATTACH statements are not allowed"),
    ("EXPORT DATABASE '{dir}/dump'", "EXPORT statements are not allowed"),
    ("INSTALL httpfs", "INSTALL statements are not allowed"),
    ("LOAD httpfs", "LOAD statements are not allowed"),
    ("PRAGMA enable_external_access", "PRAGMA statements are not allowed"),
    ("SET enable_external_access = true", "SET statements are not allowed"),
    ("RESET lock_configuration", "statements are not allowed"),
    ("CALL pragma_version()", "CALL statements are not allowed"),
    ("DELETE FROM t_runs", "DELETE statements are not allowed"),
    ("CREATE TABLE x AS SELECT 1", "CREATE statements are not allowed"),
    ("SELECT 1; DELETE FROM t_runs", "one statement at a time"),
    ("SELECT 1; SELECT 2", "one statement at a time"),
    ("SELECT * FROM read_text('{dir}/secrets.txt')", "not files or other databases"),
    ("SELECT * FROM read_blob('{dir}/secrets.txt')", "not files or other databases"),
    ("SELECT * FROM read_csv('{dir}/secrets.txt')", "not files or other databases"),
    ("SELECT * FROM glob('{dir}/*')", "not files or other databases"),
    ("SELECT * FROM '{dir}/secrets.txt'", "query failed"),
    ("SELECT * FROM query('COPY (SELECT 1) TO ''{dir}/q.csv''')", "query failed"),
    ("SELEC 1", "query failed: Parser Error"),
]


@pytest.mark.parametrize(("template", "expected"), REFUSED_SQL, ids=lambda v: v[:40])
def test_sql_refuses_anything_but_one_read(small_db: Path, template: str, expected: str) -> None:
    folder = small_db.parent
    before = small_db.read_bytes()
    query = template.format(db=small_db, dir=folder)
    proc = factdrift("sql", "--db", str(small_db), query)
    assert_one_plain_line(proc, expected)
    assert "hunter2" not in proc.stdout + proc.stderr
    # Nothing written: the database, the other database and the folder are as they were.
    assert small_db.read_bytes() == before
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["facts.duckdb", "other.duckdb", "secrets.txt"]
    with duckdb.connect(str(folder / "other.duckdb"), read_only=True) as con:
        assert con.execute("SELECT answer FROM precious").fetchall() == [(42,)]


@pytest.mark.parametrize(
    ("query", "first_line"),
    [
        ("SELECT count(*) AS n FROM runs", '{"n": 1}'),
        ("WITH r AS (SELECT run_id FROM runs) SELECT run_id FROM r", '{"run_id": "r1"}'),
        ("DESCRIBE runs", '"column_name": "run_id"'),
        ("SHOW TABLES", '"name": "alerts"'),
        ("SUMMARIZE SELECT 1 AS one", '"column_name": "one"'),
        ("EXPLAIN SELECT 1", '"explain_key": "physical_plan"'),
    ],
)
def test_sql_runs_read_statements(small_db: Path, query: str, first_line: str) -> None:
    proc = factdrift("sql", "--db", str(small_db), query)
    assert proc.returncode == 0, proc.stderr
    assert first_line in proc.stdout.splitlines()[0]


def test_sql_stops_a_runaway_query(small_db: Path) -> None:
    query = "SELECT count(*) FROM range(1000000000) a, range(1000000000) b"
    proc = factdrift("sql", "--db", str(small_db), "--timeout", "1", query, timeout=120)
    assert_one_plain_line(proc, "query stopped after 1 s")


def test_sql_memory_limit_is_applied(small_db: Path) -> None:
    proc = factdrift(
        "sql",
        "--db",
        str(small_db),
        "SELECT current_setting('memory_limit') AS m",
        env={"FACTDRIFT_SQL_MEMORY_LIMIT": "300MB"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() in ('{"m": "286.1 MiB"}', '{"m": "300.0 MB"}')


def test_every_connection_is_locked_down(tmp_path: Path) -> None:
    """The run's own connections: no files, no extensions, settings cannot be changed."""
    with connect(tmp_path / "f.duckdb") as con:
        settings = dict(
            con.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name IN ("
                "'enable_external_access', 'autoinstall_known_extensions', "
                "'autoload_known_extensions', 'lock_configuration')"
            ).fetchall()
        )
        assert settings == {
            "enable_external_access": "false",
            "autoinstall_known_extensions": "false",
            "autoload_known_extensions": "false",
            "lock_configuration": "true",
        }
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.PermissionException):
            con.execute("INSTALL httpfs")


def test_sqlite_file_as_db_is_refused_without_reaching_out(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "facts.sqlite"
    with sqlite3.connect(path) as lite:
        lite.execute("CREATE TABLE t (a)")
    proc = factdrift("sql", "--db", str(path), "SELECT 1")
    assert_one_plain_line(proc, "is not a DuckDB database")
