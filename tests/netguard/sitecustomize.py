"""No network beyond 127.0.0.1 in the tests: every Python process they start is watched.

The test session puts this folder on ``PYTHONPATH``, so Python imports this file at the
start of every process the tests start (the command line, Prefect's servers, scripts),
and ``tests/conftest.py`` loads it into the test process itself. It installs an audit
hook (PEP 578) that refuses, and records in the file named by
``FACTDRIFT_TEST_NETWORK_LOG``, every name lookup and every connection to anything but
the loopback address: no test, and no command in the product, may reach another address.
``tests/conftest.py`` fails the test during which a line was recorded.

Not covered: programs that are not Python (Chromium has its own offline switches in
tests/browser.py) and native code that opens sockets without Python (DuckDB: its
extension autoloading, the only way it would reach out, is off on every connection).
"""

import ipaddress
import os
import socket
import sys

#: Host names that stay on this machine.
LOCAL_NAMES = frozenset({"", "localhost", "ip6-localhost", "ip6-loopback"})


def is_local(host) -> bool:
    """True for loopback addresses and names, and for a wildcard bind address."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").lower()
    if host in LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False  # a name that would need a lookup
    return address.is_loopback or address.is_unspecified


def _hook(event: str, args: tuple) -> None:
    if event == "socket.getaddrinfo":
        host = args[0]
    elif event == "socket.connect":
        sock, address = args[0], args[1]
        if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
            return
        host = address[0] if isinstance(address, tuple) else address
    else:
        return
    if is_local(host):
        return
    line = f"{os.getpid()} {event} {host!r} {' '.join(sys.argv)[:200]}\n"
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8", "replace"))
    finally:
        os.close(fd)
    raise PermissionError(f"tests may not reach beyond 127.0.0.1 ({event} {host!r})")


_LOG = os.environ.get("FACTDRIFT_TEST_NETWORK_LOG")
if _LOG and not getattr(sys, "_factdrift_netguard", False):
    sys._factdrift_netguard = True
    sys.addaudithook(_hook)
