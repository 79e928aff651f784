"""Tie figures to the story's catalog facts, from the catalog's words alone (no story in code).

A figure is tied to a fact when, in the figure's clause:

* the kinds agree (a count to a count fact, a date to a date fact, "tons" to a quantity in
  tons, "months" to a duration in months);
* the noun the figure counts, when it has one, is one of the fact's ``subjects``
  ("15,000 troops" can be troops, never deaths; "2,200 Marines" is no fact that lists
  only troops and personnel);
* one of the fact's ``cues`` is near (at most a few words away, same clause, or the noun a
  relative clause describes: "a one-week window that expired on December 1");
* one of the fact's ``context`` words is in the sentence and no ``exclude`` word is in the
  clause.

Cues that name another instance ("a second conversation", "no further calls",
"nine additional warships") do not count, nor does a cue that is only the object of a
report ("Trump on Sunday confirmed the call": Sunday is when he confirmed it, not when the
call took place). When several facts qualify, the one with the most specific evidence wins
(longer cue phrases, cues and context words in the figure's own stretch of the sentence).
For running tallies, a figure marked as the tally ("bringing the death toll to 83") keeps
the fact and the other figures of that sentence (the one event: "killed three people")
lose it; a figure whose clause names one event in the singular ("the strike killed 11")
is not the tally when the catalog lists that event word in the plural too.
"""

from __future__ import annotations

import calendar
import dataclasses
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from factdrift.pipelines.claims.lexicon import (
    IRREGULAR,
    PAST_VERBS,
    SYNONYMS,
    cue_variants,
    subject_synonyms,
)
from factdrift.pipelines.claims.numbers import duration_factor, first_of_a_period
from factdrift.pipelines.claims.occurrence import (
    OCCURRENCE,
    STORY_MARKS,
    OtherOccurrence,
    Span,
    hazard_kinds,
    is_threshold,
    marked_occurrence,
    span_after,
)
from factdrift.pipelines.claims.places import (
    NEW_SUBJECT_CLAUSE,
    Attachment,
    Gazetteer,
    attachment,
    mostly_in,
    place_fits,
    speakers,
    spoken_place,
)
from factdrift.pipelines.claims.scope import (
    SAID_ON,
    event_noun_pattern,
    is_earlier_value,
    is_exchanged,
    is_forecast_scale,
    is_projection,
    series_events,
    statement_scope,
)
from factdrift.pipelines.claims.scope import TALLY as _TALLY
from factdrift.pipelines.claims.scope import TALLY_AFTER as _TALLY_AFTER
from factdrift.pipelines.claims.text import Boundary, Words, clause_of, is_relative_opener
from factdrift.pipelines.story import Fact, Story
from factdrift.pipelines.units import SCALE_UNITS

MAX_GAP_DATE = 8  # words between a date and its cue
MAX_GAP_NUMBER = 10  # words between a number and its cue
MAX_GAP_SUBJECT = 6  # more words when the figure counts the fact's own subject
MAX_GAP_ANTECEDENT = 5  # words between a cue and the "which"/"that" describing it
MAX_GAP_EXCLUDE = 6  # an exclude word this close to a figure rules a fact out

