"""One writer at a time: the run lock of a database.

A run opens the DuckDB file only for short moments (so analysts can read between steps),
which means DuckDB's own file lock cannot keep two runs apart. The run lock is an
operating-system lock (``flock``) on a small file next to the database, ``<db>.run.lock``,
held for the whole run. The kernel releases it when its holder exits, however it exits
(kill -9 included), so a lock is never stale, and a run that finds a ``running`` row while
holding the lock knows that row's process is gone. The file holds the holder's PID so the
run that waits can say who it waits for.

The lock is re-entrant within one process: the command line takes it before starting
Prefect (to fail fast), and the flow takes it again (to cover schedules and deployments).

The lock file also sets aside room on the database's disk (:data:`RESERVE_BYTES`,
allocated, not a sparse hole) for the whole run. A run that fills the disk still has to
record why it stopped; :func:`release_reserve` gives that room back just before the
``failed`` row is written (measured on a full tmpfs: DuckDB needs a few kB for the WAL
record of it, and about 500 kB more to fold the WAL into the file when it closes). A disk
without that much room refuses the run before it starts, with one line, rather than
leaving a run ``running``. A file system that cannot allocate ahead of time simply runs
without the reserve.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from factdrift.pipelines.errors import RunInProgress, StorageError

#: Room the run lock holds on the database's disk for recording a failure.
RESERVE_BYTES = 1024 * 1024
_PID_BYTES = 32  # the holder's PID comes first in the file; the reserve follows

_held: dict[str, tuple[int, int]] = {}  # lock path -> (fd, depth), in this process
_guard = threading.Lock()


def lock_path(db: str | Path) -> Path:
    """The run-lock file of database ``db``."""
    return Path(f"{Path(db).expanduser().resolve()}.run.lock")


@contextmanager
def run_lock(db: str | Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the run lock of ``db`` for the block, waiting up to ``wait`` seconds for it.

    Raises :class:`RunInProgress` ("another run (PID n) is in progress") when another
    process still holds it after ``wait``. An in-memory database needs no lock.
    """
    if str(db) == ":memory:":
        yield
        return
    path = str(lock_path(db))
    _acquire(path, wait)
    try:
        yield
    finally:
        _release(path)


def _acquire(path: str, wait: float) -> None:
    with _guard:
        if path in _held:
            fd, depth = _held[path]
            _held[path] = (fd, depth + 1)
            return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(f"cannot create the run lock {path}: {exc.strerror}") from None
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = _read_holder(fd)
                os.close(fd)
                who = f" (PID {holder})" if holder else ""
                raise RunInProgress(
                    f"another run{who} is in progress on this database; "
                    "try again when it has finished"
                ) from None
            time.sleep(0.2)
    _write_holder_and_reserve(fd, path)
    with _guard:
        _held[path] = (fd, 1)


def _write_holder_and_reserve(fd: int, path: str) -> None:
    """Write our PID and allocate the reserve; a full disk refuses the run in one line."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        os.posix_fallocate(fd, _PID_BYTES, RESERVE_BYTES)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            return  # no allocation ahead of time on this file system: run without it
        os.close(fd)  # drops the flock: nothing was started
        raise StorageError(
            f"the disk holding {Path(path).parent} is full: a run needs at least "
            f"{RESERVE_BYTES // 1024} kB free there to start; free some space and run again"
        ) from None


def release_reserve(db: str | Path) -> None:
    """Free the room the run lock set aside, if this process holds the lock of ``db``."""
    if str(db) == ":memory:":
        return
    with _guard:
        entry = _held.get(str(lock_path(db)))
    if entry is not None:
        with contextlib.suppress(OSError):
            os.ftruncate(entry[0], _PID_BYTES)


def _release(path: str) -> None:
    with _guard:
        fd, depth = _held[path]
        if depth > 1:
            _held[path] = (fd, depth - 1)
            return
        del _held[path]
    with contextlib.suppress(OSError):
        os.ftruncate(fd, _PID_BYTES)  # the reserve is for the run's duration only
    os.close(fd)  # closing the descriptor drops the flock


def _read_holder(fd: int) -> str | None:
    try:
        text = os.pread(fd, _PID_BYTES, 0).decode("ascii", "replace").split("\n", 1)[0]
    except OSError:
        return None
    return text if text.isdigit() else None


def held(db: str | Path) -> bool:
    """Whether this process holds the run lock of ``db``."""
    with _guard:
        return str(lock_path(db)) in _held
