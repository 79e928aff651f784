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
import unicodedata
from dataclasses import dataclass, field

# Nouns that make a capitalized name a sub-national place: "Pinellas County", "Hatay
# province", "the city of Antakya".
_SUBPLACE = re.compile(
    r"\b(?:[A-Z][\w.'-]+\s+){1,3}(?:[Cc]ounty|[Pp]arish|[Pp]rovince|[Dd]istrict|[Pp]refecture"
    r"|Borough|Township|City|[Gg]overnorate)\b"
    r"|\b(?:the\s+)?(?:city|town|village|county|province|district)\s+of\s+[A-Z][\w'-]+"
    # "in each Harlow, Brent, and Marsh counties"
    r"|\b(?:[A-Z][\w.'-]+,?\s+(?:and\s+)?){1,6}(?:counties|provinces|districts|parishes)\b"
    # "the county", "that county": one of the counties the paragraph is about
    r"|\b(?:the|that|this)\s+(?:county|city|town|village|province|district)\b(?!\s+of\b)",
)
# "the state", "statewide": the one listed place its paragraph is about
_THE_STATE = re.compile(
    r"\b(?:(?:in|across|throughout)\s+the\s+(?:state|country)\b|statewide|the\s+state's|the\s+country's"
    # "the state has confirmed 9 deaths": the state as the clause's subject
    r"|the\s+(?:state|country)\s+(?:has|had|have|was|is|now)?\s*(?:reported|confirmed|recorded"
    r"|counted|registered|announced|says|said)\b)",
    re.IGNORECASE,
)
# The widest scope: the whole the story is about.
WIDEST = re.compile(
    r"\b(?:nationwide|nationally|national|countrywide|in\s+all|in\s+total|combined|overall"
    r"|altogether|across\s+(?:the\s+)?(?:region|nation|states|countries|\w+\s+states"
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
_POSSESSED = re.compile(
    r"(?P<a>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})(?:'s|’s)\s+(?P<b>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})"
)
_LINE_LEAD = re.compile(
    r"[\s\"'\-•*]*(?:o\s+)?(?:(?P<prep>in|for|at|across|throughout)\s+(?:the\s+)?)?", re.I
)
_HEADING_TAIL = re.compile(r"(?:\s+[A-Za-z][\w/-]*){0,2}\s*:")
_FRONTED_TAIL = re.compile(r"(?:\s+[A-Za-z][\w/-]*){0,2}\s*,")
_UNNAMED_PART = re.compile(
    r"\b(?:[Aa]|[Oo]ne|[Aa]nother|[Tt]he)\s+(?P<p>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})\s+(?:county|city|town"
    r"|province|district|parish|village|community)\b"
)
# Territory held by one side: "rebel-held northwest Syria", "government-held parts of the
# country", "areas under the control of the regime", "regions of Syria held by the
# government". A figure there is about a part of the place, not the place's whole.
_HELD_PART = re.compile(
    r"\b[\w]+-(?:held|controlled)\s+(?:[\w'’-]+\s+){0,2}?(?:areas?|parts?|regions?|territory"
    r"|territories|zones?|(?:north|south)?(?:east|west)(?:ern)?|north(?:ern)?|south(?:ern)?"
    r"|[A-Z][\w'’-]+)\b"
    r"|\b(?:areas?|parts?|regions?|territory|territories|zones?)\s+(?:of\s+[A-Z][\w'’-]+\s+)?"
    r"(?:held|controlled)\s+by\b"
    r"|\bunder\s+(?:the\s+)?control\s+of\b",
)
# A region of a place named by its compass point: "in western North Carolina", "across
# East Tennessee", "in northwest Syria". Alone it is a part of the place; "in southern
# Turkey and northern Syria" names the places together.
_COMPASS_POINT = r"(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?)"
_REGION_WORD = rf"(?:{_COMPASS_POINT}|central|upstate)"
_REGION_BEFORE = re.compile(
    r"\b(?:in|across|throughout|from|for|at|inside|within|outside|of)\s+(?:the\s+)?"
    rf"{_REGION_WORD}\s+$",
    re.IGNORECASE,
)
_REGION_AFTER_AND = re.compile(rf"\band\s+(?:the\s+)?{_REGION_WORD}\s+$", re.IGNORECASE)
# "… earthquakes that killed more than": a relative clause of another noun, right before
# the figure (not "a county that includes Asheville reported 35", closed before it)
_RELATIVE_OF_OTHER = re.compile(
    r"\s[a-z][\w-]*\s+(?:that|which|who)\s+(?-i:[a-z][\w-]*\s+){0,2}$", re.IGNORECASE
)
_NAME_PAREN = re.compile(r"[A-Z][\w.'’-]*\s*\(\s*$")
# A place that acts rather than where something was: the subject of a verb of force or of
# handing people over ("Norland has freed 90 detainees", "Norland shelled the port and killed
# 40"), or a side's attack ("Norland's bombardment of the port", "killed in Norlandic
# strikes"). The figure is not that place's; the place it struck or freed them from may be.
_AGENT_VERB = (
    r"(?:kill|free|releas|launch|fired|firing|shell|bomb|bombard|strik|struck|attack|deport|expel"
    r"|arrest|detain|captur|abduct|kidnap|seiz|execut|deploy|sen[dt]|hand\w*\s+over|swap"
    r"|exchang|invad)\w*"
)
_AGENT_AFTER = re.compile(
    r"(?:\s*,[^,]{1,30},)?(?:\s+(?:has|have|had|will|would|also|then|now|reportedly|says?"
    r"|said))*\s+" + _AGENT_VERB + r"\b",
    re.IGNORECASE,
)
_ATTACK_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,4}?(?:bombardment|bombing|bombings|shelling|strikes|airstrikes"
    r"|air\s+strikes|offensive|(?:military|ground|air)\s+operations?|campaign|assault|attacks"
    r"|invasion|raids|retaliation|siege|blockade)\b",
    re.IGNORECASE,
)
_SAID_OR_COMMA = re.compile(r",|\b(?:said|says|say|reported|announced)\b(?:\s+that\b)?", re.I)
# The place an attack struck: "strikes on Vessa", "the bombardment of Vessa", "attacks
# against Vessa"
_STRUCK_PLACE_BEFORE = re.compile(
    r"\b(?:strikes|airstrikes|attacks|bombardment|bombing|bombings|shelling|assault|offensive"
    r"|raids|invasion)\s+(?:on|against|of|across)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# What may stand before a place that is its clause's subject ("after Turkey declared …").
_SUBJECT_LEADS = frozenset(
    ("", "the", "a", "an", "in", "across", "after", "as", "while", "when", "and", "but")
)
# A person after a place's possessive: "Turkey's Recep Erdogan", "Georgia's Gov. Kemp".
_PERSON_AFTER = re.compile(
    r"(?:'s|’s)\s+(?:[A-Z][a-z]+\.?\s+)?[A-Z][a-z]+\s+(?!(?:County|Parish|Province|District"
    r"|City|Region|Department|Island|Islands|Valley|Coast|State|Governorate|Mountains)\b)[A-Z][a-z]+"
)
# How the name of a place's people is made from the place's ("Syrian", "Turkish", "Israeli").
_DEMONYM_SUFFIXES = ("n", "an", "ian", "ish", "ese", "i")
# A source that says a figure: "officials said", "the agency has announced", "told reporters".
_SAY_VERB = re.compile(
    r"\b(?:(?:has|have|had|also)\s+)?(?:said|says|announced|announces|reported|reports|confirmed"
    r"|confirms|stated|told)\b"
)
# A source named after the figure: "according to …", "in a tally from …", "figures released
# by …"
_ACCORDING_TO = re.compile(
    r"\baccording\s+to\s+|\b(?:tally|count|figures|data|report|list|update|numbers|statistics)"
    r"\s+(?:(?:released|issued|published|compiled)\s+)?(?:by|from)\s+",
    re.IGNORECASE,
)
# "killed 4,500 people there": the place named just before (not "there were", "there is")
_THERE = re.compile(
    r"(?:\s+[\w-]+){0,3}?\s+there\b(?!\s+(?:is|are|was|were|have|has|had|will|would|may|might)\b)",
    re.IGNORECASE,
)
# Where a clause with its own subject opens: "…, as the death toll hits 28,000", "…; the
# toll" (not "as of", "as many as", "such as", "as well as").
_AS_CLAUSE = (
    r"(?<!\bsuch)(?<!\bjust)\s+as\s+(?!(?:of|many|much|well|high|low|few|little|soon|long|far"
    r"|part|a\s+result|an?\s+\w+\s+(?:storm|hurricane|quake|earthquake))\b)"
)
NEW_SUBJECT_CLAUSE = re.compile(rf";|{_AS_CLAUSE}", re.IGNORECASE)
# Where a speaker's reach ends: such a clause, or a contrast ("…, Rojas says, as the death
# toll hits 28,000", "officials said …, while the ministry put the toll at 900").
_SPEAKER_BREAK = re.compile(
    rf";|{_AS_CLAUSE}|\b(?:while|but|whereas|although|though)\b", re.IGNORECASE
)
# "… died after flash floods from the storm swept through ": the clause of the cause
_STRUCK_PLACE = re.compile(
    r"(?:\s+[\w'’-]+){0,4}?\s+(?:after|when)\s+(?:[\w'’.-]+\s+){1,8}?(?:struck|hit|slammed\s+into"
    r"|swept\s+through|tore\s+through|ravaged|devastated|battered|pummeled|rocked|flooded)\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)
_REGION_BEFORE_STRUCK = re.compile(rf"\s{_REGION_WORD}\s+$", re.IGNORECASE)
# "mostly in Arica", "most of them in Lake County", "the majority in …"
_MOSTLY_IN = re.compile(
    r"\b(?:mostly|mainly|largely|chiefly|primarily|predominantly|most\s+of\s+(?:them|those)"
    r"|the\s+majority(?:\s+of\s+them)?)\s+(?:in|across|from|at|near)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# The rest of a place without the one named: "outside Arica", "not including Arica"
_OUTSIDE_PLACE = re.compile(
    r"\b(?i:outside(?:\s+of)?|not\s+including|(?:does|did|do)\s+not\s+include|excluding"
    r"|except(?:\s+for)?|apart\s+from"
    r"|other\s+than|besides)\s+(?:the\s+)?[A-Z]"
    # "displaced in other flooded areas", "in five other counties": the rest of a place
    r"|\b(?:in|across)\s+(?:\w+\s+)?other\s+(?:[\w-]+\s+)?(?:areas|parts|regions|towns|cities"
    r"|places|provinces|counties|districts|states|communities)\b"
)
# One side of a border: "on the Vell side of the border", "on the Turkish side".
_SIDE = re.compile(
    r"\b[Oo]n\s+the\s+(?P<p>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s+side(?:\s+of\s+the\s+border)?\b"
)
_PARENTHESIS = re.compile(r"\([^()]{0,40}\)")
_FROM_TO_PLACES = re.compile(
    r"\bfrom\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:'s|’s)?(?:\s+[\w-]+){0,3}?"
    r"\s+to\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
)
_WHERE_OPENS = re.compile(r",\s*where\b", re.IGNORECASE)
_PLACE_BEFORE_WHERE = re.compile(
    r"(?P<p>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})(?:\s+[a-z]+){0,2}\s*$"
)
# "Derna, " before "Libya": a place named with the wider one after a comma
_PLACE_COMMA_BEFORE = re.compile(r"(?P<p>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}),\s*$")
# "the county", "that city": the one narrower listed place its paragraph names
_THE_UNIT = re.compile(
    # "the devastated city", "the Pacific port city", "that county"
    r"\b(?:the|that|this)\s+(?:[\w-]+\s+){0,2}?(?:county|city|town|province|district|parish)\b"
    r"(?!\s+of\b)",
    re.IGNORECASE,
)
_BOTH = re.compile(r"\bboth\s+$|\band\s+$", re.IGNORECASE)
_INCLUDES = re.compile(
    r"\s+(?:that|which)\s+(?:includes?|contains?|is\s+home\s+to)\s+(?:the\s+(?:[\w-]+\s+){0,3}of\s+)?"
    r"(?P<n>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})"
)
_AND_PLACE = re.compile(
    r"\s*(?:[,/\u2013-]\s*|\s+)(?:and|or|&)?\s*"
    rf"(?:neighbou?ring\s+|parts\s+of\s+|{_COMPASS_POINT}\s+)?"
)
# "in Georgia", "across the state", and with words describing the place: "in neighbouring
# Syria", "in civil war-torn Syria", "in hard-hit North Carolina"
_BEFORE_PREP = re.compile(
    r"\b(?:in|across|throughout|from|for|at|inside|within)\s+(?:the\s+|both\s+|each\s+)?"
    r"(?:(?:[a-z]+\s+)?(?:[a-z]+-[a-z]+|neighbou?ring|ravaged|devastated|battered|stricken)\s+)?$"
    # "in Chile's port city of Arica", "the northern Chilean city of Arica": a place named
    # by the kind of place it is
    r"|\b(?:city|town|port|village|province|region|district|governorate|county|capital"
    r"|municipality)\s+of\s+$",
    re.I,
)


@dataclass(frozen=True)
class Gazetteer:
    """The story's places: every name and alias, the canonical name it stands for, and the
    places each one lies inside."""

    canonical: dict[str, str] = field(default_factory=dict)  # lower-case name → canonical
    inside: dict[str, frozenset[str]] = field(default_factory=dict)  # canonical → ancestors
    pattern: re.Pattern[str] | None = None
    demonyms: dict[str, str] = field(default_factory=dict)  # "turkish" → "Turkey"

    @classmethod
    def of(cls, places: list, wheres: list[list[str]]) -> Gazetteer:
        """Build from the story's ``[[places]]`` and every fact's ``where`` names."""
        canonical: dict[str, str] = {}
        parent: dict[str, str | None] = {}
        for place in places:
            canonical[place_key(place.name)] = place.name
            for alias in place.aliases:
                canonical[place_key(alias)] = place.name
            parent[place.name] = place.within
        for names in wheres:
            for name in names:
                canonical.setdefault(place_key(name), name)
                parent.setdefault(canonical[place_key(name)], None)
        inside = {name: frozenset(_ancestors(name, parent)) for name in parent}
        if not canonical:
            return cls()
        spellings = {s for p in places for s in (p.name, *p.aliases)} | {
            n for names in wheres for n in names
        }
        spellings |= {place_key(s) for s in spellings}
        names = sorted(spellings, key=len, reverse=True)
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
        )
        demonyms = {
            place_key(d): canonical[place_key(n)] for n in spellings for d in _demonyms_of(n)
        }
        return cls(canonical, inside, pattern, demonyms)

    def resolve(self, words: set[str]) -> frozenset[str]:
        """Canonical names of ``words`` (names or aliases)."""
        return frozenset(self.canonical.get(place_key(w), w) for w in words)

    def name_of(self, text: str) -> str | None:
        """The canonical place a matched spelling stands for (None if unknown)."""
        return self.canonical.get(place_key(text))

    def names_in(self, text: str) -> set[str]:
        """Canonical places named anywhere in ``text``."""
        if self.pattern is None:
            return set()
        found = (self.name_of(m.group()) for m in self.pattern.finditer(text))
        return {n for n in found if n}

    def with_inside(self, where: frozenset[str] | set[str]) -> set[str]:
        """``where`` and every listed place inside it."""
        return set(where) | {p for p in self.inside if any(self.within(p, w) for w in where)}

    def within(self, place: str, wider: str) -> bool:
        """True when ``place`` lies inside ``wider`` (directly or further down)."""
        return wider in self.inside.get(place, frozenset())


def _demonyms_of(name: str) -> set[str]:
    """The words naming a place's people or institutions, built the regular ways ("Syria" →
    "Syrian", "Turkey" → "Turkish", "Lebanon" → "Lebanese", "North Carolina" → "North
    Carolinian"). Irregular ones ("Dutch") are not made; an alias in the story file can
    name them."""
    head, _, last = name.rpartition(" ")
    if len(last) < 4 or not last[:1].isupper():
        return set()
    out = set()
    for cut in (0, 1, 2):
        stem = last[: len(last) - cut]
        if len(stem) >= 4:  # ("Maui" gives no "Man")
            out |= {f"{head} {stem}{s}".strip() for s in _DEMONYM_SUFFIXES}
    return out - {name}


def place_key(name: str) -> str:
    """A place name compared without case or accents ("Kahramanmaraş" ~ "KAHRAMANMARAS")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().replace("ı", "i"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


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
    # the place of the figure's source, not of the figure ("Turkish officials said 11,000
    # were injured"): it chooses among the parts of a measure broken down by place, and
    # never takes a figure from a fact that is not broken down
    spoken: bool = False

    @property
    def none(self) -> bool:
        return not self.places and not self.other and not self.widest


# A dateline: "ASHEVILLE, N.C. (AP) —", "RICHMOND COUNTY, Ga. —", "KAHRAMANMARAS, Turkey --".
_DATELINE = re.compile(
    r"(?m)^\W*[A-Z][A-Z.'’ -]{2,},\s*(?P<p>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s*"
    r"(?:\([^)]{1,40}\)\s*)?(?:—|–|--?)"
)


def dateline_place(text: str, gazetteer: Gazetteer) -> str | None:
    """The top listed place named by the article's dateline, if it has one."""
    m = _DATELINE.search(text, 0, 1500)
    name = gazetteer.name_of(m.group("p")) if m and gazetteer.pattern is not None else None
    return None if name is None else _top_of(name, gazetteer)


def attachment(
    sentence: str,
    start: int,
    end: int,
    lo: int,
    hi: int,
    gazetteer: Gazetteer,
    paragraph_places: frozenset[str] = frozenset(),
    home: str | None = None,
    line_head: str | None = None,
    places_before: frozenset[str] | None = None,
    last_before: str | None = None,
    lead_places: frozenset[str] = frozenset(),
) -> Attachment:
    """The places the figure at ``sentence[start:end]`` is attached to, looking in its own
    stretch ``[lo, hi)`` (the clause, cut at neighbouring figures). ``home``: the listed
    place of the article's dateline ("RICHMOND COUNTY, Ga. —"), the state or country
    "the state" means when its paragraph names several; ``line_head``: the start of the
    figure's line when the sentence does not open it (a heading there rules the line);
    ``places_before``: the listed places named before the figure (in its paragraph, the
    headline and the lead), which "the state" points back to first; ``last_before``: the
    listed place named last before the figure in its paragraph, which "there" points to;
    ``lead_places``: the listed places the article's opening names ("the city" points there
    when its paragraph names none)."""
    stretch = sentence[lo:hi]
    # "from Florida to Virginia", "from Florida's coast to the mountains": a span
    # across places is the whole, not its first place
    spans = [m.span() for m in _FROM_TO_PLACES.finditer(sentence, lo, hi)]
    widest = bool(WIDEST.search(stretch)) or bool(spans)
    found: set[str] = set()
    regions: set[str] = set()  # places named by one of their regions ("western Georgia")
    region_end = -1
    if gazetteer.pattern is not None:
        attached_end = -1
        previous: tuple[str, int] | None = None  # the place named just before, and its end
        for m in gazetteer.pattern.finditer(sentence, lo, hi):
            name = gazetteer.name_of(m.group())
            if name is None:
                continue
            named_before, previous = previous, (name, m.end())
            if any(a <= m.start() < b for a, b in spans):
                continue
            before = max(0, m.start() - 30)
            if _REGION_BEFORE.search(sentence, before, m.start()) or (
                regions
                and (
                    _REGION_AFTER_AND.search(sentence, before, m.start())
                    or _AND_PLACE.fullmatch(sentence, region_end, m.start())
                )
            ):
                regions.add(name)
                region_end = m.end()
                continue
            coordinated = attached_end >= 0 and _AND_PLACE.fullmatch(
                sentence, attached_end, m.start()
            )
            if coordinated or _attached(sentence, m.start(), m.end(), start, end, lo):
                found.add(name)  # "in Turkey and Syria": both are attached
                attached_end = m.end()
                if (
                    named_before
                    and re.fullmatch(r"\s*,\s*", sentence[named_before[1] : m.start()])
                    and gazetteer.within(named_before[0], name)
                ):
                    found.add(named_before[0])  # "Pine County, Carolina": the place and its state
    if gazetteer.pattern is not None:
        for m in _POSSESSED.finditer(sentence, lo, hi):
            # "Carolina's Pine County reported 41": the place after the possessive
            outer, inner = gazetteer.name_of(m.group("a")), gazetteer.name_of(m.group("b"))
            if outer in found and inner and gazetteer.within(inner, outer):
                found.add(inner)
    where = [m for m in _WHERE_OPENS.finditer(sentence, 0, start)] if not found else []
    if (
        where
        and gazetteer.pattern is not None
        and not re.search(r"[;:]", sentence[where[-1].end() : start])
    ):
        # "hit the south coast of Ardenia, where the death toll stands at 160": the place the
        # "where" clause is about
        at = where[-1].start()
        before = _PLACE_BEFORE_WHERE.search(sentence, max(0, at - 60), at)
        name = gazetteer.name_of(before.group("p")) if before else None
        if name:
            found.add(name)
            # "in Derna, Libya, where …": the place the other one names the country of
            ahead = _PLACE_COMMA_BEFORE.search(
                sentence, max(0, before.start() - 40), before.start()
            )
            inner = gazetteer.name_of(ahead.group("p")) if ahead else None
            if inner and gazetteer.within(inner, name):
                found.add(inner)
    # "North Carolina's Buncombe County": the narrowest of places named inside each other
    found = {p for p in found if not any(gazetteer.within(q, p) for q in found if q != p)}
    if not found and last_before and _THERE.match(sentence, end, hi):
        found = {last_before}  # "… went on in Lake County. Crews found 31 people dead there"
    if not found and _THE_STATE.search(sentence, lo, hi):
        before = _one_top(places_before, gazetteer) if places_before is not None else None
        if before:
            found = before  # "the governor said at least 7 people had died in the state"
        elif home is not None:
            # a Georgia paper's "the death toll in the state", even when the next sentence
            # turns to North Carolina
            found = {home}
        else:
            found = _one_top(paragraph_places, gazetteer) or set()
    if not found and gazetteer.pattern is not None:
        # "on the Peruvian side of the border, over 1,200 …", "900 dead on the Peruvian side"
        side = _SIDE.search(sentence, lo, hi) or _SIDE.match(sentence)
        name = _place_at_start(side.group("p"), gazetteer) if side else None
        if name and (side.start() >= lo or sentence.startswith(",", side.end())):
            found = {name[0]}
    if not found and _THE_UNIT.search(sentence, lo, hi):
        # the one narrower listed place its paragraph (or the headline and lead) names
        named = paragraph_places | (places_before or frozenset())
        inner = {p for p in named if gazetteer.inside.get(p)}
        inner = inner or {p for p in lead_places if gazetteer.inside.get(p)}
        if len(inner) == 1:
            found = set(inner)  # "the county has suffered … 35 confirmed deaths": Buncombe
    if not found and gazetteer.pattern is not None:
        # "Georgia: at least 11 died", "o Upcountry Fire: 678 acres", "For Kula, …",
        # "In Hatay province, …": a place heading the line or fronting the sentence
        found |= _leading_places(sentence, gazetteer, fronted=True)
    if not found and line_head and gazetteer.pattern is not None:
        # "Ridge fire: Remains 70% contained. Estimated 2,340 acres.": a heading rules
        # every sentence of its line
        found |= _leading_places(line_head, gazetteer, fronted=False)
    other = False
    if not found and len(regions) > 1:
        found = regions  # "in southern Turkey and northern Syria": both places together
    elif not found and regions:
        other = True  # "the toll in western North Carolina": a part of the state
    # "a Carolina county that takes in Brantford": an unnamed part of the place
    part = _UNNAMED_PART.search(sentence, lo, hi) if found else None
    if part and gazetteer.name_of(part.group("p")) in found and part.start() < start:
        found, other = set(), True
        # "… county that takes in the hill town of Brantford": the listed place inside
        # it names the part
        named = _INCLUDES.match(sentence, part.end())
        inner = gazetteer.name_of(named.group("n")) if named else None
        outer = gazetteer.name_of(part.group("p"))
        if inner and outer and gazetteer.within(inner, outer):
            found, other = {inner}, False
    if _OUTSIDE_PLACE.search(sentence, lo, hi):
        # "90 people in other parts of the north outside Arica", "45 dead, not including
        # Arica": the rest of a place, a part of it, and not the place it names
        found, other = set(), True
    held = list(_HELD_PART.finditer(sentence, lo, hi))
    both = held and _BOTH.search(sentence, max(lo, held[0].start() - 12), held[0].start())
    if len(held) == 1 and not both:
        found, other = set(), True  # (both sides' areas together are the whole place)
    if not found and not other:
        # "In Harlow County, some 40 miles north of Port Vell, three deaths were reported":
        # an unlisted county fronting the sentence
        lead = _LINE_LEAD.match(sentence)
        sub = _SUBPLACE.match(sentence, lead.end()) if lead and lead.group("prep") else None
        other = bool(sub and sub.start() < start and sentence.startswith(",", sub.end()))
    if not found:
        for m in _SUBPLACE.finditer(sentence, lo, hi):
            if _attached(sentence, m.start(), m.end(), start, end, lo) and not (
                gazetteer.pattern and gazetteer.pattern.search(m.group())
            ):
                other = True
    if not found and not other and _NAME_PAREN.search(sentence, max(0, start - 40), start):
        other = True  # "…, and Virginia (2)": an unlisted place's line of a breakdown
    if not found and not other and not widest and gazetteer.pattern is not None:
        # "at least five people died after flash floods from the storm swept through Ohio":
        # the place the disaster struck, in the clause that tells why the figure came to be
        struck = _STRUCK_PLACE.match(sentence, end)
        if struck and not _REGION_BEFORE_STRUCK.search(sentence, struck.start(), struck.end()):
            found = _places_listed_at(sentence, struck.end(), gazetteer)[0]
    elsewhere = False
    if not found and not other:
        named = _NAMED_AFTER.match(sentence, end)
        elsewhere = bool(named) and named.group("n").lower() not in _NOT_PLACES
    return Attachment(frozenset(found), other, widest and not found, elsewhere)


def mostly_in(sentence: str, place_start: int) -> bool:
    """The place starting at ``place_start`` is where most of a figure was, not all of it
    ("over 2,000 people, mostly in Arica")."""
    return _MOSTLY_IN.search(sentence, max(0, place_start - 40), place_start) is not None


def speakers(sentence: str, gazetteer: Gazetteer) -> list[tuple[int, int, frozenset[str]]]:
    """The sources of ``sentence`` named with a listed place, as ``(start, end, place)``:
    "Chilean President Rojas said", "Peru's civil defence agency (INDECI) has announced",
    "Ohio Gov. Ann Smith (R) said", "according to Chile's health ministry"."""
    if gazetteer.pattern is None:
        return []
    plain = _PARENTHESIS.sub(lambda m: " " * len(m.group()), sentence)
    out = []
    for verb in _SAY_VERB.finditer(plain):
        start = max(plain.rfind(c, 0, verb.start()) for c in ',;:\n"“') + 1
        who = plain[start : verb.start()]
        places = _places_heading(who, gazetteer)
        if places and len(who.split()) <= 8:
            out.append((start, verb.end(), places))
    for according in _ACCORDING_TO.finditer(plain):
        end = min(
            (i for i in (plain.find(c, according.end()) for c in ",;.") if i >= 0),
            default=len(plain),
        )
        places = _places_heading(plain[according.end() : end], gazetteer)
        if places:
            out.append((according.start(), end, places))
    return out


def _places_heading(who: str, gazetteer: Gazetteer) -> frozenset[str]:
    """The listed places a source's name opens with: "Turkey's …", "Turkish …", "North
    Carolina Gov. …", "Turkish and Syrian officials"; none for a person or body of no place
    ("Luis Vega, the head of INDECI")."""
    rest = who.strip(" '\"").removeprefix("the ").removeprefix("The ")
    out: set[str] = set()
    while (found := _place_at_start(rest, gazetteer)) is not None:
        out.add(found[0])
        joint = re.match(r"\s*(?:,|and|&)\s*", rest[found[1] :])
        if joint is None:
            break
        rest = rest[found[1] + joint.end() :]
    return frozenset(out)


def _place_at_start(text: str, gazetteer: Gazetteer) -> tuple[str, int] | None:
    """The listed place ``text`` opens with, by name or by its people's ("Syrian" → Syria),
    and where that name ends."""
    head = gazetteer.pattern.match(text) if gazetteer.pattern else None
    name = gazetteer.name_of(head.group()) if head else None
    if head and name and not re.match(r"\w", text[head.end() : head.end() + 1]):
        return name, head.end()
    first = re.match(r"([A-Z][\w-]+)(?:\s+[A-Z][\w-]+)?", text)
    for end in (first.end(), first.end(1)) if first else ():
        place = gazetteer.demonyms.get(place_key(text[:end]))
        if place:
            return place, end
    return None


def spoken_place(
    speakers_found: list[tuple[int, int, frozenset[str]]], sentence: str, start: int, end: int
) -> frozenset[str]:
    """The place of the source that says the figure at ``[start, end)``: the nearest one in
    its sentence with no other clause between them ("Peru's INDECI said 3,120 …",
    "… 9,000 hurt, Chilean officials said"); none when no such source names a place."""
    best = None
    for s_start, s_end, place in speakers_found:
        if s_end <= start:
            between, gap = sentence[s_end:start], start - s_end
        elif s_start >= end:
            between, gap = sentence[end:s_start], s_start - end
        else:
            continue
        if _SPEAKER_BREAK.search(between) is None and (best is None or gap < best[0]):
            best = (gap, place)
    return best[1] if best else frozenset()


def _places_listed_at(text: str, pos: int, gazetteer: Gazetteer) -> tuple[set[str], int]:
    """The listed places named from ``pos`` on, joined by "and" or commas ("Turkey and
    Syria"), and where the last one ends; none (and ``pos``) when no listed place starts
    there."""
    names: set[str] = set()
    end = pos
    while gazetteer.pattern is not None:
        head = gazetteer.pattern.match(text, pos)
        name = gazetteer.name_of(head.group()) if head else None
        if not name:
            break
        names.add(name)
        end = head.end()
        joint = _AND_PLACE.match(text, end)
        pos = joint.end() if joint else len(text)
    return names, end


def _leading_places(text: str, gazetteer: Gazetteer, fronted: bool) -> set[str]:
    """The places heading ``text`` ("Georgia: …", "Olinda fire: …") or, when ``fronted``,
    fronting it in a phrase of place ("In Turkey and Syria, …")."""
    lead = _LINE_LEAD.match(text)
    # "In Turkey and Syria, …": every place of the fronted phrase
    names, pos = _places_listed_at(text, lead.end(), gazetteer) if lead else (set(), 0)
    if names and (
        _HEADING_TAIL.match(text, pos)
        or (fronted and lead.group("prep") and _FRONTED_TAIL.match(text, pos))
    ):
        return names
    return set()


def _attached(sentence: str, p_start: int, p_end: int, start: int, end: int, lo: int) -> bool:
    """A place phrase attached to the figure: after a preposition of place, a possessive,
    the head of the line ("Georgia: …"), or the subject right before the verb of the
    figure's clause ("Georgia reported 25 deaths"); never across another clause with its
    own subject ("Chile pulls more survivors from rubble as quake toll passes 30,000")."""
    if p_end <= start and NEW_SUBJECT_CLAUSE.search(sentence, p_end, start):
        return False
    if mostly_in(sentence, p_start):
        return False  # "over 2,000 people, mostly in Arica": where most were, not all
    if _ATTACK_AFTER.match(sentence, p_end, start if p_end <= start else len(sentence)):
        # "Norland's bombardment of the port killed 40", "40 killed in Norland's strikes":
        # the side that struck
        return False
    if _BEFORE_PREP.search(sentence, max(0, p_start - 40), p_start):
        return True
    if _STRUCK_PLACE_BEFORE.search(sentence, max(0, p_start - 40), p_start):
        return True  # "killed in the side's strikes on Vessa": the place struck
    tail = sentence[p_end : p_end + 3]
    if tail.startswith(("'s", "’s", "'", "’")):
        # "Turkey's toll", not "Turkey's Recep Erdogan says 8,000 …" (a person of the place)
        return not _PERSON_AFTER.match(sentence, p_end)
    if p_start >= end and re.fullmatch(r"\s+(?:[a-z]+\s+)?", sentence[end:p_start]):
        return True  # "seven Floridians", "12 Georgia residents": the place names the counted
    if re.fullmatch(r"\s*\(\s*", sentence[p_end:start]):
        return True  # "South Carolina (49), Georgia (33)": a breakdown by place
    if tail.startswith(":") and not sentence[lo:p_start].strip(" \"'-•\n"):
        return True
    # "Georgia alone", "Turkey has reported", "the Kula fire was 60% contained": the subject
    # of the clause, before the figure
    # ("According to the state, Buncombe had 42 deaths": the clause after the comma)
    # ("officials said Pine County has 12 deaths": the clause after the verb of saying)
    lead = _SAID_OR_COMMA.split(sentence[lo:p_start])[-1].strip(" \"'-•\n").lower()
    if not (p_end <= start and all(w in _SUBJECT_LEADS for w in lead.split())):
        return False
    if _AGENT_AFTER.match(sentence, p_end, start):
        return False  # "Norland has freed 90 detainees": the place acts, it is not where
    # "Syria has appealed for help following earthquakes that killed 5,200": the figure is
    # told in a relative clause of another noun, not of the place
    return _RELATIVE_OF_OTHER.search(sentence, p_end, start) is None


def place_fits(
    where: frozenset[str],
    attached: Attachment,
    gazetteer: Gazetteer,
    paragraph_places: set[str],
    sentence_places: frozenset[str] | set[str] = frozenset(),
    siblings: frozenset[str] = frozenset(),
    story_places: frozenset[str] = frozenset(),
    additive: bool = True,
) -> bool:
    """May a figure with ``attached`` places be tied to a fact of ``where`` (empty: the
    story's whole)?

    ``siblings``: the places of the facts of the same kind and unit that have a ``where``
    (the measure is broken down by place); ``story_places``: every place some fact applies
    to, with the places around and inside them. A place listed but in no fact's scope is
    another place: the user listed it to keep its figures out. ``additive``: the figure
    adds up over places (people, buildings, dollars), so one place's figure is a part of
    the whole's; a property of the event (its magnitude, category, wind) is not, and the
    place it names is where the event was.
    """
    if not where:
        return _whole_fits(attached, gazetteer, siblings, story_places, additive)
    if attached.widest or attached.other or attached.elsewhere:
        return False
    if attached.places:
        return attached.places == where
    # not attached: the paragraph must name the place, and the sentence no other one
    # ("the quake that hit Ardenia and Vell killed 9,000" is neither country's alone)
    if sentence_places - gazetteer.with_inside(where):
        return False
    return bool(where & paragraph_places)


def _whole_fits(
    attached: Attachment,
    gazetteer: Gazetteer,
    siblings: frozenset[str],
    story: frozenset[str],
    additive: bool,
) -> bool:
    if attached.widest or (attached.spoken and not siblings):
        return True
    if attached.none:
        # "two deaths in Virginia" when the story breaks its deaths down by the places it
        # lists, and Virginia is not one: another place's part, not the whole
        return not (attached.elsewhere and siblings)
    if not attached.places:  # an unlisted narrower place: a part, where tolls go by place
        return not siblings
    if len(attached.places) > 1 and not _one_inside_another(attached.places, gazetteer):
        # "in Turkey and Syria", "across Florida, Georgia and the Carolinas": the combined
        # figure, as news uses it; not a count over several parts of one place ("in Hatay,
        # Adana and Malatya provinces"), which is a part of that place
        tops = {_top_of(p, gazetteer) for p in attached.places}
        return not additive or len(tops) > 1 or tops == _tops(story, gazetteer)
    broken_down = gazetteer.with_inside(siblings)
    if attached.places & broken_down:
        return False  # "11 died in Georgia": Georgia's own fact takes it
    if not attached.places <= story:
        return False  # a place no fact covers is another place
    # "a million customers without power in Florida", "6,000 buildings collapsed in Turkey
    # alone": a part of the whole even when no fact takes that place's figure; only a
    # place around every place the story's facts cover stands for the whole.
    return not additive or _around_all(attached.places, story, gazetteer)


def _one_top(places, gazetteer: Gazetteer) -> set[str]:
    """The one top place among ``places`` (or the one place, when none is a top)."""
    listed = _tops(places, gazetteer) or set(places)
    return set(listed) if len(listed) == 1 else set()


def _tops(places, gazetteer: Gazetteer) -> set[str]:
    """The places among ``places`` that lie inside no other listed place."""
    return {p for p in places if not gazetteer.inside.get(p)}


def _top_of(place: str, gazetteer: Gazetteer) -> str:
    """The top listed place ``place`` lies inside (itself when it is a top)."""
    ancestors = gazetteer.inside.get(place, frozenset())
    tops = [a for a in ancestors if not gazetteer.inside.get(a)]
    return tops[0] if tops else place


def _around_all(places: frozenset[str], story: frozenset[str], gazetteer: Gazetteer) -> bool:
    tops = _tops(story, gazetteer)
    return bool(tops) and all(any(t == p or gazetteer.within(t, p) for p in places) for t in tops)


def _one_inside_another(places: frozenset[str], gazetteer: Gazetteer) -> bool:
    # "in Asheville, North Carolina": one place named by its parts, not several places
    return any(gazetteer.within(a, b) for a in places for b in places if a != b)
