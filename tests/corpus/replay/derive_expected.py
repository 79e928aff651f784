"""Derive the day-by-day expected state of a replay corpus from its gold claims.

This is the reference oracle behind ``venezuela_weeks/EXPECTED.md`` and
``venezuela_weeks/expected.json``: it applies the reconciliation rules written at the top
of EXPECTED.md to ``gold.jsonl`` (the claims a perfect extractor would produce), so the
tables are derivable from the articles. Run:

    python tests/corpus/replay/derive_expected.py tests/corpus/replay/venezuela_weeks
"""

from __future__ import annotations

import json
import sys
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from factdrift.pipelines.intervals import date_interval, number_interval
from factdrift.pipelines.story import load_story

INF = None  # unbounded side of an interval


@dataclass(frozen=True)
class Claim:
    doc: str
    outlet: str
    day: date
    fact: str
    low: object
    high: object
    text: str  # the value as stated, e.g. "at_least 14"


def _interval(item: dict, kind: str):
    q = item["qualifier"]
    if kind == "date":
        hi = date.fromisoformat(item["value_high"]) if "value_high" in item else None
        return date_interval(q, date.fromisoformat(item["value"]), hi)
    low, high = number_interval(q, float(item["value"]), kind, item.get("value_high"))
    conv = (lambda x: None if x is None else int(x)) if kind == "count" else (lambda x: x)
    return conv(low), conv(high)


def _stated(item: dict) -> str:
    v = item["value"]
    if item["qualifier"] == "range":
        return f"range {v}..{item['value_high']}"
    return v if item["qualifier"] == "exact" else f"{item['qualifier']} {v}"


def load_claims(folder: Path):
    story = load_story(folder / "story.toml")
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))["articles"]
    claims = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        fact = story.fact(item["fact"])
        low, high = _interval(item, fact.kind)
        entry = manifest[item["doc"]]
        claims.append(
            Claim(
                item["doc"], entry["outlet"], entry["published"], fact.key, low, high, _stated(item)
            )
        )
    return story, claims


def _le(a, b) -> bool:
    return a <= b


def _disjoint(a: Claim, b: Claim) -> bool:
    if a.low is not None and b.high is not None and a.low > b.high:
        return True
    return b.low is not None and a.high is not None and b.low > a.high


def _intersection(claims):
    lows = [c.low for c in claims if c.low is not None]
    highs = [c.high for c in claims if c.high is not None]
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    if low is not None and high is not None and low > high:
        return None
    return (low, high)


def _envelope(claims):
    low = None if any(c.low is None for c in claims) else min(c.low for c in claims)
    high = None if any(c.high is None for c in claims) else max(c.high for c in claims)
    return (low, high)


def _contains(outer, inner) -> bool:
    lo_ok = outer[0] is None or (inner[0] is not None and inner[0] >= outer[0])
    hi_ok = outer[1] is None or (inner[1] is not None and inner[1] <= outer[1])
    return lo_ok and hi_ok


def current_claims(claims, fact: str, day: date, cumulative: bool):
    """Per outlet its latest statement of ``fact``; for tallies, drop superseded ones."""
    latest: dict[str, list[Claim]] = {}
    for c in sorted((c for c in claims if c.fact == fact and c.day <= day), key=lambda c: c.day):
        if c.outlet not in latest or latest[c.outlet][0].day < c.day:
            latest[c.outlet] = [c]
        elif latest[c.outlet][0].day == c.day and c not in latest[c.outlet]:
            latest[c.outlet].append(c)
    current = [c for group in latest.values() for c in group]
    superseded = []
    if cumulative:
        for c in current:
            if c.high is None:
                continue
            if any(o.day > c.day and o.low is not None and o.low > c.high for o in current):
                superseded.append(c)
    return [c for c in current if c not in superseded], superseded


def fact_state(claims, fact, day, cumulative):
    current, superseded = current_claims(claims, fact, day, cumulative)
    if not current:
        return None
    best = _intersection(current)
    outlets = sorted({c.outlet for c in current})
    if best is None:
        status = "conflict"
    elif len(outlets) == 1:
        status = "single-source"
    else:
        status = "consistent"
    shown = best if best is not None else _envelope(current)
    return {
        "estimate": shown,
        "best": best,
        "envelope": _envelope(current),
        "status": status,
        "outlets": outlets,
        "claims": sorted(current, key=lambda c: (c.outlet, c.day)),
        "superseded": superseded,
    }


