"""Prefilters for the trigger lexicon: strings a text must hold before a cue's pattern
can match it, read from the pattern itself, and one scan that finds them all.

Most sentences fire no cue, and a substring test is far cheaper than a regular
expression of a few thousand characters. As grep tools do, the required strings are
read from the pattern's parse tree, so a prefilter never rejects a text the pattern
matches. Two levels: a cue's ``needs`` (one of these strings is in every match), and
per alternative of the cue's pattern list, ``clauses`` (a string of *each* clause is in
every match of that alternative), so only the alternatives that can match are searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_
from re import _casefix  # the standard library's table of extra case-insensitive pairs
from types import MappingProxyType
from typing import Any

try:  # a C Aho-Corasick automaton: the same strings found in a third of the regex scan's time
    import ahocorasick
except ImportError:  # pragma: no cover - a declared dependency; the regex scan still works
    ahocorasick = None

# Clauses per alternative, at most: the most selective ones are enough.
_MAX_CLAUSES = 4
# A clause of more strings than this costs more to scan for than it saves, and so does
# one holding a string shorter than this ("ed", " a": in nearly every sentence).
_MAX_CLAUSE_STRINGS = 60
_MIN_STRING = 3
# Characters ``re`` matches case-insensitively to letters ``str.lower()`` does not map them
# to (the long s, the dotless i, final sigma...): a text holding one could match a pattern
# without holding the lower-cased string, so only the cue-level ``needs`` (which the
# lexicon always used) is trusted for it.
# The capital dotted I, the one letter whose ``str.lower()`` is two characters, too.
_FOLDS = frozenset(
    chr(c) for key, values in _casefix._EXTRA_CASES.items() for c in (key, *values) if c > 127
) | {"\u0130"}


def alternation(words: Iterable[str], *, space: str | None = None) -> str:
    """Literal words as a prefix tree: ``re`` tries alternatives one by one, so factoring
    shared prefixes makes hundreds of names cheap to scan for. Optional tails are greedy,
    so the longest word still wins, as with a longest-first alternation. ``space``, when
    given, is the pattern a space in a word stands for (any run of spaces, say)."""
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        parts = [
            (space if space is not None and char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(trie) + ")"


def literal_needs(words: Iterable[str]) -> frozenset[str] | None:
    """The required strings of a list of literal words: the words, lower-cased; None
    (no prefilter) when one is too short or holds a letter case-folding treats apart."""
    lowered = frozenset(w.lower() for w in words)
    if not lowered or min(len(w) for w in lowered) < _MIN_STRING:
        return None
    if any(not _FOLDS.isdisjoint(w) or len(w) != len(w.lower()) for w in words):
        return None
    return lowered


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains, read from its
    parse tree (the literal runs of a branch each alternative must pass through), or None
    when no such set is found: a prefilter, as grep tools use, that never rejects a match."""
    try:
        from re import _parser  # the standard library's own regex parser

        found = _required(list(_parser.parse(pattern.pattern, pattern.flags)))
    except Exception:  # an unreadable tree only means no prefilter
        return None
    if not found or min(len(w) for w in found) < 2:
        return None
    return frozenset(w.lower() for w in found)


def _required(items: list[Any]) -> set[str] | None:
    from re import _constants as c

    candidates: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append({"".join(run)})
            run.clear()

    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        sub: set[str] | None = None
        if op is c.SUBPATTERN:
            sub = _required(list(arg[-1]))
        elif op is c.ATOMIC_GROUP:
            sub = _required(list(arg))
        elif op is c.BRANCH:
            branches = [_required(list(b)) for b in arg[1]]
            if all(b is not None for b in branches):
                sub = set().union(*branches)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            sub = _required(list(arg[2]))
        if sub:
            candidates.append(sub)
    flush()
    if not candidates:
        return None
    # The most selective set: longest shortest string, then fewest strings.
    return max(candidates, key=lambda strings: (min(len(w) for w in strings), -len(strings)))


def required_clauses(pattern: str, flags: int = re.IGNORECASE) -> tuple[frozenset[str], ...]:
    """Sets of lower-case strings such that every match of ``pattern`` holds a string of
    each set (a conjunction of disjunctions), most selective first; () when none is known."""
    try:
        from re import _parser

        found = _clauses(list(_parser.parse(pattern, flags)))
    except Exception:  # an unreadable tree only means no prefilter
        return ()
    found = [c for c in dict.fromkeys(found) if len(c) <= _MAX_CLAUSE_STRINGS]
    return tuple(sorted(found, key=_selectivity, reverse=True)[:_MAX_CLAUSES])


