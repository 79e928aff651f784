"""Reconciliation: what the outlets, taken together, say about each fact, day by day.

Input is the stored keyed claims (:class:`ClaimObs`); output is the fact timeline
(:class:`TimelineRow`, one row per fact per publication day on which the fact's state
changed) and, for any day, the competing values of each fact (:class:`Candidate`).
Everything here is a pure function of its input: the same claims in any order give the
same rows in the same order. The full rules, with examples, are in ``docs/reconcile.md``.

Relations between two claims (by interval, see :func:`relation`):

* **conflict** — the intervals are disjoint ("November 21" vs "around November 24",
  i.e. [Nov 22, Nov 26]);
* **refinement** — one lies inside the other ("about 15,000" and "15,000"; identical
  intervals such as "at least 83" and "more than 82" are refinements of each other);
* **compatible** — they overlap otherwise.

State of a fact as of day *d*:

* **Current claims**: per outlet, the claims of its latest publication day ≤ *d*. An
  outlet's older reports are superseded by its newer ones.
* **Non-cumulative facts**: the current claims are split into groups that share a common
  point (in one dimension pairwise overlap means exactly that). The best group is the one
  backed by the most articles (an article repeating a figure is one voice), then the most
  outlets, then the most recent publication day, then the most unhedged claims, then the
  most claims; a last tie goes to the lower interval only so the choice is deterministic.
  The estimate is the intersection of that group; its claims are "behind" the state.
* **Cumulative tallies** (running totals that only grow): the estimate comes from the
  *front*, the claims published on the most recent day (best group as above). Older
  current claims from other outlets are read as earlier readings of a growing number: one
  whose low end is at or below the front's high end is consistent (it was true then) and
  can only raise the floor ("87" on Monday and "at least 83" on Thursday give "at least
  87"); one lying entirely below the estimate is *stale*, neither support nor conflict;
  one whose low end is above the front's high end cannot be explained by growth and is a
  conflict.
* **Correction**: a cumulative estimate that moved down from the previous state's
  estimate (:func:`factdrift.pipelines.intervals.moved_down`) sets ``correction=True`` on that
  row. The estimate then *follows the newest report* (newer reports dominate, and a
  source revising its own tally downward is the most current word), while the earlier,
  higher figure stays visible: in the previous row, in the envelope when another outlet
  still stands by it (which also makes the status ``conflict``), and as a ``correction``
  change in :mod:`factdrift.pipelines.facts.diff`.
* **Envelope**: the hull of all current claims, stale ones included.
* **Status**: ``conflict`` when some current claim is disjoint from the estimate (for
  tallies: in the front, or above it); otherwise ``single-source`` when one outlet is
  behind the estimate; otherwise ``consistent``.
* **Claims behind the state** (``claim_ids``, ``outlets``, ``n_claims``, ``n_outlets``,
  ``hedged_only``) are those supporting the estimate: the best group, plus for tallies
  the older claims that agree with the estimate's floor. Dissenting and stale claims are
  in the envelope and in :func:`competing_values`, not here.

Claims whose fact is not in the story's catalog are skipped (the story decides what is
tracked), as are claims with no bound at all on the fact's axis (numbers for numeric
facts, days for date facts), which say nothing to reconcile. The caller passes the claims
of each article's latest version only; claims with the same ``claim_id`` count once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from factdrift.pipelines.intervals import (
    DateInterval,
    Interval,
    contains,
    hull,
    intersection,
    interval_key,
    low_key,
    moved_down,
    overlaps,
)
from factdrift.pipelines.story import Fact, Story

Span = Interval | DateInterval
Relation = Literal["refinement", "compatible", "conflict"]
Status = Literal["consistent", "conflict", "single-source"]


@dataclass(frozen=True, slots=True)
class ClaimObs:
    """One stored keyed claim as reconciliation sees it (``None`` bounds are unbounded)."""

    claim_id: str
    fact_key: str
    kind: str
    qualifier: str
    low: float | None
    high: float | None
    date_low: date | None
    date_high: date | None
    outlet: str
    article_id: str
    url: str
    published: date  # never None: the flow substitutes the fetch day
    hedged: bool
    sentence: str


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """The state of one fact as of one day: best estimate, envelope, status, support."""

    fact_key: str
    as_of: date
    low: float | None
    high: float | None
    date_low: date | None
    date_high: date | None
    env_low: float | None
    env_high: float | None
    env_date_low: date | None
    env_date_high: date | None
    status: str
    n_claims: int
    n_outlets: int
    hedged_only: bool
    correction: bool
    claim_ids: tuple[str, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One competing value of a fact as of a day: the current claims stating one interval.

    ``qualifier`` lists the distinct qualifiers of those claims, sorted and joined by
    ``,`` ("at_least,more_than" when "at least 83" and "more than 82" are grouped).
    """

    fact_key: str
    as_of: date
    low: float | None
    high: float | None
    date_low: date | None
    date_high: date | None
    qualifier: str
    n_claims: int
    n_outlets: int
    outlets: tuple[str, ...]
    claim_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Estimate:
    """The outcome of reconciling one fact's current claims (internal)."""

    span: Span
    support: tuple[ClaimObs, ...]
    conflict: bool


