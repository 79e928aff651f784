"""Change detection: snapshots, DeepDiff-driven classification, thresholds, summaries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from factdrift.pipelines.facts.diff import Change, change_size, describe, diff_snapshots, snapshot
from factdrift.pipelines.facts.reconcile import ClaimObs, TimelineRow, build_timeline, current_state
from factdrift.pipelines.intervals import number_interval
from factdrift.pipelines.story import AlertRule, Story

D1, D2, D3 = date(2025, 12, 1), date(2025, 12, 2), date(2025, 12, 3)


def fact(key: str, kind: str = "count", *, cumulative: bool = False, **alert) -> dict:
    unit = {"date": "date", "money": "usd"}.get(kind, "x")  # units a story may name (units.py)
    return {"key": key, "label": key, "kind": kind, "unit": unit, "cumulative": cumulative,
            "alert": alert or {"threshold": 0}}  # fmt: skip


STORY = Story.model_validate(
    {
        "id": "test",
        "title": "Test story",
        "keywords": ["Venezuela"],
        "sources": [{"kind": "folder", "location": "."}],
        "facts": [
            fact("deaths", cumulative=True, threshold=1, threshold_type="absolute"),
            fact("troops", threshold=5, threshold_type="percent"),
            fact("ships", threshold=3, threshold_type="absolute"),
            fact("bounty", "money", enabled=False),
            fact("call_date", "date", threshold=1, threshold_type="absolute"),
            fact("deadline", "date", threshold=3, threshold_type="absolute"),
        ],
    }
)


def row(
    key: str,
    low: float | date | None,
    high: float | date | None,
    *,
    status: str = "consistent",
    outlets: tuple[str, ...] = ("A", "B"),
    hedged_only: bool = False,
) -> TimelineRow:
    """A timeline row with its estimate (numbers or dates) and the envelope equal to it."""
    is_date = isinstance(low, date) or isinstance(high, date)
    numbers = (None, None) if is_date else (low, high)
    days = (low, high) if is_date else (None, None)
    return TimelineRow(
        fact_key=key, as_of=D1, low=numbers[0], high=numbers[1], date_low=days[0],
        date_high=days[1], env_low=numbers[0], env_high=numbers[1], env_date_low=days[0],
        env_date_high=days[1], status=status, n_claims=len(outlets), n_outlets=len(outlets),
        hedged_only=hedged_only, correction=False,
        claim_ids=tuple(f"{key}-{o}" for o in outlets), outlets=outlets,
    )  # fmt: skip


def snap(*rows: TimelineRow) -> dict[str, dict]:
    return snapshot({r.fact_key: r for r in rows})


def changes(old: TimelineRow | None, new: TimelineRow | None) -> list[Change]:
    before = snap(old) if old else {}
    after = snap(new) if new else {}
    return diff_snapshots(before, after, STORY)


# --- snapshots -------------------------------------------------------------------------------


def test_snapshot_is_json_and_stable() -> None:
    current = {"ships": row("ships", 13, None), "call_date": row("call_date", D1, D2)}
    first = snapshot(current)
    assert list(first) == ["call_date", "ships"]
    assert first["call_date"]["date_low"] == "2025-12-01"
    assert first["ships"]["low"] == 13.0 and isinstance(first["ships"]["low"], float)
    assert first["ships"]["claim_ids"] == ["ships-A", "ships-B"]
    assert json.loads(json.dumps(first)) == first
    assert json.dumps(snapshot(dict(reversed(current.items())))) == json.dumps(first)


@pytest.mark.parametrize("round_trip", [False, True])
def test_identical_snapshots_give_no_changes(round_trip: bool) -> None:
    current = snap(row("ships", 13, None), row("call_date", D1, D1), row("deaths", 83, None))
    previous = json.loads(json.dumps(current)) if round_trip else current
    assert diff_snapshots(previous, current, STORY) == []
    assert diff_snapshots({}, {}, STORY) == []


def test_integer_bounds_after_storage_are_not_a_change() -> None:
    current = snap(row("ships", 13, 13))
    stored = {"ships": {**current["ships"], "low": 13, "high": 13}}
    assert diff_snapshots(stored, current, STORY) == []


def test_snapshot_from_an_older_schema_is_not_a_change() -> None:
    current = snap(row("ships", 13, 13))
    older = {"ships": {k: v for k, v in current["ships"].items() if k != "hedged_only"}}
    assert diff_snapshots(older, current, STORY) == []


# --- each change kind ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "old", "new", "kind"),
    [
        ("ships", (13, 13), (15, 15), "value_changed"),
        ("ships", (13, None), (17, None), "value_changed"),  # "at least" figure rose
        ("ships", (10, 20), (15, 25), "value_changed"),  # overlapping shift
        ("ships", (10, 20), (12, 18), "range_narrowed"),
        ("ships", (13, None), (13, 20), "range_narrowed"),
        ("ships", (15, 15), (10, 20), "range_widened"),
        ("ships", (17, None), (13, None), "value_changed"),  # not a tally: no correction
        ("deaths", (87, 87), (83, 83), "correction"),
        ("deaths", (87, None), (83, None), "correction"),
        ("deaths", (83, None), (87, None), "value_changed"),
        ("deaths", (80, 80), (75, 85), "range_widened"),  # vaguer, not lower
        ("call_date", (D1, D1), (D2, D2), "value_changed"),
        ("call_date", (D1, D3), (D2, D2), "range_narrowed"),
    ],
)
def test_value_change_kinds(key, old, new, kind) -> None:
    [change] = changes(row(key, *old), row(key, *new))
    assert change.kind == kind
    assert change.fact_key == key
    assert change.old is not None and change.new is not None


def test_new_fact_and_fact_dropped() -> None:
    [new] = changes(None, row("ships", 13, None))
    assert (new.kind, new.old, new.alert) == ("new_fact", None, True)
    assert new.summary == "ships: new, at least 13 (2 outlets)"
    [dropped] = changes(row("ships", 13, None), None)
    assert (dropped.kind, dropped.new, dropped.alert) == ("fact_dropped", None, False)
    assert dropped.summary == "ships: no longer reported (was at least 13)"


def test_conflict_opened_and_resolved() -> None:
    calm = row("call_date", D1, D1)
    torn = replace(calm, status="conflict", env_date_high=D3)
    [opened] = changes(calm, torn)
    assert (opened.kind, opened.alert) == ("conflict_opened", True)
    assert opened.summary == (
        "call_date: conflict opened, claims span 2025-12-01 to 2025-12-03;"
        " best estimate 2025-12-01 (2 outlets)"
    )
    [resolved] = changes(torn, calm)
    assert (resolved.kind, resolved.alert) == ("conflict_resolved", True)


def test_value_and_status_change_together_give_two_records() -> None:
    got = changes(row("ships", 13, 13), row("ships", 15, 15, status="conflict"))
    assert [c.kind for c in got] == ["value_changed", "conflict_opened"]


def test_restating_or_confirming_the_same_figure_is_not_a_change() -> None:
    single = row("ships", 13, 13, status="single-source", outlets=("A",), hedged_only=True)
    confirmed = row("ships", 13, 13, status="consistent", outlets=("A", "B", "C"))
    confirmed = replace(confirmed, as_of=D3, env_low=10.0)
    assert changes(single, confirmed) == []


# --- thresholds and alerts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "old", "new", "alert"),
    [
        ("troops", (15000, 15000), (15500, 15500), False),  # 3.3 % < 5 %
        ("troops", (15000, 15000), (15750, 15750), True),  # exactly 5 %
        ("troops", (15000, None), (16000, None), True),  # 6.7 %
        ("ships", (13, 13), (15, 15), False),  # 2 < 3 ships
        ("ships", (13, 13), (16, 16), True),
        ("ships", (13, None), (13, 14), True),  # unbounded → bounded is never small
        ("deaths", (83, None), (84, None), True),  # threshold 1: one more death alerts
        ("deaths", (87, 87), (86, 86), True),  # correction by one
        ("call_date", (D1, D1), (D2, D2), True),  # 1 day ≥ 1 day
        ("deadline", (D1, D1), (D2, D2), False),  # 1 day < 3 days
        ("bounty", (50e6, 50e6), (100e6, 100e6), False),  # alerts disabled
    ],
)
def test_threshold_decides_alert(key, old, new, alert) -> None:
    [change] = changes(row(key, *old), row(key, *new))
    assert change.alert is alert


def test_disabled_alerts_silence_every_kind() -> None:
    assert [c.alert for c in changes(None, row("bounty", 50e6, 50e6))] == [False]


@pytest.mark.parametrize(
    ("before", "after", "rule", "size"),
    [
        ((83.0, None), (87.0, None), AlertRule(threshold=1), 4.0),
        ((80.0, 90.0), (83.0, 87.0), AlertRule(threshold=1), 3.0),
        ((100.0, 100.0), (110.0, 110.0), AlertRule(threshold=5, threshold_type="percent"), 10.0),
        ((0.0, 0.0), (1.0, 1.0), AlertRule(threshold=5, threshold_type="percent"), float("inf")),
        ((83.0, None), (83.0, 90.0), AlertRule(threshold=1), float("inf")),
    ],
)
def test_change_size(before, after, rule, size) -> None:
    assert change_size(before, after, rule) == size


# --- records -----------------------------------------------------------------------------------


def test_summary_reads_as_one_plain_line() -> None:
    old = row("deaths", 83, None, outlets=("A", "B"))
    new = row("deaths", 87, None, outlets=("A", "B", "C"))
    [change] = changes(old, new)
    assert change.summary == "deaths: at least 83 → at least 87 (3 outlets)"
    [fix] = changes(row("deaths", 87, 87), row("deaths", 83, 83, outlets=("A",)))
    assert fix.summary == "deaths: 87 → 83 (correction, 1 outlet)"


@pytest.mark.parametrize(
    ("span", "is_date", "text"),
    [
        ((83.0, 83.0), False, "83"),
        ((83.0, None), False, "at least 83"),
        ((0.0, 100.0), False, "up to 100"),
        ((13500.0, 16500.0), False, "13,500–16,500"),
        ((None, 99.5), False, "at most 99.5"),
        ((D1, D3), True, "2025-12-01 to 2025-12-03"),
        ((D1, None), True, "on or after 2025-12-01"),
        ((None, None), False, "unknown"),
    ],
)
def test_describe(span, is_date, text) -> None:
    assert describe(span, is_date) == text


def test_identity_is_a_content_hash() -> None:
    [a] = changes(row("ships", 13, 13), row("ships", 15, 15))
    [b] = changes(row("ships", 13, 13), row("ships", 15, 15))
    [c] = changes(row("ships", 13, 13), row("ships", 16, 16))
    assert a.identity() == b.identity() != c.identity()
    assert len(a.identity()) == 16
    assert replace(a, kind="range_widened").identity() != a.identity()
    assert replace(a, summary="other words", alert=False).identity() == a.identity()


# --- end to end: claims → timeline → snapshot → changes --------------------------------------


def obs(
    cid: str,
    fact_key: str,
    qualifier: str,
    value: float,
    outlet: str,
    day: date,
    revision: bool = False,
) -> ClaimObs:
    low, high = number_interval(qualifier, value)
    return ClaimObs(cid, fact_key, "count", qualifier, low, high, None, None, outlet,
                    f"{outlet}-{day}", f"https://example.org/{cid}", day, False, "…",
                    revision=revision)  # fmt: skip


def run(claims: list[ClaimObs]) -> dict[str, dict]:
    return snapshot(current_state(build_timeline(claims, STORY)))


def test_runs_over_growing_claims() -> None:
    day1 = [obs("1", "deaths", "at_least", 83, "A", D1), obs("2", "ships", "exact", 13, "A", D1)]
    day2 = [*day1, obs("3", "deaths", "more_than", 82, "B", D2)]  # re-statement only
    day3 = [*day2, obs("4", "deaths", "at_least", 87, "C", D3)]
    later = D3 + (D3 - D2)
    day4 = [*day3, obs("5", "deaths", "exact", 85, "A", later)]  # a lower, lagging report
    day5 = [*day3, obs("5", "deaths", "exact", 85, "A", later, revision=True)]  # "revised to"

    first = diff_snapshots({}, run(day1), STORY)
    assert [(c.fact_key, c.kind) for c in first] == [("deaths", "new_fact"), ("ships", "new_fact")]
    assert diff_snapshots(run(day1), run(day1), STORY) == []  # a second run: nothing new
    assert diff_snapshots(run(day1), run(day2), STORY) == []
    [rose] = diff_snapshots(run(day2), run(day3), STORY)
    assert (rose.kind, rose.alert) == ("value_changed", True)
    assert rose.summary == "deaths: at least 83 → at least 87 (1 outlet)"
    # A running total does not fall on a lower report: no change, nothing to alert ...
    assert diff_snapshots(run(day3), run(day4), STORY) == []
    # ... unless the report is an explicit revision, which withdraws C's higher figure.
    [fix] = diff_snapshots(run(day3), run(day5), STORY)
    assert (fix.kind, fix.alert) == ("correction", True)
    assert fix.new is not None and fix.new["correction"] is True
    assert (fix.new["low"], fix.new["high"], fix.new["status"]) == (85, 85, "single-source")


SEED_RUN = """
import json, tomllib
from datetime import date
from factdrift.pipelines.intervals import date_interval, number_interval
from factdrift.pipelines.facts.reconcile import ClaimObs, build_timeline, current_state
from factdrift.pipelines.facts.diff import snapshot
from factdrift.pipelines.story import load_story
story = load_story("seeds/story.toml")
manifest = tomllib.load(open("seeds/manifest.toml", "rb"))["articles"]
claims = []
for i, line in enumerate(open("tests/gold/seeds.jsonl")):
    g = json.loads(line)
    m = manifest[g["doc"]]
    if story.fact(g["fact"]).kind == "date":
        high = date.fromisoformat(g["value_high"]) if g.get("value_high") else None
        span = (None, None, *date_interval(g["qualifier"], date.fromisoformat(g["value"]), high))
    else:
        span = (*number_interval(g["qualifier"], float(g["value"])), None, None)
    claims.append(ClaimObs(f"c{i}", g["fact"], "", g["qualifier"], *span, m["outlet"],
                           g["doc"], g["doc"], m["published"], g["hedged"], g["quote"]))
print(json.dumps(snapshot(current_state(build_timeline(claims, story)))))
"""


def test_snapshot_does_not_depend_on_hash_seed() -> None:
    """Two processes with different hash seeds (set and dict order) give the same bytes."""
    root = Path(__file__).resolve().parent.parent
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", SEED_RUN], cwd=root, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["trump_maduro_call_date"]["status"] == "conflict"
