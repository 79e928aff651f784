"""Benchmark: what a run costs as the database grows to 1,000 / 10,000 / 100,000 articles.

For each size, a story folder of N article files (the seed texts, published over 120 days
by 37 outlets, the death toll creeping up day by day, each file with a short reference
line of its own) and a database holding them are generated, as if a daily schedule had
read them: one run per day storing that day's articles and reconciling. Generation is
fast because each (seed, day) text is extracted once and its claims reused for every
article made from it (checked: the reference line adds no claim), and versions go in
through the storage layer's bulk insert.

Then, in a fresh process (so peak RSS is the runs', not the generator's), it measures:

* a run with nothing new, through the real Prefect flow (ephemeral API, started and
  warmed beforehand: the figure is beyond Prefect's start-up), and the same steps called
  directly;
* a run with 10 new articles (a new day), through the flow;
* query latency (median of 5, read-only connection): ``current_facts``, one fact's
  ``fact_timeline``, ``facts_on(day)``, the ``events`` view;
* database file size per 1,000 articles, peak RSS of the measuring process.

``--overhead`` also runs 1,000 new articles through the Prefect flow and through the
steps called directly (fresh database each, worker pool warmed for both) and prints the
ratio.

    python bench/bench_growth.py                       # 1k, 10k, 100k (long: ~1 h)
    python bench/bench_growth.py --sizes 1000 10000 --overhead
    python bench/bench_growth.py --keep /var/tmp/growth   # generate once, measure again later

Not a test: figures go to the README with this command.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factdrift.flows.prefect_env import apply_prefect_defaults  # noqa: E402

SEEDS = ROOT / "seeds"
DAYS = 120
START = date(2025, 8, 1)
OUTLETS = 37
FACT = "boat_strike_deaths"
SETTLED_NS = 3600 * 10**9  # generated files are dated an hour back: settled, not racy


def _code(i: int) -> str:
    """A letters-only reference unique to article ``i`` (digits would be read as figures)."""
    letters = "bcdfghjklmnpqrstvwxz"
    out = ""
    while True:
        out += letters[i % 20]
        i //= 20
        if not i:
            return out.capitalize()


def _template(seed: int, day: int) -> str:
    text = sorted(SEEDS.glob("*.txt"))[seed].read_text(encoding="utf-8")
    return text.replace("at least 83", f"at least {83 + day}")


def _article_text(seed: int, day: int, i: int) -> str:
    return f"{_template(seed, day)}\n\nDesk reference {_code(i)}.\n"


def _plan(n: int, first: int = 0) -> list[tuple[int, int, int]]:
    """(article number, seed, day) of ``n`` articles spread evenly over the days."""
    return [(i, i % 5, min(DAYS - 1, (i - first) * DAYS // n)) for i in range(first, first + n)]


def _story_folder(work: Path) -> Path:
    folder = work / "articles"
    folder.mkdir(parents=True)
    story = (SEEDS / "story.toml").read_text(encoding="utf-8")
    (work / "story.toml").write_text(story.replace('location = "."', 'location = "articles"'))
    return folder


def _manifest_entry(i: int, day: date) -> str:
    return (
        f'[articles."{i:06d}.txt"]\npublished = {day.isoformat()}\n'
        f'published_basis = "generated"\noutlet = "outlet-{i % OUTLETS:02d}"\n'
    )


def generate(work: Path, n: int) -> None:
    """Write the folder and fill the database as a daily schedule would have."""
    from factdrift.flows import steps
    from factdrift.pipelines.claims import EXTRACTOR_VERSION, extract_claims
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.ingest.read import _first_line, normalize_text, text_hash
    from factdrift.pipelines.model import ArticleText
    from factdrift.pipelines.story import load_story
    from factdrift.storage import files as file_store
    from factdrift.storage import store
    from factdrift.storage.db import connect

    folder = _story_folder(work)
    settings = load_settings(db=work / "growth.duckdb", story=work / "story.toml")
    story = load_story(settings.story)
    claims: dict[tuple[int, int], list] = {}
    for seed in range(5):
        for day in range(DAYS):
            published = START + timedelta(days=day)
            one = extract_claims(normalize_text(_article_text(seed, day, 1)), published, story)
            if day % 30 == 0:
                other = normalize_text(_article_text(seed, day, 12345))
                assert one == extract_claims(other, published, story), "reference adds a claim"
            claims[seed, day] = one
    by_day: dict[int, list] = {}
    old = time.time_ns() - SETTLED_NS
    states, manifest = [], []
    for i, seed, day in _plan(n):
        path = folder / f"{i:06d}.txt"
        path.write_text(_article_text(seed, day, i), encoding="utf-8")
        os.utime(path, ns=(old, old))
        text = normalize_text(_article_text(seed, day, i))
        published = START + timedelta(days=day)
        manifest.append(_manifest_entry(i, published))
        at = datetime.combine(published, datetime.max.time().replace(microsecond=0))
        article = ArticleText(
            url=path.resolve().as_uri(),
            outlet=f"outlet-{i % OUTLETS:02d}",
            title=_first_line(text),
            text=text,
            published=published,
            published_basis="generated",
            content_hash=text_hash(text),
            fetched_at=at,
        )
        by_day.setdefault(day, []).append(store.NewVersion(article, 1, claims[seed, day]))
        states.append((str(path), path.stat().st_size, old, article.content_hash))
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    for day, items in sorted(by_day.items()):
        at = items[0].article.fetched_at
        run_id = f"generated-{day:03d}"
        steps.open_run(settings, story, run_id, None, at)
        with connect(settings.db) as con:
            for start in range(0, len(items), 5000):
                store.store_article_versions(
                    con, items[start : start + 5000], run_id=run_id,
                    extractor_version=EXTRACTOR_VERSION,
                )  # fmt: skip
        _, snapshot = steps.reconcile_and_diff(settings, story, run_id, [], at, "replayed")
        totals = store.RunTotals(n_new_versions=len(items))
        steps.close_run(settings, run_id, totals, snapshot, now=at)
    with connect(settings.db) as con:
        file_store.save_file_states(con, states)


def _median_ms(con, sql: str) -> float:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        con.execute(sql).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _direct_run(settings, story) -> object:
    """The flow's steps called directly (no Prefect), as bench_ingest does."""
    import uuid

    from factdrift.flows import parallel, steps
    from factdrift.storage.store import RunTotals

    run_id = uuid.uuid4().hex[:16]
    steps.open_run(settings, story, run_id, None)
    found = steps.discover_sources(settings, story)
    with parallel.pool_for(settings) as pool:
        batch = steps.read_articles(settings, story, found, [], pool)
        versions = steps.select_new_versions(settings, batch.texts)
        claims = steps.extract([t for t, _ in versions], story, pool)
    n = steps.store_versions(settings, run_id, versions, claims, batch)
    _, snapshot = steps.reconcile_and_diff(settings, story, run_id, [])
    steps.close_run(settings, run_id, RunTotals(n_new_versions=len(versions)), snapshot)
    return len(versions), n


