"""A run killed with SIGKILL at any moment and run again leaves the database exactly as one
clean run leaves it; running the same input twice changes nothing.

The runs here use a small deterministic stand-in for the extractor (it reads the toll, town
and date out of a fixed sentence pattern) so the test is about the store, not extraction
quality; the last test does the same through the real ``conflictcoder run`` command.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from conflictcoder.model import (
    Actor,
    Article,
    ArticleResult,
    CasualtyFigure,
    DateValue,
    EventRecord,
    Place,
    Span,
    content_id,
)
from conflictcoder.runner import run_inputs, serial_mapper

TESTS = Path(__file__).parent
TOWNS = {  # fictional spellings are fine: the stand-in extractor knows only these
    "Nushki": (29.55, 66.02, "Balochistan"), "Kharan": (28.58, 65.42, "Balochistan"),
    "Turbat": (26.00, 63.06, "Balochistan"), "Bannu": (32.99, 70.60, "Khyber Pakhtunkhwa"),
    "Tank": (32.22, 70.38, "Khyber Pakhtunkhwa"), "Chaman": (30.92, 66.45, "Balochistan"),
}
KINDS = {"roadside bomb": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         "gunfight": ("Battles", "Armed clash"), "rally": ("Protests", "Peaceful protest")}
ACTORS = {
    "roadside bomb": (Actor("bombers", "Unidentified Armed Group (Pakistan)", 3, "Pakistan"),
                      Actor("police", "Police Forces of Pakistan (2024-)", 1, "Pakistan")),
    "gunfight": (Actor("troops", "Military Forces of Pakistan (2024-)", 1, "Pakistan"),
                 Actor("gunmen", "Unidentified Armed Group (Pakistan)", 3, "Pakistan")),
    "rally": (Actor("traders", "Protesters (Pakistan)", 6, "Pakistan"), None),
}
FILLER = [
    "Security forces cordoned off the area and began a search operation.",
    "Residents said they heard gunfire for nearly an hour afterwards.",
    "The provincial government condemned the incident and ordered an inquiry.",
    "Hospital staff appealed for blood donations as the wounded arrived.",
    "Shops in the main bazaar stayed closed for the rest of the day.",
    "A spokesman said the situation was under control by evening.",
    "Mobile phone services were suspended in the district as a precaution.",
    "Local elders called for calm and urged people to stay indoors.",
]
PATTERN = re.compile(r"On (\d{4}-\d{2}-\d{2}) in (\w+), a ([a-z ]+?) (?:killed (\d+) people|"
                     r"drew a crowd)")


def stand_in_extract(article: Article, scope: str) -> ArticleResult:
    """Every 'On DATE in TOWN, a KIND killed N people' sentence becomes one record."""
    records = []
    for match in PATTERN.finditer(article.text):
        day, town, kind, toll = match.groups()
        lat, lon, admin1 = TOWNS[town]
        event_type, sub_type = KINDS[kind]
        span = Span(article.id, match.start(), match.end())
        n = int(toll or 0)
        figures = (CasualtyFigure("killed", n, n, n, "unknown", "reported", span, match.group(),
                                  source="police"),) if toll else ()
        when = date.fromisoformat(day)
        records.append(EventRecord(
            id=content_id(article.id, str(match.start())), article_id=article.id,
            date=DateValue(when, when, "day", span, "stand-in"),
            place=Place(town, town, "Pakistan", "PK", 586, "South Asia", admin1, town, "",
                        lat, lon, None, "exact", span, "stand-in"),
            event_type=event_type, sub_event_type=sub_type, disorder_type="Political violence",
            actor1=ACTORS[kind][0], actor2=ACTORS[kind][1], figures=figures, fatalities=n,
            best=n, low=n, high=n,
            source=article.outlet,
        ))
    return ArticleResult(article=article, records=tuple(records))


def slow_stand_in_extract(article: Article, scope: str) -> ArticleResult:
    time.sleep(0.004)  # long enough for a kill to land mid-run
    return stand_in_extract(article, scope)


def write_corpus(path: Path, events: int = 150, seed: int = 7) -> int:
    """Several reports per event (tolls revised), syndicated copies, same-town same-day events."""
    rng = random.Random(seed)
    lines = []
    outlets = ["Dawn", "Reuters", "AP", "Geo News", "The Nation", "Express Tribune"]
    for e in range(events):
        # Six events every third day: two towns, each with a bombing, a gunfight and a rally.
        group = e // 6
        day = date(2025, 3, 1) + timedelta(days=3 * group)
        town = list(TOWNS)[(e % 6) // 3 + 2 * (group % 3)]
        kind = list(KINDS)[e % 3]
        toll = rng.randint(1, 9)
        for report in range(rng.randint(1, 4)):
            published = day + timedelta(days=report)
            toll += rng.randint(0, 3) if report else 0
            said = f"killed {toll} people" if kind != "rally" else "drew a crowd"
            story = " ".join(rng.sample(FILLER, 4))
            text = (f"On {day.isoformat()} in {town}, a {kind} {said}, officials said. {story} "
                    f"Report {e}-{report} filed by the {outlets[report]} desk.")
            aid = f"ev{e}-r{report}"
            lines.append({"id": aid, "text": text, "published": published.isoformat(),
                          "source": outlets[report]})
            if rng.random() < 0.3:  # a paper runs the same wire copy under its own dateline
                lines.append({"id": aid + "-copy", "text": f"{town.upper()} (APP) - " + text,
                              "published": published.isoformat(), "source": "Daily Times"})
    rng.shuffle(lines)
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return len(lines)


RUN_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_crash_safety import slow_stand_in_extract
from conflictcoder.runner import run_inputs, serial_mapper, pool_mapper
workers = int(sys.argv[3])
mapper = pool_mapper(workers, slow_stand_in_extract) if workers > 1 else serial_mapper(
    slow_stand_in_extract)
run_inputs([sys.argv[1]], sys.argv[2], mapper=mapper, progress=False, batch_size=16,
           merge_every=60)
"""


