"""Replayed running totals against the real tally, on the real-coverage study set.

    python bench/real_coverage_replay.py DIR [--story seeds/story.toml] [--only STORY] [--examples]
        [--keep FOLDER] [--json]

DIR holds one folder per story with the article texts (kept outside the repository, see
bench/real_coverage/README.md). For each story of bench/real_coverage whose texts are
present, the articles listed in its ``sources.toml`` are copied with a manifest into a
temporary folder (each entry taken from the texts folder's ``manifest.toml`` when it has
one, else from ``sources.toml``), and the real command ``factdrift replay`` runs on it into
a temporary DuckDB file: one run per publication day, as a reader would have seen it. The
story is the set's own ``story.toml``, else ``--story`` (the default story).

Then, for each running-total fact of the story (effective scope ``total``), the replayed
``fact_timeline`` is compared day by day with the real tally, on each publication day of
the set:

* **Estimate on a day**: the latest ``fact_timeline`` row on or before that day (what
  ``facts_on(day)`` returns); its point is the figure as stated (``stated_value``) or, when
  the claims behind it differ in qualifier, its lower bound ``low`` (a running total's
  "at least"), else ``high``. No row yet: no estimate (a wrong day).
* **Real tally on a day**: the largest gold value of that fact stated in an article
  published on or before that day (gold items marked ``earlier`` are left out, hedged ones
  are kept; a range counts by its lower figure).
* **Right day**: the estimate is within 5% of the real tally (|estimate − real| ≤ 5% of
  real). Days before the fact's first gold statement have no real tally and are not scored.
* **False drop**: a day whose estimate fell below the previous publication day's (its
  figure and its lower bound both lower: "more than 5,700" after a mixed "5,701 to 5,999"
  is the same floor in other words) while the real tally did not fall.

Limits of this definition of the real tally:

* It falls only at a gold line marked ``"revision": true`` (an authority lowered the
  tally: Maui's toll revised from 115 to 97 on 2023-09-15); from that day the tally starts
  again from the revised value, and the replay's drop there is not a false drop.
* It knows only what the set's articles state as this fact: a rise that no article of
  the set states until later is not in the tally yet (the tally lags the world as the set
  does), and a day's estimate read from a figure the gold does not annotate as this fact
  is scored against the annotated ones.
* One article's outlier (a figure later contradicted, or a wrong total in a gold
  statement) raises the tally for every following day.
* Gold only annotates a figure as a running total when the sentence states it as one: on
  the first day of a story the single event's figure ("the first strike killed 11") may be
  the running total too, but those days are not scored until the gold states a total.

The extraction precision, recall and F1 of bench/real_coverage.py (``factdrift eval``'s
matching) are reported beside, on the same texts.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

import duckdb
from factdrift.pipelines.evaluate import GoldItem, evaluate, load_gold
from factdrift.pipelines.story import Story, load_story

HERE = Path(__file__).resolve().parent / "real_coverage"
DEFAULT_STORY = HERE.parent.parent / "seeds" / "story.toml"
TOLERANCE = 0.05
#: manifest keys carried into the replay folder's manifest, in this order
MANIFEST_KEYS = ("published", "published_basis", "outlet", "title", "url")


@dataclass(slots=True)
class WrongDay:
    """A scored day whose estimate is not within the tolerance of the real tally."""

    day: str
    estimate: float | None
    real: float


@dataclass(slots=True)
class FactComparison:
    """One running total's replayed timeline against the real tally."""

    fact: str
    days_within: int = 0
    days_total: int = 0
    false_drops: list[str] = field(default_factory=list)
    wrong_days: list[WrongDay] = field(default_factory=list)

    @property
    def share(self) -> float:
        """The share of scored days within the tolerance (0 when no day is scored)."""
        return self.days_within / self.days_total if self.days_total else 0.0

    def to_dict(self) -> dict:
        """Plain data for --json."""
        out = asdict(self)
        out["share"] = round(self.share, 3)
        out["n_false_drops"] = len(self.false_drops)
        return out


