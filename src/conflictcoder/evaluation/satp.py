"""`evaluate --kind satp`: places of South Asia Terrorism Portal incident summaries (India).

Each summary is read as an article; its place is the place of the first event the pipeline
codes or, when it codes none, what the place stage makes of the first sentence, so that the
scores measure geocoding rather than event detection. Scored against the hand-coded state,
district and village point (the file's latitude and longitude columns are swapped).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from conflictcoder.evaluation.common import (
    admin_matches,
    haversine_km,
    most_frequent,
    parallel_map,
    parse_iso_date,
    rate,
    read_csv_rows,
    spread_sample,
    to_float,
)


def _published(value: Any) -> date | None:
    """The publication date to feed: SATP summaries are written the day after."""
    return parse_iso_date(value, days_after=1)


def place_of_summary(item: tuple[str, str, str]) -> dict[str, Any]:
    """The place one summary is coded to (runs in a worker process)."""
    from conflictcoder.model import Article, Mention, Span
    from conflictcoder.pipeline import default_resources, extract_article
    from conflictcoder.stages.places import article_geo_context, resolve_place
    from conflictcoder.stages.split import split_sentences

    key, text, published = item
    article = Article(id=key, text=text, published=_published(published))
    try:
        records = extract_article(article).records
        fatalities = sum(r.fatalities for r in records)
        place = next((r.place for r in records if r.place), None)
        if place is None:
            gaz = default_resources().gazetteer
            sentences = split_sentences(article)
            if sentences:
                first = sentences[0]
                mention = Mention(
                    first,
                    Span(key, first.start, first.start),
                    "",
                    "",
                    "",
                    Span(key, first.start, first.end),
                )
                geo = article_geo_context(article, sentences, gaz)
                place = resolve_place(mention, article, sentences, gaz, geo)
    except Exception as exc:  # a crash is a miss, and is counted, never a stop
        return {"error": f"{type(exc).__name__}: {exc}"}
    if place is None:
        return {"fatalities": fatalities}
    return {
        "fatalities": fatalities,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.name,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


def _district_matches(gold: str, predicted: str) -> bool:
    """Same district, under any of its names ("West Midnapore" = "Paschim Medinipur")."""
    if admin_matches(gold, predicted):
        return True
    if not gold or not predicted:
        return False
    from conflictcoder.pipeline import default_resources

    gaz = default_resources().gazetteer
    return any(
        h.entry.kind == "admin2" and h.entry.iso2 == "IN" and h.entry.name == predicted
        for h in gaz.lookup(gold)
    )


def evaluate_satp(path: str, limit: int | None) -> list[tuple[str, float, float, int]]:
    """(field, score, trivial-baseline score, rows) for country, state, district, location and
    the total toll. The place falls back to the place stage alone on the summary's first
    sentence when no event is coded, so the place rows measure the gazetteer and the place
    stage; the toll row is the pipeline's (zero when it codes no event)."""
    rows = [r for r in read_csv_rows(path) if r.get("incident_summary")]
    rows = spread_sample(rows, limit)
    items = [
        (str(r.get("incident_number") or i), r["incident_summary"], r.get("date") or "")
        for i, r in enumerate(rows)
    ]
    predictions = list(parallel_map(place_of_summary, items))
    n = len(rows)
    hits = dict.fromkeys(("country", "state", "district", "location (10 km)"), 0)
    located = 0
    fatal_ok = fatal_n = 0
    for gold, pred in zip(rows, predictions, strict=True):
        gold_fatal = to_float(gold.get("total_fatalities"))
        if gold_fatal is not None and "error" not in pred:
            fatal_n += 1
            fatal_ok += int(gold_fatal) == pred.get("fatalities", 0)
        if "country" not in pred:
            continue
        hits["country"] += pred["country"] == "India"
        hits["state"] += admin_matches(gold["state"], pred["admin1"], country="India")
        hits["district"] += _district_matches(gold["district"], pred["admin2"])
        # The source swaps the columns: "longitude" holds the latitude.
        glat, glon = to_float(gold.get("longitude")), to_float(gold.get("latitude"))
        plat, plon = to_float(pred["latitude"]), to_float(pred["longitude"])
        if None not in (glat, glon):
            located += 1
            if None not in (plat, plon):
                hits["location (10 km)"] += haversine_km(glat, glon, plat, plon) <= 10.0  # type: ignore[arg-type]
    top_state = most_frequent(r["state"] for r in rows)
    top_district = most_frequent(r["district"] for r in rows)
    return [
        ("country", rate(hits["country"], n), 1.0, n),
        ("state", rate(hits["state"], n), rate(sum(r["state"] == top_state for r in rows), n), n),
        (
            "district",
            rate(hits["district"], n),
            rate(sum(r["district"] == top_district for r in rows), n),
            n,
        ),
        ("location (10 km)", rate(hits["location (10 km)"], located), 0.0, located),
        ("total fatalities exact", rate(fatal_ok, fatal_n),
         rate(sum(to_float(r.get("total_fatalities")) == 0 for r in rows), fatal_n), fatal_n),
    ]
