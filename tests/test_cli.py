"""The command-line contract of DESIGN.md, run in-process and as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
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
