"""Shared fixtures: the seed story and a small hurricane story (a catalog not in code)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipelines.story import Story, load_story

ROOT = Path(__file__).resolve().parent.parent
#: Monday 1 December 2025, the publication day of most seed articles.
PUB = date(2025, 12, 1)


@pytest.fixture(scope="session")
def seed_story() -> Story:
    return load_story(ROOT / "seeds" / "story.toml")


@pytest.fixture(scope="session")
def hurricane_story() -> Story:
    return load_story(Path(__file__).parent / "data" / "hurricane_story.toml")
