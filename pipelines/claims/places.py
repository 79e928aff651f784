"""Which place a figure is attached to, and whether that place is a fact's.

A story about a storm or an earthquake reports tolls for several places at once: the
whole, a state, a county, a collapsed building. Whether "Georgia" is somewhere in the
sentence says little; what matters is the place the figure itself is attached to:

* a preposition of place right before or after it ("11 died in Georgia", "in Georgia, at
  least 11 died", "across six states");
* a possessive ("Georgia's toll rose to 25", "the county's 57 deaths");
* a place heading its line or sentence ("Georgia: at least 11 deaths");
* words that name the widest scope ("statewide", "nationwide", "in all", "combined").

A fact may name where it applies (``where`` in the story file); the story may list its
places and which lies inside which (``[[places]]``). A figure attached to a place is tied
only to a fact of that place; a figure attached to a narrower or another place is not the
wider place's total, and one attached to several places ("in Turkey and Syria") is their
combined figure. Places the story does not list but that are plainly narrower ("Pinellas
County", "Hatay province") count as some other, narrower place.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

# Nouns that make a capitalized name a sub-national place: "Pinellas County", "Hatay
# province", "the city of Antakya".
_SUBPLACE = re.compile(
    r"\b(?:[A-Z][\w.'-]+\s+){1,3}(?:County|Parish|Province|province|District|district"
    r"|Prefecture|prefecture|Borough|Township|City|Governorate|governorate)\b"
    r"|\b(?:the\s+)?(?:city|town|village|county|province|district)\s+of\s+[A-Z][\w'-]+",
)
# The widest scope: the whole the story is about.
WIDEST = re.compile(
    r"\b(?:statewide|nationwide|countrywide|in\s+all|in\s+total|combined|overall|altogether"
    r"|across\s+(?:the\s+)?(?:state|country|region|nation|states|countries|\w+\s+states"
    r"|\w+\s+countries|\w+\s+provinces|\w+\s+counties))\b",
    re.IGNORECASE,
)
# "11 in Florida", "5 died in Pinellas": a proper name after a preposition of place.
_NAMED_AFTER = re.compile(
    r"(?:\s+[a-z][\w'-]*){0,4}?\s+(?:in|across|throughout|from)\s+(?P<n>[A-Z][\w'-]+)"
)
_NOT_PLACES = frozenset(
    {m.lower() for m in calendar.month_name if m}
    | {d.lower() for d in calendar.day_name}
    | {"the", "a", "an"}
)
_BEFORE_PREP = re.compile(
    r"\b(?:in|across|throughout|from|for|at|inside|within|outside)\s+(?:the\s+)?$", re.I
)


@dataclass(frozen=True)
class Gazetteer:
    """The story's places: every name and alias, the canonical name it stands for, and the
    places each one lies inside."""

    canonical: dict[str, str] = field(default_factory=dict)  # lower-case name → canonical
    inside: dict[str, frozenset[str]] = field(default_factory=dict)  # canonical → ancestors
    pattern: re.Pattern[str] | None = None

    @classmethod
    def of(cls, places: list, wheres: list[list[str]]) -> Gazetteer:
        """Build from the story's ``[[places]]`` and every fact's ``where`` names."""
        canonical: dict[str, str] = {}
        parent: dict[str, str | None] = {}
        for place in places:
            canonical[place.name.lower()] = place.name
            for alias in place.aliases:
                canonical[alias.lower()] = place.name
            parent[place.name] = place.within
        for names in wheres:
            for name in names:
                canonical.setdefault(name.lower(), name)
                parent.setdefault(canonical[name.lower()], None)
        inside = {name: frozenset(_ancestors(name, parent)) for name in parent}
        if not canonical:
            return cls()
        names = sorted(canonical, key=len, reverse=True)
        pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])",
            re.IGNORECASE,
        )
        return cls(canonical, inside, pattern)

    def resolve(self, words: set[str]) -> frozenset[str]:
        """Canonical names of ``words`` (names or aliases)."""
        return frozenset(self.canonical.get(w.lower(), w) for w in words)

    def within(self, place: str, wider: str) -> bool:
        """True when ``place`` lies inside ``wider`` (directly or further down)."""
        return wider in self.inside.get(place, frozenset())


def _ancestors(name: str, parent: dict[str, str | None]) -> list[str]:
    out, seen = [], {name}
    node = parent.get(name)
    while node and node not in seen:
        out.append(node)
        seen.add(node)
        node = parent.get(node)
    return out


@dataclass(frozen=True)
class Attachment:
    """The places a figure is attached to. ``places``: the story's places; ``other``: a
    plainly narrower place the story does not list; ``widest``: "statewide", "in all"."""

    places: frozenset[str] = frozenset()
    other: bool = False
    widest: bool = False
    elsewhere: bool = False  # "in Florida" when the story does not list Florida

    @property
    def none(self) -> bool:
        return not self.places and not self.other and not self.widest


def attachment(
    sentence: str, start: int, end: int, lo: int, hi: int, gazetteer: Gazetteer
) -> Attachment:
    """The places the figure at ``sentence[start:end]`` is attached to, looking in its own
    stretch ``[lo, hi)`` (the clause, cut at neighbouring figures)."""
    stretch = sentence[lo:hi]
    widest = bool(WIDEST.search(stretch))
    found: set[str] = set()
    if gazetteer.pattern is not None:
        for m in gazetteer.pattern.finditer(sentence, lo, hi):
            if _attached(sentence, m.start(), m.end(), start, end, lo):
                found.add(gazetteer.canonical[m.group().lower()])
    if not found and gazetteer.pattern is not None:
        head = gazetteer.pattern.match(sentence, len(sentence) - len(sentence.lstrip(" \"'-•\n")))
        if head and sentence[head.end() : head.end() + 1] == ":":
            found.add(gazetteer.canonical[head.group().lower()])  # "Georgia: at least 11 died"
    other = False
    if not found:
        for m in _SUBPLACE.finditer(sentence, lo, hi):
            if _attached(sentence, m.start(), m.end(), start, end, lo) and not (
                gazetteer.pattern and gazetteer.pattern.search(m.group())
            ):
                other = True
    elsewhere = False
    if not found and not other:
        named = _NAMED_AFTER.match(sentence, end)
        elsewhere = bool(named) and named.group("n").lower() not in _NOT_PLACES
    return Attachment(frozenset(found), other, widest and not found, elsewhere)


def _attached(sentence: str, p_start: int, p_end: int, start: int, end: int, lo: int) -> bool:
    """A place phrase attached to the figure: after a preposition of place, a possessive,
    the head of the line ("Georgia: …"), or the subject right before the verb of the
    figure's clause ("Georgia reported 25 deaths")."""
    if _BEFORE_PREP.search(sentence, max(0, p_start - 16), p_start):
        return True
    tail = sentence[p_end : p_end + 3]
    if tail.startswith(("'s", "’s", "'", "’")):
        return True
    if tail.startswith(":") and not sentence[lo:p_start].strip(" \"'-•\n"):
        return True
    # "Georgia alone", "Turkey has reported", "the county confirmed": the subject of the
    # clause, before the figure
    return p_end <= start and not sentence[lo:p_start].strip(" \"'-•\n,")


def place_fits(
    where: frozenset[str], attached: Attachment, gazetteer: Gazetteer, paragraph_places: set[str]
) -> bool:
    """May a figure with ``attached`` places be tied to a fact of ``where`` (empty: the
    story's whole)?"""
    if not where:
        # the whole: not a figure attached to one listed place, or to a narrower place
        if attached.widest or not attached.places:
            return not attached.other and not attached.elsewhere
        return len(attached.places) > 1 and not _one_inside_another(attached.places, gazetteer)
    if attached.widest or attached.other or attached.elsewhere:
        return False
    if attached.places:
        return attached.places == where
    return bool(where & paragraph_places)


def _one_inside_another(places: frozenset[str], gazetteer: Gazetteer) -> bool:
    # "in Asheville, North Carolina": one place named by its parts, not several places
    return any(gazetteer.within(a, b) for a in places for b in places if a != b)
