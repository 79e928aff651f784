"""The HTML report: one self-contained page a person can open offline and read.

Per key fact, a timeline chart (plotly): the estimate over days as a band (or a line when
it is one value, or its bounded end when it is open), one mark per outlet's claim
coloured by outlet with the sentence on hover, and the days a conflict or a correction
began marked. Then the change log, and the articles with the quoted sentences.

plotly's JavaScript is inlined once (no CDN), so the file works without a network; every
chart is a ``<div class="fact-chart" id="chart-<fact key>">``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

#: The data the page shows, as rows of the public views.


@dataclass
class FactData:
    """One key fact: its catalog entry, its timeline and every claim about it."""

    fact_key: str
    label: str
    kind: str
    unit: str
    timeline: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)


def render_page(
    title: str, facts: Sequence[FactData], changes: Sequence[Mapping], generated: datetime
) -> str:
    """The whole HTML page as text."""
    from plotly.offline import get_plotlyjs

    charts = "\n".join(_fact_section(f) for f in facts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>{_CSS}</style>
<script>{get_plotlyjs()}</script>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p class="meta">Generated {generated:%Y-%m-%d %H:%M} by factdrift: {len(facts)} key facts,
{len(changes)} recorded changes. Works offline.</p>
<nav><ul>{
        "".join(
            f'<li><a href="#fact-{_id(f.fact_key)}">{html.escape(f.label)}</a></li>' for f in facts
        )
    }</ul></nav>
{charts}
<h2 id="changes">Change log</h2>
{_changes_table(changes)}
</body>
</html>
"""


def _id(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in key)


def _fact_section(fact: FactData) -> str:
    return f"""<section class="fact" id="fact-{_id(fact.fact_key)}">
<h2>{html.escape(fact.label)} <code>{html.escape(fact.fact_key)}</code></h2>
{_chart(fact)}
{_claims_list(fact)}
</section>"""


def _chart(fact: FactData) -> str:
    import plotly.graph_objects as go
    import plotly.io as pio

    is_date = fact.kind == "date"
    fig = go.Figure()
    for trace in _estimate_traces(fact.timeline, is_date):
        fig.add_trace(trace)
    for trace in _claim_traces(fact.claims, is_date):
        fig.add_trace(trace)
    for trace in _event_traces(fact.timeline, is_date):
        fig.add_trace(trace)
    fig.update_layout(
        height=420,
        margin={"l": 70, "r": 20, "t": 30, "b": 40},
        legend={"orientation": "h", "y": -0.12},
        yaxis_title=None if is_date else fact.unit,
        template="plotly_white",
    )
    fig.update_xaxes(type="date", tickformat="%d %b %Y")
    if is_date:  # the value itself is a day: show days, never hours
        fig.update_yaxes(type="date", tickformat="%d %b %Y")
    div = pio.to_html(
        fig,
        include_plotlyjs=False,
        full_html=False,
        div_id=f"chart-{_id(fact.fact_key)}",
        config={"displaylogo": False, "responsive": True},
    )
    return f'<div class="fact-chart-box">{div}</div>'


def _step_days(timeline: Sequence[Mapping]) -> list[date]:
    """x of a step chart: each state from its day until the next one (the last, one day)."""
    days = [row["as_of"] for row in timeline]
    return [*days, days[-1] + timedelta(days=1)] if days else []


def _estimate_traces(timeline: Sequence[Mapping], is_date: bool) -> list:
    import plotly.graph_objects as go

    if not timeline:
        return []
    lo_key, hi_key = ("date_low", "date_high") if is_date else ("low", "high")
    xs = _step_days(timeline)
    lows = [row[lo_key] for row in timeline]
    highs = [row[hi_key] for row in timeline]
    lows.append(lows[-1])
    highs.append(highs[-1])
    traces = []
    if any(v is not None for v in highs):
        traces.append(
            go.Scatter(
                x=xs, y=highs, mode="lines", line={"shape": "hv", "width": 1, "color": "#555"},
                name="estimate (high)", legendgroup="estimate", showlegend=False,
                connectgaps=False, hoverinfo="skip",
            )
        )  # fmt: skip
    traces.append(
        go.Scatter(
            x=xs, y=lows, mode="lines", line={"shape": "hv", "width": 2, "color": "#222"},
            fill="tonexty" if traces else None, fillcolor="rgba(80,80,80,0.15)",
            name="estimate", legendgroup="estimate",
            hovertemplate="estimate from %{x}<extra></extra>",
        )
    )  # fmt: skip
    return traces


