"""Reconciliation: what the outlets, taken together, say about each fact, day by day.

Input is the stored keyed claims (:class:`ClaimObs`); output is the fact timeline
(:class:`TimelineRow`, one row per fact per publication day on which the fact's state
changed) and, for any day, the values of each fact with the part each plays in the state
(:class:`Candidate`). Everything here is a pure function of its input: the same claims in
any order give the same rows in the same order. The full rules, with examples, are in
``docs/reconcile.md``; in short:

* **What counts.** A claim counts on its publication day. An *earlier* value stated for
  comparison ("up from 30 on Wednesday") counts on the day it held (``as_of``) and is
  ignored when that day is unknown. A claim whose scope contradicts its fact's (one
  strike's toll keyed to the running total) is left to the events view
  (:mod:`factdrift.pipelines.facts.events`).
* **One voice per outlet.** Per outlet, the claims of its latest publication day; within
  one article only its most specific (narrowest) wording of the fact ("late in the week
  of March 8" over "last week"; the headline's "8,000" over the body's "about
  8,000"). Groups are ranked by outlets, never by articles or claims.
* **Facts that are not running totals.** A newer statement supersedes an older one of
  another outlet that it contradicts, unless it is vaguer (``superseded``); the estimate
  is the intersection of the best group of the rest.
* **Running totals** (``Fact.effective_scope == "total"``) are monotone. A report lying
  below the established tally is ``lagging`` and moves nothing unless it is an explicit
  revision, which also withdraws the higher figures published up to it (``revised``). A
  figure far above the tally (:func:`far_above`) from one outlet alone is held as
  ``single-source`` until a second outlet or a later report confirms it. The estimate
  comes from the newest day's reports, floored by older consistent readings and by the
  established tally.
* **Status**: ``conflict`` when a counted claim is disjoint from the estimate; else
  ``single-source`` when one outlet is behind it; else ``consistent``. ``correction`` marks
  a running total that moved down, which only a revision can do.

Claims whose fact is not in the story's catalog are skipped, as are claims with no bound
on the fact's axis. The caller passes the claims of each article's latest version only;
claims with the same ``claim_id`` count once.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
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

#: A running-total report is "far above" the established tally when it exceeds it by more
#: than both of these: FAR_ABSOLUTE units and FAR_RELATIVE of the tally, a margin that
#: grows by itself every FAR_WEEK days since the tally was last stated (see far_above).
FAR_ABSOLUTE = 10.0
FAR_RELATIVE = 0.5
FAR_WEEK = 7

#: The part a claim plays in its fact's state on a day (``fact_candidates.role``).
ROLES = (
    "estimate",  # behind the estimate
    "agrees",  # counted and consistent with the estimate, but not what states it
    "conflict",  # counted and disjoint from the estimate
    "lagging",  # running total: below the established tally, not a revision
    "single-source",  # running total: far above the tally, one outlet, not yet confirmed
    "revised",  # running total: a higher figure withdrawn by a later explicit revision
    "superseded",  # not a running total: contradicted by a newer, no vaguer statement
)


@dataclass(frozen=True, slots=True)
class ClaimObs:
    """One stored keyed claim as reconciliation sees it (``None`` bounds are unbounded).

    ``scope``, ``event_low``/``event_high``, ``earlier``, ``as_of`` and ``revision`` are
    the claim's fields of the same meaning (:class:`factdrift.pipelines.model.Claim`).
    """

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
    scope: str | None = None
    event_low: date | None = None
    event_high: date | None = None
    earlier: bool = False
    as_of: date | None = None
    revision: bool = False


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
    """One value of a fact as of a day: the current claims stating one interval in one role.

    ``qualifier`` lists the distinct qualifiers of those claims, sorted and joined by
    ``,`` ("at_least,more_than" when "at least 83" and "more than 82" are grouped).
    ``role`` is one of :data:`ROLES`.
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
    role: str


