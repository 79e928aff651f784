"""Deliver due alerts from the outbox: Apprise URLs and Prefect events.

Order per alert: deliver, then record. If the process dies in between, the alert is still
pending and is sent again by the next run with the same idempotency key, which receivers
use to drop the duplicate: at least once, never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pipelines import alert
from pipelines.config import Settings
from storage import facts as fact_store
from storage.db import connect

PREFECT_EVENT_CHANNEL = "prefect-event"


@dataclass
class DeliveryTotals:
    """What one delivery pass did."""

    sent: int = 0
    failed: int = 0


def configured_channels(settings: Settings) -> dict[str, Callable[[dict, str], None]]:
    """Channel name → sender, from the settings."""
    channels: dict[str, Callable[[dict, str], None]] = {}
    for url in settings.apprise_urls:
        channels[alert.channel_name(url)] = _apprise_sender(url)
    if settings.prefect_events:
        channels[PREFECT_EVENT_CHANNEL] = _emit_prefect_event
    return channels


def deliver_due(
    settings: Settings, senders: dict[str, Callable[[dict, str], None]]
) -> DeliveryTotals:
    """Try every due outbox row once; record each outcome right after its attempt."""
    totals = DeliveryTotals()
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        due = fact_store.due_alerts(con, datetime.now(), settings.alert_max_attempts)
    for item in due:
        sender = senders.get(item.channel)
        try:
            if sender is None:
                raise alert.DeliveryFailed(
                    f"channel {item.channel} is no longer configured; kept for when it is"
                )
            sender(item.message, item.alert_id)
        except Exception as exc:  # any channel failure is recorded, never fatal
            delay = alert.retry_delay(item.attempts + 1, settings.alert_retry_seconds)
            with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
                fact_store.mark_failed(con, item.alert_id, _plain(exc), delay)
            totals.failed += 1
            continue
        with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
            fact_store.mark_sent(con, item.alert_id)
        totals.sent += 1
    return totals


def _apprise_sender(url: str) -> Callable[[dict, str], None]:
    def send(message: dict, key: str) -> None:
        alert.deliver_apprise(url, message, key)

    return send


def _emit_prefect_event(message: dict, key: str) -> None:
    from prefect.events import emit_event

    emit_event(
        event=f"factdrift.fact.{message['kind']}",
        resource={
            "prefect.resource.id": f"factdrift.fact.{message['story']}.{message['fact_key']}",
            "prefect.resource.name": message["label"],
        },
        payload={**message, "idempotency_key": key},
    )


def _plain(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:500]
