"""The day-by-day comparison of bench/real_coverage_replay.py, on small made-up timelines."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest
from factdrift.pipelines.evaluate import GoldItem

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "real_coverage_replay.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("real_coverage_replay", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


D = [date(2025, 10, d) for d in (1, 2, 3, 4, 5, 6)]


def points(bench, values: dict) -> dict:
    """Estimates stated as single figures (their lower bound the figure itself)."""
    return {d: None if v is None else bench.Estimate(v, v) for d, v in values.items()}


def test_days_within_tolerance_and_wrong_days(bench):
    real = {D[0]: 100.0, D[1]: 100.0, D[2]: 120.0}
    estimates = points(bench, {D[0]: 104.0, D[1]: 106.0, D[2]: None})
    got = bench.compare_days("toll", D[:3], estimates, real)
    assert (got.days_within, got.days_total) == (1, 3)
    assert got.share == pytest.approx(1 / 3)
    assert [(w.day, w.estimate, w.real) for w in got.wrong_days] == [
        ("2025-10-02", 106.0, 100.0),
        ("2025-10-03", None, 120.0),
    ]
    assert got.false_drops == []


def test_days_without_a_real_tally_are_not_scored(bench):
    got = bench.compare_days("toll", D[:3], points(bench, dict.fromkeys(D[:3], 5.0)), {D[2]: 5.0})
    assert (got.days_within, got.days_total) == (1, 1)


def test_a_fall_is_a_false_drop_only_when_the_real_tally_did_not_fall(bench):
    estimates = points(
        bench, {D[0]: 50.0, D[1]: 10.0, D[2]: 60.0, D[3]: 40.0, D[4]: None, D[5]: 30.0}
    )
    real = {D[0]: 50.0, D[1]: 50.0, D[2]: 60.0, D[3]: 40.0, D[5]: 40.0}
    got = bench.compare_days("toll", D, estimates, real)
    # D[1]: 50 → 10 while the tally held; D[3]: the tally fell too; D[5]: 40 → 30 across a
    # day without estimate, the tally held.
    assert got.false_drops == ["2025-10-02", "2025-10-06"]


def test_a_new_wording_of_the_same_floor_is_not_a_drop(bench):
    # "5,701 to 5,999" (no stated figure: its lower bound), then "more than 5,700", then a
    # real fall of the floor.
    estimates = {
        D[0]: bench.Estimate(5701.0, 5701.0),
        D[1]: bench.Estimate(5700.0, 5701.0),
        D[2]: bench.Estimate(5000.0, 4500.0),
    }
    got = bench.compare_days("built", D[:3], estimates, dict.fromkeys(D[:3], 5700.0))
    assert got.false_drops == ["2025-10-03"]
    assert got.days_within == 2


def test_real_tally_is_the_largest_value_stated_so_far(bench):
    def gold(day: date, value: float, fact: str = "toll") -> GoldItem:
        return GoldItem("a.txt", day, fact, value, None, "exact", "people", False)

    items = [gold(D[1], 10), gold(D[2], 30), gold(D[3], 20), gold(D[3], 99, "other")]
    assert bench.real_tally(items, "toll", D[:5]) == {
        D[1]: 10.0,
        D[2]: 30.0,
        D[3]: 30.0,
        D[4]: 30.0,
    }


def test_real_tally_starts_again_at_an_explicit_revision(bench):
    def gold(day: date, value: float) -> GoldItem:
        return GoldItem("a.txt", day, "toll", value, None, "exact", "people", False)

    items = [gold(D[1], 115), gold(D[2], 97), gold(D[3], 115), gold(D[4], 98)]
    got = bench.real_tally(items, "toll", D[:5], {"toll": [(D[2], 97.0)]})
    # from the revision on, only what was stated since counts (a late 115 is a lagging copy
    # of the withdrawn figure, and still counts as stated: the bench takes the gold as is)
    assert got[D[1]] == 115.0 and got[D[2]] == 97.0


def test_timeline_estimate_is_the_latest_row_on_or_before_the_day(bench):
    a, b = bench.Estimate(40.0, 40.0), bench.Estimate(20.0, None)
    rows = [(D[3], a), (D[1], b)]
    assert bench.timeline_estimates(rows, D[:5]) == {D[0]: None, D[1]: b, D[2]: b, D[3]: a, D[4]: a}


def test_estimate_prefers_the_stated_figure_then_the_lower_bound(bench):
    assert bench.estimate_of(80.0, 81.0, None) == (80.0, 81.0)
    assert bench.estimate_of(None, 125.0, 137.0) == (125.0, 125.0)
    assert bench.estimate_of(None, None, 12.0) == (12.0, None)
    assert bench.estimate_of(None, None, None) is None
