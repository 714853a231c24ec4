"""The merge step over the database: pending records -> events, with stable ids.

Pending records (stored, not yet in an event) are clustered together with the
already-merged records of their neighbourhood (same country, dates within the
window, and every record of any event touched), and the result is written in
one transaction: new events get a content-hash id and the next ACLED-style
number for their country; existing events keep their ids; changed events are
rewritten with their toll history; retired and split events are logged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from conflictcoder.merge.canonical import Report, canonical_event, report_order
from conflictcoder.merge.identity import assign_ids, retired
from conflictcoder.merge.linkage import cluster
from conflictcoder.merge.settings import MergeSettings
from conflictcoder.model import Event, EventRecord
from conflictcoder.store.codec import dumps, record_from_json
from conflictcoder.store.database import write_transaction

_CHUNK = 500  # ids per IN (...) query, under SQLite's variable limit


@dataclass(slots=True)
class MergeCounts:
    records: int = 0
    events_new: int = 0
    events_updated: int = 0
    events_retired: int = 0
    log_entries: int = 0

    def add(self, other: MergeCounts) -> None:
        self.records += other.records
        self.events_new += other.events_new
        self.events_updated += other.events_updated
        self.events_retired += other.events_retired
        self.log_entries += other.log_entries


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _in(column: str, count: int) -> str:
    return f"{column} IN ({','.join('?' * count)})"


def load_reports(conn: sqlite3.Connection, article_ids: Collection[str]) -> dict[str, Report]:
    """Publication date and outlets (syndicated copies included) of each article."""
    ids = sorted(set(article_ids))
    outlets: dict[str, list[str]] = {}
    info: dict[str, tuple[str | None, str]] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(f"SELECT id, published, outlet FROM articles WHERE "
                                f"{_in('id', len(chunk))}", chunk):
            info[row[0]] = (row[1], row[2])
            outlets.setdefault(row[0], []).insert(0, row[2])
        for row in conn.execute(f"SELECT duplicate_of, outlet FROM articles WHERE "
                                f"{_in('duplicate_of', len(chunk))} ORDER BY published, id",
                                chunk):
            outlets.setdefault(row[0], []).append(row[1])
    return {
        aid: Report(aid, date.fromisoformat(pub) if pub else None, outlet,
                    tuple(dict.fromkeys(o for o in outlets.get(aid, []) if o)))
        for aid, (pub, outlet) in info.items()
    }


def load_records(conn: sqlite3.Connection, record_ids: Collection[str]) -> list[EventRecord]:
    ids = sorted(set(record_ids))
    found = []
    for chunk in _chunks(ids):
        rows = conn.execute(f"SELECT json FROM records WHERE {_in('id', len(chunk))}", chunk)
        found.extend(record_from_json(row[0]) for row in rows)
    return sorted(found, key=lambda r: r.id)


@lru_cache(maxsize=512)
def country_prefix(iso2: str) -> str:
    """ACLED-style id prefix: the ISO 3166 alpha-3 code (PAK), or XXX when unknown."""
    import pycountry

    if len(iso2) == 2:
        country = pycountry.countries.get(alpha_2=iso2.upper())
        if country is not None:
            return str(country.alpha_3)
    return "XXX"


class _TakenIds:
    """Every event id ever used, looked up lazily (retired ids stay taken)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __contains__(self, item: object) -> bool:
        row = self.conn.execute("SELECT 1 FROM events WHERE id = ?", (item,)).fetchone()
        return row is not None


def _next_number(conn: sqlite3.Connection, prefix: str) -> int:
    row = conn.execute("SELECT last FROM id_counters WHERE prefix = ?", (prefix,)).fetchone()
    number = (row[0] if row else 0) + 1
    conn.execute("INSERT INTO id_counters (prefix, last) VALUES (?, ?) ON CONFLICT(prefix) "
                 "DO UPDATE SET last = excluded.last", (prefix, number))
    return number


def _windows(rows: Sequence[sqlite3.Row], window: timedelta) -> list[tuple[date, date]]:
    """The pending records' date ranges widened by ``window``, overlapping ones joined (a
    run over a few days of news then reads a few days of the store, not years)."""
    spans = sorted((date.fromisoformat(r["date_start"]) - window,
                    date.fromisoformat(r["date_end"]) + window) for r in rows)
    joined: list[tuple[date, date]] = []
    for low, high in spans:
        if joined and low <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], high))
        else:
            joined.append((low, high))
    return joined


def _neighbourhood(conn: sqlite3.Connection, pending: Sequence[sqlite3.Row],
                   settings: MergeSettings) -> tuple[set[str], dict[str, set[str]]]:
    """Record ids to cluster, and the current members of every event they touch."""
    window = timedelta(days=settings.max_days_apart + 1)
    by_country: dict[str, list[sqlite3.Row]] = {}
    for row in pending:
        by_country.setdefault(row["country_key"], []).append(row)
    record_ids = {row["id"] for row in pending}
    events: dict[str, set[str]] = {}
    for key, rows in sorted(by_country.items()):
        for low, high in _windows(rows, window):
            for row in conn.execute(
                "SELECT id, event_id FROM records WHERE country_key = ? AND event_id IS NOT NULL "
                "AND date_start <= ? AND date_end >= ?", (key, high.isoformat(), low.isoformat())
            ):
                record_ids.add(row[0])
                events.setdefault(row[1], set())
    for chunk in _chunks(sorted(events)):
        for row in conn.execute(f"SELECT id, event_id FROM records WHERE "
                                f"{_in('event_id', len(chunk))}", chunk):
            record_ids.add(row[0])
            events[row[1]].add(row[0])
    return record_ids, events


