"""Claim extraction: every figure and date of an article becomes a normalized :class:`Claim`.

::

    extract_claims(text, published, story) -> list[Claim]

The text is normalized without moving any character (``text.py``), split into sentences,
and each sentence is read for dates (``dates.py``, anchored to ``published``) and numbers
(``numbers.py``). Each figure is tied to a catalog fact when the story's words allow
(``link.py``), gets its hedge and attribution (``hedges.py``), and becomes one claim whose
span indexes the ORIGINAL text. Figures tied to no fact are kept with their subject phrase.
A figure that restates an earlier claim of the same article (same fact, same interval) is
kept too, with ``repeat_of`` pointing at the first statement. See ``docs/claims.md``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from factdrift.pipelines.claims.dates import DateMention, find_dates, year_mention
from factdrift.pipelines.claims.hedges import attribution_for, attributions, hedge_cues, hedge_for
from factdrift.pipelines.claims.languages import detect_language, gloss
from factdrift.pipelines.claims.link import (
    HAS_UNTIL,
    ArticleContext,
    Figure,
    SentenceLinker,
    compile_catalog,
    occurrence_span,
    other_event_names,
)
from factdrift.pipelines.claims.numbers import (
    NumberMention,
    duration_factor,
    find_numbers,
    first_of_a_period,
    share_comparatives,
)
from factdrift.pipelines.claims.occurrence import OtherOccurrence
from factdrift.pipelines.claims.places import dateline_place
from factdrift.pipelines.claims.scope import (
    is_earlier_value,
    is_revision,
    names_a_past_moment,
    projection_words,
    raised_to,
)
from factdrift.pipelines.claims.text import clause_boundaries, normalize, split_sentences
from factdrift.pipelines.dating import in_window, publication_day
from factdrift.pipelines.intervals import number_interval
from factdrift.pipelines.model import Claim
from factdrift.pipelines.story import Story

__all__ = ["EXTRACTOR_VERSION", "extract_claims"]

#: Bump whenever the claims produced for the same text change.
EXTRACTOR_VERSION = "0.4.4"

# Sentences without a digit or a number/date word hold no figure: skip them cheaply (a set
# lookup over the words is far faster than one big alternation regex).
_FIGURE_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
        "eighty ninety dozen dozens scores hundred hundreds thousand thousands million "
        "millions billion billions pair couple january february march april may june july "
        "august september october november december jan feb mar apr jun jul aug sep sept oct "
        "nov dec monday tuesday wednesday thursday friday saturday sunday week weekend month "
        "year today yesterday tomorrow tonight ago second third fourth fifth sixth seventh "
        "eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth "
        "seventeenth eighteenth nineteenth twentieth first following next later",
    )
)
_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"[a-z]+")


#: Caps that keep extraction linear in the length of the text (issue 10). Linking compares
#: each figure of a sentence with the others, so a "sentence" of thousands of figures (a
#: table flattened into one line, a page of numbers) would cost their square. A sentence
#: longer than MAX_SENTENCE_CHARS, or holding more than MAX_FIGURES_PER_SENTENCE numbers,
#: is read as consecutive pieces cut at spaces, each stored as the claim's sentence. Real
#: prose is far below both (the corpora: at most 346 characters and 6 numbers). A piece cut
#: for holding too many numbers is a list or a table, not prose: its figures are kept as
#: claims but tied to no fact (one "people died" at the end of 20,000 numbers would make
#: each of them a death toll, and linking them would cost most of the time).
MAX_SENTENCE_CHARS = 1_000
MAX_FIGURES_PER_SENTENCE = 16
#: Context a sentence sees from its paragraph, either side (a page may be one line; the
#: longest paragraph of the corpora is 901 characters).
PARAGRAPH_CONTEXT_CHARS = 1_000
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")


def _bounded_pieces(plain: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Cut ``plain[start:end]`` into pieces within both caps, at spaces; linear time.

    Each piece is ``(start, end, dense)``; ``dense`` marks a piece cut for holding too
    many numbers. A sentence within the caps is one piece, itself.
    """
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = plain.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    out: list[tuple[int, int, bool]] = []
    for lo, hi in pieces:
        out.extend(_few_figures(plain, lo, hi))
    return [(lo, hi, dense) for lo, hi, dense in out if plain[lo:hi].strip()]


