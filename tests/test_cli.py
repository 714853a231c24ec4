"""The command-line contract of DESIGN.md, run in-process and as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictcoder.export.rows import ACLED_COLUMNS
from conflictcoder.interfaces.cli import main

REPORT = (
    "QUETTA, Pakistan (Reuters) - Militants of the Baloch Liberation Army attacked a police "
    "station in the town of Nushki in Balochistan on Saturday, killing four policemen, "
    "officials said on Monday."
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_extract_text_file_to_jsonl_stdout(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nushki.txt"
    path.write_text(REPORT)
    code, out, err = _run(["extract", str(path), "--published", "2026-03-16", "-o", "-"], capsys)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows, err
    assert all(row["article_id"] == str(path) for row in rows)
    row = rows[0]
    assert row["event_date"] == "2026-03-14"
    assert row["location"] == "Nushki"
    assert row["admin1"] == "Balochistan"
    assert row["fatalities"] == 4
    assert "BLA" in row["actor1"] + row["actor2"]
    assert row["provenance"]["event_date"][0]["text"] == "Saturday"


def test_extract_acled_csv_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "n1", "text": REPORT, "published": "2026-03-16"}) + "\n")
    out_path = tmp_path / "out" / "events.csv"
    code, _, _ = _run(["extract", str(path), "--format", "acled-csv", "-o", str(out_path)],
                      capsys)
    assert code == 0
    reader = csv.DictReader(io.StringIO(out_path.read_text()))
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    assert next(r["location"] for r in reader) == "Nushki"


def test_extract_bad_inputs_are_named_and_batch_exits_zero(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text(REPORT)
    (tmp_path / "junk.html").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_text("   ")
    code, out, err = _run(["extract", str(tmp_path), "--published", "2026-03-16"], capsys)
    assert code == 0
    assert "junk.html" in err and "not text" in err
    assert "empty.txt" in err and "empty input" in err
    assert len(out.splitlines()) >= 1


def test_extract_no_event_text_yields_no_rows(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "weather.txt"
    path.write_text("Light rain is expected across the capital on Sunday, forecasters said, "
                    "with temperatures falling to 12 degrees by the evening.")
    code, out, _ = _run(["extract", str(path), "--published", "2026-03-16"], capsys)
    assert code == 0
    assert out == ""


def test_extract_reads_stdin_in_a_subprocess(tmp_path: Path) -> None:
    line = json.dumps({"id": "stdin-1", "text": REPORT, "published": "2026-03-16"})
    result = subprocess.run(
        [sys.executable, "-m", "conflictcoder", "extract", "-", "-o", "-"],
        input=line, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert rows and rows[0]["article_id"] == "stdin-1"


def test_unknown_evaluate_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["evaluate", "missing.csv", "--kind", "nonsense"], capsys)
    assert code == 2
    assert "unknown --kind" in err


# --- limits on the command line, and undated articles -------------------------------------------

LIMIT_VARIABLES = ("CONFLICTCODER_MAX_PAGE_BYTES", "CONFLICTCODER_MAX_TEXT_CHARS",
                   "CONFLICTCODER_ARTICLE_SECONDS", "CONFLICTCODER_MAX_ELEMENTS")
FILLER = ("The provincial assembly met for its budget session, and members debated the "
          "allocation for schools and roads for most of the afternoon. ")


@pytest.fixture
def limits_env() -> Iterator[None]:
    """The flags set the limits for the process (and its workers) through the environment:
    put it back as it was after each test."""
    saved = {name: os.environ.get(name) for name in LIMIT_VARIABLES}
    for name in LIMIT_VARIABLES:
        os.environ.pop(name, None)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.mark.parametrize("command", ["extract", "run", "watch"])
def test_the_limit_flags_are_documented_in_help(command: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for flag in ("--max-page-bytes SIZE", "--max-text-chars N", "--article-seconds S"):
        assert flag in text
    assert "CONFLICTCODER_MAX_PAGE_BYTES" in text and "(default 20MB" in text


@pytest.mark.parametrize("argv", [["--max-page-bytes", "lots"], ["--max-page-bytes", "0"],
                                  ["--max-text-chars", "-5"], ["--article-seconds", "soon"],
                                  ["--article-seconds", "-1"]])
def test_bad_limit_values_are_usage_errors(argv: list[str], tmp_path: Path, limits_env: None,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["extract", str(tmp_path), *argv])
    assert done.value.code == 2
    assert argv[0] in capsys.readouterr().err


def test_max_page_bytes_refuses_a_larger_page_with_its_reason(
        tmp_path: Path, limits_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nushki.txt"
    path.write_text(REPORT + " " + FILLER * 10)  # about 2 KB
    code, out, err = _run(["extract", str(path), "--published", "2026-03-16",
                           "--max-page-bytes", "1K"], capsys)
    assert code == 0 and out == ""
    assert "nushki.txt" in err and "over the limit of 1,024" in err and "[too-large]" in err
    code, out, _ = _run(["extract", str(path), "--published", "2026-03-16",
                         "--max-page-bytes", "1MB"], capsys)
    assert code == 0 and json.loads(out.splitlines()[0])["location"] == "Nushki"


def test_max_text_chars_codes_only_the_head_of_an_article(
        tmp_path: Path, limits_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "late.txt"
    path.write_text(FILLER * 4 + "\n\n" + REPORT)  # the attack comes after 600 characters
    argv = ["extract", str(path), "--published", "2026-03-16"]
    code, out, _ = _run([*argv, "--max-text-chars", "400"], capsys)
    assert code == 0 and out == ""  # the report lies past the cap: not coded
    code, out, _ = _run([*argv, "--max-text-chars", "0"], capsys)  # 0: no cap
    assert code == 0 and json.loads(out.splitlines()[0])["location"] == "Nushki"


def test_article_seconds_stops_an_article_over_its_budget(
        tmp_path: Path, limits_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nushki.txt"
    path.write_text(REPORT)
    code, out, err = _run(["extract", str(path), "--published", "2026-03-16",
                           "--article-seconds", "0.000001"], capsys)
    assert code == 0 and out == ""
    assert "nushki.txt" in err and "[time-budget]" in err


def test_the_limit_flags_reach_the_worker_processes_of_a_run(
        tmp_path: Path, limits_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "short.txt").write_text(REPORT)
    (corpus / "long.txt").write_text(REPORT + " " + FILLER * 10)
    (corpus / "late.txt").write_text(FILLER * 4 + "\n\n" + REPORT.replace("Nushki", "Kharan"))
    db = tmp_path / "events.db"
    code, _, err = _run(["run", str(corpus), "--db", str(db), "--workers", "2",
                         "--no-progress", "--published", "2026-03-16",
                         "--max-page-bytes", "1000", "--max-text-chars", "400"], capsys)
    assert code == 0, err
    assert "long.txt" in err and "[too-large]" in err
    conn = sqlite3.connect(db)
    try:
        places = {row[0] for row in conn.execute("SELECT location FROM events")}
    finally:
        conn.close()
    assert places == {"Nushki"}  # late.txt's Kharan attack lies past the 400-character cap


UNDATED = ("Gunmen stormed a police checkpoint in Quetta, killing four officers, officials "
           "said. The attackers escaped into the hills before reinforcements arrived.")


def test_an_article_with_no_date_anywhere_is_reported_not_dropped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "undated-1", "text": UNDATED}) + "\n"
                    + json.dumps({"id": "dated-1", "text": REPORT,
                                  "published": "2026-03-16"}) + "\n")
    code, out, err = _run(["extract", str(path)], capsys)
    assert code == 0
    assert [json.loads(line)["article_id"] for line in out.splitlines()] == ["dated-1"]
    assert "undated-1" in err and "no publication date" in err and "[no-date]" in err
    assert "--published" in err  # says what to do about it
    code, out, _ = _run(["extract", str(path), "--published", "2026-03-02"], capsys)
    assert {json.loads(line)["article_id"] for line in out.splitlines()} == {"undated-1",
                                                                            "dated-1"}


def test_a_run_reports_an_undated_article_and_a_rerun_with_a_date_codes_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "undated-1", "text": UNDATED}) + "\n")
    db = tmp_path / "events.db"
    code, _, err = _run(["run", str(path), "--db", str(db), "--workers", "1",
                         "--no-progress"], capsys)
    assert code == 0
    assert "undated-1" in err and "1 inputs rejected (no-date 1)" in err
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT code FROM rejections").fetchall() == [("no-date",)]
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    finally:
        conn.close()
    code, _, err = _run(["run", str(path), "--db", str(db), "--workers", "1", "--no-progress",
                         "--published", "2026-03-02"], capsys)
    assert code == 0 and "rejected" not in err
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT location FROM events").fetchall() == [("Quetta",)]
    finally:
        conn.close()
