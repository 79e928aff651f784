"""The ``factdrift`` command line. Errors become one plain line on stderr, exit code 2."""

from __future__ import annotations

import gc
import json
import os
import sys
import traceback
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from factdrift.flows.prefect_env import apply_prefect_defaults, quiet_run_failures
from factdrift.pipelines.config import Settings, load_settings
from factdrift.pipelines.errors import FactdriftError
from factdrift.pipelines.story import load_story

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Track how the facts of a news story drift.",
    pretty_exceptions_enable=False,
)

_state = {"debug": False}


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")
    ] = False,
) -> None:
    """Track how the facts of a news story drift."""
    _state["debug"] = debug


StoryOpt = Annotated[
    Path | None,
    typer.Option("--story", help="Story file (default: FACTDRIFT_STORY or seeds/story.toml)."),
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: FACTDRIFT_DB or ./factdrift.duckdb)."),
]


@app.command()
def run(
    story: StoryOpt = None,
    db: DbOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
) -> None:
    """Run the pipeline once: ingest, extract, reconcile, diff, alert; print a summary."""
    apply_prefect_defaults(verbose)
    settings = load_settings(story=story, db=db)
    story_model = load_story(settings.story)
    from factdrift.storage.runlock import run_lock

    # The run lock first: a second run says so at once, before Prefect starts.
    with run_lock(settings.db, settings.run_lock_wait_seconds):
        _check_database(settings)  # fail fast, before Prefect starts, on a locked or bad file
        from factdrift.flows.run import factdrift_run  # imports Prefect: after the defaults

        if not verbose:
            quiet_run_failures()
        result = factdrift_run(settings, story_model)
        typer.echo(_summary(settings, result))


@app.command()
def serve(
    story: StoryOpt = None,
    db: DbOpt = None,
    every: Annotated[int, typer.Option(help="Minutes between runs.", min=1)] = 60,
) -> None:
    """Run the pipeline on a schedule (every N minutes) until stopped.

    With ``PREFECT_API_URL`` set, the flow is served to that Prefect server, whose scheduler
    starts the runs. Without it (Prefect's ephemeral API cannot schedule), factdrift keeps
    its own clock: one run every N minutes, a failed run reported and the next one tried.
    """
    apply_prefect_defaults()
    settings = load_settings(story=story, db=db)
    load_story(settings.story)  # fail now on a broken story, not at 3 a.m.
    _check_database(settings)
    from factdrift.flows.serve import serve_with_local_clock, serve_with_prefect_server

    if os.environ.get("PREFECT_API_URL"):
        serve_with_prefect_server(settings, every)
    else:
        serve_with_local_clock(settings, timedelta(minutes=every), report=typer.echo)


@app.command()
def replay(
    folder: Annotated[
        Path, typer.Argument(help="Folder of dated articles with a manifest.toml (like seeds/).")
    ],
    story: Annotated[
        Path | None,
        typer.Option("--story", help="Story file (default: FOLDER/story.toml)."),
    ] = None,
    db: DbOpt = None,
    deliver: Annotated[
        bool,
        typer.Option("--deliver", help="Send the replayed alerts to the configured channels too."),
    ] = False,
) -> None:
    """Replay a dated corpus day by day, as if the schedule had been running then.

    One run per publication day, clock set to that day, seeing only the articles published
    by then. Alerts are recorded (status 'replayed') but not sent unless --deliver.
    """
    apply_prefect_defaults()
    settings = load_settings(story=story or folder / "story.toml", db=db)
    story_model = load_story(settings.story)
    from factdrift.storage.runlock import run_lock

    with run_lock(settings.db, settings.run_lock_wait_seconds):
        _check_database(settings)
        from factdrift.flows.replay import factdrift_replay

        quiet_run_failures()

        result = factdrift_replay(settings, story_model, folder, deliver=deliver, report=typer.echo)
    if result.undated:
        typer.echo(f"left out (no publication date): {', '.join(result.undated)}")
    n_alerts = sum(1 for run in result.runs for c in run.changes if c["alert"])
    how = (
        "delivered to the configured channels"
        if deliver
        else "recorded in the alerts view with status 'replayed', not delivered "
        "(use --deliver to send them)"
    )
    typer.echo(f"replayed {len(result.days)} days into {settings.db}: {n_alerts} alerts {how}")


