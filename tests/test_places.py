"""Place scope: a figure is tied to a place's fact by the place it is attached to.

The sentences are written for these tests, in the classes of phrasing seen in real
coverage of storms and earthquakes (tolls for a country, a state, a county at once)."""

from __future__ import annotations

from datetime import date

import pytest
from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.story import load_story

PUB = date(2024, 10, 1)

STORY = """
id = "storm"
title = "A storm"
keywords = ["storm"]
[[sources]]
kind = "folder"
location = "."
[[places]]
name = "Carolina"
aliases = ["the Carolina state"]
[[places]]
name = "Pine County"
aliases = ["Pine"]
within = "Carolina"
[[places]]
name = "Georgia"
[[facts]]
key = "deaths"
label = "Deaths, all places"
kind = "count"
unit = "people"
cumulative = true
cues = ["killed", "deaths", "died", "dead", "toll"]
subjects = ["people", "deaths"]
context = ["storm"]
[[facts]]
key = "carolina_deaths"
label = "Deaths in Carolina"
kind = "count"
unit = "people"
cumulative = true
where = ["Carolina"]
cues = ["killed", "deaths", "died", "dead", "toll"]
subjects = ["people", "deaths"]
[[facts]]
key = "pine_deaths"
label = "Deaths in Pine County"
kind = "count"
unit = "people"
cumulative = true
where = ["Pine County"]
cues = ["killed", "deaths", "died", "dead", "toll"]
subjects = ["people", "deaths"]
[[facts]]
key = "georgia_deaths"
label = "Deaths in Georgia"
kind = "count"
unit = "people"
cumulative = true
where = ["Georgia"]
cues = ["killed", "deaths", "died", "dead", "toll"]
subjects = ["people", "deaths"]
"""


def story_from(folder, toml: str):
    """The story of ``toml``, written to ``folder`` and loaded."""
    path = folder / "story.toml"
    path.write_text(toml, encoding="utf-8")
    return load_story(path)


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    path = tmp_path_factory.mktemp("story") / "story.toml"
    path.write_text(STORY, encoding="utf-8")
    return load_story(path)


def tied(text: str, story) -> list[tuple[str, str | None]]:
    full = "Storm live\n\n" + text
    return [
        (full[c.span_start : c.span_end], c.fact_key)
        for c in extract_claims(full, PUB, story)
        if c.kind == "count"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # attached by a preposition of place, on either side
        ("The storm killed 25 people in Georgia.", [("25", "georgia_deaths")]),
        ("In Carolina, the storm killed 92 people.", [("92", "carolina_deaths")]),
        # a possessive, and a place heading its line
        ("Georgia's storm toll rose to 30.", [("30", "georgia_deaths")]),
        ("Georgia: at least 11 people had died, officials said.", [("11", "georgia_deaths")]),
        # the place as the subject of the figure's clause
        ("Carolina reported 73 deaths from the storm.", [("73", "carolina_deaths")]),
        # a narrower place is not the wider place's toll, but its own
        (
            "In Carolina the storm killed 92 people, including 57 in Pine County.",
            [("92", "carolina_deaths"), ("57", "pine_deaths")],
        ),
        # two places, two figures
        (
            "The storm killed 25 people in Georgia and 40 in Carolina.",
            [("25", "georgia_deaths"), ("40", "carolina_deaths")],
        ),
        # the widest scope, and no place at all: the story's whole
        (
            "The storm has killed at least 215 people across six states.",
            [("215", "deaths"), ("six", None)],
        ),
        ("At least 230 people died in the storm.", [("230", "deaths")]),
        # a plainly narrower place the story does not list is no one's listed fact
        ("The storm killed 5 people in Orange County.", [("5", None)]),
    ],
)
def test_figures_follow_the_place_they_are_attached_to(story, text, expected):
    assert tied(text, story) == expected


