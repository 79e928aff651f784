"""Reconciliation: claim relations, the day-by-day timeline, competing values."""

from __future__ import annotations

import json
import random
import tomllib
from datetime import date
from pathlib import Path

import pytest
from factdrift.pipelines.facts.reconcile import (
    ClaimObs,
    build_timeline,
    competing_values,
    current_state,
    far_above,
    relation,
)
from factdrift.pipelines.intervals import (
    date_interval,
    distance,
    hull,
    intersection,
    moved_down,
    number_interval,
)
from factdrift.pipelines.story import Story, load_story

ROOT = Path(__file__).resolve().parent.parent
D1, D2, D3, D4 = date(2025, 12, 1), date(2025, 12, 2), date(2025, 12, 3), date(2025, 12, 4)

STORY = Story.model_validate(
    {
        "id": "test",
        "title": "Test story",
        "keywords": ["Venezuela"],
        "sources": [{"kind": "folder", "location": "."}],
        "facts": [
            {"key": "deaths", "label": "Deaths", "kind": "count", "unit": "people",
             "cumulative": True},
            {"key": "troops", "label": "Troops", "kind": "count", "unit": "people"},
            {"key": "call_date", "label": "Call date", "kind": "date", "unit": "date"},
        ],
    }
)  # fmt: skip


def claim(
    fact: str,
    qualifier: str,
    value: float | date,
    outlet: str,
    published: date,
    *,
    high: float | date | None = None,
    hedged: bool = False,
    article: str | None = None,
    claim_id: str | None = None,
    **extra,
) -> ClaimObs:
    """A ClaimObs whose interval comes from the real qualifier rules in intervals.py."""
    article = article or f"{outlet}-{published.isoformat()}"
    if isinstance(value, date):
        date_low, date_high = date_interval(qualifier, value, high)  # type: ignore[arg-type]
        low = upper = None
    else:
        low, upper = number_interval(qualifier, value, "count", high)  # type: ignore[arg-type]
        date_low = date_high = None
    return ClaimObs(
        claim_id=claim_id or f"{fact}|{article}|{qualifier}|{value}|{high}",
        fact_key=fact,
        kind="date" if isinstance(value, date) else "count",
        qualifier=qualifier,
        low=low,
        high=upper,
        date_low=date_low,
        date_high=date_high,
        outlet=outlet,
        article_id=article,
        url=f"https://example.org/{article}",
        published=published,
        hedged=hedged,
        sentence=f"{outlet} said {qualifier} {value}.",
        **extra,
    )


def rows_of(fact: str, observations: list[ClaimObs], story: Story = STORY) -> list:
    return [r for r in build_timeline(observations, story) if r.fact_key == fact]


# --- relations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # "at least 83" and "more than 82" are the same interval: they agree.
        (number_interval("at_least", 83), number_interval("more_than", 82), "refinement"),
        (number_interval("about", 15000), number_interval("exact", 15000), "refinement"),
        (number_interval("range", 80, value_high=90), (85.0, 95.0), "compatible"),
        (number_interval("exact", 83), number_interval("exact", 87), "conflict"),
        (number_interval("up_to", 100), number_interval("more_than", 100), "conflict"),
        # "November 21" vs "around November 24" (±2 days) are disjoint.
        (date_interval("exact", date(2025, 11, 21)), date_interval("about", date(2025, 11, 24)),
         "conflict"),
        (date_interval("range", date(2025, 11, 19), date(2025, 11, 22)),
         date_interval("about", date(2025, 11, 24)), "compatible"),
        (date_interval("range", date(2025, 11, 19), date(2025, 11, 22)),
         date_interval("exact", date(2025, 11, 21)), "refinement"),
    ],
)  # fmt: skip
def test_relation(a, b, expected) -> None:
    assert relation(a, b) == expected
    assert relation(b, a) == expected


@pytest.mark.parametrize(
    ("a", "b", "common"),
    [
        ((83.0, None), (80.0, 90.0), (83.0, 90.0)),
        ((None, 10.0), (None, 5.0), (None, 5.0)),
        ((1.0, 2.0), (3.0, 4.0), None),
        ((date(2025, 11, 19), date(2025, 11, 22)), (date(2025, 11, 22), date(2025, 11, 26)),
         (date(2025, 11, 22), date(2025, 11, 22))),
    ],
)  # fmt: skip
def test_intersection(a, b, common) -> None:
    assert intersection(a, b) == common == intersection(b, a)


