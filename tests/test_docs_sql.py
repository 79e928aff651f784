"""Every SQL example in docs/sql.md runs against a database built by a real flow run."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "sql.md"
EXAMPLES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
# Examples that must return rows on the seed articles (the others may legitimately be empty).
MUST_RETURN_ROWS = (
    "FROM current_facts\nORDER BY",
    "fact_key = 'boat_strike_deaths' AND repeat_of",
    "fact_key = 'trump_maduro_call_date'",
    "as_of <= DATE '2025-12-02'",
    "low >= 80",
)


def test_the_doc_has_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.flow
@pytest.mark.parametrize("sql", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_example_runs(seeded_db: Path, sql: str) -> None:
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    if any(marker in sql for marker in MUST_RETURN_ROWS):
        assert rows, f"expected rows from:\n{sql}"


@pytest.mark.flow
def test_call_date_candidates_show_the_disagreement(seeded_db: Path) -> None:
    sql = next(s for s in EXAMPLES if "trump_maduro_call_date" in s)
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    # Four seeds date the call four different ways: several competing values remain.
    assert len(rows) >= 3
