"""Spanish, Portuguese and French copy read through an English *gloss*.

The extractor's rules (numbers, dates, qualifiers, the scope of a statement) are written
for English. Rather than a second set of rules per language, a sentence in another
language is rewritten word for word into an English gloss of its *grammar*, and the
English rules read the gloss:

* numbers: number words ("veinticinco", "vingt-trois", "dois") become digits; scale words
  become English ("25 millones" → "25 million", "2,5 milhões" → "2.5 million"); the
  language's separators are rewritten ("3.003 muertos" → "3,003", "42 310" → "42,310",
  "7,8" → "7.8");
* qualifiers ("al menos", "pelo menos", "au moins" → "at least"; "más de" → "more than";
  "hasta" → "up to"), vague quantities ("decenas de" → "dozens of");
* dates: month and weekday names, "5 de diciembre" → "December 5", the Portuguese
  "sexta-feira (5)" and the Spanish "el sábado 29" (a weekday and its day of the month),
  "el pasado martes" → "last Tuesday", "a principios de septiembre" → "in early
  September";
* function words the English rules look at: articles, prepositions, "desde" → "since",
  "hasta ahora" → "so far", "balance"/"bilan" → "toll".

Content words ("muertos", "ataque", "recompensa") stay as written: the story file lists
them per language (``cues_es``, ``subjects_pt``, … — see docs/story.md). Every claim's
span is mapped back to the original text (:meth:`Gloss.original_span`).

The language of an article is told cheaply from its most frequent function words
(:func:`detect_language`); an article that is not clearly Spanish, Portuguese or French is
read as English, exactly as before.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

#: Languages read through a gloss (English is read directly).
LANGUAGES = ("es", "pt", "fr")

# --------------------------------------------------------------------------------------
# Language detection: counts of frequent function words that the other languages lack.
# --------------------------------------------------------------------------------------
_MARKERS = {
    "en": "the and of to is was that with for said have has from were which",
    "es": "el los las del que por una con para según fue también como pero sus ha",
    "pt": "não uma dos das em com pelo pela foi são ao os mas também está da na nas às após "
    "ainda porém foram",
    "fr": "le les des une et est dans pour qui au sur pas ont été selon aux avec",
}
# word → the languages it marks (a word may mark two: "para" is Spanish and Portuguese)
_MARKER_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _MARKERS.items():
    for _word in _words.split():
        _MARKER_OF[_word] = (*_MARKER_OF.get(_word, ()), _lang)
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
#: How much of an article the detector reads.
DETECT_CHARS = 2_000


def detect_language(text: str) -> str:
    """``es``, ``pt`` or ``fr`` when ``text`` is clearly in that language, else ``en``.

    Reads the first :data:`DETECT_CHARS` characters and counts each language's function
    words; another language wins only with twice English's count and at least 5 hits,
    so English with a quoted Spanish phrase stays English.
    """
    counts = dict.fromkeys(_MARKERS, 0)
    marker_of = _MARKER_OF
    for word in _TOKEN.findall(text[:DETECT_CHARS].lower()):
        langs = marker_of.get(word)
        if langs:
            for lang in langs:
                counts[lang] += 1
    best = max(LANGUAGES, key=counts.__getitem__)
    if counts[best] >= 5 and counts[best] >= 2 * counts["en"]:
        return best
    return "en"


def _pairs(text: str) -> dict[str, str]:
    """``"al menos=at least | más de=more than"`` as a dict (tables stay readable)."""
    out = {}
    for item in text.split("|"):
        if item.strip():
            word, _, english = item.partition("=")
            out[" ".join(word.split())] = english.strip()
    return out


# --------------------------------------------------------------------------------------
# Number words.
# --------------------------------------------------------------------------------------
_NUMBERS = {
    "es": _pairs(
        "dos=2 | tres=3 | cuatro=4 | cinco=5 | seis=6 | siete=7 | ocho=8 | nueve=9 | diez=10 | "
        "once=11 | doce=12 | trece=13 | catorce=14 | quince=15 | dieciséis=16 | dieciseis=16 | "
        "diecisiete=17 | dieciocho=18 | diecinueve=19 | veinte=20 | veintiuno=21 | veintiún=21 "
        "| veintiuna=21 | veintidós=22 | veintidos=22 | veintitrés=23 | veintitres=23 | "
        "veinticuatro=24 | veinticinco=25 | veintiséis=26 | veintiseis=26 | veintisiete=27 | "
        "veintiocho=28 | veintinueve=29 | treinta=30 | cuarenta=40 | cincuenta=50 | sesenta=60 "
        "| setenta=70 | ochenta=80 | noventa=90 | cien=100 | ciento=100 | doscientos=200 | "
        "doscientas=200 | trescientos=300 | trescientas=300 | cuatrocientos=400 | "
        "quinientos=500 | seiscientos=600 | setecientos=700 | ochocientos=800 | novecientos=900"
    ),
    "pt": _pairs(
        "dois=2 | duas=2 | três=3 | tres=3 | quatro=4 | cinco=5 | seis=6 | sete=7 | oito=8 | "
        "nove=9 | dez=10 | onze=11 | doze=12 | treze=13 | catorze=14 | quatorze=14 | quinze=15 "
        "| dezesseis=16 | dezasseis=16 | dezessete=17 | dezassete=17 | dezoito=18 | dezenove=19 "
        "| dezanove=19 | vinte=20 | trinta=30 | quarenta=40 | cinquenta=50 | sessenta=60 | "
        "setenta=70 | oitenta=80 | noventa=90 | cem=100 | cento=100 | duzentos=200 | "
        "duzentas=200 | trezentos=300 | quatrocentos=400 | quinhentos=500 | seiscentos=600 | "
        "setecentos=700 | oitocentos=800 | novecentos=900"
    ),
    "fr": _pairs(
        "deux=2 | trois=3 | quatre=4 | cinq=5 | six=6 | sept=7 | huit=8 | neuf=9 | dix=10 | "
        "onze=11 | douze=12 | treize=13 | quatorze=14 | quinze=15 | seize=16 | vingt=20 | "
        "trente=30 | quarante=40 | cinquante=50 | soixante=60 | cent=100 | cents=100"
    ),
}
_VALUES = {lang: {word: int(v) for word, v in table.items()} for lang, table in _NUMBERS.items()}
# Joined by "y"/"e"/"et" or a hyphen: "treinta y dos", "vinte e três", "vingt-trois",
# "soixante-dix", "quatre-vingt-dix".
_JOINERS = {"es": r"\s+y\s+", "pt": r"\s+e\s+", "fr": r"-et-|\s+et\s+|-"}
# "uno"/"um"/"un" are the article as often as the number: only the numbers 2 and up are
# read as words; "un"/"uno" inside a compound ("treinta y uno") is read below.
_ONES = {"es": {"uno": 1, "una": 1, "un": 1}, "pt": {"um": 1, "uma": 1}, "fr": {"un": 1, "une": 1}}


def _word_number_pattern(lang: str) -> re.Pattern[str]:
    words = sorted({*_VALUES[lang], *_ONES[lang]}, key=len, reverse=True)
    alt = "|".join(map(re.escape, words))
    if lang == "fr":
        alt = r"quatre-vingts?|" + alt
    join = _JOINERS[lang]
    return re.compile(rf"(?<![\w-])(?:{alt})(?:(?:{join})(?:{alt}))*(?![\w-])", re.IGNORECASE)


def word_number_value(words: str, lang: str) -> int | None:
    """Value of a number written in words in ``lang`` ("treinta y dos" → 32, "vingt-trois"
    → 23, "quatre-vingt-dix" → 90), or None for a lone article ("un", "uma")."""
    table = {**_VALUES[lang], **_ONES[lang]}
    parts = [p for p in re.split(_JOINERS[lang], words.lower()) if p]
    if len(parts) == 1 and parts[0] in _ONES[lang]:
        return None
    total = 0
    for i, part in enumerate(parts):
        if part in ("vingt", "vingts") and i and parts[i - 1] == "quatre":
            total += 80 - 4  # "quatre-vingt": four twenties
            continue
        if part in ("cent", "cents") and total and total < 10:
            total *= 100  # "deux cents"
            continue
        value = table.get(part)
        if value is None:
            return None
        total += value
    return total


# --------------------------------------------------------------------------------------
# Word tables: phrase → English. Longest phrases win; matching ignores case.
# --------------------------------------------------------------------------------------
_MONTHS = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}
_WEEKDAYS = {
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
}
_EN_MONTHS = [calendar.month_name[i] for i in range(1, 13)]
_EN_WEEKDAYS = list(calendar.day_name)


def _month_table(lang: str) -> dict[str, str]:
    table = dict(zip(_MONTHS[lang].split(), _EN_MONTHS, strict=True))
    if lang == "es":
        table["setiembre"] = "September"
    if lang == "fr":
        table.update({"fevrier": "February", "aout": "August", "decembre": "December"})
    return table


def _weekday_table(lang: str) -> dict[str, str]:
    table = dict(zip(_WEEKDAYS[lang].split(), _EN_WEEKDAYS, strict=True))
    if lang == "es":
        table.update({"miercoles": "Wednesday", "sabado": "Saturday"})
    if lang == "pt":
        # "na sexta", "terça (2)": the weekday without "-feira"
        for word, english in list(table.items()):
            if word.endswith("-feira"):
                table[word[: -len("-feira")]] = english
        table.update({"terca-feira": "Tuesday", "sabado": "Saturday"})
    return table


# Phrases glossed before the single words (qualifiers, tally markers, relative days).
_PHRASES = {
    "es": _pairs(
        "al menos=at least | por lo menos=at least | como mínimo=at least | más de=more than | "
        "mas de=more than | menos de=fewer than | cerca de=nearly | casi=nearly | alrededor "
        "de=about | aproximadamente=about | unos=some | unas=some | hasta ahora=so far | hasta "
        "el momento=so far | en lo que va=so far | en total=in total | hasta=up to | el pasado "
        "fin de semana=last weekend | el fin de semana pasado=last weekend | fin de "
        "semana=weekend | la semana pasada=last week | el mes pasado=last month | a principios "
        "de=in early | principios de=early | a inicios de=in early | a mediados de=in mid | a "
        "finales de=in late | a fines de=in late | hoy=today | ayer=yesterday | anteayer=two "
        "days ago | desde=since | decenas de=dozens of | docenas de=dozens of | cientos "
        "de=hundreds of | centenares de=hundreds of | miles de=thousands of | millones "
        "de=millions of | del=of the | el=the | la=the | los=the | las=the | un=a | una=a | "
        "en=in | de=of | por=by | durante=during | y=and | o=or | que=that | este=this | "
        "esta=this | otro=another | otra=another | nuevo=new | nueva=new | último=latest | "
        "última=latest | eleva a=brings to | elevando a=bringing to | lo que eleva a=bringing "
        "to | ya=already | según=according to | contra=against | con=with | sin=without | "
        "primer=first | primero=first | primera=first | décimo=tenth | décima=tenth | "
        "anteriormente=previously | previamente=previously | inicialmente=initially | "
        "inicial=initial | el día=on"
    ),
    "pt": _pairs(
        "pelo menos=at least | ao menos=at least | no mínimo=at least | mais de=more than | "
        "menos de=fewer than | cerca de=about | quase=nearly | aproximadamente=about | até "
        "agora=so far | até o momento=so far | no total=in total | ao todo=in all | até=up to | "
        "no último fim de semana=last weekend | no fim de semana passado=last weekend | fim de "
        "semana=weekend | na semana passada=last week | no mês passado=last month | no início "
        "de=in early | início de=early | em meados de=in mid | no final de=in late | no fim "
        "de=in late | hoje=today | ontem=yesterday | anteontem=two days ago | desde=since | "
        "dezenas de=dozens of | centenas de=hundreds of | milhares de=thousands of | milhões "
        "de=millions of | do=of the | da=of the | dos=of the | das=of the | no=in the | na=in "
        "the | nos=in the | nas=in the | o=the | os=the | as=the | um=a | uma=a | em=in | de=of "
        "| por=by | pelo=by the | pela=by the | durante=during | e=and | ou=or | que=that | "
        "este=this | esta=this | nesta=this | neste=this | outro=another | outra=another | "
        "novo=new | nova=new | último=latest | última=latest | eleva para=brings to | elevando "
        "para=bringing to | já=already | segundo=according to | contra=against | com=with | "
        "sem=without | primeiro=first | primeira=first | décimo=tenth | décima=tenth | "
        "passado=last | passada=last | anteriormente=previously | inicialmente=initially | "
        "inicial=initial | no dia=on"
    ),
    "fr": _pairs(
        "au moins=at least | au minimum=at least | plus de=more than | moins de=fewer than | "
        "près de=nearly | presque=nearly | environ=about | quelque=some | jusqu'à présent=so "
        "far | jusqu’à présent=so far | à ce jour=to date | au total=in total | en tout=in all "
        "| jusqu'à=up to | jusqu’à=up to | le week-end dernier=last weekend | ce week-end=this "
        "weekend | week-end=weekend | la semaine dernière=last week | le mois dernier=last "
        "month | début=early | mi-=mid- | fin=late | aujourd'hui=today | aujourd’hui=today | "
        "hier=yesterday | avant-hier=two days ago | depuis=since | des dizaines de=dozens of | "
        "dizaines de=dozens of | des centaines de=hundreds of | centaines de=hundreds of | des "
        "milliers de=thousands of | milliers de=thousands of | du=of the | des=the | le=the | "
        "la=the | les=the | l'=the  | l’=the  | un=a | une=a | en=in | dans=in | de=of | d'=of "
        "| d’=of  | par=by | pendant=during | et=and | ou=or | qui=which | que=that | ce=this | "
        "cette=this | autre=another | nouveau=new | nouvelle=new | nouvel=new | dernier=last | "
        "dernière=latest | porte à=brings to | portant à=bringing to | déjà=already | "
        "selon=according to | contre=against | avec=with | sans=without | premier=first | "
        "première=first | dixième=tenth | deuxième=second | troisième=third | quatrième=fourth "
        "| cinquième=fifth | sixième=sixth | auparavant=previously | précédemment=previously | "
        "initialement=initially | initial=initial | initiale=initial"
    ),
}
# The verbs the English rules read around a toll (dying, killing, leaving dead, surviving)
# and around a statement (saying, announcing): general news grammar, not story words.
_VERBS = {
    "es": _pairs(
        "murió=died | murieron=died | muere=dies | mueren=die | ha muerto=have died | han "
        "muerto=have died | habían muerto=had died | habrían muerto=may have died | "
        "muertos=dead | muertas=dead | muerto=dead | fallecidos=dead | mató=killed | "
        "mataron=killed | mata=kills | matan=kill | matando=killing | ha matado=has killed | "
        "han matado=have killed | asesinados=killed | dejó=left | dejaron=left | deja=leaves | "
        "dejando=leaving | heridos=injured | sobrevivió=survived | sobrevivieron=survived | "
        "sobreviviente=survivor | sobrevivientes=survivors | supervivientes=survivors | "
        "anunció=announced | dijo=said | declaró=said | expresó=said | afirmó=said | "
        "informó=reported | señaló=said | aseguró=said | confirmó=confirmed | escribió=wrote | "
        "añadió=added | agregó=added | reveló=reported | ha=has | han=have | había=had | "
        "habían=had | fue=was | fueron=were | es=is | son=are | era=was | eran=were | tenía=had "
        "| tiene=has | dio=gave | debe=must | debía=should | debería=should | deberá=must | "
        "ser=be | será=will be | lanzó=launched | realizó=carried out | llevó a cabo=carried "
        "out | ejecutó=carried out | atacó=struck | a bordo=aboard"
    ),
    "pt": _pairs(
        "morreu=died | morreram=died | morre=dies | morrem=die | mortos=dead | mortas=dead | "
        "morto=dead | matou=killed | mataram=killed | matam=kill | matando=killing | "
        "deixou=left | deixaram=left | deixa=leaves | deixando=leaving | feridos=injured | "
        "sobreviveu=survived | sobreviveram=survived | sobrevivente=survivor | "
        "sobreviventes=survivors | anunciou=announced | disse=said | declarou=said | "
        "afirmou=said | informou=reported | confirmou=confirmed | escreveu=wrote | "
        "acrescentou=added | revelado=reported | revelada=reported | revelou=reported | foi=was "
        "| foram=were | é=is | são=are | era=was | eram=were | tem=has | têm=have | tinha=had | "
        "teria=had | deu=gave | deve=must | devia=should | deveria=should | ser=be | será=will "
        "be | lançou=launched | realizou=carried out | executou=carried out | atacou=struck | a "
        "bordo=aboard"
    ),
    "fr": _pairs(
        "ont été tués=were killed | ont été tuées=were killed | a été tué=was killed | a été "
        "tuée=was killed | sont morts=died | est mort=died | ont tué=have killed | a tué=has "
        "killed | tués=killed | tuées=killed | tué=killed | tuée=killed | tuant=killing | "
        "tue=kills | tuent=kill | morts=dead | mortes=dead | blessés=injured | faisant=leaving "
        "| fait=leaves | survivants=survivors | survivant=survivor | ont survécu=survived | a "
        "survécu=survived | a annoncé=announced | a déclaré=said | a indiqué=said | a "
        "averti=said | a affirmé=said | a précisé=said | a confirmé=confirmed | a écrit=wrote | "
        "ont=have | sont=are | est=is | était=was | étaient=were | été=been | doit=must | "
        "devait=should | devrait=should | être=be | sera=will be | a lancé=launched | ont "
        "lancé=launched | a mené=carried out | ont mené=carried out | a effectué=carried out | "
        "à bord=aboard | lors de=during | lors d'=during  | lors d’=during"
    ),
}
# Ordinals read only after a determiner: "segundo" is also "according to", "cuarto" a room.
_ORDINALS = {
    "es": _pairs(
        "segundo=second | segunda=second | tercer=third | tercero=third | tercera=third | "
        "cuarto=fourth | cuarta=fourth | quinto=fifth | quinta=fifth | sexto=sixth | "
        "sexta=sixth | séptimo=seventh | séptima=seventh | octavo=eighth | octava=eighth | "
        "noveno=ninth | novena=ninth"
    ),
    "pt": _pairs(
        "segundo=second | segunda=second | terceiro=third | terceira=third | quarto=fourth | "
        "quarta=fourth | quinto=fifth | quinta=fifth | sexto=sixth | sexta=sixth | "
        "sétimo=seventh | sétima=seventh | oitavo=eighth | oitava=eighth | nono=ninth | "
        "nona=ninth"
    ),
    "fr": _pairs(""),
}
# Articles and demonstratives before a date or weekday: "el 21 de noviembre", "este
# sábado", "nesta sexta-feira" read as the bare date ("on" is implied, as in wire English).
_ARTICLES = {
    "es": r"el|este|esta|desde\s+el|el\s+pasado|la",
    "pt": r"o|a|no|na|neste|nesta|este|esta|em",
    "fr": r"le|ce|cette",
}
_LAST = {"es": r"pasado|pasada", "pt": r"passado|passada|último|última", "fr": r"dernier"}
_DETERMINER_BEFORE = re.compile(
    r"(?i:\b(?:el|la|los|las|su|sus|un|una|o|a|os|as|seu|sua|um|uma|este|esta|esse|essa)\s+)$"
)
# Scale words after a number. Spanish and Portuguese "mil millones" is a billion.
_SCALES = {
    "es": _pairs(
        "mil millones=billion | millones=million | millón=million | mil=thousand | "
        "billones=trillion"
    ),
    "pt": _pairs(
        "mil milhões=billion | bilhões=billion | bilião=billion | bilhão=billion | "
        "biliões=billion | milhões=million | milhão=million | mil=thousand"
    ),
    "fr": _pairs(
        "milliards=billion | milliard=billion | millions=million | million=million | "
        "mille=thousand | mil=thousand"
    ),
}
# "de dólares", "de dollars": the currency after a scale word.
_CURRENCY_AFTER = re.compile(
    r"\s+(?:de\s+|d['’])?(?P<cur>dólares|dolares|dollars|euros)\b", re.IGNORECASE
)
_CURRENCY_WORDS = {
    "dólares": "dollars",
    "dolares": "dollars",
    "dollars": "dollars",
    "euros": "euros",
}
_PERCENT = re.compile(r"\s+(?:por\s+ciento|por\s+cento|pour\s+cent)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    lang: str
    words: re.Pattern[str]  # phrases and single words (function words, months, weekdays)
    table: dict[str, str]
    numbers: re.Pattern[str]
    scale: re.Pattern[str]
    scales: dict[str, str]
    months: dict[str, str]
    weekdays: dict[str, str]
    date_dm: re.Pattern[str]  # "5 de diciembre (de 2025)", "5 décembre 2025"
    weekday_day: re.Pattern[str]  # "sexta-feira (5)", "el sábado 29", "vendredi 5"
    weekday_rel: re.Pattern[str]  # "el pasado martes", "este sábado", "mardi dernier"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _lexicon(lang: str) -> _Lexicon:
    months, weekdays = _month_table(lang), _weekday_table(lang)
    table = {**_PHRASES[lang], **_VERBS[lang], **months, **weekdays}
    month_alt, weekday_alt = _alternation(months), _alternation(weekdays)
    of = {"es": r"\s+de\s+", "pt": r"\s+de\s+", "fr": r"\s+"}[lang]
    article = _ARTICLES[lang]
    date_dm = re.compile(
        rf"(?<![\w.,])(?:(?:{article})\s+)?(?P<d>\d{{1,2}})(?:º|°|er)?{of}(?P<m>{month_alt})(?![\w-])"
        rf"(?:{of}(?P<y>\d{{4}})\b)?",
        re.IGNORECASE,
    )
    weekday_day = re.compile(
        rf"(?<![\w-])(?:(?:{article})\s+)?(?P<w>{weekday_alt})(?:,?\s+|\s*\(\s*)(?P<d>\d{{1,2}})(?!\d)(?:er)?"
        rf"(?:{of}(?P<m>{month_alt})(?![\w-]))?(?P<close>\s*\))?(?![\w.,]\d)",
        re.IGNORECASE,
    )
    last = _LAST[lang]
    weekday_rel = re.compile(
        rf"(?<![\w-])(?:(?:{article})\s+)?(?:(?P<pre>{last})\s+)?(?P<w>{weekday_alt})"
        rf"(?![\w-])(?:\s+(?P<post>{last})(?![\w-]))?",
        re.IGNORECASE,
    )
    words = re.compile(
        rf"(?<![\w'’-])(?:{_alternation(table)})(?![\w-])|(?<![\w'’-])(?:l|d)['’]",
        re.IGNORECASE,
    )
    scales = _SCALES[lang]
    scale = re.compile(rf"\s+(?P<s>{_alternation(scales)})(?!\w)", re.IGNORECASE)
    return _Lexicon(
        lang,
        words,
        {k.lower(): v for k, v in table.items()},
        _word_number_pattern(lang),
        scale,
        scales,
        {k.lower(): v for k, v in months.items()},
        {k.lower(): v for k, v in weekdays.items()},
        date_dm,
        weekday_day,
        weekday_rel,
    )


_LEXICONS: dict[str, _Lexicon] = {}


def _lexicon_of(lang: str) -> _Lexicon:
    if lang not in _LEXICONS:
        _LEXICONS[lang] = _lexicon(lang)
    return _LEXICONS[lang]


# Digits in the language's own format. A group of exactly three digits after a dot or a
# (thin, narrow no-break or plain) space is a thousands group; a comma is the decimal mark.
_LOCAL_NUMBER = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:(?:\.|[\u2009\u202f\u00a0 ])\d{3})+(?:,\d+)?|\d+,\d+|\d+)"
    r"(?![\w]|[.,]\d)"
)


def local_number_value(text: str) -> float | None:
    """Value of digits written as in Spanish, Portuguese or French: "3.003" → 3003,
    "42 310" → 42310, "7,8" → 7.8, "2,5" → 2.5. None when the text is not such a number."""
    m = _LOCAL_NUMBER.fullmatch(text)
    if m is None:
        return None
    whole, _, decimals = text.partition(",")
    digits = re.sub(r"[.\u2009\u202f\u00a0 ]", "", whole)
    return float(f"{digits}.{decimals}") if decimals else float(digits)


def _english_number(value: float) -> str:
    """Digits the English reader takes as they are: "3,003", "7.8", "25"."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------------------
