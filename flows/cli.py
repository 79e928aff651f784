"""The ``factdrift`` command line.

Exit codes (docs/operate.md): 0 ok; 1 the run failed (an unexpected error; ``--debug``
shows its traceback); 2 bad input (settings, story, manifest, database, query), one plain
line on stderr; 3 the run worked but none of the alert deliveries it tried succeeded.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from factdrift.flows.output import Format, render
from factdrift.flows.prefect_env import apply_prefect_defaults, quiet_run_failures
from factdrift.pipelines.config import Settings, load_settings
from factdrift.pipelines.errors import ConfigError, FactdriftError
from factdrift.pipelines.story import load_story

EXIT_OK, EXIT_RUN_FAILED, EXIT_BAD_INPUT, EXIT_NOT_DELIVERED = 0, 1, 2, 3
#: The base class of command-line usage errors (unknown option, missing argument) in the
#: click that typer runs on (typer ships its own copy, so ``click``'s class is not it).
UsageProblem = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

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
        bool, typer.Option("--debug", help="Show tracebacks and Prefect's logs on errors.")
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
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="table (default on a terminal), csv, json (JSON lines), markdown."
    ),
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
        from factdrift.flows.prefect_api import tied_prefect_api
        from factdrift.flows.run import factdrift_run  # imports Prefect: after the defaults

        if not verbose:
            quiet_run_failures()
        with tied_prefect_api():  # no Prefect server left behind, even after kill -9
            result = factdrift_run(settings, story_model)
        text, deliveries = _summary(settings, result)
    typer.echo(text)
    _exit_if_nothing_delivered(deliveries)


def _exit_if_nothing_delivered(deliveries: list[dict]) -> None:
    from factdrift.pipelines.alerts.report import delivery_problem

    problem = delivery_problem(deliveries)
    if problem:
        typer.echo(f"factdrift: warning: {problem}", err=True)
        raise typer.Exit(EXIT_NOT_DELIVERED)


@app.command()
def serve(
    story: StoryOpt = None,
    db: DbOpt = None,
    every: Annotated[
        str | None,
        typer.Option(help="Period between runs: minutes (30) or a duration (45s, 2h); 60."),
    ] = None,
    cron: Annotated[
        str | None, typer.Option(help='Cron schedule instead of --every, e.g. "*/30 * * * *".')
    ] = None,
) -> None:
    """Run the pipeline on a schedule (every N minutes, or a cron schedule) until stopped.

    With ``PREFECT_API_URL`` set, the flow is served to that Prefect server, whose scheduler
    starts the runs (deployment ``factdrift-scheduled/factdrift``). Without it (Prefect's
    ephemeral API cannot schedule), factdrift keeps its own clock: the first run at once,
    then one per period, a failed run reported and the next one tried. Ctrl-C or SIGTERM
    stops it with every process it started.
    """
    apply_prefect_defaults()
    from factdrift.flows.serve import (
        make_schedule,
        serve_with_local_clock,
        serve_with_prefect_server,
        stop_on_sigterm,
    )

    schedule = make_schedule(every, cron)
    settings = load_settings(story=story, db=db)
    load_story(settings.story)  # fail now on a broken story, not at 3 a.m.
    _check_database(settings)
    stop_on_sigterm()
    where = os.environ.get("PREFECT_API_URL")
    typer.echo(
        f"factdrift serve: {schedule.describe()}, database {settings.db.resolve()}, "
        + (f"Prefect server {where}" if where else "own clock (no PREFECT_API_URL)")
    )
    try:
        if where:
            serve_with_prefect_server(settings, schedule, report=typer.echo)
        else:
            from factdrift.flows.prefect_api import tied_prefect_api

            with tied_prefect_api():
                serve_with_local_clock(settings, schedule, report=typer.echo)
    except KeyboardInterrupt:
        pass
    typer.echo("factdrift serve: stopped")


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
        from factdrift.flows.prefect_api import tied_prefect_api
        from factdrift.flows.replay import (
            alerted_facts,
            check_fresh_database,
            factdrift_replay,
            publication_days,
            story_for_folder,
        )

        # the checks the flow makes first, made before Prefect starts: a bad manifest or a
        # used database is one line, not a flow failure
        days, _ = publication_days(folder)
        check_fresh_database(settings, story_for_folder(story_model, folder))

        with _progress(len(days), "replaying days") as advance:

            def report(line: str) -> None:
                typer.echo(line)
                advance()

            with tied_prefect_api():
                result = factdrift_replay(
                    settings, story_model, folder, deliver=deliver, report=report
                )
    if result.undated:
        typer.echo(f"left out (no publication date): {', '.join(result.undated)}")
    n_alerts = sum(alerted_facts(run) for run in result.runs)
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
    all_docs: Annotated[
        bool,
        typer.Option(
            "--all-docs",
            help="Also score the articles of the folder's manifest.toml that have no gold "
            "line: every claim tied there counts as a false one.",
        ),
    ] = False,
) -> None:
    """Score the extractor against a gold file: precision, recall and F1 per fact and overall."""
    from factdrift.pipelines.evaluate import evaluate
    from factdrift.pipelines.ingest.discover import read_manifest

    settings = load_settings(story=story)
    story_model = load_story(settings.story)
    docs_dir = docs or settings.story.parent
    extra = list(read_manifest(docs_dir)) if all_docs else []
    report = evaluate(gold, docs_dir, story_model, extra)
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.render())


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A SELECT over the views in docs/sql.md.")],
    db: DbOpt = None,
    timeout: Annotated[
        float | None,
        typer.Option(help="Stop the query after this many seconds (default 30).", min=0.001),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Run one read-only SQL query against the database and print the rows.

    Only one SELECT / WITH / DESCRIBE / SHOW / SUMMARIZE / EXPLAIN is run; anything that
    writes, attaches, loads or reads files is refused (storage.db.read_only_query). JSON
    columns (an alert's message) print as JSON, not as text inside JSON.
    """
    from factdrift.storage.db import connect, read_only_query

    settings = load_settings(db=db, sql_timeout_seconds=timeout)
    with connect(
        settings.db,
        read_only=True,
        lock_timeout=settings.lock_timeout_seconds,
        memory_limit=settings.sql_memory_limit,
    ) as con:
        names, rows, types = read_only_query(
            con, query, settings.sql_timeout_seconds, with_types=True
        )
    is_json = [kind == "JSON" for kind in types]
    records = [
        {
            name: json.loads(value) if flag and isinstance(value, str) else value
            for name, value, flag in zip(names, row, is_json, strict=True)
        }
        for row in rows
    ]
    if records or (fmt or _default_format()) is not Format.json:
        typer.echo(render(records, fmt))