def _few_figures(plain: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Split a piece (at most MAX_SENTENCE_CHARS) until each holds few enough numbers."""
    numbers = list(_NUMBER_TOKEN.finditer(plain, start, end))
    if len(numbers) <= MAX_FIGURES_PER_SENTENCE:
        return [(start, end, False)]
    out = []
    lo = start
    for i in range(MAX_FIGURES_PER_SENTENCE, len(numbers), MAX_FIGURES_PER_SENTENCE):
        cut = numbers[i].start()
        out.append((lo, cut, True))
        lo = cut
    out.append((lo, end, True))
    return out


_DENSE_NOTE = (
    f"in a sentence of more than {MAX_FIGURES_PER_SENTENCE} numbers (a list or table): "
    "tied to no fact"
)


def _may_hold_figure(sentence: str) -> bool:
    if _DIGIT.search(sentence):
        return True
    return not _FIGURE_WORDS.isdisjoint(_LOWER_WORD.findall(sentence.lower()))


def extract_claims(
    text: str, published: date | None, story: Story, explain: bool = False
) -> list[Claim]:
    """Read every figure and date in ``text`` as a claim, tied to ``story``'s facts when possible.

    ``published`` anchors relative and year-less dates; when it is None such dates are kept
    with unknown ends and a note. Spans index ``text`` exactly as passed in. With
    ``explain``, a figure tied to no fact carries, in ``notes``, why each fact of its kind
    did not take it ("why not boat_strikes: …"), for ``factdrift story check``.
    """
    published = publication_day(published)[0]  # year 1 or 9999 anchors nothing
    plain = _spaced_thousands_grouped(_blank_page_stamps(normalize(text)))
    # Spanish, Portuguese and French copy: the story's words in that language are added,
    # and each sentence is read through an English gloss (languages.py).
    lang = detect_language(plain)
    catalog = compile_catalog(story.in_language(lang, lambda w: gloss(w, lang).text.lower()))
    heads = frozenset(
        word.lower()
        for fact in story.facts
        for phrase in fact.words.get(lang, {}).get("subjects", [])
        for word in phrase.split()
    )
    claims: list[Claim] = []
    headline = _headline(plain)
    # The lead (the article's opening) names the topic for the whole article: wire copy
    # runs in one-sentence paragraphs that rarely repeat it.
    lead = plain[:_LEAD_CHARS]
    article = ArticleContext(
        published=published,
        # "Hurricane Katrina" named anywhere in the article makes a bare "Katrina" another event
        other_events=other_event_names(plain, catalog),
        home=dateline_place(plain, catalog.places),
        lead_places=frozenset(catalog.places.names_in(plain[:_LEAD_CHARS])),
    )
    last_day = _LastDay()
    for sentence_start, sentence_end in split_sentences(plain):
        last_day.next_sentence()
        for s_start, s_end, dense in _bounded_pieces(plain, sentence_start, sentence_end):
            sentence = plain[s_start:s_end]
            glossed = gloss(sentence, lang, published, heads) if lang != "en" else None
            if not _may_hold_figure(glossed.text if glossed else sentence):
                continue
            own = _paragraph(plain, s_start, s_end)
            # a one-sentence paragraph (wire style) takes its topic from the lead
            alone = len(own.strip()) <= s_end - s_start + 2
            paragraph = own + "\n" + headline + ("\n" + lead if alone else "")
            if glossed is not None:
                found = _sentence_claims(
                    glossed.text,
                    glossed.text,
                    0,
                    len(glossed.text),
                    catalog,
                    paragraph,
                    replace(article, english=False),  # a gloss keeps the source's word order
                    explain,
                    link=not dense,
                )
                claims.extend(_from_gloss(c, glossed, text, s_start, s_end) for c in found)
                continue
            found = _sentence_claims(
                text,
                sentence,
                s_start,
                s_end,
                catalog,
                paragraph,
                article,
                explain,
                link=not dense,
                previous_day=last_day.day,
            )
            last_day.saw(found)
            claims.extend(found)
            if s_start < _LEAD_CHARS:
                article = _with_lead_occurrence(article, sentence, s_start, found, catalog)
    claims = _first_of_series(claims, plain, story, catalog.series)
    dated = [_dated_within_window(c, published) for c in claims]
    return _mark_repeats(_superseded_tallies(dated, text, story, published))


def _with_lead_occurrence(
    article: ArticleContext, sentence: str, s_start: int, found: list[Claim], catalog
) -> ArticleContext:
    """The article context, with the other occurrence a headline or lead sentence reports
    ("A 5.9 quake shook the valley … three weeks after the deadly quake"): its
    measures and days, so that the article's later mentions of it are its too."""
    span = occurrence_span(sentence, catalog)
    if span is None or span.same_day:
        return article
    outside = [c for c in found if not span.start <= c.span_start - s_start < span.end]
    found_here = OtherOccurrence(
        measures=frozenset(
            (c.unit, c.value) for c in outside if c.kind == "quantity" and c.value is not None
        ),
        days=frozenset(
            c.date_low for c in outside if c.kind == "date" and c.date_low == c.date_high
        ),
        span_days=span.days,
    )
    known = article.occurrence
    return replace(article, occurrence=known.merged(found_here) if known else found_here)


class _LastDay:
    """The day the article named last, for "the following day" in the next sentences.

    Only the sentence right after keeps it: further on, "the next day" may follow a day
    named in between in words the extractor does not date."""

    def __init__(self) -> None:
        self.day: date | None = None
        self._age = 0

    def next_sentence(self) -> None:
        self._age += 1
        if self._age > 1:
            self.day = None

    def saw(self, claims: list[Claim]) -> None:
        days = [c for c in claims if c.kind == "date" and c.date_low and c.date_low == c.date_high]
        if days:
            self.day, self._age = max(days, key=lambda c: c.span_start).date_low, 0


# "The raid is the first of its kind", "marks the first known strike of the naval
# campaign": the article's event is the series' first. Not "the first strike
# in 2026", "the first … under his leadership" (the first of a period).
_FIRST_OF_KIND = re.compile(r"\bthe\s+first\s+of\s+its\s+kind\b", re.IGNORECASE)
# "… the first since January", "… since his return": the first of the period since then
# (not "the first known attack since Trump ordered a surge", the series' first)
_SINCE_AFTER = re.compile(
    r"(?:(?!\.\s+(?-i:[A-Z]))[^;:,]){0,60}?\bsince\s+(?:\d{4}|this\s+year|the\s+year|his|her"
    r"|their|its\s+new|january|february|march|april|may|june|july|august|september|october"
    r"|november|december)\b",
    re.IGNORECASE,
)


def _first_of_series(
    claims: list[Claim], text: str, story: Story, series: frozenset[str]
) -> list[Claim]:
    """In an article that calls its event the series' first (and names no other), a figure
    about that one event is the first event's (a fact cued "first <event>")."""
    if not series or not _says_first_of_series(text, series):
        return claims
    firsts = _first_facts(story, series)
    return [replace(c, fact_key=firsts[c.fact_key]) if c.fact_key in firsts else c for c in claims]


def _says_first_of_series(text: str, series: frozenset[str]) -> bool:
    nouns = "|".join(sorted(map(re.escape, series)))
    first = re.compile(
        r"\b(?:is|was|marks|marked|marking|as|in)\s+the\s+first"
        rf"(?:\s+[\w.-]+){{0,4}}?\s+(?:{nouns})s?\b",
        re.IGNORECASE,
    )
    # any ordinal beyond the first ("a second strike", "the 10th attack") means the article
    # reports a later event
    later = re.compile(
        r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)"
        rf"|another|latest|new|previous|earlier)\s+(?:[\w.-]+\s+){{0,3}}?(?:{nouns})s?\b",
        re.IGNORECASE,
    )
    if later.search(text):
        return False
    matches = [*first.finditer(text), *_FIRST_OF_KIND.finditer(text)]
    return any(
        not (first_of_a_period(text, m.end(), 60) or _SINCE_AFTER.match(text, m.end()))
        for m in matches
    )


