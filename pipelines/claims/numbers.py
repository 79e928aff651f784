"""Number grammar: a figure, its qualifier, its kind, its unit and the noun it counts.

Reads digits ("15,000", "7.7 million", "1.8m", "$50 million", "US$25m", "over 70%"), words
("eleven", "a dozen", "two hundred"), vague plurals ("dozens of", "scores of") and
hyphenated compounds ("a one-week window", "83-strong"). Qualifiers come from the words just
before ("at least", "more than", "some", "up to", "between … and …") or after ("or more").

Not counts: ordinals ("22nd"), times ("9 p.m."), phone numbers, street addresses, ages
("aged 45", "a 45-year-old", "Smith, 45,"), model names ("F-35", "Plan 200") and years
("in 2013", "’91", "the 1989 invasion"), which are returned flagged as years so the caller
can make them date claims.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass

from factdrift.pipelines import units
from factdrift.pipelines.claims.lexicon import PAST_VERBS

_UNITS_W = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_W = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_W = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SMALL_W = rf"(?:(?:{_TENS_W})(?:[-\s](?:{_UNITS_W}))?|{_TEENS_W}|{_UNITS_W})"
_WORDS_W = (
    # "half a million", "a quarter of a million", "one and a half million"
    rf"(?:(?:half\s+a|a\s+quarter\s+of\s+a|{_SMALL_W}\s+and\s+a\s+half)"
    r"(?=\s+(?:thousand|million|billion)\b)"
    rf"|{_SMALL_W}(?:\s+hundred(?:\s+(?:and\s+)?{_SMALL_W})?)?|half\s+a\s+dozen|a\s+dozen"
    r"|a\s+couple\s+of|a\s+pair\s+of|a(?=\s+(?:hundred|thousand|million|billion)\b))"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY = r"US\s?\$|U\.S\.\s?\$|A\$|C\$|\$|€|£|USD\s?|EUR\s?|GBP\s?"

_FIGURE_BODY = (
    rf"(?P<cur>{_CURRENCY})?"
    rf"(?:(?P<dig>{_DIGITS})|\b(?P<word>{_WORDS_W})\b)"
    r"(?P<scale>\s+(?:hundred|thousand|million|billion|trillion)\b|(?:m|mn|bn|b|k|tn)\b)?"
    r"(?P<scale2>\s+(?:thousand|million|billion)\b)?"
    r"(?P<pct>\s?%|\s+per\s?cent\b|\s+percent\b)?"
)
# A figure may not be glued to a word, a slash or a letter-hyphen ("F-35", "G20", "24/7"),
# except a scale's hyphen ("a magnitude-7.1 quake", "a Category-4 hurricane").
FIGURE = re.compile(
    r"(?<![\w/.,])(?:(?<!\w-)|(?<=magnitude-)|(?<=category-)|(?<=level-))" + _FIGURE_BODY,
    re.IGNORECASE,
)
# The second end of a range may follow a hyphen ("80-90").
_SECOND_FIGURE = re.compile(_FIGURE_BODY, re.IGNORECASE)
VAGUE = re.compile(
    r"\b(?P<v>tens\s+of\s+thousands|hundreds\s+of\s+thousands|dozens|scores|hundreds|thousands"
    r"|millions|billions)\s+of\b",
    re.IGNORECASE,
)
#: "dozens of" means at least two dozen, and so on (documented in docs/claims.md).
VAGUE_FLOOR = {
    "dozens": 24.0,
    "scores": 40.0,
    "hundreds": 200.0,
    "thousands": 2000.0,
    "millions": 2e6,
    "billions": 2e9,
    "tens of thousands": 20000.0,
    "hundreds of thousands": 200000.0,
}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_WORD_VALUES = {
    w: float(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_WORD_VALUES.update({w: float(10 * (i + 2)) for i, w in enumerate(_TENS_W.split("|"))})
_WORD_VALUES.update({"dozen": 12.0, "couple": 2.0, "pair": 2.0, "a": 1.0})

# Qualifier phrases just before a figure → qualifier. Longest phrases are tried first.
_PREFIX_QUALIFIERS = {
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "a minimum of": "at_least",
    "at a minimum": "at_least",
    "at minimum": "at_least",
    "at the very least": "at_least",
    "not less than": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "in excess of": "more_than",
    "exceeding": "more_than",
    "exceeded": "more_than",
    "upwards of": "more_than",
    "upward of": "more_than",
    "north of": "more_than",
    "greater than": "more_than",
    "well over": "more_than",
    "just over": "more_than",
    "about": "about",
    "approximately": "about",
    "approx.": "about",
    "around": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "an approximate": "about",
    "circa": "about",
    "on the order of": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "just shy of": "nearly",
    "approaching": "nearly",
    "nears": "nearly",
    "nearing": "nearly",
    "neared": "nearly",
    "approaches": "nearly",
    "passes": "more_than",
    "passed": "more_than",
    "surpasses": "more_than",
    "surpassed": "more_than",
    "tops": "more_than",
    "topped": "more_than",
    "exceeds": "more_than",
    "surpassing": "more_than",
    "crossed": "more_than",
    "crosses": "more_than",
    "crossing": "more_than",
    "past": "more_than",
    "passing": "more_than",
    "topping": "more_than",
    "beyond": "more_than",
    "up to": "up_to",
    "as many as": "up_to",
    "as much as": "up_to",
    "a maximum of": "up_to",
    "no more than": "up_to",
    "not more than": "up_to",
    "at most": "up_to",
    "at the most": "up_to",
    "at a maximum": "up_to",
    "less than": "less_than",
    "fewer than": "less_than",
    "under": "less_than",
    "below": "less_than",
    "not even": "less_than",
}
_PREFIX_RE = re.compile(
    r"(?:^|(?<=[\s(\"'\u2014\u2013-]))(?P<q>"
    + "|".join(
        re.escape(p).replace(r"\ ", r"\s+")
        for p in sorted(_PREFIX_QUALIFIERS, key=len, reverse=True)
    )
    + r")\s*$",
    re.IGNORECASE,
)
_POSTFIX_QUALIFIERS = re.compile(
    r"(?:\s+or\s+(?P<more>more|greater|higher|above)|\s*\+(?!\d)|-plus\b|\s+or\s+so\b(?P<so>)"
    r"|\s+or\s+(?P<fewer>fewer|less|lower|below))",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\b(?P<w>between|from)\s+$", re.IGNORECASE)
_CHANGE_VERB = re.compile(
    r"\b(?:rose|rising|risen|climbed|increased|jumped|grew|fell|dropped|declined|went|up|down"
    r"|revised|raised|lowered|soared|surged)\b[^.,;]{0,30}$",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"(?:\s*(?:-|\u2013|\u2014)\s*|\s+to\s+|\s+and\s+)", re.IGNORECASE)

DURATION_UNITS = {
    "second": "seconds",
    "minute": "minutes",
    "hour": "hours",
    "day": "days",
    "week": "weeks",
    "fortnight": "fortnights",
    "month": "months",
    "year": "years",
    "decade": "decades",
    "century": "centuries",
}
# Exact conversions between duration units (months and days are not exact: not converted).
_DURATION_FACTORS = {
    ("weeks", "days"): 7.0,
    ("fortnights", "days"): 14.0,
    ("fortnights", "weeks"): 2.0,
    ("days", "hours"): 24.0,
    ("weeks", "hours"): 168.0,
    ("hours", "minutes"): 60.0,
    ("years", "months"): 12.0,
    ("decades", "years"): 10.0,
}


def duration_factor(unit: str, target: str) -> float | None:
    """Multiply a duration in ``unit`` by this to get ``target`` units (None: no exact way)."""
    unit = DURATION_UNITS.get(unit.rstrip("s"), unit)
    target = DURATION_UNITS.get(target.rstrip("s"), target)
    if unit == target:
        return 1.0
    if (unit, target) in _DURATION_FACTORS:
        return _DURATION_FACTORS[(unit, target)]
    back = _DURATION_FACTORS.get((target, unit))
    return 1.0 / back if back else None


MEASURE_UNITS = {
    "ton": "tons",
    "tonne": "tonnes",
    "metric ton": "metric tons",
    "kilogram": "kg",
    "kg": "kg",
    "kilo": "kg",
    "gram": "grams",
    "pound": "pounds",
    "lb": "pounds",
    "lbs": "pounds",
    "ounce": "ounces",
    "kilometer": "km",
    "kilometre": "km",
    "km": "km",
    "mile": "miles",
    "nautical mile": "nautical miles",
    "square mile": "square miles",
    "square kilometer": "square km",
    "meter": "meters",
    "metre": "meters",
    "foot": "feet",
    "feet": "feet",
    "inch": "inches",
    "inches": "inches",
    "centimeter": "cm",
    "cm": "cm",
    "millimeter": "mm",
    "mm": "mm",
    "barrel": "barrels",
    "gallon": "gallons",
    "liter": "liters",
    "litre": "liters",
    "acre": "acres",
    "hectare": "hectares",
    "mph": "mph",
    "km/h": "km/h",
    "kph": "km/h",
    "knot": "knots",
    "degree": "degrees",
    "megawatt": "MW",
    "mw": "MW",
}
_MONEY_WORDS = {
    "dollar": "usd",
    "dollars": "usd",
    "usd": "usd",
    "euro": "eur",
    "euros": "eur",
    "eur": "eur",
    "pounds sterling": "gbp",
    "bolivars": "ves",
    "pesos": "mxn",
}
_CURRENCY_CODES = {
    "$": "usd",
    "us$": "usd",
    "u.s.$": "usd",
    "usd": "usd",
    "€": "eur",
    "eur": "eur",
    "£": "gbp",
    "gbp": "gbp",
    "a$": "aud",
    "c$": "cad",
}
# A measure's unit glued to its number: "140mph", "225km/h", "15cm" (not "18E", "G20").
_GLUED_UNIT = re.compile(r"(?:mph|km/h|kph|km|cm|mm|kg|ft|in)\b", re.IGNORECASE)


# A speed written out: "140 miles per hour", "140 mile per hour winds", "225 kilometres an
# hour" (read as mph or km/h).
_SPEED = re.compile(
    r"[\s-]*(?:(?P<mi>miles?)|kilomet(?:er|re)s?)[\s-]+(?:per|an|a)[\s-]+hour\b", re.IGNORECASE
)


def _speed_at(text: str, pos: int) -> tuple[str, int] | None:
    """The speed unit written out at ``pos`` and where it ends, or None."""
    m = _SPEED.match(text, pos)
    return ("mph" if m.group("mi") else "km/h", m.end()) if m else None


_UNIT_WORD = re.compile(
    r"[\s-]*(?:of\s+(?=dollars|euros))?(?P<u>(?:metric|nautical|square)\s+[a-z]+|km/h|[a-z]+)",
    re.IGNORECASE,
)

# Spans that hold digits but no figure: times, phone numbers, SMS short codes, addresses,
# ordinals, ages.
_NOT_FIGURES = re.compile(
    r"(?=[\d(#NnAaTtLlPpIiSs\s\-\u2022])(?:\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|ET\b|EST\b)"
    r"|\b\d{1,2}:\d{2}\b"
    r"|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"
    r"|\b\d+\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.|Boulevard|Blvd\.?"
    r"|Lane|Drive|Way|Place|Court)\b"
    r"|\b\d+(?:st|nd|rd|th)\b"
    r"|\b\d+-years?-old\b|\b\d+\s+years?\s+old\b"
    # "aged 45", "aged 10 or 11", "ages 4 to 91", "ranging in age from 7 to 80"
    r"|\b(?:aged?|ages|in\s+age\s+from)\s+(?:between\s+|from\s+)?\d+(?:\s*(?:or|to|and|-|–)\s*\d+)?\b"
    r"|\b\d{4}s\b|\bNo\.\s*\d+|#\d+"
    # SMS short codes: "text the word HELP to 55000"
    r"|\btext(?:s|ed|ing)?\s+(?:[\w\"'-]+\s+){0,4}?to\s+\d{3,6}\b"
    # page furniture: gallery and related-list counters ("list 1 of 3", "Photo 2 of 12")
    r"|\b(?:list|photo|image|slide|picture|item|page)\s+\d+\s+(?:of|/)\s+\d+\b"
    r"|(?:^|(?<=\n))[\s\-\u2022]*\d+\s+(?:of|/)\s+\d+\b(?=\s*(?:$|\n|[A-Z]|\|))"
    # "1 of 3 | At least 40 people …": a caption's counter before a bar
    r"|\b\d+\s+of\s+\d+\s*\|)",
    re.IGNORECASE,
)
_AGE_APPOSITION = re.compile(r"[A-Z][a-z]+,\s+$")
_SPEAKER_AGE = re.compile(
    r"\b(?:says|said|adds|added|explains|explained|recalls|recalled)\s+(?:[A-Z][\w'’-]+\s+){0,3}"
    r"[A-Z][\w'’-]+,\s+$"
)

# The noun phrase after a figure stops at these (prepositions, verbs, conjunctions).
_NP_STOP = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "for",
        "with",
        "by",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "were",
        "was",
        "are",
        "is",
        "have",
        "has",
        "had",
        "been",
        "be",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "across",
        "since",
        "near",
        "off",
        "into",
        "over",
        "under",
        "during",
        "including",
        "than",
        "as",
        "per",
        "each",
        "a",
        "an",
        "the",
        "this",
        "these",
        "its",
        "their",
        "his",
        "her",
        "who",
        "whom",
        "while",
        "after",
        "before",
        "around",
        "about",
        "between",
        "among",
        "against",
        "along",
        "through",
        "toward",
        "towards",
        "out",
        "up",
        "down",
        "not",
        "now",
        "still",
        "remain",
        "remains",
        "remained",
        "said",
        "says",
        "according",
    ]
)
# Adverbs that follow a counted noun without being it ("eleven people aboard").
_NP_STOP |= frozenset(
    (
        *("aboard", "abroad", "ashore", "worldwide", "overall", "nationwide", "total"),
        *("apiece", "each", "there", "here", "too", "ago", "so", "thus", "until", "last"),
    )
)
# Time words end the noun phrase: "killed 215 people Thursday", "12 people overnight".
_NP_STOP |= frozenset(
    (
        *(d.lower() for d in calendar.day_name),
        *(m.lower() for m in calendar.month_name if m),
        *("today", "yesterday", "tonight", "overnight", "since", "after", "before", "as"),
    )
)
# Adverbs of time that end a noun phrase after its first word ("11 earlier strikes" keeps
# "earlier" as an adjective).
_NP_STOP_AFTER_HEAD = frozenset(
    ("earlier", "later", "this", "next", "recently", "again", "already", "now", "then", "yet")
)
# A state after a plural counted noun: "two million people homeless", "11 people dead" (not
# "115 confirmed dead", whose head is "dead").
_PREDICATIVE = frozenset(
    ("homeless", "dead", "alive", "missing", "injured", "wounded", "trapped", "displaced")
)
_NP_TOKEN = re.compile(r"\s*[\"']?\s*([A-Za-z][\w.'-]*)[\"']?")
_TITLE_WORD = re.compile(r"\b([A-Z][a-z]+)\s+$")
_NAME_OK = frozenset(
    [
        "magnitude",
        "category",
        "level",
        "force",
        "grade",
        "stage",
        "phase",
        "tier",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "some",
        "about",
        "nearly",
        "around",
        "over",
        "under",
        "roughly",
        "approximately",
        "almost",
        "just",
        "more",
        "fewer",
        "less",
        "up",
        "only",
        "another",
        "least",
        "than",
        "since",
        "by",
        "until",
        "from",
        "between",
        "and",
    ]
)
_YEAR_PREPOSITIONS = re.compile(
    r"\b(?:in|since|by|until|till|before|after|during|from|through|of|to|circa|early|late|mid)"
    r"[\s-]+$",
    re.IGNORECASE,
)
_APOSTROPHE_YEAR = re.compile(r"(?<![\w'])'(\d{2})\b(?![.,]?\d)")


@dataclass(slots=True)
class NumberMention:
    """One figure found in a sentence (offsets are into the sentence)."""

    start: int
    end: int
    ext_start: int  # start including the qualifier words ("at least 83")
    ext_end: int  # end including unit and post-qualifier ("19 tons", "20 or more")
    value: float
    value_high: float | None
    qualifier: str
    kind: str
    unit: str | None
    noun_phrase: str
    is_year: bool = False
    notes: tuple[str, ...] = ()

    @property
    def head(self) -> str:
        """Last word of the counted noun phrase, lower-case ('' when the number stands alone)."""
        words = self.noun_phrase.split()
        return words[-1].lower().strip("\"'.,") if words else ""


# "more than 2,100 dead and 4,800 injured", "exceeds 3,700 and 9,000 people
# injured": one comparative before two counts joined by "and" bounds both; not "at least 40
# remain missing and 63 are confirmed dead" (each count has its own verb).
_JOINED_COUNT = re.compile(r"(?:\s+[a-z]+)?\s+and\s+$")
_OWN_VERB = re.compile(
    r"\s+(?:are|were|is|was|have|has|had|remain|remained|died|were\s+killed)\b", re.IGNORECASE
)


def share_comparatives(numbers: list[NumberMention], sentence: str) -> None:
    """Give the second of two counts joined by "and" the first's comparative qualifier
    ("more than", "at least", "over") when it has none of its own."""
    for a, b in itertools.pairwise(numbers):
        if (
            a.kind == b.kind == "count"
            and a.qualifier in ("more_than", "at_least")
            and any(ch.isdigit() for ch in sentence[a.start : a.end])  # not "over a dozen"
            and b.qualifier == "exact"
            and b.value_high is None
            and _JOINED_COUNT.fullmatch(sentence, a.end, b.ext_start)
            and not _OWN_VERB.match(sentence, b.end)
        ):
            b.qualifier = a.qualifier
            b.notes = (*b.notes, f"{a.qualifier.replace('_', ' ')} shared with the count before")


def not_figure_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of times, phone numbers, addresses, ordinals and ages in ``sentence``."""
    spans = [m.span() for m in _NOT_FIGURES.finditer(sentence)]
    for ages in _AGES_OF.finditer(sentence):
        # "the ages of the 95 dead ranged from 4 to 91": the range is of ages, the 95 is not
        ranged = _RANGED_FROM.search(sentence, ages.end(), ages.end() + 80)
        if ranged:
            spans.append(ranged.span())
    return spans


