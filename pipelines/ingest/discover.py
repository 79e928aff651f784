"""Discover: list the articles a story's sources point at.

Local folders are read with their ``manifest.toml`` (publication date, how it was known,
outlet). Web sources (feeds, sitemaps, URL lists) are discovered in ``ingest.web``.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from factdrift.pipelines.dating import publication_day
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.model import SourceDoc

MANIFEST = "manifest.toml"
# Markdown is left out on purpose: README.md or notes beside the articles are not coverage.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def read_manifest(folder: Path) -> dict[str, SourceDoc]:
    """Return the manifest entries of ``folder`` keyed by file name ({} if none).

    Raises :class:`ConfigError` when the manifest exists but is malformed.
    """
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"manifest {path} cannot be read: {exc}") from None
    entries = raw.get("articles", {})
    if not isinstance(entries, dict):
        raise ConfigError(f"manifest {path}: 'articles' must be a table of file names")
    return {name: _manifest_entry(path, folder / name, name, e) for name, e in entries.items()}


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
    if not folder.is_dir():
        raise ConfigError(f"source folder {folder} does not exist or is not a folder")
    manifest = read_manifest(folder)
    docs = []
    for file in sorted(folder.iterdir()):
        if file.suffix.lower() not in ARTICLE_SUFFIXES or not file.is_file():
            continue
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
