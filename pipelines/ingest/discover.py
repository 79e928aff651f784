"""Discover: list the articles a story's sources point at.

Local folders are read with their ``manifest.toml`` (publication date, how it was known,
outlet). Web sources (feeds, sitemaps, URL lists) are discovered in ``ingest.web``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Collection
from datetime import date
from pathlib import Path

from factdrift.pipelines.dating import publication_day
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.model import SourceDoc

MANIFEST = "manifest.toml"
# Markdown is left out on purpose: README.md or notes beside the articles are not coverage.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


#: A manifest larger than this is read entry by entry when only some entries are needed.
LARGE_MANIFEST = 64_000
# `[articles."name.txt"]` (or 'name.txt') on a line of its own: one entry's table header.
_ENTRY_HEADER = re.compile(r"""^\[\s*articles\s*\.\s*(?:"([^"\\]*)"|'([^']*)')\s*\]\s*$""", re.M)


def read_manifest(folder: Path, names: Collection[str] | None = None) -> dict[str, SourceDoc]:
    """Return the manifest entries of ``folder`` keyed by file name ({} if none).

    With ``names``, only those entries are needed: in a large manifest written one table
    per article (``[articles."name.txt"]``, as factdrift documents it) just their tables
    are parsed, which keeps a run that adds 10 articles to a folder of 100,000 from
    parsing all 100,000 (tomllib reads about 10,000 entries a second). Any other layout,
    or a name without such a table, is read in full.

    Raises :class:`ConfigError` when the manifest (or an entry read) is malformed.
    """
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        raw = _parse_entries(text, names) if names is not None else None
        raw = raw if raw is not None else tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"manifest {path} cannot be read: {exc}") from None
    entries = raw.get("articles", {})
    if not isinstance(entries, dict):
        raise ConfigError(f"manifest {path}: 'articles' must be a table of file names")
    return {name: _manifest_entry(path, folder / name, name, e) for name, e in entries.items()}


def _parse_entries(text: str, names: Collection[str]) -> dict | None:
    """Parse only the tables of ``names`` (None: not possible, parse everything)."""
    if len(text) < LARGE_MANIFEST:
        return None
    headers = list(_ENTRY_HEADER.finditer(text))
    wanted = set(names)
    tables = {}
    for i, header in enumerate(headers):
        name = header.group(1) if header.group(1) is not None else header.group(2)
        if name in wanted:
            end = headers[i + 1].start() if i + 1 < len(headers) else len(text)
            tables[name] = text[header.start() : end]
    if len(tables) < len(wanted) or any(_other_table(t) for t in tables.values()):
        return None
    return tomllib.loads("\n".join(tables.values()))


def _other_table(table: str) -> bool:
    # A section that runs into a table that is not an article entry (e.g. a trailing
    # [defaults]) would be mis-attributed: leave such manifests to the full parse.
    return any(line.lstrip().startswith("[") for line in table.splitlines()[1:])


def _manifest_entry(manifest: Path, file: Path, name: str, entry: object) -> SourceDoc:
    if not isinstance(entry, dict):
        raise ConfigError(f"manifest {manifest}: articles.{name!r} must be a table")
    raw = entry.get("published")
    if raw is not None and not isinstance(raw, date):  # a datetime is a date too
        raise ConfigError(
            f"manifest {manifest}: articles.{name!r}.published must be a date like 2025-12-01"
        )
    # A datetime counts as its day; a date outside the believable window (year 1, year
    # 9999) leaves the article undated, with the reason as its basis, instead of failing.
    published, why = publication_day(raw)
    basis = entry.get("published_basis") or ("manifest" if published else "unknown")
    return SourceDoc(
        location=str(file),
        outlet=str(entry.get("outlet") or f"unknown outlet ({name})"),
        published=published,
        published_basis=f"unknown: manifest {why}" if why else str(basis),
        title=entry.get("title"),
    )


def discover_folder(folder: Path, default_outlet: str | None = None) -> list[SourceDoc]:
    """List the article files in ``folder`` (sorted), dated by its manifest when present."""
    return docs_for(folder, list_article_files(folder), default_outlet)


def list_article_files(folder: Path) -> list[Path]:
    """The article files of ``folder``, sorted (no manifest read: that is the slow part)."""
    if not folder.is_dir():
        raise ConfigError(f"source folder {folder} does not exist or is not a folder")
    return [
        file
        for file in sorted(folder.iterdir())
        if file.suffix.lower() in ARTICLE_SUFFIXES and file.is_file()
    ]


def scan_article_files(folder: Path) -> list[tuple[str, tuple[int, int]]]:
    """The article files of ``folder`` (paths as ``str(folder / name)``), sorted, each with
    ``(size, mtime_ns)``.

    One directory scan and one ``stat`` per file: the cheapest complete look at a folder
    of 100,000 articles (a per-file ``Path.is_file`` then ``stat`` costs twice as much, and
    making a ``Path`` of each costs as much again: callers make them of the few they need).
    """
    if not folder.is_dir():
        raise ConfigError(f"source folder {folder} does not exist or is not a folder")
    base = str(folder)
    found = []
    with os.scandir(base) as entries:
        for entry in entries:
            if entry.name.lower().endswith(ARTICLE_SUFFIXES) and entry.is_file():
                info = entry.stat()
                found.append((entry.name, (info.st_size, info.st_mtime_ns)))
    found.sort()
    prefix = str(folder / "x")[:-1]  # the folder's path and its separator
    return [(prefix + name, signature) for name, signature in found]


def docs_for(folder: Path, files: list[Path], default_outlet: str | None = None) -> list[SourceDoc]:
    """``files`` of ``folder`` as articles, dated by the folder's manifest when present."""
    if not files:
        return []
    manifest = read_manifest(folder, [file.name for file in files])
    docs = []
    for file in files:
        doc = manifest.get(file.name)
        if doc is None:
            doc = SourceDoc(
                location=str(file),
                outlet=default_outlet or f"unknown outlet ({file.name})",
                published=None,
                published_basis="unknown: not in the folder's manifest",
            )
        docs.append(doc)
    return docs
