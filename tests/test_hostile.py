"""Hostile input through the command line, as a hostile user would try it (issue 10).

Each row of each table goes through the real ``factdrift`` command in a subprocess, on a
real DuckDB file, and asserts the exit code, one plain line on stderr and no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from factdrift.storage.db import connect

ROOT = Path(__file__).resolve().parent.parent


def factdrift(
    *args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdrift.flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
    )


def assert_one_plain_line(proc: subprocess.CompletedProcess, expected: str, code: int = 2) -> None:
    """Exit ``code``, exactly one stderr line naming the problem, no traceback."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("factdrift: error: "), lines[0]
    assert expected in lines[0], lines[0]


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    """A migrated factdrift database with one row in ``runs``, next to a secrets file."""
    db = tmp_path / "facts.duckdb"
    with connect(db) as con:
        con.execute(
            "INSERT INTO t_runs (run_id, story_id, started_at, status) "
            "VALUES ('r1', 's', now(), 'completed')"
        )
    (tmp_path / "secrets.txt").write_text("password=hunter2\n")
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE precious AS SELECT 42 AS answer")
    return db


# --------------------------------------------------------------------------- factdrift sql

REFUSED_SQL = [
    ("COPY (SELECT * FROM runs) TO '{db}' (FORMAT csv)", "COPY statements are not allowed"),
    ("COPY (SELECT 1) TO '{dir}/out.csv'", "COPY statements are not allowed"),
    ("ATTACH '{dir}/other.duckdb' AS o (READ_WRITE)", "ATTACH statements are not allowed"),
    ("EXPORT DATABASE '{dir}/dump'", "EXPORT statements are not allowed"),
    ("INSTALL httpfs", "INSTALL statements are not allowed"),
    ("LOAD httpfs", "LOAD statements are not allowed"),
    ("PRAGMA enable_external_access", "PRAGMA statements are not allowed"),
    ("SET enable_external_access = true", "SET statements are not allowed"),
    ("RESET lock_configuration", "statements are not allowed"),
    ("CALL pragma_version()", "CALL statements are not allowed"),
    ("DELETE FROM t_runs", "DELETE statements are not allowed"),
    ("CREATE TABLE x AS SELECT 1", "CREATE statements are not allowed"),
    ("SELECT 1; DELETE FROM t_runs", "one statement at a time"),
    ("SELECT 1; SELECT 2", "one statement at a time"),
    ("SELECT * FROM read_text('{dir}/secrets.txt')", "not files or other databases"),
    ("SELECT * FROM read_blob('{dir}/secrets.txt')", "not files or other databases"),
    ("SELECT * FROM read_csv('{dir}/secrets.txt')", "not files or other databases"),
    ("SELECT * FROM glob('{dir}/*')", "not files or other databases"),
    ("SELECT * FROM '{dir}/secrets.txt'", "query failed"),
    ("SELECT * FROM query('COPY (SELECT 1) TO ''{dir}/q.csv''')", "query failed"),
    ("SELEC 1", "query failed: Parser Error"),
]


@pytest.mark.parametrize(("template", "expected"), REFUSED_SQL, ids=lambda v: v[:40])
def test_sql_refuses_anything_but_one_read(small_db: Path, template: str, expected: str) -> None:
    folder = small_db.parent
    before = small_db.read_bytes()
    query = template.format(db=small_db, dir=folder)
    proc = factdrift("sql", "--db", str(small_db), query)
    assert_one_plain_line(proc, expected)
    assert "hunter2" not in proc.stdout + proc.stderr
    # Nothing written: the database, the other database and the folder are as they were.
    assert small_db.read_bytes() == before
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["facts.duckdb", "other.duckdb", "secrets.txt"]
    with duckdb.connect(str(folder / "other.duckdb"), read_only=True) as con:
        assert con.execute("SELECT answer FROM precious").fetchall() == [(42,)]