def test_hull_distance_and_moved_down() -> None:
    assert hull([(83.0, None), (80.0, 90.0), (None, 5.0)]) == (None, None)
    assert hull([(83.0, 83.0), (80.0, 90.0)]) == (80.0, 90.0)
    assert distance((80.0, 90.0), (83.0, 87.0)) == 3.0
    assert distance((83.0, None), (87.0, None)) == 4.0
    assert distance((83.0, None), (83.0, 90.0)) == float("inf")
    assert distance((date(2025, 11, 21),) * 2, (date(2025, 11, 24),) * 2) == 3.0
    assert moved_down((87.0, 87.0), (83.0, 83.0))
    assert moved_down((87.0, None), (83.0, None))
    assert not moved_down((80.0, 80.0), (75.0, 85.0))  # vaguer, not lower
    assert not moved_down((83.0, None), (87.0, None))


# --- non-cumulative facts ------------------------------------------------------------------


def test_compatible_claims_intersect() -> None:
    obs = [
        claim("troops", "more_than", 10000, "A", D1),
        claim("troops", "about", 15000, "B", D1),
        claim("troops", "exact", 15000, "C", D1),
    ]
    [row] = rows_of("troops", obs)
    assert (row.low, row.high) == (15000, 15000)
    assert (row.env_low, row.env_high) == (10001, None)
    assert row.status == "consistent"
    assert (row.n_claims, row.n_outlets, row.outlets) == (3, 3, ("A", "B", "C"))
    assert (row.date_low, row.date_high, row.env_date_low) == (None, None, None)


def test_conflict_picks_the_largest_compatible_group() -> None:
    obs = [
        claim("troops", "exact", 10000, "A", D1),
        claim("troops", "about", 10000, "B", D1),
        claim("troops", "exact", 15000, "C", D1),
    ]
    row = rows_of("troops", obs)[-1]
    assert (row.low, row.high, row.status) == (10000, 10000, "conflict")
    assert row.outlets == ("A", "B")
    assert (row.env_low, row.env_high) == (9000, 15000)  # "about 10,000" is ±10 %


def test_outlets_not_articles_are_voices() -> None:
    # C's two articles are one voice; A and B are two.
    obs = [
        claim("troops", "exact", 10000, "A", D1, article="a1"),
        claim("troops", "exact", 10000, "B", D1, article="b1"),
        claim("troops", "exact", 15000, "C", D1, article="c1"),
        claim("troops", "exact", 15000, "C", D1, article="c2"),
    ]
    row = rows_of("troops", obs)[-1]
    assert (row.low, row.status, row.outlets) == (10000, "conflict", ("A", "B"))


def test_headline_and_body_of_one_article_are_one_voice() -> None:
    # "8,000 acres" in the headline and "about 8,000" in the body: the vaguer wording is
    # the same statement, so A is one voice against B's one, and the tie-breaks decide
    # (under the old rule A's two claims outvoted B).
    obs = [
        claim("troops", "exact", 8000, "A", D1, article="a", claim_id="head"),
        claim("troops", "about", 8000, "A", D1, article="a", claim_id="body"),
        claim("troops", "exact", 7000, "B", D1, article="b", claim_id="b"),
    ]
    [row] = rows_of("troops", obs)
    assert (row.low, row.status, row.claim_ids) == (7000, "conflict", ("b",))
    values = {(c.low, c.role): c.claim_ids for c in competing_values(obs, STORY, D1)}
    assert values == {(7000, "estimate"): ("b",), (8000, "conflict"): ("head",)}


