"""Extraction quality on the real-coverage study set (bench/real_coverage/README.md).

    python bench/real_coverage.py DIR [--json] [--examples]

DIR holds one folder per story with the article texts (kept outside the repository); the
gold, the list of sources and the story files are the repository's. Prints P, R and F1 per
story, measured with the same matching as ``factdrift eval``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

from factdrift.pipelines.evaluate import evaluate
from factdrift.pipelines.story import load_story

HERE = Path(__file__).resolve().parent / "real_coverage"
DEFAULT_STORY = HERE.parent.parent / "seeds" / "story.toml"


def main(argv: list[str] | None = None) -> int:
    """Score every story of the study set whose texts are present under DIR."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("texts", type=Path, help="folder with one sub-folder of texts per story")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--examples",
        action="store_true",
        help="score the story files of docs/examples where one exists for the story",
    )
    args = parser.parse_args(argv)
    results = {}
    for story_dir in sorted(p for p in HERE.iterdir() if (p / "gold.jsonl").exists()):
        docs = args.texts / story_dir.name
        if not docs.is_dir():
            print(f"{story_dir.name}: texts not found under {docs}, skipped", file=sys.stderr)
            continue
        example = HERE.parent.parent / "docs" / "examples" / f"{story_dir.name}.toml"
        story_file = example if args.examples and example.exists() else story_dir / "story.toml"
        story = load_story(story_file if story_file.exists() else DEFAULT_STORY)
        # every article read, not only those with gold lines: a figure tied in an article
        # that states no key fact is a false claim too
        report = evaluate(story_dir / "gold.jsonl", docs, story, read_articles(story_dir))
        o = report.overall
        results[story_dir.name] = {
            "precision": round(o.precision, 3),
            "recall": round(o.recall, 3),
            "f1": round(o.f1, 3),
            "gold": o.tp + o.fn,
            "docs": report.docs,
        }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{'story':28} {'docs':>5} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}")
        for name, r in results.items():
            print(
                f"{name:28} {r['docs']:5} {r['gold']:5} "
                f"{r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}"
            )
    return 0


def read_articles(story_dir: Path) -> list[str]:
    """The file names of the articles a story's study set read (its sources.toml)."""
    with open(story_dir / "sources.toml", "rb") as f:
        return list(tomllib.load(f).get("articles", {}))


if __name__ == "__main__":
    raise SystemExit(main())