def _first_facts(story: Story, series: frozenset[str]) -> dict[str, str]:
    """Each fact about one occurrence → the fact of the same kind and unit about the
    series' first ("strike_deaths" → "first_boat_strike_deaths"), when there is one."""
    nouns = "|".join(map(re.escape, sorted(series)))
    firsts = [
        f
        for f in story.facts
        if f.effective_scope != "event"
        and any(re.search(rf"\bfirst\b(?:\s+\w+)?\s+(?:{nouns})\b", c, re.I) for c in f.cues)
    ]
    out = {}
    for fact in story.facts:
        match = [f.key for f in firsts if (f.kind, f.unit) == (fact.kind, fact.unit)]
        if fact.effective_scope == "event" and len(match) == 1:
            out[fact.key] = match[0]
    return out


def _from_gloss(claim: Claim, glossed, text: str, s_start: int, s_end: int) -> Claim:
    """A claim read on a sentence's English gloss, with its span, sentence and quote
    taken back to the original text."""
    lo, hi = glossed.original_span(claim.span_start, claim.span_end)
    at = glossed.text.find(claim.quote)
    original = text[s_start:s_end]
    if at >= 0 and claim.quote:
        q_lo, q_hi = glossed.original_span(at, at + len(claim.quote))
        quote = original[q_lo:q_hi].strip()
    else:
        quote = original[max(0, lo - 35) : hi + 35].strip()
    return replace(
        claim, span_start=s_start + lo, span_end=s_start + hi, sentence=original, quote=quote
    )


