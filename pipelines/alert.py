"""Alert: render neutral change records as messages and deliver them.

A change record (``fact_changes``) is turned into one message dict per channel; the
message always carries its idempotency key (the alert id). Delivery through Apprise adds
the key as an ``X-Idempotency-Key`` header (and a payload field) on the JSON/form/XML
webhook schemes and as a last line of the body elsewhere, so a receiver can drop resends.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from urllib.parse import urlsplit

from pipelines.diff import Change
from pipelines.model import content_id
from pipelines.reconcile import ClaimObs
from pipelines.story import Story

APPRISE_HEADER_SCHEMES = ("json", "jsons", "form", "forms", "xml", "xmls")


class DeliveryFailed(Exception):
    """A channel did not accept a message; the text says why."""


def channel_name(apprise_url: str) -> str:
    """A stable channel name for an Apprise URL that does not store its secrets."""
    scheme = urlsplit(apprise_url).scheme or "apprise"
    return f"apprise:{scheme}:{content_id('channel', apprise_url, length=8)}"


def alert_id(change_id: str, channel: str) -> str:
    """Id (and idempotency key) of one change's message on one channel."""
    return content_id("alert", change_id, channel)


def evidence_for(change: Change, observations: Sequence[ClaimObs]) -> ClaimObs | None:
    """The newest claim about the changed fact: the article and sentence that moved it."""
    mine = [o for o in observations if o.fact_key == change.fact_key]
    if not mine:
        return None
    return max(mine, key=lambda o: (o.published, o.claim_id))


def compose_message(
    change: Change, change_id: str, story: Story, evidence: ClaimObs | None
) -> dict:
    """The channel-neutral message for one change: what moved, from what to what, who said it."""
    fact = story.fact(change.fact_key)
    new = change.new or {}
    return {
        "story": story.id,
        "change_id": change_id,
        "fact_key": change.fact_key,
        "label": fact.label,
        "kind": change.kind,
        "summary": change.summary,
        "old": change.old,
        "new": change.new,
        "outlets": new.get("outlets", []),
        "status": new.get("status"),
        "url": evidence.url if evidence else None,
        "outlet": evidence.outlet if evidence else None,
        "sentence": evidence.sentence if evidence else None,
        "published": evidence.published.isoformat() if evidence else None,
    }


def message_title(message: dict) -> str:
    """One-line title: '[story] Label: kind'."""
    return f"[{message['story']}] {message['label']}: {message['kind'].replace('_', ' ')}"


def message_body(message: dict, idempotency_key: str) -> str:
    """Plain-text body: summary, the sentence and where it came from, and the key."""
    lines = [message["summary"]]
    if message.get("sentence"):
        lines.append(f'"{message["sentence"]}"')
    if message.get("url"):
        lines.append(f"— {message.get('outlet')}, {message.get('published')}: {message['url']}")
    lines.append(f"idempotency-key: {idempotency_key}")
    return "\n".join(lines)


def deliver_apprise(url: str, message: dict, idempotency_key: str) -> None:
    """Send one message through Apprise; raise :class:`DeliveryFailed` if not accepted."""
    import apprise  # imported on use: loading every Apprise plugin costs ~0.3 s

    target = _with_idempotency(url, idempotency_key)
    notifier = apprise.Apprise()
    if not notifier.add(target):
        raise DeliveryFailed(f"not a usable Apprise URL ({urlsplit(url).scheme}://…)")
    with apprise.LogCapture(level=logging.WARNING) as log:
        ok = notifier.notify(
            title=message_title(message), body=message_body(message, idempotency_key)
        )
    if not ok:
        detail = log.getvalue().strip().splitlines()
        raise DeliveryFailed(detail[-1].split(" - ", 2)[-1] if detail else "delivery refused")


def retry_delay(attempts: int, base_seconds: float) -> timedelta:
    """Exponential backoff after ``attempts`` failed attempts, capped at one day."""
    return timedelta(seconds=min(base_seconds * (2 ** max(attempts - 1, 0)), 86_400))


def _with_idempotency(url: str, key: str) -> str:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in APPRISE_HEADER_SCHEMES:
        return url
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}+X-Idempotency-Key={key}&:idempotency_key={key}"
