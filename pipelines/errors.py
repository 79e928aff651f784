"""factdrift's exceptions, in one tree.

::

    FactdriftError               anything factdrift raises on purpose; str() is one plain line
    ├── ConfigError              settings or the story file are wrong (names the field)
    ├── InputError               one article or source cannot be used (the run goes on)
    │   ├── UnreadableArticle    missing, not text, or not decodable
    │   ├── EmptyArticle         no readable text after extraction
    │   ├── OffTopic             the page does not mention the story (skipped, not an error)
    │   ├── FetchError           an HTTP fetch failed (status, timeout, too large, wrong type)
    │   │   └── BlockedURL       refused before any request: private address or non-http scheme
    │   └── BadFeed              a feed or sitemap cannot be parsed (malformed, entity bomb)
    ├── StorageError             the database cannot be used
    │   ├── DatabaseLocked       another process holds the DuckDB file
    │   ├── NotADatabase         the file exists but is not a DuckDB database
    │   └── RunInProgress        another factdrift run holds the run lock of this database
    └── QueryRefused             ``factdrift sql`` will not run this statement (read-only)

Inside, code raises these typed errors; at the edge (the CLI, the run summary,
``fetch_log``) only ``str(error)`` is shown, which says what happened and what to do.
"""

from __future__ import annotations


class FactdriftError(Exception):
    """Base class: the message is a complete, plain-words sentence for the user."""


class ConfigError(FactdriftError):
    """The settings or the story file are invalid."""


class InputError(FactdriftError):
    """One input (article, page, feed, URL) cannot be used; recorded, never fatal."""


class UnreadableArticle(InputError):
    """The article file or page cannot be read as text."""


class EmptyArticle(InputError):
    """The article has no readable text."""


class OffTopic(InputError):
    """The page mentions none of the story's keywords; skipped before claim extraction."""


class FetchError(InputError):
    """An HTTP request failed; ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class BlockedURL(FetchError):
    """The SSRF guard refused the URL: private/loopback/reserved address or bad scheme."""


class BadFeed(InputError):
    """A feed or sitemap is malformed or unsafe to parse; its links are not used."""


class StorageError(FactdriftError):
    """The DuckDB database cannot be opened or written."""


class DatabaseLocked(StorageError):
    """Another process holds the DuckDB file."""


class NotADatabase(StorageError):
    """The path exists but is not a DuckDB database."""


class RunInProgress(StorageError):
    """Another run of the same database is in progress (it holds the run lock)."""


class QueryRefused(FactdriftError):
    """``factdrift sql`` refuses a statement that is not one read-only query, or stops it."""


def plain_reason(exc: BaseException) -> str:
    """One line that says why: factdrift's own message, else the error's first line."""
    if isinstance(exc, FactdriftError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0] if lines else 'no message'}"[:500]