def test_a_newer_statement_supersedes_older_ones_of_other_outlets() -> None:
    # Containment at 5 % in two day-old reports, 20 % in the newest: 20 % is the state,
    # with no conflict; the old reports stay visible as superseded.
    obs = [
        claim("troops", "exact", 5, "B", D1),
        claim("troops", "exact", 5, "C", D1),
        claim("troops", "exact", 20, "A", D2),
    ]
    rows = rows_of("troops", obs)
    assert [(r.as_of, r.low, r.status, r.outlets) for r in rows] == [
        (D1, 5, "consistent", ("B", "C")),
        (D2, 20, "single-source", ("A",)),
    ]
    roles = {(c.low, c.role, c.n_outlets) for c in competing_values(obs, STORY, D2)}
    assert roles == {(20, "estimate", 1), (5, "superseded", 2)}
    # Re-stated the next day, the old value is the newest word again: C's 5 stands with
    # it, and A's 20 is the superseded one.
    restated = [*obs, claim("troops", "exact", 5, "B", D3)]
    last = rows_of("troops", restated)[-1]
    assert (last.as_of, last.low, last.status, last.outlets) == (D3, 5, "consistent", ("B", "C"))


def test_a_vaguer_newer_statement_does_not_supersede() -> None:
    # "around 18 September" (16–20) after two exact "15 September": a conflict, not news.
    obs = [
        claim("call_date", "exact", date(2025, 9, 15), "A", D1),
        claim("call_date", "exact", date(2025, 9, 15), "B", D1),
        claim("call_date", "about", date(2025, 9, 18), "C", D2),
    ]
    row = rows_of("call_date", obs)[-1]
    assert (row.date_low, row.status, row.outlets) == (date(2025, 9, 15), "conflict", ("A", "B"))


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        # Equal outlets, the newer one vaguer (so it supersedes nothing): recency wins.
        ([("A", D1, "a1", "exact"), ("B", D2, "b1", "about")], (13500, 16500)),
        # An article stating the same figure twice is one voice: a 1-1 tie, so recency.
        ([("A", D1, "a1", "exact"), ("A", D1, "a1", "exact"), ("B", D2, "b1", "about")],
         (13500, 16500)),
    ],
)  # fmt: skip
def test_conflict_tie_breaks(claims, expected) -> None:
    obs = [
        claim("troops", qualifier, 10000 if outlet == "A" else 15000, outlet, day,
              article=article, claim_id=f"{article}-{i}")
        for i, (outlet, day, article, qualifier) in enumerate(claims)
    ]  # fmt: skip
    row = rows_of("troops", obs)[-1]
    assert (row.low, row.high) == expected
    assert row.status == "conflict"


def test_unhedged_group_wins_an_otherwise_even_tie() -> None:
    obs = [
        claim("troops", "exact", 10000, "A", D1, hedged=True),
        claim("troops", "exact", 15000, "B", D1),
    ]
    row = rows_of("troops", obs)[-1]
    assert (row.low, row.hedged_only, row.status) == (15000, False, "conflict")


def test_single_source_then_confirmed() -> None:
    first = claim("troops", "exact", 15000, "A", D1)
    second = claim("troops", "about", 15000, "B", D3)
    rows = rows_of("troops", [first, second])
    assert [(r.as_of, r.status, r.n_outlets) for r in rows] == [
        (D1, "single-source", 1),
        (D3, "consistent", 2),
    ]
    assert rows[0].low == rows[1].low == 15000


def test_an_outlet_revising_itself_is_not_a_conflict() -> None:
    obs = [claim("troops", "exact", 10000, "A", D1), claim("troops", "exact", 15000, "A", D2)]
    rows = rows_of("troops", obs)
    assert [(r.low, r.status) for r in rows] == [(10000, "single-source"), (15000, "single-source")]
    assert rows[-1].env_low == 15000  # the superseded report is no longer current


def test_rows_only_on_days_the_state_changed() -> None:
    obs = [
        claim("troops", "exact", 15000, "A", D1),
        claim("troops", "exact", 15000, "A", D2),  # A repeats itself: no new row
        claim("troops", "exact", 15000, "B", D3),  # confirmed: a new row
        claim("troops", "exact", 15000, "B", D4),  # B repeats itself: no new row
    ]
    assert [r.as_of for r in rows_of("troops", obs)] == [D1, D3]


def test_hedged_only_marks_states_resting_on_hedged_claims() -> None:
    obs = [claim("troops", "exact", 15000, "A", D1, hedged=True)]
    obs2 = [*obs, claim("troops", "about", 15000, "B", D2)]
    assert [r.hedged_only for r in rows_of("troops", obs2)] == [True, False]


# --- cumulative tallies ------------------------------------------------------------------------


