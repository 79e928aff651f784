"""Web sources: from feeds, sitemaps and URL lists to article texts, with what to remember.

The stages, each a plain function over plain data (the HTTP itself is ``ingest.fetch``,
storage is the caller's):

1. :func:`listing_requests` — the feeds and sitemaps to fetch (conditionally).
2. :func:`candidates_from_listing` / :func:`candidates_from_list_file` — their links,
   canonicalized, de-duplicated, scheme-checked, and filtered by the story's keywords on
   the entry's title and summary when the listing has them (so off-topic pages are never
   fetched).
3. :func:`plan_page_fetches` — new URLs, and known ones whose re-check is due.
4. :func:`read_fetched_pages` — each fetch result becomes an article text, or a
   ``fetch_log`` record (not modified, unchanged, off-topic, error), plus the URL's new
   state (validators, body hash, next check).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path

from factdrift.pipelines.errors import BadFeed, BlockedURL, ConfigError, InputError, OffTopic
from factdrift.pipelines.ingest.cadence import Tier, is_due, next_check_at
from factdrift.pipelines.ingest.feeds import FeedEntry, Listing, parse_listing
from factdrift.pipelines.ingest.fetch import FetchRequest, FetchResult
from factdrift.pipelines.ingest.guard import check_scheme
from factdrift.pipelines.ingest.page import PageHint, PageText, decode_page, read_page
from factdrift.pipelines.ingest.relevance import mentions_story
from factdrift.pipelines.ingest.urls import canonical_url, url_key
from factdrift.pipelines.model import ArticleText, FetchRecord
from factdrift.pipelines.story import Source

LISTING_KINDS = ("feed", "sitemap")


@dataclass(frozen=True, slots=True)
class UrlState:
    """What is remembered about one URL between runs (a ``t_url_state`` row)."""

    url_key: str
    url: str
    kind: str
    source: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    first_seen_at: datetime | None = None
    checked_at: datetime | None = None
    next_check_at: datetime | None = None
    published_at: date | None = None
    published_basis: str | None = None
    title: str | None = None
    outlet: str | None = None
    relevant: bool | None = None

    def as_row(self) -> list:
        """Column values in table order."""
        return [getattr(self, f.name) for f in fields(self)]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A page URL found by discovery, with what its listing said about it."""

    url: str
    source: str
    hint: PageHint


@dataclass(frozen=True, slots=True)
class PendingPage:
    """A page read into a text: its log row and state are stored with its version."""

    record: FetchRecord
    state: UrlState
    author: str | None
    site_name: str | None
    final_url: str | None


@dataclass
class WebRead:
    """What reading a batch of fetch results produced."""

    texts: list[ArticleText] = field(default_factory=list)
    pending: dict[str, PendingPage] = field(default_factory=dict)  # by text.url
    log: list[FetchRecord] = field(default_factory=list)
    states: list[UrlState] = field(default_factory=list)


# ------------------------------------------------------------------ 1. listings


def listing_requests(sources: Iterable[Source], states: dict[str, UrlState]) -> list[FetchRequest]:
    """Conditional requests for the story's feeds and sitemaps."""
    return [listing_request(s.location, s.kind, states) for s in sources if s.kind in LISTING_KINDS]


def listing_request(url: str, kind: str, states: dict[str, UrlState]) -> FetchRequest:
    """A request for one feed or sitemap, conditional when it was fetched before."""
    known = states.get(url_key(url))
    return FetchRequest(url, kind, known and known.etag, known and known.last_modified)


def parse_fetched_listing(result: FetchResult) -> Listing:
    """Parse a fetched feed or sitemap body; raise :class:`BadFeed` if unusable."""
    return parse_listing(result.body or b"", result.final_url or result.request.url)


def listing_state(
    result: FetchResult, known: UrlState | None, now: datetime, error: str | None = None
) -> UrlState:
    """The new state of a feed or sitemap URL after fetching it."""
    ok = result.outcome in ("ok", "not_modified") and error is None
    base = known or UrlState(
        url_key(result.request.url), result.request.url, result.request.kind, first_seen_at=now
    )
    return replace(
        base,
        etag=result.etag if ok else base.etag,
        last_modified=result.last_modified if ok else base.last_modified,
        last_status=result.status,
        last_error=error or result.error,
        checked_at=now,
        next_check_at=now,  # listings are read on every run: they are how news is found
    )


