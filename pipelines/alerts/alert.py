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
from factdrift.pipelines.facts.reconcile import Candidate, ClaimObs
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
    behind the old one, preferring claims that state the new estimate itself.

    Preferring claims that state the new estimate credits a correction ("87" → "83") to the
    outlet that wrote 83, not to whichever outlet published last. Falls back to the newest
    claim behind the new state (a status change can come from a claim elsewhere), then to
    the newest claim about the fact (e.g. a dropped fact).
    """
    mine = [o for o in observations if o.fact_key == change.fact_key]
    new = change.new or {}
    behind = set(new.get("claim_ids", []))
    before = set((change.old or {}).get("claim_ids", []))
    newcomers = [o for o in mine if o.claim_id in behind - before]
    stating = [o for o in newcomers if _states_estimate(o, new)]
    movers = stating or newcomers or [o for o in mine if o.claim_id in behind] or mine
    if not movers:
        return None
    return max(movers, key=lambda o: (o.published, o.claim_id))


def _states_estimate(claim: ClaimObs, state: dict) -> bool:
    """The claim's interval is the estimate's (number or day bounds)."""
    if claim.date_low is not None or claim.date_high is not None:
        return (_iso(claim.date_low), _iso(claim.date_high)) == (
            state.get("date_low"),
            state.get("date_high"),
        )
    return (claim.low, claim.high) == (state.get("low"), state.get("high"))


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


#: Candidate roles that take part in a conflict (the others are stale or withdrawn
#: readings: lagging, revised, superseded).
SIDE_ROLES = ("estimate", "agrees", "conflict", "single-source")


def conflict_sides(candidates: Sequence[Candidate], is_date: bool, unit: str) -> list[dict]:
    """Each value current claims give a fact, in words, with the outlets that state it and
    its role (``estimate``, ``conflict``, …): the sides of a conflict, the estimate first."""
    order = {role: i for i, role in enumerate(SIDE_ROLES)}
    sides = []
    for c in sorted(
        (c for c in candidates if c.role in order),
        key=lambda c: (order[c.role], -c.n_outlets),
    ):
        span = (c.date_low, c.date_high) if is_date else (c.low, c.high)
        sides.append(
            {
                "value": with_unit(describe(span, is_date), unit),
                "outlets": list(c.outlets),
                "role": c.role,
            }
        )
    return sides


def with_unit(words: str | None, unit: str | None) -> str | None:
    """A value in words with its unit: "at least 83 people", "$50,000,000", "5%"."""
    if words is None or not unit or unit in ("date", "count") or words == "unknown":
        return words
    if unit == "usd":
        return " ".join(_dollars(w) for w in words.split(" "))
    if unit in ("percent", "%"):
        return f"{words}%"
    return f"{words} {unit}"


def _dollars(word: str) -> str:
    """ "50,000,000" → "$50,000,000"; "80–90" → "$80–$90"; other words unchanged."""
    if not word or not word[0].isdigit():
        return word
    return "–".join(f"${part}" for part in word.split("–"))


def compose_message(
    change: Change,
    change_id: str,
    story: Story,
    evidence: ClaimObs | None,
    *,
    also: Sequence[Change] = (),
    sides: Sequence[dict] = (),
) -> dict:
    """The channel-neutral message for one fact's changes in a run: what moved, from what
    to what (with the fact's unit), who said it, and in a conflict who says what.

    One message per fact per run: ``change`` is the fact's first change (in
    ``CHANGE_KINDS`` order) and ``also`` the others (a value change that also opened a
    conflict), listed in ``kinds``. ``old_value``/``new_value`` are the estimates in words
    ("at least 83 people"); ``qualifier`` is how the claim that moved the fact stated its
    figure; ``since_alert_value`` is the value readers were last alerted about, when that
    differs from ``old_value``; ``sides`` are the competing values with their outlets.
    """
    fact = story.fact(change.fact_key)
    is_date = fact.kind == "date"
    new = change.new or {}
    unit = fact.unit

    def words(snap: dict | None) -> str | None:
        return with_unit(_value_words(snap, is_date), unit)

    in_conflict = new.get("status") == "conflict"
    return {
        "story": story.id,
        "change_id": change_id,
        "fact_key": change.fact_key,
        "label": fact.label,
        "unit": unit,
        "kind": change.kind,
        "kinds": [change.kind, *(c.kind for c in also if c.kind != change.kind)],
        "summary": "; ".join([change.summary, *(c.summary for c in also)]),
        "old": change.old,
        "new": change.new,
        "old_value": words(change.old),
        "new_value": words(change.new),
        "since_alert_value": words(change.baseline),
        "spread": with_unit(_spread_words(new, is_date), unit) if in_conflict else None,
        "sides": list(sides) if in_conflict else [],
        "outlets": new.get("outlets", []),
        "status": new.get("status"),
        # without a claim that moved the fact (a quiet edit), the edited page speaks
        "qualifier": evidence.qualifier if evidence else new.get("qualifier"),
        "url": evidence.url if evidence else new.get("url"),
        "outlet": evidence.outlet if evidence else new.get("outlet"),
        "sentence": evidence.sentence if evidence else new.get("sentence"),
        "published": evidence.published.isoformat() if evidence else None,
        "edits": [_edit(c) for c in (change, *also) if c.kind == "article_edited"],
    }


def _edit(change: Change) -> dict:
    """What a quiet edit of a page changed: where, and the sentence before and after."""
    old, new = change.old or {}, change.new or {}
    return {
        "outlet": new.get("outlet"),
        "url": new.get("url"),
        "from_version": old.get("version"),
        "to_version": new.get("version"),
        "old_sentence": old.get("sentence"),
        "new_sentence": new.get("sentence"),
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
    kinds = message.get("kinds") or [message["kind"]]
    change = ", ".join(k.replace("_", " ") for k in kinds)
    if message.get("since_alert_value"):
        change += f" (since the last alert: {message['since_alert_value']})"
    lines.append(f"Change: {change}; status {message.get('status') or 'unknown'}")
    if message.get("spread"):
        lines.append(f"Claims span: {message['spread']}")
    for side in message.get("sides") or []:
        role = f" ({side['role']})" if side.get("role") else ""
        lines.append(f"  {side['value']}: {', '.join(side['outlets'])}{role}")
    outlets = message.get("outlets") or []
    if outlets:
        lines.append(f"Outlets ({len(outlets)}): {', '.join(outlets)}")
    if message.get("sentence") and message["kind"] != "article_edited":
        qualifier = (message.get("qualifier") or "").replace("_", " ")
        verb = "Corrected by" if message["kind"] == "correction" else "Moved by"
        when = f" on {message['published']}" if message.get("published") else ""
        lines.append(
            f"{verb} {message.get('outlet')}{when}"
            + (f" (qualifier: {qualifier})" if qualifier else "")
            + f': "{message["sentence"]}"'
        )
    for edit in message.get("edits") or []:
        lines.append(
            f"Edited by {edit['outlet']} (version {edit['from_version']} → "
            f"{edit['to_version']}, {edit['url']}):"
        )
        lines.append(f'  before: "{edit["old_sentence"]}"')
        lines.append(f'  after:  "{edit["new_sentence"]}"')
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
    # Apprise's warnings are captured for the alerts view (last_error) and not also printed:
    # the run summary counts the failures, so a dead webhook is not a screenful of logs.
    apprise_logger = logging.getLogger("apprise")
    propagate, apprise_logger.propagate = apprise_logger.propagate, False
    try:
        with apprise.LogCapture(level=logging.WARNING) as log:
            ok = notifier.notify(
                title=message_title(message), body=message_body(message, idempotency_key)
            )
    finally:
        apprise_logger.propagate = propagate
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
