"""Incremental reconciliation gives exactly what a full rebuild gives.

Each corpus is fed in batches through the real steps and a real DuckDB file, in an order
that is not the publication order (so a batch often reaches back before days already
reconciled), with an article edited and a fact dropped from the catalog along the way.
After every run the stored timeline, competing values and the run's snapshot must equal
those rebuilt from scratch from every stored claim, the way every run used to.
"""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

import pytest
from factdrift.flows import steps
from factdrift.pipelines.config import load_settings
from factdrift.pipelines.facts import diff, events, reconcile
from factdrift.pipelines.story import Story, load_story
from factdrift.storage import facts as fact_store
from factdrift.storage.db import connect
from factdrift.storage.store import RunTotals

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [
    ROOT / "seeds",
    *sorted((ROOT / "tests" / "corpus" / "dev").iterdir()),
    ROOT / "tests" / "corpus" / "replay" / "venezuela_weeks",
]
CANDIDATES = f"SELECT {', '.join(fact_store.CANDIDATE_COLUMNS)} FROM t_fact_candidates"
EVENTS = f"SELECT {', '.join(fact_store.EVENT_COLUMNS)} FROM t_events"
CHECKS = f"SELECT {', '.join(fact_store.CHECK_COLUMNS)} FROM t_tally_check"
# The fact_timeline view as first written (a lookup per row); the view now joins instead
# and must read the same.
WORDING_BY_LOOKUP = """
SELECT t.fact_key, t.as_of, t.low, t.high, t.date_low, t.date_high, t.status, t.n_claims,
       t.n_outlets, t.env_low, t.env_high, t.env_date_low, t.env_date_high, t.hedged_only,
       t.correction, t.outlets, t.claim_ids, w.qualifier, w.stated_value
FROM t_fact_timeline t
LEFT JOIN LATERAL (
    SELECT CASE WHEN count(DISTINCT c.qualifier) = 1 THEN min(c.qualifier) ELSE 'mixed' END
               AS qualifier,
           CASE WHEN count(DISTINCT c.qualifier) = 1 AND count(DISTINCT c.value) = 1
                     AND count(c.value) = count(*) THEN min(c.value) END AS stated_value
    FROM t_claims c
    WHERE list_contains(t.claim_ids, c.claim_id)
) w ON true
ORDER BY fact_key, as_of
"""


def _run(settings, story: Story, run_id: str, full: bool = False) -> dict:
    """One run through the steps (no Prefect: the steps are what is under test).

    ``full`` reconciles every stored claim, as every run did before incremental
    reconciliation (forgetting what the stored state was built under forces that).
    """
    steps.open_run(settings, story, run_id, None)
    found = steps.discover_sources(settings, story)
    batch = steps.read_articles(settings, story, found, [])
    versions = steps.select_new_versions(settings, batch.texts)
    claims = steps.extract([text for text, _ in versions], story)
    steps.store_versions(settings, run_id, versions, claims, batch)
    if full:
        with connect(settings.db) as con:
            con.execute("DELETE FROM t_reconcile_state")
    _, snapshot = steps.reconcile_and_diff(settings, story, run_id, ["log"])
    steps.close_run(settings, run_id, RunTotals(), snapshot)
    return snapshot


# What a run recorded, comparable across databases: its changes and alert messages.
CHANGES = """
SELECT c.fact_key, c.kind, c.old, c.new, c.alert, c.summary, a.message
FROM t_fact_changes c LEFT JOIN t_alerts a USING (change_id)
WHERE c.run_id = ? ORDER BY ALL
"""


def _recorded(db: Path, run_id: str) -> list:
    with connect(db, read_only=True) as con:
        return con.execute(CHANGES, [run_id]).fetchall()


