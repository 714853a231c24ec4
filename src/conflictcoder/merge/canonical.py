"""One canonical event from the records of one cluster, by explicit rules.

- date: the most precise reported date (day before week before month), then the
  one most reports give, then the earliest report's;
- place: the most precise place, then the most reported, then the earliest report's;
- type: the sub-event type most reports give, then the earliest report's;
- actors: the report naming the most known armed groups (a later claim of
  responsibility replaces "Unidentified Armed Group");
- toll: ACLED's conservative rule among the newest reports: of the reports from
  the latest report date, the lowest figure. Earlier figures stay in the toll
  history, each with its report date and outlet, so a revision up or down is
  visible and the event keeps its id;
- claims by a party are never counted; they are listed and named in the notes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from conflictcoder.merge.linkage import reports_toll
from conflictcoder.merge.notes import event_notes
from conflictcoder.model import CasualtyFigure, Event, EventRecord, Provenance, TollRevision

_DATE_RANK = {"day": 0, "days": 1, "week": 2, "month": 3, "year": 4}
_PLACE_RANK = {"exact": 0, "near": 1, "admin2": 2, "admin1": 3, "region": 4, "country": 5,
               "water": 6}
_ASPECTS = {
    "date": ("date", "event_date", "time_precision", "date_start", "date_end"),
    "place": ("place", "location", "latitude", "longitude", "admin", "geo_precision", "country",
              "where"),
    "actors": ("actor", "assoc_actor", "inter"),
    "toll": ("fatalities", "deaths", "best", "low", "high", "claims", "figure", "casualt"),
}


@dataclass(frozen=True, slots=True)
class Report:
    """What the merge needs to know about the article behind a record."""

    article_id: str
    published: date | None
    outlet: str = ""
    outlets: tuple[str, ...] = ()  # this outlet and those of its syndicated copies


def report_order(reports: Mapping[str, Report]) -> Callable[[EventRecord], tuple[date, str, str]]:
    """Sort key for records by report: publication date, then article id, then record id."""

    def key(record: EventRecord) -> tuple[date, str, str]:
        report = reports.get(record.article_id)
        published = report.published if report and report.published else record.date.end
        return (published, record.article_id, record.id)

    return key


def _pick(records: Sequence[EventRecord], rank: Callable[[EventRecord], object],
          vote: Callable[[EventRecord], object]) -> EventRecord:
    """Best rank, then most votes, then the earliest report (records come in report order)."""
    votes = Counter(vote(r) for r in records)
    indexed = list(enumerate(records))
    return min(indexed, key=lambda ir: (rank(ir[1]), -votes[vote(ir[1])], ir[0]))[1]  # type: ignore[return-value]


def _actor_informativeness(record: EventRecord) -> tuple[int, int, int]:
    actors = [a for a in (record.actor1, record.actor2) if a is not None]
    known = sum(1 for a in actors if a.is_known and not a.name.startswith("Unidentified"))
    return (-known, -len(actors), -len(record.assoc_actor_1) - len(record.assoc_actor_2))


def _aspect(field: str) -> str:
    for aspect, prefixes in _ASPECTS.items():
        if any(field.startswith(prefix) for prefix in prefixes):
            return aspect
    return "type"


def _claims(records: Sequence[EventRecord]) -> tuple[CasualtyFigure, ...]:
    seen: dict[tuple[object, ...], CasualtyFigure] = {}
    for record in records:
        for claim in record.claims:
            seen.setdefault((claim.kind, claim.best, claim.side, claim.actor, claim.source), claim)
    return tuple(seen.values())


def toll_history(records: Sequence[EventRecord],
                 reports: Mapping[str, Report]) -> tuple[TollRevision, ...]:
    """Every toll a report gave, in report order, with its date and outlet."""
    ordered = sorted(records, key=report_order(reports))
    history = []
    for record in ordered:
        if not reports_toll(record):
            continue
        report = reports.get(record.article_id)
        history.append(TollRevision(
            reported=report.published if report else None,
            fatalities=record.fatalities,
            article_id=record.article_id,
            source=(report.outlet if report and report.outlet else record.source),
        ))
    return tuple(history)


def _toll_record(ordered: Sequence[EventRecord],
                 reports: Mapping[str, Report]) -> EventRecord | None:
    tolls = [r for r in ordered if reports_toll(r)]
    if not tolls:
        return None
    latest = report_order(reports)(tolls[-1])[0]
    newest = [r for r in tolls if report_order(reports)(r)[0] == latest]
    return min(newest, key=lambda r: (r.fatalities, report_order(reports)(r)))


def event_sources(ordered: Sequence[EventRecord], reports: Mapping[str, Report]) -> tuple[str, ...]:
    outlets: dict[str, None] = {}
    for record in ordered:
        report = reports.get(record.article_id)
        names = (report.outlets or (report.outlet,)) if report else ()
        if not any(name.strip() for name in names):
            names = (record.source,)  # no outlet known: what the extractor named as source
        for name in names:
            for part in name.split(";"):
                if part.strip():
                    outlets.setdefault(part.strip(), None)
    return tuple(outlets)


def canonical_event(
    records: Sequence[EventRecord],
    reports: Mapping[str, Report],
    *,
    event_id: str,
    id_cnty: str = "",
) -> Event:
    """The canonical Event for one cluster of records (see the module doc for the rules)."""
    if not records:
        raise ValueError("an event needs at least one record")
    ordered = sorted(records, key=report_order(reports))
    dated = _pick(ordered, lambda r: (_DATE_RANK.get(r.date.precision, 9),
                                      (r.date.end - r.date.start).days),
                  lambda r: (r.date.start, r.date.end))
    placed = _pick(ordered, lambda r: _PLACE_RANK.get(r.place.precision, 9) if r.place else 99,
                   lambda r: (r.place.geonames_id or r.place.name) if r.place else "")
    typed = _pick(ordered, lambda r: 0, lambda r: r.sub_event_type)
    with_actors = _pick(ordered, _actor_informativeness,
                        lambda r: (r.actor1.name if r.actor1 else "",
                                   r.actor2.name if r.actor2 else ""))
    tolled = _toll_record(ordered, reports)
    chosen = {"date": dated, "place": placed, "type": typed, "actors": with_actors,
              "toll": tolled or typed}
    provenance: list[Provenance] = [
        entry for aspect, record in chosen.items() for entry in record.provenance
        if _aspect(entry.field) == aspect
    ]
    history = toll_history(ordered, reports)
    sources = event_sources(ordered, reports)
    toll_records = [r for r in ordered if reports_toll(r)]
    newest_day = report_order(reports)(tolled)[0] if tolled else None
    newest = [r for r in toll_records if report_order(reports)(r)[0] == newest_day]
    canonical = replace(
        typed,
        id=event_id,
        article_id=ordered[0].article_id,
        date=dated.date,
        place=placed.place,
        actor1=with_actors.actor1,
        actor2=with_actors.actor2,
        assoc_actor_1=with_actors.assoc_actor_1,
        assoc_actor_2=with_actors.assoc_actor_2,
        figures=tolled.figures if tolled else (),
        fatalities=tolled.fatalities if tolled else 0,
        deaths_a=tolled.deaths_a if tolled else 0,
        deaths_b=tolled.deaths_b if tolled else 0,
        deaths_civilians=tolled.deaths_civilians if tolled else 0,
        deaths_unknown=tolled.deaths_unknown if tolled else 0,
        best=tolled.best if tolled else 0,
        low=min((r.low for r in newest), default=0),
        high=max((r.high for r in newest), default=0),
        claims=_claims(ordered),
        source="; ".join(sources),
        notes="",
        provenance=tuple(provenance),
    )
    canonical = replace(canonical, notes=event_notes(canonical, history))
    return Event(
        id=event_id,
        record=canonical,
        record_ids=tuple(r.id for r in ordered),
        article_ids=tuple(dict.fromkeys(r.article_id for r in ordered)),
        toll_history=history,
        id_cnty=id_cnty,
        sources=sources,
    )
