"""Relevance: does a text mention the story at all? Checked before any heavy work."""

from __future__ import annotations

import re
from collections.abc import Iterable


def keyword_pattern(keywords: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any keyword at the start of a word.

    Start-of-word only, so "Venezuela" also finds "Venezuelan" but "Maduro" does not
    match inside another word.
    """
    alternatives = "|".join(re.escape(k.strip()) for k in keywords if k.strip())
    if not alternatives:  # no keyword: nothing is about the story (an empty one would match all)
        return re.compile(r"(?!)")
    return re.compile(rf"(?<!\w)(?:{alternatives})", re.IGNORECASE)


def mentions_story(pattern: re.Pattern[str], *texts: str | None) -> bool:
    """True when any of ``texts`` mentions one of the story's keywords."""
    return any(text and pattern.search(text) for text in texts)
