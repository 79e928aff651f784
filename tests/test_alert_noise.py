"""Noise control: thresholds measured from the last alerted value, restatements stay quiet."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from factdrift.pipelines.facts.diff import diff_snapshots
from factdrift.pipelines.story import Story

STORY_TOML = """
id = "creep"
title = "Creeping toll"
keywords = ["strikes"]

[[sources]]
kind = "folder"
location = "."

[[facts]]
key = "deaths"
label = "People killed in boat strikes"
kind = "count"
unit = "people"
cumulative = true
cues = ["killed", "deaths", "dead", "death toll", "toll"]
subjects = ["people"]
context = ["strike", "strikes", "boat", "boats"]
alert = { enabled = true, threshold = 5, threshold_type = "percent" }
"""


def _story() -> Story:
    import tomllib

    return Story.model_validate(tomllib.loads(STORY_TOML))


def _snap(value: float, outlets: tuple[str, ...] = ("A",)) -> dict:
    return {
        "deaths": {
            "low": value,
            "high": value,
            "date_low": None,
            "date_high": None,
            "status": "single-source" if len(outlets) == 1 else "consistent",
            "n_outlets": len(outlets),
            "outlets": list(outlets),
        }
    }


def _replay(values: list[float], use_baseline: bool) -> list[tuple[str, bool]]:
    """Diff a run per value, keeping the last alerted state as the flow does."""
    story, previous, alerted, seen = _story(), {}, {}, []
    for value in values:
        current = _snap(value)
        for change in diff_snapshots(previous, current, story, alerted if use_baseline else None):
            seen.append((change.kind, change.alert))
            if change.alert:
                alerted[change.fact_key] = change.new
        previous = current
    return seen


def test_threshold_creep_alerts_once_the_creep_adds_up() -> None:
    # +3 % a run under a 5 % threshold: measured from the last alert, the second step is
    # 6.1 % above 1,000 and alerts; the next step (2.8 % above 1,060) does not.
    assert _replay([1000, 1030, 1060, 1090, 1120], use_baseline=True) == [
        ("new_fact", True),
        ("value_changed", False),
        ("value_changed", True),
        ("value_changed", False),
        ("value_changed", True),
    ]


def test_without_the_last_alerted_value_creep_never_alerts() -> None:
    # The old behaviour, kept as a contrast: each run compares with the previous one.
    kinds = _replay([1000, 1030, 1060, 1090, 1120], use_baseline=False)
    assert [alert for _, alert in kinds] == [True, False, False, False, False]


def test_a_wobble_around_the_alerted_value_stays_quiet() -> None:
    story = _story().model_copy(
        update={"facts": [_story().facts[0].model_copy(update={"cumulative": False})]}
    )
    alerted = {"deaths": _snap(1000)["deaths"]}
    # 1,049 → 1,001 moves 4.6 % from the previous run, but only 0.1 % from what readers
    # were last told: no alert.
    [change] = diff_snapshots(_snap(1049), _snap(1001), story, alerted)
    assert (change.kind, change.alert) == ("value_changed", False)
    assert change.baseline == alerted["deaths"]


def test_a_restatement_by_another_outlet_is_not_a_change() -> None:
    assert diff_snapshots(_snap(1000), _snap(1000, ("A", "B")), _story()) == []


# --- the same through real flow runs ---------------------------------------------------


def _article(folder: Path, name: str, day: str, outlet: str, toll: str) -> None:
    text = (
        f"Toll update\n\nThe death toll of the US campaign against suspected drug boats reached "
        f"{toll} people on Thursday, officials said.\n"
    )
    (folder / name).write_text(text, encoding="utf-8")
    with (folder / "manifest.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(f'[articles."{name}"]\npublished = {day}\noutlet = "{outlet}"\n\n')


@pytest.mark.flow
def test_creeping_toll_through_flow_runs(prefect_harness, tmp_path) -> None:
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.toml").write_text(STORY_TOML, encoding="utf-8")
    db = tmp_path / "f.duckdb"
    settings = load_settings(db=db, story=folder / "story.toml", prefect_events=True)
    steps = [
        ("1.txt", "2025-09-01", "Wire", "1,000"),
        ("2.txt", "2025-09-02", "Wire", "1,030"),
        ("3.txt", "2025-09-03", "Wire", "1,060"),
        ("4.txt", "2025-09-04", "Daily", "1,060"),  # another outlet re-states the figure
        ("5.txt", "2025-09-05", "Wire", "1,090"),
    ]
    runs = []
    for name, day, outlet, toll in steps:
        _article(folder, name, day, outlet, toll)
        runs.append(factdrift_run(settings, load_story(settings.story)).run_id)

    with duckdb.connect(str(db), read_only=True) as con:
        changes = con.execute(
            "SELECT run_id, kind, alert FROM fact_changes ORDER BY detected_at"
        ).fetchall()
        messages = con.execute(
            "SELECT message->>'since_alert_value', message->>'old_value', "
            "message->>'new_value' FROM alerts ORDER BY created_at"
        ).fetchall()
    assert [(runs.index(r), k, a) for r, k, a in changes] == [
        (0, "new_fact", True),
        (1, "value_changed", False),  # +3 %: recorded, not alerted
        (2, "value_changed", True),  # +6.0 % since the alert at 1,000
        (4, "value_changed", False),  # +2.8 % since the alert at 1,060; run 3 changed nothing
    ]
    assert messages == [
        (None, None, "1,000 people"),
        ("1,000 people", "1,030 people", "1,060 people"),
    ]
