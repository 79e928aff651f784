"""The factdrift flow: discover → read → extract claims → store → reconcile → diff → alert.

Tasks are thin wrappers over ``factdrift.flows.steps``. No task retries: the only I/O that can fail
transiently, HTTP, retries inside ``pipelines.ingest.fetch`` (its own bounded loop, so retries
are never stacked); local reads either work or are logged; alert delivery retries across
runs through the outbox. Fetching is one task per batch, not per URL (a task run costs
~10 ms of Prefect overhead). Caching is off: every run must look at its inputs afresh.

No ``from __future__ import annotations`` here: Prefect validates flow parameters with a
pydantic model built from the signature, and in a run started by a Prefect server (the
flow loaded by a worker or a served runner) string annotations such as ``"Settings"``
cannot always be resolved ("Factdrift_RunModel is not fully defined").
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from factdrift.flows import deliver, parallel, steps
from factdrift.flows.prefect_env import story_flow
from factdrift.pipelines.config import Settings
from factdrift.pipelines.errors import FactdriftError
from factdrift.pipelines.story import Story
from factdrift.storage.runlock import run_lock
from factdrift.storage.store import ChannelDelivery, RunTotals
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote


@dataclass
class RunResult:
    """What one run did: its id, counts, the changes it found and inputs it could not use."""

    run_id: str
    totals: RunTotals
    changes: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


open_run = task(steps.open_run, name="open-run", cache_policy=NO_CACHE)
discover = task(steps.discover_sources, name="discover", cache_policy=NO_CACHE)
fetch = task(steps.fetch_pages, name="fetch-pages", cache_policy=NO_CACHE)
read = task(steps.read_articles, name="read-articles", cache_policy=NO_CACHE)
log_inputs = task(steps.log_inputs, name="log-inputs", cache_policy=NO_CACHE)
select_new = task(steps.select_new_versions, name="select-new-versions", cache_policy=NO_CACHE)
extract = task(steps.extract, name="extract-claims", cache_policy=NO_CACHE)
store_versions = task(steps.store_versions, name="store", cache_policy=NO_CACHE)
reconcile = task(steps.reconcile_and_diff, name="reconcile-and-diff", cache_policy=NO_CACHE)
deliver_alerts = task(deliver.deliver_due, name="deliver-alerts", cache_policy=NO_CACHE)
publish_feed = task(deliver.publish_feed, name="publish-atom-feed", cache_policy=NO_CACHE)


@story_flow(name="factdrift-run", log_prints=True)
def factdrift_run(
    settings: Settings,
    story: Story,
    as_of: datetime | None = None,
    delivery: bool = True,
    started_by: str | None = None,
) -> RunResult:
    """Run the pipeline once over the story's sources and record what changed.

    ``as_of`` is the run's clock: None runs now; a moment in the past runs as if the
    schedule had run then (``factdrift replay``), seeing only local articles published by
    that day and stamping runs, changes and alerts with it. ``delivery=False`` records the
    outbox rows as ``replayed`` and sends nothing. ``started_by`` is the id of the flow run
    a schedule started (``scheduled_run``), recorded as the run's ``flow_run_id`` so the
    ``runs`` row names the flow run seen in Prefect's UI; else this flow run's own id.
    """
    with run_lock(settings.db, settings.run_lock_wait_seconds):
        run_id = uuid.uuid4().hex[:16]
        open_run(settings, quote(story), run_id, started_by or flow_run.get_id(), as_of)
        try:
            return _pipeline(settings, story, run_id, as_of, delivery)
        except Exception as exc:  # any failure lands in `runs` with its reason, then propagates
            steps.fail_run(settings, run_id, exc, now=as_of)
            raise


def _pipeline(
    settings: Settings, story: Story, run_id: str, as_of: datetime | None, delivery: bool
) -> RunResult:
    # Large inputs are wrapped in quote(): otherwise Prefect walks every article and claim
    # looking for futures to resolve, which cost more than the work itself (measured: 14 s
    # of a 30 s run over 500 articles; the story's facts alone, 0.4 s per run).
    found = discover(settings, quote(story))
    if as_of is not None:
        found.docs = steps.published_by(found.docs, as_of.date())
    fetched = fetch(settings, quote(found))
    # Reading and extraction run in worker processes or on a Dask cluster (flows.parallel).
    with parallel.pool_for(settings) as pool:
        batch = _read(settings, story, found, fetched, pool)
        log_inputs(settings, run_id, quote(batch), as_of)
        versions = select_new(settings, quote(batch.texts))
        claims = _extract([text for text, _ in versions], story, pool)
    failed = [
        f"{text.url}: {reason}"
        for (text, _), reason in zip(versions, claims, strict=True)
        if isinstance(reason, str)
    ]
    n_claims = store_versions(settings, run_id, quote(versions), quote(claims), quote(batch), as_of)
    senders = deliver.configured_channels(settings)
    channels = deliver.outbox_channels(settings, senders)
    status = "pending" if delivery else "replayed"
    changes, snapshot = reconcile(settings, quote(story), run_id, channels, as_of, status)
    delivered = deliver.DeliveryTotals()
    if delivery:
        delivered = deliver_alerts(settings, senders, as_of)
        delivered = delivered.merge(publish_feed(settings, quote(story), as_of))
    totals = RunTotals(
        n_sources=found.n_sources,
        n_new_versions=len(versions),
        n_new_claims=n_claims,
        n_changes=changes.n_changes,
        n_alerts_sent=delivered.sent,
        n_errors=len(batch.errors) + len(failed),
        deliveries=_channel_deliveries(settings, channels, delivered) if delivery else (),
    )
    steps.close_run(settings, run_id, totals, snapshot, now=as_of)
    return RunResult(run_id, totals, changes.changes, batch.errors + failed)


def _channel_deliveries(
    settings: Settings, channels: list[str], delivered: deliver.DeliveryTotals
) -> tuple[ChannelDelivery, ...]:
    """Per channel: accepted and failed in this run, and what is still waiting after it."""
    waiting = deliver.waiting_by_channel(settings)
    names = sorted(set(channels) | set(delivered.by_channel) | set(waiting))
    return tuple(
        ChannelDelivery(name, *delivered.by_channel.get(name, (0, 0)), pending=waiting.get(name, 0))
        for name in names
    )


def _read(settings: Settings, story: Story, found, fetched, pool) -> steps.ReadResult:
    if not pool.own_tasks:
        return read(settings, quote(story), quote(found), quote(fetched), quote(pool))
    # On Dask each batch is a task run of its own, submitted from the flow itself (a task
    # run's context cannot be shipped to a worker), so this step is not a task here.
    return steps.read_articles(settings, story, found, fetched, pool)


def _extract(texts: list, story: Story, pool) -> list:
    if not pool.own_tasks:
        return extract(quote(texts), quote(story), quote(pool))
    return steps.extract(texts, story, pool)


@flow(name="factdrift-scheduled")
def scheduled_run(story: str | None = None, db: str | None = None) -> RunResult:
    """Entry point for schedules and deployments: plain parameters, settings from env.

    A story file that cannot be loaded still leaves a failed ``runs`` row with the reason
    (when the database can be opened), so an analyst reading SQL sees the schedule failing.
    """
    from factdrift.pipelines.config import load_settings
    from factdrift.pipelines.story import load_story

    settings = load_settings(story=story, db=db)
    try:
        story_model = load_story(settings.story)
    except FactdriftError as exc:
        steps.record_failed_run(settings, settings.story.stem, flow_run.get_id(), str(exc))
        raise
    return factdrift_run(settings, story_model, started_by=flow_run.get_id())