_AGES_OF = re.compile(r"\bages\b", re.IGNORECASE)
_RANGED_FROM = re.compile(r"\brang(?:ed|e|es)\s+from\s+\d+\s+to\s+\d+\b", re.IGNORECASE)


_FRACTIONS = {"half a": 0.5, "a quarter of a": 0.25}


def parse_word_number(words: str) -> float | None:
    """Value of a number written in words ("twenty-one", "two hundred", "a dozen")."""
    low = " ".join(words.lower().split())
    if low in _FRACTIONS:
        return _FRACTIONS[low]
    if low.endswith(" and a half"):
        whole = parse_word_number(low[: -len(" and a half")])
        return None if whole is None else whole + 0.5
    total, current = 0.0, 0.0
    parts = re.split(r"[-\s]+", words.lower())
    for part in parts:
        if part in ("and", "of", "half") or (part == "a" and len(parts) > 1):
            continue
        if part == "hundred":
            current = max(current, 1.0) * 100
        elif part in _WORD_VALUES:
            current += _WORD_VALUES[part]
        else:
            return None
    if "half" in words.lower():
        current /= 2
    return total + current


def find_numbers(sentence: str, taken: list[tuple[int, int]]) -> list[NumberMention]:
    """Every figure in ``sentence`` outside the ``taken`` spans (dates already read)."""
    found: list[NumberMention] = []
    for m in _APOSTROPHE_YEAR.finditer(sentence):
        if not _inside(m.start(), m.end(), taken):
            found.append(_apostrophe_year(m))
    blocked = taken + not_figure_spans(sentence) + [(f.start, f.end) for f in found]
    consumed_until = -1
    for m in FIGURE.finditer(sentence):
        if m.start() < consumed_until or _inside(m.start(), m.end(), blocked):
            continue
        mention = _read_figure(sentence, m)
        if mention is not None:
            found.append(mention)
            consumed_until = mention.end
    found.extend(f for f in find_ordinals(sentence, taken) if not _overlaps_any(f, found))
    for m in _ONE_UNIT_LONG.finditer(sentence):
        if not _inside(m.start("n"), m.end(), blocked + [(f.start, f.end) for f in found]):
            found.append(_one_unit_long(m))
    for m in VAGUE.finditer(sentence):
        if not _inside(m.start(), m.end(), blocked + [(f.start, f.end) for f in found]):
            found.append(_read_vague(sentence, m))
    found.sort(key=lambda f: f.start)
    _share_scales(sentence, found)
    return [f for f in found if not _second_day(sentence, f)]