def _selectivity(clause: frozenset[str]) -> tuple[int, int]:
    return min(len(w) for w in clause), -len(clause)


def _clauses(items: list[Any]) -> list[frozenset[str]]:
    from re import _constants as c

    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(frozenset({"".join(run).lower()}))
            run.clear()

    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is c.SUBPATTERN:
            out.extend(_clauses(list(arg[-1])))
        elif op is c.ATOMIC_GROUP:
            out.extend(_clauses(list(arg)))
        elif op is c.BRANCH:
            best = [max(_clauses(list(b)), key=_selectivity, default=None) for b in arg[1]]
            if all(b is not None for b in best):
                out.append(frozenset().union(*best))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            out.extend(_clauses(list(arg[2])))
    flush()
    return [clause for clause in out if min(len(w) for w in clause) >= _MIN_STRING]


@dataclass(frozen=True, slots=True)
class Branch:
    """One alternative of a cue's pattern list, compiled on its own, with its clauses;
    ``mask``: the bits of its clauses in the lexicon's :class:`NeedsScan`."""

    pattern: re.Pattern[str]
    clauses: tuple[frozenset[str], ...]
    mask: int = 0


def search_branches(branches: tuple[Branch, ...], text: str, held: int) -> bool:
    """Whether any alternative matches: the same answer as the whole pattern's search
    (a pattern matches where one of its alternatives does), searching only alternatives
    all of whose clauses hold (``held``: the bits of the clauses the text meets)."""
    for branch in branches:  # a plain loop: this runs for every cue a sentence may fire
        mask = branch.mask
        if mask & held == mask and branch.pattern.search(text) is not None:
            return True
    return False


def finditer_alternatives(
    patterns: list[re.Pattern[str]], text: str
) -> Iterator[re.Match[str]]:
    """The matches ``finditer`` gives for the alternation of ``patterns`` (in this order,
    each an alternative of the same pattern compiled alone, none matching the empty
    string): leftmost first, the first alternative that matches there, then on from its
    end. An alternative that cannot match the text is best left out: it is then never
    tried, where the whole alternation tries it at every position."""
    if len(patterns) == 1:
        yield from patterns[0].finditer(text)
        return
    # Each alternative's leftmost match from ``pos`` on (None: no more); a match that
    # starts at or after ``pos`` is still the leftmost from there.
    ahead = [p.search(text) for p in patterns]
    while True:
        start = min((m.start() for m in ahead if m is not None), default=-1)
        if start < 0:
            return
        chosen = next(m for m in ahead if m is not None and m.start() == start)
        yield chosen
        pos = chosen.end()
        ahead = [
            p.search(text, pos) if m is not None and m.start() < pos else m
            for p, m in zip(patterns, ahead, strict=True)
        ]


@dataclass(frozen=True, slots=True)
class BranchIndex:
    """A cue's alternatives filed under the bit of their first (most selective) clause,
    so that a text meeting one or two of a cue's fifty clauses looks at only the
    alternatives filed there instead of testing every alternative's mask."""

    groups: Mapping[int, tuple[Branch, ...]]  # a clause's bit (1 << n) -> its branches
    keys: int  # the bits of ``groups``, or-ed
    # Alternatives with no clause, each with the strings (too short for the scan: "mp" of
    # "MPs?") one of which the lower-cased text must hold (None: searched always).
    unkeyed: tuple[tuple[Branch, frozenset[str] | None], ...] = ()

    @classmethod
    def build(cls, branches: Iterable[Branch], bit_of: Mapping[frozenset[str], int]) -> BranchIndex:
        """``bit_of``: each clause's bit number in the lexicon's :class:`NeedsScan`."""
        groups: dict[int, list[Branch]] = {}
        unkeyed: list[tuple[Branch, frozenset[str] | None]] = []
        for branch in branches:
            if branch.clauses:
                groups.setdefault(1 << bit_of[branch.clauses[0]], []).append(branch)
            else:
                unkeyed.append((branch, required_strings(branch.pattern)))
        return cls(
            MappingProxyType({key: tuple(group) for key, group in groups.items()}),
            _or(groups),
            tuple(unkeyed),
        )

    def search(self, text: str, held: int) -> bool:
        """:func:`search_branches` over the same alternatives (in another order, which
        cannot change a yes-or-no answer), skipping those whose first clause is not held.
        (A text with ``held`` bits holds no letter that case-folds apart, so lower-casing
        it keeps every string an ignore-case pattern may match.)"""
        lowered = None
        for branch, strings in self.unkeyed:
            if strings is not None:
                lowered = text.lower() if lowered is None else lowered
                if not any(w in lowered for w in strings):
                    continue
            if branch.pattern.search(text) is not None:
                return True
        live = self.keys & held
        while live:
            key = live & -live  # the lowest bit left
            for branch in self.groups[key]:
                mask = branch.mask
                if mask & held == mask and branch.pattern.search(text) is not None:
                    return True
            live ^= key
        return False


