"""Opening the DuckDB file: schema, numbered migrations, and errors in plain words.

The flow never holds the file between steps: each step opens it, works in one short
transaction and closes it, so analysts can read between steps. DuckDB lets only one
process open a file for writing, so opening retries for ``lock_timeout`` seconds before
giving up with :class:`DatabaseLocked`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from pipelines.errors import DatabaseLocked, NotADatabase, StorageError

SCHEMA_VERSION = 1
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@contextmanager
def connect(
    path: str | Path, *, read_only: bool = False, lock_timeout: float = 10.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open ``path`` (creating and migrating it unless ``read_only``), yield, then close."""
    con = _open_with_retry(str(path), read_only, lock_timeout)
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
    """Create the schema if needed and apply pending numbered migrations; return the version."""
    with transaction(con):
        con.execute(_read_resource("schema.sql"))
        applied = {
            row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()
        }
        if 1 not in applied:
            con.execute("INSERT INTO schema_migrations VALUES (1, 'schema.sql', now())")
            applied.add(1)
        for version, name, sql in _migrations():
            if version not in applied:
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
                applied.add(version)
    return max(applied)


def _migrations() -> list[tuple[int, str, str]]:
    """Numbered migrations shipped in storage/migrations, in order."""
    folder = resources.files("storage") / "migrations"
    found = []
    if folder.is_dir():
        for entry in folder.iterdir():
            match = _MIGRATION_NAME.match(entry.name)
            if match:
                found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _read_resource(name: str) -> str:
    return (resources.files("storage") / name).read_text(encoding="utf-8")


def _open_with_retry(path: str, read_only: bool, lock_timeout: float) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting out a lock held by another process for up to ``lock_timeout``."""
    if path != ":memory:":
        _check_parent(path)
    deadline = time.monotonic() + lock_timeout
    delay = 0.1
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
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
    if "lock" in lowered:
        holder = re.search(r"PID (\d+)", text)
        who = f" (process {holder.group(1)})" if holder else ""
        return DatabaseLocked(
            f"database {path} is in use by another program{who}; "
            "wait for it to finish or close it, then try again"
        )
    if "not a valid duckdb database" in lowered:
        return NotADatabase(
            f"{path} is not a DuckDB database; point --db at a new file name or an existing "
            "factdrift database"
        )
    if "does not exist" in lowered or "no such file" in lowered:
        return StorageError(f"database {path} does not exist (run 'factdrift run' first)")
    return StorageError(f"cannot open database {path}: {text.splitlines()[0]}")
