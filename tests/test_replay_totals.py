"""Running totals and single events through the real flow, replayed day by day.

A small dated corpus written here (five articles, four outlets, 1–4 October 2025) is fed
through ``factdrift replay``'s flow into a real DuckDB file; extraction is replaced by the
claims each article states (scope, event day, revision as the extractor marks them), so
what is checked is everything after extraction: storage, reconciliation, changes, alerts
and the ``events`` / ``tally_check`` / ``fact_candidates`` views.

The story: 14 killed (two outlets, 1 Oct); a third outlet repeats an old 11 (2 Oct: a
lagging report, no drop, no alert); a fourth reports 17 (3 Oct: growth); the first outlet
says the toll was revised down to 16 (4 Oct: an explicit revision, a correction alert).
Two strikes are reported along the way, one of them by two outlets.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from factdrift.pipelines.intervals import number_interval
from factdrift.pipelines.model import Claim

STORY = """
id = "totals-replay"
title = "Boat strikes (replay of running totals)"
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
alert = { enabled = true, threshold = 1, threshold_type = "absolute" }

[[facts]]
key = "strike_deaths"
label = "People killed in one boat strike"
kind = "count"
unit = "people"
scope = "event"
tally = "boat_strike_deaths"
alert = { enabled = true, threshold = 1, threshold_type = "absolute" }
"""
D = {n: date(2025, 10, n) for n in range(1, 5)}
SEP30, OCT2 = date(2025, 9, 30), date(2025, 10, 2)

# name: (published, outlet, text, [(fact, value, quote, extra claim fields)])
ARTICLES: dict[str, tuple[date, str, str, list[tuple]]] = {
    "a01_wire.txt": (D[1], "Wire", "US strikes on boats have killed 14 people so far. "
                     "The strike on Tuesday killed 3 people.",
                     [("boat_strike_deaths", 14, "killed 14 people so far", {"scope": "total"}),
                      ("strike_deaths", 3, "The strike on Tuesday killed 3",
                       {"scope": "event", "event_low": SEP30, "event_high": SEP30})]),
    "a02_post.txt": (D[1], "Post", "The boat campaign's death toll stands at 14.",
                     [("boat_strike_deaths", 14, "death toll stands at 14", {"scope": "total"})]),
    "a03_herald.txt": (D[2], "Herald", "The boat campaign has killed 11 people. Three people "
                       "were killed in the strike on Tuesday.",
                       [("boat_strike_deaths", 11, "has killed 11 people", {"scope": "total"}),
                        ("strike_deaths", 3, "Three people were killed in the strike on Tuesday",
                         {"scope": "event", "event_low": SEP30, "event_high": SEP30})]),
    "a04_times.txt": (D[3], "Times", "A boat strike on Thursday killed 3, bringing the toll "
                      "to 17.",
                      [("strike_deaths", 3, "strike on Thursday killed 3",
                        {"scope": "event", "event_low": OCT2, "event_high": OCT2}),
                       ("boat_strike_deaths", 17, "bringing the toll to 17", {"scope": "total"})]),
    "a05_wire.txt": (D[4], "Wire", "The Pentagon revised the boat-strike toll down to 16.",
                     [("boat_strike_deaths", 16, "revised the boat-strike toll down to 16",
                       {"scope": "total", "revision": True})]),
}  # fmt: skip


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "story.toml").write_text(STORY, encoding="utf-8")
    manifest = []
    for name, (published, outlet, text, _) in ARTICLES.items():
        (folder / name).write_text(f"{name}\n\n{text}\n", encoding="utf-8")
        manifest.append(f'[articles."{name}"]\npublished = {published}\noutlet = "{outlet}"\n')
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")


def _stated(text: str) -> list[Claim]:
    """An ``extract_claims`` stand-in: the claims listed above for the article of ``text``."""
    name = next(n for n in ARTICLES if text.startswith(n))
    claims = []
    for fact, value, quote, extra in ARTICLES[name][3]:
        start = text.index(quote)
        low, high = number_interval("exact", float(value))
        claims.append(
            Claim(
                fact_key=fact,
                subject=fact,
                kind="count",
                qualifier="exact",
                unit="people",
                sentence=quote,
                span_start=start,
                span_end=start + len(quote),
                value=float(value),
                low=low,
                high=high,
                quote=quote,
                **extra,
            )
        )
    return claims


@pytest.fixture(scope="module")
def replayed(prefect_harness, tmp_path_factory) -> Path:
    from factdrift.flows.replay import factdrift_replay
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    folder = tmp_path_factory.mktemp("totals") / "corpus"
    _write_corpus(folder)
    db = folder.parent / "replay.duckdb"
    settings = load_settings(db=db, story=folder / "story.toml", prefect_events=True)
    patch = pytest.MonkeyPatch()
    patch.setattr("factdrift.flows.steps.extract_claims", lambda text, *_: _stated(text))
    try:
        factdrift_replay(settings, load_story(settings.story), folder)
    finally:
        patch.undo()
    return db


def _rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.mark.flow
def test_the_claims_reach_the_database_with_scope_event_days_and_revision(replayed) -> None:
    rows = _rows(
        replayed,
        "SELECT outlet, fact_key, value, scope, event_date_low, revision FROM claims "
        "ORDER BY published_at, outlet, fact_key",
    )
    assert ("Herald", "boat_strike_deaths", 11.0, "total", None, False) in rows
    assert ("Times", "strike_deaths", 3.0, "event", OCT2, False) in rows
    assert ("Wire", "boat_strike_deaths", 16.0, "total", None, True) in rows


@pytest.mark.flow
def test_a_lagging_report_neither_moves_the_total_nor_alerts(replayed) -> None:
    timeline = _rows(
        replayed,
        "SELECT as_of, low, high, status, n_outlets, env_low, env_high, correction "
        "FROM fact_timeline WHERE fact_key = 'boat_strike_deaths' ORDER BY as_of",
    )
    assert timeline == [
        (D[1], 14.0, 14.0, "consistent", 2, 14.0, 14.0, False),
        (D[2], 14.0, 14.0, "consistent", 2, 11.0, 14.0, False),  # the 11 widens the envelope
        (D[3], 17.0, 17.0, "single-source", 1, 11.0, 17.0, False),
        (D[4], 16.0, 16.0, "single-source", 1, 11.0, 17.0, True),  # the revision
    ]
    changes = _rows(
        replayed,
        "SELECT CAST(detected_at AS DATE), kind, alert, summary FROM fact_changes "
        "WHERE fact_key = 'boat_strike_deaths' ORDER BY detected_at",
    )
    assert [(d, kind, alert) for d, kind, alert, _ in changes] == [
        (D[1], "new_fact", True),
        (D[3], "value_changed", True),
        (D[4], "correction", True),
    ]
    assert changes[2][3] == "boat_strike_deaths: 17 → 16 (correction, 1 outlet)"
    # Nothing at all was alerted on the day of the lagging report.
    assert _rows(replayed, "SELECT count(*) FROM alerts WHERE CAST(created_at AS DATE) = ?",
                 (D[2],)) == [(0,)]  # fmt: skip
    # The lagging report is on record, and says what it is.
    lagging = _rows(
        replayed,
        "SELECT low, outlets, role FROM fact_candidates "
        "WHERE fact_key = 'boat_strike_deaths' AND as_of = ? ORDER BY low",
        (D[2],),
    )
    assert lagging == [(11.0, ["Herald"], "lagging"), (14.0, ["Post", "Wire"], "estimate")]


@pytest.mark.flow
def test_an_explicit_revision_moves_the_total_and_alerts(replayed) -> None:
    [(message,)] = _rows(
        replayed,
        "SELECT a.message FROM alerts a JOIN fact_changes c USING (change_id) "
        "WHERE c.fact_key = 'boat_strike_deaths' AND c.kind = 'correction'",
    )
    message = json.loads(message)
    assert (message["old_value"], message["new_value"], message["outlet"]) == (
        "17 people",
        "16 people",
        "Wire",
    )
    assert "revised" in message["sentence"]
    roles = _rows(
        replayed,
        "SELECT low, outlets, role FROM fact_candidates "
        "WHERE fact_key = 'boat_strike_deaths' AND as_of = ? ORDER BY low",
        (D[4],),
    )
    assert roles == [
        (11.0, ["Herald"], "lagging"),
        (14.0, ["Post"], "lagging"),
        (16.0, ["Wire"], "estimate"),
        (17.0, ["Times"], "revised"),  # withdrawn by the later revision
    ]


@pytest.mark.flow
def test_the_events_view_has_one_row_per_strike(replayed) -> None:
    rows = _rows(
        replayed,
        "SELECT fact_key, family, event_date_low, event_date_high, low, status, n_outlets, "
        "outlets, [f.outlet || ':' || CAST(f.low AS INTEGER) FOR f IN figures] "
        "FROM events ORDER BY event_date_low",
    )
    assert rows == [
        ("strike_deaths", "boat_strike_deaths", SEP30, SEP30, 3.0, "consistent", 2,
         ["Herald", "Wire"], ["Herald:3", "Wire:3"]),
        ("strike_deaths", "boat_strike_deaths", OCT2, OCT2, 3.0, "single-source", 1,
         ["Times"], ["Times:3"]),
    ]  # fmt: skip


@pytest.mark.flow
def test_tally_check_sets_the_strikes_against_the_total(replayed) -> None:
    rows = _rows(
        replayed,
        "SELECT as_of, n_events, events_low, total_low, difference, status FROM tally_check "
        "WHERE tally_key = 'boat_strike_deaths' AND event_fact = 'strike_deaths' ORDER BY as_of",
    )
    assert rows == [
        (D[1], 1, 3.0, 14.0, 11.0, "total_above"),
        (D[2], 1, 3.0, 14.0, 11.0, "total_above"),
        (D[3], 2, 6.0, 17.0, 11.0, "total_above"),
        (D[4], 2, 6.0, 16.0, 10.0, "total_above"),
    ]


def _doc_example(marker: str) -> str:
    import re

    doc = (Path(__file__).resolve().parent.parent / "docs" / "sql.md").read_text()
    return next(sql for sql in re.findall(r"```sql\n(.*?)```", doc, flags=re.S) if marker in sql)


@pytest.mark.flow
def test_the_documented_questions_about_events_and_lagging_reports(replayed) -> None:
    lagging = _rows(replayed, _doc_example("role = 'lagging'"))
    assert (D[2], 11.0, 11.0, "exact", ["Herald"]) in lagging
    said = _rows(replayed, _doc_example("unnest(e.figures)"))
    assert [(r[1], r[6], r[8]) for r in said] == [
        (SEP30, "Herald", 3.0),
        (SEP30, "Wire", 3.0),
        (OCT2, "Times", 3.0),
    ]
    assert _rows(replayed, _doc_example("WHERE status = 'conflict'")) == []
    gaps = _rows(replayed, _doc_example("FROM tally_check"))
    assert gaps[-1] == ("boat_strike_deaths", "strike_deaths", D[4], 16.0, 6.0, 2, 10.0,
                        "total_above")  # fmt: skip
