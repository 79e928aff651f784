"""Alert: render neutral change records as messages and deliver them.

A change record (``fact_changes``) is turned into one message dict per channel; the
message always carries its idempotency key (the alert id). Delivery through Apprise adds
the key as an ``X-Idempotency-Key`` header (and a payload field) on the JSON/form/XML
webhook schemes and as a last line of the body elsewhere, so a receiver can drop resends.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta
from urllib.parse import urlsplit

from factdrift.pipelines.facts.diff import Change, describe
from factdrift.pipelines.facts.reconcile import ClaimObs
from factdrift.pipelines.model import content_id
from factdrift.pipelines.story import Story

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
    """The claim that moved the fact: the newest claim behind the new state that was not
    behind the old one.

    Falls back to the newest claim behind the new state (a status change can come from a
    claim elsewhere), then to the newest claim about the fact (e.g. a dropped fact).
    """
    mine = [o for o in observations if o.fact_key == change.fact_key]
    behind = set((change.new or {}).get("claim_ids", []))
    before = set((change.old or {}).get("claim_ids", []))
    newcomers = [o for o in mine if o.claim_id in behind - before]
    movers = newcomers or [o for o in mine if o.claim_id in behind] or mine
    if not movers:
        return None
    return max(movers, key=lambda o: (o.published, o.claim_id))


def compose_message(
    change: Change, change_id: str, story: Story, evidence: ClaimObs | None
) -> dict:
    """The channel-neutral message for one change: what moved, from what to what, who said it.

    ``old_value``/``new_value`` are the estimates in words ("at least 83"); ``qualifier``
    is how the claim that moved the fact stated its figure; ``since_alert_value`` is the
    value readers were last alerted about, when that differs from ``old_value``.
    """
    fact = story.fact(change.fact_key)
    is_date = fact.kind == "date"
    new = change.new or {}
    return {
        "story": story.id,
        "change_id": change_id,
        "fact_key": change.fact_key,
        "label": fact.label,
        "unit": fact.unit,
        "kind": change.kind,
        "summary": change.summary,
        "old": change.old,
        "new": change.new,
        "old_value": _value_words(change.old, is_date),
        "new_value": _value_words(change.new, is_date),
        "since_alert_value": _value_words(change.baseline, is_date),
        "spread": _spread_words(new, is_date) if new.get("status") == "conflict" else None,
        "outlets": new.get("outlets", []),
        "status": new.get("status"),
        "qualifier": evidence.qualifier if evidence else None,
        "url": evidence.url if evidence else None,
        "outlet": evidence.outlet if evidence else None,
        "sentence": evidence.sentence if evidence else None,
        "published": evidence.published.isoformat() if evidence else None,
    }


def message_title(message: dict) -> str:
    """One-line title: '[story] Label: kind'."""
    return f"[{message['story']}] {message['label']}: {message['kind'].replace('_', ' ')}"


def message_headline(message: dict) -> str:
    """'Label: old → new' (or 'Label: new' for a new fact, 'Label: was old' when dropped)."""
    old, new = message.get("old_value"), message.get("new_value")
    if old and new and old == new:
        return f"{message['label']}: {new} (estimate unchanged)"
    if old and new:
        return f"{message['label']}: {old} → {new}"
    if new:
        return f"{message['label']}: {new}"
    return f"{message['label']}: no longer reported (was {old})"


def message_body(message: dict, idempotency_key: str | None) -> str:
    """Plain-text body: what moved from what to what, who backs it, the sentence that moved
    it and where it came from, and the idempotency key (when given)."""
    lines = [message_headline(message)]
    change = message["kind"].replace("_", " ")
    if message.get("since_alert_value"):
        change += f" (since the last alert: {message['since_alert_value']})"
    lines.append(f"Change: {change}; status {message.get('status') or 'unknown'}")
    if message.get("spread"):
        lines.append(f"Claims span: {message['spread']}")
    outlets = message.get("outlets") or []
    if outlets:
        lines.append(f"Outlets ({len(outlets)}): {', '.join(outlets)}")
    if message.get("sentence"):
        qualifier = (message.get("qualifier") or "").replace("_", " ")
        lines.append(
            f"Moved by {message.get('outlet')} on {message.get('published')}"
            + (f" (qualifier: {qualifier})" if qualifier else "")
            + f': "{message["sentence"]}"'
        )
    if message.get("url"):
        lines.append(f"Article: {message['url']}")
    if idempotency_key:
        lines.append(f"idempotency-key: {idempotency_key}")
    return "\n".join(lines)


def _value_words(snap: dict | None, is_date: bool) -> str | None:
    if snap is None:
        return None
    if is_date:
        return describe((_day(snap.get("date_low")), _day(snap.get("date_high"))), True)
    return describe((snap.get("low"), snap.get("high")))


def _spread_words(snap: dict, is_date: bool) -> str:
    """The envelope of all current claims in words (what a conflict spans)."""
    if is_date:
        return describe((_day(snap.get("env_date_low")), _day(snap.get("env_date_high"))), True)
    return describe((snap.get("env_low"), snap.get("env_high")))


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


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