def test_a_wider_place_named_only_by_within_is_a_place_of_its_own(tmp_path):
    path = tmp_path / "story.toml"
    text = STORY.replace('name = "Carolina"', 'name = "Carolina"\nwithin = "Atlantis"')
    path.write_text(text, encoding="utf-8")
    story = load_story(path)
    assert "Atlantis" in {p.name for p in story.places}
    # Atlantis holds Carolina but not Georgia: its toll is a part of the story's whole
    toll = "Storm live\n\nThe storm killed 90 people in Atlantis."
    claims = [c for c in extract_claims(toll, PUB, story) if c.kind == "count"]
    assert [c.fact_key for c in claims] == [None]
    # with Georgia inside it too, the whole story's toll may be stated for that wider place
    text = text.replace('name = "Georgia"', 'name = "Georgia"\nwithin = "Atlantis"')
    path.write_text(text, encoding="utf-8")
    claims = [c for c in extract_claims(toll, PUB, load_story(path)) if c.kind == "count"]
    assert [c.fact_key for c in claims] == ["deaths"]


def test_a_date_modifying_the_event_noun_dates_the_event(tmp_path):
    path = tmp_path / "story.toml"
    path.write_text(
        STORY
        + '[[facts]]\nkey = "storm_date"\nlabel = "x"\nkind = "date"\nunit = "date"\n'
        + 'cues = ["made landfall", "struck"]\ncontext = ["storm", "hurricane"]\n',
        encoding="utf-8",
    )
    text = "Storm\n\nRebuilding after the Sept. 26 storm will take years, officials said."
    dates = [c for c in extract_claims(text, PUB, load_story(path)) if c.kind == "date"]
    assert [(c.fact_key, c.date_low) for c in dates] == [("storm_date", date(2024, 9, 26))]


def test_a_date_after_a_running_total_dates_the_tally(tmp_path):
    path = tmp_path / "story.toml"
    path.write_text(
        STORY
        + '[[facts]]\nkey = "storm_date"\nlabel = "x"\nkind = "date"\nunit = "date"\n'
        + 'cues = ["storm"]\ncontext = ["storm"]\n',
        encoding="utf-8",
    )
    text = "Storm\n\nThe toll from the storm climbed to 120 on Monday."
    dates = [c for c in extract_claims(text, PUB, load_story(path)) if c.kind == "date"]
    assert [c.fact_key for c in dates] == [None]


def test_coordinated_places_are_the_combined_figure(story):
    text = "The storm killed 300 people in Georgia and Carolina."
    assert tied(text, story) == [("300", "deaths")]


def test_a_figure_near_several_places_is_no_single_places(story):
    text = "The toll from the storm that hit Georgia and Carolina rose to 250."
    assert tied(text, story) == [("250", "deaths")]


