"""Feeds (RSS, Atom, RDF) and sitemaps: the links they list, with titles and dates.

trafilatura's own feed reader keeps only links (regular expressions over the text); the
relevance filter needs each entry's title and summary and the date fallback needs its
date, so entries are read here from the parsed XML, by local element name so RSS 2.0,
RSS 1.0 (RDF), Atom and Google News sitemaps all work.

XML from the web is parsed defensively. A document that declares entities in a DTD is
refused before parsing: feeds never need them, and they are how entity-expansion bombs
("billion laughs") and external-entity reads work. The lxml parser is also set not to
resolve entities, not to load DTDs, not to touch the network and not to lift libxml2's
size limits (``huge_tree``), so a bomb that slips past the check is still not expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from factdrift.pipelines.dating import publication_day
from factdrift.pipelines.errors import BadFeed
from lxml import etree

MAX_ENTRIES = 5000  # a feed or sitemap listing more is truncated (and says so in the log)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One link listed by a feed or sitemap, with what the listing says about it."""

    url: str
    title: str | None = None
    summary: str | None = None
    published: date | None = None
    published_basis: str = "unknown"


@dataclass
class Listing:
    """A parsed feed or sitemap: its entries, and child sitemaps of a sitemap index."""

    kind: str  # rss | atom | rdf | sitemap | sitemapindex
    entries: list[FeedEntry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    #: Entries the document held; more than ``len(entries)`` when it was cut at MAX_ENTRIES.
    listed: int = 0

    @property
    def truncated(self) -> str | None:
        """A note for the fetch log when entries were left out, else None."""
        if self.listed <= len(self.entries):
            return None
        return (
            f"{self.kind} lists {self.listed} entries; only the first {len(self.entries)} "
            f"were read (cap {MAX_ENTRIES})"
        )


def parse_listing(body: bytes, base_url: str) -> Listing:
    """Parse a feed or sitemap; raise :class:`BadFeed` when it is malformed or unsafe."""
    root = safe_xml(body)
    name = etree.QName(root).localname.lower()
    if name == "rss":
        return _capped("rss", _rss_items(root, base_url, "rss"))
    if name == "rdf":
        return _capped("rdf", _rss_items(root, base_url, "rdf"))
    if name == "feed":
        return _capped("atom", _atom_entries(root, base_url))
    if name == "urlset":
        return _capped("sitemap", _sitemap_urls(root, base_url))
    if name == "sitemapindex":
        locs = [_text(s, "loc") for s in _children(root, "sitemap")]
        return Listing("sitemapindex", children=[urljoin(base_url, x) for x in locs if x])
    raise BadFeed(f"not a feed or sitemap: the document's root element is <{name}>")


def _capped(kind: str, entries: list[FeedEntry]) -> Listing:
    return Listing(kind, entries[:MAX_ENTRIES], listed=len(entries))


def safe_xml(body: bytes) -> etree._Element:
    """Parse untrusted XML without expanding entities; raise :class:`BadFeed` if unusable."""
    if _ENTITY_DECL.search(body):
        raise BadFeed(
            "the XML declares entities (a possible entity-expansion bomb); refused without "
            "expanding it"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise BadFeed(f"malformed XML, not a usable feed or sitemap ({exc.msg})") from None
    if root is None:
        raise BadFeed("empty XML document")
    return root


def _rss_items(root: etree._Element, base: str, kind: str) -> list[FeedEntry]:
    entries = []
    for item in _descendants(root, "item"):
        link = _text(item, "link") or _permalink_guid(item)
        if not link:
            continue
        raw_date = _text(item, "pubDate") or _text(item, "date")  # RDF: dc:date
        published = _rfc822_day(raw_date) or _iso_day(raw_date)
        entries.append(
            FeedEntry(
                url=urljoin(base, link),
                title=_text(item, "title"),
                summary=_text(item, "description") or _text(item, "encoded"),
                published=published,
                published_basis=f"{kind} feed date {raw_date.strip()!r}"
                if published
                else "unknown",
            )
        )
    return entries


def _atom_entries(root: etree._Element, base: str) -> list[FeedEntry]:
    entries = []
    for entry in _children(root, "entry"):
        link = _atom_link(entry)
        if not link:
            continue
        raw_date = _text(entry, "published") or _text(entry, "updated")
        published = _iso_day(raw_date)
        entries.append(
            FeedEntry(
                url=urljoin(base, link),
                title=_text(entry, "title"),
                summary=_text(entry, "summary") or _text(entry, "content"),
                published=published,
                published_basis=f"atom feed date {raw_date.strip()!r}" if published else "unknown",
            )
        )
    return entries


def _sitemap_urls(root: etree._Element, base: str) -> list[FeedEntry]:
    entries = []
    for node in _children(root, "url"):
        loc = _text(node, "loc")
        if not loc:
            continue
        # Google News sitemaps carry the real publication date and the headline; a plain
        # <lastmod> is when the page last changed, so it is not used as a publication date.
        raw_date = _deep_text(node, "publication_date")
        published = _iso_day(raw_date)
        entries.append(
            FeedEntry(
                url=urljoin(base, loc),
                title=_deep_text(node, "title"),
                published=published,
                published_basis=f"news sitemap date {raw_date.strip()!r}"
                if published
                else "unknown",
            )
        )
    return entries


def _atom_link(entry: etree._Element) -> str | None:
    for link in _children(entry, "link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None


def _permalink_guid(item: etree._Element) -> str | None:
    for guid in _children(item, "guid"):
        if guid.get("isPermaLink", "true") == "true" and (guid.text or "").startswith("http"):
            return guid.text
    return None


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in node if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _descendants(node: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in node.iter() if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _text(node: etree._Element, name: str) -> str | None:
    for child in _children(node, name):
        text = "".join(child.itertext()).strip()
        if text:
            return text
    return None


def _deep_text(node: etree._Element, name: str) -> str | None:
    for child in _descendants(node, name):
        text = "".join(child.itertext()).strip()
        if text:
            return text
    return None


def _rfc822_day(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return publication_day(parsedate_to_datetime(raw))[0]
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _iso_day(raw: str | None) -> date | None:
    match = _ISO_DAY.match(raw or "")
    if not match:
        return None
    try:
        return publication_day(datetime(*map(int, match.groups())))[0]
    except (ValueError, OverflowError):
        return None
