"""Hedging and attribution, kept apart: "reportedly" weakens a figure, "the Navy said" sources it.

A figure is hedged when a hedge cue comes before it in its sentence, or after it in the same
comma-free stretch ("… killed 11 people, reportedly" is hedged; "… killed 11 people,
targeting a vessel allegedly operated by …" is not: that "allegedly" is about the vessel).
"alleged traffickers" is a legal adjective, not a hedge; "allegedly" is.
"""

from __future__ import annotations

import re

HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|apparently|possibly|presumably"
    r"|(?:is|are|was|were)\s+(?:believed|thought|said|reported|understood|estimated)\s+to"
    r"|believed\s+to|thought\s+to\s+(?:be|have)|is\s+said\s+to|said\s+to\s+(?:be|have)"
    r"|sources?\s+(?:said|say|says|told|familiar|close|cited)|according\s+to"
    r"|reports?\s+(?:suggest|suggested|say|said|indicate|indicated)|rumou?red|unconfirmed"
    r"|(?:may|might|could)\s+have|it\s+is\s+understood|claimed|unverified)\b",
    re.IGNORECASE,
)

_NAME = (
    r"(?:(?:the|a|an)\s+)?(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"(?:[A-Z][\w.'&-]*\s+){0,4}[A-Z][\w.'&-]*"
)
_SAYERS = r"(?:officials?|sources?|authorities|police|investigators|analysts|experts|witnesses|residents|the\s+(?:source|official|ministry|military|government|navy|army|agency|statement|report|paper|newspaper))"
_ATTRIBUTION = [
    re.compile(
        r"\baccording\s+to\s+(?P<who>[^,.;:]{2,80}?)(?=[,.;:]|\s+(?:who|which|that)\b|$)",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:told|telling|tells)\s+(?P<who>{_NAME})"),
    re.compile(
        rf"(?P<who>{_NAME}|{_SAYERS})\s+(?:said|says|reported|reports|announced|stated|confirmed|wrote|told)\b"
    ),
    re.compile(rf"\b(?:said|says|reported|according)\s+(?P<who>{_NAME}|{_SAYERS})\s*[.,]"),
    re.compile(
        r"\b(?:cited|citing)\s+(?P<who>(?:(?i:sources?|officials?|reports?|the\s+)|[A-Z])"
        r"[^,.;:]{0,60}?)(?=[,.;:]|$)"
    ),
]


def hedge_cues(sentence: str) -> list[tuple[int, int, str]]:
    """All hedge cues of ``sentence`` as ``(start, end, cue)``, read once per sentence."""
    return [(m.start(), m.end(), m.group()) for m in HEDGE.finditer(sentence)]


def hedge_for(sentence: str, cues: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The hedge cue that weakens the figure at ``[start, end)`` of ``sentence``, if any."""
    best = None
    for c_start, c_end, cue in cues:
        if c_end <= start:
            best = cue  # the latest cue before the figure
        elif c_start >= end and best is None and "," not in sentence[end:c_start]:
            return cue
    return best


def attributions(sentence: str) -> list[tuple[int, str]]:
    """Every attribution phrase in ``sentence`` as ``(position, phrase)``."""
    found: list[tuple[int, str]] = []
    for pattern in _ATTRIBUTION:
        for m in pattern.finditer(sentence):
            who = m.group("who").strip()
            if not who or who.lower() in ("he", "she", "it", "they", "we", "i", "the"):
                continue
            found.append((m.start(), m.group().strip().rstrip(".,")))
    return found


def attribution_for(found: list[tuple[int, str]], start: int) -> str | None:
    """The attribution phrase nearest to the figure at ``start`` (None when there is none)."""
    if not found:
        return None
    return min(found, key=lambda f: (abs(f[0] - start), f[0]))[1]