# "a week-long truce", "the month-long siege": one unit of time, a duration with no digit
_ONE_UNIT_LONG = re.compile(
    r"\b(?:a|an|the|its|their|this|that)\s+(?P<n>(?P<u>day|week|month|year)[-\s]long)\b",
    re.IGNORECASE,
)


def _one_unit_long(m: re.Match[str]) -> NumberMention:
    unit = DURATION_UNITS[m.group("u").lower()]
    start, end = m.start("n"), m.end("n")
    return NumberMention(start, end, start, end, 1.0, None, "exact", "duration", unit, "")


_MONTH_DAY_AND = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"\s+(?:and|or|&)\s+$"
)


def _second_day(sentence: str, mention: NumberMention) -> bool:
    """ "struck on February 6 and 20": the 20 is a second day of the month, not a figure."""
    return (
        mention.kind == "count"
        and not mention.noun_phrase
        and mention.value is not None
        and mention.value == int(mention.value)
        and 1 <= mention.value <= 31
        and _MONTH_DAY_AND.search(sentence, max(0, mention.start - 20), mention.start) is not None
    )


_SCALE_AND = re.compile(r"(?:\s*-?\s*(?:magnitude|on\s+the\s+\w+\s+scale))?\s+and\s+(?:an?\s+)?")


