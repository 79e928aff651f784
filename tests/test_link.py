"""Tying figures to catalog facts, from the story file's words alone."""

from __future__ import annotations

from datetime import date

import pytest
from factdrift.pipelines.claims import extract_claims

from tests.conftest import PUB


def facts(text: str, story, published=PUB) -> list[tuple[str, str | None]]:
    """(figure text, fact key) for every claim in ``text``."""
    return [
        (text[c.span_start : c.span_end], c.fact_key)
        for c in extract_claims(text, published, story)
    ]


def _inline_story(tmp_path, key: str, title: str, keyword: str, facts: str):
    """A one-folder story with ``facts`` (TOML ``[[facts]]`` tables), loaded."""
    from factdrift.pipelines.story import load_story

    path = tmp_path / "story.toml"
    path.write_text(
        f'id = "{key}"\ntitle = "{title}"\nkeywords = ["{keyword}"]\n'
        '[[sources]]\nkind = "folder"\nlocation = "."\n' + facts,
        encoding="utf-8",
    )
    return load_story(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a running tally vs the one event beside it
        (
            "A new strike on a boat killed three people, bringing the death toll to at least 83.",
            [("three", "strike_deaths"), ("83", "boat_strike_deaths")],
        ),
        # deaths vs strikes in one clause
        (
            "Since September, at least 83 people have been killed in 21 US strikes on vessels.",
            [("September", None), ("83", "boat_strike_deaths"), ("21", "boat_strikes")],
        ),
        # US troops vs Venezuelan troops
        (
            "The US has amassed over a dozen warships and 15,000 troops in the region.",
            [("a dozen", "us_warships_in_region"), ("15,000", "us_troops_in_region")],
        ),
        (
            "Venezuela, in turn, has mobilized nearly 200,000 troops across all branches.",
            [("200,000", "venezuela_troops_mobilized")],
        ),
        # Maduro's bounty vs Cabello's
        (
            "Bounties of $50 million on Maduro and $25 million on key allies like Interior "
            "Minister Diosdado Cabello remain active.",
            [("$50 million", "maduro_bounty_usd"), ("$25 million", "cabello_bounty_usd")],
        ),
        (
            "A $50 million bounty for Maduro—a record sum—and $25 million for Cabello "
            "show Washington's resolve.",
            [("$50 million", "maduro_bounty_usd"), ("$25 million", "cabello_bounty_usd")],
        ),
        # the noun counted decides: sailors and Marines are not the troops fact
        (
            "The carrier brought more than 4,000 sailors and up to 2,200 Marines.",
            [("4,000", None), ("2,200", None)],
        ),
        # a part is not the whole
        ("Accompanying the carrier are nine additional warships.", [("nine", None)]),
        # the first strike vs the running total
        (
            "The campaign began with a strike on September 2 that killed 11 people.",
            [("September 2", "first_boat_strike_date"), ("11", "first_boat_strike_deaths")],
        ),
        # deaths in protests are excluded from the boat-strike toll
        ("Mass demonstrations were suppressed, killing at least 27.", [("27", None)]),
    ],
)
def test_links_numbers(seed_story, text, expected):
    assert facts(text, seed_story) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the date of a report is not the date of the event reported
        (
            "Trump confirmed on Sunday that he recently spoke with Maduro.",
            PUB,
            [("on Sunday", None)],
        ),
        (
            "Trump on Sunday confirmed he had a telephone conversation with Maduro.",
            PUB,
            [("on Sunday", None)],
        ),
        (
            "Maduro confirmed on Wednesday that he held a phone conversation with Trump "
            "approximately 10 days ago.",
            date(2025, 12, 4),
            [("on Wednesday", None), ("10 days ago", "trump_maduro_call_date")],
        ),
        # a relative clause describes the noun before it
        (
            "Neither side has given details of the conversation, which is believed to have "
            "occurred on November 21.",
            PUB,
            [("November 21", "trump_maduro_call_date")],
        ),
        (
            "No deadline was set beyond a one-week window that expired on December 1.",
            PUB,
            [("one", None), ("December 1", "ultimatum_deadline")],
        ),
        # "DATE, when …" is about that date
        (
            "Tensions spiked last Saturday, November 29, when Trump announced that the "
            "airspace was closed.",
            date(2025, 12, 4),
            [("last Saturday, November 29", "airspace_closure_date")],
        ),
        # another instance of the event
        (
            "Maduro sought a second conversation last weekend after Trump spoke.",
            PUB,
            [("last weekend", None)],
        ),
        # a cue far away in another clause does not reach
        (
            "This airspace edict follows a broader military buildup that began in August 2025.",
            PUB,
            [("August 2025", None)],
        ),
    ],
)
def test_links_dates(seed_story, text, published, expected):
    assert facts(text, seed_story, published) == expected


def test_unlinked_figures_keep_their_subject(seed_story):
    (c,) = extract_claims("Venezuela revoked rights for six major carriers.", PUB, seed_story)
    assert c.fact_key is None and c.subject == "major carriers"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hurricane Test has killed at least 14 people, and 250,000 customers were "
            "without power on Tuesday.",
            [("14", "storm_deaths"), ("250,000", "customers_without_power"), ("on Tuesday", None)],
        ),
        (
            "The storm made landfall on September 3 with sustained winds of 140 mph.",
            [("September 3", "landfall_date"), ("140", "peak_wind_mph")],
        ),
        (
            "Officials ordered some 1.2 million residents to evacuate before the storm.",
            [("1.2 million", "evacuated")],
        ),
        (
            "Insured damage could reach $3.5 billion, a flooding model estimated.",
            [("$3.5 billion", "damage_usd")],
        ),
        (
            "Flooding killed two more residents on Friday, bringing the storm's death toll to 16.",
            [("two", None), ("on Friday", None), ("16", "storm_deaths")],
        ),
    ],
)
def test_another_story_needs_no_code(hurricane_story, text, expected):
    published = date(2026, 9, 8)
    assert facts(text, hurricane_story, published) == expected


