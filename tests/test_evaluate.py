"""The evaluation: gold items become intervals, matched on doc, fact, qualifier and interval."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.evaluate import evaluate, gold_interval, load_gold

ARTICLE = (
    "The US has amassed over a dozen warships and 15,000 troops in the region. "
    "The call reportedly occurred last week. "
    "At least 83 people have been killed in 21 US strikes on vessels. "
    "The Navy has more than 290 ships."
)


def write_case(tmp_path, gold: list[dict], manifest_date: str | None = "2025-12-01"):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    if manifest_date:
        (tmp_path / "manifest.toml").write_text(
            f'[articles."a.txt"]\npublished = {manifest_date}\n', encoding="utf-8"
        )
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")
    return path


def item(fact, value, qualifier, unit="people", hedged=False, **extra):
    return {
        "doc": "a.txt",
        "published": None,
        "fact": fact,
        "value": value,
        "qualifier": qualifier,
        "unit": unit,
        "hedged": hedged,
        "quote": "",
        **extra,
    }


def test_perfect_match(tmp_path, seed_story):
    gold = [
        item("us_warships_in_region", 12, "more_than", "ships"),
        item("us_troops_in_region", 15000, "exact"),
        item(
            "trump_maduro_call_date", "2025-11-24", "range", "date", True, value_high="2025-11-30"
        ),
        item("boat_strike_deaths", 83, "at_least"),
        item("boat_strikes", 21, "exact", "strikes"),
    ]
    report = evaluate(write_case(tmp_path, gold), tmp_path, seed_story)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (5, 1, 0)
    # "more than 290 ships" is a warships prediction the gold does not hold: a false positive
    assert report.false_positives[0]["fact"] == "us_warships_in_region"
    assert report.hedged_accuracy == 1.0
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert "OVERALL" in report.render()


def test_wrong_qualifier_or_value_misses(tmp_path, seed_story):
    gold = [
        item("us_troops_in_region", 15000, "about"),  # the text says exactly 15,000
        item("boat_strike_deaths", 84, "at_least"),  # the text says 83
    ]
    report = evaluate(write_case(tmp_path, gold), tmp_path, seed_story)
    assert report.overall.tp == 0 and report.overall.fn == 2
    assert {m["fact"] for m in report.misses} == {"us_troops_in_region", "boat_strike_deaths"}


def test_unannotated_facts_are_unscored(tmp_path, seed_story):
    report = evaluate(
        write_case(tmp_path, [item("boat_strikes", 21, "exact", "strikes")]), tmp_path, seed_story
    )
    assert report.overall.precision == 1.0
    assert report.unscored == {
        "boat_strike_deaths": 1,
        "trump_maduro_call_date": 1,
        "us_troops_in_region": 1,
        "us_warships_in_region": 2,
    }
    assert "unscored" in report.render()


def test_date_tolerance_is_one_day(tmp_path, seed_story):
    near = item("trump_maduro_call_date", "2025-11-25", "range", "date", value_high="2025-11-29")
    far = item("trump_maduro_call_date", "2025-11-26", "range", "date", value_high="2025-11-30")
    assert evaluate(write_case(tmp_path, [near]), tmp_path, seed_story).overall.tp == 1
    assert evaluate(write_case(tmp_path, [far]), tmp_path, seed_story).overall.tp == 0


def test_gold_published_is_the_fallback(tmp_path, seed_story):
    gold = [
        item(
            "trump_maduro_call_date",
            "2025-11-24",
            "range",
            "date",
            value_high="2025-11-30",
            published="2025-12-01",
        )
    ]
    report = evaluate(write_case(tmp_path, gold, manifest_date=None), tmp_path, seed_story)
    assert report.overall.tp == 1


def test_gold_intervals_use_the_catalog_kind(tmp_path, seed_story):
    path = write_case(
        tmp_path,
        [
            item("boat_strike_deaths", 82, "more_than"),
            item("cocaine_seized_tons", 19, "more_than", "tons"),
            item("trump_maduro_call_date", "2025-11-24", "about", "date"),
        ],
    )
    deaths, cocaine, call = load_gold(path)
    assert gold_interval(deaths, seed_story) == (83, None)  # counts are whole numbers
    assert gold_interval(cocaine, seed_story) == (19, None)  # tons are not
    assert gold_interval(call, seed_story) == (date(2025, 11, 22), date(2025, 11, 26))


def test_bad_gold_line_names_the_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc": "a.txt"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1"):
        load_gold(path)


def test_an_article_without_gold_lines_scores_its_claims_as_false(tmp_path, seed_story):
    gold = [item("boat_strikes", 21, "exact", "strikes")]
    path = write_case(tmp_path, gold)
    (tmp_path / "b.txt").write_text("The US has carried out 25 strikes on boats.", encoding="utf-8")
    with (tmp_path / "manifest.toml").open("a", encoding="utf-8") as f:
        f.write('[articles."b.txt"]\npublished = 2025-12-02\n')
    alone = evaluate(path, tmp_path, seed_story)
    both = evaluate(path, tmp_path, seed_story, without_gold=["a.txt", "b.txt"])
    assert (alone.docs, both.docs) == (1, 2)
    assert both.overall.fp == alone.overall.fp + 1
    assert both.false_positives[-1]["doc"] == "b.txt"
    with pytest.raises(ConfigError, match=r"c\.txt"):
        evaluate(path, tmp_path, seed_story, without_gold=["c.txt"])


def test_eval_all_docs_scores_every_article_of_the_manifest(tmp_path):
    from factdrift.flows.cli import app
    from typer.testing import CliRunner

    gold = [item("boat_strikes", 21, "exact", "strikes")]
    path = write_case(tmp_path, gold)
    (tmp_path / "b.txt").write_text("The US has carried out 25 strikes on boats.", encoding="utf-8")
    with (tmp_path / "manifest.toml").open("a", encoding="utf-8") as f:
        f.write('[articles."b.txt"]\npublished = 2025-12-02\n')
    story = str(Path(__file__).resolve().parent.parent / "seeds" / "story.toml")

    def scored(*flags):
        args = ["eval", str(path), "--docs", str(tmp_path), "--story", story, "--json", *flags]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["docs"]

    assert (scored(), scored("--all-docs")) == (1, 2)
