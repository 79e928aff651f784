"""Occurrences of event facts and the running-total check (pipelines/facts/events.py)."""

from __future__ import annotations

import random
from datetime import date

from factdrift.pipelines.facts.events import build_events, tally_check
from factdrift.pipelines.facts.reconcile import ClaimObs, build_timeline
from factdrift.pipelines.intervals import date_interval, number_interval
from factdrift.pipelines.story import Story

STORY = Story.model_validate(
    {
        "id": "test",
        "title": "Test story",
        "keywords": ["boat"],
        "sources": [{"kind": "folder", "location": "."}],
        "facts": [
            {"key": "deaths", "label": "Deaths", "kind": "count", "unit": "people",
             "cumulative": True},
            {"key": "strikes", "label": "Strikes", "kind": "count", "unit": "strikes",
             "cumulative": True},
            {"key": "strike_deaths", "label": "Killed in one strike", "kind": "count",
             "unit": "people", "scope": "event", "tally": "deaths"},
            {"key": "strike_date", "label": "Day of one strike", "kind": "date",
             "unit": "date", "scope": "event", "tally": "strikes"},
        ],
    }
)  # fmt: skip


def day(d: int) -> date:
    return date(2025, 10, d)


def obs(
    fact: str,
    value: float | date,
    outlet: str,
    published: date,
    *,
    window: tuple[date, date] | None = None,
    qualifier: str = "exact",
    article: str | None = None,
    **extra,
) -> ClaimObs:
    """A claim about one strike (or a total), its interval from the real qualifier rules."""
    article = article or f"{outlet}-{published}"
    if isinstance(value, date):
        low = high = None
        date_low, date_high = date_interval(qualifier, value)
    else:
        low, high = number_interval(qualifier, value)
        date_low = date_high = None
    return ClaimObs(
        claim_id=f"{fact}|{article}|{value}|{window}",
        fact_key=fact,
        kind="date" if isinstance(value, date) else "count",
        qualifier=qualifier,
        low=low,
        high=high,
        date_low=date_low,
        date_high=date_high,
        outlet=outlet,
        article_id=article,
        url=f"https://example.org/{article}",
        published=published,
        hedged=False,
        sentence="…",
        event_low=window[0] if window else None,
        event_high=window[1] if window else None,
        **extra,
    )


def strike(value: float, outlet: str, published: date, on: date | None = None, **kw) -> ClaimObs:
    return obs("strike_deaths", value, outlet, published, window=(on, on) if on else None, **kw)


def shape(events) -> list[tuple]:
    return [
        (e.fact_key, e.family, e.event_date_low, e.event_date_high, e.low, e.high, e.status,
         e.outlets)
        for e in events
    ]  # fmt: skip


def test_reports_of_one_dated_strike_are_one_occurrence() -> None:
    claims = [
        strike(3, "A", day(2), on=day(1)),
        strike(3, "B", day(2), on=day(1)),
        strike(4, "C", day(3), on=day(1)),  # a later report disagrees on the toll
        strike(6, "A", day(5), on=day(4)),  # another strike
    ]
    events = build_events(claims, STORY)
    assert shape(events) == [
        ("strike_deaths", "deaths", day(1), day(1), 3, 3, "conflict", ("A", "B", "C")),
        ("strike_deaths", "deaths", day(4), day(4), 6, 6, "single-source", ("A",)),
    ]
    figures = {(f.outlet, f.low) for f in events[0].figures}
    assert figures == {("A", 3), ("B", 3), ("C", 4)}
    assert (events[0].first_reported, events[0].last_reported) == (day(2), day(3))
    assert events[0].n_outlets == 3 and events[0].n_claims == 3


def test_a_vague_window_joins_the_strike_whose_toll_it_repeats() -> None:
    # Strikes on the 1st (3 killed) and the 4th (6 killed); "last week" (1st–7th) with 6
    # killed is the second strike, not a bridge merging both.
    claims = [
        strike(3, "A", day(2), on=day(1)),
        strike(6, "A", day(5), on=day(4)),
        obs("strike_deaths", 6, "B", day(8), window=(day(1), day(7))),
    ]
    events = build_events(claims, STORY)
    assert [(e.event_date_low, e.low, e.outlets) for e in events] == [
        (day(1), 3, ("A",)),
        (day(4), 6, ("A", "B")),
    ]


