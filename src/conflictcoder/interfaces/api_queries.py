"""Read-only queries the HTTP API needs beyond the store's own (``store.queries``).

Every statement is parameterised; the only SQL text built here comes from
fixed strings. Filters reuse the store's :class:`EventFilter` and add admin1.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from conflictcoder.export.rows import record_row
from conflictcoder.model import (
    Article,
    DatePrecision,
    DateValue,
    EventRecord,
    Place,
    PlacePrecision,
)
from conflictcoder.store.queries import ORDERS, EventFilter, StoredEvent, _stored

_SELECT = ("SELECT e.json, e.status, e.changed_run, e.merged_into, r.started_at "
           "FROM events e LEFT JOIN runs r ON r.id = e.changed_run")


@dataclass(frozen=True, slots=True)
class ApiFilter:
    """The store's filter plus what the dashboard asks for and the store lacks (admin1)."""

    base: EventFilter
    admin1: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clause, params = self.base.where()
        if self.admin1:
            extra = "lower(e.admin1) = lower(?)"
            clause = f"{clause} AND {extra}" if clause else f" WHERE {extra}"
            params = [*params, self.admin1]
        return clause, params


# A map feature carries neither the evidence (provenance), the figures nor the toll
# history: SQLite leaves them out of the JSON, so Python neither parses nor rebuilds them.
_SELECT_LIGHT = (
    "SELECT json_remove(e.json, '$.record.provenance', '$.record.figures', '$.toll_history'), "
    "e.status, e.changed_run, e.merged_into, r.started_at "
    "FROM events e LEFT JOIN runs r ON r.id = e.changed_run"
)


def iter_events(conn: sqlite3.Connection, where: ApiFilter, *, order: str = "date",
                limit: int | None = None, offset: int = 0,
                light: bool = False) -> Iterator[StoredEvent]:
    """Stored events in ``order``; ``light`` leaves out their provenance, figures and toll
    history (what a GeoJSON feature drops anyway)."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    clause, params = where.where()
    # Sort and page on the narrow columns first, then read the JSON of that page only
    # (sorting would otherwise carry every matching event's JSON through the sort).
    select = _SELECT_LIGHT if light else _SELECT
    sql = (f"{select} WHERE e.rowid IN (SELECT e.rowid FROM events e{clause} "
           f"ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?) ORDER BY {ORDERS[order]}")
    for row in conn.execute(sql, [*params, -1 if limit is None else limit, offset]):
        yield _stored(row)


def count_events(conn: sqlite3.Connection, where: ApiFilter) -> int:
    clause, params = where.where()
    return int(conn.execute(f"SELECT count(*) FROM events e{clause}", params).fetchone()[0])


def totals(conn: sqlite3.Connection, where: ApiFilter) -> dict[str, Any]:
    """Events, fatalities, countries and the date span of the whole filtered set."""
    clause, params = where.where()
    n, dead, countries, first, last = conn.execute(
        "SELECT count(*), coalesce(sum(e.fatalities), 0), count(DISTINCT nullif(e.country, '')), "
        f"min(e.event_date), max(e.event_date) FROM events e{clause}", params).fetchone()
    return {"events": n, "fatalities": dead, "countries": countries, "first_date": first,
            "last_date": last}


def timeline(conn: sqlite3.Connection, where: ApiFilter) -> list[dict[str, Any]]:
    """Events and fatalities per day for the filtered set."""
    clause, params = where.where()
    rows = conn.execute(
        f"SELECT e.event_date, count(*), coalesce(sum(e.fatalities), 0) FROM events e{clause} "
        "GROUP BY e.event_date ORDER BY e.event_date", params)
    return [{"date": d, "events": n, "fatalities": f} for d, n, f in rows]


def facets(conn: sqlite3.Connection, *, top_actors: int = 300) -> dict[str, Any]:
    """What the filters can offer: countries, admin1s, types, the most active actors, dates.

    One scan of the events table, aggregated here (each scan of a large store costs)."""
    countries: dict[tuple[str, str], int] = {}
    admin1: dict[tuple[str, str], int] = {}
    types: dict[tuple[str, str], int] = {}
    total = dead = 0
    first = last = None
    for country, iso2, adm1, etype, sub, n, fatalities, low, high in conn.execute(
            "SELECT country, iso2, admin1, event_type, sub_event_type, count(*), "
            "coalesce(sum(fatalities), 0), min(event_date), max(event_date) FROM events e "
            "WHERE e.status = 'active' GROUP BY 1, 2, 3, 4, 5"):
        total += n
        dead += fatalities
        first = low if first is None or low < first else first
        last = high if last is None or high > last else last
        if country:
            countries[(country, iso2)] = countries.get((country, iso2), 0) + n
        if country and adm1:
            admin1[(country, adm1)] = admin1.get((country, adm1), 0) + n
        types[(etype, sub)] = types.get((etype, sub), 0) + n
    actors = [
        {"actor": name, "events": n}
        for name, n in conn.execute(
            "SELECT a.name, count(DISTINCT r.event_id) AS n FROM actors a "
            "JOIN record_actors ra ON ra.actor_id = a.id JOIN records r ON r.id = ra.record_id "
            "JOIN events e ON e.id = r.event_id WHERE e.status = 'active' "
            "GROUP BY a.name ORDER BY n DESC, a.name LIMIT ?", (top_actors,))
    ]
    return {
        "countries": [{"country": c, "iso2": i, "events": n} for (c, i), n in
                      sorted(countries.items(), key=lambda item: (-item[1], item[0]))],
        "admin1": [{"country": c, "admin1": a, "events": n}
                   for (c, a), n in sorted(admin1.items())],
        "types": [{"event_type": t, "sub_event_type": s, "events": n}
                  for (t, s), n in sorted(types.items())],
        "actors": actors, "first_date": first, "last_date": last, "events": total,
        "fatalities": dead,
    }


def event_row(stored: StoredEvent) -> dict[str, Any]:
    """An event as the contract's flat row: the canonical record with the event's ids,
    every source that reported it and ACLED's timestamp."""
    event = stored.event
    row = record_row(event.record)
    row.pop("article_id", None)
    row.pop("record_id", None)
    row = {"event_id": event.id, "event_id_cnty": event.id_cnty, **row}
    row["source"] = "; ".join(event.sources) or row.get("source", "")
    row["number_of_sources"] = len(event.article_ids)
    row["timestamp"] = stored.timestamp
    row["status"] = stored.status
    if stored.merged_into:
        row["merged_into"] = stored.merged_into
    return row


