"""``factdrift story check STORY [SOURCE]``: preview a story file on real articles.

Reads the story's own sources (or SOURCE: a folder of articles with a manifest, a feed or
sitemap URL, or a URL-list file) into a throw-away database, then prints per fact the
figures it took and from which sentences, and the figures near the story's words that no
fact took, with the reason for each fact (no cue near, other place, part of a whole, one
occurrence, …). Nothing is stored where the user keeps data.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer
from factdrift.pipelines.config import load_settings
from factdrift.pipelines.preview import Preview, preview
from factdrift.pipelines.story import Source, Story, load_story


def story_with_source(story: Story, source: str | None) -> Story:
    """``story`` reading from ``source`` instead of its own sources (None: unchanged)."""
    if source is None:
        return story
    if source.startswith(("http://", "https://")):
        kind = "sitemap" if "sitemap" in source.lower() else "feed"
        new = Source(kind=kind, location=source)
    else:
        path = Path(source).resolve()
        new = Source(kind="folder" if path.is_dir() else "urls", location=str(path))
    return story.model_copy(update={"sources": [new]})


def read_texts(story: Story) -> tuple[list, list[str]]:
    """The story's articles, read with the same steps as a run (into a temporary
    database), and the inputs that could not be read."""
    from factdrift.flows import steps

    with tempfile.TemporaryDirectory(prefix="factdrift-check-") as tmp:
        settings = load_settings(db=Path(tmp) / "check.duckdb")
        found = steps.discover_sources(settings, story)
        fetched = steps.fetch_pages(settings, found)
        batch = steps.read_articles(settings, story, found, fetched)
        return batch.texts, batch.errors


def check(story_path: Path, source: str | None, as_json: bool, limit: int) -> None:
    """Run the preview and print it (a rich table, or JSON)."""
    story = story_with_source(load_story(story_path), source)
    texts, errors = read_texts(story)
    result = preview(texts, story)
    if as_json:
        data = result.to_dict(story)
        data["unreadable"] = errors
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    _print(result, story, errors, limit)


def _print(result: Preview, story: Story, errors: list[str], limit: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{story.title}[/]: {result.articles} articles read")
    for line in result.advice:
        console.print(f"  [cyan]advice[/] {line}")
    for line in errors:
        console.print(f"  [yellow]unreadable[/] {line}")
    for key, tied in result.by_fact(story).items():
        table = Table(title=f"{key}: {len(tied)} figures", title_justify="left", expand=True)
        for col in ("stated", "qualifier", "outlet", "published", "sentence"):
            table.add_column(col, overflow="fold", ratio=4 if col == "sentence" else 1)
        for t in tied[:limit]:
            table.add_row(t.stated, t.qualifier, t.outlet, t.published, t.sentence)
        console.print(table)
    table = Table(
        title=f"not tied, near the story's words: {len(result.untied)} figures",
        title_justify="left",
        expand=True,
    )
    for col in ("stated", "outlet", "why not", "sentence"):
        table.add_column(col, overflow="fold", ratio=3 if col in ("why not", "sentence") else 1)
    for u in result.untied[:limit]:
        why = "\n".join(f"{k}: {v}" for k, v in u.reasons.items())
        table.add_row(u.stated, u.outlet, why, u.sentence)
    console.print(table)
