"""Every setting is documented, with its environment variable."""

from __future__ import annotations

from pathlib import Path

from factdrift.pipelines.config import Settings, load_settings

DOC = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text()


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"`{name}`" in DOC, name
        assert f"`FACTDRIFT_{name.upper()}`" in DOC, name


def test_apprise_urls_split_on_commas(monkeypatch) -> None:
    monkeypatch.setenv("FACTDRIFT_APPRISE_URLS", "json://a/x, form://b/y ,")
    assert load_settings().apprise_urls == ["json://a/x", "form://b/y"]


def test_cli_option_wins_over_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FACTDRIFT_DB", str(tmp_path / "env.duckdb"))
    assert load_settings(db=tmp_path / "cli.duckdb").db == tmp_path / "cli.duckdb"
    assert load_settings(db=None).db == tmp_path / "env.duckdb"