@dataclass(frozen=True, slots=True)
class Estimate:
    """What a set of claims says about a fact: the span, the claims behind it, a conflict."""

    span: Span
    support: tuple[ClaimObs, ...]
    conflict: bool


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The timeline of every fact and the candidates of every fact on each timeline day."""

    timeline: list[TimelineRow]
    candidates: list[Candidate]


@dataclass(frozen=True, slots=True)
class _Day:
    """One fact on one publication day: its estimate, current claims and their roles."""

    day: date
    estimate: Estimate
    current: tuple[ClaimObs, ...]
    roles: dict[str, str]
    row: TimelineRow


def relation(a: Span, b: Span) -> Relation:
    """How two claim intervals relate: ``refinement``, ``compatible`` or ``conflict``."""
    if not overlaps(a, b):
        return "conflict"
    if contains(a, b) or contains(b, a):
        return "refinement"
    return "compatible"


def reconcile(observations: Iterable[ClaimObs], story: Story) -> Reconciliation:
    """The timeline (see :func:`build_timeline`) and, for every day on which some fact's
    row begins, every fact's candidates as of that day (see :func:`competing_values`)."""
    per_fact = [
        (fact, _fact_days(fact, claims)) for fact, claims in _claims_by_fact(observations, story)
    ]
    timeline = [row for _, days in per_fact for row in _rows(days)]
    candidates: list[Candidate] = []
    for as_of in sorted({row.as_of for row in timeline}):
        for fact, days in per_fact:
            candidates.extend(_candidates_on(fact, days, as_of))
    return Reconciliation(timeline, candidates)


def build_timeline(observations: Iterable[ClaimObs], story: Story) -> list[TimelineRow]:
    """Return each fact's state on every publication day on which it changed.

    The first row of a fact is the first day it was reported; later rows appear only when
    something in the state (estimate, envelope, status, outlets behind it, flags) differs
    from the previous row: an outlet repeating itself adds no row. Rows are sorted by
    ``fact_key`` then ``as_of``.
    """
    return [
        row
        for fact, claims in _claims_by_fact(observations, story)
        for row in _rows(_fact_days(fact, claims))
    ]


def competing_values(
    observations: Iterable[ClaimObs], story: Story, as_of: date
) -> list[Candidate]:
    """Return the distinct values the current claims give each fact as of ``as_of``.

    Claims stating the same interval in the same role form one candidate. Sorted by
    ``fact_key``, then most outlets, most claims, interval and role. Lagging, held and
    superseded readings are listed too: this is everything outlets currently say, with
    the part each plays in the estimate.
    """
    candidates: list[Candidate] = []
    for fact, claims in _claims_by_fact(observations, story):
        known = [c for c in claims if c.published <= as_of]
        candidates.extend(_candidates_on(fact, _fact_days(fact, known), as_of))
    return candidates


def current_state(timeline: list[TimelineRow]) -> dict[str, TimelineRow]:
    """Return the latest row of each fact, keyed and ordered by ``fact_key``."""
    latest: dict[str, TimelineRow] = {}
    for row in timeline:
        seen = latest.get(row.fact_key)
        if seen is None or row.as_of >= seen.as_of:
            latest[row.fact_key] = row
    return {key: latest[key] for key in sorted(latest)}


def far_above(span: Span, tally: Span, days: int = 0) -> bool:
    """True when a running-total report lies far above the established tally.

    The reference is the tally's high end (its low end when it is open above, as for
    "at least 83"). The margin is the larger of ``FAR_ABSOLUTE`` and ``FAR_RELATIVE`` of
    the reference, once more for every ``FAR_WEEK`` of the ``days`` between the tally's
    last statement and the report (a tally may well have grown a lot in six quiet weeks).
    Reported the same day: 14 → 20 is growth, 21 → 61 is far above, 104 → 150 is growth,
    104 → 160 is far above; 14 → 61 six weeks on is growth.
    """
    low, ref = span[0], tally[1] if tally[1] is not None else tally[0]
    if low is None or ref is None or isinstance(low, date) or isinstance(ref, date):
        return False
    margin = max(FAR_ABSOLUTE, FAR_RELATIVE * abs(ref)) * (1 + max(days, 0) / FAR_WEEK)
    return low - ref > margin


def estimate_now(
    fact: Fact, claims: Sequence[ClaimObs], day: date, *, recency: bool = True
) -> Estimate | None:
    """The estimate of a fact that is not a running total from ``claims`` known on ``day``
    (the rule of :func:`build_timeline` for such facts), or ``None`` when no claim is
    known yet. ``recency=False`` lets no statement supersede another: every outlet's
    newest figure votes (the events view compares outlets on one occurrence this way)."""
    current = _current([c for c in claims if c.published <= day], day, fact)
    if not current:
        return None
    estimate, _ = _evolving_state(fact, current, recency=recency)
    return estimate


def span_of(fact: Fact, claim: ClaimObs) -> Span:
    """The claim's interval on the fact's axis: days for date facts, numbers otherwise."""
    if fact.kind == "date":
        return claim.date_low, claim.date_high
    return claim.low, claim.high


# --- what counts, and the current claims --------------------------------------------------