@dataclass(frozen=True, slots=True)
class NeedsScan:
    """Every required string of a lexicon found in one scan of a text, and so which cues
    (and which of their alternatives) can match it. A substring test per string cost more
    than the cue searches it saved (a thousand strings, a sentence at a time)."""

    # The longest required string starting at each position (a zero-width lookahead over a
    # prefix tree, so overlapping strings are all seen).
    pattern: re.Pattern[str]
    # Longest string found there -> the cues it opens and the clauses it meets, as bits
    # (counting the strings it implies: those of its prefixes that are required too).
    opens: Mapping[str, frozenset[str]]
    meets: Mapping[str, int]
    always: frozenset[str]  # cues with no prefilter
    # Cues needing a string too short to be worth scanning for ("in", "at"): reported as
    # met, which only costs their search; tested as given where the answer must be exact.
    weak: Mapping[str, frozenset[str]]
    # The same strings in an Aho-Corasick automaton (None: scan with ``pattern``). It finds
    # every string at each position, not only the longest; the answer is the same, since
    # each shorter string there is a prefix of the longest, whose ``opens`` and ``meets``
    # already count it.
    automaton: Any = None

    def scan(self, lowered: str) -> tuple[int | None, frozenset[str]]:
        """For the text whose ``str.lower()`` is ``lowered``: the bits of the clauses it
        meets (None when it holds a character case-folding may match otherwise, see
        ``_FOLDS``) and the names of the cues whose ``needs`` it may meet: all that do
        (when the bits are None, exactly those)."""
        held = 0
        cues = self.always
        if self.automaton is not None:  # each match carries its string's opens and meets
            opened = set(cues)
            for _, (opens, meets) in self.automaton.iter(lowered):
                if opens:
                    opened |= opens
                held |= meets
            cues = frozenset(opened)
        else:
            found = set(self.pattern.findall(lowered))
            if found:  # (map over the lookups: this runs for every sentence)
                cues = cues.union(*map(self.opens.__getitem__, found))
                held = reduce(or_, map(self.meets.__getitem__, found))
        if not lowered.isascii() and not _FOLDS.isdisjoint(lowered):
            weak = (n for n, ws in self.weak.items() if any(w in lowered for w in ws))
            return None, cues.difference(self.weak).union(weak)
        return held, cues

    @classmethod
    def build(
        cls,
        needs: Mapping[str, frozenset[str] | None],
        clauses: Mapping[frozenset[str], int],
        *,
        automaton: bool = True,
    ) -> NeedsScan:
        """``needs``: each cue's required strings (None: none known); ``clauses``: the
        clauses of the cues' alternatives, each with its bit. ``automaton=False`` scans with
        the regular expression alone (the reference the automaton is tested against)."""
        weak = {
            name: strings
            for name, strings in needs.items()
            if strings is not None and min(len(w) for w in strings) < _MIN_STRING
        }
        always = frozenset(name for name, strings in needs.items() if strings is None)
        always = always.union(weak)
        needed_by: dict[str, set[str]] = {}
        for name, strings in needs.items():
            if name not in always:
                for word in strings or ():
                    needed_by.setdefault(word, set()).add(name)
        bits: dict[str, int] = {}
        for clause, bit in clauses.items():
            for word in clause:
                bits[word] = bits.get(word, 0) | 1 << bit
        every = set(needed_by).union(bits)
        implies = {
            word: [word[:end] for end in range(1, len(word) + 1) if word[:end] in every]
            for word in every
        }
        opens = {
            word: frozenset(name for w in implies[word] for name in needed_by.get(w, ()))
            for word in every
        }
        meets = {word: _or(bits.get(w, 0) for w in implies[word]) for word in every}
        body = alternation(every) if every else "(?!)"
        return cls(
            re.compile("(?=(" + body + "))"),
            MappingProxyType(opens),
            MappingProxyType(meets),
            always,
            MappingProxyType(weak),
            _automaton({w: (opens[w], meets[w]) for w in every}) if automaton else None,
        )


