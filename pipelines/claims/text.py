"""Text as it arrives: normalization that keeps offsets, sentences, words and clauses.

Every function here keeps character offsets valid for the ORIGINAL text: normalization
only swaps one character for one character (curly quotes → straight, exotic spaces → a
plain space, dashes → one dash), so a span found in the normalized text is the same span
in the text the caller passed in.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

# One character in, one character out: offsets never move.
_SAME_LENGTH = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u2013": "\u2013",
        "\u2014": "\u2014",
        "\u00ad": " ",  # soft hyphen: invisible, but must keep its slot
        "\u200b": " ",
        "\t": " ",
        # Arabic-Indic and Eastern Arabic-Indic (Persian, Urdu) digits, and the Arabic
        # decimal and thousands marks: the same figures, read as Western digits
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        "\u066b": ".",
        "\u066c": ",",
    }
)


_SPECIAL = re.compile("[" + "".join(chr(c) for c in _SAME_LENGTH) + "]")


def normalize(text: str) -> str:
    """Return ``text`` with quotes, spaces and hyphens made plain, same length as the input."""
    # Translating only the few special characters is much faster than str.translate on
    # the whole text (which walks every character through a dict).
    return _SPECIAL.sub(lambda m: m.group().translate(_SAME_LENGTH), text)


# Abbreviations whose trailing period does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "approx",
        "est",
        "dept",
        "univ",
        "ft",
        "mt",
        "rev",
        "fig",
        "al",
    ]
)
# Words that, capitalized after "U.S." or a similar initialism, really do start a sentence.
_SENTENCE_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "this",
        "that",
        "these",
        "those",
        "but",
        "and",
        "in",
        "on",
        "at",
        "after",
        "before",
        "when",
        "while",
        "his",
        "her",
        "their",
        "its",
        "our",
        "there",
        "however",
        "meanwhile",
        "still",
        "yet",
        "so",
    ]
)
_BREAK = re.compile(r"[.!?]+['\")\]]*(?=\s)|\n")
_NEXT_WORD = re.compile(r"\s*['\"(\[]?([A-Za-z0-9]\w*)?")
_PREV_TOKEN = re.compile(r"(\S+)$")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence; newlines always end one (headlines, captions).

    Periods after abbreviations ("Gen.", "Nov."), single initials ("Gerald R. Ford") and
    initialisms ("U.S.", "D.C.") do not end a sentence unless the next word is a common
    sentence opener ("... in the U.S. The next day").
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BREAK.finditer(text):
        end = match.end()
        if match.group() != "\n" and not _ends_sentence(text, match.start(), end):
            continue
        _append_trimmed(spans, text, start, end)
        start = end
    _append_trimmed(spans, text, start, len(text))
    return spans


def _ends_sentence(text: str, dot: int, end: int) -> bool:
    following = _NEXT_WORD.match(text, end)
    next_word = following.group(1) if following else None
    if next_word is None:
        rest = text[end : end + 3].lstrip(" ")
        # "Washington, D.C. – December 1": a dash or comma carries the sentence on.
        return not rest or rest[0] not in "-\u2013\u2014,;:"
    if next_word[0].islower():
        return False
    if text[dot] != ".":
        return True
    prev = _PREV_TOKEN.search(text, max(0, dot - 40), dot + 1)
    token = prev.group(1) if prev else ""
    bare = token.rstrip(".").lstrip("(\"'").lower()
    if bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()):
        return False
    if _INITIALISM.match(token.lstrip("(\"'")):
        return next_word.lower() in _SENTENCE_STARTERS
    return True


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


_WORD = re.compile(r"[\w$€£%]+(?:['.\-/][\w$€£%]+)*")


@dataclass(frozen=True, slots=True)
class Words:
    """Word positions of one sentence, to measure distances in words cheaply."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, sentence: str) -> Words:
        """Index the words of ``sentence``."""
        starts, ends = [], []
        for m in _WORD.finditer(sentence):
            starts.append(m.start())
            ends.append(m.end())
        return cls(starts, ends)

    def index_at(self, pos: int) -> int:
        """Index of the word that contains or follows character ``pos``."""
        return bisect.bisect_right(self.ends, pos)

    def gap(self, a_start: int, a_end: int, b_start: int, b_end: int) -> int:
        """Number of whole words strictly between two spans (0 when adjacent or overlapping)."""
        if a_end <= b_start:
            left, right = a_end, b_start
        elif b_end <= a_start:
            left, right = b_end, a_start
        else:
            return 0
        return max(0, bisect.bisect_right(self.ends, right) - bisect.bisect_left(self.starts, left))