def _default_format() -> Format:
    from factdrift.flows.output import default_format

    return default_format()


def _open_read(db: Path | None, write_files: bool = False):
    """A read-only connection (context manager) for the reading commands."""
    from factdrift.storage.db import connect

    settings = load_settings(db=db)
    if not settings.db.exists():
        raise ConfigError(f"database {settings.db} does not exist (run 'factdrift run' first)")
    return connect(
        settings.db,
        read_only=True,
        lock_timeout=settings.lock_timeout_seconds,
        write_files=write_files,
    )


@app.command()
def facts(db: DbOpt = None, fmt: FormatOpt = None) -> None:
    """The current state of every key fact: value with its unit, outlets, status."""
    from factdrift.pipelines.alerts.alert import with_unit
    from factdrift.pipelines.alerts.report import describe_value
    from factdrift.storage.store import current_facts

    with _open_read(db) as con:
        rows = current_facts(con)
    out = []
    for row in rows:
        value, qualifier = describe_value(row)
        out.append(
            {
                "fact": row["fact_key"],
                "label": row["label"],
                "value": with_unit(value, row["unit"]),
                "qualifier": qualifier,
                "status": row["status"]
                + (" (correction)" if row.get("correction") else "")
                + (" (hedged only)" if row.get("hedged_only") else ""),
                "outlets": row["outlets"],
                "since": row["as_of"],
            }
        )
    typer.echo(render(out, fmt, title="current facts"))