def _dated_within_window(claim: Claim, published: date | None) -> Claim:
    """A date outside 1900 – publication + 1 year is kept as a claim of unknown date."""
    if in_window(claim.date_low, claim.date_high, published):
        return claim
    note = "date outside 1900 to a year after publication; kept as unknown"
    return replace(claim, date_low=None, date_high=None, notes=(*claim.notes, note))


# A page's own date stamp ("date 2023-02-09" leading the text, as stored pages and some
# CMS exports carry it) is metadata, not a statement of the story.
_PAGE_STAMP = re.compile(r"\A\s*date\s+\d{4}-\d{2}-\d{2}(?:T[\d:.+\-]*Z?)?")


def _blank_page_stamps(text: str) -> str:
    """``text`` with its leading date stamp blanked (same length: spans stay valid)."""
    m = _PAGE_STAMP.match(text)
    return text if m is None else " " * m.end() + text[m.end() :]


_LEAD_CHARS = 400
_TERMINAL = re.compile(r"[.!?:;\"')]\s*$")


def _headline(text: str, max_lines: int = 4) -> str:
    """The headline block: the first lines of the article that end without a full stop
    (kicker, headline, byline). It names the topic for the whole article ("The boat strikes
    are a policy without a law"), so context words may come from it."""
    lines = []
    for line in text.lstrip().split("\n"):
        if not line.strip():
            continue
        if _TERMINAL.search(line) or len(lines) >= max_lines:
            break
        lines.append(line)
    return "\n".join(lines)


