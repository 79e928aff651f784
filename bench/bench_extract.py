"""Benchmark: factdrift's extractor against peers on the same text, in one run.

Peers: quantulum3 (numbers and quantities) and dateparser's ``search_dates`` (dates, with
``RELATIVE_BASE`` = the article's publication date, preferring past dates as news does).

Scoring is value-level, on the sentences that hold a gold figure (gold files in the
format of ``tests/gold/seeds.jsonl``):

* numbers — a predicted value matches a gold number when equal (relative 1e-6); each gold
  item matches once. factdrift's value is the figure as written (``Claim.value``);
  quantulum3's is ``Quantity.value`` (× 12 when its unit is "dozen", to be fair to it).
* dates — a gold date is its day interval (``factdrift.pipelines.intervals.date_interval``; "about"
  is ±2 days); a prediction (a day, or factdrift's interval) matches when it overlaps the
  gold interval widened by one day on each side.
* precision counts every value a tool finds in those sentences, so a year or an ordinal
  taken for a figure costs precision, as it would in a pipeline built on that tool.

Throughput: each tool reads every article of the corpus, whole, on one core; sentences
per second = sentences in the corpus (factdrift's splitter) / seconds. Repeated until at
least ``--min-seconds`` have passed, best of 3.

    python bench/bench_extract.py            # all corpora in the repository
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factdrift.pipelines.claims import extract_claims  # noqa: E402
from factdrift.pipelines.claims.text import normalize, split_sentences  # noqa: E402
from factdrift.pipelines.intervals import date_interval  # noqa: E402
from factdrift.pipelines.story import Story, load_story  # noqa: E402

NUMBER, DATE = "number", "date"


@dataclass
class Corpus:
    """A gold file with its articles, publication dates and story."""

    name: str
    story: Story
    docs: dict[str, str]  # file name -> text
    published: dict[str, date | None]
    gold: list[dict]


@dataclass
class Found:
    """A value a tool found: its character span, type and value or day interval."""

    start: int
    end: int
    type: str
    value: float | None = None
    days: tuple[date, date] | None = None


@dataclass
class Score:
    """Value-level counts for one tool on one corpus and value type."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    seconds: list[float] = field(default_factory=list)

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall, F1."""
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_corpora() -> list[Corpus]:
    """The seed gold and every development story folder."""
    corpora = [_corpus("seeds", ROOT / "tests/gold/seeds.jsonl", ROOT / "seeds")]
    for folder in sorted((ROOT / "tests/corpus/dev").glob("*/")):
        if (folder / "gold.jsonl").exists():
            corpora.append(_corpus(f"dev/{folder.name}", folder / "gold.jsonl", folder))
    return corpora


def _corpus(name: str, gold_path: Path, folder: Path) -> Corpus:
    gold = [json.loads(line) for line in gold_path.read_text().splitlines() if line.strip()]
    manifest = tomllib.loads((folder / "manifest.toml").read_text()).get("articles", {})
    names = sorted({g["doc"] for g in gold})
    return Corpus(
        name=name,
        story=load_story(folder / "story.toml"),
        docs={n: (folder / n).read_text(encoding="utf-8") for n in names},
        published={n: manifest.get(n, {}).get("published") for n in names},
        gold=gold,
    )


# --------------------------------------------------------------------------- the tools


def factdrift_values(text: str, published: date | None, story: Story) -> list[Found]:
    """Every figure and date factdrift's extractor reads in ``text``."""
    found = []
    for c in extract_claims(text, published, story):
        if c.kind == "date":
            if c.date_low or c.date_high:
                low = c.date_low or c.date_high
                high = c.date_high or c.date_low
                found.append(Found(c.span_start, c.span_end, DATE, days=(low, high)))
        elif c.value is not None:
            found.append(Found(c.span_start, c.span_end, NUMBER, value=c.value))
    return found


def quantulum_values(text: str, published: date | None, story: Story) -> list[Found]:
    """Every quantity quantulum3 reads in ``text``."""
    from quantulum3 import parser

    found = []
    for q in parser.parse(text):
        value = q.value * 12 if q.unit.name == "dozen" else q.value
        found.append(Found(q.span[0], q.span[1], NUMBER, value=float(value)))
    return found


def dateparser_values(text: str, published: date | None, story: Story) -> list[Found]:
    """Every date dateparser's search_dates finds in ``text`` (spans located by search)."""
    from dateparser.search import search_dates

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    results = search_dates(text, languages=["en"], settings=settings) or []
    found, cursor = [], 0
    for surface, when in results:
        start = text.find(surface, cursor)
        start = text.find(surface) if start < 0 else start
        cursor = max(cursor, start + len(surface))
        day = when.date()
        found.append(Found(start, start + len(surface), DATE, days=(day, day)))
    return found


TOOLS: dict[str, tuple[Callable[[str, date | None, Story], list[Found]], tuple[str, ...]]] = {
    "factdrift": (factdrift_values, (NUMBER, DATE)),
    "quantulum3": (quantulum_values, (NUMBER,)),
    "dateparser": (dateparser_values, (DATE,)),
}


# --------------------------------------------------------------------------- scoring


