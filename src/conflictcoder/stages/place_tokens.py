"""The words of a text as place names are read from them: offsets, and which are capitalised.

Place names start at capitalised words ("Kabul", and "al-Raqqa" or "d'Agua" with their
articles). :func:`tokens` reads every word of an article once, as plain lists the name
scanner indexes into.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’\u00c0-\u024f]*(?:-[\w'’\u00c0-\u024f]+)*")
_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")
# "al-Raqqa", and the elided articles of Romance names ("Olho d'Agua das Flores").
ARTICLE_PREFIX = re.compile(r"^(?:(?:al|el|ad|ar|as|ash|az|at|an|ed|es|ez|ul)-|[dl]['’])[A-Z]")


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
    # capitalised(), inlined: an article prefix starts with "a", "e", "u", "d" or "l" and
    # has a hyphen or an apostrophe in its first four letters.
    caps = [
        w[:1].isupper()
        or (
            w[:1] in "adelu"
            and ("-" in w[:4] or "'" in w[:3] or "’" in w[:3])
            and bool(ARTICLE_PREFIX.match(w))
        )
        for w in words
    ]
    return Tokens(offsets[1:-1:2], offsets[2::2], words, caps)
