"""SSRF guard: refuse URLs that point into the machine or its private network.

Feeds and sitemaps are written by strangers; a link to ``http://169.254.169.254/`` (cloud
metadata) or ``http://localhost:2375/`` must never be fetched from a server. Every request,
and every redirect hop, goes through :func:`check_url`: the scheme must be http(s) and
*every* address the host name resolves to must be public. Switched off only explicitly
(``FACTDRIFT_ALLOW_PRIVATE_ADDRESSES=true``) for tests and local use.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from factdrift.pipelines.errors import BlockedURL
from factdrift.pipelines.ingest.urls import WEB_SCHEMES

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be contacted ("private/link-local", …), or None if it is public."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return address_problem(ip.ipv4_mapped)  # ::ffff:127.0.0.1 is 127.0.0.1
    checks = (
        (ip.is_loopback, "a loopback"),
        (ip.is_link_local, "a private/link-local"),
        (ip.is_multicast, "a multicast"),
        (ip.is_unspecified, "an unspecified"),
        (ip.is_private, "a private"),
        (ip.is_reserved, "a reserved"),
        (not ip.is_global, "a non-public"),  # shared address space, documentation ranges …
    )
    for hit, words in checks:
        if hit:
            return f"{words} address"
    return None


def check_scheme(url: str) -> None:
    """Raise :class:`BlockedURL` unless ``url`` is an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        _ = parts.hostname, parts.port  # raise on an unclosed IPv6 bracket, a bad port
    except ValueError as exc:
        raise BlockedURL(f"not a usable http(s) URL ({exc}); skipped") from None
    if parts.scheme not in WEB_SCHEMES:
        shown = parts.scheme or "no scheme"
        raise BlockedURL(f"blocked: {shown!s} URLs are not fetched, only http and https")
    if not parts.hostname:
        raise BlockedURL("blocked: the URL has no host name")


async def check_url(url: str, *, allow_private: bool) -> None:
    """Check the scheme and every resolved address of ``url``'s host; raise if refused.

    Name resolution failures are left to the HTTP client, which reports them as a
    connection error; an address that *does* resolve must be public.
    """
    check_scheme(url)
    if allow_private:
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    for ip in await _resolve(host, parts.port or (443 if parts.scheme == "https" else 80)):
        problem = address_problem(ip)
        if problem:
            via = "" if host == str(ip) else f" ({host} resolves to it)"
            raise BlockedURL(f"blocked: {ip} is {problem}{via}; not fetched")


async def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return []
    # Scope ids ("fe80::1%eth0") are not part of the address.
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
