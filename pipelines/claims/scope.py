"""What a figure is a statement about: a running total, one occurrence, or an earlier time.

Real coverage of a series of events (strikes, attacks, raids) leads with the newest one:
"Strike on suspected smuggling boat kills 4", "Friday's attack killed four people, bringing the
toll to 87". The same verb of killing states a single event's figure in one clause and the
running tally in the next. This module decides, from general evidence in the figure's
clause, which one a figure states:

* ``total``: a running tally — a tally word before it ("toll", "total", "bringing … to",
  "so far", "since"), or an ordinal count of the series' event ("the 26th strike");
* ``event``: one occurrence — the series' event noun in the singular with a determiner
  ("the strike", "a U.S. strike", "Friday's attack", "the latest strike", "another
  strike"), after the figure ("five dead in the attack"), a present-tense verb of the
  event right before the figure (headline style, "strikes kill 5"), or a clause dated to
  one day ("strikes on Tuesday killed six");
* ``None``: nothing says either way (a fact's default applies).

It also recognises figures stated for comparison with an earlier time ("up from 30",
"previously 12", "compared with 20 a week ago"): claims about that earlier time, never the
article's current statement.

The series' event nouns come from the story's catalog (words it lists in the singular and
plural, plural context words), never from code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from factdrift.pipelines.claims.lexicon import IRREGULAR

# Words after a count that make it a running total ("killed 83 people so far").
RUNNING_TOTAL_MARKERS = (
    r"so\s+far|thus\s+far|to\s+date|until\s+now|up\s+to\s+now|in\s+all|altogether"
)
TALLY = re.compile(
    r"\b(?:bring(?:ing|s)?|brought|rais(?:ing|ed|es)|push(?:ing|ed|es)|lift(?:ing|ed|s)?"
    r"|tak(?:ing|es)|took|toll|total|tally|count|number\s+(?:of\s+\w+\s+)?killed"
    rf"|{RUNNING_TOTAL_MARKERS}|overall|cumulative|already)\b",
    re.IGNORECASE,
)
TALLY_AFTER = re.compile(
    rf"[\s,]*(?:\w+\s+){{0,3}}?(?:{RUNNING_TOTAL_MARKERS}|in\s+total)\b",
    re.IGNORECASE,
)
# One batch of a running total: a day or a round named by its ordinal ("freed on its
# fourth day of calm", "on day 3", "in the final exchange", "the second group of captives").
_ORDINAL_WORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)"
    r"|final|last|latest)"
)
_ONE_BATCH = re.compile(
    # "recovered in the past three days", "over the last 24 hours": a batch of recent days
    # (not "over the past week", which a week after the event is all of it)
    r"\b(?:in|over|during|within)\s+the\s+(?:past|last|previous)\s+(?:[\w-]+\s+)?(?:hours?"
    r"|days)\b|"
    r"\b(?:(?:on|in|during|following|after|at\s+(?:the\s+)?end\s+of)\s+(?:the\s+|its\s+)?(?:"
    + _ORDINAL_WORD
    + r"\s+(?:day|night)\b(?!\s+(?:after|since|of\s+(?:the\s+)?(?:search|rescue)))"
    r"|day\s+\d{1,2}\b)|(?:the|a|its)\s+"
    + _ORDINAL_WORD
    + r"\s+(?:such\s+)?(?:batch|group|swap|exchange|round|handover|wave)\b)",
    re.IGNORECASE,
)
_BATCH_NOUNS = (
    "day",
    "night",
    "hour",
    "batch",
    "group",
    "swap",
    "exchange",
    "round",
    "wave",
    "handover",
)


def _names_a_batch(clause: str) -> bool:
    """The clause names one batch of a running total (``_ONE_BATCH``); a word test first,
    since most clauses name none."""
    lowered = clause.lower()
    return any(w in lowered for w in _BATCH_NOUNS) and _ONE_BATCH.search(clause) is not None


# "killed 83 people since September", "since the campaign began": a count since a start.
_SINCE_AFTER = re.compile(r"[\s,]*(?:[\w.-]+\s+){0,4}?since\b", re.IGNORECASE)
# A date right after a verb of saying dates the statement, and one after a verb of
# beginning dates the series' start: neither dates one occurrence.
SAID_ON = re.compile(
    r"\b(?:said|says|told|announced|reported|confirmed|stated|added|wrote|posted|according"
    r"|statement|tweeted|published|began|begun|started|launched|since)\b[\w\s.,'-]{0,25}$",
    re.IGNORECASE,
)
# "four dead in the attack", "11 people were killed in a strike": the event after the figure.
IN_EVENT = re.compile(
    r"(?:\s+[\w'-]+){0,7}?\s+(?P<prep>in|from|during|by|aboard|on|onboard)\s+", re.IGNORECASE
)
# Determiners and modifiers that single out one occurrence of a series.
_ONE_OF = (
    r"a|an|the|one|this|that|latest|last|single|another|new|most\s+recent|[a-z]+day's|first"
    r"|(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
)
# A present-tense verb of the event right before the figure: the headline's newest event
# ("U.S. strikes kill 5", "strike on boat leaves 3 dead"). A running tally is written with a
# tally word or the perfect ("have killed 83"), which this does not match.
_PRESENT_EVENT_VERB = re.compile(
    r"\b(?:kills?|leaves?|claims?|sinks?|hits?)\s+(?:at\s+least\s+|more\s+than\s+|about\s+)?$",
    re.IGNORECASE,
)
_VERBS_OF_STRIKING = frozenset(
    ["hit", "hits", "attacked", "sank", "sunk", "destroyed", "targeted", "bombed", "blew up"]
)
# "The U.S. carried out two strikes on Monday": a past action's count is that day's batch
# (a running count is said with the perfect, "has carried out 21 strikes", or a tally word).
_PAST_ACTION = re.compile(
    r"(?<!\bhas\s)(?<!\bhave\s)(?<!\bhad\s)(?<!\bnow\s)\b(?:carried\s+out|conducted|launched"
    r"|staged|executed)\s+(?:another\s+|(?:at\s+least\s+))?$",
    re.IGNORECASE,
)
_SERIES_NOUNS = frozenset(
    ["campaign", "campaigns", "operation", "operations", "program", "programme", "policy", "war"]
)


def _stem(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def series_events(facts: Iterable) -> set[str]:
    """The singular nouns that name one occurrence of a series the story follows.

    A story follows a series when it declares facts about one occurrence (``scope =
    "event"``), whose context and cues name the event in the singular and the plural
    ("strike", "strikes"), or when a running-total count fact counts the events themselves
    (a cue or subject "strikes" beside its singular "strike"). Only then is "the strike
    killed 3" one event of many; in a story about one disaster "the fire killed 97" is the
    story's own toll, however its context words are written.
    """
    singulars: set[str] = set()
    for fact in facts:
        scope = fact.effective_scope
        words = {w.lower() for w in (*fact.context, *fact.cues, *fact.subjects) if " " not in w}
        pairs = {w for w in words if w and w + "s" in words}
        if scope == "event":
            singulars |= pairs
        elif scope == "total" and fact.kind == "count":
            counted = {w.lower() for w in (*fact.cues, *fact.subjects)}
            singulars |= {w for w in pairs if w in counted or w + "s" in counted}
    return singulars - {"people", "person", "death", "live"}


def event_noun_pattern(singulars: set[str], context: Iterable[str]) -> re.Pattern[str] | None:
    """Regex for one occurrence of a series ("the strike", "Friday's attack", "a U.S.
    strike", "the one", "struck a boat"), or None when the story names no series.

    A singular that modifies another noun names no occurrence ("the boat strikes", "the
    drug boat campaign"); ``context`` gives the nouns it may modify.
    """
    if not singulars:
        return None
    nouns = (
        {w.lower() for w in context if w and " " not in w}
        | singulars
        | _SERIES_NOUNS
        | {w + "s" for w in singulars}
    )
    modifier = (
        r"(?![-\s]+(?:"
        + "|".join(re.escape(w) for w in sorted(nouns, key=len, reverse=True))
        + r")\b)"
    )
    body = "|".join(re.escape(w) for w in sorted(singulars))
    verbs = {v for s in singulars for v in IRREGULAR.get(s, ()) if v not in nouns}
    verbs = "|".join(sorted(verbs | _VERBS_OF_STRIKING))
    return re.compile(
        rf"(?:\b(?:{_ONE_OF})\s+(?:[\w.'-]+\s+){{0,2}}?(?:{body})\b(?!s){modifier}"
        # headline style, no determiner: "US strike on boat kills 3", "… in US boat strike"
        rf"|(?:^\W*|\b(?:in|by|from|during)\s+)(?:[\w.'-]+\s+){{0,2}}?(?:{body})\b(?!s){modifier}"
        # "the latest strikes", "new attacks": the newest occurrence(s)
        rf"|\b(?:latest|newest|new|most\s+recent)\s+(?:[\w.'-]+\s+){{0,3}}?(?:{body})s?\b"
        # "struck a boat", "hit alleged drug trafficking vessel"
        rf"|\b(?:{verbs})\s+(?:(?:a|an|another|the)\s+)?(?:[\w.'-]+\s+){{0,3}}?(?:{body})\b(?!s)"
        r"|\b(?:the|that|this)\s+one\b)",
        re.IGNORECASE,
    )


# A figure whose clause goes on to raise a running total is the increment, not the total.
_BRINGS_TOTAL = re.compile(
    r"(?:\s+[\w'’-]+){0,3}?\s+(?:bring|brings|brought|push|pushes|pushed|raise|raises|raised"
    r"|lift|lifts|lifted|take|takes|took)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?(?:total|toll"
    r"|tally|count|number)\b",
    re.IGNORECASE,
)


def statement_scope(
    sentence: str,
    lo: int,
    left: int,
    start: int,
    end: int,
    hi: int,
    events: re.Pattern[str] | None,
    dated: bool = False,
) -> str | None:
    """``total``, ``event`` or None for the figure at ``sentence[start:end]``.

    ``lo``/``hi`` bound the figure's clause; ``left`` is where its own stretch begins (the
    end of the figure before it, if any, within the clause). ``dated`` says the clause
    names the one day something happened.
    """
    before = sentence[max(lo, left) : start]
    if _BRINGS_TOTAL.match(sentence, end):
        return "event"  # "the three raids bring the total … to 135": the latest batch
    if TALLY.search(sentence, lo, start) or TALLY_AFTER.match(sentence, end):
        return "total"
    if _SINCE_AFTER.match(sentence, end):
        return "total"
    if _names_a_batch(sentence[lo:hi]):
        return "event"  # "freed on its fourth day of calm", "in the final exchange"
    if events is None:
        return None
    if events.search(sentence, lo, start):
        return "event"
    after = IN_EVENT.match(sentence, end, hi)
    if after:
        # "… in US boat strike", "… dead in the latest boat strikes": the event right after
        m = events.search(sentence, after.start("prep"), hi)
        if m and m.start() - after.end() <= 12:
            return "event"
    if _PRESENT_EVENT_VERB.search(before) or _PAST_ACTION.search(before):
        return "event"
    return "event" if dated else None


# An earlier value stated for comparison: "up from 30", "down from 412", "rose from 30 to
# 47", "previously 12", "compared with 20", "an increase from 61 reported Tuesday".
_EARLIER_BEFORE = re.compile(
    r"(?:\b(?:up|down|increas\w*|decreas\w*|ris\w*|rose|jump\w*|climb\w*|fell|fall\w*|drop\w*"
    r"|grow\w*|grew|revised|declin\w*|narrow\w*|reduc\w*)\s+(?:[\w%]+\s+){0,4}?from(?:\s+the)?|\bcompared\s+(?:with|to)|\bprevious(?:ly)?(?:\s+(?:reported"
    r"|stated|given|announced|put\s+at|at|of)(?:\s+(?:as|at))?)?|\bearlier\s+(?:count|toll|tally|figure|estimate)"
    r"\s+of|\b(?:from|than|over)\s+(?:the\s+|a\s+)?(?:previous|earlier|initial|prior)\s+"
    r"(?:\w+\s+)?(?:of\s+)?)\s+(?:(?:at\s+least|more\s+than|about|nearly|some|around|over)\s+)?$",
    re.IGNORECASE,
)
_FROM_TO = re.compile(r"\s*(?:[\w%]+\s+){0,3}to\s+(?:at\s+least\s+|more\s+than\s+|about\s+)?\d")
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
# "… 30 reported on Wednesday", "… 12 a day earlier": the value's own time, after it.
_EARLIER_AFTER = re.compile(
    r"[\s,]*(?:[a-z]+\s+){0,2}?(?:(?:reported|announced|given|recorded|confirmed)\s+"
    r"(?:earlier|previously|on|last|the\s+(?:day|night|week)\s+before|hours\s+earlier)"
    r"|a\s+(?:day|week)\s+(?:earlier|ago|before)|the\s+(?:previous|day\s+before)"
    r"|last\s+week|earlier\s+(?:this|in\s+the)\s+week)\b",
    re.IGNORECASE,
)


# A value of an earlier time told as such: "Initially, more than 2,000 were unaccounted
# for", "Earlier Wednesday, the mayor put the toll at six", "a week before, when
# officials put the missing at 212", "the toll had been 88 since May 9", "the last
# confirmed figure of 71 deaths", "their previous toll of 115".
_EARLIER_TIME = re.compile(
    r"(?<!least\s)\b(?:initially|originally|previously|at\s+first|a\s+(?:day|week|month)\s+earlier"
    r"|in\s+the\s+(?:early|first)\s+days)\b[^.;:!?]{0,60}$"
    r"|^\s*(?:earlier|last\s+week)\b(?!['’]s)[^.;:!?]{0,80}$"
    r"|\bhad\s+(?:stood|been|remained)\s+(?:at\s+)?(?:(?:at\s+least|more\s+than|about)\s+)?$"
    r"|\b(?:previous|last|initial|earlier|prior|original|first)\s+(?:\w+\s+){0,2}?(?:toll|count"
    r"|tally|figure|number|estimate|list|balance|reward|bounty|offer|amount)\s+(?:of|at|was"
    r"|stood\s+at|pointed\s+to"
    r"|showed)\s+(?:(?:at\s+least|more\s+than|about|some|nearly)\s+)?$",
    re.IGNORECASE,
)


# "… was 10 million dollars previously." (the adverb closing the value's own clause; not
# "stand at 64, previously reported as 61", where it opens the next one)
_EARLIER_ADVERB_AFTER = re.compile(
    r"(?:\s+[a-z]+){0,2}?\s+(?:previously|formerly|initially|originally)\s*(?:[.,;:!?]|$)",
    re.IGNORECASE,
)


# A moment before the report: "five days ago", "earlier this week", "last week", "the
# previous week", "a week earlier" (not "last week's fire", which names the event).
_PAST_MOMENT = (
    r"(?:(?:\w+|\d+)\s+(?:hours?|days?|weeks?)\s+(?:ago|earlier)|last\s+week|earlier\s+"
    r"(?:this|in\s+the)\s+week|the\s+(?:previous|prior)\s+(?:day|night|week)"
    r"|a\s+(?:day|week)\s+(?:earlier|before))\b(?!['’]s)"
)
# A state (be, remain, stand, be listed) said of that moment, on either side of the figure:
# "1.3 million homes lacked power four days ago", "the 640 people listed as unaccounted
# for earlier this week", "only six days ago 212 people were still unaccounted for",
# "officials had stated earlier that week that 640 were unaccounted for". An event verb
# with a past moment ("killed 230 people last week") dates the event; a toll it gives
# still holds.
_STATE = (
    r"(?:(?:were|was|had\s+been|remained)(?:\s+still)?"
    # a passive is an event ("were destroyed in the fire last week"), save verbs of status
    r"(?!\s+(?!(?:deemed|listed|reported|considered|believed|counted|thought|unaccounted"
    r"|displaced|stranded|trapped)\b)\w+(?:ed|en)\b)|stood|there\s+(?:were|was))"
)
_STATE_THEN_MOMENT = re.compile(
    rf"[^,;:.!?\d]{{0,60}}?\b{_STATE}\b[^,;:.!?\d]{{0,50}}?\b{_PAST_MOMENT}", re.IGNORECASE
)
_MOMENT_THEN_STATE = re.compile(
    rf"\b{_PAST_MOMENT}[^,;:.!?\d]{{0,40}}?\b{_STATE}\b(?:\s+still)?[^,;:.!?\d]{{0,30}}$"
    rf"|\bhad\s+(?:said|reported|estimated|put)\s+{_PAST_MOMENT}[^;:.!?\d]{{0,60}}$",
    re.IGNORECASE,
)


# A statement told as what came before the sentence's news: "one day after the governor said
# the missing numbered around 430", "After the governor said Monday that 430 were
# missing, the police estimated …" (the figure inside that "after" clause; not "the toll rose
# after the county reported 57 dead", the news itself).
_AFTER_SAID = re.compile(
    r"\bafter\s+(?:[\w.'’-]+\s+){1,8}?(?:had\s+)?said\b"
    r"[^,;:.!?]{0,90}$",
    re.IGNORECASE,
)


_PAST_MOMENT_RE = re.compile(_PAST_MOMENT, re.IGNORECASE)


def names_a_past_moment(text: str) -> bool:
    """Is ``text`` a moment before the report ("five days ago", "earlier this week")?"""
    return _PAST_MOMENT_RE.fullmatch(text.strip()) is not None


def _state_at_a_past_moment(sentence: str, ext_start: int, ext_end: int) -> bool:
    return bool(
        _STATE_THEN_MOMENT.match(sentence, ext_end)
        or _MOMENT_THEN_STATE.search(sentence, max(0, ext_start - 100), ext_start)
    )


def is_earlier_value(sentence: str, ext_start: int, ext_end: int) -> bool:
    """True when the figure at ``sentence[ext_start:ext_end]`` is an earlier value stated
    for comparison ("up from 30", "rose from 30 to 47", "previously 12", "compared with 20
    reported Tuesday") or told as a value of an earlier time ("Initially, 2,000 were
    missing", "the toll had stood at 115"), not the sentence's current statement."""
    window = sentence[max(0, ext_start - 60) : ext_start]
    if _EARLIER_BEFORE.search(window):
        return True
    if _EARLIER_TIME.search(sentence, 0 if ext_start <= 90 else ext_start - 90, ext_start):
        return True
    if _FROM.search(window) and _FROM_TO.match(sentence, ext_end):
        return True  # "from 30 to 47": 30 is the earlier value
    if _EARLIER_ADVERB_AFTER.match(sentence, ext_end):
        return True  # "the reward was 10 million dollars previously"
    if _state_at_a_past_moment(sentence, ext_start, ext_end):
        return True  # "… had no power four days ago"
    if _AFTER_SAID.search(sentence, max(0, ext_start - 180), ext_start):
        return True  # "one day after the mayor said the number was around 850"
    if _EARLIER_AFTER.match(sentence, ext_end):
        # "an increase from 61 reported Tuesday" is caught above; here only an explicit
        # comparison word earlier in the sentence makes it earlier ("than the 30 reported
        # last week").
        return bool(re.search(r"\b(?:than|over|from|versus|vs\.?)\s+(?:the\s+)?$", window, re.I))
    return False


# A projection, forecast or fear: "could reach 600", "is expected to rise to 50,000",
# "may climb above 100" (not "may have killed 83", a hedged report of the past).
_PROJECTION = re.compile(
    # "expect the county's toll to climb past", "feared the number of dead to pass"
    r"\b(?:expect\w*|fear\w*|warn\w*|predict\w*)\s+(?:that\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:toll|number|figure|count|total)(?:\s+of\s+(?:[\w-]+\s+){0,2}?[\w-]+)?\s+"
    r"to\s+(?:\w+\s+)?"
    r"(?:reach|ris|rose|climb|top|exceed|hit|surpass|grow|increas|jump|doubl|pass|go\b|soar"
    r"|mount)\w*\s+(?:(?:to|above|past|beyond|by|as\s+high\s+as)\s+)?"
    r"(?:(?:at\s+least|more\s+than|about|over|above|nearly)\s+)?$"
    # "the real count may be far greater, topping 900"
    r"|\b(?:could|may|might|would|will)\s+be\s+(?:even\s+|much\s+|far\s+)?(?:higher|greater"
    r"|larger|more)\W+(?:(?:\w+\s+){0,2}?(?:exceeding|topping|surpassing|reaching|above|over|at)"
    r"\s+(?:(?:at\s+least|more\s+than|about|over|above|nearly)\s+)?)?$"
    r"|\b(?:could|may|might|would|will|expected\s+to|likely\s+to|feared\s+to|projected\s+to"
    r"|forecast\s+to|set\s+to|poised\s+to|predicted\s+to)\s+(?!have\b)(?:\w+\s+)?"
    r"(?:reach|ris|rose|climb|top|exceed|hit|surpass|grow|increas|jump|doubl|be\b|total|number"
    r"|pass|go\b|soar|mount|kill|claim)\w*\s+(?:(?:to|above|past|beyond|by|as\s+high\s+as)\s+)?"
    r"(?:(?:at\s+least|more\s+than|as\s+many\s+as|about|up\s+to|over|above|nearly)\s+)?$",
    re.IGNORECASE,
)


# What a deal or a plan will do, not what was done: "agreed to hand back some 30", "is set
# to free 90", "terms that call for the militia to free at least 30", "to permit the release
# of 30" (a count right after).
_QUALIFIER_WORDS = (
    r"(?:(?:at\s+least|about|some|around|roughly|up\s+to|more\s+than|another|an\s+additional"
    r"|a\s+further|a\s+total\s+of|the)\s+)?"
)
# Verbs of what a deal or a plan does with people, goods or money (not "will join 15,000
# troops": an object that is already there)
_PLAN_VERB = (
    r"(?:releas|free|liberat|return|hand\w*\s+over|swap|exchang|send|sent|deploy|dispatch"
    r"|evacuat|relocat|deliver|receiv|admit|withdraw|pull\w*\s+out|hir|build|rebuild|pay|paid"
    r"|give|provid|donat|allocat)\w*"
)
_PLANNED_BEFORE = re.compile(
    r"(?:\b(?:will|shall|(?:agreed|agrees|agree|set|due|expected|supposed|scheduled|slated"
    r"|plans?|planned|planning|is|are|was|were)\s+to|(?:calls?|called|calling)\s+for\s+"
    r"(?:[\w-]+\s+){1,2}to)\s+(?:be\s+)?" + _PLAN_VERB + r"\s+(?:(?:for|with|to)\s+)?"
    # ("to secure the release of 40", a goal; not "helped secure the release of 24", done)
    r"|\b(?:allow|allowing|facilitate|facilitating|to\s+secure|securing|terms\s+(?:for|of)"
    r"|(?:deal|agreement|pact)\s+(?:for|on))\s+(?:the\s+)?(?:release|return|freeing|exchange)\s+of\s+)"
    + _QUALIFIER_WORDS
    + "$",
    re.IGNORECASE,
)
# "30 sailors will be freed", "12 captives are expected to be handed back", "9 detainees
# were supposed to go home", "90 inmates are slated for release": the count's own
# predicate is a plan (its noun phrase in between, with no comma)
_PLANNED_AFTER = re.compile(
    r"(?:\s+[\w'’-]+){0,6}?\s+(?:(?:will|would|are\s+to|is\s+to|were\s+to|was\s+to"
    r"|(?:are|is|were|was|had\s+been|have\s+been)\s+(?:set|due|expected|scheduled|slated"
    r"|supposed)\s+to|to)\s+(?:also\s+|now\s+|then\s+|only\s+)?be\s+[a-z]+(?:ed|en)\b"
    r"|(?:are|is|were|was)\s+(?:slated|due|scheduled|set)\s+for\s+(?:release|return))",
    re.IGNORECASE,
)
# "…, in exchange for 150 prisoners": the other side of an exchange shares its clause's plan
_EXCHANGE_BEFORE = re.compile(
    r"\b(?:in\s+(?:exchange|return)\s+for|exchanged\s+for|for)\s+" + _QUALIFIER_WORDS + "$",
    re.IGNORECASE,
)
_PLAN_WORD = re.compile(
    r"\b(?:will|would|shall|(?:agreed|set|due|expected|supposed|scheduled|slated|is|are)\s+to"
    r"|deal|agreement|terms|under\s+which)\b",
    re.IGNORECASE,
)


def is_exchanged(sentence: str, ext_start: int) -> bool:
    """True when the figure is the other side of an exchange ("… in exchange for 120")."""
    return _EXCHANGE_BEFORE.search(sentence, max(0, ext_start - 40), ext_start) is not None


def is_projection(sentence: str, ext_start: int, ext_end: int | None = None) -> bool:
    """True when the figure is what something could, may or is expected to reach, or what
    a deal or a plan will do ("agreed to hand over 30", "30 sailors will walk free")."""
    return projection_words(sentence, ext_start, ext_end) is not None


# A forecast of a scale: "forecast to grow into a strong Category 3 hurricane", "would
# strengthen to a Category 3", "forecasted the storm to come ashore as a Category 3" —
# with no verb of what happened in between ("rain could last days after it came ashore as a
# Category 3" is the landfall's)
_FORECAST_SCALE = re.compile(
    r"\b(?:forecast(?:ed)?|expected|predicted|projected|likely|poised|set|could|may|might"
    r"|would|will)\b(?:(?!\b(?:made|came|was|were|hit|struck|slammed|had)\b)[^.;,:])*"
    r"\b(?:category|magnitude|level|force|grade|stage)\s+$",
    re.IGNORECASE,
)


def is_forecast_scale(sentence: str, ext_start: int) -> bool:
    """True when the scale figure at ``ext_start`` is what the event is forecast to reach."""
    return _FORECAST_SCALE.search(sentence, max(0, ext_start - 90), ext_start) is not None


def projection_words(sentence: str, ext_start: int, ext_end: int | None = None) -> str | None:
    """The words that make the figure a projection ("could reach", "expected to rise to")
    or a plan ("agreed to release", "are set to be freed"); ``ext_end`` lets the words
    after the figure count."""
    m = _PROJECTION.search(sentence, max(0, ext_start - 60), ext_start) or _PLANNED_BEFORE.search(
        sentence, max(0, ext_start - 80), ext_start
    )
    if m is None and ext_end is not None:
        m = _PLANNED_AFTER.match(sentence, ext_end)
    if m is None:
        exchange = _EXCHANGE_BEFORE.search(sentence, max(0, ext_start - 40), ext_start)
        clause = sentence.rfind(";", 0, exchange.start()) + 1 if exchange else 0
        if exchange and _PLAN_WORD.search(sentence, clause, exchange.start()):
            m = exchange
    return " ".join(m.group().split()) if m else None


# "the death toll is up to 104", "the count is now up to 22": the tally has risen to N
# (not the bound "up to N").
_RAISED_UP_TO = re.compile(
    r"(?:\b(?:toll|total|tally|count|number|figure)\b[^.;:!?\d]{0,40}?\b(?:is|are|was|were|'s"
    r"|now|has\s+(?:risen|climbed|gone|moved)|have\s+(?:risen|climbed|gone)|inched|crept|moved"
    r"|went)"
    # "bringing the death toll from the campaign up to at least 66"
    r"|\b(?:bring\w*|brought|push\w*|rais\w*|tak(?:ing|es)|took)\s+(?:the\s+)?(?:death\s+)?"
    r"(?:toll|total|tally|count|number)\b[^.;:!?\d]{0,90}?)\s+(?:now\s+)?up\s+to\s+"
    r"(?:at\s+least\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)


def raised_to(sentence: str, ext_start: int, start: int) -> bool:
    """True when "up to" before the figure says a tally has risen to it ("the death toll is
    up to 104"), not that the figure is an upper bound."""
    return bool(_RAISED_UP_TO.search(sentence, max(0, ext_start - 80), start))


# An explicit revision: the new value of a figure an authority corrected ("revised down to
# 97", "has lowered the death toll to 97", "revised the number of deaths … to 97", "the
# toll has fallen from 88 to 74 once DNA checks were done"). Such a value may lower a running total.
_REVISION = re.compile(
    r"(?:\b(?:revis(?:ed|es|ing)|lower(?:ed|s|ing)|correct(?:ed|s|ing)|adjust(?:ed|s|ing)"
    r"|downgrad(?:ed|es|ing)|cut|reduc(?:ed|es|ing))\b[^.;:!?]{0,50}?\b(?:toll|tally|count"
    r"|number|figure|total|estimate|list|down|downward)\b[^.;:!?]{0,60}?\b(?:to|at)"
    r"|\b(?:dropped|fell|fallen|decreased|declined|came\s+down)\s+from\s+(?:about\s+|some\s+)?"
    r"[\d,.]+\s+to"
    # "the number of deaths … has decreased to 97"
    r"|\b(?:toll|tally|count|number|figure|total)\b[^.;:!?]{0,60}?\b(?:decreased|dropped|fell"
    r"|declined|came\s+down|gone\s+down)\s+(?:down\s+)?to)"
    r"\s+(?:(?:at\s+least|about|nearly|some|around)\s+)?$",
    re.IGNORECASE,
)


def is_revision(sentence: str, ext_start: int) -> bool:
    """True when the figure is the new value of an explicit revision ("revised down to 97",
    "dropped from 115 to 97")."""
    return bool(_REVISION.search(sentence, max(0, ext_start - 120), ext_start))
