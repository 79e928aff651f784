"""The glue of one run: each function joins one pipeline stage to storage.

These are plain functions (no Prefect here) so the flow in ``flows.run`` stays a handful of
task calls and each step can be tested on its own. Every step opens the database briefly
and closes it again: the file is never held between steps.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from factdrift.pipelines import errors, work
from factdrift.pipelines.alerts import alert
from factdrift.pipelines.claims import EXTRACTOR_VERSION, extract_claims
from factdrift.pipelines.config import Settings
from factdrift.pipelines.errors import BadFeed, FactdriftError, StorageError
from factdrift.pipelines.facts import diff, edits, events, incremental, reconcile
from factdrift.pipelines.ingest import web
from factdrift.pipelines.ingest.cadence import parse_schedule
from factdrift.pipelines.ingest.discover import docs_for, scan_article_files
from factdrift.pipelines.ingest.fetch import FetchOptions, FetchResult, fetch_all
from factdrift.pipelines.ingest.read import file_signature
from factdrift.pipelines.ingest.relevance import keyword_pattern
from factdrift.pipelines.ingest.urls import url_key
from factdrift.pipelines.ingest.versions import ClaimValue, diff_claims
from factdrift.pipelines.model import ArticleText, Claim, FetchRecord, SourceDoc
from factdrift.pipelines.story import Source, Story
from factdrift.storage import facts as fact_store
from factdrift.storage import files as file_store
from factdrift.storage import incremental as incremental_store
from factdrift.storage import store
from factdrift.storage import web as web_store
from factdrift.storage.db import connect, disk_full_reason, transaction
from factdrift.storage.runlock import release_reserve


class Pool(Protocol):
    """Runs batches of ``pipelines.work`` functions somewhere (``flows.parallel``)."""

    def split(self, items: Sequence) -> list[list]: ...

    def map(self, fn: Callable[..., list], calls: Sequence[tuple]) -> list[list]: ...


class SerialPool:
    """Everything in this process, as one batch."""

    workers = 1
    own_tasks = False

    def split(self, items: Sequence) -> list[list]:
        """One batch of everything (none when there is nothing)."""
        return [list(items)] if items else []

    def map(self, fn: Callable[..., list], calls: Sequence[tuple]) -> list[list]:
        """``fn(*args)`` for each call, in order."""
        return [fn(*args) for args in calls]


SERIAL = SerialPool()

#: Article versions per storage transaction: large enough that commits (each one syncs the
#: file) stay cheap, small enough that a crash loses little finished work.
STORE_CHUNK = 100
#: A local file modified less than this long before it was read is read again next run.
RACY_SECONDS = 2


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
    n_unchanged: int = 0  # local files seen unchanged since last read (not in docs)

    @property
    def n_sources(self) -> int:
        """Articles this run looks at: local files plus web pages fetched."""
        return len(self.docs) + self.n_unchanged + len(self.requests)


@dataclass
class ReadResult:
    """Articles read in one batch, and what could not be read (never fatal)."""

    texts: list[ArticleText] = field(default_factory=list)
    log: list[FetchRecord] = field(default_factory=list)
    pending: dict[str, web.PendingPage] = field(default_factory=dict)
    states: list[web.UrlState] = field(default_factory=list)
    #: Local files read: (location, size, mtime_ns, content hash), recorded after storing.
    file_states: list[tuple[str, int, int, str]] = field(default_factory=list)

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
        found.states = web_store.load_url_states_due(con, now)
        for source in story.sources:
            if source.kind == "folder":
                _discover_changed_files(con, story.resolve(source.location), source.outlet, found)
    keywords = keyword_pattern(story.keywords)
    candidates: list[web.Candidate] = []
    for source in story.sources:
        if source.kind == "urls":
            urls = web.read_list_file(story.resolve(source.location))
            cands, log = web.candidates_from_list_file(urls, source, now)
            candidates += cands
            found.log += log
    candidates += _discover_listings(settings, story, found, keywords)
    if candidates:  # the states of the pages the listings name (new ones have none)
        with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
            keys = [url_key(c.url) for c in candidates]
            found.states.update(web_store.load_url_states_of(con, keys))
    found.requests, found.plan = web.plan_page_fetches(web.dedupe(candidates), found.states, now)
    return found


def _discover_changed_files(con, folder: Path, outlet: str | None, found: Discovery) -> None:
    """Add the folder's files that changed since they were last read to ``found.docs``.

    Unchanged files (same size and modification time) are only counted: their manifest
    entries are not needed, so a folder where nothing changed costs a listing and a
    ``stat`` per file, without parsing a manifest that may list 100,000 articles.
    """
    files = scan_article_files(folder)
    known = file_store.load_folder_states(con, str(folder))
    changed = [Path(path) for path, signature in files if known.get(path) != signature]
    found.n_unchanged += len(files) - len(changed)
    found.docs.extend(docs_for(folder, changed, outlet))


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
    settings: Settings,
    story: Story,
    found: Discovery,
    fetched: Sequence[FetchResult],
    pool: Pool | None = None,
) -> ReadResult:
    """Read local files and fetched pages into texts; what cannot be used is logged.

    The reading itself (files, trafilatura) runs in ``pool``'s workers when one is given.
    """
    result = read_changed_files(settings, found.docs, pool)
    pages = web.read_fetched_pages(
        fetched,
        found.plan,
        found.states,
        keyword_pattern(story.keywords),
        parse_schedule(settings.recheck_schedule),
        found.started,
        parsed=_read_pages(story, found, fetched, pool) if pool else None,
    )
    result.texts += pages.texts
    result.pending = pages.pending
    result.log = found.log + result.log + pages.log
    result.states = found.listing_states + pages.states
    return result


def _read_pages(
    story: Story, found: Discovery, fetched: Sequence[FetchResult], pool: Pool
) -> dict[str, object]:
    """Read the fetched pages that need it in the pool's workers, by request URL."""
    jobs = []
    for result in fetched:
        if web.needs_reading(result, found.states):
            cand = found.plan[url_key(result.request.url)]
            jobs.append(work.PageJob(cand.url, result.body or b"", result.charset, cand.hint))
    batches = pool.split(jobs)
    done = pool.map(work.read_pages, [(batch, list(story.keywords)) for batch in batches])
    return {job.url: page for job, page in zip(jobs, _flat(done), strict=True)}


