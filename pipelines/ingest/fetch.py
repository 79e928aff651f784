"""Fetch: get web pages, feeds and sitemaps over HTTP, politely and safely.

One :func:`fetch_all` call fetches a batch with httpx (async): bounded concurrency overall
and per host, one deadline per request (connect and the whole body), redirects followed
by hand so that every hop passes the SSRF guard and loops are named, conditional GET
(``If-None-Match`` / ``If-Modified-Since``), a streamed size cap, and content-type checks.

Retries are this module's own bounded loop, and the only retry mechanism in the pipeline
(the Prefect task does not retry and the httpx transport has ``retries=0``), so a failing
site costs at most ``1 + fetch_retries`` requests. Only transient failures are retried:
HTTP 429 (honouring ``Retry-After``), 5xx and connection errors. A read timeout is not: a
site that is slow once is usually slow again, and each attempt would cost the full timeout.

Nothing here raises for a bad URL or page: every request ends as a :class:`FetchResult`
(and every retried attempt as an :class:`Attempt`) whose ``error`` says in plain words
what happened, for ``fetch_log``.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import httpx
from factdrift.pipelines.errors import BlockedURL, FetchError
from factdrift.pipelines.ingest.guard import check_url

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
XML_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "text/plain",  # many small sites serve their sitemap or feed as text/plain
    }
)
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
# Magic numbers of files that are sometimes served under a text/html label.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
)


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch; built from :class:`factdrift.pipelines.config.Settings`."""

    timeout: float = 10.0
    max_bytes: int = 5_000_000
    concurrency: int = 16
    per_host: int = 4
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 60.0
    user_agent: str = "factdrift"
    allow_private: bool = False

    @classmethod
    def from_settings(cls, settings) -> FetchOptions:
        """The fetch settings of a :class:`~factdrift.pipelines.config.Settings`."""
        return cls(
            timeout=settings.fetch_timeout_seconds,
            max_bytes=settings.fetch_max_bytes,
            concurrency=settings.fetch_concurrency,
            per_host=settings.fetch_per_host,
            max_redirects=settings.fetch_max_redirects,
            retries=settings.fetch_retries,
            backoff=settings.fetch_backoff_seconds,
            max_retry_after=settings.fetch_max_retry_after_seconds,
            user_agent=settings.user_agent,
            allow_private=settings.allow_private_addresses,
        )


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One URL to fetch: a ``page``, ``feed`` or ``sitemap``, with its validators if known."""

    url: str
    kind: str = "page"
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Attempt:
    """A failed attempt that was retried (logged as its own ``fetch_log`` row)."""

    url: str
    status: int | None
    error: str
    elapsed_ms: float
    at: datetime


@dataclass
class FetchResult:
    """How one request ended: ``ok`` (body read), ``not_modified`` (304) or ``error``."""

    request: FetchRequest
    outcome: str
    status: int | None = None
    final_url: str | None = None
    body: bytes | None = None
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    bytes_read: int = 0
    elapsed_ms: float = 0.0
    at: datetime = field(default_factory=datetime.now)
    retried: list[Attempt] = field(default_factory=list)


class _Transient(FetchError):
    """A failure worth retrying; ``retry_after`` is the server's wish, in seconds."""

    def __init__(self, message: str, status: int | None, retry_after: float | None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after


@dataclass
class _Body:
    status: int
    url: str
    data: bytes | None
    headers: httpx.Headers
    content_type: str | None
    charset: str | None


def fetch_all(requests: Sequence[FetchRequest], options: FetchOptions) -> list[FetchResult]:
    """Fetch every request (in order of the input); never raises for a single URL."""
    if not requests:
        return []
    return asyncio.run(_fetch_all(requests, options))


async def _fetch_all(requests: Sequence[FetchRequest], options: FetchOptions) -> list[FetchResult]:
    limits = httpx.Limits(
        max_connections=options.concurrency, max_keepalive_connections=options.concurrency
    )
    async with httpx.AsyncClient(
        headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(options.timeout),
        limits=limits,
        follow_redirects=False,  # followed by hand: every hop passes the SSRF guard
        trust_env=False,  # no proxy from the environment: it would bypass the guard
    ) as client:
        fetcher = _Fetcher(client, options)
        return list(await asyncio.gather(*(fetcher.fetch(r) for r in requests)))


class _Fetcher:
    def __init__(self, client: httpx.AsyncClient, options: FetchOptions) -> None:
        self.client = client
        self.options = options
        self.slots = asyncio.Semaphore(options.concurrency)
        self.hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(options.per_host)
        )

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Fetch one URL with bounded retries on transient failures."""
        retried: list[Attempt] = []
        for attempt in range(self.options.retries + 1):
            started, at = time.perf_counter(), datetime.now()
            try:
                result = await self._fetch_once(request)
            except _Transient as exc:
                elapsed = _ms(started)
                wait = self._retry_delay(exc, attempt)
                if attempt == self.options.retries or wait is None:
                    return self._failed(request, exc, elapsed, at, retried, attempt + 1, wait)
                retried.append(Attempt(request.url, exc.status, f"{exc}; retrying", elapsed, at))
                await asyncio.sleep(wait)
                continue
            except FetchError as exc:
                return FetchResult(
                    request,
                    "error",
                    status=exc.status,
                    error=str(exc),
                    elapsed_ms=_ms(started),
                    at=at,
                    retried=retried,
                )
            except Exception as exc:  # anything unforeseen stays with this one URL
                return FetchResult(
                    request,
                    "error",
                    error=f"fetch failed ({type(exc).__name__}: {_reason(exc)})",
                    elapsed_ms=_ms(started),
                    at=at,
                    retried=retried,
                )
            result.elapsed_ms, result.at, result.retried = _ms(started), at, retried
            return result
        raise AssertionError("unreachable: the loop returns on its last attempt")

    def _retry_delay(self, exc: _Transient, attempt: int) -> float | None:
        """Seconds to wait before the next attempt; None when the server asks too much."""
        if exc.retry_after is not None:
            return None if exc.retry_after > self.options.max_retry_after else exc.retry_after
        return self.options.backoff * (2**attempt)

    def _failed(self, request, exc, elapsed, at, retried, attempts, wait) -> FetchResult:
        if wait is None:
            why = (
                f"{exc}; the site asks to wait {exc.retry_after:.0f} s, more than the "
                f"{self.options.max_retry_after:.0f} s limit; try again on a later run"
            )
        elif attempts > 1:
            why = f"{exc}; still failing after {attempts} attempts"
        else:
            why = str(exc)
        return FetchResult(
            request,
            "error",
            status=exc.status,
            error=why,
            elapsed_ms=elapsed,
            at=at,
            retried=retried,
        )

    async def _fetch_once(self, request: FetchRequest) -> FetchResult:
        """One attempt: follow redirects, each hop guarded, within one overall deadline."""
        try:
            body = await self._follow(request)
        except TimeoutError:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from None
        except httpx.ConnectError as exc:
            raise _Transient(f"could not connect ({_reason(exc)})", None, None) from None
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"the connection failed ({_reason(exc)})") from None
        except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
            # A redirect to "http://host:99999/", an unclosed IPv6 bracket, a bad IDNA name.
            raise FetchError(f"not a usable URL ({_reason(exc)})") from None
        if body.status == 304:
            return FetchResult(
                request,
                "not_modified",
                status=304,
                final_url=body.url,
                etag=body.headers.get("etag") or request.etag,
                last_modified=body.headers.get("last-modified") or request.last_modified,
            )
        data = body.data or b""
        return FetchResult(
            request,
            "ok",
            status=body.status,
            final_url=body.url,
            body=data,
            content_type=body.content_type,
            charset=body.charset,
            etag=body.headers.get("etag"),
            last_modified=body.headers.get("last-modified"),
            bytes_read=len(data),
        )

    async def _follow(self, request: FetchRequest) -> _Body:
        url, seen = request.url, {request.url}
        for _hop in range(self.options.max_redirects + 1):
            body = await self._get(url, request)
            if body.status not in (301, 302, 303, 307, 308):
                return body
            location = body.headers.get("location")
            if not location:
                raise FetchError(
                    f"HTTP {body.status} redirect without a Location header", body.status
                )
            url = urljoin(url, location)
            if url in seen:
                raise FetchError(
                    f"redirect loop: came back to {url} after {len(seen)} redirects", body.status
                )
            seen.add(url)
        raise FetchError(
            f"too many redirects (more than {self.options.max_redirects})", body.status
        )

    async def _get(self, url: str, request: FetchRequest) -> _Body:
        headers = _conditional_headers(request)
        headers["Accept"] = _ACCEPT[request.kind]
        host = urlsplit(url).hostname or ""
        # Waiting for a free slot does not count against the deadline; the guard's name
        # resolution, the connection and the whole body do.
        async with self.slots, self.hosts[host], asyncio.timeout(self.options.timeout):
            await check_url(url, allow_private=self.options.allow_private)
            async with self.client.stream("GET", url, headers=headers) as response:
                return await self._read_response(response, url, request)

    async def _read_response(
        self, response: httpx.Response, url: str, request: FetchRequest
    ) -> _Body:
        status = response.status_code
        if status in (301, 302, 303, 307, 308, 304):
            return _Body(status, url, None, response.headers, None, None)
        _raise_for_status(response)
        ctype, charset = _content_type(response.headers.get("content-type"))
        try:
            _check_type(ctype, request.kind)
            _check_declared_length(response, self.options.max_bytes)
            data = await _read_capped(response, self.options.max_bytes, ctype, request.kind)
        except FetchError as exc:
            exc.status = status  # the server answered; the body was unusable
            raise
        return _Body(status, url, data, response.headers, ctype, charset)


_ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9",
    "sitemap": "application/xml,text/xml;q=0.9",
}


def _conditional_headers(request: FetchRequest) -> dict[str, str]:
    headers = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    return headers


def _raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    words = status_words(status)
    if status in TRANSIENT_STATUSES:
        raise _Transient(words, status, retry_after_seconds(response.headers.get("retry-after")))
    raise FetchError(words, status)


def status_words(status: int) -> str:
    """``HTTP 404 Not Found: the page does not exist`` and the like."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "(non-standard status)"
    meaning = _MEANINGS.get(status) or (
        "server error" if status >= 500 else "the request was refused"
    )
    return f"HTTP {status} {phrase}: {meaning}"


