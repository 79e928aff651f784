"""Reading and extraction spread over worker processes, or over a real Dask cluster, store
exactly the claims of the default in-process path.

The Dask cluster is a real ``distributed.LocalCluster`` with two worker processes on
127.0.0.1, reached by address the way a remote scheduler would be
(``FACTDRIFT_DASK_ADDRESS``); the flow is the real one under Prefect's test API.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from factdrift.flows import parallel
from factdrift.pipelines.config import load_settings
from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.story import load_story
from factdrift.storage.db import connect

pytestmark = pytest.mark.flow

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "seeds", *sorted((ROOT / "tests" / "corpus" / "dev").iterdir())]
CLAIMS = """
SELECT claim_id, version_id, article_id, fact_key, subject, kind, qualifier, value,
       value_high, low, high, date_low, date_high, unit, hedged, hedge, attribution,
       sentence, span_start, span_end, quote, repeat_of, extractor_version
FROM t_claims ORDER BY claim_id
"""


@pytest.fixture(scope="module")
def dask_cluster():
    """A real Dask cluster: a scheduler and two worker processes, on 127.0.0.1."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


def _claims_of_run(corpus: Path, db: Path, **options) -> list[tuple]:
    from factdrift.flows.run import factdrift_run

    settings = load_settings(db=db, story=corpus / "story.toml", **options)
    result = factdrift_run(settings, load_story(settings.story))
    assert result.totals.n_new_claims > 0 and result.errors == []
    with connect(db, read_only=True) as con:
        return con.execute(CLAIMS).fetchall()


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_dask_and_worker_processes_store_the_claims_of_the_default_path(
    prefect_harness, dask_cluster, corpus: Path, tmp_path: Path, monkeypatch
) -> None:
    default = _claims_of_run(corpus, tmp_path / "serial.duckdb", workers=1)
    on_dask = _claims_of_run(corpus, tmp_path / "dask.duckdb", dask_address=dask_cluster)
    # Small corpora normally stay in-process; make them go to the worker processes.
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    in_processes = _claims_of_run(corpus, tmp_path / "pool.duckdb", workers=2)
    assert on_dask == default
    assert in_processes == default


def test_dask_batches_run_on_the_cluster_workers(prefect_harness, dask_cluster) -> None:
    from factdrift.pipelines import work
    from factdrift.pipelines.model import SourceDoc
    from prefect import flow

    docs = [SourceDoc(str(p), "outlet") for p in sorted((ROOT / "seeds").glob("*.txt"))]

    @flow
    def read_on_dask() -> list:
        settings = load_settings(dask_address=dask_cluster)
        with parallel.pool_for(settings) as pool:
            assert isinstance(pool, parallel.DaskPool) and pool.workers == 2
            return pool.map(work.read_docs, [(batch,) for batch in pool.split(docs)])

    distributed = pytest.importorskip("distributed")
    with distributed.Client(dask_cluster) as client:
        before = sum(client.run(_executed).values())
        batches = read_on_dask()
        after = sum(client.run(_executed).values())
    assert after - before >= len(batches)  # each batch ran in a worker process
    assert len(batches) > 1
    texts = [outcome for batch in batches for outcome, _ in batch]
    assert [t.url for t in texts] == [Path(d.location).resolve().as_uri() for d in docs]


def _executed(dask_worker) -> int:
    """How many tasks a Dask worker has run (called on each worker by Client.run)."""
    return dask_worker.state.executed_count


def test_an_unreachable_scheduler_is_one_plain_error(tmp_path: Path) -> None:
    settings = load_settings(dask_address="tcp://127.0.0.1:9", db=tmp_path / "x.duckdb")
    import dask

    with (
        dask.config.set({"distributed.comm.timeouts.connect": "2s"}),
        pytest.raises(ConfigError, match="cannot reach the Dask scheduler"),
        parallel.pool_for(settings),
    ):
        pass


def test_seed_copy_runs_serially_below_the_threshold(seed_copy: Path) -> None:
    settings = load_settings(workers=2, story=seed_copy / "story.toml")
    with parallel.pool_for(settings) as pool:
        assert isinstance(pool, parallel.ProcessPool)
        docs = sorted(seed_copy.glob("*.txt"))
        assert len(pool.split(docs)) == 1  # too few to ship to workers
    shutil.rmtree(seed_copy)
