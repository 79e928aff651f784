"""Prefect defaults for a quiet, offline, self-contained run.

Prefect reads its settings when it is imported, so these are applied before any Prefect
import. Each is a default: a value already in the environment wins (set
``PREFECT_API_URL`` to use a real Prefect server instead of the ephemeral one).
"""

from __future__ import annotations

import os

QUIET_OFFLINE_DEFAULTS = {
    # Nothing phones home.
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # A fresh ephemeral server takes 17–28 s to start on a 2-core machine; the default 20 s
    # limit sometimes expires.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # The run summary is factdrift's output; Prefect's INFO chatter is for --verbose.
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


def apply_prefect_defaults(verbose: bool = False) -> None:
    """Set quiet, offline Prefect defaults unless the environment already has them."""
    for name, value in QUIET_OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"


def quiet_run_failures() -> None:
    """Keep Prefect from logging a failed task or flow run with its traceback.

    For the one-shot commands (``run``, ``replay``), which report a failure themselves in
    one line; ``--verbose`` keeps Prefect's logs. Call after Prefect is imported (its
    logging is configured on import).
    """
    import logging

    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def story_flow(**options):
    """``@flow(**options)`` for flows that take a :class:`Story`, recorded in small form.

    Prefect's API stores every flow run's parameters and refuses more than 512 KB; a story
    of a few thousand facts is larger (a 422 after the story validated). The run's record
    keeps the story's id, title, fact count and sources instead; the flow itself still gets
    the whole story.
    """
    from prefect import Flow

    class StoryFlow(Flow):
        def serialize_parameters(self, parameters):
            return super().serialize_parameters(
                {key: _story_summary(value) for key, value in parameters.items()}
            )

        def __call__(self, *args, **kwargs):
            from prefect.settings import (
                PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
                get_current_settings,
                temporary_settings,
            )

            if get_current_settings().api.url:  # a server watches heartbeats for crashed runs
                return super().__call__(*args, **kwargs)
            # Prefect's ephemeral API lives and dies with this process: nothing watches the
            # heartbeats, and stopping their thread rounds every run up to a whole second.
            with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
                return super().__call__(*args, **kwargs)

    def decorate(fn):
        return StoryFlow(fn=fn, **options)

    return decorate


def _story_summary(value: object) -> object:
    from factdrift.pipelines.story import Story

    if not isinstance(value, Story):
        return value
    return {
        "id": value.id,
        "title": value.title,
        "facts": len(value.facts),
        "sources": [f"{s.kind}:{s.location}" for s in value.sources],
    }