def _paragraph(text: str, start: int, end: int) -> str:
    """The newline-delimited block holding ``text[start:end]``, at most
    PARAGRAPH_CONTEXT_CHARS either side of it."""
    lo = text.rfind("\n", max(0, start - PARAGRAPH_CONTEXT_CHARS), start) + 1
    lo = max(lo, start - PARAGRAPH_CONTEXT_CHARS)
    hi = text.find("\n", end, end + PARAGRAPH_CONTEXT_CHARS)
    hi = hi if hi >= 0 else min(len(text), end + PARAGRAPH_CONTEXT_CHARS)
    return text[lo:hi]


def _sentence_claims(
    text,
    sentence,
    s_start,
    s_end,
    catalog,
    paragraph,
    article,
    explain=False,
    link=True,
    previous_day=None,
) -> list[Claim]:
    published = article.published
    dates = find_dates(sentence, published, previous_day)
    dates = _anchored_to_reports(sentence, dates, published)
    numbers = find_numbers(sentence, [(d.ext_start, d.end) for d in dates])
    mentions: list[DateMention | NumberMention] = [*dates]
    for n in numbers:
        if n.qualifier == "up_to" and raised_to(sentence, n.ext_start, n.start):
            n.qualifier = "exact"  # "the death toll is up to 104": risen to 104
            n.notes = (*n.notes, "'up to' after a tally read as 'risen to'")
        mentions.append(_year_as_date(n, sentence, published) if n.is_year else n)
    share_comparatives(numbers, sentence)
    if not mentions:
        return []
    mentions.sort(key=lambda m: m.start)
    figures = [_figure_of(m, sentence) for m in mentions]
    boundaries = clause_boundaries(sentence, [(m.ext_start, m.end) for m in mentions])
    linker = SentenceLinker(catalog, sentence, boundaries, paragraph, article)
    if link:
        linker.link(figures)
    else:
        for m in mentions:
            m.notes = (*m.notes, _DENSE_NOTE)
    hedges = hedge_cues(sentence)
    sayers = attributions(sentence)
    original = text[s_start:s_end]
    out = []
    for mention, fig in zip(mentions, figures, strict=True):
        rule = catalog.rules[fig.fact_index] if fig.fact_index is not None else None
        if fig.ordinal and rule is None:
            continue  # "the 22nd Marine Expeditionary Unit": an ordinal that counts no fact
        if rule is not None and any(n.startswith("vague") for n in mention.notes):
            rule = None  # "dozens of", "hundreds of": no value to hold a key fact to
        hedge = hedge_for(sentence, hedges, mention.ext_start, mention.end)
        if hedge is None and rule is not None and rule.estimate:
            hedge = projection_words(sentence, mention.ext_start)  # kept as "could exceed"
        common = {
            "fact_key": rule.key if rule else None,
            "sentence": original,
            "span_start": s_start + mention.start,
            "span_end": s_start + mention.end,
            "hedged": hedge is not None,
            "hedge": hedge,
            "attribution": attribution_for(sayers, mention.start),
            "quote": _quote(original, mention.ext_start, mention.ext_end),
            "notes": tuple(mention.notes)
            + (
                tuple(f"why not {k}: {v}" for k, v in linker.why_not(fig).items())
                if explain and rule is None
                else ()
            ),
            "scope": fig.scope,
            **_when(linker, fig, figures, mentions, sentence),
        }
        if isinstance(mention, DateMention):
            if rule is not None:
                mention = _event_date(mention, sentence)
            out.append(_date_claim(mention, sentence, common))
        else:
            out.append(_number_claim(mention, sentence, rule.unit if rule else None, common))
    return out


