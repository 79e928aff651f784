"""factdrift: track how the facts of a news story drift.

The installed import package. Its parts are the repository's top-level folders, in the
order of the pipeline:

- ``factdrift.flows``: the Prefect flow and the command line (orchestration only);
- ``factdrift.pipelines``: the stages as plain functions — ``ingest`` (discover, fetch,
  read), ``claims`` (extract), ``facts`` (reconcile, diff), ``alerts`` — over the shared
  ``model``, ``story``, ``config``, ``intervals`` and ``errors``;
- ``factdrift.storage``: the DuckDB schema, migrations, reads and writes;
- ``factdrift.seeds``: the seed articles and the default story (package data).
"""
