"""Record linkage: block -> score -> cluster (the shape of dedupe's ``cluster(score(pairs))``).

Blocking keeps only pairs in the same country whose dates lie within the window;
``score_pair`` compares date, place, actors, event type and casualties and
returns 0 when a hard gate says "different events"; ``cluster`` links pairs
best-first under complete linkage, never putting two records of one article
into one event (the extractor already split that article's events apart).
Every step sorts by ids, so the result does not depend on input order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from conflictcoder.merge.settings import MergeSettings
from conflictcoder.model import Actor, EventRecord, Place

_PRECISE = frozenset({"exact", "near"})
_AREA_RANK = {"exact": 0, "near": 1, "admin2": 2, "admin1": 3, "region": 4, "country": 5,
              "water": 5}
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_DEMONSTRATION = frozenset({"Protests", "Riots"})
# Cross-type pairs that reports of one event plausibly disagree on.
_COMPATIBLE_SUBTYPES = frozenset({
    frozenset({"Excessive force against protesters", "Attack"}),
    frozenset({"Mob violence", "Attack"}),
    frozenset({"Protest with intervention", "Violent demonstration"}),
    frozenset({"Excessive force against protesters", "Violent demonstration"}),
})
_GROUP_TYPES = frozenset({2, 3, 4, 8})
_AREA_SCORES = {"admin2": 0.55, "admin1": 0.4}  # a precise place inside a vaguer one
_NEXT_DAY = 0.35  # date score of two day-precise dates one day apart
# Placeholder actors every report of a place and day shares; they are no evidence.
_PLACEHOLDERS = ("Unidentified", "Civilians (", "Protesters (", "Rioters (")


@dataclass(frozen=True, slots=True)
class ScoredPair:
    a: str
    b: str
    score: float


def country_key(record: EventRecord) -> str:
    place = record.place
    return (place.iso2 or place.country) if place else ""


def day_gap(a: EventRecord, b: EventRecord) -> int:
    """Days between two date ranges (0 when they overlap)."""
    if a.date.end < b.date.start:
        return (b.date.start - a.date.end).days
    if b.date.end < a.date.start:
        return (a.date.start - b.date.end).days
    return 0


def candidate_pairs(
    records: Sequence[EventRecord], settings: MergeSettings
) -> Iterator[tuple[EventRecord, EventRecord]]:
    """Pairs in one country block whose dates are within the window, from different articles."""
    blocks: dict[str, list[EventRecord]] = {}
    for record in records:
        blocks.setdefault(country_key(record), []).append(record)
    for key in sorted(blocks):
        block = sorted(blocks[key], key=lambda r: (r.date.start, r.id))
        for i, first in enumerate(block):
            for second in block[i + 1 :]:
                if (second.date.start - first.date.end).days > settings.max_days_apart:
                    break
                if first.article_id == second.article_id:
                    continue
                if day_gap(first, second) <= settings.max_days_apart:
                    yield (first, second) if first.id < second.id else (second, first)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def date_score(a: EventRecord, b: EventRecord, settings: MergeSettings) -> float:
    gap = day_gap(a, b)
    if gap > settings.max_days_apart:
        return 0.0
    exact = a.date.precision == "day" and b.date.precision == "day"
    if gap == 0:
        return 1.0 if exact else 0.6
    # A day apart is a date misread as often as it is the next day's fighting: it takes
    # agreeing actors or tolls to link such reports.
    return _NEXT_DAY / gap if exact else 0.3


def _same_name(a: Place, b: Place) -> bool:
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    return bool(a.name) and a.name.casefold() == b.name.casefold() and a.admin1 == b.admin1


def _contains(area: Place, point: Place) -> bool:
    """Is the vaguer ``area`` (an admin unit) compatible with ``point``?"""
    if area.admin1 and point.admin1 and area.admin1 != point.admin1:
        return False
    if area.precision == "admin2" and area.admin2 and point.admin2:
        return area.admin2 == point.admin2
    return True


def place_score(a: Place | None, b: Place | None, settings: MergeSettings) -> float:
    """1 = same spot; 0 = a gate says different places."""
    if a is None or b is None:
        return 0.3
    if (a.iso2 or a.country) != (b.iso2 or b.country):
        return 0.0
    a_precise, b_precise = a.precision in _PRECISE, b.precision in _PRECISE
    if a_precise and b_precise:
        if _same_name(a, b):
            return 1.0
        if None in (a.latitude, a.longitude, b.latitude, b.longitude):
            return 0.4 if a.admin2 and a.admin2 == b.admin2 else 0.0
        km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        if km > settings.max_km_apart:
            return 0.0
        return 1.0 if km <= 1.0 else 1.0 - 0.4 * km / max(settings.max_km_apart, 1.0)
    area, point = (a, b) if _AREA_RANK.get(a.precision, 9) >= _AREA_RANK.get(b.precision, 9) \
        else (b, a)
    if not (_contains(area, point) or _same_name(area, point)):
        return 0.0
    # A district or province holds many events a day: containment alone is weak evidence.
    score = _AREA_SCORES.get(area.precision, 0.2)
    return score if a_precise or b_precise else 0.75 * score  # two vague places: weaker still


def _actors(record: EventRecord) -> list[Actor]:
    found = [record.actor1, record.actor2, *record.assoc_actor_1, *record.assoc_actor_2]
    return [a for a in found if a is not None]


def named_groups(record: EventRecord) -> frozenset[str]:
    """Armed groups named in the record (not placeholders like 'Unidentified Armed Group')."""
    return frozenset(
        a.name for a in _actors(record)
        if a.inter in _GROUP_TYPES and not a.name.startswith("Unidentified")
    )


def _specific(record: EventRecord) -> set[str]:
    """Actor names that tell events apart: not placeholders ('Unidentified Armed Group (X)',
    'Civilians (X)') and not state forces, which take part in most events of a country."""
    return {x.name for x in _actors(record)
            if x.inter != 1 and not x.name.startswith(_PLACEHOLDERS)}


def actor_score(a: EventRecord, b: EventRecord) -> tuple[float, bool]:
    """(overlap score, whether the two name different armed groups and share none)."""
    groups_a, groups_b = named_groups(a), named_groups(b)
    if groups_a and groups_b:
        shared = groups_a & groups_b
        return (1.0, False) if shared else (0.0, True)
    names_a, names_b = _specific(a), _specific(b)
    if not names_a or not names_b:
        return 0.5, False
    return 0.5 + 0.5 * len(names_a & names_b) / len(names_a | names_b), False


def type_factor(a: EventRecord, b: EventRecord, settings: MergeSettings) -> float:
    """1 for the same type; a penalty for compatible types; 0 for incompatible ones."""
    if a.sub_event_type == b.sub_event_type:
        return 1.0
    if a.event_type == b.event_type:
        return 0.95
    if a.event_type in _VIOLENT and b.event_type in _VIOLENT:
        return settings.cross_type_factor
    if frozenset({a.sub_event_type, b.sub_event_type}) in _COMPATIBLE_SUBTYPES:
        return settings.cross_type_factor
    if a.event_type in _DEMONSTRATION and b.event_type in _DEMONSTRATION:
        return settings.cross_type_factor
    return 0.0


def reports_toll(record: EventRecord) -> bool:
    """Whether the record gives a death toll at all (0 is a toll only when stated)."""
    return record.fatalities > 0 or any(
        f.kind == "killed" and not f.flag for f in record.figures
    )


def casualty_score(a: EventRecord, b: EventRecord) -> float:
    """Tolls are revised as bodies are found, so a difference lowers the score, never vetoes."""
    if not (reports_toll(a) and reports_toll(b)):
        return 0.6
    low, high = sorted((a.fatalities, b.fatalities))
    if low == high:
        return 1.0
    return 0.8 if low * 2 >= high else 0.5


def score_pair(a: EventRecord, b: EventRecord, settings: MergeSettings) -> float:
    """How likely two records report the same event, in [0, 1]; 0 means a gate failed."""
    if a.article_id == b.article_id and a.id != b.id:
        return 0.0
    kind = type_factor(a, b, settings)
    when = date_score(a, b, settings)
    where = place_score(a.place, b.place, settings)
    if kind == 0.0 or when == 0.0 or where == 0.0:
        return 0.0
    who, conflict = actor_score(a, b)
    score = (settings.weight_date * when + settings.weight_place * where
             + settings.weight_actors * who + settings.weight_casualties * casualty_score(a, b))
    if a.event_type != b.event_type and who < 0.75:
        # ACLED merges events of one day and place only when the actors are the same: two
        # types with different actors are two events (a bombing, then an unrelated clash).
        kind *= settings.cross_type_unshared_actors_factor
    score *= kind
    if conflict:
        score *= settings.actor_conflict_factor
    return round(score, 6)


def score_pairs(
    pairs: Iterable[tuple[EventRecord, EventRecord]], settings: MergeSettings
) -> list[ScoredPair]:
    return [ScoredPair(a.id, b.id, score_pair(a, b, settings)) for a, b in pairs]


def cluster(records: Sequence[EventRecord], settings: MergeSettings) -> list[tuple[str, ...]]:
    """Partition records into events: best pairs first, complete linkage, one article per event.

    Returns clusters as sorted tuples of record ids, sorted by their first id.
    """
    by_id = {r.id: r for r in records}
    scored = [
        p for p in score_pairs(candidate_pairs(records, settings), settings)
        if p.score >= settings.match_threshold
    ]
    scored.sort(key=lambda p: (-p.score, p.a, p.b))
    owner = {rid: rid for rid in by_id}
    members: dict[str, list[str]] = {rid: [rid] for rid in by_id}
    cache: dict[tuple[str, str], float] = {}

    def pair_score(x: str, y: str) -> float:
        key = (x, y) if x < y else (y, x)
        if key not in cache:
            cache[key] = score_pair(by_id[key[0]], by_id[key[1]], settings)
        return cache[key]

    for pair in scored:
        root_a, root_b = owner[pair.a], owner[pair.b]
        if root_a == root_b:
            continue
        group_a, group_b = members[root_a], members[root_b]
        if {by_id[x].article_id for x in group_a} & {by_id[y].article_id for y in group_b}:
            continue
        if any(pair_score(x, y) < settings.cluster_floor for x in group_a for y in group_b):
            continue
        keep, gone = sorted((root_a, root_b))
        members[keep].extend(members.pop(gone))
        for rid in members[keep]:
            owner[rid] = keep
    return sorted(tuple(sorted(group)) for group in members.values())
