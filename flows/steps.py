"""The glue of one run: each function joins one pipeline stage to storage.

These are plain functions (no Prefect here) so the flow in ``flows.run`` stays a handful of
task calls and each step can be tested on its own. Every step opens the database briefly
and closes it again: the file is never held between steps.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from factdrift.pipelines.alerts import alert
from factdrift.pipelines.claims import EXTRACTOR_VERSION, extract_claims
from factdrift.pipelines.config import Settings
from factdrift.pipelines.errors import BadFeed, FactdriftError, InputError, StorageError
from factdrift.pipelines.facts import diff, edits, events, reconcile
from factdrift.pipelines.ingest import web
from factdrift.pipelines.ingest.cadence import parse_schedule
from factdrift.pipelines.ingest.discover import discover_folder
from factdrift.pipelines.ingest.fetch import FetchOptions, FetchResult, fetch_all
from factdrift.pipelines.ingest.read import read_local_article
from factdrift.pipelines.ingest.relevance import keyword_pattern
from factdrift.pipelines.ingest.urls import url_key
from factdrift.pipelines.ingest.versions import ClaimValue, diff_claims
from factdrift.pipelines.model import ArticleText, Claim, FetchRecord, SourceDoc
from factdrift.pipelines.story import Source, Story
from factdrift.storage import facts as fact_store
from factdrift.storage import store
from factdrift.storage import web as web_store
from factdrift.storage.db import connect, disk_full_reason, transaction
from factdrift.storage.runlock import release_reserve

#: Article versions per storage transaction: large enough that commits (each one syncs the
#: file) stay cheap, small enough that a crash loses little finished work.
STORE_CHUNK = 100


@dataclass
class Discovery:
    """What a run will read: local files, and web pages to fetch with their hints."""

    docs: list[SourceDoc] = field(default_factory=list)
    requests: list = field(default_factory=list)  # factdrift.pipelines.ingest.fetch.FetchRequest
    plan: dict[str, web.Candidate] = field(default_factory=dict)
    states: dict[str, web.UrlState] = field(default_factory=dict)  # as stored before the run
    log: list[FetchRecord] = field(default_factory=list)  # feeds, sitemaps, refused links
    listing_states: list[web.UrlState] = field(default_factory=list)
    started: datetime = field(default_factory=datetime.now)

    @property
    def n_sources(self) -> int:
        """Articles this run looks at: local files plus web pages fetched."""
        return len(self.docs) + len(self.requests)


@dataclass
class ReadResult:
    """Articles read in one batch, and what could not be read (never fatal)."""

    texts: list[ArticleText] = field(default_factory=list)
    log: list[FetchRecord] = field(default_factory=list)
    pending: dict[str, web.PendingPage] = field(default_factory=dict)
    states: list[web.UrlState] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Inputs that could not be used, one plain line each."""
        return [_error_line(r) for r in self.log if r.outcome == "error"]


def _error_line(record: FetchRecord) -> str:
    error = record.error or "failed"
    return (
        error if record.url.startswith("file:") or record.url in error else f"{record.url}: {error}"
    )


@dataclass
class ReconcileResult:
    """What reconciliation stored: the changes of this run and the outbox rows made."""

    n_changes: int
    n_alertable: int
    changes: list[dict]


def open_run(
    settings: Settings,
    story: Story,
    run_id: str,
    flow_run_id: str | None,
    now: datetime | None = None,
) -> None:
    """Create the database if needed, record the run, store the story's catalog.

    ``now`` is the run's clock: None for a live run, the replayed moment in a replay.
    """
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        with transaction(con):
            store.start_run(con, run_id, story.id, flow_run_id, now)
        store.sync_catalog(con, story)


def discover_sources(settings: Settings, story: Story) -> Discovery:
    """Find every article the story's sources point at, and plan the web fetches.

    Local folders are listed; feeds and sitemaps are fetched (conditionally) and parsed;
    URL lists are read. Web links are canonicalized, de-duplicated and filtered by the
    story's keywords where the listing gives a title or summary. Known pages whose
    re-check is due are added even when no listing names them any more.
    """
    found = Discovery()
    now = found.started
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        web_store.replan_if_schedule_changed(
            con, settings.recheck_schedule, parse_schedule(settings.recheck_schedule), now
        )
        found.states = web_store.load_url_states(con)
    keywords = keyword_pattern(story.keywords)
    candidates: list[web.Candidate] = []
    for source in story.sources:
        if source.kind == "folder":
            found.docs.extend(discover_folder(story.resolve(source.location), source.outlet))
        elif source.kind == "urls":
            urls = web.read_list_file(story.resolve(source.location))
            cands, log = web.candidates_from_list_file(urls, source, now)
            candidates += cands
            found.log += log
    candidates += _discover_listings(settings, story, found, keywords)
    found.requests, found.plan = web.plan_page_fetches(web.dedupe(candidates), found.states, now)
    return found


