"""Throughput of the claim extractor: sentences per second on one core.

    python bench/claims_speed.py [FOLDER ...]

Reads every ``*.txt`` under the folders (default: ``seeds``), repeats the extraction until
about two CPU seconds have been spent (CPU time, so a busy machine does not skew it),
and prints sentences/s and claims/s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.claims.text import normalize, split_sentences
from factdrift.pipelines.ingest.discover import read_manifest
from factdrift.pipelines.story import load_story


def main(folders: list[str]) -> None:
    story = load_story(Path("seeds/story.toml"))
    docs = []
    for folder in map(Path, folders or ["seeds"]):
        manifest = read_manifest(folder)
        for path in sorted(folder.glob("*.txt")):
            entry = manifest.get(path.name)
            docs.append((path.read_text(encoding="utf-8"), entry.published if entry else None))
    sentences = sum(len(split_sentences(normalize(text))) for text, _ in docs)
    rounds, claims, start = 0, 0, time.process_time()
    while time.process_time() - start < 2.0:
        for text, published in docs:
            claims += len(extract_claims(text, published, story))
        rounds += 1
    elapsed = time.process_time() - start
    print(
        f"{len(docs)} docs, {sentences} sentences x {rounds} rounds: "
        f"{sentences * rounds / elapsed:,.0f} sentences/s, {claims / elapsed:,.0f} claims/s"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