def test_repeats_point_at_the_first_statement(seed_story):
    text = (
        "At least 83 people have been killed in strikes on boats. "
        "The strikes on boats have killed at least 83 people, officials said."
    )
    claims = extract_claims(text, PUB, seed_story)
    deaths = [c for c in claims if c.fact_key == "boat_strike_deaths"]
    assert [c.repeat_of for c in deaths] == [None, claims.index(deaths[0])]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # saying it was the event: the that-clause belongs with the date …
        (
            "Trump said last Saturday that the airspace over Venezuela must be treated as closed.",
            date(2025, 12, 4),
            [("last Saturday", "airspace_closure_date")],
        ),
        # … but not when the that-clause reports an earlier event
        (
            "Trump said on Sunday that he had spoken with Maduro by phone.",
            PUB,
            [("on Sunday", None)],
        ),
        # "since D" dates the catalog event itself
        (
            "Strikes began in early September and have continued since.",
            PUB,
            [("early September", "first_boat_strike_date")],
        ),
        # a bare year is too coarse to date a catalog event
        ("The first strike on a boat came in 2025.", PUB, [("2025", None)]),
    ],
)
def test_links_dates_more(seed_story, text, published, expected):
    assert facts(text, seed_story, published) == expected


def test_since_dates_the_event(seed_story):
    (c,) = extract_claims("Strikes began since early September, officials said.", PUB, seed_story)
    assert c.fact_key == "first_boat_strike_date"
    assert (c.qualifier, c.date_low, c.date_high) == ("range", date(2025, 9, 1), date(2025, 9, 10))


def test_cue_inflections_count(seed_story):
    text = "Caracas completed the mobilization of nearly 200,000 Venezuelan troops."
    assert facts(text, seed_story) == [("200,000", "venezuela_troops_mobilized")]


def test_partitive_is_not_the_tally(seed_story):
    text = "At least two of the men killed in strikes on boats were fishermen."
    assert facts(text, seed_story) == [("two", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Officials said three of 11 people killed in the boat strikes were fishermen.",
        "At least 4 of 14 deaths in the boat strikes were of Colombians.",
    ],
)
def test_a_part_of_a_counted_set_is_not_the_tally(seed_story, text):
    (part, whole) = facts(text, seed_story)
    assert part[1] is None
    assert whole[1] is not None  # the set itself is still the strike deaths


def test_duration_converted_to_the_fact_unit(hurricane_story, tmp_path):
    from factdrift.pipelines.story import load_story

    toml = tmp_path / "s.toml"
    toml.write_text(
        'id = "t"\ntitle = "t"\nkeywords = ["x"]\n[[sources]]\nkind = "folder"\nlocation = "."\n'
        '[[facts]]\nkey = "window_days"\nlabel = "window"\nkind = "duration"\nunit = "days"\n'
        'cues = ["window"]\n',
        encoding="utf-8",
    )
    (c,) = extract_claims("He was given a one-week window.", PUB, load_story(toml))
    assert (c.fact_key, c.value, c.unit, c.low, c.high) == ("window_days", 7, "days", 7, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a cue matches its lemma in irregular and singular forms, and its news synonyms
        (
            "Gunmen murdered 14 people in strikes on fishing boats.",
            [("14", "boat_strike_deaths")],
        ),
        (
            "The navy's initial strike on Sept. 2 destroyed the vessel.",
            [("Sept. 2", "first_boat_strike_date")],
        ),
        (
            "Another boat was struck on Monday, taking the body count to 90.",
            [("on Monday", "strike_date"), ("90", "boat_strike_deaths")],
        ),
        # compounds of a subject noun ("fishermen" ~ men) and "so far" marks the tally
        (
            "Strikes on boats have killed 30 fishermen so far.",
            [("30", "boat_strike_deaths")],
        ),
        # "N strikes since D": D is when the series began
        (
            "The Navy has carried out 12 strikes on drug boats since it began in mid-August.",
            [("12", "boat_strikes"), ("mid-August", "first_boat_strike_date")],
        ),
    ],
)
def test_general_reading_rules(seed_story, text, expected):
    assert facts(text, seed_story, date(2025, 11, 20)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # coordinated counted nouns, and a participle right after the figure is the verb
        (
            "The storm left 40,000 homes and businesses in the dark without power.",
            [("40,000", "customers_without_power")],
        ),
        (
            "Some 3,000 residents fled as officials told them to evacuate before the storm.",
            [("3,000", "evacuated")],
        ),
        # "the total" continues the count named earlier in the sentence
        (
            "Three more deaths linked to the storm were confirmed by officials on Monday, "
            "bringing the total to 21.",
            [("Three", None), ("on Monday", None), ("21", "storm_deaths")],
        ),
        # "includes" marks a part of the total
        (
            "The storm's toll includes the 5 people who drowned in flooding.",
            [("5", None)],
        ),
    ],
)
def test_general_rules_hold_for_another_story(hurricane_story, text, expected):
    assert facts(text, hurricane_story, date(2026, 9, 8)) == expected


def test_headline_block_gives_context(seed_story):
    text = "The boat strikes nobody explains\n\nAt least 90 people have been killed at sea."
    assert [c.fact_key for c in extract_claims(text, PUB, seed_story)] == ["boat_strike_deaths"]


# --- rules that must hold in any wire copy (own sentences, not corpus sentences) ---------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a toll noun names what a bare figure counts: deaths, not strikes
        (
            "Toll of the navy's vessel strikes reaches 40, analysts say",
            [("40", "boat_strike_deaths")],
        ),
        (
            "The total of deaths in the strikes on smuggling boats was 44 by Friday.",
            [("44", "boat_strike_deaths"), ("Friday", None)],
        ),
        # "raising to N the number of X": the noun after the figure
        (
            "An attack on a speedboat killed two men, raising to 46 the number of people "
            "killed in strikes on vessels.",
            [("two", "strike_deaths"), ("46", "boat_strike_deaths")],
        ),
        # "bringing the total to N" continues the count it follows, not the strikes
        (
            "The navy hit a vessel, killing five people and bringing the total to 51 in a "
            "series of strikes.",
            [("five", "strike_deaths"), ("51", "boat_strike_deaths")],
        ),
    ],
)
def test_toll_nouns_name_what_a_bare_figure_counts(seed_story, text, expected):
    assert facts(text, seed_story) == expected


