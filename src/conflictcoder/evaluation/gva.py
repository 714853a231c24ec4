"""`evaluate --kind gva`: killed and injured counts of US gun-violence news articles.

Each article (../shared/gold/gva_articles_dev.jsonl.gz) is linked to one Gun Violence
Archive incident. It is read with its title and publication date and run through the
real pipeline with ``scope="all-violence"`` (criminal shootings have no political
actor). The article's toll is that of the event with the most dead: GVA links each article
to one incident, and the other events the pipeline finds in it are mostly earlier incidents
recalled (on 1,000 development articles the largest scored 0.700 killed exact, the sum
0.676). Injured is counted by the same conservative rule from the injured figures of that
event. Rows without an incident are skipped. The baseline gives every article the most
frequent gold value.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Any

from conflictcoder.evaluation.common import parallel_map, parse_iso_date, rate, spread_sample


def _read(path: str) -> list[dict[str, Any]]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [r for r in rows if r.get("incident") and r.get("content")]


def _published(value: Any) -> date | None:
    return parse_iso_date(value)


def toll_of_article(item: tuple[str, str, str, str]) -> dict[str, Any]:
    """Killed and injured the pipeline reads in one article (runs in a worker process)."""
    from conflictcoder.model import Article
    from conflictcoder.pipeline import extract_article
    from conflictcoder.sources.page import with_headline
    from conflictcoder.stages.casualties import count_casualties

    key, title, text, published = item
    article = Article(
        id=key, text=with_headline(title, text), title=title, published=_published(published)
    )
    try:
        records = extract_article(article, scope="all-violence").records
    except Exception as exc:  # a crash is a miss, and is counted, never a stop
        return {"error": f"{type(exc).__name__}: {exc}"}
    if not records:
        return {"events": 0, "killed": 0, "injured": 0}
    main = max(records, key=lambda r: r.fatalities)
    figures = [replace(f, kind="killed") for f in main.figures if f.kind == "injured"]
    return {
        "events": len(records),
        "killed": main.fatalities,
        "injured": count_casualties(figures).fatalities,
    }


def _baseline(values: list[int]) -> float:
    top = Counter(values).most_common(1)
    return rate(top[0][1], len(values)) if top else 0.0


def evaluate_gva(path: str, limit: int | None) -> list[tuple[str, float, float, int]]:
    """(field, score, trivial-baseline score, rows): detection, killed and injured exact."""
    rows = spread_sample(_read(path), limit)
    items = [
        (
            str(r.get("doc_id") or r.get("gva_incident_id") or i),
            r.get("title") or "",
            r["content"],
            r.get("dct") or "",
        )
        for i, r in enumerate(rows)
    ]
    predictions = list(parallel_map(toll_of_article, items))
    n = len(rows)
    gold_killed = [int(r["incident"].get("num_killed") or 0) for r in rows]
    gold_injured = [int(r["incident"].get("num_injured") or 0) for r in rows]
    detected = killed = injured = killed_pos = errors = 0
    for pred, g_killed, g_injured in zip(predictions, gold_killed, gold_injured, strict=True):
        if "error" in pred:
            errors += 1
            continue
        detected += pred["events"] > 0
        killed += pred["killed"] == g_killed
        injured += pred["injured"] == g_injured
        killed_pos += g_killed > 0 and pred["killed"] == g_killed
    positive = sum(1 for g in gold_killed if g > 0)
    return [
        ("incident detected", rate(detected, n), 1.0, n),
        ("killed exact", rate(killed, n), _baseline(gold_killed), n),
        ("killed exact (gold > 0)", rate(killed_pos, positive), 0.0, positive),
        ("injured exact", rate(injured, n), _baseline(gold_injured), n),
        ("articles that crashed", rate(errors, n), 0.0, n),
    ]
