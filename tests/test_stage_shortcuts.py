"""The speed shortcuts of the casualty and date stages give what the plain code gives.

Each shortcut (prefix-tree word lists, start finders, cached tokens, skipped patterns) is
compared with the plain form it replaces, on hand-written wire-style sentences and on
sentences assembled at random from pieces chosen to hit the edges (glued words, letters
that case-fold apart, digits of other scripts, tokens cut at the end of a window).
"""

from __future__ import annotations

import random
import re

import pytest

from conflictcoder.resources.prefilter import folds_apart
from conflictcoder.stages.casualty_context import _PROTEST_CONTEXT
from conflictcoder.stages.casualty_implicit import _BODY_FOUND, SELF_KILLED
from conflictcoder.stages.casualty_lexicon import (
    _TOKEN,
    _quantity_pattern,
    _verb_patterns,
    load_lexicon,
    may_match,
)
from conflictcoder.stages.casualty_text import Reading, reading
from conflictcoder.stages.date_grammar import _matches

SENTENCES = (
    "At least seventeen people, including four children, were killed and dozens of others "
    "wounded when a car bomb exploded near a market in the town on Sunday.",
    "Gunmen shot dead a 24-year-old trader and his two sons, police said, adding that "
    "between 10 and 15 attackers took part.",
    "Tens of thousands of residents fled after the army said it had neutralised twenty-five "
    "militants; no fewer than 3 soldiers died.",
    "A Koglweogo and another man were abducted; an estimated two hundred and fifty homes "
    "burned, a couple of them twice.",
    "Another seventeen-year-old, a mother of five (aged 32) and an unknown number of "
    "worshippers were hurt at 9 a.m. on 4.5.2024.",
    "The toll rose to 58 on Tuesday, officials said; scores of bodies were recovered from "
    "the rubble of the 3-storey building.",
    "İzmir: the ſoldiers and thırty people were hurt, ٣ dead; SEVENTEEN KILLED in RAID.",
    "“Some 40 fighters” of the group — or seven, by another count (KDF) — were killed.",
)

_PIECES = (
    "seven", "seventeen", "Seventy", "twenty-five", "one", "an", "another", "a", "the",
    "at least", "more  than", "up to", "dozens of", "tens of thousands of", "a couple",
    "between", "and", "to", "or", "-", "–", "12", "1,200", "3.5", "24-year-old", "(", ")",
    "'", "“", "”", "’s", ".", ",", ";", " ", "  ", "\n", "people", "soldiers", "police",
    "killed", "were", "injured", "abducted", "them", "of", "İ", "ı", "ſ", "K", "٣", "x",
    "a.m.", "abc.-x", "Mar", "May", "March", "Monday", "(31)", "yesterday", "the next day",
    "last week", "on the", "26th", "2024", "12/05/2019", "2025-02-14", "4.5.2024", "6/5",
)


def _random_texts(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rnd.choice(_PIECES) + rnd.choice(("", " ", " ", ",", "-")) for _ in range(12)]
        texts.append("".join(parts))
    return texts


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_quantity_prefix_trees_match_as_plain_alternations() -> None:
    lex = load_lexicon()
    plain = re.compile(
        _quantity_pattern(lex.qualifiers, lex.vague, trie=False), re.IGNORECASE
    )
    assert lex.quantity.pattern != plain.pattern  # the shipped one is the tree form
    texts = [*SENTENCES, *_random_texts(3000, seed=7)]
    for text in texts:
        assert _spans(lex.quantity, text) == _spans(plain, text), text
    readings = {m.group("num") for m in lex.quantity.finditer(SENTENCES[0] + SENTENCES[2])}
    assert {"seventeen", "twenty-five", "3"} <= readings  # longest number words win


def test_verb_prefix_trees_match_as_plain_alternations() -> None:
    lex = load_lexicon()
    passive, active, kill = (
        re.compile(p, re.IGNORECASE) for p in _verb_patterns(lex.passive, lex.active, trie=False)
    )
    assert lex.active_re.pattern != active.pattern
    texts = [*SENTENCES, *_random_texts(1500, seed=13)]
    for text in texts:
        assert _spans(lex.kill_verb_re, text) == _spans(kill, text), text
        for pos in range(len(text) + 1):
            fast, slow = lex.passive_re.match(text, pos), passive.match(text, pos)
            assert (fast and (fast.span(), fast.groupdict())) == (
                slow and (slow.span(), slow.groupdict())
            ), (text, pos)
            before = text[max(0, pos - 60) : pos]
            fast, slow = lex.active_re.search(before), active.search(before)
            assert (fast and (fast.span(), fast.groupdict())) == (
                slow and (slow.span(), slow.groupdict())
            ), (text, pos)
    assert lex.active_re.search("Gunmen shot dead ") is not None  # the texts reach them