def test_a_plural_context_word_also_matches_its_singular(seed_story):
    text = "Fresh attack sends campaign death toll to 52\n\nMore follows."
    assert facts(text, seed_story) == [("52", "boat_strike_deaths")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date after a noun of reporting dates the report, not the event it reports
        (
            "Eleven people died in the first strike, the Navy said in a statement on Friday.",
            [("Eleven", "first_boat_strike_deaths"), ("on Friday", None)],
        ),
        (
            "In an article of November 20, the paper misdated the first strike.",
            [("November 20", None)],
        ),
        # the report's own cue still dates it
        (
            "Trump wrote in a social media post on Saturday that the airspace was closed.",
            [("on Saturday", "airspace_closure_date")],
        ),
    ],
)
def test_a_date_of_a_report_is_not_the_event_date(seed_story, text, expected):
    assert facts(text, seed_story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one event named after the figure, in the singular: the event fact, not the tally
        (
            "Seven people were killed in a strike on a vessel, the navy said.",
            [("Seven", "strike_deaths")],
        ),
        (
            "Officials reported five dead in the attack on the speedboat.",
            [("five", "strike_deaths")],
        ),
        # a plural context word's singular names one event ("attacks" ~ "the attack")
        ("The third attack on a speedboat caused six deaths.", [("six", "strike_deaths")]),
        # "the one" stands for one event of the series
        (
            "More raids like the one that killed 9 people on a boat are planned.",
            [("9", "strike_deaths")],
        ),
        # plural, or marked as the running total: the tally
        (
            "Nine people were killed in the strikes on boats.",
            [("Nine", "boat_strike_deaths")],
        ),
        (
            "Strikes on boats have killed 95 people so far.",
            [("95", "boat_strike_deaths")],
        ),
    ],
)
def test_one_event_is_not_the_running_tally(seed_story, text, expected):
    assert facts(text, seed_story) == expected


def test_an_including_list_names_parts_not_another_count(seed_story):
    # the exclude words ("sailors", "marines") inside the list of parts do not rule it out
    text = "The Pentagon sent roughly 6,000 troops to the region, including sailors and Marines."
    assert facts(text, seed_story) == [("6,000", "us_troops_in_region")]
    # right after the figure they still do
    text = "The carrier brought 6,000 sailors, including cooks and pilots, to the region."
    assert facts(text, seed_story) == [("6,000", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "first strike" ~ "struck a first …", any cue "<ordinal> <event noun>"
        (
            "Navy jets struck a first vessel on Sept. 2, officials said.",
            [("Sept. 2", "first_boat_strike_date")],
        ),
        # a second instance is not the first (the seed catalog has no second-strike fact)
        (
            "Forces attacked a second vessel on Sept. 9 near the coast.",
            [("Sept. 9", "strike_date")],
        ),
    ],
)
def test_event_verb_with_an_ordinal_object_reads_as_the_ordinal_event(seed_story, text, expected):
    assert facts(text, seed_story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an elliptical ordinal stands for its event ("the first" = "the first strike")
        (
            "Two strikes have hit boats. The first, on Sept. 2, killed 11 people.",
            [
                ("Two", "boat_strikes"),
                ("Sept. 2", "first_boat_strike_date"),
                ("11", "first_boat_strike_deaths"),
            ],
        ),
        # "in what … described as the first strike" names the sentence's own event
        (
            "Navy jets hit a speedboat on Sept. 2, killing 11 people, in what the Pentagon "
            "called the first strike of the campaign.",
            [("Sept. 2", "first_boat_strike_date"), ("11", "first_boat_strike_deaths")],
        ),
    ],
)
def test_the_first_event_named_elsewhere_in_the_sentence(seed_story, text, expected):
    assert facts(text, seed_story, date(2025, 9, 5)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date right after a plural count of the event bounds the count
        (
            "The first strike was followed by three strikes in October.",
            [("three", None), ("October", None)],
        ),
        # a count of people is no such count: the date is the event's
        (
            "The first strike killed 11 people in October.",
            [("11", "first_boat_strike_deaths"), ("October", "first_boat_strike_date")],
        ),
    ],
)
def test_a_date_after_a_plural_count_of_the_event_dates_no_one_event(seed_story, text, expected):
    assert facts(text, seed_story) == expected


def test_a_time_limit_granted_is_the_deadline(seed_story):
    text = "Caracas has until Dec. 12 to accept the flights, two officials said."
    (c, *_) = extract_claims(text, PUB, seed_story)
    assert (c.fact_key, c.qualifier, c.date_low, c.date_high) == (
        "ultimatum_deadline",
        "exact",
        date(2025, 12, 12),
        date(2025, 12, 12),
    )
    # a plain "until" is no deadline
    text = "The ships will stay until Dec. 12, two officials said."
    assert extract_claims(text, PUB, seed_story)[0].fact_key is None


def test_a_sum_for_information_leading_to_an_arrest_is_a_reward(seed_story):
    text = "Washington is offering $30 million for information leading to Maduro's arrest."
    assert facts(text, seed_story) == [("$30 million", "maduro_bounty_usd")]


def test_speaking_to_an_audience_or_in_a_place_is_a_speech_not_a_call(seed_story):
    text = "Speaking at a rally on Sunday, Maduro dismissed the threats."
    assert facts(text, seed_story) == [("on Sunday", None)]
    text = "Trump spoke with Maduro on Nov. 21, officials said."
    assert facts(text, seed_story) == [("Nov. 21", "trump_maduro_call_date")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the one event after the figure, a day and an abbreviation in between
        (
            "Four men were killed Friday in a U.S. strike on a speedboat, officials said.",
            [("Four", "strike_deaths"), ("Friday", None)],
        ),
        # a cue's words may be split by ", which" ("the strikes, which began on …")
        (
            "The strikes, which began on Sept. 2, have killed at least 30 people on boats.",
            [("Sept. 2", "first_boat_strike_date"), ("30", "boat_strike_deaths")],
        ),
    ],
)
def test_one_event_and_split_cues(seed_story, text, expected):
    assert facts(text, seed_story) == expected


@pytest.mark.parametrize("marker", ["so far", "thus far", "until now", "up to now", "to date"])
def test_running_total_markers_after_the_figure(seed_story, marker):
    text = f"The boat strike campaign has killed 40 people {marker}."
    assert facts(text, seed_story) == [("40", "boat_strike_deaths")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the date right after a change of the deadline dates the change
        (
            "Washington extended its deadline on Tuesday, giving Caracas until Dec. 19 to respond.",
            [("on Tuesday", None), ("Dec. 19", "ultimatum_deadline")],
        ),
        # "to D" is the new deadline
        ("Washington pushed back the ultimatum to Dec. 19.", [("Dec. 19", "ultimatum_deadline")]),
    ],
)
def test_a_date_right_after_a_change_of_the_deadline_dates_the_change(seed_story, text, expected):
    assert facts(text, seed_story) == expected


