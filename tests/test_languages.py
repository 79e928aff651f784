"""Spanish, Portuguese and French copy: language detection, numbers, dates and per-language
story words (pipelines/claims/languages.py). Every sentence here is written for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.claims.languages import (
    detect_language,
    gloss,
    local_number_value,
    word_number_value,
)
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.story import Story, load_story

STORY = """
id = "floods"
title = "River floods"
keywords = ["flood", "inundación", "inundação", "inondation"]

[[sources]]
kind = "folder"
location = "."

[[facts]]
key = "flood_deaths"
label = "People killed by the floods"
kind = "count"
unit = "people"
cumulative = true
cues = ["killed", "dead", "deaths", "died"]
subjects = ["people", "residents"]
cues_es = ["muertos", "murieron", "fallecidos"]
subjects_es = ["personas", "vecinos"]
cues_pt = ["mortos", "morreram"]
subjects_pt = ["pessoas", "moradores"]
cues_fr = ["morts", "tués"]
subjects_fr = ["personnes", "habitants"]

[[facts]]
key = "aid_pledged_usd"
label = "Aid pledged"
kind = "money"
unit = "usd"
cues = ["aid"]
cues_es = ["ayuda"]
cues_pt = ["ajuda"]
cues_fr = ["aide"]

[[facts]]
key = "dam_failure_date"
label = "Day the dam failed"
kind = "date"
unit = "date"
cues = ["dam"]
cues_es = ["represa"]
cues_pt = ["barragem"]
cues_fr = ["barrage"]
"""


@pytest.fixture()
def story(tmp_path: Path) -> Story:
    path = tmp_path / "story.toml"
    path.write_text(STORY, encoding="utf-8")
    return load_story(path)


# A paragraph of ordinary prose in each language, so detection has words to go on.
ES = (
    "Según las autoridades, la situación en la región es grave y los equipos de rescate "
    "siguen trabajando con los vecinos. "
)
PT = (
    "Segundo as autoridades, a situação na região não é boa e as equipes de resgate ainda "
    "trabalham com os moradores. "
)
FR = (
    "Selon les autorités, la situation dans la région est grave et les secours sont "
    "toujours sur place avec les habitants. "
)


def _facts(text: str, published: date, story: Story) -> list[tuple]:
    return [
        (c.fact_key, c.qualifier, c.value if c.kind != "date" else c.date_low)
        for c in extract_claims(text, published, story)
        if c.fact_key
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (ES * 2, "es"),
        (PT * 2, "pt"),
        (FR * 2, "fr"),
        ("The mayor said the river was still rising and that residents should leave. " * 2, "en"),
        # an English article quoting a Spanish phrase stays English
        ("The mayor said 'la situación es grave' and the river kept rising for days. " * 2, "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3.003", 3003.0),
        ("42\u202f310", 42310.0),  # narrow no-break space
        ("42\u2009310", 42310.0),  # thin space
        ("1.250.000", 1250000.0),
        ("7,8", 7.8),
        ("2,5", 2.5),
        ("43", 43.0),
        ("3.5", None),  # not a thousands group: left to the English reader
    ],
)
def test_local_number_value(text: str, value: float | None) -> None:
    assert local_number_value(text) == value


@pytest.mark.parametrize(
    ("words", "lang", "value"),
    [
        ("once", "es", 11),
        ("veinticinco", "es", 25),
        ("treinta y dos", "es", 32),
        ("vinte e três", "pt", 23),
        ("dezoito", "pt", 18),
        ("vingt-trois", "fr", 23),
        ("quatre-vingt-dix", "fr", 90),
        ("soixante-dix", "fr", 70),
        ("un", "es", None),  # the article
        ("uma", "pt", None),
    ],
)
def test_word_number_value(words: str, lang: str, value: int | None) -> None:
    assert word_number_value(words, lang) == value


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        ("prometió 25 millones de dólares", "es", "25 million dollars"),
        ("custou 2,5 milhões", "pt", "2.5 million"),
        ("un budget de 3 millions", "fr", "3 million"),
        ("unos 4 mil millones", "es", "4 billion"),
        ("hubo 3.003 muertos", "es", "3,003 dead"),
        ("un séisme de magnitude 7,8", "fr", "7.8"),
    ],
)
def test_gloss_numbers(sentence: str, lang: str, expected: str) -> None:
    assert expected in gloss(sentence, lang).text


def test_gloss_maps_spans_back() -> None:
    sentence = "Al menos 3.003 personas murieron."
    g = gloss(sentence, "es")
    at = g.text.index("3,003")
    lo, hi = g.original_span(at, at + len("3,003"))
    assert sentence[lo:hi] == "3.003"


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        (
            ES + "Al menos 3.003 personas murieron en la inundación.",
            date(2025, 3, 1),
            ("at_least", 3003.0),
        ),
        (
            ES + "Más de veinticinco vecinos murieron en la inundación.",
            date(2025, 3, 1),
            ("more_than", 25.0),
        ),
        (
            ES + "Cerca de 40 personas murieron en la inundación.",
            date(2025, 3, 1),
            ("nearly", 40.0),
        ),
        (PT + "Pelo menos 12 pessoas morreram na inundação.", date(2025, 3, 1), ("at_least", 12.0)),
        (
            PT + "Mais de 42.310 moradores morreram na inundação.",
            date(2025, 3, 1),
            ("more_than", 42310.0),
        ),
        (
            FR + "Au moins vingt-trois personnes ont été tuées par l'inondation.",
            date(2025, 3, 1),
            ("at_least", 23.0),
        ),
        (
            FR + "Plus de 42\u202f310 habitants sont morts dans l'inondation.",
            date(2025, 3, 1),
            ("more_than", 42310.0),
        ),
        (
            FR + "Près de 90 personnes sont morts dans l'inondation.",
            date(2025, 3, 1),
            ("nearly", 90.0),
        ),
    ],
)
def test_counts_and_qualifiers(story: Story, sentence, published, expected) -> None:
    found = [(q, v) for key, q, v in _facts(sentence, published, story) if key == "flood_deaths"]
    assert found == [expected]


def test_counted_noun_first_as_romance_writes_it(story: Story) -> None:
    # the counted noun comes before its participle: "habitants touchés", "moradores ilhados"
    fr = FR + "Au moins 40 habitants touchés par l'inondation sont morts."
    pt = PT + "Pelo menos 9 moradores ilhados morreram na inundação."
    assert ("flood_deaths", "at_least", 40.0) in _facts(fr, date(2025, 3, 1), story)
    assert ("flood_deaths", "at_least", 9.0) in _facts(pt, date(2025, 3, 1), story)


def test_vague_quantity_holds_no_fact(story: Story) -> None:
    text = PT + "Dezenas de pessoas morreram na inundação."
    assert [k for k, _, _ in _facts(text, date(2025, 3, 1), story)] == []


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        (ES + "El gobierno prometió una ayuda de 25 millones de dólares.", 25e6),
        (PT + "O governo prometeu uma ajuda de US$ 2,5 milhões.", 2.5e6),
        (FR + "Le gouvernement a promis une aide de 3 millions de dollars.", 3e6),
    ],
)
def test_money_with_scale_words(story: Story, sentence: str, value: float) -> None:
    assert ("aid_pledged_usd", "exact", value) in _facts(sentence, date(2025, 3, 1), story)


@pytest.mark.parametrize(
    ("sentence", "published", "day"),
    [
        (ES + "La represa cedió el 5 de diciembre.", date(2025, 12, 9), date(2025, 12, 5)),
        (ES + "La represa cedió el pasado martes.", date(2025, 12, 4), date(2025, 12, 2)),
        # the Portuguese press gives the day of the month in brackets after the weekday
        (PT + "A barragem rompeu na sexta-feira (5).", date(2025, 12, 8), date(2025, 12, 5)),
        (
            PT + "A barragem rompeu no dia 3 de dezembro de 2025.",
            date(2025, 12, 8),
            date(2025, 12, 3),
        ),
        (FR + "Le barrage a cédé vendredi 5 décembre.", date(2025, 12, 8), date(2025, 12, 5)),
        (FR + "Le barrage a cédé hier.", date(2025, 12, 8), date(2025, 12, 7)),
    ],
)
def test_dates(story: Story, sentence: str, published: date, day: date) -> None:
    assert ("dam_failure_date", "exact", day) in _facts(sentence, published, story)


def test_claim_span_indexes_original_text(story: Story) -> None:
    text = ES + "Al menos 3.003 personas murieron en la inundación."
    (claim,) = [c for c in extract_claims(text, date(2025, 3, 1), story) if c.fact_key]
    assert text[claim.span_start : claim.span_end] == "3.003"
    assert claim.sentence.startswith("Al menos 3.003")
    assert "3.003 personas" in claim.quote


def test_story_words_by_language(story: Story) -> None:
    fact = story.fact("flood_deaths")
    assert fact.words["es"]["cues"] == ["muertos", "murieron", "fallecidos"]
    assert "personas" in fact.in_language("es").subjects
    assert "personas" not in fact.subjects  # English reading is unchanged
    assert story.in_language("en") is story
    assert story.in_language("es") is story.in_language("es")  # cached: one catalog


def test_unknown_language_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "story.toml"
    path.write_text(STORY.replace("cues_fr =", "cues_de ="), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_story(path)
    message = str(err.value)
    assert "cues_de" in message and "cues_es, cues_pt, cues_fr" in message
    assert "\n" not in message


def test_english_article_reads_as_before(story: Story) -> None:
    text = "At least 12 people died in the flood on Tuesday, officials said. " * 2
    assert ("flood_deaths", "at_least", 12.0) in _facts(text, date(2025, 3, 6), story)


def test_arabic_script_digits_are_read_as_figures(seed_story):
    # Arabic-Indic digits with the Arabic thousands mark, and Eastern Arabic-Indic digits:
    # no cue words in Arabic yet, but every figure is kept as a claim with its value
    text = "قتل ٤٬٣٠٠ شخص وأصيب ۱۲۵ آخرون."
    claims = extract_claims(text, date(2025, 11, 7), seed_story)
    assert sorted(c.value for c in claims) == [125.0, 4300.0]
    assert [text[c.span_start : c.span_end] for c in claims if c.value == 4300.0] == ["٤٬٣٠٠"]


def test_earlier_values_and_report_days_in_other_languages(seed_story):
    es = (
        "El gobierno de Estados Unidos elevó este viernes la recompensa por Diosdado Cabello "
        "a 25 millones de dólares, según un comunicado del Departamento de Estado. La "
        "recompensa por Cabello llegaba a 10 millones de dólares anteriormente, y la de Maduro "
        "también subió, dijeron los funcionarios que hablaron con la prensa."
    )
    money = {c.value: c.earlier for c in extract_claims(es, date(2025, 8, 10), seed_story)}
    assert money[10_000_000.0] and not money[25_000_000.0]
    pt = (
        "O presidente dos Estados Unidos falou com Maduro por telefone, mas a conversa não "
        "teve resultado, segundo fontes do governo que pediram anonimato. O telefonema, feito "
        "a 21 de novembro, só foi revelado pelo jornal no dia 28 de novembro."
    )
    dates = {
        c.date_low: c.fact_key
        for c in extract_claims(pt, date(2025, 12, 1), seed_story)
        if c.kind == "date"
    }
    assert dates[date(2025, 11, 28)] is None
