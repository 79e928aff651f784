"""Date grammar, anchored to the publication date the way HeidelTime does in news mode.

Absolute dates ("November 21", "Nov. 21, 2025", "21 November", "2025-12-01") take their
year from the text when written, else from the publication date (rule in
:func:`infer_year`). Relative dates ("on Sunday", "last week", "last weekend", "earlier this
month", "about ten days ago", "late in the week of March 8", "early September") are
resolved against the publication date. Without a publication date a relative or year-less
date is kept with both ends unknown and a note saying why: it is never guessed silently.

Weeks run Monday to Sunday ("last week" on Monday 1 Dec 2025 is 24–30 Nov). "The week of
D" is the seven days starting at D; early/mid/late in it are days 0–2, 2–4 and 3–6.
Months split in thirds: early 1–10, mid 11–20, late 21–end.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from factdrift.pipelines.claims.numbers import parse_word_number
from factdrift.pipelines.intervals import DATE_ABOUT_DAYS, date_interval

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBR = (
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
)
_MONTH = rf"(?:{_MONTH_NAMES}|{_MONTH_NAMES.upper()}|{_MONTH_ABBR})(?![a-z])"
_FULL_MONTH = rf"(?:{_MONTH_NAMES})\b"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?![\d,]\d)"
_YEAR = r"(?:,?\s+\d{4}\b)"
_DAY_RANGE_END = r"(?:\s*[-\u2013]\s*\d{1,2}\b)?"
_DAY_EXPR = (
    rf"(?:{_MONTH}\s+{_DAY}{_DAY_RANGE_END}{_YEAR}?"
    rf"|{_DAY}{_DAY_RANGE_END}\s+(?:of\s+)?{_MONTH}{_YEAR}?)"
)
_NUMBER_WORD = (
    r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few"
    r"|several|a\s+couple\s+of"
)

# Each pattern has a name; the first (longest, most specific) match of a span wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    (
        "week_of",
        re.compile(
            rf"(?i:(?:(?P<part>early|late|mid|middle)(?:\s+in|\s+of)?\s+)?the\s+week\s+of\s+)"
            rf"(?P<d>{_DAY_EXPR})"
        ),
    ),
    (
        "weekday_date",
        re.compile(
            rf"(?:(?i:last|this\s+past|this|next|past|on|coming)\s+)?{_WEEKDAY},?\s+(?:the\s+)?"
            rf"(?P<d>{_DAY_EXPR})"
        ),
    ),
    ("day", re.compile(rf"(?P<d>{_DAY_EXPR})")),
    (
        "part_month",
        re.compile(
            r"(?P<part>(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
            r"|the\s+middle\s+of|earlier\s+in|later\s+in))[-\s]+"
            rf"(?P<m>{_FULL_MONTH})(?P<y>{_YEAR})?"
        ),
    ),
    ("month_year", re.compile(rf"(?P<m>{_FULL_MONTH})(?P<y>{_YEAR})")),
    (
        "month",
        re.compile(
            r"\b(?i:in|since|by|until|till|through|during|from|of|before|after)\s+"
            rf"(?P<span>(?P<m>{_FULL_MONTH}))(?!\s+\d)"
        ),
    ),
    (
        "ago",
        re.compile(rf"(?i:\b(?P<n>{_NUMBER_WORD})\s+(?P<u>days?|weeks?|months?|years?)\s+ago\b)"),
    ),
    (
        "past_n",
        re.compile(
            rf"(?i:\bthe\s+(?:past|last|previous)\s+(?P<n>{_NUMBER_WORD})\s+(?P<u>days|weeks|months))"
        ),
    ),
    (
        "relative",
        re.compile(
            r"(?i:\b(?P<rel>(?:earlier|later)\s+this|this\s+past|last|this|next|past|previous"
            r"|(?:over\s+)?the\s+(?:past|previous|last)|over\s+the|the\s+coming)"
            r"\s+(?P<unit>weekend|week|month|year)\b)"
        ),
    ),
    ("deictic", re.compile(r"(?i:\b(?P<w>yesterday|today|tonight|tomorrow)\b)")),
    (
        "weekday",
        re.compile(
            rf"(?:(?P<rel>(?i:last|this\s+past|this|next|past|coming|on))\s+)?(?P<wd>{_WEEKDAY})"
        ),
    ),
]

_QUALIFIER_BEFORE = re.compile(
    r"(?i:\b(?P<q>since|from|after|not\s+before|as\s+early\s+as|by|until|till|through|before"
    r"|no\s+later\s+than|around|about|approximately|roughly|some|circa|on\s+or\s+about|as\s+of"
    r"))\s+$"
)
_DATE_QUALIFIERS = {
    "since": "at_least",
    "from": "at_least",
    "not before": "at_least",
    "as early as": "at_least",
    "after": "more_than",
    "by": "up_to",
    "until": "up_to",
    "till": "up_to",
    "through": "up_to",
    "no later than": "up_to",
    "before": "less_than",
    "around": "about",
    "about": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "circa": "about",
    "on or about": "about",
    "as of": "exact",
}
# Words that put a year-less date or a bare weekday in the future.
_FUTURE = re.compile(
    # (not the past perfect: "relief flights that had been planned before Monday's quake")
    r"(?i:\b(?:will|shall|is\s+to|are\s+to|plans?\s+to|(?<!had\s)(?<!been\s)(?:planned|scheduled)"
    r"|upcoming"
    r"|next(?!\s+(?:day|morning)\b)"  # ("the next day" follows a past day)
    r"|expires|(?:is|are|was|were)\s+due\s+to|set\s+to|deadline\s+is|would\s+begin|runs?\s+out|is\s+due|until"
    r"|giving)\b)"
)
_MONTH_NUMBER = {name.lower()[:3]: i + 1 for i, name in enumerate(_MONTH_NAMES.split("|"))}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_PARTS = re.compile(
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*(?P<e1>\d{{1,2}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*(?P<e2>\d{{1,2}}))?\s+(?:of\s+)?(?P<m2>{_MONTH}))"
    r"(?:,?\s+(?P<y>\d{4}))?"
)


@dataclass(slots=True)
class DateMention:
    """One date expression in a sentence (offsets are into the sentence)."""

    start: int
    end: int
    ext_start: int  # including qualifier words ("around", "since")
    low: date | None
    high: date | None
    qualifier: str
    anchor_low: date | None = None  # the day or days named, before the qualifier widens them
    anchor_high: date | None = None
    notes: tuple[str, ...] = ()
    # "the following day": where the day it follows is named in the sentence (-1: before it)
    follows: int | None = None

    @property
    def ext_end(self) -> int:
        """End of the expression (dates carry no trailing unit)."""
        return self.end


class _Unresolved(Exception):
    """The expression needs a publication date (or a year) that is not known."""


# Cheap tests that tell which patterns can match at all, so most are never run.
_HAS_MONTH = re.compile(_MONTH)
_HAS_WEEKDAY = re.compile(_WEEKDAY)
_TRIGGERS = {
    "iso": lambda s, low: "-" in s,
    "week_of": lambda s, low: "week of" in low,
    "weekday_date": lambda s, low: bool(_HAS_WEEKDAY.search(s) and _HAS_MONTH.search(s)),
    "day": lambda s, low: bool(_HAS_MONTH.search(s)),
    "part_month": lambda s, low: bool(_HAS_MONTH.search(s)),
    "month_year": lambda s, low: bool(_HAS_MONTH.search(s)),
    "month": lambda s, low: bool(_HAS_MONTH.search(s)),
    "ago": lambda s, low: " ago" in low,
    "past_n": lambda s, low: "past " in low or "last " in low or "previous " in low,
    "relative": lambda s, low: "week" in low or "month" in low or "year" in low,
    "deictic": lambda s, low: "day" in low or "tonight" in low or "tomorrow" in low,
    "weekday": lambda s, low: bool(_HAS_WEEKDAY.search(s)),
}


# "the following day", "the next day", "a day later": the day after the day last named
# ("the deadline expired on November 28; the following day, …"), not "the day after the
# storm" (the day after an event, not a date).
_DAY_AFTER = re.compile(
    r"(?i:\b(?:the\s+(?:following|next)\s+(?:day|morning)|a\s+day\s+later"
    r"|the\s+day\s+after(?=\s*[,.;]))\b)"
)


def find_dates(
    sentence: str, published: date | None, previous: date | None = None
) -> list[DateMention]:
    """Every date expression in ``sentence``, resolved against ``published``; "the
    following day" against the day named last before it (in this sentence, else
    ``previous``: the day the article named last before this sentence)."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    lower = sentence.lower()
    for name, pattern in _PATTERNS:
        if not _TRIGGERS[name](sentence, lower):
            continue
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            # Tense is read near the date, not anywhere in a long sentence.
            future = bool(_FUTURE.search(sentence, max(0, m.start() - 80), m.end() + 20))
            mention = _resolve(name, m, sentence, published, future)
            if mention is not None:
                taken.append((m.start(), m.end()))
                found.append(mention)
    found.sort(key=lambda d: d.start)
    return _days_after(sentence, found, previous)