def _share_scales(sentence: str, found: list[NumberMention]) -> None:
    """ "magnitude 7.8 and 7.5 earthquakes", "7.7 and 7.6 magnitude earthquakes",
    "Category 4 and 3 storms": two figures joined by "and" are on the same scale."""
    for first, second in itertools.pairwise(found):
        if not _SCALE_AND.fullmatch(sentence, first.end, second.start):
            continue
        scaled = [m for m in (first, second) if m.kind == "quantity" and m.unit in SCALE_UNITS]
        bare = [m for m in (first, second) if m.kind == "count" and m.value_high is None]
        if len(scaled) == 1 and len(bare) == 1:
            bare[0].kind, bare[0].unit = "quantity", scaled[0].unit


_ORDINAL_WORDS = {
    w: i + 2
    for i, w in enumerate(
        [
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
}
_ORDINAL_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_ORDINAL_UNITS = {"first": 1, **{w: v for w, v in _ORDINAL_WORDS.items() if v < 10}}
# "the 26th strike", "its tenth strike", "at least the eighteenth vessel", "a fourth deadly
# operation": the running count of a series, as of that event ("first" is left out: it names
# the opening event, which a later article recalls far more often than it counts).
ORDINAL = re.compile(
    r"\b(?:(?P<q>at\s+least|more\s+than)\s+)?(?:(?P<det>the|its|their|a|this|his|her)\s+)?"
    r"(?P<ord>\d{1,4}(?:st|nd|rd|th)|(?:twenty|thirty|forty|fifty|sixty)-(?:first|second|third"
    r"|fourth|fifth|sixth|seventh|eighth|ninth)|"
    + "|".join(_ORDINAL_WORDS)
    + r")(?:,?\s+(?=[A-Za-z])|(?=\s+(?:since|so\s+far|this\s+year|of\s+the)\b))",
    re.IGNORECASE,
)
_ELLIPTIC = re.compile(
    r"\s*(?:since|so\s+far|this\s+year|of\s+the|of\s+its\s+kind)\b", re.IGNORECASE
)
# "The raid is the first of its kind", "marks the first known strike": the sentence's own
# event is the series' first (elsewhere "the first strike" recalls it, and counts nothing).
_FIRST_OF_PERIOD = re.compile(
    # (a full stop inside "U.S." does not end the phrase)
    r"(?:(?!\.\s+(?-i:[A-Z]))[^;:!?])*?\b(?:(?:in|of|during)\s+(?:(?:19|20)\d\d|the\s+year)\b"
    r"|this\s+(?:year|month|week)\b|(?:under|of|in|during)\s+(?:his|her|their|its\s+new"
    r"|the\s+new)\b|in\s+(?:the\s+(?:past|last)\s+)?(?:\w+\s+)?(?:days|weeks|hours)\b)"
    r"",
    re.IGNORECASE,
)


def first_of_a_period(text: str, pos: int, within: int = 70) -> bool:
    """Does the phrase after a "first" that ends at ``pos`` name a period it is the first
    of, within ``within`` characters ("the first reported raid by the navy in
    2027", "… under his leadership", "… this year")? Then it is not the series' first."""
    return _FIRST_OF_PERIOD.match(text, pos, pos + within) is not None


# "the first since a deadline passed": the first of a period that began then (while "the
# 26th since the campaign began" counts the whole series)
_FIRST_SINCE = re.compile(r"(?:[\w-]+\s+)?since\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"[\s,]*(?:[\w-]+\s+)?follow[\s-]*(?:up|on)\b", re.IGNORECASE)
_FIRST_PREDICATE = re.compile(
    r"\b(?:is|was|marks?|marked|marking|be|been)\s+(?:the|its)\s+(?P<ord>first)\s+"
    r"(?=(?:known\s+|such\s+|reported\s+|acknowledged\s+|publicly\s+known\s+)*[a-z])",
    re.IGNORECASE,
)
# Occurrence nouns an ordinal may count when the clause names the series ("the fourth such
# operation", "at least the fifth time", "a sixth, deadly strike").
_OCCURRENCE = re.compile(
    r"(?:such\s+|deadly\s+|known\s+|lethal\s+|reported\s+|publicly\s+)*(?P<n>operations?|actions?"
    r"|times?|incidents?|attacks?|strikes?|raids?)\b",
    re.IGNORECASE,
)


def ordinal_value(word: str) -> int | None:
    """1 for "1st", 26 for "26th" or "twenty-sixth"; None for anything else."""
    low = word.lower()
    if low[:1].isdigit():
        return int(re.sub(r"\D", "", low))
    if low in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[low]
    tens, _, unit = low.partition("-")
    if tens in _ORDINAL_TENS and unit in _ORDINAL_UNITS:
        return _ORDINAL_TENS[tens] + _ORDINAL_UNITS[unit]
    return None


def find_ordinals(sentence: str, taken: list[tuple[int, int]]) -> list[NumberMention]:
    """Ordinal counts of a series ("the 26th strike"): counts with ``notes=("ordinal",)``,
    the noun after them as what they count. Whether the noun is a fact's series is the
    linker's to decide (and an ordinal it cannot tie is dropped)."""
    found = []
    matches = sorted(
        [*ORDINAL.finditer(sentence), *_FIRST_PREDICATE.finditer(sentence)], key=lambda m: m.start()
    )
    for m in matches:
        first = m.re is _FIRST_PREDICATE
        if first_of_a_period(sentence, m.end()) or (
            first and _FIRST_SINCE.match(sentence, m.end())
        ):
            continue  # "the first reported attack in 2026": first of a period, not of all
        if _FOLLOW_UP.match(sentence, m.end()):
            continue  # "a second, follow-up attack": on the same target, not the series
        value = 1 if first else ordinal_value(m.group("ord"))
        if (
            value is None
            or (value < 2 and not first)
            or _inside(m.start("ord"), m.end("ord"), taken)
        ):
            continue
        occurrence = _OCCURRENCE.match(sentence, m.end())
        noun = occurrence.group("n") if occurrence else _noun_phrase(sentence, m.end())
        # "was the 26th since …": the ordinal stands alone for the series' event
        elliptic = not noun and bool(_ELLIPTIC.match(sentence, m.end()))
        if not noun and not elliptic:
            continue
        qualifier = "at_least" if not first and m.group("q") else "exact"
        found.append(
            NumberMention(
                start=m.start("ord"),
                end=m.end("ord"),
                ext_start=m.start("q") if not first and m.group("q") else m.start("ord"),
                ext_end=m.end() + len(noun),
                value=float(value),
                value_high=None,
                qualifier=qualifier,
                kind="count",
                unit=None,
                noun_phrase=noun or "",
                notes=("ordinal",) if not occurrence else ("ordinal", "occurrence"),
            )
        )
    return found


def _overlaps_any(mention: NumberMention, others: list[NumberMention]) -> bool:
    return any(mention.start < o.end and o.start < mention.end for o in others)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _value_of(m: re.Match[str]) -> float | None:
    if m.group("dig"):
        value = float(m.group("dig").replace(",", ""))
    else:
        value = parse_word_number(m.group("word"))
        if value is None:
            return None
    for scale in (m.group("scale"), m.group("scale2")):
        if scale:
            value *= _SCALES[scale.strip().lower()]
    return value


def _read_figure(sentence: str, m: re.Match[str]) -> NumberMention | None:
    """Turn one regex match into a mention, or None when it is not a figure at all."""
    value = _value_of(m)
    if value is None or _is_bare_one(m):
        return None
    start, end = m.start(), m.end()
    after = sentence[end:]
    if (re.match(r"[A-Za-z]", after) and not _GLUED_UNIT.match(after)) or _is_name_number(
        sentence, m
    ):
        return None  # "18E", "1B", "Plan 200", "Route 66"
    if _is_age(sentence, m, after):
        return None
    prefix = sentence[max(0, start - 40) : start]
    qualifier, ext_start = _prefix_qualifier(prefix, start)
    value, value_high, end, second = _read_range(sentence, m, prefix, end, value)
    if value_high is not None:
        qualifier = "range"
    flags = _Flags.of(m, second)
    ext_end = end
    post = _POSTFIX_QUALIFIERS.match(sentence, end)
    if post and qualifier == "exact":
        qualifier = (
            "at_least"
            if post.group("more") is not None
            or "+" in post.group()
            or ("plus" in post.group().lower())
            else ("about" if post.group("so") is not None else "up_to")
        )
    if post:
        ext_end = post.end()  # "at least 60-plus deaths": the noun follows the suffix
    kind, unit, np_text, unit_end = _classify(sentence, flags, max(end, ext_end))
    if kind == "age":
        return None
    scale = _scale_before(sentence, ext_start)
    if scale and kind == "count" and not np_text.lower().startswith(SCALE_UNITS):
        kind, unit = "quantity", scale  # "magnitude 7.8", "Category 4", "a magnitude of 7.9"
    if kind == "count" and value_high is None and _DOT_THOUSANDS.fullmatch(m.group("dig") or ""):
        # "3.003 people", "surpassed 3.000" (a dot between groups of three, as in translated
        # copy): a count of people or things is whole, so the dots group thousands
        value = float(m.group("dig").replace(".", ""))
    mention = NumberMention(
        start=start,
        end=end,
        ext_start=ext_start,
        ext_end=max(ext_end, unit_end),
        value=value,
        value_high=value_high,
        qualifier=qualifier,
        kind=kind,
        unit=unit,
        noun_phrase=np_text,
    )
    if kind == "count" and value_high is None and _looks_like_year(m, prefix, mention):
        mention.is_year = True
    return mention


_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _is_bare_one(m: re.Match[str]) -> bool:
    # "one" and "a" alone are pronouns and articles far more often than counts ("one source").
    word = (m.group("word") or "").lower()
    glued_unit = m.string[m.end() : m.end() + 1] == "-"  # "a one-week window"
    if (
        word == "one"
        and _ONE_IN_A_LIST.match(m.string, m.end())
        and _LIST_BEFORE.search(m.string, max(0, m.start() - 6), m.start())
    ):
        return False  # "four died: one in Florida, one in Georgia and two in Ohio"
    return word in ("one", "a") and not (m.group("scale") or m.group("pct") or glued_unit)


_ONE_IN_A_LIST = re.compile(r"\s+(?:in|across)\s+(?:the\s+)?[A-Z]")
_LIST_BEFORE = re.compile(r"[:;,]\s*(?:and\s+)?$")


def _is_name_number(sentence: str, m: re.Match[str]) -> bool:
    if not m.group("dig") or m.group("cur"):
        return False
    title = _TITLE_WORD.search(sentence, max(0, m.start() - 30), m.start())
    if not title or title.group(1).lower() in _NAME_OK:
        return False
    # A capitalized first word of the sentence is just capitalized, not a name.
    return bool(sentence[: title.start()].strip())


def _is_age(sentence: str, m: re.Match[str], after: str) -> bool:
    if not m.group("dig") or m.group("cur") or m.group("pct"):
        return False
    before = sentence[: m.start()]
    if float(m.group("dig").replace(",", "")) >= 120:
        return False
    if _AGE_APPOSITION.search(before) and after.startswith(","):
        return True
    # "…," says Maria Ortega, 58.": a speaker's age closing the sentence
    return bool(_SPEAKER_AGE.search(before)) and re.match(r"[.!?]?[\"']?\s*$", after) is not None


# "surpassed the grim milestone of 200", "topped the mark of": a verb of passing with a
# milestone noun between it and the figure
_PASSED_MILESTONE = re.compile(
    r"(?:^|(?<=\s))(?P<q>(?:surpass|pass|top|cross|exceed)(?:ed|es|s|ing)?\s+the\s+(?:[a-z]+\s+)?"
    r"(?:milestone|mark|threshold)\s+of)\s*$",
    re.IGNORECASE,
)


# "an approximate rainfall of 250 millimeters", "an estimated total of 10,000": the
# qualifier before the noun the figure is "of"
_ABOUT_NOUN_OF = re.compile(
    r"(?:^|(?<=\s))(?P<q>an?\s+(?:approximate|estimated)\s+(?:[a-z]+\s+){1,2}?of)\s*$",
    re.IGNORECASE,
)


def _prefix_qualifier(prefix: str, start: int) -> tuple[str, int]:
    q = _PREFIX_RE.search(prefix)
    if not q:
        if "of" not in prefix[-4:]:
            return "exact", start
        passed = _PASSED_MILESTONE.search(prefix)
        if passed:
            return "more_than", start - (len(prefix) - passed.start("q"))
        about = _ABOUT_NOUN_OF.search(prefix)
        if about:
            return "about", start - (len(prefix) - about.start("q"))
        return "exact", start
    phrase = " ".join(q.group("q").lower().split())
    return _PREFIX_QUALIFIERS[phrase], start - (len(prefix) - q.start("q"))


def _read_range(
    sentence: str, m: re.Match[str], prefix: str, end: int, value: float
) -> tuple[float, float | None, int, re.Match[str] | None]:
    """Read "between 80 and 90", "from 80 to 90", "80-90", "80 to 90".

    Returns ``(low, high, end, second_match)``; ``high`` is None when there is no range.
    """
    join = _RANGE_JOIN.match(sentence, end)
    if not join:
        return value, None, end, None
    word = join.group().strip().lower()
    between = _BETWEEN.search(prefix)
    if word == "and" and not (between and between.group("w").lower() == "between"):
        return value, None, end, None
    if word == "to" and _CHANGE_VERB.search(prefix):
        return value, None, end, None  # "rose from 83 to 87" states two values, not a range
    second = _SECOND_FIGURE.match(sentence, join.end())
    if not second or re.match(r"[A-Za-z]", sentence[second.end() :]):
        return value, None, end, None
    high = _value_of(second)
    if high is None:
        return value, None, end, None
    scale = second.group("scale") or second.group("scale2")
    if not (m.group("scale") or m.group("scale2")) and scale:
        value *= _SCALES[scale.strip().lower()]  # "2-3 million": the scale is shared
    if high <= value:
        return value, None, end, None
    return value, high, second.end(), second


@dataclass(frozen=True, slots=True)
class _Flags:
    """Percent sign and currency of a figure (either end of a range may carry them)."""

    pct: bool
    currency: str

    @classmethod
    def of(cls, m: re.Match[str], second: re.Match[str] | None) -> _Flags:
        pct = bool(m.group("pct") or (second and second.group("pct")))
        cur = m.group("cur") or (second.group("cur") if second else None) or ""
        return cls(pct, cur.replace(" ", "").lower())


#: Units written before the number: "magnitude 7.8", "a magnitude of 7.9", "Category 4",
#: "level 3", "force 9"; the same words after it ("a 7.8-magnitude quake") are units too.
SCALE_UNITS = units.SCALE_UNITS
_SCALE_BEFORE = re.compile(
    r"\b(?:(?P<s>magnitude)(?:\s+of)?|(?P<t>category|level|force|grade|stage|phase|tier))[\s-]+$"
    r"|\b(?P<m>measur(?:ing|ed|es))\s+(?:a\s+)?(?:preliminary\s+)?$",
    re.IGNORECASE,
)


def _scale_before(sentence: str, start: int) -> str | None:
    """The scale named right before a figure ("magnitude 7.8" → magnitude), or None.

    "measuring 6.4" is a magnitude when the sentence speaks of magnitudes or quakes."""
    m = _SCALE_BEFORE.search(sentence, max(0, start - 30), start)
    if m is None:
        return None
    if m.group("s") or m.group("t"):
        return (m.group("s") or m.group("t")).lower()
    return "magnitude" if re.search(r"(?i)magnitude|quake|tremor|richter", sentence) else None


def _classify(sentence: str, flags: _Flags, end: int) -> tuple[str, str | None, str, int]:
    """Return ``(kind, unit, noun_phrase, end_of_unit)`` for the figure ending at ``end``."""
    if flags.pct:
        return "percent", "percent", _noun_phrase(sentence, end), end
    currency = flags.currency
    if currency:
        return "money", _CURRENCY_CODES.get(currency, "usd"), _noun_phrase(sentence, end), end
    hyphen = re.match(r"-([A-Za-z]+(?:-[A-Za-z]+)*)", sentence[end:])
    if hyphen:
        return _classify_hyphenated(sentence, hyphen.group(1), end + hyphen.end())
    speed = _speed_at(sentence, end)
    if speed:
        return "quantity", speed[0], sentence[end : speed[1]].strip(" -"), speed[1]
    unit = _UNIT_WORD.match(sentence, end)
    if unit:
        word = unit.group("u").lower()
        unit_end = unit.end()
        if word in ("percent", "pct"):
            return "percent", "percent", _noun_phrase(sentence, unit_end), unit_end
        money = _money_word(sentence, word, unit_end)
        if money:
            return "money", money, _noun_phrase(sentence, unit_end), unit_end
        singular = _singular(word)
        if singular in DURATION_UNITS:
            return "duration", DURATION_UNITS[singular], word, unit_end
        if singular in MEASURE_UNITS:
            return "quantity", MEASURE_UNITS[singular], word, unit_end
        if word == "times":
            return "count", "times", "times", unit_end
        if word in SCALE_UNITS:
            return "quantity", word, word, unit_end  # "a 7.8 magnitude quake"
    return "count", None, _noun_phrase(sentence, end) or _of_noun_phrase(sentence, end), end


_OF_PLURAL = re.compile(r"\s+of\s+(?=[A-Za-z]+s\b)")


def _of_noun_phrase(sentence: str, end: int) -> str:
    # "7.7 million of Venezuelans" (translated copy): the noun after "of" is counted. "two
    # of the men" stays partitive (a determiner follows "of"), handled by the linker.
    m = _OF_PLURAL.match(sentence, end)
    return _noun_phrase(sentence, m.end()) if m else ""


def _classify_hyphenated(
    sentence: str, compound: str, end: int
) -> tuple[str, str | None, str, int]:
    speed = _speed_at("-" + compound, 0)
    if speed and speed[1] == len(compound) + 1:
        return "quantity", speed[0], compound, end  # "140-mile-per-hour winds"
    parts = compound.lower().split("-")
    if parts[0] in SCALE_UNITS:
        return "quantity", parts[0], compound, end  # "a 7.8-magnitude earthquake"
    first = _singular(parts[0])
    if first in DURATION_UNITS and parts[1:2] == ["old"]:
        return "age", None, "", end
    if first in DURATION_UNITS:
        return "duration", DURATION_UNITS[first], parts[0], end
    if first in MEASURE_UNITS:
        return "quantity", MEASURE_UNITS[first], parts[0], end
    if first in ("strong", "member", "person", "man", "woman"):
        return "count", None, _noun_phrase(sentence, end) or parts[0], end
    return "count", None, compound, end


def _money_word(sentence: str, word: str, unit_end: int) -> str | None:
    if word == "pounds" and re.match(r"\s+sterling", sentence[unit_end:]):
        return "gbp"
    return _MONEY_WORDS.get(word) if word != "pounds" else None


def _singular(word: str) -> str:
    if word in MEASURE_UNITS or word in DURATION_UNITS:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


# Nouns that name a set of the things counted: "an 83-strong group of passengers" counts
# passengers.
_COLLECTIVE = frozenset(
    [
        "group",
        "groups",
        "contingent",
        "crowd",
        "batch",
        "band",
        "party",
        "team",
        "total",
        "number",
        "handful",
        "force",
    ]
)
_OF_NP = re.compile(r"\s+of\s+(?:the\s+)?(?=[A-Za-z])")
_COORDINATION = re.compile(r"\s+(and|or|&)\s+")
_NOT_CONJUNCT = frozenset(("more", "up", "at", "nearly", "about", "some", "then", "so", "now"))


def _is_verb_form(word: str, first: bool, sentence: str, end: int) -> bool:
    """True when ``word`` (in a noun phrase after a figure) is the clause's verb."""
    low = word.lower()
    if low in PAST_VERBS:
        return True
    if not re.search(r"[a-z](?:ing|ed)$", low):
        return False
    if not first:
        return True  # "warships prowling", "people killed"
    # "Twelve freed as …", "83 HELD AT GUNPOINT": a participle right after the figure that
    # is followed by a preposition or nothing; "11 armed men" keeps its adjective.
    nxt = _NP_TOKEN.match(sentence, end)
    return not nxt or nxt.group(1).lower() in _NP_STOP


def _noun_phrase(sentence: str, pos: int) -> str:
    """Up to four words after ``pos`` that name what the figure counts.

    Coordinated nouns stay together ("women and children", "homes and businesses"); a
    collective noun passes to what it collects ("a group of passengers and crew").
    """
    words: list[str] = []
    end = pos
    limit = 4
    while len(words) < limit:
        tok = _NP_TOKEN.match(sentence, end)
        if not tok:
            break
        word = tok.group(1)
        if word.endswith(".") and not re.search(r"\.\w", word):
            word = word[:-1]  # a sentence's full stop, not "U.S."
        if word.lower() in _NP_STOP or _is_verb_form(word, not words, sentence, tok.end()):
            break
        if words and word.lower() in _NP_STOP_AFTER_HEAD:
            break  # "11 people earlier this month": an adverb after the counted noun
        last = words[-1].lower() if words else ""
        if word.lower() in _PREDICATIVE and (last.endswith("s") or last == "people"):
            break
        words.append(word)
        end = tok.end()
        if sentence[end : end + 1] in (",", ";", ":", ")") or tok.group().endswith(('"', "'")):
            break
        conj = _COORDINATION.match(sentence, end)
        if conj and len(words) < 3:
            nxt = _NP_TOKEN.match(sentence, conj.end())
            if nxt and _plain_noun(nxt.group(1), sentence, nxt.end()):
                words.append(conj.group(1))
                end = conj.end()
                limit = len(words) + 2
    if words and words[-1].lower() in _COLLECTIVE:
        of = _OF_NP.match(sentence, end)
        if of:
            return _noun_phrase(sentence, of.end()) or " ".join(words)
    return " ".join(words)


def _plain_noun(word: str, sentence: str, end: int) -> bool:
    low = word.lower()
    return (
        low not in _NP_STOP
        and low not in _NOT_CONJUNCT
        and not _is_verb_form(word, False, sentence, end)
        and not low.isdigit()
        and low not in _WORD_VALUES
    )


def _looks_like_year(m: re.Match[str], prefix: str, mention: NumberMention) -> bool:
    digits = m.group("dig") or ""
    if not re.fullmatch(r"\d{4}", digits) or m.group("scale") or m.group("cur"):
        return False
    if not 1800 <= int(digits) <= 2100:
        return False
    if _YEAR_PREPOSITIONS.search(prefix):
        return True
    head = mention.head
    # "2000 troops", "2000 people", "over 2000 dead" count; "the 1989 Panama invasion" names a year.
    if head in _PLURAL_WITHOUT_S:
        return False
    return not (head.endswith("s") and head == head.lower() and len(head) > 3)


# Nouns that count people in the plural without an -s.
_PLURAL_WITHOUT_S = frozenset(
    ["people", "dead", "men", "women", "children", "police", "personnel", "wounded", "injured",
     "missing", "homeless", "displaced", "staff", "crew", "livestock", "cattle"]
)  # fmt: skip


def _read_vague(sentence: str, m: re.Match[str]) -> NumberMention:
    phrase = " ".join(m.group("v").lower().split())
    return NumberMention(
        start=m.start(),
        end=m.end("v"),
        ext_start=m.start(),
        ext_end=m.end(),
        value=VAGUE_FLOOR[phrase],
        value_high=None,
        qualifier="at_least",
        kind="count",
        unit=None,
        noun_phrase=_noun_phrase(sentence, m.end()),
        notes=(f"vague '{phrase} of' read as at least {VAGUE_FLOOR[phrase]:g}",),
    )


def _apostrophe_year(m: re.Match[str]) -> NumberMention:
    return NumberMention(
        start=m.start(),
        end=m.end(),
        ext_start=m.start(),
        ext_end=m.end(),
        value=float(m.group(1)),
        value_high=None,
        qualifier="exact",
        kind="count",
        unit=None,
        noun_phrase="",
        is_year=True,
        notes=("two-digit year",),
    )