def test_died_reads_as_killed_and_known_is_an_adjective(seed_story):
    text = "At least 87 people have died in 22 known strikes on vessels."
    assert facts(text, seed_story) == [("87", "boat_strike_deaths"), ("22", "boat_strikes")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a singular event word that modifies another noun names no single event
        ("The boat strikes have killed 83 people.", [("83", "boat_strike_deaths")]),
        ("The drug boat campaign has killed 83 people.", [("83", "boat_strike_deaths")]),
        # … but the compound's head in the singular does
        ("The boat strike killed 11 people.", [("11", "strike_deaths")]),
    ],
)
def test_a_singular_modifier_is_not_one_event(seed_story, text, expected):
    assert facts(text, seed_story) == expected


def test_a_cue_right_before_a_later_date_is_that_dates(hurricane_story):
    text = "Schools reopened on Monday, and the storm made landfall on Sept. 17 near Houma."
    assert facts(text, hurricane_story, date(2026, 9, 23)) == [
        ("on Monday", None),
        ("Sept. 17", "landfall_date"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a past storm named for comparison is another event, whatever its toll
        (
            "Only Hurricane Maple, which killed 1,140 people in the Gulf, was deadlier.",
            [("1,140", None)],
        ),
        (
            "The storm ranks behind Typhoon Orla, with 310 deaths, and is still rising.",
            [("310", None)],
        ),
        # the story's own storm, named, keeps its figure
        ("Hurricane Test has killed at least 52 people.", [("52", "storm_deaths")]),
    ],
)
def test_a_figure_of_another_named_event_is_not_the_storys(hurricane_story, text, expected):
    assert facts(text, hurricane_story) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a status "as of" a day, a statement's day, a photo's day: not the event's date
        (
            "As of Tuesday, the storm had killed 12 people.",
            date(2026, 9, 23),
            [("Tuesday", None), ("12", "storm_deaths")],
        ),
        (
            "The storm that made landfall in the bay, officials said Monday, is weakening.",
            date(2026, 9, 23),
            [("Monday", None)],
        ),
        (
            "Volunteers clear debris after the hurricane made landfall in Port Vale, Ohio,"
            " Sept. 20, 2026.",
            date(2026, 9, 23),
            [("Sept. 20, 2026", None)],
        ),
        # the event's own verb still dates it
        (
            "The hurricane made landfall on Sunday near the port.",
            date(2026, 9, 23),
            [("on Sunday", "landfall_date")],
        ),
        # a past event "this week" ends on the day it is reported
        (
            "The hurricane that made landfall this week flattened the pier.",
            date(2026, 9, 23),
            [("this week", "landfall_date")],
        ),
    ],
)
def test_a_date_of_a_status_statement_or_photo_is_not_the_event_date(
    hurricane_story, text, published, expected
):
    assert facts(text, hurricane_story, published) == expected


def test_a_past_this_week_ends_at_publication(hurricane_story):
    text = "The hurricane that made landfall this week flattened the pier."
    (claim,) = [c for c in extract_claims(text, date(2026, 9, 23), hurricane_story)]
    assert (claim.date_low, claim.date_high) == (date(2026, 9, 21), date(2026, 9, 23))
    ahead = "The hurricane will make landfall this week."
    (claim,) = [c for c in extract_claims(ahead, date(2026, 9, 23), hurricane_story)]
    assert claim.date_high == date(2026, 9, 27)


def test_due_to_is_a_cause_not_the_future(hurricane_story):
    text = "Roads stayed shut due to the hurricane that made landfall on Sept. 4."
    (claim,) = extract_claims(text, date(2026, 9, 23), hurricane_story)
    assert claim.date_low == date(2026, 9, 4)


def test_followed_by_opens_the_later_event(tmp_path):
    story = _inline_story(
        tmp_path,
        "q",
        "A quake",
        "quake",
        '[[facts]]\nkey = "main_mag"\nlabel = "x"\nkind = "quantity"\nunit = "magnitude"\n'
        'cues = ["quake", "earthquake"]\nexclude = ["aftershock", "aftershocks"]\n'
        '[[facts]]\nkey = "after_mag"\nlabel = "y"\nkind = "quantity"\nunit = "magnitude"\n'
        'cues = ["aftershock", "followed by"]\n',
    )
    # the aftershocks "followed by" introduces are not the first quake's exclude words
    text = "A 6.9-magnitude quake shook the valley, followed by several strong aftershocks."
    tied = [(text[c.span_start : c.span_end], c.fact_key) for c in extract_claims(text, PUB, story)]
    assert tied == [("6.9", "main_mag")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an exclude word in the next noun phrase names another thing than the figure's
        (
            "Crews searched homes flattened by the 6.9-magnitude quake and its aftershocks.",
            [("6.9", "main_mag")],
        ),
        (
            "The toll from the powerful 6.9 magnitude quake and a strong aftershock rose.",
            [("6.9", "main_mag")],
        ),
        (
            "The first quake measured a magnitude of 6.9 and a second, an hour later, "
            "measured 6.1.",
            [("6.9", "main_mag"), ("6.1", "after_mag")],
        ),
        # the exclude word before the figure, or in the figure's own noun phrase, counts
        ("Another 5.2-magnitude aftershock rattled the valley.", [("5.2", "after_mag")]),
    ],
)
def test_an_exclude_word_of_the_next_conjunct_is_not_the_figures(tmp_path, text, expected):
    story = _inline_story(
        tmp_path,
        "q",
        "A quake",
        "quake",
        '[[facts]]\nkey = "main_mag"\nlabel = "x"\nkind = "quantity"\nunit = "magnitude"\n'
        'cues = ["quake", "earthquake", "magnitude", "measured"]\n'
        'exclude = ["aftershock", "aftershocks", "second"]\n'
        '[[facts]]\nkey = "after_mag"\nlabel = "y"\nkind = "quantity"\nunit = "magnitude"\n'
        'cues = ["aftershock", "a second", "second quake"]\n',
    )
    found = extract_claims(text, PUB, story)
    assert [(text[c.span_start : c.span_end], c.fact_key) for c in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The storm is deadlier than the 1998 hurricane that killed 412 people on the coast.",
        "It is worse than a storm in the gulf in 2009, when 230 people died.",
        "A 2012 hurricane flooded the port, killing 95 people.",
        "In all, 140 people were killed in storms that hit the coast in 2003.",
    ],
)
def test_a_figure_told_of_an_event_of_a_past_year_is_not_the_storys(hurricane_story, text):
    tied = [c.fact_key for c in extract_claims(text, date(2026, 9, 23), hurricane_story)]
    assert "storm_deaths" not in tied