SUMMARY_KEYS = ("event_id", "event_id_cnty", "event_date", "time_precision", "event_type",
                "sub_event_type", "actor1", "actor2", "country", "admin1", "admin2", "location",
                "latitude", "longitude", "geo_precision", "fatalities", "source",
                "number_of_sources", "civilian_targeting", "notes")


def event_summary(stored: StoredEvent) -> dict[str, Any]:
    """The fields a list, a table or a map marker needs (no provenance, no figures)."""
    row = event_row(stored)
    summary = {key: row.get(key) for key in SUMMARY_KEYS}
    summary["claims"] = sum(c["best"] for c in row["claims"] if c["kind"] == "killed")
    return summary


_TIME_PRECISION = {p: DateValue(date.min, date.min, p, None, "").acled_time_precision
                   for p in get_args(DatePrecision)}
_GEO_PRECISION = {p: Place("", "", "", "", None, "", precision=p).acled_geo_precision
                  for p in get_args(PlacePrecision)}
# One json_extract with several paths parses each event's JSON once (SQLite 3.38+
# parses again for every call); the result is a small JSON array.
_SUMMARY_SQL = (
    "SELECT e.id, e.id_cnty, e.event_date, e.event_type, e.sub_event_type, e.country, "
    "e.admin1, e.admin2, e.location, e.latitude, e.longitude, e.fatalities, e.sources, "
    "e.reports, e.notes, json_extract(e.json, '$.record.actor1.name', '$.record.actor2.name', "
    "'$.record.place.precision', '$.record.date.precision', '$.record.civilian_targeting', "
    "'$.record.claims') FROM events e"
)


