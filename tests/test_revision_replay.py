"""An explicit revision read by the real extractor lowers a running total, a lower report
without one does not (issue 9): three dated articles written here, replayed for real."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

STORY = """
id = "revision-replay"
title = "A wildfire's toll"
keywords = ["wildfire", "fire"]

[[sources]]
kind = "folder"
location = "."

[[facts]]
key = "deaths"
label = "People killed by the wildfire (running total)"
kind = "count"
unit = "people"
cumulative = true
cues = ["killed", "dead", "deaths", "toll"]
subjects = ["people", "deaths"]
context = ["fire", "wildfire"]
alert = { enabled = true, threshold = 1, threshold_type = "absolute" }
"""
ARTICLES = {
    "a1.txt": (date(2026, 8, 10), "Herald", "The wildfire has killed 52 people, officials said."),
    "a2.txt": (date(2026, 8, 11), "Post", "The wildfire has killed 48 people, a county aide said."),
    "a3.txt": (
        date(2026, 8, 12),
        "Wire",
        "Officials revised the wildfire death toll down to 47 after DNA tests.",
    ),
}


@pytest.fixture(scope="module")
def replayed(prefect_harness, tmp_path_factory) -> Path:
    from factdrift.flows.replay import factdrift_replay
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    folder = tmp_path_factory.mktemp("revision") / "corpus"
    folder.mkdir()
    (folder / "story.toml").write_text(STORY, encoding="utf-8")
    manifest = []
    for name, (day, outlet, text) in ARTICLES.items():
        (folder / name).write_text(f"Wildfire update\n\n{text}\n", encoding="utf-8")
        manifest.append(f'[articles."{name}"]\npublished = {day}\noutlet = "{outlet}"\n')
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    db = folder.parent / "replay.duckdb"
    settings = load_settings(db=db, story=folder / "story.toml")
    factdrift_replay(settings, load_story(settings.story), folder)
    return db


@pytest.mark.flow
def test_a_lower_report_lags_and_an_explicit_revision_lowers_the_total(replayed) -> None:
    with duckdb.connect(str(replayed), read_only=True) as con:
        timeline = con.execute(
            "SELECT as_of, low, correction FROM fact_timeline WHERE fact_key = 'deaths' "
            "ORDER BY as_of"
        ).fetchall()
        revision = con.execute(
            "SELECT value, revision FROM claims WHERE fact_key = 'deaths' ORDER BY value"
        ).fetchall()
    assert revision == [(47.0, True), (48.0, False), (52.0, False)]
    by_day = {day: (low, correction) for day, low, correction in timeline}
    assert by_day[date(2026, 8, 10)] == (52.0, False)
    assert by_day.get(date(2026, 8, 11), (52.0, False)) == (52.0, False)  # 48 only lags
    assert by_day[date(2026, 8, 12)] == (47.0, True)  # the revision is a correction
