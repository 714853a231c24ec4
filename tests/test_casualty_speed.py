"""The casualty stage's speed shortcuts give what the plain code gives.

Each shortcut (a pattern tried only where its required strings allow a match, tokens
sliced from the sentence's own, the starters of person nouns read once per sentence) is
checked against the plain form it replaces, and the whole stage is run with every
shortcut opened up and compared, on wire-style sentences and on sentences assembled at
random from pieces chosen to reach the verbs, names, lists and brackets the stage reads.
"""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conflictcoder.model import Article
from conflictcoder.stages import casualties, casualty_implicit, casualty_phrases, casualty_totals
from conflictcoder.stages.casualties import find_casualty_figures
from conflictcoder.stages.casualty_lexicon import _TOKEN, load_lexicon, may_match
from conflictcoder.stages.casualty_phrases import (
    _ACRONYM,
    _AND_DIED,
    _ASIDE,
    _HURT_THEN_DIED,
    _lexicon_head,
    _tokens,
)
from conflictcoder.stages.casualty_text import _QUOTES, Reading, may_name_known_person
from conflictcoder.stages.split import split_sentences

SENTENCES = (
    "Two soldiers and a civilian were killed when gunmen attacked a checkpoint, the army said.",
    "Gunmen shot dead a trader, killing his wife and two sons (aged 7 and 9) in the raid.",
    "Ahmed Musa, 24, was shot and later died; Ruth Okafor, 31, and Jo Lee were wounded.",
    "The attack left three police officers dead and five others injured near the market.",
    "Police: Teenage boy killed by raiders in Kano; a third victim has died in hospital.",
    "Militants abducted five farmers and killed them, then one attacker killed himself.",
    "“Some 40 fighters” of the group — or seven, by another count (KDF) — were killed.",
    "A man who was stabbed outside a bar has died, and a 'bomb maker' was arrested.",
    "The death toll rose to 58 as rescuers found the body of a fisherman on Tuesday.",
    "İzmir: the ſoldiers and thırty people were hurt, ٣ dead; SEVENTEEN KILLED in RAID.",
)

_PIECES = (
    "two", "seven", "12", "1,200", "a", "an", "another", "the", "his", "her", "their", "at least",
    "dozens of", "one of the", "of them", "including", "among the dead were", "people",
    "soldiers", "police officers", "civilians", "villagers", "men", "boy", "woman", "trader",
    "members of the", "Taliban", "Al Shabaab", "Jo Poe", "Ruth Okafor", "Kaleb", ", 4,",
    "were", "was", "killed", "died", "dies", "and died", "and later died", "shot dead",
    "wounded", "injured", "hurt", "abducted", "arrested", "left", "leaving", "dead",
    "killing", "shot", "stabbed", "who was shot", "succumbed", "pronounced dead", "attacked",
    "and", ",", ";", ".", "(", ")", "(KDF)", "'", "“", "”", "’", "-", "them", "himself",
    "the body of", "in the village of", "on Sunday", "police said", "İ", "ı", "ſ", "K", "٣",
    "x", "24-year-old", "a 3rd victim", "5th person", "has died", "toll rose to", "among them",
    "of whom", "2019", "last year", "the war has killed", "that", "in which", "5 May 2019",
    # loose hints of harm and the phrases that make them count (casualty_gate)
    "gunshot", "guns down", "gunned down", "stepped down", "nobody", "body", "bodies",
    "ladies", "lost his life", "took her own life", "life", "succumbs", "passed away",
    "murder-suicide", "double homicide", "homicide", "murder", "among the victims",
    "arrests", "arrest", "executed", "wound", "wounds", "rounded up", "picked up", "hung",
    "lynched", "kidnapping", "massacred", "burned alive", "deadly", "fatal shooting",
    # running totals and what may look like them (casualty_totals)
    "the death toll", "toll", "body count", "casualty figure", "country", "account",
    "number of dead", "a number of", "number of people killed", "total", "the total to",
    "bringing", "took", "set", "fatalities coded as", "coded at low estimate of", "rose to",
    "stands at", "second", "a second victim", "third", "has also died", "succumbs",
)


def _texts(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rnd.choice(_PIECES) + rnd.choice((" ", " ", "", ", ")) for _ in range(14)]
        out.append("".join(parts).strip())
    return out


_piece_texts = st.lists(
    st.tuples(st.sampled_from(_PIECES), st.sampled_from((" ", " ", "", ", ", "\n"))),
    min_size=1,
    max_size=18,
).map(lambda parts: "".join(p + sep for p, sep in parts).strip())


