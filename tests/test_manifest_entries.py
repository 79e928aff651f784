"""A large manifest is read entry by entry when only some entries are needed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.ingest.discover import LARGE_MANIFEST, read_manifest


def _manifest(folder: Path, n: int, tail: str = "") -> None:
    entries = [
        f'[articles."{i:05d}.txt"]\npublished = 2025-11-{1 + i % 28:02d}\noutlet = "o{i % 7}"\n'
        for i in range(n)
    ]
    (folder / "manifest.toml").write_text("\n".join(entries) + tail, encoding="utf-8")
    assert (folder / "manifest.toml").stat().st_size > LARGE_MANIFEST


def test_only_the_named_entries_are_read_and_they_equal_the_full_parse(tmp_path: Path) -> None:
    _manifest(tmp_path, 2000)
    full = read_manifest(tmp_path)
    some = read_manifest(tmp_path, ["00007.txt", "01999.txt"])
    assert some == {name: full[name] for name in ("00007.txt", "01999.txt")}
    assert some["00007.txt"].published == date(2025, 11, 8)


def test_a_name_without_its_own_table_falls_back_to_the_full_parse(tmp_path: Path) -> None:
    _manifest(tmp_path, 2000, tail='\n[articles]\n"extra.txt" = { outlet = "x" }\n')
    assert read_manifest(tmp_path, ["extra.txt"])["extra.txt"].outlet == "x"


def test_a_broken_entry_that_is_needed_is_reported(tmp_path: Path) -> None:
    _manifest(tmp_path, 2000, tail='\n[articles."bad.txt"]\npublished = "yesterday\n')
    with pytest.raises(ConfigError, match="cannot be read"):
        read_manifest(tmp_path, ["bad.txt"])