def test_cumulative_tally_growing_across_days() -> None:
    obs = [
        claim("deaths", "at_least", 83, "A", D1),
        claim("deaths", "more_than", 82, "B", D1),
        claim("deaths", "at_least", 87, "C", D2),  # the tally rose; A and B are now stale
        claim("deaths", "exact", 87, "A", D3),  # A catches up
        # D, newest, repeats an old floor: the estimate keeps the floor of 87, but A's "87"
        # is a day old, so the total may have grown since: "at least 87".
        claim("deaths", "at_least", 83, "D", D4),
    ]
    rows = rows_of("deaths", obs)
    got = [(r.as_of, r.low, r.high, r.status, r.outlets) for r in rows]
    assert got == [
        (D1, 83, None, "consistent", ("A", "B")),
        (D2, 87, None, "single-source", ("C",)),
        (D3, 87, 87, "consistent", ("A", "C")),
        (D4, 87, None, "consistent", ("A", "C", "D")),
    ]
    assert not any(r.correction for r in rows)
    assert (rows[1].env_low, rows[1].env_high) == (83, None)  # stale readings stay visible


def test_an_article_speaks_for_its_highest_tally() -> None:
    # One article says "the total rose to at least 34" and recalls "32 deaths" in earlier
    # strikes: its voice is 34, not the narrower 32 (which a narrowest-wording rule kept).
    obs = [
        claim("deaths", "at_least", 34, "A", D1, article="a", claim_id="total"),
        claim("deaths", "exact", 32, "A", D1, article="a", claim_id="recalled"),
    ]
    [row] = rows_of("deaths", obs)
    assert (row.low, row.claim_ids) == (34, ("total",))


def test_older_lower_tallies_are_stale_not_conflicting() -> None:
    obs = [claim("deaths", "exact", 80, "A", D1), claim("deaths", "exact", 87, "B", D2)]
    row = rows_of("deaths", obs)[-1]
    assert (row.low, row.high, row.status, row.correction) == (87, 87, "single-source", False)
    assert (row.env_low, row.env_high) == (80, 87)


def test_same_observations_as_a_non_cumulative_fact_are_superseded() -> None:
    obs = [claim("troops", "exact", 80, "A", D1), claim("troops", "exact", 87, "B", D2)]
    row = rows_of("troops", obs)[-1]
    assert (row.low, row.status, row.env_low) == (87, "single-source", 80)


def test_a_lower_later_report_of_a_running_total_is_lagging() -> None:
    # 104 from two outlets; a day later a third says 3 (one strike's toll, or an old
    # figure): the total does not move, nothing is a correction, the 3 is listed lagging.
    obs = [
        claim("deaths", "exact", 104, "A", D1),
        claim("deaths", "exact", 104, "B", D1),
        claim("deaths", "exact", 3, "C", D2),
        claim("deaths", "exact", 100, "A", D3),  # A itself repeats an older, lower figure
    ]
    rows = rows_of("deaths", obs)
    got = [(r.as_of, r.low, r.high, r.status, r.correction, r.outlets) for r in rows]
    assert got == [
        (D1, 104, 104, "consistent", False, ("A", "B")),
        (D2, 104, 104, "consistent", False, ("A", "B")),  # a row only for the envelope
        (D3, 104, 104, "single-source", False, ("B",)),
    ]
    assert (rows[1].env_low, rows[1].env_high) == (3, 104)
    roles = {(c.low, c.role, c.outlets) for c in competing_values(obs, STORY, D3)}
    assert roles == {(104, "estimate", ("B",)), (3, "lagging", ("C",)), (100, "lagging", ("A",))}


def test_an_explicit_revision_lowers_the_total_and_withdraws_higher_figures() -> None:
    obs = [
        claim("deaths", "exact", 87, "A", D1),
        claim("deaths", "exact", 87, "B", D1),
        claim("deaths", "exact", 83, "A", D2, revision=True),  # "revised down to 83"
        claim("deaths", "exact", 85, "A", D3),  # A reports growth after its revision
    ]
    rows = rows_of("deaths", obs)
    got = [(r.as_of, r.low, r.high, r.status, r.correction, r.outlets) for r in rows]
    assert got == [
        (D1, 87, 87, "consistent", False, ("A", "B")),
        (D2, 83, 83, "single-source", True, ("A",)),
        # B's 87 stays withdrawn after A's revision is no longer A's newest word.
        (D3, 85, 85, "single-source", False, ("A",)),
    ]
    assert (rows[1].env_low, rows[1].env_high) == (83, 87)  # B still says 87: visible
    roles = {(c.low, c.role) for c in competing_values(obs, STORY, D2)}
    assert roles == {(83, "estimate"), (87, "revised")}