def test_the_storys_own_toll_beside_a_past_year_stays(hurricane_story):
    text = "The storm has killed 52 people, the most since 1998."
    tied = [
        (text[c.span_start : c.span_end], c.fact_key)
        for c in extract_claims(text, date(2026, 9, 23), hurricane_story)
    ]
    assert ("52", "storm_deaths") in tied


def test_another_storm_after_the_figure_and_a_misspelt_own_name(hurricane_story):
    other = "Far away, at least 12 people were killed after Typhoon Orla struck the islands."
    assert [c.fact_key for c in extract_claims(other, PUB, hurricane_story)] == [None]
    misspelt = "Hurricane Testa has killed at least 31 people."
    assert [c.fact_key for c in extract_claims(misspelt, PUB, hurricane_story)] == ["storm_deaths"]


def test_a_caption_counter_before_a_bar_is_no_figure(hurricane_story):
    text = "1 of 4 | The storm killed 20 people in the county."
    assert [c.value for c in extract_claims(text, PUB, hurricane_story)] == [20.0]


def test_two_magnitudes_joined_by_and_are_two_events(tmp_path):
    story = _inline_story(
        tmp_path,
        "q",
        "A quake",
        "quake",
        '[[facts]]\nkey = "main_mag"\nlabel = "x"\nkind = "quantity"\nunit = "magnitude"\n'
        'cues = ["quake", "earthquake", "magnitude"]\n'
        '[[facts]]\nkey = "after_mag"\nlabel = "y"\nkind = "quantity"\nunit = "magnitude"\n'
        'cues = ["aftershock", "second quake"]\n',
    )
    text = "Magnitude 6.9 and 6.1 earthquakes shook the valley."
    tied = [(text[c.span_start : c.span_end], c.fact_key) for c in extract_claims(text, PUB, story)]
    assert tied == [("6.9", "main_mag"), ("6.1", "after_mag")]


def test_an_estimate_fact_takes_projections_only(tmp_path):
    story = _inline_story(
        tmp_path,
        "s",
        "A storm",
        "storm",
        '[[facts]]\nkey = "deaths"\nlabel = "x"\nkind = "count"\nunit = "people"\n'
        'cumulative = true\ncues = ["killed", "toll"]\nsubjects = ["people"]\n'
        '[[facts]]\nkey = "deaths_projected"\nlabel = "y"\nkind = "count"\nunit = "people"\n'
        'estimate = true\ncues = ["killed", "toll"]\nsubjects = ["people"]\n',
    )
    (now,) = extract_claims("The storm killed 40 people.", PUB, story)
    (later,) = extract_claims("Officials fear the toll could exceed 300.", PUB, story)
    assert (now.fact_key, now.hedged) == ("deaths", False)
    assert (later.fact_key, later.hedged, later.hedge) == ("deaths_projected", True, "could exceed")


@pytest.mark.parametrize(
    "text",
    [
        "It was the deadliest storm since the floods of the past decade killed nearly 900 people.",
        "The toll is the largest from a storm since 1926, when 372 people died in the Keys.",
        "Gulls were seen after Hurricane Bram in 2004. Bram killed 61 people in the bay.",
    ],
)
def test_a_records_earlier_event_is_not_the_storys(hurricane_story, text):
    tied = [c.fact_key for c in extract_claims(text, date(2026, 9, 23), hurricane_story)]
    assert "storm_deaths" not in tied


def test_context_words_take_their_lexicon_synonyms(seed_story):
    text = "The first attack in September left it unclear who had been on board."
    tied = [c.fact_key for c in extract_claims(text, date(2025, 11, 20), seed_story)]
    assert tied == ["first_boat_strike_date"]


def test_a_cue_after_a_later_figure_past_comma_and_is_that_figures(hurricane_story):
    text = "Only nine people were pulled out alive, and at least 70 were killed by the storm."
    tied = [
        (text[c.span_start : c.span_end], c.fact_key)
        for c in extract_claims(text, PUB, hurricane_story)
    ]
    assert tied == [("nine", None), ("70", "storm_deaths")]


def test_a_figure_the_total_comprises_is_a_part(hurricane_story):
    text = "The storm has killed 60 people, a figure that comprises 52 confirmed deaths."
    tied = dict(
        (text[c.span_start : c.span_end], c.fact_key)
        for c in extract_claims(text, PUB, hurricane_story)
    )
    assert tied["60"] == "storm_deaths" and tied["52"] is None


def test_a_cue_joined_by_or_to_another_state_counts_a_wider_category(tmp_path):
    story = _inline_story(
        tmp_path,
        "q",
        "A quake",
        "quake",
        '[[facts]]\nkey = "collapsed"\nlabel = "x"\nkind = "count"\nunit = "buildings"\n'
        'cumulative = true\ncues = ["collapsed", "destroyed"]\nsubjects = ["buildings"]\n'
        '[[facts]]\nkey = "missing"\nlabel = "y"\nkind = "count"\nunit = "people"\n'
        'cumulative = true\ncues = ["missing"]\nsubjects = ["people"]\n',
    )
    wider = "More than 9,000 buildings collapsed or were badly damaged in the quake."
    assert [c.fact_key for c in extract_claims(wider, PUB, story)] == [None]
    plain = "More than 9,000 buildings collapsed in the quake."
    assert [c.fact_key for c in extract_claims(plain, PUB, story)] == ["collapsed"]
    same = "About 300 people are missing or presumed missing since the quake."
    assert [c.fact_key for c in extract_claims(same, PUB, story)] == ["missing"]


