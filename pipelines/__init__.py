"""The pipeline's stages as plain functions (no Prefect, no DuckDB), in pipeline order:

``ingest`` (discover → read) → ``claims`` (extract) → ``facts`` (reconcile → diff) →
``alerts``. Shared by all stages: ``model`` (the data passed between them), ``story`` (the
story file), ``config`` (settings), ``intervals`` (normalized values), ``errors``, and
``evaluate`` (extraction quality against gold). Imports flow one way: a stage imports the
shared modules and earlier stages, never a later one.
"""