def _when(linker: SentenceLinker, fig: Figure, figures, mentions, sentence: str) -> dict:
    """The occurrence an event figure is about, and whether a figure is an earlier value.

    An event's days come from the one date of its clause ("a strike on Tuesday killed
    three"); an earlier value ("up from 30 on Wednesday") takes the date right after it,
    else the sentence's one date ("were without power three days ago").
    """
    out: dict = {}
    if fig.kind == "date":
        return out
    lo, hi = linker.scope(fig)
    if is_earlier_value(sentence, fig.ext_start, fig.ext_end):
        out["earlier"] = True
        after = [
            m
            for f, m in zip(figures, mentions, strict=True)
            if f.kind == "date" and 0 <= f.ext_start - fig.ext_end <= 12 and not f.bound
        ]
        if after and after[0].low is not None and after[0].low == after[0].high:
            out["as_of"] = after[0].low
        elif not after:
            # "… were without power three days ago", "only a week ago there were 385": the
            # sentence's one moment before the report is when the value held (a span
            # counts from its start); not "Monday" in "said Monday the toll had climbed from
            # 9 to 14", the day of the new value
            days = [
                m
                for f, m in zip(figures, mentions, strict=True)
                if f.kind == "date"
                and not f.bound
                and m.low is not None
                and names_a_past_moment(sentence[m.start : m.end])
            ]
            if len(days) == 1:
                out["as_of"] = days[0].low
    elif fig.scope == "event":
        days = [
            m
            for f, m in zip(figures, mentions, strict=True)
            if f.kind == "date" and lo <= f.start < hi and not f.bound and m.low is not None
        ]
        if len(days) == 1:
            out["event_low"], out["event_high"] = days[0].low, days[0].high
    if not out.get("earlier") and is_revision(sentence, fig.ext_start):
        out["revision"] = True  # "revised down to 97": may lower a running total
    return out


# "The Courier reported Tuesday that the two ministers met last week": what the report says is
# dated from the report's day, not the article's.
_REPORTED_ON = re.compile(
    r"\b(?:reported|said|announced|disclosed|revealed|confirmed|told\s+[\w ]{1,30}?)\s+(?:on\s+)?"
    r"(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+that\b",
    re.IGNORECASE,
)
_WEEK_WORDS = re.compile(r"(?i)\bweek(?:end)?s?\b")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _anchored_to_reports(
    sentence: str, dates: list[DateMention], published: date | None
) -> list[DateMention]:
    """Re-read the dates inside "X reported Friday that …" against that Friday."""
    m = _REPORTED_ON.search(sentence)
    if m is None or published is None:
        return dates
    back = (published.weekday() - _WEEKDAY_NAMES.index(m.group("day").lower())) % 7
    report_day = published - timedelta(days=back)
    if report_day == published:
        return dates
    # only calendar weeks move with the report ("last week", "earlier this week"); a count
    # of days ("10 days ago") is read from the article's day, as the reference gold does
    tail = sentence[m.end() :]
    moved = {
        d.start + m.end(): replace(
            d, start=d.start + m.end(), end=d.end + m.end(), ext_start=d.ext_start + m.end()
        )
        for d in find_dates(tail, report_day)
        if _WEEK_WORDS.search(tail, d.ext_start, d.end)
    }
    return [moved.get(d.start, d) for d in dates]


def _year_as_date(n: NumberMention, sentence: str, published: date | None) -> DateMention:
    year = int(n.value)
    if year < 100:  # "'91": the latest such year not after publication
        this_year = (published or date.today()).year
        year += 2000 if 2000 + year <= this_year else 1900
    mention = year_mention(n.start, n.end, year, sentence, n.ext_start)
    mention.notes = (*n.notes, "a year")
    return mention


_AS_OF = re.compile(r"(?i:\b(?:as\s+of|through|until|till|by|since|before|after))\s+$")


