"""Hedging and attribution are separate fields."""

from __future__ import annotations

import pytest
from factdrift.pipelines.claims import extract_claims

from tests.conftest import PUB


def first(text, story):
    return extract_claims(text, PUB, story)[0]


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("The call reportedly occurred on November 21.", "reportedly"),
        ("Maduro allegedly sought 100 officials' amnesty.", "allegedly"),
        ("The call is believed to have occurred on November 21.", "is believed to"),
        ("Sources said 15,000 troops were there.", "Sources said"),
        ("According to the Navy, 15,000 troops were there.", "According to"),
        ("The call is said to have occurred on November 21.", "is said to"),
    ],
)
def test_hedged(seed_story, text, hedge):
    c = first(text, seed_story)
    assert c.hedged and c.hedge == hedge


@pytest.mark.parametrize(
    "text",
    [
        "The strike killed 11 people, targeting a vessel allegedly operated by a gang.",
        "The US killed scores of alleged traffickers.",
        "15,000 troops are in the region.",
    ],
)
def test_not_hedged(seed_story, text):
    assert not first(text, seed_story).hedged


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        ("Sources told the Miami Herald that 15,000 troops were there.", "told the Miami Herald"),
        ("The carrier carries over 70 aircraft, the Navy said.", "the Navy said"),
        (
            "According to defense officials, 15,000 troops are there.",
            "According to defense officials",
        ),
        ('"We sent 15,000 troops," said the source.', "said the source"),
    ],
)
def test_attribution(seed_story, text, attribution):
    assert first(text, seed_story).attribution == attribution
