"""One sentence as the casualty stage reads it, read once: its lower case, its word tokens,
the matches several readers walk, and which patterns cannot match at all (none of the
strings each of their matches holds is there). Every shortcut here only skips work whose
result is already known; the outputs are the same as without it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from conflictcoder.resources.prefilter import (
    ahocorasick,
    folds_apart,
    occurrences,
    required_strings,
)
from conflictcoder.stages.casualty_lexicon import _TOKEN, _Lexicon

# A pattern's required strings (one is in every match), by the pattern's id (hashing a
# pattern hashes its whole compiled code); the pattern is kept so that its id stays its own.
_NEEDS: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}


def _needs(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    known = _NEEDS.get(id(pattern))
    if known is None or known[0] is not pattern:
        found = required_strings(pattern)
        known = _NEEDS[id(pattern)] = (pattern, tuple(sorted(found)) if found else None)
    return known[1]


def share_needs(pattern: re.Pattern[str], plain: re.Pattern[str]) -> None:
    """Give ``pattern`` the required strings of ``plain``, a pattern of the same language
    whose parse tree shows them (a prefix tree of words hides them in one-letter steps)."""
    _NEEDS[id(pattern)] = (pattern, _needs(plain))


# What a scan finds in a text: the bits of the patterns it may match, and per bit where
# the first of their strings starts and the last ends.
_Found = tuple[int, dict[int, int], dict[int, int]]


class _Scan:
    """The required strings of every pattern asked about so far, in one Aho-Corasick
    automaton: one pass over a sentence tells which of them it holds and where. A pattern
    met for the first time is added and the automaton built again (a few times per
    process); a state is never changed once built, so a reading keeps using its own."""

    __slots__ = ("automaton", "bits", "groups", "holders", "shortest")

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.bits: dict[int, tuple[re.Pattern[str], int]] = {}  # by pattern id: its bit
        # lists of patterns asked about together (Reading.live), by the list's id: each
        # pattern with its bit (None: no strings), the list kept so its id stays its own
        self.groups: dict[int, tuple[object, tuple[tuple[re.Pattern[str], int | None], ...]]]
        self.groups = {}
        self.shortest: dict[int, int] = {}  # by bit: the length of its shortest string
        holders: dict[str, list[int]] = {}  # string -> the bits of the patterns needing it
        for bit, pattern in enumerate(patterns):
            self.bits[id(pattern)] = (pattern, bit)
            needs = _needs(pattern) or ()
            self.shortest[bit] = min(map(len, needs), default=0)
            for need in needs:
                holders.setdefault(need, []).append(bit)
        self.holders = {
            need: (len(need), sum(1 << b for b in bits), tuple(bits))
            for need, bits in holders.items()
        }
        self.automaton: Any = None
        if holders and ahocorasick is not None:
            machine = ahocorasick.Automaton()
            for need, value in self.holders.items():
                machine.add_word(need, value)
            machine.make_automaton()
            self.automaton = machine

    def bit(self, pattern: re.Pattern[str]) -> int | None:
        known = self.bits.get(id(pattern))
        return known[1] if known is not None and known[0] is pattern else None

    def read(self, lower: str) -> _Found:
        """The bits of the patterns one of whose strings ``lower`` holds, and per bit the
        start of the first of its strings and the end of the last."""
        held = 0
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for end, (size, mask, bits) in self._found(lower):
            held |= mask
            start, end = end + 1 - size, end + 1
            for b in bits:
                if b not in first or start < first[b]:
                    first[b] = start
                if b not in last or end > last[b]:
                    last[b] = end
        return held, first, last

    def _found(self, lower: str) -> Any:
        """Each occurrence of a string, as (its last index, its value)."""
        if self.automaton is not None:
            return self.automaton.iter(lower)
        return [  # the automaton's package missing: a search per string (the same answer)
            (at + len(need) - 1, value)
            for need, value in self.holders.items()
            for at in occurrences(lower, (need,))
        ]


_SCAN: list[_Scan] = [_Scan(())]  # one item: the current scan (replaced, never changed)


def _scan_with(pattern: re.Pattern[str]) -> _Scan:
    """The current scan, built again with ``pattern`` when it lacks it."""
    scan = _SCAN[0]
    if scan.bit(pattern) is None:
        patterns = tuple(p for p, _ in scan.bits.values())
        scan = _SCAN[0] = _Scan((*patterns, pattern))
    return scan


class Reading:
    """A sentence's text with what is read from it once, on first use."""

    __slots__ = ("_matches", "_scanned", "_tokens", "exact", "lower", "memo", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        self.exact = not folds_apart(text)  # the lower case keeps every letter in place
        self._tokens: tuple[list[int], list[int], list[tuple[str, int, int]]] | None = None
        self.memo: dict[object, object] = {}  # what a reader derives from the text, by key
        self._matches: dict[int, list[re.Match[str]]] = {}
        # the scan that read the text, and what it found (see _Scan.read)
        self._scanned: tuple[_Scan, _Found] | None = None

    def _read(self, pattern: re.Pattern[str]) -> tuple[int, _Found] | None:
        """The bit of ``pattern`` and what the scan found (scanned again when the scan that
        read the text lacks the pattern); None when there is no prefilter: the text's
        letters fold apart, or the pattern has no required strings."""
        scanned = self._scanned
        if scanned is not None:  # the common case first: a pattern the scan knows
            known = scanned[0].bits.get(id(pattern))
            if known is not None and known[0] is pattern:
                return known[1], scanned[1]  # (a scan holds only patterns with strings)
        if not self.exact or _needs(pattern) is None:
            return None
        scan = _scan_with(pattern)
        self._scanned = (scan, scan.read(self.lower))
        return scan.bit(pattern), self._scanned[1]  # type: ignore[return-value]

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False only when ``pattern`` (case-insensitive) cannot match anywhere in the text:
        it has required strings and the text holds none of them."""
        read = self._read(pattern) if self.exact else None
        return read is None or bool(read[1][0] >> read[0] & 1)

    def live(self, patterns: tuple[re.Pattern[str], ...]) -> list[re.Pattern[str]]:
        """The patterns of ``patterns`` that :meth:`may_match` (in their order), the bits of
        the list looked up once per scan."""
        if not self.exact:
            return list(patterns)
        scanned = self._scanned
        group = scanned[0].groups.get(id(patterns)) if scanned is not None else None
        if group is None or group[0] is not patterns:
            for pattern in patterns:  # each pattern with strings in the scan (and read)
                self._read(pattern)
            scan = self._scanned[0] if self._scanned is not None else _SCAN[0]
            bits = tuple((p, scan.bit(p)) for p in patterns)
            group = scan.groups[id(patterns)] = (patterns, bits)
            scanned = self._scanned
        held = scanned[1][0] if scanned is not None else 0
        return [p for p, bit in group[1] if bit is None or held >> bit & 1]

    def last_start(self, pattern: re.Pattern[str]) -> int:
        """A position after which ``pattern.match(text, pos)`` cannot match: none of its
        required strings starts after it (past the text's end when there is no prefilter)."""
        bounds = self._need_bounds(pattern)
        return len(self.text) + 1 if bounds is None else bounds[1] - bounds[2]

    def window(self, pattern: re.Pattern[str]) -> tuple[int, int]:
        """(``lo``, ``hi``): ``pattern.search(text[start:end])`` can match only when
        ``end >= lo`` and ``start <= hi``, as only then may a required string lie between
        the two positions (always, when there is no prefilter)."""
        bounds = self._need_bounds(pattern)
        if bounds is None:
            return -1, len(self.text) + 1
        return bounds[0] + bounds[2], bounds[1] - bounds[2]

    def _need_bounds(self, pattern: re.Pattern[str]) -> tuple[int, int, int] | None:
        """Where the first of the required strings of ``pattern`` starts in the text, where
        the last ends, and the shortest one's length; None: no prefilter."""
        read = self._read(pattern) if self.exact else None
        if read is None:
            return None
        bit, (_, first, last) = read
        shortest = self._scanned[0].shortest[bit]  # type: ignore[index]
        if bit not in first:
            return len(self.text) + 1, -1, shortest  # nowhere: no match anywhere
        return first[bit], last[bit], shortest

    def finditer(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """``list(pattern.finditer(text))``, kept: several readers walk the same matches."""
        key = id(pattern)
        if key not in self._matches:
            found = list(pattern.finditer(self.text)) if self.may_match(pattern) else []
            self._matches[key] = found
        return self._matches[key]

    def tokens(self, pos: int, endpos: int) -> list[tuple[str, int, int]]:
        """``_TOKEN.finditer(text, pos, endpos)`` as (word, start, end). Tokens do not depend
        on where a scan starts unless it starts inside one: the sentence's tokens between
        the two positions, and a fresh scan only for the last one cut at ``endpos``."""
        first, last, cut = self.token_range(pos, endpos)
        if first < 0:  # pos inside a token: scan from there
            return cut
        whole = self.all_tokens()[first:last]
        return whole + cut if cut else whole

    def token_range(self, pos: int, endpos: int) -> tuple[int, int, list[tuple[str, int, int]]]:
        """What :meth:`tokens` gives, as the sentence's tokens ``first`` to ``last`` (indices
        into :meth:`all_tokens`) and the tokens scanned afresh after them (the one cut at
        ``endpos``); ``first`` is -1 when ``pos`` is inside a token (all scanned afresh)."""
        starts, ends, _ = self._tokens or self._scan_tokens()
        first = bisect_left(starts, pos)
        if first > 0 and ends[first - 1] > pos:
            scan = _TOKEN.finditer(self.text, pos, endpos)
            return -1, -1, [(m.group(), m.start(), m.end()) for m in scan]
        last = bisect_right(ends, endpos, lo=first)
        if last < len(starts) and starts[last] < endpos:  # a token cut by endpos, and after
            scan = _TOKEN.finditer(self.text, starts[last], endpos)
            return first, last, [(m.group(), m.start(), m.end()) for m in scan]
        return first, last, []

    def all_tokens(self) -> list[tuple[str, int, int]]:
        """Every token of the sentence, as (word, start, end)."""
        return (self._tokens or self._scan_tokens())[2]

    def _scan_tokens(self) -> tuple[list[int], list[int], list[tuple[str, int, int]]]:
        found = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.text)]
        self._tokens = ([f[1] for f in found], [f[2] for f in found], found)
        return self._tokens


_LAST: list[Reading] = []  # one item: the reading of the last sentence


def reading(text: str) -> Reading:
    """The reading of ``text``, kept for the last sentence (its figures ask many times).
    The kept reading is taken once and then checked, so a thread that replaces it between
    the two steps cannot hand another sentence's reading out."""
    last = _LAST[0] if _LAST else None
    if last is not None and last.text is text:
        return last
    read = Reading(text)
    _LAST[:] = [read]
    return read


_QUOTES = "'\"“”‘’"


def may_name_known_person(text: str, pos: int, lex: _Lexicon) -> bool:
    """False only when ``_noun_phrase(text, pos, True, lex)`` can give no person noun of the
    lexicon (a head neither open nor rejected), read cheaply from the tokens: such a head
    needs a token that may start a lexicon noun or an age ("old"), or "of them" first."""
    read = reading(text)
    first, last, cut = read.token_range(pos, min(len(text), pos + 100))
    if first < 0 or first == last:  # pos inside a token, or one token at most: plain test
        return _may_name_plain(cut, lex)
    word = read.all_tokens()[first][0]
    if word == "(" or word in _QUOTES or word.lower() == "of":
        return True  # the phrase may skip these or read "of them": read it in full
    flagged = _starters(read, lex)
    at = bisect_left(flagged, first)
    return (at < len(flagged) and flagged[at] < last) or _may_name_plain(cut, lex, False)


def _may_name_plain(tokens: list[tuple[str, int, int]], lex: _Lexicon, lead: bool = True) -> bool:
    """:func:`may_name_known_person` over ``tokens`` (``lead``: they start the phrase)."""
    if not tokens:
        return False  # nothing to read: a rejected phrase
    first = tokens[0][0]
    if lead and (first == "(" or first in _QUOTES or first.lower() == "of"):
        return True
    return any(_may_start(w, lex) for w, _start, _end in tokens)


def _may_start(word: str, lex: _Lexicon) -> bool:
    lower = word.lower()
    return lower in lex.side_firsts or "old" in lower


def _starters(read: Reading, lex: _Lexicon) -> list[int]:
    """The indices of the sentence's tokens that may start a person noun of the lexicon or
    an age, worked out once per sentence."""
    key = ("starters", id(lex.side_firsts))
    known = read.memo.get(key)
    if known is None or known[0] is not lex.side_firsts:  # type: ignore[index]
        firsts = lex.side_firsts
        flagged = [
            i
            for i, (word, _start, _end) in enumerate(read.all_tokens())
            if (lower := word.lower()) in firsts or "old" in lower  # as _may_start
        ]
        known = read.memo[key] = (lex.side_firsts, flagged)
    return known[1]  # type: ignore[index,no-any-return]
