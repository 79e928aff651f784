"""Atom feed of changes: the latest alertable changes as an RFC 4287 document.

Each entry is one change, rendered from the outbox message the run composed for it (the
same words a webhook receives). Entry ids are ``tag:`` URIs built from the change id, so
a feed reader shows each change once however often the file is rewritten.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from factdrift.pipelines.alerts.alert import message_body, message_headline

ATOM_NS = "http://www.w3.org/2005/Atom"
#: tag: URI authority and date (RFC 4151); stable forever, so never change them.
TAG_AUTHORITY = "factdrift,2025"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One change to show: its id, when it was detected, and its message."""

    change_id: str
    alert_id: str
    updated: datetime
    message: dict


def feed_id(story_id: str) -> str:
    """The feed's permanent id."""
    return f"tag:{TAG_AUTHORITY}:{story_id}/changes"


def entry_id(story_id: str, change_id: str) -> str:
    """A change's permanent entry id."""
    return f"tag:{TAG_AUTHORITY}:{story_id}/change/{change_id}"


def render_feed(
    story_id: str, story_title: str, entries: Sequence[FeedEntry], now: datetime
) -> bytes:
    """The Atom document (UTF-8 bytes) for ``entries``, newest first.

    ``updated`` of the feed is the newest entry's time, or ``now`` when there is none.
    """
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(_q("feed"))
    _text(feed, "id", feed_id(story_id))
    _text(feed, "title", f"factdrift: {story_title} — changes")
    newest = max((e.updated for e in entries), default=now)
    _text(feed, "updated", rfc3339(newest))
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", "factdrift")
    ET.SubElement(feed, _q("generator")).text = "factdrift"
    for entry in sorted(entries, key=lambda e: (e.updated, e.change_id), reverse=True):
        feed.append(_entry(story_id, entry))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def rfc3339(moment: datetime) -> str:
    """An Atom date: RFC 3339 with an offset (a naive time is read as local time)."""
    return moment.astimezone().isoformat(timespec="seconds")


def _entry(story_id: str, entry: FeedEntry) -> ET.Element:
    message = entry.message
    node = ET.Element(_q("entry"))
    _text(node, "id", entry_id(story_id, entry.change_id))
    _text(node, "title", message_headline(message))
    _text(node, "updated", rfc3339(entry.updated))
    if message.get("url"):
        ET.SubElement(node, _q("link"), rel="alternate", href=message["url"])
    ET.SubElement(node, _q("category"), term=message["kind"])
    _text(node, "summary", message["summary"])
    content = _text(node, "content", message_body(message, None))
    content.set("type", "text")
    return node


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old file or the new, never half.

    The temporary file sits in the same folder (a rename is only atomic within one file
    system) and is flushed to disk before the rename.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a feed is meant to be read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    child = ET.SubElement(parent, _q(tag))
    child.text = value
    return child


def _q(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"