# ------------------------------------------------------------------ 2. candidates


def candidates_from_listing(
    entries: Sequence[FeedEntry], source: Source, keywords, at: datetime
) -> tuple[list[Candidate], list[FetchRecord]]:
    """Page candidates from feed/sitemap entries, and log rows for the ones refused."""
    candidates, log = [], []
    for entry in entries:
        url, refusal = _usable_url(entry.url)
        if refusal:
            log.append(FetchRecord(entry.url, "error", error=refusal, at=at))
            continue
        if (entry.title or entry.summary) and not mentions_story(
            keywords, entry.title, entry.summary
        ):
            log.append(FetchRecord(url, "skipped", error=_OFF_TOPIC_ENTRY, at=at))
            continue
        hint = PageHint(source.outlet, entry.title, entry.published, entry.published_basis)
        candidates.append(Candidate(url, source.location, hint))
    return candidates, log


_OFF_TOPIC_ENTRY = (
    "not about the story: the feed entry's title and summary mention none of its keywords; "
    "not fetched"
)


def read_list_file(path: Path) -> list[str]:
    """URLs of a list file: one per line; blank lines and ``#`` comments are ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"URL list {path} cannot be read: {exc}") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def candidates_from_list_file(
    urls: Sequence[str], source: Source, at: datetime
) -> tuple[list[Candidate], list[FetchRecord]]:
    """Page candidates from a URL list (no titles: relevance is checked after fetching)."""
    entries = [FeedEntry(url) for url in urls]
    return candidates_from_listing(entries, source, None, at)


def dedupe(candidates: Iterable[Candidate]) -> list[Candidate]:
    """One candidate per article (by URL key); the first listing that names it wins,
    but a later one may fill in a missing title or date, and https beats http."""
    chosen: dict[str, Candidate] = {}
    for cand in candidates:
        key = url_key(cand.url)
        first = chosen.get(key)
        if first is None:
            chosen[key] = cand
            continue
        url = first.url if first.url.startswith("https:") else cand.url
        hint = first.hint if first.hint.published or not cand.hint.published else cand.hint
        chosen[key] = Candidate(url, first.source, hint)
    return list(chosen.values())


def _usable_url(raw: str) -> tuple[str, str | None]:
    try:
        check_scheme(raw.strip())
    except BlockedURL as exc:
        return raw, str(exc)
    url = canonical_url(raw)
    if url is None:
        return raw, "not a usable http(s) URL; skipped"
    return url, None


# ------------------------------------------------------------------ 3. plan


def plan_page_fetches(
    candidates: Sequence[Candidate], states: dict[str, UrlState], now: datetime
) -> tuple[list[FetchRequest], dict[str, Candidate]]:
    """Requests for new pages and for known pages whose re-check is due.

    Known pages are re-checked by their stored schedule even when no listing names them
    any more (feeds forget articles long before outlets stop editing them).
    """
    plan: dict[str, Candidate] = {}
    for cand in candidates:
        known = states.get(url_key(cand.url))
        if known is None or is_due(known.next_check_at, now):
            plan[url_key(cand.url)] = cand
    for key, known in states.items():
        if known.kind == "page" and key not in plan and is_due(known.next_check_at, now):
            hint = PageHint(
                known.outlet, known.title, known.published_at, known.published_basis or "unknown"
            )
            plan[key] = Candidate(known.url, known.source or "", hint)
    requests = []
    for key, cand in plan.items():
        known = states.get(key)
        requests.append(
            FetchRequest(cand.url, "page", known and known.etag, known and known.last_modified)
        )
    return requests, plan


# ------------------------------------------------------------------ 4. read


def read_fetched_pages(
    results: Sequence[FetchResult],
    plan: dict[str, Candidate],
    states: dict[str, UrlState],
    keywords,
    tiers: tuple[Tier, ...],
    now: datetime,
    parsed: Mapping[str, PageText | InputError] | None = None,
) -> WebRead:
    """Turn page fetch results into texts, log rows and URL states (never raises).

    ``parsed`` holds pages already read elsewhere (by worker processes), by request URL:
    the page, or the error that made it unusable; others are read here.
    """
    out = WebRead()
    for result in results:
        key = url_key(result.request.url)
        cand = plan[key]
        known = states.get(key) or UrlState(key, cand.url, "page", cand.source, first_seen_at=now)
        out.log += retried_records(result)
        _read_one(result, cand, known, keywords, tiers, now, out, parsed or {})
    return out


def needs_reading(result: FetchResult, states: Mapping[str, UrlState]) -> bool:
    """Whether a fetch result's body must be read: fetched, and not the last body seen."""
    if result.outcome != "ok":
        return False
    known = states.get(url_key(result.request.url))
    return known is None or body_hash(result.body or b"") != known.body_hash


