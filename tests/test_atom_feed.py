"""The Atom feed of changes: written by real flow runs, parsed back with xml.etree."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import duckdb
import pytest
from factdrift.pipelines.alerts import atom

NS = {"a": atom.ATOM_NS}
SEED_004 = "004_b2b2366a866f5741.txt"


def _run(seed_copy: Path, db: Path, feed: Path, **extra):
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    settings = load_settings(
        db=db, story=seed_copy / "story.toml", atom_feed=feed, prefect_events=False, **extra
    )
    return factdrift_run(settings, load_story(settings.story))


def _entries(feed: Path) -> list[ET.Element]:
    root = ET.parse(feed).getroot()
    assert root.tag == f"{{{atom.ATOM_NS}}}feed"
    return root.findall("a:entry", NS)


def _alertable(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [
            r[0] for r in con.execute("SELECT change_id FROM fact_changes WHERE alert").fetchall()
        ]


@pytest.mark.flow
def test_each_run_rewrites_the_feed_with_the_latest_changes(
    prefect_harness, seed_copy, tmp_path
) -> None:
    db, feed = tmp_path / "f.duckdb", tmp_path / "changes.atom"
    _run(seed_copy, db, feed)

    root = ET.parse(feed).getroot()
    assert root.findtext("a:id", namespaces=NS) == "tag:factdrift,2025:us-venezuela-2025/changes"
    assert "US–Venezuela" in root.findtext("a:title", namespaces=NS)
    assert datetime.fromisoformat(root.findtext("a:updated", namespaces=NS)).tzinfo is not None
    first = _entries(feed)
    assert sorted(e.findtext("a:id", namespaces=NS) for e in first) == sorted(
        atom.entry_id("us-venezuela-2025", cid) for cid in _alertable(db)
    )
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    article = seed_copy / SEED_004
    article.write_text(
        article.read_text(encoding="utf-8").replace("at least 83 people", "at least 87 people"),
        encoding="utf-8",
    )
    _run(seed_copy, db, feed)

    entries = _entries(feed)
    assert len(entries) == len(first) + 1
    newest = entries[0]  # newest first
    title = newest.findtext("a:title", namespaces=NS)
    assert title.endswith(": at least 83 people → at least 87 people")
    assert newest.find("a:link", NS).get("href") == article.resolve().as_uri()
    content = newest.findtext("a:content", namespaces=NS)
    outlets_line = content.split("\n")[2]
    assert outlets_line.startswith("Outlets (") and "unknown outlet (seed 004)" in outlets_line
    assert "at least 87 people" in content  # the sentence that moved it
    assert newest.find("a:content", NS).get("type") == "text"
    assert newest.find("a:category", NS).get("term") == "value_changed"
    updated = [datetime.fromisoformat(e.findtext("a:updated", namespaces=NS)) for e in entries]
    assert updated == sorted(updated, reverse=True)
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = con.execute("SELECT DISTINCT status FROM alerts WHERE channel = 'atom'")
        assert statuses.fetchall() == [("sent",)]


@pytest.mark.flow
def test_feed_keeps_the_newest_n_entries_and_reports_a_bad_path(
    prefect_harness, seed_copy, tmp_path
) -> None:
    db = tmp_path / "f.duckdb"
    missing = tmp_path / "no-such-folder" / "changes.atom"
    _run(seed_copy, db, missing)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT status, last_error FROM alerts WHERE channel = 'atom'")
        rows = rows.fetchall()
    assert rows and {status for status, _ in rows} == {"failed"}
    assert "cannot write the Atom feed" in rows[0][1]

    feed = tmp_path / "changes.atom"
    _run(seed_copy, db, feed, atom_entries=2)  # the next run writes it: nothing is lost
    assert len(_entries(feed)) == 2
    with duckdb.connect(str(db), read_only=True) as con:
        left = con.execute(
            "SELECT count(*) FROM alerts WHERE channel = 'atom' AND status <> 'sent'"
        )
        assert left.fetchone() == (0,)


def test_render_feed_without_entries_is_valid_atom(tmp_path) -> None:
    now = datetime(2025, 12, 1, 9, 30)
    data = atom.render_feed("s", "A story", [], now)
    path = tmp_path / "f.atom"
    atom.write_atomically(path, data)
    root = ET.parse(path).getroot()
    assert root.findtext("a:updated", namespaces=NS) == atom.rfc3339(now)
    assert root.find("a:author/a:name", NS).text == "factdrift"
    assert root.findall("a:entry", NS) == []
