"""Stable event ids across runs: who keeps an id when clusters change.

A new cluster takes over the existing event it shares the most records with (ties
go to the older event), so an event keeps its id when a later report joins it or
revises its toll. An existing event whose records all went into another event is
retired as merged into it (ACLED deletes merged duplicates and publishes the
deletion); records that leave an event for another are logged as a split.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Mapping, Sequence
from dataclasses import dataclass

from conflictcoder.model import content_id


@dataclass(frozen=True, slots=True)
class Assignment:
    record_ids: tuple[str, ...]
    event_id: str
    is_new: bool


@dataclass(frozen=True, slots=True)
class LogEntry:
    action: str  # "merge": event retired into another; "split": records left for another event
    event_id: str
    other_event_id: str
    records: int


class _Either:
    """Membership in either of two collections (``taken`` may be a lazy database view)."""

    def __init__(self, first: Container[str], second: Container[str]) -> None:
        self.first, self.second = first, second

    def __contains__(self, item: object) -> bool:
        return item in self.second or item in self.first


def new_event_id(founding_record_id: str, taken: Container[str]) -> str:
    """A content id from the event's first record, unique among ``taken``."""
    candidate = content_id("event", founding_record_id)
    counter = 1
    while candidate in taken:
        candidate = content_id("event", founding_record_id, str(counter))
        counter += 1
    return candidate


def assign_ids(
    clusters: Sequence[Sequence[str]],
    founders: Sequence[str],
    existing: Mapping[str, Collection[str]],
    seniority: Mapping[str, object],
    taken: Container[str],
) -> tuple[list[Assignment], list[LogEntry]]:
    """Give each cluster an event id.

    ``founders[i]`` is cluster i's earliest-reported record; ``existing`` maps the
    active events involved to their current record ids; ``seniority`` orders
    events (smaller = older); ``taken`` holds every id ever used.
    """
    record_owner = {rid: eid for eid, rids in existing.items() for rid in rids}
    overlaps: list[tuple[int, object, str, int]] = []
    for index, cluster in enumerate(clusters):
        counts: dict[str, int] = {}
        for rid in cluster:
            if rid in record_owner:
                counts[record_owner[rid]] = counts.get(record_owner[rid], 0) + 1
        overlaps.extend((-n, seniority.get(eid, ""), eid, index) for eid, n in counts.items())
    overlaps.sort(key=lambda t: (t[0], str(t[1]), t[2], t[3]))
    event_of: dict[int, str] = {}
    used: set[str] = set()
    for _, _, eid, index in overlaps:
        if index in event_of or eid in used:
            continue
        event_of[index] = eid
        used.add(eid)
    fresh: set[str] = set()
    assignments = []
    for index, cluster in enumerate(clusters):
        eid = event_of.get(index)
        if eid is None:
            eid = new_event_id(founders[index], _Either(taken, fresh))
            fresh.add(eid)
        assignments.append(Assignment(tuple(cluster), eid, index not in event_of))
    return assignments, _log(assignments, existing, record_owner, used)


def _log(assignments: Sequence[Assignment], existing: Mapping[str, Collection[str]],
         record_owner: Mapping[str, str], kept: set[str]) -> list[LogEntry]:
    moved: dict[tuple[str, str], int] = {}
    for assignment in assignments:
        for rid in assignment.record_ids:
            old = record_owner.get(rid)
            if old is not None and old != assignment.event_id:
                moved[(old, assignment.event_id)] = moved.get((old, assignment.event_id), 0) + 1
    entries = []
    for old in sorted(existing):
        targets = sorted(((n, new) for (src, new), n in moved.items() if src == old),
                         key=lambda t: (-t[0], t[1]))
        for position, (n, new) in enumerate(targets):
            action = "merge" if old not in kept and position == 0 else "split"
            entries.append(LogEntry(action, old, new, n))
    return entries


def retired(existing: Mapping[str, Collection[str]],
            assignments: Sequence[Assignment]) -> list[str]:
    """Existing events that no cluster kept."""
    kept = {a.event_id for a in assignments}
    return sorted(eid for eid in existing if eid not in kept)