def test_places_match_without_case_or_accents(tmp_path):
    path = tmp_path / "story.toml"
    path.write_text(
        STORY.replace('name = "Georgia"', 'name = "Kahramanmaraş"').replace(
            'where = ["Georgia"]', 'where = ["Kahramanmaraş"]'
        ),
        encoding="utf-8",
    )
    text = "Storm live\n\nThe storm killed 40 people in KAHRAMANMARAS."
    claims = [c for c in extract_claims(text, PUB, load_story(path)) if c.kind == "count"]
    assert [c.fact_key for c in claims] == ["georgia_deaths"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a hyphenated pair of places is both of them
        ("Georgia-Carolina storm toll surpasses 400", [("400", "deaths")]),
        # a place fronting the sentence, or heading a bulleted line
        ("In Georgia, officials said 31 people had died in the storm.", [("31", "georgia_deaths")]),
        ("o Pine County: 12 dead after the storm.", [("12", "pine_deaths")]),
        # a projection is not a count of what happened
        ("Officials said the storm toll could reach 900.", [("900", None)]),
    ],
)
def test_pairs_headings_and_projections(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the state" is the one place its paragraph is about
        (
            "Georgia officials spoke. At least 14 people died in the state.",
            [("14", "georgia_deaths")],
        ),
        # a possessive place, then the narrower place it holds
        ("Carolina's Pine County reported 57 dead from the storm.", [("57", "pine_deaths")]),
        # counties in the plural, unlisted: parts, not the whole
        ("Two deaths each were confirmed in Red and Blue counties.", [("Two", None)]),
        # "national" is the widest scope
        ("The storm's national toll reached 128.", [("128", "deaths")]),
    ],
)
def test_anaphora_possessives_and_plural_places(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # territory held by one side is a part of the place, not the place
        ("In rebel-held northern Carolina, the storm killed 31 people.", [("31", None)]),
        (
            "The storm killed 18 people in areas of Carolina held by the militia.",
            [("18", None)],
        ),
        # both sides' areas together are the place's whole
        (
            "In Carolina, 77 people died in both government-held areas and rebel-held areas.",
            [("77", "carolina_deaths")],
        ),
        # a place named only after an unattached figure, in another clause, is not its place
        (
            "The storm toll rose past 120 on Monday, as crews pushed toward Carolina.",
            [("120", "deaths")],
        ),
    ],
)
def test_parts_held_by_a_side_and_places_named_later(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a breakdown by place in parentheses takes the lead's cue, item by item
        (
            "Deaths were also reported in Carolina (49), Georgia (33), and Nevada (2).",
            [("49", "carolina_deaths"), ("33", "georgia_deaths"), ("2", None)],
        ),
        # a list after a colon breaks down the lead's total
        (
            "The storm killed 60 people: 41 in Carolina, and 19 in Georgia.",
            [("60", "deaths"), ("41", "carolina_deaths"), ("19", "georgia_deaths")],
        ),
    ],
)
def test_a_breakdown_list_by_place(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the place names what is counted
        ("At least 14 Georgia residents died in the storm.", [("14", "georgia_deaths")]),
        # an unlisted county fronting the sentence, with an aside before the figure
        ("In Elm County, an hour west of the coast, four deaths were reported.", [("four", None)]),
    ],
)
def test_counted_places_and_fronted_counties(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a parallel item shares the lead's cue; their sum is the whole
        (
            "Officials said 41 people had died in Carolina and 19 in Georgia, bringing the"
            " storm total to 60.",
            [("41", "carolina_deaths"), ("19", "georgia_deaths"), ("60", "deaths")],
        ),
        # a place's person is not attached to the figure, but speaks for the place (0.4.3)
        ("Georgia's Mary Bloom says the storm killed 70 people.", [("70", "georgia_deaths")]),
        ("Mary Bloom says the storm killed 70 people.", [("70", "deaths")]),
        # the place is the subject of a subordinate clause
        (
            "The storm toll passed 90 after Georgia said 44 people died.",
            [("90", "deaths"), ("44", "georgia_deaths")],
        ),
        # an unlisted place's line in a breakdown is a part
        (
            "The storm killed 50 people: 30 in Carolina, and 20 in Nevada.",
            [("50", "deaths"), ("30", "carolina_deaths"), ("20", None)],
        ),
    ],
)
def test_parallel_items_persons_and_subordinate_subjects(story, text, expected):
    assert tied(text, story) == expected


def test_each_clause_of_a_list_keeps_its_own_subject_place(story):
    text = "The Georgia storm toll is 30, the Carolina toll is 41 and the Pine County toll is 9."
    # "and the Pine County toll": the subject after "and the" is still the clause's place
    assert ("9", "pine_deaths") in tied(text, story)


def test_a_part_of_a_set_opening_the_sentence(story):
    assert tied("Of the 60 people the storm killed, 14 were children.", story) == [
        ("60", "deaths"),
        ("14", None),
    ]


def test_an_unnamed_part_named_by_a_listed_place_inside_it(story, tmp_path):
    path = tmp_path / "story.toml"
    path.write_text(STORY.replace('aliases = ["Pine"]', 'aliases = ["Pine", "Oakton"]'), "utf-8")
    with_town = load_story(path)
    text = "A Carolina county that includes the river town of Oakton reported 33 deaths."
    assert tied(text, with_town) == [("33", "pine_deaths")]
    # without a listed place inside it, the unnamed county is a part, no one's toll
    assert tied("A Carolina county reported 33 deaths from the storm.", story) == [("33", None)]


def test_a_span_from_one_place_to_another_is_the_whole(story):
    text = "The storm flooded towns from Georgia to Carolina and left at least 93 dead."
    assert tied(text, story) == [("93", "deaths")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the place a "where" clause is about
        (
            "The storm hit northern Carolina, where the toll of the dead has now reached 84.",
            [("84", "carolina_deaths")],
        ),
        # "in both A and B": the combined figure
        ("The storm killed 130 people in both Georgia and Carolina.", [("130", "deaths")]),
    ],
)
def test_where_clauses_and_both_places(story, text, expected):
    assert tied(text, story) == expected


