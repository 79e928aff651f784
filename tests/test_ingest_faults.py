"""Every web fault ends as one known fetch_log row, with nothing partial and the run done.

A real HTTP server on 127.0.0.1 serves one good article and the faulty URL; each case is a
real flow run under the session Prefect harness.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from ingest_helpers import rows, run_flow, seed_text, write_story
from web_server import LocalSite, Route, article_page, rss_feed, send, slow

pytestmark = pytest.mark.flow

GOOD = "/news/good"


def _fail_then_page(first_status: int, headers: dict[str, str]):
    page = article_page("Maduro responds", seed_text(1))

    def handler(request: BaseHTTPRequestHandler, nth: int) -> int:
        if nth == 0:
            return send(request, first_status, b"busy", {"Content-Type": "text/plain", **headers})
        return send(request, 200, page, {"Content-Type": "text/html; charset=utf-8"})

    return handler


def _huge(request: BaseHTTPRequestHandler, nth: int) -> int:
    # No Content-Length: the cap must stop the *streamed* read, not trust a header.
    request.send_response(200)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Connection", "close")
    request.end_headers()
    chunk = b"<p>" + b"Venezuela " * 10_000 + b"</p>"
    try:
        for _ in range(30_000_000 // len(chunk)):
            request.wfile.write(chunk)
    except OSError:
        pass  # the client stopped reading at the cap
    request.close_connection = True
    return 200


def _redirect(to: str):
    def handler(request: BaseHTTPRequestHandler, nth: int) -> int:
        return send(request, 302, b"", {"Location": to})

    return handler


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10)
        for i in range(1, 10)
    )
    + b"]><rss><channel><item><title>&a9;</title><link>/x</link></item></channel></rss>"
)


@dataclass
class Fault:
    """One fault: the routes to serve, how the story points at it, the row it must leave."""

    path: str
    routes: dict[str, Route]
    outcome: str
    error: str | None
    status: int | None = None
    kind: str = "urls"  # urls | feed
    before: list[tuple[str, int]] = field(default_factory=list)  # (outcome, status) rows first
    stored: bool = False  # the faulty URL still ends as an article (transient faults)


FAULTS = {
    "404": Fault(
        "/f/404",
        {"/f/404": Route(b"gone", 404, "text/plain")},
        "error",
        "HTTP 404 Not Found: the page does not exist",
        404,
    ),
    "500-then-ok": Fault(
        "/f/500",
        {"/f/500": Route(handler=_fail_then_page(500, {}))},
        "new_version",
        None,
        200,
        before=[("retried", 500)],
        stored=True,
    ),
    "429-retry-after": Fault(
        "/f/429",
        {"/f/429": Route(handler=_fail_then_page(429, {"Retry-After": "1"}))},
        "new_version",
        None,
        200,
        before=[("retried", 429)],
        stored=True,
    ),
    "slow": Fault(
        "/f/slow",
        {"/f/slow": Route(handler=slow(3, b"<html>late</html>"))},
        "error",
        "timed out after 1 s",
    ),
    "redirect-loop": Fault(
        "/f/loop-a",
        {
            "/f/loop-a": Route(handler=_redirect("/f/loop-b")),
            "/f/loop-b": Route(handler=_redirect("/f/loop-a")),
        },
        "error",
        "redirect loop",
        302,
    ),
    "30-mb-body": Fault(
        "/f/huge",
        {"/f/huge": Route(handler=_huge)},
        "error",
        "response larger than 5 MB cap; skipped",
        200,
    ),
    "pdf-as-html": Fault(
        "/f/pdf",
        {"/f/pdf": Route(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj<<>>" * 50)},
        "error",
        "served a PDF document labelled text/html",
        200,
    ),
    "jpeg-as-html": Fault(
        "/f/jpg",
        {"/f/jpg": Route(b"\xff\xd8\xff\xe0\x00\x10JFIF" * 100)},
        "error",
        "served a JPEG image labelled text/html",
        200,
    ),
    "pdf-content-type": Fault(
        "/f/pdf2",
        {"/f/pdf2": Route(b"%PDF-1.7", 200, "application/pdf")},
        "error",
        "served application/pdf, not an HTML page",
        200,
    ),
    "invalid-utf8": Fault(
        "/f/bad-utf8",
        {
            "/f/bad-utf8": Route(
                article_page("Maduro", seed_text(2)).replace(b"Maduro", b"Mad\xffuro", 3)
            )
        },
        "error",
        "not valid utf-8 text (bad byte at offset",
        200,
    ),
    "malformed-feed": Fault(
        "/f/feed-bad.xml",
        {
            "/f/feed-bad.xml": Route(
                b"<rss><channel><item><title>Maduro", content_type="application/rss+xml"
            )
        },
        "error",
        "feed: malformed XML",
        200,
        kind="feed",
    ),
    "xml-bomb": Fault(
        "/f/bomb.xml",
        {"/f/bomb.xml": Route(BOMB, content_type="application/rss+xml")},
        "error",
        "entity-expansion bomb",
        200,
        kind="feed",
    ),
    "feed-served-as-html": Fault(
        "/f/feed.html",
        {"/f/feed.html": Route(b"<html></html>")},
        "error",
        "served text/html, not an XML feed",
        200,
        kind="feed",
    ),
}


@pytest.fixture(scope="module")
def site():
    with LocalSite() as server:
        server.routes[GOOD] = Route(article_page("Trump confirms call with Maduro", seed_text(0)))
        for fault in FAULTS.values():
            server.routes.update(fault.routes)
        yield server


@pytest.fixture(scope="module")
def fault_run(prefect_harness, site, tmp_path_factory):
    """One real flow run over the good article and every fault at once."""
    folder = tmp_path_factory.mktemp("faults")
    page_faults = [f for f in FAULTS.values() if f.kind == "urls"]
    (folder / "urls.txt").write_text(
        "\n".join([site.url(GOOD)] + [site.url(f.path) for f in page_faults]) + "\n"
    )
    sources = '[[sources]]\nkind = "urls"\nlocation = "urls.txt"\n'
    for fault in FAULTS.values():
        if fault.kind == "feed":
            sources += f'[[sources]]\nkind = "feed"\nlocation = "{site.url(fault.path)}"\n'
    db = folder / "f.duckdb"
    result = run_flow(write_story(folder, sources), db)
    return result, db


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_is_logged_and_nothing_partial_is_stored(site, fault_run, name) -> None:
    fault = FAULTS[name]
    url = site.url(fault.path)
    _, db = fault_run

    log = rows(
        db, "SELECT outcome, status, error FROM fetch_log WHERE url = ? ORDER BY logged_at", [url]
    )

    assert [(o, s) for o, s, _ in log[:-1]] == fault.before
    outcome, status, error = log[-1]
    assert (outcome, status) == (fault.outcome, fault.status), log
    assert (error is None) if fault.error is None else (fault.error in error), error
    stored = rows(db, "SELECT count(*) FROM articles WHERE url = ?", [url])[0][0]
    assert stored == (1 if fault.stored else 0)  # nothing partial from a failed URL
    validators = rows(db, "SELECT body_hash FROM t_url_state WHERE url = ?", [url])
    if not fault.stored and fault.kind == "urls":
        assert validators in ([], [(None,)])  # no ETag/hash: the next run fetches it again


def test_the_run_with_every_fault_completes_and_counts_them(site, fault_run) -> None:
    result, db = fault_run
    stored = {u for (u,) in rows(db, "SELECT url FROM articles")}
    assert site.url(GOOD) in stored
    assert stored == {site.url(GOOD)} | {site.url(f.path) for f in FAULTS.values() if f.stored}
    assert rows(db, "SELECT status, n_errors FROM runs") == [
        ("completed", sum(not f.stored for f in FAULTS.values()))
    ]
    assert result.totals.n_errors == sum(not f.stored for f in FAULTS.values())


def test_guard_blocks_link_local_and_loopback_but_the_run_goes_on(
    prefect_harness, seed_copy: Path, tmp_path
) -> None:
    (seed_copy / "urls.txt").write_text(
        "http://169.254.169.254/latest/meta-data/\nhttp://127.0.0.1:9/admin\n"
    )
    story = seed_copy / "story.toml"
    story.write_text(story.read_text() + '\n[[sources]]\nkind = "urls"\nlocation = "urls.txt"\n')
    db = tmp_path / "f.duckdb"

    result = run_flow(story, db, allow_private_addresses=False)

    errors = dict(rows(db, "SELECT url, error FROM fetch_log WHERE outcome = 'error'"))
    assert errors["http://169.254.169.254/latest/meta-data"] == (
        "blocked: 169.254.169.254 is a private/link-local address; not fetched"
    )
    assert errors["http://127.0.0.1:9/admin"].startswith("blocked: 127.0.0.1 is a loopback")
    # The local seeds were still read.
    assert result.totals.n_new_versions == len(list(seed_copy.glob("*.txt")))
    assert result.totals.n_errors == 2


def test_feed_rss_builder_is_valid() -> None:
    # Guard for the helpers above: the builder produces a parseable feed.
    from factdrift.pipelines.ingest.feeds import parse_listing

    listing = parse_listing(
        rss_feed([("/a", "Maduro", "s", "Mon, 01 Dec 2025 10:00:00 GMT")]), "http://h/"
    )
    assert listing.entries[0].url == "http://h/a"