def test_according_to_a_source_on_a_day_dates_the_report(hurricane_story):
    text = "According to the weather service on Sunday, the hurricane made landfall near the port."
    tied = [
        (text[c.span_start : c.span_end], c.fact_key)
        for c in extract_claims(text, date(2026, 9, 23), hurricane_story)
    ]
    assert tied == [("on Sunday", None)]


def test_a_date_used_as_beginning_starts_what_follows(tmp_path):
    story = _inline_story(
        tmp_path,
        "f",
        "A fire",
        "fire",
        '[[facts]]\nkey = "fire_start"\nlabel = "x"\nkind = "date"\nunit = "date"\n'
        'cues = ["began", "started", "broke out"]\ncontext = ["fire"]\n',
    )
    text = "The park burned by the fire will reopen to visitors, beginning Oct. 8."
    assert [c.fact_key for c in extract_claims(text, date(2026, 9, 23), story)] == [None]


def test_a_record_clause_does_not_reach_a_later_clause(hurricane_story):
    text = "It is the deadliest storm since records began, and it has killed 52 people."
    tied = [c.fact_key for c in extract_claims(text, date(2026, 9, 23), hurricane_story)]
    assert "storm_deaths" in tied


FIRE_FACTS = (
    '[[facts]]\nkey = "deaths"\nlabel = "x"\nkind = "count"\nunit = "people"\n'
    'cues = ["killed", "dead", "remains"]\nsubjects = ["people"]\n'
    '[[facts]]\nkey = "missing"\nlabel = "y"\nkind = "count"\nunit = "people"\n'
    'cues = ["missing", "unaccounted for", "not been found"]\nsubjects = ["people"]\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # people once listed whose own verb says they were found since
        ("More than 900 people reported missing have now been found safe.", None),
        ("Police said 410 people who were listed as missing were located alive.", None),
        # still missing
        ("About 212 people reported missing have not been found.", "missing"),
        ("Some 212 people are still missing.", "missing"),
        # the cue as written beats another form of a cue ("remain" is no "remains")
        ("About 212 people remain missing.", "missing"),
        # "remains" of the dead is no form of "remain"
        ("Some 53 people remain on the updated list.", None),
    ],
)
def test_people_once_listed_and_since_found_are_not_the_missing(tmp_path, text, expected):
    story = _inline_story(tmp_path, "f", "A fire", "fire", FIRE_FACTS)
    (claim,) = [c for c in extract_claims("Fire live\n\n" + text, PUB, story) if c.kind == "count"]
    assert claim.fact_key == expected


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # the first of a period named right after it: not the series' first
        ("The attack on Tuesday was the first reported boat strike by the navy in 2026.", False),
        ("The attack on Tuesday was the first boat strike under the new command.", False),
        # the series' first, with its own date
        ("The first boat strike, on September 2, killed 11 people.", True),
        ("The first boat strike in September killed 11 people.", True),
    ],
)
def test_the_first_of_a_period_is_not_the_series_first(seed_story, text, first):
    keys = {c.fact_key for c in extract_claims(text, PUB, seed_story) if c.kind == "date"}
    assert ("first_boat_strike_date" in keys) is first


DISPLACED_FACT = (
    '[[facts]]\nkey = "displaced"\nlabel = "x"\nkind = "count"\nunit = "people"\n'
    'cues = ["displaced", "homeless", "fled"]\nsubjects = ["people", "residents"]\n'
)


@pytest.mark.parametrize(
    ("keyword", "text", "expected"),
    [
        # a long-running cause the story is not about made the figure
        (
            "flood",
            "The flood hit a valley where 2 million people were already displaced because "
            "of the country's long civil war.",
            None,
        ),
        ("flood", "Some 900,000 residents had fled as a result of years of drought.", None),
        # the story's own cause, or no cause named
        ("war", "Some 2 million people were displaced because of the war.", "displaced"),
        ("flood", "The flood left 40,000 people homeless.", "displaced"),
    ],
)
def test_a_figure_caused_by_something_the_story_is_not_about(tmp_path, keyword, text, expected):
    story = _inline_story(tmp_path, "d", f"A {keyword}", keyword, DISPLACED_FACT)
    (claim,) = [c for c in extract_claims(text, PUB, story) if c.kind == "count"]
    assert claim.fact_key == expected


@pytest.mark.parametrize(
    ("cues", "text", "expected"),
    [
        # what insurers pay is a part of the damage
        (
            '["damage", "losses", "cost"]',
            "Insured losses from the storm could reach $2 billion.",
            None,
        ),
        ('["damage", "losses", "cost"]', "The storm will cost insurers about $3 billion.", None),
        ('["damage", "losses", "cost"]', "The storm caused $9 billion in damage.", "damage"),
        # unless the fact is about it
        (
            '["insured losses", "damage"]',
            "Insured losses from the storm reached $2 billion.",
            "damage",
        ),
    ],
)
def test_the_insured_share_is_not_the_damage(tmp_path, cues, text, expected):
    facts = f'[[facts]]\nkey = "damage"\nlabel = "x"\nkind = "money"\nunit = "usd"\ncues = {cues}\n'
    story = _inline_story(tmp_path, "s", "A storm", "storm", facts)
    (claim,) = [c for c in extract_claims(text, PUB, story) if c.kind == "money"]
    assert claim.fact_key == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officials said an additional 14 people were killed in the boat strikes.",
        "A further 9 people were killed in the boat strikes, officials said.",
    ],
)
def test_an_additional_count_before_the_number_is_a_part(seed_story, text):
    tied = [c.fact_key for c in extract_claims(text, PUB, seed_story) if c.kind == "count"]
    assert "boat_strike_deaths" not in tied


def test_a_cue_holding_its_own_quantity_does_not_reach_another_figure(tmp_path):
    facts = DISPLACED_FACT.replace(
        'cues = ["displaced", "homeless", "fled"]', 'cues = ["left homeless", "displaced"]'
    ) + (
        '[[facts]]\nkey = "deaths"\nlabel = "y"\nkind = "count"\nunit = "people"\n'
        'cues = ["killed", "dead"]\nsubjects = ["people"]\n'
    )
    story = _inline_story(tmp_path, "q", "A quake", "quake", facts)
    text = (
        "The quake struck at dawn, killing more than 2,000 people and leaving thousands homeless."
    )
    tied = [(c.value, c.fact_key) for c in extract_claims(text, PUB, story) if c.kind == "count"]
    assert (2000, "deaths") in tied


