"""docs/alerts.md stays true: its Prefect automation example is a valid automation."""

from __future__ import annotations

import re
from pathlib import Path

DOC = (Path(__file__).resolve().parent.parent / "docs" / "alerts.md").read_text(encoding="utf-8")


def test_automation_example_is_a_valid_prefect_automation() -> None:
    import yaml
    from prefect.events.schemas.automations import AutomationCore, EventTrigger

    [block] = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
    automation = AutomationCore.model_validate(yaml.safe_load(block))
    assert isinstance(automation.trigger, EventTrigger)
    # The names the example relies on are the ones factdrift.flows.deliver emits.
    assert automation.trigger.expect == {"factdrift.fact.correction"}
    assert "factdrift.fact.us-venezuela-2025.*" in str(automation.trigger.match)


def test_emitted_events_are_the_ones_the_doc_names(monkeypatch) -> None:
    import prefect.events
    from factdrift.flows import deliver

    seen: list[dict] = []
    monkeypatch.setattr(prefect.events, "emit_event", lambda **kw: seen.append(kw))
    message = {"kind": "correction", "story": "us-venezuela-2025", "fact_key": "toll"}
    deliver._emit_prefect_event({**message, "label": "Toll"}, "key1")
    [event] = seen
    assert event["event"] == "factdrift.fact.correction"
    assert event["resource"]["prefect.resource.id"] == "factdrift.fact.us-venezuela-2025.toll"
    assert event["payload"]["idempotency_key"] == "key1"
