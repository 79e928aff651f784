"""The installed distribution: one import package, `factdrift`, with its seeds inside."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIP = [sys.executable, "-m", "pip", "-q"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A real wheel of the checkout, built without network (setuptools is in the venv)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (built,) = out.glob("factdrift-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory) -> Path:
    """The wheel unpacked into a folder of its own, as pip installs it (dependencies aside)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [*PIP, "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return target


def test_wheel_holds_only_the_factdrift_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    dist_info = {t for t in top if t.endswith(".dist-info")}
    assert top - dist_info == {"factdrift"}, top
    assert len(dist_info) == 1 and dist_info.pop().startswith("factdrift-")
    for needed in ("factdrift/seeds/story.toml", "factdrift/seeds/manifest.toml"):
        assert needed in names
    assert "factdrift/storage/schema.sql" in names
    assert any(n.startswith("factdrift/pipelines/ingest/") for n in names)


def _python_in(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Python with only the installed copy of factdrift importable (not the checkout)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_generic_top_level_names_are_not_installed(installed: Path, tmp_path: Path) -> None:
    for name in ("flows", "pipelines", "storage", "seeds"):
        proc = _python_in(installed, tmp_path, "-c", f"import {name}")
        assert proc.returncode != 0, name
        assert "ModuleNotFoundError" in proc.stderr
    proc = _python_in(installed, tmp_path, "-c", "import factdrift; print(factdrift.__file__)")
    assert proc.stdout.strip().startswith(str(installed))


@pytest.mark.flow
def test_installed_copy_runs_the_seeds_from_an_empty_folder(installed: Path, tmp_path: Path):
    proc = _python_in(installed, tmp_path, "-m", "factdrift.flows.cli", "run")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "5 articles" in proc.stdout
    assert (tmp_path / "factdrift.duckdb").exists()
