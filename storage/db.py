"""Opening the DuckDB file: schema, numbered migrations, and errors in plain words.

The flow never holds the file between steps: each step opens it, works in one short
transaction and closes it, so analysts can read between steps. DuckDB lets only one
process open a file for writing, so opening retries for ``lock_timeout`` seconds before
giving up with :class:`DatabaseLocked`.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
from factdrift.pipelines.errors import (
    DatabaseLocked,
    NotADatabase,
    QueryRefused,
    StorageError,
)

SCHEMA_VERSION = 1
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

#: Settings of every DuckDB connection factdrift opens. No file but the database itself
#: (no COPY TO, ATTACH, read_text, glob), no extension installed or loaded behind our back
#: (DuckDB would download it from the internet), and nobody can turn that back on within
#: the connection (lock_configuration).
SAFE_CONFIG: dict[str, str | bool] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}


def connection_config(memory_limit: str | None = None) -> dict[str, str | bool]:
    """The configuration every connection gets, with an optional memory limit."""
    config = dict(SAFE_CONFIG)
    if memory_limit:
        config["memory_limit"] = memory_limit
    return config


@contextmanager
def connect(
    path: str | Path,
    *,
    read_only: bool = False,
    lock_timeout: float = 10.0,
    memory_limit: str | None = None,
    write_files: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open ``path`` (creating and migrating it unless ``read_only``), yield, then close.

    Every connection carries :data:`SAFE_CONFIG`; ``memory_limit`` (DuckDB's syntax, e.g.
    ``"2GB"``) bounds what one query may use. ``write_files`` lifts the ban on files for a
    connection that runs only factdrift's own statements (``factdrift export``'s COPY),
    never a user's SQL; extensions stay off.
    """
    config = connection_config(memory_limit)
    if write_files:
        config["enable_external_access"] = True
    con = _open_with_retry(str(path), read_only, lock_timeout, config)
    try:
        if not read_only:
            migrate(con)
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block in one transaction: all of it lands, or none of it."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema up to date; return the schema version.

    ``schema.sql`` is version 1, stamped with a hash of its text: it runs again only when
    the text changed (it is idempotent: tables IF NOT EXISTS, views OR REPLACE), so an
    up-to-date database costs one query per open. Changes to existing tables go in numbered
    files in ``storage/migrations``, each applied once and recorded.
    """
    stamp = _schema_stamp()
    applied = _applied(con)
    pending = [m for m in _migrations() if m[0] not in applied]
    if applied.get(1) == stamp and not pending:
        return max(applied)
    with transaction(con):
        if applied.get(1) != stamp:
            con.execute(_read_resource("schema.sql"))
            con.execute("INSERT OR REPLACE INTO schema_migrations VALUES (1, ?, now())", [stamp])
            applied[1] = stamp
        for version, name, sql in pending:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
            applied[version] = name
    return max(applied)


@functools.cache
def _schema_stamp() -> str:
    text = _read_resource("schema.sql")
    return "schema.sql " + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _applied(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    try:
        rows = con.execute("SELECT version, name FROM schema_migrations").fetchall()
    except duckdb.CatalogException:  # a new, empty database
        return {}
    return dict(rows)


@functools.cache
def _migrations() -> tuple[tuple[int, str, str], ...]:
    """Numbered migrations shipped in storage/migrations, in order."""
    folder = resources.files("factdrift.storage") / "migrations"
    found = []
    if folder.is_dir():
        for entry in folder.iterdir():
            match = _MIGRATION_NAME.match(entry.name)
            if match:
                found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


def _read_resource(name: str) -> str:
    return (resources.files("factdrift.storage") / name).read_text(encoding="utf-8")


def _open_with_retry(
    path: str, read_only: bool, lock_timeout: float, config: dict[str, str | bool]
) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting out a lock held by another process for up to ``lock_timeout``."""
    if path != ":memory:":
        _check_parent(path)
    deadline = time.monotonic() + lock_timeout
    delay = 0.1
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=config)
        except duckdb.Error as exc:
            error = _classify(path, exc)
            if not isinstance(error, DatabaseLocked) or time.monotonic() >= deadline:
                raise error from None
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def _check_parent(path: str) -> None:
    parent = Path(path).expanduser().resolve().parent
    if not parent.is_dir():
        raise StorageError(f"cannot create database {path}: folder {parent} does not exist")


def _classify(path: str, exc: duckdb.Error) -> StorageError:
    """Map DuckDB's messages to one plain line that says what to do."""
    text = str(exc)
    lowered = text.lower()
    # "Could not set lock on file": another process. Match the phrase, not "lock" alone,
    # which is also in "block" (a corrupt file says "Failed to read block").
    if re.search(r"\bset lock\b|\bconflicting lock\b", lowered):
        holder = re.search(r"PID (\d+)", text)
        who = f" (process {holder.group(1)})" if holder else ""
        return DatabaseLocked(
            f"database {path} is in use by another program{who}; "
            "wait for it to finish or close it, then try again"
        )
    if "corrupt" in lowered or "checksum" in lowered:
        return StorageError(
            f"database {path} is damaged ({text.splitlines()[0]}); restore it from a backup "
            "or point --db at a new file"
        )
    # A SQLite (or other foreign) file makes DuckDB reach for an extension, which is off.
    if "not a valid duckdb database" in lowered or "extension" in lowered:
        return NotADatabase(
            f"{path} is not a DuckDB database; point --db at a new file name or an existing "
            "factdrift database"
        )
    if "does not exist" in lowered or "no such file" in lowered:
        return StorageError(f"database {path} does not exist (run 'factdrift run' first)")
    return StorageError(f"cannot open database {path}: {text.splitlines()[0]}")


_WRITE_TARGET = re.compile(r'(?:write|create|open) (?:file|directory) "([^"]+)"', re.I)


