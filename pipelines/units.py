"""The units the extractor reads from text, by kind of fact (shared by the story file's
validation and the claim extractor; tests/test_units.py checks both say the same)."""

from __future__ import annotations

#: Scales written before (or after) the number: "magnitude 7.8", "Category 4".
SCALE_UNITS: tuple[str, ...] = (
    "magnitude", "category", "level", "force", "grade", "stage", "phase", "tier",
)  # fmt: skip

DURATION: frozenset[str] = frozenset(
    ["seconds", "minutes", "hours", "days", "weeks", "fortnights", "months", "years",
     "decades", "centuries"]
)  # fmt: skip
MEASURES: frozenset[str] = frozenset(
    ["tons", "tonnes", "metric tons", "kg", "grams", "pounds", "ounces", "km", "miles",
     "nautical miles", "square miles", "square km", "meters", "feet", "inches", "cm", "mm",
     "barrels", "gallons", "liters", "acres", "hectares", "mph", "km/h", "knots", "degrees",
     "MW"]
)  # fmt: skip
CURRENCIES: frozenset[str] = frozenset(["usd", "eur", "gbp", "aud", "cad", "ves", "mxn"])

#: kind → the units a fact of that kind may name (None: any, a count names what it counts).
KNOWN_UNITS: dict[str, frozenset[str] | None] = {
    "count": None,
    "date": frozenset(["date"]),
    "percent": frozenset(["percent"]),
    "money": CURRENCIES,
    "duration": DURATION,
    "quantity": MEASURES | frozenset(SCALE_UNITS),
}


def unit_problem(kind: str, unit: str) -> str | None:
    """Why a fact of ``kind`` cannot name ``unit`` (None when it can)."""
    known = KNOWN_UNITS.get(kind)
    if known is None:
        return None
    lowered = {u.lower() for u in known}
    wanted = unit.strip().lower()
    if wanted in lowered or wanted + "s" in lowered or wanted.rstrip("s") in lowered:
        return None
    return (
        f"{unit!r} is not a unit factdrift reads for kind {kind!r}; "
        f"known: {', '.join(sorted(known, key=str.lower))}"
    )
