"""`conflictcoder demo`: extract the bundled sample articles and print a readable table."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from conflictcoder.export.rows import record_row
from conflictcoder.model import Rejection
from conflictcoder.sources.reader import read_inputs

COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("event_date", "date", 10),
    ("country", "country", 12),
    ("admin1", "admin1", 16),
    ("location", "location", 16),
    ("sub_event_type", "sub-event type", 30),
    ("actor1", "actor1", 34),
    ("actor2", "actor2", 30),
    ("fatalities", "dead", 4),
    ("claims", "claims", 6),
    ("article", "article", 28),
)


SAMPLE_SUFFIXES = frozenset({".html", ".jsonl", ".txt"})


def samples_dir() -> Path:
    return Path(str(resources.files("conflictcoder") / "samples"))


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: list[dict[str, Any]]) -> str:
    lines = ["  ".join(f"{title:<{width}}" for _, title, width in COLUMNS)]
    lines.append("  ".join("-" * width for _, _, width in COLUMNS))
    for row in rows:
        cells = []
        for key, _, width in COLUMNS:
            value: Any = row.get(key)
            if key == "claims":
                value = sum(c["best"] for c in row["claims"]) or ""
            elif key == "article":
                value = Path(str(row["article_id"])).name
            cells.append(f"{_cell(value, width):<{width}}")
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def run_demo(fmt: str = "table", out: TextIO = sys.stdout) -> int:
    from conflictcoder.pipeline import default_resources, extract_article

    res = default_resources()
    rows: list[dict[str, Any]] = []
    articles = rejected = 0
    inputs = sorted(str(p) for p in samples_dir().iterdir() if p.suffix in SAMPLE_SUFFIXES)
    for item in read_inputs(inputs):
        if isinstance(item, Rejection):
            rejected += 1
            print(f"skipped {item.origin}: {item.reason}", file=sys.stderr)
            continue
        articles += 1
        rows.extend(record_row(r, item) for r in extract_article(item, res).records)
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return 0
    print(format_table(rows), file=out)
    print(
        f"\n{articles} sample articles, {len(rows)} events "
        f"(claims by parties are listed, never counted).",
        file=out,
    )
    return 0