@pytest.mark.parametrize(
    ("query", "first_line"),
    [
        ("SELECT count(*) AS n FROM runs", '{"n": 1}'),
        ("WITH r AS (SELECT run_id FROM runs) SELECT run_id FROM r", '{"run_id": "r1"}'),
        ("DESCRIBE runs", '"column_name": "run_id"'),
        ("SHOW TABLES", '"name": "alerts"'),
        ("SUMMARIZE SELECT 1 AS one", '"column_name": "one"'),
        ("EXPLAIN SELECT 1", '"explain_key": "physical_plan"'),
    ],
)
def test_sql_runs_read_statements(small_db: Path, query: str, first_line: str) -> None:
    proc = factdrift("sql", "--db", str(small_db), query)
    assert proc.returncode == 0, proc.stderr
    assert first_line in proc.stdout.splitlines()[0]


def test_sql_stops_a_runaway_query(small_db: Path) -> None:
    query = "SELECT count(*) FROM range(1000000000) a, range(1000000000) b"
    proc = factdrift("sql", "--db", str(small_db), "--timeout", "1", query, timeout=120)
    assert_one_plain_line(proc, "query stopped after 1 s")


def test_sql_memory_limit_is_applied(small_db: Path) -> None:
    proc = factdrift(
        "sql",
        "--db",
        str(small_db),
        "SELECT current_setting('memory_limit') AS m",
        env={"FACTDRIFT_SQL_MEMORY_LIMIT": "300MB"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() in ('{"m": "286.1 MiB"}', '{"m": "300.0 MB"}')


def test_every_connection_is_locked_down(tmp_path: Path) -> None:
    """The run's own connections: no files, no extensions, settings cannot be changed."""
    with connect(tmp_path / "f.duckdb") as con:
        settings = dict(
            con.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name IN ("
                "'enable_external_access', 'autoinstall_known_extensions', "
                "'autoload_known_extensions', 'lock_configuration')"
            ).fetchall()
        )
        assert settings == {
            "enable_external_access": "false",
            "autoinstall_known_extensions": "false",
            "autoload_known_extensions": "false",
            "lock_configuration": "true",
        }
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.PermissionException):
            con.execute("INSTALL httpfs")


def test_sqlite_file_as_db_is_refused_without_reaching_out(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "facts.sqlite"
    with sqlite3.connect(path) as lite:
        lite.execute("CREATE TABLE t (a)")
    proc = factdrift("sql", "--db", str(path), "SELECT 1")
    assert_one_plain_line(proc, "is not a DuckDB database")


# --------------------------------------------------------------------------- factdrift run

GOOD_TEXT = (ROOT / "seeds" / "004_b2b2366a866f5741.txt").read_text(encoding="utf-8")
GOOD_PAGE = "/news/good"
NUMBERS = "Officials counted " + " ".join(str(1000 + i) for i in range(6000)) + " boats.\n"


def _entry(name: str, published: str, outlet: str = "Wire") -> str:
    return f'[articles."{name}"]\npublished = {published}\noutlet = "{outlet}"\n\n'


def _local_story(tmp: Path, files: dict[str, str | bytes], manifest: str) -> Path:
    """A story over one folder: the good seed article plus ``files``."""
    folder = tmp / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    for name, body in files.items():
        target = folder / name
        if isinstance(body, bytes):
            target.write_bytes(body)
        else:
            target.write_text(body, encoding="utf-8")
    (folder / "manifest.toml").write_text(_entry("good.txt", "2025-12-01") + manifest)
    return _story_file(tmp, f'[[sources]]\nkind = "folder"\nlocation = "{folder}"\n')


def _story_file(tmp: Path, sources: str, keywords: str | None = None) -> Path:
    import re

    story = (ROOT / "seeds" / "story.toml").read_text(encoding="utf-8")
    story = re.sub(r"\[\[sources\]\].*?(?=\n# -{10})", sources.strip() + "\n", story, flags=re.S)
    if keywords is not None:
        story = re.sub(r"^keywords = .*$", f"keywords = {keywords}", story, flags=re.M)
    path = tmp / "story.toml"
    path.write_text(story, encoding="utf-8")
    return path


def _web_story(tmp: Path, site, kind: str, body: bytes, good: bool = True) -> Path:
    """A story over one feed or URL list on the local site, which also serves a good page."""
    from web_server import Route, article_page

    if good:
        site.routes[GOOD_PAGE] = Route(article_page("Boat strikes", GOOD_TEXT))
    if kind == "urls":
        listing = tmp / "urls.txt"
        listing.write_bytes(body)
        return _story_file(tmp, f'[[sources]]\nkind = "urls"\nlocation = "{listing}"\n')
    site.routes["/feed.xml"] = Route(body, content_type="application/rss+xml")
    return _story_file(tmp, f'[[sources]]\nkind = "feed"\nlocation = "{site.url("/feed.xml")}"\n')


def _rss(site, items: list[tuple[str, str]]) -> bytes:
    """RSS items (link, pubDate) titled so the story's keywords match."""
    from web_server import rss_feed

    return rss_feed([(link, "Venezuela strikes", "Maduro", day) for link, day in items])


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _redirect_to(location: str):
    from web_server import send

    def handler(request, nth: int) -> int:
        return send(request, 302, b"", {"Location": location})

    return handler


# Each probe: name → (build(tmp, site) → story path, check(db, site) after the run).
def _probe_manifest_year(year: str):
    def build(tmp, site):
        return _local_story(tmp, {"bad.txt": GOOD_TEXT + "\nMore."}, _entry("bad.txt", year))

    def check(db, site):
        [(basis, published)] = _rows(
            db, "SELECT published_basis, published_at FROM articles WHERE url LIKE '%bad.txt'"
        )
        assert published is None and "ignored: outside 1900-01-01" in basis

    return build, check


def _probe_nul_bytes():
    def build(tmp, site):
        # Past the first 4 kB, where the binary-file sniffing does not look.
        text = GOOD_TEXT + "\n" + "Filler. " * 700 + "\nStrikes killed 1\x002 more people.\x00\n"
        return _local_story(tmp, {"nul.txt": text}, _entry("nul.txt", "2025-12-02"))

    def check(db, site):
        assert _rows(db, "SELECT count(*) FROM t_article_versions WHERE url LIKE '%nul.txt'") == [
            (1,)
        ]
        assert _rows(db, "SELECT count(*) FROM t_article_versions WHERE contains(text, chr(0))")[
            0
        ] == (0,)
        assert _rows(db, "SELECT count(*) FROM claims WHERE contains(sentence, chr(0))")[0] == (0,)

    return build, check


def _probe_page_of_numbers():
    def build(tmp, site):
        return _local_story(tmp, {"numbers.txt": NUMBERS}, _entry("numbers.txt", "2025-12-02"))

    def check(db, site):
        [(n, longest)] = _rows(
            db,
            "SELECT count(*), max(length(sentence)) FROM claims WHERE url LIKE '%numbers.txt'",
        )
        assert n >= 6000 and longest <= 1000  # every figure, each with a bounded clause

    return build, check


def _probe_local_file_too_large():
    def build(tmp, site):
        return _local_story(tmp, {"huge.txt": NUMBERS * 200}, _entry("huge.txt", "2025-12-02"))

    def check(db, site):
        [(error,)] = _rows(db, "SELECT error FROM fetch_log WHERE url LIKE '%huge.txt'")
        assert "larger than the 5 MB cap (FACTDRIFT_FETCH_MAX_BYTES)" in error

    return build, check


def _probe_list_bad_urls():
    def build(tmp, site):
        body = "\n".join(
            [
                "http://[::1/unclosed",
                "http://127.0.0.1:99999/port",
                site.url(GOOD_PAGE).replace("http://", "http://user:Secret@"),
            ]
        )
        return _web_story(tmp, site, "urls", body.encode())

    def check(db, site):
        errors = [e for (e,) in _rows(db, "SELECT error FROM fetch_log WHERE outcome = 'error'")]
        assert sum("not a usable http(s) URL" in (e or "") for e in errors) == 2, errors
        every_text = _rows(
            db,
            "SELECT string_agg(url, ' ') FROM (SELECT url FROM fetch_log UNION ALL "
            "SELECT url FROM articles UNION ALL SELECT url FROM watched_urls)",
        )[0][0]
        assert "Secret" not in every_text and "secret" not in every_text
        assert not any("authorization" in s.headers for s in site.seen)

    return build, check


def _probe_feed_bad_entries():
    def build(tmp, site):
        body = _rss(
            site,
            [
                ("http://[::1/unclosed", "Mon, 01 Dec 2025 08:00:00 GMT"),
                (site.url("/news/future"), "Fri, 31 Dec 9999 08:00:00 GMT"),
                (site.url(GOOD_PAGE), "Mon, 01 Dec 2025 08:00:00 GMT"),
            ],
        )
        from web_server import Route, article_page

        site.routes["/news/future"] = Route(
            article_page("Future", GOOD_TEXT + "\nAgain.", published=None)
        )
        return _web_story(tmp, site, "feed", body)

    def check(db, site):
        [(day, basis)] = _rows(
            db, "SELECT published_at, published_basis FROM articles WHERE url LIKE '%future'"
        )
        assert day is None or day.year < 2100, (day, basis)  # 9999 is not a publication date
        assert "9999" not in basis
        errors = [e for (e,) in _rows(db, "SELECT error FROM fetch_log WHERE outcome = 'error'")]
        assert any("not a usable http(s) URL" in (e or "") for e in errors), errors

    return build, check


def _probe_redirect_bad_port():
    def build(tmp, site):
        from web_server import Route

        site.routes["/moved"] = Route(handler=_redirect_to("http://127.0.0.1:99999/x"))
        body = f"{site.url('/moved')}\n{site.url(GOOD_PAGE)}\n"
        return _web_story(tmp, site, "urls", body.encode())

    def check(db, site):
        [(error,)] = _rows(db, "SELECT error FROM fetch_log WHERE url LIKE '%/moved'")
        assert "Port out of range" in error

    return build, check


def _probe_url_in_query():
    def build(tmp, site):
        from web_server import Route, article_page

        site.routes["/share?url=https%3A%2F%2Fexample.invalid%2Fother"] = Route(
            article_page("Shared", GOOD_TEXT + "\nShared.")
        )
        body = f"{site.url('/share')}?url=https://example.invalid/other\n{site.url(GOOD_PAGE)}\n"
        return _web_story(tmp, site, "urls", body.encode())

    def check(db, site):
        urls = [u for (u,) in _rows(db, "SELECT url FROM articles ORDER BY url")]
        assert any("/share?url=" in u for u in urls), urls
        assert not any(u.startswith("https://example.invalid") for u in urls)

    return build, check


def _probe_feed_too_long():
    def build(tmp, site):
        from web_server import rss_feed

        items = [(site.url(f"/n/{i}"), "Markets", "Stocks", "") for i in range(5003)]
        items.append((site.url(GOOD_PAGE), "Venezuela", "Maduro", ""))
        return _web_story(tmp, site, "feed", rss_feed(items[-1:] + items[:-1]))

    def check(db, site):
        [(note,)] = _rows(db, "SELECT error FROM fetch_log WHERE outcome = 'listed'")
        assert note == "rss lists 5004 entries; only the first 5000 were read (cap 5000)"

    return build, check


PROBES = {
    "manifest date year 9999": _probe_manifest_year("9999-12-31"),
    "manifest date year 1": _probe_manifest_year("0001-01-01"),
    "NUL bytes in an article": _probe_nul_bytes(),
    "a sentence of 6,000 numbers": _probe_page_of_numbers(),
    "local file over the size cap": _probe_local_file_too_large(),
    "URL list: IPv6 without bracket, bad port, credentials": _probe_list_bad_urls(),
    "feed: IPv6 without bracket, year 9999": _probe_feed_bad_entries(),
    "redirect to a port out of range": _probe_redirect_bad_port(),
    "a URL carrying another URL": _probe_url_in_query(),
    "feed of more than 5,000 entries": _probe_feed_too_long(),
}


@pytest.fixture
def site():
    from web_server import LocalSite

    with LocalSite() as local:
        yield local


@pytest.mark.flow
@pytest.mark.parametrize("name", list(PROBES))
def test_hostile_input_is_isolated(prefect_harness, tmp_path: Path, site, name: str) -> None:
    """The bad input is logged or neutralized; the good one is stored; the run completes."""
    from prefect.settings import PREFECT_API_URL

    build, check = PROBES[name]
    story = build(tmp_path, site)
    db = tmp_path / "f.duckdb"
    env = {
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "FACTDRIFT_ALLOW_PRIVATE_ADDRESSES": "true",
        "FACTDRIFT_FETCH_TIMEOUT_SECONDS": "3",
        "FACTDRIFT_FETCH_RETRIES": "0",
        "FACTDRIFT_PREFECT_EVENTS": "false",
    }
    proc = factdrift("run", "--db", str(db), "--story", str(story), env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert _rows(db, "SELECT status FROM runs") == [("completed",)]
    good = _rows(db, "SELECT count(*) FROM articles WHERE url LIKE '%good%'")
    assert good == [(1,)], _rows(db, "SELECT url, outcome, error FROM fetch_log")
    check(db, site)


def test_replay_accepts_a_datetime_where_a_date_was_expected(tmp_path: Path) -> None:
    """Replay compares publication days: a manifest datetime counts as its day."""
    from factdrift.pipelines.ingest.discover import read_manifest

    (tmp_path / "manifest.toml").write_text(
        '[articles."a.txt"]\npublished = 2025-12-01T10:30:00\n\n'
        '[articles."b.txt"]\npublished = 9999-12-31\n',
        encoding="utf-8",
    )
    docs = read_manifest(tmp_path)
    from datetime import date

    from factdrift.flows.steps import published_by

    assert docs["a.txt"].published == date(2025, 12, 1)
    assert docs["b.txt"].published is None
    assert [d.location for d in published_by(list(docs.values()), date(2025, 12, 1))] == [
        str(tmp_path / "a.txt")
    ]


@pytest.mark.flow
def test_replay_through_the_cli_with_a_datetime_and_a_year_9999(
    prefect_harness, tmp_path: Path
) -> None:
    """The same manifest through ``factdrift replay``: the datetime is its day, the year
    9999 is no date (left out, said so), the run of each day completes, no traceback."""
    from prefect.settings import PREFECT_API_URL

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "story.toml").write_text(
        (ROOT / "seeds" / "story.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(GOOD_TEXT + f"\n{name}.", encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '[articles."a.txt"]\npublished = 2025-12-01T10:30:00\noutlet = "Wire"\n\n'
        '[articles."b.txt"]\npublished = 2025-12-02\noutlet = "Daily"\n\n'
        '[articles."c.txt"]\npublished = 9999-12-31\noutlet = "Future"\n',
        encoding="utf-8",
    )
    db = tmp_path / "f.duckdb"
    env = {"PREFECT_API_URL": str(PREFECT_API_URL.value()), "FACTDRIFT_PREFECT_EVENTS": "false"}
    proc = factdrift("replay", str(folder), "--db", str(db), env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert "left out (no publication date): c.txt" in proc.stdout
    assert _rows(db, "SELECT status FROM runs") == [("completed",), ("completed",)]
    published = _rows(
        db, "SELECT regexp_extract(url, '[^/]+$'), published_at FROM articles ORDER BY 1"
    )
    assert [(n, str(d)) for n, d in published] == [("a.txt", "2025-12-01"), ("b.txt", "2025-12-02")]


def test_empty_keyword_is_refused(tmp_path: Path) -> None:
    story = _story_file(tmp_path, '[[sources]]\nkind = "folder"\nlocation = "."\n', keywords='[""]')
    proc = factdrift("run", "--db", str(tmp_path / "f.duckdb"), "--story", str(story))
    assert_one_plain_line(proc, "keyword '' has no letters or digits")


def test_another_run_in_progress_exits_2(tmp_path: Path) -> None:
    from factdrift.storage.runlock import run_lock

    db = tmp_path / "f.duckdb"
    with run_lock(db):
        proc = factdrift("run", "--db", str(db))
    assert_one_plain_line(proc, f"another run (PID {os.getpid()}) is in progress")


def test_damaged_database_is_not_reported_as_in_use(tmp_path: Path) -> None:
    db = tmp_path / "f.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE t AS SELECT range AS a, range::VARCHAR AS b FROM range(3000000)")
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 300_000] = b"A" * 300_000
    db.write_bytes(bytes(data))
    proc = factdrift("sql", "--db", str(db), "SELECT sum(a), max(b) FROM t")
    assert_one_plain_line(proc, "Corrupt database file")
    assert "in use by another program" not in proc.stderr


@pytest.mark.flow
def test_a_run_that_fails_is_marked_failed_in_one_line(prefect_harness, tmp_path: Path) -> None:
    """A failure of the run's own (here: its source folder is gone) is one line, exit 2, no
    traceback from Prefect or DuckDB, and the run is ``failed`` with the reason."""
    from prefect.settings import PREFECT_API_URL

    story = _story_file(
        tmp_path, f'[[sources]]\nkind = "folder"\nlocation = "{tmp_path / "gone"}"\n'
    )
    db = tmp_path / "f.duckdb"
    env = {"PREFECT_API_URL": str(PREFECT_API_URL.value()), "FACTDRIFT_PREFECT_EVENTS": "false"}
    proc = factdrift("run", "--db", str(db), "--story", str(story), env=env)
    assert_one_plain_line(proc, "does not exist or is not a folder")
    [(status, error)] = _rows(db, "SELECT status, error FROM runs")
    assert status == "failed" and "does not exist or is not a folder" in error


@pytest.mark.flow
def test_a_story_of_2500_facts_runs(prefect_harness, tmp_path: Path) -> None:
    """Prefect keeps each flow run's parameters (at most 512 KB): a big catalog used to be
    refused with a 422 after the story validated. The run records a summary of it."""
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    story_path = _local_story(tmp_path, {}, "")
    extra = "".join(
        f'\n[[facts]]\nkey = "filler_fact_{i:04d}"\nlabel = "Filler fact number {i}, '
        f'{"padded " * 20}"\nkind = "count"\nunit = "widgets"\n'
        f'cues = ["widgetcue{i}", "otherwidgetcue{i}"]\nsubjects = ["widgets{i}"]\n'
        for i in range(2500)
    )
    story_path.write_text(story_path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert story_path.stat().st_size > 600_000
    settings = load_settings(db=tmp_path / "f.duckdb", story=story_path, prefect_events=False)
    story = load_story(story_path)
    result = factdrift_run(settings, story)
    assert result.totals.n_new_versions == 1
    assert _rows(tmp_path / "f.duckdb", "SELECT status FROM runs") == [("completed",)]


def test_a_sentence_of_numbers_is_read_in_bounded_pieces(seed_story) -> None:
    """Every figure of a 5,000-number "sentence" is kept, each with its span and a bounded
    piece as its sentence, none tied to a fact; the prose after it still links."""
    from datetime import date

    from factdrift.pipelines.claims import (
        MAX_FIGURES_PER_SENTENCE,
        MAX_SENTENCE_CHARS,
        extract_claims,
    )

    numbers = [str(10_000 + i) for i in range(5_000)]
    text = (
        "Officials said " + " ".join(numbers) + " people died.\n\n"
        "US strikes on alleged drug boats have killed at least 83 people, the Pentagon said.\n"
    )
    claims = extract_claims(text, date(2025, 12, 1), seed_story)
    listed = [c for c in claims if c.kind != "date" and c.value is not None and c.value >= 10_000]
    assert [text[c.span_start : c.span_end] for c in listed] == numbers
    assert max(len(c.sentence) for c in claims) <= MAX_SENTENCE_CHARS
    per_sentence: dict[str, int] = {}
    for c in listed:
        per_sentence[c.sentence] = per_sentence.get(c.sentence, 0) + 1
    assert max(per_sentence.values()) <= MAX_FIGURES_PER_SENTENCE
    assert all(c.fact_key is None for c in listed)
    assert [c.fact_key for c in claims if c.value == 83] == ["boat_strike_deaths"]
