"""Read: turn a discovered local article into :class:`ArticleText`.

Plain-text files are read as they are; HTML files go through trafilatura. The content hash
is taken over a normalized form of the text (Unicode NFC, whitespace folded) so cosmetic
re-saves do not make a new version.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from factdrift.pipelines.errors import EmptyArticle, UnreadableArticle
from factdrift.pipelines.model import ArticleText, SourceDoc

MIN_TEXT_CHARS = 40  # shorter than a sentence with a figure: nothing to extract
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# Control characters other than tab and newline (NUL first): never text, and a NUL breaks
# the tools people point at the database. Carriage returns are unified below.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """Canonical text for hashing and storage: NFC, unified newlines, folded spaces, no
    control characters."""
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def text_hash(normalized: str) -> str:
    """SHA-256 hex digest of already-normalized text."""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def read_local_article(doc: SourceDoc, max_bytes: int | None = None) -> ArticleText:
    """Read one local article file; raise an :class:`InputError` subclass if unusable.

    A file larger than ``max_bytes`` (the cap web pages have, ``FACTDRIFT_FETCH_MAX_BYTES``)
    is skipped without being read whole.
    """
    path = Path(doc.location)
    raw = _read_bytes(path, max_bytes)
    text = _decode(path, raw)
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text, path)
    text = normalize_text(text)
    if len(text) < MIN_TEXT_CHARS:
        raise EmptyArticle(f"{path.name}: no readable text (only {len(text)} characters); skipped")
    return ArticleText(
        url=path.resolve().as_uri(),
        outlet=doc.outlet,
        title=doc.title or _first_line(text),
        text=text,
        published=doc.published,
        published_basis=doc.published_basis,
        content_hash=text_hash(text),
        fetched_at=datetime.now(),
    )


def file_signature(location: str) -> tuple[int, int] | None:
    """``(size, mtime_ns)`` of a local file, or None when it cannot be looked at (the read
    that follows then reports why)."""
    try:
        info = Path(location).stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def html_to_text(html: str, origin: Path | str) -> str:
    """Main text of an HTML page via trafilatura (boilerplate, menus and comments removed)."""
    import trafilatura  # heavy import, only needed for HTML input

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True
    )
    if not text:
        raise EmptyArticle(f"{origin}: the page has no main text that could be extracted")
    return text


def _read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(-1 if max_bytes is None else max_bytes + 1)
        if max_bytes is not None and len(raw) > max_bytes:
            raise UnreadableArticle(
                f"{path.name}: larger than the {_size(max_bytes)} cap "
                "(FACTDRIFT_FETCH_MAX_BYTES); skipped"
            )
        return raw
    except FileNotFoundError:
        raise UnreadableArticle(f"{path}: file not found") from None
    except IsADirectoryError:
        raise UnreadableArticle(f"{path}: is a folder, not an article file") from None
    except OSError as exc:
        raise UnreadableArticle(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n / 1000:g} kB"


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise UnreadableArticle(f"{path.name}: binary file, not text; skipped")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableArticle(
            f"{path.name}: not valid UTF-8 text (bad byte at offset {exc.start}); "
            "re-save it as UTF-8"
        ) from None


def _first_line(text: str) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= 200 else first[:197] + "..."
