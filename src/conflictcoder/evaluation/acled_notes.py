"""Evaluate against ACLED coder notes (../shared/gold/acled_notes_dev.csv.gz).

Each note is fed as an article published two days after its coded event date,
so the date must be read from the text. The events it yields are matched to
the coded row (the event on the coded date, else the first), and every field is
scored over all notes: a note that yields no event scores zero on every field.
The baseline gives every row the most frequent value of each field (the
publication date for the event date, zero for fatalities).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date, timedelta
from typing import Any

from conflictcoder.evaluation.common import (
    Score,
    actor_matches,
    admin_matches,
    location_matches,
    most_frequent,
    parallel_map,
    rate,
    read_csv_rows,
    spread_sample,
    to_float,
)

_KEEP = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "fatalities",
    "country",
)


def extract_note(item: tuple[str, str, str]) -> list[dict[str, Any]]:
    """Events of one note as slim rows (runs in a worker process)."""
    from conflictcoder.export.rows import record_row
    from conflictcoder.model import Article
    from conflictcoder.pipeline import extract_article

    note_id, text, published = item
    article = Article(id=note_id, text=text, published=date.fromisoformat(published))
    try:
        result = extract_article(article)
    except Exception as exc:  # a crash is a miss, and is reported, never a stop
        return [{"error": f"{type(exc).__name__}: {exc}"}]
    rows = []
    for record in result.records:
        row = record_row(record)
        rows.append({k: row[k] for k in _KEEP})
    return rows


# A note names the day when it gives a calendar date or a weekday. Other notes ("Mob kills
# suspected robber", "last night") carry no day the publication date cannot stand for, and
# since each note is fed as published two days after its event, no reader can date them.
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_NAMES_DAY = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}\b"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)",
    re.IGNORECASE,
)


def names_the_day(note: str) -> bool:
    """Whether a note gives a calendar date or a weekday for the reader to resolve."""
    return _NAMES_DAY.search(note) is not None


# A note names its place when the coded location or one of its admin areas is written in
# it. Many notes ("Police arrested a protester") name none, and only the coded columns say
# where: the rows below score the reader on the notes where the text holds the answer.
_PLACE_COLUMNS = ("location", "admin1", "admin2", "admin3")


def _plain(text: str) -> str:
    """Lower case without accents, punctuation runs as single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " " + re.sub(r"[^a-z0-9]+", " ", text).strip() + " "


def names_the_place(note: str, gold: dict[str, str]) -> bool:
    """Whether a note writes the coded location or one of its admin areas, whole words."""
    plain = _plain(note)
    names = (_plain(gold.get(column) or "") for column in _PLACE_COLUMNS)
    return any(name.strip() and name in plain for name in names)


def _pick(rows: list[dict[str, Any]], gold: dict[str, str]) -> dict[str, Any] | None:
    """The predicted event that stands for the coded one: same date first, else the first."""
    rows = [r for r in rows if "error" not in r]
    if not rows:
        return None
    for row in rows:
        if row["event_date"] == gold["event_date"]:
            return row
    return rows[0]


def _gold_fatalities(gold: dict[str, str]) -> int | None:
    value = to_float(gold.get("fatalities"))
    return None if value is None else int(value)


def evaluate_acled_notes(path: str, limit: int | None = None) -> list[Score]:
    gold_rows = [r for r in read_csv_rows(path) if r.get("notes") and r.get("event_date")]
    gold_rows = spread_sample(gold_rows, limit)
    items = []
    for index, row in enumerate(gold_rows):
        published = date.fromisoformat(row["event_date"][:10]) + timedelta(days=2)
        items.append(
            (row.get("event_id_cnty") or f"row{index}", row["notes"], published.isoformat())
        )
    predictions = list(parallel_map(extract_note, items))
    return score_acled(gold_rows, predictions)