def test_the_county_is_the_one_county_its_paragraph_names(story):
    text = (
        "Pine County officials spoke on Monday. The sheriff said the county has suffered 23 deaths."
    )
    assert tied(text, story) == [("23", "pine_deaths")]


def test_the_state_of_a_dateline_when_the_paragraph_names_several(story):
    text = (
        "ELMTON, Georgia — Officials toured the damage.\n\n"
        "The governor, who had met Carolina and Georgia officials, said the storm toll"
        " in the state had climbed from 17 to 25."
    )
    claims = [
        (text[c.span_start : c.span_end], c.fact_key)
        for c in extract_claims(text, PUB, story)
        if c.kind == "count" and not c.earlier
    ]
    assert claims == [("25", "georgia_deaths")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Of the 70 killed by the storm, 41 were in Carolina and 19 were in Georgia.",
            [("70", "deaths"), ("41", "carolina_deaths"), ("19", "georgia_deaths")],
        ),
    ],
)
def test_parallel_items_with_a_verb_before_the_place(story, text, expected):
    assert tied(text, story) == expected


def test_the_state_as_the_subject_of_a_report(story):
    text = "In Georgia, officials toured the coast. The state has confirmed 31 storm deaths."
    assert ("31", "georgia_deaths") in tied(text, story)


def test_one_in_a_place_list_is_a_figure(story):
    text = "The storm killed three people: one in Carolina, and two in Georgia."
    assert tied(text, story) == [
        ("three", "deaths"),
        ("one", "carolina_deaths"),
        ("two", "georgia_deaths"),
    ]


PARTS_STORY = (
    STORY
    + """
[[places]]
name = "Oak County"
within = "Carolina"
[[facts]]
key = "customers_out"
label = "Customers without power, all places"
kind = "count"
unit = "customers"
cues = ["without power", "lost power", "outages"]
subjects = ["customers", "homes", "households"]
[[facts]]
key = "landfall_category"
label = "Category at landfall"
kind = "quantity"
unit = "category"
cues = ["category", "landfall", "came ashore"]
subjects = ["category"]
"""
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one listed place's share of a measure no fact breaks down by place: a part
        ("Nearly 400,000 homes lost power in Georgia.", [("400,000", None)]),
        ("In Carolina alone, 120,000 customers were without power.", [("120,000", None)]),
        ("Georgia's outages peaked at 650,000 homes.", [("650,000", None)]),
        # the places together, or no place: the whole
        (
            "About 1.2 million homes lost power in Georgia and Carolina.",
            [("1.2 million", "customers_out")],
        ),
        ("More than 900,000 customers are without power.", [("900,000", "customers_out")]),
        # several places inside one of them: a part of it, not the whole
        (
            "Some 300,000 homes lost power in Pine County and Oak County.",
            [("300,000", None)],
        ),
        # a property of the event is not split by place: where it came ashore
        (
            "The storm came ashore in Georgia as a Category 3 hurricane.",
            [("3", "landfall_category")],
        ),
    ],
)
def test_one_places_share_of_a_whole_story_measure_is_a_part(tmp_path, text, expected):
    full = "Storm live\n\n" + text
    claims = extract_claims(full, PUB, story_from(tmp_path, PARTS_STORY))
    found = [(full[c.span_start : c.span_end], c.fact_key) for c in claims if c.kind != "date"]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a region of a listed place, named by its compass point: a part of that place
        ("The storm killed 14 people in western Georgia.", [("14", None)]),
        ("At least 9 people died across eastern Carolina.", [("9", None)]),
        # two places by their regions together: the whole
        (
            "The storm killed 60 people in southern Georgia and northern Carolina.",
            [("60", "deaths")],
        ),
        # the place itself, with a compass word elsewhere, is still the place
        ("The storm killed 25 people in Georgia after moving west.", [("25", "georgia_deaths")]),
    ],
)
def test_a_region_of_a_place_is_a_part_of_it(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words describing the place between the preposition and its name
        ("The storm killed 30 people in neighbouring Georgia.", [("30", "georgia_deaths")]),
        ("At least 12 people died in storm-battered Georgia.", [("12", "georgia_deaths")]),
        ("At least 44 people were killed in hard-hit Carolina.", [("44", "carolina_deaths")]),
        # a region named with a hyphenated compass point is still a part
        ("The storm killed 8 people in north-west Georgia.", [("8", None)]),
    ],
)
def test_a_place_described_by_its_state_is_still_attached(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a heading rules every sentence of its line
        ("Georgia: Crews are still out. At least 11 people died.", [("11", "georgia_deaths")]),
        (
            "• Pine County: Search teams went house to house. The storm killed 4 people.",
            [("4", "pine_deaths")],
        ),
        # not the next line
        ("Georgia: Crews are still out.\nThe storm killed 230 people.", [("230", "deaths")]),
        # a place fronting one sentence does not rule the rest of its line
        (
            "In Georgia, crews are still out. The storm killed 230 people.",
            [("230", "deaths")],
        ),
    ],
)
def test_a_line_heading_rules_every_sentence_of_its_line(story, text, expected):
    assert tied(text, story) == expected


