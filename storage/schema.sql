-- factdrift's DuckDB schema: every table and view, in one file.
--
-- Tables (prefixed t_) are internal and may change through numbered migrations in
-- storage/migrations/. Views are the public API (docs/sql.md) and only ever grow.
-- Identities are content hashes (pipelines.model.content_id), so re-running inserts
-- nothing twice.

CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- One row per flow run. snapshot is the JSON fact snapshot the run ended with; the next
-- run diffs against the snapshot of the last *completed* run, so a crashed run changes
-- nothing that the next run will not recompute.
CREATE TABLE IF NOT EXISTS t_runs (
    run_id          VARCHAR PRIMARY KEY,
    story_id        VARCHAR NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    status          VARCHAR NOT NULL,         -- running | completed | failed
    flow_run_id     VARCHAR,                  -- Prefect's flow run id, when run as a flow
    n_sources       INTEGER DEFAULT 0,        -- articles discovered
    n_new_versions  INTEGER DEFAULT 0,        -- article versions stored by this run
    n_new_claims    INTEGER DEFAULT 0,
    n_changes       INTEGER DEFAULT 0,
    n_alerts_sent   INTEGER DEFAULT 0,
    n_errors        INTEGER DEFAULT 0,        -- inputs that could not be used (see fetch_log)
    error           VARCHAR,                  -- why the run failed, in plain words
    snapshot        JSON                      -- facts as of the end of the run
);

