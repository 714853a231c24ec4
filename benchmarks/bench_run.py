"""Benchmark (not a timed test): `run` (extract + dedup + store + merge) against extraction
alone, on development articles, each phase in a fresh process.

    .venv/bin/python benchmarks/bench_run.py [--limit 3000] [--workers 1]

Prints articles/s and peak memory (max RSS) for: extract alone, run into a new database,
and the same run again (everything already stored). With the GVA articles, which come
several to an incident, it also reports how well reports were merged: incidents whose
reports ended up in one event, and events that mix incidents.

The development data (../shared/gold) is read for measurement only; nothing from it is
written into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"

EXTRACT_ONLY = """
import json, resource, sys, time
from conflictcoder.pipeline import default_resources, extract_article
from conflictcoder.model import Rejection
from conflictcoder.sources.reader import read_inputs
resources = default_resources()
start = time.perf_counter()
articles = records = 0
for item in read_inputs([sys.argv[1]]):
    if isinstance(item, Rejection):
        continue
    articles += 1
    try:
        records += len(extract_article(item, resources, scope="all-violence").records)
    except Exception:
        pass
seconds = time.perf_counter() - start
print(json.dumps({"articles": articles, "records": records, "seconds": seconds,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

RUN = """
import json, resource, sys, time
from conflictcoder.pipeline import default_resources
from conflictcoder.runner import run_inputs
default_resources()  # load outside the timing, as extract-only does
summary = run_inputs([sys.argv[1]], sys.argv[2], scope="all-violence",
                     workers=int(sys.argv[3]), progress=False)
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"articles": summary.articles_read, "records": summary.records_new,
                  "seconds": summary.seconds, "copies": summary.duplicates,
                  "stored_before": summary.already_stored, "events_new": summary.events_new,
                  "events_updated": summary.events_updated,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "max_rss_workers_mb": children}))
"""


def write_articles(out: Path, limit: int) -> dict[str, str]:
    """GVA articles as JSONL (id, text, published, title); returns article id -> incident."""
    incidents = {}
    with gzip.open(GOLD / "gva_articles_dev.jsonl.gz", "rt", encoding="utf-8") as src, \
            out.open("w", encoding="utf-8") as dst:
        for number, line in enumerate(src):
            if number >= limit:
                break
            row = json.loads(line)
            article_id = f"gva-{number}"
            incidents[article_id] = str(row.get("gva_incident_id", ""))
            dst.write(json.dumps({"id": article_id, "text": row.get("content") or "",
                                  "published": row.get("dct"), "title": row.get("title") or "",
                                  "url": row.get("uri") or ""}) + "\n")
    return incidents


def phase(script: str, *args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def merge_quality(db: Path, incidents: dict[str, str]) -> str:
    """Pairwise precision and recall of 'these two articles report one event', against the
    GVA incident ids (only articles that gave records count)."""
    import sqlite3
    from itertools import combinations

    conn = sqlite3.connect(db)
    event_articles: dict[str, set[str]] = defaultdict(set)
    for event_id, article_id in conn.execute(
            "SELECT event_id, article_id FROM records WHERE event_id IS NOT NULL"):
        event_articles[event_id].add(article_id)
    copies = conn.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")
    dropped = copies.fetchone()[0]
    conn.close()
    coded = {a for articles in event_articles.values() for a in articles}
    predicted = {pair for articles in event_articles.values()
                 for pair in combinations(sorted(articles), 2)}
    by_incident: dict[str, set[str]] = defaultdict(set)
    for article_id in coded:
        by_incident[incidents[article_id]].add(article_id)
    truth = {pair for articles in by_incident.values()
             for pair in combinations(sorted(articles), 2)}
    hits = len(predicted & truth)
    sizes = Counter(len(a) for a in event_articles.values())
    return (f"merge: {len(event_articles)} events from {len(coded)} articles "
            f"({sizes[1]} single-report); same-incident article pairs: precision "
            f"{hits / max(1, len(predicted)):.2f} ({hits}/{len(predicted)}), recall "
            f"{hits / max(1, len(truth)):.2f} ({hits}/{len(truth)}); {dropped} articles "
            "dropped as syndicated copies")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=3000, help="articles to use")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles.jsonl"
        incidents = write_articles(articles, args.limit)
        db = Path(tmp) / "events.db"
        extract = phase(EXTRACT_ONLY, str(articles))
        first = phase(RUN, str(articles), str(db), str(args.workers))
        again = phase(RUN, str(articles), str(db), str(args.workers))
        for name, result in (("extract alone", extract), ("run (new db)", first),
                             ("run again", again)):
            rate = result["articles"] / result["seconds"] if result["seconds"] else 0.0
            extra = ""
            if "events_new" in result:
                extra = (f", {result['copies']:.0f} copies, {result['events_new']:.0f} events "
                         f"new, {result['stored_before']:.0f} already stored")
            workers = (f", workers peak {result['max_rss_workers_mb']:.0f} MB"
                       if result.get("max_rss_workers_mb") else "")
            print(f"{name:14s} {result['articles']:.0f} articles in {result['seconds']:.1f} s = "
                  f"{rate:.1f} articles/s, {result['records']:.0f} records, peak memory "
                  f"{result['max_rss_mb']:.0f} MB{workers}{extra}")
        print(f"database: {db.stat().st_size / 1e6:.1f} MB")
        print(merge_quality(db, incidents))


if __name__ == "__main__":
    main()
