"""The test corpora are consistent: quotes verbatim, facts in the catalog, dates parse."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "validate_corpus", Path(__file__).parent / "corpus" / "validate_corpus.py"
)
assert _SPEC and _SPEC.loader
validate_corpus = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(validate_corpus)

FOLDERS = validate_corpus.story_folders()


def test_corpus_folders_exist():
    assert FOLDERS, "no story folders under tests/corpus"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_story_folder_is_consistent(folder: Path):
    assert validate_corpus.check_folder(folder) == []


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_article_has_gold(folder: Path):
    docs = {p.name for p in folder.glob("*.txt")}
    annotated = {item["doc"] for item in validate_corpus.load_gold(folder)}
    assert docs - annotated == set()


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


REPLAYS = sorted(
    p.parent for p in (Path(__file__).parent / "corpus" / "replay").glob("*/EXPECTED.md")
)


@pytest.mark.parametrize("folder", REPLAYS, ids=lambda p: p.name)
def test_replay_expected_is_derived_from_gold(folder: Path):
    derive = _load("derive_expected", folder.parent / "derive_expected.py")
    _, timeline = derive.derive(folder)
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert derive.to_json(timeline) == expected
    assert derive.changes_markdown(timeline) in (folder / "EXPECTED.md").read_text(encoding="utf-8")
