"""Printing rows in the terminal: a table for people, CSV / JSON lines / Markdown for tools.

``--format`` defaults to a table when standard output is a terminal and to JSON lines when
it is piped, so ``factdrift facts`` reads well on screen and ``factdrift facts | jq`` works.
Nested values (lists, JSON messages) stay structured in JSON and are compacted to one line
in the other formats.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Format(StrEnum):
    """Output formats of the reading commands."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


def default_format() -> Format:
    """A table on a terminal, JSON lines when piped or redirected."""
    return Format.table if sys.stdout.isatty() else Format.json


def render(rows: Sequence[Mapping[str, Any]], fmt: Format | None, title: str | None = None) -> str:
    """All rows in one format, as text to print (without a trailing newline)."""
    fmt = fmt or default_format()
    if fmt is Format.json:
        return "\n".join(json.dumps(r, default=_jsonable, ensure_ascii=False) for r in rows)
    if fmt is Format.csv:
        return _csv(rows)
    if fmt is Format.markdown:
        return _markdown(rows)
    return _table(rows, title)


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    return list(rows[0].keys()) if rows else []


def cell(value: Any) -> str:
    """One value as a single line of text."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, default=_jsonable, ensure_ascii=False)
    return " ".join(str(value).split())


def _csv(rows: Sequence[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = _columns(rows)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row[c]) for c in columns])
    return out.getvalue().rstrip("\n")


def _markdown(rows: Sequence[Mapping[str, Any]]) -> str:
    columns = _columns(rows)
    if not columns:
        return "(no rows)"
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(cell(row[c]).replace("|", "\\|") for c in columns) + " |")
    return "\n".join(lines)


def _table(rows: Sequence[Mapping[str, Any]], title: str | None) -> str:
    from rich.console import Console
    from rich.table import Table

    if not rows:
        return "(no rows)"
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in _columns(rows):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell(v) for v in row.values()))
    console = Console(
        file=io.StringIO(), width=max(_terminal_width(), 80), force_terminal=sys.stdout.isatty()
    )
    console.print(table)
    return console.file.getvalue().rstrip("\n")


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((160, 24)).columns


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
