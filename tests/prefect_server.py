"""Helpers for tests that run a real Prefect server on 127.0.0.1 (``prefect server start``).

Every process a test starts is started in its own session, and every process seen below
it is remembered by PID, so a test can prove that stopping left nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
PREFECT = str(BIN / "prefect")
FACTDRIFT = str(BIN / "factdrift")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(home: Path, port: int) -> dict[str, str]:
    """The environment the docs give a Prefect server and its clients (telemetry off)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        {
            "PREFECT_HOME": str(home / "prefect-home"),
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
        }
    )
    return env


def start(args: list[str], env: dict, log: Path, cwd: Path | None = None) -> subprocess.Popen:
    """Start a long-running command in its own session, output to ``log``."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_healthy(api_url: str, proc: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    """Wait until the server answers /health (it takes 20-60 s on a busy 2-core machine)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"prefect server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise AssertionError(f"prefect server not healthy after {timeout} s")


def flow_runs(api_url: str, deployment: str | None = None) -> list[dict]:
    """Every flow run the server knows (optionally of one deployment name)."""
    runs = httpx.post(f"{api_url}/flow_runs/filter", json={"limit": 200}, timeout=10).json()
    if deployment is None:
        return runs
    deployments = httpx.post(f"{api_url}/deployments/filter", json={}, timeout=10).json()
    ids = {d["id"] for d in deployments if d["name"] == deployment}
    return [r for r in runs if r.get("deployment_id") in ids]


def processes_below(pid: int) -> set[int]:
    """PIDs of every process under ``pid`` right now, from /proc."""
    parent_of = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent_of[int(entry.name)] = int(fields[1])
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        children = {p for p, pp in parent_of.items() if pp == parent}
        found |= children
        frontier += list(children)
    return found


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def stop_group(proc: subprocess.Popen, timeout: float = 60) -> None:
    """SIGTERM the session a test started (its leader's process group), then SIGKILL."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def wait_gone(pids: set[int], timeout: float = 30) -> set[int]:
    """Wait for the PIDs to end; return those still alive after ``timeout``."""
    deadline = time.monotonic() + timeout
    left = {p for p in pids if alive(p)}
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = {p for p in left if alive(p)}
    return left


def processes_in_session(sid: int) -> set[int]:
    """PIDs of every live process of session ``sid`` (a test starts each in its own)."""
    found = set()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def stop_session(sid: int, timeout: float = 60) -> None:
    """SIGTERM every process of a session the test started, then SIGKILL what is left."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_in_session(sid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        if not wait_gone(processes_in_session(sid), timeout):
            return
