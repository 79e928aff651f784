"""Single occurrences and the running totals they add up to.

A fact with ``scope = "event"`` states a figure about one occurrence (the people killed in
one strike, the day of one strike); its claims carry the occurrence's day window
(``event_low``/``event_high``) when the text dates it. A running total's own claims that
the extractor read as one event's figure (``scope = "event"`` on a ``total`` fact) are
occurrences of that total too. This module groups such claims into occurrences
(:class:`Occurrence`, the ``events`` view) and, per running total and day, sets the sum of
the occurrences reported so far against the reconciled total (:class:`TallyCheck`, the
``tally_check`` view). Pure functions; the rules are in ``docs/reconcile.md``.

Grouping claims of one fact into occurrences:

* **Dated claims** are taken narrowest window first. A claim joins an occurrence whose
  core window (the intersection of its members' windows) overlaps its own; among several,
  the one whose figure agrees with the claim's, then the nearest; otherwise it starts a
  new occurrence. So "on Tuesday" and "on 14 October" (a Tuesday) are one occurrence, and
  a vague "last week" joins the strike of that week whose toll it repeats instead of
  chaining two strikes together.
* **Undated claims** join an occurrence with a claim from the same article, else one
  with a claim published the same day, whose figure agrees with theirs (the headline
  "strike kills 3" and the body's "the strike on Tuesday killed three" are one
  occurrence); otherwise undated claims published the same day with agreeing figures
  form one occurrence, and anything else is an occurrence of its own.

The figure of an occurrence is reconciled like a fact that is not a running total
(:func:`factdrift.pipelines.facts.reconcile.estimate_now`): one voice per outlet, its
newest and most specific statement, the best-supported group wins; but no outlet's figure
supersedes another's, since this view is where outlets' disagreements about one
occurrence show. ``status`` is ``consistent``, ``conflict`` or ``single-source``. A date
fact's own value is its window when the claim gives no other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from factdrift.pipelines.facts.reconcile import (
    ClaimObs,
    TimelineRow,
    estimate_now,
    span_of,
)
from factdrift.pipelines.intervals import (
    DateInterval,
    distance,
    intersection,
    low_key,
    overlaps,
)
from factdrift.pipelines.model import content_id
from factdrift.pipelines.story import Fact, Story


@dataclass(frozen=True, slots=True)
class Figure:
    """What one outlet said about one occurrence (its newest, most specific claim)."""

    outlet: str
    published: date
    qualifier: str
    low: float | None
    high: float | None
    date_low: date | None
    date_high: date | None
    claim_id: str
    url: str


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One reported occurrence of an event fact, with its agreed figure."""

    event_id: str
    fact_key: str
    family: str | None  # the running total it adds to (``Fact.tally``), if any
    event_date_low: date | None
    event_date_high: date | None
    low: float | None
    high: float | None
    date_low: date | None
    date_high: date | None
    status: str
    n_outlets: int
    n_claims: int
    outlets: tuple[str, ...]
    claim_ids: tuple[str, ...]
    figures: tuple[Figure, ...]
    first_reported: date
    last_reported: date


@dataclass(frozen=True, slots=True)
class TallyCheck:
    """On one day: the occurrences of one event fact reported so far, summed, against the
    reconciled running total they belong to."""

    tally_key: str
    event_fact: str
    as_of: date
    n_events: int
    events_low: float | None
    events_high: float | None  # None: some occurrence's figure is open above
    total_low: float | None
    total_high: float | None
    difference: float | None  # total_low - events_low
    status: str  # agree | total_above | total_below | no_total


@dataclass(frozen=True, slots=True)
class _Cluster:
    core: DateInterval | None
    members: list[ClaimObs]


def event_claims(
    observations: Iterable[ClaimObs], story: Story
) -> list[tuple[Fact, str | None, list[ClaimObs]]]:
    """Per fact with occurrences: the fact, its family (the running total it adds to) and
    its event claims, in a deterministic order."""
    catalog = {f.key: f for f in story.facts}
    unique: dict[str, ClaimObs] = {}
    for obs in observations:
        fact = catalog.get(obs.fact_key)
        usable = fact is not None and not obs.earlier and span_of(fact, obs) != (None, None)
        if usable and _is_event(fact, obs):  # type: ignore[arg-type]
            unique.setdefault(obs.claim_id, obs)
    by_fact: dict[str, list[ClaimObs]] = {}
    for obs in sorted(unique.values(), key=_order):
        by_fact.setdefault(obs.fact_key, []).append(obs)
    out = []
    for key in sorted(by_fact):
        fact = catalog[key]
        family = fact.key if fact.effective_scope == "total" else fact.tally
        out.append((fact, family, by_fact[key]))
    return out


