"""`evaluate --kind ucdp`: UCDP GED death counts from the headlines of their sources.

Each GED row (ucdp_*_dev.csv.gz, CC BY 4.0) lists the headlines of the reports it was
coded from in ``source_headline`` (several joined by ";"). They are read as one
article, one headline a line, published on the event's last day, and run through the
pipeline. The event's toll is that of the record with the most dead. Scored: whether
the predicted best lies within the gold [low, high], the same with an unknown toll read
as 1 (UCDP codes an event only with at least one death, so a coded event whose report
gives no number has best >= 1), best exact, and the deaths by side.

Most headlines carry no number at all ("Avdiivka", "Clashes continue in Daraa"), so the
ceiling from headlines alone is low; the baseline is a coder who always answers 1 death
(within range) or the most frequent best (exact). One more row scores the headlines that
state the answer: a number in [low, high], or a word of death when 1 is in range, or
a range that holds 0. Its row count over all rows is the ceiling any reader of the
headlines could reach, even one that picked the right number by luck.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from conflictcoder.evaluation.common import (
    parallel_map,
    parse_iso_date,
    rate,
    read_csv_rows,
    spread_sample,
)

_SIDES = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")


def _published(value: Any) -> date | None:
    return parse_iso_date(value)


def toll_of_headlines(item: tuple[str, str, str]) -> dict[str, Any]:
    """The toll the pipeline reads in one event's headlines (runs in a worker process)."""
    from conflictcoder.model import Article
    from conflictcoder.pipeline import extract_article

    key, text, published = item
    article = Article(id=key, text=text, published=_published(published))
    try:
        records = extract_article(article).records
    except Exception as exc:  # a crash is a miss, and is counted, never a stop
        return {"error": f"{type(exc).__name__}: {exc}"}
    if not records:
        return {"events": 0, "best": 0, "low": 0, "high": 0, **dict.fromkeys(_SIDES, 0)}
    main = max(records, key=lambda r: (r.best, r.high))
    return {
        "events": len(records),
        "best": main.best,
        "low": main.low,
        "high": main.high,
        **{side: getattr(main, side) for side in _SIDES},
    }


_NUMBER_WORDS = {
    word: value
    for value, word in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty",
    ))
} | {"dozen": 12, "dozens": 12, "tens": 10, "scores": 20, "hundreds": 100}
_DIGITS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*(?![\d,])")
_WORDS = re.compile(r"[a-z]+")
_DEATH = re.compile(
    r"\b(?:kill\w*|dead|death|dies|died|slain|murder\w*|shot|gunned|assassinated|lynched)\b"
)


def states_the_toll(headlines: str, low: int, high: int) -> bool:
    """Whether the headlines hold the gold toll: some number they write lies in
    [low, high], a word of death stands for 1 when 1 is in range, or 0 is in range."""
    text = headlines.lower()
    if low <= 0:
        return True
    figures = {int(d.replace(",", "")) for d in _DIGITS.findall(text)}
    figures |= {_NUMBER_WORDS[w] for w in _WORDS.findall(text) if w in _NUMBER_WORDS}
    if _DEATH.search(text):
        figures.add(1)
    return any(low <= figure <= high for figure in figures)


def _int(value: str | None) -> int:
    try:
        return round(float(value or 0))
    except ValueError:
        return 0


def evaluate_ucdp(path: str, limit: int | None) -> list[tuple[str, float, float, int]]:
    """(field, score, trivial-baseline score, rows) over rows that have a headline."""
    rows = [r for r in read_csv_rows(path, encoding="utf-8") if (r.get("source_headline") or "")]
    rows = spread_sample([r for r in rows if r["source_headline"].strip()], limit)
    items = []
    for index, row in enumerate(rows):
        text = "\n".join(h.strip() for h in row["source_headline"].split(";") if h.strip())
        items.append((str(row.get("id") or index), text, row.get("date_end") or ""))
    predictions = list(parallel_map(toll_of_headlines, items))
    n = len(rows)
    hits = Counter[str]()
    errors = stated = stated_within = stated_one = 0
    for gold, pred in zip(rows, predictions, strict=True):
        if "error" in pred:
            errors += 1
            continue
        low, high, best = _int(gold.get("low")), _int(gold.get("high")), _int(gold.get("best"))
        floored = max(pred["best"], 1) if pred["events"] else 0
        hits["detected"] += pred["events"] > 0
        hits["within"] += low <= pred["best"] <= high
        if states_the_toll(gold["source_headline"], low, high):
            stated += 1
            stated_within += low <= pred["best"] <= high
            stated_one += low <= 1 <= high
        hits["within_floor"] += low <= floored <= high
        hits["exact"] += pred["best"] == best
        for side in _SIDES:
            hits[side] += pred[side] == _int(gold.get(side))
    one_within = sum(1 for r in rows if _int(r.get("low")) <= 1 <= _int(r.get("high")))
    top_best = Counter(_int(r.get("best")) for r in rows).most_common(1)
    top_count = top_best[0][1] if top_best else 0
    scores = [
        ("event detected", rate(hits["detected"], n), 1.0, n),
        ("best within [low, high]", rate(hits["within"], n), rate(one_within, n), n),
        ("best within (headlines state it)", rate(stated_within, stated),
         rate(stated_one, stated), stated),
        ("best within, unknown toll = 1", rate(hits["within_floor"], n), rate(one_within, n), n),
        ("best exact", rate(hits["exact"], n), rate(top_count, n), n),
    ]
    for side in _SIDES:
        zero = sum(1 for r in rows if _int(r.get(side)) == 0)
        scores.append((f"{side} exact", rate(hits[side], n), rate(zero, n), n))
    scores.append(("rows that crashed", rate(errors, n), 0.0, n))
    return scores
