"""Consistency checks for the test corpora under ``tests/corpus`` (dev and replay).

Each story folder holds ``story.toml`` (catalog), ``manifest.toml`` (one entry per
article), the articles ``NNN_slug.txt`` and ``gold.jsonl``. ``check_folder`` returns a
list of problems (empty when the folder is consistent). Conventions: ``tests/corpus/README.md``.

Run directly: ``python tests/corpus/validate_corpus.py`` prints the problems and counts.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from datetime import date
from pathlib import Path

from factdrift.pipelines.story import load_story

CORPUS = Path(__file__).resolve().parent
QUALIFIERS = {"exact", "about", "at_least", "more_than", "nearly", "up_to", "less_than", "range"}
REQUIRED = ("doc", "published", "fact", "value", "qualifier", "unit", "hedged", "quote")
ARTICLE = re.compile(r"^\d{3}_[a-z0-9_]+\.txt$")
MIN_WORDS, MAX_WORDS = 120, 450


def story_folders() -> list[Path]:
    """Every folder below ``tests/corpus`` that holds a ``story.toml``."""
    return sorted(p.parent for p in CORPUS.glob("*/*/story.toml"))


def load_gold(folder: Path) -> list[dict]:
    lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _parse_date(v: object) -> date | None:
    if not isinstance(v, str):
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        return None


def check_manifest(folder: Path) -> tuple[dict, list[str]]:
    problems: list[str] = []
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    articles = manifest.get("articles", {})
    files = {p.name for p in folder.glob("*.txt")}
    for name in sorted(files - set(articles)):
        problems.append(f"{name}: no manifest entry")
    for name, entry in articles.items():
        if name not in files:
            problems.append(f"manifest entry {name}: no such file")
        if not ARTICLE.match(name):
            problems.append(f"{name}: file name is not NNN_slug.txt")
        if not isinstance(entry.get("published"), date):
            problems.append(f"{name}: published is not a date")
        for field in ("published_basis", "outlet", "title"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                problems.append(f"{name}: {field} missing")
    for name in sorted(files & set(articles)):
        words = len((folder / name).read_text(encoding="utf-8").split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            problems.append(f"{name}: {words} words (want {MIN_WORDS}–{MAX_WORDS})")
    return articles, problems


def check_gold_item(item: dict, folder: Path, articles: dict, story) -> list[str]:
    where = f"gold {item.get('doc')}/{item.get('fact')}"
    missing = [k for k in REQUIRED if k not in item]
    if missing:
        return [f"{where}: missing {missing}"]
    problems: list[str] = []
    doc = item["doc"]
    if doc not in articles:
        return [f"{where}: doc has no manifest entry"]
    text = (folder / doc).read_text(encoding="utf-8")
    if item["quote"] not in text:
        problems.append(f"{where}: quote not found verbatim: {item['quote']!r}")
    if item["published"] != articles[doc]["published"].isoformat():
        problems.append(f"{where}: published {item['published']} != manifest")
    try:
        fact = story.fact(item["fact"])
    except KeyError:
        return [*problems, f"{where}: fact not in the catalog"]
    if item["unit"] != fact.unit:
        problems.append(f"{where}: unit {item['unit']!r} != catalog {fact.unit!r}")
    qualifier = item["qualifier"]
    if qualifier not in QUALIFIERS:
        problems.append(f"{where}: bad qualifier {qualifier!r}")
    if not isinstance(item["hedged"], bool):
        problems.append(f"{where}: hedged is not a bool")
    has_high = "value_high" in item
    if (qualifier == "range") != has_high:
        problems.append(f"{where}: value_high must be present exactly for range")
    values = [item["value"], item["value_high"]] if has_high else [item["value"]]
    if fact.kind == "date":
        parsed = [_parse_date(v) for v in values]
        if any(p is None for p in parsed):
            problems.append(f"{where}: date value is not ISO: {values}")
        elif has_high and parsed[1] < parsed[0]:
            problems.append(f"{where}: value_high before value")
    elif not all(_is_number(v) for v in values):
        problems.append(f"{where}: value is not a number: {values}")
    elif has_high and values[1] < values[0]:
        problems.append(f"{where}: value_high below value")
    return problems


def check_folder(folder: Path) -> list[str]:
    """All problems of one story folder."""
    story = load_story(folder / "story.toml")
    articles, problems = check_manifest(folder)
    seen: set[tuple] = set()
    for item in load_gold(folder):
        problems += check_gold_item(item, folder, articles, story)
        key = (item.get("doc"), item.get("fact"), str(item.get("value")), item.get("qualifier"))
        if key in seen:
            problems.append(f"gold {key}: annotated twice (one line per stated value)")
        seen.add(key)
    return problems


def main() -> int:
    bad = 0
    for folder in story_folders():
        problems = check_folder(folder)
        docs = len(list(folder.glob("*.txt")))
        print(f"{folder.relative_to(CORPUS)}: {docs} articles, {len(load_gold(folder))} gold")
        for p in problems:
            print("  ", p)
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
