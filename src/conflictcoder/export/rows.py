"""An EventRecord as a flat row: the ACLED columns, the UCDP death columns, claims, provenance.

This is the JSONL output of ``extract`` (the command-line contract in DESIGN.md)
and the common shape every writer and the store read.
"""

from __future__ import annotations

from typing import Any

from conflictcoder.model import Actor, Article, CasualtyFigure, EventRecord, Provenance

# ACLED's current 31 export columns, in ACLED's order (DESIGN.md §2).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# UCDP GED (GEDEvent v2x) columns, in order (DESIGN.md §7).
UCDP_COLUMNS: tuple[str, ...] = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)

UCDP_REGIONS = {
    "Western Africa": "Africa",
    "Middle Africa": "Africa",
    "Eastern Africa": "Africa",
    "Southern Africa": "Africa",
    "Northern Africa": "Africa",
    "Middle East": "Middle East",
    "South Asia": "Asia",
    "Southeast Asia": "Asia",
    "East Asia": "Asia",
    "Caucasus and Central Asia": "Asia",
    "Oceania": "Asia",
    "Europe": "Europe",
    "Central America": "Americas",
    "South America": "Americas",
    "Caribbean": "Americas",
    "North America": "Americas",
}


def _actor_names(actors: tuple[Actor, ...]) -> str:
    return "; ".join(a.name for a in actors)


def figure_dict(figure: CasualtyFigure) -> dict[str, Any]:
    return {
        "kind": figure.kind,
        "low": figure.low,
        "best": figure.best,
        "high": figure.high,
        "side": figure.side,
        "status": figure.status,
        "source": figure.source,
        "actor": figure.actor,
        "text": figure.text,
        "article_id": figure.span.article_id,
        "start": figure.span.start,
        "end": figure.span.end,
    }


