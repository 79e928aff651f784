"""Quiet edits: a watched page rewrote a key figure after publishing ("47" → "52").

The page's new version is stored with its claim changes (``version_changes``); this turns
each changed key-fact claim into a change record of its own kind, ``article_edited``,
carrying the outlet, the page and the sentence before and after, so the edit is in the
change log and alerted although the fact's estimate did not move.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from factdrift.pipelines.facts.diff import Change, describe
from factdrift.pipelines.story import Story


def edit_changes(
    rows: Sequence[Mapping], story: Story, moved: Collection[str] = ()
) -> list[Change]:
    """One ``article_edited`` change per changed key-fact claim of an edited page, for the
    facts whose state did not change in the same run (``moved``): a quiet edit.

    When the edit moved the fact, the fact's own change already tells it (and names the
    outlet and its new sentence). ``rows`` are ``version_changes`` rows of one run with
    ``change = 'changed'``. Facts not in the story's catalog are ignored; the alert follows
    the fact's ``alert.enabled``.
    """
    keys = {fact.key for fact in story.facts} - set(moved)
    changes = []
    for row in rows:
        key = row.get("fact_key")
        if key not in keys:
            continue
        fact = story.fact(key)
        is_date = fact.kind == "date"
        old, new = _side(row, "old", is_date), _side(row, "new", is_date)
        for side in (old, new):
            side.update(url=row["url"], outlet=row["outlet"])
        old["version"], new["version"] = row["from_version"], row["to_version"]
        summary = (
            f"{key}: {row['outlet']} edited its article ({_words(old, is_date)} → "
            f"{_words(new, is_date)}, version {row['from_version']} → {row['to_version']})"
        )
        changes.append(Change(key, "article_edited", old, new, fact.alert.enabled, summary))
    return changes


def _side(row: Mapping, prefix: str, is_date: bool) -> dict:
    """One version's claim as a JSON-able dict (ISO dates, as snapshots have them)."""
    side = {
        "qualifier": row.get(f"{prefix}_qualifier"),
        "low": row.get(f"{prefix}_low"),
        "high": row.get(f"{prefix}_high"),
        "date_low": _iso(row.get(f"{prefix}_date_low")),
        "date_high": _iso(row.get(f"{prefix}_date_high")),
        "sentence": row.get(f"{prefix}_sentence"),
    }
    return side


def _iso(day) -> str | None:
    return None if day is None else day.isoformat()


def _words(side: Mapping, is_date: bool) -> str:
    if is_date:
        from datetime import date

        def day(text):
            return None if text is None else date.fromisoformat(text)

        return describe((day(side["date_low"]), day(side["date_high"])), True)
    return describe((side["low"], side["high"]))