def test_both_and_joins_places_between_two_figures(story):
    # "both … and" joins its places; it does not split the figures' stretches
    text = "The toll in Georgia rose to 40, bringing deaths in both Georgia and Carolina to 95."
    assert tied(text, story) == [("40", "georgia_deaths"), ("95", "deaths")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subject after a fronted phrase and its comma
        ("According to officials, Georgia had 31 deaths.", [("31", "georgia_deaths")]),
        ("By Sunday, Pine County had reported 12 deaths.", [("12", "pine_deaths")]),
        # "in each" before a list of unlisted counties: their lines, not the whole
        ("Two deaths were confirmed in each Elm and Birch counties.", [("Two", None)]),
    ],
)
def test_a_subject_after_a_fronted_phrase_and_a_list_after_in_each(story, text, expected):
    assert tied(text, story) == expected


def test_a_with_phrase_shares_the_place_of_its_clause(story):
    text = (
        "Pine County was hit hard. The sheriff said on Monday that the county had suffered "
        "a heavy toll, with 12 confirmed deaths."
    )
    assert tied(text, story) == [("12", "pine_deaths")]
    # a "with" phrase naming its own place keeps it
    text = "The storm killed 30 people in Georgia, with 12 deaths in Pine County."
    assert tied(text, story) == [("30", "georgia_deaths"), ("12", "pine_deaths")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the place is the subject of another verb; the figure is told of another noun
        (
            "Georgia has asked for aid following storms that killed more than 200 people.",
            [("200", "deaths")],
        ),
        # the place's own clause, after a relative clause about it closes
        ("Pine County, which includes Elmtown, reported 35 deaths.", [("35", "pine_deaths")]),
        ("Georgia reported 25 deaths.", [("25", "georgia_deaths")]),
    ],
)
def test_a_relative_clause_of_another_noun_is_not_the_places(story, text, expected):
    assert tied(text, story) == expected


def test_the_state_points_back_or_to_the_dateline_not_to_the_next_sentence(story):
    text = (
        "RIVERTON, Georgia — Crews worked through the night.\n\n"
        "The governor said the toll in the state had risen to 25. A Carolina county "
        "reported 30 deaths."
    )
    assert ("25", "georgia_deaths") in tied(text, story)
    # a state named before it in the paragraph is the one it points back to
    text = "In Carolina crews worked all night. The governor said 40 people died in the state."
    assert ("40", "carolina_deaths") in tied(text, story)


