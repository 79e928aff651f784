"""The test corpora are consistent: quotes verbatim, facts in the catalog, dates parse."""

from __future__ import annotations

import importlib.util
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