def _flat(batches: Sequence[Sequence]) -> list:
    return [item for batch in batches for item in batch]


def read_changed_files(
    settings: Settings, docs: Sequence[SourceDoc], pool: Pool | None = None
) -> ReadResult:
    """Read the local files whose size or modification time differ from when they were
    last read (an unchanged file costs one ``stat``); note what was read."""
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        known = file_store.load_file_states(con, [d.location for d in docs])
    signatures = {d.location: file_signature(d.location) for d in docs}
    changed = [
        d
        for d in docs
        if signatures[d.location] is None or known.get(d.location) != signatures[d.location]
    ]
    result = _read_local(changed, settings.fetch_max_bytes, pool)
    by_url = {text.url: text for text in result.texts}
    # A file modified within RACY_SECONDS of being read could be modified again within
    # the same timestamp tick without its signature changing: read such files next time
    # too (git's "racily clean" rule).
    settled = time.time_ns() - RACY_SECONDS * 1_000_000_000
    for doc in changed:
        text = by_url.get(Path(doc.location).resolve().as_uri())
        signature = signatures[doc.location]
        if text is not None and signature is not None and signature[1] < settled:
            result.file_states.append((doc.location, *signature, text.content_hash))
    return result


def _read_local(
    docs: Sequence[SourceDoc], max_bytes: int | None = None, pool: Pool | None = None
) -> ReadResult:
    result = ReadResult()
    pool = pool or SERIAL
    calls = [(batch, max_bytes) for batch in pool.split(docs)]
    done = _flat(pool.map(work.read_docs, calls))
    for doc, (outcome, elapsed_ms) in zip(docs, done, strict=True):
        if isinstance(outcome, str):  # one article never stops the run: logged, then skipped
            result.log.append(
                FetchRecord(url=doc.location, outcome="error", error=outcome, elapsed_ms=elapsed_ms)
            )
        else:
            result.texts.append(outcome)
    return result


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
    if not texts:
        return []
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        latest = incremental_store.latest_versions_of(con, [text.article_id for text in texts])
    fresh = []
    for text in texts:
        known = latest.get(text.article_id)
        if known and known[0] == text.content_hash:
            continue  # unchanged local file: nothing to store, nothing to log
        fresh.append((text, 1 if known is None else known[1] + 1))
    return fresh


