"""Date grammar, anchored to the publication date (HeidelTime news mode)."""

from __future__ import annotations

from datetime import date

import pytest
from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.claims.dates import infer_year

from tests.conftest import PUB

THU = date(2025, 12, 4)


def a_date(text: str, story, published=PUB):
    claims = [c for c in extract_claims(text, published, story) if c.kind == "date"]
    assert claims, f"no date read in {text!r}"
    return claims[0]


@pytest.mark.parametrize(
    ("text", "published", "figure", "qualifier", "low", "high"),
    [
        ("It happened on November 21.", PUB, "November 21", "exact", "2025-11-21", "2025-11-21"),
        (
            "It happened on Nov. 21, 2025.",
            PUB,
            "Nov. 21, 2025",
            "exact",
            "2025-11-21",
            "2025-11-21",
        ),
        ("It happened on 21 November.", PUB, "21 November", "exact", "2025-11-21", "2025-11-21"),
        ("The window expired on Dec. 1.", THU, "Dec. 1", "exact", "2025-12-01", "2025-12-01"),
        ("Trump spoke on 2025-12-01.", PUB, "2025-12-01", "exact", "2025-12-01", "2025-12-01"),
        ("Trump spoke on Sunday.", PUB, "on Sunday", "exact", "2025-11-30", "2025-11-30"),
        ("Maduro spoke on Wednesday.", THU, "on Wednesday", "exact", "2025-12-03", "2025-12-03"),
        (
            "It came last Saturday, November 29.",
            THU,
            "last Saturday, November 29",
            "exact",
            "2025-11-29",
            "2025-11-29",
        ),
        ("The call occurred last week.", PUB, "last week", "range", "2025-11-24", "2025-11-30"),
        # a Sunday paper's "last week" may be either week: both, up to publication
        (
            "The call occurred last week.",
            date(2025, 12, 7),
            "last week",
            "range",
            "2025-11-24",
            "2025-12-07",
        ),
        ("He called last weekend.", PUB, "last weekend", "range", "2025-11-29", "2025-11-30"),
        ("He called last weekend.", THU, "last weekend", "range", "2025-11-29", "2025-11-30"),
        (
            "Reports earlier this month said so.",
            THU,
            "earlier this month",
            "range",
            "2025-12-01",
            "2025-12-04",
        ),
        (
            "They spoke about ten days ago.",
            THU,
            "ten days ago",
            "about",
            "2025-11-22",
            "2025-11-26",
        ),
        (
            "They spoke approximately 10 days ago.",
            THU,
            "10 days ago",
            "about",
            "2025-11-22",
            "2025-11-26",
        ),
        (
            "It was the week of November 16.",
            PUB,
            "the week of November 16",
            "range",
            "2025-11-16",
            "2025-11-22",
        ),
        (
            "It occurred late in the week of October 5, 2025.",
            PUB,
            "late in the week of October 5, 2025",
            "range",
            "2025-10-08",
            "2025-10-11",
        ),
        (
            "It began in early September.",
            PUB,
            "early September",
            "range",
            "2025-09-01",
            "2025-09-10",
        ),
        ("It arrived by mid-November.", PUB, "mid-November", "up_to", None, "2025-11-20"),
        (
            "Strikes have run since early September.",
            PUB,
            "early September",
            "at_least",
            "2025-09-01",
            None,
        ),
        (
            "It occurred around November 24, 2025.",
            THU,
            "November 24, 2025",
            "about",
            "2025-11-22",
            "2025-11-26",
        ),
        ("The carrier arrived last month.", PUB, "last month", "range", "2025-11-01", "2025-11-30"),
        ("It happened yesterday.", PUB, "yesterday", "exact", "2025-11-30", "2025-11-30"),
        (
            "Traffic fell in the past week.",
            PUB,
            "the past week",
            "range",
            "2025-11-24",
            "2025-12-01",
        ),
        (
            "In September, Caracas began drills.",
            PUB,
            "September",
            "range",
            "2025-09-01",
            "2025-09-30",
        ),
        ("By 23 October, missiles were deployed.", PUB, "23 October", "up_to", None, "2025-10-23"),
    ],
)
def test_dates(seed_story, text, published, figure, qualifier, low, high):
    c = a_date(text, seed_story, published)
    assert text[c.span_start : c.span_end] == figure
    assert c.qualifier == qualifier
    assert c.date_low == (date.fromisoformat(low) if low else None)
    assert c.date_high == (date.fromisoformat(high) if high else None)


