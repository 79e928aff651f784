"""Worst-case extraction: time against the number of figures in one sentence.

Linking compares the figures of a sentence with each other, so a "sentence" of thousands
of numbers (a table flattened into one line, a page of numbers) is the worst input the
extractor meets. The caps in ``pipelines/claims`` (MAX_SENTENCE_CHARS,
MAX_FIGURES_PER_SENTENCE) make it linear: the time per figure must stay flat as the
sentence grows. Run from the repository root, in the project's venv::

    python bench/bench_worst_case.py            # 1,000 … 16,000 figures, then 20,000
    python bench/bench_worst_case.py --repeat 3  # best of 3 per size

Prints one row per size (seconds, microseconds per figure, claims, longest stored
sentence) and a last row for a whole 20,000-number article. Never run as a test.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent))  # run from a checkout without installing

from factdrift.pipelines.claims import extract_claims  # noqa: E402
from factdrift.pipelines.story import load_story  # noqa: E402

SIZES = (1_000, 2_000, 4_000, 8_000, 16_000)
PUBLISHED = date(2025, 12, 1)


def one_sentence(n: int) -> str:
    """A single sentence holding ``n`` distinct figures."""
    return "Officials counted " + " ".join(str(1_000 + i) for i in range(n)) + " boats.\n"


def measure(text: str, story, repeat: int) -> tuple[float, int, int]:
    """Best time of ``repeat`` extractions, the claims and the longest stored sentence."""
    best, claims = float("inf"), []
    for _ in range(repeat):
        started = time.perf_counter()
        claims = extract_claims(text, PUBLISHED, story)
        best = min(best, time.perf_counter() - started)
    return best, len(claims), max((len(c.sentence) for c in claims), default=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per size")
    args = parser.parse_args()
    story = load_story(ROOT / "seeds" / "story.toml")
    extract_claims(one_sentence(10), PUBLISHED, story)  # warm up: compile the catalog

    print("| figures in one sentence | seconds | µs per figure | claims | longest sentence |")
    print("|---|---|---|---|---|")
    for n in SIZES:
        seconds, n_claims, longest = measure(one_sentence(n), story, args.repeat)
        print(f"| {n:,} | {seconds:.2f} | {seconds / n * 1e6:.0f} | {n_claims:,} | {longest:,} |")
    seconds, n_claims, longest = measure(one_sentence(20_000), story, args.repeat)
    print(
        f"| 20,000 (whole article, {len(one_sentence(20_000)) // 1000} KB) | {seconds:.2f} | "
        f"{seconds / 20_000 * 1e6:.0f} | {n_claims:,} | {longest:,} |"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