def _assert_same_as_full_rebuild(db: Path, story: Story, snapshot: dict) -> None:
    with connect(db, read_only=True) as con:
        observations = fact_store.load_observations(con)
        stored = fact_store._normalize(con.execute(fact_store.SELECT_TIMELINE).fetchall())
        stored_candidates = sorted(fact_store._normalize(con.execute(CANDIDATES).fetchall()))
        view = con.execute("SELECT * FROM fact_timeline ORDER BY fact_key, as_of").fetchall()
        assert view == con.execute(WORDING_BY_LOOKUP).fetchall()
    timeline = reconcile.build_timeline(observations, story)
    days = sorted({row.as_of for row in timeline})
    candidates = [c for d in days for c in reconcile.competing_values(observations, story, d)]
    columns = fact_store.TIMELINE_COLUMNS.split(", ")
    assert stored == fact_store._normalize([fact_store._row(t, columns) for t in timeline])
    expected = [fact_store._row(c, fact_store.CANDIDATE_COLUMNS) for c in candidates]
    assert stored_candidates == sorted(fact_store._normalize(expected))
    assert snapshot == diff.snapshot(reconcile.current_state(timeline))
    with connect(db, read_only=True) as con:
        stored_events = sorted(fact_store._normalize(con.execute(EVENTS).fetchall()))
        stored_checks = sorted(fact_store._normalize(con.execute(CHECKS).fetchall()))
    occurrences = events.build_events(observations, story)
    assert stored_events == sorted(
        fact_store._normalize([fact_store._event_row(e) for e in occurrences])
    )
    checks = events.tally_check(observations, story, timeline)
    assert stored_checks == sorted(
        fact_store._normalize([fact_store._row(c, fact_store.CHECK_COLUMNS) for c in checks])
    )


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_batches_out_of_order_match_a_full_rebuild(corpus: Path, tmp_path: Path) -> None:
    # The same runs into two databases: one reconciled incrementally, one in full.
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(corpus / "manifest.toml", folder / "manifest.toml")
    shutil.copy(corpus / "story.toml", folder / "story.toml")
    story = load_story(folder / "story.toml")
    settings = load_settings(db=tmp_path / "f.duckdb", story=folder / "story.toml")
    reference = load_settings(db=tmp_path / "full.duckdb", story=folder / "story.toml")

    def run_both(run_id: str, story: Story = story) -> None:
        snapshot = _run(settings, story, run_id)
        assert snapshot == _run(reference, story, run_id, full=True)
        _assert_same_as_full_rebuild(settings.db, story, snapshot)
        assert _recorded(settings.db, run_id) == _recorded(reference.db, run_id)

    articles = sorted(corpus.glob("*.txt"))
    random.Random(corpus.name).shuffle(articles)
    batches = [articles[i : i + 3] for i in range(0, len(articles), 3)]
    for n, batch in enumerate(batches):
        for article in batch:
            shutil.copy(article, folder / article.name)
        run_both(f"r{n}")

    # An edited article replaces its claims from its own day on.
    first = folder / articles[0].name
    first.write_text(first.read_text(encoding="utf-8").replace("1", "2"), encoding="utf-8")
    run_both("edit")
    # Nothing new: nothing rebuilt, the same state.
    run_both("idle")
    # A fact leaves the catalog: the stored timeline was built under another one.
    run_both("catalog", story.model_copy(update={"facts": story.facts[1:]}))


def test_a_run_with_nothing_new_rebuilds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    story = load_story(folder / "story.toml")
    settings = load_settings(db=tmp_path / "f.duckdb", story=folder / "story.toml")
    _run(settings, story, "first")
    with connect(settings.db) as con:
        window = steps.rebuild_window(con, story)[0]
    assert window.since is None and window.runs == []


def _settle(path: Path, seconds_ago: int = 60) -> None:
    """Date a file's modification back, as if written a while before the run."""
    import os
    import time

    then = time.time_ns() - seconds_ago * 1_000_000_000
    os.utime(path, ns=(then, then))


def test_an_unchanged_file_is_not_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    for article in folder.glob("*.txt"):
        _settle(article)
    story = load_story(folder / "story.toml")
    settings = load_settings(db=tmp_path / "f.duckdb", story=folder / "story.toml")
    _run(settings, story, "first")
    article = sorted(folder.glob("*.txt"))[0]
    size, stamp = article.stat().st_size, article.stat().st_mtime_ns
    # Same size and modification time, different bytes: a run that read it would fail on
    # a binary file. It is not read, so nothing happens.
    article.write_bytes(b"\x00" * size)
    import os

    os.utime(article, ns=(stamp, stamp))
    batch = steps.read_changed_files(settings, steps.discover_sources(settings, story).docs)
    assert batch.texts == [] and batch.log == []
    # Touched: read again, and the binary content is reported.
    _settle(article, 30)
    batch = steps.read_changed_files(settings, steps.discover_sources(settings, story).docs)
    assert [r.url for r in batch.log] == [str(article)]


def test_a_file_written_just_before_the_run_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder, copy_function=shutil.copy)  # fresh times
    story = load_story(folder / "story.toml")
    settings = load_settings(db=tmp_path / "f.duckdb", story=folder / "story.toml")
    _run(settings, story, "first")
    batch = steps.read_changed_files(settings, steps.discover_sources(settings, story).docs)
    assert len(batch.texts) == len(list(folder.glob("*.txt")))


# --- running totals: what the window must reach back for ------------------------------------