def changes(prev, new, claims, fact, day, cumulative):
    out = []
    if new is None:
        return out
    if prev is None:
        return ["new_fact"]
    if prev["status"] != "conflict" and new["status"] == "conflict":
        out.append("conflict_opened")
    if prev["status"] == "conflict" and new["status"] != "conflict":
        out.append("conflict_resolved")
    old_r, new_r = prev["estimate"], new["estimate"]
    if old_r != new_r:
        if _contains(old_r, new_r):
            out.append("range_narrowed")
        elif _contains(new_r, old_r):
            out.append("range_widened")
        else:
            out.append("value_changed")
    if cumulative:
        for c in (c for c in claims if c.fact == fact and c.day == day):
            before = [p for p in claims if p.fact == fact and p.outlet == c.outlet and p.day < day]
            if before:
                last_day = max(p.day for p in before)
                last = [p for p in before if p.day == last_day]
                if c.high is not None and all(p.low is not None and c.high < p.low for p in last):
                    out.append("correction")
                    break
    return out


def fmt(v) -> str:
    if v is None:
        return "∞"
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return f"{int(v):,}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def fmt_interval(iv) -> str:
    if iv is None:
        return "∅"
    low, high = iv
    if low is not None and low == high:
        return fmt(low)
    lo = "-∞" if low is None else fmt(low)
    return f"[{lo}, {fmt(high)}]"


def derive(folder: Path):
    story, claims = load_claims(folder)
    days = sorted({c.day for c in claims})
    facts = [f for f in story.facts if any(c.fact == f.key for c in claims)]
    prev: dict[str, dict | None] = {f.key: None for f in facts}
    timeline = []
    for day in days:
        rows = []
        for f in facts:
            new = fact_state(claims, f.key, day, f.cumulative)
            if new is None:
                continue
            ch = changes(prev[f.key], new, claims, f.key, day, f.cumulative)
            stated_today = [c for c in claims if c.fact == f.key and c.day == day]
            rows.append((f, new, ch, stated_today))
            prev[f.key] = new
        docs = sorted({c.doc for c in claims if c.day == day})
        timeline.append((day, docs, rows))
    return story, timeline


def to_json(timeline) -> list[dict]:
    out = []
    for day, docs, rows in timeline:
        facts = {}
        for f, st, ch, _ in rows:
            facts[f.key] = {
                "estimate": [_j(st["estimate"][0]), _j(st["estimate"][1])],
                "best": None if st["best"] is None else [_j(st["best"][0]), _j(st["best"][1])],
                "envelope": [_j(st["envelope"][0]), _j(st["envelope"][1])],
                "status": st["status"],
                "outlets": st["outlets"],
                "changes": ch,
            }
        out.append({"day": day.isoformat(), "docs": docs, "facts": facts})
    return out


def _j(v):
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def changes_markdown(timeline) -> str:
    lines = [
        "| day | fact | changes | estimate after the day | status | outlets |",
        "|---|---|---|---|---|---|",
    ]
    for day, _docs, rows in timeline:
        for f, st, ch, _ in rows:
            if ch:
                est = fmt_interval(st["estimate"])
                if st["status"] == "conflict":
                    est = f"envelope {est}"
                n = len(st["outlets"])
                cells = [day.isoformat(), f.key, ", ".join(ch), est, st["status"], str(n)]
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def to_markdown(timeline) -> str:
    lines = []
    for day, docs, rows in timeline:
        lines.append(f"### {day.isoformat()} ({day.strftime('%a')}) — {', '.join(docs)}")
        lines.append("")
        lines.append("| fact | estimate | status | outlets behind current claims | changes today |")
        lines.append("|---|---|---|---|---|")
        for f, st, ch, _ in rows:
            per_outlet = "; ".join(f"{c.outlet}: {c.text} ({c.day:%m-%d})" for c in st["claims"])
            est = fmt_interval(st["estimate"])
            if st["status"] == "conflict":
                est = f"envelope {est} (no common value)"
            changed = ", ".join(ch) if ch else "—"
            n = len(st["outlets"])
            lines.append(f"| {f.key} | {est} | {st['status']} | {n}: {per_outlet} | {changed} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    _, tl = derive(folder)
    if "--changes" in sys.argv:
        print(changes_markdown(tl))
    else:
        print(to_markdown(tl))
    (folder / "expected.json").write_text(
        json.dumps(to_json(tl), indent=1, ensure_ascii=False) + "\n"
    )
