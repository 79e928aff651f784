"""The CPU-heavy units of a run, as batches a worker process can do on its own.

Reading a page (trafilatura and its metadata), reading a local file, and extracting
claims depend only on their input and the story, so a batch of them can run in another
process or on another machine (``flows.parallel``). Workers get plain data and give plain
data back: texts, pages, claims, or the :class:`InputError` that made an input unusable.
They never touch the database; the flow alone writes it.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from factdrift.pipelines.claims import extract_claims
from factdrift.pipelines.errors import InputError, plain_reason
from factdrift.pipelines.ingest.page import PageHint, PageText, decode_page, read_page
from factdrift.pipelines.ingest.read import read_local_article
from factdrift.pipelines.ingest.relevance import keyword_pattern
from factdrift.pipelines.model import ArticleText, Claim, SourceDoc
from factdrift.pipelines.story import Story


@dataclass(frozen=True, slots=True)
class PageJob:
    """One fetched page body to read into a text."""

    url: str
    body: bytes
    charset: str | None
    hint: PageHint


#: A local file read: its text or why it could not be used (one line), and how long it
#: took (ms).
DocOutcome = tuple[ArticleText | str, float]


def read_docs(docs: Sequence[SourceDoc], max_bytes: int | None = None) -> list[DocOutcome]:
    """Read local article files, in order; an unusable one gives the reason, one line."""
    out: list[DocOutcome] = []
    for doc in docs:
        started = time.perf_counter()
        try:
            outcome: ArticleText | str = read_local_article(doc, max_bytes)
        except InputError as exc:
            outcome = str(exc)
        except Exception as exc:  # one article never stops the run: logged, then skipped
            where = doc.location
            outcome = f"{Path(where).name if '/' in where else where}: skipped: {plain_reason(exc)}"
        out.append((outcome, (time.perf_counter() - started) * 1000))
    return out


def read_pages(jobs: Sequence[PageJob], keywords: Sequence[str]) -> list[PageText | InputError]:
    """Read fetched pages (trafilatura), in order; an unusable one gives its error."""
    pattern = _pattern(tuple(keywords))
    out: list[PageText | InputError] = []
    for job in jobs:
        try:
            out.append(read_page(decode_page(job.body, job.charset), job.url, job.hint, pattern))
        except InputError as exc:
            out.append(exc)
    return out


def extract_texts(texts: Sequence[ArticleText], story: Story) -> list[list[Claim] | str]:
    """Claims of each text, in order, or why they could not be extracted (one line)."""
    return [claims_or_reason(extract_claims, t, story) for t in texts]


def claims_or_reason(
    extractor: Callable[..., list[Claim]], text: ArticleText, story: Story
) -> list[Claim] | str:
    """The claims of one text, or the reason the extractor failed on it (a bug, or input
    never seen): one article's failure never stops the run."""
    try:
        return extractor(text.text, text.published, story)
    except Exception as exc:
        return f"claims could not be extracted: {plain_reason(exc)}"


@functools.cache
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    return keyword_pattern(keywords)
