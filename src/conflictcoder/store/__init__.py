"""The event store: SQLite in WAL mode, migrated, idempotent and crash-safe.

``open_database`` opens it (a writer creates and migrates it); ``query_events``,
``iter_events`` and ``get_event`` read it; the runner writes it through
``writes`` and merges with ``merging.merge_pending``.
"""

from __future__ import annotations

from conflictcoder.store.database import StoreError, open_database, write_transaction
from conflictcoder.store.migrations import LATEST_VERSION
from conflictcoder.store.queries import (
    EventDetail,
    EventFilter,
    StoredEvent,
    count_events,
    get_articles,
    get_event,
    iter_events,
    query_events,
)

__all__ = [
    "LATEST_VERSION",
    "EventDetail",
    "EventFilter",
    "StoreError",
    "StoredEvent",
    "count_events",
    "get_articles",
    "get_event",
    "iter_events",
    "open_database",
    "query_events",
    "write_transaction",
]