def score_acled(
    gold_rows: list[dict[str, str]], predictions: list[list[dict[str, Any]]]
) -> list[Score]:
    n = len(gold_rows)
    hits = dict.fromkeys(
        ("detected", "event_type", "sub_event_type", "event_date", "admin1",
         "admin1 (strict spelling)", "location", "actor1"),
        0,
    )
    fatal_ok = fatal_n = fatal_pos_ok = fatal_pos_n = 0
    dated_ok = dated_n = 0
    placed = Counter[str]()
    events = errors = 0
    for gold, rows in zip(gold_rows, predictions, strict=True):
        dated_n += names_the_day(gold["notes"])
        named_place = names_the_place(gold["notes"], gold)
        placed["notes"] += named_place
        errors += sum(1 for r in rows if "error" in r)
        events += sum(1 for r in rows if "error" not in r)
        row = _pick(rows, gold)
        gold_fatal = _gold_fatalities(gold)
        reliable = gold.get("fatality_gold_reliable", "True") == "True"
        predicted_fatal = row["fatalities"] if row else 0
        if gold_fatal is not None and reliable:
            fatal_n += 1
            fatal_ok += predicted_fatal == gold_fatal
            if gold_fatal > 0:
                fatal_pos_n += 1
                fatal_pos_ok += predicted_fatal == gold_fatal
        if row is None:
            continue
        hits["detected"] += 1
        hits["event_type"] += row["event_type"] == gold["event_type"]
        hits["sub_event_type"] += row["sub_event_type"] == gold["sub_event_type"]
        hits["event_date"] += row["event_date"] == gold["event_date"][:10]
        if names_the_day(gold["notes"]):
            dated_ok += row["event_date"] == gold["event_date"][:10]
        hits["admin1"] += admin_matches(gold["admin1"], row["admin1"],
                                        country=gold.get("country") or "")
        hits["admin1 (strict spelling)"] += admin_matches(gold["admin1"], row["admin1"],
                                                          strict=True)
        location_ok = location_matches(gold["location"], gold["latitude"], gold["longitude"], row)
        hits["location"] += location_ok
        if named_place:
            placed["admin1"] += admin_matches(gold["admin1"], row["admin1"],
                                              country=gold.get("country") or "")
            placed["location"] += location_ok
        names = [
            row["actor1"],
            row["actor2"],
            *row["assoc_actor_1"].split("; "),
            *row["assoc_actor_2"].split("; "),
        ]
        hits["actor1"] += actor_matches(gold["actor1"], names)

    base = _baseline(gold_rows)
    scores = [Score(field, rate(hits[field], n), base.get(field), n) for field in hits]
    at = next(i for i, s in enumerate(scores) if s.field == "event_date") + 1
    scores.insert(at, Score("event_date (note names the day)", rate(dated_ok, dated_n), 0.0,
                            dated_n))
    placed_n = placed["notes"]
    for field in ("admin1", "location"):
        at = next(i for i, s in enumerate(scores) if s.field == field) + 1
        scores.insert(at, Score(f"{field} (note names the place)",
                                rate(placed[field], placed_n), 0.0, placed_n))
    scores.append(
        Score("fatalities exact (reliable)", rate(fatal_ok, fatal_n), base["fatalities"], fatal_n)
    )
    scores.append(
        Score(
            "fatalities exact (gold > 0)",
            rate(fatal_pos_ok, fatal_pos_n),
            base["fatalities_pos"],
            fatal_pos_n,
        )
    )
    scores.append(Score("events per note", events / n if n else 0.0, 1.0, n, is_rate=False))
    scores.append(Score("notes that crashed", rate(errors, n), 0.0, n))
    return scores


def _baseline(gold_rows: list[dict[str, str]]) -> dict[str, float]:
    """Every field its most frequent value (the date: the publication date)."""
    n = len(gold_rows) or 1
    out: dict[str, float] = {"detected": 1.0, "event_date": 0.0}
    for field in ("event_type", "sub_event_type", "admin1", "location", "actor1"):
        top = most_frequent(r[field] for r in gold_rows)
        out[field] = sum(1 for r in gold_rows if r[field] == top) / n
    out["admin1 (strict spelling)"] = out["admin1"]
    reliable = [
        r
        for r in gold_rows
        if r.get("fatality_gold_reliable", "True") == "True" and _gold_fatalities(r) is not None
    ]
    out["fatalities"] = rate(sum(1 for r in reliable if _gold_fatalities(r) == 0), len(reliable))
    out["fatalities_pos"] = 0.0
    return out