def _discover_listings(
    settings: Settings, story: Story, found: Discovery, keywords
) -> list[web.Candidate]:
    """Fetch and parse the feeds and sitemaps (and one level of sitemap indexes)."""
    options = FetchOptions.from_settings(settings)
    by_location = {s.location: s for s in story.sources}
    requests = web.listing_requests(story.sources, found.states)
    candidates: list[web.Candidate] = []
    for _level in range(2):  # a sitemap index, then the sitemaps it lists
        children = []
        for result in fetch_all(requests, options):
            source = by_location[result.request.url]
            cands, more = _read_listing(result, source, found, keywords)
            candidates += cands
            children += [web.listing_request(url, "sitemap", found.states) for url in more]
            by_location.update({url: source for url in more})
        requests = children
    return candidates


def _read_listing(
    result: FetchResult, source: Source, found: Discovery, keywords
) -> tuple[list[web.Candidate], list[str]]:
    now = found.started
    known = found.states.get(url_key(result.request.url))
    found.log += web.retried_records(result)
    if result.outcome != "ok":
        outcome = "not_modified" if result.outcome == "not_modified" else "error"
        found.log.append(web.fetch_record(result, outcome))
        found.listing_states.append(web.listing_state(result, known, now))
        return [], []
    try:
        listing = web.parse_fetched_listing(result)
    except Exception as exc:  # a malformed (or unforeseen) listing: logged, the run goes on
        if not isinstance(exc, BadFeed):
            exc = BadFeed(f"cannot be read ({plain_reason(exc)})")
        found.log.append(web.fetch_record(result, "error", f"{result.request.kind}: {exc}"))
        found.listing_states.append(web.listing_state(result, known, now, error=str(exc)))
        return [], []
    found.log.append(web.fetch_record(result, "listed", listing.truncated))
    found.listing_states.append(web.listing_state(result, known, now))
    cands, log = web.candidates_from_listing(listing.entries, source, keywords, now)
    found.log += log
    return cands, listing.children


def published_by(docs: Sequence[SourceDoc], day: date) -> list[SourceDoc]:
    """The articles a run on ``day`` could have seen: those published on or before it.

    Undated articles are left out: when they appeared cannot be replayed.
    """
    return [d for d in docs if d.published is not None and d.published <= day]


def fetch_pages(settings: Settings, found: Discovery) -> list[FetchResult]:
    """Fetch the planned pages (one batch, async, bounded; never raises for one URL)."""
    return fetch_all(found.requests, FetchOptions.from_settings(settings))


def read_articles(
    settings: Settings, story: Story, found: Discovery, fetched: Sequence[FetchResult]
) -> ReadResult:
    """Read local files and fetched pages into texts; what cannot be used is logged."""
    result = _read_local(found.docs, settings.fetch_max_bytes)
    pages = web.read_fetched_pages(
        fetched,
        found.plan,
        found.states,
        keyword_pattern(story.keywords),
        parse_schedule(settings.recheck_schedule),
        found.started,
    )
    result.texts += pages.texts
    result.pending = pages.pending
    result.log = found.log + result.log + pages.log
    result.states = found.listing_states + pages.states
    return result


def _read_local(docs: Sequence[SourceDoc], max_bytes: int | None = None) -> ReadResult:
    result = ReadResult()
    for doc in docs:
        started = time.perf_counter()
        try:
            result.texts.append(read_local_article(doc, max_bytes))
        except Exception as exc:  # one article never stops the run: logged, then skipped
            error = str(exc) if isinstance(exc, InputError) else _unexpected(doc.location, exc)
            result.log.append(
                FetchRecord(
                    url=doc.location,
                    outcome="error",
                    error=error,
                    elapsed_ms=(time.perf_counter() - started) * 1000,
                )
            )
    return result


def _unexpected(what: str, exc: BaseException) -> str:
    """The fetch_log line for an error no stage anticipated (a bug, or input we never saw)."""
    return f"{Path(what).name if '/' in what else what}: skipped: {plain_reason(exc)}"


def log_inputs(
    settings: Settings, run_id: str, batch: ReadResult, now: datetime | None = None
) -> None:
    """Store the fetch log of discovery and reading (errors, skips, listings) at once.

    Written before the slow work (extraction), so a run killed later still leaves its
    record of what it could not use. URL states wait for ``store_versions``: a feed's
    validators must not be saved before the pages it listed are.
    """
    records = [r if now is None or r.at else dataclasses.replace(r, at=now) for r in batch.log]
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        store.log_fetches(con, run_id, records)


