"""A story file's preview: what each fact would take from some articles, and why the
figures near the story's words were left untied (``factdrift story check``).

Plain functions over texts and claims; reading the sources is the caller's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.model import ArticleText, Claim
from factdrift.pipelines.story import Story

_WHY = re.compile(r"^why not (?P<fact>[a-z0-9_]+): (?P<reason>.+)$")


@dataclass
class Tied:
    """A figure a fact took."""

    fact: str
    stated: str
    qualifier: str
    outlet: str
    published: str
    sentence: str


@dataclass
class Untied:
    """A figure near the story's words that no fact took, and why not, per fact."""

    stated: str
    kind: str
    outlet: str
    sentence: str
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass
class Preview:
    """Per fact the figures it took; then the untied figures worth a look; and advice on
    the story file itself."""

    articles: int = 0
    tied: list[Tied] = field(default_factory=list)
    untied: list[Untied] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)

    def by_fact(self, story: Story) -> dict[str, list[Tied]]:
        """The tied figures of each catalog fact, in catalog order (empty lists included)."""
        out: dict[str, list[Tied]] = {f.key: [] for f in story.facts}
        for t in self.tied:
            out.setdefault(t.fact, []).append(t)
        return out

    def to_dict(self, story: Story) -> dict:
        """Plain data for ``--json``."""
        return {
            "articles": self.articles,
            "facts": {k: [vars(t) for t in v] for k, v in self.by_fact(story).items()},
            "untied": [vars(u) for u in self.untied],
            "advice": self.advice,
        }


def preview(texts: list[ArticleText], story: Story, max_sentence: int = 240) -> Preview:
    """Read ``texts`` with ``story`` and explain what was and was not tied."""
    result = Preview(articles=len(texts), advice=story_advice(story))
    for text in texts:
        for claim in extract_claims(text.text, text.published, story, explain=True):
            if claim.repeat_of is not None:
                continue
            sentence = " ".join(claim.sentence.split())[:max_sentence]
            stated = _stated(text.text, claim)
            day = text.published.isoformat() if text.published else ""
            if claim.fact_key:
                result.tied.append(
                    Tied(claim.fact_key, stated, claim.qualifier, text.outlet, day, sentence)
                )
                continue
            reasons = _reasons(claim)
            if reasons and _near_story_words(claim, story):
                result.untied.append(Untied(stated, claim.kind, text.outlet, sentence, reasons))
    return result


def story_advice(story: Story) -> list[str]:
    """Mistakes in a story file the extractor cannot see for the user: places written as
    `context` words where `where` ties a figure by the place it is attached to
    (docs/story.md#places)."""
    listed = {n.lower() for p in story.places for n in (p.name, *p.aliases)}
    listed |= {w.lower() for f in story.facts for w in f.where}
    out = []
    for fact in story.facts:
        if fact.where:
            continue
        places = [w for w in fact.context if w.lower() in listed]
        if places:
            out.append(
                f"{fact.key}: the context names the place {', '.join(places)}; to take only "
                f"figures attached to it, use where = {_toml_list(places[:1])} "
                "(docs/story.md#places)"
            )
    out.extend(_places_as_context(story))
    out.extend(_excludes_read_already(story))
    return out


# Exclude words for what the extractor reads apart by itself, by kind of fact, and what it
# reads there (docs/claims.md): as exclude words they also remove every other figure near.
_EXTENSION = 'an extension ("extended by two days", "for another two days") is not a length'
_INCREMENT = 'an increment ("six more deaths", "an additional 80") is not a running total'
_EARLIER = 'an earlier value ("up from 30", "previously 12") is not a current one'
_PROJECTED = 'a projection ("could exceed 1,000", "expected to rise to") is kept apart'
_READ_ALREADY = {
    "duration": {
        w: _EXTENSION
        for w in ("extend", "extended", "extension", "another", "additional", "further")
    },
    "count": {
        **{w: _INCREMENT for w in ("additional", "more", "further")},
        **{w: _EARLIER for w in ("previous", "previously", "earlier")},
        **{w: _PROJECTED for w in ("could", "expected", "projected", "forecast")},
    },
}


def _excludes_read_already(story: Story) -> list[str]:
    """`exclude` words for what factdrift reads apart by itself: they cost more than they
    save ("extended" also removes "the extended six-day truce")."""
    out = []
    for fact in story.facts:
        known = _READ_ALREADY.get(fact.kind, {})
        for word in fact.exclude:
            reads = known.get(word.lower().strip())
            if reads:
                out.append(
                    f'{fact.key}: exclude word "{word}": {reads} without it; as '
                    "an exclude word it also removes every other figure near it "
                    "(docs/story.md#deals-truces-and-exchanges)"
                )
    return out


def _places_as_context(story: Story) -> list[str]:
    """Facts that measure the same thing (kind, unit, cues) and differ only by names in
    their `context`: a breakdown by place written the way `where` is for."""
    groups: dict[tuple, list] = {}
    for fact in story.facts:
        named = [w for w in fact.context if w[:1].isupper()]
        if fact.where or not named or len(named) != len(fact.context):
            continue
        key = (fact.kind, fact.unit.lower(), frozenset(c.lower() for c in fact.cues))
        groups.setdefault(key, []).append(fact)
    return [
        f"{', '.join(f.key for f in facts)}: the same measure told apart by names in "
        f"`context` ({'; '.join(f.context[0] for f in facts)}); if these are places, give "
        "each fact its `where` and list the places (docs/story.md#places)"
        for facts in groups.values()
        if len(facts) > 1
    ]


def _toml_list(words: list[str]) -> str:
    return "[" + ", ".join(f'"{w}"' for w in words) + "]"


def _stated(text: str, claim: Claim) -> str:
    return " ".join(text[claim.span_start : claim.span_end].split())


def _reasons(claim: Claim) -> dict[str, str]:
    out = {}
    for note in claim.notes:
        m = _WHY.match(note)
        if m:
            out[m.group("fact")] = m.group("reason")
    return out


def _near_story_words(claim: Claim, story: Story) -> bool:
    """Only figures whose sentence uses the story's words (a keyword or a fact's cue) are
    worth explaining; the rest of an article's numbers are noise here."""
    sentence = claim.sentence.lower()
    words = [*story.keywords, *(c for f in story.facts for c in f.cues)]
    return any(re.search(r"\b" + re.escape(w.lower()), sentence) for w in words if w.strip())
