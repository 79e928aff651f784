"""Another occurrence of the story's kind of event, read from the words around it.

A disaster story is about one occurrence (or a day's pair: the quake and its big aftershock),
but its coverage also reports others: a new quake two weeks later, "another tremor", "a
new fire". Their figures are no fact's. Three shapes are read here, from text alone:

* a span after the event: "a 5.9 quake shook the valley three weeks after the deadly
  quake", "Twenty minutes after the quake, a 5.9 tremor was felt" — the occurrence named
  outside the "after" clause is another one (the clause itself tells the story's event and
  keeps its figures);
* a marked noun: "another 5.9 magnitude tremor that hit the coast on March 2 killed four
  people", "two new brushfires broke out", "the new fire … was 90 percent contained";
* a threshold of counted shocks: "aftershocks above magnitude 4.5", "some 40 of them stronger
  than magnitude 5" (a bound on many, not the measure of one).

Only natural hazards count as occurrences here (quakes, storms, fires): a series story's
own nouns ("strike", "attack") name the story's occurrences, never another one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_NOUNS = (
    r"(?:earthquake|quake|tremor|temblor|aftershock|storm|hurricane|typhoon|cyclone"
    r"|(?:wild|brush|bush)?fire|blaze|tsunami)"
)
# the plural ending of the nouns above ("blazes", "tremors")
_PLURAL = r"(?:e?s)"
OCCURRENCE = re.compile(rf"\b{_NOUNS}{_PLURAL}?\b", re.IGNORECASE)
# what the "after" clause may name as the story's event
_EVENT_WORDS = re.compile(rf"\b(?:{_NOUNS}{_PLURAL}?|disasters?|catastrophe)\b", re.IGNORECASE)
# "two weeks after", "a day after", "days following": a span after the event
_SPAN_AFTER = re.compile(
    r"\b(?P<unit>minute|hour|day|week|month|year)s?\s+(?:after|following)\s+", re.IGNORECASE
)
# the words of the span before its unit: "more than a", "nearly two", "10"
_SPAN_LEAD = re.compile(
    r"(?:\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty|sixty|ninety|hundred|dozen|couple\s+of|few"
    r"|several|just|only|nearly|almost|about|around|some|more\s+than|less\s+than|over"
    r"|under|barely|exactly|\d+)\s+)*$",
    re.IGNORECASE,
)
# what may come before a fronted span: "About", "Nearly", a dateline "Adana (Turkey):"
_FRONT = re.compile(
    r"\s*(?:[^,.;:]{0,40}:\s*)?(?:(?:about|nearly|almost|just|only|some|more\s+than)\s+)?",
    re.IGNORECASE,
)
# what ends the words a span modifies, going back: a dash, a sentence's end, a colon
_BREAK = re.compile(r"\s[-–—]\s|[.!?]\s|:\s*|;")
_CLAUSE_END = re.compile(r"[,;:()\u2013\u2014]|\s-\s|$")
# an occurrence introduced as new to the text: "a 5.9 magnitude quake", "A magnitude-5.9
# quake", "hit by 5.9 magnitude quake"
_INTRODUCED = re.compile(
    r"(?:\b(?:a|an)\s+(?:[\w.-]+[\s-]+){0,3}|\d[\d.]*[\s-]+(?:[\w-]+[\s-]+){0,2})$",
    re.IGNORECASE,
)
# Marks of the story's own event on a noun phrase ("the initial", "the deadly").
STORY_MARKS = re.compile(
    r"\b(?:initial|first|main|original|previous|earlier|deadly|deadliest|devastating|massive"
    r"|huge|catastrophic|powerful|twin|major|big|great|destructive|disastrous)\b",
    re.IGNORECASE,
)
# a preposition before a noun phrase: the occurrence is no subject of its own
_GOVERNED = re.compile(
    r"\b(?:in|from|of|during|since|before|after|amid|following|like|than|to)\s+$", re.I
)
# "another 5.9 magnitude tremor", "two new brushfires", "the other two fires", "a fresh quake":
# the words between are modifiers (no function word, no plural noun: not "new survivors
# as quake")
_MODIFIER = (
    r"(?!(?:as|and|or|but|of|in|on|at|to|for|with|by|from|that|which|who|the|a|an|is|was"
    r"|were|are|has|have)\b)(?:[\d.,]+(?:-\w+)?|[\w-]*[^\Ws])"
)
_MARKED = re.compile(
    rf"\b(?:another|other|new|fresh|separate)\s+(?:{_MODIFIER}[\s-]+){{0,3}}?"
    rf"(?P<noun>{_NOUNS}{_PLURAL}?)\b",
    re.IGNORECASE,
)
# a new main clause ends what a marked subject governs
_MAIN_BREAK = re.compile(r",\s*(?:and|but|while|as|whereas)\b|;|:", re.IGNORECASE)
# "above magnitude 5", "of more than 5", "at least 6.0"
_THRESHOLD_BEFORE = re.compile(
    r"\b(?:above|over|greater\s+than|higher\s+than|stronger\s+than|larger\s+than"
    r"|more\s+than|exceeding|at\s+least)\s+(?:a\s+)?(?:(?:magnitude|category)[\s-]+(?:of\s+)?)?$",
    re.IGNORECASE,
)
# "magnitude 5 or more", "Category 3 or higher", "5.0-magnitude or stronger"
_OR_MORE = re.compile(
    r"(?:[\s-]*magnitude)?\s+or\s+(?:more|higher|greater|above|stronger|larger)\b", re.I
)
# where the scale's words before the figure begin ("of Category ", "magnitude ")
_SCALE_WORDS = re.compile(r"(?:\b(?:of\s+)?(?:magnitude|category)[\s-]+(?:of\s+)?)?$", re.I)
# what the threshold bounds: shocks in the plural ("aftershocks above", "quakes of at
# least") or a counted set ("30 of which were above")
_MANY_BEFORE = re.compile(
    rf"(?:\b{_NOUNS}e?s\s+(?:[\w-]+\s+){{0,3}}?|\b\d[\d,]*\s+of\s+(?:which|them|those)"
    r"\s+(?:[\w-]+\s+){0,2}?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Span:
    """Where a sentence tells the story's event after a span, and how long the span is."""

    start: int  # the span's first word ("two" of "two weeks after")
    end: int  # the end of the "after" clause that tells the story's event
    unit: str  # minute | hour | day | week | month | year

    @property
    def same_day(self) -> bool:
        """A span in minutes or hours: the day's later event, not another occurrence."""
        return self.unit in ("minute", "hour")

    @property
    def days(self) -> int:
        """The least number of days the span stands for (0 for minutes and hours)."""
        return {"day": 1, "week": 7, "month": 28, "year": 365}.get(self.unit, 0)


