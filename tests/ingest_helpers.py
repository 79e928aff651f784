"""Helpers shared by the web-ingestion tests: story files and flow runs against LocalSite."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
FAST = {
    "allow_private_addresses": True,  # the test server is on 127.0.0.1
    "fetch_timeout_seconds": 1.0,
    "fetch_backoff_seconds": 0.05,
    "recheck_schedule": "*=0s",  # re-check every page on every run
}


def seed_text(i: int) -> str:
    return SEED_FILES[i].read_text(encoding="utf-8")


def write_story(folder: Path, sources_toml: str) -> Path:
    """A story file with the seed story's keywords and catalog and the given sources."""
    folder.mkdir(parents=True, exist_ok=True)
    story = (SEEDS / "story.toml").read_text(encoding="utf-8")
    story = re.sub(
        r"\[\[sources\]\].*?(?=\n# -{10})", sources_toml.strip() + "\n", story, flags=re.S
    )
    path = folder / "story.toml"
    path.write_text(story, encoding="utf-8")
    return path


def run_flow(story_path: Path, db: Path, **settings):
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    merged = {**FAST, **settings}
    loaded = load_settings(db=db, story=story_path, **merged)
    return factdrift_run(loaded, load_story(story_path))


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()