def build_events(observations: Iterable[ClaimObs], story: Story) -> list[Occurrence]:
    """Every reported occurrence of every event fact, sorted by fact, then event window,
    then first report."""
    events = []
    for fact, family, claims in event_claims(observations, story):
        day = max(c.published for c in claims)
        for cluster in group_occurrences(fact, claims):
            events.append(_occurrence(fact, family, cluster, day))
    return events


def group_occurrences(fact: Fact, claims: Sequence[ClaimObs]) -> list[_Cluster]:
    """Split one fact's event claims into occurrences (see the module docstring)."""
    clusters: list[_Cluster] = []
    dated = [c for c in claims if _window(fact, c) is not None]
    for claim in sorted(dated, key=lambda c: (_days(_window(fact, c)), _order(c))):
        _place_dated(fact, claim, clusters)
    undated = [c for c in claims if _window(fact, c) is None]
    for claim in sorted(undated, key=_order):
        _place_undated(fact, claim, clusters)
    clusters.sort(key=lambda k: (_core_key(k), min(_order(c) for c in k.members)))
    return clusters


def tally_check(
    observations: Iterable[ClaimObs], story: Story, timeline: Sequence[TimelineRow]
) -> list[TallyCheck]:
    """Per running total, event fact and day (each day a claim of either was published):
    the sum of the occurrences' figures as reported by that day against the total in
    force that day. A date-valued event fact counts each occurrence as one."""
    rows_of: dict[str, list[TimelineRow]] = {}
    for row in timeline:
        rows_of.setdefault(row.fact_key, []).append(row)
    checks = []
    for fact, family, claims in event_claims(observations, story):
        if family is None:
            continue
        clusters = group_occurrences(fact, claims)
        total_rows = sorted(rows_of.get(family, []), key=lambda r: r.as_of)
        days = sorted({c.published for c in claims} | {r.as_of for r in total_rows})
        for day in days:
            checks.append(_check(fact, family, clusters, total_rows, day))
    return checks


# --- grouping ----------------------------------------------------------------------------


def _is_event(fact: Fact, claim: ClaimObs) -> bool:
    if fact.effective_scope == "event":
        return claim.scope != "total"
    return fact.effective_scope == "total" and claim.scope == "event"


def _order(claim: ClaimObs) -> tuple:
    return claim.published, claim.outlet, claim.article_id, claim.claim_id


def _window(fact: Fact, claim: ClaimObs) -> DateInterval | None:
    """The occurrence's days: the claim's event window, or a date fact's own value."""
    low, high = claim.event_low, claim.event_high
    if low is None and high is None and fact.kind == "date":
        low, high = claim.date_low, claim.date_high
    if low is None and high is None:
        return None
    return (low or high, high or low)  # type: ignore[return-value]


def _days(window: DateInterval | None) -> int:
    assert window is not None and window[0] is not None and window[1] is not None
    return (window[1] - window[0]).days


def _agrees(fact: Fact, claim: ClaimObs, cluster: _Cluster) -> bool:
    return any(overlaps(span_of(fact, m), span_of(fact, claim)) for m in cluster.members)


def _place_dated(fact: Fact, claim: ClaimObs, clusters: list[_Cluster]) -> None:
    window = _window(fact, claim)
    assert window is not None
    fits = [k for k in clusters if k.core is not None and overlaps(k.core, window)]
    if not fits:
        clusters.append(_Cluster(window, [claim]))
        return
    # Figures that agree first, then the nearest core, then the earliest (deterministic).
    best = min(
        fits,
        key=lambda k: (
            not _agrees(fact, claim, k),
            distance(k.core, window),  # type: ignore[arg-type]
            _core_key(k),
        ),
    )
    core = intersection(best.core, window)  # type: ignore[arg-type]
    clusters[clusters.index(best)] = _Cluster(core or best.core, [*best.members, claim])  # type: ignore[arg-type]


