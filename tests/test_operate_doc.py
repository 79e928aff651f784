"""docs/operate.md's deployment sequence, command by command, against a real Prefect server.

The test takes the bash block of "Deploy with prefect.yaml" as written, changes only the
two things a reader is told to change (the folder and, here, the port), runs it with bash
from the repository root, and waits for the deployment's run to complete on the server
and land in the database in FACTDRIFT_HOME. Then it stops every process the block started
and checks by PID that none is left.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from prefect_server import (
    flow_runs,
    free_port,
    processes_in_session,
    server_env,
    stop_session,
    wait_gone,
)

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.server


def deploy_block() -> str:
    """The first bash block under the '## Deploy with prefect.yaml' heading."""
    text = (ROOT / "docs" / "operate.md").read_text(encoding="utf-8")
    section = text.split("## Deploy with prefect.yaml", 1)[1]
    match = re.search(r"```bash\n(.*?)```", section, re.S)
    assert match, "no bash block in the deploy section"
    return match.group(1)


def test_the_deploy_sequence_of_the_docs_runs_the_flow(tmp_path: Path) -> None:
    port = free_port()
    home = tmp_path / "factdrift-home"
    script = deploy_block().replace("/srv/factdrift", str(home)).replace("4200", str(port))
    env = {k: v for k, v in server_env(tmp_path, port).items() if not k.startswith("FACTDRIFT_")}
    for name in ("PREFECT_API_URL", "DO_NOT_TRACK", "PREFECT_SERVER_ANALYTICS_ENABLED"):
        env.pop(name)  # the block sets these itself
    log = tmp_path / "block.log"
    with open(log, "wb") as out:
        shell = subprocess.Popen(
            ["bash", "-e", "-c", script],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    seen: set[int] = set()
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 420
        done = []
        while time.monotonic() < deadline and not done:
            seen |= processes_in_session(shell.pid)
            code = shell.poll()
            assert code in (None, 0), log.read_text()
            if code == 0:
                runs = flow_runs(api, "factdrift-hourly")
                done = [r for r in runs if r["state_type"] == "COMPLETED"]
                failed = [r for r in runs if r["state_type"] in ("FAILED", "CRASHED")]
                assert not failed, (home / "worker.log").read_text()[-3000:]
            time.sleep(1)
        assert done, f"no completed run: {log.read_text()[-2000:]}"
    finally:
        seen |= processes_in_session(shell.pid)
        stop_session(shell.pid)
        if shell.poll() is None:
            shell.wait(10)
    assert not wait_gone(seen), "processes left behind"
    assert len(seen) >= 3  # bash's server and worker, at least

    con = duckdb.connect(str(home / "factdrift.duckdb"), read_only=True)
    rows = con.execute("SELECT status, flow_run_id, n_new_versions FROM runs").fetchall()
    con.close()
    assert ("completed", done[0]["id"], 5) in rows
