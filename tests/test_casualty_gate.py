"""The sentence gate of the casualty stage: a sentence whose only hints of harm are loose
ones ("gunshot", "stepped down", "nobody") is skipped, and every way a figure gets its
kind still opens it (each sentence below reaches its figure through one core only)."""

from __future__ import annotations

from datetime import date

import pytest

from conflictcoder.model import Article
from conflictcoder.stages import casualties
from conflictcoder.stages.casualties import find_casualty_figures
from conflictcoder.stages.casualty_gate import may_hold_figure
from conflictcoder.stages.casualty_lexicon import load_lexicon, may_match
from conflictcoder.stages.split import split_sentences


def _figures(text: str) -> tuple[object, ...]:
    article = Article(id="t", text=text, published=date(2024, 5, 6))
    return find_casualty_figures(article, split_sentences(article))


def _plain(text: str) -> tuple[object, ...]:
    """The stage with every sentence that holds a hint of harm read in full."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            casualties,
            "may_hold_figure",
            lambda text, lower, lex, words=None: may_match(text, lower, lex.harm_hints),
        )
        return _figures(text)


OPENED = (
    "Militants massacred 12 villagers on Sunday.",  # an active verb only
    "A man shot outside a bar succumbs; nobody has been charged.",  # a verb of no hint
    "Among the victims were two children, the mayor told reporters.",  # a part's prefix
    "Police called it a murder-suicide.",  # a noun of death
    "Detectives are investigating a double homicide in the suburb.",
    "His body was found near the river on Tuesday.",  # a body found
    "The gang was rounding up 30 villagers when troops arrived.",
    "He took his own life after the standoff, the sheriff told reporters.",
    "A mob lynched a trader accused of theft.",
    "Three farmers were kidnapped from their fields.",
    "Five people lost his life, a typo in the statement read.",
)


@pytest.mark.parametrize("text", OPENED)
def test_a_figure_reached_through_one_loose_hint_opens_the_sentence(text: str) -> None:
    lex = load_lexicon()
    sentence = split_sentences(Article(id="t", text=text))[0].text
    assert may_hold_figure(sentence, sentence.lower(), lex), text
    figures = _figures(text)
    assert figures, text
    assert figures == _plain(text)


SKIPPED = (
    "He stepped down after a gunshot wound, nobody said.",
    "Life goes on in the town after the murder.",
    "The arrest warrant was issued in May; he turned himself in.",
    "Homicide detectives say anybody with guns should register them.",
    "The army sent six trucks of bread to the villages on Monday.",
)


@pytest.mark.parametrize("text", SKIPPED)
def test_a_sentence_with_only_loose_hints_and_no_figure_is_skipped(text: str) -> None:
    lex = load_lexicon()
    assert not may_hold_figure(text, text.lower(), lex), text
    assert _figures(text) == _plain(text) == ()


def test_letters_that_fold_apart_open_the_sentence() -> None:
    """'ſ' and the dotless i match ASCII letters when case is ignored, not in lower case."""
    lex = load_lexicon()
    text = "Five ſoldiers were murdered; nobody ſaid more."
    assert may_hold_figure(text, text.lower(), lex)
    assert _figures(text) == _plain(text)


@pytest.mark.parametrize("text", [*OPENED, *SKIPPED, "Nobody rounded the corner.", "x"])
def test_the_gate_reads_the_same_without_its_automaton(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conflictcoder.stages import casualty_gate

    lex = load_lexicon()
    lower = text.lower()
    fast = casualty_gate.may_hold_figure(text, lower, lex)
    monkeypatch.setattr(casualty_gate, "ahocorasick", None)
    monkeypatch.setattr(casualty_gate, "_GATES", {})
    assert casualty_gate._gate(lex).automaton is None
    assert casualty_gate.may_hold_figure(text, lower, lex) == fast
    plain = casualty_gate._gate(lex).words(lower)
    monkeypatch.setattr(casualty_gate, "_GATES", {})
    monkeypatch.undo()
    assert casualty_gate._gate(lex).automaton is not None
    assert casualty_gate._gate(lex).words(lower) == plain
    assert plain == {w for w in (*lex.harm_hints, *casualty_gate.TOTAL_WORDS) if w in lower}