def _days_after(
    sentence: str, found: list[DateMention], previous: date | None
) -> list[DateMention]:
    if "day" not in sentence:
        return found
    out = list(found)
    for m in _DAY_AFTER.finditer(sentence):
        if any(m.start() < d.end and d.start < m.end() for d in found):
            continue
        before = [d for d in found if d.end <= m.start() and d.low is not None and d.low == d.high]
        day = before[-1].low if before else previous
        if day is None:
            continue  # nothing named before it: the day it follows is unknown
        after = day + timedelta(days=1)
        note = f"{m.group()!r}: the day after {day.isoformat()}, the day named before it"
        mention = _with_qualifier(sentence, m.start(), m.end(), after, after, (note,))
        mention.follows = before[-1].start if before else -1
        out.append(mention)
    out.sort(key=lambda d: d.start)
    return out


def year_mention(start: int, end: int, year: int, sentence: str, ext_start: int) -> DateMention:
    """A date claim for a bare year ("in 2013", "’91"), with its qualifier ("since 2017")."""
    return _with_qualifier(
        sentence, start, end, date(year, 1, 1), date(year, 12, 31), (), ext_start=ext_start
    )


#: How far ahead of publication a year-less date without future words may be read: news
#: mostly reports the past, so "June 1" in a December article is last June.
AHEAD_WITHOUT_FUTURE_WORDS = timedelta(days=92)


