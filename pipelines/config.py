"""factdrift's settings, declared once.

Every setting has a named default, can be set by an environment variable
``FACTDRIFT_<NAME>`` (or a CLI option, which wins), and is documented in
``docs/configuration.md`` (a test checks that each one is). A bad value is reported as
``FACTDRIFT_<NAME>: what is wrong``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.ingest.cadence import parse_schedule
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _default_story() -> Path:
    """The default story file, shipped as package data in ``factdrift.seeds``.

    Installed packages are plain folders, so the resource is a real path the story's
    ``location = "."`` source can be resolved against.
    """
    return Path(str(resources.files("factdrift.seeds") / "story.toml"))


DEFAULT_STORY = _default_story()
DOCS_URL = "https://github.com/factdrift/factdrift/blob/main/docs/ingestion.md"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("factdrift")
    except PackageNotFoundError:  # running from a source checkout
        return "0.1.0"


#: Sent with every request, so site operators can see who fetches and read why.
DEFAULT_USER_AGENT = f"factdrift/{_version()} (+{DOCS_URL})"


class Settings(BaseSettings):
    """Run-time settings (environment variables ``FACTDRIFT_*``)."""

    model_config = SettingsConfigDict(env_prefix="FACTDRIFT_", extra="ignore", frozen=True)

    #: The DuckDB file. Created on first run.
    db: Path = Path("factdrift.duckdb")
    #: The story file (sources and the catalog of key facts).
    story: Path = DEFAULT_STORY
    #: Apprise notification URLs (comma-separated in the environment), e.g. json://host/hook.
    apprise_urls: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: Emit a Prefect event per alert so Prefect automations can react.
    prefect_events: bool = True
    #: Give up on an alert delivery after this many failed attempts.
    alert_max_attempts: int = Field(default=8, ge=1)
    #: First retry delay of a failed delivery; doubles per attempt.
    alert_retry_seconds: float = Field(default=60.0, ge=0)
    #: How long a delivery may hold an alert it claimed before another run may send it.
    alert_lease_seconds: float = Field(default=300.0, gt=0)
    #: Atom feed file of the latest alertable changes, rewritten by each run (off if unset).
    atom_feed: Path | None = None
    #: How many changes the Atom feed keeps (newest first).
    atom_entries: int = Field(default=50, ge=1)
    #: How long to wait for another program to release the database file.
    lock_timeout_seconds: float = Field(default=10.0, ge=0)
    #: How long a run waits for another run of the same database to finish (0: not at all).
    run_lock_wait_seconds: float = Field(default=0.0, ge=0)
    #: ``factdrift sql``: stop a query after this many seconds (``--timeout`` wins).
    sql_timeout_seconds: float = Field(default=30.0, gt=0)
    #: ``factdrift sql``: memory one query may use (DuckDB syntax: 500MB, 2GB).
    sql_memory_limit: str = Field(default="2GB", pattern=r"^\d+(\.\d+)?\s*([KMGT]i?B|B)$")

    # --- web ingestion (docs/ingestion.md) ---
    #: Give up on one request (connect + all of the body) after this many seconds.
    fetch_timeout_seconds: float = Field(default=10.0, gt=0)
    #: Stop reading a response past this many bytes and skip it.
    fetch_max_bytes: int = Field(default=5_000_000, ge=1024)
    #: Requests in flight at once, over all hosts.
    fetch_concurrency: int = Field(default=16, ge=1)
    #: Requests in flight at once to one host (be polite to each site).
    fetch_per_host: int = Field(default=4, ge=1)
    #: Redirects followed per request before giving up.
    fetch_max_redirects: int = Field(default=5, ge=0)
    #: Extra attempts after a transient failure (429, 5xx, connection error).
    fetch_retries: int = Field(default=2, ge=0)
    #: First retry delay (doubles per attempt) when the server sends no Retry-After.
    fetch_backoff_seconds: float = Field(default=1.0, ge=0)
    #: Longest Retry-After honoured; a site asking for longer is retried on a later run.
    fetch_max_retry_after_seconds: float = Field(default=60.0, ge=0)
    #: The User-Agent header of every request.
    user_agent: str = DEFAULT_USER_AGENT
    #: Fetch private, loopback and link-local addresses (tests, local use). Off: SSRF guard.
    allow_private_addresses: bool = False
    #: Re-check cadence by article age: AGE=INTERVAL tiers, last one '*'.
    recheck_schedule: str = "1d=30m, 7d=3h, 30d=1d, *=7d"

    # --- scale (docs/operate.md, "Past one machine") ---
    #: Worker processes that read pages and extract claims: 0 = one per core, 1 = none.
    workers: int = Field(default=0, ge=0)
    #: Dask scheduler address (tcp://host:8786): read and extract on that cluster instead.
    dask_address: str | None = None

    @field_validator("recheck_schedule")
    @classmethod
    def _schedule_parses(cls, value: str) -> str:
        parse_schedule(value)  # raises ValueError with the bad part, shown per field
        return value

    @field_validator("apprise_urls", mode="before")
    @classmethod
    def _split_urls(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]
        return value


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit (non-None) overrides from the CLI."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = "FACTDRIFT_" + str(err["loc"][0]).upper() if err["loc"] else "settings"
        raise ConfigError(f"{name}: {err['msg']}") from None
