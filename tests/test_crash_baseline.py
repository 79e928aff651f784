"""Baselines survive a crash during delivery (issue 10, item 5).

A run that dies after the receiver accepted an alert but before recording it leaves its
change rows to an ``interrupted`` run. The run that finishes its work adopts them, so the
last alerted value is the one readers were told and "what changed in the last run"
(docs/sql.md) shows them. Real flow runs, a real process killed with ``os._exit``, a real
webhook on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import webhook
from crash_script import CRASH_EXIT, CRASH_SCRIPT, run_flow_script
from factdrift.pipelines.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
LAST_RUN_CHANGES = """
SELECT fact_key, kind, summary, alert
FROM fact_changes
WHERE run_id = (SELECT run_id FROM runs WHERE status = 'completed' ORDER BY started_at DESC LIMIT 1)
ORDER BY fact_key
"""


def _toll(n: int) -> str:
    return (
        "Strikes on drug boats\n\n"
        f"US strikes on suspected drug boats in Caribbean waters have killed at least {n} people "
        "since September, the Pentagon said on Monday.\n"
    )


@pytest.fixture
def receiver():
    yield from webhook.serve()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    story = (ROOT / "seeds" / "story.toml").read_text(encoding="utf-8")
    # The death toll alerts only on a move of 10 or more.
    story = story.replace(
        'alert = { enabled = true, threshold = 1, threshold_type = "absolute" }',
        'alert = { enabled = true, threshold = 10, threshold_type = "absolute" }',
        1,
    )
    (folder / "story.toml").write_text(story, encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '[articles."001_wire.txt"]\npublished = 2025-12-01\noutlet = "Wire One"\n\n'
        '[articles."002_daily.txt"]\npublished = 2025-12-04\noutlet = "Daily Two"\n',
        encoding="utf-8",
    )
    (folder / "001_wire.txt").write_text(_toll(83), encoding="utf-8")
    return folder


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.flow
def test_alert_baseline_survives_a_crash_during_delivery(
    prefect_harness, tmp_path: Path, receiver
) -> None:
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.story import load_story

    folder = _folder(tmp_path)
    db = tmp_path / "f.duckdb"
    settings = load_settings(
        db=db, story=folder / "story.toml", apprise_urls=[receiver.url], prefect_events=False
    )

    def run():
        return factdrift_run(settings, load_story(settings.story))

    run()  # at least 83: alerted
    (folder / "002_daily.txt").write_text(_toll(100), encoding="utf-8")
    crashed = run_flow_script(
        CRASH_SCRIPT, db, folder / "story.toml", FACTDRIFT_APPRISE_URLS=receiver.url
    )
    assert crashed.returncode == CRASH_EXIT, crashed.stderr[-2000:]
    told = [r["payload"]["message"].splitlines()[0] for r in receiver.accepted]
    assert told[-1].endswith("at least 83 people → at least 100 people")  # readers were told 100

    resumed = run()  # finishes the crashed run's work: same change, adopted
    assert resumed.totals.n_changes == 1
    [(fact, kind, _, alert)] = _rows(db, LAST_RUN_CHANGES)
    assert (fact, kind, alert) == ("boat_strike_deaths", "value_changed", True)

    # Daily Two revises to 90: 10 below what readers were told (alert), though only 7
    # above the value of the last *completed* run before the crash (no alert).
    (folder / "002_daily.txt").write_text(_toll(90), encoding="utf-8")
    revised = run()
    alerted = [c for c in revised.changes if c["fact_key"] == "boat_strike_deaths"]
    assert [c["alert"] for c in alerted] == [True], revised.changes
    statuses = [s for (s,) in _rows(db, "SELECT status FROM runs ORDER BY started_at")]
    assert statuses == ["completed", "interrupted", "completed", "completed"]