def infer_year(month: int, day: int, published: date, future: bool) -> int:
    """Year of a year-less "month day" in an article published on ``published``.

    Its latest occurrence up to a week after publication, unless the next occurrence is
    nearer and at most three months ahead: a September article's "Oct. 15" is this
    October, a January article's "December 28" last December, a December article's
    "June 1" last June. When the sentence speaks of the future (will, next, deadline…),
    the first occurrence no more than a week before publication: a December article's
    "deadline of January 3" is next January.
    """
    week = timedelta(days=7)
    candidates = [_safe_date(published.year + k, month, day) for k in (-1, 0, 1)]
    if future:
        return next(c for c in candidates if c >= published - week).year
    past = max(c for c in candidates if c <= published + week)
    ahead = min(c for c in candidates if c > published + week)
    nearer = (ahead - published) < (published - past)
    return ahead.year if nearer and ahead - published <= AHEAD_WITHOUT_FUTURE_WORDS else past.year


def _safe_date(year: int, month: int, day: int) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last))


def _resolve(
    name: str, m: re.Match[str], sentence: str, published: date | None, future: bool
) -> DateMention | None:
    start, end = m.span("span") if "span" in m.groupdict() else m.span()
    try:
        low, high, notes = _RESOLVERS[name](m, published, future)
    except _Unresolved as exc:
        q, ext_start = _qualifier_before(sentence, start)
        return DateMention(start, end, ext_start, None, None, q, notes=(str(exc),))
    except ValueError:
        return None  # "February 30": not a date
    return _with_qualifier(sentence, start, end, low, high, notes)


