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