-- Small named values factdrift keeps between runs (e.g. the re-check schedule the stored
-- next checks were planned with, so a changed schedule re-plans them).
CREATE TABLE IF NOT EXISTS t_state (
    name  VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- Each run's alert deliveries per channel: accepted, failed attempts, and rows still
-- waiting for delivery (pending, or failed and to be retried) when the run ended.
CREATE TABLE IF NOT EXISTS t_run_deliveries (
    run_id    VARCHAR NOT NULL,
    channel   VARCHAR NOT NULL,
    delivered INTEGER NOT NULL,
    failed    INTEGER NOT NULL,
    pending   INTEGER NOT NULL,
    PRIMARY KEY (run_id, channel)
);

-- The story's catalog as of the last run, so SQL can show labels and units.
CREATE TABLE IF NOT EXISTS t_facts (
    fact_key   VARCHAR PRIMARY KEY,
    story_id   VARCHAR NOT NULL,
    label      VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    unit       VARCHAR NOT NULL,
    cumulative BOOLEAN NOT NULL
);

-- One row per version of an article: a re-read whose normalized text changed is a new
-- version (version 1, 2, ...); an unchanged one is not stored again.
CREATE TABLE IF NOT EXISTS t_article_versions (
    version_id      VARCHAR PRIMARY KEY,      -- content_id(article_id, content_hash)
    article_id      VARCHAR NOT NULL,         -- content_id of the canonical URL
    version         INTEGER NOT NULL,
    url             VARCHAR NOT NULL,
    outlet          VARCHAR NOT NULL,
    title           VARCHAR,
    published_at    DATE,
    published_basis VARCHAR NOT NULL,         -- how published_at was known, in words
    fetched_at      TIMESTAMP NOT NULL,
    content_hash    VARCHAR NOT NULL,         -- SHA-256 of the normalized text
    text            VARCHAR NOT NULL,
    run_id          VARCHAR NOT NULL,
    UNIQUE (article_id, version)
);

CREATE TABLE IF NOT EXISTS t_claims (
    claim_id          VARCHAR PRIMARY KEY,
    version_id        VARCHAR NOT NULL,
    article_id        VARCHAR NOT NULL,
    fact_key          VARCHAR,                -- NULL: a generic claim (no catalog fact)
    subject           VARCHAR,
    kind              VARCHAR NOT NULL,
    qualifier         VARCHAR NOT NULL,
    value             DOUBLE,                 -- the figure as written ("more than 82" -> 82)
    value_high        DOUBLE,                 -- second figure of a range
    low               DOUBLE,                 -- interval; NULL = unbounded
    high              DOUBLE,
    date_low          DATE,
    date_high         DATE,
    unit              VARCHAR,
    hedged            BOOLEAN NOT NULL,
    hedge             VARCHAR,
    attribution       VARCHAR,
    sentence          VARCHAR NOT NULL,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL,
    quote             VARCHAR,
    repeat_of         VARCHAR,                -- claim_id of an earlier statement of the same figure
    extractor_version VARCHAR NOT NULL,
    run_id            VARCHAR NOT NULL
);
-- Added after 0.1 (ALTER ... IF NOT EXISTS so older files gain them when this file re-runs).
ALTER TABLE t_claims ADD COLUMN IF NOT EXISTS scope VARCHAR;          -- total | event | NULL
ALTER TABLE t_claims ADD COLUMN IF NOT EXISTS event_date_low DATE;    -- the occurrence's days
ALTER TABLE t_claims ADD COLUMN IF NOT EXISTS event_date_high DATE;
ALTER TABLE t_claims ADD COLUMN IF NOT EXISTS earlier BOOLEAN DEFAULT false;  -- "up from N"
ALTER TABLE t_claims ADD COLUMN IF NOT EXISTS as_of DATE;             -- when an earlier value held
ALTER TABLE t_claims ADD COLUMN IF NOT EXISTS revision BOOLEAN DEFAULT false; -- "revised to"

-- Derived state, rebuilt by each run that changes it: the fact timeline and the
-- competing values of each fact.
CREATE TABLE IF NOT EXISTS t_fact_timeline (
    fact_key      VARCHAR NOT NULL,
    as_of         DATE NOT NULL,
    low           DOUBLE,
    high          DOUBLE,
    date_low      DATE,
    date_high     DATE,
    env_low       DOUBLE,
    env_high      DOUBLE,
    env_date_low  DATE,
    env_date_high DATE,
    status        VARCHAR NOT NULL,           -- consistent | conflict | single-source
    n_claims      INTEGER NOT NULL,
    n_outlets     INTEGER NOT NULL,
    hedged_only   BOOLEAN NOT NULL,
    correction    BOOLEAN NOT NULL,
    claim_ids     VARCHAR[] NOT NULL,
    outlets       VARCHAR[] NOT NULL,
    PRIMARY KEY (fact_key, as_of)
);
-- How the claims behind the row were worded (the fact_timeline view's qualifier and
-- stated_value), filled in when the row is written (storage.facts.FILL_WORDING) so that
-- reading the view never joins the claims table.
ALTER TABLE t_fact_timeline ADD COLUMN IF NOT EXISTS qualifier VARCHAR;
ALTER TABLE t_fact_timeline ADD COLUMN IF NOT EXISTS stated_value DOUBLE;

CREATE TABLE IF NOT EXISTS t_fact_candidates (
    fact_key  VARCHAR NOT NULL,
    as_of     DATE NOT NULL,
    qualifier VARCHAR NOT NULL,
    low       DOUBLE,
    high      DOUBLE,
    date_low  DATE,
    date_high DATE,
    n_claims  INTEGER NOT NULL,
    n_outlets INTEGER NOT NULL,
    outlets   VARCHAR[] NOT NULL,
    claim_ids VARCHAR[] NOT NULL
);
-- The part the value plays in the state (pipelines.facts.reconcile.ROLES): estimate |
-- agrees | conflict | lagging | single-source | revised | superseded.
ALTER TABLE t_fact_candidates ADD COLUMN IF NOT EXISTS role VARCHAR;

-- Reported occurrences of event facts (pipelines.facts.events), rebuilt with the timeline.
-- figures: JSON list of {outlet, published, qualifier, low, high, date_low, date_high,
-- claim_id, url}, one per outlet (the events view turns it into a list of structs).
CREATE TABLE IF NOT EXISTS t_events (
    event_id        VARCHAR PRIMARY KEY,
    fact_key        VARCHAR NOT NULL,
    family          VARCHAR,                  -- the running total it adds to
    event_date_low  DATE,
    event_date_high DATE,
    low             DOUBLE,
    high            DOUBLE,
    date_low        DATE,
    date_high       DATE,
    status          VARCHAR NOT NULL,         -- consistent | conflict | single-source
    n_outlets       INTEGER NOT NULL,
    n_claims        INTEGER NOT NULL,
    outlets         VARCHAR[] NOT NULL,
    claim_ids       VARCHAR[] NOT NULL,
    figures         JSON NOT NULL,
    first_reported  DATE NOT NULL,
    last_reported   DATE NOT NULL
);

-- Per running total, event fact and day: the occurrences reported so far, summed, against
-- the reconciled total in force that day.
CREATE TABLE IF NOT EXISTS t_tally_check (
    tally_key   VARCHAR NOT NULL,
    event_fact  VARCHAR NOT NULL,
    as_of       DATE NOT NULL,
    n_events    INTEGER NOT NULL,
    events_low  DOUBLE,
    events_high DOUBLE,
    total_low   DOUBLE,
    total_high  DOUBLE,
    difference  DOUBLE,
    status      VARCHAR NOT NULL,             -- agree | total_above | total_below | no_total
    PRIMARY KEY (tally_key, event_fact, as_of)
);

-- Neutral change records, written before any message is rendered.
CREATE TABLE IF NOT EXISTS t_fact_changes (
    change_id   VARCHAR PRIMARY KEY,          -- content hash of the change and the snapshot it diffs against
    run_id      VARCHAR NOT NULL,
    fact_key    VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,             -- new_fact | value_changed | range_narrowed | ...
    old         JSON,
    new         JSON,
    alert       BOOLEAN NOT NULL,             -- false: below threshold or alerts off for the fact
    summary     VARCHAR NOT NULL,
    detected_at TIMESTAMP NOT NULL
);

-- The alert outbox: one row per alertable change per channel. Delivery is at least once:
-- a row is marked sent only after the channel accepted it; alert_id doubles as the
-- idempotency key sent with every attempt, so a receiver can drop a resend.
CREATE TABLE IF NOT EXISTS t_alerts (
    alert_id        VARCHAR PRIMARY KEY,
    change_id       VARCHAR NOT NULL,
    channel         VARCHAR NOT NULL,         -- summary | apprise:<name> | prefect-event | atom
    status          VARCHAR NOT NULL,         -- pending | sent | failed | replayed (by a replay; never sent)
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      VARCHAR,
    next_attempt_at TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    message         JSON NOT NULL
);

-- Every attempt to read an input: local files and HTTP requests alike.
CREATE TABLE IF NOT EXISTS t_fetch_log (
    run_id     VARCHAR NOT NULL,
    url        VARCHAR NOT NULL,
    logged_at  TIMESTAMP NOT NULL,
    outcome    VARCHAR NOT NULL,              -- new_version | unchanged | not_modified | skipped | error
    status     INTEGER,                       -- HTTP status; NULL for local files and network errors
    bytes      BIGINT,
    elapsed_ms DOUBLE,
    error      VARCHAR                        -- what went wrong, in plain words
);

-- What is known about each web URL between runs (feeds, sitemaps and pages alike): the
-- validators for conditional GET, a hash of the last body (an unchanged body costs one
-- request and no processing), and when to look again. Keyed by the URL without its scheme
-- (pipelines.urls.url_key), so the http and https spellings of a page are one row.
-- A page's row is written in the same transaction as the article version it produced:
-- a crash can never leave a stored ETag for a version that was not stored.
CREATE TABLE IF NOT EXISTS t_url_state (
    url_key         VARCHAR PRIMARY KEY,
    url             VARCHAR NOT NULL,         -- canonical URL as fetched
    kind            VARCHAR NOT NULL,         -- page | feed | sitemap
    source          VARCHAR,                  -- the feed, sitemap or list that named it
    etag            VARCHAR,
    last_modified   VARCHAR,                  -- the server's Last-Modified, verbatim
    body_hash       VARCHAR,                  -- SHA-256 of the last raw body
    last_status     INTEGER,
    last_error      VARCHAR,                  -- NULL when the last check worked
    first_seen_at   TIMESTAMP NOT NULL,
    checked_at      TIMESTAMP,
    next_check_at   TIMESTAMP,                -- NULL: never again (see recheck_schedule)
    published_at    DATE,                     -- drives the re-check cadence
    published_basis VARCHAR,
    title           VARCHAR,
    outlet          VARCHAR,
    relevant        BOOLEAN                   -- false: fetched, but does not mention the story
);

-- Page metadata that local articles do not have (trafilatura's author and site name, and
-- the URL the request finally landed on after redirects), one row per web article version.
CREATE TABLE IF NOT EXISTS t_page_meta (
    version_id VARCHAR PRIMARY KEY,
    author     VARCHAR,
    site_name  VARCHAR,
    final_url  VARCHAR
);

-- Claims that appeared, vanished or changed value between two versions of an article
-- (pipelines.versions). Written with the new version, in the same transaction.
CREATE TABLE IF NOT EXISTS t_version_changes (
    article_id     VARCHAR NOT NULL,
    from_version   INTEGER NOT NULL,
    to_version     INTEGER NOT NULL,
    run_id         VARCHAR NOT NULL,
    change         VARCHAR NOT NULL,          -- appeared | vanished | changed
    fact_key       VARCHAR,
    subject        VARCHAR,
    kind           VARCHAR NOT NULL,
    unit           VARCHAR,
    old_claim_id   VARCHAR,
    new_claim_id   VARCHAR,
    old_qualifier  VARCHAR,
    old_low        DOUBLE,
    old_high       DOUBLE,
    old_date_low   DATE,
    old_date_high  DATE,
    new_qualifier  VARCHAR,
    new_low        DOUBLE,
    new_high       DOUBLE,
    new_date_low   DATE,
    new_date_high  DATE,
    old_sentence   VARCHAR,
    new_sentence   VARCHAR,
    detected_at    TIMESTAMP NOT NULL
);

-- Incremental work (issue 12). What the stored timeline was built under: the catalog and
-- reconciliation rules' fingerprint (pipelines.facts.incremental.rules_fingerprint); a
-- mismatch rebuilds it in full. Runs whose article versions it already includes.
CREATE TABLE IF NOT EXISTS t_reconcile_state (
    name  VARCHAR PRIMARY KEY,                -- 'rules'
    value VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS t_reconciled_runs (
    run_id VARCHAR PRIMARY KEY
);
-- Each fact's estimate at the end of each of its days (pipelines.facts.incremental): where
-- a rebuild from a later day starts.
CREATE TABLE IF NOT EXISTS t_fact_states (
    fact_key  VARCHAR NOT NULL,
    day       DATE NOT NULL,
    low       DOUBLE,
    high      DOUBLE,
    date_low  DATE,
    date_high DATE,
    claim_ids VARCHAR[] NOT NULL              -- the claims behind the estimate
);

-- Local article files as last read: an unchanged size and modification time means an
-- unchanged file, so it is neither read nor hashed again. Written after its version.
CREATE TABLE IF NOT EXISTS t_file_state (
    location     VARCHAR PRIMARY KEY,         -- the file's path as discovered
    size         BIGINT NOT NULL,
    mtime_ns     BIGINT NOT NULL,
    content_hash VARCHAR NOT NULL             -- of the normalized text read then
);

-- Rows written before the wording was stored get it now: the statement is
-- storage.facts.FILL_WORDING, verbatim (tests/test_incremental.py checks).
UPDATE t_fact_timeline AS t
SET qualifier = coalesce(w.qualifier, 'mixed'), stated_value = w.stated_value
FROM (
    SELECT b.fact_key, b.as_of,
           CASE WHEN count(DISTINCT c.qualifier) = 1 THEN min(c.qualifier) ELSE 'mixed' END
               AS qualifier,
           CASE WHEN count(DISTINCT c.qualifier) = 1 AND count(DISTINCT c.value) = 1
                     AND count(c.value) = count(c.claim_id) THEN min(c.value) END
               AS stated_value
    FROM (SELECT fact_key, as_of, unnest(claim_ids) AS claim_id FROM t_fact_timeline
          WHERE qualifier IS NULL) b
    LEFT JOIN t_claims c USING (claim_id)
    GROUP BY b.fact_key, b.as_of
) w
WHERE t.fact_key = w.fact_key AND t.as_of = w.as_of;

-- ---------------------------------------------------------------------------------------
-- Public views (docs/sql.md). Change only additively.
-- ---------------------------------------------------------------------------------------

CREATE OR REPLACE VIEW articles AS
SELECT v.article_id, v.url, v.outlet, v.title, v.published_at, v.published_basis,
       v.fetched_at, v.content_hash, v.version,
       v.version = max(v.version) OVER (PARTITION BY v.article_id) AS is_latest,
       v.version_id,
       m.author, m.site_name, m.final_url
FROM t_article_versions v
LEFT JOIN t_page_meta m USING (version_id);

CREATE OR REPLACE VIEW claims AS
SELECT c.claim_id, c.article_id, c.fact_key, c.subject, c.kind, c.qualifier, c.low, c.high,
       c.date_low, c.date_high, c.unit, c.hedged, c.attribution, c.sentence, c.span_start,
       c.span_end, c.extractor_version,
       c.value, c.value_high, c.hedge, c.quote, c.repeat_of,
       v.version, v.outlet, v.url, v.published_at, c.version_id,
       c.scope, c.event_date_low, c.event_date_high, c.earlier, c.as_of, c.revision
FROM t_claims c JOIN t_article_versions v USING (version_id);

-- How the claims behind each state were worded: their qualifier when they all agree (else
-- 'mixed') and the figure as written when they agree on that too. Stored with each row
-- (t_fact_timeline.qualifier, stated_value), so reading the view stays fast as the claims
-- table grows (issue 12).
CREATE OR REPLACE VIEW fact_timeline AS
SELECT t.fact_key, t.as_of, t.low, t.high, t.date_low, t.date_high, t.status, t.n_claims,
       t.n_outlets, t.env_low, t.env_high, t.env_date_low, t.env_date_high, t.hedged_only,
       t.correction, t.outlets, t.claim_ids,
       coalesce(t.qualifier, 'mixed') AS qualifier, t.stated_value
FROM t_fact_timeline t;

CREATE OR REPLACE VIEW current_facts AS
SELECT f.fact_key, f.label, f.kind, f.unit, t.as_of, t.low, t.high, t.date_low, t.date_high,
       t.status, t.n_claims, t.n_outlets, t.env_low, t.env_high, t.env_date_low,
       t.env_date_high, t.hedged_only, t.correction, t.outlets, t.qualifier, t.stated_value
FROM fact_timeline t
JOIN t_facts f USING (fact_key)
QUALIFY row_number() OVER (PARTITION BY t.fact_key ORDER BY t.as_of DESC) = 1;

CREATE OR REPLACE VIEW fact_candidates AS
SELECT fact_key, as_of, qualifier, low, high, date_low, date_high, n_claims, n_outlets,
       outlets, claim_ids, role
FROM t_fact_candidates;

CREATE OR REPLACE VIEW events AS
SELECT e.fact_key, e.family, e.event_id, e.event_date_low, e.event_date_high, e.low, e.high,
       e.date_low, e.date_high, e.status, e.n_outlets, e.n_claims, e.outlets,
       from_json(e.figures, '[{"outlet": "VARCHAR", "published": "DATE", "qualifier": "VARCHAR",
                               "low": "DOUBLE", "high": "DOUBLE", "date_low": "DATE",
                               "date_high": "DATE", "claim_id": "VARCHAR", "url": "VARCHAR"}]')
           AS figures,
       e.first_reported, e.last_reported, e.claim_ids
FROM t_events e;

CREATE OR REPLACE VIEW tally_check AS
SELECT tally_key, event_fact, as_of, n_events, events_low, events_high, total_low,
       total_high, difference, status
FROM t_tally_check;

CREATE OR REPLACE VIEW fact_changes AS
SELECT change_id, run_id, fact_key, kind, old, new, detected_at, alert, summary
FROM t_fact_changes;

CREATE OR REPLACE VIEW alerts AS
SELECT alert_id, change_id, channel, status, attempts, last_error, next_attempt_at,
       created_at, sent_at, alert_id AS idempotency_key, message
FROM t_alerts;

CREATE OR REPLACE VIEW runs AS
SELECT r.run_id, r.story_id, r.started_at, r.finished_at, r.status, r.n_sources,
       r.n_new_versions, r.n_new_claims, r.n_changes, r.n_alerts_sent, r.n_errors, r.error,
       r.flow_run_id,
       coalesce(d.n_alerts_failed, 0)::INTEGER AS n_alerts_failed,
       coalesce(d.n_alerts_pending, 0)::INTEGER AS n_alerts_pending
FROM t_runs r
LEFT JOIN (
    SELECT run_id, sum(failed) AS n_alerts_failed, sum(pending) AS n_alerts_pending
    FROM t_run_deliveries GROUP BY run_id
) d USING (run_id);

CREATE OR REPLACE VIEW run_deliveries AS
SELECT run_id, channel, delivered, failed, pending
FROM t_run_deliveries;

CREATE OR REPLACE VIEW fetch_log AS
SELECT run_id, url, logged_at, outcome, status, bytes, elapsed_ms, error
FROM t_fetch_log;

CREATE OR REPLACE VIEW version_changes AS
SELECT c.article_id, v.url, v.outlet, c.from_version, c.to_version, c.change, c.fact_key,
       c.subject, c.kind, c.unit,
       c.old_qualifier, c.old_low, c.old_high, c.old_date_low, c.old_date_high,
       c.new_qualifier, c.new_low, c.new_high, c.new_date_low, c.new_date_high,
       c.old_sentence, c.new_sentence, c.old_claim_id, c.new_claim_id, c.run_id,
       c.detected_at
FROM t_version_changes c
JOIN t_article_versions v ON v.article_id = c.article_id AND v.version = c.to_version;

CREATE OR REPLACE VIEW watched_urls AS
SELECT url, kind, source, outlet, title, published_at, published_basis, relevant,
       first_seen_at, checked_at, next_check_at, last_status, last_error, etag,
       last_modified
FROM t_url_state;

-- The state of every fact in force on a given day (the latest timeline row on or before
-- it): SELECT * FROM facts_on(DATE '2025-09-10'). A table macro, because a view cannot
-- take the day as a parameter.
CREATE OR REPLACE MACRO facts_on(day) AS TABLE
SELECT t.*
FROM fact_timeline t
WHERE t.as_of <= day
QUALIFY row_number() OVER (PARTITION BY t.fact_key ORDER BY t.as_of DESC) = 1;