TOTALS_STORY = """
id = "totals-incremental"
title = "Boat strikes"
keywords = ["boat"]

[[sources]]
kind = "folder"
location = "."

[[facts]]
key = "boat_strike_deaths"
label = "People killed in boat strikes (running total)"
kind = "count"
unit = "people"
cumulative = true

[[facts]]
key = "strike_deaths"
label = "People killed in one boat strike"
kind = "count"
unit = "people"
scope = "event"
tally = "boat_strike_deaths"
"""
OCT = {n: date(2025, 10, n) for n in range(1, 9)}
SEP30 = date(2025, 9, 30)
TOTAL = ("boat_strike_deaths", {"scope": "total"})
STRIKE = ("strike_deaths", {"scope": "event", "event_low": SEP30, "event_high": SEP30})
# Batches of articles: name -> (published, outlet, [(fact, extra fields, value)]). Each
# batch is one run; a name seen before is that article edited.
TOTALS_BATCHES: list[dict[str, tuple[date, str, list]]] = [
    {
        "a1.txt": (OCT[1], "Wire", [(*TOTAL, 20), (*STRIKE, 3)]),
        "a2.txt": (OCT[2], "Post", [(*TOTAL, 80)]),  # far above 20: held, one outlet
        "a3.txt": (OCT[3], "Post", [(*TOTAL, 25)]),  # the Post's voice from now on
        "a4.txt": (OCT[3], "Herald", [(*TOTAL, 30)]),
    },
    # 85 is far above too, and the Post's 80 of 2 October (no longer its voice, before the
    # window) confirms it: the window must hold that older high claim.
    {"a5.txt": (OCT[5], "Times", [(*TOTAL, 85), (*STRIKE, 4)])},
    # The Herald's article loses its figure: rows of the total from 3 October on change,
    # and with them the tally check of the strikes, whose own claims did not change.
    {"a4.txt": (OCT[3], "Herald", [])},
    # An explicit revision far below the tally the window starts from: rebuilt from all
    # of the total's claims.
    {
        "a6.txt": (
            OCT[6],
            "Wire",
            [("boat_strike_deaths", {"scope": "total", "revision": True}, 15)],
        )
    },
    {"a7.txt": (OCT[8], "Post", [(*TOTAL, 18)])},
]


def _stated_claims(known: dict[str, list]):
    """An ``extract_claims`` stand-in: the claims listed for the article of ``text``."""
    from factdrift.pipelines.intervals import number_interval
    from factdrift.pipelines.model import Claim

    def extract(text: str, *_args) -> list:
        name = text.split("\n", 1)[0].strip()
        claims = []
        for n, (fact, extra, value) in enumerate(known[name]):
            sentence = f"figure {n} of {name}"
            low, high = number_interval("exact", float(value))
            claims.append(
                Claim(
                    fact_key=fact,
                    subject=fact,
                    kind="count",
                    qualifier="exact",
                    unit="people",
                    sentence=sentence,
                    span_start=n,
                    span_end=n + 1,
                    value=float(value),
                    low=low,
                    high=high,
                    quote=sentence,
                    **extra,
                )
            )
        return claims

    return extract


def test_running_totals_in_batches_match_a_full_reconciliation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "story.toml").write_text(TOTALS_STORY, encoding="utf-8")
    story = load_story(folder / "story.toml")
    settings = load_settings(db=tmp_path / "f.duckdb", story=folder / "story.toml")
    reference = load_settings(db=tmp_path / "full.duckdb", story=folder / "story.toml")
    known: dict[str, list] = {}
    monkeypatch.setattr("factdrift.flows.steps.extract_claims", _stated_claims(known))
    manifest: dict[str, str] = {}
    for n, batch in enumerate(TOTALS_BATCHES):
        for name, (published, outlet, claims) in batch.items():
            known[name] = claims
            # the text differs with its claims, so an edit is a new version
            (folder / name).write_text(f"{name}\n\nBoat strikes: {claims}\n", encoding="utf-8")
            manifest[name] = f'[articles."{name}"]\npublished = {published}\noutlet = "{outlet}"\n'
        (folder / "manifest.toml").write_text("\n".join(manifest.values()), encoding="utf-8")
        snapshot = _run(settings, story, f"r{n}")
        assert snapshot == _run(reference, story, f"r{n}", full=True)
        _assert_same_as_full_rebuild(settings.db, story, snapshot)
        assert _recorded(settings.db, f"r{n}") == _recorded(reference.db, f"r{n}")
    with connect(settings.db, read_only=True) as con:
        roles = con.execute(
            "SELECT DISTINCT role FROM t_fact_candidates WHERE fact_key = 'boat_strike_deaths'"
        ).fetchall()
    # the scenarios above did happen: a figure held, then confirmed; a revision
    assert {"single-source", "revised"} <= {r[0] for r in roles}


def test_the_schema_fills_the_wording_with_the_statement_runs_use() -> None:
    schema = (ROOT / "storage" / "schema.sql").read_text(encoding="utf-8")
    assert fact_store.FILL_WORDING in schema
