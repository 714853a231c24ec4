"""Ordered, named schema migrations; each runs in one transaction with its version bump.

The version lives in SQLite's ``PRAGMA user_version``. A database written by a
newer conflictcoder (a higher version than the last migration here) is refused
rather than guessed at. Add a migration by appending to ``MIGRATIONS``; never edit
one that has shipped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_V1 = (
    """CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL)""",
    # Every article read, copies included; text is kept for articles that gave records
    # (the API highlights their sentences); duplicate_of names the copy's original.
    """CREATE TABLE articles (
        id TEXT PRIMARY KEY, url TEXT NOT NULL, outlet TEXT NOT NULL, title TEXT NOT NULL,
        byline TEXT NOT NULL, published TEXT, wire TEXT NOT NULL, language TEXT NOT NULL,
        origin TEXT NOT NULL, text TEXT, simhash INTEGER NOT NULL, numbers TEXT NOT NULL,
        duplicate_of TEXT REFERENCES articles(id), records INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
    """CREATE TABLE article_bands (
        band INTEGER NOT NULL, value INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id),
        PRIMARY KEY (band, value, article_id)) WITHOUT ROWID""",
    """CREATE TABLE places (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, iso2 TEXT NOT NULL,
        iso_numeric INTEGER, region TEXT NOT NULL, admin1 TEXT NOT NULL, admin2 TEXT NOT NULL,
        admin3 TEXT NOT NULL, latitude REAL, longitude REAL, geonames_id INTEGER,
        precision TEXT NOT NULL)""",
    """CREATE TABLE actors (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, inter INTEGER NOT NULL, country TEXT NOT NULL)""",
    "CREATE INDEX actors_name ON actors(name)",
    # event_id NULL = stored but not merged yet (a run killed before its merge step).
    """CREATE TABLE records (
        id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id),
        event_id TEXT REFERENCES events(id), event_date TEXT NOT NULL, date_start TEXT NOT NULL,
        date_end TEXT NOT NULL, country_key TEXT NOT NULL, place_id TEXT REFERENCES places(id),
        event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL, fatalities INTEGER NOT NULL,
        json TEXT NOT NULL)""",
    "CREATE INDEX records_event ON records(event_id)",
    "CREATE INDEX records_article ON records(article_id)",
    "CREATE INDEX records_block ON records(country_key, date_start)",
    """CREATE TABLE record_actors (
        record_id TEXT NOT NULL REFERENCES records(id), role TEXT NOT NULL,
        position INTEGER NOT NULL, actor_id TEXT NOT NULL REFERENCES actors(id),
        written TEXT NOT NULL, start INTEGER, "end" INTEGER,
        PRIMARY KEY (record_id, role, position)) WITHOUT ROWID""",
    "CREATE INDEX record_actors_actor ON record_actors(actor_id)",
    """CREATE TABLE casualty_figures (
        record_id TEXT NOT NULL REFERENCES records(id), is_claim INTEGER NOT NULL,
        position INTEGER NOT NULL, kind TEXT NOT NULL, low INTEGER NOT NULL,
        best INTEGER NOT NULL, high INTEGER NOT NULL, side TEXT NOT NULL, status TEXT NOT NULL,
        source TEXT NOT NULL, actor TEXT NOT NULL, is_total INTEGER NOT NULL, flag TEXT NOT NULL,
        article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, PRIMARY KEY (record_id, is_claim, position)) WITHOUT ROWID""",
    """CREATE TABLE provenance (
        record_id TEXT NOT NULL REFERENCES records(id), position INTEGER NOT NULL,
        field TEXT NOT NULL, article_id TEXT NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, text TEXT NOT NULL, sentence TEXT NOT NULL,
        PRIMARY KEY (record_id, position)) WITHOUT ROWID""",
    # status 'merged' = retired as a duplicate of merged_into (kept so its ids stay taken).
    """CREATE TABLE events (
        id TEXT PRIMARY KEY, id_cnty TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
        merged_into TEXT, event_date TEXT NOT NULL, date_start TEXT NOT NULL,
        date_end TEXT NOT NULL, year INTEGER NOT NULL, country TEXT NOT NULL,
        iso2 TEXT NOT NULL, admin1 TEXT NOT NULL, admin2 TEXT NOT NULL, location TEXT NOT NULL,
        latitude REAL, longitude REAL, event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL,
        actors TEXT NOT NULL, fatalities INTEGER NOT NULL, sources TEXT NOT NULL,
        reports INTEGER NOT NULL, notes TEXT NOT NULL, changed_run INTEGER NOT NULL,
        record_ids TEXT NOT NULL, article_ids TEXT NOT NULL, json TEXT NOT NULL)""",
    "CREATE INDEX events_date ON events(status, event_date)",
    "CREATE INDEX events_country ON events(status, country, event_date)",
    "CREATE INDEX events_point ON events(latitude, longitude)",
    """CREATE TABLE toll_history (
        event_id TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
        reported TEXT, fatalities INTEGER NOT NULL, article_id TEXT NOT NULL,
        source TEXT NOT NULL, PRIMARY KEY (event_id, position)) WITHOUT ROWID""",
    """CREATE TABLE merge_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, run INTEGER NOT NULL, action TEXT NOT NULL,
        event_id TEXT NOT NULL, other_event_id TEXT NOT NULL, records INTEGER NOT NULL)""",
    "CREATE INDEX merge_log_event ON merge_log(event_id)",
    """CREATE TABLE rejections (
        origin TEXT NOT NULL, code TEXT NOT NULL, reason TEXT NOT NULL,
        PRIMARY KEY (origin, code)) WITHOUT ROWID""",
    "CREATE TABLE id_counters (prefix TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID",
    # One row per run; a run killed before it finished is resumed under the same number.
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY, status TEXT NOT NULL, started_at TEXT NOT NULL,
        finished_at TEXT, attempts INTEGER NOT NULL DEFAULT 1, inputs TEXT NOT NULL,
        articles_read INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0, records_new INTEGER NOT NULL DEFAULT 0,
        events_new INTEGER NOT NULL DEFAULT 0, events_updated INTEGER NOT NULL DEFAULT 0,
        events_retired INTEGER NOT NULL DEFAULT 0)""",
)

_V2 = (
    # A re-run skips an article whose id and exact text are stored; rows written before
    # this migration have no hash and are compared by id alone.
    "ALTER TABLE articles ADD COLUMN content_hash TEXT",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema: articles, records, events, toll history, merge log", _V1),
    Migration(2, "articles.content_hash: exact text identity for re-runs", _V2),
)
LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def pending_migrations(version: int) -> list[Migration]:
    return [m for m in MIGRATIONS if m.version > version]


def apply_migration(conn: sqlite3.Connection, migration: Migration) -> None:
    """Run one migration and its version bump atomically (the connection is in autocommit)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if schema_version(conn) >= migration.version:  # another process got here first
            conn.execute("ROLLBACK")
            return
        for statement in migration.statements:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                     (migration.version, migration.name))
        conn.execute(f"PRAGMA user_version = {int(migration.version)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
