"""factdrift's settings, declared once.

Every setting has a named default, can be set by an environment variable
``FACTDRIFT_<NAME>`` (or a CLI option, which wins), and is documented in
``docs/configuration.md`` (a test checks that each one is). A bad value is reported as
``FACTDRIFT_<NAME>: what is wrong``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from pipelines.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORY = PROJECT_ROOT / "seeds" / "story.toml"


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
    #: Atom feed file of the latest alertable changes, rewritten by each run (off if unset).
    atom_feed: Path | None = None
    #: How many changes the Atom feed keeps (newest first).
    atom_entries: int = Field(default=50, ge=1)
    #: How long to wait for another program to release the database file.
    lock_timeout_seconds: float = Field(default=10.0, ge=0)

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
