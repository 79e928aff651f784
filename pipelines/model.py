"""The plain data that flows between factdrift's stages.

Stages pass these frozen dataclasses to each other; nothing here knows about Prefect or
DuckDB. Identities are content hashes (see :func:`content_id`), so the same article text or
the same claim always gets the same id and a re-run inserts nothing twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Kind = Literal["count", "money", "date", "duration", "percent", "quantity"]
Qualifier = Literal[
    "exact", "about", "at_least", "more_than", "nearly", "up_to", "less_than", "range"
]
KINDS: tuple[str, ...] = ("count", "money", "date", "duration", "percent", "quantity")
QUALIFIERS: tuple[str, ...] = (
    "exact",
    "about",
    "at_least",
    "more_than",
    "nearly",
    "up_to",
    "less_than",
    "range",
)


def content_id(*parts: object, length: int = 16) -> str:
    """Return a short stable hex id for ``parts`` (JSON-serialised, then SHA-256)."""
    payload = json.dumps(parts, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One article as discovered, before its text is read.

    ``location`` is a local path or an http(s) URL; ``published`` comes from the manifest
    or the feed when known, with ``published_basis`` saying how it was known.
    """

    location: str
    outlet: str
    published: date | None = None
    published_basis: str = "unknown"
    title: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The readable text of one article version plus what is known about it."""

    url: str
    outlet: str
    title: str
    text: str
    published: date | None
    published_basis: str
    content_hash: str
    fetched_at: datetime | None = None

    @property
    def article_id(self) -> str:
        """Stable id of the article (its canonical URL), shared by all its versions.

        Web URLs are identified without their scheme, so the http and https spellings of
        one page are one article; local ``file://`` URLs are their own identity.
        """
        from factdrift.pipelines.ingest.urls import url_key

        return content_id("article", url_key(self.url))


@dataclass(frozen=True, slots=True)
class Claim:
    """One stated figure or date, normalized.

    Numbers carry ``value`` (the figure as written, e.g. 82 for "more than 82") and the
    interval ``[low, high]`` it stands for (``None`` = unbounded). Dates carry
    ``date_low``/``date_high``, a day interval. Spans are character offsets into the
    article text the claim was read from.
    """

    fact_key: str | None
    subject: str
    kind: str
    qualifier: str
    unit: str | None
    sentence: str
    span_start: int
    span_end: int
    value: float | None = None
    value_high: float | None = None
    low: float | None = None
    high: float | None = None
    date_low: date | None = None
    date_high: date | None = None
    hedged: bool = False
    hedge: str | None = None
    attribution: str | None = None
    quote: str = ""
    repeat_of: int | None = None  # index of an earlier claim in the same article stating it
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: What the sentence states: "total" (a running tally), "event" (one occurrence's
    #: figure) or None (neither could be told).
    scope: str | None = None
    #: The day interval of the occurrence an "event" figure is about, when the text dates it.
    event_low: date | None = None
    event_high: date | None = None
    #: An earlier value stated for comparison ("up from 30", "previously 12"): a claim about
    #: an earlier time, never the article's current statement; ``as_of`` is that time.
    earlier: bool = False
    as_of: date | None = None
    #: An explicit revision ("revised down to", "corrected", "now says"): may lower a tally.
    revision: bool = False

    def identity(self, version_hash: str, extractor_version: str) -> str:
        """Content-hash id of this claim within one article version."""
        return content_id(
            "claim",
            version_hash,
            extractor_version,
            self.fact_key,
            self.kind,
            self.qualifier,
            self.low,
            self.high,
            self.date_low,
            self.date_high,
            self.span_start,
            self.span_end,
        )


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One attempt to read an input, for ``fetch_log``.

    ``outcome`` is one of new_version | unchanged | not_modified | skipped | retried | error;
    ``error`` says in plain words what went wrong (or why the input was skipped).
    """

    url: str
    outcome: str
    status: int | None = None
    bytes: int | None = None
    elapsed_ms: float | None = None
    error: str | None = None
    at: datetime | None = None
