"""The words of a text as place names are read from them: offsets, and which are capitalised.

Place names start at capitalised words ("Kabul", and "al-Raqqa" or "d'Agua" with their
articles). :func:`tokens` reads every word of an article once, as plain lists the name
scanner indexes into.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass

TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’\u00c0-\u024f]*(?:-[\w'’\u00c0-\u024f]+)*")
_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")
# "al-Raqqa", and the elided articles of Romance names ("Olho d'Agua das Flores").
ARTICLE_PREFIX = re.compile(r"^(?:(?:al|el|ad|ar|as|ash|az|at|an|ed|es|ez|ul)-|[dl]['’])[A-Z]")
# The hyphen or apostrophe of every article prefix, before a capital: rare in a text, so
# the words it stands in are the only ones an article can start.
_ARTICLE_MARK = re.compile(r"[-'’](?=[A-Z])")
_FIRST = operator.itemgetter(0)


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words of a text with their offsets, and which are capitalised, as plain lists."""

    starts: list[int]
    ends: list[int]
    words: list[str]
    caps: list[bool]


def capitalised(word: str) -> bool:
    """Whether a word can start a place name: capitalised, or an article before one."""
    return word[:1].isupper() or bool(ARTICLE_PREFIX.match(word))


def tokens(text: str, start: int, end: int) -> Tokens:
    """The words of ``text[start:end]``, as ``TOKEN.finditer`` finds them."""
    # Splitting on the token pattern alternates separators and tokens; their lengths, summed,
    # give every offset without a Python step per token (hundreds of tokens an article).
    pieces = _TOKEN_SPLIT.split(text[start:end])
    offsets = list(itertools.accumulate(map(len, pieces), initial=start))
    words = pieces[1::2]
    starts = offsets[1:-1:2]
    # capitalised(), in two passes without a Python step per word: the words whose first
    # letter is a capital, then those an article prefix starts, found where it is written.
    caps = list(map(str.isupper, map(_FIRST, words)))
    for m in _ARTICLE_MARK.finditer(text, start, end):
        n = bisect.bisect_right(starts, m.start()) - 1
        if n >= 0 and not caps[n] and ARTICLE_PREFIX.match(words[n]):
            caps[n] = True
    return Tokens(starts, offsets[2::2], words, caps)
