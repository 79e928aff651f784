"""The temporary Prefect API of a one-shot command, tied to the life of its process.

Without ``PREFECT_API_URL``, Prefect 3 starts a temporary ("ephemeral") API server the
first time a client is needed (``prefect.server.api.server.SubprocessASGIServer``): a
``python -m uvicorn`` child stopped by an ``atexit`` handler. A ``factdrift run`` killed
with ``kill -9`` runs no exit handler, so that child was left listening on 127.0.0.1 for
good, one more after every such kill.

factdrift therefore starts the temporary API itself, before Prefect would, and points
Prefect at it (``PREFECT_API_URL`` for the command's duration). The child is this
module run as a script. Its first act is ``prctl(PR_SET_PDEATHSIG, SIGTERM)``: the Linux
kernel sends it SIGTERM the moment its parent dies, however the parent dies, and uvicorn
stops on SIGTERM. Setting the signal in the child itself, rather than in a ``preexec_fn``
hook, keeps ``subprocess`` on its thread-safe path; the child then checks that its parent
is still the one it was started by, which closes the race of a parent that died before
the signal was set. (The kernel ties the signal to the *thread* that started the child, so
:func:`tied_prefect_api` must be entered on a thread that lives as long as the command:
the main thread, as the command line does.) Running the API inside the command's own
process would need no child at all, but then Prefect's server shares the command's
interpreter, event loops and logging configuration; a child keeps them apart.

The listening socket is bound (port 0: any free port) by the parent and handed to the
child, so the port is known before the child starts and no other program can take it in
between. Other systems keep Prefect's own behaviour.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@contextmanager
def tied_prefect_api() -> Iterator[str | None]:
    """Serve a temporary Prefect API for the block and point Prefect at it; yield its URL.

    Yields None and changes nothing when Prefect already has an API (``PREFECT_API_URL``,
    a test harness), when Prefect's ephemeral mode is turned off, or off Linux.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_ALLOW_EPHEMERAL_MODE

    if (
        PREFECT_API_URL.value()
        or not PREFECT_SERVER_ALLOW_EPHEMERAL_MODE.value()
        or not sys.platform.startswith("linux")
    ):
        yield None
        return
    child, url = _start_child()
    try:
        _wait_until_healthy(child, url)
        with _pointed_at(url):
            try:
                yield url
            finally:
                _flush_to_api()
    finally:
        _stop(child)


def _flush_to_api() -> None:
    """Send the events and logs still queued before the API goes away.

    Prefect sends them from background services that would otherwise drain only at the
    interpreter's exit, after this API has stopped (with Prefect's own temporary server
    they drain first: the server stops in an ``atexit`` handler, which runs later).
    """
    import contextlib

    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (EventsWorker, APILogWorker):
        with contextlib.suppress(Exception):  # a flush that fails must not hide the result
            service.drain_all(timeout=10)


def _start_child() -> tuple[subprocess.Popen, str]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/api"
        child = subprocess.Popen(
            [sys.executable, "-m", __name__, str(os.getpid()), str(listener.fileno())],
            pass_fds=(listener.fileno(),),
            # The UI is not needed by a command; Prefect's own temporary server turns it
            # off too.
            env={**os.environ, "PREFECT_UI_ENABLED": "false"},
        )
    finally:
        listener.close()  # the child has its own copy
    return child, url


def _wait_until_healthy(child: subprocess.Popen, url: str) -> None:
    """Wait for the API to answer, as long as Prefect itself would wait for its own."""
    import httpx
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    deadline = time.monotonic() + PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < deadline:
            if child.poll() is not None:
                raise RuntimeError(
                    f"the temporary Prefect API stopped while starting (exit {child.returncode})"
                )
            try:
                if client.get(f"{url}/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise RuntimeError(
        "the temporary Prefect API did not start in time "
        "(raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
    )


@contextmanager
def _pointed_at(url: str) -> Iterator[None]:
    """``PREFECT_API_URL`` = ``url`` for the block, for every thread.

    Prefect's settings context covers this thread and the ones Prefect starts from it;
    a thread started without that context (some of Prefect's background services) reads
    the environment, so the variable is set there too.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    before = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield
    finally:
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before


def _stop(child: subprocess.Popen) -> None:
    child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _die_with_parent(parent_pid: int) -> None:
    """Ask the kernel for SIGTERM when the parent dies; exit now if it already has."""
    import ctypes
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl(PR_SET_PDEATHSIG) failed: {os.strerror(errno)}")
    if os.getppid() != parent_pid:  # the parent died before the signal was set
        sys.exit(0)


def _serve(parent_pid: int, fd: int) -> None:
    """The child: Prefect's API (as Prefect's own temporary server runs it) on socket ``fd``."""
    _die_with_parent(parent_pid)
    import uvicorn
    from prefect.server.api.server import create_app

    listener = socket.socket(fileno=fd)
    app = create_app(ephemeral=True, final=True)
    config = uvicorn.Config(app, log_level="error", lifespan="on")
    uvicorn.Server(config).run(sockets=[listener])


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]))
