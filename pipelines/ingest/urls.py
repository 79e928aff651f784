"""URLs: one canonical form per article, so one article is one row.

Feeds, sitemaps and share buttons hand out many spellings of the same page: tracking
parameters (``utm_*``, ``fbclid``, ``gclid``), fragments, AMP variants (``/amp``,
``?amp=1``, ``amp.`` hosts), ``http`` vs ``https``, a trailing slash. :func:`canonical_url`
folds those into one URL to fetch and store; :func:`url_key` additionally drops the scheme
and is the article's identity, so the http and https spellings are one article.

courlan (which trafilatura already brings) does the general clean-up: scrubbing, lower-case
host, default ports, tracker parameters, sorted query. The AMP and slash rules are ours.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WEB_SCHEMES = ("http", "https")
# Query parameters that only select the AMP rendering of a page.
_AMP_PARAMS = frozenset({"amp", "outputtype", "amp_js_v", "usqp"})
# Tracking parameters courlan's list may miss (it keys on prefixes and common words).
_EXTRA_TRACKERS = re.compile(r"^(?:utm_|fbclid$|gclid$|dclid$|msclkid$|mc_|_ga$|_gl$|ocid$)")
_AMP_PATH = re.compile(r"/amp(?:\.html?)?/?$|\.amp(?=(?:\.html?)?/?$)")


def canonical_url(url: str) -> str | None:
    """The canonical spelling of a web URL, or None if it is not a usable http(s) URL."""
    from courlan import normalize_url, scrub_url  # courlan pulls in tld lists: load lazily

    try:
        cleaned = normalize_url(scrub_url(url.strip()), strict=False, trailing_slash=False)
    except (ValueError, AttributeError):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme not in WEB_SCHEMES or not parts.hostname:
        return None
    host = parts.netloc.removeprefix("amp.")
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = _clean_query(parts.query)
    return urlunsplit((parts.scheme, host, path, query, ""))  # fragments never name a page


def url_key(url: str) -> str:
    """Identity of a URL: the canonical form without its scheme (http ≡ https).

    Non-web locations (``file://`` URLs of local articles) are their own identity.
    """
    parts = urlsplit(url)
    if parts.scheme not in WEB_SCHEMES:
        return url
    return urlunsplit(("", parts.netloc, parts.path, parts.query, ""))


def host_of(url: str) -> str:
    """Host name of ``url`` without a leading ``www.`` (an outlet name of last resort)."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def is_web_url(url: str) -> bool:
    """True for http(s) URLs with a host."""
    parts = urlsplit(url)
    return parts.scheme in WEB_SCHEMES and bool(parts.hostname)


def _clean_query(query: str) -> str:
    pairs = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if k.lower() not in _AMP_PARAMS and not _EXTRA_TRACKERS.match(k.lower())
    ]
    return urlencode(sorted(pairs))