def span_after(sentence: str, series: frozenset[str] = frozenset()) -> Span | None:
    """The span after the story's event that introduces another occurrence in ``sentence``
    ("A 5.9 quake shook the valley … three weeks after the deadly quake"), or None.

    The "after" clause must name an event, and the rest of the sentence must introduce an
    occurrence of a natural hazard (not one of the story's ``series`` nouns) as new: with
    "a"/"an", after a measure, or opening a headline."""
    for m in _SPAN_AFTER.finditer(sentence):
        lead = _SPAN_LEAD.search(sentence, 0, m.start())
        start = lead.start() if lead else m.start()
        end = _CLAUSE_END.search(sentence, m.end()).start()
        if not _EVENT_WORDS.search(sentence, m.end(), end):
            continue
        # the occurrence is told in the clause the span modifies: the main clause after a
        # fronted span ("Twenty minutes after the quake, a 5.9 tremor was felt"), else
        # the words before it, back to a break ("… – Rescuers …")
        if not _FRONT.fullmatch(sentence, 0, start):
            lo = max((b.end() for b in _BREAK.finditer(sentence, 0, start)), default=0)
            hi = start
        else:
            lo = end
            brk = _MAIN_BREAK.search(sentence, end + 1)
            hi = brk.start() if brk else len(sentence)
        if _new_occurrence(sentence, lo, hi, series):
            return Span(start, end, m.group("unit").lower())
    return None


