"""A small English lexicon for reading news figures: irregular verbs and news synonyms.

Nothing here is about one story. Irregular verb families let a cue match its lemma in any
form ("strike" ~ struck/striking, "held" ~ hold/holding, "frozen" ~ freeze). Synonym sets
let a catalog cue match the words reporters use interchangeably for the same thing ("killed"
~ murdered/slain, "death toll" ~ "body count", "first strike" ~ "opening strike", "began" ~
"started"). Sets marked ``phrase_only`` are substituted only inside multi-word cues: "told"
stands for "ordered" in "told to leave", never on its own.
"""

from __future__ import annotations

# Base form first; every form of a family matches every other.
_IRREGULAR_FAMILIES = [
    "arise arises arose arisen arising",
    "bear bears bore borne bearing",
    "begin begins began begun beginning",
    "break breaks broke broken breaking",
    "bring brings brought bringing",
    "build builds built building",
    "buy buys bought buying",
    "catch catches caught catching",
    "choose chooses chose chosen choosing",
    "come comes came coming",
    "die dies died dying",
    "draw draws drew drawn drawing",
    "drive drives drove driven driving",
    "fall falls fell fallen falling",
    "fight fights fought fighting",
    "find finds found finding",
    "flee flees fled fleeing",
    "fly flies flew flown flying",
    "freeze freezes froze frozen freezing",
    "give gives gave given giving",
    "go goes went gone going",
    "grow grows grew grown growing",
    "hit hits hitting",
    "hold holds held holding",
    "keep keeps kept keeping",
    "know knows knew known knowing",
    "lead leads led leading",
    "leave leaves left leaving",
    "lose loses lost losing",
    "make makes made making",
    "meet meets met meeting",
    "pay pays paid paying",
    "rise rises rose risen rising",
    "run runs ran running",
    "say says said saying",
    "see sees saw seen seeing",
    "seek seeks sought seeking",
    "send sends sent sending",
    "set sets setting",
    "shoot shoots shot shooting",
    "sink sinks sank sunk sinking",
    "slay slays slew slain slaying",
    "speak speaks spoke spoken speaking",
    "spend spends spent spending",
    "stand stands stood standing",
    "strike strikes struck stricken striking",
    "take takes took taken taking",
    "tear tears tore torn tearing",
    "tell tells told telling",
    "throw throws threw thrown throwing",
    "withdraw withdraws withdrew withdrawn withdrawing",
    "write writes wrote written writing",
]
# Light verbs say too little on their own to share a cue across forms ("taken" hostage is not
# "a step groups take"): they keep their regular reading.
_LIGHT = frozenset(
    [
        "bring",
        "come",
        "find",
        "give",
        "go",
        "keep",
        "know",
        "lead",
        "make",
        "meet",
        "run",
        "say",
        "see",
        "set",
        "stand",
        "take",
        "tell",
    ]
)
IRREGULAR: dict[str, tuple[str, ...]] = {}
for _line in _IRREGULAR_FAMILIES:
    _forms = tuple(_line.split())
    if _forms[0] in _LIGHT:
        continue
    for _form in _forms:
        IRREGULAR[_form] = _forms

# Past forms of irregular verbs that are not also common nouns: after a counted noun they
# are the verb, not part of the noun phrase ("4,000 people spent the night", "83 HELD").
PAST_VERBS = frozenset(
    f
    for forms in (tuple(line.split()) for line in _IRREGULAR_FAMILIES)
    for f in forms[1:]
    if not f.endswith(("s", "ing"))
    and f not in {"found", "set", "hit", "shot", "lead", "bore", "left", "stricken", "known"}
)

# (words, phrase_only). A cue word (or phrase) in a set also matches the other members.
_SYNONYM_SETS: list[tuple[tuple[str, ...], bool]] = [
    (("killed", "murdered", "slain", "assassinated", "died"), False),
    (("deaths", "fatalities", "killings", "murders", "assassinations"), False),
    (("death toll", "body count", "death count"), False),
    (("freed", "released", "liberated"), False),
    (("earthquake", "quake", "temblor", "tremor"), False),
    (("earthquakes", "quakes", "temblors", "tremors"), False),
    # a sum offered "for information leading to" an arrest is a reward, whatever it is called
    (("reward", "bounty", "for information leading to"), False),
    (("seized", "abducted", "kidnapped", "hijacked"), False),
    (("abduction", "kidnapping", "hijacking", "seizure"), False),
    (("first", "opening", "initial", "inaugural"), True),
    (("began", "started", "launched", "commenced"), True),
    (("strike", "attack", "airstrike", "raid"), True),
    (("hit", "struck", "slammed into", "smashed into", "pummeled", "battered", "lashed"), True),
    (("ordered", "told", "instructed", "directed"), True),
    (("a", "an"), True),
]
# Nouns that count the same thing: a fact whose subjects name one counts the others
# ("deaths" ~ "fatalities" ~ "lives"). Parts of a whole (women, children) are not here.
SUBJECT_SETS: tuple[frozenset[str], ...] = (
    frozenset({"death", "dead", "fatality", "life", "live", "killed"}),
    frozenset({"injured", "injury", "wounded"}),
    frozenset({"people", "person", "individual", "resident", "civilian", "inhabitant", "other"}),
    frozenset({"missing", "unaccounted"}),
    frozenset({"displaced", "evacuee", "homeless"}),
    frozenset({"building", "structure", "home", "house"}),
)


def subject_synonyms(heads: frozenset[str]) -> frozenset[str]:
    """``heads`` with every noun that counts the same thing as one of them."""
    out = set(heads)
    for group in SUBJECT_SETS:
        if group & heads:
            out |= group
    return frozenset(out)


SYNONYMS: dict[str, tuple[tuple[str, ...], bool]] = {}
for _words, _phrase_only in _SYNONYM_SETS:
    for _w in _words:
        SYNONYMS[_w] = (_words, _phrase_only)


def cue_variants(cue: str) -> list[str]:
    """``cue`` and the phrases that say the same with a synonym in place of one word or phrase."""
    cue = " ".join(cue.lower().split())
    out = [cue]
    words = cue.split()
    whole = SYNONYMS.get(cue)
    if whole and not whole[1]:
        out.extend(w for w in whole[0] if w != cue)
    if len(words) < 2:
        return out
    for i, word in enumerate(words):
        entry = SYNONYMS.get(word)
        if entry is None:
            continue
        for other in entry[0]:
            if other != word:
                out.append(" ".join([*words[:i], other, *words[i + 1 :]]))
    for phrase, (members, _) in SYNONYMS.items():
        if " " in phrase and f" {phrase} " in f" {cue} " and phrase != cue:
            for other in members:
                if other != phrase:
                    out.append(f" {cue} ".replace(f" {phrase} ", f" {other} ").strip())
    return list(dict.fromkeys(out))