# A cue right after one of these names some other instance of the event.
_OTHER_INSTANCE = re.compile(
    r"\b(?:second|third|another|follow-up|follow\s+up|further|additional|next|subsequent"
    r"|other|possible|future|potential|proposed)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# Words in a counted noun phrase that make it a part, not the whole ("nine additional warships").
_PARTIAL = frozenset(
    {"additional", "more", "other", "further", "extra", "new", "latest", "earlier", "previous"}
)
# Words of a part that is not an increment: "in five other counties", "the latest 12".
_PARTIAL_NOT_ADDED = frozenset({"other", "latest", "earlier", "previous"})
# "an additional 80 people", "a further 12": the same words before the number
_PARTIAL_BEFORE = re.compile(r"\b(?:an\s+additional|a\s+further|an\s+extra)\s+$", re.IGNORECASE)
# Verbs and nouns of reporting an earlier event: a date next to them dates the report.
_RETROSPECTIVE = re.compile(
    r"\b(?:confirm(?:ed|s|ing)?|confirmation|acknowledg(?:ed|es|ing|ment|ement)|admit(?:ted|s)?"
    r"|disclos(?:ed|es|ing)|reveal(?:ed|s|ing)|revelation|den(?:ied|ies|y)|describ(?:ed|es|ing)"
    r"|discuss(?:ed|es|ing)|mention(?:ed|s)?|recount(?:ed|s)?|recall(?:ed|s)?|characteriz(?:ed|es)"
    r"|comment(?:ed|s)?\s+on|referr(?:ed|ing)\s+to)\b",
    re.IGNORECASE,
)
# A verb of the event itself, between a reported cue and its date, re-attaches the date.
_EVENT_VERB = re.compile(
    r"\b(?:occurred|occurs|took\s+place|taken\s+place|takes?\s+place|happened|was\s+held"
    r"|were\s+held|held|came|began|which|that)\b",
    re.IGNORECASE,
)
# "two of the men killed": a part of a set, not the set's total.
# "bringing the total to 61", "the number of deaths stands at": the figure restates a count.
_ANAPHORIC_TOTAL = re.compile(
    r"\b(?:total|tally|toll|count|number)\s+(?:\w+\s+){0,3}?(?:to|at|of|is|was|reached|hit)"
    r"\s+(?:at\s+least\s+|more\s+than\s+|nearly\s+|about\s+|over\s+|some\s+)?$",
    re.IGNORECASE,
)
# The words that raise a toll to its figure, and a qualifier that may stand between
_RAISED_WORDS = (
    r"to|at|reached|reaches|hit|hits|passed|passes|topped|tops|exceeded|exceeds|surpassed"
    r"|surpasses|crossed|crosses"
)
_TOLL_QUALIFIER = r"(?:at\s+least\s+|more\s+than\s+|nearly\s+|about\s+|over\s+|some\s+|almost\s+)?$"
# "Toll from the strikes at 17", "the total of deaths … is 17": a toll noun names what the
# figure after it counts ("toll" counts deaths; "the number of people killed" people).
_TOLL_BEFORE = re.compile(
    r"\b(?:(?P<toll>death\s+toll|toll|body\s+count|death\s+count)|(?:number|total|tally|count)"
    r"\s+of\s+(?:the\s+)?(?P<noun>[a-z]+))\b[^;:!?]{0,150}?"
    rf"\b(?:of|is|was|are|were|nears|neared|{_RAISED_WORDS})\s+{_TOLL_QUALIFIER}",
    re.IGNORECASE,
)
# A toll raised to a count that names its noun ("… up to at least 48 people"), not a toll
# followed by any "of" ("the death toll may climb, with reports of around 900 people still missing")
_TOLL_RAISED_TO = re.compile(rf"\b(?:{_RAISED_WORDS})\s+{_TOLL_QUALIFIER}", re.IGNORECASE)
# "raising to 14 the number of people killed", "lifts to 23 the dead": the noun after it.
_TOLL_AFTER = re.compile(
    r"\s+(?:the\s+)?(?:(?:number|total|tally|count)\s+of\s+(?:the\s+)?(?P<noun>[a-z]+)"
    r"|(?P<toll>(?:death\s+)?toll)"
    r"|(?P<dead>dead|deaths|fatalities|victims|wounded|injured|missing)\b)",
    re.IGNORECASE,
)
_TO_OR_AT = re.compile(r"\b(?:to|at)\s+$", re.IGNORECASE)
# "The toll includes the six people killed …": a part of the total, not the total.
_OCCURRED = re.compile(
    r"\b(?:occurred|took\s+place|happened|passed|expired|ran\s+out|was\s+(?:held|realized|carried"
    r"\s+out))\s+(?:[\w,]+\s+){0,2}$",
    re.IGNORECASE,
)
# A date right after a noun of reporting dates the report, not the event it reports: "in an
# article of 24 September", "said in a statement on Tuesday", "a report dated Oct. 2".
_REPORT_NOUN = re.compile(
    r"\b(?:article|report|statement|story|edition|letter|interview|briefing|conference"
    r"|post|tweet|speech|(?:press|news)\s+release|memo|column|broadcast|remarks|bulletin|filing|communiqu[eé]"
    r"|message|correction|notice|announcement)s?\s+(?:(?:of|on|dated|from|(?:published|issued"
    r"|released|posted|sent|given|made)\s+on)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# "and" opening another noun phrase ("… and its aftershocks", "and a second"), not inside
# a compound ("search and rescue teams")
_NEXT_CONJUNCT = re.compile(
    r",?\s+(?:and|as\s+well\s+as)\s+(?:its|their|the|a|an|multiple|several|many|other"
    r"|dozens|hundreds|scores|some)\b",
    re.IGNORECASE,
)
_INCLUDING = re.compile(r",?\s*\b(?:including|among\s+them|among\s+whom)\b", re.IGNORECASE)
_IN_WHAT = re.compile(
    r"\bin\s+what\s+(?:[\w.'-]+\s+){0,4}?(?:as|be|was|is|were|are|called|termed|dubbed)\s+"
    r"(?:the|a|an|its)\s+$",
    re.IGNORECASE,
)
_ELLIPTIC_ORDINAL = re.compile(
    r"\b(?:the|its)\s+(first|second|third|fourth|fifth)(?=\s*[,(\u2013\u2014]|\s+(?:was|were"
    r"|had|killed|left|came|took|happened|occurred|struck|hit|sank|destroyed)\b)",
    re.IGNORECASE,
)
# "beginning Oct. 8, restrictions will end", "starting next week": a date used as a
# preposition starts what follows, not the fact's event
_STARTING = re.compile(r"\b(?:beginning|starting|effective)\s+(?:on\s+|from\s+)?$", re.I)
# "as of Monday", "as of late Tuesday": the time a status is reported at.
_AS_OF = re.compile(r"\bas\s+of\s+(?:(?:late|early|mid)\s+)?(?:the\s+)?$", re.IGNORECASE)
# A verb of saying or of an act of the speaker, then at most three words, then the date:
# "officials said Tuesday", "released maps Saturday", "resigned on Thursday".
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|released|confirmed|stated|added|warned|tweeted"
    r"|posted|wrote|noted|resigned|testified|briefed|updated|published|issued"
    r"|vowed|urged|pledged|revealed|disclosed|according\s+to)\s+(?:[\w'’\".-]+\s+){0,5}?"
    r"(?:(?:on|late|early)\s+)?(?:the\s+day\s+)?$",
    re.IGNORECASE,
)
# Nouns of events a figure may be told of ("the 2011 earthquake that killed 18,400").
_EVENT_NOUNS = frozenset(
    [
        "earthquake",
        "earthquakes",
        "quake",
        "quakes",
        "tremor",
        "temblor",
        "storm",
        "storms",
        "hurricane",
        "hurricanes",
        "typhoon",
        "cyclone",
        "tornado",
        "flood",
        "floods",
        "flooding",
        "fire",
        "fires",
        "wildfire",
        "wildfires",
        "blaze",
        "tsunami",
        "disaster",
        "disasters",
        "attack",
        "attacks",
        "strike",
        "strikes",
        "bombing",
        "war",
    ]
)
# "followed by a", "another", "a separate", "a second", "a new" right before a measure
_ANOTHER_BEFORE = re.compile(
    r"\b(?:followed\s+by\s+(?:an?|one)|another|an?\s+(?:separate|second|new|later|fresh))"
    r"\s+(?:(?:strong|powerful|major|large|smaller|magnitude)[\s-]+)*$",
    re.IGNORECASE,
)
_SCALES = frozenset({"magnitude", "category"})  # scales a threshold of many events is told in
_SPAN_UNIT = re.compile(r"\b(minute|hour|day|week|month|year)s?\b", re.IGNORECASE)
# A cue that names a new occurrence itself ("new quake", "fresh tremor", "latest quake").
_NAMES_NEW = re.compile(r"\b(?:new|fresh|latest)\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([\w.'’-]+)[\s-]+")
_DEFINITE = re.compile(r"(?:the|this|that|its|[A-Z][a-z]+day['’]s)\b", re.IGNORECASE)
# "the earthquake on Monday", "the quake of Feb. 6": a date right after the noun.
_DATED_AFTER = re.compile(r"\s+(?:on|of)\s+(?:[\w.,]+\s*){1,3}")
_PAIR_AND = re.compile(r"(?:\s*-?\s*magnitude)?\s+and\s+(?:an?\s+)?(?:magnitude\s+)?", re.I)
_LATER_CUE = re.compile(
    r"\b(?:second|later|followed\s+by|another|aftershocks?|subsequent)\b", re.IGNORECASE
)
# Clauses and participles that tell what a dated event did.
_TELLING = frozenset({"that", "which", "when", "where"})
_TELLING_VERB = re.compile(r",\s+(?:killing|leaving|claiming)\b", re.IGNORECASE)
_SUPERLATIVE = re.compile(
    r"\b(?:deadliest|worst|largest|biggest|highest|most\s+\w+|strongest|costliest)\b", re.IGNORECASE
)
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:[\w'’.-]+\s+){0,4}?(?:in\s+)?$", re.IGNORECASE)
# A place list: "…: one in Florida, two in Georgia", "South Carolina (49), Georgia (33)".
_LIST_SEP = re.compile(r"(?:[:;,]\s*(?:and\s+)?|\s+and\s+)$")
_LIST_PAREN = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*\s*\(\s*$")
_PAREN_ITEM = r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*\s*\(\s*"
_PAREN_RUN = re.compile(rf"(?:{_PAREN_ITEM}\d[\d,.]*\s*\)\s*[,;]?\s*(?:and\s+)?)*{_PAREN_ITEM}$")
_IN_PLACE = re.compile(r"\s+(?:(?:were|was|are|is)\s+)?(?:in|across)\s+(?:the\s+)?[A-Z]")
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_EVENT_TITLES = frozenset({"hurricane", "hurricanes", "typhoon", "typhoons", "cyclone", "storm"})
# A named storm: "Hurricane Katrina", "Typhoon Krathon", "Tropical Storm Milton".
_NAMED_EVENT = re.compile(
    r"\b(?:Hurricanes?|Typhoons?|Cyclones?|(?:Tropical|Winter|Super)\s+(?:Storm|Typhoon)"
    # (not an institution or a season: "the National Hurricane Center")
    r"|Storm)\s+(?!(?:Center|Centre|Season|Warning|Watch|Hunters?|Relief|Names|Preparedness"
    r"|Tracker|Alley|Scale|Category|Categories)\b)"
    r"(?P<name>[A-Z][a-z]+)\b"
)
# A photo caption's dateline: "…, Hawaii, Wednesday, Aug. 16, 2023" / "…Turkey February
# 21, 2023." (a full date with its year, right after a place and a comma or "on").
_CAPTION_DATE = re.compile(
    r"[A-Z][\w.'-]+,?\s+(?:on\s+)?(?:[A-Z][a-z]+day,\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
    r"|\d{1,2}\s+[A-Z][a-z]{2,8})\.?,?\s+\d{4}\b"
)
# A caption describes a picture in the present tense.
_CAPTION_SCENE = re.compile(
    r"\b(?:FILE\s+PHOTO|photo|pictured|(?:is|are)\s+seen|looks?|walks?|stands?|checks?"
    r"|shows|sails?|sits?|gathers?|carr(?:y|ies)|inspects?|mourns?|reacts?|waits?|holds?"
    r"|searche?s?|removes?|clears?|surveys?)\b"
)
# A verb that changes what follows it: "extended its deadline on Friday" dates the change.
_CHANGED = re.compile(
    r"\b(?:extend(?:s|ed|ing)?|postpon(?:e|es|ed|ing)|push(?:es|ed|ing)?\s+back|mov(?:e|es|ed|ing)"
    r"|delay(?:s|ed|ing)?|lift(?:s|ed|ing)?|scrap(?:s|ped|ping)?|cancel(?:s|ed|led|ing|ling)?"
    r"|rescind(?:s|ed|ing)?|renew(?:s|ed|ing)?|revis(?:e|es|ed|ing))\s+(?:its|the|a|an|their|his|her)"
    r"\s+(?:(?!(?:to|until|till|by|through)\b)[\w-]+\s+){0,2}?(?!(?:to|until|till|by|through)\b)"
    r"[\w-]+\s*(?:(?:on|late|early)\s+)?$",
    re.IGNORECASE,
)
_NEW_VALUE = re.compile(r"\s*(?:to|until|till|through|by)\b", re.IGNORECASE)
# "has until Sept. 30 to …", "was given until Friday to …": a deadline.
HAS_UNTIL = re.compile(
    r"\b(?:has|have|had|having|given|gave|give|gives|giving|get|gets|got|granted|granting)"
    r"\s+(?:\w+\s+){0,3}?until\s+$",
    re.IGNORECASE,
)
# A verb of speaking with a place or audience, not a partner, frames a statement: "Speaking
# in Caracas on Sunday, …", "spoke to reporters on Monday" (unlike "spoke with Maduro").
_SPEECH_VERB = re.compile(r"(?i)speak(?:s|ing)?|spoke|spoken|talk(?:s|ed|ing)?")
_SPEECH_FRAME = re.compile(
    r"\s+(?:to\s+(?:the\s+)?(?:[\w-]+\s+)?(?:reporters|journalists|press|media|crowd|crowds"
    r"|supporters|lawmakers|congress|parliament|troops|students|audience|nation)\b"
    r"|in|at|on|from|during|outside|inside|before|after)\b",
    re.IGNORECASE,
)
_SINGLE_DET = re.compile(r"\b(?:a|an|the|one|this|that|single)\s+(?:[\w'-]+\s+)?$", re.I)
_AND = re.compile(r"\band\b", re.IGNORECASE)
# (not "among the 240 seized", which names the whole the subject is one of)
_INCLUDED = re.compile(
    r"\b(?:includ(?:es|ed|ing|e)|among\s+(?:them|whom)|compris(?:es|ed|ing|e)|consists?\s+of"
    r"|(?:is|are|was|were)\s+made\s+up\s+of)\s+(?:the\s+)?$",
    re.I,
)
# A count of people once listed ("reported missing", "who were initially listed as
# unaccounted for") whose own verb says they were found since.
_ONCE_LISTED_NOW_FOUND = re.compile(
    r"[^.;:!?]{0,40}?\b(?:reported|listed|thought|believed|feared)\s+(?:as\s+)?[\w\s]{0,25}?"
    r"\b(?:were|have\s+been|had\s+been|has\s+been|was|are\s+now|have\s+now\s+been)\s+"
    r"(?:\w+\s+)?(?:found|located|accounted\s+for|reunited|confirmed\s+safe)\b",
    re.IGNORECASE,
)
# A long-running cause of a figure: "because of the region's long civil conflict", "as a
# result of war", "driven out by years of conflict".
_OTHER_CAUSE = re.compile(
    r"\b(?:because\s+of|due\s+to|as\s+a\s+result\s+of|caused\s+by|driven\s+out\s+by|fleeing)\s+"
    r"(?:(?:the|a|an|its|their|years\s+of|decades\s+of|[\w'’-]+['’]s)\s+){0,2}"
    r"(?:(?:continued|continuing|ongoing|long|brutal|civil|years-long|decade-long|\d+-year)\s+)*"
    r"(?P<cause>war|wars|conflict|fighting|violence|drought|famine|poverty|crime|cholera"
    r"|sanctions)\b",
    re.IGNORECASE,
)
_INSURED = re.compile(r"\binsured\b|\binsurers?\b|\binsurance\s+(?:losses|claims|industry)\b", re.I)
_NEGATED = re.compile(r"\b(?:not|never|yet\s+to)\b|n't\b", re.IGNORECASE)
_FOUND_WORDS = re.compile(r"\b(?:found|located|accounted\s+for|reunited|safe)\b", re.IGNORECASE)
# "two of the men", "three of them", and "two of five deaths", "270 of 300 people": the
# figure is a part of the set after "of"
_PARTITIVE = re.compile(
    r"\s+of\s+(?:the|those|them|these|whom|which|its|their|our|his|her|\d[\d,.]*|one|two|three"
    r"|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands)\b",
    re.IGNORECASE,
)
# "Of the 74 known dead, 51 have been identified", "Of that first list, 122 remain":
# a part of the set the sentence opens with.
_FRONTED_OF = re.compile(
    r"\s*Of\s+(?:the|that|this|those|these)\b[^,;]{0,80},\s*(?:(?:about|some|nearly|only|just)\s+)?$",
    re.IGNORECASE,
)
# "collapsed or were severely damaged", "destroyed or damaged": another state joined by "or"
_OR_STATE = re.compile(
    r"\s+or\s+(?:(?:were|was|are|is|been|being)\s+)?(?:\w+ly\s+)?(?P<state>\w+(?:ed|en))\b",
    re.IGNORECASE,
)
# A comma after a date that opens the main clause (not "…, declaring that …").
_COMMA_MAIN = re.compile(
    r"\s*,(?!\s*(?:declaring|saying|announcing|adding|warning|stating|writing)\b)", re.I
)
_NEW_MAIN_CLAUSE = re.compile(r";|,\s*and\b", re.IGNORECASE)
_SUBSET_BEFORE = re.compile(
    r"\b(?:earlier|previous|prior|other|first|last|remaining)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
# A few occurrences counted ("on three boats", "two of the boats"), and a figure told as
# the batch's own outcome ("killing eight people", "eight people were killed").
_FEW_BEFORE = re.compile(
    r"\b(?:two|three|four|five|[2-5])\s+(?:of\s+the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
_BATCH_VERB = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:were|was)\s+killed\b", re.IGNORECASE)
_BATCH_VERB_BEFORE = re.compile(r"(?<!have\s)(?<!has\s)\b(?:killing|killed)\s+$", re.IGNORECASE)
_CAMPAIGN = re.compile(r"\b(?:campaign|offensive|crackdown|operations)\b", re.IGNORECASE)
# "… and the blaze was 80% contained": "and" opening a clause with its own subject and verb
_AND_NEW_CLAUSE = re.compile(
    r"\band\s+(?:the|its|their|this|that)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:was|were|is|are|has|have|had)\b",
    re.IGNORECASE,
)
_COMMA_AND = re.compile(r",\s*(?:and|but|while)\b|;", re.IGNORECASE)
_SPLIT = re.compile(r",|;|\band\b|\bor\b|\bbut\b|\bwhile\b", re.IGNORECASE)
_FIRST_WORD = re.compile(r"\bfirst\b", re.IGNORECASE)
# A quantity inside a multi-word cue ("left … homeless" in "leaving millions homeless")
_QUANTITY_INSIDE = re.compile(
    r"\s(?:\d[\d,.]*|millions|thousands|hundreds|dozens|scores)\s", re.IGNORECASE
)
# A rate: "12 to 18 people each day", "$2 million a week" (not "40 a day earlier")
_RATE_AFTER = re.compile(
    r"(?:\s+[a-z][\w-]*){0,3}?\s+(?:each|per|every|a)\s+(?:day|week|hour|month|night|year)\b"
    r"(?!\s+(?:earlier|later|ago|before|after|since)\b)",
    re.IGNORECASE,
)
# An average or a median: "the average house there is worth $900,000", "its $0.9m average
# house value", "a median of 12 days"
_AVERAGE_BEFORE = re.compile(
    r"\b(?:average|median|mean|typical)\s+(?:[\w-]+\s+){0,5}?(?:is|was|of|at|valued\s+at|worth"
    r"|costing|costs?|priced\s+at)\s+(?:(?:about|around|nearly|some)\s+)?$",
    re.IGNORECASE,
)
_AVERAGE_AFTER = re.compile(r"\s+(?:average|median|mean)\b", re.IGNORECASE)
_RATE_BEFORE = re.compile(
    r"\b(?:for|per)\s+(?:every|each)\s+(?:additional\s+|further\s+|other\s+)?$", re.IGNORECASE
)
# A plan that did not hold: "had been due to expire on Tuesday", "supposed to end Monday",
# "was originally scheduled to close Friday" (not "is set to expire Friday", a plan still on)
_PLAN_GIVEN_UP = re.compile(
    r"(?:\bhad\s+been\s+(?:due|scheduled|set|slated|meant|expected|planned)"
    r"|\bsupposed|\b(?:was|were)\s+(?:originally|initially|first)\s+(?:due|scheduled|set|slated"
    r"|meant|expected|planned))\s+to\s+[a-z]+\b[^.;,\d]{0,25}$",
    re.IGNORECASE,
)
# "-day truce", "-week-long war", "-day humanitarian pause": a length as a modifier, and the
# words of the noun it modifies
_LENGTH_MODIFIER = re.compile(
    r"-(?:[a-z]+)(?:-long)?\s+(?P<noun>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)", re.IGNORECASE
)
# The agent of a participle after a noun: "held by the militia", "seized by gunmen"
_BY_AGENT = re.compile(r"\s+by\b", re.IGNORECASE)
# "…, bringing the total to", "raising the county's death toll to": a total raised by the
# figure before
_BRINGS_TO = re.compile(
    r",\s*(?:bringing|raising|pushing|taking|lifting)\s+(?:the|its|their)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:total|toll|tally|count|number)\b[^,;.]{0,30}?\bto\s+(?:(?:at\s+least|about|nearly"
    r"|more\s+than|over)\s+)?$",
    re.IGNORECASE,
)
# "began allowing", "started to search": a verb of beginning whose object is another action
_ASPECT_VERB = re.compile(r"(?:began|begun|begins?|beginning|start(?:ed|s|ing)?)", re.IGNORECASE)
_ANOTHER_ACTION = re.compile(r"\s+(?:to\s+[a-z]+|[a-z]+ing)\b")
# The object of a verb, with its owner: "lost their lives", "lost his home"
_POSSESSED_OBJECT = re.compile(r"\s+(?:their|his|her|its|our|your)\s+([a-z]+)\b", re.IGNORECASE)
# A qualifier before a count: "more than", "over", "at least" …
_COUNT_QUALIFIER = r"(?:more|fewer)\s+than\s+|over\s+|at\s+least\s+|nearly\s+|about\s+|some\s+"
# A count coordinated with the one before it: "…, and more than 1,900 hurt", and in a
# headline by a comma alone: "Floods kill 2,300 in Arica, 5,000 missing"
_AND_BEFORE = re.compile(
    rf"(?:,\s*|\s+)(?:and\s+|(?<=,\s))(?:{_COUNT_QUALIFIER}|another\s+)?$", re.IGNORECASE
)
# A verb whose subject is left out after "and": "… 85% contained and has burned 2,340"
_AND_VERB_BEFORE = re.compile(
    r"\s(?:and|but)\s+(?:(?:has|have|had|was|were|is|are|also|now|since)\s+)*[a-z]+(?:ed|en|nt)"
    rf"\s+(?:{_COUNT_QUALIFIER}|less\s+than\s+)?$"
)
# A count whose noun alone stands before "and" and the next count: "1,200 deaths and"
_BARE_NOUN_AND = re.compile(
    rf"\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+and\s+(?:{_COUNT_QUALIFIER})?", re.IGNORECASE
)
# A phrase of place of a figure's own: "in Carolina", "across the Southeast"
_PLACE_PHRASE = re.compile(r"\b(?:in|across|throughout|at|inside|outside)\s+(?:the\s+)?[A-Z]")
_WITH_AFTER_COMMA = re.compile(r"\s*,\s*with\b", re.IGNORECASE)
_BOTH_BEFORE = re.compile(r"\b(?:both|between)\s+[^,;]{1,35}$", re.IGNORECASE)
_DESCRIBING = frozenset({"who", "which", "that", "when"})
_DESCRIBED = re.compile(r"(?:\s+[\w.'-]+){0,4},?\s*")
_WHEN_AFTER = re.compile(r",?\s*(?:when|where)\b", re.IGNORECASE)
# A clause of time opening the sentence, up to its comma: "As the storm hit on Sunday,"
_FRONTED_WHILE = re.compile(r"\W*(?:but\s+)?(?:as|while)\s[^,;]{5,90}?,", re.IGNORECASE)


def stem(word: str) -> str:
    """Crude singular of an English noun, enough to compare heads ("strikes" ~ "strike")."""
    word = word.lower().strip("\"'.,")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _word_forms(word: str) -> str:
    """Regex for a cue word and its inflections ("killed" ~ kill/kills/killing, "deployed" ~
    deployment, "mobilized" ~ mobilization, "struck" ~ strike/striking, "deaths" ~ death),
    so story files need not list every form."""
    if word in IRREGULAR:
        return "(?:" + "|".join(map(re.escape, IRREGULAR[word])) + ")"
    if not word.isalpha():
        return re.escape(word)
    if word.endswith("s") and len(word) > 3:
        if word.endswith("ies"):
            return re.escape(word[:-3]) + r"(?:y|ies)"
        if word.endswith(("sses", "shes", "ches", "xes")):
            return re.escape(word[:-2]) + r"(?:es)?"
        if word.endswith(("ss", "us", "is", "ves")) or word in _PLURAL_ONLY:
            # "lives" must not become "living"; "remains" (of the dead) is no "remain"
            return re.escape(word) + r"(?:es)?"
        return re.escape(word[:-1]) + r"(?:s|es)?"  # a plural cue matches its singular
    base = word
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            break
    if base.endswith("e"):
        base = base[:-1]
    elif base.endswith("y") and len(base) > 3 and base[-2] not in "aeiou":
        return re.escape(base[:-1]) + r"(?:y|ies|ied|ying)"
    if word.endswith("s"):
        return re.escape(word) + r"(?:es)?"
    return re.escape(base) + r"(?:e|es|ed|d|s|ing|ment|ments|ion|ions|ation|ations)?"


# Nouns used in the plural only, whose singular form is another word (a verb or another
# noun): "remains" of the dead, not "remain"; "arms", not "arm".
_PLURAL_ONLY = frozenset(
    {"remains", "arms", "goods", "savings", "belongings", "premises", "earnings", "proceeds"}
)
_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "his", "her"})
# Between the words of a multi-word cue a short noun phrase may intervene ("first known
# strike", "hit the Louisiana coast", "still being held"), never punctuation but ", which".
_CUE_GAP = r"(?:\s+(?:[\w.'-]+\s+){0,2}?|,\s+(?:which|that)\s+)"


def _cue_regex(cue: str) -> str:
    """Regex for one (lower-case) cue phrase: its last word and irregular verbs inflected,
    determiners interchangeable, a short noun phrase allowed between its words."""
    words = cue.split()
    parts = []
    for i, word in enumerate(words):
        if word in _DETERMINERS and i < len(words) - 1:
            parts.append(r"(?:a|an|the|its|their|his|her)")
        elif i == len(words) - 1 or word in IRREGULAR:
            parts.append(_word_forms(word))
        else:
            parts.append(re.escape(word))
    if len(words) == 2 and words[0] in _ORDINALS and words[1].isalpha():
        # "second strike" ~ "struck a second boat": the event noun as the verb, the ordinal
        # on its object.
        noun = words[1]
        verb = (
            "(?:" + "|".join(map(re.escape, IRREGULAR[noun])) + ")"
            if noun in IRREGULAR
            else re.escape(noun) + r"(?:ed|s)"
        )
        return rf"(?:{_CUE_GAP.join(parts)}|{verb}\s+(?:a|an|the|its)\s+{words[0]})"
    return _CUE_GAP.join(parts) if len(words) > 1 else parts[0]


_ORDINALS = frozenset(["first", "second", "third", "fourth", "fifth"])


def _phrase_pattern(
    phrases: list[str], overlapping: bool = False, inflect: bool = False, compound: bool = False
) -> re.Pattern[str] | None:
    """One regex for ``phrases``: word-bounded, flexible spaces, optional plural ending.

    With ``inflect`` each phrase is read as a cue (see :func:`_cue_regex`). With
    ``overlapping`` the match is wrapped in a lookahead, so ``finditer`` reports the
    longest phrase starting at every word, even inside another phrase ("campaign began"
    and "began with a strike" in "campaign began with a strike"); group 1 holds the text.
    A hyphen before a phrase is allowed ("NARCO-BOAT" holds "boat"); with ``compound`` one
    after it too ("storm-related" holds "storm").
    """
    if not phrases:
        return None
    parts = []
    for phrase in sorted({p.lower().strip() for p in phrases if p.strip()}, key=len, reverse=True):
        if inflect:
            parts.append(_cue_regex(" ".join(phrase.split())))
            continue
        words = phrase.split()
        head = [re.escape(w) for w in words[:-1]]
        last = words[-1]
        if compound and last in IRREGULAR:  # context: "struck" is about a strike
            tail = "(?:" + "|".join(map(re.escape, IRREGULAR[last])) + ")"
        elif compound and len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
            # context "attacks" is also about one "attack" ("New attack … kills four")
            tail = re.escape(stem(last)) + r"(?:s|es)?"
        else:
            tail = re.escape(last) + (r"(?:s|es)?" if last[-1].isalpha() else "")
        parts.append(r"\s+".join([*head, tail]))
    after = r"(?!\w)" if compound else r"(?![\w-])"
    body = r"(?<!\w)(?:" + "|".join(parts) + ")" + after
    if overlapping:
        body = rf"(?=({body}))"
    return re.compile(body, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FactRule:
    """One catalog fact, compiled for fast matching."""

    key: str
    kind: str
    unit: str
    cumulative: bool
    scope: str | None  # "total", "event" or None (see Fact.effective_scope)
    where: frozenset[str]  # the places it applies to (empty: the story's whole)
    subject_heads: frozenset[str]
    context: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    pinned_days: frozenset[tuple[int, int]] = frozenset()
    words: frozenset[str] = frozenset()  # stems of its cue and subject words
    starts_series: bool = False  # a date fact whose cues name a beginning ("first strike")
    first_of_series: bool = False  # cued by an ordinal ("first strike", "second strike")
    event_nouns: frozenset[str] = frozenset()  # a date fact's event nouns ("strike")
    cue_words: tuple[str, ...] = ()  # its cues as written
    estimate: bool = False  # a projection ("could exceed 1,000"), not a count of what happened
    # a group of another fact's subject ("thai hostages" beside a fact of "hostages"): by
    # head, the words of which one must qualify the counted noun
    groups: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def of(cls, fact: Fact, places: Gazetteer | None = None) -> FactRule:
        """Compile ``fact``'s word lists (``where`` names resolved through ``places``)."""
        heads = subject_synonyms(frozenset(stem(s.split()[-1]) for s in fact.subjects if s.split()))
        return cls(
            key=fact.key,
            kind=fact.kind,
            unit=fact.unit.lower(),
            cumulative=fact.cumulative,
            scope=fact.effective_scope,
            where=places.resolve(set(fact.where)) if places else frozenset(fact.where),
            subject_heads=heads,
            context=_phrase_pattern(_with_synonyms(fact.context), compound=True),
            exclude=_phrase_pattern(fact.exclude),
            pinned_days=_pinned_days(fact.context),
            words=frozenset(
                stem(w) for p in (*fact.cues, *fact.subjects) for w in p.lower().split()
            )
            - _BEGINNING,
            starts_series=fact.kind == "date"
            and any(w in _BEGINNING for c in fact.cues for w in c.lower().split()),
            first_of_series=any(_ORDINALS & set(c.lower().split()) for c in fact.cues),
            event_nouns=frozenset(stem(c.split()[-1]) for c in fact.cues if c.split())
            if fact.kind == "date"
            else frozenset(),
            cue_words=tuple(c.lower() for c in fact.cues),
            estimate=fact.estimate,
        )

    def accepts_unit(self, unit: str | None, head: str) -> bool:
        """True when a quantity/duration/money figure's unit fits this fact."""
        if unit is None:
            return True
        if unit == self.unit or stem(unit) == stem(self.unit):
            return True
        if self.kind == "duration" and duration_factor(unit, self.unit) is not None:
            return True
        return stem(head) in self.subject_heads or stem(unit) in self.subject_heads


_BEGINNING = frozenset(
    ["first", "began", "begin", "start", "started", "opening", "launched", "initial"]
)
# "21 strikes … since it began in early September": a running count since the series began.
# The beginning must be stated: a bare "21 strikes since early September" only bounds the
# count, and the reference seed annotation does not read it as the first strike's date.
_SINCE_SERIES = re.compile(
    r"\bsince\s+(?:it|they|this|the\s+[\w-]+)\s+(?:began|started|was\s+launched)\s+"
    r"(?:in\s+|on\s+)?$",
    re.IGNORECASE,
)
# "rose by 3,000", "surged by more than 3,000": the size of a change, not a level.
_CHANGE_BY = re.compile(
    r"\b(?:ris\w*|rose|surg\w*|increas\w*|jump\w*|climb\w*|gr[eo]w\w*|fell|fall\w*|drop\w*"
    r"|decreas\w*|declin\w*|up|down|swell\w*|swollen)\s+by\s+(?:(?:more\s+than|at\s+least|about"
    r"|nearly|almost|some|over|another)\s+)?$",
    re.IGNORECASE,
)
# A length added: "extended by two days", "extend the pause for another two days", "an
# additional two days", "a further 48 hours"
_EXTENSION_BEFORE = re.compile(
    r"(?:\bextend\w*\s+(?:[\w'’-]+\s+){0,4}?(?:by|for|of)\s+(?:(?:another|an\s+additional|a\s+further"
    r"|an\s+extra|a)\s+)?|\b(?:another|an\s+additional|a\s+further|an\s+extra)\s+)$",
    re.IGNORECASE,
)
_RECENT = timedelta(days=3)
# "killed in previous strikes", "in the two attacks": some occurrences of the series
_IN_SOME = re.compile(
    r"(?:\s+[\w'-]+){0,5}?\s+(?:in|from|during)\s+(?:(?:the\s+)?(?:previous|earlier|prior|past"
    r"|separate)|those|these|both|the\s+(?:two|three|four|five|six))\s+(?:[\w-]+\s+)??",
    re.IGNORECASE,
)
_PERFECT = re.compile(r"\b(?:has|have)\b", re.IGNORECASE)
# a preposition opening the noun phrase that ends right here ("survivors of the earthquake")
_PHRASE_OPENS = re.compile(
    r"\b(?:of|in|by|from|amid|during|following|with|for|over|about|on|at|to)"
    r"(?:\s+[\w'’.-]+){0,4}\s+$",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")
# words after an event noun that leave it the head of its phrase ("the quake early Monday")
_NOT_A_HEAD_NOUN = re.compile(
    r"(?:"
    r"a|about|above|across|after|against|ago|alone|along|also|amid|an|and|any|are|as|at|be|"
    r"because|been|before|being|below|between|both|but|by|can|could|did|do|does|during|each|"
    r"early|earlier|else|even|ever|far|for|from|had|has|have|here|how|if|in|into|is|it|its|"
    r"itself|just|last|late|later|like|may|might|more|most|much|near|nearly|next|nor|not|now|"
    r"of|off|on|once|only|onto|or|other|out|over|overnight|per|since|so|some|still|such|than|"
    r"that|the|their|them|then|there|these|they|this|those|through|throughout|till|to|today|"
    r"tonight|too|toward|towards|under|until|up|upon|was|we|were|what|when|where|whether|"
    r"which|while|who|whom|whose|why|will|with|within|without|would|yet|yesterday"
    r")"
)
# A date as a modifier: "the Aug. 8 wildfire", "August's Lahaina fire".
_NOUN_AFTER_DATE = re.compile(r"(?P<poss>'s|’s)?(?P<words>(?:\s+[\w-]+){1,3})")
_DET_BEFORE_DATE = re.compile(r"\b(?:the|this|that|last|a|an)\s+$", re.IGNORECASE)
_BEGAN = r"(?:began|begun|begin|started|launched|launching|kicked\s+off|opened|initiated)"
_BEGAN_BEFORE = re.compile(
    rf"\b{_BEGAN}\b[^.;:!?,]{{0,80}}?\s(?:on|in|around|as\s+of)?\s*$", re.IGNORECASE
)
_BEGAN_AFTER = re.compile(rf",?\s+when\s+[^.;:!?]{{0,40}}?\b{_BEGAN}\b[^.;:!?]{{0,40}}", re.I)
_SERIES_WORDS = re.compile(
    r"\b(?:campaign|operations?|offensive|strikes|attacks|targeting|bombing|raids)\b", re.I
)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_CONTEXT_DAY = re.compile(r"(?i)^(?:([a-z]+)\.?\s+(\d{1,2})|(\d{1,2})\s+([a-z]+)\.?)$")


def _pinned_days(context: list[str]) -> frozenset[tuple[int, int]]:
    """(month, day) of the calendar days a fact's context names ("Dec. 4", "4 December"): a
    fact about one day's event."""
    days = set()
    for word in context:
        m = _CONTEXT_DAY.match(word.strip())
        if not m:
            continue
        month = _MONTHS.get((m.group(1) or m.group(4)).lower())
        if month:
            days.add((month, int(m.group(2) or m.group(3))))
    return frozenset(days)


@dataclass(frozen=True, slots=True)
class Catalog:
    """A story's facts compiled once: one regex finds every cue of every fact."""

    rules: tuple[FactRule, ...]
    cue_re: re.Pattern[str] | None
    cue_forms: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...]  # each cue's own pattern
    subject_stems: frozenset[str] = frozenset()  # every fact's subject heads
    # facts with a cue "<ordinal> <noun>", by ordinal: "the first," stands for that cue
    ordinal_facts: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # one occurrence of the series the catalog's totals count ("the strike", "Friday's attack")
    events: re.Pattern[str] | None = None
    series: frozenset[str] = frozenset()  # the singular nouns of that series
    events_plural: re.Pattern[str] | None = None  # any of them, singular or plural
    places: Gazetteer = field(default_factory=Gazetteer)
    # (kind, unit) → the places its place-bound facts cover; every place a fact covers
    place_siblings: dict[str, frozenset[str]] = field(default_factory=dict)
    story_places: frozenset[str] = frozenset()
    own_names: frozenset[str] = frozenset()  # the story's own words (id, title, keywords)
    hazards: frozenset[str] = frozenset()  # the kinds of hazard the story's words name
    own_stems: frozenset[str] = frozenset()  # the same, singular
    _seen: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # each rule's position by identity: comparing rules field by field, as ``tuple.index``
    # does, cost a few percent of all extraction
    rule_index: dict[int, int] = field(default_factory=dict)
    _cue_patterns: dict[int, re.Pattern[str] | None] = field(default_factory=dict)

    def index_of(self, rule: FactRule) -> int:
        """The position of ``rule`` in ``rules``."""
        return self.rule_index[id(rule)]

    def later_of(self, index: int) -> int | None:
        """The one other fact of the same kind and unit cued as a later event ("second
        quake", "aftershock", "followed by"), when the fact at ``index`` is not."""
        rule = self.rules[index]
        if any(_LATER_CUE.search(c) for c in rule.cue_words):
            return None
        others = [
            i
            for i, r in enumerate(self.rules)
            if i != index
            and (r.kind, r.unit) == (rule.kind, rule.unit)
            and any(_LATER_CUE.search(c) for c in r.cue_words)
        ]
        return others[0] if len(others) == 1 else None

    def cue_pattern(self, rule: FactRule) -> re.Pattern[str] | None:
        """One regex for the cues of ``rule`` (any inflection), compiled once per catalog."""
        index = self.rules.index(rule)
        if index not in self._cue_patterns:
            forms = [p.pattern for p, facts in self.cue_forms if index in facts]
            pattern = re.compile(r"\b(?:" + "|".join(forms) + r")\b", re.I) if forms else None
            self._cue_patterns[index] = pattern
        return self._cue_patterns[index]

    def facts_of_cue(self, text: str) -> tuple[int, ...]:
        """Fact indices a matched cue text belongs to (any inflection of any cue)."""
        key = " ".join(text.lower().split())
        if key not in self._seen:
            facts: set[int] = set()
            for pattern, indices in self.cue_forms:
                if pattern.fullmatch(key):
                    facts.update(indices)
            self._seen[key] = tuple(sorted(facts))
        return self._seen[key]


_CATALOGS: dict[int, tuple[Story, Catalog]] = {}


def _cue_form(cue: str) -> re.Pattern[str]:
    return re.compile(_cue_regex(cue))


def compile_catalog(story: Story) -> Catalog:
    """Compile (and cache) ``story``'s catalog for matching."""
    cached = _CATALOGS.get(id(story))
    if cached is not None and cached[0] is story:
        return cached[1]
    places = Gazetteer.of(story.places, [f.where for f in story.facts])
    rules = _with_groups(tuple(FactRule.of(f, places) for f in story.facts), story)
    cue_facts: dict[str, list[int]] = {}
    for i, fact in enumerate(story.facts):
        for cue in fact.cues:
            for variant in cue_variants(cue):
                indices = cue_facts.setdefault(variant, [])
                if i not in indices:
                    indices.append(i)
    own_names = _own_names(story)
    catalog = Catalog(
        rules=rules,
        rule_index={id(r): i for i, r in enumerate(rules)},
        cue_re=_phrase_pattern(list(cue_facts), overlapping=True, inflect=True),
        cue_forms=tuple((_cue_form(cue), tuple(indices)) for cue, indices in cue_facts.items()),
        subject_stems=frozenset(h for r in rules for h in r.subject_heads),
        ordinal_facts=_ordinal_facts(cue_facts),
        series=frozenset(series_events(story.facts)),
        events_plural=_phrase_pattern(sorted(series_events(story.facts))),
        places=places,
        place_siblings=_place_siblings(rules),
        story_places=_story_places(rules, places),
        own_names=own_names,
        own_stems=frozenset(stem(w) for w in own_names),
        hazards=hazard_kinds(" ".join(_story_words(story))),
        events=event_noun_pattern(
            series_events(story.facts),
            [w for f in story.facts if f.effective_scope for w in f.context],
        ),
    )
    if len(_CATALOGS) > 32:
        _CATALOGS.clear()
    _CATALOGS[id(story)] = (story, catalog)
    return catalog


def _with_groups(rules: tuple[FactRule, ...], story: Story) -> tuple[FactRule, ...]:
    """Mark the facts that count a group of another fact's subject: subjects "thai
    hostages" with no bare "hostages", where another fact of the same kind counts bare
    "hostages". Such a fact takes "12 Thai hostages", not "51 Israeli hostages"."""
    bare: dict[str, set[int]] = {}
    for i, fact in enumerate(story.facts):
        for subject in fact.subjects:
            if len(subject.split()) == 1:
                bare.setdefault(stem(subject), set()).add(i)
    out = []
    for i, (fact, rule) in enumerate(zip(story.facts, rules, strict=True)):
        own = {stem(s) for s in fact.subjects if len(s.split()) == 1}
        qualified = [
            (stem(words[-1]), frozenset(words[:-1]))
            for words in (s.lower().split() for s in fact.subjects)
            if len(words) > 1 and stem(words[-1]) not in own
        ]
        # a group of another fact's subject: one of its qualified heads is that fact's bare
        # subject ("thai hostages" beside "hostages"); then each qualified subject needs its
        # qualifier ("thai citizens" too)
        group_of_another = any(
            story.facts[j].kind == fact.kind
            for head, _ in qualified
            for j in bare.get(head, set()) - {i}
        )
        out.append(dataclasses.replace(rule, groups=tuple(qualified)) if group_of_another else rule)
    return tuple(out)


def _story_words(story: Story) -> list[str]:
    """Every word the story file uses for itself and its facts."""
    words = [story.id.replace("-", " "), story.title, *story.keywords]
    for fact in story.facts:
        words += [fact.label, *fact.cues, *fact.context, *fact.subjects]
    return words


def other_event_names(text: str, catalog: Catalog) -> frozenset[str]:
    """The names of other events an article titles ("Hurricane Katrina" → "Katrina")."""
    return frozenset(
        m.group("name")
        for m in _NAMED_EVENT.finditer(text)
        if not _is_own_name(m.group("name").lower(), catalog.own_names)
    )


def occurrence_span(sentence: str, catalog: Catalog) -> Span | None:
    """The span after the story's event that introduces another occurrence in
    ``sentence`` (occurrence.py), unless a named storm says otherwise: the story's own
    ("Hurricane Testa hit … a week after …") is no other occurrence, and an "after"
    clause naming another ("… a week after Hurricane Orla") does not tell the story's
    event."""
    span = span_after(sentence, catalog.series)
    if span is None:
        return None
    for m in _NAMED_EVENT.finditer(sentence):
        own = _is_own_name(m.group("name").lower(), catalog.own_names)
        inside = span.start <= m.start() < span.end
        if own != inside:
            return None
    return span


def _is_own_name(name: str, own_names: frozenset[str]) -> bool:
    # "Hurricane Helen" in copy about Helene: a misspelt own name is still the story's
    return any(
        name == own or (len(name) >= 4 and (own.startswith(name) or name.startswith(own)))
        for own in own_names
        if len(own) >= 4
    )


def _with_synonyms(words: list[str]) -> list[str]:
    """Context words with their lexicon synonyms: a fact about a "strike" is also about an
    "attack" ("The first attack in September …")."""
    out = list(words)
    for word in words:
        group = SYNONYMS.get(word.lower())
        if group:
            out.extend(w for w in group[0] if w not in out and w not in ("a", "an"))
    return out


def _own_names(story: Story) -> frozenset[str]:
    words = [story.id.replace("-", " "), story.title, *story.keywords]
    return frozenset(w.lower() for text in words for w in re.findall(r"[^\W\d_]+", text))


def _place_siblings(rules: tuple[FactRule, ...]) -> dict[str, frozenset[str]]:
    """For each fact, the places of the place-bound facts that measure the same thing: same
    kind and unit, and a cue word in common (deaths in Turkey are a part of all deaths,
    not of all people displaced)."""
    cue_stems = {r.key: {stem(w) for c in r.cue_words for w in c.split()} for r in rules}
    out: dict[str, frozenset[str]] = {}
    for rule in rules:
        out[rule.key] = frozenset(
            place
            for other in rules
            if other.where
            and (other.kind, other.unit) == (rule.kind, rule.unit)
            and cue_stems[other.key] & cue_stems[rule.key]
            for place in other.where
        )
    return out


def _story_places(rules: tuple[FactRule, ...], places: Gazetteer) -> frozenset[str]:
    """Every place a fact covers, with the places around and inside it."""
    covered = {p for r in rules for p in r.where}
    around = {a for p in covered for a in places.inside.get(p, ())}
    inside = {p for p in places.inside if any(places.within(p, c) for c in covered)}
    return frozenset(covered | around | inside)


def _is_compound_modifier(text: str, end: int) -> bool:
    """The word ending at ``end`` is followed by a noun it modifies ("quake survivors", "the
    wildfire death toll"): the next word is lowercase and no function word, verb form or
    adverb (a plural is read as a noun only when it names people: "-ors", "-ers")."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    word = m.group(1)
    if _NOT_A_HEAD_NOUN.fullmatch(word) or word in IRREGULAR or word in PAST_VERBS:
        return False
    if word.endswith(("ed", "ing", "ly")):
        return False
    return not word.endswith("s") or word.endswith(("ors", "ers"))


def _ordinal_facts(cue_facts: dict[str, list[int]]) -> dict[str, tuple[int, ...]]:
    out: dict[str, set[int]] = {}
    for cue, indices in cue_facts.items():
        words = cue.split()
        if len(words) == 2 and words[0] in _ORDINALS:
            out.setdefault(words[0], set()).update(indices)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@dataclass(slots=True)
class Figure:
    """What the linker needs to know about one figure in a sentence."""

    start: int
    end: int
    ext_start: int
    ext_end: int
    kind: str  # count | money | percent | duration | quantity | date
    unit: str | None
    head: str
    noun_phrase: str = ""
    fact_index: int | None = None
    # "Two more deaths …, bringing the total to 61": the figure the total continues.
    antecedent: Figure | None = None
    ranked: list[tuple[float, int]] = field(default_factory=list)
    day: date | None = None  # the day a date figure names, when it names exactly one
    implied: str = ""  # what a bare count counts, named by a toll noun ("toll … at 17")
    implied_span: tuple[int, int] | None = None  # the toll phrase that names it
    scope: str | None = None  # what the clause states: "total", "event" or None
    ordinal: bool = False  # "the 26th strike": the running count of the series
    occurrence: bool = False  # the ordinal counts "times", "operations", "such strikes"
    bound: bool = False  # a date that bounds a period ("since Friday", "as of Monday")
    place: Attachment | None = None  # the places it is attached to (stories with places)
    year: int | None = None  # the year a bare year names ("in 1999")
    until: date | None = None  # a date's last day
    list_start: int | None = None  # where a breakdown list it is an item of begins
    fraction: bool = False  # a small number with a fractional part ("5.8"): no head count
    follows: int | None = None  # "the next day": where the day it follows is named
    value: float | None = None  # a number's value as written


# What an ordinal may count besides the series' own nouns: "the fourth such operation".
_OCCURRENCES = frozenset(["strike", "attack", "raid", "operation", "action", "incident"])
# Nouns an ordinal before them counts instead of the series: spans of time ("its sixth day
# of calm") and batches of a running total ("a second group of captives", "the fourth
# swap"), unless the fact counts them.
_SPANS_OF_TIME = frozenset(["hour", "night", "day", "week", "weekend", "month", "year"])
_BATCHES = frozenset(["group", "batch", "round", "wave", "swap", "exchange", "release", "phase"])
_NOT_THE_SERIES = _SPANS_OF_TIME | _BATCHES
_PEOPLE = frozenset(["people", "person", "resident", "civilian", "inhabitant"])
_CONJUNCTION = re.compile(r"\s+(?:and|or|&)\s+", re.IGNORECASE)


def _counts_subject(fig: Figure, rule: FactRule) -> bool:
    """True when the noun the figure counts (any conjunct of "women and children", or the
    last part of a compound such as "fishermen") is one of the fact's subjects."""
    phrases = _CONJUNCTION.split(fig.noun_phrase) if fig.noun_phrase else [fig.head]
    for phrase in phrases:
        words = phrase.split()
        if not words:
            continue
        head = stem(words[-1])
        if head in rule.subject_heads:
            return True
        if any(head.endswith(h) and len(h) >= 3 and head != h for h in rule.subject_heads):
            return head[-3:] == "men" or head.endswith(("person", "people"))
    return False


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    facts: tuple[int, ...]
    words: int
    other_instance: bool
    retrospective_at: int | None  # start of a reporting word that governs this cue
    # "…, in what officials described as the first strike": names the sentence's event
    characterizes: bool = False


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What the linker knows of a sentence's article, worked out once per article."""

    published: date | None = None
    other_events: frozenset[str] = frozenset()  # names of other events the article titles
    home: str | None = None  # the listed place of the article's dateline
    lead_places: frozenset[str] = frozenset()  # the listed places its opening names
    english: bool = True  # False for a gloss of other copy: it keeps the source's word order
    # another occurrence the headline or lead reports ("a 5.9 quake struck two weeks after …")
    occurrence: OtherOccurrence | None = None


NO_ARTICLE = ArticleContext()


class SentenceLinker:
    """Links every figure of one sentence; built once per sentence."""

    def __init__(
        self,
        catalog: Catalog,
        sentence: str,
        boundaries: list[Boundary],
        paragraph: str = "",
        article: ArticleContext = NO_ARTICLE,
    ) -> None:
        self.catalog = catalog
        self.english = article.english
        self.other_events = article.other_events
        self.occurrence = article.occurrence
        self._span: Span | bool | None = False  # False: not looked for yet
        self._marked: list[tuple[int, int]] | None = None
        self.home = article.home
        self.lead_places = article.lead_places
        self.published = article.published
        self.sentence = sentence
        # Context words may come from the sentence's paragraph: a caption or a short
        # paragraph often names the topic once ("Venezuelan militia … It has mobilized …").
        self.paragraph = paragraph or sentence
        self._in_context: dict[int, bool] = {}
        self._paragraph_places: set[str] | None = None
        self._event_names: list[tuple[int, int, bool]] | None = None
        self._speakers: list[tuple[int, int, frozenset[str]]] | None = None
        self._per_fig: dict[tuple[str, int, int, int], object] = {}
        self._named_places: set[str] | None = None
        self._fronted_end: int | None = None  # end of a fronted clause of time (-1: none)
        self._spans: dict[int, tuple[tuple[int, int] | None, tuple[int, int] | None]] = {}
        self.figures: list[Figure] = []
        self.boundaries = boundaries
        self.words = Words.of(sentence)
        self.cues = self._find_cues()

    def _find_cues(self) -> list[_Cue]:
        if self.catalog.cue_re is None:
            return []
        found = []
        retro = [m.start() for m in _RETROSPECTIVE.finditer(self.sentence)]
        for m in self.catalog.cue_re.finditer(self.sentence):
            start, end = m.span(1)
            facts = self.catalog.facts_of_cue(m.group(1))
            if _SPEECH_VERB.fullmatch(m.group(1)) and _SPEECH_FRAME.match(self.sentence, end):
                continue  # "Speaking in Caracas on Sunday, the minister said": a speech
            if any(c.start <= start and end <= c.end and set(facts) <= set(c.facts) for c in found):
                continue  # "toll" inside "death toll" of the same fact is no extra evidence
            if _FIRST_WORD.search(m.group(1)) and first_of_a_period(self.sentence, end, 35):
                # "the first reported raid by the navy in 2027": the first
                # of a period, not the series' first
                facts = tuple(i for i in facts if not self.catalog.rules[i].first_of_series)
                if not facts:
                    continue
            if _ASPECT_VERB.fullmatch(m.group(1)) and _ANOTHER_ACTION.match(self.sentence, end):
                continue  # "officials began allowing residents back": not the event's start
            owned = _POSSESSED_OBJECT.match(self.sentence, end)
            if owned:
                # "lost their lives": a verb whose object is another fact's cue is that
                # phrase, an idiom of the other fact (not "lost" of people missing)
                theirs = self.catalog.facts_of_cue(owned.group(1))
                if theirs and not set(theirs) & set(facts):
                    continue
            before = self.sentence[max(0, start - 40) : start]
            characterizes = bool(_IN_WHAT.search(self.sentence, max(0, start - 60), start))
            governing = [r for r in retro if r < start]
            retro_at = None
            if governing and self.words.gap(governing[-1], governing[-1] + 1, start, end) <= 6:
                retro_at = governing[-1]
            found.append(
                _Cue(
                    start,
                    end,
                    facts,
                    len(m.group(1).split()),
                    bool(_OTHER_INSTANCE.search(before)),
                    None if characterizes else retro_at,
                    characterizes,
                )
            )
        for m in _ELLIPTIC_ORDINAL.finditer(self.sentence):
            # "The first, earlier this month, killed 11": the ordinal stands for its event.
            facts = self.catalog.ordinal_facts.get(m.group(1).lower(), ())
            if facts:
                found.append(_Cue(m.start(), m.end(), facts, 2, False, None))
        return found

    def link(self, figures: list[Figure]) -> None:
        """Set ``fact_index`` on each figure (None when no fact fits)."""
        self.figures = figures
        for i, fig in enumerate(figures):
            if (
                i
                and not fig.head
                and fig.kind != "date"
                and _ANAPHORIC_TOTAL.search(
                    self.sentence, max(0, fig.ext_start - 60), fig.ext_start
                )
            ):
                previous = [
                    f for f in figures[:i] if f.kind == fig.kind and f.head and not f.ordinal
                ]
                fig.antecedent = previous[-1] if previous else None
            elif i and fig.kind == "count" and self._place_list_item(fig):
                fig.antecedent = self._list_lead(figures[:i])
            if fig.kind == "count" and fig.antecedent is None:
                run = _PAREN_RUN.search(self.sentence, max(0, fig.ext_start - 400), fig.ext_start)
                fig.list_start = run.start() if run else None
            if fig.kind == "count" and not fig.head:
                fig.implied = self._implied_noun(fig)
            elif fig.kind == "count":
                # "lifting the death toll of the weeks-long drive against boats up to at
                # least 48 people": the toll noun names the count however far it stands
                toll = _TOLL_BEFORE.search(
                    self.sentence, max(0, fig.ext_start - 180), fig.ext_start
                )
                raised = toll is not None and _TOLL_RAISED_TO.search(toll.group())
                fig.implied_span = toll.span() if raised and toll.group("toll") else None
            fig.scope = self._statement_scope(figures, i)
            fig.fact_index = self._best_fact(fig, self._local(figures, i))
        self._settle_tallies(figures)
        self._second_of_pairs(figures)
        self._another_occurrence(figures)
        for fig in figures:
            if fig.kind == "date" and fig.fact_index is None and fig.unit != "year":
                fig.fact_index = self._series_start(fig)
            if fig.kind == "date" and fig.fact_index is None and fig.unit != "year":
                fig.fact_index = self._granted_until(fig)

    def _second_of_pairs(self, figures: list[Figure]) -> None:
        """ "magnitude 7.8 and 7.5 earthquakes", "a 7.7 and a 7.6": two measures of the same
        kind joined by "and" are two events; when the story has a fact for the later one
        (cued "second", "later", "followed by", "aftershock", …) the second figure is its."""
        for first, second in itertools.pairwise(figures):
            if (
                first.kind != "quantity"
                or (first.kind, first.unit) != (second.kind, second.unit)
                or first.fact_index is None
                or not _PAIR_AND.fullmatch(self.sentence, first.end, second.start)
            ):
                continue
            later = self.catalog.later_of(first.fact_index)
            if later is not None and second.fact_index in (None, first.fact_index):
                second.fact_index = later

    def _another_occurrence(self, figures: list[Figure]) -> None:
        """ "It was followed by a second 6.4-magnitude quake", "a separate 5.6 magnitude
        temblor": a measure of another occurrence of the event goes to the story's fact
        cued as the later event when there is one, and is never the main event's."""
        for fig in figures:
            if fig.kind != "quantity" or fig.fact_index is None:
                continue
            later = self._per_figure(self._occurrence_of, fig, *self.scope(fig)) == "later"
            if not later and not _ANOTHER_BEFORE.search(
                self.sentence, max(0, fig.ext_start - 30), fig.ext_start
            ):
                continue
            if any(_LATER_CUE.search(c) for c in self.catalog.rules[fig.fact_index].cue_words):
                continue  # already the later event's fact
            index = self.catalog.later_of(fig.fact_index)
            if later and index is not None and not self._span_names(index):
                index = None  # "10 minutes after" is not the fact cued "hours later"
            fig.fact_index = index

    def _span_names(self, index: int) -> bool:
        """The sentence's span ("nine hours after") is in the unit the fact's cues give its
        later event ("hours later"), or those cues give none."""
        units = {
            m.group(1).lower()
            for cue in self.catalog.rules[index].cue_words
            for m in _SPAN_UNIT.finditer(cue)
        }
        return not units or (isinstance(self._span, Span) and self._span.unit in units)

    def _place_list_item(self, fig: Figure) -> bool:
        """ "four people died: one in Florida, one in Georgia …", "deaths by state: South
        Carolina (49), Georgia (33)": a bare count of a place in a list after a lead."""
        before = self.sentence[max(0, fig.ext_start - 40) : fig.ext_start]
        if _LIST_PAREN.search(before) and self.sentence.startswith(")", fig.ext_end):
            return True
        return bool(_LIST_SEP.search(before) and _IN_PLACE.match(self.sentence, fig.ext_end))

    def _list_lead(self, earlier: list[Figure]) -> Figure | None:
        """The figure a place list breaks down: the last counted figure before the list's
        colon, or the lead of the list item before."""
        for other in reversed(earlier):
            if other.kind != "count":
                continue
            if other.antecedent is not None and self._place_list_item(other):
                return other.antecedent
            colon = self.sentence.find(":", other.ext_end)
            if (
                other.head
                and colon != -1
                and not _SENTENCE_BREAK.search(self.sentence, other.ext_end, colon)
            ):
                return other
            # "41 were in Carolina and 19 were in Georgia": a parallel item right before
            if _IN_PLACE.match(self.sentence, other.ext_end):
                return other.antecedent or other
            # "8,214 people had died in Ardenia and 1,975 in Vell": parallel items
            parallel = _IN_PLACE.search(self.sentence, other.ext_end, other.ext_end + 40)
            return other if other.head and parallel else None
        return None

    def _statement_scope(self, figures: list[Figure], i: int) -> str | None:
        """Whether figure ``i`` states a running total, one occurrence, or neither."""
        fig = figures[i]
        if fig.ordinal:
            return "total"
        lo, hi = self.scope(fig)
        left = figures[i - 1].ext_end if i else lo
        dated = fig.kind != "date" and any(
            f.kind == "date"
            and f.day is not None
            and lo <= f.start < hi
            and not f.bound
            and not SAID_ON.search(self.sentence, max(0, f.ext_start - 40), f.ext_start)
            for f in figures
        )
        scope = statement_scope(
            self.sentence, lo, left, fig.ext_start, fig.ext_end, hi, self.catalog.events, dated
        )
        if scope is None and self.catalog.events_plural is not None:
            # "two men killed in earlier strikes", "eight killed in the two strikes":
            # some occurrences, not the series
            after = _IN_SOME.match(self.sentence, fig.ext_end, hi)
            perfect = after and _PERFECT.search(self.sentence, lo, after.end())
            if (
                after
                and not perfect
                and self.catalog.events_plural.match(self.sentence, after.end())
            ):
                scope = "event"  # (the perfect counts them all: "have died in the five")
        if scope is None and i and self.catalog.events is not None:
            # "carried out two strikes, killing six people": the batch's own figure
            prev = figures[i - 1]
            between = self.sentence[prev.ext_end : fig.ext_start]
            if prev.scope == "event" and prev.kind == fig.kind and not _TALLY.search(between):
                scope = "event"
        if scope is None and fig.kind != "date" and self._one_occurrence_elsewhere(fig, lo):
            scope = "event"
        return scope

    def _some_of_the_series(self, lo: int, fig: Figure) -> bool:
        """ "Seven earlier attacks … resulting in 32 deaths", "the other strikes killed 40":
        a subset of the series named in the figure's clause."""
        plural = self.catalog.events_plural
        if plural is None:
            return False
        for m in plural.finditer(self.sentence, lo, fig.start):
            if not m.group().lower().endswith("s"):
                continue
            before = self.sentence[max(0, m.start() - 30) : m.start()]
            if _SUBSET_BEFORE.search(before):
                return True
            if (
                _FEW_BEFORE.search(before)
                and (
                    _BATCH_VERB.match(self.sentence, fig.ext_end)
                    or _BATCH_VERB_BEFORE.search(
                        self.sentence, max(0, fig.ext_start - 30), fig.ext_start
                    )
                )
                and not _TALLY.search(self.sentence)
                and not _CAMPAIGN.search(self.sentence, lo, fig.start)
            ):
                # "launched airstrikes on three boats …, killing eight people": the toll of
                # that batch, told as it happened (not "three strikes have killed 17")
                return True
        return False

    def _one_occurrence_elsewhere(self, fig: Figure, lo: int) -> bool:
        """ "Four crew aboard the boat died but no American troops were hurt in the strike on
        the craft": one occurrence named in another clause of a sentence that names no running
        total — unless the figure's own clause names the series in the plural ("US strikes
        have killed 83") or a new main clause separates them ("…; the latest strike hit …")."""
        events = self.catalog.events
        if events is None or _TALLY.search(self.sentence):
            return False
        plural = self.catalog.events_plural
        if plural is not None and any(
            m.group().lower().endswith("s") for m in plural.finditer(self.sentence, lo, fig.start)
        ):
            return False
        if _CAMPAIGN.search(self.sentence, lo, fig.start):
            return False
        for m in events.finditer(self.sentence):
            a, b = (m.end(), fig.start) if m.end() <= fig.start else (fig.end, m.start())
            if not _NEW_MAIN_CLAUSE.search(self.sentence, a, b):
                return True
        return False

    def _granted_until(self, fig: Figure) -> int | None:
        """ "Venezuela has until Sept. 30 to accept": a time limit granted is a deadline, the
        catalog's date fact whose cue is "deadline"."""
        if not HAS_UNTIL.search(self.sentence, max(0, fig.start - 40), fig.start):
            return None
        for index, rule in enumerate(self.catalog.rules):
            if (
                rule.kind == "date"
                and "deadline" in rule.words
                and (rule.context is None or self._context_present(rule))
            ):
                return index
        return None

    def _implied_noun(self, fig: Figure) -> str:
        """The noun a bare count stands for when a toll noun names it: "toll … at 17" and
        "raising to 14 the number of people killed" (deaths, people), or the count a
        "bringing the total to 21" continues ("killing four people")."""
        m = _TOLL_BEFORE.search(self.sentence, max(0, fig.ext_start - 180), fig.ext_start)
        if fig.antecedent is not None and not (m and m.group("noun")):
            return fig.antecedent.head
        if m is None and _TO_OR_AT.search(self.sentence, max(0, fig.ext_start - 6), fig.ext_start):
            m = _TOLL_AFTER.match(self.sentence, fig.ext_end)
        if m is None:
            return ""
        fig.implied_span = m.span()
        if m.group("toll"):
            return "deaths"
        return m.group("noun") or m.groupdict().get("dead") or ""

    def _series_start(self, fig: Figure) -> int | None:
        """ "at least 25 strikes on vessels since early September": the date the counted
        series began, i.e. the catalog's date of its first event."""
        if self._series_began(fig):
            return self._first_event_fact()
        if not _SINCE_SERIES.search(self.sentence, max(0, fig.ext_start - 40), fig.start):
            return None
        strong = [b.end for b in self.boundaries if not b.word and b.end <= fig.start]
        lo = strong[-1] if strong else 0
        tallies = [
            f
            for f in self.figures
            if f.kind == "count"
            and f.fact_index is not None
            and self.catalog.rules[f.fact_index].cumulative
            and f.end <= fig.start
            and f.ext_start >= lo
        ]
        if not tallies:
            return None
        series = self.catalog.rules[tallies[-1].fact_index]
        for index, rule in enumerate(self.catalog.rules):
            if (
                rule.starts_series
                and rule.words & series.words
                and (rule.context is None or self._context_present(rule))
            ):
                return index
        return None

    def _series_began(self, fig: Figure) -> bool:
        """ "since the campaign began on Sept. 2", "opened this campaign in early
        September", "since early September, when the administration began targeting boats":
        a date tied to a verb of beginning whose subject or object is the series."""
        before = _BEGAN_BEFORE.search(self.sentence, max(0, fig.ext_start - 70), fig.ext_start)
        after = _BEGAN_AFTER.match(self.sentence, fig.end)
        if before:  # the series is the verb's subject or object: "operations began on"
            span = self.sentence[max(0, before.start() - 40) : before.end()]
        else:
            span = after.group() if after else ""
        return bool(span) and bool(
            _SERIES_WORDS.search(span)
            or (self.catalog.events_plural and self.catalog.events_plural.search(span))
        )

    def _first_event_fact(self) -> int | None:
        """The catalog's date of the series' first event (a date fact cued "first …"); a
        verb of beginning with the series as subject or object is context enough."""
        for index, rule in enumerate(self.catalog.rules):
            if rule.starts_series:
                return index
        return None

    def scope(self, fig: Figure) -> tuple[int, int]:
        """Character span of the clause a figure belongs to (see module docstring)."""
        length = len(self.sentence)
        start, end, opener, index = clause_of(fig.ext_start, self.boundaries, length)
        if is_relative_opener(opener):
            start = self.boundaries[index - 2].start if index >= 2 else 0
        if fig.implied_span is not None:
            start = min(start, fig.implied_span[0])  # the toll noun names what it counts
        lead = fig.antecedent.ext_start if fig.antecedent is not None else fig.list_start
        if lead is not None:
            # a list item of a breakdown shares the lead's clause and its cues
            start = min(start, clause_of(lead, self.boundaries, length)[0])
        if fig.kind == "date" and self._in_fronted_time_clause(fig):
            # "While the gale battered the bay on Monday, townspeople saw the levee give
            # way": the day of a fronted clause of time is the whole sentence's
            semicolon = self.sentence.find(";", fig.end)
            end = semicolon if semicolon >= 0 else length
        elif fig.kind == "date" and _WHEN_AFTER.match(self.sentence, fig.end):
            end = next(
                (b.start for b in self.boundaries if b.start > fig.end and not b.word), length
            )
        elif fig.kind != "date" and index < len(self.boundaries):
            # "the 71 persons who remain captive", "six people killed when a tornado hit":
            # a clause describing the counted noun belongs with it.
            nxt = self.boundaries[index]
            if nxt.word in _DESCRIBING and _DESCRIBED.fullmatch(
                self.sentence, fig.ext_end, nxt.start
            ):
                following = self.boundaries[index + 1 :]
                end = following[0].start if following else length
        return start, end

    def _length_of_another_thing(self, rule: FactRule, fig: Figure) -> bool:
        """A length written as a modifier ("a four-day truce", "the seven-week-long war")
        is the length of the noun it modifies: not this fact's unless that noun is one of
        its cue or context words."""
        modifier = _LENGTH_MODIFIER.match(self.sentence, fig.end)
        if modifier is None:
            return False
        noun = modifier.group("noun")
        cues = self.catalog.cue_pattern(rule)
        return not (
            (cues is not None and cues.search(noun))
            or (rule.context is not None and rule.context.search(noun))
        )

    def _describes_the_noun(self, index: int, fig: Figure, cue: _Cue, hi: int) -> bool:
        """A cue that is a participle with its agent right after the counted noun ("17
        captives held by the militia", "sailors seized by the gang") describes the noun
        when another fact's cue follows as the clause's own predicate ("… were freed")."""
        if cue.start < fig.ext_end or "," in self.sentence[fig.ext_end : cue.start]:
            return False
        if self.words.gap(fig.ext_start, fig.ext_end, cue.start, cue.end) > 1:
            return False
        if not _BY_AGENT.match(self.sentence, cue.end):
            return False
        return any(index not in other.facts and cue.end < other.start < hi for other in self.cues)

    def _in_fronted_time_clause(self, fig: Figure) -> bool:
        """The date sits in a clause of time opening the sentence ("As the gale hit the bay
        on Monday, …"), whose day is the whole sentence's."""
        if self._fronted_end is None:  # asked for every date at every step: once
            fronted = _FRONTED_WHILE.match(self.sentence)
            self._fronted_end = fronted.end() if fronted else -1
        return fig.end <= self._fronted_end

    def _local(self, figures: list[Figure], i: int) -> tuple[int, int]:
        """The figure's own stretch: up to the neighbouring figures, split at 'and' or a comma."""
        fig = figures[i]
        left = (
            self._split_point(figures[i - 1].ext_end, fig.ext_start, prefer_last=True) if i else 0
        )
        right = (
            self._split_point(fig.ext_end, figures[i + 1].ext_start, prefer_last=False)
            if i + 1 < len(figures)
            else len(self.sentence)
        )
        return left, right

    def _between_places(self, start: int, end: int) -> bool:
        """ "Turkey, Syria", "Turkey and Syria": a comma or "and" that lists two listed places
        joins them; it does not split the words between two figures."""
        pattern = self.catalog.places.pattern
        if pattern is None:
            return False
        head = self.sentence[max(0, start - 40) : start].rstrip()
        if not any(m.end() == len(head) for m in pattern.finditer(head)):
            return False
        tail = self.sentence[end:]
        return pattern.match(self.sentence, end + len(tail) - len(tail.lstrip())) is not None

    def _split_point(self, a: int, b: int, prefer_last: bool) -> int:
        # Between two figures the words up to the last "and"/comma describe the first one
        # ("$50 million on Maduro and $25 million on … Cabello"); with no such split the
        # words between are shared by both.
        splits = [
            m.start()
            for m in _SPLIT.finditer(self.sentence, a, b)
            # "in both Ardenia and Vell to 21,480": "both … and" joins, it does not split
            if not _BOTH_BEFORE.search(self.sentence, max(a, m.start() - 40), m.start())
            and not self._between_places(m.start(), m.end())
        ]
        if not splits:
            return a if prefer_last else b
        return splits[-1]

    def _best_fact(self, fig: Figure, local: tuple[int, int]) -> int | None:
        lo, hi = self.scope(fig)
        ranked = []
        for index, rule in enumerate(self.catalog.rules):
            if not self._fits(rule, fig, lo, hi):
                continue
            score = self._score(index, rule, fig, lo, hi, local)
            if score > 0:
                ranked.append((score, -index))
        ranked.sort(reverse=True)
        fig.ranked = [(score, -neg) for score, neg in ranked]
        if not fig.ranked:
            return None
        best = fig.ranked[0][1]
        if self.catalog.rules[best].cumulative and not _TALLY.search(
            self.sentence, lo, fig.ext_start
        ):
            # "a tornado spawned by the storm killed six people": the clause names one
            # event of a fact about one event; that fact, not the running tally.
            for _, index in fig.ranked[1:]:
                if not self.catalog.rules[index].cumulative and self._one_event(index, fig, lo):
                    return index
        return best

    def _one_event(self, index: int, fig: Figure, lo: int) -> bool:
        for cue in self.cues:
            if index in cue.facts and lo <= cue.start and cue.end <= fig.ext_start:
                text = self.sentence[cue.start : cue.end]
                if not text.endswith("s") and _SINGLE_DET.search(
                    self.sentence, max(0, cue.start - 30), cue.start
                ):
                    return True
        return False

    def _fits(self, rule: FactRule, fig: Figure, lo: int, hi: int) -> bool:
        return self._misfit(rule, fig, lo, hi) is None

    def _misfit(self, rule: FactRule, fig: Figure, lo: int, hi: int) -> str | None:
        """Why ``fig`` cannot be ``rule``'s figure, in a few words (None: it can)."""
        if rule.kind != fig.kind:
            return f"a {fig.kind}, the fact is a {rule.kind}"
        if fig.unit == "year":
            return "a bare year"  # too coarse to date a catalog event
        why, occurrence, projected = self._per_figure(self._about_something_else, fig, lo, hi)
        if why:
            return why
        if occurrence == "other" and not self._cue_names_it(rule):
            return "about another occurrence of the event"  # "a 5.9 quake … weeks after"
        if rule.estimate and not projected:
            return "not a projection, the fact is an estimate"
        if projected and not rule.estimate and (fig.kind == "count" or fig.unit in SCALE_UNITS):
            # (and a forecast of a scale: "expected to come ashore as a Category 3 storm")
            return "a projection"  # "the toll could reach 600" (a money estimate may be one)
        if self.catalog.places.pattern is not None and not self._place_fits(rule, fig):
            return "attached to another place"  # "11 died in Georgia" is not the whole's
        if fig.kind == "count" and not self._count_fits(rule, fig, lo, hi):
            return "counts something else, or a part of the whole"
        if fig.kind == "duration" and _EXTENSION_BEFORE.search(
            self.sentence, max(0, fig.ext_start - 50), fig.start
        ):
            return "an extension, not the length"  # "extended by two days", "another two days"
        if fig.kind == "duration" and self._length_of_another_thing(rule, fig):
            return "the length of something else"  # "the seven-week-long war" for a truce
        if fig.kind in ("quantity", "duration", "money") and not rule.accepts_unit(
            fig.unit, fig.head
        ):
            return f"in {fig.unit}, the fact is in {rule.unit}"
        if fig.kind == "money" and self._insured_share(rule, fig, lo):
            return "the insured share of the losses"  # "insured losses of about $6.4 billion"
        if fig.kind in ("count", "money") and self._caused_by_another(rule, fig):
            return "caused by something the story is not about"  # "displaced by the war"
        if fig.kind == "count" and self._counts_those_found(rule, fig):
            return "counts those since found"  # "1,240 listed as missing have turned up"
        if fig.kind == "count" and self._union_with_other_category(rule, lo, hi):
            return "counts a wider category"  # "collapsed or were severely damaged"
        if rule.context is not None and not self._context_present(rule):
            return "no context word of the fact in its paragraph or the lead"
        if rule.exclude is not None and self._excluded(rule.exclude, fig, lo, hi):
            return "an exclude word is near"
        if rule.pinned_days and fig.kind != "date" and self._other_day(rule, fig, lo, hi):
            return "dated to another day"
        if (
            not rule.where
            and fig.place is not None
            and fig.place.elsewhere
            and fig.antecedent is not None
            and self._place_list_item(fig)
        ):
            return "another place's line of a breakdown"  # "…, and 141,407 in Kentucky"
        if fig.kind == "date" and rule.event_nouns and self._dates_a_count(rule, fig):
            return "bounds a count"  # "the two strikes this month"
        if fig.kind == "date" and self._dates_a_tally(fig):
            return "dates a tally"  # "the toll climbed to 15,000 on Wednesday"
        if fig.kind == "date":
            why = self._dates_something_else(rule, fig, lo)
            if why:
                return why
            if (
                fig.follows is not None
                and fig.follows >= 0
                and self._cued_by_the_day_before(rule, fig)
            ):
                return "the day before it is that fact's"  # "expired Friday, and the next day"
        if fig.kind == "date" and self._event_only_named_after(rule, fig, lo, hi):
            return "dates another action; the event is named after it, in a phrase"
        if rule.scope == "total" and fig.scope == "event":
            return "one occurrence, the fact is a running total"  # "the strike killed 3"
        if rule.scope == "total" and fig.kind == "count" and self._some_of_the_series(lo, fig):
            return "some occurrences, the fact is a running total"  # "seven earlier attacks …"
        if rule.scope == "event" and fig.scope != "event":
            return "not one occurrence, the fact is about one"
        if rule.scope == "event" and fig.kind == "date" and fig.bound:
            return "bounds a period"  # "the 26th strike since September"
        return None

    def why_not(self, fig: Figure) -> dict[str, str]:
        """For a figure tied to no fact: each fact of its kind and why it was not tied."""
        lo, hi = self.scope(fig)
        out = {}
        for rule in self.catalog.rules:
            if rule.kind != fig.kind:
                continue
            reason = self._misfit(rule, fig, lo, hi)
            out[rule.key] = reason or "no cue of the fact near the figure"
        return out

    def _place_fits(self, rule: FactRule, fig: Figure) -> bool:
        if fig.kind == "date":
            return True
        if fig.place is None:
            fig.place = self._place_of(fig)
        self._places_of_paragraph()
        return place_fits(
            rule.where,
            fig.place,
            self.catalog.places,
            self._paragraph_places,
            self._sentence_places(),
            self.catalog.place_siblings.get(rule.key, frozenset()),
            self.catalog.story_places,
            additive=fig.kind in ("count", "money"),  # a magnitude or a date is the event's
        )

    def _place_of(self, fig: Figure) -> Attachment:
        """The places a figure is attached to: by its own words first, then by the clause it
        tells more of, the figure it is coordinated with, and the source that says it."""
        lo, hi = self.scope(fig)
        i = self.figures.index(fig) if fig in self.figures else 0
        local = self._local(self.figures, i) if self.figures else (lo, hi)
        if i and local[0] == self.figures[i - 1].ext_end:
            # "the toll in the county had climbed from 9 to 14": no split from the figure
            # before, so the two share its stretch and its place
            local = (self._local(self.figures, i - 1)[0], local[1])
        paren = _LIST_PAREN.search(self.sentence, max(0, fig.ext_start - 40), fig.ext_start)
        place = self._attachment(fig, paren.start() if paren else max(lo, local[0]), hi, local)
        if place.none and _WITH_AFTER_COMMA.match(self.sentence, local[0]):
            # "the county has borne a heavy loss, with 22 confirmed deaths": a "with"
            # phrase of no place of its own tells more of its clause, and shares its place
            place = self._attachment(fig, lo, hi, local)
        if place.none:
            place = self._coordinated_place(fig, i) or place
        if place.none and fig.kind in ("count", "money"):
            # "Chilean President Rojas said at least 9,000 people are hurt": a
            # figure of no place of its own is the place its source speaks for
            spoken = self._spoken_place(fig)
            place = Attachment(spoken, spoken=True) if spoken else place
        return place

    def _coordinated_place(self, fig: Figure, i: int) -> Attachment | None:
        """The place a figure of no place shares with the count it is coordinated with:
        "more than 600 dead in army-held parts of southern Chile, and more than 1,900
        hurt" (the second, elided, is said of the first's place); "some 1,200
        deaths and 4,100 injuries have been counted across the country" (the first, a bare
        noun before "and", shares the second's predicate and its place)."""
        figs = self.figures
        if i >= len(figs) or figs[i] is not fig:
            return None
        between = (figs[i - 1].ext_end, fig.ext_start) if i else (0, 0)
        if i and (
            (figs[i - 1].kind == fig.kind and _AND_BEFORE.search(self.sentence, *between))
            # "the Ridge fire is 80% contained and has burned 2,400 acres": a verb whose
            # subject is left out is said of the first clause's subject, and its place
            or _AND_VERB_BEFORE.search(self.sentence, *between)
        ):
            own_end = self._local(figs, i)[1]
            own = [
                m
                for m in _PLACE_PHRASE.finditer(self.sentence, fig.ext_end, own_end)
                if not mostly_in(self.sentence, m.end() - 1)  # ("mostly in Latakia, Hama …")
            ]
            if not own:
                shared = self._figure_place(i - 1)
                if not shared.none:
                    return shared
        same = [j for j in range(i) if figs[j].kind == fig.kind]
        if len(same) == 1 and _BRINGS_TO.search(
            self.sentence, figs[same[0]].ext_end, fig.ext_start
        ):
            # "Pine County added four deaths Monday, bringing the total to 61": the total
            # the one increment raised is the increment's place's (not "12 in X and 3 in Y,
            # bringing the total to 15", the parts of a wider total)
            shared = self._figure_place(same[-1])
            if not shared.none and not shared.spoken:
                return shared
        if (
            i + 1 < len(figs)
            and figs[i + 1].kind == fig.kind
            and _BARE_NOUN_AND.fullmatch(self.sentence, fig.ext_end, figs[i + 1].ext_start)
        ):
            shared = self._figure_place(i + 1)
            if not shared.none and not shared.spoken:
                return shared
        return None

    def _figure_place(self, i: int) -> Attachment:
        """The place a neighbouring figure is attached to by its own words."""
        fig = self.figures[i]
        lo, hi = self.scope(fig)
        local = self._local(self.figures, i)
        return self._attachment(fig, max(lo, local[0]), hi, local)

    def _spoken_place(self, fig: Figure) -> frozenset[str]:
        if self._speakers is None:
            self._speakers = speakers(self.sentence, self.catalog.places)
        return spoken_place(self._speakers, self.sentence, fig.ext_start, fig.ext_end)

    def _line_head(self) -> str | None:
        """The start of the sentence's line when the sentence does not open it."""
        at = self.paragraph.find(self.sentence)
        line_start = self.paragraph.rfind("\n", 0, max(at, 0)) + 1
        if at <= line_start or self.paragraph[line_start:at].strip() == "":
            return None
        return self.paragraph[line_start : line_start + 80]

    def _attachment(self, fig: Figure, start: int, hi: int, local: tuple[int, int]) -> Attachment:
        return attachment(
            self.sentence,
            fig.ext_start,
            fig.ext_end,
            start,
            min(hi, local[1]),
            self.catalog.places,
            frozenset(self._places_of_paragraph()),
            self.home,
            self._line_head(),
            self._places_named_before(fig),
            # ("there" points back: only a sentence that says it needs the place)
            self._place_named_last_before(fig) if "there" in self.sentence.lower() else None,
            self.lead_places,
        )

    def _paragraph_before(self, fig: Figure) -> str | None:
        """Its paragraph's text up to the figure (None when the sentence is not found in it)."""
        at = self.paragraph.find(self.sentence)
        return None if at < 0 else self.paragraph[:at] + self.sentence[: fig.ext_start]

    def _place_named_last_before(self, fig: Figure) -> str | None:
        """The listed place its paragraph names last before the figure ("there" points to it)."""
        pattern = self.catalog.places.pattern
        before = self._paragraph_before(fig) if pattern is not None else None
        if pattern is None or before is None:
            return None
        named = [self.catalog.places.name_of(m.group()) for m in pattern.finditer(before)]
        return next((n for n in reversed(named) if n), None)

    def _places_named_before(self, fig: Figure) -> frozenset[str] | None:
        """The listed places the paragraph (with the headline and lead it carries) names
        before the figure ("the state" points back), None when that cannot be told."""
        before = self._paragraph_before(fig)
        if before is None or self.catalog.places.pattern is None:
            return None
        at = self.paragraph.find(self.sentence)
        own_end = self.paragraph.find("\n", at + len(self.sentence))
        if own_end >= 0:
            before += self.paragraph[own_end:]  # the headline and lead come before it
        return frozenset(self.catalog.places.names_in(before))

    def _dates_event_noun(self, rule: FactRule, fig: Figure) -> bool:
        """A date that modifies the fact's event noun: "the Aug. 8 wildfire", "August's
        Lahaina fire", "last week's strike" (the noun is one of the fact's context words)."""
        if fig.bound or rule.first_of_series:
            return False  # the date of a "first" event is said with "first"
        nouns = rule.context or self.catalog.cue_pattern(rule)
        if nouns is None:
            return False
        before = self.sentence[max(0, fig.ext_start - 12) : fig.ext_start]
        tail = _NOUN_AFTER_DATE.match(self.sentence, fig.end)
        if tail is None or not (tail.group("poss") or _DET_BEFORE_DATE.search(before)):
            return False
        return bool(nouns.search(tail.group("words")))

    def _place_named_before(self, fig: Figure) -> bool:
        """A listed place is named before the figure in its own run of clauses: not only in
        another clause with a subject of its own ("Chile pulls more survivors from rubble as quake
        toll passes 30,000", "…, Chile's Rojas says, as the toll hits 28,000")."""
        pattern = self.catalog.places.pattern
        if pattern is None:
            return False
        opens = [m.end() for m in NEW_SUBJECT_CLAUSE.finditer(self.sentence, 0, fig.ext_start)]
        return pattern.search(self.sentence, opens[-1] if opens else 0, fig.ext_start) is not None

    def _names_the_group(self, rule: FactRule, fig: Figure) -> bool:
        """For a fact of a group (``FactRule.groups``): the counted noun phrase carries the
        group's qualifier ("12 Danish captives"), or is one of the fact's bare subjects."""
        head = stem(fig.head)
        mods = [m for h, m in rule.groups if h == head]
        if not mods:
            return True  # counted by one of its own bare subjects ("12 Thais")
        words = set((fig.noun_phrase or fig.head).lower().split())
        return any(m <= words for m in mods)

    def _names_a_place(self, word: str) -> bool:
        """``word`` is a listed place or one of its aliases ("Gazans")."""
        gazetteer = self.catalog.places
        return gazetteer.pattern is not None and gazetteer.name_of(word) is not None

    def _places_of_paragraph(self) -> set[str]:
        if self._paragraph_places is None:
            self._paragraph_places = self.catalog.places.names_in(self.paragraph)
        return self._paragraph_places

    def _sentence_places(self) -> set[str]:
        if self._named_places is None:  # asked for every rule of every figure: once
            self._named_places = self.catalog.places.names_in(self.sentence)
        return self._named_places

    def _other_day(self, rule: FactRule, fig: Figure, lo: int, hi: int) -> bool:
        # A fact about the event of one day ("Dec. 4") is not the figure whose clause dates
        # it to another day ("a strike on Monday killed eight", Monday being Dec. 15).
        return any(
            f.day is not None
            and lo <= f.start < hi
            and (f.day.month, f.day.day) not in rule.pinned_days
            for f in self.figures
        )

    def _dates_a_count(self, rule: FactRule, fig: Figure) -> bool:
        """ "the two strikes this month", "four attacks in September": a date right after a
        count of the event in the plural bounds the count; it dates no one event."""
        for other in self.figures:
            if other.kind != "count" or not other.head or other.ext_end > fig.ext_start:
                continue
            head = other.head.lower()
            if stem(head) == head or stem(head) not in rule.event_nouns:
                continue
            between = self.sentence[other.ext_end : fig.ext_start]
            words = len((other.noun_phrase or other.head).split())
            if "," not in between and len(between.split()) <= words + 1:
                return True
        return False

    def _size_of_a_change(self, fig: Figure, lo: int, hi: int) -> bool:
        return bool(_CHANGE_BY.search(self.sentence, max(0, fig.ext_start - 40), fig.ext_start))

    def _about_something_else(
        self, fig: Figure, lo: int, hi: int
    ) -> tuple[str | None, str | None, bool]:
        """What rules a figure out for every fact alike (worked out once per figure): why it
        is about something else than the story's figures, the occurrence it belongs to
        (``_occurrence_of``), and whether it is a projection."""
        occurrence = self._occurrence_of(fig, lo, hi)
        if fig.kind == "date":
            return None, occurrence, False
        if self._of_a_past_year(fig, lo, hi):
            return "about a year long past", occurrence, False  # "18,000 died in 1999"
        if self._of_another_event(fig, lo, hi):
            # "Katrina killed 1,392 people in 2005"
            return "about another, named event", occurrence, False
        if self._of_another_kind(fig, lo, hi):
            # "a quake killed 2,800" in a flood story
            return "about another kind of event", occurrence, False
        if fig.unit in _SCALES and is_threshold(self.sentence, fig.start, fig.end):
            return "a threshold of many events", occurrence, False  # "aftershocks above 5"
        if self._size_of_a_change(fig, lo, hi):
            return "the size of a change", occurrence, False  # "the toll surged by 3,000"
        if fig.kind in ("count", "money") and (
            _AVERAGE_BEFORE.search(self.sentence, max(0, fig.ext_start - 45), fig.ext_start)
            or _AVERAGE_AFTER.match(self.sentence, fig.ext_end)
        ):
            return "an average, not a total", occurrence, False  # "an average home of $1.5m"
        if fig.kind in ("count", "money") and (
            _RATE_AFTER.match(self.sentence, fig.end)
            or _RATE_BEFORE.search(self.sentence, max(0, fig.ext_start - 40), fig.ext_start)
        ):
            # "recovering 5 to 15 bodies each day", "a day's pause for every 10 freed"
            return "a rate", occurrence, False
        return None, occurrence, self._projected(fig, lo, hi)

    def _of_another_kind(self, fig: Figure, lo: int, hi: int) -> bool:
        """The figure's clause names only hazards of a kind the story never names: "Read
        more: mountain quake toll climbs to 2,800" in a story about a flood."""
        own = self.catalog.hazards
        if not own:
            return False
        named = hazard_kinds(self.sentence[lo:hi])
        return bool(named) and not named & own

    def _projected(self, fig: Figure, lo: int, hi: int) -> bool:
        if fig.unit in SCALE_UNITS:
            return is_forecast_scale(self.sentence, fig.ext_start)
        if is_projection(self.sentence, fig.ext_start, fig.ext_end):
            return True
        # "… provides for 40 sailors to walk free, with 120 detainees handed back in return":
        # the other side of a planned exchange is planned too
        if not is_exchanged(self.sentence, fig.ext_start):
            return False
        before = [f for f in self.figures if f.kind == fig.kind and f.ext_end <= fig.ext_start]
        return bool(before) and bool(
            self._per_figure(self._about_something_else, before[-1], *self.scope(before[-1]))[2]
        )

    def _per_figure(self, check, fig: Figure, lo: int, hi: int):
        """``check(fig, lo, hi)`` once per figure: it is the same for every fact asked."""
        key = (check.__name__, id(fig), lo, hi)
        if key not in self._per_fig:
            self._per_fig[key] = check(fig, lo, hi)
        return self._per_fig[key]

    def _of_a_past_year(self, fig: Figure, lo: int, hi: int) -> bool:
        """A figure whose own stretch names a year long before publication is about an
        earlier event ("18,000 died in a quake in 1999", "Katrina's 1,833 deaths in 2005")."""
        if self.published is None or fig not in self.figures:
            return False
        local = self._local(self.figures, self.figures.index(fig))
        # after the figure in its clause ("died when a quake struck … in 1999"), or in its
        # own stretch before it; not a year in an earlier, separate part of the sentence
        return (
            any(
                fig.end <= f.start < hi or max(lo, local[0]) <= f.start < hi
                for f in self._past_years(fig)
            )
            or self._told_of_a_past_event(fig)
            or self._record_since(fig)
        )

    def _past_years(self, fig: Figure) -> list[Figure]:
        """The sentence's years long before publication, less those after the figure that
        start a record ("the deadliest since 1950", "since Katrina in 2005")."""
        assert self.published is not None
        return [
            f
            for f in self.figures
            if f.year is not None
            and f.year <= self.published.year - 2
            and not (
                f.start > fig.end
                and _SINCE_BEFORE.search(self.sentence, max(0, f.start - 50), f.start)
            )
        ]

    def _record_since(self, fig: Figure) -> bool:
        """ "the deadliest US hurricane since … Katrina killed nearly 1,400 people", "the
        worst toll since 1918, when 453 died": a figure told in the clause a
        record is measured from."""
        length = len(self.sentence)
        index = clause_of(fig.ext_start, self.boundaries, length)[3]
        # the "since" clause itself, or a "when"/"which" clause right after it
        opening = self.boundaries[max(0, index - 2) : index]
        if len(opening) == 2 and opening[1].word not in ("when", "which", "that", "where"):
            opening = opening[1:]
        since = next((b for b in opening if b.word == "since"), None)
        if since is None or _COMMA_AND.search(self.sentence, since.end, fig.start):
            return False  # ("… since records began, and it has killed 52": a new clause)
        record = self.sentence[max(0, since.start - 80) : since.start]
        return bool(_SUPERLATIVE.search(record)) and not any(
            since.end <= f.start < fig.start and f.kind == fig.kind and f.fact_index is not None
            for f in self.figures
        )

    def _told_of_a_past_event(self, fig: Figure) -> bool:
        """ "the 2011 earthquake that … killed more than 18,400", "a flood in Ardenia in 2009,
        when 3,100 died", "A 2004 quake … set off a tsunami, killing some 230,000",
        "18,000 were killed in earthquakes that hit … in 1999": the figure is told in a
        clause about an event dated to a past year."""
        past = self._past_years(fig)
        if not past:
            return False
        length = len(self.sentence)
        _, _, opener, index = clause_of(fig.ext_start, self.boundaries, length)
        for year in past:
            y_index = clause_of(year.start, self.boundaries, length)[3]
            if not self._dates_an_event_noun(year):
                continue
            if year.end <= fig.ext_start:
                told = opener in _TELLING and y_index == index - 1
                told = told or (
                    y_index == index
                    and _TELLING_VERB.search(self.sentence, year.end, fig.ext_start) is not None
                )
                if told:
                    return True
            elif y_index == index + 1 and self.boundaries[index].word in ("that", "which"):
                return True  # the event noun ending the figure's clause, dated after it
        return False

    def _dates_an_event_noun(self, year: Figure) -> bool:
        """ "the 2011 earthquake", "a quake in Nepal in 2015", "earthquakes that hit … in
        1999": an event noun (a disaster's, or the story's series) near the year."""
        window = self.sentence[max(0, year.start - 60) : year.end + 30].lower()
        words = set(re.findall(r"[^\W\d_]+", window))
        return bool(words & (_EVENT_NOUNS | self.catalog.series))

    def _of_another_event(self, fig: Figure, lo: int, hi: int) -> bool:
        """The event named nearest the figure in its clause is another one than the
        story's: "Hurricane Camille … claimed 256 lives", "Typhoon Krathon … killed two"."""
        if fig not in self.figures:
            return False
        if self._event_names is None:
            self._event_names = [
                (
                    m.start(),
                    m.end(),
                    not _is_own_name(m.group("name").lower(), self.catalog.own_names),
                )
                for m in _NAMED_EVENT.finditer(self.sentence)
            ]
            titled = [(s, e) for s, e, _ in self._event_names]
            self._event_names += [
                (m.start(), m.end(), True)
                for m in re.finditer(r"\b[A-Z][a-z]+\b", self.sentence)
                if m.group() in self.other_events and not any(s <= m.start() < e for s, e in titled)
            ]
        if not any(other for *_, other in self._event_names):
            return False
        titled = [(s, e) for s, e, _ in self._event_names]
        own = [
            (m.start(), m.end(), False)
            for m in re.finditer(r"[A-Z][^\W\d_]+", self.sentence)
            if m.group().lower() in self.catalog.own_names
            and m.group().lower() not in _EVENT_TITLES
            and not any(s <= m.start() < e for s, e in titled)
        ]
        local = self._local(self.figures, self.figures.index(fig))
        left, right = min(lo, local[0]), max(hi, local[1])
        cause = next((b for b in self.boundaries if b.start >= hi), None)
        if cause is not None and cause.start == hi and cause.word in ("after", "when", "because"):
            # "… were killed after Typhoon Krathon struck": the event that caused it
            right = max(right, clause_of(cause.end, self.boundaries, len(self.sentence))[1])
        near = [
            (min(abs(fig.ext_start - e), abs(s - fig.ext_end)), other)
            for s, e, other in self._event_names + own
            if left <= s < right
        ]
        return bool(near) and min(near)[1]

    def _occurrence_of(self, fig: Figure, lo: int, hi: int) -> str | None:
        """ "other" when ``fig`` is a figure of another occurrence of the event than the
        story's (occurrence.py): named outside the "after" clause of a span of days or more
        ("a 5.9 quake shook the valley … three weeks after the deadly quake"), in the
        stretch a marked occurrence governs ("another tremor that hit the coast on March 2
        killed four people"; not a measure: "another 6.1 quake" may be the day's later one),
        or a later mention of the occurrence the article's lead reports. "later" for a
        measure told a span of minutes or hours after the event: the day's later event."""
        if not self.english:
            return None
        if self._span is False:
            # (most sentences name no hazard at all: nothing to read)
            named = OCCURRENCE.search(self.sentence) is not None
            self._span = occurrence_span(self.sentence, self.catalog) if named else None
            self._marked = None if named else []
        span = self._span
        if isinstance(span, Span):
            if span.start <= fig.start < span.end:
                return None  # the "after" clause tells the story's event
            if span.same_day:
                return "later" if fig.kind == "quantity" else None
            return "other"
        if self._marked is None:
            self._marked = marked_occurrence(self.sentence, self.catalog.series)
        if fig.kind != "quantity" and any(s <= fig.start < e for s, e in self._marked):
            return "other"
        if self.occurrence is not None and self._mentions_the_other(fig):
            return "other"
        return None

    def _cue_names_it(self, rule: FactRule) -> bool:
        """A cue of ``rule`` in the sentence names a new occurrence itself ("new quake")."""
        index = self.catalog.index_of(rule)
        return any(
            index in c.facts and _NAMES_NEW.search(self.sentence, c.start, c.end) for c in self.cues
        )

    def _mentions_the_other(self, fig: Figure) -> bool:
        """In an article whose lead reports another occurrence: ``fig`` repeats its measure
        or its day, or the occurrence noun that rules the figure is a definite singular
        ("the earthquake", "Monday's quake") with no mark of the story's event ("the
        initial 7.1 quake", "the deadly quakes", "the Feb. 16 quake")."""
        occ = self.occurrence
        if fig not in self.figures:
            return False
        if fig.kind == "quantity" and (fig.unit, fig.value) in occ.measures:
            return True
        if fig.kind == "date" and fig.day is not None and fig.day in occ.days:
            return True
        nouns = list(OCCURRENCE.finditer(self.sentence))
        if not nouns:
            return False
        left, right = self._local(self.figures, self.figures.index(fig))
        near = [n for n in nouns if left <= n.start() < right]
        near.sort(key=lambda n: min(abs(n.start() - fig.end), abs(fig.start - n.end())))
        for noun in [*near[:1], nouns[0]]:
            verdict = self._is_the_other(noun, fig)
            if verdict is not None:
                return verdict
        return False

    def _is_the_other(self, noun: re.Match[str], fig: Figure) -> bool | None:
        """Whether an occurrence noun names the lead's other occurrence (True), the
        story's event (False) or cannot tell (None: "a tremor", "one measuring 5.1")."""
        occ = self.occurrence
        np_start = self._noun_phrase_start(noun.start())
        phrase = self.sentence[np_start : noun.start()]
        if STORY_MARKS.search(phrase):
            return False
        if noun.group().lower().endswith("s"):
            # "the earthquakes": the story's pair; "several aftershocks": cannot tell
            return False if _DEFINITE.match(phrase) else None
        dated = _DATED_AFTER.match(self.sentence, noun.end())
        np_end = dated.end() if dated else noun.end()
        for f in self.figures:
            if f is fig or not np_start <= f.start < np_end:
                continue
            if f.kind == "quantity" and occ.measures:
                return (f.unit, f.value) in occ.measures  # "the 5.9-magnitude quake"
            if f.kind == "date" and f.day is not None:
                late = (
                    self.published is not None
                    and occ.span_days
                    and f.day > self.published - timedelta(days=occ.span_days)
                )
                return f.day in occ.days or bool(late)
        if _DEFINITE.match(phrase):
            return True
        return None

    def _noun_phrase_start(self, noun_start: int) -> int:
        """Where the noun phrase of the noun at ``noun_start`` begins: its determiner within
        four words before it ("the initial magnitude 7.1 quake"), else those words."""
        words = list(_WORD_BEFORE.finditer(self.sentence, max(0, noun_start - 45), noun_start))
        words = words[-4:]
        for w in reversed(words):
            if _DEFINITE.fullmatch(w.group(1)) or w.group(1).lower() in ("a", "an"):
                return w.start(1)
        return words[0].start(1) if words else noun_start

    def _dates_something_else(self, rule: FactRule, fig: Figure, lo: int) -> str | None:
        """A date that plainly dates something other than the fact's event: a status
        ("85% contained as of Monday"), a statement ("officials said Tuesday", "released
        maps Saturday", "resigned on Thursday") or a photo ("… in Port Vell, on May 3,
        2024." under a picture)."""
        # ("as of" is usually inside the date's own span, as its qualifier)
        if _STARTING.search(self.sentence, max(0, min(fig.ext_start, fig.start) - 20), fig.start):
            return "starts what follows"  # "starting June 2, the curfew will be lifted"
        if _AS_OF.search(self.sentence, max(0, min(fig.ext_start, fig.start) - 16), fig.start):
            return "dates a status (as of)"
        said = _SAID_BEFORE.search(self.sentence, max(lo, fig.ext_start - 60), fig.ext_start)
        index = self.catalog.index_of(rule)
        if (
            said
            and not any(
                index in cue.facts and said.start() <= cue.start < fig.ext_start
                for cue in self.cues
            )
            and not self._declares(index, fig)
        ):
            return "dates a statement"
        if self._plan_given_up(max(lo, fig.ext_start - 60), fig.ext_start):
            return "the day a plan given up had set"  # "had been due to end on Tuesday"
        if _CAPTION_DATE.search(self.sentence, max(0, fig.ext_start - 40), fig.ext_end + 2) and (
            _CAPTION_SCENE.search(self.sentence)
        ):
            return "a photo caption's date"
        return None

    def _plan_given_up(self, start: int, end: int) -> bool:
        """``sentence[start:end]`` ends with a plan that did not hold ("had been due to end
        on"), checked by its words first."""
        window = self.sentence[start:end].lower()
        if not any(w in window for w in ("been", "suppos", "original", "initial", "first")):
            return False  # (the words the pattern needs; most windows have none)
        return _PLAN_GIVEN_UP.search(self.sentence, start, end) is not None

    def _cued_by_the_day_before(self, rule: FactRule, fig: Figure) -> bool:
        """ "The ultimatum ran out last Friday, and the next day the ministry shut the
        border": the fact's only cues stand with the day "the next day" follows."""
        index = self.catalog.index_of(rule)
        mine = [c for c in self.cues if index in c.facts]
        return bool(mine) and all(
            abs(c.start - fig.follows) < abs(c.start - fig.start) for c in mine
        )

    def _event_only_named_after(self, rule: FactRule, fig: Figure, lo: int, hi: int) -> bool:
        """ "Crews made one last search Friday for survivors of the earthquake", "40 quake
        survivors were flown out on Sunday": the fact is cued only by its event nouns, each
        either after the date inside a prepositional phrase or the first part of a compound
        naming something else ("quake survivors", "the earthquake wreckage"); the date is the
        one of the clause's own action, not of the event."""
        if rule.context is None or self._dates_event_noun(rule, fig):
            return False
        index = self.catalog.index_of(rule)
        cues = [(c.start, c.end) for c in self.cues if index in c.facts and lo <= c.start < hi]
        if not cues:
            return False
        for start, end in cues:
            if not rule.context.fullmatch(self.sentence, start, end):
                return False  # a verb of the event ("struck", "broke out") ties it
        # every word naming the event, cue or not ("spoke" in "the two leaders spoke in
        # mid-November, according to people briefed on the conversation")
        named = [*cues, *(m.span() for m in rule.context.finditer(self.sentence, lo, hi))]
        for start, end in named:
            if self.english and _is_compound_modifier(self.sentence, end):
                continue
            if start < fig.ext_end or not _PHRASE_OPENS.search(self.sentence, fig.ext_end, start):
                return False
        return True

    def _declares(self, index: int, fig: Figure) -> bool:
        """ "The minister said on Tuesday the port should be considered closed": the fact's
        cue right after the date (and before any other date) makes the statement the
        fact's own event, a declaration."""
        if _COMMA_MAIN.match(self.sentence, fig.ext_end):
            return False  # "According to the agency on Sunday, the quake …": the main clause
        later = [f.ext_start for f in self.figures if f.kind == "date" and f.ext_start > fig.end]
        stop = min(later, default=len(self.sentence))
        return any(
            index in cue.facts
            and fig.ext_end <= cue.start < stop
            and self.words.gap(fig.ext_start, fig.ext_end, cue.start, cue.end) <= MAX_GAP_DATE // 2
            for cue in self.cues
        )

    def _dates_a_tally(self, fig: Figure) -> bool:
        """A date right after a running total dates the tally, not an event: "the toll
        climbed above 15,000 on Wednesday", "stood at 42,310 as of Monday"."""
        for other in self.figures:
            if other.kind == "date" or other.scope != "total" or other.ext_end > fig.ext_start:
                continue
            if other.ordinal:
                continue  # "the second attack occurred on 15 September": the event's day
            between = self.sentence[other.ext_end : fig.ext_start]
            if len(between.split()) <= 3 and not re.search(r"[,;:]", between):
                return True
        return False

    def _context_present(self, rule: FactRule) -> bool:
        key = id(rule)
        if key not in self._in_context:
            self._in_context[key] = bool(rule.context and rule.context.search(self.paragraph))
        return self._in_context[key]

    def _excluded(self, exclude: re.Pattern[str], fig: Figure, lo: int, hi: int) -> bool:
        # Near the figure only: "… 15,000 U.S. troops …, including Marines of the 22nd MEU"
        # is still about troops; "more than 4,000 sailors" is not.
        # A list of parts after the figure ("4,500 troops …, including Marines and sailors")
        # names members of the counted whole, not some other count.
        parts = _INCLUDING.search(self.sentence, fig.ext_end, hi)
        stop = parts.start() if parts else hi
        # "the 6.9-magnitude tremor and the aftershocks that came with it", "measured 6.9,
        # and a later one 6.1": the next conjunct names another thing than the figure's
        joined = _NEXT_CONJUNCT.search(self.sentence, fig.ext_end, stop)
        stop = joined.start() if joined else stop
        return any(
            self.words.gap(fig.ext_start, fig.ext_end, m.start(), m.end()) <= MAX_GAP_EXCLUDE
            for m in exclude.finditer(self.sentence, lo, hi)
            if m.start() < fig.ext_start or m.start() < stop
        )

    def _counts_series(self, fig: Figure) -> bool:
        """An ordinal that counts the series ("the 26th strike", "its 4th"), not "a second
        strike" (another one, often a follow-up on the same boat)."""
        if not fig.ordinal:
            return False
        before = self.sentence[max(0, fig.ext_start - 6) : fig.ext_start].lower()
        return not before.rstrip().endswith((" a", "a"))

    def _recalled(self, fig: Figure, lo: int, hi: int) -> bool:
        """An ordinal event dated days before publication is recalled, not counted now:
        "The second attack, around 18 September, …" in an October article."""
        if self.published is None:
            return False
        return any(
            f.kind == "date"
            and f.until is not None
            and f.until < self.published - _RECENT
            and lo <= f.start < hi
            for f in self.figures
        )

    def _count_fits(self, rule: FactRule, fig: Figure, lo: int, hi: int) -> bool:
        if fig.fraction:
            return False  # "registering 6.4 and 5.8": people and things come whole
        if fig.ordinal and self._recalled(fig, lo, hi):
            return False
        if fig.ordinal:
            # "the 26th strike", "the fourth such operation", "the third drug vessel": an
            # ordinal counts the occurrences of a running total's series.
            counts_events = rule.subject_heads & (self.catalog.series | _OCCURRENCES)
            noun = stem(fig.head) if fig.head else ""
            if (noun in self.catalog.subject_stems or noun in _NOT_THE_SERIES) and (
                noun not in counts_events | _OCCURRENCES
            ):
                # "freed on the sixth day of the pause", "the first sailor to walk free": it counts
                # something else (a noun of another language is not known here)
                return False
            return rule.scope == "total" and bool(counts_events)

        if (
            fig.head
            and rule.subject_heads
            and not _counts_subject(fig, rule)
            # "15,000 Norlanders": the people of a listed place, when the fact counts people
            and not (_PEOPLE & rule.subject_heads and self._names_a_place(fig.head))
        ):
            return False
        if rule.groups and fig.head and not self._names_the_group(rule, fig):
            return False  # "51 Israeli hostages" is not a fact's count of Thai hostages
        if (
            fig.implied
            and rule.subject_heads
            and stem(fig.implied) in self.catalog.subject_stems
            and stem(fig.implied) not in rule.subject_heads
        ):
            # "Toll from boat strikes at 17": deaths, not strikes (when the catalog knows
            # the noun; "the number of victims" restricts nothing in a catalog without it).
            return False
        # A part is not a total: "nine additional warships", "two of the men killed". Only
        # a fact about one event, pinned by its context in this clause ("four more people
        # … on Thursday"), can be stated that way.
        partial = bool(_PARTIAL & {w.lower() for w in fig.noun_phrase.split()}) or bool(
            _PARTIAL_BEFORE.search(self.sentence, max(0, fig.ext_start - 25), fig.ext_start)
        )
        increment = partial and not _PARTIAL_NOT_ADDED & {
            w.lower() for w in fig.noun_phrase.split()
        }
        if (
            rule.where
            and fig.place is not None
            and fig.place.places == rule.where
            and not fig.place.spoken
            and not increment
            and not _PARTITIVE.match(self.sentence, fig.end)  # ("three of its workers in …")
        ):
            # "…, including 57 in Buncombe County": the part is that place's whole; not "six
            # more deaths were confirmed in Georgia", which adds to Georgia's toll
            return True
        fronted_of = _FRONTED_OF.match(self.sentence[: fig.ext_start])
        if partial or _PARTITIVE.match(self.sentence, fig.end) or self._included(fig) or fronted_of:
            pinned = rule.context is not None and rule.context.search(self.sentence, lo, hi)
            return not rule.cumulative and bool(pinned)
        return True

    def _score(
        self, index: int, rule: FactRule, fig: Figure, lo: int, hi: int, local: tuple[int, int]
    ) -> float:
        max_gap = MAX_GAP_DATE if fig.kind == "date" else MAX_GAP_NUMBER
        if fig.kind == "date" and _OCCURRED.search(self.sentence, lo, fig.ext_start):
            # "The kidnapping of the ferry Estrella del Sur, occurred the past 6 of March",
            # "A deadline set by the group holding 62 passengers passed on Friday": the
            # subject of a verb of occurrence is dated however long it is.
            max_gap = 2 * MAX_GAP_DATE
        if fig.kind == "date" and (
            self._in_fronted_time_clause(fig) or _WHEN_AFTER.match(self.sentence, fig.end)
        ):
            # the fronted clause's day dates the whole sentence; "since Nov. 24, when the
            # first truce of the war came into force": the when-clause tells the day's event
            max_gap = 2 * MAX_GAP_DATE
        if fig.kind != "date" and fig.head and _counts_subject(fig, rule):
            # "1.2 million homes and shops in five states from the coast to the lakes
            # stayed without power": the fact's own subject reaches its predicate
            max_gap = MAX_GAP_NUMBER + MAX_GAP_SUBJECT
        report = self._date_spans(fig)[0] if fig.kind == "date" else None
        score = 0.0
        seen: set[str] = set()
        for cue in self.cues:
            if index not in cue.facts or (cue.other_instance and not self._counts_series(fig)):
                continue  # (an ordinal names its own instance: "its 26th strike")
            if (cue.start < lo or cue.end > hi) and not cue.characterizes:
                continue
            if fig.kind == "date" and self._reported_only(cue, fig):
                continue
            if fig.kind == "date" and self._acted_on(cue, fig):
                continue
            if report is not None and not (cue.start < report[1] and report[0] < cue.end):
                continue  # "in a statement on Tuesday": only the report's own cue dates it
            if not (local[0] <= cue.start and cue.end <= local[1]) and self._owned_by_other(
                fig, cue
            ):
                continue
            if cue.words > 1 and _QUANTITY_INSIDE.search(self.sentence, cue.start, cue.end):
                continue  # "leaving millions homeless": the cue's own quantity, not this one
            if self._describes_the_noun(index, fig, cue, hi):
                continue  # "17 captives held by the militia were freed": "freed" tells of them
            gap = self._gap(fig, cue, lo)
            if cue.characterizes:
                gap = min(gap, 2)
            text = self.sentence[cue.start : cue.end].lower()
            if gap > MAX_GAP_NUMBER and fig.kind != "date" and not self._subject_reaches(fig, cue):
                continue
            if gap > max_gap or text in seen:
                continue
            seen.add(text)
            is_local = local[0] <= cue.start and cue.end <= local[1]
            score += cue.words + (1.0 if is_local else 0.0) - 0.05 * gap
            if (
                is_local
                and cue.start >= fig.ext_end
                and "," not in self.sentence[fig.ext_end : cue.start]
            ):
                # the figure's own predicate ("10,100 people are still missing") before a cue
                # of a phrase fronted with a comma ("On top of the death toll, …")
                score += 0.1
            if text in rule.cue_words:
                # the cue as the user wrote it beats another form of a cue ("remain
                # missing": the fact cued "missing", not the one cued "remains")
                score += 0.2
        if fig.kind == "date" and self._dates_event_noun(rule, fig):
            score += 2.0  # "the Aug. 8 wildfire", "August's Lahaina fire": the event's date
        if score <= 0:
            return 0.0
        if rule.cumulative and _TALLY_AFTER.match(self.sentence, fig.ext_end):
            score += 1.5  # "has released 21 people so far": the running total
        if fig.head and _counts_subject(fig, rule):
            score += 1.0
        named = self._sentence_places() if rule.where else set()
        unplaced = fig.place is not None and (fig.place.none or fig.place.spoken)
        if named and unplaced and not self._place_named_before(fig):
            # "the toll reached 200 …, as rescuers pushed on toward western North
            # Carolina": a place named only after an unattached figure is not its place
            named = set()
        if named and named <= self.catalog.places.with_inside(rule.where):
            score += 1.25  # the sentence names the fact's own place (and no other)
        if rule.where and fig.place is not None and fig.place.places == rule.where:
            # and the figure is attached to it (its source's place only rules out others)
            score += 0.0 if fig.place.spoken else 1.0
        elif rule.where and fig.place is not None and fig.place.none:
            score -= 0.25  # a place-bound fact only through the paragraph: the whole first
        if rule.context is not None and rule.context.search(self.sentence, local[0], local[1]):
            # A fact about one event, pinned by its own context words, is more specific
            # than a running tally that also fits ("a tornado … killed six people").
            score += 1.25 if not rule.cumulative else 1.0
        elif rule.context is not None and rule.context.search(self.sentence, lo, hi):
            score += 0.5
        return score

    def _union_with_other_category(self, rule: FactRule, lo: int, hi: int) -> bool:
        """ "160,000 buildings collapsed or were severely damaged": the fact's cue joined by
        "or" to another state counts both together, a wider category than the fact's."""
        cues = self.catalog.cue_pattern(rule)
        if cues is None:
            return False
        for m in cues.finditer(self.sentence, lo, hi):
            other = _OR_STATE.match(self.sentence, m.end())
            if other is None or cues.fullmatch(other.group("state")):
                continue
            state = stem(other.group("state").lower())
            if any(" or " in c and state in map(stem, c.split()) for c in rule.cue_words):
                continue  # the fact asks for the union: cued "damaged or destroyed"
            # "are missing or presumed missing": the same state again
            if not cues.match(self.sentence, other.end() + 1):
                return True
        return False

    def _insured_share(self, rule: FactRule, fig: Figure, lo: int) -> bool:
        """ "Privately insured losses … will be about $6.4 billion", "set to cost insurers
        $2bn or more": what insurers pay, a part of the damage (unless the fact is about it)."""
        if any("insur" in c for c in rule.cue_words):
            return False
        return (
            _INSURED.search(self.sentence, max(lo, fig.ext_start - 90), fig.ext_start) is not None
        )

    def _caused_by_another(self, rule: FactRule, fig: Figure) -> bool:
        """ "4 million people displaced because of the country's civil war", "already
        displaced as a result of war": a long-running cause the story is not about (not
        among its keywords, cues or subjects) made this figure, not the story's event."""
        cause = self._per_figure(self._cause_of, fig, 0, 0)
        return bool(cause) and cause not in rule.words and cause not in self.catalog.own_stems

    def _cause_of(self, fig: Figure, lo: int, hi: int) -> str:
        """The long-running cause named after the figure in its sentence, singular ('' when
        there is none)."""
        m = _OTHER_CAUSE.search(self.sentence, fig.ext_end, fig.ext_end + 160)
        if m is None or ";" in self.sentence[fig.ext_end : m.start()]:
            return ""
        return stem(m.group("cause").lower())

    def _counts_those_found(self, rule: FactRule, fig: Figure) -> bool:
        """ "More than 1,240 people once listed as missing have turned up alive", "180 of 210
        people listed as missing have since been found": the people once listed who are now
        found, not the ones still listed (unless the fact is about those found)."""
        if any(_FOUND_WORDS.search(c) and not _NEGATED.search(c) for c in rule.cue_words):
            return False  # a fact of those found ("not been found" is still the missing)
        return self._per_figure(self._once_listed_now_found, fig, 0, 0)

    def _once_listed_now_found(self, fig: Figure, lo: int, hi: int) -> bool:
        return _ONCE_LISTED_NOW_FOUND.match(self.sentence, fig.ext_end) is not None

    def _included(self, fig: Figure) -> bool:
        """ "The toll includes the six people … and at least 11 people …": parts, both."""
        if _INCLUDED.search(self.sentence, max(0, fig.ext_start - 30), fig.ext_start):
            return True
        earlier = [f for f in self.figures if f.kind == fig.kind and f.ext_end <= fig.ext_start]
        if not earlier:
            return False
        prev = earlier[-1]
        return bool(
            _INCLUDED.search(self.sentence, max(0, prev.ext_start - 30), prev.ext_start)
            and _AND.search(self.sentence, prev.ext_end, fig.ext_start)
        )

    def _subject_reaches(self, fig: Figure, cue: _Cue) -> bool:
        """The counted subject reaches a far cue only as its predicate: after it, with no
        comma between."""
        between = self.sentence[fig.ext_end : cue.start]
        return cue.start >= fig.ext_end and "," not in between

    def _owned_by_other(self, fig: Figure, cue: _Cue) -> bool:
        """A cue already used by an earlier figure, with "and" between it and this one, is
        that figure's: "six people killed when a tornado hit Houma, and 11 people who died".
        """
        if fig.antecedent is not None and self._place_list_item(fig):
            return False  # "8,214 died in Ardenia and 1,975 in Vell": the list shares its cue
        for other in self.figures:
            if other is fig or other.kind != fig.kind or other.fact_index not in cue.facts:
                continue
            if other is fig.antecedent:
                continue  # the figure this one continues shares its cue
            if other.ext_end <= cue.start and cue.end <= fig.ext_start:
                return bool(_AND.search(self.sentence, cue.end, fig.ext_start))
        if fig.kind != "date" and fig.ext_end <= cue.start:
            # "Only three people have been pulled out alive, and at least 90 have died": a cue
            # after a later figure of the same kind, past ", and", is that figure's
            for other in self.figures:
                if (
                    other.kind == fig.kind
                    and fig.ext_end <= other.ext_start
                    and other.ext_end <= cue.start
                    and (
                        _COMMA_AND.search(self.sentence, fig.ext_end, other.ext_start)
                        or _AND_NEW_CLAUSE.search(self.sentence, fig.ext_end, other.ext_start)
                    )
                ):
                    return True
        if fig.kind == "date" and fig.ext_end <= cue.start:
            # "The release on Sunday …, and the abduction on March 6": a cue right before a
            # later date, past a comma or "and", is that date's.
            for other in self.figures:
                if (
                    other.kind == "date"
                    and other.ext_start >= cue.end
                    and self.words.gap(cue.start, cue.end, other.ext_start, other.ext_end) <= 1
                    and _SPLIT.search(self.sentence, fig.ext_end, cue.start)
                ):
                    return True
        return False

    def _gap(self, fig: Figure, cue: _Cue, lo: int) -> int:
        """Words between figure and cue; a relative clause counts from its antecedent.

        In "a phone call between the two leaders that is believed to have taken place on
        November 21" the date describes the call through "that": the distance is the one
        from "call" to "that", not to the date.
        """
        gap = self.words.gap(fig.ext_start, fig.ext_end, cue.start, cue.end)
        if fig.implied_span and fig.implied_span[0] <= cue.start < fig.implied_span[1]:
            gap = 0  # the toll noun that names what the figure counts: "the total of deaths"
        if fig.list_start is not None:
            gap = min(gap, self.words.gap(fig.list_start, fig.list_start + 1, cue.start, cue.end))
        if fig.antecedent is not None:
            ante = fig.antecedent
            gap = min(gap, self.words.gap(ante.ext_start, ante.ext_end, cue.start, cue.end))
        _, _, opener, index = clause_of(fig.ext_start, self.boundaries, len(self.sentence))
        if is_relative_opener(opener) and cue.end <= self.boundaries[index - 1].start:
            pronoun = self.boundaries[index - 1]
            to_antecedent = self.words.gap(cue.start, cue.end, pronoun.start, pronoun.end)
            if to_antecedent <= MAX_GAP_ANTECEDENT:
                return min(gap, to_antecedent)
        return gap

    def _acted_on(self, cue: _Cue, fig: Figure) -> bool:
        """ "extended its deadline on Friday": a date right after a change and its object
        dates the change, for the verb and the object alike ("… to March 20" / "until March
        20" is the new value and stays)."""
        changed = self._date_spans(fig)[1]
        return changed is not None and changed[0] <= cue.start and cue.end <= changed[1]

    def _date_spans(self, fig: Figure) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """The noun of reporting and the change a date right after them belongs to (cached
        per figure: every fact asks)."""
        key = id(fig)
        if key not in self._spans:
            window = max(0, fig.ext_start - 80)
            report = _REPORT_NOUN.search(self.sentence, max(0, fig.ext_start - 40), fig.ext_start)
            changed = None
            if not _NEW_VALUE.match(self.sentence, fig.ext_start):
                changed = _CHANGED.search(self.sentence, window, fig.ext_start)
            self._spans[key] = (
                report.span() if report else None,
                changed.span() if changed else None,
            )
        return self._spans[key]

    def _reported_only(self, cue: _Cue, fig: Figure) -> bool:
        """True when the cue is what a later report is about, and the date is the report's."""
        if cue.retrospective_at is None:
            return False
        if fig.start < cue.start:
            return True
        between_report = self.sentence[cue.retrospective_at : cue.start]
        if re.search(r"\bthat\b", between_report, re.IGNORECASE):
            return False
        return not _EVENT_VERB.search(self.sentence, cue.end, fig.start)

    def _settle_tallies(self, figures: list[Figure]) -> None:
        by_fact: dict[int, list[Figure]] = {}
        for fig in figures:
            if fig.fact_index is not None and self.catalog.rules[fig.fact_index].cumulative:
                if is_earlier_value(self.sentence, fig.ext_start, fig.ext_end):
                    continue  # "risen from 17 to 25": 17 is the earlier value, not a tally
                by_fact.setdefault(fig.fact_index, []).append(fig)
        for figs in by_fact.values():
            marked = [f for f in figs if self._has_tally_marker(f, figures)]
            for fig in figs:
                if marked and fig not in marked:
                    # The one event beside the running tally: the best fact about one event
                    # ("a tornado … killed six people …, raising the death toll to 31").
                    fig.scope = "event"
                    fig.fact_index = self._best_fact(fig, self._local(figures, figures.index(fig)))

    def _has_tally_marker(self, fig: Figure, figures: list[Figure]) -> bool:
        i = figures.index(fig)
        left = figures[i - 1].ext_end if i else max(0, fig.ext_start - 60)
        return bool(_TALLY.search(self.sentence, left, fig.ext_start))
