"""Shared fixtures: a real Prefect test harness (once per session), real DuckDB files, and
the stories used by the extractor tests (the seed story and a hurricane story whose
catalog exists only as data)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from factdrift.flows.prefect_env import apply_prefect_defaults
from factdrift.pipelines.story import Story, load_story

apply_prefect_defaults()  # before anything imports Prefect

ROOT = Path(__file__).resolve().parent.parent
NETGUARD = Path(__file__).resolve().parent / "netguard"


def _watch_the_network() -> Path:
    """Refuse and record any connection beyond 127.0.0.1, here and in every Python
    process the tests start (tests/netguard/sitecustomize.py)."""
    import importlib.util
    import os
    import tempfile

    fd, log = tempfile.mkstemp(prefix="factdrift-network-", suffix=".log")
    os.close(fd)
    os.environ["FACTDRIFT_TEST_NETWORK_LOG"] = log
    paths = [str(NETGUARD), *filter(None, [os.environ.get("PYTHONPATH")])]
    os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    spec = importlib.util.spec_from_file_location("netguard", NETGUARD / "sitecustomize.py")
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    return Path(log)


NETWORK_LOG = _watch_the_network()


def pytest_unconfigure(config) -> None:
    NETWORK_LOG.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def no_network_beyond_loopback():
    """Fail the test if it, or a process it started, tried to reach another address."""
    before = NETWORK_LOG.stat().st_size
    yield
    with NETWORK_LOG.open("rb") as log:
        log.seek(before)
        attempts = log.read().decode("utf-8", "replace")
    if attempts:
        pytest.fail(f"reached for the network beyond 127.0.0.1:\n{attempts}")


SEEDS = ROOT / "seeds"
#: Monday 1 December 2025, the publication day of most seed articles.
PUB = date(2025, 12, 1)


@pytest.fixture(scope="session")
def prefect_harness():
    """One ephemeral Prefect API for the whole session (it takes ~20 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A private copy of the seed folder (articles, manifest, story file) to modify."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seeded_db(prefect_harness, tmp_path_factory) -> Path:
    """A database filled by one real flow run over the seeds (shared, read-only use)."""
    from factdrift.flows.run import factdrift_run
    from factdrift.pipelines.config import load_settings

    db = tmp_path_factory.mktemp("seeded") / "factdrift.duckdb"
    settings = load_settings(db=db, story=SEEDS / "story.toml")
    factdrift_run(settings, load_story(settings.story))
    return db


@pytest.fixture(scope="session")
def seed_story() -> Story:
    """The default story (seeds/story.toml)."""
    return load_story(SEEDS / "story.toml")


@pytest.fixture(scope="session")
def hurricane_story() -> Story:
    """A second story, to show a new catalog needs no code change."""
    return load_story(Path(__file__).parent / "data" / "hurricane_story.toml")


@pytest.fixture(scope="session")
def replayed_db(prefect_harness, tmp_path_factory) -> Path:
    """The weeks-long replay corpus replayed through the CLI into a database (read-only use)."""
    from factdrift.flows.cli import app
    from typer.testing import CliRunner

    db = tmp_path_factory.mktemp("replayed") / "weeks.duckdb"
    corpus = Path(__file__).parent / "corpus" / "replay" / "venezuela_weeks"
    result = CliRunner().invoke(app, ["replay", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return db
