"""Benchmark web ingestion: 1,000 generated article pages from a local server.

Serves 1,000 pages (~60 KB of HTML each, built from the seed texts with boilerplate and
varied figures) from a ThreadingHTTPServer on 127.0.0.1, lists them in a sitemap, and
ingests them through the real path, calling the flow's steps directly (no Prefect, so the
figure is the pipeline's, not the orchestrator's): discover (sitemap fetch + parse) →
fetch (httpx, async) → read (trafilatura) → select → extract claims → store (DuckDB).
It does so twice, into fresh databases: serially in one process, then with reading and
extraction on worker processes (one per core, ``flows.parallel``), and prints both, the
speed-up, whether both stored the same claims, articles per second per stage and peak
memory (RSS). Not a test.

Reproduce:
    python bench/bench_ingest.py     (from the repository root, in the project venv)
"""

from __future__ import annotations

import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from ingest_helpers import FAST, seed_text, write_story  # noqa: E402
from web_server import LocalSite, Route, article_page, sitemap  # noqa: E402

N_PAGES = 1000
TARGET_BYTES = 60_000


def _page(i: int) -> bytes:
    text = seed_text(i % 5)
    # Vary the figures so pages differ: every number gets a page-specific offset.
    text = re.sub(r"\b(\d{2,3})\b", lambda m: str(int(m.group(1)) + i % 17), text)
    title = f"Story {i} on Maduro and Venezuela"
    bare = len(article_page(title, text, padding=0))
    per_ad = len(article_page(title, text, padding=1)) - bare  # one boilerplate block
    return article_page(title, text, padding=max(0, (TARGET_BYTES - bare) // per_ad))


def _ingest(site: LocalSite, tmp: Path, name: str, pool) -> tuple[dict, list, object, int]:
    """discover → fetch → read → select → extract → store into a fresh database."""
    from factdrift.flows import steps
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story
    from factdrift.storage.db import connect

    story_path = write_story(
        tmp, f'[[sources]]\nkind = "sitemap"\nlocation = "{site.url("/sitemap.xml")}"\n'
    )
    options = {**FAST, "fetch_timeout_seconds": 10.0}  # the default timeout
    settings = load_settings(db=tmp / f"{name}.duckdb", story=story_path, **options)
    story = load_story(story_path)
    run_id = "bench"
    steps.open_run(settings, story, run_id, None)
    timings = {}
    t = time.perf_counter()
    found = steps.discover_sources(settings, story)
    timings["discover"] = time.perf_counter() - t
    t = time.perf_counter()
    fetched = steps.fetch_pages(settings, found)
    timings["fetch"] = time.perf_counter() - t
    t = time.perf_counter()
    batch = steps.read_articles(settings, story, found, fetched, pool)
    timings["read (trafilatura)"] = time.perf_counter() - t
    t = time.perf_counter()
    versions = steps.select_new_versions(settings, batch.texts)
    claims = steps.extract([text for text, _ in versions], story, pool)
    timings["extract claims"] = time.perf_counter() - t
    t = time.perf_counter()
    steps.log_inputs(settings, run_id, batch)
    n_claims = steps.store_versions(settings, run_id, versions, claims, batch)
    timings["store"] = time.perf_counter() - t
    with connect(settings.db, read_only=True) as con:
        ids = con.execute("SELECT claim_id FROM t_claims ORDER BY claim_id").fetchall()
    return timings, ids, batch, n_claims


def _report(label: str, timings: dict, n_stored: int) -> float:
    total = sum(timings.values())
    print(f"{label}: total {total:.2f} s, {n_stored / total:.1f} articles/s end to end")
    for stage, seconds in timings.items():
        print(f"  {stage:<20} {seconds:7.2f} s  {N_PAGES / seconds:8.1f} articles/s")
    return total


def main() -> None:
    from factdrift.flows import parallel
    from factdrift.flows.steps import SerialPool
    from factdrift.pipelines import work
    from factdrift.pipelines.config import load_settings

    with LocalSite() as site, tempfile.TemporaryDirectory() as tmp:
        pages = {f"/a/{i}": _page(i) for i in range(N_PAGES)}
        for path, body in pages.items():
            site.routes[path] = Route(body)
        site.routes["/sitemap.xml"] = Route(
            sitemap([site.url(p) for p in pages]), content_type="application/xml"
        )
        serial = _ingest(site, Path(tmp) / "serial", "serial", SerialPool())
        with parallel.pool_for(load_settings()) as pool:
            # Start the worker processes first (a long-running serve keeps them).
            pool.map(work.read_docs, [([],)] * pool.workers)
            fanned = _ingest(site, Path(tmp) / "parallel", "parallel", pool)
            workers = pool.workers

    avg_kb = sum(len(b) for b in pages.values()) / len(pages) / 1000
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings, ids, batch, n_claims = fanned
    print(f"pages served: {N_PAGES} (avg {avg_kb:.0f} KB HTML)")
    print(f"stored: {len(batch.texts)} articles, {n_claims} claims, {len(batch.errors)} errors")
    one = _report("serial (one process)", serial[0], len(serial[2].texts))
    many = _report(f"parallel ({workers} worker processes)", timings, len(batch.texts))
    print(f"speed-up: {one / many:.2f}x; same claims: {ids == serial[1]}")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    for line in sorted(set(e.split(": ", 1)[-1] for e in batch.errors))[:5]:
        print("  error:", line)
    print("reproduce: python bench/bench_ingest.py")


if __name__ == "__main__":
    main()