_EVENT_DATES = (
    '[[facts]]\nkey = "fire_start"\nlabel = "x"\nkind = "date"\nunit = "date"\n'
    'cues = ["broke out", "began", "swept through", "wildfire", "wildfires", "fire", "fires"]\n'
    'context = ["fire", "fires", "wildfire", "wildfires"]\n'
    '[[facts]]\nkey = "quake_day"\nlabel = "y"\nkind = "date"\nunit = "date"\n'
    'cues = ["earthquake", "earthquakes", "quake", "quakes", "struck"]\n'
    'context = ["earthquake", "earthquakes", "quake", "quakes"]\n'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the event noun only after the date, inside a phrase of another action
        (
            "Divers recovered 12 more bodies on Wednesday amid the still-burning Pinecrest fire.",
            None,
        ),
        ("Crews made one last search Friday for survivors of the earthquake.", None),
        ("A curfew was imposed overnight Saturday in towns hit by the wildfires.", None),
        ("The senator flies to the coast on Monday to meet families affected by the fires.", None),
        # the event noun only as the first part of a compound naming something else
        ("More than 40 quake survivors were flown out on Sunday.", None),
        ("Rescuers pulled 900 people from the earthquake wreckage over the past week.", None),
        ("The fire commission will meet on Thursday morning.", None),
        # the event's own date: the noun is the clause's subject, the antecedent of the
        # clause holding the date, or the noun the date modifies
        ("The earthquake that shook the valley on Monday destroyed 300 homes.", "quake_day"),
        ("The devastating wildfires caused untold damage on the island this week.", "fire_start"),
        ("The wildfire that broke out Aug. 8 burned 2,000 acres.", "fire_start"),
        ("Monday's huge quake toppled the old mosque.", "quake_day"),
        ("The fire on Aug. 8 leveled the harbor town.", "fire_start"),
        ("On Aug. 8, a wildfire swept through the harbor town.", "fire_start"),
        ("Hundreds of homes were lost in the earthquakes earlier this month.", "quake_day"),
    ],
)
def test_another_actions_date_beside_the_event_noun_is_not_the_events(tmp_path, text, expected):
    story = _inline_story(tmp_path, "e", "A fire and a quake", "fire", _EVENT_DATES)
    dates = [c.fact_key for c in extract_claims(text, date(2026, 8, 14), story) if c.kind == "date"]
    assert dates == [expected]


@pytest.mark.parametrize(
    ("cues", "text", "expected"),
    [
        # the fact's state joined by "or" to another state counts a wider category
        ('["destroyed"]', "The fire destroyed or damaged 900 homes.", None),
        ('["collapsed"]', "Some 4,000 buildings collapsed or were badly damaged.", None),
        # unless the fact asks for that union, in either order
        (
            '["damaged or destroyed", "destroyed"]',
            "The fire destroyed or damaged 900 homes.",
            "homes",
        ),
        ('["destroyed"]', "The fire destroyed 900 homes.", "homes"),
    ],
)
def test_a_union_of_states_is_the_facts_only_when_it_asks_for_it(tmp_path, cues, text, expected):
    facts = (
        '[[facts]]\nkey = "homes"\nlabel = "x"\nkind = "count"\nunit = "structures"\n'
        f'cues = {cues}\nsubjects = ["homes", "buildings", "structures"]\n'
    )
    story = _inline_story(tmp_path, "f", "A fire", "fire", facts)
    (claim,) = [c for c in extract_claims(text, PUB, story) if c.kind == "count"]
    assert claim.fact_key == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a measure of another occurrence goes to the later event's fact, never the main one
        ("The quake was followed by a 6.1-magnitude quake an hour later.", "after_mag"),
        ("A separate 5.2 magnitude quake was felt near the coast.", "after_mag"),
        # the main event's own measure
        ("The 6.9-magnitude quake shook the valley at dawn.", "main_mag"),
    ],
)
def test_a_measure_of_another_occurrence_is_not_the_main_events(tmp_path, text, expected):
    story = _inline_story(
        tmp_path,
        "q",
        "A quake",
        "quake",
        '[[facts]]\nkey = "main_mag"\nlabel = "x"\nkind = "quantity"\nunit = "magnitude"\n'
        'cues = ["quake", "earthquake", "magnitude"]\n'
        '[[facts]]\nkey = "after_mag"\nlabel = "y"\nkind = "quantity"\nunit = "magnitude"\n'
        'cues = ["aftershock", "second quake"]\n',
    )
    found = [c for c in extract_claims(text, PUB, story) if c.kind == "quantity"]
    assert [c.fact_key for c in found] == [expected]


def test_a_cue_after_a_later_figure_past_and_a_new_clause_is_that_figures(tmp_path):
    facts = (
        '[[facts]]\nkey = "contained"\nlabel = "x"\nkind = "percent"\nunit = "percent"\n'
        'cues = ["contained", "containment"]\n'
    )
    story = _inline_story(tmp_path, "f", "A fire", "fire", facts)
    text = "Crews had searched 40% of the town and the fire was 75% contained by Friday."
    tied = {c.value: c.fact_key for c in extract_claims(text, PUB, story) if c.kind == "percent"}
    assert tied == {40.0: None, 75.0: "contained"}