def _claims_by_fact(
    observations: Iterable[ClaimObs], story: Story
) -> list[tuple[Fact, list[ClaimObs]]]:
    """Catalog facts with their usable claims, both in a deterministic order."""
    catalog = {fact.key: fact for fact in story.facts}
    unique: dict[str, ClaimObs] = {}
    for obs in observations:
        fact = catalog.get(obs.fact_key)
        if fact is not None and span_of(fact, obs) != (None, None):
            unique.setdefault(obs.claim_id, obs)
    by_fact: dict[str, list[ClaimObs]] = {}
    for obs in sorted(unique.values(), key=_claim_order):
        usable = counted(catalog[obs.fact_key], obs)
        if usable is not None:
            by_fact.setdefault(obs.fact_key, []).append(usable)
    return [(catalog[key], sorted(by_fact[key], key=_claim_order)) for key in sorted(by_fact)]


def counted(fact: Fact, claim: ClaimObs) -> ClaimObs | None:
    """The claim as the fact's timeline counts it, or ``None`` when it does not count.

    An earlier value counts on the day it held (never after the article's own day) and
    not at all when that day is unknown; a claim whose scope contradicts the fact's (an
    event figure keyed to a running total, a running total keyed to an event fact) is
    not a statement of the fact.
    """
    if claim.earlier:
        if claim.as_of is None or claim.as_of > claim.published:
            return None
        return dataclasses.replace(claim, published=claim.as_of)
    scope = fact.effective_scope
    if scope is not None and claim.scope is not None and claim.scope != scope:
        return None
    return claim


def _claim_order(claim: ClaimObs) -> tuple:
    return claim.published, claim.outlet, claim.article_id, claim.claim_id


def _current(claims: Sequence[ClaimObs], day: date, fact: Fact) -> list[ClaimObs]:
    """One voice per outlet: its latest publication day on or before ``day``, and within
    each article of that day only the most specific wordings."""
    known = [c for c in claims if c.published <= day]
    latest: dict[str, date] = {}
    for claim in known:
        latest[claim.outlet] = max(latest.get(claim.outlet, claim.published), claim.published)
    newest = [c for c in known if c.published == latest[c.outlet]]
    return _most_specific(fact, newest)


def _most_specific(fact: Fact, claims: list[ClaimObs]) -> list[ClaimObs]:
    # One article is one voice: of its wordings of a fact only the most specific (the
    # narrowest interval) speaks for it, so "about 8,000" in the body does not add to
    # "8,000 acres" in the headline, and "late in the week of March 8" speaks rather
    # than "last week". Wordings equally specific (two exact figures) all stay.
    by_article: dict[tuple[str, date], list[ClaimObs]] = {}
    for claim in claims:
        by_article.setdefault((claim.article_id, claim.published), []).append(claim)
    kept = []
    for group in by_article.values():
        if fact.effective_scope == "total" and fact.kind != "date":
            # a running total's article speaks for its highest tally: "at least 34" over a
            # recalled "32" (the lower one is an earlier or partial count, not its voice)
            top = max(_low_or_zero(span_of(fact, c)) for c in group)
            group = [c for c in group if _low_or_zero(span_of(fact, c)) == top]
        narrowest = min(_width(span_of(fact, c)) for c in group)
        kept.extend(c for c in group if _width(span_of(fact, c)) == narrowest)
    return sorted(kept, key=_claim_order)


def _low_or_zero(span: Span) -> float:
    return float(span[0]) if isinstance(span[0], int | float) else 0.0


# --- one fact over time --------------------------------------------------------------------


def _fact_days(
    fact: Fact,
    claims: list[ClaimObs],
    established: Estimate | None = None,
    since: date | None = None,
) -> list[_Day]:
    """The fact's state on each publication day of its claims, in day order.

    ``since`` and ``established`` resume the sequence (incremental reconciliation): only
    days from ``since`` on, starting from the estimate of the fact's day before it.
    """
    days: list[_Day] = []
    for day in sorted({c.published for c in claims if since is None or c.published >= since}):
        current = _current(claims, day, fact)
        history = [c for c in claims if c.published <= day]
        if fact.effective_scope == "total":
            estimate, roles = _tally_state(fact, current, history, established)
        else:
            estimate, roles = _evolving_state(fact, current)
        correction = (
            fact.effective_scope == "total"
            and established is not None
            and moved_down(established.span, estimate.span)
        )
        envelope = hull([span_of(fact, c) for c in current])
        row = _row(fact, day, estimate, envelope, correction)
        days.append(_Day(day, estimate, tuple(current), roles, row))
        established = estimate
    return days


def _rows(days: list[_Day]) -> list[TimelineRow]:
    rows: list[TimelineRow] = []
    for entry in days:
        if not rows or _state_key(rows[-1]) != _state_key(entry.row):
            rows.append(entry.row)
    return rows


