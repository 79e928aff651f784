"""Evaluation gate: the extractor may not fall below the floors in eval_baseline.json.

The floors are set a little under the scores measured when they were recorded, never above;
raise them (never lower them) when the extractor improves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.evaluate import evaluate
from pipelines.story import load_story

ROOT = Path(__file__).resolve().parent.parent
BASELINE = json.loads((ROOT / "tests" / "gold" / "eval_baseline.json").read_text())


@pytest.mark.parametrize("name", sorted(BASELINE["suites"]))
def test_scores_stay_above_the_floors(name):
    suite = BASELINE["suites"][name]
    folder = ROOT / suite["docs_dir"]
    story = load_story(ROOT / suite["story"])
    report = evaluate(ROOT / suite["gold"], folder, story)
    floors = suite["floors"]
    scores = {
        "precision": report.overall.precision,
        "recall": report.overall.recall,
        "f1": report.overall.f1,
    }
    failing = {k: (round(v, 4), floors[k]) for k, v in scores.items() if v < floors[k]}
    assert not failing, f"{name}: below the floor (score, floor): {failing}\n{report.render()}"