@pytest.mark.parametrize("text", [*SENTENCES, *_random_texts(200, seed=11)])
def test_cached_tokens_are_the_tokens_of_a_fresh_scan(text: str) -> None:
    read = Reading(text)
    for pos in range(len(text) + 1):
        for width in (0, 3, 17, 100):
            end = min(len(text), pos + width)
            fresh = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, pos, end)]
            assert read.tokens(pos, end) == fresh, (pos, end)


def test_skipped_patterns_could_not_have_matched() -> None:
    lex = load_lexicon()
    patterns = (
        lex.kill_verb_re, lex.passive_re, lex.active_re, lex.left_re, *lex.claims,
        _BODY_FOUND, SELF_KILLED, _PROTEST_CONTEXT,
    )
    texts = [*SENTENCES, *_random_texts(1500, seed=3)]
    for text in texts:
        read = Reading(text)
        for pattern in patterns:
            kept = [(m.span(), m.groupdict()) for m in read.finditer(pattern)]
            assert kept == _spans(pattern, text)
            if not read.may_match(pattern):
                assert pattern.search(text) is None, (pattern.pattern[:40], text)
    assert folds_apart("the ſoldiers") and not folds_apart("the soldiers’ camp")
    assert not Reading("the soldiers’ camp").may_match(lex.kill_verb_re)
    assert Reading("they shot dead two men").may_match(lex.kill_verb_re)


def test_one_hint_scan_finds_what_a_test_per_hint_finds() -> None:
    lex = load_lexicon()
    for text in [*SENTENCES, *_random_texts(1500, seed=17)]:
        lower = text.lower()
        expected = folds_apart(text) or any(hint in lower for hint in lex.harm_hints)
        assert may_match(text, lower, lex.harm_hints) == expected or folds_apart(text), text
    assert not may_match("nothing here", "nothing here", ())


def test_the_last_sentence_reading_is_kept_and_replaced() -> None:
    first = "Two men were killed."
    second = "Three men were hurt."
    assert reading(first) is reading(first)
    other = reading(second)
    assert other.text is second and reading(first).text is first


def test_date_start_finders_never_change_the_date_expressions() -> None:
    texts = [*SENTENCES, *_random_texts(3000, seed=5)]
    for text in texts:
        assert _matches(text) == _matches(text, shortcuts=False), text
    kinds = {m.kind for text in texts for m in _matches(text)}
    # the generated texts reach the patterns that use each kind of finder
    assert {"range", "explicit", "partial", "numeric", "weekday", "weekday_day"} <= kinds
    assert {"relative", "anaphoric", "period", "month_day"} <= kinds


_DATE_PIECES = (
    "in", "In", "IN", "during", "early", "late", "mid", "earlier in", "later in", "last", "this",
    "January", "MARCH", "March", "Septembre", "2019", "1998", "2024-", "20245", "days", "day",
    "weeks", "months", "ago", "agony", "Chicago", "earlier", "later", "before", "after",
    "a few", "several", "three", "Twelve", "twenty", "12", "3", "x", "-", " ", "  ", "\t",
    "\n", " - ", ",", "(", "İn", "ın", "ſeveral", "on", "the", "next", "day", "Monday",
)


def test_anchored_date_patterns_find_what_a_whole_text_scan_finds() -> None:
    """Patterns with no start finder ("in March", "during 2019", "three days earlier",
    "two weeks ago") are tried only before the rare part every match holds: the same
    expressions as scanning the whole text with each."""
    rnd = random.Random(11)
    texts = [
        "Mid-March, in  \n2019 and during-January; three days earlier, Twelve days later.",
        "Earlier in March 2020 and IN 1999 two weeks ago, a few months ago, several days ago.",
    ]
    for _ in range(4000):
        parts = [rnd.choice(_DATE_PIECES) + rnd.choice(("", " ", " ", "  ", "-", "\n"))
                 for _ in range(rnd.randint(3, 14))]
        texts.append("".join(parts))
    for text in texts:
        assert _matches(text) == _matches(text, shortcuts=False), text
    reached = {(m.kind, *sorted(k for k, v in m.groups.items() if v))
               for text in texts for m in _matches(text)}
    # the texts reach each anchored pattern: "in March", "during 2019", "days earlier", "ago"
    assert {("month", "m", "pre"), ("year", "pre", "y"), ("anaphoric", "dir", "n"),
            ("ago", "few", "unit"), ("ago", "n", "unit")} <= reached