def _state_key(row: TimelineRow) -> TimelineRow:
    # An outlet re-publishing what it already said swaps claim ids but changes nothing an
    # analyst reads, so it does not earn a row; the row keeps the claims that first said it.
    return dataclasses.replace(row, as_of=date.min, claim_ids=(), n_claims=0)


# --- facts that are not running totals -----------------------------------------------------


def _evolving_state(
    fact: Fact, current: list[ClaimObs], *, recency: bool = True
) -> tuple[Estimate, dict[str, str]]:
    """Recency, then the best mutually compatible group (see the module docstring)."""
    superseded = _superseded(fact, current) if recency else set()
    counted_now = [c for c in current if c.claim_id not in superseded]
    group = _best_group(fact, counted_now)
    estimate = Estimate(_common(fact, group), tuple(group), len(group) < len(counted_now))
    roles = {c.claim_id: "superseded" for c in current if c.claim_id in superseded}
    roles.update(_roles_of(fact, estimate, counted_now))
    return estimate, roles


def _superseded(fact: Fact, current: list[ClaimObs]) -> set[str]:
    """Claims contradicted by a newer, no vaguer statement of another outlet that is not
    itself superseded (so a value re-stated later stands again)."""
    out: set[str] = set()
    standing: list[ClaimObs] = []
    for day in sorted({c.published for c in current}, reverse=True):
        todays = [c for c in current if c.published == day]
        for claim in todays:
            mine = span_of(fact, claim)
            if any(
                newer.outlet != claim.outlet
                and not overlaps(span_of(fact, newer), mine)
                and _width(span_of(fact, newer)) <= _width(mine)
                for newer in standing
            ):
                out.add(claim.claim_id)
        standing.extend(c for c in todays if c.claim_id not in out)
    return out


def _width(span: Span) -> float:
    low, high = span
    if low is None or high is None:
        return math.inf
    if isinstance(low, date) and isinstance(high, date):
        return float((high - low).days)
    return float(high - low)  # type: ignore[operator]


# --- running totals --------------------------------------------------------------------------


def _tally_state(
    fact: Fact,
    current: list[ClaimObs],
    history: list[ClaimObs],
    established: Estimate | None,
) -> tuple[Estimate, dict[str, str]]:
    """Monotone rule: set aside revised, lagging and held reports, then the newest day's
    reports floored by older consistent readings and by the established tally."""
    roles: dict[str, str] = {}
    pool: list[ClaimObs] = []
    revisions = [c for c in history if c.revision]
    stated = _last_stated(established) if established is not None else None
    for claim in current:
        role = _set_aside(fact, claim, history, revisions, established, stated)
        if role is None:
            pool.append(claim)
        else:
            roles[claim.claim_id] = role
    if not pool:
        if established is not None:  # nothing counted moved it: the tally stands
            return dataclasses.replace(established, conflict=False), roles
        pool, roles = current, {}
    estimate = _tally_estimate(fact, pool, established)
    roles.update(_roles_of(fact, estimate, pool))
    return estimate, roles


def _set_aside(
    fact: Fact,
    claim: ClaimObs,
    history: list[ClaimObs],
    revisions: list[ClaimObs],
    established: Estimate | None,
    stated: date | None = None,
) -> str | None:
    """Why a current report of a running total does not count today, or ``None``.

    ``stated`` is :func:`_last_stated` of ``established`` (computed once by the caller).
    """
    mine = span_of(fact, claim)
    # A revision withdraws what lies above it and was published up to it, earlier
    # revisions included ("revised to 20", then "revised to 17").
    if any(r.published >= claim.published and _below(span_of(fact, r), mine) for r in revisions):
        return "revised"
    if established is None:
        return None
    if not claim.revision and _below(mine, established.span):
        return "lagging"
    stated = stated or _last_stated(established)
    days = (claim.published - stated).days
    if far_above(mine, established.span, days) and not _confirmed(
        fact, claim, history, established, stated
    ):
        return "single-source"
    return None


def _below(a: Span, b: Span) -> bool:
    """True when ``a`` lies entirely below ``b``."""
    return a[1] is not None and b[0] is not None and a[1] < b[0]  # type: ignore[operator]


def _confirmed(
    fact: Fact, claim: ClaimObs, history: list[ClaimObs], established: Estimate, stated: date
) -> bool:
    # Another report also far above the tally confirms it, when it comes from a second
    # outlet or from another day of the same outlet (a later report confirms an earlier
    # one, and the later one is then the outlet's current word).
    for other in history:
        if other.claim_id == claim.claim_id:
            continue
        if other.outlet == claim.outlet and other.published == claim.published:
            continue
        days = (other.published - stated).days
        if far_above(span_of(fact, other), established.span, days):
            return True
    return False


