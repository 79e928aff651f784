"""A database on a disk that fills up (issue 10, item 6).

The disk is real: a small tmpfs mounted for the test (needs the right to mount, which a
root test run has; elsewhere the tests are skipped and say why). The database file, its
WAL and DuckDB's temporary directory (``<db>.tmp``) all live on it.
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
STORY = ROOT / "seeds" / "story.toml"
#: Sorting this does not fit in 120 MB of memory: DuckDB spills to its temporary directory.
SPILLING_QUERY = (
    "SELECT count(DISTINCT s) FROM (SELECT md5(range::VARCHAR) || md5(range::VARCHAR) AS s "
    "FROM range(3000000) ORDER BY s)"
)
IDS = {
    "versions": "SELECT version_id FROM t_article_versions",
    "claims": "SELECT claim_id FROM t_claims",
    "changes": "SELECT change_id FROM t_fact_changes",
}


class SmallDisk:
    """A tmpfs of ``size`` bytes mounted at ``path``; :meth:`resize` grows or shrinks it."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        path.mkdir()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")

    def resize(self, size: int) -> None:
        subprocess.run(
            ["mount", "-o", f"remount,size={size}", str(self.path)], check=True, timeout=30
        )

    def fill(self) -> None:
        """Write a file until the disk has no room left."""
        fd = os.open(self.path / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"x" * 65536)
        except OSError:
            pass
        finally:
            os.close(fd)

    def unmount(self) -> None:
        subprocess.run(["umount", str(self.path)], check=False, timeout=30)


@pytest.fixture
def small_disk(tmp_path: Path):
    """Make a SmallDisk with ``small_disk(size)``; every one is unmounted afterwards."""
    if not sys.platform.startswith("linux"):
        pytest.skip("tmpfs mounts are Linux")
    disks: list[SmallDisk] = []

    def make(size: int) -> SmallDisk:
        disk = SmallDisk(tmp_path / f"disk{len(disks)}", size)
        disks.append(disk)
        return disk

    yield make
    for disk in disks:
        disk.unmount()


def factdrift(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdrift.flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def one_line(proc: subprocess.CompletedProcess, code: int, expected: str) -> str:
    assert proc.returncode == code, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("factdrift: error: ") and expected in lines[0], lines[0]
    return lines[0]


def ids(db: Path) -> dict[str, set[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: {r[0] for r in con.execute(sql).fetchall()} for name, sql in IDS.items()}


def statuses(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT status, error FROM runs ORDER BY started_at").fetchall()


@pytest.mark.flow
def test_a_run_that_fills_the_disk_fails_in_one_line_and_the_next_resumes(
    prefect_harness, tmp_path: Path, small_disk
) -> None:
    from prefect.settings import PREFECT_API_URL

    env = {"PREFECT_API_URL": str(PREFECT_API_URL.value()), "FACTDRIFT_PREFECT_EVENTS": "false"}
    clean_db = tmp_path / "clean.duckdb"
    assert factdrift("run", "--story", str(STORY), "--db", str(clean_db), env=env).returncode == 0
    clean = ids(clean_db)
    assert all(clean.values())

    # Half the room a clean run needs: the schema fits, the run's articles do not.
    disk = small_disk(clean_db.stat().st_size // 2)
    db = disk.path / "f.duckdb"
    failed = factdrift("run", "--story", str(STORY), "--db", str(db), env=env)
    line = one_line(failed, 1, "the disk is full (no room to write")
    assert str(disk.path) in line and "the next run picks up where this one stopped" in line

    disk.resize(clean_db.stat().st_size * 4)
    [(status, error)] = statuses(db)  # recorded, although the disk was full
    assert status == "failed" and error.startswith("the disk is full"), error
    with connect(db) as con:  # consistent: opens, migrates, every table reads
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        for table in tables:
            con.execute(f"SELECT count(*) FROM {table}").fetchall()
        orphans = con.execute(
            "SELECT count(*) FROM t_claims WHERE version_id NOT IN "
            "(SELECT version_id FROM t_article_versions)"
        ).fetchone()
        assert orphans == (0,)

    resumed = factdrift("run", "--story", str(STORY), "--db", str(db), env=env)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert [s for s, _ in statuses(db)] == ["failed", "completed"]
    assert ids(db) == clean  # the same articles, claims and changes as a clean run


def test_a_run_on_a_full_disk_does_not_start(tmp_path: Path, small_disk) -> None:
    """No room for the run lock's reserve: one line, exit 2, no run left ``running``."""
    disk = small_disk(8 * 1024 * 1024)
    db = disk.path / "f.duckdb"
    with connect(db):
        pass
    disk.fill()
    proc = factdrift("run", "--story", str(STORY), "--db", str(db))
    one_line(proc, 2, f"the disk holding {disk.path} is full: a run needs at least 1024 kB")
    os.remove(disk.path / "filler")
    assert statuses(db) == []


def test_duckdb_temporary_files_on_a_full_disk(tmp_path: Path, small_disk) -> None:
    """A query that spills to ``<db>.tmp`` on a full disk says the disk is the problem."""
    from factdrift.flows.steps import plain_reason

    disk = small_disk(4 * 1024 * 1024)
    db = disk.path / "f.duckdb"
    with connect(db):
        pass
    proc = factdrift(
        "sql", "--db", str(db), SPILLING_QUERY, env={"FACTDRIFT_SQL_MEMORY_LIMIT": "120MB"}
    )
    one_line(proc, 2, "no room for DuckDB's temporary files")
    # The run's own connections spill to the same place; their failure reads the same way.
    with connect(db, memory_limit="120MB") as con, pytest.raises(duckdb.Error) as caught:
        con.execute(SPILLING_QUERY).fetchall()
    assert plain_reason(caught.value).startswith("the disk is full (no room to write DuckDB's")
