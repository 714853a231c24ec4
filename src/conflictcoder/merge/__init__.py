"""Merging: syndicated copies out before extraction, then records -> canonical events.

The steps are pure functions: ``dedup`` (Simhash fingerprints), ``linkage``
(``candidate_pairs`` -> ``score_pair`` -> ``cluster``), ``canonical``
(``canonical_event``, toll history, notes) and ``identity`` (stable ids, merge
and split log). The store runs them over what it holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from conflictcoder.merge.canonical import Report, canonical_event, report_order, toll_history
from conflictcoder.merge.dedup import Fingerprint, FingerprintIndex, simhash
from conflictcoder.merge.identity import Assignment, LogEntry, assign_ids, new_event_id
from conflictcoder.merge.linkage import candidate_pairs, cluster, reports_toll, score_pair
from conflictcoder.merge.settings import MergeSettings
from conflictcoder.model import Event, EventRecord


def merge_records(
    records: Sequence[EventRecord],
    reports: Mapping[str, Report],
    settings: MergeSettings | None = None,
) -> list[Event]:
    """Records from many reports -> canonical events with fresh ids (no prior state)."""
    settings = settings or MergeSettings()
    by_id = {r.id: r for r in records}
    events = []
    for group in cluster(records, settings):
        members = [by_id[rid] for rid in group]
        founder = min(members, key=report_order(reports)).id
        events.append(canonical_event(members, reports, event_id=new_event_id(founder, ())))
    return sorted(events, key=lambda e: (e.record.date.end, e.id))


__all__ = [
    "Assignment",
    "Fingerprint",
    "FingerprintIndex",
    "LogEntry",
    "MergeSettings",
    "Report",
    "assign_ids",
    "candidate_pairs",
    "canonical_event",
    "cluster",
    "merge_records",
    "new_event_id",
    "reports_toll",
    "score_pair",
    "simhash",
    "toll_history",
]
