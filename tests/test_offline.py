"""The tests' network guard (tests/netguard) refuses and records what it must, and only that.

Every test runs under it (tests/conftest.py), so a test or a product command that reaches
for any address but 127.0.0.1 fails the test that started it. Here the guard itself is
checked, in a child process with a log of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import socket, sys
def attempt(what, call):
    try:
        call()
        print(what, "allowed")
    except PermissionError:
        print(what, "refused")
    except OSError:
        print(what, "allowed")  # reached the network layer: nothing listening, no route…

listener = socket.create_server(("127.0.0.1", 0))
port = listener.getsockname()[1]
attempt("loopback", lambda: socket.create_connection(("127.0.0.1", port), timeout=2).close())
attempt("localhost", lambda: socket.getaddrinfo("localhost", port))
attempt("lookup", lambda: socket.getaddrinfo("example.com", 443))
raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
raw.settimeout(0.2)
attempt("address", lambda: raw.connect(("192.0.2.1", 80)))  # TEST-NET-1: routes nowhere
"""


def test_the_guard_refuses_and_records_only_what_leaves_the_machine(tmp_path: Path) -> None:
    log = tmp_path / "network.log"
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "FACTDRIFT_TEST_NETWORK_LOG": str(log)},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:4] == [
        "loopback allowed",
        "localhost allowed",
        "lookup refused",
        "address refused",
    ]
    recorded = log.read_text().splitlines()
    assert [line.split()[1:3] for line in recorded] == [
        ["socket.getaddrinfo", "'example.com'"],
        ["socket.connect", "'192.0.2.1'"],
    ]