def _figure_of(m: DateMention | NumberMention, sentence: str) -> Figure:
    if isinstance(m, DateMention):
        unit = "year" if "a year" in m.notes else "date"
        lo, hi = (m.anchor_low, m.anchor_high) if m.anchor_low else (m.low, m.high)
        day = lo if lo is not None and lo == hi else None
        bound = m.qualifier not in ("exact", "about") or bool(
            _AS_OF.search(sentence[max(0, m.ext_start - 12) : m.start].rstrip() + " ")
        )
        year = m.low.year if unit == "year" and m.low is not None else None
        return Figure(
            m.start,
            m.end,
            m.ext_start,
            m.end,
            "date",
            unit,
            "",
            day=day,
            bound=bound,
            year=year,
            until=m.high,
            follows=m.follows,
        )
    return Figure(
        m.start,
        m.end,
        m.ext_start,
        m.ext_end,
        m.kind,
        m.unit,
        m.head,
        m.noun_phrase,
        ordinal="ordinal" in m.notes,
        occurrence="occurrence" in m.notes,
        fraction=m.value is not None and m.value != int(m.value) and m.value < 100,
        value=m.value,
    )


_SINCE = re.compile(r"(?i:since|from)\s*$")


_WHEN_AFTER_DATE = re.compile(r",?\s*when\b", re.IGNORECASE)


def _event_date(m: DateMention, sentence: str) -> DateMention:
    """For a catalog event, "since early September" dates the event itself (its start);
    "has until Sept. 30 to …" is the deadline itself."""
    if (
        m.qualifier == "up_to"
        and m.anchor_high is not None
        and HAS_UNTIL.search(sentence, 0, m.start)
    ):
        qualifier = "exact" if m.anchor_low == m.anchor_high else "range"
        note = "'has until' read as the deadline itself"
        return replace(
            m, low=m.anchor_low, high=m.anchor_high, qualifier=qualifier, notes=(*m.notes, note)
        )
    if (
        m.anchor_low is not None
        and m.qualifier != "exact"
        and _WHEN_AFTER_DATE.match(sentence, m.end)
    ):
        # "after Nov. 24, when the pause took effect": the when-clause's event is that day
        qualifier = "exact" if m.anchor_low == m.anchor_high else "range"
        note = "a date its when-clause tells the event of"
        return replace(
            m, low=m.anchor_low, high=m.anchor_high, qualifier=qualifier, notes=(*m.notes, note)
        )
    if m.qualifier != "at_least" or m.anchor_low is None:
        return m
    if m.ext_start == m.start or not _SINCE.search(sentence, m.ext_start, m.start):
        return m
    qualifier = "exact" if m.anchor_low == m.anchor_high else "range"
    note = "'since' read as the date the catalog event happened"
    return replace(
        m, low=m.anchor_low, high=m.anchor_high, qualifier=qualifier, notes=(*m.notes, note)
    )


def _date_claim(m: DateMention, sentence: str, common: dict) -> Claim:
    return Claim(
        subject=_words_before(sentence, m.ext_start) or "date",
        kind="date",
        qualifier=m.qualifier,
        unit="date",
        date_low=m.low,
        date_high=m.high,
        **common,
    )


def _number_claim(m: NumberMention, sentence: str, fact_unit: str | None, common: dict) -> Claim:
    value, value_high, unit = m.value, m.value_high, m.unit or fact_unit
    factor = (
        duration_factor(m.unit, fact_unit)
        if m.kind == "duration" and m.unit and fact_unit
        else None
    )
    if factor is not None and factor != 1.0:
        # "a one-week window" for a fact counted in days: 7 days, as the catalog counts it.
        value, unit = value * factor, fact_unit
        value_high = value_high * factor if value_high is not None else None
        common = {**common, "notes": (*common["notes"], f"{m.value:g} {m.unit} in {fact_unit}")}
    low, high = number_interval(m.qualifier, value, m.kind, value_high)
    subject = m.noun_phrase or fact_unit or _words_before(sentence, m.ext_start) or m.kind
    return Claim(
        subject=subject,
        kind=m.kind,
        qualifier=m.qualifier,
        unit=unit,
        value=value,
        value_high=value_high,
        low=low,
        high=high,
        **common,
    )


_WORD = re.compile(r"[\w'.-]+")