def start_run(corpus: Path, db: Path, workers: int = 1, *,
              capture: bool = False) -> subprocess.Popen[bytes]:
    script = RUN_SCRIPT.format(tests=str(TESTS))
    return subprocess.Popen([sys.executable, "-c", script, str(corpus), str(db), str(workers)],
                            start_new_session=True,
                            stderr=subprocess.PIPE if capture else subprocess.DEVNULL)


def finish_run(corpus: Path, db: Path, workers: int = 1) -> None:
    proc = start_run(corpus, db, workers, capture=True)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()


def stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def kill_when(proc: subprocess.Popen[bytes], db: Path, articles: int) -> int:
    """SIGKILL the run (and its workers) once ``articles`` are stored; returns how many were."""
    deadline = time.monotonic() + 120
    while stored_articles(db) < articles and proc.poll() is None:
        assert time.monotonic() < deadline, "the run never got that far"
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return stored_articles(db)


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table; the run log's wall-clock columns and attempt count aside."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            keep = [c for c in columns if (table, c) not in {
                ("runs", "started_at"), ("runs", "finished_at"), ("runs", "attempts")}]
            select = ", ".join(f'"{c}"' for c in keep)
            out[table] = sorted(tuple(r) for r in conn.execute(f"SELECT {select} FROM {table}"))
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("corpus") / "reports.jsonl"
    return path, write_corpus(path)


