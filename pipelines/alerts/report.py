"""Report: the short, readable run summary printed after each run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

_WORDING = {
    "exact": "",
    "about": "about ",
    "at_least": "at least ",
    "more_than": "more than ",
    "nearly": "nearly ",
    "up_to": "up to ",
    "less_than": "fewer than ",
}


def describe_value(row: Mapping) -> tuple[str, str]:
    """``(value text, qualifier)`` of a fact state, e.g. ``("at least 83", "at_least")``.

    When the claims behind the state agree on wording (``qualifier``, ``stated_value``),
    the figure is shown as written; otherwise the interval is described.
    """
    if row.get("kind") == "date" or row.get("date_low") or row.get("date_high"):
        text, derived = _describe_interval(row.get("date_low"), row.get("date_high"), _day)
    else:
        stated, qualifier = row.get("stated_value"), row.get("qualifier")
        if stated is not None and qualifier in _WORDING:
            return f"{_WORDING[qualifier]}{_number(stated)}", qualifier
        text, derived = _describe_interval(row.get("low"), row.get("high"), _number)
    qualifier = row.get("qualifier")
    return text, qualifier if qualifier and qualifier != "mixed" else derived


def render_summary(
    run: Mapping,
    facts: Sequence[Mapping],
    changes: Sequence[Mapping],
    errors: Sequence[str],
    deliveries: Sequence[Mapping] = (),
) -> str:
    """The run summary: counts, each key fact's current state, what changed, and per
    alert channel what was delivered, what failed and what is still waiting."""
    lines = [
        f"factdrift run {run['run_id']}: {run['n_sources']} articles, "
        f"{run['n_new_versions']} new versions, {run['n_new_claims']} new claims, "
        f"{run['n_changes']} changes, {run['n_alerts_sent']} alerts delivered, "
        f"{run.get('n_alerts_failed') or 0} failed, {run.get('n_alerts_pending') or 0} pending, "
        f"{run['n_errors']} inputs skipped",
        "",
        f"{'fact':<30} {'value':<26} {'qualifier':<10} {'outlets':>7}  status",
    ]
    for fact in facts:
        value, qualifier = describe_value(fact)
        flags = " (hedged only)" if fact.get("hedged_only") else ""
        flags += " (correction)" if fact.get("correction") else ""
        lines.append(
            f"{fact['fact_key']:<30} {value:<26} {qualifier:<10} {fact['n_outlets']:>7}  "
            f"{fact['status']}{flags}"
        )
    if not facts:
        lines.append("(no key facts found yet)")
    lines += ["", "changes since the last run:" if changes else "no changes since the last run"]
    lines += [f"  {'!' if c.get('alert') else '·'} {c['summary']}" for c in changes]
    if deliveries:
        lines += ["", "alert deliveries:"]
        lines += [
            f"  {d['channel']}: {d['delivered']} delivered, {d['failed']} failed, "
            f"{d['pending']} pending"
            for d in deliveries
        ]
    if errors:
        lines += ["", "inputs skipped:"] + [f"  - {e}" for e in errors]
    return "\n".join(lines)


def delivery_problem(deliveries: Sequence[Mapping]) -> str | None:
    """One line when a run delivered nothing that it tried to deliver, else None."""
    delivered = sum(d["delivered"] for d in deliveries)
    failed = sum(d["failed"] for d in deliveries)
    if failed and not delivered:
        channels = ", ".join(d["channel"] for d in deliveries if d["failed"])
        return (
            f"no alert could be delivered: {failed} attempts failed ({channels}); "
            "they are retried by later runs, see the alerts view for why"
        )
    return None


def _describe_interval(low, high, fmt) -> tuple[str, str]:
    if low is None and high is None:
        return "unknown", "-"
    if low is not None and high is not None and low == high:
        return fmt(low), "exact"
    if high is None:
        return f"≥ {fmt(low)}", "at_least"
    if low is None or low == 0:
        return f"≤ {fmt(high)}", "up_to"
    return f"{fmt(low)} … {fmt(high)}", "range"


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _day(d: date) -> str:
    return d.isoformat()