def _words_before(sentence: str, pos: int, count: int = 4) -> str:
    """The few words before ``pos`` (the figure's subject when it counts no noun)."""
    words = _WORD.findall(sentence[max(0, pos - 60) : pos])
    return " ".join(words[-count:]).lower()


def _quote(sentence: str, start: int, end: int, around: int = 35) -> str:
    """The figure with a few words either side, cut at word boundaries."""
    lo = max(0, start - around)
    hi = min(len(sentence), end + around)
    if lo > 0 and " " in sentence[lo:start]:
        lo = sentence.index(" ", lo) + 1
    if hi < len(sentence) and " " in sentence[end:hi]:
        hi = sentence.rindex(" ", end, hi)
    return sentence[lo:hi].strip()


# "… was 410 on Friday", "… to 2,350 as of Tuesday": the day a tally is said of
_TALLY_DAY = re.compile(r"[\s,]*(?:as\s+of|on|by)?\s*", re.IGNORECASE)


def _superseded_tallies(
    claims: list[Claim], text: str, story: Story, published: date | None
) -> list[Claim]:
    """A running total said of a day before a larger total of the same fact in the same
    article ("The toll was 410 on Friday" in a Sunday article that says
    "… crept up to 415 on Saturday") is an earlier value of that day, not a current one."""
    cumulative = {f.key for f in story.facts if f.cumulative}
    said_days = [
        d
        for d in claims
        if d.kind == "date" and d.fact_key is None and d.date_low and d.date_low == d.date_high
    ]
    days = [_tally_day(c, said_days, text) if c.fact_key in cumulative else None for c in claims]
    out = []
    for c, day in zip(claims, days, strict=True):
        if c.fact_key in cumulative and c.value is not None and day is not None and not c.earlier:
            newer = any(
                d.fact_key == c.fact_key
                and not d.earlier
                and d.value is not None
                and d.value >= c.value
                and (d_day or published) is not None
                and (d_day or published) > day
                for d, d_day in zip(claims, days, strict=True)
            )
            c = replace(c, earlier=True, as_of=day) if newer else c
        out.append(c)
    return out


def _tally_day(claim: Claim, days: list[Claim], text: str) -> date | None:
    """The day a count is said of, one of ``days`` (the article's one-day dates tied to no
    fact) written right after it ("410 on Friday"); None for a date or when no day follows."""
    if claim.kind == "date":
        return None
    for d in days:
        if 0 <= d.span_start - claim.span_end <= 12 and _TALLY_DAY.fullmatch(
            text, claim.span_end, d.span_start
        ):
            return d.date_low
    return None


# Thousands grouped by spaces ("11 300", "10 000", "1 200 000"): a style some outlets and
# translated copy use. Only in an article that writes "N 000" somewhere, which no one writes
# for two numbers side by side.
_SPACE_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d]|[.,]\d)")
_SPACED_ZEROS = re.compile(r"(?<![\d.,])\d{1,3} 000(?![\d]|[.,]\d)")


def _spaced_thousands_grouped(text: str) -> str:
    """``text`` with the spaces of space-grouped thousands made commas (same length), when
    the article uses that style."""
    if " 000" not in text or _SPACED_ZEROS.search(text) is None:
        return text
    return _SPACE_GROUPED.sub(lambda m: m.group().replace(" ", ","), text)


def _mark_repeats(claims: list[Claim]) -> list[Claim]:
    """Point each restatement at the first claim of the same fact (or subject) and interval."""
    first: dict[tuple, int] = {}
    out = []
    for i, c in enumerate(claims):
        key = (
            c.fact_key or ("?", c.subject.lower()),
            c.kind,
            c.low,
            c.high,
            c.date_low,
            c.date_high,
        )
        unknown = c.kind == "date" and c.date_low is None and c.date_high is None
        if key in first and not unknown:
            c = _with_repeat(c, first[key])
        else:
            first.setdefault(key, i)
        out.append(c)
    return out


def _with_repeat(claim: Claim, index: int) -> Claim:
    return replace(claim, repeat_of=index)