def gold_sentences(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of the sentences (factdrift's splitter) holding each gold quote."""
    plain = normalize(text)
    sentences = split_sentences(plain)
    spans = set()
    for quote in quotes:
        at = plain.find(normalize(quote))
        if at < 0:
            at = text.find(quote)
        for start, end in sentences:
            if start <= at < end:
                spans.add((start, end))
    return sorted(spans)


def gold_value(item: dict) -> Found:
    """A gold item as a value to match."""
    if item["unit"] == "date":
        low = date.fromisoformat(item["value"])
        high = date.fromisoformat(item["value_high"]) if item.get("value_high") else None
        d_low, d_high = date_interval(item["qualifier"], low, high)
        return Found(0, 0, DATE, days=(d_low or low, d_high or low))
    return Found(0, 0, NUMBER, value=float(item["value"]))


def matches(pred: Found, gold: Found) -> bool:
    """Value-level match (see the module docstring)."""
    if pred.type != gold.type:
        return False
    if pred.type == NUMBER:
        return abs(pred.value - gold.value) <= 1e-6 * max(1.0, abs(gold.value))
    one = timedelta(days=1)
    return pred.days[0] <= gold.days[1] + one and pred.days[1] >= gold.days[0] - one


def score_doc(found: list[Found], gold: list[dict], sentences, scores: dict[str, Score]) -> None:
    """Add one document's counts, per value type, into ``scores``."""
    inside = [f for f in found if any(s <= f.start < e for s, e in sentences)]
    for value_type, score in scores.items():
        preds = [f for f in inside if f.type == value_type]
        golds = [gold_value(g) for g in gold]
        golds = [g for g in golds if g.type == value_type]
        used = [False] * len(golds)
        for p in preds:
            for i, g in enumerate(golds):
                if not used[i] and matches(p, g):
                    used[i] = True
                    break
        score.tp += sum(used)
        score.n_pred += len(preds)
        score.n_gold += len(golds)


def run_tool(name: str, corpus: Corpus, min_seconds: float) -> dict[str, Score]:
    """Score one tool on one corpus and time it over the whole articles."""
    fn, types = TOOLS[name]
    scores = {t: Score() for t in types}
    by_doc: dict[str, list[dict]] = {}
    for g in corpus.gold:
        by_doc.setdefault(g["doc"], []).append(g)
    for doc, text in corpus.docs.items():
        found = fn(text, corpus.published[doc], corpus.story)
        sentences = gold_sentences(text, [g["quote"] for g in by_doc[doc]])
        score_doc(found, by_doc[doc], sentences, scores)
    seconds = time_tool(fn, corpus, min_seconds)
    for s in scores.values():
        s.seconds.append(seconds)
    return scores


def time_tool(fn, corpus: Corpus, min_seconds: float) -> float:
    """Seconds per pass over the corpus: best of 3 timings of repeated passes."""
    best = float("inf")
    for _ in range(3):
        passes, started = 0, time.perf_counter()
        while True:
            for doc, text in corpus.docs.items():
                fn(text, corpus.published[doc], corpus.story)
            passes += 1
            elapsed = time.perf_counter() - started
            if elapsed >= min_seconds:
                break
        best = min(best, elapsed / passes)
    return best


def count_sentences(corpus: Corpus) -> int:
    """Sentences in the corpus, by factdrift's splitter."""
    return sum(len(split_sentences(normalize(t))) for t in corpus.docs.values())


def main() -> None:
    parser = argparse.ArgumentParser(description="factdrift vs quantulum3 and dateparser")
    parser.add_argument("--min-seconds", type=float, default=1.0)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    for name in ("quantulum3", "dateparser"):  # warm up: both load models/data lazily
        TOOLS[name][0]("Warm up on November 21 with 5 people.", date(2025, 12, 1), None)
    header = f"{'corpus':<38}{'type':<8}{'tool':<12}{'P':>6}{'R':>6}{'F1':>6}{'sent/s':>10}"
    print(header)
    print("-" * len(header))
    ratios = []
    for corpus in load_corpora():
        n_sent = count_sentences(corpus)
        results = {name: run_tool(name, corpus, args.min_seconds) for name in TOOLS}
        for value_type, peer in ((NUMBER, "quantulum3"), (DATE, "dateparser")):
            for tool in ("factdrift", peer):
                s = results[tool][value_type]
                p, r, f = s.prf()
                rate = n_sent / s.seconds[0]
                print(
                    f"{corpus.name:<38}{value_type:<8}{tool:<12}{p:6.2f}{r:6.2f}{f:6.2f}{rate:10.0f}"
                )
        fd = results["factdrift"][NUMBER].seconds[0]
        ratios.append(
            (
                corpus.name,
                n_sent,
                n_sent / fd,
                results["quantulum3"][NUMBER].seconds[0] / fd,
                results["dateparser"][DATE].seconds[0] / fd,
            )
        )
    print()
    print(
        f"{'corpus':<38}{'sentences':>10}{'factdrift sent/s':>18}"
        f"{'× quantulum3':>14}{'× dateparser':>14}"
    )
    for name, n_sent, rate, vs_q, vs_d in ratios:
        print(f"{name:<38}{n_sent:>10}{rate:>18.0f}{vs_q:>14.1f}{vs_d:>14.1f}")
    print("\n(× = how many times faster factdrift read the same articles, same run, one core)")


if __name__ == "__main__":
    main()
