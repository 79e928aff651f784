"""Pure-function tests: canonical URLs, the SSRF guard, cadence, feeds, claim changes."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from datetime import date, datetime, timedelta

import pytest
from factdrift.pipelines.errors import BadFeed, BlockedURL
from factdrift.pipelines.ingest.cadence import next_check_at, parse_schedule
from factdrift.pipelines.ingest.feeds import parse_listing
from factdrift.pipelines.ingest.fetch import retry_after_seconds, status_words
from factdrift.pipelines.ingest.guard import address_problem, check_url
from factdrift.pipelines.ingest.page import drop_volatile_lines
from factdrift.pipelines.ingest.urls import canonical_url, url_key
from factdrift.pipelines.ingest.versions import ClaimValue, diff_claims

CANON = "https://example.com/news/story-1"


@pytest.mark.parametrize(
    "raw",
    [
        "https://example.com/news/story-1",
        "https://Example.com/news/story-1/",
        "https://example.com/news/story-1?utm_source=x&utm_medium=y#comments",
        "https://example.com/news/story-1?fbclid=abc",
        "https://example.com/news/story-1?amp=1&gclid=1",
        "https://amp.example.com/news/story-1/amp",
        "https://example.com:443/news/story-1",
    ],
)
def test_spellings_of_one_article_are_one_url(raw: str) -> None:
    assert canonical_url(raw) == CANON


def test_http_and_https_are_one_article_and_real_parameters_stay() -> None:
    assert url_key(canonical_url("http://example.com/news/story-1")) == url_key(CANON)
    assert canonical_url("https://example.com/a?page=2&id=7") == "https://example.com/a?id=7&page=2"
    assert canonical_url("https://example.com/a.amp.html") == "https://example.com/a.html"
    assert canonical_url("javascript:alert(1)") is None


@pytest.mark.parametrize(
    ("ip", "problem"),
    [
        ("169.254.169.254", "a private/link-local address"),
        ("127.0.0.1", "a loopback address"),
        ("10.0.0.1", "a private address"),
        ("::ffff:192.168.0.1", "a private address"),
        ("224.0.0.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("100.64.0.1", "a non-public address"),
        ("93.184.216.34", None),
    ],
)
def test_address_problems(ip: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(ip)) == problem


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://x/y", "gopher://x", "http://localhost/"]
)
def test_guard_refuses_schemes_and_resolved_loopback(url: str) -> None:
    with pytest.raises(BlockedURL, match=r"^blocked: "):
        asyncio.run(check_url(url, allow_private=False))


def test_cadence_checks_recent_articles_often_and_old_ones_rarely() -> None:
    tiers = parse_schedule("1d=30m, 7d=3h, 30d=1d, *=never")
    now = datetime(2025, 12, 10, 12, 0)
    assert next_check_at(
        tiers, now=now, published=date(2025, 12, 10), first_seen=None
    ) == now + timedelta(minutes=30)
    assert next_check_at(
        tiers, now=now, published=date(2025, 12, 5), first_seen=None
    ) == now + timedelta(hours=3)
    assert next_check_at(
        tiers, now=now, published=date(2025, 11, 20), first_seen=None
    ) == now + timedelta(days=1)
    assert next_check_at(tiers, now=now, published=date(2024, 1, 1), first_seen=None) is None
    assert next_check_at(tiers, now=now, published=None, first_seen=now) == now + timedelta(
        minutes=30
    )


@pytest.mark.parametrize("bad", ["1d=30m", "7d=1h, 1d=1m, *=1d", "1d 30m, *=1d", "*=5x"])
def test_bad_schedules_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_schedule(bad)


def test_entity_bomb_is_refused_fast() -> None:
    entities = "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 12))
    bomb = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a0 "lol">{entities}]><rss>&a11;</rss>'
    started = time.perf_counter()
    with pytest.raises(BadFeed, match="entity-expansion bomb"):
        parse_listing(bomb.encode(), "http://h/")
    assert time.perf_counter() - started < 0.5


def test_feed_links_with_other_schemes_are_refused() -> None:
    from factdrift.pipelines.ingest.relevance import keyword_pattern
    from factdrift.pipelines.ingest.web import candidates_from_listing
    from factdrift.pipelines.story import Source

    listing = parse_listing(
        b"<rss><channel><item><title>Maduro</title><link>file:///etc/passwd</link></item>"
        b"<item><title>Maduro</title><link>http://h/ok?utm_source=x</link></item></channel></rss>",
        "http://h/feed",
    )
    cands, log = candidates_from_listing(
        listing.entries,
        Source(kind="feed", location="http://h/feed"),
        keyword_pattern(["Maduro"]),
        datetime.now(),
    )
    assert [c.url for c in cands] == ["http://h/ok"]
    assert log[0].error == "blocked: file URLs are not fetched, only http and https"


def test_plain_words_for_statuses_and_retry_after() -> None:
    assert status_words(404) == "HTTP 404 Not Found: the page does not exist"
    assert retry_after_seconds("7") == 7
    now = datetime(2025, 12, 1, 10, 0, 0).astimezone()
    later = (now + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S %z")
    assert 29 <= retry_after_seconds(later, now=now) <= 31
    assert retry_after_seconds("soon") is None


def test_update_stamps_and_counters_are_cosmetic() -> None:
    text = (
        "Trump spoke.\nLast updated 10:42\n1,234 shares\n"
        "Updated: Dec 1, 2025 10:42 AM\n83 people died."
    )
    assert drop_volatile_lines(text) == "Trump spoke.\n83 people died."


def _claim(
    cid: str, low: float, sentence: str = "s", key: str = "boat_strike_deaths"
) -> ClaimValue:
    return ClaimValue(
        cid, key, "people", "count", "people", "at_least", low, None, None, None, sentence
    )


def test_claim_changes_between_versions() -> None:
    old = [_claim("a", 83), _claim("b", 50_000_000, key="maduro_bounty_usd"), _claim("c", 83)]
    new = [
        _claim("d", 87),
        _claim("e", 50_000_000, key="maduro_bounty_usd"),
        _claim("f", 83),
        _claim("g", 15, key="us_warships_in_region"),
    ]
    changes = [(c.change, c.old and c.old.low, c.new and c.new.low) for c in diff_claims(old, new)]
    assert changes == [("changed", 83, 87), ("appeared", None, 15)]
