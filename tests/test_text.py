"""Text as it arrives: offsets survive normalization, sentences survive abbreviations."""

from __future__ import annotations

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
