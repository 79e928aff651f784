"""Incremental reconciliation: recompute only the days that new claims can change.

A fact's state on day *d* (``pipelines.facts.reconcile``) depends only on its claims
counted on or before *d* and on its estimate of the day before. So when every new (or
replaced) article version of a run counts from day *S* on, every timeline row, competing
value and day state dated before *S* stays as stored, and the days from *S* on are rebuilt
from a *window* of claims, per fact:

* every usable claim counted on or after *S*;
* per outlet, the claims of its latest day before *S* (its voice until it speaks again);
* for a running total, the explicit revisions before *S* (a revision withdraws higher
  figures published up to it) and the claims before *S* more than ``FAR_ABSOLUTE`` above
  the floor of the estimate the rebuild starts from (only those can confirm a figure far
  above the tally, see ``reconcile.far_above``).

The rebuild of a fact starts at its last day before *S* (*D0*, recomputed so that its
current claims and roles are at hand for the competing values of later days) from the
stored estimate of the day before *D0*. A running total whose estimate drops below that
floor on the way (a correction) could need older claims than the window holds: it is
rebuilt from all its claims instead.

:func:`rebuild` yields exactly the rows, competing values and states a full
reconciliation gives from *S* on; ``tests/test_incremental.py`` checks this on every
corpus. The rules themselves live in ``reconcile`` only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from factdrift.pipelines.facts import reconcile
from factdrift.pipelines.facts.reconcile import (
    FAR_ABSOLUTE,
    Candidate,
    ClaimObs,
    Estimate,
    TimelineRow,
)
from factdrift.pipelines.story import Fact, Story

#: The window's start when everything is rebuilt.
EVERYTHING = date.min

_RULE_FILES = ("facts/reconcile.py", "facts/incremental.py", "facts/events.py", "intervals.py")


@dataclass(frozen=True, slots=True)
class DayState:
    """A fact's estimate at the end of one of its days: what its next day builds on."""

    fact_key: str
    day: date
    low: float | None
    high: float | None
    date_low: date | None
    date_high: date | None
    claim_ids: tuple[str, ...]  # the claims behind the estimate


@dataclass(frozen=True, slots=True)
class Restart:
    """Where a fact's rebuild starts: its last day before the window (``day``) and the
    estimate of its day before that (None: ``day`` is its first day)."""

    day: date
    established: Estimate | None


@dataclass
class Rebuilt:
    """Rows, competing values and day states from the window's start on."""

    timeline: list[TimelineRow] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    states: list[DayState] = field(default_factory=list)


def rules_fingerprint(story: Story) -> str:
    """What stored reconciliation depends on besides the claims: the catalog and the rules.

    A stored state built under another catalog or another version of the reconciliation
    code is rebuilt in full, so a rule change takes effect on the next run.
    """
    digest = hashlib.sha256()
    for fact in sorted(story.facts, key=lambda f: f.key):
        # what reconciliation and events read of a fact (not its cues, alerts or labels)
        digest.update(f"{fact.key}|{fact.kind}|{fact.effective_scope}|{fact.tally}\n".encode())
    root = Path(__file__).resolve().parent.parent
    for name in _RULE_FILES:
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:32]


def window_floor(fact: Fact, restart: Restart | None) -> tuple[bool, float | None]:
    """For the window query: whether the fact needs its older high claims, and the floor
    above which (by more than ``FAR_ABSOLUTE``) they are needed; ``(True, None)``: all."""
    if fact.effective_scope != "total" or fact.kind == "date":
        return False, None
    if restart is None or restart.established is None:
        return False, None  # its first day is the restart day: the window holds it whole
    low = restart.established.span[0]
    if low is None or isinstance(low, date):
        return True, None
    return True, float(low) + FAR_ABSOLUTE


def rebuild(
    window: Iterable[ClaimObs],
    story: Story,
    since: date,
    restarts: Mapping[str, Restart],
    last_rows: Mapping[str, TimelineRow],
    all_claims: Callable[[str], Iterable[ClaimObs]] | None = None,
) -> Rebuilt:
    """Timeline rows, competing values and day states dated ``since`` or later.

    ``window`` holds the claims of the module docstring (or all claims); ``restarts`` each
    fact's :class:`Restart` (absent: no day before ``since``); ``last_rows`` each fact's
    last stored timeline row dated before ``since``; ``all_claims(fact_key)`` every stored
    claim of one fact, for a running total the window cannot rebuild alone.
    """
    out = Rebuilt()
    per_fact = []
    for fact, claims in reconcile._claims_by_fact(window, story):
        restart = restarts.get(fact.key)
        established = restart.established if restart else None
        days = reconcile._fact_days(fact, claims, established, restart.day if restart else since)
        if _below_floor(fact, restart, days):
            if all_claims is None:
                raise ValueError(f"{fact.key}: the window is not enough, all claims are needed")
            everything = reconcile._claims_by_fact(all_claims(fact.key), story)
            days = reconcile._fact_days(fact, everything[0][1]) if everything else []
        per_fact.append((fact, days))
        last = last_rows.get(fact.key)
        for entry in days:
            if entry.day < since:
                continue
            out.states.append(_state(fact, entry))
            if last is None or reconcile._state_key(last) != reconcile._state_key(entry.row):
                out.timeline.append(entry.row)
                last = entry.row
    for as_of in sorted({row.as_of for row in out.timeline}):
        for fact, days in per_fact:
            out.candidates.extend(reconcile._candidates_on(fact, days, as_of))
    return out


def current_rows(
    stored: Mapping[str, TimelineRow], new_rows: Iterable[TimelineRow]
) -> dict[str, TimelineRow]:
    """Each fact's latest row: its newest rebuilt row, else its last stored one."""
    latest = dict(stored)
    latest.update(reconcile.current_state(list(new_rows)))
    return {key: latest[key] for key in sorted(latest)}


def _below_floor(fact: Fact, restart: Restart | None, days: list) -> bool:
    needs, floor = window_floor(fact, restart)
    if not needs or floor is None:
        return False
    start = floor - FAR_ABSOLUTE
    return any(entry.estimate.span[0] is None or entry.estimate.span[0] < start for entry in days)


def _state(fact: Fact, entry) -> DayState:
    numbers, days = reconcile._axes(fact, entry.estimate.span)
    return DayState(
        fact.key,
        entry.day,
        numbers[0],
        numbers[1],
        days[0],
        days[1],
        tuple(sorted(c.claim_id for c in entry.estimate.support)),
    )


def estimate_of(fact: Fact, state: DayState, support: Iterable[ClaimObs]) -> Estimate:
    """A stored day state as the estimate the next day builds on (``support``: the stored
    claims behind it, as counted)."""
    span = (state.date_low, state.date_high) if fact.kind == "date" else (state.low, state.high)
    wanted = set(state.claim_ids)
    behind = tuple(sorted((c for c in support if c.claim_id in wanted), key=reconcile._claim_order))
    return Estimate(span, behind, False)  # type: ignore[arg-type]