def _figures(text: str) -> tuple[object, ...]:
    article = Article(id="t", text=text, published=date(2024, 5, 6))
    return find_casualty_figures(article, split_sentences(article))


def _open_gates(text: str, lex: object) -> tuple[object, ...]:
    """The plain form of _kind_gates: every pattern may match everywhere."""
    big = len(text) + 1
    return (lex, big, big, big, -1, big, -1, big)


def _plain_tokens(text: str, pos: int) -> list[tuple[str, int, int]]:
    """casualty_phrases._tokens as it was: a fresh scan, every token tested."""
    out = []
    skip_until = -1
    for m in _TOKEN.finditer(text, pos, min(len(text), pos + 100)):
        word, start, end = m.group(), m.start(), m.end()
        if start < skip_until:
            continue
        if word == "(":
            close = _ACRONYM.match(text, start) or _ASIDE.match(text, start)
            if close:
                skip_until = close.end()
                continue
        if word in _QUOTES:
            continue
        out.append((word, start, end))
    return out


def _plain_may_name(text: str, pos: int, lex: object) -> bool:
    tokens = [m.group() for m in _TOKEN.finditer(text, pos, min(len(text), pos + 100))]
    if not tokens:
        return False
    if tokens[0] == "(" or tokens[0] in _QUOTES or tokens[0].lower() == "of":
        return True
    firsts = lex.side_firsts  # type: ignore[attr-defined]
    return any(w.lower() in firsts or "old" in w.lower() for w in tokens)


def _plain_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """Open every shortcut of the stage: what runs then is the plain code."""
    monkeypatch.setattr(casualty_phrases, "_kind_gates", _open_gates)
    monkeypatch.setattr(casualty_phrases, "_SKIPPED_MARK", re.compile(r"(?s:.)"))
    monkeypatch.setattr(casualty_implicit, "passive_limit", lambda text, lex: len(text) + 1)
    monkeypatch.setattr(casualty_implicit, "may_name_known_person", lambda text, pos, lex: True)
    monkeypatch.setattr(casualties, "_part_window", lambda text: (-1, len(text) + 1))
    monkeypatch.setattr(casualty_implicit, "may_read_passive", lambda text, end, lex: True)
    monkeypatch.setattr(casualty_totals, "_NUMERIC_ORDINAL", re.compile(""))
    monkeypatch.setattr(casualty_totals, "_may_die", lambda text, lower, words=None: True)
    monkeypatch.setattr(casualty_totals, "_may_total", lambda text, lower, words=None: True)
    monkeypatch.setattr(  # every sentence with a hint of harm is read, loose hints too
        casualties,
        "may_hold_figure",
        lambda text, lower, lex, words=None: may_match(text, lower, lex.harm_hints),
    )


@pytest.mark.parametrize("text", [*SENTENCES, *_texts(300, seed=5)])
def test_the_stage_finds_the_same_figures_with_its_shortcuts_opened(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _figures(text)
    with monkeypatch.context() as plain:
        _plain_stage(plain)
        assert _figures(text) == fast, text


@settings(max_examples=150, deadline=None)
@given(_piece_texts)
@example("Jo Poe was shot dead and Kaleb, 4, died.")
def test_generated_reports_give_the_same_figures_with_the_shortcuts_opened(text: str) -> None:
    fast = _figures(text)
    with pytest.MonkeyPatch.context() as plain:
        _plain_stage(plain)
        assert _figures(text) == fast, text


def test_the_shortcuts_are_taken_and_figures_found() -> None:
    lex = load_lexicon()
    text = "Officials said on Monday that talks with the rebels had stalled over the new map."
    gates = casualty_phrases._kind_gates(text, lex)
    assert gates[2] < 0 and gates[3] < 0  # no verb of harm: the passive patterns are skipped
    assert casualty_phrases.passive_limit(text, lex) < 0
    assert len(_figures(SENTENCES[0])) >= 1


@pytest.mark.parametrize("text", [*SENTENCES, *_texts(200, seed=9)])
def test_patterns_match_only_where_their_bounds_allow(text: str) -> None:
    lex = load_lexicon()
    read = Reading(text)
    gates = casualty_phrases._kind_gates(text, lex)
    for pattern, gate in ((_HURT_THEN_DIED, 1), (lex.passive_re, 2), (_AND_DIED, 3)):
        last = read.last_start(pattern)
        for pos in range(len(text) + 1):
            if pattern.match(text, pos):
                assert pos <= last and pos <= gates[gate], (pattern.pattern[:30], pos)
    for pattern in (lex.left_re, lex.active_re):
        lo, hi = read.window(pattern)
        for end in range(0, len(text) + 1, 3):
            for start in (max(0, end - 60), max(0, end - 7)):
                if pattern.search(text[start:end]):
                    assert end >= lo and start <= hi, (pattern.pattern[:30], start, end)


@pytest.mark.parametrize("text", [*SENTENCES, *_texts(200, seed=13)])
def test_sliced_tokens_and_starters_read_as_a_fresh_scan(text: str) -> None:
    lex = load_lexicon()
    for pos in range(len(text) + 1):
        assert _tokens(text, pos) == _plain_tokens(text, pos), pos
        assert may_name_known_person(text, pos, lex) == _plain_may_name(text, pos, lex), pos


def _eager_context(text: str, published: date) -> tuple[object, ...]:
    """casualty_context's reading of a sentence as it was: everything at once."""
    from conflictcoder.stages.casualty_context import _CUMULATIVE, _FULL_DATE, _RELATIVE

    dated = {m.group(0)[-4:] for m in _FULL_DATE.finditer(text)}
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text) if y not in dated]
    return (
        bool(_CUMULATIVE.search(text)),
        any(y < published.year for y in years),
        tuple(m.start() for m in _RELATIVE.finditer(text)),
        tuple(i for i, ch in enumerate(text) if ch in ".;"),
    )


