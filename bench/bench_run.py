"""Benchmark: one full `factdrift run` over N generated article files.

Generates N articles from the seed texts (each a copy with its own outlet, publication
day and slightly moved figures, so claims and the timeline really grow), runs the real
flow once under Prefect's ephemeral API on a fresh DuckDB file, then a second time (no new
input), and prints wall time, articles per second and peak memory (RSS) of this process.

    python bench/bench_run.py --articles 500

Not a test: numbers go to the README with this command.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factdrift.flows.prefect_env import apply_prefect_defaults  # noqa: E402

SEEDS = ROOT / "seeds"


def generate_corpus(folder: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` articles plus a manifest and a story file pointing at them."""
    rng = random.Random(seed)
    texts = sorted(SEEDS.glob("*.txt"))
    manifest = []
    for i in range(n):
        source = texts[i % len(texts)].read_text(encoding="utf-8")
        bumped = re.sub(r"at least 83", f"at least {83 + i // 50}", source)
        name = f"{i:05d}_bench.txt"
        (folder / name).write_text(
            f"{bumped}\n\nBench note {i}: {rng.random():.6f}\n", encoding="utf-8"
        )
        day = date(2025, 11, 1) + timedelta(days=i % 40)
        manifest.append(
            f'[articles."{name}"]\npublished = {day.isoformat()}\n'
            f'published_basis = "generated"\noutlet = "outlet-{i % 37:02d}"\n'
        )
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    story = (SEEDS / "story.toml").read_text(encoding="utf-8")
    (folder / "story.toml").write_text(story, encoding="utf-8")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    apply_prefect_defaults()

    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    work = Path(tempfile.mkdtemp(prefix="factdrift-bench-"))
    try:
        generate_corpus(work, args.articles)
        settings = load_settings(db=work / "bench.duckdb", story=work / "story.toml")
        story = load_story(settings.story)
        factdrift_run(settings, load_story(SEEDS / "story.toml"))  # warm: server start-up
        (work / "bench.duckdb").unlink()
        started = time.perf_counter()
        first = factdrift_run(settings, story)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        factdrift_run(settings, story)
        second_s = time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"articles: {args.articles}, claims stored: {first.totals.n_new_claims}")
    print(f"first run:  {first_s:.2f} s  ({args.articles / first_s:.1f} articles/s)")
    print(f"second run (nothing new): {second_s:.2f} s")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