# Where one clause ends and the next begins. Commas are not boundaries (appositions and
# parentheticals keep a figure with its subject); subordinators and strong punctuation are.
# A time of day is not a clause: "hit at 3:42 a.m. on Sunday", "hit shortly before dawn on
# Sunday", "was first seen just after midnight on Friday", "hit at 9:15 pm (1815 GMT)".
_BOUNDARY = re.compile(
    r"[;()\u2013\u2014]|(?<!\d):(?!\d)|\s-\s|\b(which|who|whom|whose|where|when|whereas|while"
    r"|(?:after|before)(?!\s+(?:dawn|daybreak|sunrise|sunset|midnight|noon|nightfall|first\s+light"
    r"|\d{1,2}(?::\d\d)?\s*[ap]\.?m\b))"
    r"|because|although|though|unless|until|if|but|that|since|followed\s+by)\b",
    re.IGNORECASE,
)
# A time or a measure converted, in brackets, is no clause either: "(1815 GMT)", "(140mph)",
# "(2km)", "(4 a.m. GMT)"; a bare number in brackets ("South Carolina (49)") still is one.
_SHORT_PARENS = re.compile(
    r"\(\s*\d[\d.,:]*\s*(?:[ap]\.?m\.?\s+)?[A-Za-z][A-Za-z/]{0,11}\.?\s*\)", re.IGNORECASE
)
_RELATIVE = frozenset({"which", "who", "whom", "whose", "that", "where"})
# "that" after these is a demonstrative or a fixed phrase, not a clause opener.
_NOT_CLAUSE_THAT = re.compile(
    r"(?:\b(?:of|in|on|at|for|with|by|from|to|like|about|and|so|now)\s+)$", re.I
)


@dataclass(frozen=True, slots=True)
class Boundary:
    """A clause boundary: its character span and the opening word ('' for punctuation)."""

    start: int
    end: int
    word: str


def clause_boundaries(sentence: str, protected: list[tuple[int, int]]) -> list[Boundary]:
    """Clause boundaries in ``sentence``, ignoring any inside ``protected`` spans (figures)."""
    out = []
    times = [m.span() for m in _SHORT_PARENS.finditer(sentence)] if "(" in sentence else []
    for m in _BOUNDARY.finditer(sentence):
        if any(s <= m.start() < e for s, e in (*protected, *times)):
            continue
        word = (m.group(1) or "").lower()
        if word == "that" and (
            _NOT_CLAUSE_THAT.search(sentence, 0, m.start())
            or _is_performative_that(sentence, m.start(), m.end())
        ):
            continue
        out.append(Boundary(m.start(), m.end(), word))
    return _without_asides(sentence, out)


_DASH = re.compile(r"\s*(?:\u2013|\u2014|\s-\s|--)\s*")
_FIGURE_IN = re.compile(r"\d")


def _without_asides(sentence: str, boundaries: list[Boundary]) -> list[Boundary]:
    """Drop the two dashes around a short aside that holds no figure ("450,000 homes — most of
    them in the valley towns — had no electricity"): the clause runs through it."""
    dashes = [b for b in boundaries if not b.word and _DASH.fullmatch(sentence[b.start : b.end])]
    drop: set[int] = set()
    for a, b in itertools.pairwise(dashes):
        inner = sentence[a.end : b.start]
        if a.start in drop or len(inner) > 60 or _FIGURE_IN.search(inner) or "," in inner:
            continue
        drop |= {a.start, b.start}
    return [b for b in boundaries if b.start not in drop]


# "The minister said on Tuesday that the port should be considered closed": saying it was
# the event, so the that-clause belongs with the date. "The mayor confirmed on Monday that
# she spoke with the minister" reports an earlier event: there the clause boundary stays.
_DECLARING = re.compile(
    r"\b(?:said|says|say|announced|announces|announcing|announcement|declared|declares"
    r"|declaring|declaration|wrote|writes|posted|posts|warned|warns|ordered|orders|stated"
    r"|tweeted|decreed|proclaimed|insisted)\b(?:\W+\w+){0,5}\W*$",
    re.IGNORECASE,
)
_PRESENT_OR_MODAL = re.compile(r"\b(?:should|must|will|would|shall|is|are|can|be)\b", re.IGNORECASE)
_PAST_EVENT = re.compile(
    r"\b(?:had|has\s+been|was|were|did|occurred|happened|took\s+place|spoke|held|called|met)\b",
    re.IGNORECASE,
)
_STRONG_END = re.compile(r"[;:()\u2013\u2014]|\s-\s|$")


def _is_performative_that(sentence: str, start: int, end: int) -> bool:
    if not _DECLARING.search(sentence, max(0, start - 60), start):
        return False
    stop = _STRONG_END.search(sentence, end)
    complement = sentence[end : stop.start() if stop else len(sentence)]
    return bool(_PRESENT_OR_MODAL.search(complement)) and not _PAST_EVENT.search(complement)


def clause_of(pos: int, boundaries: list[Boundary], length: int) -> tuple[int, int, str, int]:
    """Return ``(start, end, opener, index)`` of the clause holding ``pos``.

    ``opener`` is the subordinating word that opens the clause ('' when it opens with
    punctuation or at the sentence start); ``index`` is the number of boundaries before it.
    """
    starts = [b.start for b in boundaries]
    i = bisect.bisect_right(starts, pos)
    start = boundaries[i - 1].start if i else 0
    opener = boundaries[i - 1].word if i else ""
    end = boundaries[i].start if i < len(boundaries) else length
    return start, end, opener, i


def is_relative_opener(word: str) -> bool:
    """True when ``word`` opens a relative clause that describes the noun before it."""
    return word in _RELATIVE
