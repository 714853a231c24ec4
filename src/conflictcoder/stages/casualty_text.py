"""One sentence as the casualty stage reads it, read once: its lower case, its word tokens,
the matches several readers walk, and which patterns cannot match at all (none of the
strings each of their matches holds is there). Every shortcut here only skips work whose
result is already known; the outputs are the same as without it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from conflictcoder.resources.prefilter import _FOLDS, required_strings
from conflictcoder.stages.casualty_lexicon import _TOKEN


def folds_apart(text: str) -> bool:
    """True when ``text`` holds a letter that a case-insensitive pattern matches to another
    although ``str.lower()`` does not map it to it (the long s, the dotless i...), or whose
    lower case is longer: substring prefilters on the lower-cased text do not hold for it."""
    return not text.isascii() and not _FOLDS.isdisjoint(text)


# A pattern's required strings (one is in every match), by the pattern's id (hashing a
# pattern hashes its whole compiled code); the pattern is kept so that its id stays its own.
_NEEDS: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}


def _needs(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    known = _NEEDS.get(id(pattern))
    if known is None or known[0] is not pattern:
        found = required_strings(pattern)
        known = _NEEDS[id(pattern)] = (pattern, tuple(sorted(found)) if found else None)
    return known[1]


class Reading:
    """A sentence's text with what is read from it once, on first use."""

    __slots__ = ("_matches", "_present_needs", "_tokens", "exact", "lower", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        self.exact = not folds_apart(text)  # the lower case keeps every letter in place
        self._tokens: tuple[list[int], list[int], list[str]] | None = None
        self._present_needs: dict[int, tuple[str, ...] | None] = {}  # by pattern id
        self._matches: dict[int, list[re.Match[str]]] = {}

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False only when ``pattern`` (case-insensitive) cannot match anywhere in the text."""
        return self._present(pattern) != ()

    def finditer(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """``list(pattern.finditer(text))``, kept: several readers walk the same matches."""
        key = id(pattern)
        if key not in self._matches:
            found = list(pattern.finditer(self.text)) if self.may_match(pattern) else []
            self._matches[key] = found
        return self._matches[key]

    def _present(self, pattern: re.Pattern[str]) -> tuple[str, ...] | None:
        """The required strings of ``pattern`` the sentence holds (None: no prefilter)."""
        key = id(pattern)
        if key not in self._present_needs:
            needs = _needs(pattern) if self.exact else None
            self._present_needs[key] = (
                None if needs is None else tuple(filter(self.lower.__contains__, needs))
            )
        return self._present_needs[key]

    def tokens(self, pos: int, endpos: int) -> list[tuple[str, int, int]]:
        """``_TOKEN.finditer(text, pos, endpos)`` as (word, start, end). Tokens do not depend
        on where a scan starts unless it starts inside one: the sentence's tokens between
        the two positions, and a fresh scan only for the last one cut at ``endpos``."""
        if self._tokens is None:
            found = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.text)]
            self._tokens = ([f[0] for f in found], [f[1] for f in found], [f[2] for f in found])
        starts, ends, words = self._tokens
        first = bisect_left(starts, pos)
        if first > 0 and ends[first - 1] > pos:  # pos inside a token: scan from there
            scan = _TOKEN.finditer(self.text, pos, endpos)
            return [(m.group(), m.start(), m.end()) for m in scan]
        last = bisect_right(ends, endpos, lo=first)
        out = [(words[i], starts[i], ends[i]) for i in range(first, last)]
        if last < len(starts) and starts[last] < endpos:  # a token cut by endpos, and after
            scan = _TOKEN.finditer(self.text, starts[last], endpos)
            out += [(m.group(), m.start(), m.end()) for m in scan]
        return out


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
