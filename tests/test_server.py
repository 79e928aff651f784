"""Scheduled runs on a real Prefect server (``prefect server start`` on 127.0.0.1).

``factdrift serve`` is served to the server with a short interval; the server's scheduler
starts the runs. The test sees scheduled runs COMPLETED on the server and as ``runs`` rows,
then a scheduled run that fails (the story file broken meanwhile) as a failed ``runs`` row
with its reason, then stops ``serve`` with SIGTERM and the server, and checks by PID that
no process it saw is left.
"""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path

import duckdb
import pytest
from prefect_server import (
    FACTDRIFT,
    PREFECT,
    flow_runs,
    free_port,
    processes_below,
    server_env,
    start,
    stop_group,
    wait_gone,
    wait_healthy,
)

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.server


def _wait_for(predicate, watch, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        watch()
        found = predicate()
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_on_a_prefect_server_runs_records_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    env = server_env(tmp_path, port)
    api = env["PREFECT_API_URL"]
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    db = tmp_path / "facts.duckdb"
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    seen: set[int] = set()
    server = start(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, server_log
    )
    serve = None
    try:
        wait_healthy(api, server, server_log)
        serve = start(
            [FACTDRIFT, "serve", "--every", "10s", "--story", str(seeds / "story.toml"),
             "--db", str(db)],
            env,
            serve_log,
        )  # fmt: skip

        def watch() -> None:
            seen.update({server.pid, serve.pid} | processes_below(server.pid))
            seen.update(processes_below(serve.pid))
            assert serve.poll() is None, serve_log.read_text()

        def completed():
            runs = [
                r
                for r in flow_runs(api, "factdrift")
                if r["state_type"] == "COMPLETED" and r["auto_scheduled"]
            ]
            return runs if len(runs) >= 2 else None

        done = _wait_for(completed, watch, 300, "two scheduled runs COMPLETED")

        # a scheduled run that fails is a `runs` row with its reason
        (seeds / "story.toml").write_text("this is = not [ a story\n")

        def failed():
            runs = [r for r in flow_runs(api, "factdrift") if r["state_type"] == "FAILED"]
            return runs or None

        _wait_for(failed, watch, 180, "a scheduled run FAILED")
        watch()
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(60) == 0, serve_log.read_text()
        assert "factdrift serve: stopped" in serve_log.read_text()
    finally:
        if serve is not None:
            stop_group(serve)
        stop_group(server)

    left = wait_gone(seen)
    assert not left, f"processes left behind: {sorted(left)}"
    assert len(seen) >= 3  # the server, serve, and at least one flow-run process were seen

    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT status, error, flow_run_id FROM runs").fetchall()
    con.close()
    completed_ids = {r["id"] for r in done}
    completed_rows = [r for r in rows if r[0] == "completed" and r[2] in completed_ids]
    assert len(completed_rows) >= 2, rows
    failed_rows = [r for r in rows if r[0] == "failed"]
    assert failed_rows and "story" in failed_rows[0][1], rows


def test_serve_on_its_own_clock_stops_on_sigterm_with_its_temporary_api(tmp_path: Path) -> None:
    """Without a server, Prefect starts a temporary API process for `serve`; SIGTERM must
    end it too (it used to be left running)."""
    env = {k: v for k, v in server_env(tmp_path, 1).items() if k != "PREFECT_API_URL"}
    log = tmp_path / "serve.log"
    serve = start(
        [FACTDRIFT, "serve", "--every", "30", "--db", str(tmp_path / "f.duckdb")], env, log
    )
    seen: set[int] = {serve.pid}
    try:

        def ran():
            seen.update(processes_below(serve.pid))
            assert serve.poll() is None, log.read_text()
            return "run " in log.read_text()

        _wait_for(ran, lambda: None, 240, "the first run")
        seen.update(processes_below(serve.pid))
        assert len(seen) >= 2  # serve and the temporary API it started
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(60) == 0, log.read_text()
    finally:
        stop_group(serve)
    assert "factdrift serve: stopped" in log.read_text()
    assert not wait_gone(seen), "processes left behind"
