"""Honest run reports and alerts a person can act on, through the real command line with a
real webhook on 127.0.0.1: with the webhook down the summary counts the failures and the
run exits 3; with it up, one alert per fact per run, with units, both sides of a
conflict and the article link."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import webhook

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.flow


def factdrift(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdrift.flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, **env},
    )


def _env(db: Path, url: str) -> dict:
    from prefect.settings import PREFECT_API_URL

    return {
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "FACTDRIFT_DB": str(db),
        "FACTDRIFT_APPRISE_URLS": url,
        "FACTDRIFT_PREFECT_EVENTS": "false",
    }


def _one(db: Path, sql: str) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def test_webhook_down_counts_failures_and_exits_3(prefect_harness, tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = tmp_path / "f.duckdb"
    proc = factdrift("run", env=_env(db, f"json://127.0.0.1:{port}/hook"))
    assert proc.returncode == 3, proc.stderr
    (n_facts,) = _one(db, "SELECT count(DISTINCT fact_key) FROM fact_changes WHERE alert")
    assert n_facts > 5
    head = proc.stdout.splitlines()[0]
    assert f"0 alerts delivered, {n_facts} failed, {n_facts} pending" in head
    assert re.search(rf"apprise:json:\w+: 0 delivered, {n_facts} failed, {n_facts} pending",
                     proc.stdout)  # fmt: skip
    [warning] = [line for line in proc.stderr.splitlines() if line.strip()]
    assert warning.startswith("factdrift: warning: no alert could be delivered")
    row = _one(db, "SELECT status, n_alerts_sent, n_alerts_failed, n_alerts_pending FROM runs")
    assert row == ("completed", 0, n_facts, n_facts)


def test_webhook_up_one_alert_per_fact_with_units_sides_and_link(
    prefect_harness, tmp_path: Path
) -> None:
    gen = webhook.serve()
    receiver = next(gen)
    try:
        proc = factdrift("run", env=_env(tmp_path / "f.duckdb", receiver.url))
    finally:
        gen.close()
    assert proc.returncode == 0, proc.stderr
    db = tmp_path / "f.duckdb"
    (n_facts,) = _one(db, "SELECT count(DISTINCT fact_key) FROM fact_changes WHERE alert")
    messages = [r["payload"]["message"] for r in receiver.accepted]
    assert len(messages) == n_facts  # one alert per fact per run
    assert f"{n_facts} alerts delivered, 0 failed, 0 pending" in proc.stdout.splitlines()[0]
    assert all("\nArticle: file://" in m for m in messages)  # the link to the article
    deaths = next(m for m in messages if m.startswith("People killed in US strikes"))
    assert "at least 83 people" in deaths  # the fact's unit
    bounty = next(m for m in messages if m.startswith("US reward for Maduro"))
    assert "$50,000,000" in bounty
    # the call date is in conflict: the message lists every side with its outlets
    call = next(m for m in messages if m.startswith("Date of the Trump–Maduro phone call"))
    sides = [line for line in call.splitlines() if line.startswith("  ")]
    assert len(sides) >= 2, call
    assert all(re.match(r"  \S.*: \S", line) for line in sides)
