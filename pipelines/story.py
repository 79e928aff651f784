"""The story file: what to watch and which facts matter, as data (TOML), not code.

A user tracking another story writes another story file; no code changes. Loading
validates every field and reports the first problems as ``field.path: what is wrong``.
The format is documented in ``docs/story.md``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from factdrift.pipelines.errors import ConfigError
from factdrift.pipelines.units import unit_problem
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
#: Languages a fact may list words in besides English (``cues_es``, ``subjects_pt``, …).
WORD_LANGUAGES = ("es", "pt", "fr")
_WORD_LISTS = ("cues", "subjects", "context", "exclude")
_TRANSLATED = re.compile(r"^(cues|subjects|context|exclude)_([a-z]{2})$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AlertRule(_Strict):
    """When a change to a fact is worth telling people about."""

    enabled: bool = True
    #: A change smaller than this is recorded in ``fact_changes`` but not alerted.
    threshold: float = Field(default=0.0, ge=0)
    #: ``absolute`` (same unit as the fact; days for dates) or ``percent`` of the old value.
    threshold_type: Literal["absolute", "percent"] = "absolute"


class Fact(_Strict):
    """One key fact of the story's catalog.

    ``cues`` tie a number or date in a sentence to this fact: each cue is a word or phrase
    that must appear near the figure (in the same clause). ``subjects`` are the nouns the
    figure counts ("people", "troops"); ``context`` words must appear somewhere in the
    sentence (any of them) and ``exclude`` words must not.
    """

    key: str
    label: str
    kind: Literal["count", "money", "date", "duration", "percent", "quantity"]
    unit: str
    cumulative: bool = False
    #: "total": a running tally over many occurrences (a death toll, the number of strikes);
    #: "event": a figure about one occurrence (the people killed in one strike), kept with
    #: the occurrence's date. Unset: "total" when ``cumulative``, else no constraint.
    scope: Literal["total", "event"] | None = None
    #: For an event fact: the key of the running total its occurrences add up to.
    tally: str | None = None
    #: A projection, not a count of what happened ("the toll could exceed 1,000", "losses
    #: are expected to reach $8 billion"): only figures stated as what something could,
    #: may or is expected to reach are tied to it, and such figures go nowhere else.
    estimate: bool = False
    #: Where the fact applies (place names of ``[[places]]`` or plain names). A figure is
    #: tied to it only when attached to that place; unset: the story's whole.
    where: list[str] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)
    subjects: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    alert: AlertRule = Field(default_factory=AlertRule)
    #: Words in other languages, by language then list: ``cues_es = [...]`` in the file
    #: becomes ``words["es"]["cues"]``. An article in that language is read with these
    #: words added to the English ones (see :meth:`in_language`).
    words: dict[str, dict[str, list[str]]] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _gather_translations(cls, data: object) -> object:
        # ``cues_es``, ``subjects_pt``, … are written flat in the file (easy to type next
        # to ``cues``); they are gathered into ``words`` by language.
        if not isinstance(data, dict):
            return data
        data = dict(data)
        words: dict[str, dict[str, list[str]]] = {}
        for name in [k for k in data if isinstance(k, str) and _TRANSLATED.match(k)]:
            field, lang = _TRANSLATED.match(name).groups()
            if lang not in WORD_LANGUAGES:
                raise ValueError(
                    f"{name}: language {lang!r} is not read; known: "
                    + ", ".join(f"{field}_{x}" for x in WORD_LANGUAGES)
                )
            value = data.pop(name)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{name}: must be a list of strings")
            words.setdefault(lang, {})[field] = value
        if words:
            data["words"] = words
        return data

    def in_language(self, lang: str, rewrite: Callable[[str], str] | None = None) -> Fact:
        """This fact with its ``lang`` words added to the English lists (itself if none).

        ``rewrite`` turns each word list entry into the form the reader matches (the
        extractor's English gloss of it: "primer ataque" → "first ataque")."""
        extra = self.words.get(lang)
        if not extra:
            return self
        rewrite = rewrite or (lambda w: w)
        return self.model_copy(
            update={
                f: [*getattr(self, f), *(rewrite(w) for w in extra.get(f, []))] for f in _WORD_LISTS
            }
        )

    @field_validator("key")
    @classmethod
    def _key_is_identifier(cls, v: str) -> str:
        if not _KEY.match(v):
            raise ValueError(
                "must be lower-case letters, digits and underscores, like 'death_toll'"
            )
        return v

    @model_validator(mode="after")
    def _unit_is_read(self) -> Fact:
        problem = unit_problem(self.kind, self.unit)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def effective_scope(self) -> str | None:
        """The declared scope, else "total" for a cumulative fact, else None."""
        if self.scope is not None:
            return self.scope
        return "total" if self.cumulative else None


class Place(_Strict):
    """A place the story reports on, its other names, and the place it lies inside."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    within: str | None = None


class Source(_Strict):
    """Where articles come from: a local folder, a feed, a sitemap, or a list of URLs."""

    kind: Literal["folder", "feed", "sitemap", "urls"]
    #: Folder path (relative to the story file) or list file; URL for feed and sitemap.
    location: str
    outlet: str | None = None


class Story(_Strict):
    """A story: relevance keywords, sources and the catalog of key facts."""

    id: str
    title: str
    keywords: list[str] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    facts: list[Fact] = Field(min_length=1)
    places: list[Place] = Field(default_factory=list)
    #: Folder the story file lives in; relative source locations resolve against it.
    base_dir: Path = Path(".")

    @field_validator("keywords")
    @classmethod
    def _keywords_have_words(cls, value: list[str]) -> list[str]:
        # An empty keyword would match every text: nothing would ever be off-topic.
        for keyword in value:
            if not re.search(r"\w", keyword):
                raise ValueError(f"keyword {keyword!r} has no letters or digits")
        return value

    @model_validator(mode="after")
    def _keys_unique(self) -> Story:
        seen: set[str] = set()
        for fact in self.facts:
            if fact.key in seen:
                raise ValueError(f"fact key {fact.key!r} is used twice")
            seen.add(fact.key)
        names = {p.name for p in self.places}
        for place in self.places:
            if place.within is not None and place.within not in names:
                # "within = 'United States'" names the wider place: a place of its own
                self.places.append(Place(name=place.within))
                names.add(place.within)
        for fact in self.facts:
            if fact.tally is not None and fact.tally not in seen:
                raise ValueError(f"fact {fact.key!r}: tally {fact.tally!r} is not a fact key")
        return self

    def fact(self, key: str) -> Fact:
        """Return the catalog fact ``key`` (KeyError if the story has none)."""
        for fact in self.facts:
            if fact.key == key:
                return fact
        raise KeyError(key)

    def in_language(self, lang: str, rewrite: Callable[[str], str] | None = None) -> Story:
        """The story as read in an article in ``lang``: each fact's words in that language
        added to its English ones. The same object for English or a story without such
        words; cached, so the compiled catalog is reused across articles."""
        if lang == "en" or not any(lang in f.words for f in self.facts):
            return self
        key = (id(self), lang)
        cached = _IN_LANGUAGE.get(key)
        if cached is None or cached[0] is not self:
            facts = [f.in_language(lang, rewrite) for f in self.facts]
            cached = (self, self.model_copy(update={"facts": facts}))
            _IN_LANGUAGE[key] = cached
        return cached[1]

    def resolve(self, location: str) -> Path:
        """Resolve a local source location against the story file's folder."""
        path = Path(location)
        return path if path.is_absolute() else (self.base_dir / path)


_IN_LANGUAGE: dict[tuple[int, str], tuple[Story, Story]] = {}


def load_story(path: str | Path) -> Story:
    """Read and validate a story file; raise :class:`ConfigError` naming the bad field."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"story file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"story file {path} cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"story file {path} is not valid TOML: {exc}") from None
    try:
        return Story.model_validate({**raw, "base_dir": path.resolve().parent})
    except ValidationError as exc:
        raise ConfigError(f"story file {path}: {_describe(exc, raw)}") from None


def _describe(exc: ValidationError, raw: dict) -> str:
    """Turn pydantic's errors into 'facts[3] (key=x).kind: must be one of …' lines."""
    parts = []
    for err in exc.errors()[:3]:
        loc = _location(err["loc"], raw)
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    more = len(exc.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _location(loc: tuple, raw: dict) -> str:
    text = ""
    node: object = raw
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and "key" in node:
                text += f" (key={node['key']})"
        else:
            text += ("." if text else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text
