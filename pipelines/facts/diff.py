"""Change detection: what moved between two runs' snapshots of the current facts.

A run turns its current state into a :func:`snapshot` (plain JSON: ISO dates, floats,
sorted lists), stores it, and compares it with the previous run's snapshot.
:func:`diff_snapshots` lets ``deepdiff.DeepDiff`` find which facts and which fields moved,
then classifies each fact into neutral :class:`Change` records; alert channels render
those records later (see ``docs/reconcile.md``).

What counts as a change (a fact yields at most one value change and one status change):

==================  ======================================================================
kind                when
==================  ======================================================================
new_fact            the fact is absent from the previous snapshot
fact_dropped        the fact is absent from the current one (never alerted: it means our
                    claims vanished — a story or extractor change — not news)
correction          running total whose estimate moved down (low end fell, high end did
                    not rise): "87" → "83", "at least 87" → "at least 83"
value_changed       the estimate moved: disjoint intervals, a shift that overlaps, or the
                    figure of an "at least" estimate changed ("at least 83" → "at least
                    87" is the tally rising, not a narrower range)
range_narrowed      the new estimate lies inside the old one ("80–90" → "83–87")
range_widened       the new estimate holds the old one ("83" → "80–90")
conflict_opened     the status became ``conflict``
conflict_resolved   the status stopped being ``conflict``
==================  ======================================================================

Not a change: a fact whose estimate interval and status are unchanged, whatever else moved
— another outlet re-stating the same figure, a single-source figure confirmed by a second
outlet (``single-source`` ↔ ``consistent``), a hedged figure confirmed firmly, or stale
readings widening the envelope. Those are visible in the fact timeline; they never reach
the change log, so they cannot alert.

``alert`` is False when the fact's alerts are disabled, for ``fact_dropped``, and for value
changes (``value_changed``, ``range_*``, ``correction``) smaller than the fact's threshold.
The size of a value change is the Hausdorff distance between the two intervals (how far
the farther end moved; days for dates; infinite when an end goes between bounded and
unbounded). A ``percent`` threshold divides that by the old value (the midpoint of a
bounded estimate, else its bounded end); on a date fact, where a percentage has no
meaning, the threshold is read as days. A change alerts when its size is at least the
threshold, so the default threshold 0 alerts on every change.

The size is measured from the fact's *last alerted* state when the caller passes it
(``alerted``), else from the previous snapshot. Measuring from the previous snapshot
alone lets a figure creep past any threshold unseen (3 % a run under a 5 % threshold);
measured from what readers were last told, the creep alerts once it adds up, and a
figure wobbling around the alerted value stays quiet. Such a change carries that state as
``baseline`` so messages can say "since the last alert".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from deepdiff import DeepDiff
from factdrift.pipelines.facts.reconcile import Span, TimelineRow
from factdrift.pipelines.intervals import contains, distance, moved_down, overlaps
from factdrift.pipelines.model import content_id
from factdrift.pipelines.story import AlertRule, Fact, Story

#: Change kinds, in the order changes of one fact are listed.
CHANGE_KINDS: tuple[str, ...] = (
    "new_fact",
    "correction",
    "value_changed",
    "range_narrowed",
    "range_widened",
    "conflict_opened",
    "conflict_resolved",
    "fact_dropped",
    "article_edited",  # a watched page rewrote a figure (pipelines.facts.edits)
)
VALUE_KINDS = frozenset({"correction", "value_changed", "range_narrowed", "range_widened"})
#: Snapshot fields whose movement is a change; every other field is bookkeeping.
ESTIMATE_FIELDS = ("low", "high", "date_low", "date_high")


@dataclass(frozen=True, slots=True)
class Change:
    """A neutral record of one change to one fact between two snapshots."""

    fact_key: str
    kind: str
    old: dict | None
    new: dict | None
    alert: bool
    summary: str
    #: The fact's state at its last alert, when the alert decision was measured from it
    #: and it differs from ``old`` (not part of the identity: a rendering aid).
    baseline: dict | None = None

    def identity(self) -> str:
        """Content hash of (fact_key, kind, old, new): the same change has the same id."""
        return content_id("change", self.fact_key, self.kind, self.old, self.new)


def snapshot(current: dict[str, TimelineRow]) -> dict[str, dict]:
    """Return the JSON-able state of every current fact, keyed and ordered by fact key.

    Dates become ISO strings, bounds floats (``None`` stays unbounded), tuples sorted
    lists, so a snapshot survives a JSON round trip unchanged and compares stably.
    """
    return {key: _row_snapshot(current[key]) for key in sorted(current)}


def diff_snapshots(
    previous: dict[str, dict],
    current: dict[str, dict],
    story: Story,
    alerted: dict[str, dict] | None = None,
) -> list[Change]:
    """Return the changes from ``previous`` to ``current``, sorted by fact key and kind.

    DeepDiff finds which facts and fields moved; each moved fact is then classified (see
    the module docstring). Identical snapshots give no changes. ``alerted`` maps a fact
    key to its state at its last alert; thresholds are measured from there.
    """
    moved = _moved_fields(previous, current)
    alerted = alerted or {}
    changes: list[Change] = []
    for key in sorted(moved):
        fact = _catalog_fact(story, key)
        old, new = previous.get(key), current.get(key)
        changes.extend(_classify(key, old, new, moved[key], fact, alerted.get(key)))
    order = {kind: i for i, kind in enumerate(CHANGE_KINDS)}
    return sorted(changes, key=lambda c: (c.fact_key, order[c.kind]))


# --- snapshots ---------------------------------------------------------------------------


def _row_snapshot(row: TimelineRow) -> dict[str, Any]:
    return {
        "as_of": row.as_of.isoformat(),
        "low": _number(row.low),
        "high": _number(row.high),
        "date_low": _iso(row.date_low),
        "date_high": _iso(row.date_high),
        "env_low": _number(row.env_low),
        "env_high": _number(row.env_high),
        "env_date_low": _iso(row.env_date_low),
        "env_date_high": _iso(row.env_date_high),
        "status": row.status,
        "n_claims": row.n_claims,
        "n_outlets": row.n_outlets,
        "hedged_only": row.hedged_only,
        "correction": row.correction,
        "claim_ids": sorted(row.claim_ids),
        "outlets": sorted(row.outlets),
    }


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


# --- finding what moved ---------------------------------------------------------------------


def _moved_fields(previous: dict[str, dict], current: dict[str, dict]) -> dict[str, set[str]]:
    """Fact key → names of the snapshot fields DeepDiff reports as moved.

    An added or removed fact maps to ``{"*"}``. ``threshold_to_diff_deeper=0`` keeps
    DeepDiff from reporting a much-changed fact as one replaced dict, so every moved field
    is named; numeric type changes (83 vs 83.0 after a round trip through storage) are
    not movements.
    """
    tree = DeepDiff(
        previous,
        current,
        view="tree",
        ignore_numeric_type_changes=True,
        threshold_to_diff_deeper=0,
    )
    moved: dict[str, set[str]] = {}
    for levels in tree.values():
        for level in levels:
            path = level.path(output_format="list")
            moved.setdefault(str(path[0]), set()).add(str(path[1]) if len(path) > 1 else "*")
    return moved


def _catalog_fact(story: Story, key: str) -> Fact | None:
    try:
        return story.fact(key)
    except KeyError:
        return None  # a fact removed from the story: only ever reported as dropped


# --- classifying -------------------------------------------------------------------------


def _classify(
    key: str,
    old: dict | None,
    new: dict | None,
    fields: set[str],
    fact: Fact | None,
    baseline: dict | None = None,
) -> list[Change]:
    if old is None or new is None:
        kind = "new_fact" if old is None else "fact_dropped"
        return [_change(key, kind, old, new, fact)]
    kinds = []
    if fields & {"*", *ESTIMATE_FIELDS}:
        kinds.append(_value_kind(old, new, fact))
    if fields & {"*", "status"}:
        kinds.append(_status_kind(old.get("status", ""), new.get("status", "")))
    return [_change(key, kind, old, new, fact, baseline) for kind in kinds if kind is not None]


def _value_kind(old: dict, new: dict, fact: Fact | None) -> str | None:
    """Classify how the estimate interval moved (``None`` when it did not)."""
    is_date = _is_date(fact, old, new)
    before, after = _estimate(old, is_date), _estimate(new, is_date)
    if before == after:
        return None
    if fact is not None and fact.effective_scope == "total" and moved_down(before, after):
        return "correction"
    if not overlaps(before, after):
        return "value_changed"
    if _floor_only(before) and _floor_only(after):
        return "value_changed"  # "at least 83" → "at least 87": the figure itself moved
    if contains(before, after):
        return "range_narrowed"
    if contains(after, before):
        return "range_widened"
    return "value_changed"


def _status_kind(old: str, new: str) -> str | None:
    if new == "conflict" and old != "conflict":
        return "conflict_opened"
    if old == "conflict" and new != "conflict":
        return "conflict_resolved"
    return None  # single-source ↔ consistent is a confirmation, not a change


def _floor_only(span: Span) -> bool:
    return span[0] is not None and span[1] is None


def _is_date(fact: Fact | None, *snaps: dict) -> bool:
    if fact is not None:
        return fact.kind == "date"
    return any(s.get("date_low") or s.get("date_high") for s in snaps)


def _estimate(snap: dict, is_date: bool) -> Span:
    if is_date:
        return _day(snap.get("date_low")), _day(snap.get("date_high"))
    return snap.get("low"), snap.get("high")


def _envelope(snap: dict, is_date: bool) -> Span:
    if is_date:
        return _day(snap.get("env_date_low")), _day(snap.get("env_date_high"))
    return snap.get("env_low"), snap.get("env_high")


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


# --- alerts ------------------------------------------------------------------------------


def _change(
    key: str,
    kind: str,
    old: dict | None,
    new: dict | None,
    fact: Fact | None,
    baseline: dict | None = None,
) -> Change:
    is_date = _is_date(fact, *(s for s in (old, new) if s is not None))
    rule = fact.alert if fact is not None else AlertRule()
    reference = old if baseline is None else baseline
    differs = reference is not old and _estimate(reference, is_date) != _estimate(old, is_date)
    return Change(
        fact_key=key,
        kind=kind,
        old=old,
        new=new,
        alert=_should_alert(kind, reference, new, rule, is_date),
        summary=_summary(key, kind, old, new, is_date),
        baseline=reference if kind in VALUE_KINDS and differs else None,
    )


def _should_alert(
    kind: str, reference: dict | None, new: dict | None, rule: AlertRule, is_date: bool
) -> bool:
    """Whether a change is worth an alert; value changes are measured from ``reference``."""
    if not rule.enabled or kind == "fact_dropped":
        return False
    if kind not in VALUE_KINDS or reference is None or new is None:
        return True
    before, after = _estimate(reference, is_date), _estimate(new, is_date)
    return change_size(before, after, rule, is_date) >= rule.threshold


def change_size(before: Span, after: Span, rule: AlertRule, is_date: bool = False) -> float:
    """How big a move from ``before`` to ``after`` is, in the unit of ``rule.threshold``.

    The Hausdorff distance between the intervals (days for dates), or for ``percent``
    rules that distance as a percentage of the old value. See the module docstring.
    """
    size = distance(before, after)
    if rule.threshold_type == "absolute" or is_date or size == 0:
        return size
    reference = _reference_value(before)
    if reference is None or reference == 0:
        return math.inf
    return 100.0 * size / abs(reference)


def _reference_value(span: Span) -> float | None:
    low, high = span
    if low is not None and high is not None:
        return (float(low) + float(high)) / 2  # type: ignore[arg-type]
    bound = low if low is not None else high
    return None if bound is None else float(bound)  # type: ignore[arg-type]


# --- summaries ---------------------------------------------------------------------------


def _summary(key: str, kind: str, old: dict | None, new: dict | None, is_date: bool) -> str:
    if new is None:
        was = describe(_estimate(old, is_date), is_date) if old else "unknown"
        return f"{key}: no longer reported (was {was})"
    now = describe(_estimate(new, is_date), is_date)
    backing = _backing(new, mention_conflict=kind not in ("conflict_opened", "conflict_resolved"))
    if old is None:
        return f"{key}: new, {now} ({backing})"
    if kind == "conflict_opened":
        spread = describe(_envelope(new, is_date), is_date)
        return f"{key}: conflict opened, claims span {spread}; best estimate {now} ({backing})"
    if kind == "conflict_resolved":
        return f"{key}: conflict resolved, {now} ({backing})"
    was = describe(_estimate(old, is_date), is_date)
    label = {
        "correction": "correction, ",
        "range_narrowed": "range narrowed, ",
        "range_widened": "range widened, ",
    }.get(kind, "")
    return f"{key}: {was} → {now} ({label}{backing})"


def _backing(snap: dict, mention_conflict: bool = True) -> str:
    n = snap.get("n_outlets", 0)
    text = f"{n} outlet" if n == 1 else f"{n} outlets"
    if mention_conflict and snap.get("status") == "conflict":
        text += ", in conflict"
    if snap.get("hedged_only"):
        text += ", hedged only"
    return text


def describe(span: Span, is_date: bool = False) -> str:
    """One plain phrase for an interval: "83", "at least 83", "up to 100", "80–90", …"""
    low, high = span
    fmt = _fmt_day if is_date else _fmt_number
    if low is None and high is None:
        return "unknown"
    if high is None:
        return f"on or after {fmt(low)}" if is_date else f"at least {fmt(low)}"
    if low is None:
        return f"on or before {fmt(high)}" if is_date else f"at most {fmt(high)}"
    if low == high:
        return fmt(low)
    if not is_date and low == 0:
        return f"up to {fmt(high)}"  # "up to 100" is stored as [0, 100]
    return f"{fmt(low)} to {fmt(high)}" if is_date else f"{fmt(low)}–{fmt(high)}"


def _fmt_number(value: Any) -> str:
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _fmt_day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
