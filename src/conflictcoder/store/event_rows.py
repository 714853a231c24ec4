"""Stored events as flat rows: the contract row of the canonical record, with the event's
ids, sources, notes, toll history and timestamp. Every writer (CSV, GeoJSON, JSONL,
Parquet) reads these rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from conflictcoder.export.rows import record_row
from conflictcoder.model import Article
from conflictcoder.store.queries import EventFilter, StoredEvent, get_articles, iter_events


def event_row(stored: StoredEvent, article: Article | None = None) -> dict[str, Any]:
    """``article`` is the first report (its url, title and date describe the source)."""
    event = stored.event
    row = record_row(event.record, article)
    row.update({
        "event_id_cnty": event.id_cnty,
        "event_id": event.id_cnty,  # UCDP's id column
        "event_uid": event.id,  # the content-hash id, stable across runs
        "status": stored.status,
        "source": "; ".join(event.sources) or row.get("source", ""),
        "number_of_sources": len(event.sources) or 1,
        "timestamp": stored.timestamp if stored.timestamp is not None else "",
        "tags": "",
        "source_scale": "",
        "record_ids": list(event.record_ids),
        "article_ids": list(event.article_ids),
        "toll_history": [
            {"reported": t.reported.isoformat() if t.reported else None,
             "fatalities": t.fatalities, "article_id": t.article_id, "source": t.source}
            for t in event.toll_history
        ],
    })
    return row


def iter_event_rows(conn: sqlite3.Connection, where: EventFilter | None = None, *,
                    order: str = "date") -> Iterator[dict[str, Any]]:
    for stored in iter_events(conn, where, order=order):
        first = stored.event.article_ids[:1]
        articles = get_articles(conn, list(first)) if first else []
        yield event_row(stored, articles[0] if articles else None)