@pytest.mark.parametrize(
    "text",
    [
        "The storm killed 70 people in Georgia and parts of Carolina.",
        "The storm killed 70 people in Georgia and eastern Carolina.",
    ],
)
def test_a_place_and_a_part_of_another_name_both(story, text):
    assert tied(text, story) == [("70", "deaths")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a figure of no place of its own: the place its source speaks for
        ("Georgian officials said 31 people had died in the storm.", [("31", "georgia_deaths")]),
        (
            "Carolina Gov. Ann Smith (D) said on Monday that 48 people have died.",
            [("48", "carolina_deaths")],
        ),
        (
            "At least 19 deaths have been confirmed, the Georgia emergency agency announced.",
            [("19", "georgia_deaths")],
        ),
        # a source named after a report noun ("a tally from …", "figures released by …")
        (
            "Storm deaths rose to 33 in an Oct. 6 tally from the Georgia health department.",
            [("33", "georgia_deaths")],
        ),
        (
            "Three of the 33 storm deaths in an Oct. 6 tally from the Georgia health department"
            " were children.",
            [("Three", None), ("33", "georgia_deaths")],
        ),
        # sources of two places together speak for the whole
        (
            "Some 95 people died, according to Georgian and Carolinian officials.",
            [("95", "deaths")],
        ),
        # a source of no place, and one whose clause ends before the figure's
        ("Governor Ann Smith said 48 people have died in the storm.", [("48", "deaths")]),
        (
            "Cleanup begins, Georgian officials say, as the storm's toll reaches 70.",
            [("70", "deaths")],
        ),
        # the figure's own place still rules
        (
            "Georgian officials said the storm killed 12 people in Carolina.",
            [("12", "carolina_deaths")],
        ),
        # one side of a border: the place whose people name it
        (
            "On the Georgian side of the border, 12 people died in the storm.",
            [("12", "georgia_deaths")],
        ),
        ("The storm killed 14 more on the Carolinian side.", [("14", None)]),
    ],
)
def test_an_unplaced_figure_is_the_place_its_source_speaks_for(story, text, expected):
    assert tied(text, story) == expected


def test_a_source_of_one_place_leaves_an_undivided_measure_whole(tmp_path):
    full = "Storm live\n\nGeorgian officials said 650,000 homes lost power in the storm."
    claims = extract_claims(full, PUB, story_from(tmp_path, PARTS_STORY))
    assert [(c.value, c.fact_key) for c in claims if c.kind == "count"] == [
        (650000.0, "customers_out")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # more deaths in a place add to its toll: not the toll
        ("Officials announced six more deaths in Georgia on Tuesday.", [("six", None)]),
        ("Georgia confirmed an additional 4 deaths from the storm.", [("4", None)]),
        (
            "The storm's toll in Georgia rose to 30 after 5 new deaths.",
            [("30", "georgia_deaths"), ("5", None)],
        ),
    ],
)
def test_more_deaths_in_a_place_are_an_increment_not_its_toll(story, text, expected):
    assert tied(text, story) == expected