def relation(a: Span, b: Span) -> Relation:
    """How two claim intervals relate: ``refinement``, ``compatible`` or ``conflict``."""
    if not overlaps(a, b):
        return "conflict"
    if contains(a, b) or contains(b, a):
        return "refinement"
    return "compatible"


def build_timeline(observations: Iterable[ClaimObs], story: Story) -> list[TimelineRow]:
    """Return each fact's state on every publication day on which it changed.

    The first row of a fact is the first day it was reported; later rows appear only when
    something in the state (estimate, envelope, status, outlets behind it, flags) differs
    from the previous row: an outlet repeating itself adds no row. Rows are sorted by
    ``fact_key`` then ``as_of``.
    """
    rows: list[TimelineRow] = []
    for fact, claims in _claims_by_fact(observations, story):
        rows.extend(_fact_timeline(fact, claims))
    return rows


def competing_values(
    observations: Iterable[ClaimObs], story: Story, as_of: date
) -> list[Candidate]:
    """Return the distinct values the current claims give each fact as of ``as_of``.

    Claims stating the same interval form one candidate. Sorted by ``fact_key``, then most
    outlets, most claims, and interval. For tallies, stale lower readings are listed too:
    this is everything outlets currently say, not just what the estimate rests on.
    """
    candidates: list[Candidate] = []
    for fact, claims in _claims_by_fact(observations, story):
        current = _current(claims, as_of)
        by_span: dict[Span, list[ClaimObs]] = {}
        for claim in current:
            by_span.setdefault(_span(fact, claim), []).append(claim)
        group = [_candidate(fact, as_of, span, cs) for span, cs in by_span.items()]
        group.sort(key=lambda c: (-c.n_outlets, -c.n_claims, interval_key(_cand_span(fact, c))))
        candidates.extend(group)
    return candidates


def current_state(timeline: list[TimelineRow]) -> dict[str, TimelineRow]:
    """Return the latest row of each fact, keyed and ordered by ``fact_key``."""
    latest: dict[str, TimelineRow] = {}
    for row in timeline:
        seen = latest.get(row.fact_key)
        if seen is None or row.as_of >= seen.as_of:
            latest[row.fact_key] = row
    return {key: latest[key] for key in sorted(latest)}


# --- grouping and the current claims ---------------------------------------------------


def _claims_by_fact(
    observations: Iterable[ClaimObs], story: Story
) -> list[tuple[Fact, list[ClaimObs]]]:
    """Catalog facts with their usable claims, both in a deterministic order."""
    catalog = {fact.key: fact for fact in story.facts}
    unique: dict[str, ClaimObs] = {}
    for obs in observations:
        fact = catalog.get(obs.fact_key)
        if fact is not None and _span(fact, obs) != (None, None):
            unique.setdefault(obs.claim_id, obs)
    by_fact: dict[str, list[ClaimObs]] = {}
    for obs in sorted(unique.values(), key=_claim_order):
        by_fact.setdefault(obs.fact_key, []).append(obs)
    return [(catalog[key], by_fact[key]) for key in sorted(by_fact)]


