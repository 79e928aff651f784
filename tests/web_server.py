"""A real HTTP server on 127.0.0.1 for ingestion tests and the benchmark.

Pages are built from the seed texts with realistic boilerplate (navigation, ads, related
links, comments, share counters, an update stamp) so trafilatura has real work to do. The
server answers conditional requests (ETag / Last-Modified → 304) and records every request
it saw, so tests can assert what the fetcher sent. Routes are a dict the test can change
between runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = formatdate(1764547200, usegmt=True)  # 2025-12-01 00:00 GMT


@dataclass
class Route:
    """What the server answers for one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = True  # answer 304 to a matching If-None-Match / If-Modified-Since
    handler: Callable[[BaseHTTPRequestHandler, int], None] | None = None  # (request, nth hit)


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    status: int


class LocalSite:
    """A threaded HTTP server on 127.0.0.1 (port 0) serving ``routes``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without TCP_NODELAY each response
            # would wait out the client's delayed ACK (~40 ms), which real servers avoid.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                site._serve(self)

            def log_message(self, *args) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def requests_to(self, path: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.path == path]

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path
        with self._lock:
            nth = self.hits.get(path, 0)
            self.hits[path] = nth + 1
        route = self.routes.get(path) or Route(b"not found", 404, "text/plain")
        if route.handler is not None:
            status = route.handler(request, nth) or 200
        else:
            status = _answer(request, route)
        with self._lock:
            self.seen.append(Seen(path, {k.lower(): v for k, v in request.headers.items()}, status))


def _answer(request: BaseHTTPRequestHandler, route: Route) -> int:
    etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
    headers = {"Content-Type": route.content_type, **route.headers}
    if route.status == 200 and route.conditional:
        headers |= {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("If-None-Match") == etag:
            return send(request, 304, b"", headers)
    return send(request, route.status, route.body, headers)


def send(request: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict) -> int:
    """Write one complete response."""
    request.send_response(status)
    for key, value in headers.items():
        request.send_header(key, value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    if body and request.command != "HEAD":
        request.wfile.write(body)
    return status


# ------------------------------------------------------------------ page and feed builders

NAV = "".join(
    f'<li><a href="/section/{s}">{s.title()}</a></li>'
    for s in ("world", "politics", "business", "sport", "culture", "opinion", "weather")
)


def article_page(
    title: str,
    text: str,
    *,
    published: str | None = "2025-12-01",
    site_name: str = "Gazette Test",
    author: str = "Ana Reporter",
    updated: str = "10:42",
    shares: int = 1234,
    padding: int = 0,
) -> bytes:
    """A news page: <head> metadata, navigation, ads, the article, related links, comments."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip())
    meta_date = (
        f'<meta property="article:published_time" content="{published}T08:00:00Z">'
        if published
        else ""
    )
    related = "".join(
        f'<li><a href="/related/{i}">Markets close higher on strong earnings, part {i}</a></li>'
        for i in range(8)
    )
    comments = "".join(
        f'<div class="comment"><span class="user">reader{i}</span><p>Comment number {i}: '
        "I have been following this for weeks and nobody explains it properly.</p></div>"
        for i in range(6)
    )
    filler = "".join(
        f'<div class="ad" id="ad-{i}"><a href="/promo/{i}">Sponsored: the best deals on '
        f"travel insurance this season, offer {i}</a></div>"
        for i in range(padding)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | {site_name}</title>
<meta property="og:site_name" content="{site_name}">
<meta property="og:title" content="{html.escape(title)}">
<meta name="author" content="{author}">
{meta_date}
<script>window.dataLayer = window.dataLayer || []; function track(){{}}</script>
</head><body>
<header><div class="logo">{site_name}</div><nav><ul>{NAV}</ul></nav>
<form class="search"><input name="q" placeholder="Search"></form></header>
<div class="ad banner"><a href="/promo/top">Subscribe now: first month free</a></div>
<main><article>
<h1>{html.escape(title)}</h1>
<div class="byline">By {author}</div>
<div class="stamp">Last updated {updated}</div>
<div class="share">{shares} shares</div>
{paragraphs}
</article>
<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>
{filler}
<section class="comments"><h2>Comments</h2>{comments}</section>
</main>
<footer><p>© 2025 {site_name}. All rights reserved.</p><ul>{NAV}</ul></footer>
</body></html>""".encode()


def rss_feed(items: list[tuple[str, str, str, str]]) -> bytes:
    """RSS 2.0 from (link, title, summary, RFC 822 date) tuples."""
    body = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<description>{html.escape(s)}</description><pubDate>{d}</pubDate></item>"
        for link, t, s, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test feed</title><link>http://example.invalid/</link>{body}</channel></rss>"
    ).encode()


def atom_feed(items: list[tuple[str, str, str, str]]) -> bytes:
    """Atom from (link, title, summary, ISO date) tuples."""
    body = "".join(
        f'<entry><title>{html.escape(t)}</title><link rel="alternate" href="{html.escape(link)}"/>'
        f"<id>{html.escape(link)}</id><updated>{d}</updated><summary>{html.escape(s)}</summary></entry>"
        for link, t, s, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Test atom</title>{body}</feed>"
    ).encode()


def sitemap(urls: list[str]) -> bytes:
    """A plain XML sitemap listing ``urls``."""
    body = "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    ).encode()


def slow(seconds: float, body: bytes) -> Callable:
    """A handler that sends headers, then stalls before the body."""

    def handler(request: BaseHTTPRequestHandler, nth: int) -> int:
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        time.sleep(seconds)
        with contextlib.suppress(OSError):  # the client gave up first
            request.wfile.write(body)
        return 200

    return handler
