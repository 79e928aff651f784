"""Number grammar: each phrasing from the issue, read to a value, qualifier and interval."""

from __future__ import annotations

import pytest
from factdrift.pipelines.claims import extract_claims

from tests.conftest import PUB

INF = None


def figure(text: str, story, kind: str | None = None):
    """The first non-date claim in ``text``."""
    claims = [c for c in extract_claims(text, PUB, story) if c.kind != "date"]
    if kind:
        claims = [c for c in claims if c.kind == kind]
    assert claims, f"no figure read in {text!r}"
    return claims[0]


@pytest.mark.parametrize(
    ("text", "figure_text", "qualifier", "value", "low", "high"),
    [
        ("Officials said at least 83 people died.", "83", "at_least", 83, 83, INF),
        ("They killed more than 82 individuals.", "82", "more_than", 82, 83, INF),
        ("The force grew to over 10,000 personnel.", "10,000", "more_than", 10000, 10001, INF),
        ("It mobilized nearly 200,000 troops.", "200,000", "nearly", 200000, 180000, 199999),
        ("Approximately 15,000 troops are there.", "15,000", "about", 15000, 13500, 16500),
        ("Some 4,000 sailors are aboard.", "4,000", "about", 4000, 3600, 4400),
        ("It carries up to 2,200 Marines.", "2,200", "up_to", 2200, 0, 2200),
        ("Fewer than 100 people came.", "100", "less_than", 100, 0, 99),
        ("The toll is between 80 and 90 people.", "80 and 90", "range", 80, 80, 90),
        ("The toll is 80-90 people.", "80-90", "range", 80, 80, 90),
        ("They sent a dozen warships.", "a dozen", "exact", 12, 12, 12),
        ("They sent over a dozen warships.", "a dozen", "more_than", 12, 13, INF),
        ("Dozens of boats were hit.", "Dozens", "at_least", 24, 24, INF),
        ("Scores of traffickers were hit.", "Scores", "at_least", 40, 40, INF),
        ("Eleven people were killed.", "Eleven", "exact", 11, 11, 11),
        ("The two ships left.", "two", "exact", 2, 2, 2),
        (
            "More than 7.7 million Venezuelans have fled.",
            "7.7 million",
            "more_than",
            7.7e6,
            7700001,
            INF,
        ),
        ("About 1.8m people left.", "1.8m", "about", 1.8e6, 1.62e6, 1.98e6),
        ("An 83-strong crew sailed.", "83", "exact", 83, 83, 83),
        ("The toll rose to 87 on Friday.", "87", "exact", 87, 87, 87),
        ("The strike came, bringing the total to 99.", "99", "exact", 99, 99, 99),
        ("A strike hit, raising the death toll to at least 104.", "104", "at_least", 104, 104, INF),
        ("Twenty-one or more people were hurt.", "Twenty-one", "at_least", 21, 21, INF),
        ("The toll is at a minimum 15 people.", "15", "at_least", 15, 15, None),
        ("The toll passed the grim milestone of 200.", "200", "more_than", 200, 201, None),
        ("At the very least 40 people died.", "40", "at_least", 40, 40, None),
        ("At the most 12 people were aboard.", "12", "up_to", 12, 0, 12),
    ],
)
def test_counts(seed_story, text, figure_text, qualifier, value, low, high):
    c = figure(text, seed_story)
    assert text[c.span_start : c.span_end] == figure_text
    assert c.kind == "count"
    assert c.qualifier == qualifier
    assert c.value == pytest.approx(value)
    assert c.low == pytest.approx(low)
    assert (c.high is None) if high is None else c.high == pytest.approx(high)