def _warm_prefect(tmp: Path) -> float:
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    started = time.perf_counter()
    settings = load_settings(db=tmp / "warm.duckdb", story=SEEDS / "story.toml")
    factdrift_run(settings, load_story(settings.story))
    return time.perf_counter() - started


def measure(work: Path, n: int) -> dict:
    """Runs and queries on a generated database (in a fresh process)."""
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story
    from factdrift.storage.db import connect

    settings = load_settings(db=work / "growth.duckdb", story=work / "story.toml")
    story = load_story(settings.story)
    out: dict = {"articles": n, "prefect_start_s": _warm_prefect(work)}
    # A kept database may have been built by another version of the reconciliation rules,
    # which rebuilds everything once: that run is not the one measured.
    _direct_run(settings, story)
    started = time.perf_counter()
    idle = factdrift_run(settings, story)
    out["idle_flow_s"] = time.perf_counter() - started
    assert idle.totals.n_new_versions == 0, idle.totals
    started = time.perf_counter()
    _direct_run(settings, story)
    out["idle_direct_s"] = time.perf_counter() - started
    folder = work / "articles"
    # A kept database may have had new articles added by earlier measurements: the next
    # ten come after them, on a day of their own.
    extra = sum(1 for _ in folder.glob("*.txt")) - n
    day = START + timedelta(days=DAYS + extra // 10)
    with (folder / "manifest.toml").open("a", encoding="utf-8") as manifest:
        for i, seed, _ in _plan(10, first=n + extra):
            text = _article_text(seed, DAYS + extra // 10, i)
            (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
            manifest.write("\n" + _manifest_entry(i, day))
    started = time.perf_counter()
    ten = factdrift_run(settings, story)
    out["ten_new_flow_s"] = time.perf_counter() - started
    assert ten.totals.n_new_versions == 10, ten.totals
    with connect(settings.db, read_only=True) as con:
        out["claims"] = con.execute("SELECT count(*) FROM t_claims").fetchone()[0]
        out["current_facts_ms"] = _median_ms(con, "SELECT * FROM current_facts")
        out["fact_timeline_ms"] = _median_ms(
            con, f"SELECT * FROM fact_timeline WHERE fact_key = '{FACT}'"
        )
        middle = (START + timedelta(days=DAYS // 2)).isoformat()
        out["facts_on_ms"] = _median_ms(con, f"SELECT * FROM facts_on(DATE '{middle}')")
        out["events_ms"] = _median_ms(con, "SELECT * FROM events")
    out["mb_per_1k"] = settings.db.stat().st_size / 1e6 / (n / 1000)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def overhead(work: Path, n: int = 1000) -> dict:
    """The same ``n`` new articles through the Prefect flow and through direct calls."""
    from factdrift.flows import parallel
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines import work as work_fns
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    folder = _story_folder(work)
    manifest = []
    for i, seed, day in _plan(n):
        (folder / f"{i:06d}.txt").write_text(_article_text(seed, day, i), encoding="utf-8")
        manifest.append(_manifest_entry(i, START + timedelta(days=day)))
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    story = load_story(work / "story.toml")
    _warm_prefect(work)
    with parallel.pool_for(load_settings()) as pool:  # start the workers for both runs
        pool.map(work_fns.extract_texts, [([], story)] * 4)
    out = {}
    for name in ("direct", "flow", "direct2", "flow2"):
        settings = load_settings(db=work / f"{name}.duckdb", story=work / "story.toml")
        started = time.perf_counter()
        if name.startswith("flow"):
            assert factdrift_run(settings, story).totals.n_new_versions == n
        else:
            assert _direct_run(settings, story)[0] == n
        out[name + "_s"] = time.perf_counter() - started
    flow = min(out["flow_s"], out["flow2_s"])
    direct = min(out["direct_s"], out["direct2_s"])
    out["ratio"] = flow / direct
    return out


def _child(args: list[str]) -> dict:
    """Run this script in a fresh process; its last output line is a JSON result."""
    done = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(results: list[dict]) -> str:
    rows = [
        ("claims stored", "claims", "{:,}"),
        ("run, nothing new (flow) s", "idle_flow_s", "{:.2f}"),
        ("run, nothing new (steps direct) s", "idle_direct_s", "{:.2f}"),
        ("run, 10 new articles (flow) s", "ten_new_flow_s", "{:.2f}"),
        ("`current_facts` ms", "current_facts_ms", "{:.1f}"),
        ("`fact_timeline` of one fact ms", "fact_timeline_ms", "{:.1f}"),
        ("`facts_on(day)` ms", "facts_on_ms", "{:.1f}"),
        ("`events` ms", "events_ms", "{:.1f}"),
        ("database MB per 1,000 articles", "mb_per_1k", "{:.1f}"),
        ("peak RSS MB", "peak_rss_mb", "{:.0f}"),
        ("Prefect start-up + seed run s (excluded)", "prefect_start_s", "{:.1f}"),
    ]
    head = "| | " + " | ".join(f"{r['articles']:,} articles" for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]
    for label, key, fmt in rows:
        lines.append(f"| {label} | " + " | ".join(fmt.format(r[key]) for r in results) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--overhead", action="store_true")
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the generated folders and databases under this folder and reuse them "
        "(each measurement adds its 10 new articles to them)",
    )
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--overhead-in", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("-n", type=int, default=1000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    apply_prefect_defaults()
    if args.generate:
        generate(args.generate, args.n)
        print(json.dumps({}))
        return
    if args.measure:
        print(json.dumps(measure(args.measure, args.n)))
        return
    if args.overhead_in:
        print(json.dumps(overhead(args.overhead_in)))
        return
    results = []
    for n in args.sizes:
        kept = args.keep / str(n) if args.keep else None
        work = kept or Path(tempfile.mkdtemp(prefix=f"factdrift-growth-{n}-"))
        try:
            if not (work / "growth.duckdb").exists():
                shutil.rmtree(work, ignore_errors=True)  # a generation that did not finish
                work.mkdir(parents=True)
                started = time.perf_counter()
                _child(["--generate", str(work), "-n", str(n)])
                took = time.perf_counter() - started
                print(f"{n:,} articles generated in {took:.0f} s", flush=True)
            results.append(_child(["--measure", str(work), "-n", str(n)]))
            print(json.dumps(results[-1]), flush=True)
        finally:
            if kept is None:
                shutil.rmtree(work, ignore_errors=True)
    print(_table(results))
    if args.overhead:
        work = Path(tempfile.mkdtemp(prefix="factdrift-overhead-"))
        try:
            result = _child(["--overhead-in", str(work)])
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(
            f"1,000 new articles: Prefect flow {min(result['flow_s'], result['flow2_s']):.2f} s, "
            f"steps called directly {min(result['direct_s'], result['direct2_s']):.2f} s: "
            f"ratio {result['ratio']:.2f}"
        )
    print("reproduce: python bench/bench_growth.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