def test_future_weekday_looks_forward(seed_story):
    c = a_date("Trump will hold a meeting on Friday.", seed_story)
    assert c.date_low == date(2025, 12, 5)


def test_a_plan_in_the_past_perfect_looks_back(seed_story):
    # published on a Monday: "planned" alone looks ahead, "had been planned" looks back
    c = a_date("The strike had been planned before Friday's raid.", seed_story)
    assert c.date_low == date(2025, 11, 28)
    c = a_date("The raid is planned for Friday.", seed_story)
    assert c.date_low == date(2025, 12, 5)


def test_no_publication_date_keeps_the_uncertainty(seed_story):
    for text in ("It happened on November 21.", "It happened last week."):
        c = a_date(text, seed_story, published=None)
        assert c.date_low is None and c.date_high is None
        assert c.notes, "the claim must say why the date is open"


def test_written_year_needs_no_publication_date(seed_story):
    c = a_date("It happened on November 21, 2025.", seed_story, published=None)
    assert c.date_low == date(2025, 11, 21)


@pytest.mark.parametrize(
    ("month", "day", "published", "future", "year"),
    [
        (11, 21, date(2025, 12, 1), False, 2025),
        (1, 3, date(2025, 12, 20), False, 2026),  # nearest: 14 days ahead, not 351 back
        (1, 3, date(2025, 12, 20), True, 2026),  # looking ahead: the next one
        (10, 15, date(2025, 9, 29), False, 2025),  # "extending its deadline to Oct. 15"
        (9, 30, date(2025, 9, 10), False, 2025),  # a deadline 20 days ahead: this year
        (6, 1, date(2025, 12, 20), False, 2025),  # half a year back beats half ahead
        (11, 30, date(2025, 12, 1), True, 2025),  # looking ahead, but within the week
        (12, 28, date(2026, 1, 5), False, 2025),  # a January article's "December 28"
        (12, 5, date(2025, 12, 1), False, 2025),  # a few days ahead stays this year
    ],
)
def test_infer_year(month, day, published, future, year):
    assert infer_year(month, day, published, future) == year


def test_a_possessive_date_names_the_event_day_whatever_the_preposition():
    from factdrift.pipelines.claims.dates import find_dates

    pub = date(2026, 2, 11)  # a Wednesday
    (by,) = find_dates("The north was badly hit by Monday's quake.", pub)
    assert (by.qualifier, by.low, by.high) == ("exact", date(2026, 2, 9), date(2026, 2, 9))
    (before,) = find_dates("Aid had been planned before Monday's quake.", pub)
    assert before.qualifier == "exact"
    (plain,) = find_dates("Aid arrived before Monday.", pub)
    assert plain.qualifier == "less_than"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the day after the day named last: in the sentence before, or earlier in this one
        (
            "The talks collapsed on October 14. The embassy closed its doors the following day.",
            [date(2025, 10, 14), date(2025, 10, 15)],
        ),
        (
            "The vote was held on Monday, November 3, and the next day the results came in.",
            [date(2025, 11, 3), date(2025, 11, 4)],
        ),
        (
            "The envoy left on Oct. 2 and returned a day later.",
            [date(2025, 10, 2), date(2025, 10, 3)],
        ),
        # nothing named before it, or further back than the sentence before: no date
        ("The embassy closed its doors the following day.", []),
        (
            "The talks collapsed on October 14. Nobody spoke. The embassy closed the next day.",
            [date(2025, 10, 14)],
        ),
        # the day after an event is not a date
        ("The embassy closed the day after the talks collapsed.", []),
    ],
)
def test_the_following_day_is_the_day_after_the_day_named_before(seed_story, text, expected):
    claims = extract_claims(text, PUB, seed_story)
    assert [c.date_low for c in claims if c.kind == "date"] == expected


def test_the_following_day_does_not_take_the_cue_of_the_day_it_follows(seed_story):
    text = "The deadline expired on November 28, and the next day Trump closed the airspace."
    tied = {c.date_low: c.fact_key for c in extract_claims(text, PUB, seed_story)}
    assert tied[date(2025, 11, 28)] == "ultimatum_deadline"
    assert tied[date(2025, 11, 29)] == "airspace_closure_date"