@settings(max_examples=150, deadline=None)
@given(_piece_texts)
@example("In 2019, when the war has killed 30; that was 5 May 2019. A 2017 raid, which killed 4.")
@example("So far this month, 12 people have been killed in the city.")
def test_the_lazy_sentence_context_reads_as_the_eager_one(text: str) -> None:
    from conflictcoder.stages.casualty_context import _context

    published = date(2024, 5, 6)
    context = _context(text, published)
    lazy = (context.cumulative, context.earlier_year, context.relatives, context.breaks)
    assert lazy == _eager_context(text, published)


@pytest.mark.parametrize("text", [*SENTENCES, *_texts(200, seed=21)])
def test_words_skipped_before_the_head_test_start_no_head(text: str) -> None:
    """_noun_phrase calls _lexicon_head only for a word with a hyphen, a word that starts a
    person noun, or one two before "old": no other word starts a head."""
    lex = load_lexicon()
    heads = 0
    for pos in range(0, len(text) + 1, 2):
        tokens = _tokens(text, pos)
        for i, (word, _start, _end) in enumerate(tokens):
            tested = (
                "-" in word
                or word.lower() in lex.side_firsts
                or (i + 2 < len(tokens) and tokens[i + 2][0].lower() == "old")
            )
            size = _lexicon_head(tokens, i, lex)
            heads += bool(size)
            assert tested or not size, (word, i)
    assert heads or text != SENTENCES[0]  # "Two soldiers and a civilian": heads tested


def test_the_kept_number_values_are_the_values_read_afresh() -> None:
    from conflictcoder.stages.casualty_lexicon import _number

    for words in ("seven", "twenty-five", "1,200", "two hundred and fifty", "x", "12", "seven"):
        assert _number(words) == _number.__wrapped__(words), words
    assert _number("twenty-five") == 25 and _number("x") is None


_BEFORE_PIECES = (
    "aged", "Ages", "no.", "No", "#", "$", "€", "£", "Rs.", "route", "Highway", "block",
    "km", "room", "Jan.", "January", "sept.", "Marching", "mayor", "at", "that", "in", "cabin",
    "on", "none of", "from", "till", "October 25 and", "ages 7 to", "6:", "killed", "-", "–",
    ",", "(", "’", "Kelvin \u212a", "ſ", "İn", "ıt", "5", "12", "2019", "a", "seven", "\n",
    "decade", "Sept", "March5", "within", "xxxxxxxxxxxxxxxxxxxxxxxxxxxin", "out of", "and",
    "to", "25and", "land", "Ward", "unit", "sinceX", "_in", "km.", "No.", "#12", "£",
    "éin", "café", "\u0665and", "“in", "’s", "Öat", "naïve", "José",
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_BEFORE_PIECES), st.sampled_from((" ", "", "  ", ", "))),
        min_size=1,
        max_size=10,
    ).map(lambda parts: "".join(p + sep for p, sep in parts))
)
@example("within" + " " * 28 + "5 and within the window x within" + " " * 27 + "6")
@example("in March5 7, a decade 9, 25and 3, land 4, in 2019, éin 5, “in 6, \u0665and 7")
def test_the_words_before_a_number_are_tried_as_the_pattern_tries_them(text: str) -> None:
    from conflictcoder.stages.casualty_lexicon import _NOT_A_COUNT_BEFORE, not_a_count_before

    for start in range(len(text) + 1):
        plain = _NOT_A_COUNT_BEFORE.search(text, max(0, start - 30), start) is not None
        assert not_a_count_before(text, start) == plain, (text, start)


