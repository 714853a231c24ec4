"""A batch of hostile files and good articles through `conflictcoder run`, in a subprocess.

Exit 0, every bad file named on stderr with its reason, every good article's events
stored, an article on which a stage never returns stopped by the time budget, peak
memory under 2 GB.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from importlib import resources as package_files
from pathlib import Path

import pytest

SAMPLES = ("pakistan_balochistan_bla.html", "nigeria_borno_village_attack.html",
           "somalia_mogadishu_car_bomb.html", "kenya_nairobi_protest_teargas.html")
REPORT = ("Suspected militants ambushed an army convoy near the town of Mandera on Thursday, "
          "killing four soldiers, a military spokesman said on Friday.")
# Runs the command and reports the peak memory of it and its children, in kilobytes.
MEASURE = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
           "print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
           "file=sys.stderr); sys.exit(code)")


def page(body: str) -> str:
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


# Loaded into the `run` subprocess: a stage that never returns on one article, as a
# catastrophic regular expression or an endless loop would. The budget must stop it.
HANG_HOOK = """
import conflictcoder.pipeline as pipeline

_extract = pipeline.extract_article


def extract_article(article, *args, **kwargs):
    if "stage-never-returns" in article.text:
        while True:
            pass
    return _extract(article, *args, **kwargs)


