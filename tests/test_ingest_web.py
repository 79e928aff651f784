"""End to end against a local site: feeds, sitemap, dedupe, relevance, 304s, new versions."""

from __future__ import annotations

import pytest
from ingest_helpers import rows, run_flow, seed_text, write_story
from web_server import LocalSite, Route, article_page, atom_feed, rss_feed, sitemap

pytestmark = pytest.mark.flow

RFC = "Mon, 01 Dec 2025 09:00:00 GMT"
OFF_TOPIC = "The city bakery sold 412 loaves of bread and hired 3 new bakers this week.\n" * 3


@pytest.fixture(scope="module")
def site():
    with LocalSite() as s:
        for i in range(5):
            s.routes[f"/news/seed-{i}"] = Route(
                article_page(
                    f"Seed story {i}", seed_text(i), published=None if i == 2 else "2025-12-01"
                )
            )
        s.routes["/life/bakery"] = Route(article_page("Bakery news", OFF_TOPIC))
        s.routes["/life/bakery-2"] = Route(article_page("More bakery news", OFF_TOPIC))
        u = s.url
        s.routes["/feed.rss"] = Route(
            rss_feed(
                [
                    (
                        u("/news/seed-0?utm_source=rss&utm_medium=feed"),
                        "Trump confirms call with Maduro",
                        "Venezuela",
                        RFC,
                    ),
                    (u("/news/seed-1"), "Ultimatum to Maduro", "Venezuela", RFC),
                    (u("/news/seed-2#comments"), "Maduro confirms call", "Caracas", RFC),
                    (u("/life/bakery"), "Bakery breaks record", "Bread", RFC),
                ]
            ),
            content_type="application/rss+xml",
        )
        s.routes["/atom.xml"] = Route(
            atom_feed(
                [
                    (
                        u("/news/seed-3"),
                        "Ultimatum in tense call with Maduro",
                        "Venezuela",
                        "2025-12-01T08:00:00Z",
                    ),
                    (
                        u("/news/seed-0/?fbclid=xyz"),
                        "Trump confirms call with Maduro",
                        "",
                        "2025-12-01T08:00:00Z",
                    ),
                ]
            ),
            content_type="application/atom+xml",
        )
        s.routes["/sitemap.xml"] = Route(
            sitemap([u("/news/seed-4"), u("/life/bakery-2"), u("/news/seed-1/")]),
            content_type="application/xml",
        )
        yield s


@pytest.fixture(scope="module")
def runs(prefect_harness, site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    story = write_story(
        folder,
        "\n".join(
            f'[[sources]]\nkind = "{kind}"\nlocation = "{site.url(path)}"\n'
            for kind, path in [
                ("feed", "/feed.rss"),
                ("feed", "/atom.xml"),
                ("sitemap", "/sitemap.xml"),
            ]
        ),
    )
    db = folder / "f.duckdb"
    first = run_flow(story, db)
    n_seen_first = len(site.seen)
    second = run_flow(story, db)
    second_seen = site.seen[n_seen_first:]
    # Between runs an outlet edits a figure, and another page only changes its timestamp.
    site.routes["/news/seed-4"] = Route(
        article_page("Seed story 4", seed_text(4).replace("at least 83", "at least 87"))
    )
    site.routes["/news/seed-0"] = Route(
        article_page("Seed story 0", seed_text(0), updated="11:58", shares=99)
    )
    third = run_flow(story, db)
    return first, second, second_seen, third, db


def test_first_run_ingests_each_good_article_once_and_skips_off_topic(site, runs) -> None:
    first, _, _, _, db = runs
    assert first.totals.n_new_versions == 5
    urls = sorted(u for (u,) in rows(db, "SELECT url FROM articles WHERE version = 1"))
    assert urls == [site.url(f"/news/seed-{i}") for i in range(5)]
    for i in range(5):  # de-duplicated before fetching: one request per article
        assert len([s for s in site.requests_to(f"/news/seed-{i}")]) >= 1
    skipped = dict(rows(db, "SELECT url, error FROM fetch_log WHERE outcome = 'skipped'"))
    assert "feed entry" in skipped[site.url("/life/bakery")]  # never fetched
    assert site.requests_to("/life/bakery") == []
    assert "none of its keywords appear in the page" in skipped[site.url("/life/bakery-2")]
    basis = dict(rows(db, "SELECT url, published_basis FROM articles"))
    assert basis[site.url("/news/seed-0")].startswith("page metadata")
    assert rows(db, "SELECT DISTINCT outlet FROM articles") == [("Gazette Test",)]


def test_second_run_makes_only_conditional_requests_and_writes_nothing(runs) -> None:
    _, second, seen, _, _ = runs
    pages = [s for s in seen if s.path.startswith("/news/")]
    assert len(pages) == 5
    assert all("if-none-match" in s.headers and "if-modified-since" in s.headers for s in pages)
    assert {s.status for s in seen} == {304}  # feeds and sitemap too
    assert second.totals.n_new_versions == 0 and second.totals.n_new_claims == 0
    assert second.totals.n_changes == 0


def test_edited_figure_is_a_new_version_with_claim_changes_and_cosmetics_are_not(
    site, runs
) -> None:
    _, _, _, third, db = runs
    assert third.totals.n_new_versions == 1
    versions = rows(db, "SELECT url, version FROM articles WHERE version > 1")
    assert versions == [(site.url("/news/seed-4"), 2)]
    changes = rows(
        db,
        "SELECT change, old_low, new_low FROM version_changes WHERE url = ? AND change = 'changed'",
        [site.url("/news/seed-4")],
    )
    assert ("changed", 83.0, 87.0) in changes
    outcome = rows(
        db,
        "SELECT outcome FROM fetch_log WHERE url = ? ORDER BY logged_at DESC LIMIT 1",
        [site.url("/news/seed-0")],
    )
    assert outcome == [("unchanged",)]  # new timestamp and share count: not a new version