def _claim_order(claim: ClaimObs) -> tuple:
    return claim.published, claim.outlet, claim.article_id, claim.claim_id


def _current(claims: list[ClaimObs], day: date) -> list[ClaimObs]:
    """Per outlet, the claims of its latest publication day on or before ``day``."""
    known = [c for c in claims if c.published <= day]
    latest: dict[str, date] = {}
    for claim in known:
        latest[claim.outlet] = max(latest.get(claim.outlet, claim.published), claim.published)
    return [c for c in known if c.published == latest[c.outlet]]


def _span(fact: Fact, claim: ClaimObs) -> Span:
    """The claim's interval on the fact's axis: days for date facts, numbers otherwise."""
    if fact.kind == "date":
        return claim.date_low, claim.date_high
    return claim.low, claim.high


# --- one fact over time ------------------------------------------------------------------


def _fact_timeline(fact: Fact, claims: list[ClaimObs]) -> list[TimelineRow]:
    rows: list[TimelineRow] = []
    previous: TimelineRow | None = None
    for day in sorted({c.published for c in claims}):
        row = _state(fact, claims, day, previous)
        if previous is None or _state_key(previous) != _state_key(row):
            rows.append(row)
            previous = row
    return rows


def _state_key(row: TimelineRow) -> TimelineRow:
    # An outlet re-publishing what it already said swaps claim ids but changes nothing an
    # analyst reads, so it does not earn a row; the row keeps the claims that first said it.
    return dataclasses.replace(row, as_of=date.min, claim_ids=(), n_claims=0)


def _state(
    fact: Fact, claims: list[ClaimObs], day: date, previous: TimelineRow | None
) -> TimelineRow:
    current = _current(claims, day)
    estimate = _tally_estimate(fact, current) if fact.cumulative else _best_estimate(fact, current)
    # A running total should only grow; one that moved down is flagged, not hidden.
    correction = (
        fact.cumulative
        and previous is not None
        and moved_down(_row_span(fact, previous), estimate.span)
    )
    envelope = hull([_span(fact, c) for c in current])
    return _row(fact, day, estimate, envelope, correction)


def _best_estimate(fact: Fact, current: list[ClaimObs]) -> _Estimate:
    """Non-cumulative rule: intersection of the best mutually compatible group."""
    group = _best_group(fact, current)
    span = _common(fact, group)
    return _Estimate(span, tuple(group), conflict=len(group) < len(current))


def _tally_estimate(fact: Fact, current: list[ClaimObs]) -> _Estimate:
    """Cumulative rule: the newest day's reports, floored by consistent older readings."""
    newest = max(c.published for c in current)
    front = [c for c in current if c.published == newest]
    older = [c for c in current if c.published < newest]
    group = _best_group(fact, front)
    low, high = _common(fact, group)
    # An older reading at or below the newest high end was true then and still bounds the
    # total from below; one above it cannot be explained by growth and is a conflict.
    consistent = [c for c in older if overlaps((_span(fact, c)[0], None), (None, high))]
    low = max([low, *(_span(fact, c)[0] for c in consistent)], key=low_key)
    span: Span = (low, high)  # type: ignore[assignment]
    backing = [c for c in consistent if _backs_floor(_span(fact, c), span)]
    conflict = len(group) < len(front) or len(consistent) < len(older)
    return _Estimate(span, tuple(group + backing), conflict)


def _backs_floor(claim: Span, estimate: Span) -> bool:
    # An older "at least 83" is true of a total of 87 but is not what says 87: only
    # readings that reach the estimate's floor count as support.
    return overlaps(claim, estimate) and low_key(claim[0]) >= low_key(estimate[0])


def _best_group(fact: Fact, claims: list[ClaimObs]) -> list[ClaimObs]:
    """The largest set of claims sharing a common point (see the module docstring)."""
    groups = _maximal_groups(fact, claims)
    # max() keeps the first of equal ranks, so ordering by interval first makes the last
    # tie-break "the lower interval wins", only so that the choice is deterministic.
    groups.sort(key=lambda g: (interval_key(_common(fact, g)), sorted(c.claim_id for c in g)))
    return max(groups, key=_group_rank)