def provenance_dict(entries: tuple[Provenance, ...]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        out.setdefault(entry.field, []).append(
            {
                "article_id": entry.span.article_id,
                "start": entry.span.start,
                "end": entry.span.end,
                "text": entry.text,
                "sentence": entry.sentence,
            }
        )
    return out


def record_row(record: EventRecord, article: Article | None = None) -> dict[str, Any]:
    """The contract's JSONL row for one record (keys in a stable order)."""
    place = record.place
    date_value = record.date
    row: dict[str, Any] = {
        "article_id": record.article_id,
        "record_id": record.id,
        "event_date": date_value.acled_date.isoformat(),
        "year": date_value.acled_date.year,
        "time_precision": date_value.acled_time_precision,
        "date_start": date_value.start.isoformat(),
        "date_end": date_value.end.isoformat(),
        "date_prec": date_value.ucdp_date_prec,
        "disorder_type": record.disorder_type,
        "event_type": record.event_type,
        "sub_event_type": record.sub_event_type,
        "actor1": record.actor1.name if record.actor1 else "",
        "assoc_actor_1": _actor_names(record.assoc_actor_1),
        "inter1": record.actor1.inter if record.actor1 else None,
        "actor2": record.actor2.name if record.actor2 else "",
        "assoc_actor_2": _actor_names(record.assoc_actor_2),
        "inter2": record.actor2.inter if record.actor2 else 0 if record.actor1 else None,
        "interaction": record.interaction,
        "civilian_targeting": "Civilian targeting" if record.civilian_targeting else "",
        "iso": place.iso_numeric if place else None,
        "region": place.region if place else "",
        "country": place.country if place else "",
        "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "",
        "admin3": place.admin3 if place else "",
        "location": place.name if place else "",
        # The known place whose coordinates an unlisted village takes ("" when its own).
        "location_nearest": place.nearest if place else "",
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.acled_geo_precision if place else None,
        "where_prec": place.ucdp_where_prec if place else None,
        "source": record.source or (article.outlet if article else ""),
        "notes": record.notes,
        "fatalities": record.fatalities,
        "type_of_violence": record.type_of_violence,
        "deaths_a": record.deaths_a,
        "deaths_b": record.deaths_b,
        "deaths_civilians": record.deaths_civilians,
        "deaths_unknown": record.deaths_unknown,
        "best": record.best,
        "low": record.low,
        "high": record.high,
        "claims": [figure_dict(f) for f in record.claims],
        "figures": [figure_dict(f) for f in record.figures],
        "provenance": provenance_dict(record.provenance),
    }
    if article is not None:
        row["url"] = article.url
        row["title"] = article.title
        row["published"] = article.published.isoformat() if article.published else None
    return row


def acled_row(
    row: dict[str, Any], *, event_id: str = "", timestamp: int | None = None
) -> dict[str, Any]:
    """A contract row narrowed to ACLED's 31 columns, with ACLED's value conventions."""
    out = {column: row.get(column, "") for column in ACLED_COLUMNS}
    out["event_id_cnty"] = event_id or row.get("event_id_cnty") or row.get("record_id", "")
    out["tags"] = row.get("tags", "")
    out["source_scale"] = row.get("source_scale", "")
    out["timestamp"] = timestamp if timestamp is not None else row.get("timestamp", "")
    for key in ("inter1", "inter2", "interaction", "iso", "latitude", "longitude", "geo_precision"):
        if out[key] is None:
            out[key] = ""
    return out


def ucdp_row(row: dict[str, Any]) -> dict[str, Any]:
    """A contract row under the UCDP GED column names (fields we cannot know stay empty)."""
    lat, lon = row.get("latitude"), row.get("longitude")
    side_a, side_b = _ucdp_sides(row)
    out = dict.fromkeys(UCDP_COLUMNS, "")
    out.update(
        {
            "id": row.get("event_id") or row.get("record_id", ""),
            "year": row.get("year", ""),
            "active_year": "",
            "code_status": "Automated",
            "type_of_violence": row.get("type_of_violence") or "",
            "side_a": side_a,
            "side_b": side_b,
            "dyad_name": f"{side_a} - {side_b}" if side_a and side_b else "",
            "number_of_sources": row.get("number_of_sources", 1),
            "source_article": row.get("title") or row.get("article_id", ""),
            "source_office": row.get("source", ""),
            "source_date": row.get("published") or "",
            "source_headline": row.get("title", ""),
            "where_prec": row.get("where_prec") or "",
            # UCDP names the place whose coordinates are used, and describes the one reported.
            "where_coordinates": row.get("location_nearest") or row.get("location", ""),
            "where_description": row.get("location", "") if row.get("location_nearest") else "",
            "adm_1": row.get("admin1", ""),
            "adm_2": row.get("admin2", ""),
            "latitude": "" if lat is None else lat,
            "longitude": "" if lon is None else lon,
            "geom_wkt": "" if lat is None or lon is None else f"POINT ({lon} {lat})",
            "country": row.get("country", ""),
            "country_id": row.get("iso") or "",
            "region": UCDP_REGIONS.get(row.get("region", ""), ""),
            "event_clarity": 1 if row.get("date_prec") == 1 else 2,
            "date_prec": row.get("date_prec", ""),
            "date_start": row.get("date_start", ""),
            "date_end": row.get("date_end", ""),
            "deaths_a": row.get("deaths_a", 0),
            "deaths_b": row.get("deaths_b", 0),
            "deaths_civilians": row.get("deaths_civilians", 0),
            "deaths_unknown": row.get("deaths_unknown", 0),
            "best": row.get("best", 0),
            "high": row.get("high", 0),
            "low": row.get("low", 0),
        }
    )
    return out


def _ucdp_sides(row: dict[str, Any]) -> tuple[str, str]:
    """Side A is the government in state-based violence; side B is civilians in one-sided."""
    actor1, actor2 = row.get("actor1", ""), row.get("actor2", "")
    inter1, inter2 = row.get("inter1"), row.get("inter2")
    if inter2 == 1 and inter1 != 1:
        actor1, actor2 = actor2, actor1
    if row.get("type_of_violence") == 3:
        return actor1, "Civilians"
    return actor1, actor2