def _new_occurrence(sentence: str, lo: int, hi: int, series: frozenset[str]) -> bool:
    """An occurrence noun in ``sentence[lo:hi]`` introduced as new: "a 5.9 magnitude
    quake", "hit by 5.9 magnitude quake", or opening a headline."""
    for noun in OCCURRENCE.finditer(sentence, lo, hi):
        word = noun.group().lower()
        if word.endswith("s") or word in series:
            continue  # "weeks after the fires, fire crews …": no one occurrence
        if sentence[noun.start() - 1 : noun.start()] == "-" or sentence.startswith(
            ("-", "'", "’"), noun.end()
        ):
            continue  # "earth-quake afflicted", "the quake's epicentre"
        if not sentence[lo : noun.start()].strip():
            return True  # "Quake strikes the valley two weeks after …" (a headline)
        intro = _INTRODUCED.search(sentence, max(lo, noun.start() - 40), noun.start())
        if intro is None or STORY_MARKS.search(sentence, intro.start(), noun.start()):
            continue  # "in a catastrophic earthquake": the story's own, told again
        if _GOVERNED.search(sentence, max(lo, intro.start() - 20), intro.start()):
            continue  # "lost their homes in a quake, three days after …": not the subject
        return True
    return False


def marked_occurrence(sentence: str, series: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Stretches of ``sentence`` governed by an occurrence marked as another one ("another
    5.9 magnitude tremor that hit the coast on March 2 killed four people"): from the noun to the
    next main clause."""
    out = []
    for m in _MARKED.finditer(sentence):
        if m.group("noun").lower().rstrip("s") in series:
            continue
        brk = _MAIN_BREAK.search(sentence, m.end())
        out.append((m.start(), brk.start() if brk else len(sentence)))
    return out


def is_threshold(sentence: str, start: int, end: int) -> bool:
    """The measure starting at ``start`` bounds many shocks ("aftershocks above magnitude
    4.5", "some 40 of them stronger than magnitude 5"): a threshold, no one shock's measure.
    "A quake of at least magnitude 6.2" (one shock) stays a measure."""
    comparative = _THRESHOLD_BEFORE.search(sentence, max(0, start - 40), start)
    if comparative is None and not _OR_MORE.match(sentence, end):
        return False
    at = comparative.start() if comparative else _SCALE_WORDS.search(sentence, 0, start).start()
    return bool(_MANY_BEFORE.search(sentence, max(0, at - 60), at))


@dataclass(frozen=True, slots=True)
class OtherOccurrence:
    """Another occurrence an article's headline or lead reports ("a 5.9 quake struck two
    weeks after …"): its measures and days, for the article's later mentions of it."""

    measures: frozenset[tuple[str | None, float]] = frozenset()
    days: frozenset[date] = frozenset()
    span_days: int = 0  # the story's event lies at least this many days before it

    def merged(self, other: OtherOccurrence) -> OtherOccurrence:
        """Both leads' findings together."""
        return OtherOccurrence(
            self.measures | other.measures,
            self.days | other.days,
            max(self.span_days, other.span_days),
        )


# Kinds of natural hazard, by the nouns news uses for them. Storms and floods are one kind
# (a storm story reports its floods, a flood story its storm), so are quakes and tsunamis.
_KINDS = {
    "quake": r"earthquakes?|quakes?|tremors?|temblors?|aftershocks?|seismic|tsunamis?",
    "weather": r"storms?|hurricanes?|typhoons?|cyclones?|tornado(?:e?s)?|floods?|flooding"
    r"|deluges?",
    "fire": r"(?:wild|brush|bush|forest)?fires?|blazes?|infernos?",
    "volcano": r"volcano(?:e?s)?|eruptions?",
}
_KIND_RE = {kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in _KINDS.items()}


def hazard_kinds(text: str) -> frozenset[str]:
    """The kinds of natural hazard ``text`` names ("a flood after the storm" → weather)."""
    return frozenset(kind for kind, pattern in _KIND_RE.items() if pattern.search(text))
