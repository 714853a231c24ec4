"""A short, seeded run of the fuzzer in benchmarks/fuzz_extract.py (the long run is there)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from conflictcoder.model import Article, Span

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_extract.py"


@pytest.fixture(scope="module")
def fuzzer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_extract", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_extract"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_inputs_are_reproducible_from_seed_and_index(fuzzer: ModuleType) -> None:
    first = [fuzzer.make_input(3, i).data for i in range(30)]
    again = [fuzzer.make_input(3, i).data for i in range(30)]
    other = [fuzzer.make_input(4, i).data for i in range(30)]
    assert first == again
    assert first != other
    assert len(set(first)) == 30


def test_a_short_seeded_fuzz_run_finds_no_crash_hang_or_broken_invariant(
    fuzzer: ModuleType,
) -> None:
    summary = fuzzer.fuzz(100, seed=20260309, workers=1, hang_seconds=10.0)
    details = [f"#{f.index} {f.failure}: {f.detail.strip()[-300:]}" for f in summary.failures]
    assert summary.tried == 100
    assert not summary.failures, "\n".join(details)
    # The run exercised the pipeline, not only the reader's rejections.
    assert summary.articles > 50
    assert summary.records > 30
    assert len(summary.rejections) >= 5
    assert {"binary", "no-text", "jsonl-malformed"} <= set(summary.rejections)


def test_the_invariant_checker_catches_broken_records(fuzzer: ModuleType) -> None:
    from dataclasses import replace

    from builders import make_record

    article = Article("a", "x" * 100, published=date(2026, 1, 31))
    good = make_record(article_id="a", claims=(), high=7, provenance=())
    assert fuzzer.invariant_errors(article, good) == []
    late = replace(good, date=replace(good.date, start=date(2026, 2, 2), end=date(2026, 2, 2)))
    assert any("after publication" in e for e in fuzzer.invariant_errors(article, late))
    negative = replace(good, fatalities=-1)
    assert any("negative" in e for e in fuzzer.invariant_errors(article, negative))
    unordered = replace(good, low=9, best=7, high=8)
    assert any("low <= best" in e for e in fuzzer.invariant_errors(article, unordered))
    outside = replace(good, place=replace(good.place, span=Span("a", 90, 120)))
    assert any("outside the text" in e for e in fuzzer.invariant_errors(article, outside))