def retried_records(result: FetchResult) -> list[FetchRecord]:
    """One ``retried`` row per failed attempt that was tried again."""
    return [
        FetchRecord(a.url, "retried", a.status, None, a.elapsed_ms, a.error, a.at)
        for a in result.retried
    ]


def fetch_record(result: FetchResult, outcome: str, error: str | None = None) -> FetchRecord:
    """The ``fetch_log`` row of a request's final attempt."""
    return FetchRecord(
        result.request.url,
        outcome,
        result.status,
        result.bytes_read if result.body is not None else None,
        result.elapsed_ms,
        error if error is not None else result.error,
        result.at,
    )


def body_hash(body: bytes) -> str:
    """SHA-256 of a raw response body (an identical body needs no processing)."""
    return hashlib.sha256(body).hexdigest()


def _read_one(result, cand, known, keywords, tiers, now, out: WebRead, parsed) -> None:
    checked = replace(
        known,
        checked_at=now,
        last_status=result.status,
        last_error=result.error,
        next_check_at=next_check_at(
            tiers,
            now=now,
            published=known.published_at or cand.hint.published,
            first_seen=known.first_seen_at,
        ),
    )
    if result.outcome != "ok":
        outcome = "not_modified" if result.outcome == "not_modified" else "error"
        out.log.append(fetch_record(result, outcome))
        out.states.append(checked)
        return
    digest = body_hash(result.body or b"")
    if digest == known.body_hash:
        out.log.append(fetch_record(result, "unchanged"))
        out.states.append(replace(checked, etag=result.etag, last_modified=result.last_modified))
        return
    fresh = replace(checked, etag=result.etag, last_modified=result.last_modified, body_hash=digest)
    try:
        page = parsed.get(result.request.url)
        if isinstance(page, InputError):
            raise page
        if page is None:
            page = read_page(
                decode_page(result.body or b"", result.charset), cand.url, cand.hint, keywords
            )
    except OffTopic as exc:
        out.log.append(fetch_record(result, "skipped", str(exc)))
        out.states.append(replace(fresh, relevant=False))
        return
    except InputError as exc:
        out.log.append(fetch_record(result, "error", str(exc)))
        # Keep the old validators: the next run must fetch the body again, not get a 304.
        out.states.append(replace(checked, last_error=str(exc)))
        return
    state = replace(
        fresh,
        relevant=True,
        title=page.title,
        outlet=page.outlet,
        published_at=page.published,
        published_basis=page.published_basis,
        next_check_at=next_check_at(
            tiers, now=now, published=page.published, first_seen=known.first_seen_at
        ),
    )
    text = ArticleText(
        url=cand.url,
        outlet=page.outlet,
        title=page.title,
        text=page.text,
        published=page.published,
        published_basis=page.published_basis,
        content_hash=page.content_hash,
        fetched_at=now,
    )
    out.texts.append(text)
    out.pending[text.url] = PendingPage(
        fetch_record(result, "fetched"), state, page.author, page.site_name, result.final_url
    )


__all__ = [
    "BadFeed",
    "Candidate",
    "FetchRecord",
    "PendingPage",
    "UrlState",
    "WebRead",
    "candidates_from_list_file",
    "candidates_from_listing",
    "dedupe",
    "listing_requests",
    "listing_state",
    "plan_page_fetches",
    "read_fetched_pages",
    "read_list_file",
]
