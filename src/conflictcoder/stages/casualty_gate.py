"""Whether a sentence may hold a casualty figure with a kind of harm, read before the
figure finder reads it (most sentences hold none).

The lexicon's hint words (``_Lexicon.harm_hints``) are substrings, and some stand in
sentences that hold no figure far more often than in those that do: "guns" in
"gunshot", "down" in "stepped down", "life", "himself", "body" in "nobody". A sentence
whose only hints are such loose ones passes only when one of the cores below matches.

A core is the part every reading that gives a figure its kind must match, with no more
context than that reading checks in the whole sentence:

- a passive verb of the lexicon followed by no letter, digit or hyphen (``passive_re``
  may reach it from the middle of a word: "including two ladies"), an active verb
  followed by a space (``active_re`` reads a slice, which may cut the word before it);
- the words after "left"/"shot" ("left dead"), "and died", "was pronounced dead",
  "succumbs", "of the dead", "of the injured ... passed away";
- a noun that implies a death as the start of a word ("bodies", "lives"; a noun
  phrase reads whole words, but may cut the last one at its window's end);
- "among the victims", a running total's self-inflicted death, "double homicide",
  "murder-suicide", "a fatal shooting" (the deaths told by a noun).

Every core is listed under a hint word it holds: a sentence that holds none of the
words cannot match it. A core that holds a hint kept as firm is met by the plain test
(a firm hint passes the sentence at once); the others are tried where their loose hint
is. The outcome is the figure finder's own: this only skips sentences that give none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from conflictcoder.resources.prefilter import ahocorasick, alternation
from conflictcoder.stages.casualty_deaths import (
    _MULTIPLE_DEATHS,
    _MURDER_SUICIDE,
    IMPLIED_DEATH,
)
from conflictcoder.stages.casualty_implicit import SELF_KILLED
from conflictcoder.stages.casualty_lexicon import _CASE_ODD, _GRAMMAR, _Lexicon
from conflictcoder.stages.casualty_totals import TOTAL_WORDS

# Hints found far more often in sentences that give no figure than in those that do
# (measured on news pages): a sentence with only these is tried against the cores.
_LOOSE_HINTS = frozenset(
    (
        "among", "arrest", "body", "burned", "burnt", "down", "execut", "guns", "herself",
        "himself", "homicide", "hung", "kidnap", "life", "lynch", "massacr", "murder",
        "picked", "rounded", "rounding", "slaying", "wound",
    )
)

# The words a figure's kind may be read from after its people, wherever the readings
# check only the end of the word (casualty_phrases._assign_kind, casualties._candidates).
_KIND_WORDS = (
    "dead", "killed", "to death", "injured", "wounded", "hurt", "missing",  # "left dead"
    "deceased", "fatalities",  # "of the dead"
    "dies", "died", "die", "succumbs", "succumbed", "passed away", "pronounced dead",
)
_PART_KINDS = ("dead", "killed", "victims", "injured", "wounded")  # "among the dead"

# The patterns that give a death told by a noun, with strings one of which each match
# holds (read from the patterns: each alternative names one of them).
_NOUN_DEATHS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (SELF_KILLED, ("himself", "herself", "life")),
    (_MULTIPLE_DEATHS, ("homicide", "murder", "slaying", "killing", "fatal")),
    (_MURDER_SUICIDE, ("murder",)),
    (IMPLIED_DEATH, ("fatal", "deadly", "death")),
)


_SECOND = itemgetter(1)


class _Gate:
    """The cores of one lexicon, sorted by the loose hint each is tried under."""

    __slots__ = ("automaton", "firm", "firm_set", "keys", "loose", "loose_hints", "orphans")

    def __init__(self, lex: _Lexicon) -> None:
        firm = tuple(h for h in lex.harm_hints if h not in _LOOSE_HINTS)
        loose = [h for h in lex.harm_hints if h in _LOOSE_HINTS]
        by_hint: dict[str, list[str]] = {h: [] for h in loose}
        orphans: list[str] = []

        def place(core: str, needs: Iterable[str]) -> None:
            """File ``core`` under a loose hint held by each of ``needs`` (one of which
            each of its matches holds), or as an orphan, tried whenever the loose hints
            are tried; nowhere when each need holds a firm hint."""
            homes = []
            for need in needs:
                if any(h in need for h in firm):
                    continue  # the firm test passes every sentence that holds this need
                home = next((h for h in loose if h in need), None)
                if home is None:
                    orphans.append(core)
                    return
                homes.append(home)
            for home in dict.fromkeys(homes):
                by_hint[home].append(core)

        def words(items: Iterable[str], before: str, after: str) -> None:
            for item in items:
                place(before + alternation([item], space=r"\s+") + after, [item.lower()])

        words(lex.passive, "", r"(?![\w-])")
        words(lex.active, "", r"\s")
        words(_KIND_WORDS, "", r"\b")
        words(_GRAMMAR["implied_killed"], r"\b", "")
        words((f"among the {w}" for w in _PART_KINDS), "", "")
        words((f"among those {w}" for w in _PART_KINDS), "", "")
        for pattern, needs in _NOUN_DEATHS:
            place(pattern.pattern.replace("(?P<n>", "(?:"), needs)
        self.firm = firm
        self.firm_set = frozenset(firm)
        self.loose_hints = tuple(loose)
        self.loose = tuple(
            (hint, re.compile("|".join(cores), re.IGNORECASE))
            for hint, cores in by_hint.items()
            if cores
        )
        self.orphans = re.compile("|".join(orphans), re.IGNORECASE) if orphans else None
        # every hint and the words running totals look for first (casualty_totals), in
        # one automaton: one pass finds them all (an empty hint, which every text holds,
        # is left to the plain search)
        self.keys = tuple(dict.fromkeys((*lex.harm_hints, *TOTAL_WORDS)))
        self.automaton: Any = None
        if ahocorasick is not None and all(self.keys):
            machine = ahocorasick.Automaton()
            for key in self.keys:
                machine.add_word(key, key)
            machine.make_automaton()
            self.automaton = machine

    def words(self, lower: str) -> frozenset[str]:
        """The hints and total words that ``lower`` holds."""
        if self.automaton is None:  # the automaton's package missing: the same, by search
            return frozenset(k for k in self.keys if k in lower)
        return frozenset(map(_SECOND, self.automaton.iter(lower)))  # (end, key) pairs


_GATES: dict[int, tuple[_Lexicon, _Gate]] = {}  # by the lexicon's id; the lexicon is kept


def _gate(lex: _Lexicon) -> _Gate:
    known = _GATES.get(id(lex))
    if known is None or known[0] is not lex:
        known = _GATES[id(lex)] = (lex, _Gate(lex))
    return known[1]


def sentence_words(text: str, lower: str, lex: _Lexicon) -> frozenset[str] | None:
    """The lexicon's hints of harm and casualty_totals.TOTAL_WORDS that ``lower`` (``text``
    lower-cased) holds; None when letters of the text fold apart when case is ignored
    (every test of these words then passes the sentence)."""
    if not text.isascii() and not _CASE_ODD.isdisjoint(text):
        return None
    return _gate(lex).words(lower)


def may_hold_figure(
    text: str, lower: str, lex: _Lexicon, words: frozenset[str] | None = None
) -> bool:
    """False only when no figure of ``text`` (``lower`` is ``text.lower()``) can get a
    kind of harm: none of the lexicon's hints is there, or only loose ones, and none of
    the cores filed under them (nor any orphan core) matches. ``words``: what
    :func:`sentence_words` gives, when already read."""
    if words is None:
        words = sentence_words(text, lower, lex)
        if words is None:
            return True  # letters that fold apart when case is ignored: read the sentence
    gate = _gate(lex)
    if not words.isdisjoint(gate.firm_set):
        return True
    loose = words.intersection(gate.loose_hints)
    if not loose:
        return False  # no word of harm at all (most sentences)
    for hint, cores in gate.loose:
        if hint in loose and cores.search(text):
            return True
    return gate.orphans is not None and gate.orphans.search(text) is not None
