"""Where the CPU-heavy batches of a run go: this process, local worker processes, or Dask.

A *pool* splits a list of inputs into batches and runs a function of ``pipelines.work``
on each, returning the results in input order. Three kinds:

* :class:`SerialPool` — in the run's own process (``FACTDRIFT_WORKERS=1``, and any run
  with too little work to be worth shipping);
* :class:`ProcessPool` — a pool of local worker processes, one per core by default
  (``FACTDRIFT_WORKERS=0``). Workers are forked from a server process that imported the
  pipeline once, so they start in a fraction of a second; the pool lives as long as the
  process (``factdrift serve`` reuses it run after run);
* :class:`DaskPool` — a Dask cluster (``FACTDRIFT_DASK_ADDRESS``), through prefect-dask's
  ``DaskTaskRunner``: each batch is a Prefect task run on a Dask worker, visible in the
  Prefect UI like every other task.

Workers only compute: they return texts, pages and claims, and the flow alone writes the
database (docs/operate.md, "Past one machine").
"""

from __future__ import annotations

import atexit
import inspect
import math
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from factdrift.flows.steps import SerialPool
from factdrift.pipelines.config import Settings
from factdrift.pipelines.errors import ConfigError

#: Below this many inputs, shipping them to workers costs more than it saves.
MIN_PARALLEL = 40
#: Batches per worker: enough to even out slow pages, few enough to keep overhead low.
BATCHES_PER_WORKER = 4
MAX_BATCH = 64


class _Batched:
    """Splitting shared by the pools that ship batches elsewhere."""

    workers = 2
    own_tasks = False

    def split(self, items: Sequence[Any]) -> list[list[Any]]:
        """Batches of roughly equal size, about BATCHES_PER_WORKER per worker."""
        if not items:
            return []
        size = math.ceil(len(items) / (self.workers * BATCHES_PER_WORKER))
        size = max(1, min(MAX_BATCH, size))
        return [list(items[i : i + size]) for i in range(0, len(items), size)]


class ProcessPool(_Batched):
    """Local worker processes (see the module docstring)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def split(self, items: Sequence[Any]) -> list[list[Any]]:
        """Batches for the workers; one batch (run here) when there is little work."""
        if len(items) < MIN_PARALLEL:
            return SerialPool().split(items)
        return super().split(items)

    def map(self, fn: Callable[..., list], calls: Sequence[tuple]) -> list[list]:
        """Run the calls on the workers (a single call runs here, where it is cheaper)."""
        if len(calls) <= 1:
            return SerialPool().map(fn, calls)
        executor = _executor(self.workers)
        futures = [executor.submit(fn, *args) for args in calls]
        return [future.result() for future in futures]


class DaskPool(_Batched):
    """Batches as Prefect task runs on a Dask cluster (prefect-dask's DaskTaskRunner)."""

    #: Each batch is a Prefect task run: submit from the flow, not from inside a task.
    own_tasks = True

    def __init__(self, runner: Any, workers: int) -> None:
        self.runner = runner
        self.workers = max(1, workers)

    def map(self, fn: Callable[..., list], calls: Sequence[tuple]) -> list[list]:
        """Submit each call as a task run to the cluster and wait for all of them."""
        from prefect import task
        from prefect.cache_policies import NO_CACHE

        batch_task = task(fn, name=fn.__name__.replace("_", "-"), cache_policy=NO_CACHE)
        signature = inspect.signature(fn)
        futures = [
            self.runner.submit(batch_task, dict(signature.bind(*args).arguments)) for args in calls
        ]
        return [future.result() for future in futures]


@contextmanager
def pool_for(settings: Settings) -> Iterator[SerialPool | ProcessPool | DaskPool]:
    """The pool the settings ask for, open for the duration of the block."""
    if settings.dask_address:
        with _dask_runner(settings.dask_address) as (runner, workers):
            yield DaskPool(runner, workers)
        return
    workers = settings.workers or os.cpu_count() or 1
    yield SerialPool() if workers == 1 else ProcessPool(workers)


@contextmanager
def _dask_runner(address: str) -> Iterator[tuple[Any, int]]:
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise ConfigError(
            "FACTDRIFT_DASK_ADDRESS is set but prefect-dask is not installed: "
            "pip install 'factdrift[dask]'"
        ) from None
    runner = DaskTaskRunner(address=address)
    runner.__enter__()
    try:
        try:  # the client connects on first use
            workers = len(runner.client.scheduler_info().get("workers", {}))
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        yield runner, workers
    finally:
        runner.__exit__(None, None, None)


_EXECUTORS: dict[int, ProcessPoolExecutor] = {}


def _executor(workers: int) -> ProcessPoolExecutor:
    """This process's pool of ``workers`` processes, started on first use."""
    if workers not in _EXECUTORS:
        # Forked from a server process that imported the pipeline once: cheap to start,
        # and unlike a plain fork it copies none of this process's threads (Prefect's).
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["factdrift.pipelines.work"])
        _EXECUTORS[workers] = ProcessPoolExecutor(workers, mp_context=context)
    return _EXECUTORS[workers]


@atexit.register
def _shutdown() -> None:
    for executor in _EXECUTORS.values():
        executor.shutdown(cancel_futures=True)
    _EXECUTORS.clear()