def test_a_later_revision_withdraws_an_earlier_one() -> None:
    obs = [
        claim("deaths", "exact", 23, "A", D1),
        claim("deaths", "exact", 20, "A", D2, revision=True),
        claim("deaths", "exact", 17, "B", D3, revision=True),
    ]
    rows = rows_of("deaths", obs)
    assert [(r.low, r.status, r.correction) for r in rows] == [
        (23, "single-source", False),
        (20, "single-source", True),
        (17, "single-source", True),
    ]


def test_an_at_least_floor_stays_unless_revised() -> None:
    obs = [claim("deaths", "at_least", 87, "A", D1), claim("deaths", "at_least", 83, "A", D2)]
    # The second row is A's envelope moving down to "at least 83"; the floor stays.
    assert [(r.low, r.correction) for r in rows_of("deaths", obs)] == [(87, False), (87, False)]
    revised = [obs[0], claim("deaths", "at_least", 83, "A", D2, revision=True)]
    assert [(r.low, r.correction) for r in rows_of("deaths", revised)] == [
        (87, False),
        (83, True),
    ]


@pytest.mark.parametrize(
    ("report", "tally", "days", "expected"),
    [
        ((20.0, 20.0), (14.0, 14.0), 0, False),  # +6: growth
        ((61.0, 61.0), (21.0, 21.0), 0, True),  # +40 and nearly triple
        ((150.0, 150.0), (104.0, 104.0), 0, False),  # +46 < half of 104
        ((160.0, 160.0), (104.0, 104.0), 0, True),
        ((30.0, None), (14.0, None), 0, True),  # "at least 30" over "at least 14"
        ((15.0, 15.0), (2.0, 2.0), 0, True),  # +13 strikes over 2
        ((10.0, 10.0), (2.0, 2.0), 0, False),  # +8: under the absolute margin
        ((None, 500.0), (14.0, 14.0), 0, False),  # no floor: never far above
        ((61.0, 61.0), (14.0, 14.0), 42, False),  # six weeks on: 14 + 10 × 7 = 84
        ((61.0, 61.0), (14.0, 14.0), 14, True),  # two weeks on: 14 + 10 × 3 = 44
        ((61.0, 61.0), (14.0, 14.0), -3, True),  # a report older than the tally: no credit
    ],
)
def test_far_above(report, tally, days, expected) -> None:
    assert far_above(report, tally, days) is expected


def test_a_big_jump_after_weeks_of_silence_is_taken_at_once() -> None:
    obs = [
        claim("deaths", "exact", 14, "A", D1),
        claim("deaths", "exact", 61, "B", date(2026, 1, 15)),
    ]
    assert [r.low for r in rows_of("deaths", obs)] == [14, 61]


def test_a_figure_far_above_the_tally_is_held_until_confirmed() -> None:
    base = [claim("deaths", "exact", 21, "A", D1), claim("deaths", "exact", 21, "B", D1)]
    jump = claim("deaths", "exact", 61, "C", D2)
    rows = rows_of("deaths", [*base, jump])
    assert [(r.as_of, r.low, r.status) for r in rows] == [
        (D1, 21, "consistent"),
        (D2, 21, "consistent"),  # only the envelope moved
    ]
    roles = {(c.low, c.role) for c in competing_values([*base, jump], STORY, D2)}
    assert roles == {(21, "estimate"), (61, "single-source")}
    # A second outlet confirms: the jump is taken (and is a change, not a correction).
    second = [*base, jump, claim("deaths", "exact", 61, "D", D3)]
    last = rows_of("deaths", second)[-1]
    assert (last.as_of, last.low, last.status, last.outlets) == (D3, 61, "consistent", ("C", "D"))
    # Or a later report (here by the same outlet) confirms it.
    later = [*base, jump, claim("deaths", "exact", 62, "C", D3)]
    last = rows_of("deaths", later)[-1]
    assert (last.as_of, last.low, last.high, last.correction) == (D3, 62, 62, False)


