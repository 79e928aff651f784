"""Ingest: discover articles (folders, feeds, sitemaps, URL lists), fetch pages, read text.

``discover`` and ``web`` list candidates; ``urls`` and ``guard`` make URLs canonical and
safe; ``fetch`` does the HTTP; ``page`` and ``read`` turn bytes into article text;
``relevance`` keeps on-story articles; ``versions`` and ``cadence`` decide what changed and
when a watched page is due again.
"""
