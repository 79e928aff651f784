"""What a run killed outright leaves behind (issue 10, item 6).

No process: a real ``factdrift run`` in its own process, with no ``PREFECT_API_URL`` (so it needs a
temporary Prefect API of its own), is killed with SIGKILL while it is fetching a page
from a real HTTP server on 127.0.0.1 that holds the answer back. Every process it had
started must end, and nothing may listen any more on the ports those processes listened
on. Processes and sockets are read from /proc (Linux).

Its record of the inputs it could not use: a run that dies during extraction (``os._exit``
in a real flow run: no cleanup, no ``finally``) keeps its ``fetch_log`` rows.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from crash_script import run_flow_script
from factdrift.flows.serve import descendants, end_processes
from web_server import LocalSite, Route, article_page, send

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "seeds" / "004_b2b2366a866f5741.txt").read_text(encoding="utf-8")

KILLED = 86
#: A real flow run that dies (like kill -9: no exit handler, no finally) when extraction
#: starts, after discovery and reading have logged what they could not use.
DIES_DURING_EXTRACTION = f"""
import os
from factdrift.flows.prefect_env import apply_prefect_defaults
apply_prefect_defaults()
import factdrift.flows.steps

def die(*args, **kwargs):
    os._exit({KILLED})

factdrift.flows.steps.extract = die  # before flows.run wraps it in a task
from factdrift.flows.run import factdrift_run
from factdrift.pipelines.config import load_settings
from factdrift.pipelines.story import load_story
settings = load_settings()
factdrift_run(settings, load_story(settings.story))
"""


def _story(tmp: Path, page_url: str) -> Path:
    """The seed story over the seed articles and one URL list naming ``page_url``."""
    listing = tmp / "urls.txt"
    listing.write_text(page_url + "\n", encoding="utf-8")
    story = (ROOT / "seeds" / "story.toml").read_text(encoding="utf-8")
    sources = (
        f'[[sources]]\nkind = "folder"\nlocation = "{ROOT / "seeds"}"\n\n'
        f'[[sources]]\nkind = "urls"\nlocation = "{listing}"\n'
    )
    story = re.sub(r"\[\[sources\]\].*?(?=\n# -{10})", sources, story, flags=re.S)
    path = tmp / "story.toml"
    path.write_text(story, encoding="utf-8")
    return path


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    return inodes


def _listening() -> dict[str, int]:
    """Socket inode → port of every TCP socket in LISTEN state on this machine."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A":  # TCP_LISTEN
                    found[fields[9]] = int(fields[1].rsplit(":", 1)[1], 16)
    return found


def _listening_ports(pids: list[int]) -> set[int]:
    listening = _listening()
    return {listening[i] for pid in pids for i in _socket_inodes(pid) if i in listening}


def _running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie has ended: it waits only to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.flow
def test_a_killed_run_keeps_its_fetch_log(prefect_harness, seed_copy: Path, tmp_path: Path) -> None:

    (seed_copy / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    db = tmp_path / "f.duckdb"
    died = run_flow_script(DIES_DURING_EXTRACTION, db, seed_copy / "story.toml")
    assert died.returncode == KILLED, died.stderr[-2000:]
    with duckdb.connect(str(db), read_only=True) as con:
        [(run_id, status)] = con.execute("SELECT run_id, status FROM runs").fetchall()
        logged = con.execute(
            "SELECT run_id, regexp_extract(url, '[^/]+$'), error FROM fetch_log "
            "WHERE outcome = 'error'"
        ).fetchall()
        stored = con.execute("SELECT count(*) FROM articles").fetchone()
    assert status == "running"  # nobody was left to record the end
    assert logged == [(run_id, "binary.txt", logged[0][2])] and "binary file" in logged[0][2]
    assert stored == (0,)  # it died before storing: the next run redoes that work


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc")
def test_kill_9_leaves_no_prefect_server_behind(tmp_path: Path) -> None:
    reached, release = threading.Event(), threading.Event()
    page = article_page("Boat strikes", TEXT)

    def held_back(request, nth: int) -> int:
        reached.set()
        release.wait(300)
        with contextlib.suppress(OSError):  # the client is gone by then
            return send(request, 200, page, {"Content-Type": "text/html; charset=utf-8"})
        return 200

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PREFECT_API_") and key != "PREFECT_HOME"
    }
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "FACTDRIFT_ALLOW_PRIVATE_ADDRESSES": "true",
        "FACTDRIFT_PREFECT_EVENTS": "false",
    }
    children: list[int] = []
    with LocalSite() as site:
        site.routes["/news/held"] = Route(handler=held_back)
        story = _story(tmp_path, site.url("/news/held"))
        command = ["run", "--db", str(tmp_path / "f.duckdb"), "--story", str(story)]
        run = subprocess.Popen(
            [sys.executable, "-m", "factdrift.flows.cli", *command],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            if not reached.wait(300):  # the run is fetching: mid-run, Prefect's API up
                run.kill()
                pytest.fail("the run never fetched the page: " + run.communicate()[1].decode())
            children = descendants(run.pid)
            ports = _listening_ports(children)
            assert ports, "the run's temporary Prefect API should be listening"
            os.kill(run.pid, signal.SIGKILL)
            run.wait()
            deadline = time.monotonic() + 60  # a bound for the ending, not a speed check
            while any(map(_running, children)) and time.monotonic() < deadline:
                time.sleep(0.2)
            left = [pid for pid in children if _running(pid)]
            assert left == [], f"processes left behind by the killed run: {left}"
            assert not ports & set(_listening().values()), ports
        finally:
            release.set()
            with contextlib.suppress(ProcessLookupError):
                run.kill()
            end_processes([pid for pid in children if _running(pid)], grace_seconds=5)
