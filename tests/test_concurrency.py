"""Overlapping runs and deliveries on one database (issue 10): one writer at a time, each
alert delivered once. Real processes, a real DuckDB file, a real webhook on 127.0.0.1
counting POSTs per idempotency key."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
import webhook
from factdrift.pipelines.alerts import alert
from factdrift.pipelines.errors import RunInProgress
from factdrift.storage.db import connect
from factdrift.storage.runlock import lock_path, run_lock

ROOT = Path(__file__).resolve().parent.parent

DELIVER_SCRIPT = """
import sys
from factdrift.flows.deliver import configured_channels, deliver_due
from factdrift.pipelines.config import load_settings
settings = load_settings(db=sys.argv[1], apprise_urls=[sys.argv[2]], prefect_events=False)
print(deliver_due(settings, configured_channels(settings)).sent)
"""


@pytest.fixture
def receiver():
    yield from webhook.serve()


def _outbox(db: Path, url: str, n: int) -> list[str]:
    """``n`` pending alerts for the webhook channel; returns their ids."""
    channel = alert.channel_name(url)
    ids = [f"alert{i:02d}" for i in range(n)]
    with connect(db) as con:
        for alert_id in ids:
            con.execute(
                "INSERT INTO t_alerts (alert_id, change_id, channel, status, attempts, "
                "next_attempt_at, created_at, message) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)",
                [alert_id, f"c-{alert_id}", channel, datetime(2025, 1, 1), datetime(2025, 1, 1),
                 '{"story": "s", "label": "L", "fact_key": "f", "kind": "new_fact"}'],
            )  # fmt: skip
    return ids


def test_overlapping_deliveries_send_each_alert_once(tmp_path: Path, receiver) -> None:
    """Two processes deliver the same outbox at once: each row is claimed by one of them."""
    db = tmp_path / "f.duckdb"
    ids = _outbox(db, receiver.url, 8)
    receiver.delay = 0.2  # each POST takes a while, so the two deliveries overlap
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", DELIVER_SCRIPT, str(db), receiver.url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    per_key = Counter(r["key"] for r in receiver.requests)
    assert per_key == Counter(dict.fromkeys(ids, 1)), outs
    assert sum(int(out.strip()) for out, _ in outs) == len(ids)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT DISTINCT status FROM alerts").fetchall() == [("sent",)]


def test_run_lock_says_who_holds_it_and_is_released_on_exit(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from factdrift.storage.runlock import run_lock\n"
            f"with run_lock({str(db)!r}):\n"
            "    print('held', flush=True); time.sleep(60)\n",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        expected = rf"another run \(PID {holder.pid}\) is in progress"
        with pytest.raises(RunInProgress, match=expected), run_lock(db, wait=0.5):
            pass
        holder.kill()  # kill -9: no cleanup, the kernel drops the lock
        holder.wait(timeout=30)
        with run_lock(db, wait=5), run_lock(db):  # re-entrant in one process
            assert lock_path(db).exists()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


@pytest.mark.flow
def test_three_overlapping_runs_alert_once(prefect_harness, tmp_path: Path, receiver) -> None:
    """Three ``factdrift run`` at once: each alert reaches the webhook exactly once, every run
    completes (two wait for the lock) or exits 2 (one does not wait), no traceback."""
    from prefect.settings import PREFECT_API_URL

    db = tmp_path / "f.duckdb"
    base = {
        **os.environ,
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "FACTDRIFT_DB": str(db),
        "FACTDRIFT_APPRISE_URLS": receiver.url,
        "FACTDRIFT_PREFECT_EVENTS": "false",
    }
    receiver.delay = 0.05
    waits = ["600", "600", "0"]
    procs = []
    for wait in waits:
        env = {**base, "FACTDRIFT_RUN_LOCK_WAIT_SECONDS": wait}
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "factdrift.flows.cli", "run"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        time.sleep(0.3)
    outs = [p.communicate(timeout=600) for p in procs]
    codes = [p.returncode for p in procs]
    for code, (out, err) in zip(codes, outs, strict=True):
        assert "Traceback" not in err, err
        assert code in (0, 2), (code, out, err)
        if code == 2:
            lines = [line for line in err.splitlines() if line.strip()]
            assert len(lines) == 1 and "another run (PID " in lines[0], err
    assert codes[:2] == [0, 0]  # the waiting runs ran in turn

    per_key = Counter(r["key"] for r in receiver.requests)
    assert per_key, "the seed articles make alerts"
    assert set(per_key.values()) == {1}, per_key
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = con.execute("SELECT status, count(*) FROM runs GROUP BY ALL").fetchall()
        sent = con.execute("SELECT alert_id FROM alerts WHERE status = 'sent'").fetchall()
    assert dict(statuses) == {"completed": codes.count(0)}
    assert {row[0] for row in sent} == set(per_key)