story_app = typer.Typer(no_args_is_help=True, help="Write and check story files.")
app.add_typer(story_app, name="story")


@story_app.command("check")
def story_check_cmd(
    story: Annotated[Path, typer.Argument(help="The story file to preview.")],
    source: Annotated[
        str | None,
        typer.Argument(
            help="Read this instead of the story's sources: a folder with a manifest, a "
            "feed or sitemap URL, or a file listing URLs."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    limit: Annotated[int, typer.Option(help="Rows shown per table.", min=1)] = 30,
) -> None:
    """Preview a story file: per fact the figures it takes, and why other figures near the
    story's words are not taken."""
    apply_prefect_defaults()
    from factdrift.flows.story_check import check

    check(story, source, as_json, limit)


@app.command("eval")
def evaluate_cmd(
    gold: Annotated[
        Path, typer.Argument(help="Gold JSONL file (format of tests/gold/seeds.jsonl).")
    ],
    docs: Annotated[
        Path | None,
        typer.Option(help="Folder of the articles named in the gold (default: seeds/)."),
    ] = None,
    story: StoryOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score the extractor against a gold file: precision, recall and F1 per fact and overall."""
    from factdrift.pipelines.evaluate import evaluate

    settings = load_settings(story=story)
    story_model = load_story(settings.story)
    docs_dir = docs or settings.story.parent
    report = evaluate(gold, docs_dir, story_model)
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.render())


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A SELECT over the views in docs/sql.md.")],
    db: DbOpt = None,
    timeout: Annotated[
        float | None,
        typer.Option(help="Stop the query after this many seconds (default 30).", min=0.001),
    ] = None,
) -> None:
    """Run one read-only SQL query against the database and print the rows.

    Only one SELECT / WITH / DESCRIBE / SHOW / SUMMARIZE / EXPLAIN is run; anything that
    writes, attaches, loads or reads files is refused (storage.db.read_only_query).
    """
    from factdrift.storage.db import connect, read_only_query

    settings = load_settings(db=db, sql_timeout_seconds=timeout)
    with connect(
        settings.db,
        read_only=True,
        lock_timeout=settings.lock_timeout_seconds,
        memory_limit=settings.sql_memory_limit,
    ) as con:
        names, rows = read_only_query(con, query, settings.sql_timeout_seconds)
    for row in rows:
        typer.echo(json.dumps(dict(zip(names, row, strict=True)), default=str, ensure_ascii=False))


def _check_database(settings: Settings) -> None:
    from factdrift.storage.db import connect

    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds):
        pass


def _summary(settings: Settings, result) -> str:
    from factdrift.pipelines.alerts.report import render_summary
    from factdrift.storage.db import connect
    from factdrift.storage.store import current_facts, run_row

    with connect(settings.db, read_only=True, lock_timeout=settings.lock_timeout_seconds) as con:
        run_info = run_row(con, result.run_id)
        facts = current_facts(con)
    return render_summary(run_info, facts, result.changes, result.errors)


def main() -> None:
    """Console entry point: run the app, turning every error into one plain line.

    factdrift's own errors (bad input, settings, database, another run) exit 2; anything
    unforeseen exits 1 with its first line, and its traceback only with ``--debug``.
    """
    try:
        app()  # usage errors are click's: its message, exit 2
    except FactdriftError as exc:
        _exit_with(f"factdrift: error: {exc}", 2, exc)
    except Exception as exc:
        if _state["debug"]:
            raise
        from factdrift.flows.steps import plain_reason

        line = f"factdrift: error: {plain_reason(exc)} (run with --debug for the traceback)"
        _exit_with(line, 1, exc)


def _exit_with(line: str, code: int, exc: BaseException) -> None:
    typer.echo(line, err=True)
    # The traceback's frames still hold DuckDB objects (closed connections, types); left
    # alive until interpreter shutdown, DuckDB's bindings print a page of "leaked"
    # warnings. Clear them before exiting.
    traceback.clear_frames(exc.__traceback__)
    for linked in (exc.__context__, exc.__cause__):
        if linked is not None:
            traceback.clear_frames(linked.__traceback__)
    gc.collect()
    sys.exit(code)


if __name__ == "__main__":
    main()