TWO_MEASURES = """
id = "storm2"
title = "A storm"
keywords = ["storm"]
[[sources]]
kind = "folder"
location = "."
[[places]]
name = "Georgia"
[[places]]
name = "Carolina"
[[facts]]
key = "deaths"
label = "Deaths, all places"
kind = "count"
unit = "people"
cumulative = true
cues = ["killed", "deaths", "died", "dead"]
subjects = ["people", "deaths"]
[[facts]]
key = "georgia_deaths"
label = "Deaths in Georgia"
kind = "count"
unit = "people"
cumulative = true
where = ["Georgia"]
cues = ["killed", "deaths", "died", "dead"]
subjects = ["people", "deaths"]
[[facts]]
key = "injured"
label = "Injured, all places"
kind = "count"
unit = "people"
cumulative = true
cues = ["injured", "hurt", "injuries"]
subjects = ["people", "injuries"]
[[facts]]
key = "georgia_injured"
label = "Injured in Georgia"
kind = "count"
unit = "people"
cumulative = true
where = ["Georgia"]
cues = ["injured", "hurt", "injuries"]
subjects = ["people", "injuries"]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the second count, its verb left out, is said of the first one's place
        (
            "More than 60 people died in Georgia, and more than 400 injured.",
            [("60", "georgia_deaths"), ("400", "georgia_injured")],
        ),
        (
            "More than 60 people died in western Georgia, and more than 400 injured.",
            [("60", None), ("400", None)],
        ),
        # a headline's comma does what "and" does
        ("Storm kills 60 in western Georgia, 400 injured", [("60", None), ("400", None)]),
        # a bare noun before "and" shares the next count's predicate and place
        (
            "More than 60 deaths and 400 injuries have been reported across Georgia.",
            [("60", "georgia_deaths"), ("400", "georgia_injured")],
        ),
        # a count with a place phrase or a scope of its own keeps it
        (
            "More than 60 people died in Georgia, and 400 were hurt in Carolina.",
            [("60", "georgia_deaths"), ("400", None)],
        ),
        (
            "Sixty people died in Georgia, and the storm injured 400 overall.",
            [("Sixty", "georgia_deaths"), ("400", "injured")],
        ),
    ],
)
def test_coordinated_counts_share_one_place(tmp_path, text, expected):
    full = "Storm live\n\n" + text
    claims = extract_claims(full, PUB, story_from(tmp_path, TWO_MEASURES))
    assert [(full[c.span_start : c.span_end], c.fact_key) for c in claims] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place the story does not list, in a measure broken down by listed places: a part
        ("The storm killed 3 people in Alabama.", [("3", None)]),
        ("At least 7 people died in Mobile after the storm.", [("7", None)]),
        # a listed place, or no place at all, as before
        ("The storm killed 3 people in Georgia.", [("3", "georgia_deaths")]),
        ("The storm killed 3 people on Tuesday.", [("3", "deaths")]),
    ],
)
def test_an_unlisted_place_is_a_part_when_the_measure_is_broken_down(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "there" points to the listed place named last before the figure
        (
            "Crews kept searching in Pine County. They found 31 dead there on Sunday.",
            [("31", "pine_deaths")],
        ),
        (
            "The storm moved on to Georgia and killed 12 people there.",
            [("12", "georgia_deaths")],
        ),
        # an existential "there" points nowhere
        (
            "Crews searched Pine County. By Sunday there were 31 dead across the region.",
            [("31", "deaths")],
        ),
    ],
)
def test_there_points_to_the_place_named_before(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place that is the subject of another clause does not scope the figure
        ("Georgia braces for floods as the storm's toll rises to 40.", [("40", "deaths")]),
        (
            "Rescue work goes on, Georgia's governor says, as the storm toll hits 70.",
            [("70", "deaths")],
        ),
        # "as of", "as many as" open no clause
        ("Georgia's storm toll, as of Monday, stood at 40.", [("40", "georgia_deaths")]),
        ("Georgia reported as many as 40 deaths from the storm.", [("40", "georgia_deaths")]),
    ],
)
def test_a_place_in_another_clause_does_not_scope_the_figure(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline's comma lists places: the figure is said of both
        (
            "At least 30 dead in Georgia, Carolina after 2 dams break in storm",
            [("30", "deaths"), ("2", None)],
        ),
        # a comma between two figures' own places still splits them
        (
            "The storm killed 12 in Georgia, and 30 died in Carolina.",
            [("12", "georgia_deaths"), ("30", "carolina_deaths")],
        ),
    ],
)
def test_a_comma_between_two_places_lists_them(story, text, expected):
    assert tied(text, story) == expected


FIRES = """
id = "fires"
title = "Fires"
keywords = ["fire"]
[[sources]]
kind = "folder"
location = "."
[[places]]
name = "Upland"
[[facts]]
key = "acres"
label = "Acres burned by the main fire"
kind = "quantity"
unit = "acres"
cues = ["burned", "acres"]
subjects = ["acres"]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb after "and" has the first clause's subject, and so its place
        ("The Upland fire is now 85% contained and has burned 1,200 acres.", [(1200.0, None)]),
        ("The Upland fire was contained and burned about 900 acres.", [(900.0, None)]),
        # with no place, or a subject of its own, nothing is shared
        ("The fire is now 85% contained and has burned 1,200 acres.", [(1200.0, "acres")]),
        (
            "The Upland fire is now 85% contained and the main fire has burned 1,200 acres.",
            [(1200.0, "acres")],
        ),
    ],
)
def test_a_verb_with_its_subject_left_out_shares_the_first_clauses_place(tmp_path, text, expected):
    claims = extract_claims("Fire live\n\n" + text, PUB, story_from(tmp_path, FIRES))
    assert [(c.value, c.fact_key) for c in claims if c.kind == "quantity"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a figure of no place of its own: where the disaster that caused it struck
        ("At least 9 people died after the storm struck Georgia.", [("9", "georgia_deaths")]),
        (
            "At least 9 people died after the storm hit Georgia and Carolina.",
            [("9", "deaths")],
        ),
        # the figure's own place wins; a region of a place names no place of the story
        (
            "At least 9 people died in Carolina after the storm struck Georgia.",
            [("9", "carolina_deaths")],
        ),
        ("At least 9 people died after the storm struck southern Georgia.", [("9", "deaths")]),
    ],
)
def test_the_place_a_disaster_struck_scopes_its_toll(story, text, expected):
    assert tied(text, story) == expected


