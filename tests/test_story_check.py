"""``factdrift story check``: the preview a user runs while writing a story file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import seed_text, write_story
from web_server import LocalSite, Route, article_page, rss_feed

ROOT = Path(__file__).resolve().parent.parent
RFC = "Mon, 01 Dec 2025 09:00:00 GMT"


def factdrift(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdrift.flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


def test_check_on_a_local_folder_lists_tied_and_untied_figures(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "001.txt").write_text(
        "Boat strikes\n\nA U.S. strike on a drug boat killed 3 people on Tuesday, bringing "
        "the death toll from the boat strikes to at least 90.\n\nThe toll from the boat "
        "strikes rose by 7 this week.\n",
        encoding="utf-8",
    )
    (folder / "manifest.toml").write_text(
        '[articles."001.txt"]\npublished = 2025-11-07\noutlet = "Test Wire"\n', encoding="utf-8"
    )
    proc = factdrift("story", "check", str(ROOT / "seeds" / "story.toml"), str(folder), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["articles"] == 1
    assert [(t["stated"], t["qualifier"]) for t in data["facts"]["boat_strike_deaths"]] == [
        ("90", "at_least")
    ]
    assert [t["stated"] for t in data["facts"]["strike_deaths"]] == ["3"]
    (untied,) = [u for u in data["untied"] if u["stated"] == "7"]
    assert untied["reasons"]["boat_strike_deaths"] == "the size of a change"
    assert data["advice"] == []  # the default story writes its places right


PLACES_AS_CONTEXT = """
id = "storm"
title = "A storm"
keywords = ["storm"]
[[sources]]
kind = "folder"
location = "."
[[places]]
name = "Georgia"
[[facts]]
key = "ga_deaths"
label = "Deaths in Georgia"
kind = "count"
unit = "people"
cues = ["killed", "deaths"]
context = ["Georgia"]
[[facts]]
key = "fl_deaths"
label = "Deaths in Florida"
kind = "count"
unit = "people"
cues = ["killed", "deaths"]
context = ["Florida"]
[[facts]]
key = "al_deaths"
label = "Deaths in Alabama"
kind = "count"
unit = "people"
cues = ["killed", "deaths"]
where = ["Alabama"]
"""


def test_check_advises_where_for_places_written_as_context(tmp_path):
    from factdrift.pipelines.preview import story_advice
    from factdrift.pipelines.story import load_story

    path = tmp_path / "story.toml"
    path.write_text(PLACES_AS_CONTEXT, encoding="utf-8")
    advice = story_advice(load_story(path))
    # a listed place as context, and a breakdown told apart by names: two lines
    assert len(advice) == 2
    assert advice[0].startswith("ga_deaths: the context names the place Georgia")
    assert 'where = ["Georgia"]' in advice[0]
    assert advice[1].startswith("ga_deaths, fl_deaths: the same measure told apart by names")
    # the fact with `where` is right as it is
    assert not any("al_deaths" in line for line in advice)


@pytest.mark.flow
def test_check_on_a_feed_served_locally(tmp_path):
    with LocalSite() as site:
        site.routes["/news/a"] = Route(article_page("Seed", seed_text(4), published="2025-12-01"))
        site.routes["/feed.rss"] = Route(
            rss_feed([(site.url("/news/a"), "Strikes on boats", "Venezuela", RFC)]),
            content_type="application/rss+xml",
        )
        story = write_story(tmp_path, '[[sources]]\nkind = "folder"\nlocation = "."\n')
        proc = factdrift(
            "story",
            "check",
            str(story),
            site.url("/feed.rss"),
            FACTDRIFT_ALLOW_PRIVATE_ADDRESSES="true",
        )
        assert site.requests_to("/news/a"), "the article was fetched from the local site"
    assert proc.returncode == 0, proc.stderr
    assert "1 articles read" in proc.stdout
    assert "boat_strike_deaths:" in proc.stdout


def test_check_of_a_broken_story_is_one_line(tmp_path):
    bad = tmp_path / "story.toml"
    bad.write_text('id = "x"\n', encoding="utf-8")
    proc = factdrift("story", "check", str(bad))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if line.strip()]) == 1


def test_check_advises_against_exclude_words_for_what_is_read_already(tmp_path):
    from factdrift.pipelines.preview import story_advice
    from factdrift.pipelines.story import load_story

    path = tmp_path / "story.toml"
    path.write_text(
        """
id = "pause"
title = "A harbour pause"
keywords = ["pause"]
[[sources]]
kind = "folder"
location = "."
[[facts]]
key = "pause_days"
label = "Length of the pause"
kind = "duration"
unit = "days"
cues = ["pause"]
exclude = ["extended", "Harbour"]
[[facts]]
key = "freed"
label = "Captives freed"
kind = "count"
unit = "people"
cues = ["freed"]
exclude = ["previously", "extended"]
""",
        encoding="utf-8",
    )
    advice = story_advice(load_story(path))
    # "extended" is read for a length, "previously" for a count; "Harbour" is the user's own
    assert [line.split(":")[0] for line in advice] == ["pause_days", "freed"]
    assert 'exclude word "extended": an extension' in advice[0]
    assert 'exclude word "previously": an earlier value' in advice[1]