def _automaton(values: Mapping[str, tuple[frozenset[str], int]]) -> Any:
    """An Aho-Corasick automaton of the strings, each match carrying the string's value
    (None: no strings, or the package is missing)."""
    if ahocorasick is None:
        return None
    machine = ahocorasick.Automaton()
    for word, value in values.items():
        machine.add_word(word, value)
    if len(machine) == 0:
        return None
    machine.make_automaton()
    return machine


def _or(values: Iterable[int]) -> int:
    out = 0
    for value in values:
        out |= value
    return out


_WORD = re.compile(r"\w+")
_IGNORECASE = int(re.IGNORECASE)  # a plain int: ``&`` on the enum is a Python-level call
# Letters whose ``str.lower()`` differs from the letter ``re`` pairs them with when it
# ignores case (``_FOLDS``), and the capital sigma, which ``str.lower()`` writes as a
# final sigma at the end of a word.
_CASE_APART = _FOLDS | {"\u03a3"}


def folds_apart(text: str) -> bool:
    """True when ``text.lower()`` may not hold, at the same positions, what an ignore-case
    pattern matches in ``text`` (see ``_CASE_APART``)."""
    return not text.isascii() and not _CASE_APART.isdisjoint(text)


@dataclass(frozen=True, slots=True)
class HeadWords:
    """Matches of a list of literal names, found by trying the name pattern only where
    the first word of a name is, and only for names all of whose words the text holds.

    ``pattern`` must match each name (lower-case when it ignores case) only after a
    character that is not a word character, and only where no word character follows
    (or the name ends with a character that is not one): then each run of word
    characters of the name is a whole run of the text where it matches. Most texts name
    no group, and listing a text's words costs a fraction of trying a long prefix tree
    of names at every position. Build with :meth:`of`."""

    pattern: re.Pattern[str]
    # The first run of word characters of each name -> the runs of each name it opens
    # (None: a name does not start with a word character; the pattern is scanned whole).
    heads: Mapping[str, tuple[frozenset[str], ...]] | None

    @classmethod
    def of(cls, pattern: re.Pattern[str], names: Iterable[str]) -> HeadWords:
        heads: dict[str, set[frozenset[str]]] = {}
        for name in names:
            words = _WORD.findall(name)
            if not words or _WORD.match(name) is None:
                return cls(pattern, None)
            heads.setdefault(words[0], set()).add(frozenset(words))
        return cls(pattern, MappingProxyType({h: tuple(w) for h, w in heads.items()}))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``: the same matches."""
        if self.heads is None:
            return self.pattern.finditer(text)
        if self.pattern.flags & _IGNORECASE:
            if folds_apart(text):
                return self.pattern.finditer(text)
            text_cased = text.lower()  # the names are lower-case
        else:
            text_cased = text
        words = set(_WORD.findall(text_cased))
        present = [
            head
            for head in self.heads.keys() & words
            if any(name <= words for name in self.heads[head])
        ]
        if not present:
            return iter(())
        return finditer_from(self.pattern, text, occurrences(text_cased, present))


def occurrences(text: str, strings: Iterable[str]) -> list[int]:
    """Every position where one of ``strings`` occurs in ``text`` (overlaps too), sorted."""
    found: set[int] = set()
    for string in strings:
        at = text.find(string)
        while at >= 0:
            found.add(at)
            at = text.find(string, at + 1)
    return sorted(found)


def finditer_from(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` when every match starts at one of ``starts`` (sorted)
    and no match is empty: the pattern tried at each start in turn, from the end of the
    last match on."""
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m is not None:
                yield m
                end = m.end()
