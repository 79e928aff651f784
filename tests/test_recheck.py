"""Watched pages: ``factdrift recheck`` forces the next fetch, and a changed re-check
schedule re-plans the next checks of pages already watched (real DuckDB file)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
from factdrift.pipelines.ingest.cadence import parse_schedule
from factdrift.pipelines.ingest.urls import url_key
from factdrift.pipelines.ingest.web import UrlState
from factdrift.storage import web as web_store
from factdrift.storage.db import connect, insert_grouped

ROOT = Path(__file__).resolve().parent.parent
CHECKED = datetime(2026, 1, 10, 12, 0)
PAGES = {
    "https://news.example/a": date(2026, 1, 10),  # a day old at its last check
    "https://news.example/b": date(2025, 11, 1),  # two months old
}


def _watched(db: Path) -> None:
    with connect(db) as con:
        for url, published in PAGES.items():
            state = UrlState(
                url_key(url), url, "page", etag='"v1"', last_modified="x", body_hash="h",
                first_seen_at=CHECKED, checked_at=CHECKED,
                next_check_at=CHECKED + timedelta(days=30), published_at=published,
            )  # fmt: skip
            insert_grouped(con, [web_store.url_state_row(state)])


def _next_checks(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT url, next_check_at, etag FROM watched_urls").fetchall()
    finally:
        con.close()
    return {url: (when, etag) for url, when, etag in rows}


def test_recheck_one_page_and_all(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    _watched(db)

    def recheck(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "factdrift.flows.cli", "recheck", *args, "--db", str(db)],
            capture_output=True, text=True, timeout=120, env=os.environ.copy(),
        )  # fmt: skip

    before = datetime.now()
    one = recheck("http://news.example/a/")  # another spelling of the same page
    assert one.returncode == 0, one.stderr
    assert "1 watched pages" in one.stdout
    checks = _next_checks(db)
    assert checks["https://news.example/a"][0] >= before - timedelta(seconds=1)
    assert checks["https://news.example/a"][0] <= datetime.now()
    assert checks["https://news.example/a"][1] is None  # no validators: a full fetch
    assert checks["https://news.example/b"] == (CHECKED + timedelta(days=30), '"v1"')
    every = recheck("--all")
    assert every.returncode == 0 and "2 watched pages" in every.stdout
    assert all(etag is None for _, etag in _next_checks(db).values())


def test_a_changed_schedule_replans_watched_pages(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    _watched(db)
    old, new = "1d=30m, *=7d", "7d=1h, *=1d"
    with connect(db) as con:
        # the first schedule seen is recorded; nothing to re-plan yet
        assert web_store.replan_if_schedule_changed(con, old, parse_schedule(old), CHECKED) == 0
        assert web_store.replan_if_schedule_changed(con, old, parse_schedule(old), CHECKED) == 0
        assert web_store.replan_if_schedule_changed(con, new, parse_schedule(new), CHECKED) == 2
    checks = _next_checks(db)
    # counted from each page's last check: a day-old page every hour, an old one daily
    assert checks["https://news.example/a"][0] == CHECKED + timedelta(hours=1)
    assert checks["https://news.example/b"][0] == CHECKED + timedelta(days=1)