def _event_row(event: Event, run_no: int) -> tuple[object, ...]:
    record = event.record
    place = record.place
    actors = [a.name for a in (record.actor1, record.actor2, *record.assoc_actor_1,
                               *record.assoc_actor_2) if a is not None]
    return (
        event.id, event.id_cnty, "active", None, record.date.end.isoformat(),
        record.date.start.isoformat(), record.date.end.isoformat(), record.date.end.year,
        place.country if place else "", place.iso2 if place else "",
        place.admin1 if place else "", place.admin2 if place else "",
        place.name if place else "", place.latitude if place else None,
        place.longitude if place else None, record.event_type, record.sub_event_type,
        "; ".join(actors), record.fatalities, "; ".join(event.sources), len(event.article_ids),
        record.notes, run_no, " ".join(event.record_ids), " ".join(event.article_ids),
        dumps(event),
    )


_EVENT_COLUMNS = ("id, id_cnty, status, merged_into, event_date, date_start, date_end, year, "
                  "country, iso2, admin1, admin2, location, latitude, longitude, event_type, "
                  "sub_event_type, actors, fatalities, sources, reports, notes, changed_run, "
                  "record_ids, article_ids, json")


def _write_event(conn: sqlite3.Connection, event: Event, run_no: int, *, is_new: bool) -> None:
    if not is_new:
        conn.execute("DELETE FROM toll_history WHERE event_id = ?", (event.id,))
    conn.execute(f"INSERT OR REPLACE INTO events ({_EVENT_COLUMNS}) VALUES "
                 f"({','.join('?' * 26)})", _event_row(event, run_no))
    conn.executemany(
        "INSERT INTO toll_history (event_id, position, reported, fatalities, article_id, source) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(event.id, i, t.reported.isoformat() if t.reported else None, t.fatalities,
          t.article_id, t.source) for i, t in enumerate(event.toll_history)],
    )


def merge_pending(
    conn: sqlite3.Connection,
    settings: MergeSettings,
    *,
    run_no: int,
    article_ids: Collection[str] | None = None,
) -> MergeCounts:
    """Merge pending records (only those of ``article_ids`` when given) in one transaction.

    The counts are added to run ``run_no``'s row in ``runs`` (if there is one) in the
    same transaction, so they are right however often the run was killed and resumed.
    """
    with write_transaction(conn):
        counts = _merge(conn, settings, run_no, article_ids)
        conn.execute("UPDATE runs SET events_new = events_new + ?, events_updated = "
                     "events_updated + ?, events_retired = events_retired + ? WHERE id = ?",
                     (counts.events_new, counts.events_updated, counts.events_retired, run_no))
    return counts


def _merge(conn: sqlite3.Connection, settings: MergeSettings, run_no: int,
           article_ids: Collection[str] | None) -> MergeCounts:
    pending = [
        row for row in conn.execute(
            "SELECT id, article_id, country_key, date_start, date_end FROM records "
            "WHERE event_id IS NULL ORDER BY id")
        if article_ids is None or row["article_id"] in article_ids
    ]
    counts = MergeCounts(records=len(pending))
    if not pending:
        return counts
    record_ids, existing = _neighbourhood(conn, pending, settings)
    records = load_records(conn, record_ids)
    by_id = {r.id: r for r in records}
    reports = load_reports(conn, {r.article_id for r in records})
    clusters = cluster(records, settings)
    order = report_order(reports)
    founders = [min((by_id[rid] for rid in group), key=order).id for group in clusters]
    stored = {
        row[0]: row for chunk in _chunks(sorted(existing)) for row in conn.execute(
            f"SELECT id, id_cnty, json FROM events WHERE {_in('id', len(chunk))}", chunk)
    }
    seniority = {eid: (len(row[1]), row[1]) for eid, row in stored.items()}
    assignments, log = assign_ids(clusters, founders, existing, seniority, _TakenIds(conn))
    new_events: list[Event] = []
    for assignment in assignments:
        members = [by_id[rid] for rid in assignment.record_ids]
        if assignment.is_new:
            new_events.append(canonical_event(members, reports, event_id=assignment.event_id))
            continue
        old = stored[assignment.event_id]
        event = canonical_event(members, reports, event_id=assignment.event_id, id_cnty=old[1])
        if dumps(event) != old[2]:
            _write_event(conn, event, run_no, is_new=False)
            counts.events_updated += 1
    new_events.sort(key=lambda e: (e.record.date.end, e.id))
    for event in new_events:
        prefix = country_prefix(event.record.place.iso2 if event.record.place else "")
        numbered = Event(event.id, event.record, event.record_ids, event.article_ids,
                         event.toll_history, f"{prefix}{_next_number(conn, prefix)}",
                         event.sources)
        _write_event(conn, numbered, run_no, is_new=True)
        counts.events_new += 1
    for assignment in assignments:
        ids = list(assignment.record_ids)
        for chunk in _chunks(ids):
            conn.execute(f"UPDATE records SET event_id = ? WHERE {_in('id', len(chunk))} AND "
                         "event_id IS NOT ?", (assignment.event_id, *chunk, assignment.event_id))
    into = {entry.event_id: entry.other_event_id for entry in log if entry.action == "merge"}
    for eid in retired(existing, assignments):
        conn.execute("UPDATE events SET status = 'merged', merged_into = ?, changed_run = ? "
                     "WHERE id = ?", (into.get(eid), run_no, eid))
        conn.execute("DELETE FROM toll_history WHERE event_id = ?", (eid,))
        counts.events_retired += 1
    conn.executemany(
        "INSERT INTO merge_log (run, action, event_id, other_event_id, records) "
        "VALUES (?, ?, ?, ?, ?)",
        [(run_no, e.action, e.event_id, e.other_event_id, e.records) for e in log],
    )
    counts.log_entries = len(log)
    return counts
