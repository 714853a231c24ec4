"""Load test of the HTTP API, on loopback only, while a run writes to the same database.

    .venv/bin/python benchmarks/load_api.py [--events 100000] [--seconds 20]
        [--concurrency 8] [--max-requests 20000] [--writer-articles 100] [--rebuild]

1. Builds (once, cached under benchmarks/corpus/load/, git-ignored) a database of
   ``--events`` synthetic events through the store's own functions: articles and
   records written with ``insert_article``/``insert_record``, events made by
   ``merge_pending``. Places are spread so that records do not merge: one event each.
2. Starts ``conflictcoder serve`` (read-only) on 127.0.0.1 and a ``conflictcoder run``
   over ``--writer-articles`` generated reports into the same database.
3. For each query shape, ``--concurrency`` clients send requests for ``--seconds``
   (at most ``--max-requests``), and it prints requests/s, p50/p95/p99 latency and
   errors (anything but 200, or no answer). Meanwhile runs of ``--writer-articles``
   new reports follow one another into the database; every one must exit 0.

Everything is bounded: loopback only, a time and a request cap per shape, and the
server and writer are stopped at the end whatever happens. Exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from conflictcoder.merge.dedup import Fingerprint
from conflictcoder.merge.settings import MergeSettings
from conflictcoder.model import Actor, Article, DateValue, EventRecord, Place, Span
from conflictcoder.store.database import open_database
from conflictcoder.store.merging import merge_pending
from conflictcoder.store.writes import insert_article, insert_record

HOST = "127.0.0.1"  # loopback only: this never talks to another machine
CACHE = Path(__file__).resolve().parent / "corpus" / "load"
# (country, ISO2, ISO numeric, ACLED region, south-west corner lat, lon)
COUNTRIES = (
    ("Pakistan", "PK", 586, "South Asia", 25.0, 62.0),
    ("Nigeria", "NG", 566, "Western Africa", 5.0, 3.0),
    ("Somalia", "SO", 706, "Eastern Africa", -1.0, 42.0),
    ("Ukraine", "UA", 804, "Europe", 46.0, 24.0),
    ("Sudan", "SD", 729, "Northern Africa", 10.0, 23.0),
    ("Mexico", "MX", 484, "Central America", 17.0, -104.0),
    ("Myanmar", "MM", 104, "Southeast Asia", 16.0, 94.0),
    ("Democratic Republic of Congo", "CD", 180, "Middle Africa", -5.0, 20.0),
    ("Afghanistan", "AF", 4, "Caucasus and Central Asia", 31.0, 62.0),
    ("India", "IN", 356, "South Asia", 18.0, 74.0),
)
TYPES = (("Battles", "Armed clash", "Political violence", 1),
         ("Explosions/Remote violence", "Air/drone strike", "Political violence", 1),
         ("Violence against civilians", "Attack", "Political violence", 3),
         ("Protests", "Peaceful protest", "Demonstrations", None),
         ("Riots", "Violent demonstration", "Demonstrations", None))
TOWNS_PER_COUNTRY = 100  # a 10 x 10 grid, 0.6 degrees apart: no two towns are "near"
FIRST_DAY = date(2019, 1, 1)


# --- the synthetic database ---------------------------------------------------------------

def synthetic(i: int) -> tuple[Article, EventRecord]:
    """Event ``i``: a different (country, town, day) for every ``i``, spread over 2019-2025."""
    country, iso2, iso, region, lat0, lon0 = COUNTRIES[i % len(COUNTRIES)]
    town = (i // len(COUNTRIES)) % TOWNS_PER_COUNTRY
    slot = i // (len(COUNTRIES) * TOWNS_PER_COUNTRY)  # 0..99 for 100,000 events
    day = FIRST_DAY + timedelta(days=slot * 25 % 2500 + slot // 100)  # 25 days apart: 2019-25
    event_type, sub, disorder, violence = TYPES[i % len(TYPES)]
    name = f"{country.split()[0]} Town {town}"
    article_id = f"synthetic-{i}"
    text = (f"Gunmen attacked {name} on {day.isoformat()}, killing {i % 7} people, officials "
            f"said in report number {i}.")
    place = Place(written=name, name=name, country=country, iso2=iso2, iso_numeric=iso,
                  region=region, admin1=f"{country.split()[0]} Province {town // 10}",
                  admin2=f"District {town}", latitude=lat0 + (town // 10) * 0.6,
                  longitude=lon0 + (town % 10) * 0.6, geonames_id=None, precision="exact",
                  span=Span(article_id, 15, 15 + len(name)), method="synthetic")
    actor1 = Actor("gunmen", f"Unidentified Armed Group ({country})", 3, country,
                   Span(article_id, 0, 6))
    actor2 = Actor("civilians", f"Civilians ({country})", 7, country)
    record = EventRecord(
        id=f"{article_id}:0", article_id=article_id,
        date=DateValue(day, day, "day", None, "synthetic", day.isoformat()), place=place,
        event_type=event_type, sub_event_type=sub, disorder_type=disorder, actor1=actor1,
        actor2=actor2, fatalities=i % 7, deaths_civilians=i % 7, low=i % 7, best=i % 7,
        high=i % 7, type_of_violence=violence, source="Synthetic Wire",
        notes=f"On {day.isoformat()}, gunmen attacked {name} ({country}).")
    article = Article(id=article_id, text=text, outlet="Synthetic Wire",
                      title=f"Attack in {name}", published=day + timedelta(days=1),
                      origin=article_id)
    return article, record


def build_database(path: Path, events: int, batch: int = 5_000) -> float:
    """Write ``events`` synthetic events into a new database at ``path``; seconds taken."""
    started = time.monotonic()
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    conn = open_database(str(part))
    settings = MergeSettings()
    try:
        for first in range(0, events, batch):
            ids = []
            conn.execute("BEGIN IMMEDIATE")
            for i in range(first, min(events, first + batch)):
                article, record = synthetic(i)
                insert_article(conn, article, Fingerprint.of(article.text), records=1)
                insert_record(conn, record)
                ids.append(article.id)
            conn.execute("COMMIT")
            merge_pending(conn, settings, run_no=0, article_ids=ids)
            print(f"  {first + len(ids):,} events written", file=sys.stderr, flush=True)
    finally:
        conn.close()
    for suffix in ("-wal", "-shm", ".lock"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    part.replace(path)
    return time.monotonic() - started


def count_events(path: Path) -> int:
    conn = open_database(str(path), readonly=True)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM events WHERE status = 'active'")
                   .fetchone()[0])
    finally:
        conn.close()


# --- server and writer ------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer within a minute")


def writer_inputs(folder: Path, count: int, batch: int) -> Path:
    """Reports for the concurrent run to code and store (written here, fictional)."""
    rng = random.Random(batch)
    towns = ("Quetta", "Kabul", "Mogadishu", "Goma", "Kharkiv", "Maiduguri", "Gao", "Marib")
    groups = ("Gunmen", "Militants", "Rebels", "Unidentified attackers")
    path = folder / f"writer-{batch}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            town = rng.choice(towns)
            text = (f"{rng.choice(groups)} attacked a checkpoint in {town} on Sunday, killing "
                    f"{rng.randint(1, 30)} soldiers, officials said. Report {batch}-{i} adds "
                    f"that {rng.randint(2, 60)} people were wounded and taken to hospital.")
            out.write(json.dumps({"id": f"writer-{batch}-{i}", "text": text,
                                  "published": "2026-03-09"}) + "\n")
    return path


class Writer(threading.Thread):
    """``conflictcoder run`` after ``conflictcoder run`` into the database until stopped."""

    def __init__(self, folder: Path, db: Path, articles: int, env: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.folder, self.db, self.articles, self.env = folder, db, articles, env
        self.stopping = threading.Event()
        self.runs: list[tuple[int, str]] = []  # exit status, last line of its report
        self.process: subprocess.Popen[bytes] | None = None

    def run(self) -> None:
        batch = 0
        while not self.stopping.is_set():
            jsonl = writer_inputs(self.folder, self.articles, batch)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "conflictcoder", "run", str(jsonl), "--db", str(self.db),
                 "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                env=self.env)
            _, err = self.process.communicate(timeout=600)
            lines = err.decode(errors="replace").strip().splitlines()
            self.runs.append((self.process.returncode, lines[0] if lines else ""))
            batch += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=600)


# --- load ---------------------------------------------------------------------------------------

@dataclass(slots=True)
class Shape:
    name: str
    path: str


@dataclass(slots=True)
class Result:
    shape: Shape
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        ordered = sorted(self.latencies) or [0.0]

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        mean_kb = self.bytes / max(1, len(self.latencies)) / 1024
        return (f"{self.shape.name:<34} {len(self.latencies):>6} req {rate:>8.1f} req/s  "
                f"p50 {pct(0.50):>7.1f} ms  p95 {pct(0.95):>7.1f} ms  p99 {pct(0.99):>7.1f} ms  "
                f"{mean_kb:>8.1f} KB/resp  errors {len(self.errors)}")


def load(port: int, shape: Shape, *, seconds: float, concurrency: int,
         max_requests: int) -> Result:
    result = Result(shape)
    lock = threading.Lock()
    sent = 0
    stop_at = time.monotonic() + seconds

    def client() -> None:
        nonlocal sent
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while time.monotonic() < stop_at:
            with lock:
                if sent >= max_requests:
                    return
                sent += 1
            began = time.monotonic()
            try:
                conn.request("GET", shape.path)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200
                error = "" if ok else f"HTTP {response.status}: {body[:200]!r}"
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                body, ok, error = b"", False, f"{type(exc).__name__}: {exc}"
            elapsed = time.monotonic() - began
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                    result.bytes += len(body)
                else:
                    result.errors.append(error)
        conn.close()

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


SHAPES = (
    Shape("geojson, dashboard default", "/api/events.geojson?properties=summary&limit=2000"),
    Shape("geojson, one country, 1 year", "/api/events.geojson?country=PK&since=2024-01-01"
          "&until=2024-12-31&properties=summary"),
    Shape("geojson, bbox + dates", "/api/events.geojson?bbox=60,20,80,35&since=2023-01-01"
          "&until=2023-06-30&properties=summary"),
    Shape("geojson, full rows, limit 1000", "/api/events.geojson?limit=1000"),
    Shape("geojson, full rows, default page", "/api/events.geojson"),
    Shape("geojson, full rows, limit 10000", "/api/events.geojson?limit=10000"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="per query shape")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=20_000, help="per query shape")
    parser.add_argument("--writer-articles", type=int, default=100, help="per writer run")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.concurrency <= 64 or args.seconds > 600:
        parser.error("keep it bounded: --concurrency 1..64, --seconds up to 600")

    CACHE.mkdir(parents=True, exist_ok=True)
    source = CACHE / f"events-{args.events}.sqlite"
    if args.rebuild or not source.exists():
        print(f"building a database of {args.events:,} synthetic events ...", file=sys.stderr)
        took = build_database(source, args.events)
        print(f"built in {took:.0f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="conflictcoder-load-") as folder:
        db = Path(folder) / "events.sqlite"
        db.write_bytes(source.read_bytes())  # the writer must not change the cached copy
        events = count_events(db)
        port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("CONFLICTCODER_WRITE_TOKEN", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "conflictcoder", "serve", "--db", str(db), "--host", HOST,
             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        writer = Writer(Path(folder), db, args.writer_articles, env)
        try:
            wait_until_up(port)
            writer.start()
            print(f"database: {events:,} events; server on {HOST}:{port}; runs of "
                  f"{args.writer_articles} articles writing alongside; {args.concurrency} "
                  f"clients, {args.seconds:g} s per shape")
            results = []
            for shape in SHAPES:
                result = load(port, shape, seconds=args.seconds, concurrency=args.concurrency,
                              max_requests=args.max_requests)
                results.append(result)
                print(result.line() + f"  (writer: {len(writer.runs)} runs done)", flush=True)
            writer.stop()
            failures = [r for r in writer.runs if r[0] != 0]
            print(f"writer: {len(writer.runs)} runs while loading, {len(failures)} failed; "
                  f"last: {writer.runs[-1][1] if writer.runs else '-'}")
            print(f"database after: {count_events(db):,} events")
            for result in results:
                for error in result.errors[:3]:
                    print(f"  {result.shape.name}: {error}")
            for code, line in failures[:3]:
                print(f"  writer exit {code}: {line}")
            return 1 if any(r.errors for r in results) or failures or not writer.runs else 0
        finally:
            writer.stopping.set()
            for process in (writer.process, server):
                if process is not None and process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()


if __name__ == "__main__":
    sys.exit(main())
