"""Alert delivery with real parts: a webhook server on 127.0.0.1, Apprise, flow runs, DuckDB.

The receiver fails its first requests (HTTP 500), so the outbox must retry on later runs;
a run killed between the receiver accepting an alert and the bookkeeping must lose
nothing, and the resend must carry the same idempotency key so a receiver can drop it.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import webhook
from crash_script import CRASH_EXIT, CRASH_SCRIPT, run_flow_script
from factdrift.pipelines.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
LABEL = "People killed in US strikes on alleged drug boats (running total)"
ARTICLE_83 = (
    "Strikes on drug boats\n\n"
    "US strikes on suspected drug boats in Caribbean waters have killed at least 83 people "
    "since September, the Pentagon said on Monday.\n"
)
SENTENCE_87 = (
    "The death toll of the US campaign against suspected drug boats reached at least 87 "
    "people on Thursday when one more vessel was struck, officials said."
)
ARTICLE_87 = f"Toll rises\n\n{SENTENCE_87}\n"
ALERTS = """
SELECT a.alert_id, c.kind, a.status, a.attempts, a.last_error, a.next_attempt_at, a.sent_at
FROM alerts a JOIN fact_changes c USING (change_id)
ORDER BY a.created_at, c.kind
"""


@pytest.fixture
def receiver():
    yield from webhook.serve()


def _story_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.toml").write_text(
        (ROOT / "seeds" / "story.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _add_article(folder, "001_wire.txt", ARTICLE_83, "2025-12-01", "Wire One")
    return folder


def _add_article(folder: Path, name: str, text: str, day: str, outlet: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    with (folder / "manifest.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(
            f'[articles."{name}"]\npublished = {day}\npublished_basis = "manifest"\n'
            f'outlet = "{outlet}"\n\n'
        )


def _settings(folder: Path, db: Path, url: str, **extra) -> Settings:
    return load_settings(
        db=db,
        story=folder / "story.toml",
        apprise_urls=[url],
        prefect_events=False,
        alert_retry_seconds=0,
        **extra,
    )


def _run(settings: Settings):
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.story import load_story

    return factdrift_run(settings, load_story(settings.story))


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _crash_run(settings: Settings) -> subprocess.CompletedProcess:
    return run_flow_script(
        CRASH_SCRIPT,
        settings.db,
        settings.story,
        FACTDRIFT_APPRISE_URLS=",".join(settings.apprise_urls),
        FACTDRIFT_ALERT_RETRY_SECONDS="0",
    )


@pytest.mark.flow
def test_alert_is_retried_survives_a_crash_and_arrives_once_per_key(
    prefect_harness, tmp_path, receiver
) -> None:
    folder = _story_folder(tmp_path)
    db = tmp_path / "f.duckdb"
    settings = _settings(folder, db, receiver.url)
    receiver.failures_left = 2

    # Run 1: the new fact's alert is refused (500); the failure is visible in the view.
    first = _run(settings)
    assert first.totals.n_alerts_sent == 0
    [(_, kind, status, attempts, error, next_at, sent_at)] = _rows(db, ALERTS)
    assert (kind, status, attempts, sent_at) == ("new_fact", "failed", 1, None)
    assert "500" in error and next_at is not None

    # Runs 2 and 3 retry: refused once more, then accepted.
    _run(settings)
    assert _rows(db, "SELECT status, attempts FROM alerts") == [("failed", 2)]
    third = _run(settings)
    assert third.totals.n_alerts_sent == 1
    assert _rows(db, "SELECT status, attempts, last_error FROM alerts") == [("sent", 3, None)]
    assert [r["status"] for r in receiver.requests] == [500, 500, 200]
    assert len({r["key"] for r in receiver.requests}) == 1  # every attempt, the same key

    # Run 4: nothing new, nothing sent again.
    assert _run(settings).totals.n_alerts_sent == 0
    assert len(receiver.requests) == 3
    new_fact = receiver.accepted[0]["payload"]
    assert f"{LABEL}: at least 83 people" in new_fact["message"]
    assert "Outlets (1): Wire One" in new_fact["message"]

    # The toll rises; the run that delivers the alert dies before recording it.
    _add_article(folder, "002_daily.txt", ARTICLE_87, "2025-12-04", "Daily Two")
    crashed = _crash_run(settings)
    assert crashed.returncode == CRASH_EXIT, crashed.stderr[-2000:]
    assert len(receiver.accepted) == 2  # the receiver has it ...
    pending = _rows(db, ALERTS)[-1]
    assert pending[1:4] == ("value_changed", "sending", 0)  # ... the outbox only claimed it
    assert _rows(db, "SELECT status FROM runs ORDER BY started_at DESC LIMIT 1") == [("running",)]

    # The next run resends it with the same idempotency key, and records it this time.
    resumed = _run(settings)
    assert resumed.totals.n_alerts_sent == 1
    first_copy, resend = receiver.accepted[1:]
    assert resend["key"] == first_copy["key"] == pending[0]
    assert resend["payload"] == first_copy["payload"]
    assert _rows(db, ALERTS)[-1][2:4] == ("sent", 1)
    statuses = [s for (s,) in _rows(db, "SELECT status FROM runs ORDER BY started_at")]
    assert statuses == ["completed"] * 4 + ["interrupted", "completed"]

    # A later run sends nothing; a receiver keeping one message per key has each alert once.
    _run(settings)
    assert len(receiver.requests) == 5
    by_key = {r["key"]: r["payload"] for r in receiver.accepted}
    assert len(by_key) == len(_rows(db, "SELECT alert_id FROM alerts")) == 2

    # What the value-change alert says: which fact, old → new, qualifier, who, where, why.
    message = resend["payload"]["message"]
    assert resend["payload"]["title"] == f"[us-venezuela-2025] {LABEL}: value changed"
    assert f"{LABEL}: at least 83 people → at least 87 people" in message
    assert "Outlets (1): Daily Two" in message  # "at least 83" does not back 87
    assert "(qualifier: at least)" in message
    assert f'Moved by Daily Two on 2025-12-04 (qualifier: at least): "{SENTENCE_87}"' in message
    assert f"Article: {(folder / '002_daily.txt').resolve().as_uri()}" in message
    assert f"idempotency-key: {pending[0]}" in message
    assert resend["payload"]["idempotency_key"] == pending[0]  # also in the JSON payload


def test_failed_delivery_backs_off_exponentially(tmp_path, receiver) -> None:
    """Retries wait ``alert_retry_seconds``, doubling per attempt, on the delivery clock."""
    from factdrift.flows import deliver
    from factdrift.storage import facts as fact_store
    from factdrift.storage.db import connect

    db = tmp_path / "f.duckdb"
    settings = load_settings(
        db=db, apprise_urls=[receiver.url], prefect_events=False, alert_retry_seconds=60
    )
    senders = deliver.configured_channels(settings)
    [channel] = senders
    t0 = datetime(2025, 12, 1, 12, 0)
    item = fact_store.OutboxItem("a1", "c1", channel, _message())
    with connect(db) as con:
        fact_store.save_reconciliation(con, "r1", [], [], [], [item], now=t0)
    receiver.failures_left = 10

    def attempt(at: datetime) -> tuple:
        deliver.deliver_due(settings, senders, at)
        return _rows(db, "SELECT attempts, next_attempt_at FROM alerts")[0]

    assert attempt(t0) == (1, t0 + timedelta(seconds=60))
    assert attempt(t0 + timedelta(seconds=59)) == (1, t0 + timedelta(seconds=60))  # not due
    t1 = t0 + timedelta(seconds=60)
    assert attempt(t1) == (2, t1 + timedelta(seconds=120))
    t2 = t1 + timedelta(seconds=120)
    assert attempt(t2) == (3, t2 + timedelta(seconds=240))
    receiver.failures_left = 0
    assert attempt(t2 + timedelta(seconds=240))[0] == 4
    assert _rows(db, "SELECT status, last_error FROM alerts") == [("sent", None)]
    assert [r["status"] for r in receiver.requests] == [500, 500, 500, 200]


def test_delivery_gives_up_after_max_attempts(tmp_path, receiver) -> None:
    from factdrift.flows import deliver
    from factdrift.storage import facts as fact_store
    from factdrift.storage.db import connect

    db = tmp_path / "f.duckdb"
    settings = load_settings(
        db=db,
        apprise_urls=[receiver.url],
        prefect_events=False,
        alert_retry_seconds=0,
        alert_max_attempts=2,
    )
    senders = deliver.configured_channels(settings)
    item = fact_store.OutboxItem("a1", "c1", next(iter(senders)), _message())
    with connect(db) as con:
        fact_store.save_reconciliation(con, "r1", [], [], [], [item])
    receiver.failures_left = 10
    for _ in range(4):
        deliver.deliver_due(settings, senders)
    assert len(receiver.requests) == 2
    [(status, attempts, error)] = _rows(db, "SELECT status, attempts, last_error FROM alerts")
    assert (status, attempts) == ("failed", 2)
    assert "500" in error


def _message() -> dict:
    return {
        "story": "s",
        "change_id": "c1",
        "fact_key": "toll",
        "label": "Toll",
        "kind": "new_fact",
        "summary": "toll: new, 5 (1 outlet)",
        "old_value": None,
        "new_value": "5",
        "outlets": ["A"],
        "status": "single-source",
    }