def extract(
    texts: Sequence[ArticleText], story: Story, pool: Pool | None = None
) -> list[list[Claim] | str]:
    """Claims of each text, in order; for a text that could not be read, why (one line).

    One article's failure never stops the run: ``store_versions`` logs it and stores the
    others. Runs in ``pool``'s workers when it ships batches there.
    """
    batches = pool.split(list(texts)) if pool is not None else []
    if pool is None or (len(batches) <= 1 and not pool.own_tasks):
        # In this process: one batch is not worth shipping (and stays patchable in tests).
        return [work.claims_or_reason(extract_claims, t, story) for t in texts]
    return _flat(pool.map(work.extract_texts, [(batch, story) for batch in batches]))


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
        file_store.save_file_states(con, batch.file_states)
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
    """Rows stored with a version: URL state, page metadata, claim changes."""
    also = []
    if page is not None:
        also.append(web_store.url_state_row(page.state))
        also.append(
            web_store.page_meta_row(
                store.version_id_of(text), page.author, page.site_name, page.final_url
            )
        )
    if version > 1:
        before = web_store.previous_claims(con, text.article_id, version - 1)
        after = [_claim_value(c, text) for c in claims]
        also += web_store.change_rows(text, version - 1, run_id, diff_claims(before, after))
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
        window, derived, current = rebuild_window(con, story)
        previous_run, previous = store.last_snapshot(con, story.id)
        alerted = fact_store.last_alerted(con)
        snapshot = diff.snapshot(current)
        changes = diff.diff_snapshots(previous, snapshot, story, alerted)
        changes += edits.edit_changes(
            web_store.edited_claims(con, run_id), story, moved={c.fact_key for c in changes}
        )
        keyed = [(fact_store.change_id(c, previous_run), c) for c in changes]
        evidence, sides = _alert_context(con, keyed, window, derived)
        outbox = _outbox_items(keyed, story, evidence, channels, sides)
        incremental_store.save_window(
            con, run_id, window, derived, keyed, outbox, now=now, outbox_status=outbox_status
        )
    summaries = [
        {"fact_key": c.fact_key, "kind": c.kind, "summary": c.summary, "alert": c.alert}
        for _, c in keyed
    ]
    return ReconcileResult(len(keyed), sum(c.alert for _, c in keyed), summaries), snapshot


def rebuild_window(con, story: Story) -> tuple:
    """Rebuild the derived state from the first day new or replaced claims count on.

    Returns ``(window, derived rows, current state)``: the current state is every fact's
    latest timeline row, rebuilt or stored. Same results as reconciling every stored
    claim (``pipelines.facts.incremental``), at a cost that follows what is new rather
    than the size of the database. Occurrences and tally checks are rebuilt for the event
    facts whose claims changed or whose running total moved.
    """
    window = incremental_store.plan_window(con, incremental.rules_fingerprint(story))
    if window.since is None:  # nothing new since the stored state was built
        return (
            window,
            None,
            incremental.current_rows(incremental_store.rows_before(con, date.max), []),
        )
    since = window.since
    catalog = {fact.key: fact for fact in story.facts}
    restarts = _restarts(con, story, since)
    floors = {k: incremental.window_floor(f, restarts.get(k)) for k, f in catalog.items()}
    params = incremental_store.Catalog(
        keys=list(catalog),
        is_date=[f.kind == "date" for f in catalog.values()],
        scopes=[f.effective_scope for f in catalog.values()],
        needs_high=[floors[k][0] for k in catalog],
        floors=[floors[k][1] for k in catalog],
    )
    claims = incremental_store.load_window(con, params, since)
    before = incremental_store.rows_before(con, since)
    rebuilt = incremental.rebuild(
        claims,
        story,
        since,
        restarts,
        before,
        lambda key: incremental_store.load_fact_claims(con, params, key),
    )
    moved = {row.fact_key for row in rebuilt.timeline}
    moved |= incremental_store.facts_with_rows_from(con, since)
    event_facts, check_facts, occurrences, checks = _rebuild_events(
        con, story, window, moved, before, rebuilt.timeline
    )
    derived = incremental_store.Derived(
        rebuilt.timeline, rebuilt.candidates, rebuilt.states,
        event_facts, occurrences, check_facts, checks,
    )  # fmt: skip
    return window, derived, incremental.current_rows(before, rebuilt.timeline)


