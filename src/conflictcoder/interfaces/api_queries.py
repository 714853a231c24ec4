"""Read-only queries the HTTP API needs beyond the store's own (``store.queries``).

Every statement is parameterised; the only SQL text built here comes from
fixed strings. Filters reuse the store's :class:`EventFilter` and add admin1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from conflictcoder.export.rows import record_row
from conflictcoder.model import Article, EventRecord
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


def iter_events(conn: sqlite3.Connection, where: ApiFilter, *, order: str = "date",
                limit: int | None = None, offset: int = 0) -> Iterator[StoredEvent]:
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    clause, params = where.where()
    sql = f"{_SELECT}{clause} ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?"
    for row in conn.execute(sql, [*params, -1 if limit is None else limit, offset]):
        yield _stored(row)


def count_events(conn: sqlite3.Connection, where: ApiFilter) -> int:
    clause, params = where.where()
    return int(conn.execute(f"SELECT count(*) FROM events e{clause}", params).fetchone()[0])


def timeline(conn: sqlite3.Connection, where: ApiFilter) -> list[dict[str, Any]]:
    """Events and fatalities per day for the filtered set."""
    clause, params = where.where()
    rows = conn.execute(
        f"SELECT e.event_date, count(*), coalesce(sum(e.fatalities), 0) FROM events e{clause} "
        "GROUP BY e.event_date ORDER BY e.event_date", params)
    return [{"date": d, "events": n, "fatalities": f} for d, n, f in rows]


def facets(conn: sqlite3.Connection, *, top_actors: int = 300) -> dict[str, Any]:
    """What the filters can offer: countries, admin1s, types, the most active actors, dates."""
    active = "e.status = 'active'"
    countries = [
        {"country": c, "iso2": i, "events": n}
        for c, i, n in conn.execute(
            f"SELECT country, iso2, count(*) FROM events e WHERE {active} AND country != '' "
            "GROUP BY country, iso2 ORDER BY count(*) DESC, country")
    ]
    admin1 = [
        {"country": c, "admin1": a, "events": n}
        for c, a, n in conn.execute(
            f"SELECT country, admin1, count(*) FROM events e WHERE {active} AND admin1 != '' "
            "GROUP BY country, admin1 ORDER BY country, admin1")
    ]
    types = [
        {"event_type": t, "sub_event_type": s, "events": n}
        for t, s, n in conn.execute(
            f"SELECT event_type, sub_event_type, count(*) FROM events e WHERE {active} "
            "GROUP BY event_type, sub_event_type ORDER BY event_type, sub_event_type")
    ]
    actors = [
        {"actor": name, "events": n}
        for name, n in conn.execute(
            "SELECT a.name, count(DISTINCT r.event_id) AS n FROM actors a "
            "JOIN record_actors ra ON ra.actor_id = a.id JOIN records r ON r.id = ra.record_id "
            "JOIN events e ON e.id = r.event_id WHERE e.status = 'active' "
            "GROUP BY a.name ORDER BY n DESC, a.name LIMIT ?", (top_actors,))
    ]
    first, last, total, dead = conn.execute(
        f"SELECT min(event_date), max(event_date), count(*), coalesce(sum(fatalities), 0) "
        f"FROM events e WHERE {active}").fetchone()
    return {"countries": countries, "admin1": admin1, "types": types, "actors": actors,
            "first_date": first, "last_date": last, "events": total, "fatalities": dead}


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