def _claim_y(claim: Mapping, is_date: bool):
    """Where a claim is drawn: the figure as written, else its interval's bounded end."""
    if is_date:
        low, high = claim.get("date_low"), claim.get("date_high")
        if low and high:
            return low + (high - low) / 2
        return low or high
    for key in ("value", "low", "high"):
        if claim.get(key) is not None:
            return claim[key]
    return None


def _claim_traces(claims: Sequence[Mapping], is_date: bool) -> list:
    import plotly.graph_objects as go

    by_outlet: dict[str, list[Mapping]] = {}
    for claim in claims:
        if _claim_y(claim, is_date) is not None and claim.get("published_at"):
            by_outlet.setdefault(claim["outlet"] or "unknown", []).append(claim)
    traces = []
    for outlet, rows in sorted(by_outlet.items()):
        traces.append(
            go.Scatter(
                x=[r["published_at"] for r in rows],
                y=[_claim_y(r, is_date) for r in rows],
                mode="markers",
                marker={"size": 10, "line": {"width": 1, "color": "white"}},
                name=outlet,
                text=[_hover(r) for r in rows],
                hovertemplate="%{text}<extra>" + html.escape(outlet) + "</extra>",
            )
        )
    return traces


def _hover(claim: Mapping) -> str:
    sentence = str(claim.get("sentence") or "")
    if len(sentence) > 160:
        sentence = sentence[:157] + "…"
    qualifier = (claim.get("qualifier") or "").replace("_", " ")
    return f"{html.escape(qualifier)}: {html.escape(sentence)}"


def _event_traces(timeline: Sequence[Mapping], is_date: bool) -> list:
    """Markers on the estimate where a conflict opened or a correction was flagged."""
    import plotly.graph_objects as go

    key = "date_low" if is_date else "low"
    traces = []
    previous = None
    conflicts, corrections = [], []
    for row in timeline:
        if row["status"] == "conflict" and (previous is None or previous != "conflict"):
            conflicts.append(row)
        if row.get("correction"):
            corrections.append(row)
        previous = row["status"]
    for rows, name, symbol, colour in (
        (conflicts, "conflict", "x", "#c0392b"),
        (corrections, "correction", "triangle-down", "#8e44ad"),
    ):
        rows = [r for r in rows if r[key] is not None]
        if rows:
            traces.append(
                go.Scatter(
                    x=[r["as_of"] for r in rows], y=[r[key] for r in rows], mode="markers",
                    marker={"symbol": symbol, "size": 14, "color": colour}, name=name,
                    hovertemplate=name + " from %{x}<extra></extra>",
                )
            )  # fmt: skip
    return traces


def _claims_list(fact: FactData) -> str:
    if not fact.claims:
        return "<p>No claims.</p>"
    items = []
    for claim in fact.claims:
        url = str(claim.get("url") or "")
        link = (
            f'<a href="{html.escape(url)}">{html.escape(claim.get("outlet") or url)}</a>'
            if url
            else html.escape(claim.get("outlet") or "")
        )
        day = claim.get("published_at")
        items.append(
            f"<li><span class='day'>{day.isoformat() if day else ''}</span> {link}: "
            f"<q>{html.escape(str(claim.get('sentence') or ''))}</q></li>"
        )
    return (
        f"<details><summary>{len(items)} claims, with the articles</summary>"
        f"<ul class='claims'>{''.join(items)}</ul></details>"
    )


def _changes_table(changes: Sequence[Mapping]) -> str:
    if not changes:
        return "<p>No changes recorded yet.</p>"
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(str(c['detected_at'])[:16])}</td>"
        f"<td><code>{html.escape(c['fact_key'])}</code></td>"
        f"<td>{html.escape(c['kind'].replace('_', ' '))}</td>"
        f"<td>{'!' if c.get('alert') else ''}</td>"
        f"<td>{html.escape(c['summary'])}</td>"
        "</tr>"
        for c in changes
    )
    return (
        "<table class='changes'><thead><tr><th>detected</th><th>fact</th><th>change</th>"
        f"<th>alert</th><th>summary</th></tr></thead><tbody>{rows}</tbody></table>"
    )


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
h1 { margin-bottom: 0.2em; } .meta { color: #666; }
nav ul { columns: 2; } section.fact { margin: 2.5em 0; border-top: 1px solid #ddd; }
code { color: #666; font-size: 0.8em; } .day { color: #666; font-variant-numeric: tabular-nums; }
ul.claims li { margin: 0.4em 0; } q { font-style: italic; }
table.changes { border-collapse: collapse; width: 100%; font-size: 0.9em; }
table.changes td, table.changes th {
  border-bottom: 1px solid #eee; padding: 4px; text-align: left; }
"""