def select_new_versions(
    settings: Settings, texts: Sequence[ArticleText]
) -> list[tuple[ArticleText, int]]:
    """Keep texts whose content differs from their article's latest stored version.

    Returns ``(text, version number)`` pairs to store.
    """
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        latest = store.latest_versions(con)
    fresh = []
    for text in texts:
        known = latest.get(text.article_id)
        if known and known[0] == text.content_hash:
            continue  # unchanged local file: nothing to store, nothing to log
        fresh.append((text, 1 if known is None else known[1] + 1))
    return fresh


def extract(texts: Sequence[ArticleText], story: Story) -> list[list[Claim] | str]:
    """Claims of each text, in order; for a text that could not be read, why (one line).

    One article's failure never stops the run: ``store_versions`` logs it and stores the
    others.
    """
    out: list[list[Claim] | str] = []
    for t in texts:
        try:
            out.append(extract_claims(t.text, t.published, story))
        except Exception as exc:  # an extractor bug on one input: logged, article skipped
            out.append(f"claims could not be extracted: {plain_reason(exc)}")
    return out


def store_versions(
    settings: Settings,
    run_id: str,
    versions: Sequence[tuple[ArticleText, int]],
    claims: Sequence[Sequence[Claim] | str],
    batch: ReadResult,
    now: datetime | None = None,
) -> int:
    """Store new versions with their claims, a chunk per transaction, then the fetch log.

    With a run clock (``now``, a replay) versions count as read, and inputs as logged, at
    that moment.

    A web page's URL state (validators, body hash, next check), its metadata and the claim
    changes against its previous version land in the same transaction as the version.
    Pages read but unchanged are logged with the URL states in one last transaction (the
    rest of the fetch log was stored by ``log_inputs``).
    """
    records: list[FetchRecord] = []  # batch.log is already stored (log_inputs)
    pending = dict(batch.pending)
    items = []
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        for (text, version), article_claims in zip(versions, claims, strict=True):
            if now is not None:
                text = dataclasses.replace(text, fetched_at=now)
            page = pending.pop(text.url, None)
            if isinstance(article_claims, str):  # extraction failed: log it, store nothing
                records.append(_failed_record(text, page, article_claims, now))
                continue
            also = _version_extras(con, text, version, article_claims, run_id, page)
            items.append(store.NewVersion(text, version, article_claims, also))
            records.append(_stored_record(text, page, now))
        n_claims = 0
        for start in range(0, len(items), STORE_CHUNK):
            n_claims += store.store_article_versions(
                con,
                items[start : start + STORE_CHUNK],
                run_id=run_id,
                extractor_version=EXTRACTOR_VERSION,
            )
        for page in pending.values():  # read, but the text equals the latest version
            records.append(dataclasses.replace(page.record, outcome="unchanged"))
        states = batch.states + [page.state for page in pending.values()]
        records = [r if now is None or r.at else dataclasses.replace(r, at=now) for r in records]
        web_store.record_fetches(con, run_id, records, states)
    return n_claims


def _failed_record(
    text: ArticleText, page: web.PendingPage | None, error: str, now: datetime | None
) -> FetchRecord:
    if page is None:
        return FetchRecord(url=text.url, outcome="error", error=error, at=now)
    return dataclasses.replace(page.record, outcome="error", error=error)


def _stored_record(
    text: ArticleText, page: web.PendingPage | None, now: datetime | None = None
) -> FetchRecord:
    if page is None:
        return FetchRecord(url=text.url, outcome="new_version", bytes=len(text.text), at=now)
    return dataclasses.replace(page.record, outcome="new_version")


def _version_extras(con, text, version, claims, run_id, page) -> list:
    """Statements stored with a version: URL state, page metadata, claim changes."""
    also = []
    if page is not None:
        also.append(web_store.url_state_statement(page.state))
        also.append(
            web_store.page_meta_statement(
                store.version_id_of(text), page.author, page.site_name, page.final_url
            )
        )
    if version > 1:
        before = web_store.previous_claims(con, text.article_id, version - 1)
        after = [_claim_value(c, text) for c in claims]
        also += web_store.change_statements(text, version - 1, run_id, diff_claims(before, after))
    return also


def _claim_value(claim: Claim, text: ArticleText) -> ClaimValue:
    return ClaimValue(
        claim.identity(text.content_hash, EXTRACTOR_VERSION),
        claim.fact_key,
        claim.subject,
        claim.kind,
        claim.unit,
        claim.qualifier,
        claim.low,
        claim.high,
        claim.date_low,
        claim.date_high,
        claim.sentence,
    )