def iter_summaries(conn: sqlite3.Connection, where: ApiFilter, *, order: str = "date",
                   limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
    """What :func:`event_summary` gives, read from columns and JSON paths in SQLite
    (no decoding of whole events: a map of 20,000 markers must not wait on it)."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    clause, params = where.where()
    # Page first, by rowid, then read the JSON of that page only: sorting would otherwise
    # extract it from every matching event.
    sql = (f"{_SUMMARY_SQL} WHERE e.rowid IN (SELECT e.rowid FROM events e{clause} "
           f"ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?) ORDER BY {ORDERS[order]}")
    for row in conn.execute(sql, [*params, -1 if limit is None else limit, offset]):
        (event_id, id_cnty, event_date, event_type, sub_event_type, country, admin1, admin2,
         location, lat, lon, fatalities, sources, reports, notes, extracted) = row
        actor1, actor2, place_precision, date_precision, civilian, claims = json.loads(extracted)
        yield {
            "event_id": event_id, "event_id_cnty": id_cnty, "event_date": event_date,
            "time_precision": _TIME_PRECISION.get(date_precision),
            "event_type": event_type, "sub_event_type": sub_event_type,
            "actor1": actor1 or "", "actor2": actor2 or "", "country": country,
            "admin1": admin1, "admin2": admin2, "location": location, "latitude": lat,
            "longitude": lon, "geo_precision": _GEO_PRECISION.get(place_precision),
            "fatalities": fatalities, "source": sources, "number_of_sources": reports,
            "civilian_targeting": "Civilian targeting" if civilian else "", "notes": notes,
            "claims": sum(c["best"] for c in claims or () if c.get("kind") == "killed"),
        }


def _sentence_bounds(text: str, start: int, end: int, sentence: str) -> tuple[int, int]:
    """Where the sentence holding ``[start, end)`` lies in ``text``.

    The store keeps each provenance entry's sentence text, not its offsets: find the
    occurrence that covers the span; failing that, widen to the nearest full stops.
    """
    if sentence:
        at = text.rfind(sentence, 0, start + len(sentence))
        while at != -1:
            if at <= start and end <= at + len(sentence):
                return at, at + len(sentence)
            at = text.rfind(sentence, 0, at)
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_dot, right_nl = text.find(". ", end), text.find("\n", end)
    ends = [i for i in (right_dot + 1 if right_dot != -1 else -1, right_nl) if i != -1]
    return (left + 1 if left != -1 else 0), (min(ends) if ends else len(text))


def evidence(article: Article, records: list[EventRecord]) -> list[dict[str, Any]]:
    """The sentences of ``article`` that gave the records' values, each with the
    character ranges (relative to the sentence) of the words behind each field."""
    text = article.text
    sentences: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for record in records:
        for entry in record.provenance:
            span = entry.span
            if span.article_id != article.id or not 0 <= span.start < span.end <= len(text):
                continue
            bounds = _sentence_bounds(text, span.start, span.end, entry.sentence)
            marks = sentences.setdefault(bounds, [])
            mark = {"field": entry.field, "start": span.start - bounds[0],
                    "end": span.end - bounds[0], "text": text[span.start:span.end],
                    "record_id": record.id}
            if not any(m["field"] == mark["field"] and m["start"] == mark["start"]
                       for m in marks):
                marks.append(mark)
    out = []
    for (s, e), marks in sorted(sentences.items()):
        lead = len(text[s:e]) - len(text[s:e].lstrip())  # keep marks aligned when trimming
        for mark in marks:
            mark["start"] -= lead
            mark["end"] -= lead
        out.append({"start": s + lead, "end": e, "sentence": text[s + lead:e].rstrip(),
                     "marks": sorted(marks, key=lambda m: (m["start"], -m["end"]))})
    return out


def article_dict(article: Article, *, copies: tuple[Article, ...] = ()) -> dict[str, Any]:
    return {
        "id": article.id, "url": article.url, "outlet": article.outlet, "title": article.title,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "wire": article.wire,
        "copies": [{"id": c.id, "url": c.url, "outlet": c.outlet, "title": c.title,
                    "published": c.published.isoformat() if c.published else None}
                   for c in copies],
    }
