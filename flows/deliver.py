"""Deliver due alerts from the outbox: Apprise URLs, Prefect events and the Atom feed.

Order per alert: claim, deliver, then record. The claim (status ``sending`` with a lease)
keeps two overlapping deliveries from sending the same row. If the process dies between
sending and recording, the lease runs out and a later run sends the alert again with the
same idempotency key, which receivers use to drop the duplicate: at least once, never lost.
The Atom feed is one file rewritten from the newest outbox rows of its channel, then those
rows are recorded as sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from factdrift.pipelines.alerts import alert, atom
from factdrift.pipelines.config import Settings
from factdrift.pipelines.story import Story
from factdrift.storage import facts as fact_store
from factdrift.storage.db import connect

PREFECT_EVENT_CHANNEL = "prefect-event"
ATOM_CHANNEL = "atom"


@dataclass
class DeliveryTotals:
    """What one delivery pass did, per channel: ``{channel: [delivered, failed]}``."""

    by_channel: dict[str, list[int]] = field(default_factory=dict)

    def count(self, channel: str, delivered: bool, n: int = 1) -> None:
        """Count ``n`` delivered (or failed) attempts on ``channel``."""
        self.by_channel.setdefault(channel, [0, 0])[0 if delivered else 1] += n

    def merge(self, other: DeliveryTotals) -> DeliveryTotals:
        """Both passes' counts together (the Apprise/event pass and the feed)."""
        merged = DeliveryTotals({k: list(v) for k, v in self.by_channel.items()})
        for channel, (ok, bad) in other.by_channel.items():
            merged.count(channel, True, ok)
            merged.count(channel, False, bad)
        return merged

    @property
    def sent(self) -> int:
        """Deliveries the channels accepted."""
        return sum(ok for ok, _ in self.by_channel.values())

    @property
    def failed(self) -> int:
        """Delivery attempts that failed (each is retried by a later run)."""
        return sum(bad for _, bad in self.by_channel.values())


def configured_channels(settings: Settings) -> dict[str, Callable[[dict, str], None]]:
    """Channel name → sender, from the settings."""
    channels: dict[str, Callable[[dict, str], None]] = {}
    for url in settings.apprise_urls:
        channels[alert.channel_name(url)] = _apprise_sender(url)
    if settings.prefect_events:
        channels[PREFECT_EVENT_CHANNEL] = _emit_prefect_event
    return channels


def outbox_channels(
    settings: Settings, senders: dict[str, Callable[[dict, str], None]]
) -> list[str]:
    """Every channel that gets an outbox row per alertable change: senders and the feed."""
    return sorted(senders) + ([ATOM_CHANNEL] if settings.atom_feed else [])


def deliver_due(
    settings: Settings,
    senders: dict[str, Callable[[dict, str], None]],
    now: datetime | None = None,
) -> DeliveryTotals:
    """Try every due outbox row once; record each outcome right after its attempt.

    ``now`` is the run's clock (a replay passes the replayed day): it decides which rows
    are due and stamps the outcomes.
    """
    totals = DeliveryTotals()
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        due = fact_store.due_alerts(con, now or datetime.now(), settings.alert_max_attempts)
    for item in due:
        if item.channel == ATOM_CHANNEL:
            continue  # the feed is written as a whole by publish_feed
        if not _claim(settings, item, now):
            continue  # another delivery has it
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
                fact_store.mark_failed(con, item.alert_id, _plain(exc), delay, now)
            totals.count(item.channel, delivered=False)
            continue
        with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
            fact_store.mark_sent(con, item.alert_id, now)
        totals.count(item.channel, delivered=True)
    return totals


def waiting_by_channel(settings: Settings) -> dict[str, int]:
    """Outbox rows per channel still waiting for delivery (pending, or failed and to be
    retried): what later runs will try again."""
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        return fact_store.waiting_by_channel(con, settings.alert_max_attempts)


def _claim(settings: Settings, item: fact_store.DueAlert, now: datetime | None) -> bool:
    lease = timedelta(seconds=settings.alert_lease_seconds)
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        return fact_store.claim_alert(
            con, item.alert_id, now or datetime.now(), lease, settings.alert_max_attempts
        )


def publish_feed(settings: Settings, story: Story, now: datetime | None = None) -> DeliveryTotals:
    """Rewrite the Atom feed (when configured) and record its new entries as sent.

    The file is replaced atomically; if writing fails, the waiting rows are recorded as
    failed with the reason and the next run writes the feed again.
    """
    totals = DeliveryTotals()
    if settings.atom_feed is None:
        return totals
    now = now or datetime.now()
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        stored = fact_store.latest_messages(con, ATOM_CHANNEL, settings.atom_entries)
        waiting = fact_store.undelivered_ids(con, ATOM_CHANNEL, settings.alert_max_attempts)
    entries = [
        atom.FeedEntry(m.change_id, m.alert_id, m.created_at, m.message)
        for m in stored
        if m.message.get("story") == story.id
    ]
    try:
        atom.write_atomically(
            settings.atom_feed, atom.render_feed(story.id, story.title, entries, now)
        )
    except OSError as exc:
        error = f"cannot write the Atom feed {settings.atom_feed}: {exc.strerror or exc}"
        with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
            for alert_id in waiting:
                delay = alert.retry_delay(1, settings.alert_retry_seconds)
                fact_store.mark_failed(con, alert_id, error, delay, now)
        totals.count(ATOM_CHANNEL, delivered=False, n=len(waiting))
        return totals
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        for alert_id in waiting:
            fact_store.mark_sent(con, alert_id, now)
    totals.count(ATOM_CHANNEL, delivered=True, n=len(waiting))
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
