"""Replay of the dated corpus tests/corpus/replay/venezuela_weeks, day by day.

Two replays, both real flow runs into a real DuckDB file:

* **gold-fed**: extraction is replaced by the corpus's gold claims (``gold.jsonl``), so
  everything after extraction — storage, the replay clock, reconciliation, diffs, alerts —
  is checked exactly against the expected timeline below;
* **end to end**: ``factdrift replay`` as a user runs it, with the real extractor. Replay
  mechanics are asserted always; each fact's timeline and changes are asserted exactly
  when the extractor read that fact's claims as the gold says, and are reported as an
  expected failure naming the extractor's misses otherwise.

The expectations follow ``EXPECTED.md`` of the corpus, with the reconciliation rules of
``docs/reconcile.md`` where the two differ (the corpus says the tool's rules win):

1. In a conflict the estimate is the best-supported group's value (a tie goes to the
   lower value), not the envelope of all claims. So on 09-20 the toll estimate is 17 (the
   envelope 14–20 stays in ``env_*``), and the moves EXPECTED.md lists when a conflict
   opens or resolves *because the envelope moved* — ``range_narrowed`` + ``correction``
   on 09-22, ``range_widened`` on 09-24, ``range_narrowed`` on 10-02 — are not changes:
   the estimate did not move.
2. ``correction`` means the estimate of a running tally moved down, not that one outlet
   revised its own figure (the Courier's 20 → 17 on 09-22 moves no estimate: see 1).
3. Older, lower tally readings of other outlets stay in the envelope as stale readings
   (EXPECTED.md drops them), so envelopes of tallies reach down to them.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
import webhook
from factdrift.pipelines.ingest.read import normalize_text
from factdrift.pipelines.intervals import date_interval, number_interval
from factdrift.pipelines.model import Claim
from factdrift.pipelines.story import Story, load_story

CORPUS = Path(__file__).resolve().parent / "corpus" / "replay" / "venezuela_weeks"
DAYS = [date(2025, 9, d) for d in (3, 5, 9, 10, 16, 20, 22, 23, 24, 29, 30)] + [
    date(2025, 10, d) for d in (2, 4, 6, 8, 10)
]
N = None  # unbounded, in the tables below

# Changes per day: {day: {fact: kinds}} (kinds in the order pipelines.facts.diff lists them).
# Every one of them alerts: each is at or above its fact's threshold.
EXPECTED_CHANGES: dict[str, dict[str, list[str]]] = {
    "2025-09-03": {
        "first_boat_strike_date": ["new_fact"],
        "first_boat_strike_deaths": ["new_fact"],
        "maduro_bounty_usd": ["new_fact"],
    },
    "2025-09-05": {"us_troops_in_region": ["new_fact"]},
    "2025-09-09": {"ultimatum_deadline": ["new_fact"]},
    "2025-09-10": {"us_troops_in_region": ["range_narrowed"]},  # 4,050–4,950 → 4,500
    "2025-09-16": {
        "boat_strike_deaths": ["new_fact"],
        "boat_strikes": ["new_fact"],
        "second_boat_strike_date": ["new_fact"],
    },
    "2025-09-20": {
        "boat_strike_deaths": ["value_changed", "conflict_opened"],  # 17 vs 20
        "boat_strikes": ["value_changed"],
    },
    "2025-09-22": {"boat_strike_deaths": ["conflict_resolved"]},  # the Courier corrects to 17
    "2025-09-24": {"second_boat_strike_date": ["conflict_opened"]},  # "around 18 September"
    "2025-09-29": {"ultimatum_deadline": ["value_changed"]},  # Sept. 30 → Oct. 15
    "2025-10-02": {"second_boat_strike_date": ["conflict_resolved"]},  # Voz: 15 September
    "2025-10-04": {
        "boat_strike_deaths": ["value_changed", "conflict_opened"],  # 21 vs 23
        "boat_strikes": ["value_changed"],
    },
}

# fact_timeline rows of the key facts: (as_of, low, high, status, n_outlets, env_low,
# env_high) for numbers, dates in place of numbers for date facts.
EXPECTED_TIMELINE: dict[str, list[tuple]] = {
    # Rising toll, outlets disagreeing by a few, a correction downward, then confirmed.
    "boat_strike_deaths": [
        ("2025-09-16", 14, 14, "consistent", 2, 14, N),
        ("2025-09-20", 17, 17, "conflict", 1, 14, 20),
        ("2025-09-22", 17, 17, "consistent", 2, 14, 17),
        ("2025-09-23", 17, 17, "consistent", 3, 14, 17),
        # The Meridian Post never updates its 14 of 09-16: a stale reading, kept in the
        # envelope (rule 3 above), neither support nor conflict.
        ("2025-09-24", 17, 17, "consistent", 4, 14, 17),
        # Caribe 21 and Voz del Llano 23 on the same day: a conflict; the tie goes to 21.
        ("2025-10-04", 21, 21, "conflict", 1, 14, 23),
        ("2025-10-06", 21, 21, "conflict", 2, 14, 23),
        ("2025-10-08", 21, 21, "conflict", 3, 14, 23),
        ("2025-10-10", 21, 21, "conflict", 4, 14, 23),
    ],
    # A deadline that moves: Ledger alone, Caribe confirms, both extend, Meridian confirms.
    "ultimatum_deadline": [
        ("2025-09-09", "2025-09-30", "2025-09-30", "single-source", 1, "2025-09-30", "2025-09-30"),
        ("2025-09-10", "2025-09-30", "2025-09-30", "consistent", 2, "2025-09-30", "2025-09-30"),
        ("2025-09-29", "2025-10-15", "2025-10-15", "consistent", 2, "2025-10-15", "2025-10-15"),
        ("2025-09-30", "2025-10-15", "2025-10-15", "consistent", 3, "2025-10-15", "2025-10-15"),
        ("2025-10-10", "2025-10-15", "2025-10-15", "consistent", 4, "2025-10-15", "2025-10-15"),
    ],
    # One event date, three wordings: exact, "last week", "around 18 September".
    "second_boat_strike_date": [
        ("2025-09-16", "2025-09-15", "2025-09-15", "consistent", 2, "2025-09-15", "2025-09-15"),
        ("2025-09-23", "2025-09-15", "2025-09-15", "consistent", 3, "2025-09-15", "2025-09-21"),
        ("2025-09-24", "2025-09-15", "2025-09-15", "conflict", 3, "2025-09-15", "2025-09-21"),
        ("2025-10-02", "2025-09-15", "2025-09-15", "consistent", 4, "2025-09-15", "2025-09-21"),
    ],
    # A figure first reported by one outlet, then confirmed by a second.
    "us_troops_in_region": [
        ("2025-09-05", 4050, 4950, "single-source", 1, 4050, 4950),
        ("2025-09-10", 4500, 4500, "consistent", 2, 4050, 4950),
    ],
}
TIMELINE_SQL = """
SELECT strftime(as_of, '%Y-%m-%d'), coalesce(CAST(low AS VARCHAR), strftime(date_low, '%Y-%m-%d')),
       coalesce(CAST(high AS VARCHAR), strftime(date_high, '%Y-%m-%d')), status, n_outlets,
       coalesce(CAST(env_low AS VARCHAR), strftime(env_date_low, '%Y-%m-%d')),
       coalesce(CAST(env_high AS VARCHAR), strftime(env_date_high, '%Y-%m-%d'))
