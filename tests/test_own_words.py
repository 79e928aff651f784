"""bench/own_words.py finds runs of words the repository shares with outside texts."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "own_words.py"


@pytest.fixture(scope="module")
def own_words():
    spec = importlib.util.spec_from_file_location("own_words", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def repo_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A small git repository holding ``files`` (tracked, not committed)."""
    root = tmp_path / "repo"
    root.mkdir()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)
    return root


def outside_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "outside" / "story"
    folder.mkdir(parents=True)
    (folder / "001_gazette.txt").write_text(text, encoding="utf-8")
    return folder.parent


OUTSIDE = (
    "Ferry services to Port Vell stayed suspended on Tuesday, as the harbour master "
    "warned that the swell would not ease before the weekend."
)


def test_a_long_shared_run_is_found_across_case_punctuation_and_lines(tmp_path, own_words):
    root = repo_with(
        tmp_path,
        {
            "docs/notes.md": "Intro line.\n# e.g. THE HARBOUR-MASTER warned\n# that the swell "
            "would not ease, we read it as a hedge.\n",
        },
    )
    hits = own_words.find(root, outside_with(tmp_path, OUTSIDE), n=7)
    assert [(h.path, h.line, h.outside) for h in hits] == [
        ("docs/notes.md", 2, ("story/001_gazette.txt",))
    ]
    assert " ".join(hits[0].words) == "the harbour master warned that the swell would not ease"
    assert own_words.main([str(tmp_path / "outside"), "--root", str(root)]) == 1
    # a tracked file left out on purpose, and an outside file ignored
    outside = str(tmp_path / "outside")
    assert own_words.main([outside, "--root", str(root), "--skip", "docs/*"]) == 0
    assert own_words.main([outside, "--root", str(root), "--ignore", "story/*.txt"]) == 0


def test_a_shorter_run_and_the_annotation_files_are_not_reported(tmp_path, own_words):
    root = repo_with(
        tmp_path,
        {
            # six shared words only ("the swell would not ease before"), then our own
            "docs/notes.md": "We noted the swell would not ease before it got dark.\n",
            # a quote kept in a gold file is an annotation, skipped by design
            "bench/real_coverage/port-vell/gold.jsonl": '{"quote": "' + OUTSIDE + '"}\n',
        },
    )
    assert own_words.find(root, outside_with(tmp_path, OUTSIDE), n=7) == []
    assert own_words.main([str(tmp_path / "outside"), "--root", str(root)]) == 0
    assert own_words.main([str(tmp_path / "outside"), "--root", str(root), "--words", "6"]) == 1
