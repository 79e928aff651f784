"""A quiet edit: an outlet rewrites a key figure in an article it already published, and
the fact's estimate does not move. The edit is a change of its own kind,
``article_edited``, in the change log and alerted, with the sentence before and after
(the run used to say "no changes" and send nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from factdrift.flows.run import factdrift_run
from factdrift.pipelines.config import load_settings
from factdrift.pipelines.story import load_story

pytestmark = pytest.mark.flow
ARTICLE = "004_b2b2366a866f5741.txt"
BEFORE = "Since September, at least 83 people have been killed in 21 US strikes"
AFTER = "Since September, at least 80 people have been killed in 21 US strikes"


def _rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_a_quiet_edit_is_an_article_edited_change_and_alert(
    prefect_harness, seed_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "f.duckdb"
    settings = load_settings(db=db, story=seed_copy / "story.toml", prefect_events=True)
    factdrift_run(settings, load_story(settings.story))
    article = seed_copy / ARTICLE
    text = article.read_text(encoding="utf-8")
    assert BEFORE in text
    article.write_text(text.replace(BEFORE, AFTER), encoding="utf-8")

    edited = factdrift_run(settings, load_story(settings.story))

    # the running total stays at 83 (a lower figure is lagging, not a move) ...
    kinds = [(c["fact_key"], c["kind"]) for c in edited.changes]
    assert kinds == [("boat_strike_deaths", "article_edited")], edited.changes
    # ... but the edit is on record, with both sentences and the page
    [(old, new, summary, alert)] = _rows(
        db,
        "SELECT old, new, summary, alert FROM fact_changes WHERE run_id = ?",
        (edited.run_id,),
    )
    old, new = json.loads(old), json.loads(new)
    assert "at least 83 people" in old["sentence"] and "at least 80 people" in new["sentence"]
    assert new["url"].endswith(ARTICLE) and (old["version"], new["version"]) == (1, 2)
    assert alert and "edited its article (at least 83 → at least 80" in summary
    # ... and alerted: one message, saying who edited what
    [(message,)] = _rows(
        db,
        "SELECT a.message FROM alerts a JOIN fact_changes c USING (change_id) WHERE c.run_id = ?",
        (edited.run_id,),
    )
    message = json.loads(message)
    assert message["kind"] == "article_edited" and message["url"].endswith(ARTICLE)
    [edit] = message["edits"]
    assert "at least 83 people" in edit["old_sentence"]
    assert "at least 80 people" in edit["new_sentence"]