FROM fact_timeline WHERE fact_key = ? ORDER BY as_of
"""
CHANGES_SQL = """
SELECT strftime(detected_at, '%Y-%m-%d'), fact_key, kind, alert
FROM fact_changes ORDER BY detected_at, fact_key
"""


# --- the corpus ------------------------------------------------------------------------


def _story() -> Story:
    return load_story(CORPUS / "story.toml")


def _manifest() -> dict[str, dict]:
    return tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))["articles"]


def _gold() -> list[dict]:
    lines = (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _interval(story: Story, gold: dict) -> tuple:
    """A gold line's interval, through the same helpers the extractor uses."""
    fact = story.fact(gold["fact"])
    if fact.kind == "date":
        high = gold.get("value_high")
        return date_interval(
            gold["qualifier"],
            date.fromisoformat(gold["value"]),
            date.fromisoformat(high) if high else None,
        )
    return number_interval(
        gold["qualifier"], float(gold["value"]), fact.kind, gold.get("value_high")
    )


def _gold_claim(story: Story, text: str, gold: dict) -> Claim:
    quote = normalize_text(gold["quote"])
    start = max(text.find(quote), 0)
    bounds = _interval(story, gold)
    is_date = story.fact(gold["fact"]).kind == "date"
    return Claim(
        fact_key=gold["fact"],
        subject=gold["fact"],
        kind=story.fact(gold["fact"]).kind,
        qualifier=gold["qualifier"],
        unit=gold["unit"],
        sentence=quote,
        span_start=start,
        span_end=start + len(quote),
        value=None if is_date else float(gold["value"]),
        low=None if is_date else bounds[0],
        high=None if is_date else bounds[1],
        date_low=bounds[0] if is_date else None,
        date_high=bounds[1] if is_date else None,
        hedged=gold["hedged"],
        quote=quote,
        # What the sentence states, when the gold line says it (absent: read as today's).
        scope=gold.get("scope"),
        event_low=_day(gold.get("event_low")),
        event_high=_day(gold.get("event_high")),
        earlier=gold.get("earlier", False),
        as_of=_day(gold.get("as_of")),
        revision=gold.get("revision", False),
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def gold_extractor():
    """An ``extract_claims`` stand-in that returns each corpus article's gold claims."""
    story, by_text = _story(), {}
    for name in _manifest():
        text = normalize_text((CORPUS / name).read_text(encoding="utf-8"))
        by_text[text] = [_gold_claim(story, text, g) for g in _gold() if g["doc"] == name]

    def extract(text: str, published, story) -> list[Claim]:
        return by_text[text]

    return extract


# --- running the replay ----------------------------------------------------------------


def _replay(db: Path, deliver: bool = False, **settings):
    from factdrift.flows.replay import factdrift_replay
    from factdrift.pipelines.config import load_settings

    config = load_settings(db=db, story=CORPUS / "story.toml", **settings)
    return factdrift_replay(config, _story(), CORPUS, deliver=deliver)


def _rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _timeline(db: Path, fact: str) -> list[tuple]:
    return [tuple(_norm(v) for v in row) for row in _rows(db, TIMELINE_SQL, (fact,))]


def _norm(value):
    # Numbers come back as '17.0' strings from the COALESCE; compare them as numbers.
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        return float(value)
    return value


def _expected_timeline(fact: str) -> list[tuple]:
    return [
        tuple(_norm(str(v)) if v is not None else None for v in row)
        for row in EXPECTED_TIMELINE[fact]
    ]


def _changes_by_day(db: Path) -> dict[str, dict[str, list[str]]]:
    from factdrift.pipelines.facts.diff import CHANGE_KINDS

    found: dict[str, dict[str, list[str]]] = {}
    for day, fact, kind, _ in _rows(db, CHANGES_SQL):
        found.setdefault(day, {}).setdefault(fact, []).append(kind)
    for facts in found.values():
        for kinds in facts.values():
            kinds.sort(key=CHANGE_KINDS.index)
    return found


@pytest.fixture(scope="module")
def gold_replay(prefect_harness, tmp_path_factory):
    """The corpus replayed with gold claims in place of the extractor's (module-wide)."""
    db = tmp_path_factory.mktemp("gold-replay") / "replay.duckdb"
    patch = pytest.MonkeyPatch()
    patch.setattr("factdrift.flows.steps.extract_claims", gold_extractor())
    try:
        result = _replay(db, prefect_events=True)
    finally:
        patch.undo()
    return db, result


# --- gold-fed replay: exact ------------------------------------------------------------


@pytest.mark.flow
def test_one_run_per_publication_day_on_that_days_clock(gold_replay) -> None:
    db, result = gold_replay
    assert result.days == DAYS
    runs = _rows(db, "SELECT started_at, finished_at, status FROM runs ORDER BY started_at")
    assert [r[0] for r in runs] == [datetime(d.year, d.month, d.day, 23, 59) for d in DAYS]
    assert all(r[0] == r[1] and r[2] == "completed" for r in runs)
    # Each run read exactly the articles published that day, "fetched" on that day.
    per_run = _rows(
        db,
        "SELECT CAST(r.started_at AS DATE), count(*), bool_and(a.published_at = "
        "CAST(r.started_at AS DATE)), bool_and(CAST(a.fetched_at AS DATE) = a.published_at) "
        "FROM articles a JOIN t_article_versions v USING (version_id) "
        "JOIN runs r ON r.run_id = v.run_id GROUP BY ALL ORDER BY 1",
    )
    per_day = Counter(entry["published"] for entry in _manifest().values())
    assert [(d, n) for d, n, _, _ in per_run] == sorted(per_day.items())
    assert all(same_day and fetched for _, _, same_day, fetched in per_run)


@pytest.mark.flow
def test_changes_per_day_are_exactly_the_expected_ones(gold_replay) -> None:
    db, _ = gold_replay
    assert _changes_by_day(db) == EXPECTED_CHANGES
    assert {alert for *_, alert in _rows(db, CHANGES_SQL)} == {True}


@pytest.mark.flow
@pytest.mark.parametrize("fact", sorted(EXPECTED_TIMELINE))
def test_timeline_of_key_facts(gold_replay, fact: str) -> None:
    db, _ = gold_replay
    assert _timeline(db, fact) == _expected_timeline(fact)


@pytest.mark.flow
def test_alerts_are_recorded_on_the_replayed_days_and_not_delivered(gold_replay) -> None:
    db, _ = gold_replay
    alerts = _rows(
        db,
        "SELECT a.channel, a.status, a.attempts, a.created_at, c.detected_at "
        "FROM alerts a JOIN fact_changes c USING (change_id)",
    )
    # one alert per fact per run (a value change that also opened a conflict is one alert),
    # on one channel: the Prefect event
    n_fact_days = sum(len(facts) for facts in EXPECTED_CHANGES.values())
    assert len(alerts) == n_fact_days
    assert {(ch, st, n) for ch, st, n, _, _ in alerts} == {("prefect-event", "replayed", 0)}
    assert all(created == detected for *_, created, detected in alerts)
    assert {c.date().isoformat() for *_, c, _ in alerts} == set(EXPECTED_CHANGES)
    # The 09-20 conflict, as the message tells it: what moved, the spread, who moved it.
    [(message,)] = _rows(
        db,
        "SELECT a.message FROM alerts a JOIN fact_changes c USING (change_id) "
        "WHERE c.fact_key = 'boat_strike_deaths' "
        "AND CAST(c.detected_at AS DATE) = DATE '2025-09-20'",
    )
    message = json.loads(message)
    assert message["kinds"] == ["value_changed", "conflict_opened"]
    assert (message["old_value"], message["new_value"], message["spread"]) == (
        "14 people",
        "17 people",
        "14–20 people",
    )
    # both sides of the conflict, with their outlets and values
    sides = {side["value"]: side["outlets"] for side in message["sides"]}
    assert len(sides) >= 2 and "17 people" in sides and "20 people" in sides, sides
    assert (message["outlet"], message["published"], message["qualifier"]) == (
        "Caribe Wire Service",
        "2025-09-20",
        "exact",
    )
    assert message["url"].endswith("/008_cws_third_strike.txt")


def _doc_example(marker: str) -> str:
    import re

    doc = (Path(__file__).resolve().parent.parent / "docs" / "sql.md").read_text()
    return next(sql for sql in re.findall(r"```sql\n(.*?)```", doc, flags=re.S) if marker in sql)


@pytest.mark.flow
def test_the_documented_questions_about_the_past_have_one_query_answers(gold_replay) -> None:
    db, _ = gold_replay
    # "What did coverage say the toll was on 21 September?" The 09-20 state: Caribe's 17
    # against the Courier's 20, a conflict; the envelope keeps the Meridian's stale 14.
    [row] = _rows(db, _doc_example("FROM facts_on(DATE '2025-09-21')"))
    assert row == (17.0, 17.0, "conflict", 1, ["Caribe Wire Service"], 14.0, 20.0)
    # "When did it first pass 20, and who said it first?" The Courier's 20 does not pass.
    [first] = _rows(db, _doc_example("AND low > 20"))
    assert first[:4] == (date(2025, 10, 4), "Caribe Wire Service", 21.0, "exact")
    alerts = _rows(db, _doc_example("a.message->>'old_value' AS was"))
    assert alerts[0][0] == datetime(2025, 9, 3, 23, 59)
    assert ("Deadline of the US ultimatum to Maduro", "2025-09-30", "2025-10-15") in {
        (fact, was, now) for _, _, _, fact, was, now, _, _ in alerts
    }


@pytest.mark.flow
def test_replay_refuses_a_database_that_already_ran_the_story(gold_replay) -> None:
    from factdrift.pipelines.errors import ConfigError

    db, _ = gold_replay
    with pytest.raises(ConfigError, match="already has 16 runs"):
        _replay(db)


# --- end to end: `factdrift replay` with the real extractor -----------------------------


@pytest.fixture
def receiver():
    yield from webhook.serve()


@pytest.fixture(scope="module")
def cli_replay(prefect_harness, tmp_path_factory):
    """``factdrift replay CORPUS --db …`` as a user runs it, an Apprise URL configured."""
    from factdrift.flows.cli import app
    from typer.testing import CliRunner

    folder = tmp_path_factory.mktemp("cli-replay")
    gen = webhook.serve()
    hook = next(gen)
    result = CliRunner().invoke(
        app,
        ["replay", str(CORPUS), "--db", str(folder / "replay.duckdb")],
        env={"FACTDRIFT_APPRISE_URLS": hook.url, "FACTDRIFT_PREFECT_EVENTS": "false"},
    )
    gen.close()
    assert result.exit_code == 0, result.output + repr(result.exception)
    return folder / "replay.duckdb", result.output, hook


def _claims_as_gold_says(db: Path, fact: str) -> tuple[Counter, Counter]:
    """(extracted, gold) claims of ``fact`` as (article, interval) multisets."""
    story, names = _story(), {}
    for name in _manifest():
        names[(CORPUS / name).resolve().as_uri()] = name
    is_date = story.fact(fact).kind == "date"
    cols = "date_low, date_high" if is_date else "low, high"
    rows = _rows(
        db,
        f"SELECT url, {cols} FROM claims WHERE fact_key = ? AND repeat_of IS NULL",
        (fact,),
    )
    extracted = Counter((names[url], (low, high)) for url, low, high in rows)
    gold = Counter((g["doc"], _interval(story, g)) for g in _gold() if g["fact"] == fact)
    return extracted, gold


def _expected_changes_of(fact: str) -> dict[str, list[str]]:
    return {day: facts[fact] for day, facts in EXPECTED_CHANGES.items() if fact in facts}


def _xfail_unless_extracted_as_gold(db: Path, fact: str) -> None:
    extracted, gold = _claims_as_gold_says(db, fact)
    if extracted != gold:
        missed = sorted((doc, str(iv)) for doc, iv in (gold - extracted).elements())
        extra = sorted((doc, str(iv)) for doc, iv in (extracted - gold).elements())
        pytest.xfail(f"extractor differs from gold on {fact}: missed {missed}, extra {extra}")


@pytest.mark.flow
def test_cli_replay_runs_each_day_on_its_clock_and_delivers_nothing(cli_replay) -> None:
    db, output, hook = cli_replay
    lines = output.strip().splitlines()
    assert [line[:10] for line in lines[: len(DAYS)]] == [d.isoformat() for d in DAYS]
    assert "not delivered" in lines[-1] and "use --deliver" in lines[-1]
    runs = _rows(db, "SELECT CAST(started_at AS DATE), status FROM runs ORDER BY started_at")
    assert runs == [(d, "completed") for d in DAYS]
    # No article is seen before it was published.
    early = _rows(
        db,
        "SELECT count(*) FROM t_article_versions v JOIN runs r USING (run_id) "
        "WHERE v.published_at > CAST(r.started_at AS DATE)",
    )
    assert early == [(0,)]
    assert hook.requests == []  # nothing went out ...
    statuses = _rows(db, "SELECT DISTINCT status, channel LIKE 'apprise:json:%' FROM alerts")
    assert statuses in ([], [("replayed", True)])  # ... but every alert is on record
    assert _rows(db, "SELECT count(*) FROM alerts") == _rows(
        db, "SELECT count(DISTINCT (run_id, fact_key)) FROM fact_changes WHERE alert"
    )


@pytest.mark.flow
@pytest.mark.parametrize("fact", sorted(EXPECTED_TIMELINE))
def test_cli_replay_timeline_where_the_extractor_reads_the_gold(cli_replay, fact: str) -> None:
    db, _, _ = cli_replay
    _xfail_unless_extracted_as_gold(db, fact)
    assert _timeline(db, fact) == _expected_timeline(fact)


@pytest.mark.flow
@pytest.mark.parametrize("fact", sorted({f for facts in EXPECTED_CHANGES.values() for f in facts}))
def test_cli_replay_changes_where_the_extractor_reads_the_gold(cli_replay, fact: str) -> None:
    db, _, _ = cli_replay
    _xfail_unless_extracted_as_gold(db, fact)
    found = {day: facts[fact] for day, facts in _changes_by_day(db).items() if fact in facts}
    assert found == _expected_changes_of(fact)


@pytest.mark.flow
def test_replay_with_deliver_sends_on_the_replayed_clock(prefect_harness, tmp_path, receiver):
    """--deliver: alerts go out (once each), stamped with the replayed days."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "story.toml").write_text(
        (CORPUS / "story.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    manifest = []
    for day, toll in (("2025-09-16", 14), ("2025-09-20", 17)):
        name = f"{day}.txt"
        (folder / name).write_text(
            f"Strike update\n\nThe death toll of the US campaign against suspected drug boats "
            f"reached {toll} people on Thursday when one more vessel was struck, officials said.\n",
            encoding="utf-8",
        )
        manifest.append(f'[articles."{name}"]\npublished = {day}\noutlet = "Wire"\n')
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    from factdrift.flows.replay import factdrift_replay
    from factdrift.pipelines.config import load_settings

    db = tmp_path / "replay.duckdb"
    settings = load_settings(
        db=db, story=folder / "story.toml", apprise_urls=[receiver.url], prefect_events=False
    )
    factdrift_replay(settings, load_story(settings.story), folder, deliver=True)

    sent = _rows(
        db,
        "SELECT CAST(created_at AS DATE), CAST(sent_at AS DATE), status FROM alerts "
        "ORDER BY created_at",
    )
    assert sent == [
        (date(2025, 9, 16), date(2025, 9, 16), "sent"),
        (date(2025, 9, 20), date(2025, 9, 20), "sent"),
    ]
    assert [r["status"] for r in receiver.requests] == [200, 200]
    assert ": 14 people → 17 people" in receiver.requests[1]["payload"]["message"]