def test_undated_reports_join_their_article_or_their_day() -> None:
    claims = [
        # Headline "strike kills 3" (undated) and body "the strike on the 1st killed 3".
        strike(3, "A", day(2), article="a"),
        strike(3, "A", day(2), on=day(1), article="a"),
        strike(3, "B", day(2)),  # same day, same toll, no date: the same strike
        strike(3, "C", day(9)),  # a week later, no date: another occurrence
        strike(5, "D", day(9)),  # same day, a different toll: another again
    ]
    events = build_events(claims, STORY)
    assert [(e.event_date_low, e.low, e.outlets, e.first_reported) for e in events] == [
        (day(1), 3, ("A", "B"), day(2)),
        (None, 3, ("C",), day(9)),
        (None, 5, ("D",), day(9)),
    ]


def test_an_event_figure_keyed_to_a_running_total_is_an_occurrence_of_it() -> None:
    claims = [
        obs("deaths", 80, "A", day(1)),
        obs("deaths", 3, "B", day(2), window=(day(1), day(1)), scope="event"),
        obs("strike_deaths", 3, "C", day(2), scope="total"),  # a total keyed to an event fact
        obs("deaths", 3, "D", day(2), earlier=True, as_of=day(1), scope="event"),  # earlier
    ]
    assert shape(build_events(claims, STORY)) == [
        ("deaths", "deaths", day(1), day(1), 3, 3, "single-source", ("B",)),
    ]


def test_dates_of_strikes_are_their_own_windows() -> None:
    claims = [
        obs("strike_date", day(1), "A", day(2)),
        obs("strike_date", day(1), "B", day(3)),
        obs("strike_date", day(4), "A", day(5)),
    ]
    events = build_events(claims, STORY)
    assert [(e.event_date_low, e.date_low, e.n_outlets, e.family) for e in events] == [
        (day(1), day(1), 2, "strikes"),
        (day(4), day(4), 1, "strikes"),
    ]


def test_tally_check_sets_the_strike_record_against_the_running_total() -> None:
    claims = [
        obs("deaths", 11, "A", day(1)),
        strike(11, "A", day(1), on=day(1)),
        strike(3, "B", day(3), on=day(2)),
        obs("deaths", 14, "B", day(3)),
        obs("deaths", 20, "C", day(5)),  # the total knows of deaths the record does not
        strike(3, "C", day(7), on=day(6)),
        strike(4, "D", day(7), on=day(7)),  # the record now passes the reported total
        obs("strike_date", day(2), "B", day(3)),
    ]
    timeline = build_timeline(claims, STORY)
    checks = tally_check(claims, STORY, timeline)
    deaths = [
        (c.as_of, c.n_events, c.events_low, c.total_low, c.difference, c.status)
        for c in checks
        if c.event_fact == "strike_deaths"
    ]
    assert deaths == [
        (day(1), 1, 11, 11, 0, "agree"),
        (day(3), 2, 14, 14, 0, "agree"),
        (day(5), 2, 14, 20, 6, "total_above"),
        (day(7), 4, 21, 20, -1, "total_below"),
    ]
    # A date-valued event fact counts strikes; no total of strikes was reported.
    strikes = [(c.tally_key, c.n_events, c.events_low, c.status) for c in checks
               if c.event_fact == "strike_date"]  # fmt: skip
    assert strikes == [("strikes", 1, 1, "no_total")]


def test_same_input_in_any_order_gives_the_same_events() -> None:
    claims = [
        strike(3, "A", day(2), on=day(1)),
        strike(3, "B", day(2)),
        strike(4, "C", day(3), on=day(1)),
        strike(6, "A", day(5), on=day(4)),
        obs("strike_deaths", 6, "B", day(8), window=(day(1), day(7))),
        obs("strike_date", day(1), "A", day(2)),
    ]
    expected = build_events(claims, STORY)
    for seed in range(5):
        shuffled = claims[:]
        random.Random(seed).shuffle(shuffled)
        assert build_events(shuffled, STORY) == expected
