"""Score the claim extractor against gold annotations (JSON lines).

Gold format, one object per line (see ``tests/gold/seeds.jsonl``)::

    {"doc": "002_….txt", "published": "2025-12-04", "fact": "boat_strike_deaths",
     "value": 83, "value_high": null, "qualifier": "at_least", "unit": "people",
     "hedged": false, "quote": "resulting in at least 83 deaths"}

Dates are written ``"2025-11-24"``. The article text is ``docs_dir/<doc>``; its publication
date comes from ``docs_dir/manifest.toml`` and, when the manifest has none, from the gold
item's ``published``. Only the documents the gold file names are read.

Matching rule
-------------
Each gold item becomes an interval with the same :mod:`factdrift.pipelines.intervals` functions the
extractor uses (the kind comes from the story's catalog entry for the gold fact). A
predicted claim matches a gold item when the document, the fact key and the qualifier are
the same and the intervals agree: numbers need equal endpoints (relative tolerance 1e-6),
dates need each endpoint within ±1 day, and an unbounded end only matches an unbounded end.
Each gold item matches at most one prediction and each prediction at most one gold item.

Predictions with ``repeat_of`` set restate an earlier claim and are not scored, nor are
earlier values stated for comparison (``earlier``: "up from 30", "previously 12"), which
are claims about an earlier time; gold items marked ``"earlier": true`` are skipped alike. Precision
counts the predictions whose fact key is among the facts the gold file annotates;
predictions for catalog facts the gold never annotates are reported apart, as "unscored",
and claims tied to no fact are only counted. Hedged-field accuracy is measured on the
matched pairs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from factdrift.pipelines.claims import EXTRACTOR_VERSION, extract_claims
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.ingest.discover import read_manifest
from factdrift.pipelines.intervals import date_interval, number_interval
from factdrift.pipelines.model import Claim
from factdrift.pipelines.story import Story

REL_TOL = 1e-6
DATE_TOL_DAYS = 1


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One annotated figure: what a correct extractor must produce for ``doc``."""

    doc: str
    published: date | None
    fact: str
    value: float | date
    value_high: float | date | None
    qualifier: str
    unit: str
    hedged: bool
    quote: str = ""


def load_gold(path: str | Path) -> list[GoldItem]:
    """Read a gold JSONL file; raise :class:`ConfigError` naming the bad line."""
    items = []
    if not Path(path).is_file():
        raise ConfigError(f"gold file {path} does not exist")
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if raw.get("earlier"):
                continue  # an earlier value stated for comparison: not scored (see above)
            items.append(_gold_item(raw))
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"gold file {path} line {number}: {exc}") from None
    return items


def _gold_item(raw: dict) -> GoldItem:
    is_date = raw.get("unit") == "date" or isinstance(raw["value"], str)
    parse = date.fromisoformat if is_date else float
    high = raw.get("value_high")
    published = raw.get("published")
    return GoldItem(
        doc=raw["doc"],
        published=date.fromisoformat(published) if published else None,
        fact=raw["fact"],
        value=parse(raw["value"]),
        value_high=parse(high) if high is not None else None,
        qualifier=raw["qualifier"],
        unit=raw.get("unit", ""),
        hedged=bool(raw.get("hedged", False)),
        quote=raw.get("quote", ""),
    )