def _maximal_groups(fact: Fact, claims: list[ClaimObs]) -> list[list[ClaimObs]]:
    # In one dimension every maximal set of pairwise-overlapping intervals is the set of
    # intervals holding some interval's low end, so those points are the only ones to try.
    # Claims stating the same interval always fall together, so work on distinct spans.
    by_span: dict[Span, list[ClaimObs]] = {}
    for claim in claims:
        by_span.setdefault(_span(fact, claim), []).append(claim)
    spans = sorted(by_span, key=interval_key)
    points = dict.fromkeys(span[0] for span in spans)  # distinct low ends, in order
    cliques = dict.fromkeys(frozenset(s for s in spans if _holds(s, p)) for p in points)
    maximal = [c for c in cliques if not any(c < other for other in cliques)]
    return [[claim for span in spans if span in c for claim in by_span[span]] for c in maximal]


def _holds(span: Span, point: float | date | None) -> bool:
    if point is None:  # the point "-inf": only intervals unbounded below hold it
        return span[0] is None
    return overlaps(span, (point, point))  # type: ignore[arg-type]


def _group_rank(group: list[ClaimObs]) -> tuple:
    """Bigger is better: articles, then outlets, recency, unhedged claims, claims."""
    return (
        len({c.article_id for c in group}),
        len({c.outlet for c in group}),
        max(c.published for c in group),
        sum(not c.hedged for c in group),
        len(group),
    )


def _common(fact: Fact, group: list[ClaimObs]) -> Span:
    """Intersection of a group of pairwise-overlapping claims."""
    span: Span | None = _span(fact, group[0])
    for claim in group[1:]:
        span = intersection(span, _span(fact, claim))  # type: ignore[arg-type]
    assert span is not None, "a group shares a common point by construction"
    return span


# --- building rows -------------------------------------------------------------------------


def _row(
    fact: Fact, day: date, estimate: _Estimate, envelope: Span, correction: bool
) -> TimelineRow:
    support = estimate.support
    outlets = tuple(sorted({c.outlet for c in support}))
    status: Status = "conflict" if estimate.conflict else "consistent"
    if status == "consistent" and len(outlets) == 1:
        status = "single-source"
    numbers, days = _axes(fact, estimate.span)
    env_numbers, env_days = _axes(fact, envelope)
    return TimelineRow(
        fact_key=fact.key,
        as_of=day,
        low=numbers[0],
        high=numbers[1],
        date_low=days[0],
        date_high=days[1],
        env_low=env_numbers[0],
        env_high=env_numbers[1],
        env_date_low=env_days[0],
        env_date_high=env_days[1],
        status=status,
        n_claims=len(support),
        n_outlets=len(outlets),
        hedged_only=all(c.hedged for c in support),
        correction=correction,
        claim_ids=tuple(sorted(c.claim_id for c in support)),
        outlets=outlets,
    )


def _axes(fact: Fact, span: Span) -> tuple[Interval, DateInterval]:
    """Put a span on the row's number fields or date fields, the other pair empty."""
    if fact.kind == "date":
        return (None, None), span  # type: ignore[return-value]
    return span, (None, None)  # type: ignore[return-value]


def _row_span(fact: Fact, row: TimelineRow) -> Span:
    return (row.date_low, row.date_high) if fact.kind == "date" else (row.low, row.high)


def _candidate(fact: Fact, as_of: date, span: Span, claims: list[ClaimObs]) -> Candidate:
    numbers, days = _axes(fact, span)
    outlets = tuple(sorted({c.outlet for c in claims}))
    return Candidate(
        fact_key=fact.key,
        as_of=as_of,
        low=numbers[0],
        high=numbers[1],
        date_low=days[0],
        date_high=days[1],
        qualifier=",".join(sorted({c.qualifier for c in claims})),
        n_claims=len(claims),
        n_outlets=len(outlets),
        outlets=outlets,
        claim_ids=tuple(sorted(c.claim_id for c in claims)),
    )


def _cand_span(fact: Fact, candidate: Candidate) -> Span:
    if fact.kind == "date":
        return candidate.date_low, candidate.date_high
    return candidate.low, candidate.high