def _with_qualifier(
    sentence: str,
    start: int,
    end: int,
    low: date,
    high: date,
    notes: tuple[str, ...],
    ext_start: int | None = None,
) -> DateMention:
    q, q_start = _qualifier_before(sentence, start if ext_start is None else ext_start)
    if sentence.startswith(("'s ", "’s ", "' ", "’ "), end):
        # "hit by Monday's quake", "before last week's earthquakes": the preposition governs
        # the noun the date modifies; the date itself names the event's day
        q, q_start = "exact", start if ext_start is None else ext_start
    ext = q_start
    if q == "exact":
        qualifier = "exact" if low == high else "range"
        d_low, d_high = low, high
    elif q == "about":
        if low == high:
            d_low, d_high = date_interval("about", low)
        else:
            pad = timedelta(days=DATE_ABOUT_DAYS)
            d_low, d_high = low - pad, high + pad
        qualifier = "about"
    elif q in ("at_least", "more_than"):
        d_low, d_high = date_interval(q, low)
        qualifier = q
    else:
        d_low, d_high = date_interval(q, high)
        qualifier = q
    return DateMention(start, end, ext, d_low, d_high, qualifier, low, high, notes)


def _qualifier_before(sentence: str, start: int) -> tuple[str, int]:
    q = _QUALIFIER_BEFORE.search(sentence, max(0, start - 25), start)
    if not q or q.end() != start:
        return "exact", start
    return _DATE_QUALIFIERS[" ".join(q.group("q").lower().split())], q.start("q")


def _month_number(text: str) -> int:
    return _MONTH_NUMBER[text.strip().lower()[:3]]


def _day_expr(text: str, published: date | None, future: bool) -> tuple[date, date, tuple]:
    """Resolve "November 21", "21 November 2025", "Nov. 21-23" to (low, high, notes)."""
    p = _DAY_PARTS.search(text)
    if p is None:
        raise ValueError(text)
    month = _month_number(p.group("m1") or p.group("m2"))
    day = int(p.group("d1") or p.group("d2"))
    last = p.group("e1") or p.group("e2")
    notes: tuple[str, ...] = ()
    if p.group("y"):
        year = int(p.group("y"))
    elif published is None:
        raise _Unresolved(f"no year in {text.strip()!r} and no publication date to take it from")
    else:
        year = infer_year(month, day, published, future)
        notes = (f"year {year} inferred from the publication date",)
    low = date(year, month, day)
    high = date(year, month, int(last)) if last else low
    return low, max(low, high), notes


def _iso(m, published, future):
    day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return day, day, ()


def _week_of(m, published, future):
    start, _, notes = _day_expr(m.group("d"), published, future)
    part = (m.group("part") or "").lower()
    first, last = {"early": (0, 2), "mid": (2, 4), "middle": (2, 4), "late": (3, 6)}.get(
        part, (0, 6)
    )
    return start + timedelta(days=first), start + timedelta(days=last), notes


def _weekday_date(m, published, future):
    low, high, notes = _day_expr(m.group("d"), published, future)
    named = re.search(_WEEKDAY, m.group()).group().lower()
    if _WEEKDAYS.index(named) != low.weekday():
        notes = (*notes, f"the weekday named does not fall on {low.isoformat()}")
    return low, high, notes


def _day(m, published, future):
    return _day_expr(m.group("d"), published, future)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month_year(month: int, year_text: str | None, published: date | None, future: bool) -> int:
    if year_text:
        return int(year_text.strip(", "))
    if published is None:
        raise _Unresolved("no year for the month and no publication date to take it from")
    return infer_year(month, 1, published, future) if month != published.month else published.year


def _part_month(m, published, future):
    month = _month_number(m.group("m"))
    year = _month_year(month, m.group("y"), published, future)
    first, last = _month_range(year, month)
    part = " ".join(m.group("part").lower().split())
    if part in ("early", "the beginning of", "the start of"):
        return first, date(year, month, 10), ()
    if part in ("mid", "the middle of"):
        return date(year, month, 11), date(year, month, 20), ()
    if part in ("late", "the end of"):
        return date(year, month, 21), last, ()
    if part == "earlier in" and published is not None and published <= last:
        return first, max(first, published), ()
    return first, last, ()


def _month_only(m, published, future):
    month = _month_number(m.group("m"))
    year = _month_year(month, m.groupdict().get("y"), published, future)
    first, last = _month_range(year, month)
    return first, last, ()


def _need(published: date | None, what: str) -> date:
    if published is None:
        raise _Unresolved(f"{what!r} needs a publication date to be placed")
    return published


def _count_word(text: str) -> int:
    text = " ".join(text.lower().split())
    if text.isdigit():
        return int(text)
    if text in ("a", "an"):
        return 1
    if text in ("a few", "several", "a couple of"):
        return {"a few": 3, "several": 3, "a couple of": 2}[text]
    value = parse_word_number(text)
    if value is None:
        raise ValueError(text)
    return int(value)


