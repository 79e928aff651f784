"""``factdrift report`` opened in real headless Chromium with the network off.

For a replayed corpus: the page is one file that names no outside resource; Chromium
(no network: see tests/browser.py) renders it; for every key fact the page holds a
plotly chart with its estimate line and one mark per claim; and a screenshot of each
chart's area shows a coloured plot (the outlets' marks), not an empty box.

Chromium is the Debian ``chromium`` package; ``make check`` installs it (the test installs
nothing and fails, rather than skips, without it).
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import duckdb
import pytest
from browser import Browser

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.flow


@pytest.fixture(scope="module")
def report(replayed_db: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    proc = subprocess.run(
        [sys.executable, "-m", "factdrift.flows.cli", "report", str(out), "--db", str(replayed_db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def _facts(db: Path) -> list[tuple[str, int]]:
    """Each current fact with its number of claims that have a value to draw."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT f.fact_key, count(c.claim_id) FROM current_facts f "
            "LEFT JOIN claims c ON c.fact_key = f.fact_key AND c.repeat_of IS NULL "
            "AND c.version_id IN (SELECT version_id FROM articles WHERE is_latest) "
            "GROUP BY f.fact_key ORDER BY f.fact_key"
        ).fetchall()
    finally:
        con.close()


def test_the_report_is_one_file_with_no_outside_resources(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "cdn.plot.ly" not in page.split("<body>", 1)[1]


#: Every chart's place on the page and what plotly drew in it.
CHARTS_JS = """
JSON.stringify([...document.querySelectorAll('.js-plotly-plot')].map(d => {
  const r = d.getBoundingClientRect();
  return {id: d.id, x: r.left + window.scrollX, y: r.top + window.scrollY,
          width: r.width, height: r.height,
          svg: d.querySelectorAll('svg.main-svg').length,
          lines: d.querySelectorAll('.scatterlayer .js-line').length,
          points: d.querySelectorAll('.scatterlayer .point').length};
}))
"""


def test_every_fact_chart_renders_in_chromium_offline(
    report: Path, replayed_db: Path, tmp_path: Path
) -> None:
    facts = _facts(replayed_db)
    assert len(facts) >= 3
    browser = Browser(tmp_path / "profile")
    try:
        browser.open(report.as_uri())
        charts = {c["id"]: c for c in json.loads(browser.evaluate(CHARTS_JS))}
        assert set(charts) == {f"chart-{fact}" for fact, _ in facts}
        for fact, n_claims in facts:
            chart = charts[f"chart-{fact}"]
            assert chart["svg"] >= 1, f"{fact}: no plot drawn"
            assert chart["lines"] >= 1, f"{fact}: no estimate line"
            assert chart["points"] >= n_claims, f"{fact}: marks missing"
            assert chart["width"] > 300 and chart["height"] > 300
            png = browser.screenshot(chart["x"], chart["y"], chart["width"], chart["height"])
            (tmp_path / f"{fact}.png").write_bytes(png)
            _, _, pixels = read_png(tmp_path / f"{fact}.png")
            coloured = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 60)
            # the outlets' marks and the legend are saturated colours; an empty chart
            # (white, grey axes and text) has almost none
            assert coloured > 200, f"{fact}: the screenshot shows no plotted marks"
    finally:
        browser.close()


def read_png(path: Path) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) to RGB pixels."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        previous = line
    pixels = [(row[x], row[x + 1], row[x + 2]) for row in rows for x in range(0, stride, channels)]
    return width, height, pixels