def _last_stated(established: Estimate) -> date:
    """The last day the established tally was stated by a claim behind it."""
    return max(c.published for c in established.support)


def _tally_estimate(fact: Fact, pool: list[ClaimObs], established: Estimate | None) -> Estimate:
    newest = max(c.published for c in pool)
    front = [c for c in pool if c.published == newest]
    older = [c for c in pool if c.published < newest]
    group = _best_group(fact, front)
    low, high = _common(fact, group)
    # An older reading at or below the newest high end was true then and still bounds the
    # total from below; one above it cannot be explained by growth and is a conflict.
    consistent = [c for c in older if overlaps((span_of(fact, c)[0], None), (None, high))]
    floors = [low, *(span_of(fact, c)[0] for c in consistent)]
    # The established tally is a floor too, unless an explicit revision lowered it.
    revised_down = established is not None and any(
        c.revision and low_key(span_of(fact, c)[0]) < low_key(established.span[0]) for c in pool
    )
    if established is not None and not revised_down:
        floors.append(established.span[0])
    low = max(floors, key=low_key)
    if high is not None and low is not None and low > high:  # type: ignore[operator]
        low = high  # cannot happen for counted reports; kept so the span stays an interval
    span: Span = (low, high)  # type: ignore[assignment]
    backing = [c for c in consistent if _backs_floor(span_of(fact, c), span)]
    conflict = len(group) < len(front) or len(consistent) < len(older)
    return Estimate(span, tuple(group + backing), conflict)


def _backs_floor(claim: Span, estimate: Span) -> bool:
    # An older "at least 83" is true of a total of 87 but is not what says 87: only
    # readings that reach the estimate's floor count as support.
    return overlaps(claim, estimate) and low_key(claim[0]) >= low_key(estimate[0])


# --- groups ------------------------------------------------------------------------------------


def _best_group(fact: Fact, claims: list[ClaimObs]) -> list[ClaimObs]:
    """The largest set of claims sharing a common point, ranked by :func:`_group_rank`."""
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
        by_span.setdefault(span_of(fact, claim), []).append(claim)
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
    """Bigger is better: outlets (one voice each), recency, unhedged outlets, claims."""
    return (
        len({c.outlet for c in group}),
        max(c.published for c in group),
        len({c.outlet for c in group if not c.hedged}),
        len(group),
    )


def _common(fact: Fact, group: list[ClaimObs]) -> Span:
    """Intersection of a group of pairwise-overlapping claims."""
    span: Span | None = span_of(fact, group[0])
    for claim in group[1:]:
        span = intersection(span, span_of(fact, claim))  # type: ignore[arg-type]
    assert span is not None, "a group shares a common point by construction"
    return span


def _roles_of(fact: Fact, estimate: Estimate, counted_now: list[ClaimObs]) -> dict[str, str]:
    behind = {c.claim_id for c in estimate.support}
    roles = {}
    for claim in counted_now:
        if claim.claim_id in behind:
            roles[claim.claim_id] = "estimate"
        elif overlaps(span_of(fact, claim), estimate.span):
            roles[claim.claim_id] = "agrees"
        else:
            roles[claim.claim_id] = "conflict"
    return roles


# --- building rows and candidates --------------------------------------------------------------


def _row(
    fact: Fact, day: date, estimate: Estimate, envelope: Span, correction: bool
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


def _candidates_on(fact: Fact, days: list[_Day], as_of: date) -> list[Candidate]:
    """The fact's candidates as of ``as_of``: its latest day on or before it."""
    entry = next((d for d in reversed(days) if d.day <= as_of), None)
    if entry is None:
        return []
    by_value: dict[tuple[Span, str], list[ClaimObs]] = {}
    for claim in entry.current:
        role = entry.roles.get(claim.claim_id, "agrees")
        by_value.setdefault((span_of(fact, claim), role), []).append(claim)
    group = [_candidate(fact, as_of, span, role, cs) for (span, role), cs in by_value.items()]
    group.sort(
        key=lambda c: (
            -c.n_outlets,
            -c.n_claims,
            interval_key(_cand_span(fact, c)),
            ROLES.index(c.role),
        )
    )
    return group


def _candidate(fact: Fact, as_of: date, span: Span, role: str, claims: list[ClaimObs]) -> Candidate:
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
        role=role,
    )


def _cand_span(fact: Fact, candidate: Candidate) -> Span:
    if fact.kind == "date":
        return candidate.date_low, candidate.date_high
    return candidate.low, candidate.high
