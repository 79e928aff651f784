"""Text as it arrives: offsets survive normalization, sentences survive abbreviations."""

from __future__ import annotations

import pytest
from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.claims.text import normalize, split_sentences

from tests.conftest import PUB


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(normalize(text))]


def test_normalize_keeps_length_and_offsets():
    raw = "\u201cAt\u00a0least 83\u201d \u2014 \u2018some\u2019\u2009say"
    assert len(normalize(raw)) == len(raw)
    assert normalize(raw) == "\"At least 83\" \u2014 'some' say"


def test_us_and_initials_do_not_split():
    text = "U.S. troops arrived. The USS Gerald R. Ford sailed to the Caribbean with the U.S. Navy."
    assert sentences(text) == [
        "U.S. troops arrived.",
        "The USS Gerald R. Ford sailed to the Caribbean with the U.S. Navy.",
    ]


def test_initialism_before_a_new_sentence_splits():
    assert sentences("Troops went to the U.S. The next day they left.") == [
        "Troops went to the U.S.",
        "The next day they left.",
    ]


def test_headlines_and_captions_are_their_own_sentences():
    text = "US strike kills four\nPhoto by Someone/US Navy\nThe strike killed four people."
    assert sentences(text) == [
        "US strike kills four",
        "Photo by Someone/US Navy",
        "The strike killed four people.",
    ]


def test_dateline_dash_does_not_split():
    text = "Washington, D.C. – December 1, 2025 – In a dramatic escalation, Trump spoke."
    assert len(sentences(text)) == 1


def test_spans_index_the_original_text(seed_story):
    text = (
        "Some\u00a015,000\u202fU.S. troops \u2014 \u201cat least 83\u201d people "
        "\u2019killed\u2019."
    )
    for c in extract_claims(text, PUB, seed_story):
        assert text[c.span_start : c.span_end] in ("15,000", "83")
        assert c.sentence in text


def test_a_short_aside_between_dashes_does_not_end_the_clause():
    from factdrift.pipelines.claims.text import clause_boundaries

    aside = "Nearly 700,000 homes — most in the hills and valleys — were still without power."
    assert [b.word for b in clause_boundaries(aside, [])] == []
    # an aside holding a figure, or a single dash, still ends it
    figure = "Half of those deaths — 95 as of Tuesday — were in the hills."
    assert len(clause_boundaries(figure, [])) == 2
    single = "The storm hit the coast — and then it turned north."
    assert len(clause_boundaries(single, [])) == 1


def test_a_figure_reaches_its_cue_across_a_short_aside(seed_story):
    from datetime import date

    from factdrift.pipelines.claims import extract_claims

    text = "At least 27 people — most of them fishermen — have been killed in the boat strikes."
    claims = extract_claims(text, date(2025, 12, 1), seed_story)
    tied = [c.fact_key for c in claims if c.value == 27]
    assert tied == ["boat_strike_deaths"]


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        # a time of day is not a clause of its own
        ("The tremor hit the valley at 3:42 a.m. on Sunday.", []),
        ("The blaze started shortly before dawn on Friday.", []),
        ("The fire was first seen just after midnight on Tuesday.", []),
        ("The tremor hit at 9:15 pm (1815 GMT) on Sunday.", []),
        ("The storm came ashore after 10 p.m. Thursday.", []),
        # a subordinate clause, or a colon that introduces, still is one
        ("The tremor hit before residents could leave on Sunday.", ["before"]),
        ("The tremor hit after the dam broke on Sunday.", ["after"]),
        ("Officials gave the toll: 40 dead.", [""]),
    ],
)
def test_a_time_of_day_does_not_end_the_clause(sentence, words):
    from factdrift.pipelines.claims.text import clause_boundaries

    assert [b.word for b in clause_boundaries(sentence, [])] == words


def test_a_converted_measure_in_brackets_does_not_end_the_clause():
    from factdrift.pipelines.claims.text import clause_boundaries

    assert clause_boundaries("Gusts reached 240 km/h (150mph) on the coast.", []) == []
    # a bare number in brackets still does: "South Carolina (49), Georgia (33)"
    assert len(clause_boundaries("South Carolina (49), Georgia (33)", [])) == 4