@pytest.mark.parametrize(
    "text",
    [
        "The raid killed three men aboard, officials said, which took the death toll of the"
        " campaign against suspected drug boats off South America to at least 66"
        " people.",
        "Officials put the death toll of the months-long military campaign against suspected"
        " smuggling vessels at 66 people.",
    ],
)
def test_a_toll_noun_names_a_headed_count_however_far_it_stands(seed_story, text):
    tied = [(f, k) for f, k in facts(text, seed_story) if f.endswith("66")]
    assert tied == [("at least 66", "boat_strike_deaths")] or tied == [("66", "boat_strike_deaths")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "lost their lives" is the idiom of the fact cued "lives", not "lost" of the missing
        ("Six people lost their lives in the flood.", [("Six", "dead")]),
        ("At least 40 residents lost their homes in the flood.", [("40", None)]),
        # "lost" alone stays the missing fact's cue
        ("Six people are still lost in the flood zone.", [("Six", "missing")]),
    ],
)
def test_a_verb_whose_object_is_another_facts_cue_is_that_idiom(tmp_path, text, expected):
    story = _inline_story(
        tmp_path,
        "f",
        "A flood",
        "flood",
        '[[facts]]\nkey = "dead"\nlabel = "x"\nkind = "count"\nunit = "people"\n'
        'cues = ["died", "lives"]\nsubjects = ["people"]\n'
        '[[facts]]\nkey = "missing"\nlabel = "y"\nkind = "count"\nunit = "people"\n'
        'cues = ["missing", "lost"]\nsubjects = ["people", "residents"]\n'
        '[[facts]]\nkey = "homeless"\nlabel = "z"\nkind = "count"\nunit = "people"\n'
        'cues = ["homes"]\nsubjects = ["families"]\n',
    )
    assert facts(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rate is no running total
        (
            "Crews expect to recover 10 to 20 boat strike victims each day this week.",
            [("10 to 20", None)],
        ),
        ("Boat strikes now kill about 15 people a week.", [("15", None)]),
        # "a day earlier" dates an earlier value (still the fact's), it makes no rate
        (
            "Boat strikes have killed 87 people, up from 83 a day earlier.",
            [("87", "boat_strike_deaths"), ("83", "boat_strike_deaths")],
        ),
    ],
)
def test_a_rate_is_no_total(seed_story, text, expected):
    tied = [(f, k) for f, k in facts(text, seed_story) if f[0].isdigit()]
    assert tied == expected


@pytest.mark.parametrize(
    "text", ["A powerful temblor struck the valley on Monday.", "The tremor hit on Monday."]
)
def test_a_quake_by_any_of_its_news_names(tmp_path, text):
    story = _inline_story(
        tmp_path,
        "q",
        "A quake",
        "quake",
        '[[facts]]\nkey = "quake_date"\nlabel = "x"\nkind = "date"\nunit = "date"\n'
        'cues = ["earthquake", "quake"]\n',
    )
    claims = extract_claims(text, date(2023, 2, 8), story)
    assert [(c.fact_key, c.date_low) for c in claims] == [("quake_date", date(2023, 2, 6))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a forecast of a scale is no statement of what happened
        ("The storm is forecast to grow into a strong Category 3 hurricane by Friday.", None),
        ("Forecasters said the storm would build into a Category 3 before landfall.", None),
        # what happened, even beside a forecast of something else
        ("The storm made landfall as a Category 3 hurricane.", "landfall_cat"),
        ("Rain could last days after the storm came ashore as a Category 3.", "landfall_cat"),
    ],
)
def test_a_forecast_scale_is_no_statement(tmp_path, text, expected):
    story = _inline_story(
        tmp_path,
        "h",
        "A hurricane",
        "hurricane",
        '[[facts]]\nkey = "landfall_cat"\nlabel = "x"\nkind = "quantity"\nunit = "category"\n'
        'cues = ["category", "landfall", "hurricane", "storm", "came ashore"]\n',
    )
    tied = [k for f, k in facts(text, story) if f.endswith("3")]
    assert tied == [expected]


def test_a_toll_before_reaches_a_named_count_only_when_raised_to_it(tmp_path):
    story = _inline_story(
        tmp_path,
        "f",
        "A flood",
        "flood",
        '[[facts]]\nkey = "dead"\nlabel = "x"\nkind = "count"\nunit = "people"\n'
        'cues = ["death toll", "killed"]\nsubjects = ["people"]\n'
        '[[facts]]\nkey = "missing"\nlabel = "y"\nkind = "count"\nunit = "people"\n'
        'cues = ["still missing", "missing"]\nsubjects = ["people", "individuals"]\n',
    )
    text = "The flood death toll may climb, with reports of around 900 individuals still missing."
    assert facts(text, story) == [("900", "missing")]
    text = "The flood raised the death toll across the valley towns to at least 66 people."
    assert facts(text, story) == [("66", "dead")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a hazard of a kind the story never names is another event
        ("Also read: mountain quake death toll rises to 2,800", [("2,800", None)]),
        ("Elsewhere, an earthquake killed more than 900 people.", [("900", None)]),
        # the story's own kind, storms and floods being one kind
        ("The flood killed 300 people.", [("300", "dead")]),
        ("The storm and the floods that followed killed 300 people.", [("300", "dead")]),
        ("The death toll rose to 300.", [("300", "dead")]),
    ],
)
def test_a_hazard_of_another_kind_is_another_event(tmp_path, text, expected):
    story = _inline_story(
        tmp_path,
        "f",
        "A flood",
        "flood",
        '[[facts]]\nkey = "dead"\nlabel = "Killed by the flood"\nkind = "count"\n'
        'unit = "people"\ncues = ["killed", "death toll"]\nsubjects = ["people"]\n',
    )
    assert facts(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb of beginning whose object is another action begins that action
        ("Officials began allowing residents back on Friday.", [None]),
        ("Crews started to clear the roads on Friday.", [None]),
        # the event's own beginning
        ("The fire began on Tuesday.", ["fire_start"]),
    ],
)
def test_beginning_another_action_is_not_the_event_beginning(tmp_path, text, expected):
    story = _inline_story(
        tmp_path,
        "w",
        "A wildfire",
        "fire",
        '[[facts]]\nkey = "fire_start"\nlabel = "x"\nkind = "date"\nunit = "date"\n'
        'cues = ["began", "started", "broke out"]\ncontext = ["fire"]\n',
    )
    claims = extract_claims("Fire live\n\n" + text, date(2023, 8, 20), story)
    assert [c.fact_key for c in claims if c.kind == "date"] == expected


def test_the_figures_own_predicate_breaks_a_tie_with_a_fronted_phrase(tmp_path):
    story = _inline_story(
        tmp_path,
        "f",
        "A flood",
        "flood",
        '[[facts]]\nkey = "dead"\nlabel = "x"\nkind = "count"\nunit = "people"\n'
        'cues = ["death toll"]\nsubjects = ["people"]\n'
        '[[facts]]\nkey = "missing"\nlabel = "y"\nkind = "count"\nunit = "people"\n'
        'cues = ["still missing"]\nsubjects = ["people"]\n',
    )
    text = "On top of the flood death toll, officials say at least 900 people are still missing."
    assert facts(text, story) == [("900", "missing")]
