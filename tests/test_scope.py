"""What a figure states: a running total, one occurrence, an ordinal count, an earlier value.

Each case is a sentence written for this test in a class of phrasing seen across real
coverage (headlines leading with the newest event, ordinals, "up from", "is up to", units
before the number)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.story import Story

PUB = date(2025, 11, 7)


def tied(text: str, story: Story) -> list[tuple[str, str | None, float | None, str | None]]:
    """(figure text, fact, value, scope) of every claim tied to a fact."""
    full = "Strikes on drug boats\n\n" + text
    return [
        (full[c.span_start : c.span_end], c.fact_key, c.value, c.scope)
        for c in extract_claims(full, PUB, story)
        if c.fact_key and c.kind != "date"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # headline style: the newest event leads, without a determiner
        ("Navy strike on smuggling boat kills 4 off Colombia", [("4", "strike_deaths")]),
        ("Two dead in US boat strike in the Pacific", [("Two", "strike_deaths")]),
        # the event after the figure, several words away, or the boat it happened on
        (
            "Four men riding in the boat were killed in the attack, officials said.",
            [("Four", "strike_deaths")],
        ),
        ("Five crew members died aboard the vessel.", [("Five", "strike_deaths")]),
        # the newest occurrence(s), plural or not
        ("Seven dead in the latest boat strikes, the command said.", [("Seven", "strike_deaths")]),
        # a verb of striking with its object, no determiner (headline)
        ("Military hits suspected smuggling vessel, killing five", [("five", "strike_deaths")]),
        # the running total, marked as such
        (
            "The boat strikes have killed 112 people since early September.",
            [("112", "boat_strike_deaths")],
        ),
        (
            "A strike on a boat killed two people, raising the toll to 114.",
            [("two", "strike_deaths"), ("114", "boat_strike_deaths")],
        ),
    ],
)
def test_one_occurrence_versus_the_running_total(seed_story, text, expected):
    assert [(f, k) for f, k, _, _ in tied(text, seed_story)] == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Thursday's strike on a boat was the 31st of the campaign.", 31),
        ("It was the navy's twelfth strike on a drug boat.", 12),
        ("Officials called the strike the ninth such operation against boats.", 9),
        ("Forces struck a 3rd suspected drug boat on Friday.", 3),
        ("The U.S. carried out a seventh, lethal strike on a boat.", 7),
        ("Tuesday's attack on a boat was the 40th since September.", 40),
    ],
)
def test_ordinals_count_the_series(seed_story, text, value):
    counts = [(k, v) for _, k, v, _ in tied(text, seed_story) if k == "boat_strikes"]
    assert counts == [("boat_strikes", value)]


def test_ordinals_of_other_things_make_no_claim(seed_story):
    text = "The 24th Marine Expeditionary Unit sailed past the boats on its ninth day at sea."
    claims = extract_claims(text, PUB, seed_story)
    assert not any(c.notes and "ordinal" in c.notes for c in claims)


@pytest.mark.parametrize(
    ("text", "current", "earlier"),
    [
        ("The toll from boat strikes rose to 90, up from 83 last week.", 90, 83),
        ("Boat strikes have killed 95 people, compared with 87 a week ago.", 95, 87),
        ("The count of boat strikes rose from 20 to 22 this month.", 22, 20),
        ("Deaths in the boat strikes stand at 64, previously reported as 61.", 64, 61),
    ],
)
def test_earlier_values_are_not_current_claims(seed_story, text, current, earlier):
    claims = [c for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert [c.value for c in claims if not c.earlier] == [current]
    assert [c.value for c in claims if c.earlier] == [earlier]


@pytest.mark.parametrize(
    ("text", "earlier"),
    [
        # a tally said of an earlier day than a larger one of the same article: earlier
        (
            "The boat strike death toll rose to 87 on Thursday. The toll was 83 on Tuesday,"
            " officials said.",
            [(83, date(2025, 11, 4))],
        ),
        (
            "Boat strikes have killed 87 people, officials said. The boat strike toll was 83"
            " on Tuesday.",
            [(83, date(2025, 11, 4))],
        ),
        # the same day, or a smaller tally said later, is no earlier value
        ("The boat strike toll was 83 on Friday. Boat strikes have killed 87 people.", []),
        (
            "The boat strike death toll stood at 87 on Tuesday. On Thursday it was 83 after a"
            " recount.",
            [],
        ),
    ],
)
def test_a_tally_of_an_earlier_day_is_an_earlier_value(seed_story, text, earlier):
    claims = [c for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert [(c.value, c.as_of) for c in claims if c.earlier] == earlier


def test_an_earlier_value_keeps_the_day_it_held(seed_story):
    text = "The boat strike toll rose to 90, up from 83 on Monday."
    (old,) = [c for c in extract_claims(text, PUB, seed_story) if c.earlier]
    assert old.as_of == date(2025, 11, 3)
    # a state said of a moment before the report holds on that moment
    text = "Four days ago the boat strike toll was still 83."
    (old,) = [c for c in extract_claims(text, PUB, seed_story) if c.earlier]
    assert (old.value, old.as_of) == (83, PUB - timedelta(days=4))


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("The death toll from the boat strikes is up to 104.", "exact"),
        ("The boat strike death toll is now up to at least 110.", "at_least"),
        ("Officials said boat strikes could kill up to 200 more people.", "up_to"),
    ],
)
def test_up_to_after_a_tally_is_a_rise(seed_story, text, qualifier):
    (claim,) = [c for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert claim.qualifier == qualifier


def test_vague_quantities_hold_no_key_fact(seed_story):
    text = "Dozens of people have been killed in the boat strikes."
    (claim,) = [c for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert claim.fact_key is None


def test_an_event_figure_keeps_the_day_of_its_event(seed_story):
    text = "A strike on a boat on Tuesday killed three people."
    (claim,) = [c for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert claim.fact_key == "strike_deaths"
    assert claim.event_low == claim.event_high == date(2025, 11, 4)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("A magnitude 6.9 earthquake shook the coast.", "magnitude", 6.9),
        ("The 6.9-magnitude quake toppled homes.", "magnitude", 6.9),
        ("It had a magnitude of 7.1, the survey said.", "magnitude", 7.1),
        ("An aftershock measuring 5.8 followed the quake.", "magnitude", 5.8),
        ("The storm came ashore as a Category 3 hurricane.", "category", 3),
    ],
)
def test_units_written_before_the_number(seed_story, text, unit, value):
    claims = [c for c in extract_claims(text, PUB, seed_story) if c.kind == "quantity"]
    assert [(c.unit, c.value) for c in claims] == [(unit, value)]


@pytest.mark.parametrize(
    "text",
    [
        # a figure about an event long before publication
        "More than 9,000 people were killed when boat strikes hit the coast in 1989.",
        # the size of a change, not the level
        "The boat strike death toll jumped by more than 20 in a week.",
    ],
)
def test_figures_of_other_times_and_changes_hold_no_fact(seed_story, text):
    claims = [c for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert all(c.fact_key is None for c in claims)


def test_a_leading_page_date_stamp_is_no_claim(seed_story):
    text = " date 2025-11-06 Boat strikes\n\nThe strikes on boats have killed 70 people."
    claims = extract_claims(text, PUB, seed_story)
    assert [c.kind for c in claims if c.fact_key] == ["count"]


def test_a_past_action_counts_the_day_batch_not_the_series(seed_story):
    text = "The navy carried out three strikes on drug boats on Monday, killing nine people."
    got = [
        (c.value, c.fact_key) for c in extract_claims(text, PUB, seed_story) if c.kind == "count"
    ]
    assert (3, "boat_strikes") not in got
    assert (9, "boat_strike_deaths") not in got
    text = "The navy has carried out 31 strikes on drug boats since September."
    got = [
        (c.value, c.fact_key) for c in extract_claims(text, PUB, seed_story) if c.kind == "count"
    ]
    assert got == [(31, "boat_strikes")]


@pytest.mark.parametrize("verb", ["crossed", "surpassing", "topped", "passed"])
def test_verbs_of_passing_a_mark_read_as_more_than(seed_story, verb):
    text = f"The toll from the boat strikes {verb} 100 this week."
    (claim,) = [c for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert claim.qualifier == "more_than"


@pytest.mark.parametrize(
    "text",
    [
        "It was the first reported strike on a drug boat by the military in 2026.",
        "The operation is the second publicly acknowledged strike on a vessel in 2026.",
        "Two survivors died afterwards in a second, follow-up strike on that boat.",
    ],
)
def test_ordinals_of_a_period_or_a_follow_up_count_nothing(seed_story, text):
    assert [k for _, k, _, _ in tied(text, seed_story) if k == "boat_strikes"] == []


def test_some_occurrences_are_not_the_series(seed_story):
    text = "Two men killed in earlier strikes on boats were fishermen."
    assert [k for _, k, _, _ in tied(text, seed_story)] == ["strike_deaths"]
    text = "At least 27 people have died in the five strikes on boats."
    assert [k for _, k, _, _ in tied(text, seed_story)] == ["boat_strike_deaths", "boat_strikes"]


def test_a_week_inside_a_report_is_counted_from_the_reports_day(seed_story):
    text = "The Courier reported Friday that the two leaders had spoken last week."
    (call,) = [c for c in extract_claims(text, date(2025, 12, 1), seed_story) if c.fact_key]
    # Friday 28 November: "last week" is the week before it, not before 1 December
    assert (call.date_low, call.date_high) == (date(2025, 11, 17), date(2025, 11, 23))


@pytest.mark.parametrize(
    ("text", "earlier"),
    [
        ("Initially, more than 900 people were listed as missing.", True),
        ("Earlier Monday, the governor had put the toll at 12.", True),
        (
            "The list is far shorter than a week earlier, when officials said 310 were missing.",
            True,
        ),
        ("The toll had stood at 44 since Sept. 2.", True),
        ("Police revised the count to 40, down from their previous toll of 47.", True),
        ("The list narrowed by 60 percent from 310 last week.", True),
        ("Last week, the governor reported 47 dead.", True),
        # "from X of the place to Y": X is the earlier value
        ("The list shrank from 1,100 in Maui County to 385.", True),
        # a state said of a moment before the report
        ("About 900,000 homes were still without power three days ago.", True),
        ("That is far below the 640 people who were listed as missing earlier this week.", True),
        ("Only a week ago there were still 212 people unaccounted for.", True),
        ("The county had reported earlier in the week that 75 residents were missing.", True),
        ("The count fell sharply from the 310 the police gave on Monday.", True),
        # a statement told as what came before the news
        ("The estimate came a day after the mayor said that about 640 were missing.", True),
        ("After the sheriff said Monday that 75 were missing, the FBI gave a new count.", True),
        # the current figure stays current
        ("It was the third time people survived, at least initially, one of 35 strikes.", False),
        ("The fire that began earlier this month has killed 115 people.", False),
        # an event with its moment: the toll it gives still holds
        ("More than 900 homes were burned to the ground in the fire last week.", False),
        ("The storm killed 41 people two days ago.", False),
        ("Last week's flood killed 19 people.", False),
        # the news itself, after a report
        ("The toll rose after the county reported 38 dead on Tuesday.", False),
    ],
)
def test_values_of_an_earlier_time(text, earlier):
    from factdrift.pipelines.claims.numbers import find_numbers
    from factdrift.pipelines.claims.scope import is_earlier_value

    # the largest count of the sentence is the figure under test
    figure = max((m for m in find_numbers(text, []) if m.kind == "count"), key=lambda m: m.value)
    assert is_earlier_value(text, figure.ext_start, figure.ext_end) is earlier


def test_a_batch_that_brings_the_total_is_the_increment(seed_story):
    from datetime import date

    from factdrift.pipelines.claims import extract_claims

    text = "By our count, the four strikes bring the number of dead to 141."
    claims = {
        text[c.span_start : c.span_end]: c
        for c in extract_claims(text, date(2026, 2, 1), seed_story)
    }
    assert claims["four"].scope == "event"
    assert claims["four"].fact_key != "boat_strikes"


def test_one_occurrence_named_anywhere_in_a_sentence_without_a_tally(seed_story):
    from datetime import date

    from factdrift.pipelines.claims import extract_claims

    text = "Four men were killed, but no American forces were hurt in the strike on the vessel."
    (claim,) = extract_claims(text, date(2026, 2, 1), seed_story)
    assert (claim.scope, claim.fact_key) == ("event", "strike_deaths")
    tally = "Four men were killed, bringing the toll from the strikes on vessels to 140."
    assert "boat_strike_deaths" in [
        c.fact_key for c in extract_claims(tally, date(2026, 2, 1), seed_story)
    ]


def test_an_article_whose_event_is_the_first_of_the_series(seed_story):
    from datetime import date

    from factdrift.pipelines.claims import extract_claims

    first = (
        "A U.S. strike on a boat killed nine people, officials said.\n\n"
        "The attack marks the first known U.S. strike on a smuggling boat in the region."
    )
    tied = [c.fact_key for c in extract_claims(first, date(2025, 9, 3), seed_story)]
    assert "first_boat_strike_deaths" in tied
    # the first of a period is not the first of the series
    later = (
        "A U.S. strike on a boat killed nine people, officials said.\n\n"
        "The attack is the first reported strike on a boat in 2026."
    )
    tied = [c.fact_key for c in extract_claims(later, date(2026, 1, 20), seed_story)]
    assert "first_boat_strike_deaths" not in tied


@pytest.mark.parametrize(
    ("text", "revision"),
    [
        ("The storm death toll was revised down to 97.", True),
        ("Police revised the number of storm deaths to 97, down from 115.", True),
        ("The storm death toll has fallen from 115 to 97 once DNA checks were done.", True),
        ("The storm death toll rose to 99.", False),
        ("The storm cut power to 12,000 homes.", False),
    ],
)
def test_explicit_revisions(text, revision):
    from factdrift.pipelines.claims.numbers import find_numbers
    from factdrift.pipelines.claims.scope import is_revision

    figure = next(m for m in find_numbers(text, []) if m.value in (97.0, 99.0, 12000.0))
    assert is_revision(text, figure.ext_start) is revision


def test_a_tally_that_decreased_to_a_value_is_a_revision():
    from factdrift.pipelines.claims.scope import is_revision

    text = "The number of storm deaths has decreased to 97, the police chief said."
    assert is_revision(text, text.index("97"))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # a running total stays one when a new main clause names the latest occurrence
        (
            "At least 83 people have been killed, and the latest strike hit a boat.",
            "boat_strike_deaths",
        ),
        (
            "US strikes on boats have killed 83 people; the latest strike hit a boat.",
            "boat_strike_deaths",
        ),
        # a subset of the series is no running total
        ("Seven earlier attacks hit boats off the coast, causing 32 deaths.", None),
    ],
)
def test_totals_beside_one_occurrence_and_subsets(seed_story, text, key):
    from datetime import date

    from factdrift.pipelines.claims import extract_claims

    counts = [
        c for c in extract_claims(text, date(2026, 2, 1), seed_story) if c.value in (83.0, 32.0)
    ]
    assert counts[0].fact_key == key


@pytest.mark.parametrize(
    ("text", "value", "batch"),
    [
        # a few occurrences counted, and their toll told as it happened: that batch's
        ("The navy launched strikes on four boats on Sunday, killing 11 people.", 11, True),
        (
            "Officials said two of the boats were struck at night, where 6 people were killed.",
            6,
            True,
        ),
        ("Strikes on three boats killed 9 people, bringing the total killed to 87.", 9, True),
        # the series' toll so far
        ("Five boat strikes have killed 27 people.", 27, False),
        ("Strikes on three boats killed 9 people, bringing the total killed to 87.", 87, False),
    ],
)
def test_the_toll_of_a_batch_of_strikes_is_not_the_running_total(seed_story, text, value, batch):
    tied = {c.value: c.fact_key for c in extract_claims(text, PUB, seed_story) if c.kind == "count"}
    assert (tied.get(value) != "boat_strike_deaths") is batch


@pytest.mark.parametrize(
    "text",
    [
        "The average reward the program pays is $2 million, far less than the Maduro bounty.",
        "Its $2m average reward is dwarfed by the Maduro bounty.",
    ],
)
def test_an_average_is_not_the_figure(seed_story, text):
    assert [k for _, k, _, _ in tied(text, seed_story) if k == "maduro_bounty_usd"] == []
    # a plain amount still is
    assert [k for _, k, _, _ in tied("The Maduro bounty is $50 million.", seed_story)] == [
        "maduro_bounty_usd"
    ]
