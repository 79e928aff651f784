"""The story file: the default one loads; a broken one names the field and what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.story import load_story

ROOT = Path(__file__).resolve().parent.parent


def test_default_story_covers_every_gold_fact() -> None:
    story = load_story(ROOT / "seeds" / "story.toml")
    gold = [json.loads(line) for line in (ROOT / "tests/gold/seeds.jsonl").read_text().splitlines()]
    keys = {f.key for f in story.facts}
    assert {g["fact"] for g in gold} <= keys
    for item in gold:
        assert story.fact(item["fact"]).unit == item["unit"], item["fact"]


GOOD = (ROOT / "seeds" / "story.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda s: s.replace('kind = "count"', 'kind = "counts"', 1),
            r"facts\[0\] \(key=boat_strike_deaths\)\.kind",
        ),
        (
            lambda s: s.replace('key = "boat_strikes"', 'key = "Boat Strikes"'),
            r"facts\[1\].*\.key: .*lower-case",
        ),
        (lambda s: s.replace('key = "boat_strikes"', 'key = "boat_strike_deaths"'), "used twice"),
        (lambda s: s.replace('title = "US', 'titel = "US'), r"titel: Extra inputs"),
        (lambda s: s.replace("threshold = 1,", "threshold = -1,", 1), r"alert\.threshold"),
        (lambda s: s + "\n[[facts]\n", "not valid TOML"),
        (lambda s: s.replace("keywords = [", 'keywords = "x"\nold = [', 1), "keywords"),
    ],
    ids=[
        "bad-kind",
        "bad-key",
        "duplicate-key",
        "unknown-field",
        "negative-threshold",
        "toml-syntax",
        "keywords-type",
    ],
)
def test_broken_story_names_the_field(tmp_path: Path, edit, message: str) -> None:
    path = tmp_path / "story.toml"
    path.write_text(edit(GOOD), encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_story(path)
    assert "\n" not in str(info.value)


def test_missing_story_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_story(tmp_path / "nope.toml")


def test_the_example_story_files_load():
    """docs/examples holds story files users copy: each must load as documented."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "docs" / "examples"
    files = sorted(folder.glob("*.toml"))
    assert len(files) >= 3
    for path in files:
        story = load_story(path)
        assert story.facts