@pytest.mark.parametrize(
    ("text", "kind", "unit", "qualifier", "value"),
    [
        ("The US offers a $50 million bounty.", "money", "usd", "exact", 50e6),
        ("A reward of US$25m stands.", "money", "usd", "exact", 25e6),
        ("He offered 50 million dollars.", "money", "usd", "exact", 50e6),
        ("He kept $200 million in assets.", "money", "usd", "exact", 200e6),
        ("Traffic fell by over 70%.", "percent", "percent", "more_than", 70),
        ("Turnout was 45 percent.", "percent", "percent", "exact", 45),
        ("They asked for up to 18 months.", "duration", "months", "up_to", 18),
        ("He had a one-week window.", "duration", "weeks", "exact", 1),
        ("It was a four-month campaign.", "duration", "months", "exact", 4),
        ("They seized over 19 tons of cocaine.", "quantity", "tons", "more_than", 19),
        ("It lies less than 200 kilometers away.", "quantity", "km", "less_than", 200),
        # a speed written out, or a unit glued to its number (0.4.3)
        ("Gusts reached 95 miles per hour.", "quantity", "mph", "exact", 95),
        ("It hit land as a Category-3 hurricane.", "quantity", "category", "exact", 3),
        (
            "Gauges showed an approximate rainfall of 300 millimeters.",
            "quantity",
            "mm",
            "about",
            300,
        ),
        ("The storm brought 95 mile per hour gusts.", "quantity", "mph", "exact", 95),
        ("The storm brought 95-mile-per-hour gusts.", "quantity", "mph", "exact", 95),
        ("Gusts reached 150 kilometres an hour.", "quantity", "km/h", "exact", 150),
        ("Gusts reached 95mph on the coast.", "quantity", "mph", "exact", 95),
        ("Rain totals hit 30cm in the hills.", "quantity", "cm", "exact", 30),
    ],
)
def test_money_percent_duration_quantity(seed_story, text, kind, unit, qualifier, value):
    c = figure(text, seed_story)
    assert (c.kind, c.unit, c.qualifier) == (kind, unit, qualifier)
    assert c.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "Elements of the 22nd Marine Expeditionary Unit arrived.",
        "The 7th Bomb Wing flew overhead.",
        "The meeting starts at 9 p.m. local time.",
        "John Smith, 45, said he was afraid.",
        "A 45-year-old fisherman was among them.",
        "He was aged 45 when he left.",
        "Call (305) 555-1234 for details.",
        "He lives at 1600 Pennsylvania Avenue now.",
        "F-35B jets and B-52 bombers flew past.",
        "They activated Independence Plan 200 last year.",
        "Families can text the word SEARCH to 42424 for updates.",
        '"We lost everything," says Maria Ortega, 58.',
        "Crews found a boy, perhaps aged 10 or 11, in the mud.",
        "The victims ranged in age from 7 to 80.",
        "The ages of the victims in the flooded towns ranged from 3 to 88.",
    ],
)
def test_not_counts(seed_story, text):
    assert [c for c in extract_claims(text, PUB, seed_story) if c.kind != "date"] == []


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("He has ruled since his election in 2013.", 2013),
        ("It happened in Nicaragua in '91 with Chamorro.", 1991),
        ("It recalled the 1989 Panama invasion.", 1989),
    ],
)
def test_years_are_dates_not_counts(seed_story, text, year):
    claims = extract_claims(text, PUB, seed_story)
    assert [c.kind for c in claims] == ["date"]
    assert claims[0].date_low.year == year and claims[0].date_high.year == year


def test_since_a_year_is_open_ended(seed_story):
    (c,) = extract_claims("Sanctions have applied since 2017.", PUB, seed_story)
    assert c.qualifier == "at_least" and c.date_high is None


def test_change_from_to_is_two_values(seed_story):
    claims = extract_claims("The toll rose from 83 to 87 overnight.", PUB, seed_story)
    assert [(c.value, c.qualifier) for c in claims] == [(83, "exact"), (87, "exact")]


def test_count_subject_is_the_noun_counted(seed_story):
    c = figure("Approximately 15,000 U.S. troops are now stationed there.", seed_story)
    assert c.subject == "U.S. troops"


def test_time_words_end_the_counted_noun_and_plus_suffix_keeps_it():
    from factdrift.pipelines.claims.numbers import find_numbers

    found = find_numbers("The storm killed 215 people Thursday.", [])
    (toll,) = [m for m in found if m.value == 215]
    assert toll.noun_phrase == "people"
    (later,) = find_numbers("A storm killed 11 people earlier this month.", [])
    assert later.noun_phrase == "people"
    (earlier,) = find_numbers("It follows 11 earlier storms.", [])
    assert earlier.noun_phrase == "earlier storms"
    (plus,) = find_numbers("It accounted for at least 60-plus deaths.", [])
    assert (plus.qualifier, plus.noun_phrase) == ("at_least", "deaths")


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("more than half a million people fled", 500000.0, "more_than"),
        ("a quarter of a million homes", 250000.0, "exact"),
        ("one and a half million people", 1500000.0, "exact"),
        ("half a dozen boats", 6.0, "exact"),
    ],
)
def test_fractions_of_scale_words(text, value, qualifier):
    from factdrift.pipelines.claims.numbers import find_numbers

    (m,) = find_numbers(text, [])
    assert (m.value, m.qualifier) == (value, qualifier)


