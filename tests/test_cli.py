"""The console command as a user runs it: one plain line per error, exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def factdrift(
    *args: str, env: dict | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdrift.flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
    )


def _assert_one_line_error(proc: subprocess.CompletedProcess, expected: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("factdrift: error: ")
    assert expected in lines[0]


def test_database_that_is_not_duckdb(tmp_path: Path) -> None:
    bogus = tmp_path / "facts.duckdb"
    bogus.write_text("not a database")
    _assert_one_line_error(factdrift("run", "--db", str(bogus)), "is not a DuckDB database")


def test_broken_story_file(tmp_path: Path) -> None:
    story = tmp_path / "story.toml"
    story.write_text(
        (ROOT / "seeds/story.toml").read_text().replace('kind = "money"', 'kind = "cash"', 1)
    )
    proc = factdrift("run", "--story", str(story), "--db", str(tmp_path / "f.duckdb"))
    _assert_one_line_error(proc, "(key=maduro_bounty_usd).kind")


def test_bad_setting_from_environment(tmp_path: Path) -> None:
    proc = factdrift("run", env={"FACTDRIFT_LOCK_TIMEOUT_SECONDS": "soon"})
    _assert_one_line_error(proc, "FACTDRIFT_LOCK_TIMEOUT_SECONDS")


@pytest.mark.flow
def test_run_prints_the_summary_and_sql_reads_it(prefect_harness, tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL

    env = {"PREFECT_API_URL": PREFECT_API_URL.value(), "FACTDRIFT_DB": str(tmp_path / "f.duckdb")}
    proc = factdrift("run", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "5 articles, 5 new versions" in proc.stdout
    assert "maduro_bounty_usd" in proc.stdout and "50,000,000" in proc.stdout
    assert "changes since the last run:" in proc.stdout

    again = factdrift("run", env=env)
    assert "0 new versions, 0 new claims, 0 changes" in again.stdout
    assert "no changes since the last run" in again.stdout

    rows = factdrift("sql", "SELECT count(*) AS n FROM runs", env=env)
    assert rows.stdout.strip() == '{"n": 2}'
