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
