"""Read the store: filtered event lists, one event in full, and article lookups.

These are what ``export`` and the HTTP API call; they only read, so they work on a
read-only connection while a run writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from conflictcoder.model import Article, Event, EventRecord, TollRevision
from conflictcoder.store.codec import from_plain
from conflictcoder.store.merging import load_records

ORDERS = {
    "date": "e.event_date, e.id_cnty",
    "-date": "e.event_date DESC, e.id_cnty DESC",
    "fatalities": "e.fatalities, e.event_date, e.id_cnty",
    "-fatalities": "e.fatalities DESC, e.event_date, e.id_cnty",
    "changed": "e.changed_run, e.event_date, e.id_cnty",
    "-changed": "e.changed_run DESC, e.event_date DESC, e.id_cnty",
}


@dataclass(frozen=True, slots=True)
class StoredEvent:
    event: Event
    status: str  # "active", or "merged" (retired into ``merged_into``)
    changed_run: int
    timestamp: int | None  # Unix time of the run that last changed it (ACLED's timestamp)
    merged_into: str | None = None

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def id_cnty(self) -> str:
        return self.event.id_cnty


@dataclass(frozen=True, slots=True)
class EventDetail:
    stored: StoredEvent
    records: tuple[EventRecord, ...]
    articles: tuple[Article, ...]  # the originals behind the records
    copies: dict[str, tuple[Article, ...]] = field(default_factory=dict)  # syndicated copies
    toll_history: tuple[TollRevision, ...] = ()
    merge_log: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class EventFilter:
    country: str | None = None  # country name, ISO alpha-2 or alpha-3
    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    event_type: str | None = None  # event type or sub-event type
    actor: str | None = None  # part of an actor name
    min_fatalities: int | None = None
    text: str | None = None  # part of the notes, location or actors
    include_retired: bool = False

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = [] if self.include_retired else ["e.status = 'active'"]
        params: list[Any] = []
        if self.country:
            value = self.country.strip()
            clauses.append("(lower(e.country) = lower(?) OR upper(e.iso2) = upper(?) "
                           "OR (length(?) = 3 AND substr(e.id_cnty, 1, 3) = upper(?)))")
            params += [value] * 4
        if self.since:
            clauses.append("e.event_date >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append("e.event_date <= ?")
            params.append(self.until.isoformat())
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            clauses.append("e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ?")
            params += [min_lon, max_lon, min_lat, max_lat]
        if self.event_type:
            clauses.append("(lower(e.event_type) = lower(?) OR lower(e.sub_event_type) = lower(?))")
            params += [self.event_type, self.event_type]
        if self.actor:
            clauses.append("e.actors LIKE ?")
            params.append(f"%{self.actor}%")
        if self.min_fatalities is not None:
            clauses.append("e.fatalities >= ?")
            params.append(self.min_fatalities)
        if self.text:
            clauses.append("(e.notes LIKE ? OR e.location LIKE ? OR e.actors LIKE ?)")
            params += [f"%{self.text}%"] * 3
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_SELECT = ("SELECT e.json, e.status, e.changed_run, e.merged_into, r.started_at "
           "FROM events e LEFT JOIN runs r ON r.id = e.changed_run")


def _timestamp(started_at: str | None) -> int | None:
    return int(datetime.fromisoformat(started_at).timestamp()) if started_at else None


def _stored(row: sqlite3.Row | tuple[Any, ...]) -> StoredEvent:
    event = from_plain(Event, json.loads(row[0]))
    return StoredEvent(event=event, status=row[1], changed_run=row[2], merged_into=row[3],
                       timestamp=_timestamp(row[4]))


def iter_events(conn: sqlite3.Connection, where: EventFilter | None = None, *,
                order: str = "date", limit: int | None = None,
                offset: int = 0) -> Iterator[StoredEvent]:
    """Events matching ``where``, streamed (export reads millions this way)."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; choose one of {', '.join(ORDERS)}")
    clause, params = (where or EventFilter()).where()
    sql = f"{_SELECT}{clause} ORDER BY {ORDERS[order]}"
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
    for row in conn.execute(sql, params):
        yield _stored(row)


def query_events(
    conn: sqlite3.Connection,
    *,
    country: str | None = None,
    since: date | None = None,
    until: date | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    event_type: str | None = None,
    actor: str | None = None,
    min_fatalities: int | None = None,
    text: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
    order: str = "date",
) -> list[StoredEvent]:
    """A page of active events matching every given filter."""
    where = EventFilter(country, since, until, bbox, event_type, actor, min_fatalities, text)
    return list(iter_events(conn, where, order=order, limit=limit, offset=offset))


def count_events(conn: sqlite3.Connection, where: EventFilter | None = None) -> int:
    clause, params = (where or EventFilter()).where()
    return int(conn.execute(f"SELECT count(*) FROM events e{clause}", params).fetchone()[0])


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], text=row["text"] or "", url=row["url"], outlet=row["outlet"],
        title=row["title"], byline=row["byline"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        wire=row["wire"], language=row["language"], origin=row["origin"],
    )


def get_articles(conn: sqlite3.Connection, article_ids: list[str]) -> list[Article]:
    found: dict[str, Article] = {}
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
            found[row["id"]] = _article(row)
    return [found[a] for a in article_ids if a in found]


def get_event(conn: sqlite3.Connection, event_id: str) -> EventDetail | None:
    """One event (by content id or ACLED-style id) with its records, articles, toll history
    and merge log; None when there is no such event."""
    row = conn.execute(f"{_SELECT} WHERE e.id = ? OR e.id_cnty = ?",
                       (event_id, event_id)).fetchone()
    if row is None:
        return None
    stored = _stored(row)
    event = stored.event
    records = load_records(conn, event.record_ids)
    articles = get_articles(conn, list(event.article_ids))
    copies: dict[str, tuple[Article, ...]] = {}
    for article_id in event.article_ids:
        rows = conn.execute("SELECT * FROM articles WHERE duplicate_of = ? ORDER BY published, id",
                            (article_id,)).fetchall()
        if rows:
            copies[article_id] = tuple(_article(r) for r in rows)
    log = tuple(
        {"run": r["run"], "action": r["action"], "event_id": r["event_id"],
         "other_event_id": r["other_event_id"], "records": r["records"]}
        for r in conn.execute("SELECT * FROM merge_log WHERE event_id = ? OR other_event_id = ? "
                              "ORDER BY id", (event.id, event.id))
    )
    return EventDetail(stored=stored, records=tuple(records), articles=tuple(articles),
                       copies=copies, toll_history=event.toll_history, merge_log=log)