def reconcile_and_diff(
    settings: Settings,
    story: Story,
    run_id: str,
    channels: Sequence[str],
    now: datetime | None = None,
    outbox_status: str = "pending",
) -> tuple[ReconcileResult, dict]:
    """Rebuild the timeline, diff the snapshot against the last run's, record changes.

    Alertable changes get one outbox row per channel, in the same transaction as the
    change records, so an alert can never exist without its change or be lost. Alert
    thresholds are measured from each fact's last alerted state (see ``pipelines.facts.diff``).
    A replay that does not deliver passes ``outbox_status="replayed"``.
    """
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        observations = fact_store.load_observations(con)
        previous_run, previous = store.last_snapshot(con, story.id)
        alerted = fact_store.last_alerted(con)
        result = reconcile.reconcile(observations, story)
        timeline, candidates = result.timeline, result.candidates
        current = reconcile.current_state(timeline)
        occurrences = events.build_events(observations, story)
        checks = events.tally_check(observations, story, timeline)
        snapshot = diff.snapshot(current)
        changes = diff.diff_snapshots(previous, snapshot, story, alerted)
        changes += edits.edit_changes(
            web_store.edited_claims(con, run_id), story, moved={c.fact_key for c in changes}
        )
        keyed = [(fact_store.change_id(c, previous_run), c) for c in changes]
        outbox = _outbox_items(keyed, story, observations, channels, candidates)
        fact_store.save_reconciliation(
            con,
            run_id,
            timeline,
            candidates,
            keyed,
            outbox,
            now=now,
            outbox_status=outbox_status,
            events=occurrences,
            checks=checks,
        )
    summaries = [
        {"fact_key": c.fact_key, "kind": c.kind, "summary": c.summary, "alert": c.alert}
        for _, c in keyed
    ]
    return ReconcileResult(len(keyed), sum(c.alert for _, c in keyed), summaries), snapshot


def _outbox_items(
    keyed: Sequence[tuple[str, diff.Change]],
    story: Story,
    observations: Sequence[reconcile.ClaimObs],
    channels: Sequence[str],
    candidates: Sequence[reconcile.Candidate] = (),
) -> list[fact_store.OutboxItem]:
    """One message per fact per run (its alertable changes together), per channel.

    The message's id is that of the fact's first alertable change, so a change detected
    again (a retried run) still maps to the same outbox rows.
    """
    by_fact: dict[str, list[tuple[str, diff.Change]]] = {}
    for cid, change in keyed:
        if change.alert:
            by_fact.setdefault(change.fact_key, []).append((cid, change))
    items = []
    for fact_key, group in by_fact.items():
        cid, change = group[0]
        fact = story.fact(fact_key)
        as_of = (change.new or {}).get("as_of")
        sides = alert.conflict_sides(
            [c for c in candidates if c.fact_key == fact_key and c.as_of.isoformat() == as_of],
            fact.kind == "date",
            fact.unit,
        )
        message = alert.compose_message(
            change,
            cid,
            story,
            None if change.kind == "article_edited" else alert.evidence_for(change, observations),
            also=[c for _, c in group[1:]],
            sides=sides,
        )
        for channel in channels:
            items.append(fact_store.OutboxItem(alert.alert_id(cid, channel), cid, channel, message))
    return items


def fail_run(
    settings: Settings, run_id: str, exc: BaseException, now: datetime | None = None
) -> None:
    """Mark the run ``failed`` with the reason in one plain line, if the database lets us.

    Called for any exception that stops a run, so no run is left ``running``, a full disk
    included (the run lock's reserve is freed first). When the database itself is what
    failed (file gone, damaged), recording may fail too; the original error is what the
    caller re-raises either way.
    """
    # A full disk would refuse the record too: give back the room the run lock set aside
    # for this moment (storage/runlock.py).
    release_reserve(settings.db)
    with contextlib.suppress(Exception):  # best effort: the run's own error is reported
        close_run(settings, run_id, store.RunTotals(), None, error=plain_reason(exc), now=now)


def plain_reason(exc: BaseException) -> str:
    """One line that says why: factdrift's own message, else the error's first line."""
    if isinstance(exc, FactdriftError):
        return str(exc)
    full = disk_full_reason(exc)
    if full:
        return full
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0] if lines else 'no message'}"[:500]


def close_run(
    settings: Settings,
    run_id: str,
    totals: store.RunTotals,
    snapshot: dict | None,
    error: str | None = None,
    now: datetime | None = None,
) -> None:
    """Mark the run completed (with its snapshot) or failed (with the reason)."""
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con, transaction(con):
        store.finish_run(con, run_id, totals, snapshot, error=error, now=now)


def record_failed_run(
    settings: Settings, story_id: str, flow_run_id: str | None, error: str
) -> str:
    """Record a run that failed before it could start (e.g. a broken story file).

    Returns the run id; nothing is recorded when the database itself cannot be opened
    (the error then names the database, and Prefect keeps the failed flow run).
    """
    import uuid

    run_id = uuid.uuid4().hex[:16]
    try:
        with (
            connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con,
            transaction(con),
        ):
            store.start_run(con, run_id, story_id, flow_run_id)
            store.finish_run(con, run_id, store.RunTotals(), None, error=error)
    except StorageError:
        pass
    return run_id