@dataclass(slots=True)
class FactScore:
    """Counts and scores for one fact (or overall)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of scored predictions that match gold (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items matched (1.0 when the gold has none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        """Counts and rounded scores."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class EvalReport:
    """The result of one evaluation: scores, hedging accuracy, and what went wrong."""

    overall: FactScore = field(default_factory=FactScore)
    per_fact: dict[str, FactScore] = field(default_factory=dict)
    hedged_correct: int = 0
    hedged_total: int = 0
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)
    unscored: dict[str, int] = field(default_factory=dict)
    unlinked: int = 0
    repeats: int = 0
    earlier: int = 0
    docs: int = 0

    @property
    def hedged_accuracy(self) -> float:
        """Share of matched pairs whose ``hedged`` flag agrees with gold."""
        return self.hedged_correct / self.hedged_total if self.hedged_total else 1.0

    def to_dict(self) -> dict:
        """Everything in the report as plain JSON-serializable data."""
        return {
            "extractor_version": EXTRACTOR_VERSION,
            "docs": self.docs,
            "overall": self.overall.to_dict(),
            "per_fact": {k: v.to_dict() for k, v in sorted(self.per_fact.items())},
            "hedged_accuracy": round(self.hedged_accuracy, 4),
            "hedged_matched": self.hedged_total,
            "unscored_predictions": dict(sorted(self.unscored.items())),
            "unlinked_claims": self.unlinked,
            "repeats_not_scored": self.repeats,
            "earlier_values_not_scored": self.earlier,
            "misses": self.misses,
            "false_positives": self.false_positives,
        }

    def render(self) -> str:
        """A plain-text table for a terminal, followed by the misses and false positives."""
        lines = [f"{'fact':32} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}"]
        rows = [*sorted(self.per_fact.items()), ("OVERALL", self.overall)]
        for key, s in rows:
            lines.append(
                f"{key:32} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
                f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
            )
        lines.append(
            f"hedged accuracy on matched: {self.hedged_accuracy:.3f} "
            f"({self.hedged_correct}/{self.hedged_total}); docs: {self.docs}; "
            f"repeats not scored: {self.repeats}; earlier values not scored: {self.earlier}; "
            f"claims tied to no fact: {self.unlinked}"
        )
        if self.unscored:
            counts = ", ".join(f"{k}={v}" for k, v in sorted(self.unscored.items()))
            lines.append(f"unscored (catalog facts the gold never annotates): {counts}")
        for miss in self.misses:
            lines.append(f"MISS {miss['doc']} {miss['fact']} {miss['gold']}  «{miss['quote']}»")
        for fp in self.false_positives:
            lines.append(f"FP   {fp['doc']} {fp['fact']} {fp['predicted']}  «{fp['sentence']}»")
        return "\n".join(lines)


def evaluate(
    gold_path: str | Path,
    docs_dir: str | Path,
    story: Story,
    without_gold: Iterable[str] = (),
) -> EvalReport:
    """Run the extractor on every document the gold names and score it (rule: module doc).

    ``without_gold``: documents that were annotated and state none of the scored facts;
    every claim tied in them is a false one. Their publication date comes from the docs
    folder's manifest."""
    gold = load_gold(gold_path)
    docs_dir = Path(docs_dir)
    manifest = read_manifest(docs_dir)
    scored_facts = {g.fact for g in gold}
    report = EvalReport(per_fact={f: FactScore() for f in sorted(scored_facts)})
    by_doc: dict[str, list[GoldItem]] = {}
    for item in gold:
        by_doc.setdefault(item.doc, []).append(item)
    for doc, items in by_doc.items():
        path = docs_dir / doc
        if not path.is_file():
            raise ConfigError(f"gold names {doc}, but {path} does not exist")
        entry = manifest.get(doc)
        published = entry.published if entry and entry.published else items[0].published
        claims = extract_claims(path.read_text(encoding="utf-8"), published, story)
        _score_doc(report, doc, items, claims, scored_facts, story)
        report.docs += 1
    for doc in sorted(set(without_gold) - set(by_doc)):
        entry = manifest.get(doc)
        if entry is None or entry.published is None or not (docs_dir / doc).is_file():
            raise ConfigError(f"{doc}: not in {docs_dir}'s manifest with a publication date")
        text = (docs_dir / doc).read_text(encoding="utf-8")
        claims = extract_claims(text, entry.published, story)
        _score_doc(report, doc, [], claims, scored_facts, story)
        report.docs += 1
    return report