@pytest.fixture(scope="module")
def clean(corpus: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    finish_run(corpus[0], db)
    return db


def test_the_clean_run_merges_reports_and_copies(clean: Path, corpus: tuple[Path, int]) -> None:
    tables = dump(clean)
    articles = tables["articles"]
    copies = [a for a in articles if a[12] is not None]  # duplicate_of
    assert len(articles) == corpus[1] and copies
    events = tables["events"]
    assert len(events) == 150  # every event's reports merged, same-town same-day events apart
    assert any(len(e[23].split()) >= 3 for e in events)  # an event with three or more reports
    assert any("Daily Times" in e[19].split("; ") for e in events)  # a copy's outlet is a source
    runs = tables["runs"]
    assert len(runs) == 1 and runs[0][1] == "done"


@pytest.mark.parametrize("fractions", [(0.0,), (0.2,), (0.35, 0.7), (0.5, 0.5, 0.9)])
def test_a_killed_run_run_again_ends_exactly_as_a_clean_run(
    clean: Path, corpus: tuple[Path, int], tmp_path: Path, fractions: tuple[float, ...]
) -> None:
    db = tmp_path / "killed.db"
    path, total = corpus
    partial = []
    for fraction in fractions:
        partial.append(kill_when(start_run(path, db), db, max(1, int(total * fraction))))
    assert any(0 < n < total for n in partial) or fractions == (0.0,)
    finish_run(path, db)
    assert dump(db) == dump(clean)
    conn = sqlite3.connect(db)
    ((attempts,),) = conn.execute("SELECT attempts FROM runs").fetchall()
    conn.close()
    # one run, resumed; a kill that lands before the resumed run starts leaves no attempt
    assert 2 <= attempts <= len(fractions) + 1


def test_a_killed_pool_run_resumes_to_the_same_database(
    clean: Path, corpus: tuple[Path, int], tmp_path: Path
) -> None:
    db = tmp_path / "pool.db"
    path, total = corpus
    assert 0 < kill_when(start_run(path, db, workers=2), db, total // 2) < total
    finish_run(path, db, workers=2)
    assert dump(db) == dump(clean)


def test_running_the_same_input_again_changes_nothing(
    clean: Path, corpus: tuple[Path, int], tmp_path: Path
) -> None:
    db = tmp_path / "twice.db"
    db.write_bytes(clean.read_bytes())
    before = dump(db)
    summary = run_inputs([str(corpus[0])], str(db), mapper=serial_mapper(stand_in_extract),
                         progress=False, merge_every=60)
    assert summary.already_stored == corpus[1] and summary.records_new == 0
    assert (summary.events_new, summary.events_updated) == (0, 0)
    assert dump(db) == before


def test_a_later_run_revises_an_event_and_keeps_its_id(
    clean: Path, corpus: tuple[Path, int], tmp_path: Path
) -> None:
    db = tmp_path / "later.db"
    db.write_bytes(clean.read_bytes())
    conn = sqlite3.connect(db)
    event_id, id_cnty, fatalities, when, town = conn.execute(
        "SELECT id, id_cnty, fatalities, event_date, location FROM events "
        "WHERE event_type = 'Battles' ORDER BY id_cnty LIMIT 1").fetchone()
    conn.close()
    later = tmp_path / "later.jsonl"
    text = (f"On {when} in {town}, a gunfight killed {fatalities + 20} people, officials said. "
            "Bodies were recovered from a nearby ravine on Friday, raising the toll sharply.")
    later.write_text(json.dumps({"id": "follow-up", "text": text, "published": "2025-06-01",
                                 "source": "BBC Urdu"}) + "\n", encoding="utf-8")
    summary = run_inputs([str(later)], str(db), mapper=serial_mapper(stand_in_extract),
                         progress=False)
    assert (summary.events_new, summary.events_updated) == (0, 1)
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT id_cnty, fatalities, changed_run FROM events WHERE id = ?",
                       (event_id,)).fetchone()
    history = conn.execute("SELECT fatalities, source FROM toll_history WHERE event_id = ? "
                           "ORDER BY position", (event_id,)).fetchall()
    conn.close()
    assert row == (id_cnty, fatalities + 20, 2)
    assert history[-1] == (fatalities + 20, "BBC Urdu")


def test_the_real_cli_survives_a_kill(tmp_path: Path) -> None:
    """`conflictcoder run` itself, killed mid-run and run again, matches a clean run."""
    path = tmp_path / "reports.jsonl"
    total = write_corpus(path, events=40, seed=3)
    command = [sys.executable, "-m", "conflictcoder", "run", str(path), "--no-progress"]
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
    done = subprocess.run([*command, "--db", str(clean_db)], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    proc = subprocess.Popen([*command, "--db", str(killed_db)], start_new_session=True,
                            stderr=subprocess.DEVNULL)
    kill_when(proc, killed_db, total // 3)
    done = subprocess.run([*command, "--db", str(killed_db)], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    assert dump(killed_db) == dump(clean_db)