def test_the_word_for_a_places_people_is_made_the_regular_ways():
    from factdrift.pipelines.claims.places import _demonyms_of

    for place, people in [
        ("Syria", "Syrian"),
        ("Turkey", "Turkish"),
        ("Lebanon", "Lebanese"),
        ("Iraq", "Iraqi"),
        ("North Carolina", "North Carolinian"),
    ]:
        assert people in _demonyms_of(place)
    # never a short common word cut from a short name
    assert "Man" not in _demonyms_of("Maui") and "Gan" not in _demonyms_of("Gaza")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place named by the kind of place it is, inside a wider one: the narrower
        (
            "The storm toll in Carolina's hill county of Pine County rose to 31.",
            [("31", "pine_deaths")],
        ),
        ("The storm killed 31 people in the county of Pine County.", [("31", "pine_deaths")]),
        # "the city", "the devastated county": the one narrower place named before
        (
            "Pine County took the worst of the storm.\\n\\nThe devastated county counted 31 dead.",
            [("31", "pine_deaths")],
        ),
    ],
)
def test_a_place_named_by_its_kind_and_the_kind_pointing_back(story, text, expected):
    assert tied(text, story) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # where most of a figure was is not its place
        ("Over 40 people died in the storm, mostly in Pine County.", [("40", "deaths")]),
        ("The storm killed 40 people, most of them in Georgia.", [("40", "deaths")]),
        # a place of the figure's own still is
        ("The storm killed 40 people in Georgia.", [("40", "georgia_deaths")]),
    ],
)
def test_where_most_of_a_figure_was_is_not_its_place(story, text, expected):
    assert tied(text, story) == expected


def test_the_kind_of_place_points_to_the_lead_when_its_paragraph_names_none(story):
    text = (
        "Floods swept Pine County on Monday, officials said.\n\nOfficials spoke for an hour at"
        " a briefing. They said 31 people died in the flooded county."
    )
    assert tied(text, story) == [("31", "pine_deaths")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the rest of a place without the one named: a part, neither the place nor the whole
        (
            "The storm killed 12 people in other parts of Carolina outside Pine County.",
            [("12", None)],
        ),
        ("A storm toll of 48 that does not include Pine County was released.", [("48", None)]),
        ("The storm killed 61 people, not including Georgia.", [("61", None)]),
        ("The storm killed 12 people in other storm-hit towns.", [("12", None)]),
        # a part of a group at a place is no toll of the place
        ("The storm killed three of its rescue workers in Pine County.", [("three", None)]),
    ],
)
def test_the_rest_of_a_place_and_a_groups_part_are_parts(story, text, expected):
    assert tied(text, story) == expected


def test_where_after_a_place_and_its_wider_place_is_the_narrower(story):
    text = "The storm hit Pine County, Carolina, where 31 people died."
    assert tied(text, story) == [("31", "pine_deaths")]


def test_a_total_raised_by_one_increment_is_the_increments_place(story):
    text = (
        "Officials in Carolina said Pine County added three new deaths on Monday, "
        "bringing the total to 40."
    )
    assert tied(text, story) == [("three", None), ("40", "pine_deaths")]
    # parts of a wider total raise the wider total
    text = "The storm killed 12 people in Georgia and 30 in Carolina, bringing the total to 42."
    assert tied(text, story) == [
        ("12", "georgia_deaths"),
        ("30", "carolina_deaths"),
        ("42", "deaths"),
    ]


def test_outside_a_place_fronting_the_sentence_is_the_rest_of_it(story):
    assert tied("Outside Pine County, 23 people died in the storm.", story) == [("23", None)]


def test_most_of_them_at_a_place_is_not_that_places_figure(story):
    text = "Across Carolina, 21 people died in the storm, most of them at Pine."
    assert tied(text, story) == [("21", "carolina_deaths")]