# The gloss.
# --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Gloss:
    """An English gloss of one sentence and, per gloss character, where it came from."""

    text: str
    starts: tuple[int, ...]  # original offset where gloss character i's source begins
    ends: tuple[int, ...]  # original offset where it ends

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original sentence's span for the gloss span ``[start, end)``."""
        if not self.text:
            return 0, 0
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return self.starts[start], self.ends[end - 1]


@dataclass(slots=True)
class _Edit:
    start: int
    end: int
    text: str


def gloss(
    sentence: str, lang: str, published: date | None = None, heads: frozenset[str] = frozenset()
) -> Gloss:
    """Rewrite ``sentence`` (in ``lang``) into the English the extractor's rules read.

    ``published`` resolves a weekday given with its day of the month ("sexta-feira (5)")
    to a full date; without it the weekday alone is kept. ``heads`` are the nouns the
    story's facts count in this language (lower-case): after a number, such a noun is
    moved to the end of its noun phrase, where English puts the head ("4 frappes visant"
    → "4 visant frappes", "100 aliados acusados" → "100 acusados aliados").
    """
    lex = _lexicon_of(lang)
    edits: list[_Edit] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, text: str) -> None:
        if any(start < hi and lo < end for lo, hi in taken):
            return
        taken.append((start, end))
        edits.append(_Edit(start, end, text))

    for m in lex.weekday_day.finditer(sentence):
        english = _weekday_with_day(lex, m, published)
        if english:
            add(m.start(), m.end(), english)
    for m in lex.date_dm.finditer(sentence):
        month = lex.months[m.group("m").lower()]
        year = f" {m.group('y')}" if m.group("y") else ""
        since = "since " if m.group().lower().startswith("desde") else ""
        add(m.start(), m.end(), f"{since}{int(m.group('d'))} {month}{year}")
    for m in lex.weekday_rel.finditer(sentence):
        last = "last " if m.group("pre") or m.group("post") else ""
        add(m.start(), m.end(), last + lex.weekdays[m.group("w").lower()])
    for m in _SPACED_CURRENCY.finditer(sentence):
        add(m.start(), m.end(), m.group().rstrip())  # "US$ 50 milhões": "US$50 million"
    for m in _LOCAL_NUMBER.finditer(sentence):
        _number_edit(sentence, lex, m.start(), m.end(), local_number_value(m.group()), add)
    for m in lex.numbers.finditer(sentence):
        value = word_number_value(m.group(), lang)
        if value is not None:
            _number_edit(sentence, lex, m.start(), m.end(), float(value), add)
    for m in lex.words.finditer(sentence):
        word = m.group().lower()
        english = lex.table.get(word) or lex.table.get(word.rstrip("'’")) or ""
        if english == "up to" and not _counts_next(lex, sentence, m.end()):
            english = "until"  # "hasta el viernes": a time limit, not a bound on a count
            if _TIME_LIMIT.search(sentence):
                english = "given until"  # "un plazo … hasta el viernes": the limit itself
        if word in ("l'", "l’"):
            english = "the"
        elif word in ("d'", "d’"):
            english = "of"
        if english and word[-1] in "'’":
            english += " "  # "l'espace", "lors d'une": the elided word stands apart
        if english:
            add(m.start(), m.end(), _cased(m.group(), english))
    for word, english in _ORDINALS[lang].items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", sentence, re.I):
            if _DETERMINER_BEFORE.search(sentence, 0, m.start()):
                add(m.start(), m.end(), english)
    glossed = _apply(sentence, edits)
    return _heads_last(glossed, heads) if heads else glossed


