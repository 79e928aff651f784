"""Exchanges, truces and deals: what a deal will do is not what was done, an ordinal of a
day or a batch counts no captives, and a condition ("for every 10 freed") is no count.

Each case is a sentence written for this test, in a class of phrasing seen across real
coverage of prisoner and hostage exchanges from several outlets."""

from __future__ import annotations

from datetime import date

import pytest
from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.story import load_story

PUB = date(2026, 3, 12)

STORY = """
id = "harbour-truce"
title = "Harbour truce and captive exchanges"
keywords = ["truce", "captives", "detainees"]

[[sources]]
kind = "folder"
location = "."

[[places]]
name = "Norvia"

[[places]]
name = "Vessa"
aliases = ["Vessans"]

[[facts]]
key = "vessa_deaths"
label = "People killed in Vessa"
kind = "count"
unit = "people"
cumulative = true
where = ["Vessa"]
cues = ["killed", "dead", "deaths"]
subjects = ["people", "civilians", "deaths"]

[[facts]]
key = "captives_freed"
label = "Captives freed so far"
kind = "count"
unit = "people"
cumulative = true
cues = ["freed", "released", "set free"]
subjects = ["captives", "hostages", "people"]

[[facts]]
key = "captives_held"
label = "Captives still held"
kind = "count"
unit = "people"
cues = ["held", "still held", "seized"]
subjects = ["captives", "hostages"]

[[facts]]
key = "detainees_freed"
label = "Detainees freed so far"
kind = "count"
unit = "people"
cumulative = true
cues = ["freed", "released"]
subjects = ["detainees", "prisoners"]

[[facts]]
key = "danes_freed"
label = "Danish nationals freed so far"
kind = "count"
unit = "people"
cumulative = true
cues = ["freed", "released"]
subjects = ["Danes", "Dane", "danish captives", "danish citizens"]

[[facts]]
key = "truce_began"
label = "Day the truce took effect"
kind = "date"
unit = "date"
cues = ["began", "took effect"]
context = ["truce", "pause"]

[[facts]]
key = "truce_ended"
label = "Day the truce ended"
kind = "date"
unit = "date"
cues = ["ended", "end", "expired", "expire"]
context = ["truce", "pause"]

[[facts]]
key = "truce_days"
label = "Length of the truce"
kind = "duration"
unit = "days"
cues = ["truce", "pause"]
subjects = ["days", "day"]
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    path = tmp_path_factory.mktemp("story") / "story.toml"
    path.write_text(STORY, encoding="utf-8")
    return load_story(path)


def counts(text: str, story) -> list[tuple[str, float]]:
    """(fact, value) of every count tied to a fact."""
    return [
        (c.fact_key, c.value)
        for c in extract_claims("Harbour truce live\n\n" + text, PUB, story)
        if c.fact_key and c.kind == "count"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Nine more captives were freed on the sixth day of the pause.",
        "Captives freed on 4th day of harbour truce",
        "The militia freed a third group of captives at the quay.",
        "Captives were released in the fifth swap since the pause began.",
    ],
)
def test_an_ordinal_of_a_day_or_a_batch_counts_no_captives(story, text):
    assert [k for k, _ in counts(text, story)] == []


@pytest.mark.parametrize(
    "text",
    [
        "The deal says 40 captives are to be freed within three days.",
        "The militia has agreed to release about 40 hostages before the pause ends.",
        "All told, 40 captives are set to be released before the pause ends.",
        "Next week the port authority is set to release 90 detainees.",
        "Its terms call for the militia to release at least 40 captives by Friday.",
        "Harbour officials hope the pause will allow the release of 40 hostages.",
        "Some 90 detainees are slated for release in return.",
        "Ten captives had been due to be released at the quay by noon.",
        "The agreement provides for 40 captives to be released in return for 120 detainees.",
        "Mediators are working to secure the release of 40 hostages.",
    ],
)
def test_what_a_deal_will_do_is_not_a_count_of_what_was_done(story, text):
    assert counts(text, story) == []


def test_the_other_side_of_a_planned_exchange_is_planned_too(story):
    text = "According to the mediators, 40 captives will be freed, in exchange for 120 detainees."
    assert counts(text, story) == []
    # done, not planned: both sides count
    text = "So far 12 captives were freed in exchange for 36 detainees."
    assert counts(text, story) == [("captives_freed", 12), ("detainees_freed", 36)]


def test_a_condition_for_every_n_is_no_count(story):
    text = "The truce grows by a day for every 10 captives released."
    assert counts(text, story) == []
    assert counts("By Monday 31 captives had been released.", story) == [("captives_freed", 31)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norvia has freed 90 detainees so far.", [("detainees_freed", 90)]),
        ("Norvia, for its part, has released 90 detainees.", [("detainees_freed", 90)]),
        (
            "Norvia's bombardment of Vessa has killed more than 4,000 Vessans.",
            [("vessa_deaths", 4000)],
        ),
        (
            "Norvia's ground and air operation in Vessa has killed almost 4,000 people.",
            [("vessa_deaths", 4000)],
        ),
        # a verb of what a place saw or counted keeps the place
        ("Vessa has recorded 4,100 deaths since the shelling began.", [("vessa_deaths", 4100)]),
    ],
)
def test_a_place_that_acts_is_not_where_the_figure_is(story, text, expected):
    assert counts(text, story) == expected


def test_among_before_a_count_names_the_whole_not_a_part(story):
    text = "The nurse was among the 31 captives freed so far."
    assert counts(text, story) == [("captives_freed", 31)]
    text = "So far 31 captives were freed, among them 12 nurses."
    assert counts(text, story) == [("captives_freed", 31)]


def test_a_time_converted_in_brackets_does_not_end_the_clause(story):
    text = "Harbour truce live\n\nThe pause began at 6am local time (4am GMT) on Monday."
    days = [c.date_low for c in extract_claims(text, PUB, story) if c.fact_key == "truce_began"]
    assert days == [date(2026, 3, 9)]


@pytest.mark.parametrize(
    "text",
    [
        "Nine captives were freed on the second day of calm.",
        "Nine captives freed on day 3 of harbour truce",
        "The final exchange of the pause saw eleven captives freed.",
        "Eleven Captives Freed At End Of Fourth Day Of Harbour Truce",
        "The militia freed the second group of 14 captives at noon.",
    ],
)
def test_one_batch_of_a_running_total_is_not_the_total(story, text):
    assert counts(text, story) == []


def test_a_running_total_said_on_a_numbered_day_is_still_the_total(story):
    text = "So far 31 captives have been freed, on the seventh day of calm."
    assert counts(text, story) == [("captives_freed", 31)]


def test_the_day_a_plan_given_up_had_set_is_not_the_event(story):
    def ended(text):
        full = "Harbour truce live\n\n" + text
        return [c.date_low for c in extract_claims(full, PUB, story) if c.fact_key == "truce_ended"]

    assert ended("The pause had been due to end on Monday, but both sides extended it.") == []
    assert ended("The pause, supposed to expire on Monday, was extended by two days.") == []
    assert ended("The pause is set to end on Monday.") == [date(2026, 3, 16)]


def test_a_fact_of_a_group_needs_the_group_named(story):
    assert counts("So far 31 Norvian citizens have been freed.", story) == []
    assert counts("So far 4 Danish citizens have been freed.", story) == [("danes_freed", 4)]
    assert counts("So far 5 Danes have been freed.", story) == [("danes_freed", 5)]


def test_a_unit_long_is_one_unit_of_time(story):
    full = "Harbour truce live\n\nThe week-long pause ended with a last exchange."
    days = [c.value for c in extract_claims(full, PUB, story) if c.fact_key == "truce_days"]
    assert days == [7]


def test_the_day_of_a_fronted_clause_of_time_dates_the_sentence(story):
    text = (
        "Harbour truce live\n\nAs rain lashed the harbour on Monday, townspeople told us "
        "they heard "
        "gunfire from the quay when the fragile pause ended."
    )
    days = [c.date_low for c in extract_claims(text, PUB, story) if c.fact_key == "truce_ended"]
    assert days == [date(2026, 3, 9)]


def test_a_length_written_as_a_modifier_is_the_length_of_its_noun(story):
    def lengths(text):
        full = "Harbour truce live\n\n" + text
        return [c.value for c in extract_claims(full, PUB, story) if c.fact_key == "truce_days"]

    assert lengths("The pause halted a seven-week-long siege of the harbour.") == []
    assert lengths("A four-day humanitarian pause began at the harbour.") == [4]


@pytest.mark.parametrize(
    "text",
    [
        "Mediators said they expect the number of captives freed to climb past 60.",
        "Mediators say the count of captives freed could be far higher, topping 60.",
    ],
)
def test_a_projection_with_its_subject_between_is_no_count(story, text):
    assert counts(text, story) == []


def test_a_count_over_the_last_few_days_is_a_batch(story):
    assert counts("Officials said 14 captives were freed in the past two days.", story) == []
    assert counts("Officials said 14 captives have been freed so far.", story) == [
        ("captives_freed", 14)
    ]


@pytest.mark.parametrize("word", ["since", "after"])
def test_a_date_its_when_clause_tells_the_event_of(story, word):
    text = (
        f"Harbour truce live\n\nMost captives walked free {word} March 2, when the first pause "
        "between the militia and the port authority took effect."
    )
    found = [
        (c.qualifier, c.date_low, c.date_high)
        for c in extract_claims(text, PUB, story)
        if c.fact_key == "truce_began"
    ]
    assert found == [("exact", date(2026, 3, 2), date(2026, 3, 2))]


def test_a_participle_with_its_agent_describes_the_counted_noun(story):
    text = "So far 17 captives held by the militia have been freed."
    assert counts(text, story) == [("captives_freed", 17)]
    assert counts("The militia says 60 captives are still held.", story) == [("captives_held", 60)]


@pytest.mark.parametrize(
    "text",
    [
        "Late on Sunday the pause was extended by two days.",
        "The militia and the port agreed to extend their pause for another two days.",
        "Mediators said the pause would run for an additional two days.",
    ],
)
def test_an_extension_is_not_the_length(story, text):
    full = "Harbour truce live\n\n" + text
    assert [c.value for c in extract_claims(full, PUB, story) if c.fact_key == "truce_days"] == []


def test_a_release_secured_is_done_not_planned(story):
    text = "So far mediators have helped secure the release of 24 captives."
    assert counts(text, story) == [("captives_freed", 24)]


def test_the_place_an_attack_struck_is_where_its_toll_is(story):
    text = "More than 4,000 people have been killed in Norvia's strikes on Vessa so far."
    assert counts(text, story) == [("vessa_deaths", 4000)]
