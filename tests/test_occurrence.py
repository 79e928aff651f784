"""Figures of another occurrence of the story's kind of event tie to no fact (0.4.3).

The sentences are written for these tests: a new quake weeks after the story's, another
tremor or storm, a new fire, and a threshold of many shocks."""

from __future__ import annotations

from datetime import date

import pytest
from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.story import load_story

from tests.conftest import PUB

_QUAKE = """
id = "valley-quake"
title = "The valley earthquake"
keywords = ["earthquake", "quake"]
[[sources]]
kind = "folder"
location = "."
[[facts]]
key = "main_mag"
label = "Magnitude of the main quake"
kind = "quantity"
unit = "magnitude"
cues = ["magnitude", "earthquake", "quake", "tremor", "measuring"]
exclude = ["aftershock", "aftershocks", "second", "another", "hours later", "later"]
[[facts]]
key = "after_mag"
label = "Magnitude of the big aftershock, hours later"
kind = "quantity"
unit = "magnitude"
cues = ["aftershock", "second quake", "hours later", "a second", "followed by"]
[[facts]]
key = "quake_date"
label = "Date of the main quake"
kind = "date"
unit = "date"
cues = ["quake struck", "earthquake struck", "quake", "earthquake", "struck", "tremor"]
[[facts]]
key = "deaths"
label = "People killed"
kind = "count"
unit = "people"
cumulative = true
cues = ["killed", "dead", "deaths", "toll", "lives"]
subjects = ["people", "lives", "deaths"]
"""

_FIRE = """
id = "ridge-fire"
title = "The ridge fire"
keywords = ["fire", "wildfire"]
[[sources]]
kind = "folder"
location = "."
[[facts]]
key = "fire_start"
label = "Day the fire broke out"
kind = "date"
unit = "date"
cues = ["broke out", "erupted", "started", "ignited"]
context = ["fire", "fires", "brushfire", "brushfires", "wildfire"]
[[facts]]
key = "contained"
label = "Containment"
kind = "percent"
unit = "percent"
cues = ["contained", "containment"]
"""


def _story(tmp_path, text):
    path = tmp_path / "story.toml"
    path.write_text(text, encoding="utf-8")
    return load_story(path)


@pytest.fixture
def quake(tmp_path):
    return _story(tmp_path, _QUAKE)


def tied(text, story, published=PUB) -> list[tuple[str, str | None]]:
    return [
        (text[c.span_start : c.span_end], c.fact_key)
        for c in extract_claims(text, published, story)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a new quake named before a span of weeks after the story's: none of its figures
        (
            "A 5.9 magnitude quake struck the valley on Friday, three weeks after a deadly "
            "quake flattened the old town.",
            {"5.9": None, "Friday": None},
        ),
        # the "after" clause tells the story's event and keeps its figures
        (
            "A 5.9 magnitude quake shook the valley two weeks after a powerful quake there "
            "killed more than 3,000 people.",
            {"5.9": None, "3,000": "deaths"},
        ),
        # a headline
        ("Valley hit by 5.9 magnitude quake a month after disaster", {"5.9": None}),
        # a fronted span of minutes: not the aftershock the story's cues put hours later
        (
            "Twenty minutes after the 7.1 magnitude quake struck, a 5.9 magnitude tremor "
            "shook the valley.",
            {"7.1": "main_mag", "5.9": None},
        ),
        # a span of hours: the day's later shock
        (
            "Nine hours after the 7.1 magnitude quake struck, a 6.6 magnitude tremor shook "
            "the valley.",
            {"7.1": "main_mag", "6.6": "after_mag"},
        ),
    ],
)
def test_an_occurrence_a_span_after_the_event_is_another_one(quake, text, expected):
    found = dict(tied(text, quake))
    assert {k: found.get(k) for k in expected} == expected