# A number in the gloss and the words after it (the noun phrase it counts).
_COUNTED = re.compile(
    r"\d(?:[\d,.]*\d)?(?:\s+(?:thousand|million|billion))?((?:\s+[^\W\d_][\w'-]*){2,3})"
)
_WORD_RE = re.compile(r"[^\W\d_][\w'-]*")
# Glossed (English) words end a noun phrase.
_ENGLISH_STOP = frozenset(
    re.findall(
        r"\S+",
        "of in the a an and or that which by with since during aboard to at on for from is "
        "are was were have has had been be died killed dead left said",
    )
)


def _heads_last(glossed: Gloss, heads: frozenset[str]) -> Gloss:
    """Move a counted noun that Romance word order puts first ("frappes visant",
    "aliados acusados") to the end of its phrase, where English puts the head."""
    text, starts, ends = glossed.text, list(glossed.starts), list(glossed.ends)
    for m in _COUNTED.finditer(glossed.text):
        run = []
        for w in _WORD_RE.finditer(m.group(1)):
            if w.group().lower() in _ENGLISH_STOP:
                break
            run.append(w)
        if len(run) < 2 or run[-1].group().lower() in heads:
            continue
        head = next((w for w in run[:-1] if w.group().lower() in heads), None)
        if head is None:
            continue
        base = m.start(1)
        lo, split, hi = base + head.start(), base + head.end(), base + run[-1].end()
        # the words after the head, the space before them, then the head: same length
        moved = [*range(split + 1, hi), split, *range(lo, split)]
        text = text[:lo] + "".join(glossed.text[i] for i in moved) + text[hi:]
        starts[lo:hi] = [glossed.starts[i] for i in moved]
        ends[lo:hi] = [glossed.ends[i] for i in moved]
    return Gloss(text, tuple(starts), tuple(ends))


