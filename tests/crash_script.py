"""A flow run in a separate process that dies (os._exit: no cleanup, no finally blocks) at
the exact boundary between "the receiver accepted the alert" and "the outbox recorded it".
It talks to the test session's Prefect API, so it is a real flow run too. Shared by the
delivery and crash-baseline tests."""

CRASH_EXIT = 86
CRASH_SCRIPT = f"""
import os
from factdrift.flows.prefect_env import apply_prefect_defaults
apply_prefect_defaults()
import factdrift.storage.facts

def die_before_bookkeeping(*args, **kwargs):
    os._exit({CRASH_EXIT})

factdrift.storage.facts.mark_sent = die_before_bookkeeping
from factdrift.flows.run import factdrift_run
from factdrift.pipelines.config import load_settings
from factdrift.pipelines.story import load_story
settings = load_settings()
factdrift_run(settings, load_story(settings.story))
"""


def run_flow_script(script: str, db, story, **env: str):
    """Run ``script`` (a flow run that dies on purpose) in a child Python process against
    the test session's Prefect API, on database ``db`` and story file ``story``; ``env``
    adds ``FACTDRIFT_*`` settings."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from prefect.settings import PREFECT_API_URL

    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "PREFECT_API_URL": str(PREFECT_API_URL.value()),
            "FACTDRIFT_DB": str(db),
            "FACTDRIFT_STORY": str(story),
            "FACTDRIFT_PREFECT_EVENTS": "false",
            **env,
        },
    )