def test_a_span_after_the_event_without_a_new_occurrence_keeps_the_figures(quake):
    text = "Two weeks after the quake struck the valley, the death toll passed 3,000."
    assert dict(tied(text, quake))["3,000"] == "deaths"


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        (
            "Another 5.9 magnitude tremor that hit the coast on March 2 killed four people.",
            "four",
            None,
        ),
        (
            "Another 5.9 magnitude tremor that hit the coast on March 2 killed four people.",
            "March 2",
            None,
        ),
        ("The quake that hit the coast on Feb. 16 killed four people.", "four", "deaths"),
        # "new survivors" is no new quake
        ("Rescuers found new survivors as the quake toll passed 3,000.", "3,000", "deaths"),
    ],
)
def test_figures_told_of_another_marked_occurrence_are_no_facts(quake, text, figure, expected):
    assert dict(tied(text, quake))[figure] == expected


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        ("Another storm that hit the coast on Sunday killed 2 people.", "2", None),
        ("Another powerful storm killed 2 people in the county.", "2", None),
        ("The storm killed 2 people in the county on Sunday.", "2", "storm_deaths"),
        (
            "A tropical storm killed 3 people in the county, two weeks after the hurricane "
            "devastated the coast.",
            "3",
            None,
        ),
        (
            "A tropical storm soaked the coast, a week after the hurricane killed 52 people.",
            "52",
            "storm_deaths",
        ),
        (
            "Hurricane Testa killed 4 people on the coast, two weeks after a tropical storm "
            "soaked it.",
            "4",
            "storm_deaths",
        ),
    ],
)
def test_another_storm(hurricane_story, text, figure, expected):
    # (the sentence's own storm is named: "Hurricane Testa … two weeks after" stays the story's)
    assert dict(tied(text, hurricane_story, date(2026, 9, 23)))[figure] == expected


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        ("Two new brushfires broke out on Wednesday in the hills.", "on Wednesday", None),
        (
            "The other two fires, east of the ridge, are both 80 percent contained.",
            "80 percent",
            None,
        ),
        ("The ridge fire broke out on Wednesday in the hills.", "on Wednesday", "fire_start"),
        ("The new fire, which started near a depot, was 90 percent contained.", "90 percent", None),
        (
            "The ridge fire, which started near a depot, was 90 percent contained.",
            "90 percent",
            "contained",
        ),
    ],
)
def test_a_new_fire(tmp_path, text, figure, expected):
    assert dict(tied(text, _story(tmp_path, _FIRE)))[figure] == expected


_ARTICLE = (
    "Valley shaken by 5.9 quake two weeks after disaster\n\n"
    "A 5.9 magnitude quake struck the valley on Monday, two weeks after a 7.1 magnitude "
    "quake killed more than 3,000 people.\n\n"
    "The 5.9-magnitude quake, which struck at 9:10 pm, was followed by an aftershock "
    "measuring 5.1.\n\n"
    "At least four people were killed after the quake in the old town.\n\n"
    "The quake on Monday cut power to the old town.\n\n"
    "The earthquakes of Feb. 16 have killed more than 3,100 people."
)


def test_later_mentions_of_the_occurrence_the_lead_reports_are_its(quake):
    found = tied(_ARTICLE, quake, date(2026, 3, 3))
    assert found == [
        ("5.9", None),
        ("two", None),
        ("5.9", None),
        ("on Monday", None),
        ("two", None),
        ("7.1", "main_mag"),
        ("3,000", "deaths"),
        ("5.9", None),
        ("5.1", None),
        ("four", None),
        ("on Monday", None),
        ("Feb. 16", "quake_date"),
        ("3,100", "deaths"),
    ]


def test_without_such_a_lead_the_same_sentences_are_the_storys(quake):
    text = _ARTICLE.split("\n\n", 2)[2]
    found = dict(tied(text, quake, date(2026, 3, 3)))
    assert (found["5.9"], found["5.1"], found["four"]) == ("main_mag", "after_mag", "deaths")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Seismologists counted 120 aftershocks, about 40 of which were stronger than"
            " magnitude 5.",
            None,
        ),
        ("Aftershocks above magnitude 4.5 were felt across the region.", None),
        ("Dozens of tremors of more than magnitude 4 followed.", None),
        ("Dozens of aftershocks of magnitude 5 or more followed.", None),
        # one shock: a measure
        ("A quake of at least magnitude 6.2 struck the valley.", "main_mag"),
    ],
)
def test_a_threshold_of_many_shocks_is_no_measure(quake, text, expected):
    (claim,) = [c for c in extract_claims(text, PUB, quake) if c.kind == "quantity"]
    assert claim.fact_key == expected


def test_a_magnitude_joined_by_a_hyphen_is_read(quake):
    text = "The valley was hit by a magnitude-7.1 earthquake."
    assert [(c.value, c.fact_key) for c in extract_claims(text, PUB, quake)] == [(7.1, "main_mag")]


def test_the_storys_own_quake_told_again_before_a_span_is_no_other(quake):
    # (a control: the story's quake, marked and governed by "in", is not a new occurrence)
    text = (
        "Families whose houses fell in a catastrophic quake slept in tents, three days "
        "after the quake struck the valley.\n\nThe quake measured 7.1."
    )
    assert tied(text, quake, date(2026, 3, 3))[-1] == ("7.1", "main_mag")


_STORM = """
id = "bay-hurricane"
title = "The bay hurricane"
keywords = ["hurricane", "storm"]
[[sources]]
kind = "folder"
location = "."
[[facts]]
key = "landfall_category"
label = "Category at landfall"
kind = "quantity"
unit = "category"
cues = ["category", "landfall", "hurricane", "storm"]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Only four hurricanes of Category 4 or higher have struck the bay.", None),
        ("Storms above Category 3 are rare on this coast.", None),
        # one storm: its category
        ("The hurricane made landfall as a Category 4 storm.", "landfall_category"),
    ],
)
def test_a_threshold_of_many_storms_is_no_category(tmp_path, text, expected):
    (claim,) = [
        c for c in extract_claims(text, PUB, _story(tmp_path, _STORM)) if c.unit == "category"
    ]
    assert claim.fact_key == expected