def _score_doc(
    report: EvalReport,
    doc: str,
    gold: list[GoldItem],
    claims: list[Claim],
    scored_facts: set[str],
    story: Story,
) -> None:
    predictions = []
    for claim in claims:
        if claim.repeat_of is not None:
            report.repeats += 1
        elif claim.earlier:
            report.earlier += 1  # "up from 30": about an earlier time, not a current claim
        elif claim.fact_key is None:
            report.unlinked += 1
        elif claim.fact_key not in scored_facts:
            report.unscored[claim.fact_key] = report.unscored.get(claim.fact_key, 0) + 1
        else:
            predictions.append(claim)
    used: set[int] = set()
    for item in gold:
        interval = gold_interval(item, story)
        hit = next(
            (i for i, c in enumerate(predictions) if i not in used and _matches(item, interval, c)),
            None,
        )
        score = report.per_fact[item.fact]
        if hit is None:
            score.fn += 1
            report.overall.fn += 1
            report.misses.append(_miss(item, interval))
            continue
        used.add(hit)
        score.tp += 1
        report.overall.tp += 1
        report.hedged_total += 1
        report.hedged_correct += predictions[hit].hedged == item.hedged
    for i, claim in enumerate(predictions):
        if i not in used:
            report.per_fact[claim.fact_key].fp += 1
            report.overall.fp += 1
            report.false_positives.append(_false_positive(doc, claim))


def gold_interval(item: GoldItem, story: Story) -> tuple:
    """The interval a gold item stands for, built with :mod:`factdrift.pipelines.intervals`."""
    if isinstance(item.value, date):
        return date_interval(item.qualifier, item.value, item.value_high)  # type: ignore[arg-type]
    try:
        kind = story.fact(item.fact).kind
    except KeyError:
        kind = "count"
    return number_interval(item.qualifier, float(item.value), kind, item.value_high)  # type: ignore[arg-type]


def _matches(item: GoldItem, interval: tuple, claim: Claim) -> bool:
    if claim.fact_key != item.fact or claim.qualifier != item.qualifier:
        return False
    if isinstance(item.value, date):
        return _days_close(interval[0], claim.date_low) and _days_close(
            interval[1], claim.date_high
        )
    return _numbers_close(interval[0], claim.low) and _numbers_close(interval[1], claim.high)


def _numbers_close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=REL_TOL)


def _days_close(a: date | None, b: date | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs((a - b).days) <= DATE_TOL_DAYS


def _miss(item: GoldItem, interval: tuple) -> dict:
    record = asdict(item)
    return {
        "doc": item.doc,
        "fact": item.fact,
        "gold": f"{item.qualifier} {_show(interval)}",
        "quote": item.quote,
        "item": json.loads(json.dumps(record, default=str)),
    }


def _false_positive(doc: str, claim: Claim) -> dict:
    interval = (
        (claim.date_low, claim.date_high) if claim.kind == "date" else (claim.low, claim.high)
    )
    return {
        "doc": doc,
        "fact": claim.fact_key,
        "predicted": f"{claim.qualifier} {_show(interval)}",
        "sentence": claim.sentence,
        "span": [claim.span_start, claim.span_end],
    }


def _show(interval: tuple) -> str:
    low, high = interval
    shown_low = "-inf" if low is None else str(low)
    shown_high = "+inf" if high is None else str(high)
    return f"[{shown_low}, {shown_high}]"


def main(argv: list[str] | None = None) -> int:
    """``python -m factdrift.pipelines.evaluate GOLD DOCS_DIR STORY [--json]``: print the report."""
    import argparse

    from factdrift.pipelines.story import load_story

    parser = argparse.ArgumentParser(
        prog="python -m factdrift.pipelines.evaluate", description=__doc__
    )
    parser.add_argument("gold")
    parser.add_argument("docs_dir")
    parser.add_argument("story")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.gold, args.docs_dir, load_story(args.story))
    except ConfigError as exc:
        print(f"error: {exc}")
        return 2
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