_SPACED_CURRENCY = re.compile(r"(?:\bUS|\bU\.S\.)?\$\s+(?=\d)|€\s+(?=\d)")
# A sentence about a time limit granted: its "hasta/até/jusqu'à <date>" is that limit.
_TIME_LIMIT = re.compile(r"(?i)\b(?:plazo|prazo|ultimátum|ultimato|ultimatum|délai)\b")
_BOUND_WORDS = re.compile(r"\s+(?:(?:unos|unas|cerca\s+de|mais\s+de|près\s+de)\s+)?", re.I)


def _counts_next(lex: _Lexicon, sentence: str, pos: int) -> bool:
    """True when a number follows ``pos`` ("hasta 20", "até dez"): "up to", not "until"."""
    pos = _BOUND_WORDS.match(sentence, pos).end()
    return sentence[pos : pos + 1].isdigit() or bool(lex.numbers.match(sentence, pos))


def _cased(source: str, english: str) -> str:
    # Month and weekday names keep their English capital; a sentence-initial capital stays.
    if english[:1].isupper():
        return english
    return english[:1].upper() + english[1:] if source[:1].isupper() else english


def _number_edit(sentence, lex: _Lexicon, start: int, end: int, value, add) -> None:
    """Gloss one number with its scale word and currency ("25 millones de dólares")."""
    if value is None:
        return
    original = sentence[start:end]
    # Plain digits ("2025", "43") read the same in English: only rewrite separators.
    text = original if original.isdigit() else _english_number(value)
    scale = lex.scale.match(sentence, end)
    if scale:
        text += " " + lex.scales[scale.group("s").lower()]
        end = scale.end()
        currency = _CURRENCY_AFTER.match(sentence, end)
        if currency:
            text += " " + _CURRENCY_WORDS[currency.group("cur").lower()]
            end = currency.end()
    percent = _PERCENT.match(sentence, end)
    if percent:
        text += " percent"
        end = percent.end()
    if text != sentence[start:end]:
        add(start, end, text)