TOTALS = (
    "The death toll rose to 58 on Tuesday.",
    "The body count climbed to 12 by nightfall.",
    "The casualty figure stood at 40, officials said.",
    "The number of dead reached 30 as rescuers dug.",
    "A blast on Monday killed four, bringing the total to 19.",
    "The second raid set fatalities at 9.",
    "Fatalities coded as 4 in the report.",
    "A second victim has died in hospital.",
    "A 3rd victim dies after the fire.",
)


@pytest.mark.parametrize("text", TOTALS)
def test_each_kind_of_running_total_is_read_past_the_shortcuts(text: str) -> None:
    from conflictcoder.model import Sentence

    sentence = Sentence(index=0, start=0, end=len(text), paragraph=0, text=text)
    totals = casualty_totals._totals(sentence, load_lexicon())
    assert totals, text
    with pytest.MonkeyPatch.context() as plain:
        _plain_stage(plain)
        assert casualty_totals._totals(sentence, load_lexicon()) == totals


def test_a_count_of_no_dead_is_not_read_as_a_total() -> None:
    text = "The country's number of voters rose to 5 million, a total up by 3."
    assert not casualty_totals._may_total(text, text.lower())


_SAID_PIECES = (
    "police", "said", "says", "told", "reported", "added", "the army spokesman", "a", "x" * 38,
    "officials", "sources", "'", "-", ",", ".", ";", "  ", "\n", "said.", "saidx", "resaid",
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_SAID_PIECES), st.sampled_from((" ", "", "  ", ", ", "\t"))),
        min_size=1,
        max_size=14,
    ).map(lambda parts: "".join(p + sep for p, sep in parts))
)
@example("x" * 45 + " said " + "y" * 30 + " the police said, and officials  told")
def test_attributions_are_found_as_a_full_scan_finds_them(text: str) -> None:
    from conflictcoder.stages.casualty_sources import _SAID, _said

    def spans(matches: object) -> list[tuple[int, int, int, int]]:
        return [(m.start(), m.end(), *m.span(1)) for m in matches]  # type: ignore[attr-defined]

    assert spans(_said(text)) == spans(_SAID.finditer(text)), text


@pytest.mark.parametrize("text", [*SENTENCES, *_texts(100, seed=31)])
def test_the_strings_scan_reads_the_same_without_its_automaton(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One scan finds every pattern's required strings; with the automaton's package
    missing, a search per string finds the same, and so do the plain substring tests."""
    from conflictcoder.stages import casualty_text

    lex = load_lexicon()
    patterns = (lex.passive_re, lex.active_re, lex.left_re, lex.kill_verb_re, *lex.claims)
    fast = casualty_text._Scan(patterns)
    monkeypatch.setattr(casualty_text, "ahocorasick", None)
    slow = casualty_text._Scan(patterns)
    assert slow.automaton is None and fast.automaton is not None
    lower = text.lower()
    assert fast.read(lower) == slow.read(lower)
    held, first, last = fast.read(lower)
    for pattern in patterns:
        bit = fast.bit(pattern)
        assert bit is not None
        needs = casualty_text._needs(pattern) or ()
        at = [(lower.find(n), n) for n in needs if n in lower]
        assert bool(held >> bit & 1) == bool(at), pattern.pattern[:40]
        if at:
            assert first[bit] == min(a for a, _ in at)
            assert last[bit] == max(lower.rfind(n) + len(n) for _, n in at)


@pytest.mark.parametrize(
    "text", [*SENTENCES, *_texts(100, seed=37), "They claimed it, with no evidence."]
)
def test_the_live_patterns_of_a_list_are_those_that_may_match(text: str) -> None:
    lex = load_lexicon()
    patterns = (*lex.claims, re.compile(r"\d"), lex.passive_re)  # one with no strings
    expected = [p for p in patterns if Reading(text).may_match(p)]
    assert Reading(text).live(patterns) == expected
    read = Reading(text)
    assert read.live(patterns) == read.live(patterns) == expected  # the list's bits kept