def test_a_state_after_a_plural_counted_noun_is_not_the_noun():
    from factdrift.pipelines.claims.numbers import find_numbers

    (left,) = find_numbers("The storm left two million people homeless.", [])
    assert left.noun_phrase == "people"
    (confirmed,) = find_numbers("The fires have 115 confirmed dead.", [])
    assert confirmed.noun_phrase == "confirmed dead"


def test_the_first_of_a_period_after_an_abbreviation(seed_story):
    from datetime import date

    from factdrift.pipelines.claims import extract_claims

    text = "The strike is the first reported raid on a boat by American forces in 2026."
    tied = [c.fact_key for c in extract_claims(text, date(2026, 1, 24), seed_story)]
    assert "boat_strikes" not in tied


def test_scales_go_both_ways_and_second_days_are_no_figures():
    from factdrift.pipelines.claims.numbers import find_numbers

    pair = find_numbers("It followed 6.9 and 6.1 magnitude quakes.", [])
    assert [(m.value, m.kind, m.unit) for m in pair] == [
        (6.9, "quantity", "magnitude"),
        (6.1, "quantity", "magnitude"),
    ]
    text = "The quakes that struck on February 6 and 20 caused 900 deaths."
    assert [m.value for m in find_numbers(text, [(28, 38)])] == [900.0]


def test_a_fraction_is_no_head_count(hurricane_story):
    from factdrift.pipelines.claims import extract_claims

    text = "Two more tremors, registering 6.4. and 5.8, killed six more people in the storm zone."
    tied = {
        text[c.span_start : c.span_end]: c.fact_key
        for c in extract_claims(text, PUB, hurricane_story)
    }
    assert tied.get("5.8") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("At least 3.003 people died in the quake.", 3003.0),
        ("The toll surpassed 12.500 on Tuesday.", 12500.0),
        ("A 7.800 magnitude quake struck.", 7.8),  # a scale keeps its decimals
        ("Tickets cost $1.500 each.", 1.5),  # money keeps its decimals
    ],
)
def test_a_dot_groups_thousands_in_counts(text, value):
    from factdrift.pipelines.claims.numbers import find_numbers

    (m,) = find_numbers(text, [])
    assert m.value == value


@pytest.mark.parametrize(
    ("text", "qualifiers"),
    [
        # one comparative before two counts joined by "and" bounds both
        ("More than 400 dead and 1,200 injured have been counted.", ["more_than", "more_than"]),
        ("The toll now exceeds 700 and 2,100 people injured.", ["more_than", "more_than"]),
        # each count with its own verb, or a vague first count: the second stands alone
        ("At least 40 people remain missing and 52 are confirmed dead.", ["at_least", "exact"]),
        ("The navy has over a dozen ships and 900 sailors there.", ["more_than", "exact"]),
    ],
)
def test_one_comparative_bounds_both_counts_joined_by_and(seed_story, text, qualifiers):
    claims = [c for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert [c.qualifier for c in claims] == qualifiers


def test_the_range_of_ages_is_no_figure_but_the_count_before_it_is(seed_story):
    from factdrift.pipelines.claims import extract_claims

    text = "The ages of the 95 victims ranged from 4 to 91."
    values = [c.value for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert values == [95]


def test_space_grouped_thousands_in_an_article_that_writes_them(seed_story):
    from factdrift.pipelines.claims import extract_claims

    text = "Some 10 000 people fled the flood.\n\nAnother 11 300 people lost their homes."
    values = [c.value for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert values == [10000, 11300]
    # an article with no "N 000" keeps two numbers two numbers
    text = "Rescuers searched 11 300 metre stretches of the river."
    values = [c.value for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert 11300 not in values


@pytest.mark.parametrize("text", ["Over 2000 people died in the floods.", "About 2000 dead."])
def test_a_four_digit_count_of_people_is_no_year(seed_story, text):
    c = figure(text, seed_story)
    assert (c.kind, c.value) == ("count", 2000)
