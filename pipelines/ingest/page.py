"""Read a fetched web page: decode it, extract text and metadata, date it, check relevance.

trafilatura extracts the main text (no navigation, ads, related links or comments) and the
metadata (title, author, site name, date) in one pass. The publication date is taken from,
in order: the page's own metadata (meta tags, JSON-LD, <time>: htmldate's quick search
through trafilatura); htmldate's extensive search of the page's text and URL; the date the
feed or news sitemap gave; else unknown. ``published_basis`` records which one it was.

Cosmetic lines that change on every visit ("Last updated 10:42", "1,234 shares") are
dropped before hashing, so they never make a new version.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date, datetime

from factdrift.pipelines.dating import publication_day
from factdrift.pipelines.errors import EmptyArticle, OffTopic, UnreadableArticle
from factdrift.pipelines.ingest.read import MIN_TEXT_CHARS, normalize_text, text_hash
from factdrift.pipelines.ingest.relevance import mentions_story
from factdrift.pipelines.ingest.urls import host_of

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
# Whole lines that carry no fact and change between visits: update stamps, share and
# comment counters, "read time" badges.
_VOLATILE_LINE = re.compile(
    r"""^(?:
        (?:last\s+)?(?:updated|modified|published)(?:\s+(?:on|at))?\s*:?\s*
            [\w\s,:./+\-()]{0,40}\d[\w\s,:./+\-()]{0,40}
      | [\d.,]+\s*[km]?\s+(?:shares?|comments?|views?|reactions?|likes?)
      | (?:shares?|comments?|views?)\s*:?\s*[\d.,]+\s*[km]?
      | \d+\s+min(?:ute)?s?\s+read
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class PageHint:
    """What discovery knew about a URL before fetching it (feed or sitemap entry)."""

    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    published_basis: str = "unknown"


@dataclass(frozen=True, slots=True)
class PageText:
    """A page's readable text and metadata (the fields of an article version)."""

    title: str
    text: str
    content_hash: str
    outlet: str
    author: str | None
    site_name: str | None
    published: date | None
    published_basis: str


def decode_page(body: bytes, charset: str | None) -> str:
    """Decode with the declared charset (header, else <meta>, else UTF-8); strict."""
    declared = charset or _meta_charset(body) or "utf-8"
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        codec = "utf-8"
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnreadableArticle(
            f"not valid {declared} text (bad byte at offset {exc.start}); skipped"
        ) from None


def drop_volatile_lines(text: str) -> str:
    """Remove update stamps and share/comment counters (they change on every visit)."""
    return "\n".join(line for line in text.split("\n") if not _VOLATILE_LINE.match(line.strip()))


def read_page(html: str, url: str, hint: PageHint, keywords) -> PageText:
    """Extract one page; raise :class:`EmptyArticle` or :class:`OffTopic` when unusable.

    ``keywords`` is the story's compiled keyword pattern (``ingest.relevance``): a page
    that does not mention the story is reported before claims are extracted from it.
    """
    doc = _extract(html, url)
    body = doc.text if doc is not None else None
    if not body:
        raise EmptyArticle("the page has no main text that could be extracted; skipped")
    text = normalize_text(drop_volatile_lines(normalize_text(body)))
    if len(text) < MIN_TEXT_CHARS:
        raise EmptyArticle(f"no readable text (only {len(text)} characters); skipped")
    title = (doc.title or hint.title or text.split("\n", 1)[0])[:300]
    if not mentions_story(keywords, title, text):
        raise OffTopic("not about the story: none of its keywords appear in the page; skipped")
    published, basis = _publication_date(html, doc, url, hint)
    return PageText(
        title=title,
        text=text,
        content_hash=text_hash(text),
        outlet=hint.outlet or doc.sitename or host_of(url),
        author=doc.author or None,
        site_name=doc.sitename or None,
        published=published,
        published_basis=basis,
    )


def _extract(html: str, url: str):
    import trafilatura  # heavy import, only needed when there are pages

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        # Quick search only: meta tags, JSON-LD, <time>. The extensive search runs below
        # only when this finds nothing, so the basis says which one found the date.
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "max_date": datetime.now().strftime("%Y-%m-%d"),
        },
    )


def _publication_date(html: str, doc, url: str, hint: PageHint) -> tuple[date | None, str]:
    day = _as_day(doc.date)
    if day:
        return day, "page metadata (trafilatura/htmldate: meta tags, JSON-LD or <time>)"
    from htmldate import find_date

    guessed = _as_day(
        find_date(
            html,
            extensive_search=True,
            original_date=True,
            url=url,
            max_date=datetime.now().strftime("%Y-%m-%d"),
        )
    )
    if guessed:
        return guessed, "htmldate: found in the page's text or URL (no date in its metadata)"
    if hint.published:
        return hint.published, f"{hint.published_basis} (the page states no date)"
    return None, "unknown: no date in the page, its metadata or the feed"


def _as_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return publication_day(date.fromisoformat(value[:10]))[0]
    except ValueError:
        return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None