class Estimate(NamedTuple):
    """A day's estimate: the figure it stands for, and its lower bound (None: unbounded)."""

    point: float
    floor: float | None = None

    def fell_below(self, previous: Estimate) -> bool:
        """The estimate moved down: its figure and its lower bound both fell (a new wording
        of the same floor, "more than 5,700" after "5,701 to 5,999", is not a fall)."""
        mine = self.point if self.floor is None else self.floor
        theirs = previous.point if previous.floor is None else previous.floor
        return self.point < previous.point and mine < theirs


def compare_days(
    fact: str,
    days: Sequence[date],
    estimates: Mapping[date, Estimate | None],
    real: Mapping[date, float | None],
    tolerance: float = TOLERANCE,
) -> FactComparison:
    """Compare an estimate with the real tally on each day of ``days`` (in order).

    A day with no real tally is not scored. A scored day is right when the estimate is
    within ``tolerance`` (relative) of the real tally. A false drop is a day whose estimate
    fell below the previous day's (:meth:`Estimate.fell_below`; a day without estimate is
    skipped) while the real tally did not fall (an unknown tally counts as not falling).
    """
    result = FactComparison(fact)
    prev_est: Estimate | None = None
    prev_real: float | None = None
    for day in days:
        est, tally = estimates.get(day), real.get(day)
        if tally is not None:
            result.days_total += 1
            if est is not None and abs(est.point - tally) <= tolerance * abs(tally):
                result.days_within += 1
            else:
                point = None if est is None else est.point
                result.wrong_days.append(WrongDay(day.isoformat(), point, tally))
        real_fell = tally is not None and prev_real is not None and tally < prev_real
        if est is not None and prev_est is not None and est.fell_below(prev_est) and not real_fell:
            result.false_drops.append(day.isoformat())
        prev_est = est if est is not None else prev_est
        prev_real = tally if tally is not None else prev_real
    return result


def real_tally(
    gold: Sequence[GoldItem],
    fact: str,
    days: Sequence[date],
    revisions: Mapping[str, Sequence[tuple[date, float]]] | None = None,
) -> dict[date, float]:
    """The real tally of ``fact`` on each day: the largest gold value stated on or before it,
    since the latest explicit revision (gold lines marked ``"revision": true``: an
    authority lowered the tally, which then starts again from the revised value).

    Days before the first statement are absent. Gold items need ``published``.
    """
    stated = sorted(
        (g.published, float(g.value))
        for g in gold
        if g.fact == fact and g.published is not None and isinstance(g.value, int | float)
    )
    resets = sorted((revisions or {}).get(fact, ()))
    out: dict[date, float] = {}
    best: float | None = None
    i = j = 0
    for day in sorted(days):
        while j < len(resets) and resets[j][0] <= day:
            best = resets[j][1]  # revised down: older, higher figures no longer count
            cut = resets[j][0]
            stated = [s for s in stated if s[0] >= cut]
            i = 0
            j += 1
        while i < len(stated) and stated[i][0] <= day:
            best = stated[i][1] if best is None else max(best, stated[i][1])
            i += 1
        if best is not None:
            out[day] = best
    return out