_MEANINGS = {
    401: "the page needs a login",
    403: "the site refuses access (paywall or bot blocking)",
    404: "the page does not exist",
    410: "the page was removed",
    429: "rate-limited by the site",
    451: "unavailable for legal reasons",
}


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    reference = now or datetime.now(when.tzinfo)
    return max((when - reference).total_seconds(), 0.0)


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower() or None
    return media.strip().lower(), charset


def _check_type(ctype: str | None, kind: str) -> None:
    if ctype is None:
        return  # unlabelled: the body is sniffed instead
    allowed = PAGE_TYPES if kind == "page" else XML_TYPES
    if ctype in allowed or (kind != "page" and ctype.endswith("+xml")):
        return
    wanted = "an HTML page" if kind == "page" else f"an XML {kind}"
    raise FetchError(f"served {ctype}, not {wanted}; skipped")


def _check_declared_length(response: httpx.Response, cap: int) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(
            f"response larger than {_size(cap)} cap ({_size(int(declared))} declared); skipped",
            response.status_code,
        )


async def _read_capped(response: httpx.Response, cap: int, ctype: str | None, kind: str) -> bytes:
    """Read the body, stopping past ``cap`` bytes; sniff the first chunk for binary files."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        if not chunks:
            _sniff(chunk, ctype or "no content type", kind)
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            raise FetchError(
                f"response larger than {_size(cap)} cap; skipped", response.status_code
            )
    return b"".join(chunks)


def _sniff(head: bytes, label: str, kind: str) -> None:
    wanted = "an HTML page" if kind == "page" else f"an XML {kind}"
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            raise FetchError(f"served {what} labelled {label}, not {wanted}; skipped")
    if b"\x00" in head[:1024]:
        raise FetchError(f"served binary data labelled {label}, not {wanted}; skipped")


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n / 1000:g} kB"


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


__all__ = [
    "Attempt",
    "BlockedURL",
    "FetchOptions",
    "FetchRequest",
    "FetchResult",
    "fetch_all",
    "retry_after_seconds",
    "status_words",
]
