"""Claim changes between two versions of one article.

When an outlet edits a page ("at least 83" becomes "at least 87"), the new version's claims
are compared with the previous version's: which figures appeared, which vanished, and which
changed value. Claims are grouped by what they are about (catalog fact, or subject for
generic figures, plus kind and unit); within a group, claims stating the same value in both
versions are unchanged and dropped, and the rest are paired in reading order as changed,
leftovers being appeared or vanished. Repeats within an article are claims too, so a figure
restated three times and edited once shows as one change.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class ClaimValue:
    """The comparable part of one stored or new claim."""

    claim_id: str
    fact_key: str | None
    subject: str | None
    kind: str
    unit: str | None
    qualifier: str
    low: float | None
    high: float | None
    date_low: date | None
    date_high: date | None
    sentence: str

    @property
    def topic(self) -> tuple:
        """What the claim is about: its fact (or subject), kind and unit."""
        return (self.fact_key or f"subject:{(self.subject or '').lower()}", self.kind, self.unit)

    @property
    def value(self) -> tuple:
        """What the claim says, for equality across versions."""
        return (self.qualifier, self.low, self.high, self.date_low, self.date_high)


@dataclass(frozen=True, slots=True)
class ClaimChange:
    """One difference between two versions: ``appeared``, ``vanished`` or ``changed``."""

    change: str
    old: ClaimValue | None
    new: ClaimValue | None

    @property
    def about(self) -> ClaimValue:
        """The claim that says what this change is about (new if any, else old)."""
        return self.new or self.old  # type: ignore[return-value]


def diff_claims(old: Sequence[ClaimValue], new: Sequence[ClaimValue]) -> list[ClaimChange]:
    """Changes from ``old`` to ``new`` claims (each in reading order)."""
    old_by, new_by = _group(old), _group(new)
    changes: list[ClaimChange] = []
    for topic in list(dict.fromkeys([*old_by, *new_by])):
        gone, came = _without_common(old_by.get(topic, []), new_by.get(topic, []))
        for before, after in zip(gone, came, strict=False):
            changes.append(ClaimChange("changed", before, after))
        changes += [ClaimChange("vanished", c, None) for c in gone[len(came) :]]
        changes += [ClaimChange("appeared", None, c) for c in came[len(gone) :]]
    return changes


def _group(claims: Sequence[ClaimValue]) -> dict[tuple, list[ClaimValue]]:
    grouped: dict[tuple, list[ClaimValue]] = defaultdict(list)
    for claim in claims:
        grouped[claim.topic].append(claim)
    return grouped


def _without_common(
    old: list[ClaimValue], new: list[ClaimValue]
) -> tuple[list[ClaimValue], list[ClaimValue]]:
    """Drop values stated in both versions (as a multiset), keeping reading order."""
    common = Counter(c.value for c in old) & Counter(c.value for c in new)
    return _remove(old, Counter(common)), _remove(new, Counter(common))


def _remove(claims: list[ClaimValue], common: Counter) -> list[ClaimValue]:
    kept = []
    for claim in claims:
        if common[claim.value] > 0:
            common[claim.value] -= 1
        else:
            kept.append(claim)
    return kept
