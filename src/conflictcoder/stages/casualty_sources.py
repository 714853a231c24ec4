"""Who gives a casualty figure and how sure it is: the source named in its sentence
("police said", "according to hospital officials") and whether a party's claim marks it
("claimed to have killed", "gave no evidence")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain

from conflictcoder.stages.casualty_lexicon import _Lexicon
from conflictcoder.stages.casualty_text import reading

_CLAUSE_BREAK = re.compile(
    r";|\b(?:while|whereas|however|meanwhile|although|though)\b", re.IGNORECASE
)


def _claim_markers(sentence: str, lex: _Lexicon) -> list[int]:
    """Where a party's claim is marked in the sentence ("claimed", "gave no evidence")."""
    positions = []
    read = reading(sentence)
    for pattern in read.live(lex.claims):  # (not those none of whose words is there)
        for match in pattern.finditer(sentence):
            if "claim" in match.group(0).lower() and re.search(
                r"^\W*(?:[\w,]+\s+){0,2}lives\b", sentence[match.end() : match.end() + 30]
            ):
                continue  # "claimed 12 lives" reports deaths, it is no claim
            positions.append(match.start())
    return positions


def _is_claimed(markers: list[int], start: int, sentence: str) -> bool:
    """A figure is claimed when a claim marker sits in its clause of the sentence."""
    for marker in markers:
        a, b = sorted((marker, start))
        if not _CLAUSE_BREAK.search(sentence, a, b):
            return True
    return False


_ACCORDING_TO = re.compile(r"according\s+to\s+(?:the\s+|a\s+)?([^,.;]{1,60})")
_SAID_VERBS = ("said", "says", "told", "confirmed", "reported", "stated", "added")
_SAID = re.compile(rf"([\w\s'-]{{1,40}}?)\s+(?:{'|'.join(_SAID_VERBS)})\b")
# The spaces and the verb that end each match of _SAID: its group starts at most 40
# characters before the spaces, so nothing before that can start a match.
_SAID_END = re.compile(rf"\s+(?:{'|'.join(_SAID_VERBS)})\b")


def _said(lower: str) -> Iterator[re.Match[str]]:
    """``_SAID.finditer(lower)``, each search started 41 characters before the spaces of
    the next verb rather than scanned up to them character by character."""
    # where the spaces before each verb start, and where the verb starts
    ends = [(m.start(), m.end() - len(m.group().lstrip())) for m in _SAID_END.finditer(lower)]
    pos, at = 0, 0
    while True:
        while at < len(ends) and ends[at][1] <= pos + 1:
            at += 1  # a match from pos on has its spaces after pos: this verb is too early
        if at == len(ends):
            return
        match = _SAID.search(lower, max(pos, ends[at][0] - 41))
        if match is None:
            return
        yield match
        pos = match.end()


@lru_cache(maxsize=4)
def _source_names(names: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(rf"\b{re.escape(name)}\b")) for name in names)


def _source(sentence: str, lex: _Lexicon, lower: str | None = None) -> str:
    lower = sentence.lower() if lower is None else lower
    names = [(n, p) for n, p in _source_names(lex.official + lex.other_sources) if n in lower]
    if not names:
        return ""  # no source named anywhere: none in any attribution either
    # Both patterns run on the lower-cased text and need their literal words: skipped
    # without them. The chunks are read lazily: the first that names a source decides.
    attribution = _ACCORDING_TO.search(lower) if "according" in lower else None
    said = _said(lower) if any(map(lower.__contains__, _SAID_VERBS)) else ()
    spans = chain([attribution.group(1)] if attribution else [], (m.group(1) for m in said))
    for chunk in spans:
        for name, pattern in names:
            if pattern.search(chunk):
                return name
    return ""