def _restarts(con, story: Story, since: date) -> dict[str, incremental.Restart]:
    """Each fact's last day before ``since`` and the estimate of its day before that."""
    stored = incremental_store.states_before(con, since) if since > incremental.EVERYTHING else {}
    catalog = {fact.key: fact for fact in story.facts}
    wanted = [s for states in stored.values() if len(states) == 2 for s in states[:1]]
    support = incremental_store.load_claims_by_id(
        con, sorted({i for s in wanted for i in s.claim_ids})
    )
    restarts = {}
    for key, states in stored.items():
        fact = catalog.get(key)
        if fact is None:
            continue
        counted = [c for c in (reconcile.counted(fact, o) for o in support) if c is not None]
        established = (
            incremental.estimate_of(fact, states[0], counted) if len(states) == 2 else None
        )
        restarts[key] = incremental.Restart(states[-1].day, established)
    return restarts


def _rebuild_events(con, story: Story, window, moved: set[str], before, new_rows) -> tuple:
    """Occurrences of the event facts whose claims changed, and the tally checks of those
    and of the event facts whose running total has rows from the window's start on."""
    event_facts, totals = [], []
    for fact in story.facts:
        if fact.effective_scope == "event":
            event_facts.append(fact.key)
        elif fact.effective_scope == "total":
            totals.append(fact.key)
    family = {key: story.fact(key).tally for key in event_facts} | {key: key for key in totals}
    dirty = [k for k in family if window.full or k in window.facts]
    checked = [k for k in family if k in dirty or family[k] in moved]
    claims = incremental_store.load_event_claims(
        con, [k for k in checked if k in event_facts], [k for k in checked if k in totals]
    )
    occurrences = events.build_events([c for c in claims if c.fact_key in dirty], story)
    families = sorted({family[k] for k in checked if family[k] is not None})
    timeline = [r for r in incremental_store.rows_of(con, families) if r.as_of < window.since]
    timeline += [r for r in new_rows if r.fact_key in families]
    checks = events.tally_check(claims, story, timeline)
    return dirty, checked, occurrences, checks


def _alert_context(con, keyed, window, derived) -> tuple[list, list]:
    """The stored claims ``alert.evidence_for`` picks from, and the competing values on the
    day of each alertable change's new state (rebuilt, else stored)."""
    evidence: list[reconcile.ClaimObs] = []
    sides: list[reconcile.Candidate] = []
    rebuilt = list(derived.candidates) if derived is not None else []
    for _, change in keyed:
        if not change.alert:
            continue
        new, old = change.new or {}, change.old or {}
        ids = [*new.get("claim_ids", []), *old.get("claim_ids", [])]
        evidence += incremental_store.evidence_claims(con, change.fact_key, ids)
        as_of = new.get("as_of")
        if as_of is None:
            continue
        day = date.fromisoformat(as_of)
        if window.since is not None and day >= window.since:
            sides += [c for c in rebuilt if c.fact_key == change.fact_key and c.as_of == day]
        else:
            sides += incremental_store.stored_candidates(con, change.fact_key, day)
    return evidence, sides


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
    """One line that says why: factdrift's own message, a full disk said so, else the
    error's first line (:func:`factdrift.pipelines.errors.plain_reason`)."""
    if not isinstance(exc, FactdriftError):
        full = disk_full_reason(exc)
        if full:
            return full
    return errors.plain_reason(exc)


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