def gold_revisions(
    path: Path, published: Mapping[str, date]
) -> dict[str, list[tuple[date, float]]]:
    """Per fact, the (day, value) of the gold lines marked ``"revision": true``."""
    out: dict[str, list[tuple[date, float]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line) if line.strip() else {}
        if raw.get("revision") and raw.get("doc") in published:
            day = published[raw["doc"]]
            out.setdefault(raw["fact"], []).append((day, float(raw["value"])))
    return out


def timeline_estimates(
    rows: Sequence[tuple[date, Estimate | None]], days: Sequence[date]
) -> dict[date, Estimate | None]:
    """Each day's estimate from timeline rows ``(as_of, estimate)``: the latest row on or
    before the day (None before the first row)."""
    ordered = sorted(rows, key=lambda row: row[0])
    out: dict[date, Estimate | None] = {}
    current: Estimate | None = None
    i = 0
    for day in sorted(days):
        while i < len(ordered) and ordered[i][0] <= day:
            current = ordered[i][1]
            i += 1
        out[day] = current
    return out


def estimate_of(stated: float | None, low: float | None, high: float | None) -> Estimate | None:
    """The estimate a ``fact_timeline`` row stands for (see the module docstring)."""
    floor = low if low is not None and math.isfinite(low) else None
    for value in (stated, low, high):
        if value is not None and math.isfinite(value):
            return Estimate(value, floor)
    return None


def prepare_folder(story_dir: Path, texts: Path, dest: Path) -> dict[str, date]:
    """Copy the set's articles present under ``texts`` into ``dest`` with a manifest.

    Returns each copied article's publication day.
    """
    sources = tomllib.loads((story_dir / "sources.toml").read_text("utf-8"))["articles"]
    manifest_path = texts / "manifest.toml"
    local = (
        tomllib.loads(manifest_path.read_text("utf-8")).get("articles", {})
        if manifest_path.exists()
        else {}
    )
    dest.mkdir(parents=True, exist_ok=True)
    lines = ["# Built by bench/real_coverage_replay.py for one replay; not kept.", ""]
    published: dict[str, date] = {}
    for name, source_entry in sources.items():
        if not (texts / name).is_file():
            continue
        entry = local.get(name) or source_entry
        shutil.copyfile(texts / name, dest / name)
        published[name] = entry["published"]
        lines.append(f"[articles.{json.dumps(name)}]")
        for key in MANIFEST_KEYS:
            if key in entry:
                value = entry[key]
                lines.append(f"{key} = {value.isoformat() if key == 'published' else _toml(value)}")
        lines.append("")
    (dest / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    return published


def _toml(value: object) -> str:
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(str(value), ensure_ascii=False)


def run_replay(folder: Path, story_file: Path, db: Path) -> None:
    """Run the real ``factdrift replay`` CLI; raise with its output when it fails."""
    cli = Path(sys.executable).with_name("factdrift")
    cmd = [str(cli), "replay", str(folder), "--story", str(story_file), "--db", str(db)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"factdrift replay failed ({done.returncode}):\n{done.stderr}")


def read_timeline(db: Path, fact: str) -> list[tuple[date, Estimate | None]]:
    """The replayed ``fact_timeline`` of ``fact`` as ``(as_of, estimate)`` rows."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT as_of, stated_value, low, high FROM fact_timeline WHERE fact_key = ?",
            [fact],
        ).fetchall()
    return [(as_of, estimate_of(s, lo, hi)) for as_of, s, lo, hi in rows]


def replay_story(story_dir: Path, texts: Path, story_file: Path, keep: Path | None = None) -> dict:
    """Replay one story of the set and compare its running totals with the real tally.

    The replay folder and database are temporary, unless ``keep`` names a folder to leave
    them in (``keep/<story>/`` and ``keep/<story>.duckdb``, to query afterwards).
    """
    story: Story = load_story(story_file)
    gold = load_gold(story_dir / "gold.jsonl")
    with tempfile.TemporaryDirectory(prefix="factdrift-replaybench-") as tmp_dir:
        tmp = Path(tmp_dir) if keep is None else keep
        if keep is not None:
            _clear(keep, story_dir.name)
        folder = tmp / story_dir.name
        published = prepare_folder(story_dir, texts, folder)
        # The day an article appeared is the manifest's, as in the replay.
        gold = [_dated(g, published) for g in gold if g.doc in published]
        days = sorted(set(published.values()))
        revisions = gold_revisions(story_dir / "gold.jsonl", published)
        db = tmp / f"{story_dir.name}.duckdb"
        run_replay(folder, story_file, db)
        facts = [f.key for f in story.facts if f.effective_scope == "total"]
        comparisons = [
            compare_days(
                key,
                days,
                timeline_estimates(read_timeline(db, key), days),
                real_tally(gold, key, days, revisions),
            )
            for key in facts
        ]
        ev = evaluate(story_dir / "gold.jsonl", folder, story, list(published)).overall
    return {
        "story_file": _shown(story_file),
        "articles": len(published),
        "days": len(days),
        "extraction": {
            "precision": round(ev.precision, 3),
            "recall": round(ev.recall, 3),
            "f1": round(ev.f1, 3),
            "gold": ev.tp + ev.fn,
        },
        "facts": [c.to_dict() for c in comparisons],
    }


def _clear(keep: Path, name: str) -> None:
    # A kept replay is redone from scratch: replay refuses a database that has runs.
    shutil.rmtree(keep / name, ignore_errors=True)
    for leftover in (keep / f"{name}.duckdb", keep / f"{name}.duckdb.wal"):
        leftover.unlink(missing_ok=True)


def _dated(item: GoldItem, published: Mapping[str, date]) -> GoldItem:
    return replace(item, published=published.get(item.doc, item.published))


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(HERE.parent.parent))
    except ValueError:
        return str(path)


def render(results: Mapping[str, dict]) -> str:
    """The plain-text report: per story its extraction score, then one line per fact and
    its wrong days."""
    out = []
    for name, r in results.items():
        ex = r["extraction"]
        out.append(
            f"{name} ({r['articles']} articles, {r['days']} days, {r['story_file']}): "
            f"P {ex['precision']:.3f} R {ex['recall']:.3f} F1 {ex['f1']:.3f} "
            f"({ex['gold']} gold)"
        )
        out.append(f"  {'fact':28} {'within':>6} {'days':>5} {'share':>6} {'drops':>6}")
        for f in r["facts"]:
            out.append(
                f"  {f['fact']:28} {f['days_within']:6} {f['days_total']:5} "
                f"{f['share']:6.2f} {f['n_false_drops']:6}"
            )
        for f in r["facts"]:
            for first, last, n, est, real in _runs(f["wrong_days"]):
                days = first if n == 1 else f"{first} … {last} ({n} days)"
                out.append(f"    {f['fact']} {days}: estimate {_fmt(est)}, real {_fmt(real)}")
            if f["false_drops"]:
                out.append(f"    {f['fact']} false drops: {', '.join(f['false_drops'])}")
        out.append("")
    return "\n".join(out)


def _runs(wrong: Sequence[Mapping]) -> list[tuple[str, str, int, float | None, float]]:
    # Consecutive wrong days with the same estimate and tally print as one line.
    runs: list[list] = []
    for w in wrong:
        if runs and (runs[-1][3], runs[-1][4]) == (w["estimate"], w["real"]):
            runs[-1][1] = w["day"]
            runs[-1][2] += 1
        else:
            runs.append([w["day"], w["day"], 1, w["estimate"], w["real"]])
    return [tuple(r) for r in runs]


def _fmt(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def main(argv: list[str] | None = None) -> int:
    """Replay every story of the study set whose texts are present under DIR."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", type=Path, help="folder with one sub-folder of texts per story")
    parser.add_argument(
        "--story",
        type=Path,
        default=DEFAULT_STORY,
        help="story file for a set without its own story.toml (default: seeds/story.toml)",
    )
    parser.add_argument("--only", action="append", help="replay only this story (repeatable)")
    parser.add_argument(
        "--examples",
        action="store_true",
        help="use the story file of docs/examples where one exists for the story",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="leave the replay folders and databases here (outside the repository: the "
        "folders hold the article texts)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = {}
    for story_dir in sorted(p for p in HERE.iterdir() if (p / "gold.jsonl").exists()):
        if args.only and story_dir.name not in args.only:
            continue
        texts = args.texts / story_dir.name
        if not texts.is_dir():
            print(f"{story_dir.name}: texts not found under {texts}, skipped", file=sys.stderr)
            continue
        own = story_dir / "story.toml"
        example = HERE.parent.parent / "docs" / "examples" / f"{story_dir.name}.toml"
        story_file = own if own.exists() else args.story
        if args.examples and example.exists():
            story_file = example
        try:
            results[story_dir.name] = replay_story(story_dir, texts, story_file, args.keep)
        except RuntimeError as exc:
            print(f"{story_dir.name}: {exc}", file=sys.stderr)
            return 1
    print(json.dumps(results, indent=2) if args.json else render(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
