"""Incremental reconciliation: recompute only the days that new claims can change.

The state of a fact as of day *d* depends only on the claims published on or before *d*
(see ``pipelines.facts.reconcile``). So when the new (or replaced) article versions of a
run were all published on or after day *S*, every timeline row and competing value dated
before *S* stays as stored, and the rows from *S* on can be rebuilt from a *window* of
claims:

* every usable claim published on or after *S*, and
* per fact and outlet, the claims of that outlet's latest publication day before *S*
  (they are the outlet's current claims until it publishes again).

Given each fact's last stored row before *S* as the starting point, :func:`timeline_since`
yields exactly the rows ``build_timeline`` would give from *S* on over all claims, and
:func:`candidates_since` the same competing values; ``tests/test_incremental.py`` checks
this against full rebuilds on every corpus. The rules themselves live in ``reconcile``
only: this module reuses its functions and adds no rule of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from factdrift.pipelines.facts import reconcile
from factdrift.pipelines.facts.reconcile import Candidate, ClaimObs, TimelineRow
from factdrift.pipelines.story import Story

_RULE_FILES = ("facts/reconcile.py", "facts/incremental.py", "intervals.py")


def rules_fingerprint(story: Story) -> str:
    """What stored reconciliation depends on besides the claims: the catalog and the rules.

    A stored timeline built under another catalog (facts added, removed, re-kinded) or
    another version of the reconciliation code is rebuilt in full, so a rule change takes
    effect on the next run, as it did when every run rebuilt everything.
    """
    digest = hashlib.sha256()
    for fact in sorted(story.facts, key=lambda f: f.key):
        digest.update(f"{fact.key}|{fact.kind}|{fact.cumulative}\n".encode())
    root = Path(__file__).resolve().parent.parent
    for name in _RULE_FILES:
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:32]


def usable_claim_sql_keys(story: Story) -> tuple[list[str], list[str]]:
    """Catalog fact keys, and those of date facts (whose claims are read on the day axis)."""
    keys = [fact.key for fact in story.facts]
    return keys, [fact.key for fact in story.facts if fact.kind == "date"]


def timeline_since(
    window: Iterable[ClaimObs],
    story: Story,
    since: date,
    previous: Mapping[str, TimelineRow],
) -> list[TimelineRow]:
    """Timeline rows dated ``since`` or later, sorted by fact key then day.

    ``window`` holds the claims described in the module docstring; ``previous`` maps each
    fact to its last stored row dated before ``since`` (absent: the fact had none).
    """
    rows: list[TimelineRow] = []
    for fact, claims in reconcile._claims_by_fact(window, story):
        last = previous.get(fact.key)
        for day in sorted({c.published for c in claims if c.published >= since}):
            row = reconcile._state(fact, claims, day, last)
            if last is None or reconcile._state_key(last) != reconcile._state_key(row):
                rows.append(row)
                last = row
    return rows


def candidates_since(window: list[ClaimObs], story: Story, days: Iterable[date]) -> list[Candidate]:
    """Competing values of every fact on each of ``days`` (all on or after the window's
    start), in the order a full rebuild writes them."""
    return [c for day in sorted(set(days)) for c in reconcile.competing_values(window, story, day)]


def current_rows(
    previous: Mapping[str, TimelineRow], new_rows: Iterable[TimelineRow]
) -> dict[str, TimelineRow]:
    """Each fact's latest row: its newest rebuilt row, else its last stored one."""
    latest = dict(previous)
    latest.update(reconcile.current_state(list(new_rows)))
    return {key: latest[key] for key in sorted(latest)}