def _weekday_with_day(lex: _Lexicon, m: re.Match[str], published: date | None) -> str | None:
    """ "sexta-feira (5)" → "Friday, December 5": the day of the month nearest the
    publication day that falls on that weekday (None when none within five weeks)."""
    weekday = lex.weekdays[m.group("w").lower()]
    day = int(m.group("d"))
    if m.group("m"):  # "sexta-feira (28 de novembro)", "viernes 28 de noviembre"
        return f"{weekday}, {lex.months[m.group('m').lower()]} {day}"
    if published is None or not 1 <= day <= 31:
        return None
    wanted = _EN_WEEKDAYS.index(weekday)
    for delta in sorted(range(-35, 36), key=abs):
        candidate = published + timedelta(days=delta)
        if candidate.day == day and candidate.weekday() == wanted:
            return f"{weekday}, {_EN_MONTHS[candidate.month - 1]} {day}"
    return None


def _apply(sentence: str, edits: list[_Edit]) -> Gloss:
    edits.sort(key=lambda e: e.start)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for edit in edits:
        for i in range(pos, edit.start):
            out.append(sentence[i])
            starts.append(i)
            ends.append(i + 1)
        out.append(edit.text)
        starts.extend([edit.start] * len(edit.text))
        ends.extend([edit.end] * len(edit.text))
        pos = edit.end
    for i in range(pos, len(sentence)):
        out.append(sentence[i])
        starts.append(i)
        ends.append(i + 1)
    return Gloss("".join(out), tuple(starts), tuple(ends))
