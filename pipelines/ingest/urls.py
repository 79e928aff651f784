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


_SCHEME_MARK = re.compile(r"https?://", re.IGNORECASE)


def canonical_url(url: str) -> str | None:
    """The canonical spelling of a web URL, or None if it is not a usable http(s) URL.

    Never raises, whatever the input (an unclosed IPv6 bracket, a port out of range).
    Credentials (``user:pass@``) are dropped: they must not reach the database, the logs
    or alert messages.
    """
    from courlan import normalize_url, scrub_url  # courlan pulls in tld lists: load lazily

    text = "".join(url.split())
    # courlan's scrub_url takes a URL carrying another URL ("share?url=https://…") for a
    # garbled double link and keeps the inner one: a different page. Such URLs skip it.
    scrubbed = text if len(_SCHEME_MARK.findall(text)) > 1 else scrub_url(text)
    try:
        parts = urlsplit(normalize_url(scrubbed, strict=False, trailing_slash=False))
        if parts.scheme not in WEB_SCHEMES or not parts.hostname:
            return None
        port = parts.port  # raises ValueError when out of range
    except (ValueError, AttributeError, TypeError):
        return None
    host = _host_for_netloc(parts.hostname, port).removeprefix("amp.")
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = _clean_query(parts.query)
    return urlunsplit((parts.scheme, host, path, query, ""))  # fragments never name a page


def _host_for_netloc(hostname: str, port: int | None) -> str:
    host = f"[{hostname}]" if ":" in hostname else hostname  # an IPv6 literal
    return host if port is None else f"{host}:{port}"


def _split(url: str):
    """``urlsplit`` that never raises: None for what cannot be parsed as a URL."""
    try:
        parts = urlsplit(url)
        _ = parts.hostname, parts.port  # both raise ValueError on malformed input
    except (ValueError, TypeError, AttributeError):
        return None
    return parts


def url_key(url: str) -> str:
    """Identity of a URL: the canonical form without its scheme (http ≡ https).

    Non-web locations (``file://`` URLs of local articles) are their own identity.
    """
    parts = _split(url)
    if parts is None or parts.scheme not in WEB_SCHEMES:
        return url
    return urlunsplit(("", parts.netloc, parts.path, parts.query, ""))


def host_of(url: str) -> str:
    """Host name of ``url`` without a leading ``www.`` (an outlet name of last resort)."""
    parts = _split(url)
    return ((parts.hostname if parts else None) or "").removeprefix("www.")


def is_web_url(url: str) -> bool:
    """True for http(s) URLs with a host."""
    parts = _split(url)
    return parts is not None and parts.scheme in WEB_SCHEMES and bool(parts.hostname)


def _clean_query(query: str) -> str:
    pairs = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if k.lower() not in _AMP_PARAMS and not _EXTRA_TRACKERS.match(k.lower())
    ]
    return urlencode(sorted(pairs))