def _shift(published: date, n: int, unit: str) -> date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return published - timedelta(days=n)
    if unit == "week":
        return published - timedelta(weeks=n)
    if unit == "month":
        month = published.month - n
        year = published.year + (month - 1) // 12
        return _safe_date(year, (month - 1) % 12 + 1, published.day)
    return _safe_date(published.year - n, published.month, published.day)


def _ago(m, published, future):
    pub = _need(published, m.group())
    n = _count_word(m.group("n"))
    day = _shift(pub, n, m.group("u"))
    return day, day, (f"{m.group()!r} counted back from {pub.isoformat()}",)


def _past_n(m, published, future):
    pub = _need(published, m.group())
    return _shift(pub, _count_word(m.group("n")), m.group("u")), pub, ()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _relative(m, published, future):
    pub = _need(published, m.group())
    rel = " ".join(m.group("rel").lower().split())
    unit = m.group("unit").lower()
    if unit == "weekend":
        return _weekend(rel, pub)
    step = {"last": -1, "past": -1, "previous": -1, "this past": -1, "next": 1, "the coming": 1}
    offset = next((v for k, v in step.items() if rel.endswith(k)), 0)
    if rel != "over the" and rel.startswith(("the ", "over the ")) and offset == -1:
        return _shift(pub, 1, unit), pub, ()  # "the past week": the last seven days
    if unit == "week":
        monday = _monday(pub) + timedelta(weeks=offset)
        low, high = monday, monday + timedelta(days=6)
        if offset == -1 and pub.weekday() == 6:
            # A Sunday paper's "last week" is the week before or the one ending today:
            # both, from the earlier Monday to publication
            high = pub
    elif unit == "month":
        month0 = pub.month - 1 + offset
        low, high = _month_range(pub.year + month0 // 12, month0 % 12 + 1)
    else:
        low, high = date(pub.year + offset, 1, 1), date(pub.year + offset, 12, 31)
    if rel == "earlier this" or (rel == "this" and not future):
        # "the quake that struck this week": a reported past event cannot lie after the
        # day it was reported; with future words ("will be decided this week") the span
        # stays whole
        high = min(high, pub)
    elif rel == "later this":
        low = pub
    return low, high, ()


def _weekend(rel: str, pub: date) -> tuple[date, date, tuple]:
    if rel in ("next", "the coming") or (rel == "this" and pub.weekday() < 5):
        saturday = _monday(pub) + timedelta(days=5)
        if rel in ("next", "the coming") and pub.weekday() >= 5:
            saturday += timedelta(weeks=1)
        return saturday, saturday + timedelta(days=1), ()
    # The most recent weekend that ended before the publication day.
    sunday = pub - timedelta(days=(pub.weekday() + 1) % 7 or 7)
    return sunday - timedelta(days=1), sunday, ()


def _deictic(m, published, future):
    pub = _need(published, m.group())
    word = m.group("w").lower()
    day = pub + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
    return day, day, ()


def _weekday(m, published, future):
    pub = _need(published, m.group())
    target = _WEEKDAYS.index(m.group("wd").lower())
    rel = " ".join((m.group("rel") or "").lower().split())
    back = (pub.weekday() - target) % 7  # days back to the latest such weekday, 0 = today
    if rel in ("last", "this past", "past"):
        day = pub - timedelta(days=back or 7)
    elif rel in ("next", "coming"):
        day = pub + timedelta(days=(target - pub.weekday()) % 7 or 7)
    elif rel == "this":
        day = _monday(pub) + timedelta(days=target)
    elif future:
        day = pub + timedelta(days=(target - pub.weekday()) % 7)
    else:
        day = pub - timedelta(days=back)
    return day, day, (f"weekday resolved against {pub.isoformat()}",)


_RESOLVERS = {
    "iso": _iso,
    "week_of": _week_of,
    "weekday_date": _weekday_date,
    "day": _day,
    "part_month": _part_month,
    "month_year": _month_only,
    "month": _month_only,
    "ago": _ago,
    "past_n": _past_n,
    "relative": _relative,
    "deictic": _deictic,
    "weekday": _weekday,
}