def test_an_outlet_whose_only_report_is_held_leaves_the_tally_standing() -> None:
    obs = [claim("deaths", "exact", 14, "A", D1), claim("deaths", "exact", 300, "A", D2)]
    rows = rows_of("deaths", obs)
    assert [(r.as_of, r.low, r.status, r.outlets) for r in rows] == [
        (D1, 14, "single-source", ("A",)),
        (D2, 14, "single-source", ("A",)),  # the envelope now reaches 300
    ]


def test_growth_within_the_margin_is_taken_at_once() -> None:
    obs = [claim("deaths", "exact", 14, "A", D1), claim("deaths", "exact", 20, "B", D2)]
    assert [r.low for r in rows_of("deaths", obs)] == [14, 20]


def test_an_event_figure_keyed_to_the_running_total_does_not_count() -> None:
    obs = [
        claim("deaths", "exact", 80, "A", D1),
        claim("deaths", "exact", 3, "B", D2, scope="event"),  # "the strike killed 3"
        claim("deaths", "exact", 83, "C", D3, scope="total"),
    ]
    assert [(r.as_of, r.low, r.env_low) for r in rows_of("deaths", obs)] == [
        (D1, 80, 80),
        (D3, 83, 80),
    ]


def test_earlier_values_count_on_their_own_day_or_not_at_all() -> None:
    # "47, up from 30 on Monday" (A, Wednesday): the 30 is A's word about Monday, never
    # Wednesday's value; without a day it is left out of the timeline entirely.
    obs = [
        claim("troops", "exact", 30, "B", D1),
        claim("troops", "exact", 47, "A", D3, claim_id="now"),
        claim("troops", "exact", 30, "A", D3, claim_id="then", earlier=True, as_of=D1),
        claim("troops", "exact", 12, "A", D3, claim_id="undated", earlier=True),
    ]
    rows = rows_of("troops", obs)
    assert [(r.as_of, r.low, r.status, r.outlets) for r in rows] == [
        (D1, 30, "consistent", ("A", "B")),
        (D3, 47, "single-source", ("A",)),
    ]
    assert "undated" not in {i for c in competing_values(obs, STORY, D3) for i in c.claim_ids}


def test_conflict_within_the_newest_day_of_a_tally() -> None:
    obs = [
        claim("deaths", "exact", 80, "A", D1),
        claim("deaths", "exact", 87, "B", D2),
        claim("deaths", "exact", 87, "C", D2),
        claim("deaths", "exact", 90, "D", D2),
    ]
    row = rows_of("deaths", obs)[-1]
    assert (row.low, row.status, row.outlets) == (87, "conflict", ("B", "C"))
    assert (row.env_low, row.env_high) == (80, 90)


# --- dates and competing values ------------------------------------------------------------


def call_date_claims() -> list[ClaimObs]:
    return [
        claim("call_date", "exact", date(2025, 11, 21), "A", D1),  # "November 21"
        claim("call_date", "exact", date(2025, 11, 21), "B", D1, hedged=True),
        claim("call_date", "about", date(2025, 11, 24), "C", D2),  # "around November 24"
        # late in the week that began on Sunday 16 November
        claim("call_date", "range", date(2025, 11, 19), "D", D2, high=date(2025, 11, 22)),
    ]


def test_event_date_reported_three_ways_gives_three_candidates() -> None:
    candidates = competing_values(call_date_claims(), STORY, D2)
    got = [(c.date_low, c.date_high, c.qualifier, c.n_claims, c.n_outlets) for c in candidates]
    assert got == [
        (date(2025, 11, 21), date(2025, 11, 21), "exact", 2, 2),
        (date(2025, 11, 19), date(2025, 11, 22), "range", 1, 1),
        (date(2025, 11, 22), date(2025, 11, 26), "about", 1, 1),
    ]
    assert candidates[0].outlets == ("A", "B")
    assert all(c.fact_key == "call_date" and c.as_of == D2 for c in candidates)
    assert all(c.low is None and c.high is None for c in candidates)