pipeline.extract_article = extract_article
"""
BUDGET = "3"


def build_batch(folder: Path) -> tuple[dict[str, str], list[str]]:
    """Bad files -> the rejection code expected for each; and the good files."""
    bad: dict[str, str] = {}

    def put(name: str, data: bytes | str, code: str) -> None:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        bad[name] = code

    with (folder / "huge.html").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB, refused by size, never read
    bad["huge.html"] = "too-large"
    put("empty.txt", "   \n", "empty")
    put("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary")
    put("story.html", gzip.compress(page(f"<p>{REPORT}</p>").encode()), "binary")
    put("notes.txt", b"PK\x03\x04\x14\x00\x00\x00" + bytes(300), "binary")
    put("report.pdf.html", b"%PDF-1.4\n1 0 obj << >> endobj\n", "binary")
    put("nested.html", page("<div>" * 200_000 + f"<p>{REPORT}</p>" + "</div>" * 200_000),
        "page-limit")
    put("deep.html", page("<div>" * 20_000 + f"<p>{REPORT}</p>"), "page-limit")
    put("tags.html", page("<i></i>" * 1_000_000), "page-limit")
    put("scripts.html", "<html><head><script>" + "var x = 1;" * 20_000 + "</script><style>"
        + "p { margin: 0 }" * 2_000 + "</style></head></html>", "no-text")
    put("nobody.html", "<html><head><title>Breaking</title></head></html>", "no-text")
    put("bad_bom.txt", codecs.BOM_UTF16_LE + b"\x00\xd8\x41\x00", "encoding")
    put("hang.txt", f"{REPORT} stage-never-returns", "time-budget")

    good = list(SAMPLES)
    samples = package_files.files("conflictcoder") / "samples"
    for name in SAMPLES:
        (folder / name).write_bytes((samples / name).read_bytes())
    (folder / "mandera_utf16.txt").write_bytes(codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"))
    good.append("mandera_utf16.txt")
    latin = ("Police fired tear gas at hundreds of students protesting in Medellín on Tuesday, "
             "and 14 people were arrested, the city's mayor said.")
    (folder / "medellin_cp1252.txt").write_bytes(latin.encode("cp1252"))
    good.append("medellin_cp1252.txt")
    huge_attribute = page(f'<div class="{"x" * 5_000_000}"><p>Rebels shelled the town of '
                          "Butembo on Wednesday, killing six civilians, local officials said."
                          "</p></div>")
    (folder / "butembo_attribute.html").write_text(huge_attribute)
    good.append("butembo_attribute.html")

    lines = [
        json.dumps({"id": "kismayo-1", "published": "2026-03-02",
                    "text": "Al-Shabaab fighters attacked a police station in Kismayo on "
                            "Sunday, killing two officers, residents said."}),
        "{not json",
        json.dumps({"text": "no id on this line"}),
        json.dumps({"id": "kismayo-1", "text": "a second line with the same id"}),
        json.dumps({"id": "x2", "text": ["not", "a", "string"]}),
        "[" * 50_000,
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines))
    for number, code in ((2, "jsonl-malformed"), (3, "jsonl-id"), (4, "jsonl-duplicate"),
                         (5, "jsonl-type"), (6, "jsonl-malformed")):
        bad[f"feed.jsonl:{number}"] = code
    return bad, good


def hook_env(root: Path) -> dict[str, str]:
    hook = root / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(HANG_HOOK)
    path = os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "CONFLICTCODER_ARTICLE_SECONDS": BUDGET}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("batch")
    folder = root / "inputs"
    folder.mkdir()
    bad, good = build_batch(folder)
    db = root / "events.sqlite"
    env = hook_env(root)
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "conflictcoder", "run",
               str(folder), "--db", str(db), "--published", "2026-03-09", "--no-progress"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    return {"folder": folder, "bad": bad, "good": good, "db": db, "done": done}


def test_the_batch_exits_0(batch: dict[str, object]) -> None:
    done = batch["done"]
    assert isinstance(done, subprocess.CompletedProcess)
    assert done.returncode == 0, done.stderr[-3000:]


def test_every_bad_file_is_named_with_its_reason(batch: dict[str, object]) -> None:
    done, folder, bad = batch["done"], batch["folder"], batch["bad"]
    assert isinstance(done, subprocess.CompletedProcess) and isinstance(folder, Path)
    assert isinstance(bad, dict)
    skipped = {}
    for line in done.stderr.splitlines():
        match = re.match(r"conflictcoder: skipped (.+?): (.+) \[([a-z-]+)\]$", line)
        if match:
            skipped[match.group(1).replace(str(folder) + os.sep, "")] = (match.group(3),
                                                                        match.group(2))
    assert {name: code for name, (code, _) in skipped.items()} == bad
    assert "over the limit" in skipped["huge.html"][1]
    assert skipped["story.html"][1] == "not text: looks like gzip data"
    assert "longer than the budget of 3 s" in skipped["hang.txt"][1]
    assert skipped["feed.jsonl:3"][1] == 'line 3: missing "id"'


def test_every_good_article_has_its_events_stored(batch: dict[str, object]) -> None:
    folder, good, db = batch["folder"], batch["good"], batch["db"]
    assert isinstance(folder, Path) and isinstance(good, list) and isinstance(db, Path)
    with sqlite3.connect(db) as conn:
        records = dict(conn.execute("SELECT article_id, COUNT(*) FROM records GROUP BY 1"))
        events = conn.execute("SELECT COUNT(*) FROM events WHERE status = 'active'").fetchone()
        stored = {row[0] for row in conn.execute("SELECT id FROM articles")}
    for name in good:
        article_id = str(folder / name)
        assert article_id in stored, name
        assert records.get(article_id, 0) >= 1, name
    assert records.get("kismayo-1", 0) >= 1
    assert events[0] >= len(good)
    rejected = {name for name in stored if "hang.txt" in name or "nested" in name}
    assert not rejected  # bad files leave no article behind


def test_peak_memory_stays_under_2_gb(batch: dict[str, object]) -> None:
    done = batch["done"]
    assert isinstance(done, subprocess.CompletedProcess)
    peak = re.search(r"peak-kb (\d+)", done.stderr)
    assert peak is not None
    assert int(peak.group(1)) < 2 * 1024 * 1024


def test_a_second_run_changes_nothing(batch: dict[str, object], tmp_path: Path) -> None:
    folder, db = batch["folder"], batch["db"]
    assert isinstance(folder, Path) and isinstance(db, Path)
    copy = tmp_path / "copy.sqlite"
    shutil.copy(db, copy)
    with sqlite3.connect(copy) as conn:
        before = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    done = subprocess.run(
        [sys.executable, "-m", "conflictcoder", "run", str(folder), "--db", str(copy),
         "--published", "2026-03-09", "--no-progress"],
        capture_output=True, text=True, env=hook_env(tmp_path), timeout=600)
    assert done.returncode == 0
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT COUNT(*) FROM records").fetchone()[0] == before