def disk_full_reason(exc: BaseException) -> str | None:
    """One plain line when ``exc`` is the disk running out of room, else None.

    A full disk reaches factdrift as an ``OSError`` (ENOSPC), as a DuckDB error whose text
    carries the system's "No space left on device" (the database file or its WAL), or as
    DuckDB's out-of-memory error when the data it spills to its temporary directory
    (``<db>.tmp``) finds no room ("failed to offload", "max_temp_directory_size").
    """
    text = str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        where = exc.filename
    elif "No space left on device" in text:
        found = _WRITE_TARGET.search(text)
        where = found.group(1) if found else None
    elif "max_temp_directory_size" in text or "failed to offload" in text:
        where = "DuckDB's temporary directory"
    else:
        return None
    return (
        f"the disk is full (no room to write {where or 'the database'}); free some space "
        "and run again: the next run picks up where this one stopped"
    )


#: Statement types ``factdrift sql`` runs. DESCRIBE, SHOW and SUMMARIZE parse as SELECT.
READ_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})


def read_only_query(
    con: duckdb.DuckDBPyConnection, sql: str, timeout: float, *, with_types: bool = False
) -> tuple:
    """Run exactly one read-only statement and return ``(column names, rows)`` (and the
    column types' names, ``"JSON"``, ``"VARCHAR"``…, as a third item with ``with_types``).

    The statement is parsed first and refused unless it is a single SELECT / WITH /
    DESCRIBE / SHOW / SUMMARIZE / EXPLAIN; the connection's :data:`SAFE_CONFIG` refuses
    any file but the database. A query still running after ``timeout`` seconds is
    interrupted. Every refusal is a :class:`QueryRefused` with one plain line.
    """
    statements = _parse(con, sql)
    if len(statements) != 1:
        raise QueryRefused(
            f"one statement at a time, please (got {len(statements)}); "
            "factdrift sql runs a single read-only query"
        )
    kind = statements[0].type
    if kind not in READ_STATEMENTS:
        # INSTALL parses as a LOAD statement: name it as the user wrote it.
        verb = kind.name if kind != duckdb.StatementType.LOAD else sql.split(None, 1)[0].upper()
        raise QueryRefused(
            f"{verb} statements are not allowed: factdrift sql is read-only "
            "(SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)"
        )
    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(statements[0])
        names = [d[0] for d in cursor.description or []]
        if with_types:
            types = [str(d[1]) for d in cursor.description or []]
            return names, cursor.fetchall(), types
        return names, cursor.fetchall()
    except duckdb.InterruptException:
        raise QueryRefused(
            f"query stopped after {timeout:g} s (raise the limit with --timeout)"
        ) from None
    except duckdb.PermissionException:
        raise QueryRefused(
            "query refused: factdrift sql reads only the views of its database, "
            "not files or other databases"
        ) from None
    except duckdb.OutOfMemoryException as exc:
        if disk_full_reason(exc):  # over the memory limit, and no room to spill to disk
            raise QueryRefused(
                "query stopped: it needs more memory than FACTDRIFT_SQL_MEMORY_LIMIT allows "
                "and the disk holding the database has no room for DuckDB's temporary files"
            ) from None
        raise QueryRefused(
            "query stopped: it needs more memory than FACTDRIFT_SQL_MEMORY_LIMIT allows"
        ) from None
    except duckdb.Error as exc:
        raise QueryRefused(f"query failed: {_first_line(exc)}") from None
    finally:
        timer.cancel()


def _parse(con: duckdb.DuckDBPyConnection, sql: str) -> list:
    try:
        return con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"query failed: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


@dataclass(frozen=True, slots=True)
class Row:
    """One row to insert into ``table``, and what to do when its key is already stored.

    By convention a table written with ``on_conflict="replace"`` has its key first in
    ``columns`` (see :func:`insert_grouped`).
    """

    table: str
    columns: tuple[str, ...]
    values: tuple[object, ...]
    on_conflict: str = "fail"


def insert_grouped(con: duckdb.DuckDBPyConnection, rows: Sequence[Row]) -> None:
    """Insert rows of several tables with one statement per table and column list.

    A few thousand single-row statements cost a few milliseconds each; grouped, they cost
    one statement per table. An upsert must not name a key twice in one statement, so for
    ``replace`` the last row of each key (the first column) wins, as it would one by one.
    """
    groups: dict[tuple[str, tuple[str, ...], str], dict[object, tuple[object, ...]]] = {}
    for n, row in enumerate(rows):
        group = groups.setdefault((row.table, row.columns, row.on_conflict), {})
        # Rows that may conflict replace the earlier row of their key; others all stay.
        group[row.values[0] if row.on_conflict == "replace" else n] = row.values
    for (table, columns, on_conflict), values in groups.items():
        insert_rows(con, table, columns, list(values.values()), on_conflict=on_conflict)


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    on_conflict: str = "fail",
) -> None:
    """Insert many rows in one statement, passing each column as one list parameter.

    DuckDB's ``executemany`` binds rows one at a time (about a millisecond each); handing
    it whole columns to ``UNNEST`` is two orders of magnitude faster for a few thousand
    claims. ``table`` and ``columns`` are identifiers from this package, never user input.
    ``on_conflict`` is ``fail``, ``ignore`` (keep the stored row) or ``replace``.
    """
    if not rows:
        return
    verb = {"fail": "INSERT INTO", "ignore": "INSERT OR IGNORE INTO"}.get(
        on_conflict, "INSERT OR REPLACE INTO"
    )
    unnests = ", ".join("unnest(?)" for _ in columns)
    sql = f"{verb} {table} ({', '.join(columns)}) SELECT {unnests}"
    con.execute(sql, [list(column) for column in zip(*rows, strict=True)])
