"""Every bad-input case of the README's robustness list, through the real command line:
one plain line on stderr, exit code 2, no traceback, no library noise (Prefect's logs,
DuckDB's nanobind leak report) — under ``run``, ``replay``, ``serve``, ``eval``, ``sql``
and the reading commands. ``--debug`` brings the traceback back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def factdrift(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdrift.flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def one_line(proc: subprocess.CompletedProcess, expected: str) -> None:
    """Exit 2 and exactly one stderr line, factdrift's, naming the problem."""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert len(lines) == 1, proc.stderr[-3000:]
    assert lines[0].startswith("factdrift: error: ") and expected in lines[0], lines[0]


@pytest.fixture
def bad_manifest(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    manifest = folder / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("published = 2025-12-01", 'published = "yesterday"', 1))
    return folder


@pytest.fixture
def broken_story(tmp_path: Path) -> Path:
    story = tmp_path / "story.toml"
    story.write_text(
        (SEEDS / "story.toml").read_text().replace('kind = "money"', 'kind = "cash"', 1)
    )
    return story


@pytest.mark.flow
def test_run_with_a_bad_published_date(prefect_harness, bad_manifest: Path, tmp_path) -> None:
    from prefect.settings import PREFECT_API_URL

    proc = factdrift(
        "run", "--story", str(bad_manifest / "story.toml"), "--db", str(tmp_path / "f.duckdb"),
        env={"PREFECT_API_URL": PREFECT_API_URL.value()},
    )  # fmt: skip
    one_line(proc, "published must be a date")


def test_replay_with_a_bad_published_date(bad_manifest: Path, tmp_path: Path) -> None:
    proc = factdrift("replay", str(bad_manifest), "--db", str(tmp_path / "f.duckdb"))
    one_line(proc, "published must be a date")


@pytest.mark.flow
def test_replay_into_a_used_database(seeded_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "used.duckdb"
    shutil.copy(seeded_db, db)
    proc = factdrift("replay", str(SEEDS), "--db", str(db))
    one_line(proc, "replay into a new database file")


def test_broken_story_under_run_serve_and_replay(broken_story: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "f.duckdb")
    for command in (["run"], ["serve", "--every", "30"], ["replay", str(SEEDS)]):
        proc = factdrift(*command, "--story", str(broken_story), "--db", db)
        one_line(proc, "(key=maduro_bounty_usd).kind")


def test_bad_setting_under_every_command(tmp_path: Path) -> None:
    env = {"FACTDRIFT_ALERT_MAX_ATTEMPTS": "many"}
    for command in (["run"], ["serve"], ["replay", str(SEEDS)], ["eval", "tests/gold/seeds.jsonl"],
                    ["sql", "SELECT 1"], ["facts"]):  # fmt: skip
        one_line(factdrift(*command, env=env), "FACTDRIFT_ALERT_MAX_ATTEMPTS")


def test_database_that_is_not_duckdb_under_every_command(tmp_path: Path) -> None:
    bogus = tmp_path / "facts.duckdb"
    bogus.write_text("not a database")
    for command in (["run"], ["serve"], ["sql", "SELECT 1"], ["facts"], ["report"]):
        one_line(factdrift(*command, "--db", str(bogus)), "is not a DuckDB database")


def test_locked_database(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ok', flush=True); "
         "time.sleep(120)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ok"
        env = {"FACTDRIFT_LOCK_TIMEOUT_SECONDS": "0.5"}
        for command in (["run"], ["sql", "SELECT 1"], ["recheck", "--all"]):
            one_line(factdrift(*command, "--db", str(db), env=env), "is in use by another program")
    finally:
        holder.kill()
        holder.wait()


def test_bad_queries_options_and_arguments(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.duckdb")
    one_line(factdrift("sql", "SELECT 1", "--db", missing), "does not exist")
    one_line(factdrift("facts", "--db", missing), "does not exist")
    one_line(factdrift("eval", str(tmp_path / "gold.jsonl")), "does not exist")
    one_line(factdrift("serve", "--cron", "every tuesday"), "is not a cron expression")
    one_line(factdrift("serve", "--every", "1s"), "at least 5 seconds")
    one_line(factdrift("serve", "--every", "5", "--cron", "* * * * *"), "not both")
    one_line(factdrift("run", "--bogus"), "No such option")
    one_line(factdrift("recheck"), "--all")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    proc = factdrift("--debug", "eval", str(tmp_path / "gold.jsonl"))
    assert proc.returncode == 2
    assert "Traceback" in proc.stderr and "does not exist" in proc.stderr.splitlines()[-1]