@app.command()
def history(
    fact: Annotated[str, typer.Argument(help="A fact key (see 'factdrift facts').")],
    db: DbOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """One fact over time: every claim with its outlet and sentence, and the estimate after it."""
    from factdrift.pipelines.alerts.report import describe_value
    from factdrift.storage import reading

    with _open_read(db) as con:
        known = reading.fact_keys(con)
        if fact not in known:
            raise ConfigError(f"no fact {fact!r} in the database; known: {', '.join(known)}")
        claims = reading.fact_claims(con, fact)
        timeline = reading.fact_timeline(con, fact)
    out = []
    for claim in claims:
        state = _state_on(timeline, claim["published_at"])
        stated, _ = describe_value({**claim, "stated_value": None})
        out.append(
            {
                "published": claim["published_at"],
                "outlet": claim["outlet"],
                "stated": stated,
                "qualifier": claim["qualifier"],
                "estimate": describe_value(state)[0] if state else "",
                "status": state["status"] if state else "",
                "sentence": claim["sentence"],
                "url": claim["url"],
            }
        )
    typer.echo(render(out, fmt, title=f"history of {fact}"))


def _state_on(timeline: list[dict], day) -> dict | None:
    """The fact's state in force on ``day`` (latest timeline row on or before it)."""
    state = None
    for row in timeline:
        if day is not None and row["as_of"] <= day:
            state = row
    return state


@app.command()
def changes(
    since: Annotated[
        str | None, typer.Option(help="First day to show, YYYY-MM-DD (default: all).")
    ] = None,
    db: DbOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Changes detected since a day, oldest first ('!' alert = it was worth an alert)."""
    from factdrift.storage import reading

    day = _parse_day(since) if since else date.min
    with _open_read(db) as con:
        rows = reading.changes_since(con, day)
    typer.echo(render(rows, fmt, title=f"changes since {day}" if since else "changes"))


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--since {text!r} is not a day like 2025-12-01") from None


@app.command()
def sources(db: DbOpt = None, fmt: FormatOpt = None) -> None:
    """Outlets: articles, key-fact claims, how often first with a value, how often at odds
    with the estimate of the day."""
    from factdrift.storage import reading

    with _open_read(db) as con:
        rows = reading.sources(con)
    typer.echo(render(rows, fmt, title="sources"))


@app.command()
def export(
    folder: Annotated[Path, typer.Argument(help="Folder to write one file per view into.")],
    db: DbOpt = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Write CSV instead of Parquet.")] = False,
) -> None:
    """Write every public view to FOLDER as Parquet (or CSV), for tools that cannot share
    the DuckDB file."""
    from factdrift.storage import reading

    folder.mkdir(parents=True, exist_ok=True)
    with _open_read(db, write_files=True) as con:
        written = reading.export_views(con, folder, as_csv)
    typer.echo(f"wrote {len(written)} files to {folder}: {', '.join(p.name for p in written)}")


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="HTML file to write.")] = Path("factdrift.html"),
    db: DbOpt = None,
) -> None:
    """Write one self-contained HTML page (works offline): per key fact a timeline chart,
    the change log, and the articles with the quoted sentences."""
    from datetime import datetime

    from factdrift.pipelines.alerts.page import FactData, render_page
    from factdrift.storage import reading

    with _open_read(db) as con:
        facts = [
            FactData(
                **entry,
                timeline=reading.fact_timeline(con, entry["fact_key"]),
                claims=reading.fact_claims(con, entry["fact_key"]),
            )
            for entry in reading.fact_catalog(con)
        ]
        changes = reading.change_log(con)
        story = con.execute("SELECT max(story_id) FROM runs").fetchone()[0]
    page = render_page(f"factdrift: {story or 'report'}", facts, changes, datetime.now())
    out.write_text(page, encoding="utf-8")
    typer.echo(f"wrote {out}: {len(facts)} fact charts, {len(changes)} changes")


@app.command()
def recheck(
    url: Annotated[str | None, typer.Argument(help="A watched page's URL.")] = None,
    all_pages: Annotated[bool, typer.Option("--all", help="Every watched page.")] = False,
    db: DbOpt = None,
) -> None:
    """Make the next run re-fetch a watched page (or all of them), whatever its schedule."""
    from factdrift.storage import web as web_store
    from factdrift.storage.db import connect

    if url is not None and all_pages:
        raise ConfigError("give a URL or --all, not both")
    if url is None and not all_pages:
        raise ConfigError("give the URL of a watched page, or --all")
    settings = load_settings(db=db)
    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds) as con:
        n = web_store.force_recheck(con, url)
    if url is not None and n == 0:
        raise ConfigError(f"{url} is not a watched page (see the watched_urls view)")
    typer.echo(f"{n} watched pages will be re-fetched by the next run")


@contextmanager
def _progress(total: int, what: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr when it is a terminal (else nothing); yields "one done"."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(what, total=total)
        yield lambda: progress.advance(task)


def _check_database(settings: Settings) -> None:
    from factdrift.storage.db import connect

    with connect(settings.db, lock_timeout=settings.lock_timeout_seconds):
        pass


def _summary(settings: Settings, result) -> tuple[str, list[dict]]:
    from factdrift.pipelines.alerts.report import render_summary
    from factdrift.storage.db import connect
    from factdrift.storage.reading import rows
    from factdrift.storage.store import current_facts, run_row

    with connect(settings.db, read_only=True, lock_timeout=settings.lock_timeout_seconds) as con:
        run_info = run_row(con, result.run_id)
        facts = current_facts(con)
        deliveries = rows(
            con, "SELECT * FROM run_deliveries WHERE run_id = ? ORDER BY channel", [result.run_id]
        )
    text = render_summary(run_info, facts, result.changes, result.errors, deliveries)
    return text, deliveries


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one plain line per error and a documented exit code.

    Without ``--debug`` Prefect's own error logs are silenced (factdrift prints the
    reason) and whatever libraries print while the interpreter shuts down (DuckDB's
    nanobind leak report after an error) is dropped.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:  # a global option, accepted anywhere on the line
        args = ["--debug", *(a for a in args if a != "--debug")]
    verbose = debug or "--verbose" in args or "-v" in args
    if not verbose:  # factdrift says what failed; Prefect's logs are for --verbose/--debug
        os.environ["PREFECT_LOGGING_LEVEL"] = "CRITICAL"
    code = _run_app(args, debug)
    sys.stdout.flush()
    sys.stderr.flush()
    if not debug:
        _silence_shutdown()
    sys.exit(code)


def _run_app(args: list[str], debug: bool) -> int:
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="factdrift", standalone_mode=False)
        return result if isinstance(result, int) else EXIT_OK
    except FactdriftError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        typer.echo(f"factdrift: error: {exc}", err=True)
        return EXIT_BAD_INPUT
    except typer.Exit as exc:
        return exc.exit_code
    except UsageProblem as exc:  # unknown option, missing argument, bad value
        typer.echo(f"factdrift: error: {exc.format_message()} (see factdrift --help)", err=True)
        return EXIT_BAD_INPUT
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("factdrift: stopped", err=True)
        return 130
    except Exception as exc:
        from factdrift.flows.steps import plain_reason

        if debug:
            import traceback

            traceback.print_exc()
        hint = "" if debug else " (run with --debug for the traceback)"
        typer.echo(f"factdrift: error: {plain_reason(exc)}{hint}", err=True)
        return EXIT_RUN_FAILED


def _silence_shutdown() -> None:
    """Point stderr at /dev/null for the interpreter's shutdown (our output is flushed)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


if __name__ == "__main__":
    main()