def test_event_date_estimate_under_conflict() -> None:
    rows = rows_of("call_date", call_date_claims())
    last = rows[-1]
    assert (last.date_low, last.date_high) == (date(2025, 11, 21), date(2025, 11, 21))
    assert (last.env_date_low, last.env_date_high) == (date(2025, 11, 19), date(2025, 11, 26))
    assert last.status == "conflict"
    assert last.outlets == ("A", "B", "D")
    assert rows[0].status == "consistent"  # on D1 only the two "November 21" reports existed


def test_competing_values_respect_as_of_and_group_identical_intervals() -> None:
    obs = [
        claim("deaths", "at_least", 83, "A", D1),
        claim("deaths", "more_than", 82, "B", D1),
        claim("deaths", "at_least", 87, "C", D3),
    ]
    [only] = competing_values(obs, STORY, D2)
    assert (only.low, only.high, only.n_outlets) == (83, None, 2)
    assert only.qualifier == "at_least,more_than"
    assert len(competing_values(obs, STORY, D3)) == 2
    assert competing_values(obs, STORY, date(2025, 11, 30)) == []


# --- determinism, filtering, current state --------------------------------------------------


def test_same_input_in_any_order_gives_the_same_timeline() -> None:
    obs = [
        *call_date_claims(),
        claim("deaths", "exact", 80, "A", D1),
        claim("deaths", "at_least", 87, "B", D2),
        claim("troops", "about", 15000, "C", D4),
    ]
    expected = build_timeline(obs, STORY)
    for seed in range(5):
        shuffled = obs[:]
        random.Random(seed).shuffle(shuffled)
        assert build_timeline(shuffled, STORY) == expected
        assert build_timeline(shuffled + shuffled, STORY) == expected  # same claim_id counts once
    keys = [(r.fact_key, r.as_of) for r in expected]
    assert keys == sorted(keys)


def test_unknown_facts_and_boundless_claims_are_skipped() -> None:
    stray = claim("not_in_story", "exact", 5, "A", D1)
    boundless = ClaimObs("x", "troops", "count", "exact", None, None, None, None,
                         "A", "a", "u", D1, False, "?")  # fmt: skip
    assert build_timeline([stray, boundless], STORY) == []


def test_current_state_is_the_latest_row_per_fact() -> None:
    obs = [
        claim("troops", "exact", 10000, "A", D1),
        claim("troops", "exact", 15000, "A", D3),
        claim("deaths", "exact", 80, "A", D2),
    ]
    state = current_state(build_timeline(obs, STORY))
    assert list(state) == ["deaths", "troops"]
    assert (state["troops"].as_of, state["troops"].low) == (D3, 15000)
    assert state["deaths"].as_of == D2


def test_seed_claims_with_the_default_story() -> None:
    """The gold claims of the five seed articles, dated by the manifest."""
    story = load_story(ROOT / "seeds" / "story.toml")
    manifest = tomllib.loads((ROOT / "seeds" / "manifest.toml").read_text())["articles"]
    obs = []
    for i, line in enumerate((ROOT / "tests" / "gold" / "seeds.jsonl").read_text().splitlines()):
        gold = json.loads(line)
        entry = manifest[gold["doc"]]
        value = gold["value"]
        if story.fact(gold["fact"]).kind == "date":
            value = date.fromisoformat(value)
            high = date.fromisoformat(gold["value_high"]) if gold.get("value_high") else None
        else:
            high = gold.get("value_high")
        obs.append(claim(gold["fact"], gold["qualifier"], value, entry["outlet"],
                         entry["published"], high=high, hedged=gold["hedged"],
                         article=gold["doc"], claim_id=f"gold-{i}"))  # fmt: skip
    state = current_state(build_timeline(obs, story))
    deaths = state["boat_strike_deaths"]
    assert (deaths.low, deaths.high, deaths.status, deaths.n_outlets) == (83, None, "consistent", 3)
    call = state["trump_maduro_call_date"]
    assert call.status == "conflict"
    assert (call.env_date_low, call.env_date_high) == (date(2025, 11, 19), date(2025, 11, 30))
    assert state["us_troops_in_region"].low == state["us_troops_in_region"].high == 15000
    assert len(competing_values(obs, story, date(2025, 12, 4))) >= 4
