"""The Aho-Corasick scan of the prefilter strings gives the regular-expression scan's
answer, on the shipped trigger lexicon and actor dictionary and on built examples."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictcoder.resources import prefilter
from conflictcoder.resources.actor_index import load_actor_index
from conflictcoder.resources.prefilter import NeedsScan
from conflictcoder.stages.mentions import trigger_lexicon

TEXTS = [
    "gunmen shot dead a trader and torched two lorries near the market on friday.",
    "suspected militants ambushed an army convoy, killing four soldiers, officials said.",
    "police fired tear gas at students who marched on parliament against the fuel levy.",
    "troops of the 3rd infantry division repelled an attack; two insurgents were killed.",
    "the ſoldiers were ambuſhed near the ıdlib road, a monitor ſaid.",  # case-fold letters
    "al-shabaab fighters and boko haram insurgents clashed with the ndf and militia men.",
    "a roadside bomb wounded three policemen on patrol in the district on tuesday.",
    "the minister said talks with the union would resume next week.",
    "",
    "killedkilledkilled protestersprotesters",
]
PIECES = [
    "kill", "killed", "ed", "led", "shot", "dead", "police", "policemen", "men", "gunmen",
    "army", "arm", "soldier", "s", "protest", "ers", "rebel", "lion", "the ", " ", ",", "ſ",
    "ı", "fire", "d ", "bomb", "blast", "attack", "militia", "al-", "shabaab", "é", "σ",
]


def _scans() -> list[NeedsScan]:
    scans = [trigger_lexicon().prefilter, load_actor_index()._prefilter]
    assert all(s is not None and s.automaton is not None for s in scans)
    return scans  # type: ignore[return-value]


def _regex_only(scan: NeedsScan) -> NeedsScan:
    return replace(scan, automaton=None)


def test_the_shipped_scans_use_the_automaton() -> None:
    pytest.importorskip("ahocorasick")
    for scan in _scans():
        assert scan.automaton is not None


def test_automaton_and_regex_scans_agree_on_texts() -> None:
    for scan in _scans():
        plain = _regex_only(scan)
        for text in TEXTS:
            assert scan.scan(text) == plain.scan(text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20))
def test_automaton_and_regex_scans_agree_on_generated_texts(pieces: list[str]) -> None:
    text = "".join(pieces)
    for scan in _scans():
        assert scan.scan(text) == _regex_only(scan).scan(text), text


def test_nested_and_overlapping_strings_are_all_seen() -> None:
    needs = {"kill": frozenset({"kill", "killed"}), "led": frozenset({"led"}), "none": None}
    clauses = {frozenset({"illed"}): 0, frozenset({"zzz"}): 1}
    fast = NeedsScan.build(needs, clauses)
    slow = NeedsScan.build(needs, clauses, automaton=False)
    assert slow.automaton is None
    for text in ("they killed him", "kille", "illed", "zzzkilled", "nothing here", ""):
        assert fast.scan(text) == slow.scan(text), text
    assert fast.scan("they killed him") == (0b01, {"kill", "led", "none"})


def test_a_scan_without_strings_or_without_the_package_falls_back(monkeypatch) -> None:
    empty = NeedsScan.build({"none": None}, {})
    assert empty.automaton is None and empty.scan("anything") == (0, {"none"})
    monkeypatch.setattr(prefilter, "ahocorasick", None)
    plain = NeedsScan.build({"kill": frozenset({"kill"})}, {})
    assert plain.automaton is None and plain.scan("a kill") == (0, {"kill"})


def test_automaton_and_regex_scans_agree_on_the_bundled_samples() -> None:
    import json
    from importlib import resources

    lines = (resources.files("conflictcoder") / "samples" / "samples.jsonl").read_text("utf-8")
    texts = [json.loads(line)["text"] for line in lines.splitlines() if line.strip()]
    assert texts
    for scan in _scans():
        plain = _regex_only(scan)
        for text in texts:
            for part in [text, *text.split(". ")]:
                lowered = part.lower()
                assert scan.scan(lowered) == plain.scan(lowered), part[:80]
