"""Open the event database: SQLite in WAL mode, migrated, one writer and many readers.

A writer holds an exclusive lock on ``<db>.lock`` for its lifetime (the kernel drops
it when the process dies, even by SIGKILL), so a second run fails at once with a
clear message instead of interleaving. Readers (the HTTP API) open the file
read-only and see the last committed state while a run writes.

Every write goes through :func:`write_transaction` (``BEGIN IMMEDIATE`` ... ``COMMIT``):
a kill, a full disk or any error leaves the database as it was before the
transaction, never half-written.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from conflictcoder.store.migrations import (
    LATEST_VERSION,
    apply_migration,
    pending_migrations,
    schema_version,
)

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A database problem the user can act on; ``code`` is stable for scripts and tests."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class StoreConnection(sqlite3.Connection):
    """A connection that remembers its path and, for a writer, its lock file."""

    path: str = ""
    lock_handle: IO[bytes] | None = None

    def close(self) -> None:
        super().close()
        if self.lock_handle is not None:
            self.lock_handle.close()  # closing the file releases the flock
            self.lock_handle = None


def translate_error(exc: sqlite3.Error, path: str) -> StoreError:
    """A clear message (and code) for the SQLite errors a user can meet."""
    message = str(exc).lower()
    if "full" in message:
        return StoreError(f"{path}: the disk (or the database size limit) is full; the last "
                          "transaction was rolled back and the database is unchanged by it. "
                          "Free some space and run again.", "disk-full")
    if "locked" in message or "busy" in message:
        return StoreError(f"{path}: the database is locked by another process; try again when "
                          "it is done.", "locked")
    if "readonly" in message or "read-only" in message:
        return StoreError(f"{path}: the database is read-only (check the file's and its "
                          "folder's permissions).", "read-only")
    if "not a database" in message or "malformed" in message:
        return StoreError(f"{path}: not a conflictcoder database (or it is damaged): {exc}",
                          "not-a-database")
    return StoreError(f"{path}: database error: {exc}", "database-error")


def _is_writable(path: Path) -> bool:
    # The mode bits count too: a file marked read-only stays read-only even for root.
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def _check_writable(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise StoreError(f"{path}: folder {folder} does not exist", "not-found")
    if path.exists() and not _is_writable(path):
        raise StoreError(f"{path}: the database is read-only (no write permission on the file)",
                         "read-only")
    if not _is_writable(folder):
        # WAL mode needs to create <db>-wal and <db>-shm next to the database.
        raise StoreError(f"{path}: the database is read-only (no write permission on folder "
                         f"{folder}, needed for the write-ahead log)", "read-only")


def _lock_writer(path: Path) -> IO[bytes]:
    handle = open(str(path) + ".lock", "ab")  # noqa: SIM115 - held for the connection's life
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StoreError(f"{path}: another conflictcoder run is writing to this database; "
                         "one writer at a time (readers are fine).", "locked") from None
    return handle


def _check_version(conn: sqlite3.Connection, path: str, *, readonly: bool) -> None:
    version = schema_version(conn)
    if version > LATEST_VERSION:
        raise StoreError(
            f"{path}: the database has schema version {version}, newer than this conflictcoder "
            f"understands ({LATEST_VERSION}); upgrade conflictcoder to use it. Nothing was "
            "changed.", "schema-too-new")
    if readonly and version < LATEST_VERSION:
        raise StoreError(
            f"{path}: the database has schema version {version} and needs migrating to "
            f"{LATEST_VERSION}; run `conflictcoder run` on it once (readers never migrate).",
            "schema-too-old" if version else "not-a-database")


def open_database(path: str | os.PathLike[str], *, readonly: bool = False) -> StoreConnection:
    """Open (and for a writer create and migrate) the database at ``path``.

    Raises :class:`StoreError` with a clear message for a newer schema, a read-only
    or locked file, or a file that is not a database.
    """
    db_path = Path(path)
    where = str(db_path)
    lock = None
    if readonly:
        if not db_path.exists():
            raise StoreError(f"{where}: no such database", "not-found")
        uri = f"{db_path.resolve().as_uri()}?mode=ro"
        connect_to, use_uri = uri, True
    else:
        _check_writable(db_path)
        lock = _lock_writer(db_path)
        connect_to, use_uri = where, False
    try:
        conn = sqlite3.connect(connect_to, uri=use_uri, isolation_level=None,
                               factory=StoreConnection, check_same_thread=False)
    except sqlite3.Error as exc:
        if lock is not None:
            lock.close()
        raise translate_error(exc, where) from exc
    conn.path = where
    conn.lock_handle = lock
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        _check_version(conn, where, readonly=readonly)
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{where}: could not switch to WAL mode (got {mode})",
                                 "database-error")
            # NORMAL is durable against a killed process in WAL mode; only an OS crash
            # can lose the last commits, and never corrupts the file.
            conn.execute("PRAGMA synchronous = NORMAL")
            for migration in pending_migrations(schema_version(conn)):
                apply_migration(conn, migration)
        conn.row_factory = sqlite3.Row
    except sqlite3.Error as exc:
        conn.close()
        raise translate_error(exc, where) from exc
    except StoreError:
        conn.close()
        raise
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; any error rolls back and becomes a StoreError."""
    path = getattr(conn, "path", "database")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate_error(exc, path) from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate_error(exc, path) from exc
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