def _place_undated(fact: Fact, claim: ClaimObs, clusters: list[_Cluster]) -> None:
    def with_member(test) -> list[_Cluster]:
        return [k for k in clusters if any(test(m) for m in k.members) and _agrees(fact, claim, k)]

    fits = with_member(lambda m: m.article_id == claim.article_id) or with_member(
        lambda m: m.published == claim.published
    )
    if not fits:
        clusters.append(_Cluster(None, [claim]))
        return
    best = fits[0]
    clusters[clusters.index(best)] = _Cluster(best.core, [*best.members, claim])


def _core_key(cluster: _Cluster) -> tuple:
    if cluster.core is None:
        return (1,)
    return (0, low_key(cluster.core[0]))


# --- building rows -------------------------------------------------------------------------


def _occurrence(fact: Fact, family: str | None, cluster: _Cluster, day: date) -> Occurrence:
    members = cluster.members
    estimate = estimate_now(fact, members, day, recency=False)
    assert estimate is not None, "an occurrence has claims"
    outlets = tuple(sorted({c.outlet for c in estimate.support}))
    status = "conflict" if estimate.conflict else "consistent"
    if status == "consistent" and len(outlets) == 1:
        status = "single-source"
    numbers, days = _axes(fact, estimate.span)
    first = min(members, key=_order)
    core = cluster.core or (None, None)
    return Occurrence(
        event_id=content_id("event", fact.key, first.claim_id),
        fact_key=fact.key,
        family=family,
        event_date_low=core[0],
        event_date_high=core[1],
        low=numbers[0],
        high=numbers[1],
        date_low=days[0],
        date_high=days[1],
        status=status,
        n_outlets=len({c.outlet for c in members}),
        n_claims=len(members),
        outlets=tuple(sorted({c.outlet for c in members})),
        claim_ids=tuple(sorted(c.claim_id for c in members)),
        figures=_figures(members),
        first_reported=min(c.published for c in members),
        last_reported=max(c.published for c in members),
    )


def _figures(members: list[ClaimObs]) -> tuple[Figure, ...]:
    """Per outlet its newest claim about the occurrence (narrowest first on a tie)."""
    newest: dict[str, ClaimObs] = {}
    for claim in sorted(members, key=_order):
        seen = newest.get(claim.outlet)
        if seen is None or claim.published > seen.published:
            newest[claim.outlet] = claim
    return tuple(_figure(newest[outlet]) for outlet in sorted(newest))


def _figure(c: ClaimObs) -> Figure:
    return Figure(
        c.outlet, c.published, c.qualifier, c.low, c.high, c.date_low, c.date_high, c.claim_id,
        c.url,
    )  # fmt: skip


def _axes(fact: Fact, span) -> tuple[tuple, tuple]:
    if fact.kind == "date":
        return (None, None), span
    return span, (None, None)


def _check(
    fact: Fact,
    family: str,
    clusters: list[_Cluster],
    total_rows: list[TimelineRow],
    day: date,
) -> TallyCheck:
    lows: list[float] = []
    highs: list[float | None] = []
    for cluster in clusters:
        estimate = estimate_now(fact, cluster.members, day, recency=False)
        if estimate is None:
            continue  # not reported yet on that day
        if fact.kind == "date":
            lows.append(1.0)
            highs.append(1.0)
        else:
            low, high = estimate.span
            lows.append(float(low) if low is not None else 0.0)  # counts are never negative
            highs.append(None if high is None else float(high))  # type: ignore[arg-type]
    events_low = sum(lows)
    events_high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
    row = next((r for r in reversed(total_rows) if r.as_of <= day), None)
    total = (row.low, row.high) if row is not None else (None, None)
    if row is None or total == (None, None):
        status, difference = "no_total", None
    else:
        difference = None if total[0] is None else total[0] - events_low
        if overlaps(total, (events_low, events_high)):
            status = "agree"
        elif total[1] is not None and total[1] < events_low:
            status = "total_below"
        else:
            status = "total_above"
    return TallyCheck(
        tally_key=family,
        event_fact=fact.key,
        as_of=day,
        n_events=len(lows),
        events_low=events_low,
        events_high=events_high,
        total_low=total[0],
        total_high=total[1],
        difference=difference,
        status=status,
    )
